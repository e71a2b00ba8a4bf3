import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connexion.js';
import { ErreurHttp } from '../../plugins/erreurs.js';
import { journaliser } from '../../plugins/journal.js';
import type { Partenaire } from '../partenaires/service.js';
import { modeleCsv } from './csv.js';
import { lireFichierImport } from './fichier-import.js';
import { avancement, creerImport, rapport, rapportCsv, traiterImport } from './imports.js';
import { recevoirSaisinePartenaire } from './partenaire.js';
import * as repo from './repository.js';
import { type Deposant, lireSaisine, vueSaisine } from './saisines.js';

/** OpenAPI example of a landlord's saisine (schemaContenuSaisine). */
const exempleSaisine = {
  dossier: {
    menage: {
      personnes: [{ nom: 'Martin', prenoms: 'Julie', dateNaissance: '1985-04-12', role: 'titulaire' }],
      telephone: '06 12 34 56 78',
    },
    logement: {
      adresse: { ligne: '12 rue des Lilas', codePostal: '75018', codeInsee: '75118' },
      social: true,
    },
    bail: { dateSignature: '2022-02-15', loyerMensuelHC: 650, chargesMensuelles: 80 },
    bailleur: { type: 'personne_morale', nom: 'Habitat Social Francilien', siret: '00000000000018' },
  },
  detteMontant: 2340,
  dateArreteDette: '2026-11-01',
  moisImpayes: 4,
  demarches: ['relance_amiable', 'plan_apurement_propose'],
  message: 'Deux relances sans réponse ; plan d’apurement proposé le 15/10.',
};

const idSaisine = z.strictObject({ id: z.uuid('Identifiant de saisine invalide') });
const idImport = z.strictObject({ id: z.uuid('Identifiant d’import invalide') });

/**
 * The landlords' software on the partner API (bearer token of a `bailleur` client; the parent plugin checks the
 * token): one saisine per request with Idempotency-Key, its status, and the same CSV import as the web page.
 */
export function routesSaisinesPartenaires(
  db: Db,
  o: { partenaireDe: (r: { partenaire: Partenaire | null }) => Partenaire },
): FastifyPluginAsyncZod {
  const bailleurDe = (request: FastifyRequest): Partenaire => {
    const p = o.partenaireDe(request);
    if (p.type !== 'bailleur') {
      throw new ErreurHttp(403, 'acces_refuse', 'Seuls les bailleurs saisissent la CCAPEX par cette API.');
    }
    return p;
  };
  const deposantDe = (p: Partenaire): Deposant => ({
    utilisateurId: null,
    organisationId: p.organisationId,
    departements: p.departements,
  });
  const contexte = (request: FastifyRequest) => ({ appelant: null, requeteId: String(request.id) });
  return async (app) => {
    app.post(
      '/api/partenaires/v1/saisines',
      {
        config: {
          rateLimit: {
            max: 60_000,
            timeWindow: '1 minute',
            hook: 'preHandler',
            keyGenerator: (request: FastifyRequest) => `partenaire:${request.partenaire?.id ?? request.ip}`,
          },
        },
        schema: {
          tags: ['partenaires'],
          summary:
            'Bailleurs : saisir la CCAPEX (loi n° 89-462, art. 24 II ; en-tête Idempotency-Key obligatoire)',
          description:
            'Même corps que POST /api/v1/bailleur/saisines (docs/api/bailleurs.md) et mêmes règles d’idempotence que les actes. Réponse 201 : l’accusé de réception avec `assignationPossibleAPartirDu`.',
          headers: z.looseObject({ 'idempotency-key': z.string().optional() }),
          body: z.looseObject({}).meta({ example: exempleSaisine }),
        },
      },
      async (request, reply) => {
        const partenaire = o.partenaireDe(request);
        const cle = request.headers['idempotency-key'];
        if (typeof cle !== 'string' || cle.length === 0) {
          throw new ErreurHttp(400, 'idempotency_key_requise', 'L’en-tête Idempotency-Key est obligatoire.');
        }
        if (cle.length > 200 || !/^[\x21-\x7e]+$/.test(cle)) {
          throw new ErreurHttp(
            400,
            'requete_invalide',
            'Idempotency-Key invalide (200 caractères imprimables au plus).',
          );
        }
        const r = await recevoirSaisinePartenaire(db, partenaire, cle, request.body, String(request.id));
        if (r.rejoue) reply.header('Idempotent-Replayed', 'true');
        return reply.status(r.statutHttp as 201).send(r.corps);
      },
    );

    app.get(
      '/api/partenaires/v1/saisines/modele.csv',
      { schema: { tags: ['partenaires'], summary: 'Bailleurs : modèle CSV d’import des saisines' } },
      async (request, reply) => {
        const p = bailleurDe(request);
        const org = await repo.organisation(db, p.organisationId);
        return reply
          .header('Content-Disposition', 'attachment; filename="modele-saisines-ccapex.csv"')
          .type('text/csv; charset=utf-8')
          .send(modeleCsv(org));
      },
    );

    app.get(
      '/api/partenaires/v1/saisines/:id',
      {
        schema: {
          tags: ['partenaires'],
          summary:
            'Bailleurs : une de vos saisines et son statut (à trier, acceptée → dossier, rejetée → motif)',
          params: idSaisine,
        },
      },
      async (request) => {
        const p = bailleurDe(request);
        const s = await lireSaisine(db, p.organisationId, request.params.id);
        await journaliser(db, contexte(request), {
          action: 'ccapex_saisine_bailleur_consultee',
          objetType: 'ccapex_saisine',
          objetId: s.id,
          departementCode: s.departement_code,
          organisationId: p.organisationId,
        });
        return vueSaisine(s);
      },
    );

    app.post(
      '/api/partenaires/v1/saisines/imports',
      {
        schema: {
          tags: ['partenaires'],
          summary: 'Bailleurs : importer des saisines depuis un CSV (multipart, champ « fichier »)',
        },
      },
      async (request, reply) => {
        const p = bailleurDe(request);
        const fichier = await lireFichierImport(request);
        const imp = await creerImport(db, contexte(request), deposantDe(p), fichier);
        void traiterImport(db, imp.id).catch((e: unknown) =>
          request.log.error({ err: e }, 'import de saisines'),
        );
        return reply
          .status(202)
          .header('Location', `/api/partenaires/v1/saisines/imports/${imp.id}`)
          .send(imp);
      },
    );

    app.get(
      '/api/partenaires/v1/saisines/imports/:id',
      { schema: { tags: ['partenaires'], summary: 'Bailleurs : avancement d’un import', params: idImport } },
      async (request) => avancement(db, bailleurDe(request).organisationId, request.params.id),
    );

    app.get(
      '/api/partenaires/v1/saisines/imports/:id/rapport.csv',
      {
        schema: {
          tags: ['partenaires'],
          summary: 'Bailleurs : rapport ligne à ligne (CSV)',
          params: idImport,
        },
      },
      async (request, reply) => {
        const p = bailleurDe(request);
        const r = await rapport(db, contexte(request), p.organisationId, request.params.id);
        return reply
          .header('Content-Disposition', `attachment; filename="rapport-import-${r.import.id}.csv"`)
          .type('text/csv; charset=utf-8')
          .send(rapportCsv(r.lignes));
      },
    );
  };
}
