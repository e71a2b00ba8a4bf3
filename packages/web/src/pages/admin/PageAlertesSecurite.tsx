import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { LIBELLES_PROFILS } from '@exploc/domain/acces/profils';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { appelerApi, ErreurApi, lire } from '../../api/client';
import { Chargement } from '../../components/Chargement';
import { formaterInstant, libelle } from '../../components/format';
import { Titre } from '../../components/Titre';

export interface AlerteSecurite {
  id: string;
  regle: string;
  libelle: string;
  agent: { id: string; email: string; nom: string; prenom: string; profil: string };
  departementCode: string | null;
  fenetreDebut: string;
  fenetreFin: string;
  nombre: number;
  seuil: number;
  detecteeLe: string;
  examen: { le: string; par: string | null; commentaire: string | null } | null;
  version: number;
}

type Statut = 'a_examiner' | 'examinees' | 'toutes';

const UNITES: Record<string, string> = {
  consultation_massive: 'dossiers distincts en une heure',
  hors_perimetre: 'accès refusés dans la journée',
  export_volumineux: 'lignes exportées',
  hors_horaires: 'accès hors des heures ouvrées dans la journée',
};

function Examen({
  alerte,
  surFin,
}: {
  alerte: AlerteSecurite;
  surFin: (texte: string, ok: boolean) => void;
}) {
  const [commentaire, setCommentaire] = useState('');
  const [erreur, setErreur] = useState<string | null>(null);
  const examiner = useMutation({
    mutationFn: () =>
      appelerApi(`/api/v1/admin/alertes-securite/${alerte.id}/examen`, {
        methode: 'POST',
        corps: { commentaire },
        entetes: { 'if-match': `"${alerte.version}"` },
      }),
    onSuccess: () => surFin('L’alerte est marquée comme examinée.', true),
    onError: (e) => {
      if (e instanceof ErreurApi && e.details.length > 0) setErreur(e.details[0]?.message ?? e.message);
      else surFin(e instanceof ErreurApi ? e.message : 'L’enregistrement a échoué.', false);
    },
  });
  const soumettre = (e: FormEvent) => {
    e.preventDefault();
    setErreur(null);
    if (commentaire.trim() === '') {
      setErreur('Indiquez ce que vous avez constaté.');
      return;
    }
    examiner.mutate();
  };
  return (
    <form onSubmit={soumettre} noValidate aria-labelledby="titre-examen" className={fr.cx('fr-mt-4w')}>
      <h2 id="titre-examen" className={fr.cx('fr-h4')}>
        Examiner l’alerte : {alerte.libelle} ({alerte.agent.prenom} {alerte.agent.nom})
      </h2>
      <Input
        label="Commentaire d’examen"
        hintText="Ce que vous avez vérifié et la suite donnée (obligatoire)"
        textArea
        state={erreur ? 'error' : 'default'}
        stateRelatedMessage={erreur ?? undefined}
        nativeTextAreaProps={{ value: commentaire, onChange: (e) => setCommentaire(e.target.value), rows: 3 }}
      />
      <Button type="submit" disabled={examiner.isPending}>
        Enregistrer l’examen
      </Button>
    </form>
  );
}

export function PageAlertesSecurite() {
  const client = useQueryClient();
  const [statut, setStatut] = useState<Statut>('a_examiner');
  const [selection, setSelection] = useState<AlerteSecurite | null>(null);
  const [message, setMessage] = useState<{ type: 'success' | 'error' | 'info'; texte: string } | null>(null);
  const alertes = useQuery({
    queryKey: ['admin', 'alertes-securite', statut],
    queryFn: () => lire<{ elements: AlerteSecurite[] }>(`/api/v1/admin/alertes-securite?statut=${statut}`),
  });
  const analyser = useMutation({
    mutationFn: () =>
      appelerApi<{ nouvelles: number }>('/api/v1/admin/alertes-securite/analyse', {
        methode: 'POST',
        corps: {},
      }),
    onSuccess: ({ donnees }) => {
      setMessage({
        type: 'info',
        texte:
          donnees.nouvelles === 0
            ? 'Analyse terminée : aucune nouvelle alerte.'
            : `Analyse terminée : ${donnees.nouvelles} nouvelle(s) alerte(s).`,
      });
      void client.invalidateQueries({ queryKey: ['admin', 'alertes-securite'] });
    },
    onError: (e) =>
      setMessage({ type: 'error', texte: e instanceof ErreurApi ? e.message : 'L’analyse a échoué.' }),
  });

  return (
    <>
      <Titre sousTitre="Anomalies relevées chaque heure dans le journal des accès des agents de votre département.">
        Alertes de sécurité
      </Titre>
      {message ? (
        <Alert
          severity={message.type}
          small
          description={message.texte}
          closable
          onClose={() => setMessage(null)}
          className={fr.cx('fr-mb-3w')}
        />
      ) : null}
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Select
            label="Alertes affichées"
            nativeSelectProps={{
              value: statut,
              onChange: (e) => {
                setStatut(e.target.value as Statut);
                setSelection(null);
              },
            }}
          >
            <option value="a_examiner">À examiner</option>
            <option value="examinees">Examinées</option>
            <option value="toutes">Toutes</option>
          </Select>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-8')}>
          <Button priority="secondary" disabled={analyser.isPending} onClick={() => analyser.mutate()}>
            Analyser maintenant
          </Button>
        </div>
      </div>
      {alertes.isPending ? (
        <Chargement />
      ) : alertes.isError ? (
        <Alert severity="error" small description="Impossible de charger les alertes." />
      ) : alertes.data.elements.length === 0 ? (
        <p className={fr.cx('fr-mt-3w')}>Aucune alerte.</p>
      ) : (
        <div className={fr.cx('fr-table', 'fr-table--no-caption', 'fr-mt-3w')}>
          <table>
            <caption>Alertes de sécurité</caption>
            <thead>
              <tr>
                <th scope="col">Détectée le</th>
                <th scope="col">Règle</th>
                <th scope="col">Agent</th>
                <th scope="col">Période</th>
                <th scope="col">Constat</th>
                <th scope="col">Examen</th>
              </tr>
            </thead>
            <tbody>
              {alertes.data.elements.map((a) => (
                <tr key={a.id}>
                  <td>{formaterInstant(a.detecteeLe)}</td>
                  <td>{a.libelle}</td>
                  <td>
                    {a.agent.prenom} {a.agent.nom}
                    <br />
                    <span className={fr.cx('fr-text--sm')}>
                      {a.agent.email} — {libelle(LIBELLES_PROFILS, a.agent.profil)}
                    </span>
                  </td>
                  <td>
                    du {formaterInstant(a.fenetreDebut)} au {formaterInstant(a.fenetreFin)}
                  </td>
                  <td>
                    {a.nombre} {UNITES[a.regle] ?? ''} (seuil : {a.seuil})
                  </td>
                  <td>
                    {a.examen ? (
                      <>
                        Examinée le {formaterInstant(a.examen.le)}
                        {a.examen.par ? ` par ${a.examen.par}` : ''} : {a.examen.commentaire}
                      </>
                    ) : (
                      <Button
                        size="small"
                        priority="secondary"
                        onClick={() => setSelection(a)}
                        title={`Examiner l’alerte « ${a.libelle} » de ${a.agent.prenom} ${a.agent.nom}`}
                      >
                        Examiner
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selection ? (
        <Examen
          key={selection.id}
          alerte={selection}
          surFin={(texte, ok) => {
            setMessage({ type: ok ? 'success' : 'error', texte });
            setSelection(null);
            void client.invalidateQueries({ queryKey: ['admin', 'alertes-securite'] });
          }}
        />
      ) : null}
    </>
  );
}
