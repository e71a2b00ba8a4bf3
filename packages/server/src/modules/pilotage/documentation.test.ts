import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { documenterIndicateurs } from '@exploc/domain/indicateurs/documentation';
import { describe, expect, it } from 'vitest';
import { CODES_OPEN_DATA, COLONNES_TERRITOIRE } from './open-data.js';

const docs = (nom: string) =>
  readFile(fileURLToPath(new URL(`../../../../../docs/pilotage/${nom}`, import.meta.url)), 'utf8');

describe('documentation du pilotage', () => {
  it('docs/pilotage/indicateurs.md est celle que génère le catalogue (scripts/documenter-indicateurs.ts)', async () => {
    expect(await docs('indicateurs.md')).toBe(documenterIndicateurs());
  });

  it('docs/pilotage/open-data.md décrit chaque colonne du fichier', async () => {
    const texte = await docs('open-data.md');
    for (const colonne of [...COLONNES_TERRITOIRE, ...CODES_OPEN_DATA])
      expect(texte).toContain(`\`${colonne}\``);
  });
});
