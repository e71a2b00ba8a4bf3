/**
 * One synthetic dossier, as the rows of the tables it fills. Pure: every value comes from streams seeded
 * with (seed, dossier index, purpose), so a dossier does not depend on the batch it is generated in, and
 * ids are derived from the run's prefix and the index (time-ordered inserts, reproducible runs).
 */
import { dateIso } from '@exploc/domain/calendrier/dates';
import { evaluerProcedure } from '@exploc/domain/procedure/evaluer';
import type { TypeBailleur } from '@exploc/domain/procedure/scenario';
import { TRANSITIONS, validerChronologie } from '@exploc/domain/procedure/transitions';
import { lireScenario } from '@exploc/domain/procedure/valider-scenario';
import { cleRapprochement, normaliserRecherche, texteDeRecherche } from '../../modules/dossiers/recherche.js';
import { projectionDe, scenarioDuDossier } from '../../modules/dossiers/scenario.js';
import { Alea, cumuler } from './alea.js';
import { type ChronologieSynthetique, genererChronologie, type ProfilDossier } from './chronologie.js';
import {
  NOMS,
  NOMS_OUTRE_MER,
  NOMS_RESIDENCE,
  NOMS_SCI,
  NOMS_VOIE,
  PRENOMS_ENFANTS_FEMININS,
  PRENOMS_ENFANTS_MASCULINS,
  PRENOMS_FEMININS,
  PRENOMS_MASCULINS,
  TYPES_VOIE,
} from './noms.js';
import type { BailleurPartage, CommuneTiree, ReferentielSynthetique } from './referentiel.js';

/** Share of dossiers whose home is social housing (domain.md §4). */
export const PART_LOGEMENT_SOCIAL = 0.45;
/** Private landlords: mostly individuals, some family SCIs, a few companies. */
export const TYPES_BAILLEUR_PRIVE = {
  personne_physique: 0.75,
  sci_familiale: 0.18,
  personne_morale: 0.07,
} as const;
/** Share of the social dossiers of its départements given to the demo landlord. */
export const PART_BAILLEUR_DEMO = 0.15;
/** Household shapes (ANIL): single people, single parents, couples with and without children, others. */
export const COMPOSITIONS = {
  seul: 0.45,
  monoparentale: 0.2,
  couple_enfants: 0.2,
  couple: 0.12,
  autre: 0.03,
} as const;

/** Columns written for each table, in order (COPY and multi-row inserts use the same rows). */
export const COLONNES = {
  bailleur: ['id', 'type', 'nom', 'siret', 'social', 'organisation_id', 'cree_le'],
  dossier: [
    'id',
    'numero',
    'departement_code',
    'arrondissement_code',
    'commune_insee',
    'commission_id',
    'bailleur_id',
    'prioritaire_dalo',
    'relogement_assure',
    'nom_principal',
    'telephone',
    'email',
    'allocataire_organisme',
    'allocataire_numero',
    'adresse_ligne',
    'code_postal',
    'logement_social',
    'bail_date_signature',
    'bail_date_dernier_renouvellement',
    'loyer_hc_cents',
    'charges_cents',
    'phase',
    'cloture',
    'prochaine_echeance_code',
    'prochaine_echeance_date',
    'alertes',
    'dette_cents',
    'projection_du',
    'texte_recherche',
    'noms_recherche',
    'version',
    'cree_le',
    'mis_a_jour_le',
    'cle_rapprochement',
  ],
  personne: ['id', 'dossier_id', 'rang', 'role', 'nom', 'prenoms', 'date_naissance'],
  evenement: [
    'id',
    'dossier_id',
    'type',
    'date_evenement',
    'donnees',
    'source',
    'organisation_id',
    'statut',
    'cree_le',
  ],
  dossier_organisation: ['dossier_id', 'organisation_id', 'role', 'depuis'],
} as const;

export type Table = keyof typeof COLONNES;
export type Valeur = string | number | boolean | null | readonly string[];
export type Ligne = Valeur[];
export type Lignes = Record<Table, Ligne[]>;

export function lignesVides(): Lignes {
  return { bailleur: [], dossier: [], personne: [], evenement: [], dossier_organisation: [] };
}

const TABLE_ID: Record<'dossier' | 'personne' | 'evenement' | 'bailleur', string> = {
  dossier: '1',
  personne: '2',
  evenement: '3',
  bailleur: '4',
};

/**
 * Version-8 UUIDs `prefix-…-counter`: deterministic for a run, and increasing within a table so the
 * primary-key index is filled at its right edge instead of at random pages.
 */
export function identifiant(prefixe: string, table: keyof typeof TABLE_ID, compteur: number): string {
  return `${prefixe.slice(0, 8)}-${prefixe.slice(8, 12)}-80${TABLE_ID[table]}0-a000-${compteur.toString(16).padStart(12, '0')}`;
}

export interface ContexteGeneration {
  graine: number;
  referentiel: ReferentielSynthetique;
  /** Observation date of each département (its own "today" unless fixed): ISO and day number. */
  asOf: Map<string, { iso: string; jour: number }>;
  /** 12 hexadecimal digits shared by the ids of the run. */
  prefixe: string;
  /** Run the contract checks (lireScenario, validerChronologie) on every timeline. */
  verifier: boolean;
}

/** What the numbering pass needs and the full pass reuses: where, who lets, and the timeline. */
export interface Socle {
  commune: CommuneTiree;
  profil: ProfilDossier;
  prioritaireDalo: boolean;
  allocataire: 'caf' | 'msa' | null;
  chronologie: ChronologieSynthetique;
  /** Day the dossier was opened in Exploc (the year of its number). */
  creation: number;
}

/** Flat enough that « Martin » is about 0.5 % of people, as in France, and the least frequent 0.08 %. */
const cumulNoms = cumuler(NOMS.map((_, rang) => 1 / Math.sqrt(rang + 20)));

function euros(a: Alea, mediane: number, sigma: number, minimum: number): number {
  return Math.max(minimum, Math.round(a.logNormal(mediane, sigma) * 100) / 100);
}

export function tirerSocle(ctx: ContexteGeneration, index: number): Socle {
  const ref = ctx.referentiel;
  const territoire = new Alea(ctx.graine, index, 'territoire');
  const commune = ref.communes[territoire.selon(ref.cumulCommunes)] as CommuneTiree;
  const departement = commune.departement;
  const region = ref.regionDe.get(departement) ?? '';
  const asOf = ctx.asOf.get(departement);
  if (!asOf) throw new Error(`Date d'observation absente pour le département ${departement}`);

  const p = new Alea(ctx.graine, index, 'profil');
  const social = p.si(PART_LOGEMENT_SOCIAL);
  const typePrive: TypeBailleur = p.parmi(TYPES_BAILLEUR_PRIVE);
  const idf = region === '11';
  const cher = departement === '75' ? 1.6 : idf ? 1.3 : 1;
  const loyerHC = social ? euros(p, idf ? 520 : 430, 0.22, 120) : euros(p, 640 * cher, 0.33, 180);
  const charges = social ? euros(p, 120, 0.3, 20) : euros(p, 60, 0.45, 0);
  const allocataire = p.parmi({ caf: 0.55, msa: 0.05, aucun: 0.4 });
  const prioritaireDalo = p.si(0.04);
  const relogementAssure = p.si(0.01);
  const parametres = ref.parametres.get(departement);
  const treve = parametres?.periodesTreve;
  const profil: ProfilDossier = {
    departement,
    bailleurType: social ? 'personne_morale' : typePrive,
    social,
    loyerHC,
    charges,
    allocataire: allocataire !== 'aucun',
    relogementAssure,
    periodesTreve: Array.isArray(treve) ? (treve as ProfilDossier['periodesTreve']) : null,
  };
  const chronologie = genererChronologie(ctx.graine, index, profil, asOf.jour);
  const creation = Math.min(asOf.jour - 1, chronologie.debut + p.entier(0, 20));
  return {
    commune,
    profil,
    prioritaireDalo,
    allocataire: allocataire === 'aucun' ? null : allocataire,
    chronologie,
    creation,
  };
}

interface Personne {
  nom: string;
  prenoms: string;
  role: 'titulaire' | 'cotitulaire' | 'occupant';
  dateNaissance: string | null;
}

function nomDeFamille(a: Alea, departement: string): string {
  const locaux = NOMS_OUTRE_MER[departement];
  if (locaux && a.si(0.6)) return a.choisir(locaux);
  return NOMS[a.selon(cumulNoms)] as string;
}

function prenoms(a: Alea, liste: readonly string[]): string {
  const premier = a.choisir(liste);
  if (!a.si(0.25)) return premier;
  const second = a.choisir(liste);
  return second === premier ? premier : `${premier} ${second}`;
}

function naissance(a: Alea, asOf: number, ageMin: number, ageMax: number, age: number): string | null {
  const borne = Math.max(ageMin, Math.min(ageMax, age));
  return dateIso(asOf - Math.floor(borne * 365.25) - a.entier(0, 364));
}

function menage(a: Alea, departement: string, asOf: number): Personne[] {
  const forme = a.parmi(COMPOSITIONS);
  const femme = a.si(0.55);
  const nom = nomDeFamille(a, departement);
  const ageTitulaire = Math.round(42 + 13 * a.normal());
  const connue = () => a.si(0.9);
  const personnes: Personne[] = [
    {
      nom,
      prenoms: prenoms(a, femme ? PRENOMS_FEMININS : PRENOMS_MASCULINS),
      role: 'titulaire',
      dateNaissance: connue() ? naissance(a, asOf, 18, 88, ageTitulaire) : null,
    },
  ];
  if (forme === 'couple' || forme === 'couple_enfants') {
    personnes.push({
      nom: a.si(0.7) ? nom : nomDeFamille(a, departement),
      prenoms: prenoms(a, femme ? PRENOMS_MASCULINS : PRENOMS_FEMININS),
      role: a.si(0.7) ? 'cotitulaire' : 'occupant',
      dateNaissance: connue() ? naissance(a, asOf, 18, 88, ageTitulaire + a.entier(-6, 6)) : null,
    });
  }
  let enfants = 0;
  if (forme === 'monoparentale')
    enfants = a.parmi({ un: 0.5, deux: 0.3, trois: 0.2 }) === 'un' ? 1 : a.si(0.6) ? 2 : 3;
  if (forme === 'couple_enfants') enfants = [1, 1, 2, 2, 2, 3, 3, 4][a.entier(0, 7)] ?? 1;
  const ageMaxEnfant = Math.max(0, Math.min(17, ageTitulaire - 17));
  for (let k = 0; k < enfants; k++) {
    const fille = a.si(0.5);
    personnes.push({
      nom: personnes[a.si(0.8) ? 0 : personnes.length - 1]?.nom ?? nom,
      prenoms: prenoms(a, fille ? PRENOMS_ENFANTS_FEMININS : PRENOMS_ENFANTS_MASCULINS),
      role: 'occupant',
      dateNaissance: naissance(a, asOf, 0, 17, a.entier(0, ageMaxEnfant)),
    });
  }
  if (forme === 'autre') {
    const autres = a.entier(1, 2);
    for (let k = 0; k < autres; k++) {
      personnes.push({
        nom: a.si(0.6) ? nom : nomDeFamille(a, departement),
        prenoms: prenoms(a, a.si(0.5) ? PRENOMS_FEMININS : PRENOMS_MASCULINS),
        role: 'occupant',
        dateNaissance: connue() ? naissance(a, asOf, 18, 95, Math.round(45 + 18 * a.normal())) : null,
      });
    }
  }
  return personnes;
}

/** Fictitious numbers: ARCEP reserves 01 99 00 xx xx and 06 39 98 xx xx for fiction. */
function telephone(a: Alea): string {
  const deux = () => String(a.entier(0, 99)).padStart(2, '0');
  return a.si(0.8) ? `06 39 98 ${deux()} ${deux()}` : `01 99 00 ${deux()} ${deux()}`;
}

/** Addresses at reserved domains (RFC 2606): nothing can ever be delivered to them. */
function courriel(a: Alea, titulaire: Personne): string {
  const partie = (t: string) => normaliserRecherche(t).replace(/[^a-z0-9]+/g, '-');
  const domaine = a.choisir(['example.org', 'example.net', 'example.com']);
  return `${partie(titulaire.prenoms.split(' ')[0] ?? '')}.${partie(titulaire.nom)}${a.si(0.5) ? a.entier(1, 99) : ''}@${domaine}`;
}

function adresse(a: Alea, social: boolean): string {
  const numero = a.entier(1, a.si(0.8) ? 60 : 250);
  const suffixe = a.si(0.06) ? ' bis' : '';
  const voie = `${numero}${suffixe} ${a.choisir(TYPES_VOIE)} ${a.choisir(NOMS_VOIE)}`;
  if (social && a.si(0.6)) {
    const batiment = String.fromCharCode(65 + a.entier(0, 7));
    const residence = a.si(0.4) ? `Résidence ${a.choisir(NOMS_RESIDENCE)}, ` : '';
    return `${residence}${voie}, bât. ${batiment}, apt ${a.entier(1, 15)}${String(a.entier(1, 8)).padStart(2, '0')}`;
  }
  if (a.si(0.3)) return `${voie}, ${a.entier(1, 7)}e étage`;
  return voie;
}

/** Where each act comes from: the professional who performs it, else an agent's entry. */
function sourceDe(type: string): string {
  const acteur = TRANSITIONS[type as keyof typeof TRANSITIONS]?.acteurAttendu;
  return acteur === 'commissaire_justice' || acteur === 'bailleur' ? acteur : 'saisie';
}

const DEBUT_JOURNEE = 6 * 3600;
const DUREE_JOURNEE = 11 * 3600;

/**
 * A `timestamptz` in UTC on that day, during office hours in France; `fraction` (in [0, 1)) places it in
 * the day, random when absent.
 */
function instant(a: Alea, jour: number, fraction = a.reel()): string {
  const secondes = DEBUT_JOURNEE + Math.floor(fraction * DUREE_JOURNEE);
  const hh = String(Math.floor(secondes / 3600)).padStart(2, '0');
  const mm = String(Math.floor((secondes % 3600) / 60)).padStart(2, '0');
  const ss = String(secondes % 60).padStart(2, '0');
  return `${dateIso(jour)}T${hh}:${mm}:${ss}Z`;
}

export class ChronologieInvalide extends Error {}

export interface DossierGenere {
  id: string;
  phase: string;
  evenements: number;
}

/**
 * Appends the rows of dossier `index` to `lignes`. `numero` and `momentCreation` (where in its opening day
 * it was created, in [0, 1)) come from the numbering pass, so that numbers follow creation instants.
 */
export function genererDossier(
  ctx: ContexteGeneration,
  index: number,
  numero: string,
  momentCreation: number,
  lignes: Lignes,
): DossierGenere {
  const socle = tirerSocle(ctx, index);
  const { commune, profil, chronologie } = socle;
  const departement = commune.departement;
  const asOf = ctx.asOf.get(departement) as { iso: string; jour: number };
  const ref = ctx.referentiel;
  const a = new Alea(ctx.graine, index, 'identite');
  const id = identifiant(ctx.prefixe, 'dossier', index);

  const personnes = menage(a, departement, asOf.jour);
  const titulaire = personnes[0] as Personne;
  const tel = a.si(0.75) ? telephone(a) : null;
  const email = a.si(0.35) ? courriel(a, titulaire) : null;
  const numeroAllocataire =
    socle.allocataire === 'caf'
      ? String(a.entier(1_000_000, 9_999_999))
      : `M${a.entier(10_000_000, 99_999_999)}`;
  const codePostal = a.choisir(commune.codesPostaux);
  const ligneAdresse = adresse(a, profil.social);
  const creeLe = instant(a, socle.creation, momentCreation);

  // Landlord: a large one from a pool, or a new individual or family SCI.
  let bailleur: BailleurPartage;
  if (profil.social) {
    const demo = ref.demo;
    const pool = ref.sociaux.get(ref.regionDe.get(departement) ?? '');
    const versDemo = a.si(PART_BAILLEUR_DEMO);
    if (demo && versDemo && demo.departements.includes(departement)) bailleur = demo;
    else bailleur = pool?.bailleurs[a.selon(pool.cumul)] as BailleurPartage;
  } else if (profil.bailleurType === 'personne_morale') {
    bailleur = ref.societes.bailleurs[a.selon(ref.societes.cumul)] as BailleurPartage;
  } else {
    const nom =
      profil.bailleurType === 'sci_familiale'
        ? a.si(0.5)
          ? `SCI ${a.choisir(NOMS_SCI)}`
          : `SCI ${nomDeFamille(a, departement)}${a.si(0.3) ? ' et fils' : ''}`
        : `${nomDeFamille(a, departement).toUpperCase()} ${prenoms(a, a.si(0.5) ? PRENOMS_FEMININS : PRENOMS_MASCULINS)}`;
    bailleur = { id: identifiant(ctx.prefixe, 'bailleur', index), nom, organisationId: null };
    lignes.bailleur.push([bailleur.id, profil.bailleurType, nom, null, false, null, creeLe]);
  }
  if (!bailleur) throw new Error(`Aucun bailleur social pour le département ${departement}`);

  // The engine's projection, exactly as the service computes it at every write.
  const loyerCents = Math.round(profil.loyerHC * 100);
  const chargesCents = Math.round(profil.charges * 100);
  const pourMoteur = {
    departement_code: departement,
    bail_date_signature: chronologie.bailDateSignature,
    bail_date_dernier_renouvellement: chronologie.bailDateDernierRenouvellement,
    loyer_hc_cents: loyerCents,
    charges_cents: chargesCents,
    logement_social: profil.social,
    prioritaire_dalo: socle.prioritaireDalo,
    relogement_assure: profil.relogementAssure,
    bailleur_type: profil.bailleurType,
  };
  const evenements = chronologie.evenements;
  let scenario = scenarioDuDossier(pourMoteur, evenements, ref.parametres.get(departement) ?? {}, asOf.iso);
  if (ctx.verifier) {
    const lecture = lireScenario(scenario);
    if (!lecture.ok)
      throw new ChronologieInvalide(`Dossier ${numero} : ${lecture.erreur.chemin} ${lecture.erreur.message}`);
    const anomalies = validerChronologie(evenements);
    if (anomalies.length > 0) throw new ChronologieInvalide(`Dossier ${numero} : ${anomalies[0]?.message}`);
    scenario = lecture.scenario;
  }
  const projection = projectionDe(evaluerProcedure(scenario), evenements, asOf.iso);

  const recherche = texteDeRecherche({
    numero,
    personnes,
    adresse: ligneAdresse,
    codePostal,
    commune: commune.nom,
    bailleur: bailleur.nom,
  });

  // Acts known when the dossier was opened are entered that day; later ones a few days after they happen.
  let misAJourLe = creeLe;
  for (let k = 0; k < evenements.length; k++) {
    const e = evenements[k];
    if (!e) continue;
    const jour = chronologie.jours[k] ?? socle.creation;
    const saisie =
      jour <= socle.creation ? creeLe : instant(a, Math.min(asOf.jour - 1, jour + a.entier(0, 5)));
    if (saisie > misAJourLe) misAJourLe = saisie;
    const { type, date, ...donnees } = e;
    const source = sourceDe(type);
    lignes.evenement.push([
      identifiant(ctx.prefixe, 'evenement', index * 64 + k),
      id,
      type,
      date,
      JSON.stringify(donnees),
      source,
      source === 'bailleur' ? bailleur.organisationId : null,
      'integre',
      saisie,
    ]);
  }

  lignes.dossier.push([
    id,
    numero,
    departement,
    commune.arrondissement,
    commune.code,
    ref.commissions.get(departement) ?? null,
    bailleur.id,
    socle.prioritaireDalo,
    profil.relogementAssure,
    `${titulaire.nom.toUpperCase()} ${titulaire.prenoms}`,
    tel,
    email,
    socle.allocataire,
    socle.allocataire === null ? null : numeroAllocataire,
    ligneAdresse,
    codePostal,
    profil.social,
    chronologie.bailDateSignature,
    chronologie.bailDateDernierRenouvellement,
    loyerCents,
    chargesCents,
    projection.phase,
    projection.cloture,
    projection.prochaineEcheanceCode,
    projection.prochaineEcheanceDate,
    projection.alertes,
    projection.detteCents,
    asOf.iso,
    recherche.texte,
    recherche.noms,
    1 + evenements.length,
    creeLe,
    misAJourLe,
    // The lease key that attaches a partner's act to this dossier, as the service computes it.
    cleRapprochement(commune.code, ligneAdresse, titulaire.nom, titulaire.prenoms),
  ]);
  for (let rang = 0; rang < personnes.length; rang++) {
    const p = personnes[rang] as Personne;
    lignes.personne.push([
      identifiant(ctx.prefixe, 'personne', index * 8 + rang),
      id,
      rang,
      p.role,
      p.nom,
      p.prenoms,
      p.dateNaissance,
    ]);
  }
  if (bailleur.organisationId)
    lignes.dossier_organisation.push([id, bailleur.organisationId, 'bailleur', creeLe]);
  return { id, phase: projection.phase, evenements: evenements.length };
}
