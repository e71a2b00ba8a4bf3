import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IdentiteDebiteur, SituationBdf, SituationCaf } from './ports.js';

/**
 * Stand-ins for the CAF's and the Banque de France's systems (`exploc simulateur caf|bdf`): real HTTP servers
 * answering deterministic synthetic data, so development and tests exercise the same adapters as production.
 * The same key always gives the same answer. To reach the other paths by hand: a CAF number ending in 0 (a
 * surname starting with INCONNU at the Banque de France) is unknown (404), ending in 9 (starting with PANNE)
 * fails with 503, which shows the retry path.
 */

/** FNV-1a, then a small xorshift: deterministic and good enough to spread synthetic values. */
function generateur(cle: string) {
  let h = 0x811c9dc5;
  for (const c of cle) {
    h ^= c.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let etat = h || 1;
  return (n: number) => {
    etat ^= etat << 13;
    etat >>>= 0;
    etat ^= etat >>> 17;
    etat ^= etat << 5;
    etat >>>= 0;
    return etat % n;
  };
}

const REFERENCE = '2026-01-01';
function dateApres(jours: number): string {
  const d = new Date(`${REFERENCE}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + jours);
  return d.toISOString().slice(0, 10);
}

export function situationCafSynthetique(numeroAllocataire: string): SituationCaf {
  const tirer = generateur(`caf:${numeroAllocataire}`);
  const adultes = 1 + tirer(2);
  const enfants = tirer(4);
  const ressources = 600 + tirer(2200);
  const type = (['apl', 'alf', 'als'] as const)[tirer(3)] ?? 'apl';
  const statutImpaye =
    (['aucun', 'signale', 'plan_apurement', 'prestation_suspendue'] as const)[tirer(4)] ?? 'aucun';
  const signalement = statutImpaye === 'aucun' ? null : dateApres(tirer(200));
  return {
    numeroAllocataire,
    organisme: numeroAllocataire.toUpperCase().startsWith('M') ? 'msa' : 'caf',
    compositionFoyer: { adultes, enfants },
    ressourcesMensuelles: ressources,
    prestation: { type, montantMensuel: 150 + tirer(350) },
    tiersPayant: tirer(3) > 0,
    impaye: {
      statut: statutImpaye,
      dateSignalement: signalement,
      dateSuspension: statutImpaye === 'prestation_suspendue' ? dateApres(200 + tirer(60)) : null,
    },
    planApurement:
      statutImpaye === 'plan_apurement'
        ? ((['en_cours', 'respecte', 'non_respecte'] as const)[tirer(3)] ?? 'en_cours')
        : 'aucun',
    telephone: `06 ${String(10 + tirer(90))} ${String(10 + tirer(90))} ${String(10 + tirer(90))} ${String(10 + tirer(90))}`,
    miseAJourLe: dateApres(250),
  };
}

export function situationBdfSynthetique(identite: IdentiteDebiteur): SituationBdf {
  const tirer = generateur(
    `bdf:${identite.nom.toUpperCase()}|${identite.prenoms.toUpperCase()}|${identite.dateNaissance ?? ''}`,
  );
  if (tirer(3) === 0) {
    return {
      dossierDepose: false,
      dateDepot: null,
      dateRecevabilite: null,
      orientation: null,
      suspensionExpulsion: false,
      dateFinSuspension: null,
      miseAJourLe: dateApres(250),
    };
  }
  const depot = tirer(150);
  const recevable = tirer(4) > 0;
  const orientation = recevable
    ? ((
        [
          'en_instruction',
          'plan_conventionnel',
          'mesures_imposees',
          'retablissement_personnel_sans_liquidation',
          'retablissement_personnel_avec_liquidation',
        ] as const
      )[tirer(5)] ?? 'en_instruction')
    : 'en_instruction';
  const suspension = recevable && tirer(2) === 0;
  return {
    dossierDepose: true,
    dateDepot: dateApres(depot),
    dateRecevabilite: recevable ? dateApres(depot + 30 + tirer(60)) : null,
    orientation,
    suspensionExpulsion: suspension,
    // The suspension lasts at most two years (C. consommation L722-5).
    dateFinSuspension: suspension ? dateApres(depot + 700) : null,
    miseAJourLe: dateApres(250),
  };
}

export interface Simulateur {
  url: string;
  port: number;
  arreter: () => Promise<void>;
}

function repondre(res: ServerResponse, statut: number, corps: unknown) {
  const texte = JSON.stringify(corps);
  res.writeHead(statut, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(texte),
  });
  res.end(texte);
}

async function lireJson(req: IncomingMessage): Promise<unknown> {
  const morceaux: Buffer[] = [];
  let taille = 0;
  for await (const m of req) {
    taille += (m as Buffer).length;
    if (taille > 64 * 1024) throw new Error('corps trop grand');
    morceaux.push(m as Buffer);
  }
  return JSON.parse(Buffer.concat(morceaux).toString('utf8'));
}

const chaine = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;

async function ecouter(
  routes: Record<string, (corps: Record<string, unknown>) => { statut: number; corps: unknown }>,
  port: number,
  hote: string,
): Promise<Simulateur> {
  const serveur = createServer((req, res) => {
    const chemin = (req.url ?? '').split('?')[0] ?? '';
    if (req.method === 'GET' && chemin === '/sante') return repondre(res, 200, { statut: 'ok' });
    const route = req.method === 'POST' ? routes[chemin] : undefined;
    if (!route) return repondre(res, 404, { erreur: { code: 'introuvable', message: 'Route inconnue.' } });
    lireJson(req)
      .then((corps) => {
        if (typeof corps !== 'object' || corps === null) throw new Error('objet attendu');
        const r = route(corps as Record<string, unknown>);
        repondre(res, r.statut, r.corps);
      })
      .catch(() =>
        repondre(res, 400, { erreur: { code: 'requete_invalide', message: 'Corps JSON invalide.' } }),
      );
  });
  await new Promise<void>((resolve, reject) => {
    serveur.once('error', reject);
    serveur.listen(port, hote, () => resolve());
  });
  const adresse = serveur.address() as AddressInfo;
  return {
    port: adresse.port,
    url: `http://${hote.includes(':') ? `[${hote}]` : hote}:${adresse.port}`,
    arreter: () =>
      new Promise<void>((resolve) => {
        serveur.closeAllConnections();
        serveur.close(() => resolve());
      }),
  };
}

function reponseSelon<T>(inconnu: boolean, panne: boolean, donnees: () => T) {
  if (inconnu) return { statut: 404, corps: { erreur: { code: 'inconnu', message: 'Personne inconnue.' } } };
  if (panne)
    return { statut: 503, corps: { erreur: { code: 'indisponible', message: 'Service indisponible.' } } };
  return { statut: 200, corps: donnees() };
}

export function demarrerSimulateurCaf(port = 0, hote = '127.0.0.1'): Promise<Simulateur> {
  return ecouter(
    {
      '/v1/situations': (corps) => {
        const numero = corps.numeroAllocataire;
        if (!chaine(numero))
          return {
            statut: 400,
            corps: { erreur: { code: 'requete_invalide', message: 'numeroAllocataire requis.' } },
          };
        return reponseSelon(numero.endsWith('0'), numero.endsWith('9'), () =>
          situationCafSynthetique(numero),
        );
      },
    },
    port,
    hote,
  );
}

export function demarrerSimulateurBdf(port = 0, hote = '127.0.0.1'): Promise<Simulateur> {
  return ecouter(
    {
      '/v1/surendettement/recherche': (corps) => {
        const { nom, prenoms, dateNaissance, codePostal } = corps;
        if (!chaine(nom) || !chaine(prenoms) || !chaine(codePostal)) {
          return {
            statut: 400,
            corps: { erreur: { code: 'requete_invalide', message: 'nom, prenoms et codePostal requis.' } },
          };
        }
        const naissance = chaine(dateNaissance) ? dateNaissance : null;
        const cle = nom.toUpperCase();
        return reponseSelon(cle.startsWith('INCONNU'), cle.startsWith('PANNE'), () =>
          situationBdfSynthetique({ nom, prenoms, dateNaissance: naissance, codePostal }),
        );
      },
    },
    port,
    hote,
  );
}
