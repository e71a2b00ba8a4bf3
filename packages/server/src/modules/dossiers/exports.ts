import { PassThrough, Readable } from 'node:stream';
import { voitClasse } from '@exploc/domain/acces/classes-champs';
import { LIBELLES_ALERTE, LIBELLES_ECHEANCE, LIBELLES_PHASE } from '@exploc/domain/procedure/libelles';
import type { FiltresDossiers } from '@exploc/domain/schemas/dossier';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Appelant } from '../../plugins/contexte.js';
import { parcourirDossiers } from './repository.js';

type Lot = ReturnType<typeof parcourirDossiers> extends AsyncGenerator<infer L> ? L : never;
type Ligne = Lot[number];

const libelle = <T extends string>(table: Readonly<Record<T, string>>, code: string | null) =>
  code === null ? '' : ((table as Record<string, string>)[code] ?? code);

function colonnes(appelant: Appelant) {
  const identite = voitClasse(appelant.profil, 'identite');
  const financier = voitClasse(appelant.profil, 'financier');
  const liste: { titre: string; valeur: (d: Ligne) => string | number | null }[] = [
    { titre: 'Numéro', valeur: (d) => d.numero },
    { titre: 'Phase', valeur: (d) => libelle(LIBELLES_PHASE, d.phase) },
    { titre: 'Prochaine échéance', valeur: (d) => libelle(LIBELLES_ECHEANCE, d.prochaine_echeance_code) },
    { titre: 'Date de l’échéance', valeur: (d) => d.prochaine_echeance_date },
    { titre: 'Alertes', valeur: (d) => d.alertes.map((a) => libelle(LIBELLES_ALERTE, a)).join(' | ') },
  ];
  if (identite) {
    liste.push(
      { titre: 'Ménage', valeur: (d) => d.nom_principal },
      { titre: 'Adresse', valeur: (d) => d.adresse_ligne },
      { titre: 'Code postal', valeur: (d) => d.code_postal },
    );
  }
  liste.push(
    { titre: 'Commune', valeur: (d) => d.commune_nom },
    { titre: 'Code INSEE', valeur: (d) => d.commune_insee },
    { titre: 'Bailleur', valeur: (d) => d.bailleur_nom },
  );
  if (financier)
    liste.push({ titre: 'Dette (€)', valeur: (d) => (d.dette_cents === null ? null : d.dette_cents / 100) });
  liste.push({ titre: 'Mis à jour le', valeur: (d) => d.mis_a_jour_le.toISOString() });
  return liste;
}

function champCsv(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v).replace('.', ',');
  // Formula injection: a cell starting with = + - @ is neutralised (OWASP CSV injection).
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[";\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** CSV for French spreadsheet software: `;` separator, UTF-8 BOM, CRLF; streamed batch by batch. */
export function exportCsv(db: Kysely<DB>, appelant: Appelant, f: FiltresDossiers): Readable {
  const cols = colonnes(appelant);
  async function* lignes() {
    yield `\uFEFF${cols.map((c) => champCsv(c.titre)).join(';')}\r\n`;
    for await (const lot of parcourirDossiers(db, appelant.scope, f, {
      utilisateurId: appelant.utilisateurId,
    })) {
      yield lot.map((d) => `${cols.map((c) => champCsv(c.valeur(d))).join(';')}\r\n`).join('');
    }
  }
  return Readable.from(lignes());
}

export function exportXlsx(db: Kysely<DB>, appelant: Appelant, f: FiltresDossiers): Readable {
  const cols = colonnes(appelant);
  const sortie = new PassThrough();
  const classeur = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sortie, useStyles: true });
  const feuille = classeur.addWorksheet('Dossiers');
  feuille.columns = cols.map((c) => ({ header: c.titre, width: Math.max(12, c.titre.length + 4) }));
  feuille.getRow(1).font = { bold: true };
  void (async () => {
    try {
      for await (const lot of parcourirDossiers(db, appelant.scope, f, {
        utilisateurId: appelant.utilisateurId,
      })) {
        for (const d of lot) feuille.addRow(cols.map((c) => c.valeur(d))).commit();
      }
      feuille.commit();
      await classeur.commit();
    } catch (e) {
      sortie.destroy(e as Error);
    }
  })();
  return sortie;
}
