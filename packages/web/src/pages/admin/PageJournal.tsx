import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { LIBELLES_PROFILS } from '@exploc/domain/acces/profils';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErreurApi, lire } from '../../api/client';
import { Chargement } from '../../components/Chargement';
import { formaterInstant, libelle } from '../../components/format';
import { Titre } from '../../components/Titre';

export interface EntreeJournal {
  id: number;
  horodatage: string;
  utilisateur: { id: string; email: string | null; nom: string | null; prenom: string | null } | null;
  profil: string | null;
  departementCode: string | null;
  action: string;
  objetType: string | null;
  objetId: string | null;
  dossierNumero: string | null;
  requeteId: string | null;
}

/** The journal actions an administrator most often looks for (the API accepts any action code). */
export const LIBELLES_ACTIONS: Record<string, string> = {
  connexion: 'Connexion',
  connexion_echec: 'Échec de connexion',
  deconnexion: 'Déconnexion',
  dossier_consulte: 'Consultation d’un dossier',
  recherche_dossiers: 'Recherche de dossiers',
  dossier_cree: 'Création d’un dossier',
  dossier_modifie: 'Modification d’un dossier',
  document_depose: 'Dépôt d’un document',
  document_telecharge: 'Téléchargement d’un document',
  export_dossiers: 'Export de dossiers',
  droit_acces_exporte: 'Export au titre du droit d’accès',
  refus: 'Accès refusé',
  utilisateur_cree: 'Création d’un compte',
  utilisateur_modifie: 'Modification d’un compte',
  journal_consulte: 'Consultation du journal',
  export_journal: 'Export du journal',
  alerte_securite_levee: 'Alerte de sécurité levée',
  alerte_securite_examinee: 'Alerte de sécurité examinée',
  purge: 'Purge de conservation',
};

interface Filtres {
  utilisateur: string;
  dossier: string;
  action: string;
  du: string;
  au: string;
}

const VIDES: Filtres = { utilisateur: '', dossier: '', action: '', du: '', au: '' };

function parametres(f: Filtres, avant?: number): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v.trim() !== '') p.set(k, v.trim());
  if (avant !== undefined) p.set('avant', String(avant));
  return p;
}

function nomUtilisateur(e: EntreeJournal): string {
  if (!e.utilisateur) return 'Système';
  const nom = [e.utilisateur.prenom, e.utilisateur.nom].filter(Boolean).join(' ');
  return nom ? `${nom} (${e.utilisateur.email ?? ''})` : (e.utilisateur.email ?? e.utilisateur.id);
}

export function PageJournal() {
  const [saisie, setSaisie] = useState<Filtres>(VIDES);
  const [filtres, setFiltres] = useState<Filtres>(VIDES);
  // Keyset pagination: the cursors of the pages already seen, to go back.
  const [curseurs, setCurseurs] = useState<(number | undefined)[]>([undefined]);
  const curseur = curseurs[curseurs.length - 1];
  const page = useQuery({
    queryKey: ['admin', 'journal', filtres, curseur],
    queryFn: () =>
      lire<{ elements: EntreeJournal[]; suivant: number | null }>(
        `/api/v1/admin/journal?${parametres(filtres, curseur)}&parPage=50`,
      ),
  });

  const rechercher = (e: FormEvent) => {
    e.preventDefault();
    setFiltres(saisie);
    setCurseurs([undefined]);
  };
  const champ = (nom: keyof Filtres) => ({
    value: saisie[nom],
    onChange: (e: { target: { value: string } }) => setSaisie({ ...saisie, [nom]: e.target.value }),
  });

  return (
    <>
      <Titre sousTitre="Qui a consulté, modifié ou exporté quoi, dans votre département. Chaque recherche est elle-même journalisée.">
        Journal des accès
      </Titre>
      <form onSubmit={rechercher} aria-labelledby="titre-filtres-journal" noValidate>
        <h2 id="titre-filtres-journal" className={fr.cx('fr-h4')}>
          Filtres
        </h2>
        <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Input
              label="Utilisateur"
              hintText="Adresse électronique ou identifiant"
              nativeInputProps={{ ...champ('utilisateur'), autoComplete: 'off' }}
            />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Input
              label="Dossier"
              hintText="Numéro (AAAA-DEP-NNNNNN) ou identifiant"
              nativeInputProps={champ('dossier')}
            />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Select label="Action" nativeSelectProps={champ('action')}>
              <option value="">Toutes les actions</option>
              {Object.entries(LIBELLES_ACTIONS).map(([code, texte]) => (
                <option key={code} value={code}>
                  {texte}
                </option>
              ))}
            </Select>
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Input label="Du" hintText="Inclus" nativeInputProps={{ ...champ('du'), type: 'date' }} />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Input label="Au" hintText="Inclus" nativeInputProps={{ ...champ('au'), type: 'date' }} />
          </div>
        </div>
        <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-md')}>
          <li>
            <Button type="submit">Rechercher</Button>
          </li>
          <li>
            <Button
              type="button"
              priority="secondary"
              onClick={() => {
                setSaisie(VIDES);
                setFiltres(VIDES);
                setCurseurs([undefined]);
              }}
            >
              Effacer les filtres
            </Button>
          </li>
          <li>
            <a
              className={fr.cx('fr-btn', 'fr-btn--tertiary', 'fr-icon-download-line', 'fr-btn--icon-left')}
              href={`/api/v1/admin/journal/export?${parametres(filtres)}`}
              download
            >
              Exporter en CSV
            </a>
          </li>
        </ul>
      </form>
      <h2 className={fr.cx('fr-h4', 'fr-mt-4w')}>Résultats</h2>
      {page.isPending ? (
        <Chargement />
      ) : page.isError ? (
        <Alert
          severity="error"
          small
          description={
            page.error instanceof ErreurApi ? page.error.message : 'Impossible de lire le journal.'
          }
        />
      ) : page.data.elements.length === 0 ? (
        <p>Aucune ligne du journal ne répond à ces filtres.</p>
      ) : (
        <>
          <div className={fr.cx('fr-table', 'fr-table--no-caption')}>
            <table>
              <caption>Lignes du journal des accès, de la plus récente à la plus ancienne</caption>
              <thead>
                <tr>
                  <th scope="col">Date et heure</th>
                  <th scope="col">Utilisateur</th>
                  <th scope="col">Profil</th>
                  <th scope="col">Action</th>
                  <th scope="col">Dossier ou objet</th>
                  <th scope="col">Département</th>
                </tr>
              </thead>
              <tbody>
                {page.data.elements.map((e) => (
                  <tr key={e.id}>
                    <td>{formaterInstant(e.horodatage)}</td>
                    <td>{nomUtilisateur(e)}</td>
                    <td>{e.profil ? libelle(LIBELLES_PROFILS, e.profil) : '—'}</td>
                    <td>{LIBELLES_ACTIONS[e.action] ?? e.action}</td>
                    <td>{e.dossierNumero ?? (e.objetType ? `${e.objetType} ${e.objetId ?? ''}` : '—')}</td>
                    <td>{e.departementCode ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav aria-label="Pages du journal">
            <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline')}>
              <li>
                <Button
                  priority="secondary"
                  disabled={curseurs.length <= 1}
                  onClick={() => setCurseurs(curseurs.slice(0, -1))}
                >
                  Page précédente
                </Button>
              </li>
              <li>
                <Button
                  priority="secondary"
                  disabled={page.data.suivant === null}
                  onClick={() => {
                    const suivant = page.data.suivant;
                    if (suivant !== null) setCurseurs([...curseurs, suivant]);
                  }}
                >
                  Page suivante
                </Button>
              </li>
            </ul>
          </nav>
        </>
      )}
    </>
  );
}
