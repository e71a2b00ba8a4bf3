/**
 * `exploc procedure evaluate`: stdin text → exit code, stdout, stderr (contrat procedure-evaluate).
 * The server's CLI only wires the process streams to this function.
 */
import { evaluerProcedure } from './evaluer.js';
import { type ErreurScenario, erreurJsonInvalide, lireScenario } from './valider-scenario.js';

export interface ResultatCommande {
  readonly codeSortie: 0 | 2;
  readonly stdout?: string;
  readonly stderr?: string;
}

/** Exit 2 with one JSON line on stderr: `{"erreur":{"code","message","chemin"}}`. */
export function sortieEnErreur(erreur: ErreurScenario): ResultatCommande {
  return {
    codeSortie: 2,
    stderr: `${JSON.stringify({ erreur: { code: erreur.code, message: erreur.message, chemin: erreur.chemin } })}\n`,
  };
}

export function lireJson(texte: string): { ok: true; valeur: unknown } | { ok: false } {
  try {
    return { ok: true, valeur: JSON.parse(texte) };
  } catch {
    return { ok: false };
  }
}

export function executerCommandeEvaluer(texteStdin: string): ResultatCommande {
  const json = lireJson(texteStdin);
  if (!json.ok) return sortieEnErreur(erreurJsonInvalide());
  const lecture = lireScenario(json.valeur);
  if (!lecture.ok) return sortieEnErreur(lecture.erreur);
  return { codeSortie: 0, stdout: `${JSON.stringify(evaluerProcedure(lecture.scenario), null, 2)}\n` };
}
