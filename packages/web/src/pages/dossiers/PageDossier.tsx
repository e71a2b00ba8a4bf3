import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { Tabs } from '@codegouvfr/react-dsfr/Tabs';
import {
  LIBELLES_ACTEUR,
  LIBELLES_ECHEANCE,
  LIBELLES_TYPE_EVENEMENT,
} from '@exploc/domain/procedure/libelles';
import type { TypeEvenement } from '@exploc/domain/procedure/scenario';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { appelerApi, ErreurApi, lire } from '../../api/client';
import { type Dossier, requeteDossier } from '../../api/dossiers';
import { useUtilisateur } from '../../api/session';
import { BadgePhase } from '../../components/BadgePhase';
import { Chargement } from '../../components/Chargement';
import { Chronologie, type EvenementChronologie } from '../../components/Chronologie';
import { type EvenementSoumis, FormulaireEvenement } from '../../components/FormulaireEvenement';
import { formaterDate, formaterEuros, formaterInstant, libelle } from '../../components/format';
import { GraphiqueDette } from '../../components/GraphiqueDette';
import { Titre } from '../../components/Titre';
import { ReclamationIndemnisation } from '../bailleur/ReclamationIndemnisation';
import { Page404 } from '../erreurs/PagesErreur';
import { OngletIndemnisation } from '../indemnisation/OngletIndemnisation';
import { CompartimentCcapex } from './CompartimentCcapex';
import { Documents } from './Documents';
import { Echanges } from './Echanges';
import { OngletCcapex } from './OngletCcapex';

const ROLES: Record<string, string> = {
  titulaire: 'Titulaire du bail',
  cotitulaire: 'Cotitulaire',
  occupant: 'Occupant',
};
const TYPES_BAILLEUR: Record<string, string> = {
  personne_physique: 'Personne physique',
  sci_familiale: 'SCI familiale',
  personne_morale: 'Personne morale',
};
const ACTIONS_HISTORIQUE: Record<string, string> = {
  creation: 'Création du dossier',
  ajout_evenement: 'Ajout d’un acte',
  correction_evenement: 'Correction d’un acte',
  modification: 'Modification',
  attribution: 'Attribution',
  note: 'Note interne',
};

function aujourdhuiParis(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
}

export function PageDossier() {
  const { id = '' } = useParams();
  const client = useQueryClient();
  const { data: utilisateur } = useUtilisateur();
  const requete = useQuery({ ...requeteDossier(id), retry: false });
  // « Usable »: the dossier's data is on screen. The mark is what the benchmark and the browser tests read
  // (Performance API, from the navigation's start).
  useEffect(() => {
    if (requete.data) performance.mark('exploc:dossier-affiche', { detail: requete.data.numero });
  }, [requete.data]);
  const [message, setMessage] = useState<{ type: 'success' | 'error'; titre: string; texte: string } | null>(
    null,
  );
  const [erreursChamps, setErreursChamps] = useState<Record<string, string>>({});
  const [correction, setCorrection] = useState<EvenementChronologie | null>(null);
  const [onglet, setOnglet] = useState('Procédure');

  if (requete.isPending) return <Chargement texte="Chargement du dossier…" />;
  if (requete.isError) {
    if (requete.error instanceof ErreurApi && requete.error.statut === 404) return <Page404 />;
    return (
      <Alert severity="error" title="Impossible d’afficher le dossier" description={requete.error.message} />
    );
  }
  const d = requete.data;
  const permissions = new Set(utilisateur?.permissions.map((p) => p.code));
  const aujourdhui = aujourdhuiParis();
  const recharger = () => client.invalidateQueries({ queryKey: ['dossier', id] });

  const enregistrer = async (e: EvenementSoumis, remplace?: string, motif?: string) => {
    setMessage(null);
    setErreursChamps({});
    try {
      await appelerApi(`/api/v1/dossiers/${d.id}/evenements`, {
        methode: 'POST',
        corps: { ...e, ...(remplace ? { remplace, motifCorrection: motif } : {}) },
        entetes: { 'if-match': `"${d.version}"` },
      });
      setMessage({
        type: 'success',
        titre: 'Enregistré',
        texte: `${libelle(LIBELLES_TYPE_EVENEMENT, e.type)} du ${formaterDate(e.date)} enregistré.`,
      });
      setCorrection(null);
      await recharger();
    } catch (err) {
      if (err instanceof ErreurApi) {
        if (err.statut === 400)
          setErreursChamps(Object.fromEntries(err.details.map((x) => [x.chemin, x.message])));
        setMessage({
          type: 'error',
          titre:
            err.statut === 422
              ? 'Acte incohérent avec la procédure'
              : err.statut === 412
                ? 'Dossier modifié entre-temps'
                : 'Enregistrement impossible',
          texte: err.message,
        });
        if (err.statut === 412) await recharger();
      }
    }
  };

  const pointsDette = d.evenements
    .filter((e) => !e.remplacePar && typeof e.montantDette === 'number')
    .map((e) => ({
      date: e.date,
      montant: e.montantDette as number,
      source: libelle(LIBELLES_TYPE_EVENEMENT, e.type),
    }));

  const onglets = [
    {
      label: 'Procédure',
      content: (
        <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
          <div className={fr.cx('fr-col-12', 'fr-col-lg-7')}>
            <h2 className={fr.cx('fr-h4')}>Chronologie</h2>
            <Chronologie
              evenements={d.evenements}
              echeances={d.echeances}
              aujourdhui={aujourdhui}
              actions={
                permissions.has('dossier.evenement.ajouter')
                  ? (e) => (
                      <Button size="small" priority="tertiary no outline" onClick={() => setCorrection(e)}>
                        Corriger
                        <span className={fr.cx('fr-sr-only')}>
                          {' '}
                          : {libelle(LIBELLES_TYPE_EVENEMENT, e.type)} du {formaterDate(e.date)}
                        </span>
                      </Button>
                    )
                  : undefined
              }
            />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-lg-5')}>
            <h2 className={fr.cx('fr-h4')}>Prochains actes possibles</h2>
            {d.evenementsPossibles.length === 0 ? (
              <p>Aucun acte attendu.</p>
            ) : (
              <ul>
                {d.evenementsPossibles.map((p) => (
                  <li key={p.type}>
                    {p.libelle} — <em>{libelle(LIBELLES_ACTEUR, p.acteurAttendu)}</em>
                  </li>
                ))}
              </ul>
            )}
            {permissions.has('dossier.evenement.ajouter') ? (
              <section aria-labelledby="titre-nouvel-acte">
                <h2 id="titre-nouvel-acte" className={fr.cx('fr-h4')}>
                  {correction ? 'Corriger un acte' : 'Enregistrer un acte'}
                </h2>
                {correction ? (
                  <FormulaireCorrection
                    cible={correction}
                    erreurs={erreursChamps}
                    surAnnulation={() => setCorrection(null)}
                    surSoumission={(e, motif) => enregistrer(e, correction.id, motif)}
                  />
                ) : (
                  <FormulaireEvenement
                    typesProposes={d.evenementsPossibles.map((p) => p.type as TypeEvenement)}
                    dateMax={aujourdhui}
                    erreurs={erreursChamps}
                    surSoumission={(e) => enregistrer(e)}
                  />
                )}
              </section>
            ) : null}
          </div>
        </div>
      ),
    },
    {
      label: 'Ménage et logement',
      content: (
        <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
            <h2 className={fr.cx('fr-h4')}>Ménage</h2>
            {d.menage.personnes.length > 0 ? (
              <Table
                caption="Personnes du ménage"
                headers={['Nom', 'Prénoms', 'Rôle', 'Date de naissance']}
                data={d.menage.personnes.map((p) => [
                  p.nom,
                  p.prenoms,
                  ROLES[p.role] ?? p.role,
                  formaterDate(p.dateNaissance),
                ])}
              />
            ) : (
              <p>Votre profil ne donne pas accès à l’identité des personnes.</p>
            )}
            <dl>
              <dt>Téléphone</dt>
              <dd>{d.menage.telephone ?? '—'}</dd>
              <dt>Adresse électronique</dt>
              <dd>{d.menage.email ?? '—'}</dd>
              <dt>Composition</dt>
              <dd>
                {d.menage.composition
                  ? `${d.menage.composition.adultes} adulte(s), ${d.menage.composition.enfants} enfant(s)`
                  : '—'}
              </dd>
              <dt>Ressources mensuelles</dt>
              <dd>{formaterEuros(d.menage.ressourcesMensuelles)}</dd>
              <dt>Allocataire</dt>
              <dd>
                {d.menage.allocataire
                  ? `${d.menage.allocataire.organisme.toUpperCase()} n° ${d.menage.allocataire.numero ?? '—'}`
                  : '—'}
              </dd>
              {d.prioritaireDalo !== null ? (
                <>
                  <dt>Prioritaire DALO</dt>
                  <dd>{d.prioritaireDalo ? 'Oui' : 'Non'}</dd>
                  <dt>Relogement assuré</dt>
                  <dd>{d.relogementAssure ? 'Oui' : 'Non'}</dd>
                </>
              ) : null}
            </dl>
            {permissions.has('dossier.modifier') ? <SituationMenage dossier={d} surFin={recharger} /> : null}
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
            <h2 className={fr.cx('fr-h4')}>Logement et bail</h2>
            <dl>
              <dt>Adresse</dt>
              <dd>
                {d.logement.adresse
                  ? `${d.logement.adresse.ligne}, ${d.logement.adresse.codePostal} ${d.logement.adresse.commune}`
                  : d.territoire.communeNom}
              </dd>
              <dt>Parc</dt>
              <dd>{d.logement.social ? 'Logement social' : 'Parc privé'}</dd>
              <dt>Bail signé le</dt>
              <dd>{formaterDate(d.bail.dateSignature)}</dd>
              <dt>Dernier renouvellement</dt>
              <dd>{formaterDate(d.bail.dateDernierRenouvellement)}</dd>
              <dt>Loyer hors charges</dt>
              <dd>{formaterEuros(d.bail.loyerMensuelHC)}</dd>
              <dt>Charges</dt>
              <dd>{formaterEuros(d.bail.chargesMensuelles)}</dd>
            </dl>
            <h2 className={fr.cx('fr-h4')}>Bailleur</h2>
            <p>
              {d.bailleur.nom} — {TYPES_BAILLEUR[d.bailleur.type] ?? d.bailleur.type}
              {d.bailleur.siret ? ` — SIRET ${d.bailleur.siret}` : ''}
            </p>
          </div>
        </div>
      ),
    },
    { label: 'Dette', content: <GraphiqueDette points={pointsDette} /> },
    {
      label: 'Documents',
      content: (
        <Documents
          dossierId={d.id}
          version={d.version}
          peutDeposer={permissions.has('dossier.evenement.ajouter')}
          surDepot={recharger}
        />
      ),
    },
    { label: 'Échanges', content: <Echanges dossierId={d.id} /> },
    // The State's indemnity (CPCE L153-1, R154-1 to R154-7) is instructed by the préfecture only.
    ...(permissions.has('indemnisation.instruire')
      ? [
          {
            label: 'Indemnisation',
            content: <OngletIndemnisation dossierId={d.id} surModification={recharger} />,
          },
        ]
      : []),
    // The landlord's indemnity claim (CPCE R154-2), or the agent's entry of a claim received on paper.
    ...(permissions.has('indemnisation.reclamer') || permissions.has('indemnisation.instruire')
      ? [
          {
            label: 'Demande d’indemnisation',
            content: (
              <ReclamationIndemnisation
                dossierId={d.id}
                mode={permissions.has('indemnisation.reclamer') ? 'bailleur' : 'agent'}
                surDepot={recharger}
              />
            ),
          },
        ]
      : []),
    // CCAPEX (issue #5): saisines, orientations; séances/avis and secret notes are added inside OngletCcapex.
    ...(permissions.has('ccapex.secretariat') ||
    permissions.has('ccapex.membre') ||
    permissions.has('ccapex.saisir')
      ? [
          {
            label: 'CCAPEX',
            content: (
              <OngletCcapex dossierId={d.id}>
                {d.compartimentCcapex ? <CompartimentCcapex dossierId={d.id} /> : null}
              </OngletCcapex>
            ),
          },
        ]
      : []),
    ...(d.notes !== null
      ? [{ label: 'Notes internes', content: <Notes dossier={d} surAjout={recharger} /> }]
      : []),
    {
      label: 'Historique',
      content: (
        <Table
          caption="Historique des modifications"
          headers={['Date', 'Action', 'Détail', 'Par']}
          data={d.historique.map((h) => [
            formaterInstant(h.le),
            ACTIONS_HISTORIQUE[h.action] ?? h.action,
            h.champs.map((c) => libelle(LIBELLES_TYPE_EVENEMENT, c)).join(', '),
            h.auteur ?? '—',
          ])}
        />
      ),
    },
  ];
  const ouvert = onglets.find((o) => o.label === onglet) ?? onglets[0];

  return (
    <>
      <Titre>{`Dossier ${d.numero}`}</Titre>
      <p className={fr.cx('fr-text--lead')}>
        {d.menage.nomPrincipal ?? 'Ménage'} — {d.territoire.communeNom} ({d.territoire.departement})
      </p>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-mb-2w')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <p className={fr.cx('fr-mb-0')}>Phase</p>
          <BadgePhase phase={d.phase} />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <p className={fr.cx('fr-mb-0')}>Prochaine échéance</p>
          <p className={fr.cx('fr-text--bold')}>
            {d.prochaineEcheance
              ? `${formaterDate(d.prochaineEcheance.date)} — ${libelle(LIBELLES_ECHEANCE, d.prochaineEcheance.code)}`
              : 'Aucune'}
          </p>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <p className={fr.cx('fr-mb-0')}>Dette connue</p>
          <p className={fr.cx('fr-text--bold')}>{formaterEuros(d.dette)}</p>
        </div>
      </div>
      {d.alertes.map((a) => (
        <Alert
          key={a.code}
          severity="warning"
          small
          className={fr.cx('fr-mb-2w')}
          description={`${a.message} (${a.fondement})`}
        />
      ))}
      {message ? (
        <Alert
          severity={message.type}
          title={message.titre}
          description={message.texte}
          closable
          onClose={() => setMessage(null)}
          className={fr.cx('fr-mb-2w')}
        />
      ) : null}
      {permissions.has('dossier.assigner') ? <Attribution dossier={d} surFin={recharger} /> : null}
      {permissions.has('dossier.exporter') ? (
        <div className={fr.cx('fr-mb-2w')}>
          <p className={fr.cx('fr-mb-1w')}>
            Droit d’accès : toutes les données détenues sur le ménage (export journalisé).
          </p>
          <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline', 'fr-btns-group--sm')}>
            <li>
              <a
                className={fr.cx('fr-btn', 'fr-btn--secondary')}
                href={`/api/v1/dossiers/${d.id}/droit-acces?format=pdf`}
                download
              >
                Exporter les données du ménage (PDF)
              </a>
            </li>
            <li>
              <a
                className={fr.cx('fr-btn', 'fr-btn--secondary')}
                href={`/api/v1/dossiers/${d.id}/droit-acces?format=json`}
                download
              >
                Exporter les données du ménage (JSON)
              </a>
            </li>
          </ul>
        </div>
      ) : null}
      {/* Controlled: only the open section is rendered (and fetches its data), not the nine at once. */}
      <Tabs
        tabs={onglets.map((o) => ({ tabId: o.label, label: o.label }))}
        selectedTabId={ouvert?.label ?? 'Procédure'}
        onTabChange={setOnglet}
        label="Sections du dossier"
      >
        {ouvert?.content}
      </Tabs>
    </>
  );
}

function FormulaireCorrection({
  cible,
  erreurs,
  surSoumission,
  surAnnulation,
}: {
  cible: EvenementChronologie;
  erreurs: Record<string, string>;
  surSoumission: (e: EvenementSoumis, motif: string) => void;
  surAnnulation: () => void;
}) {
  const [motif, setMotif] = useState('');
  const [erreurMotif, setErreurMotif] = useState<string | null>(null);
  return (
    <>
      <p>
        Vous corrigez : <strong>{libelle(LIBELLES_TYPE_EVENEMENT, cible.type)}</strong> du{' '}
        {formaterDate(cible.date)}. L’acte d’origine restera visible, marqué comme corrigé.
      </p>
      <Input
        label="Motif de la correction"
        state={erreurMotif ? 'error' : 'default'}
        stateRelatedMessage={erreurMotif ?? undefined}
        nativeInputProps={{ value: motif, onChange: (e) => setMotif(e.target.value) }}
      />
      <FormulaireEvenement
        typeInitial={cible.type as TypeEvenement}
        erreurs={erreurs}
        libelleBouton="Enregistrer la correction"
        surAnnulation={surAnnulation}
        surSoumission={(e) => {
          if (!motif.trim()) {
            setErreurMotif('Indiquez le motif de la correction');
            return;
          }
          surSoumission(e, motif.trim());
        }}
      />
    </>
  );
}

function Attribution({ dossier, surFin }: { dossier: Dossier; surFin: () => void }) {
  const agents = useQuery({
    queryKey: ['agents'],
    queryFn: () => lire<{ elements: { id: string; nom: string }[] }>('/api/v1/agents'),
  });
  const [erreur, setErreur] = useState<string | null>(null);
  return (
    <div className={fr.cx('fr-mb-3w')} style={{ maxWidth: '30rem' }}>
      <Select
        label="Agent chargé du dossier"
        state={erreur ? 'error' : 'default'}
        stateRelatedMessage={erreur ?? undefined}
        nativeSelectProps={{
          value: dossier.agent?.id ?? '',
          onChange: async (e) => {
            setErreur(null);
            try {
              await appelerApi(`/api/v1/dossiers/${dossier.id}`, {
                methode: 'PATCH',
                corps: { agentId: e.target.value || null },
                entetes: { 'if-match': `"${dossier.version}"` },
              });
              surFin();
            } catch (err) {
              setErreur(err instanceof ErreurApi ? err.message : 'Échec de l’attribution');
            }
          },
        }}
      >
        <option value="">Aucun agent</option>
        {(agents.data?.elements ?? []).map((a) => (
          <option key={a.id} value={a.id}>
            {a.nom}
          </option>
        ))}
      </Select>
    </div>
  );
}

function Notes({ dossier, surAjout }: { dossier: Dossier; surAjout: () => void }) {
  const [texte, setTexte] = useState('');
  const [erreur, setErreur] = useState<string | null>(null);
  const ajouter = async (e: FormEvent) => {
    e.preventDefault();
    setErreur(null);
    try {
      await appelerApi(`/api/v1/dossiers/${dossier.id}/notes`, {
        methode: 'POST',
        corps: { texte },
        entetes: { 'if-match': `"${dossier.version}"` },
      });
      setTexte('');
      surAjout();
    } catch (err) {
      setErreur(err instanceof ErreurApi ? err.message : 'Échec de l’enregistrement');
    }
  };
  return (
    <>
      <p className={fr.cx('fr-text--sm')}>
        Les notes internes ne sont visibles ni des bailleurs, ni des forces de l’ordre.
      </p>
      <form onSubmit={ajouter}>
        <Input
          label="Nouvelle note"
          textArea
          state={erreur ? 'error' : 'default'}
          stateRelatedMessage={erreur ?? undefined}
          nativeTextAreaProps={{ value: texte, onChange: (e) => setTexte(e.target.value), rows: 3 }}
        />
        <Button type="submit" disabled={!texte.trim()}>
          Ajouter la note
        </Button>
      </form>
      <ul className={fr.cx('fr-mt-3w')}>
        {(dossier.notes ?? []).map((n) => (
          <li key={n.id}>
            <p className={fr.cx('fr-mb-0')}>{n.texte}</p>
            <p className={fr.cx('fr-text--xs')}>
              {n.auteur ?? '—'}, le {formaterInstant(n.le)}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}

function SituationMenage({ dossier, surFin }: { dossier: Dossier; surFin: () => void }) {
  const [adultes, setAdultes] = useState(String(dossier.menage.composition?.adultes ?? ''));
  const [enfants, setEnfants] = useState(String(dossier.menage.composition?.enfants ?? ''));
  const [ressources, setRessources] = useState(
    dossier.menage.ressourcesMensuelles === null
      ? ''
      : String(dossier.menage.ressourcesMensuelles).replace('.', ','),
  );
  const [erreurs, setErreurs] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const enregistrer = async (e: FormEvent) => {
    e.preventDefault();
    setErreurs({});
    setMessage(null);
    try {
      await appelerApi(`/api/v1/dossiers/${dossier.id}`, {
        methode: 'PATCH',
        corps: {
          composition: adultes === '' ? null : { adultes: Number(adultes), enfants: Number(enfants || '0') },
          ressourcesMensuelles:
            ressources.trim() === '' ? null : Number(ressources.replace(',', '.').replace(/\s/g, '')),
        },
        entetes: { 'if-match': `"${dossier.version}"` },
      });
      setMessage('Situation du ménage enregistrée.');
      surFin();
    } catch (err) {
      if (err instanceof ErreurApi && err.details.length > 0) {
        setErreurs(
          Object.fromEntries(err.details.map((x) => [x.chemin.split('.')[0] ?? x.chemin, x.message])),
        );
      } else setMessage(err instanceof ErreurApi ? err.message : 'Échec de l’enregistrement');
    }
  };
  const etat = (champ: string) =>
    erreurs[champ] ? { state: 'error' as const, stateRelatedMessage: erreurs[champ] } : {};
  return (
    <form onSubmit={enregistrer} aria-labelledby="titre-situation" className={fr.cx('fr-mt-3w')}>
      <h3 id="titre-situation" className={fr.cx('fr-h6')}>
        Situation du ménage
      </h3>
      {message ? <Alert severity="info" small description={message} className={fr.cx('fr-mb-2w')} /> : null}
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-6', 'fr-col-md-4')}>
          <Input
            label="Adultes"
            {...etat('composition')}
            nativeInputProps={{
              inputMode: 'numeric',
              value: adultes,
              onChange: (e) => setAdultes(e.target.value),
            }}
          />
        </div>
        <div className={fr.cx('fr-col-6', 'fr-col-md-4')}>
          <Input
            label="Enfants"
            nativeInputProps={{
              inputMode: 'numeric',
              value: enfants,
              onChange: (e) => setEnfants(e.target.value),
            }}
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Input
            label="Ressources mensuelles (€)"
            {...etat('ressourcesMensuelles')}
            nativeInputProps={{
              inputMode: 'decimal',
              value: ressources,
              onChange: (e) => setRessources(e.target.value),
            }}
          />
        </div>
      </div>
      <Button type="submit" priority="secondary" size="small">
        Enregistrer la situation
      </Button>
    </form>
  );
}
