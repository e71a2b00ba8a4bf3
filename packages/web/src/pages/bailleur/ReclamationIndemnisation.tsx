import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Upload } from '@codegouvfr/react-dsfr/Upload';
import { schemaReclamationIndemnisation } from '@exploc/domain/schemas/reclamation-indemnisation';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErreurApi, lire } from '../../api/client';
import { Chargement } from '../../components/Chargement';
import { formaterDate, formaterEuros } from '../../components/format';
import { type EtatReclamation, envoyerMultipart, type VueReclamation } from './api';

const nombre = (v: string) => (v.trim() === '' ? Number.NaN : Number(v.replace(',', '.').replace(/\s/g, '')));

function Recapitulatif({ r }: { r: VueReclamation }) {
  return (
    <>
      <Alert
        severity="info"
        title={`Demande reçue le ${formaterDate(r.recueLe)}`}
        description={
          <>
            {r.accuseReception} Date à laquelle le silence vaut rejet :{' '}
            <strong data-testid="rejet-implicite">{formaterDate(r.rejetImpliciteLe)}</strong>.
          </>
        }
        className={fr.cx('fr-mb-3w')}
      />
      <dl>
        <dt className={fr.cx('fr-text--bold')}>Période réclamée</dt>
        <dd>
          du {formaterDate(r.periodeDu)} au {formaterDate(r.periodeAu)}
        </dd>
        <dt className={fr.cx('fr-text--bold')}>Montants</dt>
        <dd>
          loyers {formaterEuros(r.montantLoyers)}, charges {formaterEuros(r.montantCharges)}
          {r.montantAutres > 0 ? `, ${r.libelleAutres ?? 'autres'} ${formaterEuros(r.montantAutres)}` : ''} —
          total {formaterEuros(r.montantTotal)}
        </dd>
        <dt className={fr.cx('fr-text--bold')}>Justificatifs</dt>
        <dd>{r.justificatifs.length > 0 ? r.justificatifs.map((j) => j.nom).join(', ') : 'aucun'}</dd>
        <dt className={fr.cx('fr-text--bold')}>Déposée par</dt>
        <dd>
          {r.origine === 'bailleur'
            ? 'le bailleur, en ligne'
            : 'un agent de la préfecture (demande reçue hors ligne)'}
        </dd>
      </dl>
    </>
  );
}

/**
 * The indemnity claim after a refusal of the concours de la force publique (CPCE R154-2): the landlord files it
 * on its dossier; a préfecture agent enters a claim received on paper, with its date of receipt.
 */
export function ReclamationIndemnisation({
  dossierId,
  mode,
  surDepot,
}: {
  dossierId: string;
  mode: 'bailleur' | 'agent';
  surDepot?: () => void;
}) {
  const client = useQueryClient();
  const url =
    mode === 'bailleur'
      ? `/api/v1/bailleur/dossiers/${dossierId}/reclamation-indemnisation`
      : `/api/v1/dossiers/${dossierId}/indemnisation/reclamation`;
  const etat = useQuery({ queryKey: ['reclamation', dossierId], queryFn: () => lire<EtatReclamation>(url) });
  const [c, setC] = useState({
    periodeDu: '',
    periodeAu: '',
    loyers: '',
    charges: '',
    autres: '',
    libelleAutres: '',
    observations: '',
    recueLe: '',
  });
  const [fichiers, setFichiers] = useState<File[]>([]);
  const [erreurs, setErreurs] = useState<Record<string, string>>({});
  const [erreurGlobale, setErreurGlobale] = useState<string | null>(null);
  const [enCours, setEnCours] = useState(false);

  if (etat.isPending) return <Chargement />;
  if (etat.isError)
    return (
      <Alert severity="error" title="Demande d’indemnisation indisponible" description={etat.error.message} />
    );
  const e = etat.data;
  if (e.reclamation) return <Recapitulatif r={e.reclamation} />;
  if (!e.possible) {
    return (
      <Alert
        severity="info"
        small
        description="Aucune demande d’indemnisation n’est possible : le concours de la force publique n’a été refusé ni explicitement, ni par le silence du préfet (CPCE R154-1)."
      />
    );
  }
  const periodeDu = c.periodeDu || e.responsabiliteEtatDepuis || '';
  const maj = (champ: keyof typeof c) => (ev: { target: { value: string } }) =>
    setC({ ...c, [champ]: ev.target.value });
  const etatChamp = (champ: string) =>
    erreurs[champ] ? { state: 'error' as const, stateRelatedMessage: erreurs[champ] } : {};

  const envoyer = async (ev: FormEvent) => {
    ev.preventDefault();
    setErreurGlobale(null);
    setErreurs({});
    const reclamation = {
      periodeDu,
      periodeAu: c.periodeAu,
      montantLoyers: nombre(c.loyers),
      montantCharges: nombre(c.charges),
      montantAutres: c.autres.trim() === '' ? 0 : nombre(c.autres),
      ...(c.libelleAutres.trim() ? { libelleAutres: c.libelleAutres.trim() } : {}),
      ...(c.observations.trim() ? { observations: c.observations.trim() } : {}),
      ...(mode === 'agent' && c.recueLe ? { recueLe: c.recueLe } : {}),
    };
    // The shared schema checks in the browser first: the same French messages as the API.
    const lu = schemaReclamationIndemnisation.safeParse(reclamation);
    if (!lu.success) {
      setErreurs(Object.fromEntries(lu.error.issues.map((i) => [i.path.join('.'), i.message])));
      setErreurGlobale('Le formulaire contient des erreurs.');
      return;
    }
    const f = new FormData();
    f.append('reclamation', JSON.stringify(lu.data));
    for (const x of fichiers) f.append('justificatifs', x);
    setEnCours(true);
    try {
      await envoyerMultipart(url, f);
      await client.invalidateQueries({ queryKey: ['reclamation', dossierId] });
      await client.invalidateQueries({ queryKey: ['reglement', dossierId] });
      surDepot?.();
    } catch (err) {
      if (err instanceof ErreurApi) {
        setErreurs(Object.fromEntries(err.details.map((d) => [d.chemin, d.message])));
        setErreurGlobale(err.message);
      } else setErreurGlobale('L’envoi a échoué.');
    } finally {
      setEnCours(false);
    }
  };

  return (
    <form onSubmit={envoyer} noValidate>
      <p>
        La responsabilité de l’État court à compter du{' '}
        <strong>{formaterDate(e.responsabiliteEtatDepuis)}</strong>. Le préfet accuse réception de la demande
        ; son silence pendant deux mois vaut rejet (R154-2, R154-3).
      </p>
      {erreurGlobale ? (
        <Alert
          severity="error"
          title="La demande n’a pas été enregistrée"
          description={erreurGlobale}
          className={fr.cx('fr-mb-3w')}
        />
      ) : null}
      <fieldset className={fr.cx('fr-fieldset')}>
        <legend className={fr.cx('fr-fieldset__legend')}>Période et montants réclamés</legend>
        <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-col-12')}>
          <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
            <Input
              label="Du *"
              {...etatChamp('periodeDu')}
              nativeInputProps={{ type: 'date', value: periodeDu, onChange: maj('periodeDu') }}
            />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
            <Input
              label="Au *"
              {...etatChamp('periodeAu')}
              nativeInputProps={{ type: 'date', value: c.periodeAu, onChange: maj('periodeAu') }}
            />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Input
              label="Loyers impayés (€) *"
              {...etatChamp('montantLoyers')}
              nativeInputProps={{ inputMode: 'decimal', value: c.loyers, onChange: maj('loyers') }}
            />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Input
              label="Charges impayées (€) *"
              {...etatChamp('montantCharges')}
              nativeInputProps={{ inputMode: 'decimal', value: c.charges, onChange: maj('charges') }}
            />
          </div>
          <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
            <Input
              label="Autres préjudices (€)"
              hintText="Frais de justice, réparations, TEOM…"
              {...etatChamp('montantAutres')}
              nativeInputProps={{ inputMode: 'decimal', value: c.autres, onChange: maj('autres') }}
            />
          </div>
          <div className={fr.cx('fr-col-12')}>
            <Input
              label="Nature des autres préjudices"
              {...etatChamp('libelleAutres')}
              nativeInputProps={{ value: c.libelleAutres, onChange: maj('libelleAutres') }}
            />
          </div>
          {mode === 'agent' ? (
            <div className={fr.cx('fr-col-12', 'fr-col-md-6')}>
              <Input
                label="Demande reçue le"
                hintText="Par défaut : aujourd’hui"
                {...etatChamp('recueLe')}
                nativeInputProps={{ type: 'date', value: c.recueLe, onChange: maj('recueLe') }}
              />
            </div>
          ) : null}
        </div>
      </fieldset>
      <Input
        label="Observations"
        textArea
        {...etatChamp('observations')}
        nativeTextAreaProps={{ value: c.observations, onChange: maj('observations'), rows: 3 }}
      />
      <Upload
        label="Justificatifs"
        hint="PDF, JPEG ou PNG, 10 Mo au plus chacun, 10 fichiers au plus."
        multiple
        nativeInputProps={{
          accept: '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png',
          onChange: (ev) => setFichiers(Array.from(ev.target.files ?? [])),
        }}
      />
      <Button type="submit" className={fr.cx('fr-mt-2w')} disabled={enCours}>
        {enCours
          ? 'Envoi…'
          : mode === 'bailleur'
            ? 'Envoyer la demande d’indemnisation'
            : 'Enregistrer la demande reçue'}
      </Button>
    </form>
  );
}
