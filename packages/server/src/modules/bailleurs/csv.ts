/**
 * The CSV of bulk saisines: the template's columns (French names, `;`, UTF-8 with BOM, decimal comma accepted),
 * a small RFC 4180 reader (quotes, doubled quotes, CRLF/LF), the mapping of one line to a saisine and of the
 * schema's error paths back to column names.
 */
import { type ContenuSaisine, DEMARCHES_SAISINE, schemaContenuSaisine } from '@exploc/domain/schemas/ccapex';
import type { z } from 'zod';
import { versCsv } from '../pilotage/exports.js';

export const MAX_LIGNES_IMPORT = 5000;
/** 5 000 lines of a few hundred bytes each, with room to spare. */
export const TAILLE_MAX_IMPORT = 5 * 1024 * 1024;

/** The template's columns, in order, with what each means (shown in the documentation and the web page). */
export const COLONNES_IMPORT = [
  ['nom_titulaire', 'Nom du titulaire du bail (obligatoire)'],
  ['prenoms_titulaire', 'Prénom(s) du titulaire (obligatoire)'],
  ['date_naissance_titulaire', 'Date de naissance du titulaire (AAAA-MM-JJ ou JJ/MM/AAAA)'],
  ['nom_cotitulaire', 'Nom du cotitulaire éventuel'],
  ['prenoms_cotitulaire', 'Prénom(s) du cotitulaire éventuel'],
  ['telephone', 'Téléphone du ménage'],
  ['email', 'Adresse électronique du ménage'],
  ['allocataire_organisme', '« caf » ou « msa » si le ménage est allocataire'],
  ['allocataire_numero', 'Numéro d’allocataire'],
  ['adresse', 'Adresse du logement : numéro et voie (obligatoire)'],
  ['code_postal', 'Code postal (obligatoire)'],
  ['code_insee', 'Code INSEE de la commune (obligatoire)'],
  ['logement_social', '« oui » ou « non » (obligatoire)'],
  ['date_signature_bail', 'Date de signature du bail (obligatoire)'],
  ['date_dernier_renouvellement', 'Date du dernier renouvellement du bail'],
  ['loyer_mensuel_hc', 'Loyer mensuel hors charges en euros (obligatoire)'],
  ['charges_mensuelles', 'Charges mensuelles en euros (obligatoire)'],
  ['bailleur_nom', 'Raison sociale du bailleur (obligatoire)'],
  ['bailleur_siret', 'SIRET du bailleur, 14 chiffres (obligatoire)'],
  ['dette_montant', 'Montant de la dette locative en euros (obligatoire)'],
  ['date_arrete_dette', 'Date d’arrêté du décompte de la dette (obligatoire)'],
  ['mois_impayes', 'Nombre de mois d’impayés'],
  ['demarches', `Démarches déjà engagées, séparées par des virgules : ${DEMARCHES_SAISINE.join(', ')}`],
  ['message', 'Message à la commission'],
] as const;
export type ColonneImport = (typeof COLONNES_IMPORT)[number][0];
export const ENTETES_IMPORT: readonly ColonneImport[] = COLONNES_IMPORT.map(([c]) => c);

/** The template: the header and one example line, which imports as is for the given landlord. */
export function modeleCsv(bailleur: { nom: string; siret: string | null }): string {
  const exemple: Record<ColonneImport, string> = {
    nom_titulaire: 'Martin',
    prenoms_titulaire: 'Julie',
    date_naissance_titulaire: '1985-04-12',
    nom_cotitulaire: '',
    prenoms_cotitulaire: '',
    telephone: '06 12 34 56 78',
    email: 'julie.martin@exemple.fr',
    allocataire_organisme: 'caf',
    allocataire_numero: '1234567',
    adresse: '12 rue des Lilas',
    code_postal: '75018',
    code_insee: '75118',
    logement_social: 'oui',
    date_signature_bail: '2024-02-15',
    date_dernier_renouvellement: '',
    loyer_mensuel_hc: '650,00',
    charges_mensuelles: '80,00',
    bailleur_nom: bailleur.nom,
    bailleur_siret: bailleur.siret ?? '00000000000000',
    dette_montant: '2340,50',
    date_arrete_dette: '2026-11-01',
    mois_impayes: '4',
    demarches: 'relance_amiable,caf_informee',
    message: 'Relances restées sans réponse.',
  };
  return versCsv([ENTETES_IMPORT, ENTETES_IMPORT.map((c) => exemple[c])]);
}

/** Reads a `;`-separated CSV (optional BOM); returns the rows as arrays of cells, empty lines skipped. */
export function lireCsv(texte: string): string[][] {
  const t = texte.startsWith('\uFEFF') ? texte.slice(1) : texte;
  const lignes: string[][] = [];
  let ligne: string[] = [];
  let cellule = '';
  let guillemets = false;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (guillemets) {
      if (c === '"' && t[i + 1] === '"') {
        cellule += '"';
        i++;
      } else if (c === '"') guillemets = false;
      else cellule += c;
    } else if (c === '"' && cellule === '') guillemets = true;
    else if (c === ';') {
      ligne.push(cellule);
      cellule = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && t[i + 1] === '\n') i++;
      ligne.push(cellule);
      if (ligne.some((x) => x.trim() !== '')) lignes.push(ligne);
      ligne = [];
      cellule = '';
    } else cellule += c;
  }
  ligne.push(cellule);
  if (ligne.some((x) => x.trim() !== '')) lignes.push(ligne);
  return lignes;
}

/** The header must hold every column of the template (any order; unknown columns are refused). */
export function verifierEntete(entete: readonly string[]): { manquantes: string[]; inconnues: string[] } {
  const normalise = entete.map((e) => e.trim().toLowerCase());
  return {
    manquantes: ENTETES_IMPORT.filter((c) => !normalise.includes(c)),
    inconnues: normalise.filter((c) => c !== '' && !(ENTETES_IMPORT as readonly string[]).includes(c)),
  };
}

export type Cellules = Partial<Record<ColonneImport, string>>;

export function cellulesDe(entete: readonly string[], valeurs: readonly string[]): Cellules {
  const r: Cellules = {};
  entete.forEach((e, i) => {
    const c = e.trim().toLowerCase() as ColonneImport;
    if ((ENTETES_IMPORT as readonly string[]).includes(c)) r[c] = (valeurs[i] ?? '').trim();
  });
  return r;
}

export interface ErreurLigne {
  colonne: string;
  message: string;
}

const vide = (v: string | undefined) => v === undefined || v === '';

/** `JJ/MM/AAAA` → `AAAA-MM-JJ`; anything else is passed on for the schema to judge. */
function date(v: string | undefined): string | null | undefined {
  if (vide(v)) return undefined;
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(v as string);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : v;
}

/** `1 234,50` → 1234.5; a non-number is kept as text so that the schema reports it on its column. */
function nombre(v: string | undefined): number | string | undefined {
  if (vide(v)) return undefined;
  const n = Number((v as string).replace(/[\s\u00a0\u202f]/g, '').replace(',', '.'));
  return Number.isFinite(n) ? n : (v as string);
}

function booleen(v: string | undefined): boolean | string | undefined {
  if (vide(v)) return undefined;
  const x = (v as string).toLowerCase();
  if (['oui', 'o', 'vrai', '1', 'true'].includes(x)) return true;
  if (['non', 'n', 'faux', '0', 'false'].includes(x)) return false;
  return v;
}

/** The JSON body the line stands for (before validation). */
export function corpsDeLigne(c: Cellules): unknown {
  const personnes: Record<string, unknown>[] = [
    {
      nom: c.nom_titulaire ?? '',
      prenoms: c.prenoms_titulaire ?? '',
      dateNaissance: date(c.date_naissance_titulaire) ?? null,
      role: 'titulaire',
    },
  ];
  if (!vide(c.nom_cotitulaire) || !vide(c.prenoms_cotitulaire)) {
    personnes.push({
      nom: c.nom_cotitulaire ?? '',
      prenoms: c.prenoms_cotitulaire ?? '',
      role: 'cotitulaire',
    });
  }
  const allocataire =
    vide(c.allocataire_organisme) && vide(c.allocataire_numero)
      ? null
      : { organisme: c.allocataire_organisme?.toLowerCase() ?? '', numero: c.allocataire_numero ?? '' };
  return {
    dossier: {
      menage: {
        personnes,
        telephone: vide(c.telephone) ? null : c.telephone,
        email: vide(c.email) ? null : c.email,
        allocataire,
      },
      logement: {
        adresse: { ligne: c.adresse ?? '', codePostal: c.code_postal ?? '', codeInsee: c.code_insee ?? '' },
        social: booleen(c.logement_social),
      },
      bail: {
        dateSignature: date(c.date_signature_bail),
        dateDernierRenouvellement: date(c.date_dernier_renouvellement) ?? null,
        loyerMensuelHC: nombre(c.loyer_mensuel_hc),
        chargesMensuelles: nombre(c.charges_mensuelles),
      },
      bailleur: { type: 'personne_morale', nom: c.bailleur_nom ?? '', siret: c.bailleur_siret ?? '' },
    },
    detteMontant: nombre(c.dette_montant),
    dateArreteDette: date(c.date_arrete_dette),
    moisImpayes: nombre(c.mois_impayes),
    demarches: vide(c.demarches)
      ? []
      : (c.demarches as string)
          .split(',')
          .map((d) => d.trim())
          .filter((d) => d !== ''),
    message: vide(c.message) ? undefined : c.message,
  };
}

const COLONNE_DU_CHEMIN: [RegExp, ColonneImport][] = [
  [/^dossier\.menage\.personnes\.0\.nom$/, 'nom_titulaire'],
  [/^dossier\.menage\.personnes\.0\.prenoms$/, 'prenoms_titulaire'],
  [/^dossier\.menage\.personnes\.0\.dateNaissance$/, 'date_naissance_titulaire'],
  [/^dossier\.menage\.personnes\.1\.nom$/, 'nom_cotitulaire'],
  [/^dossier\.menage\.personnes\.1\.prenoms$/, 'prenoms_cotitulaire'],
  [/^dossier\.menage\.personnes/, 'nom_titulaire'],
  [/^dossier\.menage\.telephone$/, 'telephone'],
  [/^dossier\.menage\.email$/, 'email'],
  [/^dossier\.menage\.allocataire\.organisme$/, 'allocataire_organisme'],
  [/^dossier\.menage\.allocataire/, 'allocataire_numero'],
  [/^dossier\.logement\.adresse\.ligne$/, 'adresse'],
  [/^dossier\.logement\.adresse\.codePostal$/, 'code_postal'],
  [/^dossier\.logement\.adresse\.codeInsee$/, 'code_insee'],
  [/^dossier\.logement\.social$/, 'logement_social'],
  [/^dossier\.bail\.dateSignature$/, 'date_signature_bail'],
  [/^dossier\.bail\.dateDernierRenouvellement$/, 'date_dernier_renouvellement'],
  [/^dossier\.bail\.loyerMensuelHC$/, 'loyer_mensuel_hc'],
  [/^dossier\.bail\.chargesMensuelles$/, 'charges_mensuelles'],
  [/^dossier\.bailleur\.nom$/, 'bailleur_nom'],
  [/^dossier\.bailleur/, 'bailleur_siret'],
  [/^detteMontant$/, 'dette_montant'],
  [/^dateArreteDette$/, 'date_arrete_dette'],
  [/^moisImpayes$/, 'mois_impayes'],
  [/^demarches/, 'demarches'],
  [/^message$/, 'message'],
];

/** The column a schema path (`dossier.bail.loyerMensuelHC`) comes from. */
export function colonneDuChemin(chemin: string): string {
  return COLONNE_DU_CHEMIN.find(([re]) => re.test(chemin))?.[1] ?? chemin;
}

export function erreursDeZod(e: z.ZodError): ErreurLigne[] {
  return e.issues.map((i) => ({ colonne: colonneDuChemin(i.path.join('.')), message: i.message }));
}

export function lireLigne(
  c: Cellules,
): { ok: true; contenu: ContenuSaisine } | { ok: false; erreurs: ErreurLigne[] } {
  const r = schemaContenuSaisine.safeParse(corpsDeLigne(c));
  return r.success ? { ok: true, contenu: r.data } : { ok: false, erreurs: erreursDeZod(r.error) };
}
