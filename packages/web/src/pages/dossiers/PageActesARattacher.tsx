import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { LIBELLES_TYPE_EVENEMENT } from '@exploc/domain/procedure/libelles';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { appelerApi, ErreurApi, lire } from '../../api/client';
import { BadgePhase } from '../../components/BadgePhase';
import { Chargement } from '../../components/Chargement';
import { formaterDate, formaterInstant, libelle } from '../../components/format';
import { Titre } from '../../components/Titre';

interface ActeARattacher {
  id: string;
  reference: string;
  type: string;
  date: string;
  motif: string | null;
  partenaire: string;
  recuLe: string;
  candidats: { id: string; numero: string; nomPrincipal: string; adresse: string; phase: string }[];
}

export function PageActesARattacher() {
  const actes = useQuery({
    queryKey: ['actes-a-rattacher'],
    queryFn: () => lire<{ elements: ActeARattacher[] }>('/api/v1/actes-partenaires/a-rattacher'),
  });
  const [message, setMessage] = useState<{ type: 'success' | 'error'; texte: string } | null>(null);
  const rattacher = async (acte: ActeARattacher, dossier: ActeARattacher['candidats'][number]) => {
    setMessage(null);
    try {
      const { donnees } = await appelerApi<{ statut: string }>(
        `/api/v1/actes-partenaires/${acte.id}/rattachement`,
        {
          methode: 'POST',
          corps: { dossierId: dossier.id },
        },
      );
      setMessage({
        type: 'success',
        texte:
          donnees.statut === 'integre'
            ? `L’acte ${acte.reference} est rattaché au dossier ${dossier.numero}.`
            : `L’acte ${acte.reference} est rattaché au dossier ${dossier.numero}, mais il est incohérent avec sa chronologie : il reste à vérifier.`,
      });
      await actes.refetch();
    } catch (e) {
      setMessage({ type: 'error', texte: e instanceof ErreurApi ? e.message : 'Le rattachement a échoué.' });
    }
  };
  return (
    <>
      <Titre sousTitre="Les actes reçus des partenaires pour lesquels plusieurs dossiers correspondent au même bail.">
        Actes à rattacher
      </Titre>
      {message ? (
        <Alert severity={message.type} small description={message.texte} className={fr.cx('fr-mb-3w')} />
      ) : null}
      {actes.isPending ? (
        <Chargement />
      ) : actes.isError ? (
        <Alert severity="error" small description="Impossible de charger les actes." />
      ) : actes.data.elements.length === 0 ? (
        <p>Aucun acte à rattacher.</p>
      ) : (
        actes.data.elements.map((a) => (
          <section key={a.id} className={fr.cx('fr-mb-4w')} aria-labelledby={`acte-${a.id}`}>
            <h2 id={`acte-${a.id}`} className={fr.cx('fr-h5')}>
              {libelle(LIBELLES_TYPE_EVENEMENT, a.type)} du {formaterDate(a.date)} — {a.partenaire}
            </h2>
            <p className={fr.cx('fr-text--sm')}>
              Référence {a.reference}, reçu le {formaterInstant(a.recuLe)}. {a.motif}
            </p>
            <ul>
              {a.candidats.map((d) => (
                <li key={d.id} className={fr.cx('fr-mb-1w')}>
                  <Link to={`/dossiers/${d.id}`}>{d.numero}</Link> — {d.nomPrincipal}, {d.adresse}{' '}
                  <BadgePhase phase={d.phase} />{' '}
                  <Button size="small" priority="secondary" onClick={() => rattacher(a, d)}>
                    Rattacher
                    <span className={fr.cx('fr-sr-only')}>
                      {' '}
                      l’acte {a.reference} au dossier {d.numero}
                    </span>
                  </Button>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </>
  );
}
