import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { LIBELLES_STATUT_SEANCE } from '@exploc/domain/schemas/ccapex-seances';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { appelerApi, ErreurApi, lire } from '../../api/client';
import { useUtilisateur } from '../../api/session';
import { Chargement } from '../../components/Chargement';
import { libelle } from '../../components/format';
import { Titre } from '../../components/Titre';
import { type CommissionAccessible, formaterDebut, type SeanceResume } from './SeanceTypes';

/** Séances of the CCAPEX: the secretariat plans them; members see the upcoming ones of their commission. */
export function PageSeances() {
  const { data: utilisateur } = useUtilisateur();
  const secretariat = utilisateur?.permissions.some((p) => p.code === 'ccapex.secretariat') ?? false;
  const base = secretariat ? '/api/v1/ccapex/seances' : '/api/v1/ccapex/membre/seances';
  const liste = useQuery({
    queryKey: ['ccapex-seances', base],
    queryFn: () => lire<{ elements: SeanceResume[] }>(base),
    enabled: utilisateur !== undefined,
  });
  return (
    <>
      <Titre
        sousTitre={
          secretariat
            ? 'Planifiez les séances, construisez leur ordre du jour, enregistrez avis, recommandations et décisions sur l’aide au logement.'
            : 'Les prochaines séances de votre commission et leur ordre du jour.'
        }
      >
        Séances de la CCAPEX
      </Titre>
      {secretariat ? <FormulairePlanification /> : null}
      <h2 className={fr.cx('fr-h4')}>{secretariat ? 'Toutes les séances' : 'Séances à venir'}</h2>
      {liste.isPending ? (
        <Chargement />
      ) : liste.isError ? (
        <Alert severity="error" small description="Impossible de charger les séances." />
      ) : liste.data.elements.length === 0 ? (
        <p>Aucune séance.</p>
      ) : (
        <div className={fr.cx('fr-table')}>
          <table>
            <caption>Séances</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Commission</th>
                <th scope="col">Lieu</th>
                <th scope="col">Statut</th>
                <th scope="col">Dossiers (examinés)</th>
                <th scope="col">Invitations</th>
              </tr>
            </thead>
            <tbody>
              {liste.data.elements.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/ccapex/seances/${s.id}`}>{formaterDebut(s.debutLocal)}</Link>
                  </td>
                  <td>{s.commission.nom}</td>
                  <td>{s.lieu}</td>
                  <td>{libelle(LIBELLES_STATUT_SEANCE, s.statut)}</td>
                  <td>
                    {s.nbDossiers} ({s.nbExamines})
                  </td>
                  <td>{s.invitationsEnvoyeesLe ? 'Envoyées' : 'Non envoyées'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function FormulairePlanification() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const commissions = useQuery({
    queryKey: ['ccapex-seances-commissions'],
    queryFn: () => lire<{ elements: CommissionAccessible[] }>('/api/v1/ccapex/seances/commissions'),
  });
  const [commissionId, setCommissionId] = useState('');
  const [debut, setDebut] = useState('');
  const [lieu, setLieu] = useState('');
  const [erreurs, setErreurs] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const actives = commissions.data?.elements.filter((c) => c.actif) ?? [];
  const choisie = commissionId || actives[0]?.id || '';
  const soumettre = async (e: FormEvent) => {
    e.preventDefault();
    setErreurs({});
    setMessage(null);
    try {
      const { donnees } = await appelerApi<{ id: string }>('/api/v1/ccapex/seances', {
        methode: 'POST',
        corps: { commissionId: choisie, debut, lieu },
      });
      await client.invalidateQueries({ queryKey: ['ccapex-seances'] });
      navigate(`/ccapex/seances/${donnees.id}`);
    } catch (x) {
      if (!(x instanceof ErreurApi)) throw x;
      setErreurs(Object.fromEntries(x.details.map((d) => [d.chemin, d.message])));
      setMessage(x.message);
    }
  };
  const etat = (champ: string) =>
    erreurs[champ] ? { state: 'error' as const, stateRelatedMessage: erreurs[champ] } : {};
  return (
    <section className={fr.cx('fr-mb-5w')}>
      <h2 className={fr.cx('fr-h4')}>Planifier une séance</h2>
      {message ? (
        <Alert severity="error" small description={message} role="alert" className={fr.cx('fr-mb-2w')} />
      ) : null}
      <form onSubmit={soumettre} noValidate>
        <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Select
              label="Commission"
              nativeSelectProps={{
                value: choisie,
                onChange: (e) => setCommissionId(e.target.value),
                required: true,
              }}
              {...etat('commissionId')}
            >
              {actives.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.nom}
                </option>
              ))}
            </Select>
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Input
              label="Date et heure"
              hintText="Heure locale du département"
              nativeInputProps={{
                type: 'datetime-local',
                value: debut,
                onChange: (e) => setDebut(e.target.value),
                required: true,
              }}
              {...etat('debut')}
            />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Input
              label="Lieu"
              hintText="Adresse et salle"
              nativeInputProps={{
                value: lieu,
                onChange: (e) => setLieu(e.target.value),
                required: true,
                maxLength: 300,
              }}
              {...etat('lieu')}
            />
          </div>
        </div>
        <Button type="submit" disabled={!choisie}>
          Planifier la séance
        </Button>
      </form>
    </section>
  );
}
