import type { z } from 'zod';
import type { Config } from '../../config.js';
import {
  ErreurPartenaire,
  type IdentiteDebiteur,
  type PortBanqueDeFrance,
  type PortCaf,
  type PortsPartenaires,
  situationBdfSchema,
  situationCafSchema,
} from './ports.js';

interface OptionsHttp {
  urlBase: string;
  delaiMs: number;
  /** Immediate attempts for one request; a partner still down after them is left to the retry queue. */
  essais?: number;
}

const attendre = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * POSTs JSON (identifiers travel in the body, never in a URL that proxies log) with a timeout per attempt,
 * and retries network failures and 5xx once after a short pause. 404 is the partner's answer, not a failure.
 */
async function appeler<T>(
  options: OptionsHttp,
  chemin: string,
  corps: unknown,
  schema: z.ZodType<T>,
): Promise<T> {
  const essais = options.essais ?? 2;
  let derniere = 'aucune réponse';
  for (let essai = 1; essai <= essais; essai++) {
    let reponse: Response;
    try {
      reponse = await fetch(new URL(chemin, options.urlBase), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(corps),
        signal: AbortSignal.timeout(options.delaiMs),
      });
    } catch (e) {
      derniere =
        e instanceof Error && e.name === 'TimeoutError'
          ? `délai de ${options.delaiMs} ms dépassé`
          : `connexion impossible (${e instanceof Error ? e.message : String(e)})`;
      if (essai < essais) await attendre(200 * essai);
      continue;
    }
    if (reponse.status === 404) {
      await reponse.body?.cancel();
      throw new ErreurPartenaire('introuvable', 'Le partenaire ne connaît pas cette personne.');
    }
    if (reponse.status >= 500 || reponse.status === 429) {
      await reponse.body?.cancel();
      derniere = `réponse HTTP ${reponse.status}`;
      if (essai < essais) await attendre(200 * essai);
      continue;
    }
    if (!reponse.ok) {
      await reponse.body?.cancel();
      throw new ErreurPartenaire(
        'reponse_invalide',
        `Requête refusée par le partenaire (HTTP ${reponse.status}).`,
      );
    }
    const analyse = schema.safeParse(await reponse.json().catch(() => null));
    if (!analyse.success) {
      throw new ErreurPartenaire('reponse_invalide', 'Réponse du partenaire non conforme au format attendu.');
    }
    return analyse.data;
  }
  throw new ErreurPartenaire('indisponible', `Partenaire indisponible : ${derniere}.`);
}

export function adaptateurCafHttp(options: OptionsHttp): PortCaf {
  return {
    situationAllocataire: (numeroAllocataire) =>
      appeler(options, '/v1/situations', { numeroAllocataire }, situationCafSchema),
  };
}

export function adaptateurBdfHttp(options: OptionsHttp): PortBanqueDeFrance {
  return {
    situationSurendettement: (identite: IdentiteDebiteur) =>
      appeler(options, '/v1/surendettement/recherche', identite, situationBdfSchema),
  };
}

/** The adapters the configuration names; a partner without URL is not connected. */
export function portsDepuisConfig(config: Config): PortsPartenaires {
  const { cafUrl, bdfUrl, delaiMs } = config.systemesPartenaires;
  return {
    caf: cafUrl ? adaptateurCafHttp({ urlBase: cafUrl, delaiMs }) : undefined,
    banqueDeFrance: bdfUrl ? adaptateurBdfHttp({ urlBase: bdfUrl, delaiMs }) : undefined,
  };
}
