/** The few parts of oidc-provider (which ships no types) that test/fournisseur-oidc.ts uses. */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface Subvention {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    save(): Promise<string>;
  }

  export interface ContexteOidc {
    client?: { clientId: string };
    session?: { accountId?: string; grantIdFor(clientId: string): string | undefined };
    result?: { consent?: { grantId?: string } };
    params?: { scope?: string; claims?: string };
    requestParamClaims: Set<string>;
  }

  export interface ContexteKoa {
    path: string;
    method: string;
    host: string;
    body: unknown;
    type: string;
    status: number;
    req: IncomingMessage;
    res: ServerResponse;
    oidc: ContexteOidc;
  }

  export type Intergiciel = (ctx: ContexteKoa, next: () => Promise<void>) => Promise<void>;

  export interface DetailsInteraction {
    uid: string;
    prompt: { name: string };
    params: Record<string, unknown>;
  }

  export class Provider {
    constructor(issuer: string, configuration: object);
    proxy: boolean;
    Grant: {
      new (donnees: { clientId: string; accountId: string }): Subvention;
      find(id: string): Promise<Subvention | undefined>;
    };
    use(intergiciel: Intergiciel): void;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<DetailsInteraction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: object,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
  }
  export default Provider;
}
