import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { schemaNouveauDossier } from '@exploc/domain/schemas/dossier';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { appelerApi, ErreurApi } from '../../api/client';
import { ChampsAdresseLogement, ChampsDatesBail, ChampsLoyer } from '../../components/ChampsLogementBail';
import { ChampsMenage } from '../../components/ChampsMenage';
import { colonne, menageLogementBail } from '../../components/champs';
import { GroupeDeChamps } from '../../components/GroupeDeChamps';
import { Titre } from '../../components/Titre';

interface Doublon {
  id: string;
  numero: string;
  nomPrincipal: string;
  adresse: string;
}

const VIDE = {
  nom: '',
  prenoms: '',
  dateNaissance: '',
  telephone: '',
  email: '',
  allocataireOrganisme: '',
  allocataireNumero: '',
  ligne: '',
  codePostal: '',
  codeInsee: '',
  social: 'non',
  dateSignature: '',
  dateDernierRenouvellement: '',
  loyer: '',
  charges: '',
  bailleurType: 'personne_physique',
  bailleurNom: '',
  bailleurSiret: '',
  prioritaireDalo: false,
  relogementAssure: false,
};

export function PageNouveauDossier() {
  const naviguer = useNavigate();
  const [c, setC] = useState(VIDE);
  const [erreurs, setErreurs] = useState<Record<string, string>>({});
  const [erreurGlobale, setErreurGlobale] = useState<string | null>(null);
  const [doublons, setDoublons] = useState<Doublon[] | null>(null);
  const [enCours, setEnCours] = useState(false);
  const maj = (champ: keyof typeof VIDE) => (e: { target: { value: string } }) =>
    setC({ ...c, [champ]: e.target.value });

  const corps = () => ({
    ...menageLogementBail(c, [
      { nom: c.nom, prenoms: c.prenoms, dateNaissance: c.dateNaissance || null, role: 'titulaire' },
    ]),
    bailleur: {
      type: c.bailleurType as 'personne_physique',
      nom: c.bailleurNom,
      siret: c.bailleurSiret || null,
    },
    prioritaireDalo: c.prioritaireDalo,
    relogementAssure: c.relogementAssure,
  });

  // The shared zod schema validates in the browser too: the same French messages as the API.
  const CHEMINS: Record<string, string> = {
    'menage.personnes.0.nom': 'nom',
    'menage.personnes.0.prenoms': 'prenoms',
    'menage.personnes.0.dateNaissance': 'dateNaissance',
    'menage.telephone': 'telephone',
    'menage.email': 'email',
    'menage.allocataire.numero': 'allocataireNumero',
    'logement.adresse.ligne': 'ligne',
    'logement.adresse.codePostal': 'codePostal',
    'logement.adresse.codeInsee': 'codeInsee',
    'bail.dateSignature': 'dateSignature',
    'bail.dateDernierRenouvellement': 'dateDernierRenouvellement',
    'bail.loyerMensuelHC': 'loyer',
    'bail.chargesMensuelles': 'charges',
    'bailleur.nom': 'bailleurNom',
    'bailleur.siret': 'bailleurSiret',
  };

  const creer = async (forcer: boolean) => {
    setErreurGlobale(null);
    const lu = schemaNouveauDossier.safeParse(corps());
    if (!lu.success) {
      const e: Record<string, string> = {};
      for (const i of lu.error.issues) {
        const champ = CHEMINS[i.path.join('.')];
        if (champ && !e[champ]) e[champ] = i.message;
      }
      setErreurs(e);
      if (Object.keys(e).length === 0) setErreurGlobale(lu.error.issues[0]?.message ?? 'Formulaire invalide');
      return;
    }
    setErreurs({});
    setEnCours(true);
    try {
      if (!forcer) {
        const { donnees } = await appelerApi<{ elements: Doublon[] }>('/api/v1/dossiers/doublons', {
          methode: 'POST',
          corps: { codeInsee: c.codeInsee, adresse: c.ligne, nomTitulaire: `${c.nom} ${c.prenoms}` },
        });
        if (donnees.elements.length > 0) {
          setDoublons(donnees.elements);
          return;
        }
      }
      const { donnees } = await appelerApi<{ id: string }>('/api/v1/dossiers', {
        methode: 'POST',
        corps: lu.data,
      });
      naviguer(`/dossiers/${donnees.id}`);
    } catch (err) {
      if (err instanceof ErreurApi && err.details.length > 0) {
        setErreurs(
          Object.fromEntries(
            err.details.map((d) => [CHEMINS[d.chemin.replace(/\[(\d+)\]/g, '.$1')] ?? d.chemin, d.message]),
          ),
        );
      }
      setErreurGlobale(err instanceof ErreurApi ? err.message : 'La création a échoué.');
    } finally {
      setEnCours(false);
    }
  };
  const soumettre = (e: FormEvent) => {
    e.preventDefault();
    void creer(false);
  };
  const etat = (champ: keyof typeof VIDE) =>
    erreurs[champ] ? { state: 'error' as const, stateRelatedMessage: erreurs[champ] } : {};

  return (
    <>
      <Titre sousTitre="Les champs marqués d’un astérisque sont obligatoires.">Nouveau dossier</Titre>
      {erreurGlobale ? (
        <Alert
          severity="error"
          title="Le dossier n’a pas été créé"
          description={erreurGlobale}
          className={fr.cx('fr-mb-3w')}
        />
      ) : null}
      {doublons ? (
        <Alert
          severity="warning"
          title="Un dossier existe peut-être déjà pour ce logement et ce ménage"
          className={fr.cx('fr-mb-3w')}
          description={
            <>
              <ul>
                {doublons.map((d) => (
                  <li key={d.id}>
                    <Link to={`/dossiers/${d.id}`}>{d.numero}</Link> — {d.nomPrincipal}, {d.adresse}
                  </li>
                ))}
              </ul>
              <Button priority="secondary" size="small" onClick={() => void creer(true)}>
                Créer quand même un nouveau dossier
              </Button>
            </>
          }
        />
      ) : null}
      <form onSubmit={soumettre} noValidate>
        <GroupeDeChamps legende="Titulaire du bail">
          <ChampsMenage valeurs={c} maj={maj} etat={etat} libelleNom="Nom *" />
        </GroupeDeChamps>
        <GroupeDeChamps legende="Logement">
          <ChampsAdresseLogement valeurs={c} maj={maj} etat={etat} libelleAdresse="Adresse *" />
        </GroupeDeChamps>
        <GroupeDeChamps legende="Bail">
          <ChampsDatesBail valeurs={c} maj={maj} etat={etat} libelleSignature="Signé le *" largeur={3} />
          <ChampsLoyer valeurs={c} maj={maj} etat={etat} largeur={3} />
        </GroupeDeChamps>
        <GroupeDeChamps legende="Bailleur">
          <div className={colonne(4)}>
            <Select
              label="Type de bailleur *"
              nativeSelectProps={{ value: c.bailleurType, onChange: maj('bailleurType') }}
            >
              <option value="personne_physique">Personne physique</option>
              <option value="sci_familiale">SCI familiale</option>
              <option value="personne_morale">Personne morale</option>
            </Select>
          </div>
          <div className={colonne(4)}>
            <Input
              label="Nom du bailleur *"
              {...etat('bailleurNom')}
              nativeInputProps={{ value: c.bailleurNom, onChange: maj('bailleurNom') }}
            />
          </div>
          <div className={colonne(4)}>
            <Input
              label={c.bailleurType === 'personne_morale' ? 'SIRET *' : 'SIRET'}
              hintText="14 chiffres"
              {...etat('bailleurSiret')}
              nativeInputProps={{
                inputMode: 'numeric',
                value: c.bailleurSiret,
                onChange: maj('bailleurSiret'),
              }}
            />
          </div>
        </GroupeDeChamps>
        <Checkbox
          legend="Situation du ménage"
          options={[
            {
              label: 'Ménage reconnu prioritaire DALO',
              nativeInputProps: {
                checked: c.prioritaireDalo,
                onChange: (e) => setC({ ...c, prioritaireDalo: e.target.checked }),
              },
            },
            {
              label: 'Relogement assuré',
              nativeInputProps: {
                checked: c.relogementAssure,
                onChange: (e) => setC({ ...c, relogementAssure: e.target.checked }),
              },
            },
          ]}
        />
        <Button type="submit" disabled={enCours}>
          {enCours ? 'Création…' : 'Créer le dossier'}
        </Button>
      </form>
    </>
  );
}
