import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const TAILLE_MAX_DOCUMENT = 10 * 1024 * 1024;

export const TYPES_ACCEPTES = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
} as const;
export type TypeAccepte = keyof typeof TYPES_ACCEPTES;

/** The real type from the first bytes (the declared type and the file name are not trusted). */
export function typeReel(octets: Buffer): TypeAccepte | null {
  if (octets.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (octets.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (octets[0] === 0xff && octets[1] === 0xd8 && octets[2] === 0xff) return 'image/jpeg';
  return null;
}

function chemin(racine: string, sha256: string) {
  return path.join(racine, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** Content-addressed storage: the same file is stored once; written to a temporary name, then renamed. */
export async function stocker(racine: string, octets: Buffer): Promise<string> {
  const sha256 = createHash('sha256').update(octets).digest('hex');
  const cible = chemin(racine, sha256);
  const existe = await stat(cible).then(
    () => true,
    () => false,
  );
  if (!existe) {
    await mkdir(path.dirname(cible), { recursive: true });
    const temporaire = `${cible}.${randomUUID()}.tmp`;
    try {
      await writeFile(temporaire, octets, { mode: 0o600 });
      await rename(temporaire, cible);
    } finally {
      await rm(temporaire, { force: true });
    }
  }
  return sha256;
}

export function lire(racine: string, sha256: string) {
  return createReadStream(chemin(racine, sha256));
}

/** A file name safe for Content-Disposition (no path, no quotes or control characters). */
export function nomSur(nom: string): string {
  const base = path
    .basename(nom)
    .replace(/["\\/]/g, '_')
    .replace(/\p{Cc}/gu, '_')
    .trim();
  return (base || 'document').slice(0, 200);
}

/** Content-Disposition for any file name: an ASCII fallback plus the UTF-8 name (RFC 6266, RFC 5987). */
export function dispositionPieceJointe(nom: string): string {
  const sur = nomSur(nom);
  const ascii =
    sur
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/[%;]/g, '_') || 'document';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(sur)}`;
}
