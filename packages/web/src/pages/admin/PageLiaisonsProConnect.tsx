import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { appelerApi, ErreurApi, lire } from '../../api/client';
import { useConfiguration } from '../../api/session';
import { Chargement } from '../../components/Chargement';

interface LiaisonProConnect {
  id: string;
  statut: 'en_attente' | 'approuvee' | 'rejetee';
  siret: string;
  creeLe: string;
  utilisateur: { id: string; nom: string; prenom: string; email: string; libelleProfil: string };
  organisation: { nom: string };
}

const CLE = ['admin', 'liaisons-proconnect'] as const;

function dateHeure(iso: string): string {
  return new Date(iso).toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short' });
}

/**
 * First ProConnect logins waiting for the administrator: each links a ProConnect identity to an account of
 * the département; the person can use ProConnect only once the link is approved.
 */
export function SectionLiaisonsProConnect() {
  const { data: configuration } = useConfiguration();
  if (!configuration?.proconnect) return null;
  return <ListeLiaisons />;
}

function ListeLiaisons() {
  const client = useQueryClient();
  const [message, setMessage] = useState<{ type: 'success' | 'error'; texte: string } | null>(null);
  const liaisons = useQuery({
    queryKey: CLE,
    queryFn: () => lire<{ elements: LiaisonProConnect[] }>('/api/v1/admin/liaisons-proconnect'),
  });
  const decider = useMutation({
    mutationFn: ({ l, decision }: { l: LiaisonProConnect; decision: 'approbation' | 'rejet' }) =>
      appelerApi(`/api/v1/admin/liaisons-proconnect/${l.id}/${decision}`, { methode: 'POST' }),
    onSuccess: (_r, { l, decision }) => {
      const nom = `${l.utilisateur.prenom} ${l.utilisateur.nom}`;
      setMessage({
        type: 'success',
        texte:
          decision === 'approbation'
            ? `L’accès ProConnect de ${nom} est approuvé.`
            : `L’accès ProConnect de ${nom} est rejeté.`,
      });
      void client.invalidateQueries({ queryKey: CLE });
    },
    onError: (e) =>
      setMessage({ type: 'error', texte: e instanceof ErreurApi ? e.message : 'Échec de la décision.' }),
  });

  return (
    <section aria-labelledby="titre-liaisons-proconnect">
      <h2 id="titre-liaisons-proconnect" className={fr.cx('fr-mt-6w')}>
        Accès ProConnect en attente de validation
      </h2>
      {message ? (
        <Alert
          severity={message.type}
          small
          description={message.texte}
          closable
          onClose={() => setMessage(null)}
          className={fr.cx('fr-mb-3w')}
        />
      ) : null}
      {liaisons.isPending ? (
        <Chargement />
      ) : liaisons.isError ? (
        <Alert severity="error" small description="Impossible de charger les accès ProConnect en attente." />
      ) : liaisons.data.elements.length === 0 ? (
        <p>Aucun accès ProConnect n’attend de validation.</p>
      ) : (
        <Table
          caption="Accès ProConnect en attente de validation"
          noCaption
          headers={[
            'Nom',
            'Adresse électronique',
            'Profil',
            'Organisation (SIRET)',
            'Demandé le',
            'Décision',
          ]}
          data={liaisons.data.elements.map((l) => {
            const nom = `${l.utilisateur.prenom} ${l.utilisateur.nom}`;
            return [
              nom,
              l.utilisateur.email,
              l.utilisateur.libelleProfil,
              `${l.organisation.nom} (${l.siret})`,
              dateHeure(l.creeLe),
              <div
                key={l.id}
                className={fr.cx('fr-btns-group', 'fr-btns-group--inline-sm', 'fr-btns-group--sm')}
              >
                <Button
                  size="small"
                  onClick={() => decider.mutate({ l, decision: 'approbation' })}
                  disabled={decider.isPending}
                >
                  Approuver
                  <span className={fr.cx('fr-sr-only')}> l’accès ProConnect de {nom}</span>
                </Button>
                <Button
                  size="small"
                  priority="secondary"
                  onClick={() => decider.mutate({ l, decision: 'rejet' })}
                  disabled={decider.isPending}
                >
                  Rejeter
                  <span className={fr.cx('fr-sr-only')}> l’accès ProConnect de {nom}</span>
                </Button>
              </div>,
            ];
          })}
        />
      )}
    </section>
  );
}
