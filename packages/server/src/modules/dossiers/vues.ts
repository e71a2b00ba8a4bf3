import { voitClasse } from '@exploc/domain/acces/classes-champs';
import type { ResultatEvaluation } from '@exploc/domain/procedure/evaluer';
import type { EvenementPossible } from '@exploc/domain/procedure/transitions';
import type { Appelant } from '../../plugins/contexte.js';
import { accesCompartiment } from '../ccapex/notes.js';
import type * as repo from './repository.js';

const euros = (cents: number | null) => (cents === null ? null : cents / 100);

const CHAMPS_FINANCIERS = new Set(['montantDette', 'moisImpayes', 'montantDemande', 'montant', 'dureeMois']);

type LigneDossier = NonNullable<Awaited<ReturnType<typeof repo.lireDossier>>>;
type LignePersonne = Awaited<ReturnType<typeof repo.personnesDuDossier>>[number];
type LigneEvenement = Awaited<ReturnType<typeof repo.evenementsDuDossier>>[number];
type LigneHistorique = Awaited<ReturnType<typeof repo.historiqueDuDossier>>[number];
type LigneNote = Awaited<ReturnType<typeof repo.notesDuDossier>>[number];
type LigneListe = Awaited<ReturnType<typeof repo.listerDossiers>>['elements'][number];

/** A dossier as the caller may see it: every field filtered through the profile × field-class matrix (§2.8). */
export function vueDossier(
  appelant: Appelant,
  l: {
    d: LigneDossier;
    personnes: LignePersonne[];
    evenements: LigneEvenement[];
    resultat: ResultatEvaluation;
    possibles: EvenementPossible[];
    historique: LigneHistorique[];
    notes: LigneNote[];
  },
) {
  const voit = (c: Parameters<typeof voitClasse>[1]) => voitClasse(appelant.profil, c);
  const { d } = l;
  return {
    id: d.id,
    numero: d.numero,
    version: d.version,
    territoire: {
      departement: d.departement_code,
      arrondissement: d.arrondissement_code,
      commune: d.commune_insee,
      communeNom: d.commune_nom,
    },
    agent: d.agent_id ? { id: d.agent_id, nom: d.agent_nom } : null,
    prioritaireDalo: voit('social') ? d.prioritaire_dalo : null,
    relogementAssure: voit('social') ? d.relogement_assure : null,
    menage: {
      nomPrincipal: voit('identite') ? d.nom_principal : null,
      personnes: voit('identite')
        ? l.personnes.map((p) => ({
            id: p.id,
            role: p.role,
            nom: p.nom,
            prenoms: p.prenoms,
            dateNaissance: p.date_naissance,
          }))
        : [],
      telephone: voit('contact') ? d.telephone : null,
      email: voit('contact') ? d.email : null,
      composition: voit('social')
        ? ((d.composition as { adultes: number; enfants: number } | null) ?? null)
        : null,
      ressourcesMensuelles: voit('financier') ? euros(d.ressources_mensuelles_cents) : null,
      allocataire:
        voit('financier') && d.allocataire_organisme
          ? { organisme: d.allocataire_organisme, numero: d.allocataire_numero }
          : null,
    },
    logement: {
      adresse: voit('identite')
        ? {
            ligne: d.adresse_ligne,
            codePostal: d.code_postal,
            codeInsee: d.commune_insee,
            commune: d.commune_nom,
          }
        : null,
      social: d.logement_social,
    },
    bail: {
      dateSignature: d.bail_date_signature,
      dateDernierRenouvellement: d.bail_date_dernier_renouvellement,
      loyerMensuelHC: voit('financier') ? euros(d.loyer_hc_cents) : null,
      chargesMensuelles: voit('financier') ? euros(d.charges_cents) : null,
    },
    bailleur: { type: d.bailleur_type, nom: d.bailleur_nom, siret: d.bailleur_siret },
    phase: d.phase,
    cloture: d.cloture,
    prochaineEcheance: d.prochaine_echeance_code
      ? { code: d.prochaine_echeance_code, date: d.prochaine_echeance_date }
      : null,
    dette: voit('financier') ? euros(d.dette_cents) : null,
    evenements: voit('judiciaire')
      ? l.evenements.map((e) => ({
          id: e.id,
          type: e.type,
          date: e.date_evenement,
          ...Object.fromEntries(
            Object.entries(e.donnees).filter(([k]) => voit('financier') || !CHAMPS_FINANCIERS.has(k)),
          ),
          commentaire: voit('social') ? e.commentaire : null,
          source: e.source,
          statut: e.statut,
          auteur: e.auteur_nom,
          enregistreLe: e.cree_le.toISOString(),
          remplace: e.remplace_id,
          motifCorrection: e.motif_correction,
          remplacePar: e.remplace_par,
        }))
      : [],
    echeances: l.resultat.echeances,
    alertes: l.resultat.alertes,
    responsabiliteEtat: l.resultat.responsabiliteEtat,
    evenementsPossibles: l.possibles,
    historique: l.historique.map((h) => ({
      action: h.action,
      champs: h.champs,
      auteur: h.auteur_nom,
      le: h.cree_le.toISOString(),
    })),
    notes: voit('social')
      ? l.notes.map((n) => ({ id: n.id, texte: n.texte, auteur: n.auteur_nom, le: n.cree_le.toISOString() }))
      : null,
    /** The CCAPEX compartment (notes, social diagnosis) is open to this caller: see ccapex/notes.ts. */
    compartimentCcapex: accesCompartiment(appelant, d),
    creeLe: d.cree_le.toISOString(),
    misAJourLe: d.mis_a_jour_le.toISOString(),
  };
}

export function vueElementListe(appelant: Appelant, e: LigneListe) {
  const voit = (c: Parameters<typeof voitClasse>[1]) => voitClasse(appelant.profil, c);
  return {
    id: e.id,
    numero: e.numero,
    phase: e.phase,
    prochaineEcheance: e.prochaine_echeance_code
      ? { code: e.prochaine_echeance_code, date: e.prochaine_echeance_date }
      : null,
    alertes: e.alertes,
    menage: { nomPrincipal: voit('identite') ? e.nom_principal : null },
    adresse: voit('identite')
      ? {
          ligne: e.adresse_ligne,
          codePostal: e.code_postal,
          commune: e.commune_nom,
          codeInsee: e.commune_insee,
        }
      : { ligne: null, codePostal: null, commune: e.commune_nom, codeInsee: e.commune_insee },
    dette: voit('financier') ? euros(e.dette_cents) : null,
    bailleur: e.bailleur_nom,
    misAJourLe: e.mis_a_jour_le.toISOString(),
    version: e.version,
  };
}
