import { fr } from '@codegouvfr/react-dsfr';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { LIBELLES_DECISION_APL } from '@exploc/domain/schemas/ccapex';
import {
  DESTINATAIRES_RECOMMANDATION,
  LIBELLES_DESTINATAIRE_RECOMMANDATION,
} from '@exploc/domain/schemas/ccapex-seances';
import { type FormEvent, useState } from 'react';
import type { ExamenSeance, Seance } from './SeanceTypes';

interface RecoSaisie {
  cle: number;
  destinataireType: string;
  destinataireOrganisationId: string;
  destinataireLibelle: string;
  contenu: string;
  echeance: string;
}

let compteur = 0;
const vide = (): RecoSaisie => ({
  cle: ++compteur,
  destinataireType: 'cd_action_sociale',
  destinataireOrganisationId: '',
  destinataireLibelle: '',
  contenu: '',
  echeance: '',
});

/**
 * The examination of one dossier during the séance: avis, recommandations (addressee, optional member
 * organisation notified at closing, content, due date), and the decision on the housing benefit.
 */
export function FormulaireExamen({
  examen,
  seance,
  surEnvoi,
}: {
  examen: ExamenSeance;
  seance: Seance;
  surEnvoi: (corps: unknown) => Promise<void>;
}) {
  const [avis, setAvis] = useState(examen.avis ?? '');
  const [apl, setApl] = useState<string>(examen.decisionApl ?? 'aucune');
  const [recos, setRecos] = useState<RecoSaisie[]>(
    examen.recommandations.map((r) => ({
      cle: ++compteur,
      destinataireType: r.destinataireType,
      destinataireOrganisationId: r.destinataireOrganisationId ?? '',
      destinataireLibelle: r.destinataireLibelle,
      contenu: r.contenu,
      echeance: r.echeance ?? '',
    })),
  );
  const [envoi, setEnvoi] = useState(false);
  const id = `examen-${examen.examenId}`;
  const modifier = (cle: number, champ: keyof RecoSaisie, valeur: string) =>
    setRecos((rs) => rs.map((r) => (r.cle === cle ? { ...r, [champ]: valeur } : r)));
  const soumettre = async (e: FormEvent) => {
    e.preventDefault();
    setEnvoi(true);
    try {
      await surEnvoi({
        avis,
        decisionApl: apl === 'aucune' ? null : apl,
        recommandations: recos.map((r) => ({
          destinataireType: r.destinataireType,
          destinataireOrganisationId: r.destinataireOrganisationId || null,
          destinataireLibelle: r.destinataireLibelle,
          contenu: r.contenu,
          echeance: r.echeance || null,
        })),
      });
    } finally {
      setEnvoi(false);
    }
  };
  const nomDossier = `dossier ${examen.dossier.numero}`;
  return (
    <form onSubmit={soumettre} aria-label={`Examen du ${nomDossier}`}>
      <Input
        label="Avis de la commission"
        textArea
        nativeTextAreaProps={{
          id: `${id}-avis`,
          value: avis,
          onChange: (e) => setAvis(e.target.value),
          rows: 4,
          required: true,
          maxLength: 8000,
        }}
      />
      <RadioButtons
        legend="Décision sur l’aide au logement (loi n° 90-449, art. 7-2, 2°)"
        name={`${id}-apl`}
        orientation="horizontal"
        options={[
          ...(['maintien', 'suspension'] as const).map((d) => ({
            label: LIBELLES_DECISION_APL[d],
            nativeInputProps: { value: d, checked: apl === d, onChange: () => setApl(d) },
          })),
          {
            label: 'Pas de décision',
            nativeInputProps: {
              value: 'aucune',
              checked: apl === 'aucune',
              onChange: () => setApl('aucune'),
            },
          },
        ]}
      />
      <fieldset className={fr.cx('fr-fieldset')}>
        <legend className={fr.cx('fr-fieldset__legend')}>Recommandations ({recos.length})</legend>
        {recos.map((r, k) => (
          <div
            key={r.cle}
            className={fr.cx('fr-fieldset__element', 'fr-p-2w', 'fr-mb-2w')}
            style={{ border: '1px solid var(--border-default-grey)' }}
          >
            <p className={fr.cx('fr-text--bold', 'fr-mb-1w')}>Recommandation {k + 1}</p>
            <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
              <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
                <Select
                  label="Type de destinataire"
                  nativeSelectProps={{
                    value: r.destinataireType,
                    onChange: (e) => modifier(r.cle, 'destinataireType', e.target.value),
                  }}
                >
                  {DESTINATAIRES_RECOMMANDATION.map((d) => (
                    <option key={d} value={d}>
                      {LIBELLES_DESTINATAIRE_RECOMMANDATION[d]}
                    </option>
                  ))}
                </Select>
              </div>
              <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
                <Select
                  label="Organisme membre (facultatif)"
                  hint="Ses utilisateurs seront prévenus par courriel à la clôture"
                  nativeSelectProps={{
                    value: r.destinataireOrganisationId,
                    onChange: (e) => {
                      const o = seance.membres.find((m) => m.organisationId === e.target.value);
                      modifier(r.cle, 'destinataireOrganisationId', e.target.value);
                      if (o && !r.destinataireLibelle) modifier(r.cle, 'destinataireLibelle', o.nom);
                    },
                  }}
                >
                  <option value="">Aucun (destinataire extérieur)</option>
                  {seance.membres.map((m) => (
                    <option key={m.organisationId} value={m.organisationId}>
                      {m.nom}
                    </option>
                  ))}
                </Select>
              </div>
              <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
                <Input
                  label="Destinataire"
                  hintText="Service ou personne visée"
                  nativeInputProps={{
                    value: r.destinataireLibelle,
                    onChange: (e) => modifier(r.cle, 'destinataireLibelle', e.target.value),
                    maxLength: 200,
                  }}
                />
              </div>
              <div className={fr.cx('fr-col-12', 'fr-col-md-8')}>
                <Input
                  label="Recommandation"
                  textArea
                  nativeTextAreaProps={{
                    value: r.contenu,
                    onChange: (e) => modifier(r.cle, 'contenu', e.target.value),
                    rows: 2,
                    maxLength: 4000,
                  }}
                />
              </div>
              <div className={fr.cx('fr-col-12', 'fr-col-md-4')}>
                <Input
                  label="Échéance (facultative)"
                  nativeInputProps={{
                    type: 'date',
                    value: r.echeance,
                    onChange: (e) => modifier(r.cle, 'echeance', e.target.value),
                  }}
                />
              </div>
            </div>
            <Button
              type="button"
              priority="tertiary"
              size="small"
              iconId="fr-icon-delete-line"
              onClick={() => setRecos((rs) => rs.filter((x) => x.cle !== r.cle))}
            >
              Supprimer la recommandation {k + 1}
            </Button>
          </div>
        ))}
        <div className={fr.cx('fr-fieldset__element')}>
          <Button
            type="button"
            priority="secondary"
            size="small"
            iconId="fr-icon-add-line"
            onClick={() => setRecos((rs) => [...rs, vide()])}
          >
            Ajouter une recommandation
          </Button>
        </div>
      </fieldset>
      <Button type="submit" disabled={envoi}>
        {envoi ? 'Enregistrement…' : `Enregistrer l’examen du ${nomDossier}`}
      </Button>
    </form>
  );
}
