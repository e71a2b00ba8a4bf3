import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import {
  ETATS_DSF,
  ISSUES_EXECUTION_CFP,
  LIBELLES_ISSUE_EXECUTION_CFP,
  LIBELLES_MOTIFS_REFUS_CFP,
  LIBELLES_STATUT_INSTRUCTION_CFP,
  MOTIFS_REFUS_CFP,
  RISQUES_ORDRE_PUBLIC,
  STATUTS_DECIDES,
  type StatutInstructionCfp,
} from '@exploc/domain/schemas/cfp';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import { baseCfp, type InstructionCfp } from '../../api/cfp';
import { appelerApi, ErreurApi, lire } from '../../api/client';
import { useUtilisateur } from '../../api/session';
import { Chargement } from '../../components/Chargement';
import { formaterDate, libelle } from '../../components/format';
import { Titre } from '../../components/Titre';
import { Page404 } from '../erreurs/PagesErreur';

const LIBELLES_RISQUE: Record<string, string> = { faible: 'Faible', moyen: 'Moyen', eleve: 'Élevé' };
const LIBELLES_DSF: Record<string, string> = {
  transmis: 'Diagnostic transmis',
  demande: 'Diagnostic demandé, non reçu',
  non_demande: 'Diagnostic non demandé',
  refuse_par_menage: 'Refusé par le ménage',
};
const LIBELLES_SENS: Record<string, string> = { octroi: 'Octroi', refus: 'Refus', sursis: 'Sursis' };

type Message = { type: 'success' | 'error'; texte: string } | null;

/** Fields the API added after `InstructionCfp` (api/cfp.ts): the decision's signatory, the corrections. */
interface CorrectionIssue {
  ancienneIssue: string;
  ancienneDate: string;
  nouvelleIssue: string;
  nouvelleDate: string;
  motif: string;
  corrigeeLe: string;
  corrigeePar: string | null;
}
const signataireDe = (i: InstructionCfp) =>
  (i.decision as { signataire?: { nom: string; fonction: string | null } | null } | null)?.signataire ?? null;
const correctionsDe = (i: InstructionCfp) =>
  (i.execution as { corrections?: CorrectionIssue[] } | null)?.corrections ?? [];

/** Sends one write with the instruction's version (If-Match); maps the contract's errors onto the form. */
function useEcriture(instruction: InstructionCfp | undefined, cle: readonly unknown[]) {
  const client = useQueryClient();
  const [message, setMessage] = useState<Message>(null);
  const [erreurs, setErreurs] = useState<Record<string, string>>({});
  const envoyer = async (methode: string, chemin: string, corps: unknown, succes: string) => {
    if (!instruction) return;
    setMessage(null);
    setErreurs({});
    try {
      await appelerApi(chemin, { methode, corps, entetes: { 'if-match': `"${instruction.version}"` } });
      setMessage({ type: 'success', texte: succes });
    } catch (e) {
      if (!(e instanceof ErreurApi)) throw e;
      if (e.statut === 400) setErreurs(Object.fromEntries(e.details.map((d) => [d.chemin, d.message])));
      setMessage({ type: 'error', texte: e.message });
    }
    await client.invalidateQueries({ queryKey: cle });
  };
  const etat = (champ: string) =>
    erreurs[champ] ? { state: 'error' as const, stateRelatedMessage: erreurs[champ] } : {};
  return { message, envoyer, etat };
}

function Section({ titre, children }: { titre: string; children: ReactNode }) {
  return (
    <section className={fr.cx('fr-mb-5w')}>
      <h2 className={fr.cx('fr-h4')}>{titre}</h2>
      {children}
    </section>
  );
}

export function PageInstructionCfp() {
  const { id = '' } = useParams();
  const { data: utilisateur } = useUtilisateur();
  const permissions = new Set(utilisateur?.permissions.map((p) => p.code));
  const base = baseCfp(permissions);
  const cle = ['cfp', base, id] as const;
  const requete = useQuery({
    queryKey: cle,
    queryFn: () => lire<InstructionCfp>(`${base}/${id}`),
    enabled: utilisateur !== undefined,
  });
  const { message, envoyer, etat } = useEcriture(requete.data, cle);
  if (requete.isPending) return <Chargement />;
  if (requete.isError) {
    if (requete.error instanceof ErreurApi && requete.error.statut === 404) return <Page404 />;
    return (
      <Alert severity="error" title="Impossible d’afficher la demande" description={requete.error.message} />
    );
  }
  const i = requete.data;
  const close = STATUTS_DECIDES.includes(i.statut as StatutInstructionCfp);
  return (
    <>
      <Titre
        sousTitre={`${i.dossier.nomPrincipal} — ${i.dossier.adresse.ligne}, ${i.dossier.adresse.commune}`}
      >
        {`Concours de la force publique — ${i.dossier.numero}`}
      </Titre>
      <ul>
        <li>Étape : {libelle(LIBELLES_STATUT_INSTRUCTION_CFP, i.statut)}</li>
        <li>
          Demande du {formaterDate(i.dateDemande)} ({i.ageJours} jours)
        </li>
        <li>
          Refus implicite le {i.dateRefusImplicite ? formaterDate(i.dateRefusImplicite) : '—'} (CPCE R153-1)
        </li>
        <li>Unité chargée de l’enquête : {i.unite?.nom ?? 'non désignée'}</li>
        {permissions.has('dossier.lire') ? (
          <li>
            <Link to={`/dossiers/${i.dossier.id}`}>Voir le dossier</Link>
          </li>
        ) : null}
      </ul>
      {message ? (
        <Alert
          className={fr.cx('fr-mb-3w')}
          severity={message.type}
          small
          description={message.texte}
          role={message.type === 'error' ? 'alert' : 'status'}
        />
      ) : null}
      {i.decision ? (
        <Section titre="Décision">
          <p>
            {libelle(LIBELLES_SENS, i.decision.sens)} du {formaterDate(i.decision.date)}
            {i.decision.motifs && i.decision.motifs.length > 0
              ? ` — motifs : ${i.decision.motifs.map((m) => libelle(LIBELLES_MOTIFS_REFUS_CFP, m)).join(' ; ')}`
              : ''}
          </p>
          {i.decision.texte ? <p>{i.decision.texte}</p> : null}
          {signataireDe(i) ? (
            <p>
              Signée par délégation : {signataireDe(i)?.nom}
              {signataireDe(i)?.fonction ? `, ${signataireDe(i)?.fonction}` : ''}
            </p>
          ) : null}
          {permissions.has('cfp.instruire') ? (
            <ul className={fr.cx('fr-raw-list')}>
              {(
                [
                  ['commissaire_justice', 'au commissaire de justice'],
                  ['bailleur', 'au bailleur'],
                ] as const
              ).map(([destinataire, texte]) => (
                <li key={destinataire}>
                  <a
                    className={fr.cx('fr-link', 'fr-icon-download-line', 'fr-link--icon-left')}
                    href={`/api/v1/cfp/${i.id}/lettre.pdf?destinataire=${destinataire}`}
                    download
                  >
                    Télécharger la lettre de notification {texte} (PDF)
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </Section>
      ) : null}
      <Section titre="Enquête des forces de l’ordre">
        {permissions.has('cfp.enquete') && !close ? (
          <FormulaireEnquete
            instruction={i}
            etat={etat}
            surEnvoi={(corps) =>
              envoyer('PUT', `/api/v1/cfp/enquetes/${i.id}`, corps, 'Enquête enregistrée.')
            }
          />
        ) : i.enquete ? (
          <ul>
            <li>Visite : {i.enquete.dateVisite ? formaterDate(i.enquete.dateVisite) : 'aucune'}</li>
            <li>Contact établi : {i.enquete.contactEtabli ? 'oui' : 'non'}</li>
            <li>Composition du ménage constatée : {i.enquete.compositionMenage ?? '—'}</li>
            <li>
              Risque de trouble à l’ordre public : {libelle(LIBELLES_RISQUE, i.enquete.risqueOrdrePublic)}
            </li>
            {i.enquete.observations ? <li>Observations : {i.enquete.observations}</li> : null}
          </ul>
        ) : (
          <p>L’enquête n’a pas encore été transmise.</p>
        )}
      </Section>
      {permissions.has('cfp.instruire') ? (
        <Section titre="Vérification sociale et proposition">
          {close ? (
            <p>
              {i.verificationSociale
                ? `Proposition : ${libelle(LIBELLES_SENS, i.verificationSociale.propositionSens)}`
                : 'Aucune vérification enregistrée.'}
            </p>
          ) : (
            <FormulaireVerification
              instruction={i}
              etat={etat}
              surEnvoi={(corps) =>
                envoyer(
                  'PUT',
                  `/api/v1/cfp/${i.id}/verification-sociale`,
                  corps,
                  'Vérification sociale enregistrée.',
                )
              }
            />
          )}
        </Section>
      ) : null}
      {i.decision?.sens === 'octroi' ? (
        <SectionExecution
          instruction={i}
          permissions={permissions}
          etat={etat}
          envoyer={envoyer}
          base={base}
        />
      ) : null}
      {permissions.has('cfp.decider') && !close ? (
        <Section titre="Décision du préfet">
          <FormulaireDecision
            etat={etat}
            surEnvoi={(corps) =>
              envoyer('POST', `/api/v1/cfp/${i.id}/decision`, corps, 'Décision enregistrée.')
            }
          />
        </Section>
      ) : null}
    </>
  );
}

type Etat = (champ: string) => { state?: 'error'; stateRelatedMessage?: string };

function FormulaireEnquete({
  instruction,
  etat,
  surEnvoi,
}: {
  instruction: InstructionCfp;
  etat: Etat;
  surEnvoi: (corps: unknown) => Promise<void>;
}) {
  const e = instruction.enquete;
  const [dateVisite, setDateVisite] = useState(e?.dateVisite ?? '');
  const [contactEtabli, setContactEtabli] = useState(e?.contactEtabli ?? false);
  const [composition, setComposition] = useState(e?.compositionMenage ?? '');
  const [risque, setRisque] = useState(e?.risqueOrdrePublic ?? '');
  const [observations, setObservations] = useState(e?.observations ?? '');
  const soumettre = (ev: FormEvent) => {
    ev.preventDefault();
    void surEnvoi({
      dateVisite: dateVisite || null,
      contactEtabli,
      compositionMenage: composition || null,
      risqueOrdrePublic: risque,
      observations: observations || null,
    });
  };
  return (
    <form onSubmit={soumettre} noValidate>
      <Input
        label="Date de la visite"
        hintText="Laisser vide si l’occupant a été convoqué sans visite"
        nativeInputProps={{ type: 'date', value: dateVisite, onChange: (x) => setDateVisite(x.target.value) }}
        {...etat('dateVisite')}
      />
      <Checkbox
        options={[
          {
            label: 'Contact établi avec l’occupant',
            nativeInputProps: { checked: contactEtabli, onChange: (x) => setContactEtabli(x.target.checked) },
          },
        ]}
      />
      <Input
        label="Composition du ménage constatée"
        nativeInputProps={{ value: composition, onChange: (x) => setComposition(x.target.value) }}
        {...etat('compositionMenage')}
      />
      <Select
        label="Risque de trouble à l’ordre public"
        nativeSelectProps={{ value: risque, onChange: (x) => setRisque(x.target.value) }}
        {...etat('risqueOrdrePublic')}
      >
        <option value="" disabled>
          Choisir
        </option>
        {RISQUES_ORDRE_PUBLIC.map((r) => (
          <option key={r} value={r}>
            {LIBELLES_RISQUE[r]}
          </option>
        ))}
      </Select>
      <Input
        label="Observations"
        textArea
        nativeTextAreaProps={{ value: observations, onChange: (x) => setObservations(x.target.value) }}
        {...etat('observations')}
      />
      <Button type="submit">Enregistrer l’enquête</Button>
    </form>
  );
}

function CasesMotifs({
  legende,
  motifs,
  setMotifs,
  etat,
}: {
  legende: string;
  motifs: string[];
  setMotifs: (m: string[]) => void;
  etat: { state?: 'error'; stateRelatedMessage?: string };
}) {
  return (
    <Checkbox
      legend={legende}
      {...etat}
      options={MOTIFS_REFUS_CFP.map((m) => ({
        label: LIBELLES_MOTIFS_REFUS_CFP[m],
        nativeInputProps: {
          checked: motifs.includes(m),
          onChange: (x) => setMotifs(x.target.checked ? [...motifs, m] : motifs.filter((y) => y !== m)),
        },
      }))}
    />
  );
}

function FormulaireVerification({
  instruction,
  etat,
  surEnvoi,
}: {
  instruction: InstructionCfp;
  etat: Etat;
  surEnvoi: (corps: unknown) => Promise<void>;
}) {
  const v = instruction.verificationSociale;
  const [prioritaireDalo, setPrioritaireDalo] = useState(v?.prioritaireDalo ?? false);
  const [offres, setOffres] = useState(String(v?.offresRelogement ?? 0));
  const [avisCcapex, setAvisCcapex] = useState(v?.avisCcapex ?? '');
  const [dsf, setDsf] = useState(v?.dsf ?? 'non_demande');
  const [observations, setObservations] = useState(v?.observations ?? '');
  const [proposition, setProposition] = useState(v?.propositionSens ?? '');
  const [motifs, setMotifs] = useState<string[]>(v?.propositionMotifs ?? []);
  const soumettre = (ev: FormEvent) => {
    ev.preventDefault();
    void surEnvoi({
      prioritaireDalo,
      offresRelogement: Number(offres),
      avisCcapex: avisCcapex || null,
      dsf,
      observations: observations || null,
      propositionSens: proposition || null,
      propositionMotifs: proposition === 'refus' ? motifs : [],
    });
  };
  return (
    <form onSubmit={soumettre} noValidate>
      <Checkbox
        options={[
          {
            label: 'Ménage reconnu prioritaire DALO',
            nativeInputProps: {
              checked: prioritaireDalo,
              onChange: (x) => setPrioritaireDalo(x.target.checked),
            },
          },
        ]}
      />
      <Input
        label="Offres de relogement faites au ménage"
        nativeInputProps={{
          type: 'number',
          min: 0,
          value: offres,
          onChange: (x) => setOffres(x.target.value),
        }}
        {...etat('offresRelogement')}
      />
      <Input
        label="Avis de la CCAPEX"
        textArea
        nativeTextAreaProps={{ value: avisCcapex, onChange: (x) => setAvisCcapex(x.target.value) }}
        {...etat('avisCcapex')}
      />
      <Select
        label="Diagnostic social et financier"
        nativeSelectProps={{ value: dsf, onChange: (x) => setDsf(x.target.value) }}
      >
        {ETATS_DSF.map((d) => (
          <option key={d} value={d}>
            {LIBELLES_DSF[d]}
          </option>
        ))}
      </Select>
      <Input
        label="Observations du service instructeur"
        textArea
        nativeTextAreaProps={{ value: observations, onChange: (x) => setObservations(x.target.value) }}
      />
      <Select
        label="Proposition au préfet"
        nativeSelectProps={{ value: proposition, onChange: (x) => setProposition(x.target.value) }}
      >
        <option value="">Pas encore de proposition</option>
        {Object.entries(LIBELLES_SENS).map(([s, l]) => (
          <option key={s} value={s}>
            {l}
          </option>
        ))}
      </Select>
      {proposition === 'refus' ? (
        <CasesMotifs
          legende="Motifs de refus proposés"
          motifs={motifs}
          setMotifs={setMotifs}
          etat={etat('propositionMotifs')}
        />
      ) : null}
      <Button type="submit">Enregistrer la vérification</Button>
    </form>
  );
}

function FormulaireDecision({ etat, surEnvoi }: { etat: Etat; surEnvoi: (corps: unknown) => Promise<void> }) {
  const [sens, setSens] = useState('');
  const [date, setDate] = useState('');
  const [motifs, setMotifs] = useState<string[]>([]);
  const [texte, setTexte] = useState('');
  const soumettre = (ev: FormEvent) => {
    ev.preventDefault();
    void surEnvoi({ sens, date, motifs: sens === 'refus' ? motifs : [], texte: texte || null });
  };
  return (
    <form onSubmit={soumettre} noValidate>
      <Select
        label="Décision"
        nativeSelectProps={{ value: sens, onChange: (x) => setSens(x.target.value) }}
        {...etat('sens')}
      >
        <option value="" disabled>
          Choisir
        </option>
        {Object.entries(LIBELLES_SENS).map(([s, l]) => (
          <option key={s} value={s}>
            {l}
          </option>
        ))}
      </Select>
      <Input
        label="Date de la décision"
        nativeInputProps={{ type: 'date', value: date, onChange: (x) => setDate(x.target.value) }}
        {...etat('date')}
      />
      {sens === 'refus' ? (
        <CasesMotifs
          legende="Motifs du refus (obligatoires, CPCE R153-1)"
          motifs={motifs}
          setMotifs={setMotifs}
          etat={etat('motifs')}
        />
      ) : null}
      <Input
        label="Motivation"
        textArea
        nativeTextAreaProps={{ value: texte, onChange: (x) => setTexte(x.target.value) }}
        {...etat('texte')}
      />
      <Button type="submit">Enregistrer la décision</Button>
    </form>
  );
}

/**
 * Execution of a granted concours: the préfecture plans the operation; the préfecture or the police unit records
 * its outcome, which also becomes an act of the dossier. A finished operation is only shown.
 */
function SectionExecution({
  instruction: i,
  permissions,
  etat,
  envoyer,
  base,
}: {
  instruction: InstructionCfp;
  permissions: ReadonlySet<string>;
  etat: Etat;
  envoyer: (methode: string, chemin: string, corps: unknown, succes: string) => Promise<void>;
  base: string;
}) {
  const x = i.execution;
  const terminee = x?.issue === 'expulsion_realisee' || x?.issue === 'depart_avant';
  return (
    <Section titre="Exécution du concours">
      {x ? (
        <ul>
          <li>Date de l’opération : {x.dateOperation ? formaterDate(x.dateOperation) : '—'}</li>
          <li>Effectifs engagés : {x.effectifs ?? '—'}</li>
          <li>
            Services sociaux informés :{' '}
            {x.servicesSociauxInformes === null
              ? '—'
              : x.servicesSociauxInformes
                ? `oui${x.servicesSociauxInformesLe ? `, le ${formaterDate(x.servicesSociauxInformesLe)}` : ''}`
                : 'non'}
          </li>
          {x.issue ? (
            <li>
              Issue : {libelle(LIBELLES_ISSUE_EXECUTION_CFP, x.issue)}
              {x.dateIssue ? ` le ${formaterDate(x.dateIssue)}` : ''}
              {x.pvRecuLe ? ` — procès-verbal reçu le ${formaterDate(x.pvRecuLe)}` : ''}
            </li>
          ) : null}
        </ul>
      ) : (
        <p>Aucune opération planifiée.</p>
      )}
      {correctionsDe(i).length > 0 ? (
        <>
          <h3 className={fr.cx('fr-h6')}>Corrections de l’issue</h3>
          <ul>
            {correctionsDe(i).map((c) => (
              <li key={c.corrigeeLe}>
                {libelle(LIBELLES_ISSUE_EXECUTION_CFP, c.ancienneIssue)} le {formaterDate(c.ancienneDate)}{' '}
                corrigée en {libelle(LIBELLES_ISSUE_EXECUTION_CFP, c.nouvelleIssue)} le{' '}
                {formaterDate(c.nouvelleDate)}
                {c.corrigeePar ? ` par ${c.corrigeePar}` : ''} — motif : {c.motif}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {!terminee && permissions.has('cfp.instruire') ? (
        <FormulairePlanification
          instruction={i}
          etat={etat}
          surEnvoi={(corps) =>
            envoyer('PUT', `/api/v1/cfp/${i.id}/execution`, corps, 'Planification enregistrée.')
          }
        />
      ) : null}
      {terminee && permissions.has('cfp.instruire') ? (
        <FormulaireIssue
          correction
          etat={etat}
          surEnvoi={(corps) =>
            envoyer('PUT', `/api/v1/cfp/${i.id}/execution/issue`, corps, 'Issue de l’opération corrigée.')
          }
        />
      ) : null}
      {!terminee && (permissions.has('cfp.instruire') || permissions.has('cfp.enquete')) ? (
        <FormulaireIssue
          etat={etat}
          surEnvoi={(corps) =>
            envoyer('POST', `${base}/${i.id}/execution/issue`, corps, 'Issue de l’opération enregistrée.')
          }
        />
      ) : null}
    </Section>
  );
}

function FormulairePlanification({
  instruction,
  etat,
  surEnvoi,
}: {
  instruction: InstructionCfp;
  etat: Etat;
  surEnvoi: (corps: unknown) => Promise<void>;
}) {
  const x = instruction.execution;
  const [dateOperation, setDateOperation] = useState(x?.dateOperation ?? '');
  const [effectifs, setEffectifs] = useState(x?.effectifs?.toString() ?? '');
  const [informes, setInformes] = useState(x?.servicesSociauxInformes ?? false);
  const [informesLe, setInformesLe] = useState(x?.servicesSociauxInformesLe ?? '');
  const soumettre = (ev: FormEvent) => {
    ev.preventDefault();
    void surEnvoi({
      dateOperation,
      effectifs: Number(effectifs),
      servicesSociauxInformes: informes,
      servicesSociauxInformesLe: informes ? informesLe || null : null,
    });
  };
  return (
    <form onSubmit={soumettre} noValidate className={fr.cx('fr-mb-4w')}>
      <h3 className={fr.cx('fr-h6')}>Planification</h3>
      <Input
        label="Date de l’opération"
        hintText="Ni dimanche ni jour férié (CPCE L141-1)"
        nativeInputProps={{
          type: 'date',
          value: dateOperation,
          onChange: (e) => setDateOperation(e.target.value),
        }}
        {...etat('dateOperation')}
      />
      <Input
        label="Effectifs engagés"
        nativeInputProps={{
          type: 'number',
          min: 1,
          value: effectifs,
          onChange: (e) => setEffectifs(e.target.value),
        }}
        {...etat('effectifs')}
      />
      <Checkbox
        options={[
          {
            label: 'Services sociaux informés',
            nativeInputProps: { checked: informes, onChange: (e) => setInformes(e.target.checked) },
          },
        ]}
      />
      {informes ? (
        <Input
          label="Informés le"
          nativeInputProps={{
            type: 'date',
            value: informesLe,
            onChange: (e) => setInformesLe(e.target.value),
          }}
          {...etat('servicesSociauxInformesLe')}
        />
      ) : null}
      <Button type="submit">Enregistrer la planification</Button>
    </form>
  );
}

/** The outcome form; `correction`: the same fields plus the mandatory reason, to correct a closed outcome. */
function FormulaireIssue({
  etat,
  surEnvoi,
  correction = false,
}: {
  etat: Etat;
  surEnvoi: (corps: unknown) => Promise<void>;
  correction?: boolean;
}) {
  const [motif, setMotif] = useState('');
  const [issue, setIssue] = useState('');
  const [date, setDate] = useState('');
  const [nouvelleDate, setNouvelleDate] = useState('');
  const [pvRecuLe, setPvRecuLe] = useState('');
  const soumettre = (ev: FormEvent) => {
    ev.preventDefault();
    void surEnvoi({
      issue,
      date,
      nouvelleDate: issue === 'reportee' ? nouvelleDate || null : null,
      pvRecuLe: pvRecuLe || null,
      ...(correction ? { motif } : {}),
    });
  };
  return (
    <form onSubmit={soumettre} noValidate>
      <h3 className={fr.cx('fr-h6')}>
        {correction ? 'Corriger l’issue enregistrée par erreur' : 'Issue de l’opération'}
      </h3>
      <Select
        label="Issue"
        nativeSelectProps={{ value: issue, onChange: (e) => setIssue(e.target.value) }}
        {...etat('issue')}
      >
        <option value="" disabled>
          Choisir
        </option>
        {ISSUES_EXECUTION_CFP.map((v) => (
          <option key={v} value={v}>
            {LIBELLES_ISSUE_EXECUTION_CFP[v]}
          </option>
        ))}
      </Select>
      <Input
        label="Date"
        nativeInputProps={{ type: 'date', value: date, onChange: (e) => setDate(e.target.value) }}
        {...etat('date')}
      />
      {issue === 'reportee' ? (
        <Input
          label="Nouvelle date de l’opération"
          nativeInputProps={{
            type: 'date',
            value: nouvelleDate,
            onChange: (e) => setNouvelleDate(e.target.value),
          }}
          {...etat('nouvelleDate')}
        />
      ) : null}
      <Input
        label="Procès-verbal reçu le (facultatif)"
        nativeInputProps={{ type: 'date', value: pvRecuLe, onChange: (e) => setPvRecuLe(e.target.value) }}
        {...etat('pvRecuLe')}
      />
      {correction ? (
        <Input
          textArea
          label="Motif de la correction"
          hintText="Obligatoire : l’issue précédente reste dans l’historique"
          nativeTextAreaProps={{ value: motif, onChange: (e) => setMotif(e.target.value) }}
          {...etat('motif')}
        />
      ) : null}
      <Button type="submit">{correction ? 'Corriger l’issue' : 'Enregistrer l’issue'}</Button>
    </form>
  );
}
