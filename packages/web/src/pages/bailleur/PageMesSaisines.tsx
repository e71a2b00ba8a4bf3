import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { lire } from '../../api/client';
import { Chargement } from '../../components/Chargement';
import { formaterDate, formaterEuros } from '../../components/format';
import { Titre } from '../../components/Titre';
import { LIBELLES_STATUT, type SaisineBailleur } from './api';

const SEVERITE = { a_trier: 'info', acceptee: 'success', rejetee: 'error' } as const;

function Statut({ s }: { s: SaisineBailleur }) {
  return (
    <>
      <Badge severity={SEVERITE[s.statut]} small noIcon>
        {LIBELLES_STATUT[s.statut]}
      </Badge>
      {s.statut === 'acceptee' && s.dossier ? (
        <>
          {' '}
          <Link to={`/dossiers/${s.dossier.id}`}>dossier {s.dossier.numero}</Link>
        </>
      ) : null}
      {s.statut === 'rejetee' && s.motifRejet ? (
        <p className={fr.cx('fr-text--sm', 'fr-mb-0')}>{s.motifRejet}</p>
      ) : null}
    </>
  );
}

/** The landlord's saisines and where each one stands (to be triaged, accepted into a dossier, rejected). */
export function PageMesSaisines() {
  const requete = useQuery({
    queryKey: ['bailleur', 'saisines'],
    queryFn: () =>
      lire<{ elements: SaisineBailleur[]; total: number }>('/api/v1/bailleur/saisines?parPage=200'),
  });
  return (
    <>
      <Titre sousTitre="Les saisines de la CCAPEX faites par votre organisation, à l’écran ou par import.">
        Mes saisines
      </Titre>
      <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-md')}>
        <li>
          <Button linkProps={{ to: '/bailleur/saisir' }} iconId="fr-icon-add-line">
            Saisir la CCAPEX
          </Button>
        </li>
        <li>
          <Button priority="secondary" linkProps={{ to: '/bailleur/imports' }} iconId="fr-icon-upload-line">
            Importer un fichier CSV
          </Button>
        </li>
      </ul>
      {requete.isPending ? <Chargement /> : null}
      {requete.isError ? (
        <Alert severity="error" title="Liste indisponible" description={requete.error.message} />
      ) : null}
      {requete.data && requete.data.elements.length === 0 ? <p>Aucune saisine pour l’instant.</p> : null}
      {requete.data && requete.data.elements.length > 0 ? (
        <Table
          caption={`Saisines (${requete.data.total})`}
          headers={[
            'Reçue le',
            'Locataire',
            'Logement',
            'Dette',
            'Commission',
            'Assignation possible à partir du',
            'Statut',
            'Accusé',
          ]}
          data={requete.data.elements.map((s) => [
            formaterDate(s.recuLe),
            s.locataire ?? '—',
            s.adresse ? `${s.adresse.ligne}, ${s.adresse.codePostal}` : '—',
            formaterEuros(s.detteMontant),
            s.commission.nom,
            formaterDate(s.assignationPossibleAPartirDu),
            <Statut key="statut" s={s} />,
            <a key="pdf" href={`/api/v1/bailleur/saisines/${s.id}/accuse.pdf`} download>
              PDF
              <span className={fr.cx('fr-sr-only')}> : accusé de la saisine du {formaterDate(s.recuLe)}</span>
            </a>,
          ])}
        />
      ) : null}
    </>
  );
}
