import type { TypeEvenement } from '@exploc/domain/procedure/scenario';

/** The fields of each event type (contracts/procedure-evaluate.md), as the forms present them. */
export interface ChampEvenement {
  nom: string;
  libelle: string;
  aide?: string;
  genre: 'montant' | 'entier' | 'date' | 'choix' | 'case';
  options?: { valeur: string; libelle: string }[];
  requis: boolean;
  /** Shown only when another field has one of these values. */
  siChamp?: { nom: string; valeurs: string[] };
}

export const CHAMPS_PAR_TYPE: Partial<Record<TypeEvenement, ChampEvenement[]>> = {
  impaye_constitue: [
    { nom: 'montantDette', libelle: 'Montant de la dette (€)', genre: 'montant', requis: true },
  ],
  plan_apurement: [{ nom: 'dureeMois', libelle: 'Durée du plan (mois)', genre: 'entier', requis: true }],
  saisine_ccapex: [
    {
      nom: 'origine',
      libelle: 'Origine de la saisine',
      genre: 'choix',
      requis: true,
      options: [
        { valeur: 'bailleur', libelle: 'Bailleur' },
        { valeur: 'commissaire_justice', libelle: 'Commissaire de justice' },
        { valeur: 'caf', libelle: 'CAF ou MSA' },
        { valeur: 'menage', libelle: 'Ménage' },
        { valeur: 'travailleur_social', libelle: 'Travailleur social' },
        { valeur: 'autre', libelle: 'Autre' },
      ],
    },
  ],
  commandement_de_payer: [
    { nom: 'montantDette', libelle: 'Montant de la dette (€)', genre: 'montant', requis: true },
    { nom: 'moisImpayes', libelle: 'Nombre de mois impayés', genre: 'entier', requis: false },
  ],
  assignation: [{ nom: 'dateAudience', libelle: 'Date de l’audience', genre: 'date', requis: true }],
  renvoi_audience: [
    { nom: 'dateAudience', libelle: 'Nouvelle date d’audience', genre: 'date', requis: true },
  ],
  decision_justice: [
    {
      nom: 'sens',
      libelle: 'Sens de la décision',
      genre: 'choix',
      requis: true,
      options: [
        { valeur: 'resiliation_expulsion', libelle: 'Résiliation du bail et expulsion' },
        { valeur: 'delais_paiement', libelle: 'Délais de paiement (clause suspendue)' },
        { valeur: 'rejet', libelle: 'Rejet de la demande' },
      ],
    },
    {
      nom: 'delaisPaiementMois',
      libelle: 'Durée des délais de paiement (mois, 1 à 36)',
      genre: 'entier',
      requis: true,
      siChamp: { nom: 'sens', valeurs: ['delais_paiement'] },
    },
    {
      nom: 'delaiQuitterLieux',
      libelle: 'Délai pour quitter les lieux',
      genre: 'choix',
      requis: false,
      options: [
        { valeur: 'legal', libelle: 'Délai légal de 2 mois' },
        { valeur: 'reduit', libelle: 'Délai réduit' },
        { valeur: 'supprime', libelle: 'Délai supprimé' },
      ],
      siChamp: { nom: 'sens', valeurs: ['resiliation_expulsion', 'delais_paiement'] },
    },
    {
      nom: 'delaiQuitterLieuxJours',
      libelle: 'Délai réduit (jours)',
      genre: 'entier',
      requis: true,
      siChamp: { nom: 'delaiQuitterLieux', valeurs: ['reduit'] },
    },
    {
      nom: 'voieDeFait',
      libelle: 'Entrée dans les lieux par voie de fait',
      genre: 'case',
      requis: false,
      siChamp: { nom: 'sens', valeurs: ['resiliation_expulsion', 'delais_paiement'] },
    },
  ],
  delais_jex: [{ nom: 'dateFin', libelle: 'Fin des délais accordés', genre: 'date', requis: true }],
  suspension_surendettement: [
    { nom: 'dateFin', libelle: 'Fin de la suspension', genre: 'date', requis: true },
  ],
  protocole_cohesion_sociale: [{ nom: 'dateFin', libelle: 'Fin du protocole', genre: 'date', requis: true }],
  decision_cfp: [
    {
      nom: 'sens',
      libelle: 'Décision',
      genre: 'choix',
      requis: true,
      options: [
        { valeur: 'octroi', libelle: 'Octroi du concours' },
        { valeur: 'refus', libelle: 'Refus du concours' },
        { valeur: 'sursis', libelle: 'Sursis à statuer (n’est pas une décision)' },
      ],
    },
  ],
  demande_indemnisation: [
    { nom: 'montantDemande', libelle: 'Montant demandé (€)', genre: 'montant', requis: false },
  ],
  transaction_indemnisation: [
    { nom: 'montant', libelle: 'Montant de la transaction (€)', genre: 'montant', requis: true },
  ],
};

export function champsVisibles(
  type: TypeEvenement,
  valeurs: Record<string, string | boolean>,
): ChampEvenement[] {
  return (CHAMPS_PAR_TYPE[type] ?? []).filter(
    (c) => !c.siChamp || c.siChamp.valeurs.includes(String(valeurs[c.siChamp.nom] ?? '')),
  );
}

/** Converts form values into the event's JSON fields (numbers, booleans), dropping hidden or empty ones. */
export function versChampsJson(
  type: TypeEvenement,
  valeurs: Record<string, string | boolean>,
): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const c of champsVisibles(type, valeurs)) {
    const v = valeurs[c.nom];
    if (v === undefined || v === '') continue;
    if (c.genre === 'montant') json[c.nom] = Number(String(v).replace(',', '.').replace(/\s/g, ''));
    else if (c.genre === 'entier') json[c.nom] = Number(v);
    else if (c.genre === 'case') json[c.nom] = v === true;
    else json[c.nom] = v;
  }
  return json;
}
