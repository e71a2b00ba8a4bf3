import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { LIBELLES_SUIVI_RECOMMANDATION, SUIVIS_RECOMMANDATION } from '@exploc/domain/schemas/ccapex';
import {
  type DestinataireRecommandation,
  LIBELLES_DESTINATAIRE_RECOMMANDATION,
} from '@exploc/domain/schemas/ccapex-seances';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { lire } from '../../api/client';
import { Chargement } from '../../components/Chargement';
import { formaterDate, libelle } from '../../components/format';
import { Titre } from '../../components/Titre';
import { ecrire, type Message } from './SeanceTypes';

interface RecommandationSuivie {
  id: string;
  dossier: { id: string; numero: string; nomPrincipal: string | null };
  seance: { id: string; debut: string };
  commission: string;
  destinataireType: string;
  destinataireLibelle: string;
  contenu: string;
  echeance: string | null;
  enRetard: boolean;
  notifieeLe: string | null;
  suivi: string;
  suiviLe: string | null;
  suiviCommentaire: string | null;
  version: number;
}

/** Follow-up of the recommandations issued in closed séances (secretariat). */
export function PageRecommandations() {
  const [parametres, setParametres] = useSearchParams();
  const suivi = parametres.get('suivi') ?? '';
  const enRetard = parametres.get('enRetard') === 'true';
  const q = new URLSearchParams();
  if (suivi) q.set('suivi', suivi);
  if (enRetard) q.set('enRetard', 'true');
  const liste = useQuery({
    queryKey: ['ccapex-recommandations', suivi, enRetard],
    queryFn: () =>
      lire<{ aujourdhui: string; elements: RecommandationSuivie[] }>(`/api/v1/ccapex/recommandations?${q}`),
  });
  const [message, setMessage] = useState<Message>(null);
  const changer = (cle: string, valeur: string) => {
    const p = new URLSearchParams(parametres);
    if (valeur) p.set(cle, valeur);
    else p.delete(cle);
    setParametres(p);
  };
  return (
    <>
      <Titre sousTitre="Recommandations des séances closes : marquez-les réalisées ou non, avec la date et un commentaire.">
        Suivi des recommandations
      </Titre>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom', 'fr-mb-3w')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Select
            label="Suivi"
            nativeSelectProps={{ value: suivi, onChange: (e) => changer('suivi', e.target.value) }}
          >
            <option value="">Tous</option>
            {SUIVIS_RECOMMANDATION.map((s) => (
              <option key={s} value={s}>
                {LIBELLES_SUIVI_RECOMMANDATION[s]}
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Checkbox
            options={[
              {
                label: 'En retard seulement',
                nativeInputProps: {
                  checked: enRetard,
                  onChange: (e) => changer('enRetard', e.target.checked ? 'true' : ''),
                },
              },
            ]}
          />
        </div>
      </div>
      {message ? (
        <Alert
          className={fr.cx('fr-mb-3w')}
          severity={message.type}
          small
          description={message.texte}
          role={message.type === 'error' ? 'alert' : 'status'}
        />
      ) : null}
      {liste.isPending ? (
        <Chargement />
      ) : liste.isError ? (
        <Alert severity="error" small description="Impossible de charger les recommandations." />
      ) : liste.data.elements.length === 0 ? (
        <p>Aucune recommandation.</p>
      ) : (
        <div className={fr.cx('fr-table')}>
          <table>
            <caption>Recommandations ({liste.data.elements.length})</caption>
            <thead>
              <tr>
                <th scope="col">Dossier</th>
                <th scope="col">Destinataire</th>
                <th scope="col">Recommandation</th>
                <th scope="col">Échéance</th>
                <th scope="col">Suivi</th>
                <th scope="col">Mettre à jour</th>
              </tr>
            </thead>
            <tbody>
              {liste.data.elements.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link to={`/dossiers/${r.dossier.id}`}>{r.dossier.numero}</Link>
                    {r.dossier.nomPrincipal ? <div>{r.dossier.nomPrincipal}</div> : null}
                    <div className={fr.cx('fr-text--xs')}>
                      <Link to={`/ccapex/seances/${r.seance.id}`}>
                        Séance du {formaterDate(r.seance.debut)}
                      </Link>
                    </div>
                  </th>
                  <td>
                    {r.destinataireLibelle}
                    <div className={fr.cx('fr-text--xs')}>
                      {libelle(
                        LIBELLES_DESTINATAIRE_RECOMMANDATION,
                        r.destinataireType as DestinataireRecommandation,
                      )}
                    </div>
                  </td>
                  <td>{r.contenu}</td>
                  <td>
                    {formaterDate(r.echeance)}
                    {r.enRetard ? (
                      <Badge severity="error" small noIcon className={fr.cx('fr-ml-1w')}>
                        En retard
                      </Badge>
                    ) : null}
                  </td>
                  <td>
                    {libelle(LIBELLES_SUIVI_RECOMMANDATION, r.suivi)}
                    {r.suiviLe ? ` le ${formaterDate(r.suiviLe)}` : ''}
                    {r.suiviCommentaire ? (
                      <div className={fr.cx('fr-text--xs')}>{r.suiviCommentaire}</div>
                    ) : null}
                  </td>
                  <td>
                    <FormulaireSuivi
                      recommandation={r}
                      aujourdhui={liste.data.aujourdhui}
                      surMessage={setMessage}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function FormulaireSuivi({
  recommandation: r,
  aujourdhui,
  surMessage,
}: {
  recommandation: RecommandationSuivie;
  aujourdhui: string;
  surMessage: (m: Message) => void;
}) {
  const client = useQueryClient();
  const [suivi, setSuivi] = useState(r.suivi === 'a_suivre' ? 'realisee' : r.suivi);
  const [date, setDate] = useState(r.suiviLe ?? aujourdhui);
  const [commentaire, setCommentaire] = useState(r.suiviCommentaire ?? '');
  const soumettre = async (e: FormEvent) => {
    e.preventDefault();
    surMessage(
      await ecrire(
        `/api/v1/ccapex/recommandations/${r.id}/suivi`,
        { methode: 'PUT', corps: { suivi, date, commentaire: commentaire || undefined }, version: r.version },
        `Suivi de la recommandation (dossier ${r.dossier.numero}) enregistré.`,
      ),
    );
    await client.invalidateQueries({ queryKey: ['ccapex-recommandations'] });
  };
  return (
    <form onSubmit={soumettre} aria-label={`Suivi de la recommandation du dossier ${r.dossier.numero}`}>
      <Select label="Issue" nativeSelectProps={{ value: suivi, onChange: (e) => setSuivi(e.target.value) }}>
        <option value="realisee">Réalisée</option>
        <option value="non_realisee">Non réalisée</option>
      </Select>
      <Input
        label="Date"
        nativeInputProps={{
          type: 'date',
          value: date,
          max: aujourdhui,
          onChange: (e) => setDate(e.target.value),
        }}
      />
      <Input
        label="Commentaire"
        nativeInputProps={{
          value: commentaire,
          onChange: (e) => setCommentaire(e.target.value),
          maxLength: 2000,
        }}
      />
      <Button type="submit" size="small">
        Enregistrer
      </Button>
    </form>
  );
}
