/** Typed access to the Exploc API: JSON, session cookie, CSRF header on every write. */

export interface DetailErreur {
  chemin: string;
  message: string;
}

export class ErreurApi extends Error {
  constructor(
    readonly statut: number,
    readonly code: string,
    message: string,
    readonly details: DetailErreur[] = [],
  ) {
    super(message);
  }
}

let jetonCsrf: string | null = null;

export function definirJetonCsrf(jeton: string | null): void {
  jetonCsrf = jeton;
}

export async function appelerApi<T>(
  chemin: string,
  options: { methode?: string; corps?: unknown; entetes?: Record<string, string> } = {},
): Promise<{ donnees: T; entetes: Headers }> {
  const methode = options.methode ?? 'GET';
  const entetes: Record<string, string> = { accept: 'application/json', ...options.entetes };
  if (options.corps !== undefined) entetes['content-type'] = 'application/json';
  if (methode !== 'GET' && jetonCsrf) entetes['x-csrf-token'] = jetonCsrf;
  let reponse: Response;
  try {
    reponse = await fetch(chemin, {
      method: methode,
      headers: entetes,
      body: options.corps === undefined ? undefined : JSON.stringify(options.corps),
      credentials: 'same-origin',
    });
  } catch {
    throw new ErreurApi(0, 'reseau', 'Le serveur est injoignable. Vérifiez votre connexion et réessayez.');
  }
  if (reponse.status === 204) return { donnees: undefined as T, entetes: reponse.headers };
  const texte = await reponse.text();
  const json = texte ? (JSON.parse(texte) as unknown) : undefined;
  if (!reponse.ok) {
    const erreur = (
      json as { erreur?: { code?: string; message?: string; details?: DetailErreur[] } } | undefined
    )?.erreur;
    throw new ErreurApi(
      reponse.status,
      erreur?.code ?? 'erreur_inconnue',
      erreur?.message ?? `Erreur ${reponse.status}`,
      erreur?.details ?? [],
    );
  }
  return { donnees: json as T, entetes: reponse.headers };
}

export async function lire<T>(chemin: string): Promise<T> {
  return (await appelerApi<T>(chemin)).donnees;
}

/** Multipart upload (documents): same CSRF and error handling as JSON calls. */
export async function envoyerFichier<T>(
  chemin: string,
  formulaire: FormData,
  entetes: Record<string, string> = {},
): Promise<T> {
  const reponse = await fetch(chemin, {
    method: 'POST',
    body: formulaire,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(jetonCsrf ? { 'x-csrf-token': jetonCsrf } : {}), ...entetes },
  }).catch(() => {
    throw new ErreurApi(0, 'reseau', 'Le serveur est injoignable.');
  });
  const json = (await reponse.json().catch(() => undefined)) as
    | { erreur?: { code?: string; message?: string; details?: DetailErreur[] } }
    | undefined;
  if (!reponse.ok) {
    throw new ErreurApi(
      reponse.status,
      json?.erreur?.code ?? 'erreur_inconnue',
      json?.erreur?.message ?? `Erreur ${reponse.status}`,
    );
  }
  return json as T;
}
