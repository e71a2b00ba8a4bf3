import { fr } from '@codegouvfr/react-dsfr';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { CODES_DEPARTEMENT } from '@exploc/domain/calendrier/departements';
import { evaluerProcedure } from '@exploc/domain/procedure/evaluer';
import { LIBELLES_PHASE, LIBELLES_TYPE_EVENEMENT } from '@exploc/domain/procedure/libelles';
import { evenementsPossibles } from '@exploc/domain/procedure/transitions';
import { lireScenario } from '@exploc/domain/procedure/valider-scenario';
import { useMemo, useState } from 'react';
import { Chronologie } from '../../components/Chronologie';
import { type EvenementSoumis, FormulaireEvenement } from '../../components/FormulaireEvenement';
import { formaterDate, libelle } from '../../components/format';
import { Titre } from '../../components/Titre';

function aujourdhuiParis(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
}

const nombre = (v: string) => Number(v.replace(',', '.').replace(/\s/g, ''));

/**
 * Public procedure simulator: the engine runs in the browser (the same pure function as the server and the
 * CLI), nothing is sent or stored.
 */
export function PageSimulateur() {
  const [asOf, setAsOf] = useState(aujourdhuiParis());
  const [departement, setDepartement] = useState('75');
  const [bail, setBail] = useState({
    dateSignature: '2024-02-15',
    dateDernierRenouvellement: '',
    type: 'personne_physique',
    logementSocial: false,
    loyer: '650',
    charges: '80',
  });
  const [menage, setMenage] = useState({ prioritaireDalo: false, relogementAssure: false });
  const [seuils, setSeuils] = useState({ actifs: true, moisImpayes: '6', multipleLoyerHC: '3' });
  const [treve, setTreve] = useState({ du: '', au: '' });
  const [evenements, setEvenements] = useState<EvenementSoumis[]>([]);
  const outreMer = departement.length === 3;

  const scenario = {
    asOf,
    departement,
    departementConfig: {
      seuilsSignalement: seuils.actifs
        ? { moisImpayes: nombre(seuils.moisImpayes), multipleLoyerHC: nombre(seuils.multipleLoyerHC) }
        : null,
      periodesTreve: outreMer && treve.du && treve.au ? [{ du: treve.du, au: treve.au }] : null,
    },
    bail: {
      dateSignature: bail.dateSignature,
      dateDernierRenouvellement: bail.dateDernierRenouvellement || null,
      bailleur: { type: bail.type, logementSocial: bail.logementSocial },
      loyerMensuelHC: nombre(bail.loyer),
      chargesMensuelles: nombre(bail.charges),
    },
    menage,
    evenements,
  };
  const cle = JSON.stringify(scenario);
  const evaluation = useMemo(() => {
    const lu = lireScenario(JSON.parse(cle));
    if (!lu.ok) return { ok: false as const, erreur: lu.erreur };
    return {
      ok: true as const,
      resultat: evaluerProcedure(lu.scenario),
      possibles: evenementsPossibles(lu.scenario.evenements, lu.scenario.asOf),
    };
  }, [cle]);

  return (
    <>
      <Titre sousTitre="Saisissez le bail et les actes de la procédure : les délais légaux, les alertes et la responsabilité de l’État se calculent à mesure. Rien n’est enregistré ni transmis.">
        Simulateur de procédure
      </Titre>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        <div className={fr.cx('fr-col-12', 'fr-col-lg-5', 'fr-no-print')}>
          <fieldset className={fr.cx('fr-fieldset')}>
            <legend className={fr.cx('fr-fieldset__legend')}>Cadre</legend>
            <div className={fr.cx('fr-fieldset__element')}>
              <Input
                label="Date d’évaluation"
                nativeInputProps={{ type: 'date', value: asOf, onChange: (e) => setAsOf(e.target.value) }}
              />
            </div>
            <div className={fr.cx('fr-fieldset__element')}>
              <Select
                label="Département"
                nativeSelectProps={{ value: departement, onChange: (e) => setDepartement(e.target.value) }}
              >
                {CODES_DEPARTEMENT.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </Select>
            </div>
            {outreMer ? (
              <div className={fr.cx('fr-fieldset__element')}>
                <p className={fr.cx('fr-text--sm')}>Outre-mer, la trêve est fixée par le préfet :</p>
                <Input
                  label="Trêve du"
                  nativeInputProps={{
                    type: 'date',
                    value: treve.du,
                    onChange: (e) => setTreve({ ...treve, du: e.target.value }),
                  }}
                />
                <Input
                  label="Trêve au"
                  nativeInputProps={{
                    type: 'date',
                    value: treve.au,
                    onChange: (e) => setTreve({ ...treve, au: e.target.value }),
                  }}
                />
              </div>
            ) : null}
            <div className={fr.cx('fr-fieldset__element')}>
              <Checkbox
                options={[
                  {
                    label: 'Seuils de signalement fixés par arrêté préfectoral',
                    nativeInputProps: {
                      checked: seuils.actifs,
                      onChange: (e) => setSeuils({ ...seuils, actifs: e.target.checked }),
                    },
                  },
                ]}
              />
              {seuils.actifs ? (
                <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
                  <div className={fr.cx('fr-col-6')}>
                    <Input
                      label="Mois d’impayés"
                      nativeInputProps={{
                        inputMode: 'numeric',
                        value: seuils.moisImpayes,
                        onChange: (e) => setSeuils({ ...seuils, moisImpayes: e.target.value }),
                      }}
                    />
                  </div>
                  <div className={fr.cx('fr-col-6')}>
                    <Input
                      label="Multiple du loyer"
                      nativeInputProps={{
                        inputMode: 'decimal',
                        value: seuils.multipleLoyerHC,
                        onChange: (e) => setSeuils({ ...seuils, multipleLoyerHC: e.target.value }),
                      }}
                    />
                  </div>
                </div>
              ) : null}
            </div>
          </fieldset>
          <fieldset className={fr.cx('fr-fieldset')}>
            <legend className={fr.cx('fr-fieldset__legend')}>Bail</legend>
            <div className={fr.cx('fr-fieldset__element')}>
              <Input
                label="Bail signé le"
                nativeInputProps={{
                  type: 'date',
                  value: bail.dateSignature,
                  onChange: (e) => setBail({ ...bail, dateSignature: e.target.value }),
                }}
              />
            </div>
            <div className={fr.cx('fr-fieldset__element')}>
              <Input
                label="Dernier renouvellement (facultatif)"
                nativeInputProps={{
                  type: 'date',
                  value: bail.dateDernierRenouvellement,
                  onChange: (e) => setBail({ ...bail, dateDernierRenouvellement: e.target.value }),
                }}
              />
            </div>
            <div className={fr.cx('fr-fieldset__element')}>
              <Select
                label="Type de bailleur"
                nativeSelectProps={{
                  value: bail.type,
                  onChange: (e) => setBail({ ...bail, type: e.target.value }),
                }}
              >
                <option value="personne_physique">Personne physique</option>
                <option value="sci_familiale">SCI familiale</option>
                <option value="personne_morale">Personne morale (bailleur social, société…)</option>
              </Select>
            </div>
            <div className={fr.cx('fr-fieldset__element')}>
              <Checkbox
                options={[
                  {
                    label: 'Logement social',
                    nativeInputProps: {
                      checked: bail.logementSocial,
                      onChange: (e) => setBail({ ...bail, logementSocial: e.target.checked }),
                    },
                  },
                  {
                    label: 'Ménage prioritaire DALO',
                    nativeInputProps: {
                      checked: menage.prioritaireDalo,
                      onChange: (e) => setMenage({ ...menage, prioritaireDalo: e.target.checked }),
                    },
                  },
                  {
                    label: 'Relogement assuré',
                    nativeInputProps: {
                      checked: menage.relogementAssure,
                      onChange: (e) => setMenage({ ...menage, relogementAssure: e.target.checked }),
                    },
                  },
                ]}
              />
            </div>
            <div className={fr.cx('fr-fieldset__element')}>
              <Input
                label="Loyer mensuel hors charges (€)"
                nativeInputProps={{
                  inputMode: 'decimal',
                  value: bail.loyer,
                  onChange: (e) => setBail({ ...bail, loyer: e.target.value }),
                }}
              />
            </div>
            <div className={fr.cx('fr-fieldset__element')}>
              <Input
                label="Charges mensuelles (€)"
                nativeInputProps={{
                  inputMode: 'decimal',
                  value: bail.charges,
                  onChange: (e) => setBail({ ...bail, charges: e.target.value }),
                }}
              />
            </div>
          </fieldset>
          <section aria-labelledby="titre-ajout-acte">
            <h2 id="titre-ajout-acte" className={fr.cx('fr-h5')}>
              Ajouter un acte
            </h2>
            <FormulaireEvenement
              avecCommentaire={false}
              dateMax={asOf}
              libelleBouton="Ajouter l’acte"
              surSoumission={(e) => setEvenements([...evenements, e])}
            />
          </section>
          {evenements.length > 0 ? (
            <section aria-labelledby="titre-actes-saisis">
              <h2 id="titre-actes-saisis" className={fr.cx('fr-h5')}>
                Actes saisis
              </h2>
              <ul>
                {evenements.map((e, i) => (
                  <li key={JSON.stringify(e)}>
                    {libelle(LIBELLES_TYPE_EVENEMENT, e.type)} du {formaterDate(e.date)}{' '}
                    <Button
                      size="small"
                      priority="tertiary no outline"
                      onClick={() => setEvenements(evenements.filter((_, j) => j !== i))}
                    >
                      Retirer
                      <span className={fr.cx('fr-sr-only')}>
                        {' '}
                        : {libelle(LIBELLES_TYPE_EVENEMENT, e.type)} du {formaterDate(e.date)}
                      </span>
                    </Button>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
        <div className={fr.cx('fr-col-12', 'fr-col-lg-7')}>
          <section aria-labelledby="titre-resultat" aria-live="polite">
            <h2 id="titre-resultat">Résultat au {formaterDate(asOf)}</h2>
            {!evaluation.ok ? (
              <Alert
                severity="info"
                small
                description={`Données incomplètes ou invalides : ${evaluation.erreur.message}${evaluation.erreur.chemin ? ` (${evaluation.erreur.chemin})` : ''}`}
              />
            ) : (
              <>
                <p>
                  Phase : <strong>{libelle(LIBELLES_PHASE, evaluation.resultat.phase)}</strong>
                  {evaluation.resultat.cloture
                    ? ` (${libelle(LIBELLES_TYPE_EVENEMENT, evaluation.resultat.cloture)})`
                    : ''}
                </p>
                {evaluation.resultat.alertes.map((a) => (
                  <Alert
                    key={a.code}
                    severity="warning"
                    small
                    description={`${a.message} (${a.fondement})`}
                    className={fr.cx('fr-mb-2w')}
                  />
                ))}
                {evaluation.resultat.responsabiliteEtat ? (
                  <Alert
                    severity="info"
                    small
                    className={fr.cx('fr-mb-2w')}
                    description={`Responsabilité de l’État engagée du ${formaterDate(evaluation.resultat.responsabiliteEtat.debut)}${
                      evaluation.resultat.responsabiliteEtat.fin
                        ? ` au ${formaterDate(evaluation.resultat.responsabiliteEtat.fin)}`
                        : ' (en cours)'
                    }${evaluation.resultat.responsabiliteEtat.periodesExclues.length > 0 ? `, hors ${evaluation.resultat.responsabiliteEtat.periodesExclues.map((p) => `du ${formaterDate(p.du)} au ${formaterDate(p.au)}`).join(', ')}` : ''} (CPCE L153-1).`}
                  />
                ) : null}
                <h3 className={fr.cx('fr-h5')}>Chronologie et délais</h3>
                <Chronologie
                  evenements={evenements}
                  echeances={[...evaluation.resultat.echeances]}
                  aujourdhui={asOf}
                />
                <h3 className={fr.cx('fr-h5')}>Prochains actes possibles</h3>
                <ul>
                  {evaluation.possibles.map((p) => (
                    <li key={p.type}>{p.libelle}</li>
                  ))}
                </ul>
                <Button
                  className="fr-no-print"
                  iconId="fr-icon-printer-line"
                  priority="secondary"
                  onClick={() => window.print()}
                >
                  Imprimer
                </Button>
              </>
            )}
          </section>
        </div>
      </div>
    </>
  );
}
