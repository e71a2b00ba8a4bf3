/** CLI exit codes (contracts/api.md): 0 success, 2 bad usage or input, 1 failure of the system. */
export class ErreurUsage extends Error {}

export const AIDE_GENERALE = `Exploc — prévention des expulsions locatives

Usage : exploc <commande> [options]

Commandes :
  serve                     démarre le serveur web et l'API (PORT, HOST, DATABASE_URL…)
  migrate                   applique les migrations de la base et charge le référentiel territorial
  seed --demo               crée les organisations, les comptes et les dossiers de démonstration
  seed --dossiers <N>       génère N dossiers synthétiques réalistes (--departements, --graine, --au)
  procedure evaluate        évalue un scénario de procédure (JSON sur l'entrée standard)
  indemnisation calculer    calcule l'indemnité due par l'État (JSON sur l'entrée standard)
  utilisateur creer         crée un compte d'agent
  partenaire creer          crée les identifiants d'un partenaire de l'API (client_id, client_secret)
  journal verifier          vérifie le chaînage du journal des accès (sortie 1 s'il est rompu)
  simulateur <caf|bdf>      simule le système d'information de la CAF ou de la Banque de France (--port)
  purge [--dry-run]         supprime ce qui a dépassé sa durée de conservation

« exploc <commande> --help » détaille chaque commande.
Codes de sortie : 0 succès, 2 usage ou données invalides, 1 erreur du système.`;
