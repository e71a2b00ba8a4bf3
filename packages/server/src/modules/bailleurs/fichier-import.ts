import type { FastifyRequest } from 'fastify';
import { ErreurHttp, multipartIllisible } from '../../plugins/erreurs.js';
import { TAILLE_MAX_IMPORT } from './csv.js';

async function premierFichier(request: FastifyRequest) {
  let fichier: { nom: string; octets: Buffer } | undefined;
  for await (const partie of request.parts({
    limits: { fileSize: TAILLE_MAX_IMPORT, files: 1, fields: 2 },
  })) {
    if (partie.type !== 'file') continue;
    if (partie.fieldname !== 'fichier') {
      partie.file.resume();
      continue;
    }
    const octets = await partie.toBuffer().catch(() => {
      throw new ErreurHttp(413, 'import_trop_volumineux', 'Le fichier dépasse 5 Mo.');
    });
    if (partie.file.truncated)
      throw new ErreurHttp(413, 'import_trop_volumineux', 'Le fichier dépasse 5 Mo.');
    fichier = { nom: partie.filename, octets };
  }
  return fichier;
}

/** The uploaded CSV of an import (multipart, field `fichier`, 5 MB at most). */
export async function lireFichierImport(request: FastifyRequest): Promise<{ nom: string; octets: Buffer }> {
  if (!request.isMultipart()) {
    throw new ErreurHttp(
      415,
      'type_contenu_non_supporte',
      'Envoyez le fichier en multipart/form-data (champ « fichier »).',
    );
  }
  let fichier: { nom: string; octets: Buffer } | undefined;
  try {
    fichier = await premierFichier(request);
  } catch (e) {
    throw multipartIllisible(e);
  }
  if (!fichier || fichier.octets.length === 0) {
    throw new ErreurHttp(400, 'requete_invalide', 'Aucun fichier reçu.', [
      { chemin: 'fichier', message: 'Joignez un fichier CSV' },
    ]);
  }
  return fichier;
}
