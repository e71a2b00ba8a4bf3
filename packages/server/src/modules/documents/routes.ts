import {
  CLASSES_DOCUMENT,
  type ClasseDocument,
  classesDocumentVisibles,
  voitClasse,
} from '@exploc/domain/acces/classes-champs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Db } from '../../db/connexion.js';
import { etag, versionAttendue } from '../../plugins/concurrence.js';
import { appelantDe } from '../../plugins/contexte.js';
import { ErreurHttp, introuvable, multipartIllisible } from '../../plugins/erreurs.js';
import { contexteJournal, journaliser } from '../../plugins/journal.js';
import * as repoDossiers from '../dossiers/repository.js';
import { versionPerimee } from '../identite/service.js';
import { verifierAntivirus } from '../securite/clamd.js';
import {
  dispositionPieceJointe,
  lire,
  nomSur,
  stocker,
  TAILLE_MAX_DOCUMENT,
  TYPES_ACCEPTES,
  type TypeAccepte,
  typeReel,
} from './fichiers.js';

const params = z.strictObject({ id: z.uuid('Identifiant de dossier invalide') });
const paramsDocument = z.strictObject({
  id: z.uuid(),
  documentId: z.uuid('Identifiant de document invalide'),
});

export function routesDocuments(db: Db, config: Config): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/dossiers/:id/documents',
      {
        config: { acces: { permission: 'dossier.evenement.ajouter' } },
        schema: {
          params,
          tags: ['dossiers'],
          summary:
            'Joindre un document (PDF, JPEG ou PNG, 10 Mo au plus ; multipart, champ « fichier » ; If-Match)',
        },
      },
      async (request, reply) => {
        const version = versionAttendue(request);
        const a = appelantDe(request);
        if (!request.isMultipart()) {
          throw new ErreurHttp(
            415,
            'type_contenu_non_supporte',
            'Envoyez le document en multipart/form-data (champ « fichier »).',
          );
        }
        let fichier: { nom: string; declare: string; octets: Buffer } | undefined;
        let evenementId: string | null = null;
        let classe: ClasseDocument = 'judiciaire';
        try {
          for await (const partie of request.parts({
            limits: { fileSize: TAILLE_MAX_DOCUMENT, files: 1, fields: 5 },
          })) {
            if (partie.type === 'file') {
              if (partie.fieldname !== 'fichier') {
                partie.file.resume();
                continue;
              }
              const octets = await partie.toBuffer().catch(() => {
                throw new ErreurHttp(413, 'document_trop_volumineux', 'Le document dépasse 10 Mo.');
              });
              if (partie.file.truncated)
                throw new ErreurHttp(413, 'document_trop_volumineux', 'Le document dépasse 10 Mo.');
              fichier = { nom: partie.filename, declare: partie.mimetype, octets };
            } else if (
              partie.fieldname === 'evenementId' &&
              typeof partie.value === 'string' &&
              partie.value
            ) {
              if (!/^[0-9a-f-]{36}$/i.test(partie.value)) {
                throw new ErreurHttp(400, 'requete_invalide', 'La requête contient des données invalides.', [
                  { chemin: 'evenementId', message: 'Identifiant invalide' },
                ]);
              }
              evenementId = partie.value;
            } else if (partie.fieldname === 'classe' && typeof partie.value === 'string' && partie.value) {
              if (!(CLASSES_DOCUMENT as readonly string[]).includes(partie.value)) {
                throw new ErreurHttp(400, 'requete_invalide', 'La requête contient des données invalides.', [
                  { chemin: 'classe', message: `Nature de pièce inconnue (${CLASSES_DOCUMENT.join(', ')})` },
                ]);
              }
              classe = partie.value as ClasseDocument;
            }
          }
        } catch (e) {
          throw multipartIllisible(e);
        }
        if (!fichier || fichier.octets.length === 0) {
          throw new ErreurHttp(400, 'requete_invalide', 'Aucun document reçu.', [
            { chemin: 'fichier', message: 'Joignez un fichier' },
          ]);
        }
        if (!voitClasse(a.profil, classe)) {
          throw new ErreurHttp(
            422,
            'classe_document_interdite',
            'Vous ne pouvez pas déposer une pièce de cette nature.',
          );
        }
        const reel = typeReel(fichier.octets);
        if (!reel || !(fichier.declare in TYPES_ACCEPTES) || reel !== (fichier.declare as TypeAccepte)) {
          throw new ErreurHttp(
            415,
            'type_document_refuse',
            'Seuls les documents PDF, JPEG et PNG sont acceptés, et leur contenu doit correspondre à leur type.',
          );
        }
        // Antivirus (clamd INSTREAM) when the operator configured EXPLOC_CLAMD: nothing is stored otherwise.
        await verifierAntivirus(config.clamd, fichier.octets);
        const sha256 = await stocker(config.storageDir, fichier.octets);
        const r = await db.transaction().execute(async (trx) => {
          const d = await repoDossiers.verrouillerDossier(trx, a.scope, request.params.id);
          if (!d) throw introuvable('Le dossier');
          if (d.version !== version) throw versionPerimee();
          if (evenementId) {
            const e = await trx
              .selectFrom('evenement')
              .select('id')
              .where('id', '=', evenementId)
              .where('dossier_id', '=', d.id)
              .executeTakeFirst();
            if (!e)
              throw new ErreurHttp(
                422,
                'evenement_introuvable',
                'Cet événement n’appartient pas au dossier.',
              );
          }
          const doc = await trx
            .insertInto('document')
            .values({
              dossier_id: d.id,
              evenement_id: evenementId,
              classe,
              nom_fichier: nomSur(fichier.nom),
              type_mime: reel,
              taille: fichier.octets.length,
              sha256,
              depose_par: a.utilisateurId,
              organisation_id: a.organisation.id,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          const { version: nouvelle } = await repoDossiers.incrementerVersion(trx, d.id);
          await repoDossiers.ajouterHistorique(trx, {
            dossierId: d.id,
            auteurId: a.utilisateurId,
            action: 'document',
          });
          await journaliser(trx, contexteJournal(request), {
            action: 'document_depose',
            objetType: 'dossier',
            objetId: d.id,
            departementCode: d.departement_code,
            details: { documentId: doc.id, taille: fichier.octets.length, type: reel, classe },
          });
          return { id: doc.id, version: nouvelle };
        });
        reply.header('ETag', etag(r.version));
        return reply.status(201).send(r);
      },
    );

    app.get(
      '/api/v1/dossiers/:id/documents',
      {
        config: { acces: { permission: 'dossier.lire' } },
        schema: { params, tags: ['dossiers'], summary: 'Documents du dossier' },
      },
      async (request) => {
        const a = appelantDe(request);
        const d = await repoDossiers.lireDossier(db, a.scope, request.params.id);
        if (!d) throw introuvable('Le dossier');
        // Each document is filtered by its own field class (a landlord never lists a social diagnosis).
        const classes = classesDocumentVisibles(a.profil);
        if (classes.length === 0) return { elements: [] };
        const docs = await db
          .selectFrom('document')
          .select(['id', 'nom_fichier', 'type_mime', 'taille', 'evenement_id', 'cree_le', 'classe'])
          .where('dossier_id', '=', d.id)
          .where('classe', 'in', classes)
          .orderBy('cree_le', 'desc')
          .execute();
        return {
          elements: docs.map((x) => ({
            id: x.id,
            nom: x.nom_fichier,
            type: x.type_mime,
            taille: x.taille,
            evenementId: x.evenement_id,
            classe: x.classe,
            deposeLe: x.cree_le.toISOString(),
          })),
        };
      },
    );

    app.get(
      '/api/v1/dossiers/:id/documents/:documentId',
      {
        config: { acces: { permission: 'dossier.lire' } },
        schema: {
          params: paramsDocument,
          tags: ['dossiers'],
          summary: 'Télécharger un document (journalisé)',
        },
      },
      async (request, reply) => {
        const a = appelantDe(request);
        const doc = await db.transaction().execute(async (trx) => {
          const d = await repoDossiers.lireDossier(trx, a.scope, request.params.id);
          const classes = classesDocumentVisibles(a.profil);
          if (!d || classes.length === 0) throw introuvable('Le document');
          const x = await trx
            .selectFrom('document')
            .select(['id', 'nom_fichier', 'type_mime', 'sha256'])
            .where('id', '=', request.params.documentId)
            .where('dossier_id', '=', d.id)
            .where('classe', 'in', classes)
            .executeTakeFirst();
          if (!x) throw introuvable('Le document');
          await journaliser(trx, contexteJournal(request), {
            action: 'document_telecharge',
            objetType: 'dossier',
            objetId: d.id,
            departementCode: d.departement_code,
            details: { documentId: x.id },
          });
          return x;
        });
        return reply
          .type(doc.type_mime)
          .header('Content-Disposition', dispositionPieceJointe(doc.nom_fichier))
          .header('Cache-Control', 'no-store')
          .header('X-Content-Type-Options', 'nosniff')
          .send(lire(config.storageDir, doc.sha256));
      },
    );
  };
}
