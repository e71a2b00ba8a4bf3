import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { SegmentedControl } from '@codegouvfr/react-dsfr/SegmentedControl';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { LIBELLES_ORIGINE_SAISINE, LIBELLES_STATUT_SAISINE } from '@exploc/domain/schemas/ccapex';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { appelerApi, ErreurApi, lire } from '../../api/client';
import type { Liste } from '../../api/dossiers';
import { Chargement } from '../../components/Chargement';
import { formaterDate, formaterEuros, formaterInstant, libelle } from '../../components/format';
import { Titre } from '../../components/Titre';
import { focaliser, type Saisine, type SaisineDetaillee } from './api';

type Statut = Saisine['statut'];
const ACTIONS: Record<string, string> = {
  reception: 'Réception',
  acceptation: 'Acceptation',
  fusion: 'Fusion dans un dossier existant',
  redirection: 'Redirection',
  rejet: 'Rejet',
};

/**
 * The secretariat's triage inbox: every incoming flow (landlords, commissaires de justice, CAF/MSA, households,
 * social workers, members) waits here until it is accepted (new or named dossier), merged into an existing
 * dossier, redirected to another commission of the département, or rejected with a reason.
 */
export function PageSaisinesATrier() {
  const [statut, setStatut] = useState<Statut>('a_trier');
  const [choisie, setChoisie] = useState<string | null>(null);
  const [message, setMessage] = useState<{ type: 'success' | 'error'; texte: string } | null>(null);
  const liste = useQuery({
    queryKey: ['ccapex', 'saisines', statut],
    queryFn: () => lire<{ elements: Saisine[] }>(`/api/v1/ccapex/saisines?statut=${statut}`),
  });
  return (
    <>
      <Titre sousTitre="Saisines, signalements et alertes reçus par vos commissions, les plus anciens d’abord.">
        Saisines à trier
      </Titre>
      <SegmentedControl
        legend="Afficher"
        segments={[
          {
            label: 'À trier',
            nativeInputProps: { checked: statut === 'a_trier', onChange: () => setStatut('a_trier') },
          },
          {
            label: 'Acceptées',
            nativeInputProps: { checked: statut === 'acceptee', onChange: () => setStatut('acceptee') },
          },
          {
            label: 'Rejetées',
            nativeInputProps: { checked: statut === 'rejetee', onChange: () => setStatut('rejetee') },
          },
        ]}
        className={fr.cx('fr-mb-3w')}
      />
      <div aria-live="polite">
        {message ? (
          <Alert severity={message.type} small description={message.texte} className={fr.cx('fr-mb-2w')} />
        ) : null}
      </div>
      {liste.isPending ? (
        <Chargement />
      ) : liste.isError ? (
        <Alert severity="error" small description="Impossible de charger les saisines." />
      ) : liste.data.elements.length === 0 ? (
        <p>
          Aucune saisine{' '}
          {statut === 'a_trier' ? 'à trier' : libelle(LIBELLES_STATUT_SAISINE, statut).toLowerCase()}.
        </p>
      ) : (
        <Table
          caption={`Saisines (${liste.data.elements.length})`}
          headers={[
            'Reçue le',
            'Origine',
            'Ménage ou dossier',
            'Commune',
            'Commission',
            'Dossier candidat',
            'Action',
          ]}
          data={liste.data.elements.map((s) => [
            `${formaterInstant(s.recuLe)} (${s.ageJours} j)`,
            `${libelle(LIBELLES_ORIGINE_SAISINE, s.origine)}${s.deposant ? ` — ${s.deposant}` : ''}`,
            s.dossier ? (
              <Link key="d" to={`/dossiers/${s.dossier.id}`}>
                {s.dossier.numero} {s.dossier.nomPrincipal}
              </Link>
            ) : (
              (s.menage ?? '—')
            ),
            s.commune?.nom ?? '—',
            s.commission.nom,
            s.candidat ? `${s.candidat.numero} ${s.candidat.nomPrincipal ?? ''}` : '—',
            <Button
              key="t"
              size="small"
              priority={choisie === s.id ? 'primary' : 'secondary'}
              onClick={() => {
                setMessage(null);
                setChoisie(choisie === s.id ? null : s.id);
              }}
              aria-expanded={choisie === s.id}
            >
              {s.statut === 'a_trier' ? 'Trier' : 'Voir'}
              <span className={fr.cx('fr-sr-only')}> la saisine reçue le {formaterInstant(s.recuLe)}</span>
            </Button>,
          ])}
        />
      )}
      {choisie ? (
        <DetailSaisine
          key={choisie}
          id={choisie}
          surFin={(texte) => {
            setMessage({ type: 'success', texte });
            setChoisie(null);
          }}
        />
      ) : null}
    </>
  );
}

function DetailSaisine({ id, surFin }: { id: string; surFin: (message: string) => void }) {
  const client = useQueryClient();
  const detail = useQuery({
    queryKey: ['ccapex', 'saisine', id],
    queryFn: () => lire<SaisineDetaillee>(`/api/v1/ccapex/saisines/${id}`),
  });
  const [erreur, setErreur] = useState<string | null>(null);
  if (detail.isPending) return <Chargement texte="Chargement de la saisine…" />;
  if (detail.isError) return <Alert severity="error" small description="Saisine introuvable." />;
  const s = detail.data;

  const agir = async (chemin: string, corps: unknown, succes: string) => {
    setErreur(null);
    try {
      const r = await appelerApi<{ dossierId?: string | null; dossierNumero?: string | null }>(
        `/api/v1/ccapex/saisines/${id}/${chemin}`,
        { methode: 'POST', corps, entetes: { 'if-match': `"${s.version}"` } },
      );
      await client.invalidateQueries({ queryKey: ['ccapex', 'saisines'] });
      client.removeQueries({ queryKey: ['ccapex', 'saisine', id] });
      surFin(r.donnees.dossierNumero ? `${succes} Dossier ${r.donnees.dossierNumero} créé.` : succes);
    } catch (err) {
      setErreur(err instanceof ErreurApi ? err.message : 'L’action a échoué.');
      await client.invalidateQueries({ queryKey: ['ccapex', 'saisine', id] });
    }
  };

  const d = s.donnees;
  return (
    <section
      aria-labelledby="titre-saisine"
      className={fr.cx('fr-mt-4w', 'fr-p-3w')}
      style={{ border: '1px solid var(--border-default-grey)' }}
    >
      <h2 id="titre-saisine" tabIndex={-1} ref={focaliser} className={fr.cx('fr-h4')}>
        {libelle(LIBELLES_ORIGINE_SAISINE, s.origine)} reçue le {formaterInstant(s.recuLe)}
      </h2>
      <dl>
        <dt>Ménage</dt>
        <dd>{s.dossier?.nomPrincipal ?? s.menage ?? '—'}</dd>
        {d.dossier?.logement?.adresse?.ligne ? (
          <>
            <dt>Logement</dt>
            <dd>
              {d.dossier.logement.adresse.ligne}, {d.dossier.logement.adresse.codePostal}{' '}
              {s.commune?.nom ?? ''}
            </dd>
          </>
        ) : null}
        {d.detteMontant !== undefined ? (
          <>
            <dt>Dette déclarée</dt>
            <dd>
              {formaterEuros(d.detteMontant)} au {formaterDate(d.dateArreteDette)}
              {d.moisImpayes !== undefined ? ` (${d.moisImpayes} mois d’impayés)` : ''}
            </dd>
          </>
        ) : null}
        {d.message ? (
          <>
            <dt>Message</dt>
            <dd>{d.message}</dd>
          </>
        ) : null}
      </dl>
      <h3 className={fr.cx('fr-h6')}>Historique</h3>
      <ul>
        {s.actions.map((a) => (
          <li key={`${a.action}-${a.le}`}>
            {formaterInstant(a.le)} — {ACTIONS[a.action] ?? a.action}
            {a.vers && a.action === 'redirection' ? ` vers ${a.vers}` : ''}
            {a.motif ? ` (${a.motif})` : ''}
            {a.auteur ? ` par ${a.auteur}` : ''}
          </li>
        ))}
      </ul>
      <div aria-live="assertive">
        {erreur ? <Alert severity="error" small description={erreur} className={fr.cx('fr-mb-2w')} /> : null}
      </div>
      {s.statut === 'a_trier' ? (
        <>
          <h3 className={fr.cx('fr-h6')}>Accepter</h3>
          <p>
            {s.dossier
              ? `La saisine est acceptée dans le dossier ${s.dossier.numero}.`
              : 'Un dossier est créé à partir de la saisine, dans cette commission.'}{' '}
            La saisine de la CCAPEX est inscrite à la date de réception, sauf si le dossier porte déjà l’acte.
          </p>
          <Button onClick={() => agir('acceptation', undefined, 'Saisine acceptée.')}>
            Accepter la saisine
          </Button>
          {!s.dossier ? (
            <Fusion
              saisine={s}
              surFusion={(dossierId) =>
                agir('fusion', { dossierId }, 'Saisine rattachée au dossier existant.')
              }
            />
          ) : null}
          <Redirection
            saisine={s}
            surRedirection={(corps) => agir('redirection', corps, 'Saisine redirigée.')}
          />
          <Rejet surRejet={(motif) => agir('rejet', { motif }, 'Saisine rejetée.')} />
        </>
      ) : (
        <p>
          {libelle(LIBELLES_STATUT_SAISINE, s.statut)}
          {s.motifRejet ? ` : ${s.motifRejet}` : ''}
        </p>
      )}
    </section>
  );
}

function Fusion({
  saisine,
  surFusion,
}: {
  saisine: SaisineDetaillee;
  surFusion: (dossierId: string) => void;
}) {
  const [q, setQ] = useState('');
  const [resultats, setResultats] = useState<Liste['elements'] | null>(null);
  const chercher = async (e: FormEvent) => {
    e.preventDefault();
    if (q.trim().length < 2) return;
    setResultats(
      (await lire<Liste>(`/api/v1/dossiers?q=${encodeURIComponent(q.trim())}`)).elements.slice(0, 10),
    );
  };
  return (
    <>
      <h3 className={fr.cx('fr-h6', 'fr-mt-3w')}>Fusionner avec un dossier existant</h3>
      {saisine.candidat ? (
        <p>
          Dossier du même logement et du même locataire : {saisine.candidat.numero}{' '}
          {saisine.candidat.nomPrincipal}{' '}
          <Button
            size="small"
            priority="secondary"
            onClick={() => saisine.candidat && surFusion(saisine.candidat.id)}
          >
            Fusionner avec {saisine.candidat.numero}
          </Button>
        </p>
      ) : null}
      <search>
        <form onSubmit={chercher} aria-label="Chercher un dossier pour la fusion">
          <Input
            label="Chercher un dossier (numéro, nom, adresse)"
            nativeInputProps={{ value: q, onChange: (e) => setQ(e.target.value) }}
          />
          <Button type="submit" size="small" priority="secondary">
            Chercher
          </Button>
        </form>
      </search>
      {resultats ? (
        resultats.length === 0 ? (
          <p>Aucun dossier trouvé.</p>
        ) : (
          <ul>
            {resultats.map((r) => (
              <li key={r.id}>
                {r.numero} — {r.menage.nomPrincipal ?? '—'} — {r.adresse.ligne}, {r.adresse.commune}{' '}
                <Button size="small" priority="tertiary" onClick={() => surFusion(r.id)}>
                  Fusionner
                  <span className={fr.cx('fr-sr-only')}> avec le dossier {r.numero}</span>
                </Button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </>
  );
}

function Redirection({
  saisine,
  surRedirection,
}: {
  saisine: SaisineDetaillee;
  surRedirection: (corps: { commissionId: string; motif: string }) => void;
}) {
  const destinations = useQuery({
    queryKey: ['ccapex', 'destinations'],
    queryFn: () =>
      lire<{ elements: { id: string; nom: string; departementCode: string }[] }>(
        '/api/v1/ccapex/saisines/destinations',
      ),
  });
  const [commissionId, setCommissionId] = useState('');
  const [motif, setMotif] = useState('');
  const [erreurs, setErreurs] = useState<Record<string, string>>({});
  const autres = (destinations.data?.elements ?? []).filter(
    (c) => c.id !== saisine.commission.id && c.departementCode === saisine.departementCode,
  );
  const envoyer = (e: FormEvent) => {
    e.preventDefault();
    const err: Record<string, string> = {};
    if (!commissionId) err.commissionId = 'Choisissez la commission';
    if (motif.trim().length < 5) err.motif = 'Le motif est obligatoire (5 caractères au moins)';
    setErreurs(err);
    if (Object.keys(err).length === 0) surRedirection({ commissionId, motif });
  };
  return (
    <form onSubmit={envoyer} noValidate aria-labelledby="titre-redirection">
      <h3 id="titre-redirection" className={fr.cx('fr-h6', 'fr-mt-3w')}>
        Rediriger vers une autre commission
      </h3>
      <Select
        label="Commission"
        state={erreurs.commissionId ? 'error' : 'default'}
        stateRelatedMessage={erreurs.commissionId}
        nativeSelectProps={{ value: commissionId, onChange: (e) => setCommissionId(e.target.value) }}
      >
        <option value="">Choisir</option>
        {autres.map((c) => (
          <option key={c.id} value={c.id}>
            {c.nom}
          </option>
        ))}
      </Select>
      <Input
        label="Motif de la redirection"
        state={erreurs.motif ? 'error' : 'default'}
        stateRelatedMessage={erreurs.motif}
        nativeInputProps={{ value: motif, onChange: (e) => setMotif(e.target.value) }}
      />
      <Button type="submit" priority="secondary">
        Rediriger
      </Button>
    </form>
  );
}

function Rejet({ surRejet }: { surRejet: (motif: string) => void }) {
  const [motif, setMotif] = useState('');
  const [erreur, setErreur] = useState<string | undefined>();
  const envoyer = (e: FormEvent) => {
    e.preventDefault();
    if (motif.trim().length < 5) {
      setErreur('Le motif du rejet est obligatoire (5 caractères au moins)');
      return;
    }
    setErreur(undefined);
    surRejet(motif);
  };
  return (
    <form onSubmit={envoyer} noValidate aria-labelledby="titre-rejet">
      <h3 id="titre-rejet" className={fr.cx('fr-h6', 'fr-mt-3w')}>
        Rejeter
      </h3>
      <Input
        label="Motif du rejet"
        state={erreur ? 'error' : 'default'}
        stateRelatedMessage={erreur}
        nativeInputProps={{ value: motif, onChange: (e) => setMotif(e.target.value) }}
      />
      <Button type="submit" priority="tertiary">
        Rejeter la saisine
      </Button>
    </form>
  );
}
