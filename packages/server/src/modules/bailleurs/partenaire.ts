import { createHash } from 'node:crypto';
import { schemaContenuSaisine } from '@exploc/domain/schemas/ccapex';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { ErreurHttp } from '../../plugins/erreurs.js';
import { sousCleIdempotence } from '../partenaires/idempotence.js';
import * as repoPartenaires from '../partenaires/repository.js';
import { jsonCanonique, type Partenaire } from '../partenaires/service.js';
import { type AccuseSaisine, deposerSaisine } from './saisines.js';

export interface ReponseSaisinePartenaire {
  statutHttp: number;
  corps: AccuseSaisine;
  rejoue: boolean;
}

/**
 * A landlord's software files one saisine through the partner API, under the same Idempotency-Key protocol as
 * the acts (partenaires/idempotence.ts): the key's lock, the saisine, the journal and the stored answer are one
 * transaction; the same key and body replay the answer, another body is refused. The fingerprint is prefixed
 * with the route, so a key used for an act cannot be replayed as a saisine.
 */
export async function recevoirSaisinePartenaire(
  db: Kysely<DB>,
  partenaire: Partenaire,
  cle: string,
  corps: unknown,
  requeteId: string,
): Promise<ReponseSaisinePartenaire> {
  if (partenaire.type !== 'bailleur') {
    throw new ErreurHttp(403, 'acces_refuse', 'Seuls les bailleurs saisissent la CCAPEX par cette API.');
  }
  const empreinte = createHash('sha256')
    .update(`saisine:${jsonCanonique(corps)}`)
    .digest('hex');
  return sousCleIdempotence(db, { clientId: partenaire.id, cle, empreinte }, async (trx) => {
    const lu = schemaContenuSaisine.safeParse(corps);
    if (!lu.success) {
      throw new ErreurHttp(
        400,
        'requete_invalide',
        'La saisine contient des données invalides.',
        lu.error.issues.map((i) => ({ chemin: i.path.join('.'), message: i.message })),
      );
    }
    const accuse = await deposerSaisine(
      trx,
      // No user: the journal names the landlord's organisation whose software filed it.
      {
        appelant: null,
        requeteId,
        auNomDe: { utilisateurId: null, profil: null, organisationId: partenaire.organisationId },
      },
      {
        utilisateurId: null,
        organisationId: partenaire.organisationId,
        departements: partenaire.departements,
      },
      lu.data,
    );
    await repoPartenaires.enregistrerCle(trx, {
      clientId: partenaire.id,
      cle,
      empreinte,
      statutHttp: 201,
      reponse: accuse,
    });
    return accuse;
  });
}
