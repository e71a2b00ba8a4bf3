import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { appelerApi, ErreurApi, lire } from '../../api/client';
import { Chargement } from '../../components/Chargement';
import { formaterDate, formaterEuros, formaterInstant } from '../../components/format';

interface Echange {
  id: string;
  partenaire: 'caf' | 'banque_de_france';
  statut: 'en_cours' | 'reussi' | 'a_relancer' | 'echec' | 'introuvable';
  tentatives: number;
  dureeMs: number | null;
  erreur: string | null;
  resultat: Record<string, unknown> | null;
  demandeLe: string;
  prochainEssaiLe: string | null;
}

const PARTENAIRES: Record<Echange['partenaire'], string> = {
  caf: 'CAF / MSA',
  banque_de_france: 'Banque de France',
};
const STATUTS: Record<Echange['statut'], string> = {
  en_cours: 'En cours',
  reussi: 'Réponse reçue',
  a_relancer: 'Partenaire indisponible, relance prévue',
  echec: 'Échec',
  introuvable: 'Personne inconnue du partenaire',
};
const ORIENTATIONS: Record<string, string> = {
  en_instruction: 'en instruction',
  plan_conventionnel: 'plan conventionnel',
  mesures_imposees: 'mesures imposées',
  retablissement_personnel_sans_liquidation: 'rétablissement personnel sans liquidation',
  retablissement_personnel_avec_liquidation: 'rétablissement personnel avec liquidation',
};

/** A one-line reading of the partner's answer; the full answer stays in the API. */
function resume(e: Echange): string {
  const r = e.resultat;
  if (e.statut !== 'reussi') {
    return e.statut === 'a_relancer' && e.prochainEssaiLe
      ? `${e.erreur ?? ''} Prochain essai : ${formaterInstant(e.prochainEssaiLe)}.`
      : (e.erreur ?? '');
  }
  if (!r) return 'Réponse reçue (détail réservé aux profils qui voient les données sociales).';
  if (e.partenaire === 'caf') {
    const foyer = r.compositionFoyer as { adultes: number; enfants: number };
    const prestation = r.prestation as { type: string; montantMensuel: number } | null;
    const impaye = r.impaye as { statut: string; dateSignalement: string | null };
    return [
      `Foyer : ${foyer.adultes} adulte(s), ${foyer.enfants} enfant(s)`,
      `ressources ${formaterEuros(r.ressourcesMensuelles as number)} par mois`,
      prestation
        ? `${prestation.type.toUpperCase()} ${formaterEuros(prestation.montantMensuel)}`
        : 'pas d’aide au logement',
      r.tiersPayant ? 'tiers payant' : 'versée au ménage',
      `impayé : ${impaye.statut.replaceAll('_', ' ')}${impaye.dateSignalement ? ` (${formaterDate(impaye.dateSignalement)})` : ''}`,
      r.telephone ? `tél. ${String(r.telephone)}` : null,
    ]
      .filter(Boolean)
      .join(' ; ');
  }
  if (!r.dossierDepose) return 'Aucun dossier de surendettement.';
  return [
    `Dossier déposé le ${formaterDate(String(r.dateDepot))}`,
    r.dateRecevabilite
      ? `recevable le ${formaterDate(String(r.dateRecevabilite))}`
      : 'recevabilité non prononcée',
    r.orientation ? `orientation : ${ORIENTATIONS[String(r.orientation)] ?? String(r.orientation)}` : null,
    r.suspensionExpulsion
      ? `expulsion suspendue jusqu’au ${formaterDate(String(r.dateFinSuspension))}`
      : 'pas de suspension de l’expulsion',
  ]
    .filter(Boolean)
    .join(' ; ');
}

export function Echanges({ dossierId }: { dossierId: string }) {
  const echanges = useQuery({
    queryKey: ['echanges', dossierId],
    queryFn: () => lire<{ elements: Echange[] }>(`/api/v1/dossiers/${dossierId}/echanges`),
  });
  const [message, setMessage] = useState<{ type: 'success' | 'warning' | 'error'; texte: string } | null>(
    null,
  );
  const [enCours, setEnCours] = useState<string | null>(null);

  const demander = async (chemin: 'caf' | 'bdf') => {
    setMessage(null);
    setEnCours(chemin);
    try {
      const { donnees } = await appelerApi<Echange>(`/api/v1/dossiers/${dossierId}/echanges/${chemin}`, {
        methode: 'POST',
      });
      setMessage(
        donnees.statut === 'reussi'
          ? { type: 'success', texte: 'Réponse reçue.' }
          : { type: 'warning', texte: STATUTS[donnees.statut] },
      );
      await echanges.refetch();
    } catch (err) {
      setMessage({ type: 'error', texte: err instanceof ErreurApi ? err.message : 'La demande a échoué.' });
    } finally {
      setEnCours(null);
    }
  };

  return (
    <>
      <div className={fr.cx('fr-btns-group', 'fr-btns-group--inline', 'fr-mb-2w')}>
        <Button onClick={() => void demander('caf')} disabled={enCours !== null}>
          {enCours === 'caf' ? 'Demande en cours…' : 'Demander la situation à la CAF'}
        </Button>
        <Button priority="secondary" onClick={() => void demander('bdf')} disabled={enCours !== null}>
          {enCours === 'bdf' ? 'Demande en cours…' : 'Interroger la Banque de France'}
        </Button>
      </div>
      <div aria-live="polite">
        {message ? (
          <Alert severity={message.type} small description={message.texte} className={fr.cx('fr-mb-2w')} />
        ) : null}
      </div>
      {echanges.isPending ? (
        <Chargement />
      ) : echanges.isError ? (
        <Alert severity="error" small description="Impossible de charger les échanges." />
      ) : echanges.data.elements.length === 0 ? (
        <p>Aucun échange avec les partenaires.</p>
      ) : (
        <Table
          caption="Échanges avec les partenaires"
          headers={['Demandé le', 'Partenaire', 'Statut', 'Essais', 'Détail']}
          data={echanges.data.elements.map((e) => [
            formaterInstant(e.demandeLe),
            PARTENAIRES[e.partenaire],
            STATUTS[e.statut],
            String(e.tentatives),
            resume(e),
          ])}
        />
      )}
    </>
  );
}
