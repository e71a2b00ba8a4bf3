import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { type EtapeReglement, LIBELLES_ETAPE_REGLEMENT } from '@exploc/domain/schemas/indemnisation';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { appelerApi, ErreurApi, lire } from '../../api/client';
import { Chargement } from '../../components/Chargement';
import { formaterDate, formaterEuros } from '../../components/format';

interface VueReglement {
  version: number;
  demandeRecueLe: string | null;
  montantDemande: number | null;
  rejetImpliciteLe: string | null;
  accuseReception: string | null;
  propositionLe: string | null;
  montantPropose: number | null;
  signatureBeneficiaireLe: string | null;
  signaturePrefetLe: string | null;
  ordrePaiementLe: string | null;
  paiementLe: string | null;
  montantPaye: number | null;
  subrogationLe: string | null;
  recoursTaLe: string | null;
  jugementTaLe: string | null;
  montantAlloue: number | null;
  etapesPossibles: EtapeReglement[];
}

/** The amount field of a step, if it has one (its name in the API and its label). */
const MONTANTS: Partial<Record<EtapeReglement, { champ: string; libelle: string; facultatif?: boolean }>> = {
  demande_recue: { champ: 'montantDemande', libelle: 'Montant demandé (€)', facultatif: true },
  proposition: { champ: 'montant', libelle: 'Montant proposé (€)' },
  paiement: { champ: 'montant', libelle: 'Montant payé (€)' },
  jugement_ta: { champ: 'montantAlloue', libelle: 'Montant alloué par le tribunal (€)' },
};

/**
 * Settlement of the indemnity (CPCE R154-2 to R154-4): each recorded step with its date, the acknowledgement
 * stating when silence becomes a rejection, the draft transaction as a PDF, and the next steps.
 */
export function Reglement({ dossierId }: { dossierId: string }) {
  const client = useQueryClient();
  const url = `/api/v1/dossiers/${dossierId}/indemnisation/reglement`;
  const requete = useQuery({ queryKey: ['reglement', dossierId], queryFn: () => lire<VueReglement>(url) });
  if (requete.isPending) return <Chargement texte="Chargement du règlement…" />;
  if (requete.isError)
    return <Alert severity="error" title="Règlement indisponible" description={requete.error.message} />;
  const r = requete.data;
  const lignes: [EtapeReglement, string | null, number | null][] = [
    ['demande_recue', r.demandeRecueLe, r.montantDemande],
    ['proposition', r.propositionLe, r.montantPropose],
    ['signature_beneficiaire', r.signatureBeneficiaireLe, null],
    ['signature_prefet', r.signaturePrefetLe, null],
    ['ordre_paiement', r.ordrePaiementLe, null],
    ['paiement', r.paiementLe, r.montantPaye],
    ['subrogation', r.subrogationLe, null],
    ['recours_ta', r.recoursTaLe, null],
    ['jugement_ta', r.jugementTaLe, r.montantAlloue],
  ];
  const faites = lignes.filter(([, date]) => date !== null);
  return (
    <section aria-labelledby="titre-reglement" className={fr.cx('fr-mt-4w')}>
      <h2 id="titre-reglement" className={fr.cx('fr-h4')}>
        Règlement de l’indemnité
      </h2>
      {r.accuseReception ? (
        <Alert
          severity="info"
          small
          className={fr.cx('fr-mb-2w')}
          description={`Accusé de réception (R154-2) : ${r.accuseReception}`}
        />
      ) : null}
      {faites.length === 0 ? (
        <p>Aucune demande d’indemnisation reçue.</p>
      ) : (
        <Table
          caption="Étapes du règlement"
          headers={['Étape', 'Date', 'Montant']}
          data={faites.map(([e, date, montant]) => [
            LIBELLES_ETAPE_REGLEMENT[e],
            formaterDate(date),
            montant === null ? '—' : formaterEuros(montant),
          ])}
        />
      )}
      {r.montantPropose !== null ? (
        <p>
          <a
            className={fr.cx('fr-link', 'fr-icon-download-line', 'fr-link--icon-left')}
            href={`${url}/projet-transaction.pdf`}
            download
          >
            Télécharger le projet de transaction (PDF)
          </a>
        </p>
      ) : null}
      {r.etapesPossibles.length > 0 ? (
        <FormulaireEtape
          url={`${url}/etapes`}
          version={r.version}
          possibles={r.etapesPossibles}
          surFin={() => client.invalidateQueries({ queryKey: ['reglement', dossierId] })}
        />
      ) : null}
    </section>
  );
}

function FormulaireEtape({
  url,
  version,
  possibles,
  surFin,
}: {
  url: string;
  version: number;
  possibles: EtapeReglement[];
  surFin: () => Promise<void>;
}) {
  const [etape, setEtape] = useState<EtapeReglement | ''>('');
  const [date, setDate] = useState('');
  const [montant, setMontant] = useState('');
  const [erreurs, setErreurs] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ type: 'success' | 'error'; texte: string } | null>(null);
  const champMontant = etape ? MONTANTS[etape] : undefined;
  const etat = (champ: string) =>
    erreurs[champ] ? { state: 'error' as const, stateRelatedMessage: erreurs[champ] } : {};

  const envoyer = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    if (!etape) {
      setErreurs({ etape: 'Choisissez l’étape à enregistrer' });
      return;
    }
    const corps: Record<string, unknown> = { etape, date };
    if (champMontant && (montant.trim() !== '' || !champMontant.facultatif)) {
      const valeur = Number(montant.replace(',', '.').replace(/\s/g, ''));
      if (montant.trim() === '' || Number.isNaN(valeur)) {
        setErreurs({ [champMontant.champ]: 'Indiquez un montant en euros' });
        return;
      }
      corps[champMontant.champ] = valeur;
    }
    setErreurs({});
    try {
      await appelerApi(url, { methode: 'POST', corps, entetes: { 'if-match': `"${version}"` } });
      setMessage({ type: 'success', texte: `${LIBELLES_ETAPE_REGLEMENT[etape]} : enregistré.` });
      setEtape('');
      setDate('');
      setMontant('');
      await surFin();
    } catch (err) {
      if (err instanceof ErreurApi) {
        if (err.details.length > 0)
          setErreurs(
            Object.fromEntries(err.details.map((x) => [x.chemin.split('.')[0] ?? x.chemin, x.message])),
          );
        setMessage({ type: 'error', texte: err.message });
        if (err.statut === 412) await surFin();
      } else setMessage({ type: 'error', texte: 'Échec de l’enregistrement' });
    }
  };

  return (
    <form onSubmit={envoyer} aria-labelledby="titre-etape" noValidate>
      <h3 id="titre-etape" className={fr.cx('fr-h6')}>
        Enregistrer une étape
      </h3>
      {message ? (
        <Alert severity={message.type} small description={message.texte} className={fr.cx('fr-mb-2w')} />
      ) : null}
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Select
            label="Étape"
            {...etat('etape')}
            nativeSelectProps={{ value: etape, onChange: (e) => setEtape(e.target.value as EtapeReglement) }}
          >
            <option value="" disabled>
              Sélectionnez une étape
            </option>
            {possibles.map((p) => (
              <option key={p} value={p}>
                {LIBELLES_ETAPE_REGLEMENT[p]}
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
          <Input
            label="Date de l’étape"
            {...etat('date')}
            nativeInputProps={{ type: 'date', value: date, onChange: (e) => setDate(e.target.value) }}
          />
        </div>
        {champMontant ? (
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Input
              label={champMontant.libelle}
              hintText={champMontant.facultatif ? 'Facultatif' : undefined}
              {...etat(champMontant.champ)}
              nativeInputProps={{
                inputMode: 'decimal',
                value: montant,
                onChange: (e) => setMontant(e.target.value),
              }}
            />
          </div>
        ) : null}
      </div>
      <Button type="submit">Enregistrer l’étape</Button>
    </form>
  );
}
