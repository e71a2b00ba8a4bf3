import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import {
  CATEGORIES_MEMBRE,
  type CategorieMembre,
  LIBELLES_CATEGORIE_MEMBRE,
  LIBELLES_TYPE_COMMISSION,
  LIBELLES_TYPE_PERIMETRE,
  TYPES_PERIMETRE,
  type TypePerimetre,
} from '@exploc/domain/schemas/ccapex';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { appelerApi, ErreurApi, lire } from '../../api/client';
import { useUtilisateur } from '../../api/session';
import { Chargement } from '../../components/Chargement';
import { libelle } from '../../components/format';
import { Titre } from '../../components/Titre';
import { type CommissionDetaillee, type CommissionListee, type CompteRattachable, focaliser } from './api';

type Message = { type: 'success' | 'error'; texte: string } | null;
const CLE = ['ccapex', 'commissions'];

const enCodes = (texte: string) =>
  texte
    .split(/[\s,;]+/)
    .map((c) => c.trim())
    .filter(Boolean);

function texteErreur(err: unknown): string {
  if (err instanceof ErreurApi) {
    return err.details.length > 0
      ? `${err.message} ${err.details.map((d) => d.message).join(' ; ')}`
      : err.message;
  }
  return 'L’enregistrement a échoué.';
}

/**
 * The administrator organises the CCAPEX of the département (décret n° 2026-83): the central commission, local
 * CCAPEX (perimeter, communes, delegation of signalements) and their sub-commissions, their member organisations
 * and the accounts attached to them.
 */
export function PageCommissions() {
  const liste = useQuery({
    queryKey: CLE,
    queryFn: () => lire<{ elements: CommissionListee[] }>('/api/v1/ccapex/commissions'),
  });
  const [choisie, setChoisie] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);
  return (
    <>
      <Titre sousTitre="Commission centrale, CCAPEX locales et sous-commissions : périmètres, membres et représentants.">
        CCAPEX du département
      </Titre>
      <div aria-live="polite">
        {message ? (
          <Alert severity={message.type} small description={message.texte} className={fr.cx('fr-mb-2w')} />
        ) : null}
      </div>
      {liste.isPending ? (
        <Chargement />
      ) : liste.isError ? (
        <Alert severity="error" small description="Impossible de charger les commissions." />
      ) : (
        <>
          <Table
            caption="Commissions du département"
            headers={[
              'Commission',
              'Type',
              'Périmètre',
              'Délégation des signalements',
              'Membres',
              'Représentants',
              'Action',
            ]}
            data={liste.data.elements.map((c) => [
              `${c.nom}${c.actif ? '' : ' (inactive)'}`,
              libelle(LIBELLES_TYPE_COMMISSION, c.type),
              c.type === 'centrale'
                ? 'Tout le département'
                : `${c.perimetreLibelle ?? libelle(LIBELLES_TYPE_PERIMETRE, c.perimetreType)} — ${c.communes.length} commune(s)`,
              c.type === 'centrale' ? '—' : c.delegationSignalements ? 'Oui' : 'Non',
              String(c.membres),
              String(c.representants),
              <Button
                key="g"
                size="small"
                priority={choisie === c.id ? 'primary' : 'secondary'}
                aria-expanded={choisie === c.id}
                onClick={() => setChoisie(choisie === c.id ? null : c.id)}
              >
                Gérer<span className={fr.cx('fr-sr-only')}> {c.nom}</span>
              </Button>,
            ])}
          />
          {choisie ? <DetailCommission key={choisie} id={choisie} surMessage={setMessage} /> : null}
          <NouvelleCommission
            locales={liste.data.elements.filter((c) => c.type === 'locale')}
            surMessage={setMessage}
          />
        </>
      )}
    </>
  );
}

function NouvelleCommission({
  locales,
  surMessage,
}: {
  locales: CommissionListee[];
  surMessage: (m: Message) => void;
}) {
  const client = useQueryClient();
  const { data: utilisateur } = useUtilisateur();
  const departement = utilisateur?.perimetre.departements?.[0] ?? '';
  const arrondissements = useQuery({
    queryKey: ['arrondissements', departement],
    queryFn: () =>
      lire<{ elements: { code: string; nom: string }[] }>(
        `/api/v1/referentiel/departements/${departement}/arrondissements`,
      ),
    enabled: departement !== '',
  });
  const [type, setType] = useState<'locale' | 'sous_commission'>('locale');
  const [nom, setNom] = useState('');
  const [parentId, setParentId] = useState('');
  const [perimetreType, setPerimetreType] = useState<TypePerimetre>('arrondissement');
  const [perimetreLibelle, setPerimetreLibelle] = useState('');
  const [arrondissement, setArrondissement] = useState('');
  const [communes, setCommunes] = useState('');
  const [delegation, setDelegation] = useState(true);
  const [delai, setDelai] = useState('30');
  const [email, setEmail] = useState('');

  const prefiller = async () => {
    if (!arrondissement) return;
    const r = await lire<{ elements: { code: string }[] }>(
      `/api/v1/ccapex/communes?arrondissement=${arrondissement}`,
    );
    setCommunes(r.elements.map((c) => c.code).join(', '));
  };

  const creer = async (e: FormEvent) => {
    e.preventDefault();
    surMessage(null);
    try {
      await appelerApi('/api/v1/ccapex/commissions', {
        methode: 'POST',
        corps: {
          type,
          nom,
          ...(type === 'sous_commission' ? { parentId } : {}),
          perimetreType,
          ...(perimetreLibelle.trim() ? { perimetreLibelle } : {}),
          communes: enCodes(communes),
          delegationSignalements: type === 'locale' ? delegation : false,
          delaiOrientationJours: Number(delai),
          ...(email.trim() ? { emailSecretariat: email.trim() } : {}),
        },
      });
      surMessage({ type: 'success', texte: `${nom} créée.` });
      setNom('');
      setCommunes('');
      await client.invalidateQueries({ queryKey: CLE });
    } catch (err) {
      surMessage({ type: 'error', texte: texteErreur(err) });
    }
  };

  return (
    <form onSubmit={creer} noValidate aria-labelledby="titre-creation" className={fr.cx('fr-mt-5w')}>
      <h2 id="titre-creation" className={fr.cx('fr-h4')}>
        Créer une commission
      </h2>
      <Select
        label="Type"
        nativeSelectProps={{
          value: type,
          onChange: (e) => setType(e.target.value as 'locale' | 'sous_commission'),
        }}
      >
        <option value="locale">CCAPEX locale (sous la CCAPEX centrale)</option>
        <option value="sous_commission">Sous-commission territoriale (sous une CCAPEX locale)</option>
      </Select>
      {type === 'sous_commission' ? (
        <Select
          label="CCAPEX locale"
          nativeSelectProps={{ value: parentId, onChange: (e) => setParentId(e.target.value) }}
        >
          <option value="">Choisir</option>
          {locales.map((l) => (
            <option key={l.id} value={l.id}>
              {l.nom}
            </option>
          ))}
        </Select>
      ) : null}
      <Input label="Nom" nativeInputProps={{ value: nom, onChange: (e) => setNom(e.target.value) }} />
      <Select
        label="Type de périmètre"
        nativeSelectProps={{
          value: perimetreType,
          onChange: (e) => setPerimetreType(e.target.value as TypePerimetre),
        }}
      >
        {TYPES_PERIMETRE.filter((t) => t !== 'departement').map((t) => (
          <option key={t} value={t}>
            {LIBELLES_TYPE_PERIMETRE[t]}
          </option>
        ))}
      </Select>
      <Input
        label="Libellé du périmètre (facultatif)"
        nativeInputProps={{ value: perimetreLibelle, onChange: (e) => setPerimetreLibelle(e.target.value) }}
      />
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-8')}>
          <Select
            label="Préremplir avec les communes d’un arrondissement"
            nativeSelectProps={{ value: arrondissement, onChange: (e) => setArrondissement(e.target.value) }}
          >
            <option value="">Choisir un arrondissement</option>
            {(arrondissements.data?.elements ?? []).map((a) => (
              <option key={a.code} value={a.code}>
                {a.nom} ({a.code})
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4', 'fr-mb-3w')}>
          <Button type="button" priority="secondary" onClick={prefiller} disabled={!arrondissement}>
            Préremplir les communes
          </Button>
        </div>
      </div>
      <Input
        label="Communes du périmètre"
        hintText="Codes INSEE séparés par des virgules ou des espaces (par exemple 75118, 75119)"
        textArea
        nativeTextAreaProps={{ value: communes, onChange: (e) => setCommunes(e.target.value), rows: 3 }}
      />
      {type === 'locale' ? (
        <Checkbox
          options={[
            {
              label: 'Délégation du traitement des signalements',
              hintText:
                'Les signalements et saisines de ces communes arrivent dans la boîte de cette commission.',
              nativeInputProps: { checked: delegation, onChange: (e) => setDelegation(e.target.checked) },
            },
          ]}
        />
      ) : null}
      <Input
        label="Délai d’orientation (jours)"
        nativeInputProps={{ inputMode: 'numeric', value: delai, onChange: (e) => setDelai(e.target.value) }}
      />
      <Input
        label="Adresse électronique du secrétariat (facultatif)"
        nativeInputProps={{ type: 'email', value: email, onChange: (e) => setEmail(e.target.value) }}
      />
      <Button type="submit">Créer la commission</Button>
    </form>
  );
}

function DetailCommission({ id, surMessage }: { id: string; surMessage: (m: Message) => void }) {
  const client = useQueryClient();
  const detail = useQuery({
    queryKey: [...CLE, id],
    queryFn: () => lire<CommissionDetaillee>(`/api/v1/ccapex/commissions/${id}`),
  });
  const reorientation = useQuery({
    queryKey: [...CLE, id, 'reorientation'],
    queryFn: () => lire<{ dossiers: number }>(`/api/v1/ccapex/commissions/${id}/reorientation`),
  });
  if (detail.isPending) return <Chargement texte="Chargement de la commission…" />;
  if (detail.isError) return <Alert severity="error" small description="Commission introuvable." />;
  const c = detail.data;

  const ecrire = async (chemin: string, methode: string, corps: unknown, succes: string) => {
    surMessage(null);
    try {
      await appelerApi(`/api/v1/ccapex/commissions/${id}${chemin}`, {
        methode,
        corps,
        entetes: { 'if-match': `"${c.version}"` },
      });
      // The new version is read back before the confirmation shows: the next change carries the right If-Match.
      await client.invalidateQueries({ queryKey: CLE });
      surMessage({ type: 'success', texte: succes });
    } catch (err) {
      await client.invalidateQueries({ queryKey: CLE });
      surMessage({ type: 'error', texte: texteErreur(err) });
    }
  };

  const reorienter = async () => {
    surMessage(null);
    try {
      const r = await appelerApi<{ dossiers: number }>(`/api/v1/ccapex/commissions/${id}/reorientation`, {
        methode: 'POST',
      });
      surMessage({
        type: 'success',
        texte: `${r.donnees.dossiers} dossier(s) rattaché(s) à leur commission compétente.`,
      });
    } catch (err) {
      surMessage({ type: 'error', texte: texteErreur(err) });
    }
    await client.invalidateQueries({ queryKey: CLE });
  };

  return (
    <section aria-labelledby="titre-commission" className={fr.cx('fr-mt-4w')}>
      <h2 id="titre-commission" tabIndex={-1} ref={focaliser} className={fr.cx('fr-h3')}>
        {c.nom}
      </h2>
      <Reglages
        commission={c}
        surEnregistrer={(corps) => ecrire('', 'PATCH', corps, 'Réglages enregistrés.')}
      />
      {c.seuilsSignalement ? (
        <p>
          Seuils de signalement des commandements (réglages du département) :{' '}
          {c.seuilsSignalement.moisImpayes} mois d’impayés ou {c.seuilsSignalement.multipleLoyerHC} fois le
          loyer hors charges.
        </p>
      ) : (
        <p>Aucun seuil de signalement des commandements n’est réglé pour le département.</p>
      )}
      {c.type !== 'centrale' && (reorientation.data?.dossiers ?? 0) > 0 ? (
        <Alert
          severity="info"
          small
          className={fr.cx('fr-mb-3w')}
          description={
            <>
              {reorientation.data?.dossiers} dossier(s) ouvert(s) de ces communes relèvent désormais d’une
              autre commission.{' '}
              <Button size="small" priority="secondary" onClick={reorienter}>
                Réorienter les dossiers ouverts
              </Button>
            </>
          }
        />
      ) : null}
      <h3 className={fr.cx('fr-h5')}>Membres</h3>
      {c.membres.length === 0 ? (
        <p>Aucun membre.</p>
      ) : (
        <Table
          caption={`Membres de ${c.nom}`}
          headers={['Organisation', 'Catégorie', 'Voix', 'Co-présidence', 'Secrétariat', 'Action']}
          data={c.membres.map((m) => [
            m.organisationNom,
            libelle(LIBELLES_CATEGORIE_MEMBRE, m.categorie),
            m.voix === 'deliberative' ? 'Délibérative' : 'Consultative',
            m.coPresidence ? 'Oui' : 'Non',
            m.secretariat ? 'Oui' : 'Non',
            <Button
              key="r"
              size="small"
              priority="tertiary"
              onClick={() =>
                ecrire(`/membres/${m.id}`, 'DELETE', undefined, `${m.organisationNom} retirée des membres.`)
              }
            >
              Retirer<span className={fr.cx('fr-sr-only')}> {m.organisationNom}</span>
            </Button>,
          ])}
        />
      )}
      <AjoutMembre surAjout={(corps) => ecrire('/membres', 'POST', corps, 'Membre ajouté.')} />
      <h3 className={fr.cx('fr-h5', 'fr-mt-4w')}>Représentants (comptes rattachés)</h3>
      {c.representants.length === 0 ? (
        <p>Aucun compte rattaché.</p>
      ) : (
        <Table
          caption={`Comptes rattachés à ${c.nom}`}
          headers={['Nom', 'Adresse', 'Organisation', 'Profil', 'Action']}
          data={c.representants.map((u) => [
            `${u.prenom} ${u.nom}`,
            u.email,
            u.organisationNom,
            u.profil === 'secretariat_ccapex' ? 'Secrétariat' : 'Membre',
            c.type === 'centrale' ? (
              '—'
            ) : (
              <Button
                key="d"
                size="small"
                priority="tertiary"
                onClick={() =>
                  ecrire(`/representants/${u.id}`, 'DELETE', undefined, `${u.prenom} ${u.nom} détaché(e).`)
                }
              >
                Détacher<span className={fr.cx('fr-sr-only')}> {`${u.prenom} ${u.nom}`}</span>
              </Button>
            ),
          ])}
        />
      )}
      <Rattachement
        id={id}
        surRattacher={(u) => ecrire(`/representants/${u}`, 'PUT', undefined, 'Compte rattaché.')}
      />
    </section>
  );
}

function Reglages({
  commission: c,
  surEnregistrer,
}: {
  commission: CommissionDetaillee;
  surEnregistrer: (corps: Record<string, unknown>) => void;
}) {
  const [nom, setNom] = useState(c.nom);
  const [delegation, setDelegation] = useState(c.delegationSignalements);
  const [delai, setDelai] = useState(String(c.delaiOrientationJours));
  const [email, setEmail] = useState(c.emailSecretariat ?? '');
  const [communes, setCommunes] = useState(c.communes.join(', '));
  const [actif, setActif] = useState(c.actif);
  const centrale = c.type === 'centrale';
  const envoyer = (e: FormEvent) => {
    e.preventDefault();
    surEnregistrer({
      nom,
      delaiOrientationJours: Number(delai),
      emailSecretariat: email.trim() || null,
      ...(centrale ? {} : { communes: enCodes(communes), actif, delegationSignalements: delegation }),
    });
  };
  return (
    <form onSubmit={envoyer} noValidate aria-labelledby="titre-reglages">
      <h3 id="titre-reglages" className={fr.cx('fr-h5')}>
        Réglages
      </h3>
      <Input label="Nom" nativeInputProps={{ value: nom, onChange: (e) => setNom(e.target.value) }} />
      {centrale ? null : (
        <>
          <Input
            label="Communes du périmètre"
            hintText={c.communesDetail.map((k) => k.nom).join(', ')}
            textArea
            nativeTextAreaProps={{ value: communes, onChange: (e) => setCommunes(e.target.value), rows: 2 }}
          />
          <Checkbox
            options={[
              {
                label: 'Délégation du traitement des signalements',
                nativeInputProps: { checked: delegation, onChange: (e) => setDelegation(e.target.checked) },
              },
              {
                label: 'Commission active',
                nativeInputProps: { checked: actif, onChange: (e) => setActif(e.target.checked) },
              },
            ]}
          />
        </>
      )}
      <Input
        label="Délai d’orientation (jours)"
        nativeInputProps={{ inputMode: 'numeric', value: delai, onChange: (e) => setDelai(e.target.value) }}
      />
      <Input
        label="Adresse électronique du secrétariat"
        hintText="Reçoit les relances des orientations en retard (sinon, les comptes du secrétariat)"
        nativeInputProps={{ type: 'email', value: email, onChange: (e) => setEmail(e.target.value) }}
      />
      <Button type="submit" priority="secondary">
        Enregistrer les réglages
      </Button>
    </form>
  );
}

function AjoutMembre({ surAjout }: { surAjout: (corps: Record<string, unknown>) => void }) {
  const organisations = useQuery({
    queryKey: ['admin', 'organisations'],
    queryFn: () =>
      lire<{ elements: { id: string; nom: string; actif: boolean }[] }>('/api/v1/admin/organisations'),
  });
  const [organisationId, setOrganisationId] = useState('');
  const [categorie, setCategorie] = useState<CategorieMembre>('conseil_departemental');
  const [voix, setVoix] = useState<'deliberative' | 'consultative'>('deliberative');
  const [coPresidence, setCoPresidence] = useState(false);
  const [secretariat, setSecretariat] = useState(false);
  const envoyer = (e: FormEvent) => {
    e.preventDefault();
    if (organisationId) surAjout({ organisationId, categorie, voix, coPresidence, secretariat });
  };
  return (
    <form onSubmit={envoyer} noValidate aria-labelledby="titre-ajout-membre" className={fr.cx('fr-mt-2w')}>
      <h4 id="titre-ajout-membre" className={fr.cx('fr-h6')}>
        Ajouter un membre
      </h4>
      <Select
        label="Organisation"
        nativeSelectProps={{ value: organisationId, onChange: (e) => setOrganisationId(e.target.value) }}
      >
        <option value="">Choisir</option>
        {(organisations.data?.elements ?? [])
          .filter((o) => o.actif)
          .map((o) => (
            <option key={o.id} value={o.id}>
              {o.nom}
            </option>
          ))}
      </Select>
      <Select
        label="Catégorie"
        nativeSelectProps={{
          value: categorie,
          onChange: (e) => setCategorie(e.target.value as CategorieMembre),
        }}
      >
        {CATEGORIES_MEMBRE.map((k) => (
          <option key={k} value={k}>
            {LIBELLES_CATEGORIE_MEMBRE[k]}
          </option>
        ))}
      </Select>
      <Select
        label="Voix"
        nativeSelectProps={{
          value: voix,
          onChange: (e) => setVoix(e.target.value as 'deliberative' | 'consultative'),
        }}
      >
        <option value="deliberative">Délibérative</option>
        <option value="consultative">Consultative</option>
      </Select>
      <Checkbox
        options={[
          {
            label: 'Co-présidence',
            nativeInputProps: { checked: coPresidence, onChange: (e) => setCoPresidence(e.target.checked) },
          },
          {
            label: 'Secrétariat',
            nativeInputProps: { checked: secretariat, onChange: (e) => setSecretariat(e.target.checked) },
          },
        ]}
      />
      <Button type="submit" priority="secondary" disabled={!organisationId}>
        Ajouter le membre
      </Button>
    </form>
  );
}

function Rattachement({ id, surRattacher }: { id: string; surRattacher: (utilisateurId: string) => void }) {
  const comptes = useQuery({
    queryKey: [...CLE, id, 'rattachables'],
    queryFn: () =>
      lire<{ elements: CompteRattachable[] }>(`/api/v1/ccapex/commissions/${id}/comptes-rattachables`),
  });
  const [utilisateurId, setUtilisateurId] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (utilisateurId) surRattacher(utilisateurId);
      }}
      noValidate
      aria-labelledby="titre-rattachement"
      className={fr.cx('fr-mt-2w')}
    >
      <h4 id="titre-rattachement" className={fr.cx('fr-h6')}>
        Rattacher un compte
      </h4>
      <Select
        label="Compte d’un membre ou du secrétariat"
        hint="Le compte voit alors les dossiers de cette commission et des commissions qui en dépendent."
        nativeSelectProps={{ value: utilisateurId, onChange: (e) => setUtilisateurId(e.target.value) }}
      >
        <option value="">Choisir</option>
        {(comptes.data?.elements ?? []).map((u) => (
          <option key={u.id} value={u.id}>
            {u.prenom} {u.nom} — {u.organisationNom}
            {u.commissionActuelle ? ` (actuellement : ${u.commissionActuelle})` : ''}
          </option>
        ))}
      </Select>
      <Button type="submit" priority="secondary" disabled={!utilisateurId}>
        Rattacher
      </Button>
    </form>
  );
}
