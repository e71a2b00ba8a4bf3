import { fr } from '@codegouvfr/react-dsfr';

/** What the shared form field groups (ChampsMenage, ChampsLogementBail) need from the page holding the values. */
export interface PropsChamps<C extends string> {
  /** The current values, by field. */
  valeurs: Readonly<Record<C, string>>;
  /** The change handler of a field. */
  maj: (champ: C) => (e: { target: { value: string } }) => void;
  /** The error state of a field (DSFR `state` and `stateRelatedMessage`), empty when valid. */
  etat: (champ: C) => { state?: 'error'; stateRelatedMessage?: string };
}

/** A DSFR grid column: full width on mobile, a third, half or full width from the medium breakpoint. */
export const colonne = (n: 3 | 4 | 6 | 12): string =>
  fr.cx('fr-col-12', n === 3 ? 'fr-col-md-3' : n === 4 ? 'fr-col-md-4' : n === 6 ? 'fr-col-md-6' : null);

/** A number typed in French ("1 815,50"); NaN when empty, so that the schema says the field is required. */
export const nombre = (v: string): number =>
  v.trim() === '' ? Number.NaN : Number(v.replace(',', '.').replace(/\s/g, ''));

type ChampMenageLogementBail =
  | 'telephone'
  | 'email'
  | 'allocataireOrganisme'
  | 'allocataireNumero'
  | 'ligne'
  | 'codePostal'
  | 'codeInsee'
  | 'social'
  | 'dateSignature'
  | 'dateDernierRenouvellement'
  | 'loyer'
  | 'charges';

export interface PersonneSaisie {
  nom: string;
  prenoms: string;
  dateNaissance: string | null;
  role: 'titulaire' | 'cotitulaire';
}

/** The household (with these people), dwelling and lease of a new dossier, as `schemaNouveauDossier` reads them. */
export function menageLogementBail(
  c: Readonly<Record<ChampMenageLogementBail, string>>,
  personnes: PersonneSaisie[],
) {
  return {
    menage: {
      personnes,
      telephone: c.telephone || null,
      email: c.email || null,
      allocataire: c.allocataireOrganisme
        ? { organisme: c.allocataireOrganisme as 'caf' | 'msa', numero: c.allocataireNumero }
        : null,
    },
    logement: {
      adresse: { ligne: c.ligne, codePostal: c.codePostal, codeInsee: c.codeInsee },
      social: c.social === 'oui',
    },
    bail: {
      dateSignature: c.dateSignature,
      dateDernierRenouvellement: c.dateDernierRenouvellement || null,
      loyerMensuelHC: nombre(c.loyer),
      chargesMensuelles: nombre(c.charges),
    },
  };
}
