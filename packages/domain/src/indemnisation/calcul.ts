/**
 * The indemnity owed by the State for the liability period (contrat indemnisation-calcul; CPCE L153-1,
 * R154-1 to R154-7): one line per run of days within one calendar month and one rent, each
 * (rent + charges) × days / days in the month, computed exactly and rounded half up to the cent.
 */
import {
  type DateIso,
  dateCivile,
  dateIso,
  formaterJourFr,
  joursDansMois,
  type NumeroJour,
  numeroDuJourCivil,
  numeroJour,
} from '../calendrier/dates.js';
import { decrireSuspension } from '../procedure/echeances.js';
import { etablirFaits } from '../procedure/faits-procedure.js';
import { LIBELLES_TYPE_EVENEMENT } from '../procedure/libelles.js';
import {
  centimesEnEuros,
  type DecimalExact,
  decimalExact,
  diviserArrondi,
  formaterCentimes,
  formaterMontant,
  versCentimes,
} from '../procedure/montant.js';
import {
  type AnalyseResponsabiliteEtat,
  analyserResponsabiliteEtat,
  type MotifExclusion,
  type PeriodeExclue,
} from '../procedure/responsabilite-etat.js';
import type { Complement, ScenarioIndemnisation } from './scenario-indemnisation.js';

export interface LigneIndemnisation {
  readonly du: DateIso;
  readonly au: DateIso;
  readonly jours: number;
  readonly joursDuMois: number;
  readonly loyerMensuelHC: number;
  readonly chargesMensuelles: number;
  readonly montant: number;
}

export interface CalculIndemnisation {
  readonly periode: {
    readonly debut: DateIso;
    readonly fin: DateIso;
    readonly periodesExclues: readonly PeriodeExclue[];
  } | null;
  readonly lignes: readonly LigneIndemnisation[];
  readonly complements: readonly Complement[];
  readonly totalLignes: number;
  readonly total: number;
  readonly explication: string;
}

interface Loyer {
  readonly aPartirDu: NumeroJour;
  readonly loyerMensuelHC: number;
  readonly chargesMensuelles: number;
  /** Rent + charges as an exact decimal. */
  readonly mensualite: DecimalExact;
}

interface PeriodeExclueJours {
  readonly du: NumeroJour;
  readonly au: NumeroJour;
  readonly motif: MotifExclusion;
}

const fr = formaterJourFr;

function additionner(a: DecimalExact, b: DecimalExact): DecimalExact {
  const echelle = Math.max(a.echelle, b.echelle);
  return {
    valeur: a.valeur * 10n ** BigInt(echelle - a.echelle) + b.valeur * 10n ** BigInt(echelle - b.echelle),
    echelle,
  };
}

function loyer(aPartirDu: NumeroJour, loyerMensuelHC: number, chargesMensuelles: number): Loyer {
  return {
    aPartirDu,
    loyerMensuelHC,
    chargesMensuelles,
    mensualite: additionner(decimalExact(loyerMensuelHC), decimalExact(chargesMensuelles)),
  };
}

/**
 * The rents in force, sorted. Without `loyers`, the lease's rent from its signature. With `loyers`,
 * days before the first entry keep the lease's rent: each entry is a revision from its date.
 */
function loyersEnVigueur(scenario: ScenarioIndemnisation): Loyer[] {
  const { bail } = scenario;
  const duBail = loyer(Number.NEGATIVE_INFINITY, bail.loyerMensuelHC, bail.chargesMensuelles);
  const revisions = (scenario.indemnisation?.loyers ?? [])
    .map((entree) => loyer(numeroJour(entree.aPartirDu), entree.loyerMensuelHC, entree.chargesMensuelles))
    .sort((a, b) => a.aPartirDu - b.aPartirDu);
  return [duBail, ...revisions];
}

/** (rent + charges) × days / days in month, rounded half up to the cent — exactly, in integers. */
function montantLigne(mensualite: DecimalExact, jours: number, joursDuMois: number): bigint {
  return diviserArrondi(
    mensualite.valeur * BigInt(jours) * 100n,
    10n ** BigInt(mensualite.echelle) * BigInt(joursDuMois),
  );
}

function calculerLignes(
  debut: NumeroJour,
  fin: NumeroJour,
  exclusions: readonly PeriodeExclueJours[],
  loyers: readonly Loyer[],
): { ligne: LigneIndemnisation; centimes: bigint; loyer: Loyer }[] {
  const lignes: { ligne: LigneIndemnisation; centimes: bigint; loyer: Loyer }[] = [];
  let jour = debut;
  while (jour <= fin) {
    const exclusion = exclusions.find((periode) => periode.du <= jour && jour <= periode.au);
    if (exclusion !== undefined) {
      jour = exclusion.au + 1;
      continue;
    }
    const { annee, mois } = dateCivile(jour);
    const joursDuMois = joursDansMois(annee, mois);
    let au = Math.min(fin, numeroDuJourCivil(annee, mois, joursDuMois));
    for (const periode of exclusions) if (periode.du > jour && periode.du <= au) au = periode.du - 1;
    let enVigueur = loyers[0] as Loyer;
    for (const candidat of loyers) {
      if (candidat.aPartirDu <= jour) enVigueur = candidat;
      else if (candidat.aPartirDu <= au) au = candidat.aPartirDu - 1;
    }
    const jours = au - jour + 1;
    const centimes = montantLigne(enVigueur.mensualite, jours, joursDuMois);
    lignes.push({
      ligne: {
        du: dateIso(jour),
        au: dateIso(au),
        jours,
        joursDuMois,
        loyerMensuelHC: enVigueur.loyerMensuelHC,
        chargesMensuelles: enVigueur.chargesMensuelles,
        montant: centimesEnEuros(centimes),
      },
      centimes,
      loyer: enVigueur,
    });
    jour = au + 1;
  }
  return lignes;
}

const MOTIFS_EXCLUSION: Readonly<Record<MotifExclusion, string>> = {
  delais_jex: "délais accordés par le juge de l'exécution",
  suspension_surendettement: "suspension des mesures d'expulsion pour surendettement",
};

function phraseDebut(analyse: AnalyseResponsabiliteEtat): string {
  const refus = analyse.refusExplicite
    ? `refus du concours de la force publique du ${fr(analyse.refus)}`
    : `refus implicite du concours de la force publique né le ${fr(analyse.refus)}, 2 mois après la demande`;
  let phrase = `Point de départ : ${refus}`;
  if (analyse.plancher !== undefined && analyse.plancher > analyse.refus) {
    phrase += `, au plus tôt le ${fr(analyse.plancher)}, lendemain de la fin du délai pour quitter les lieux`;
  }
  if (analyse.reports.length > 0) {
    phrase += `, reporté au ${fr(analyse.debut)} après ${analyse.reports.map(decrireSuspension).join(', puis ')}`;
  }
  return `${phrase}.`;
}

function phraseFin(analyse: AnalyseResponsabiliteEtat, fin: NumeroJour): string {
  const evenement = analyse.evenementFin?.evenement;
  if (evenement === undefined) return `la responsabilité court toujours ; calcul arrêté au ${fr(fin)}`;
  const acte =
    evenement.type === 'decision_cfp'
      ? 'octroi du concours de la force publique'
      : LIBELLES_TYPE_EVENEMENT[evenement.type].toLowerCase();
  return `fin : ${acte} le ${fr(fin)}`;
}

function expliquer(
  analyse: AnalyseResponsabiliteEtat,
  fin: NumeroJour,
  exclusions: readonly PeriodeExclueJours[],
  lignes: readonly { ligne: LigneIndemnisation; loyer: Loyer }[],
  totalLignes: bigint,
  complements: readonly Complement[],
  totalComplements: bigint,
): string {
  const phrases = [
    `Responsabilité de l'État du ${fr(analyse.debut)} au ${fr(fin)} inclus (${phraseFin(analyse, fin)}).`,
    phraseDebut(analyse),
    exclusions.length === 0
      ? 'Aucune période exclue.'
      : `Périodes exclues : ${exclusions.map((p) => `du ${fr(p.du)} au ${fr(p.au)} (${MOTIFS_EXCLUSION[p.motif]})`).join(' ; ')}.`,
  ];
  const loyersUtilises = [...new Set(lignes.map(({ loyer: l }) => l))];
  if (loyersUtilises.length > 0) {
    const descriptions = loyersUtilises.map((l) => {
      const depuis = Number.isFinite(l.aPartirDu) ? ` à partir du ${fr(l.aPartirDu)}` : ' (loyer du bail)';
      return `${formaterMontant(l.loyerMensuelHC)} hors charges et ${formaterMontant(l.chargesMensuelles)} de charges par mois${depuis}`;
    });
    phrases.push(`Loyers retenus : ${descriptions.join(' ; ')}.`);
    const jours = lignes.reduce((somme, { ligne }) => somme + ligne.jours, 0);
    phrases.push(
      `${lignes.length} ligne${lignes.length > 1 ? 's' : ''}, ${jours} jour${jours > 1 ? 's' : ''} indemnisé${jours > 1 ? 's' : ''} : chaque ligne vaut (loyer + charges) × jours / jours du mois, arrondi au centime le plus proche (demi-centime arrondi au-dessus).`,
    );
  } else {
    phrases.push('Aucun jour indemnisé sur cette période.');
  }
  phrases.push(`Loyers et charges : ${formaterCentimes(totalLignes)}.`);
  if (complements.length > 0) {
    const detail = complements.map((c) => `${c.libelle} : ${formaterMontant(c.montant)}`).join(' ; ');
    phrases.push(`Compléments : ${formaterCentimes(totalComplements)} (${detail}).`);
  }
  phrases.push(`Total : ${formaterCentimes(totalLignes + totalComplements)}.`);
  return phrases.join(' ');
}

/** Expects a scenario read with `scenarioIndemnisationSchema`. */
export function calculerIndemnisation(scenario: ScenarioIndemnisation): CalculIndemnisation {
  const complements = (scenario.indemnisation?.complements ?? []).map((c) => ({
    nature: c.nature,
    libelle: c.libelle,
    montant: centimesEnEuros(versCentimes(c.montant)),
  }));
  const analyse = analyserResponsabiliteEtat(etablirFaits(scenario));
  if (analyse === undefined) {
    return {
      periode: null,
      lignes: [],
      complements,
      totalLignes: 0,
      total: 0,
      explication:
        "Aucune responsabilité de l'État à la date d'évaluation : aucun refus du concours de la force publique n'ouvre droit à indemnisation (CPCE, art. L153-1). Total : 0,00 €.",
    };
  }
  const fin = analyse.fin ?? numeroJour(scenario.indemnisation?.jusquau ?? scenario.asOf);
  // The engine clips exclusions to a known end only; clip them to the computation end as well.
  const exclusions: PeriodeExclueJours[] = [];
  for (const periode of analyse.periodesExclues) {
    if (periode.du <= fin) exclusions.push({ ...periode, au: Math.min(periode.au, fin) });
  }
  const lignes = calculerLignes(analyse.debut, fin, exclusions, loyersEnVigueur(scenario));
  const totalLignes = lignes.reduce((somme, { centimes }) => somme + centimes, 0n);
  const totalComplements = complements.reduce((somme, c) => somme + versCentimes(c.montant), 0n);
  return {
    periode: {
      debut: dateIso(analyse.debut),
      fin: dateIso(fin),
      periodesExclues: exclusions.map(({ du, au, motif }) => ({ du: dateIso(du), au: dateIso(au), motif })),
    },
    lignes: lignes.map(({ ligne }) => ligne),
    complements,
    totalLignes: centimesEnEuros(totalLignes),
    total: centimesEnEuros(totalLignes + totalComplements),
    explication: expliquer(analyse, fin, exclusions, lignes, totalLignes, complements, totalComplements),
  };
}
