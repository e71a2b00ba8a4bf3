/**
 * `exploc indemnisation calculer`: stdin text → exit code, stdout, stderr (contrat
 * indemnisation-calcul: same validation, exit codes and error format as `procedure evaluate`).
 */
import { lireJson, type ResultatCommande, sortieEnErreur } from '../procedure/commande-evaluer.js';
import { erreurJsonInvalide, lireSelonSchema } from '../procedure/valider-scenario.js';
import { calculerIndemnisation } from './calcul.js';
import { scenarioIndemnisationSchema } from './scenario-indemnisation.js';

export function executerCommandeCalculer(texteStdin: string): ResultatCommande {
  const json = lireJson(texteStdin);
  if (!json.ok) return sortieEnErreur(erreurJsonInvalide());
  const lecture = lireSelonSchema(scenarioIndemnisationSchema, json.valeur);
  if (!lecture.ok) return sortieEnErreur(lecture.erreur);
  return { codeSortie: 0, stdout: `${JSON.stringify(calculerIndemnisation(lecture.scenario), null, 2)}\n` };
}
