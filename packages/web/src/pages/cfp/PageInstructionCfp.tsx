import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import {
  ETATS_DSF,
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
