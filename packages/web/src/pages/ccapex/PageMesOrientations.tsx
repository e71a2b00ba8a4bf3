import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { ToggleSwitch } from '@codegouvfr/react-dsfr/ToggleSwitch';
import { LIBELLES_PHASE } from '@exploc/domain/procedure/libelles';
import {
  ACTIONS_ORIENTATION,
  type ActionOrientation,
  LIBELLES_ACTION_ORIENTATION,
} from '@exploc/domain/schemas/ccapex';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { appelerApi, ErreurApi, lire } from '../../api/client';
import { Chargement } from '../../components/Chargement';
import { formaterDate, formaterEuros, formaterInstant, libelle } from '../../components/format';
import { Titre } from '../../components/Titre';
import { BadgeOrientation } from '../dossiers/OngletCcapex';
import { aujourdhuiParis, type Orientation, type OrientationDetaillee } from './api';

/** "Mes orientations": the orientations the commission addressed to the member's organisation. */
export function PageMesOrientations() {
  const [closes, setCloses] = useState(false);
  const liste = useQuery({
    queryKey: ['ccapex', 'orientations', closes],
    queryFn: () =>
      lire<{ elements: Orientation[] }>(`/api/v1/ccapex/orientations?closes=${closes ? '1' : '0'}`),
  });
  return (
    <>
      <Titre sousTitre="Les situations que la CCAPEX a orientées vers votre organisation, l’échéance la plus proche d’abord.">
        Mes orientations
      </Titre>
      <ToggleSwitch
        label="Afficher les orientations closes"
        checked={closes}
        onChange={setCloses}
        showCheckedHint={false}
        className={fr.cx('fr-mb-3w')}
      />
      {liste.isPending ? (
        <Chargement />
      ) : liste.isError ? (
        <Alert severity="error" small description="Impossible de charger vos orientations." />
      ) : liste.data.elements.length === 0 ? (
        <p>Aucune orientation {closes ? 'close' : 'en cours'}.</p>
      ) : (
        <Table
          caption={`Orientations ${closes ? 'closes' : 'en cours'} (${liste.data.elements.length})`}
          headers={['Dossier', 'Ménage', 'Commission', 'Objet', 'Échéance', 'Statut']}
          data={liste.data.elements.map((o) => [
            <Link key="l" to={`/ccapex/orientations/${o.id}`}>
              {o.dossier.numero}
            </Link>,
            `${o.dossier.nomPrincipal} (${o.dossier.commune})`,
            o.commission.nom,
            o.objet,
            formaterDate(o.echeance),
            <BadgeOrientation key="b" o={o} />,
          ])}
        />
      )}
    </>
  );
}

/** One orientation: the minimum of the situation, then acknowledge, record actions, close with a result. */
export function PageOrientation() {
  const { id = '' } = useParams();
  const client = useQueryClient();
  const detail = useQuery({
    queryKey: ['ccapex', 'orientation', id],
    queryFn: () => lire<OrientationDetaillee>(`/api/v1/ccapex/orientations/${id}`),
  });
  const [message, setMessage] = useState<{ type: 'success' | 'error'; texte: string } | null>(null);
  if (detail.isPending) return <Chargement texte="Chargement de l’orientation…" />;
  if (detail.isError)
    return (
      <Alert
        severity="error"
        title="Orientation introuvable"
        description="Elle n’est pas adressée à votre organisation."
      />
    );
  const o = detail.data;

  // The new version is read back before the confirmation shows: the next action carries the right If-Match.
  const recharger = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['ccapex', 'orientation', id] }),
      client.invalidateQueries({ queryKey: ['ccapex', 'orientations'] }),
    ]);
  const agir = async (chemin: string, corps: unknown, succes: string) => {
    setMessage(null);
    try {
      await appelerApi(`/api/v1/ccapex/orientations/${id}/${chemin}`, {
        methode: 'POST',
        corps,
        entetes: { 'if-match': `"${o.version}"` },
      });
      await recharger();
      setMessage({ type: 'success', texte: succes });
    } catch (err) {
      await recharger();
      setMessage({ type: 'error', texte: err instanceof ErreurApi ? err.message : 'L’action a échoué.' });
    }
  };

  return (
    <>
      <Titre
        sousTitre={`${o.commission.nom} — ${o.destinataireLibelle}`}
      >{`Orientation du dossier ${o.dossier.numero}`}</Titre>
      <p>
        <BadgeOrientation o={o} /> Échéance : {formaterDate(o.echeance)}
      </p>
      <div aria-live="polite">
        {message ? (
          <Alert severity={message.type} small description={message.texte} className={fr.cx('fr-mb-2w')} />
        ) : null}
      </div>
      <h2 className={fr.cx('fr-h4')}>Ce que la commission attend</h2>
      <p>{o.objet}</p>
      <h2 className={fr.cx('fr-h4')}>Situation</h2>
      <dl>
        <dt>Ménage</dt>
        <dd>{o.dossier.nomPrincipal}</dd>
        <dt>Logement</dt>
        <dd>{o.situation.adresse}</dd>
        <dt>Contact</dt>
        <dd>{[o.situation.telephone, o.situation.email].filter(Boolean).join(' — ') || 'Non renseigné'}</dd>
        <dt>Dette connue</dt>
        <dd>{formaterEuros(o.situation.detteEuros)}</dd>
        <dt>Étape de la procédure</dt>
        <dd>{libelle(LIBELLES_PHASE, o.situation.phase)}</dd>
      </dl>
      <h2 className={fr.cx('fr-h4')}>Suivi</h2>
      {o.accuseLe ? (
        <p>
          Prise en compte le {formaterInstant(o.accuseLe)}
          {o.accusePar ? ` par ${o.accusePar}` : ''}.
        </p>
      ) : (
        <p>Pas encore prise en compte.</p>
      )}
      {o.actions.length > 0 ? (
        <Table
          caption="Actions menées"
          headers={['Date', 'Action', 'Commentaire', 'Par']}
          data={o.actions.map((a) => [
            formaterDate(a.date),
            libelle(LIBELLES_ACTION_ORIENTATION, a.type),
            a.commentaire ?? '—',
            a.par,
          ])}
        />
      ) : null}
      {o.statut === 'close' ? (
        <p>
          Close le {o.clotureLe ? formaterInstant(o.clotureLe) : '—'}
          {o.cloturePar ? ` par ${o.cloturePar}` : ''} : {o.resultat}
        </p>
      ) : (
        <>
          {o.statut === 'envoyee' ? (
            <Button onClick={() => agir('prise-en-compte', undefined, 'Prise en compte enregistrée.')}>
              Accuser la prise en compte
            </Button>
          ) : null}
          <FormulaireAction surAction={(corps) => agir('actions', corps, 'Action enregistrée.')} />
          <FormulaireCloture surCloture={(resultat) => agir('cloture', { resultat }, 'Orientation close.')} />
        </>
      )}
    </>
  );
}

function FormulaireAction({
  surAction,
}: {
  surAction: (corps: { type: ActionOrientation; date: string; commentaire?: string }) => void;
}) {
  const [type, setType] = useState<ActionOrientation | ''>('');
  const [date, setDate] = useState(aujourdhuiParis());
  const [commentaire, setCommentaire] = useState('');
  const [erreur, setErreur] = useState<string | undefined>();
  const envoyer = (e: FormEvent) => {
    e.preventDefault();
    if (!type) {
      setErreur('Choisissez l’action menée');
      return;
    }
    setErreur(undefined);
    surAction({ type, date, ...(commentaire.trim() ? { commentaire } : {}) });
    setCommentaire('');
  };
  return (
    <form onSubmit={envoyer} noValidate aria-labelledby="titre-action" className={fr.cx('fr-mt-3w')}>
      <h3 id="titre-action" className={fr.cx('fr-h6')}>
        Enregistrer une action
      </h3>
      <Select
        label="Action menée"
        state={erreur ? 'error' : 'default'}
        stateRelatedMessage={erreur}
        nativeSelectProps={{ value: type, onChange: (e) => setType(e.target.value as ActionOrientation) }}
      >
        <option value="">Choisir</option>
        {ACTIONS_ORIENTATION.map((a) => (
          <option key={a} value={a}>
            {LIBELLES_ACTION_ORIENTATION[a]}
          </option>
        ))}
      </Select>
      <Input
        label="Date"
        nativeInputProps={{ type: 'date', value: date, onChange: (e) => setDate(e.target.value) }}
      />
      <Input
        label="Commentaire (facultatif)"
        textArea
        nativeTextAreaProps={{ value: commentaire, onChange: (e) => setCommentaire(e.target.value), rows: 2 }}
      />
      <Button type="submit" priority="secondary">
        Enregistrer l’action
      </Button>
    </form>
  );
}

function FormulaireCloture({ surCloture }: { surCloture: (resultat: string) => void }) {
  const [resultat, setResultat] = useState('');
  const [erreur, setErreur] = useState<string | undefined>();
  const envoyer = (e: FormEvent) => {
    e.preventDefault();
    if (!resultat.trim()) {
      setErreur('Indiquez le résultat de l’orientation');
      return;
    }
    setErreur(undefined);
    surCloture(resultat);
  };
  return (
    <form onSubmit={envoyer} noValidate aria-labelledby="titre-cloture" className={fr.cx('fr-mt-3w')}>
      <h3 id="titre-cloture" className={fr.cx('fr-h6')}>
        Clore l’orientation
      </h3>
      <Input
        label="Résultat"
        hintText="Ce qui a été fait et la situation du ménage à la clôture"
        textArea
        state={erreur ? 'error' : 'default'}
        stateRelatedMessage={erreur}
        nativeTextAreaProps={{ value: resultat, onChange: (e) => setResultat(e.target.value), rows: 3 }}
      />
      <Button type="submit">Clore l’orientation</Button>
    </form>
  );
}
