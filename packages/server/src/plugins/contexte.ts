import type { Permission } from '@exploc/domain/acces/permissions';
import type { Profil } from '@exploc/domain/acces/profils';
import type { Perimetre, Scope } from '@exploc/domain/acces/scope';

/** Who is calling, built once per request by the authentication plugin. */
export interface Appelant {
  utilisateurId: string;
  email: string;
  nom: string;
  prenom: string;
  profil: Profil;
  organisation: { id: string; type: string; nom: string; departementCode: string | null };
  departementCode: string | null;
  perimetre: Perimetre;
  scope: Scope;
  sessionIdHash: string;
  csrfToken: string;
  compteDemo: boolean;
}

/**
 * Access rule declared by every route in its `config.acces` (read by the authorization hook and by the
 * authorization matrix test). A route without one is refused: fail-closed.
 */
export type RegleAcces = 'public' | 'session' | { permission: Permission };

declare module 'fastify' {
  interface FastifyRequest {
    appelant: Appelant | null;
  }
  interface FastifyContextConfig {
    acces?: RegleAcces;
  }
}

/** The caller of an authenticated route (the hook guarantees it exists). */
export function appelantDe(request: { appelant: Appelant | null }): Appelant {
  if (!request.appelant)
    throw new Error('Route authentifiée sans appelant : configuration `acces` manquante ?');
  return request.appelant;
}
