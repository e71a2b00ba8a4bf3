import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { appelerApi, ErreurApi, lire } from '../../api/client';
import { Chargement } from '../../components/Chargement';
import { formaterInstant } from '../../components/format';
import { Titre } from '../../components/Titre';

interface ListeIrl {
  departement: string;
  elements: { trimestre: string; valeur: number; version: number; modifieLe: string }[];
}

const indiceFr = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * The IRL indices of the département (loi 89-462 art. 17-1), entered by its administrator from INSEE's quarterly
 * publication: the indemnity computation revises the rent at each lease anniversary with them.
 */
export function PageIrl() {
  const client = useQueryClient();
  const requete = useQuery({ queryKey: ['irl'], queryFn: () => lire<ListeIrl>('/api/v1/admin/irl') });
  const [trimestre, setTrimestre] = useState('');
  const [valeur, setValeur] = useState('');
  const [erreurs, setErreurs] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ type: 'success' | 'error'; texte: string } | null>(null);

  if (requete.isPending) return <Chargement texte="Chargement des indices…" />;
  if (requete.isError)
    return <Alert severity="error" title="Indices indisponibles" description={requete.error.message} />;
  const { elements, departement } = requete.data;

  const envoyer = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const t = trimestre.trim().toUpperCase();
    const v = Number(valeur.replace(',', '.').replace(/\s/g, ''));
    const locales: Record<string, string> = {};
    if (!/^\d{4}-T[1-4]$/.test(t))
      locales.trimestre = 'Trimestre invalide (format attendu AAAA-Tn, par exemple 2025-T1)';
    if (valeur.trim() === '' || Number.isNaN(v))
      locales.valeur = 'Indiquez la valeur de l’indice, par exemple 145,47';
    if (Object.keys(locales).length > 0) {
      setErreurs(locales);
      return;
    }
    setErreurs({});
    // If-Match: the version of the existing quarter, "0" for a new one.
    const existant = elements.find((x) => x.trimestre === t);
    try {
      await appelerApi(`/api/v1/admin/irl/${t}`, {
        methode: 'PUT',
        corps: { valeur: v },
        entetes: { 'if-match': `"${existant?.version ?? 0}"` },
      });
      setMessage({ type: 'success', texte: `Indice du trimestre ${t} enregistré.` });
      setTrimestre('');
      setValeur('');
    } catch (err) {
      if (err instanceof ErreurApi) {
        if (err.details.length > 0)
          setErreurs(
            Object.fromEntries(err.details.map((x) => [x.chemin.split('.')[0] ?? x.chemin, x.message])),
          );
        setMessage({ type: 'error', texte: err.message });
      } else setMessage({ type: 'error', texte: 'Échec de l’enregistrement' });
    }
    await client.invalidateQueries({ queryKey: ['irl'] });
  };
  const etat = (champ: string) =>
    erreurs[champ] ? { state: 'error' as const, stateRelatedMessage: erreurs[champ] } : {};

  return (
    <>
      <Titre>Indices de référence des loyers</Titre>
      <p>
        Indices publiés chaque trimestre par l’Insee, utilisés pour réviser le loyer à chaque anniversaire du
        bail dans le calcul des indemnités (département {departement}). Loyer révisé = loyer × IRL du
        trimestre de l’anniversaire ÷ IRL du même trimestre un an plus tôt, arrondi au centime.
      </p>
      {elements.length === 0 ? (
        <p>Aucun indice enregistré.</p>
      ) : (
        <Table
          caption="Indices enregistrés"
          headers={['Trimestre', 'Indice', 'Modifié le']}
          data={elements.map((x) => [x.trimestre, indiceFr.format(x.valeur), formaterInstant(x.modifieLe)])}
        />
      )}
      <form onSubmit={envoyer} aria-labelledby="titre-indice" noValidate className={fr.cx('fr-mt-3w')}>
        <h2 id="titre-indice" className={fr.cx('fr-h5')}>
          Enregistrer ou corriger un indice
        </h2>
        {message ? (
          <Alert severity={message.type} small description={message.texte} className={fr.cx('fr-mb-2w')} />
        ) : null}
        <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Input
              label="Trimestre"
              hintText="Format AAAA-Tn, par exemple 2025-T1"
              {...etat('trimestre')}
              nativeInputProps={{ value: trimestre, onChange: (e) => setTrimestre(e.target.value) }}
            />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Input
              label="Indice"
              hintText="Par exemple 145,47"
              {...etat('valeur')}
              nativeInputProps={{
                inputMode: 'decimal',
                value: valeur,
                onChange: (e) => setValeur(e.target.value),
              }}
            />
          </div>
        </div>
        <Button type="submit">Enregistrer l’indice</Button>
      </form>
    </>
  );
}
