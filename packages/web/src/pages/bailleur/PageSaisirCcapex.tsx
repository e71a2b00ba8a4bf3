import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { ButtonsGroup } from '@codegouvfr/react-dsfr/ButtonsGroup';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Stepper } from '@codegouvfr/react-dsfr/Stepper';
import { DEMARCHES_SAISINE, schemaContenuSaisine } from '@exploc/domain/schemas/ccapex';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { appelerApi, ErreurApi, lire } from '../../api/client';
import { ChampsAdresseLogement, ChampsDatesBail, ChampsLoyer } from '../../components/ChampsLogementBail';
import { ChampsMenage } from '../../components/ChampsMenage';
import { Chargement } from '../../components/Chargement';
import { colonne, menageLogementBail, nombre, type PersonneSaisie } from '../../components/champs';
import { formaterDate, formaterEuros } from '../../components/format';
import { GroupeDeChamps } from '../../components/GroupeDeChamps';
import { Titre } from '../../components/Titre';
import { type AccuseSaisine, LIBELLES_DEMARCHES } from './api';

const VIDE = {
  nom: '',
  prenoms: '',
  dateNaissance: '',
  nomCotitulaire: '',
  prenomsCotitulaire: '',
  telephone: '',
  email: '',
  allocataireOrganisme: '',
  allocataireNumero: '',
  ligne: '',
  codePostal: '',
  codeInsee: '',
  social: 'oui',
  dateSignature: '',
  dateDernierRenouvellement: '',
  loyer: '',
  charges: '',
  dette: '',
  dateArrete: '',
  moisImpayes: '',
  demarches: [] as string[],
  message: '',
};
type Champs = typeof VIDE;

/** The form's steps, each with the fields it validates (schema path → form field). */
const ETAPES: { titre: string; chemins: Record<string, keyof Champs> }[] = [
  {
    titre: 'Ménage',
    chemins: {
      'dossier.menage.personnes.0.nom': 'nom',
      'dossier.menage.personnes.0.prenoms': 'prenoms',
      'dossier.menage.personnes.0.dateNaissance': 'dateNaissance',
      'dossier.menage.personnes.1.nom': 'nomCotitulaire',
      'dossier.menage.personnes.1.prenoms': 'prenomsCotitulaire',
      'dossier.menage.telephone': 'telephone',
      'dossier.menage.email': 'email',
      'dossier.menage.allocataire.numero': 'allocataireNumero',
    },
  },
  {
    titre: 'Logement et bail',
    chemins: {
      'dossier.logement.adresse.ligne': 'ligne',
      'dossier.logement.adresse.codePostal': 'codePostal',
      'dossier.logement.adresse.codeInsee': 'codeInsee',
      'dossier.bail.dateSignature': 'dateSignature',
      'dossier.bail.dateDernierRenouvellement': 'dateDernierRenouvellement',
    },
  },
  {
    titre: 'Loyer et charges',
    chemins: { 'dossier.bail.loyerMensuelHC': 'loyer', 'dossier.bail.chargesMensuelles': 'charges' },
  },
  {
    titre: 'Décompte de la dette',
    chemins: { detteMontant: 'dette', dateArreteDette: 'dateArrete', moisImpayes: 'moisImpayes' },
  },
  { titre: 'Démarches déjà engagées', chemins: { demarches: 'demarches', message: 'message' } },
  { titre: 'Vérification et envoi', chemins: {} },
];

interface Organisation {
  nom: string;
  siret: string | null;
  estBailleur: boolean;
}

function corpsDe(c: Champs, org: Organisation) {
  const personnes: PersonneSaisie[] = [
    { nom: c.nom, prenoms: c.prenoms, dateNaissance: c.dateNaissance || null, role: 'titulaire' },
  ];
  if (c.nomCotitulaire || c.prenomsCotitulaire) {
    personnes.push({
      nom: c.nomCotitulaire,
      prenoms: c.prenomsCotitulaire,
      dateNaissance: null,
      role: 'cotitulaire',
    });
  }
  return {
    dossier: {
      ...menageLogementBail(c, personnes),
      bailleur: { type: 'personne_morale' as const, nom: org.nom, siret: org.siret },
    },
    detteMontant: nombre(c.dette),
    dateArreteDette: c.dateArrete,
    moisImpayes: c.moisImpayes.trim() === '' ? undefined : nombre(c.moisImpayes),
    demarches: c.demarches,
    message: c.message.trim() || undefined,
  };
}

/** Which step holds the field of a schema path (errors sent back by the API lead there). */
function etapeDuChemin(chemin: string): number {
  const i = ETAPES.findIndex((e) => chemin in e.chemins);
  return Math.max(i, 0);
}

/**
 * "Saisir la CCAPEX" (loi n° 89-462 art. 24 II): the landlord that is a legal entity refers an unpaid-rent
 * situation to the commission before any assignation, step by step, and gets the acknowledgement with the day
 * from which the assignation may be served.
 */
export function PageSaisirCcapex() {
  const organisation = useQuery({
    queryKey: ['bailleur', 'organisation'],
    queryFn: () => lire<Organisation>('/api/v1/bailleur/organisation'),
  });
  const [c, setC] = useState<Champs>(VIDE);
  const [etape, setEtape] = useState(0);
  const [erreurs, setErreurs] = useState<Record<string, string>>({});
  const [erreurGlobale, setErreurGlobale] = useState<string | null>(null);
  const [enCours, setEnCours] = useState(false);
  const [accuse, setAccuse] = useState<AccuseSaisine | null>(null);
  const titreEtape = useRef<HTMLHeadingElement>(null);

  // RGAA 12.x: after a step change, focus moves to the step's heading.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the effect runs on each step change
  useEffect(() => {
    titreEtape.current?.focus();
  }, [etape, accuse]);

  if (organisation.isPending) return <Chargement />;
  if (organisation.isError)
    return <Alert severity="error" title="Service indisponible" description={organisation.error.message} />;
  const org = organisation.data;
  if (!org.estBailleur) {
    return (
      <>
        <Titre>Saisir la CCAPEX</Titre>
        <Alert
          severity="info"
          title="Réservé aux bailleurs"
          description="La saisine préalable de la CCAPEX est faite par les bailleurs personnes morales."
        />
      </>
    );
  }

  const maj = (champ: keyof Champs) => (e: { target: { value: string } }) =>
    setC({ ...c, [champ]: e.target.value });
  const etat = (champ: keyof Champs) =>
    erreurs[champ] ? { state: 'error' as const, stateRelatedMessage: erreurs[champ] } : {};

  const erreursDeLEtape = (n: number): Record<string, string> => {
    const lu = schemaContenuSaisine.safeParse(corpsDe(c, org));
    if (lu.success) return {};
    const e: Record<string, string> = {};
    for (const i of lu.error.issues) {
      const chemin = i.path.join('.');
      const champ =
        ETAPES[n]?.chemins[chemin] ?? (n === 0 && chemin === 'dossier.menage.personnes' ? 'nom' : null);
      if (champ && !e[champ]) e[champ] = i.message;
    }
    return e;
  };

  const suivant = (e: FormEvent) => {
    e.preventDefault();
    setErreurGlobale(null);
    if (etape < ETAPES.length - 1) {
      const e2 = erreursDeLEtape(etape);
      setErreurs(e2);
      if (Object.keys(e2).length === 0) setEtape(etape + 1);
      return;
    }
    void envoyer();
  };

  const envoyer = async () => {
    const lu = schemaContenuSaisine.safeParse(corpsDe(c, org));
    if (!lu.success) {
      const premiere = lu.error.issues[0];
      setEtape(etapeDuChemin(premiere?.path.join('.') ?? ''));
      setErreurGlobale(premiere?.message ?? 'Formulaire invalide');
      return;
    }
    setEnCours(true);
    try {
      const { donnees } = await appelerApi<AccuseSaisine>('/api/v1/bailleur/saisines', {
        methode: 'POST',
        corps: lu.data,
      });
      setAccuse(donnees);
    } catch (err) {
      if (err instanceof ErreurApi && err.details.length > 0) {
        const d = err.details[0] as { chemin: string; message: string };
        const n = etapeDuChemin(d.chemin);
        setEtape(n);
        const champ = ETAPES[n]?.chemins[d.chemin];
        if (champ) setErreurs({ [champ]: d.message });
      }
      setErreurGlobale(err instanceof ErreurApi ? err.message : 'L’envoi a échoué.');
    } finally {
      setEnCours(false);
    }
  };

  if (accuse) {
    return (
      <>
        <Titre>Saisine enregistrée</Titre>
        <Alert
          severity="success"
          title={`Saisine reçue le ${formaterDate(accuse.recuLe)} par la ${accuse.commission.nom}`}
          description={
            <>
              L’assignation est possible à partir du{' '}
              <strong data-testid="assignation-possible">
                {formaterDate(accuse.assignationPossibleAPartirDu)}
              </strong>{' '}
              (deux mois après la saisine, loi n° 89-462, art. 24 II).
            </>
          }
        />
        <h2 ref={titreEtape} tabIndex={-1} className={fr.cx('fr-h4', 'fr-mt-4w')}>
          Et ensuite ?
        </h2>
        <p>
          La commission trie les saisines reçues : vous suivez leur statut dans « Mes saisines ». Une fois la
          saisine acceptée, le dossier créé apparaît dans vos dossiers.
        </p>
        <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-md')}>
          <li>
            <a
              className={fr.cx('fr-btn', 'fr-icon-download-line', 'fr-btn--icon-left')}
              href={`/api/v1/bailleur/saisines/${accuse.id}/accuse.pdf`}
              download
            >
              Télécharger l’accusé de réception (PDF)
            </a>
          </li>
          <li>
            <Button priority="secondary" linkProps={{ to: '/bailleur/saisines' }}>
              Mes saisines
            </Button>
          </li>
          <li>
            <Button
              priority="tertiary"
              onClick={() => {
                setAccuse(null);
                setC(VIDE);
                setEtape(0);
              }}
            >
              Nouvelle saisine
            </Button>
          </li>
        </ul>
      </>
    );
  }

  const derniere = etape === ETAPES.length - 1;

  return (
    <>
      <Titre sousTitre="Loi n° 89-462 du 6 juillet 1989, article 24 II : saisine préalable à l’assignation. Les champs marqués d’un astérisque sont obligatoires.">
        Saisir la CCAPEX
      </Titre>
      <p>
        Bailleur : <strong>{org.nom}</strong>
        {org.siret ? ` — SIRET ${org.siret}` : ''}.{' '}
        <Link to="/bailleur/imports">Importer plusieurs saisines</Link>
      </p>
      <Stepper
        currentStep={etape + 1}
        stepCount={ETAPES.length}
        title={ETAPES[etape]?.titre ?? ''}
        nextTitle={ETAPES[etape + 1]?.titre}
      />
      {erreurGlobale ? (
        <Alert
          severity="error"
          title="La saisine n’a pas été envoyée"
          description={erreurGlobale}
          className={fr.cx('fr-mb-3w')}
        />
      ) : null}
      <form onSubmit={suivant} noValidate aria-labelledby="titre-etape">
        <h2 id="titre-etape" ref={titreEtape} tabIndex={-1} className={fr.cx('fr-sr-only')}>
          Étape {etape + 1} sur {ETAPES.length} : {ETAPES[etape]?.titre}
        </h2>
        {etape === 0 ? (
          <GroupeDeChamps legende="Ménage locataire">
            <ChampsMenage valeurs={c} maj={maj} etat={etat} libelleNom="Nom du titulaire du bail *">
              <div className={colonne(6)}>
                <Input
                  label="Nom du cotitulaire"
                  {...etat('nomCotitulaire')}
                  nativeInputProps={{ value: c.nomCotitulaire, onChange: maj('nomCotitulaire') }}
                />
              </div>
              <div className={colonne(6)}>
                <Input
                  label="Prénoms du cotitulaire"
                  {...etat('prenomsCotitulaire')}
                  nativeInputProps={{ value: c.prenomsCotitulaire, onChange: maj('prenomsCotitulaire') }}
                />
              </div>
            </ChampsMenage>
          </GroupeDeChamps>
        ) : null}
        {etape === 1 ? (
          <GroupeDeChamps legende="Logement et bail">
            <ChampsAdresseLogement valeurs={c} maj={maj} etat={etat} libelleAdresse="Adresse du logement *" />
            <ChampsDatesBail
              valeurs={c}
              maj={maj}
              etat={etat}
              libelleSignature="Bail signé le *"
              largeur={6}
            />
          </GroupeDeChamps>
        ) : null}
        {etape === 2 ? (
          <GroupeDeChamps legende="Loyer et charges mensuels">
            <ChampsLoyer valeurs={c} maj={maj} etat={etat} largeur={6} />
          </GroupeDeChamps>
        ) : null}
        {etape === 3 ? (
          <GroupeDeChamps legende="Décompte de la dette locative">
            <div className={colonne(4)}>
              <Input
                label="Montant de la dette (€) *"
                {...etat('dette')}
                nativeInputProps={{ inputMode: 'decimal', value: c.dette, onChange: maj('dette') }}
              />
            </div>
            <div className={colonne(4)}>
              <Input
                label="Décompte arrêté au *"
                {...etat('dateArrete')}
                nativeInputProps={{ type: 'date', value: c.dateArrete, onChange: maj('dateArrete') }}
              />
            </div>
            <div className={colonne(4)}>
              <Input
                label="Nombre de mois d’impayés"
                {...etat('moisImpayes')}
                nativeInputProps={{
                  inputMode: 'numeric',
                  value: c.moisImpayes,
                  onChange: maj('moisImpayes'),
                }}
              />
            </div>
          </GroupeDeChamps>
        ) : null}
        {etape === 4 ? (
          <>
            <Checkbox
              legend="Démarches déjà engagées"
              state={erreurs.demarches ? 'error' : 'default'}
              stateRelatedMessage={erreurs.demarches}
              options={DEMARCHES_SAISINE.map((d) => ({
                label: LIBELLES_DEMARCHES[d] ?? d,
                nativeInputProps: {
                  checked: c.demarches.includes(d),
                  onChange: (e: { target: { checked: boolean } }) =>
                    setC({
                      ...c,
                      demarches: e.target.checked ? [...c.demarches, d] : c.demarches.filter((x) => x !== d),
                    }),
                },
              }))}
            />
            <Input
              label="Message à la commission"
              textArea
              {...etat('message')}
              nativeTextAreaProps={{ value: c.message, onChange: maj('message'), rows: 4 }}
            />
          </>
        ) : null}
        {derniere ? (
          <section aria-label="Récapitulatif de la saisine">
            <dl>
              <dt className={fr.cx('fr-text--bold')}>Ménage</dt>
              <dd>
                {c.nom} {c.prenoms}
                {c.nomCotitulaire ? `, ${c.nomCotitulaire} ${c.prenomsCotitulaire}` : ''}
              </dd>
              <dt className={fr.cx('fr-text--bold')}>Logement</dt>
              <dd>
                {c.ligne}, {c.codePostal} (INSEE {c.codeInsee}) —{' '}
                {c.social === 'oui' ? 'logement social' : 'parc privé'}
              </dd>
              <dt className={fr.cx('fr-text--bold')}>Bail</dt>
              <dd>
                signé le {formaterDate(c.dateSignature)} — loyer {formaterEuros(nombre(c.loyer))} hors
                charges, charges {formaterEuros(nombre(c.charges))}
              </dd>
              <dt className={fr.cx('fr-text--bold')}>Dette</dt>
              <dd>
                {formaterEuros(nombre(c.dette))} au {formaterDate(c.dateArrete)}
              </dd>
              <dt className={fr.cx('fr-text--bold')}>Démarches</dt>
              <dd>
                {c.demarches.length > 0
                  ? c.demarches.map((d) => LIBELLES_DEMARCHES[d] ?? d).join(', ')
                  : 'Aucune'}
              </dd>
            </dl>
          </section>
        ) : null}
        <ButtonsGroup
          inlineLayoutWhen="sm and up"
          buttons={[
            {
              children: 'Précédent',
              priority: 'secondary',
              type: 'button',
              disabled: etape === 0,
              onClick: () => {
                setErreurs({});
                setEtape(etape - 1);
              },
            },
            {
              children: derniere ? (enCours ? 'Envoi…' : 'Envoyer la saisine') : 'Suivant',
              type: 'submit',
              disabled: enCours,
            },
          ]}
        />
      </form>
    </>
  );
}
