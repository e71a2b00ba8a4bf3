import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { SegmentedControl } from '@codegouvfr/react-dsfr/SegmentedControl';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { LIBELLES_ECHEANCE } from '@exploc/domain/procedure/libelles';
import { LIBELLES_ALERTE_DOSSIER as LIBELLES_ALERTE } from '@exploc/domain/schemas/dossier';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { lire } from '../../api/client';
import type { ElementATraiter } from '../../api/dossiers';
import { useUtilisateur } from '../../api/session';
import { BadgePhase } from '../../components/BadgePhase';
import { Chargement } from '../../components/Chargement';
import { formaterDate, libelle } from '../../components/format';
import { Titre } from '../../components/Titre';

interface OrientationEnRetard {
  id: string;
  numero: string;
  organisation: string;
  echeance: string;
}
interface RecommandationEnRetard {
  id: string;
  dossierId: string;
  numero: string;
  destinataire: string;
  echeance: string;
}

function joursEntre(a: string, b: string) {
  return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
}

export function PageATraiter() {
  const [parametres, setParametres] = useSearchParams();
  const { data: utilisateur } = useUtilisateur();
  const jours = parametres.get('jours') ?? '7';
  const portee = parametres.get('portee') === 'moi' ? 'moi' : 'service';
  const file = useQuery({
    queryKey: ['a-traiter', jours, portee],
    queryFn: () =>
      lire<{
        aujourdhui: string;
        elements: ElementATraiter[];
        orientationsEnRetard?: OrientationEnRetard[];
        recommandationsEnRetard?: RecommandationEnRetard[];
      }>(`/api/v1/a-traiter?jours=${jours}&portee=${portee}`),
  });
  const changer = (cle: string, valeur: string) => {
    const p = new URLSearchParams(parametres);
    p.set(cle, valeur);
    setParametres(p);
  };
  return (
    <>
      <Titre sousTitre="Les échéances proches et les alertes, les plus urgentes d’abord.">À traiter</Titre>
      {utilisateur?.permissions.some((p) => p.code === 'dossier.evenement.ajouter') ? (
        <p>
          <Link to="/actes-a-rattacher">Actes de partenaires à rattacher à un dossier</Link>
        </p>
      ) : null}
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom', 'fr-mb-3w')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <SegmentedControl
            legend="Dossiers"
            segments={[
              {
                label: 'Mon travail',
                nativeInputProps: { checked: portee === 'moi', onChange: () => changer('portee', 'moi') },
              },
              {
                label: 'Tout le service',
                nativeInputProps: {
                  checked: portee === 'service',
                  onChange: () => changer('portee', 'service'),
                },
              },
            ]}
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <Select
            label="Échéances dans les"
            nativeSelectProps={{ value: jours, onChange: (e) => changer('jours', e.target.value) }}
          >
            {['3', '7', '14', '30'].map((j) => (
              <option key={j} value={j}>
                {j} prochains jours
              </option>
            ))}
          </Select>
        </div>
      </div>
      {file.data ? <RetardsCcapex {...file.data} /> : null}
      {file.isPending ? (
        <Chargement />
      ) : file.isError ? (
        <Alert severity="error" small description="Impossible de charger la file de travail." />
      ) : file.data.elements.length === 0 ? (
        <p>Rien à traiter : aucune échéance proche ni alerte.</p>
      ) : (
        <div className={fr.cx('fr-table', 'fr-table--no-caption')}>
          <table>
            <caption>Dossiers à traiter</caption>
            <thead>
              <tr>
                <th scope="col">Dossier</th>
                <th scope="col">Ménage</th>
                <th scope="col">Phase</th>
                <th scope="col">Pourquoi</th>
              </tr>
            </thead>
            <tbody>
              {file.data.elements.map((e) => {
                const raisons: string[] = [];
                if (e.prochaineEcheance && e.prochaineEcheance.date <= (file.data?.aujourdhui ?? '')) {
                  raisons.push(`${libelle(LIBELLES_ECHEANCE, e.prochaineEcheance.code)} : aujourd’hui`);
                } else if (e.prochaineEcheance) {
                  const n = joursEntre(
                    file.data?.aujourdhui ?? e.prochaineEcheance.date,
                    e.prochaineEcheance.date,
                  );
                  if (n <= Number(jours)) {
                    raisons.push(
                      `${libelle(LIBELLES_ECHEANCE, e.prochaineEcheance.code)} le ${formaterDate(e.prochaineEcheance.date)} (dans ${n} jour${n > 1 ? 's' : ''})`,
                    );
                  }
                }
                for (const a of e.alertes) raisons.push(`Alerte : ${libelle(LIBELLES_ALERTE, a)}`);
                return (
                  <tr key={e.id}>
                    <td>
                      <Link to={`/dossiers/${e.id}`}>{e.numero}</Link>
                    </td>
                    <td>{e.nomPrincipal}</td>
                    <td>
                      <BadgePhase phase={e.phase} />
                    </td>
                    <td>
                      <ul className={fr.cx('fr-mb-0')}>
                        {raisons.map((r) => (
                          <li key={r}>{r}</li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** CCAPEX secretariat: orientations and recommandations past their due date (issue #5). */
function RetardsCcapex({
  orientationsEnRetard = [],
  recommandationsEnRetard = [],
}: {
  orientationsEnRetard?: OrientationEnRetard[];
  recommandationsEnRetard?: RecommandationEnRetard[];
}) {
  if (orientationsEnRetard.length === 0 && recommandationsEnRetard.length === 0) return null;
  return (
    <div className={fr.cx('fr-mb-4w')}>
      {orientationsEnRetard.length > 0 ? (
        <div className={fr.cx('fr-table')}>
          <table>
            <caption>Orientations CCAPEX en retard</caption>
            <thead>
              <tr>
                <th scope="col">Dossier</th>
                <th scope="col">Membre destinataire</th>
                <th scope="col">Échéance</th>
              </tr>
            </thead>
            <tbody>
              {orientationsEnRetard.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/ccapex/orientations/${o.id}`}>{o.numero}</Link>
                  </td>
                  <td>{o.organisation}</td>
                  <td>{formaterDate(o.echeance)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {recommandationsEnRetard.length > 0 ? (
        <div className={fr.cx('fr-table')}>
          <table>
            <caption>Recommandations CCAPEX dont l’échéance est passée</caption>
            <thead>
              <tr>
                <th scope="col">Dossier</th>
                <th scope="col">Destinataire</th>
                <th scope="col">Échéance</th>
              </tr>
            </thead>
            <tbody>
              {recommandationsEnRetard.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/dossiers/${r.dossierId}`}>{r.numero}</Link>
                  </td>
                  <td>{r.destinataire}</td>
                  <td>{formaterDate(r.echeance)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <Link to="/ccapex/recommandations">Suivi des recommandations</Link>
          </p>
        </div>
      ) : null}
    </div>
  );
}
