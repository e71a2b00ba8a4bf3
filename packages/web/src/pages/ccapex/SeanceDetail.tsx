import { fr } from '@codegouvfr/react-dsfr';
import { Accordion } from '@codegouvfr/react-dsfr/Accordion';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { LIBELLES_DECISION_APL } from '@exploc/domain/schemas/ccapex';
import {
  type DestinataireRecommandation,
  LIBELLES_DESTINATAIRE_RECOMMANDATION,
  LIBELLES_STATUT_SEANCE,
} from '@exploc/domain/schemas/ccapex-seances';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErreurApi, lire } from '../../api/client';
import { useUtilisateur } from '../../api/session';
import { Chargement } from '../../components/Chargement';
import { formaterDate, formaterInstant, libelle } from '../../components/format';
import { Titre } from '../../components/Titre';
import { Page404 } from '../erreurs/PagesErreur';
import { FormulaireExamen } from './SeanceExamen';
import { type DossierPret, ecrire, formaterDebut, type Message, type Seance } from './SeanceTypes';

function Section({ titre, children }: { titre: string; children: ReactNode }) {
  return (
    <section className={fr.cx('fr-mb-5w')}>
      <h2 className={fr.cx('fr-h4')}>{titre}</h2>
      {children}
    </section>
  );
}

/** One séance: agenda builder, invitations, examinations, closing, minutes. Read-only for members. */
export function PageSeance() {
  const { id = '' } = useParams();
  const { data: utilisateur } = useUtilisateur();
  const secretariat = utilisateur?.permissions.some((p) => p.code === 'ccapex.secretariat') ?? false;
  const base = secretariat ? '/api/v1/ccapex/seances' : '/api/v1/ccapex/membre/seances';
  const cle = ['ccapex-seance', base, id];
  const client = useQueryClient();
  const requete = useQuery({
    queryKey: cle,
    queryFn: () => lire<Seance>(`${base}/${id}`),
    enabled: utilisateur !== undefined,
  });
  const [message, setMessage] = useState<Message>(null);
  const [enCours, setEnCours] = useState<string | null>(null);
  const agir = async (
    libelleAction: string,
    chemin: string,
    o: { methode: string; corps?: unknown; version?: number },
    succes: string,
  ) => {
    setEnCours(libelleAction);
    setMessage(null);
    try {
      setMessage(await ecrire(chemin, o, succes));
      await client.invalidateQueries({ queryKey: ['ccapex-seance'] });
      await client.invalidateQueries({ queryKey: ['ccapex-prets'] });
    } finally {
      setEnCours(null);
    }
  };
  if (requete.isPending) return <Chargement />;
  if (requete.isError) {
    if (requete.error instanceof ErreurApi && requete.error.statut === 404) return <Page404 />;
    return (
      <Alert severity="error" title="Impossible d’afficher la séance" description={requete.error.message} />
    );
  }
  const s = requete.data;
  const modifiable = secretariat && (s.statut === 'planifiee' || s.statut === 'tenue');
  const url = `/api/v1/ccapex/seances/${s.id}`;
  return (
    <>
      <Titre
        sousTitre={`${s.commission.nom} — ${s.lieu}`}
      >{`Séance du ${formaterDebut(s.debutLocal)}`}</Titre>
      <p>
        <Badge severity={s.statut === 'close' ? 'success' : s.statut === 'annulee' ? 'error' : 'info'} noIcon>
          {libelle(LIBELLES_STATUT_SEANCE, s.statut)}
        </Badge>{' '}
        {s.invitationsEnvoyeesLe
          ? `Invitations envoyées le ${formaterInstant(s.invitationsEnvoyeesLe)}.`
          : 'Invitations non envoyées.'}
        {s.clotureeLe ? ` Close le ${formaterInstant(s.clotureeLe)}.` : ''}
        {s.motifAnnulation ? ` Annulée : ${s.motifAnnulation}.` : ''}
      </p>
      <p>
        <Link to="/ccapex/seances">Toutes les séances</Link>
      </p>
      <div aria-live="polite" role="status">
        {enCours ? <p>{enCours} en cours…</p> : null}
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

      {secretariat ? (
        <Section titre="Actions">
          <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-md')}>
            {s.statut === 'planifiee' ? (
              <li>
                <Button
                  priority="secondary"
                  iconId="fr-icon-mail-line"
                  disabled={enCours !== null || s.ordreDuJour.length === 0}
                  onClick={() =>
                    agir(
                      'Envoi des invitations',
                      `${url}/invitations`,
                      { methode: 'POST' },
                      'Invitations envoyées aux membres de la commission.',
                    )
                  }
                >
                  {s.invitationsEnvoyeesLe ? 'Renvoyer les invitations' : 'Inviter les membres'}
                </Button>
              </li>
            ) : null}
            {modifiable ? (
              <li>
                <Button
                  iconId="fr-icon-check-line"
                  disabled={enCours !== null}
                  onClick={() =>
                    agir(
                      'Clôture de la séance',
                      `${url}/cloture`,
                      { methode: 'POST', version: s.version },
                      'Séance close ; les organismes destinataires des recommandations ont été prévenus.',
                    )
                  }
                >
                  Clore la séance
                </Button>
              </li>
            ) : null}
            {s.statut === 'close' ? (
              <li>
                <Button
                  priority="secondary"
                  iconId="fr-icon-file-pdf-line"
                  disabled={enCours !== null}
                  onClick={() =>
                    agir(
                      'Génération du procès-verbal',
                      `${url}/pv`,
                      { methode: 'POST' },
                      'Procès-verbal généré.',
                    )
                  }
                >
                  {s.pv ? 'Générer à nouveau le procès-verbal' : 'Générer le procès-verbal'}
                </Button>
              </li>
            ) : null}
          </ul>
          {s.statut === 'planifiee' ? <FormulaireAnnulation seance={s} agir={agir} /> : null}
        </Section>
      ) : null}
      {s.pv ? (
        <p>
          <a
            className={fr.cx('fr-link', 'fr-icon-download-line', 'fr-link--icon-left')}
            href={`${base}/${s.id}/pv.pdf`}
            download
          >
            Télécharger le procès-verbal (PDF
            {s.pv.genereLe ? `, généré le ${formaterInstant(s.pv.genereLe)}` : ''})
          </a>
        </p>
      ) : null}

      <Section
        titre={`Ordre du jour (${s.ordreDuJour.length} dossier${s.ordreDuJour.length > 1 ? 's' : ''})`}
      >
        {s.ordreDuJour.length === 0 ? (
          <p>Aucun dossier inscrit.</p>
        ) : (
          <div className={fr.cx('fr-table')}>
            <table>
              <caption>Ordre du jour</caption>
              <thead>
                <tr>
                  <th scope="col">Rang</th>
                  <th scope="col">Dossier</th>
                  <th scope="col">Ménage</th>
                  <th scope="col">Avis</th>
                  <th scope="col">Aide au logement</th>
                  {modifiable ? <th scope="col">Actions</th> : null}
                </tr>
              </thead>
              <tbody>
                {s.ordreDuJour.map((e, k) => (
                  <tr key={e.examenId}>
                    <td>{e.rang}</td>
                    <th scope="row">
                      <Link to={`/dossiers/${e.dossier.id}`}>{e.dossier.numero}</Link>
                    </th>
                    <td>{e.dossier.nomPrincipal ?? '—'}</td>
                    <td>{e.avis ? 'Rendu' : 'À rendre'}</td>
                    <td>{e.decisionApl ? LIBELLES_DECISION_APL[e.decisionApl] : '—'}</td>
                    {modifiable ? (
                      <td>
                        <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline', 'fr-btns-group--sm')}>
                          <li>
                            <Button
                              size="small"
                              priority="tertiary"
                              iconId="fr-icon-arrow-up-line"
                              title={`Monter le dossier ${e.dossier.numero}`}
                              disabled={k === 0 || enCours !== null}
                              onClick={() => {
                                const ids = s.ordreDuJour.map((x) => x.dossier.id);
                                [ids[k - 1], ids[k]] = [ids[k] as string, ids[k - 1] as string];
                                agir(
                                  'Réordonnancement',
                                  `${url}/ordre-du-jour`,
                                  { methode: 'PUT', corps: { dossierIds: ids } },
                                  'Ordre du jour réordonné.',
                                );
                              }}
                            />
                          </li>
                          <li>
                            <Button
                              size="small"
                              priority="tertiary"
                              iconId="fr-icon-arrow-down-line"
                              title={`Descendre le dossier ${e.dossier.numero}`}
                              disabled={k === s.ordreDuJour.length - 1 || enCours !== null}
                              onClick={() => {
                                const ids = s.ordreDuJour.map((x) => x.dossier.id);
                                [ids[k + 1], ids[k]] = [ids[k] as string, ids[k + 1] as string];
                                agir(
                                  'Réordonnancement',
                                  `${url}/ordre-du-jour`,
                                  { methode: 'PUT', corps: { dossierIds: ids } },
                                  'Ordre du jour réordonné.',
                                );
                              }}
                            />
                          </li>
                          {e.avis === null ? (
                            <li>
                              <Button
                                size="small"
                                priority="tertiary"
                                iconId="fr-icon-delete-line"
                                title={`Retirer le dossier ${e.dossier.numero} de l’ordre du jour`}
                                disabled={enCours !== null}
                                onClick={() =>
                                  agir(
                                    'Retrait',
                                    `${url}/ordre-du-jour/${e.dossier.id}`,
                                    { methode: 'DELETE' },
                                    `Dossier ${e.dossier.numero} retiré.`,
                                  )
                                }
                              />
                            </li>
                          ) : null}
                        </ul>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {modifiable ? <AjoutDossiers seance={s} agir={agir} /> : null}
      </Section>

      {s.ordreDuJour.length > 0 ? (
        <Section titre="Examen des dossiers">
          <div className={fr.cx('fr-accordions-group')}>
            {s.ordreDuJour.map((e) => (
              <Accordion
                key={`${e.examenId}-${e.version}`}
                label={`${e.rang}. Dossier ${e.dossier.numero}${e.dossier.nomPrincipal ? ` — ${e.dossier.nomPrincipal}` : ''}${e.avis ? ' (avis rendu)' : ''}`}
              >
                {modifiable ? (
                  <FormulaireExamen
                    examen={e}
                    seance={s}
                    surEnvoi={(corps) =>
                      agir(
                        'Enregistrement de l’examen',
                        `${url}/examens/${e.examenId}`,
                        { methode: 'PUT', corps, version: e.version },
                        `Examen du dossier ${e.dossier.numero} enregistré.`,
                      )
                    }
                  />
                ) : (
                  <>
                    <p>Avis : {e.avis ?? 'non rendu'}</p>
                    <p>
                      Aide au logement :{' '}
                      {e.decisionApl ? LIBELLES_DECISION_APL[e.decisionApl] : 'pas de décision'}
                    </p>
                    {e.recommandations.length > 0 ? (
                      <ul>
                        {e.recommandations.map((r) => (
                          <li key={r.id}>
                            {r.destinataireLibelle} (
                            {libelle(
                              LIBELLES_DESTINATAIRE_RECOMMANDATION,
                              r.destinataireType as DestinataireRecommandation,
                            )}
                            ) : {r.contenu}
                            {r.echeance ? ` — échéance ${formaterDate(r.echeance)}` : ''}
                            {r.notifieeLe ? ' — notifiée' : ''}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <p>Aucune recommandation.</p>
                    )}
                  </>
                )}
              </Accordion>
            ))}
          </div>
        </Section>
      ) : null}

      <Section titre="Membres convoqués">
        {s.invites.length === 0 ? (
          <p>Aucune invitation envoyée.</p>
        ) : (
          <ul>
            {s.invites.map((i) => (
              <li key={`${i.nom}-${i.organisation}`}>
                {i.nom} ({i.organisation})
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}

type Agir = (
  libelleAction: string,
  chemin: string,
  o: { methode: string; corps?: unknown; version?: number },
  succes: string,
) => Promise<void>;

function AjoutDossiers({ seance, agir }: { seance: Seance; agir: Agir }) {
  const url = `/api/v1/ccapex/seances/${seance.id}/ordre-du-jour`;
  const prets = useQuery({
    queryKey: ['ccapex-prets', seance.id, seance.version],
    queryFn: () => lire<{ elements: DossierPret[] }>(`/api/v1/ccapex/seances/${seance.id}/dossiers-prets`),
  });
  const [numero, setNumero] = useState('');
  const soumettre = async (e: FormEvent) => {
    e.preventDefault();
    await agir(
      'Inscription',
      url,
      { methode: 'POST', corps: { numero: numero.trim() } },
      `Dossier ${numero.trim()} inscrit.`,
    );
    setNumero('');
  };
  return (
    <>
      <h3 className={fr.cx('fr-h6', 'fr-mt-3w')}>Dossiers prêts pour l’examen</h3>
      <p className={fr.cx('fr-text--sm')}>
        Saisine acceptée par la commission (ou une commission locale), sans avis depuis, pas encore inscrits à
        une séance.
      </p>
      {prets.isPending ? (
        <Chargement />
      ) : prets.isError ? (
        <Alert severity="error" small description="Impossible de charger les dossiers prêts." />
      ) : prets.data.elements.length === 0 ? (
        <p>Aucun dossier prêt.</p>
      ) : (
        <>
          <div className={fr.cx('fr-table')}>
            <table>
              <caption>Dossiers prêts</caption>
              <thead>
                <tr>
                  <th scope="col">Dossier</th>
                  <th scope="col">Ménage</th>
                  <th scope="col">Saisine acceptée le</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {prets.data.elements.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">{d.numero}</th>
                    <td>{d.nomPrincipal ?? '—'}</td>
                    <td>{formaterDate(d.accepteeLe)}</td>
                    <td>
                      <Button
                        size="small"
                        priority="secondary"
                        onClick={() =>
                          agir(
                            'Inscription',
                            url,
                            { methode: 'POST', corps: { dossierIds: [d.id] } },
                            `Dossier ${d.numero} inscrit.`,
                          )
                        }
                      >
                        Inscrire le dossier {d.numero}
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Button
            priority="secondary"
            onClick={() =>
              agir(
                'Inscription',
                url,
                { methode: 'POST', corps: { dossierIds: prets.data.elements.map((d) => d.id) } },
                `${prets.data.elements.length} dossier(s) inscrit(s).`,
              )
            }
          >
            Inscrire tous les dossiers prêts
          </Button>
        </>
      )}
      <form onSubmit={soumettre} className={fr.cx('fr-mt-3w')}>
        <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
            <Input
              label="Inscrire un autre dossier par son numéro"
              hintText="Format AAAA-DEP-NNNNNN, par exemple 2026-75-000123"
              nativeInputProps={{ value: numero, onChange: (e) => setNumero(e.target.value), required: true }}
            />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
            <Button type="submit" priority="secondary">
              Inscrire ce dossier
            </Button>
          </div>
        </div>
      </form>
    </>
  );
}

function FormulaireAnnulation({ seance, agir }: { seance: Seance; agir: Agir }) {
  const [motif, setMotif] = useState('');
  return (
    <form
      className={fr.cx('fr-mt-2w')}
      onSubmit={(e) => {
        e.preventDefault();
        agir(
          'Annulation',
          `/api/v1/ccapex/seances/${seance.id}/annulation`,
          { methode: 'POST', corps: { motif }, version: seance.version },
          'Séance annulée.',
        );
      }}
    >
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <Input
            label="Motif d’annulation"
            nativeInputProps={{ value: motif, onChange: (e) => setMotif(e.target.value), maxLength: 1000 }}
          />
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <Button type="submit" priority="tertiary" iconId="fr-icon-close-line">
            Annuler la séance
          </Button>
        </div>
      </div>
    </form>
  );
}
