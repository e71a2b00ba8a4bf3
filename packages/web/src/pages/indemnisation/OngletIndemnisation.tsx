import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { appelerApi, ErreurApi, lire } from '../../api/client';
import { Chargement } from '../../components/Chargement';
import { formaterDate, formaterEuros, formaterInstant, libelle } from '../../components/format';
import { Reglement } from './Reglement';

interface Ligne {
  du: string;
  au: string;
  jours: number;
  joursDuMois: number;
  loyerMensuelHC: number;
  chargesMensuelles: number;
  montant: number;
}

export interface Indemnisation {
  version: number;
  calcul: {
    periode: {
      debut: string;
      fin: string;
      periodesExclues: { du: string; au: string; motif: string }[];
    } | null;
    lignes: Ligne[];
    complements: { nature: string; libelle: string; montant: number }[];
    totalLignes: number;
    total: number;
    explication: string;
  };
  revisionsLoyer: {
    le: string;
    trimestre: string;
    indice: number | null;
    indicePrecedent: number | null;
    loyerAvant: number;
    loyerApres: number | null;
  }[];
  ajustements: {
    id: string;
    nature: string;
    libelle: string;
    montant: number;
    motif: string;
    auteur: string | null;
    creeLe: string;
  }[];
  totalCalcule: number;
  totalAjuste: number;
}

/** Losses the State compensates (CPCE R154-7), plus a signed correction of the computed total. */
export const NATURES_AJUSTEMENT: Readonly<Record<string, string>> = {
  reparations: 'Frais de remise en état',
  frais_commissaire_justice: 'Frais de commissaire de justice',
  teom: 'Taxe d’enlèvement des ordures ménagères',
  perte_valeur: 'Perte de valeur ou vente manquée',
  autre: 'Autre préjudice',
  correction: 'Correction du total (positive ou négative)',
};

const MOTIFS_EXCLUSION: Readonly<Record<string, string>> = {
  delais_jex: 'Délais accordés par le juge de l’exécution',
  suspension_surendettement: 'Suspension des mesures d’expulsion (surendettement)',
};

/**
 * The State's indemnity explained line by line (CPCE L153-1, R154-1 to R154-7): the préfecture must be able to
 * justify every euro, so the computed value and the agents' reasoned adjustments are shown side by side.
 */
export function OngletIndemnisation({
  dossierId,
  surModification,
}: {
  dossierId: string;
  surModification: () => void;
}) {
  const client = useQueryClient();
  const requete = useQuery({
    queryKey: ['indemnisation', dossierId],
    queryFn: () => lire<Indemnisation>(`/api/v1/dossiers/${dossierId}/indemnisation`),
    retry: false,
  });
  if (requete.isPending) return <Chargement texte="Calcul de l’indemnité…" />;
  if (requete.isError)
    return (
      <Alert
        severity="error"
        title="Impossible de calculer l’indemnité"
        description={requete.error.message}
      />
    );
  const { calcul, ajustements } = requete.data;
  const p = calcul.periode;
  const recharger = async () => {
    await client.invalidateQueries({ queryKey: ['indemnisation', dossierId] });
    surModification();
  };
  return (
    <div>
      <h2 className={fr.cx('fr-h4')}>Indemnité due par l’État</h2>
      {p === null ? (
        <p>La responsabilité de l’État n’est pas engagée : aucun refus du concours de la force publique.</p>
      ) : (
        <>
          <h3 className={fr.cx('fr-h6')}>Période de responsabilité</h3>
          <p>
            Du {formaterDate(p.debut)} au {formaterDate(p.fin)} (R154-1).
          </p>
          {p.periodesExclues.length > 0 ? (
            <Table
              caption="Périodes exclues (R154-5)"
              headers={['Du', 'Au', 'Motif']}
              data={p.periodesExclues.map((x) => [
                formaterDate(x.du),
                formaterDate(x.au),
                libelle(MOTIFS_EXCLUSION, x.motif),
              ])}
            />
          ) : (
            <p>Aucune période exclue.</p>
          )}
          {requete.data.revisionsLoyer.length > 0 ? (
            <Table
              caption="Révisions du loyer selon l’IRL (loi 89-462 art. 17-1)"
              headers={[
                'Anniversaire',
                'Trimestre',
                'Indice',
                'Indice un an plus tôt',
                'Loyer avant',
                'Loyer révisé',
              ]}
              data={requete.data.revisionsLoyer.map((r) => [
                formaterDate(r.le),
                r.trimestre,
                r.indice === null ? 'inconnu' : String(r.indice).replace('.', ','),
                r.indicePrecedent === null ? 'inconnu' : String(r.indicePrecedent).replace('.', ','),
                formaterEuros(r.loyerAvant),
                r.loyerApres === null ? 'Non révisé (indice manquant)' : formaterEuros(r.loyerApres),
              ])}
            />
          ) : null}
          <Table
            caption="Détail du calcul, ligne par ligne"
            headers={['Du', 'Au', 'Jours comptés', 'Jours du mois', 'Loyer HC', 'Charges', 'Montant']}
            data={calcul.lignes.map((l) => [
              formaterDate(l.du),
              formaterDate(l.au),
              String(l.jours),
              String(l.joursDuMois),
              formaterEuros(l.loyerMensuelHC),
              formaterEuros(l.chargesMensuelles),
              formaterEuros(l.montant),
            ])}
          />
          <p className={fr.cx('fr-text--sm')}>
            Montant d’une ligne = (loyer + charges) × jours comptés ÷ jours du mois, arrondi au centime.
          </p>
        </>
      )}
      {calcul.complements.length > 0 ? (
        <Table
          caption="Préjudices complémentaires (R154-7)"
          headers={['Nature', 'Libellé', 'Montant']}
          data={calcul.complements.map((c) => [
            libelle(NATURES_AJUSTEMENT, c.nature),
            c.libelle,
            formaterEuros(c.montant),
          ])}
        />
      ) : null}
      <dl>
        <dt>Total des loyers et charges</dt>
        <dd>{formaterEuros(calcul.totalLignes)}</dd>
        <dt>Total calculé</dt>
        <dd>{formaterEuros(requete.data.totalCalcule)}</dd>
        <dt>Total après ajustements</dt>
        <dd className={fr.cx('fr-text--bold')}>{formaterEuros(requete.data.totalAjuste)}</dd>
      </dl>
      <h3 className={fr.cx('fr-h6')}>Explication</h3>
      <p style={{ whiteSpace: 'pre-line' }}>{calcul.explication}</p>

      <h3 className={fr.cx('fr-h6')}>Ajustements motivés</h3>
      {ajustements.length === 0 ? (
        <p>Aucun ajustement.</p>
      ) : (
        <Table
          caption="Ajustements et leurs motifs"
          headers={['Nature', 'Libellé', 'Montant', 'Motif', 'Par', 'Le']}
          data={ajustements.map((a) => [
            libelle(NATURES_AJUSTEMENT, a.nature),
            a.libelle,
            formaterEuros(a.montant),
            a.motif,
            a.auteur ?? '—',
            formaterInstant(a.creeLe),
          ])}
        />
      )}
      <FormulaireAjustement dossierId={dossierId} version={requete.data.version} surAjout={recharger} />
      <Reglement dossierId={dossierId} />
    </div>
  );
}

function FormulaireAjustement({
  dossierId,
  version,
  surAjout,
}: {
  dossierId: string;
  version: number;
  surAjout: () => Promise<void>;
}) {
  const vide = { nature: '', libelle: '', montant: '', motif: '' };
  const [valeurs, setValeurs] = useState(vide);
  const [erreurs, setErreurs] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ type: 'success' | 'error'; texte: string } | null>(null);
  const changer = (champ: keyof typeof vide) => (e: { target: { value: string } }) =>
    setValeurs((v) => ({ ...v, [champ]: e.target.value }));
  const etat = (champ: string) =>
    erreurs[champ] ? { state: 'error' as const, stateRelatedMessage: erreurs[champ] } : {};

  const envoyer = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const locales: Record<string, string> = {};
    if (!valeurs.nature) locales.nature = 'Choisissez la nature de l’ajustement';
    const montant = Number(valeurs.montant.replace(',', '.').replace(/\s/g, ''));
    if (valeurs.montant.trim() === '' || Number.isNaN(montant))
      locales.montant = 'Indiquez un montant en euros';
    if (Object.keys(locales).length > 0) {
      setErreurs(locales);
      return;
    }
    setErreurs({});
    try {
      await appelerApi(`/api/v1/dossiers/${dossierId}/indemnisation/ajustements`, {
        methode: 'POST',
        corps: { nature: valeurs.nature, libelle: valeurs.libelle, montant, motif: valeurs.motif },
        entetes: { 'if-match': `"${version}"` },
      });
      setValeurs(vide);
      setMessage({ type: 'success', texte: 'Ajustement enregistré.' });
      await surAjout();
    } catch (err) {
      if (err instanceof ErreurApi) {
        if (err.details.length > 0)
          setErreurs(
            Object.fromEntries(err.details.map((x) => [x.chemin.split('.')[0] ?? x.chemin, x.message])),
          );
        setMessage({
          type: 'error',
          texte:
            err.statut === 412
              ? 'Le dossier a été modifié entre-temps : vérifiez le calcul et recommencez.'
              : err.message,
        });
        if (err.statut === 412) await surAjout();
      } else setMessage({ type: 'error', texte: 'Échec de l’enregistrement' });
    }
  };

  return (
    <form onSubmit={envoyer} aria-labelledby="titre-ajustement" noValidate className={fr.cx('fr-mt-3w')}>
      <h3 id="titre-ajustement" className={fr.cx('fr-h6')}>
        Ajouter un ajustement
      </h3>
      {message ? (
        <Alert severity={message.type} small description={message.texte} className={fr.cx('fr-mb-2w')} />
      ) : null}
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <Select
            label="Nature"
            {...etat('nature')}
            nativeSelectProps={{ value: valeurs.nature, onChange: changer('nature') }}
          >
            <option value="" disabled>
              Sélectionnez une nature
            </option>
            {Object.entries(NATURES_AJUSTEMENT).map(([code, texte]) => (
              <option key={code} value={code}>
                {texte}
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
          <Input
            label="Montant (€)"
            hintText="Négatif seulement pour une correction"
            {...etat('montant')}
            nativeInputProps={{ inputMode: 'decimal', value: valeurs.montant, onChange: changer('montant') }}
          />
        </div>
        <div className={fr.cx('fr-col-12')}>
          <Input
            label="Libellé"
            {...etat('libelle')}
            nativeInputProps={{ value: valeurs.libelle, onChange: changer('libelle') }}
          />
        </div>
        <div className={fr.cx('fr-col-12')}>
          <Input
            label="Motif"
            hintText="Pièce justificative ou raison de l’ajustement"
            textArea
            {...etat('motif')}
            nativeTextAreaProps={{ value: valeurs.motif, onChange: changer('motif'), rows: 2 }}
          />
        </div>
      </div>
      <Button type="submit">Enregistrer l’ajustement</Button>
    </form>
  );
}
