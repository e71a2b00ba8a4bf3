import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import {
  DESTINATAIRES_ORIENTATION,
  type DestinataireOrientation,
  LIBELLES_ACTION_ORIENTATION,
  LIBELLES_DESTINATAIRE_ORIENTATION,
  LIBELLES_ORIGINE_SAISINE,
  LIBELLES_STATUT_ORIENTATION,
  LIBELLES_STATUT_SAISINE,
  type OrigineSaisine,
} from '@exploc/domain/schemas/ccapex';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { appelerApi, ErreurApi, lire } from '../../api/client';
import { useUtilisateur } from '../../api/session';
import { Chargement } from '../../components/Chargement';
import { formaterDate, formaterInstant, libelle } from '../../components/format';
import { ajouterJoursIso, aujourdhuiParis, type Orientation, type SectionCcapex } from '../ccapex/api';
import { SeancesDuDossier } from '../ccapex/SeancesDuDossier';

/** The usual addressee type of a member category (prefills the orientation form). */
const DESTINATAIRE_PAR_CATEGORIE: Record<string, DestinataireOrientation> = {
  conseil_departemental: 'cd_action_sociale',
  metropole: 'fsl',
  fsl: 'fsl',
  caf: 'caf',
  msa: 'msa',
  banque_de_france: 'banque_de_france',
  ccas: 'ccas',
  bailleur_social: 'bailleur',
  adil: 'adil',
  siao: 'siao',
};

export const cleSectionCcapex = (dossierId: string) => ['dossier', dossierId, 'ccapex'];

/**
 * The CCAPEX section of a dossier. Sub-sections, in order: saisines (incoming flows), orientations to member
 * organisations, then the séances/avis and the secret notes, which other parts of the application add below
 * (pass them as `children`).
 */
export function OngletCcapex({ dossierId, children }: { dossierId: string; children?: ReactNode }) {
  const { data: utilisateur } = useUtilisateur();
  const peutSaisir = utilisateur?.permissions.some((p) => p.code === 'ccapex.saisir') ?? false;
  const section = useQuery({
    queryKey: cleSectionCcapex(dossierId),
    queryFn: () => lire<SectionCcapex>(`/api/v1/dossiers/${dossierId}/ccapex`),
  });
  if (section.isPending) return <Chargement texte="Chargement de la section CCAPEX…" />;
  if (section.isError)
    return <Alert severity="error" small description="Impossible de charger la section CCAPEX." />;
  const s = section.data;
  return (
    <div>
      <p>
        {s.commission ? (
          <>
            Commission compétente : <strong>{s.commission.nom}</strong>
          </>
        ) : (
          'Ce dossier n’est rattaché à aucune CCAPEX.'
        )}
      </p>
      {s.visible ? (
        <>
          <SaisinesDuDossier saisines={s.saisines} />
          <OrientationsDuDossier dossierId={dossierId} section={s} />
        </>
      ) : (
        <p>
          Les saisines et orientations de la CCAPEX sont réservées à la commission et aux services de l’État.
        </p>
      )}
      {peutSaisir && s.commission ? (
        <FormulaireSaisine dossierId={dossierId} bailleur={utilisateur?.profil === 'bailleur'} />
      ) : null}
      {/* Séances, avis and recommandations (helper B) and the CCAPEX secret notes (integrator) go here. */}
      <SeancesDuDossier dossierId={dossierId} />
      {children}
    </div>
  );
}

function SaisinesDuDossier({ saisines }: { saisines: SectionCcapex['saisines'] }) {
  return (
    <section aria-labelledby="ccapex-saisines">
      <h2 id="ccapex-saisines" className={fr.cx('fr-h4')}>
        Saisines et signalements
      </h2>
      {saisines.length === 0 ? (
        <p>Aucune saisine de la CCAPEX pour ce dossier.</p>
      ) : (
        <Table
          caption="Saisines de la CCAPEX"
          headers={['Reçue le', 'Origine', 'Commission', 'Statut', 'Traitée le']}
          data={saisines.map((x) => [
            formaterInstant(x.recuLe),
            `${libelle(LIBELLES_ORIGINE_SAISINE, x.origine)}${x.deposant ? ` (${x.deposant})` : ''}`,
            x.commission,
            `${libelle(LIBELLES_STATUT_SAISINE, x.statut)}${x.motifRejet ? ` : ${x.motifRejet}` : ''}`,
            x.traiteLe ? formaterInstant(x.traiteLe) : '—',
          ])}
        />
      )}
    </section>
  );
}

export function BadgeOrientation({ o }: { o: Pick<Orientation, 'statut' | 'enRetard'> }) {
  return (
    <>
      <Badge small noIcon severity={o.statut === 'close' ? 'success' : 'info'}>
        {libelle(LIBELLES_STATUT_ORIENTATION, o.statut)}
      </Badge>
      {o.enRetard ? (
        <Badge small noIcon severity="error" className={fr.cx('fr-ml-1w')}>
          En retard
        </Badge>
      ) : null}
    </>
  );
}

function OrientationsDuDossier({ dossierId, section }: { dossierId: string; section: SectionCcapex }) {
  return (
    <section aria-labelledby="ccapex-orientations" className={fr.cx('fr-mt-4w')}>
      <h2 id="ccapex-orientations" className={fr.cx('fr-h4')}>
        Orientations
      </h2>
      {section.orientations.length === 0 ? (
        <p>Aucune orientation.</p>
      ) : (
        <Table
          caption="Orientations vers les membres de la commission"
          headers={['Destinataire', 'Objet', 'Échéance', 'Statut', 'Suivi']}
          data={section.orientations.map((o) => [
            `${o.organisation.nom} — ${o.destinataireLibelle}`,
            o.objet,
            formaterDate(o.echeance),
            <BadgeOrientation key={o.id} o={o} />,
            o.statut === 'close'
              ? `Résultat : ${o.resultat ?? '—'}`
              : o.actions.length > 0
                ? o.actions
                    .map((a) => `${formaterDate(a.date)} ${libelle(LIBELLES_ACTION_ORIENTATION, a.type)}`)
                    .join(' ; ')
                : o.accuseLe
                  ? `Prise en compte le ${formaterInstant(o.accuseLe)}`
                  : 'En attente de prise en compte',
          ])}
        />
      )}
      {section.peutOrienter ? <FormulaireOrientation dossierId={dossierId} section={section} /> : null}
    </section>
  );
}

function FormulaireOrientation({ dossierId, section }: { dossierId: string; section: SectionCcapex }) {
  const client = useQueryClient();
  const delai = section.commission?.delaiOrientationJours ?? 30;
  const [organisationId, setOrganisationId] = useState('');
  const [destinataireType, setDestinataireType] = useState<DestinataireOrientation | ''>('');
  const [objet, setObjet] = useState('');
  const [echeance, setEcheance] = useState(ajouterJoursIso(aujourdhuiParis(), delai));
  const [erreurs, setErreurs] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ type: 'success' | 'error'; texte: string } | null>(null);
  const saisineAcceptee = section.saisines.find((x) => x.statut === 'acceptee');

  const choisirOrganisation = (id: string) => {
    setOrganisationId(id);
    const membre = section.destinataires.find((m) => m.organisationId === id);
    const type = membre ? DESTINATAIRE_PAR_CATEGORIE[membre.categorie] : undefined;
    setDestinataireType(type ?? 'autre');
  };

  const envoyer = async (e: FormEvent) => {
    e.preventDefault();
    setErreurs({});
    setMessage(null);
    const locales: Record<string, string> = {};
    if (!organisationId) locales.organisationId = 'Choisissez l’organisation destinataire';
    if (!destinataireType) locales.destinataireType = 'Choisissez le type de destinataire';
    if (!objet.trim()) locales.objet = 'L’objet de l’orientation est obligatoire';
    if (Object.keys(locales).length > 0) {
      setErreurs(locales);
      return;
    }
    try {
      await appelerApi('/api/v1/ccapex/orientations', {
        methode: 'POST',
        corps: {
          dossierId,
          organisationId,
          destinataireType,
          objet,
          echeance,
          ...(saisineAcceptee ? { saisineId: saisineAcceptee.id } : {}),
        },
      });
      const nom = section.destinataires.find((m) => m.organisationId === organisationId)?.organisationNom;
      setMessage({ type: 'success', texte: `Orientation envoyée à ${nom ?? 'l’organisation'}.` });
      setObjet('');
      await client.invalidateQueries({ queryKey: cleSectionCcapex(dossierId) });
    } catch (err) {
      if (err instanceof ErreurApi && err.details.length > 0) {
        setErreurs(Object.fromEntries(err.details.map((d) => [d.chemin, d.message])));
      }
      setMessage({ type: 'error', texte: err instanceof ErreurApi ? err.message : 'Échec de l’envoi' });
    }
  };

  const etat = (champ: string) =>
    erreurs[champ]
      ? { state: 'error' as const, stateRelatedMessage: erreurs[champ] }
      : { state: 'default' as const };

  return (
    <form onSubmit={envoyer} noValidate className={fr.cx('fr-mt-3w')} aria-labelledby="titre-orienter">
      <h3 id="titre-orienter" className={fr.cx('fr-h6')}>
        Orienter vers un membre de la commission
      </h3>
      {section.destinataires.length === 0 ? (
        <Alert
          severity="warning"
          small
          description="La commission n’a encore aucun membre : l’administrateur du département les déclare."
        />
      ) : (
        <>
          <Select
            label="Organisation destinataire"
            {...etat('organisationId')}
            nativeSelectProps={{
              value: organisationId,
              onChange: (e) => choisirOrganisation(e.target.value),
            }}
          >
            <option value="">Choisir</option>
            {section.destinataires.map((m) => (
              <option key={m.organisationId} value={m.organisationId}>
                {m.organisationNom}
              </option>
            ))}
          </Select>
          <Select
            label="Type de destinataire"
            {...etat('destinataireType')}
            nativeSelectProps={{
              value: destinataireType,
              onChange: (e) => setDestinataireType(e.target.value as DestinataireOrientation),
            }}
          >
            <option value="">Choisir</option>
            {DESTINATAIRES_ORIENTATION.map((t) => (
              <option key={t} value={t}>
                {LIBELLES_DESTINATAIRE_ORIENTATION[t]}
              </option>
            ))}
          </Select>
          <Input
            label="Objet de l’orientation"
            hintText="Ce que la commission attend du membre (accompagnement, aide du FSL, dossier de surendettement…)"
            textArea
            {...etat('objet')}
            nativeTextAreaProps={{ value: objet, onChange: (e) => setObjet(e.target.value), rows: 3 }}
          />
          <Input
            label="Échéance"
            hintText={`Par défaut, dans ${delai} jours (délai d’orientation de la commission)`}
            {...etat('echeance')}
            nativeInputProps={{ type: 'date', value: echeance, onChange: (e) => setEcheance(e.target.value) }}
          />
          <Button type="submit">Envoyer l’orientation</Button>
        </>
      )}
      <div aria-live="polite">
        {message ? (
          <Alert severity={message.type} small description={message.texte} className={fr.cx('fr-mt-2w')} />
        ) : null}
      </div>
    </form>
  );
}

/** Who may have seized the commission, when an agent or a member records it (the landlord seizes as landlord). */
const ORIGINES_SAISIES: OrigineSaisine[] = ['menage', 'travailleur_social', 'membre', 'bailleur', 'autre'];

/** Records a saisine of the CCAPEX about this dossier: it goes to the competent commission's triage inbox. */
function FormulaireSaisine({ dossierId, bailleur }: { dossierId: string; bailleur: boolean }) {
  const client = useQueryClient();
  const [origine, setOrigine] = useState<OrigineSaisine>(bailleur ? 'bailleur' : 'menage');
  const [texte, setTexte] = useState('');
  const [message, setMessage] = useState<{ type: 'success' | 'error'; texte: string } | null>(null);
  const envoyer = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    try {
      const r = await appelerApi<{ recuLe: string; assignationPossibleAPartirDu: string | null }>(
        '/api/v1/ccapex/saisines',
        {
          methode: 'POST',
          corps: {
            dossierId,
            ...(bailleur ? {} : { origine }),
            ...(texte.trim() ? { message: texte.trim() } : {}),
          },
        },
      );
      const assignation = r.donnees.assignationPossibleAPartirDu;
      setMessage({
        type: 'success',
        texte: `Saisine reçue le ${formaterDate(r.donnees.recuLe)} : elle attend le tri du secrétariat de la commission.${
          assignation ? ` Assignation possible à partir du ${formaterDate(assignation)}.` : ''
        }`,
      });
      setTexte('');
      await client.invalidateQueries({ queryKey: cleSectionCcapex(dossierId) });
    } catch (err) {
      setMessage({ type: 'error', texte: err instanceof ErreurApi ? err.message : 'Échec de la saisine' });
    }
  };
  return (
    <form onSubmit={envoyer} noValidate className={fr.cx('fr-mt-4w')} aria-labelledby="titre-saisir">
      <h2 id="titre-saisir" className={fr.cx('fr-h4')}>
        Saisir la CCAPEX
      </h2>
      {bailleur ? null : (
        <Select
          label="Qui saisit la commission"
          nativeSelectProps={{
            value: origine,
            onChange: (e) => setOrigine(e.target.value as OrigineSaisine),
          }}
        >
          {ORIGINES_SAISIES.map((o) => (
            <option key={o} value={o}>
              {LIBELLES_ORIGINE_SAISINE[o]}
            </option>
          ))}
        </Select>
      )}
      <Input
        label="Message (facultatif)"
        hintText="La demande telle qu’elle a été reçue, sans plus d’informations personnelles que nécessaire"
        textArea
        nativeTextAreaProps={{ value: texte, onChange: (e) => setTexte(e.target.value), rows: 3 }}
      />
      <Button type="submit" priority="secondary">
        Enregistrer la saisine
      </Button>
      <div aria-live="polite">
        {message ? (
          <Alert severity={message.type} small description={message.texte} className={fr.cx('fr-mt-2w')} />
        ) : null}
      </div>
    </form>
  );
}
