import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { LIBELLES_DECISION_APL, LIBELLES_SUIVI_RECOMMANDATION } from '@exploc/domain/schemas/ccapex';
import {
  type DestinataireRecommandation,
  LIBELLES_DESTINATAIRE_RECOMMANDATION,
  LIBELLES_STATUT_SEANCE,
} from '@exploc/domain/schemas/ccapex-seances';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { lire } from '../../api/client';
import { useUtilisateur } from '../../api/session';
import { Chargement } from '../../components/Chargement';
import { formaterDate, libelle } from '../../components/format';
import { formaterDebut } from './SeanceTypes';

interface ExamenDuDossier {
  id: string;
  seance: { id: string; debutLocal: string; statut: string; commission: string };
  avis: string | null;
  decisionApl: 'maintien' | 'suspension' | null;
  examineLe: string | null;
  recommandations: {
    id: string;
    destinataireType: string;
    destinataireLibelle: string;
    contenu: string;
    echeance: string | null;
    suivi: string;
    suiviLe: string | null;
  }[];
}

/** The séances of a dossier in its CCAPEX section: avis, decision on the housing benefit, recommandations. */
export function SeancesDuDossier({ dossierId }: { dossierId: string }) {
  const { data: utilisateur } = useUtilisateur();
  const secretariat = utilisateur?.permissions.some((p) => p.code === 'ccapex.secretariat') ?? false;
  const requete = useQuery({
    queryKey: ['dossier', dossierId, 'ccapex-seances'],
    queryFn: () =>
      lire<{ visible: boolean; elements: ExamenDuDossier[] }>(`/api/v1/dossiers/${dossierId}/ccapex/seances`),
  });
  if (requete.isPending) return <Chargement texte="Chargement des séances…" />;
  if (requete.isError)
    return <Alert severity="error" small description="Impossible de charger les séances du dossier." />;
  if (!requete.data.visible) return null;
  return (
    <section aria-labelledby="ccapex-seances-dossier">
      <h2 id="ccapex-seances-dossier" className={fr.cx('fr-h4')}>
        Séances, avis et recommandations
      </h2>
      {requete.data.elements.length === 0 ? (
        <p>Ce dossier n’a pas encore été inscrit à une séance de la commission.</p>
      ) : (
        requete.data.elements.map((e) => (
          <div key={e.id} className={fr.cx('fr-mb-3w')}>
            <h3 className={fr.cx('fr-h6', 'fr-mb-1w')}>
              {secretariat || utilisateur?.permissions.some((p) => p.code === 'ccapex.membre') ? (
                <Link to={`/ccapex/seances/${e.seance.id}`}>
                  Séance du {formaterDebut(e.seance.debutLocal)}
                </Link>
              ) : (
                `Séance du ${formaterDebut(e.seance.debutLocal)}`
              )}{' '}
              — {e.seance.commission} ({libelle(LIBELLES_STATUT_SEANCE, e.seance.statut).toLowerCase()})
            </h3>
            <p className={fr.cx('fr-mb-1w')}>Avis : {e.avis ?? 'pas encore rendu'}</p>
            <p className={fr.cx('fr-mb-1w')}>
              Aide au logement : {e.decisionApl ? LIBELLES_DECISION_APL[e.decisionApl] : 'pas de décision'}
            </p>
            {e.recommandations.length > 0 ? (
              <div className={fr.cx('fr-table')}>
                <table>
                  <caption>Recommandations de la séance du {formaterDebut(e.seance.debutLocal)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Destinataire</th>
                      <th scope="col">Recommandation</th>
                      <th scope="col">Échéance</th>
                      <th scope="col">Suivi</th>
                    </tr>
                  </thead>
                  <tbody>
                    {e.recommandations.map((r) => (
                      <tr key={r.id}>
                        <td>
                          {r.destinataireLibelle} (
                          {libelle(
                            LIBELLES_DESTINATAIRE_RECOMMANDATION,
                            r.destinataireType as DestinataireRecommandation,
                          )}
                          )
                        </td>
                        <td>{r.contenu}</td>
                        <td>{formaterDate(r.echeance)}</td>
                        <td>
                          {libelle(LIBELLES_SUIVI_RECOMMANDATION, r.suivi)}
                          {r.suiviLe ? ` le ${formaterDate(r.suiviLe)}` : ''}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </div>
        ))
      )}
    </section>
  );
}
