/**
 * Writes docs/pilotage/indicateurs.md from the domain catalogue (a server test fails when they differ).
 * Run: npx tsx --conditions=source scripts/documenter-indicateurs.ts
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { documenterIndicateurs } from '@exploc/domain/indicateurs/documentation';

const fichier = fileURLToPath(new URL('../docs/pilotage/indicateurs.md', import.meta.url));
await writeFile(fichier, documenterIndicateurs());
process.stdout.write(`${fichier} écrit\n`);
