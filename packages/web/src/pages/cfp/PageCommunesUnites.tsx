import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { appelerApi, ErreurApi, lire } from '../../api/client';
import { Chargement } from '../../components/Chargement';
import { Titre } from '../../components/Titre';

interface ListeCommunes {
  departement: string;
  elements: {
    communeInsee: string;
    communeNom: string;
    uniteId: string | null;
    uniteNom: string | null;
    version: number;
  }[];
  unites: { id: string; nom: string; type: string }[];
}

/**
 * Which police or gendarmerie unit runs the CFP enquiries of each commune (CPCE R153-1), kept by the departmental
 * administrator: a new CFP request is routed to the unit of the dossier's commune.
 */
export function PageCommunesUnites() {
  const client = useQueryClient();
  const requete = useQuery({
    queryKey: ['communes-unites'],
    queryFn: () => lire<ListeCommunes>('/api/v1/admin/communes-unites'),
  });
  const [message, setMessage] = useState<{ type: 'success' | 'error'; texte: string } | null>(null);
  if (requete.isPending) return <Chargement texte="Chargement des communes…" />;
  if (requete.isError)
    return <Alert severity="error" title="Communes indisponibles" description={requete.error.message} />;
  const { elements, unites, departement } = requete.data;

  const choisir = async (e: ListeCommunes['elements'][number], uniteId: string) => {
    setMessage(null);
    try {
      await appelerApi(`/api/v1/admin/communes-unites/${e.communeInsee}`, {
        methode: 'PUT',
        corps: { uniteId: uniteId || null },
        entetes: { 'if-match': `"${e.version}"` },
      });
      const nom = unites.find((u) => u.id === uniteId)?.nom;
      setMessage({
        type: 'success',
        texte: nom ? `${e.communeNom} : enquêtes confiées à ${nom}.` : `${e.communeNom} : aucune unité.`,
      });
    } catch (err) {
      setMessage({
        type: 'error',
        texte: err instanceof ErreurApi ? err.message : 'Échec de l’enregistrement',
      });
    }
    await client.invalidateQueries({ queryKey: ['communes-unites'] });
  };

  return (
    <>
      <Titre>Unités chargées des enquêtes de concours</Titre>
      <p>
        Pour chaque commune du département {departement}, le commissariat ou la brigade de gendarmerie à qui
        sont adressées les demandes d’enquête du concours de la force publique.
      </p>
      <div aria-live="polite">
        {message ? (
          <Alert severity={message.type} small description={message.texte} className={fr.cx('fr-mb-2w')} />
        ) : null}
      </div>
      {unites.length === 0 ? (
        <Alert
          severity="warning"
          small
          description="Aucun commissariat ni brigade de gendarmerie actif : créez d’abord l’organisation."
          className={fr.cx('fr-mb-2w')}
        />
      ) : null}
      <Table
        caption="Communes et unités"
        headers={['Code INSEE', 'Commune', 'Unité']}
        data={elements.map((e) => [
          e.communeInsee,
          e.communeNom,
          <select
            key={e.communeInsee}
            className={fr.cx('fr-select')}
            aria-label={`Unité pour ${e.communeNom}`}
            value={e.uniteId ?? ''}
            onChange={(ev) => choisir(e, ev.target.value)}
          >
            <option value="">Aucune unité</option>
            {unites.map((u) => (
              <option key={u.id} value={u.id}>
                {u.nom}
              </option>
            ))}
          </select>,
        ])}
      />
    </>
  );
}
