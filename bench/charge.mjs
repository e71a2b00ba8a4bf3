/**
 * HTTP load generator of the benchmark: node:http with a keep-alive agent (one socket per virtual client),
 * closed loop (each client sends its next request when the previous answer has been read), fixed duration
 * after a warm-up. Latency is measured from the request's start to the end of the body.
 */
import http from 'node:http';

/** @param {number[]} tries sorted latencies in ms */
export function centile(tries, q) {
  if (tries.length === 0) return 0;
  return Number((tries[Math.min(tries.length - 1, Math.floor(q * tries.length))] ?? 0).toFixed(2));
}

/**
 * @typedef {{ methode?: string, chemin: string, entetes?: Record<string, string>, corps?: string }} Requete
 * @typedef {(k: number) => Requete} Fabrique
 * @typedef {{ statut: number, corps: string, entetes: http.IncomingHttpHeaders }} Reponse
 */

/** @returns {Promise<Reponse>} */
export function envoyer(port, r, agent) {
  return new Promise((resolve, reject) => {
    const entetes = { ...r.entetes };
    if (r.corps !== undefined) entetes['content-length'] = Buffer.byteLength(r.corps);
    const req = http.request(
      { host: '127.0.0.1', port, method: r.methode ?? 'GET', path: r.chemin, headers: entetes, agent },
      (res) => {
        const morceaux = [];
        res.on('data', (m) => morceaux.push(m));
        res.on('end', () =>
          resolve({
            statut: res.statusCode ?? 0,
            corps: Buffer.concat(morceaux).toString('utf8'),
            entetes: res.headers,
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error('délai dépassé')));
    req.on('error', reject);
    if (r.corps !== undefined) req.write(r.corps);
    req.end();
  });
}

/**
 * Runs `fabrique` in a closed loop with `concurrence` clients for `dureeS` seconds (after `echauffementS`).
 * @param {{ port: number, concurrence: number, dureeS: number, echauffementS?: number, fabrique: Fabrique,
 *   accepter?: (r: Reponse, req: Requete) => boolean, compter?: (r: Reponse) => boolean }} o
 */
export async function mesurer(o) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrence });
  const accepter = o.accepter ?? ((r) => r.statut >= 200 && r.statut < 300);
  let k = 0;
  const durees = [];
  let erreurs = 0;
  let comptees = 0;
  const exemples = [];
  const boucle = async (jusqua, enregistrer) => {
    while (performance.now() < jusqua) {
      const req = o.fabrique(k++);
      const debut = performance.now();
      let r;
      try {
        r = await envoyer(o.port, req, agent);
      } catch (e) {
        if (enregistrer) erreurs++;
        if (exemples.length < 3) exemples.push(String(e));
        continue;
      }
      if (!enregistrer) continue;
      const ms = performance.now() - debut;
      if (!accepter(r, req)) {
        erreurs++;
        if (exemples.length < 3)
          exemples.push(`${req.methode ?? 'GET'} ${req.chemin} → ${r.statut} ${r.corps.slice(0, 200)}`);
        continue;
      }
      durees.push(ms);
      if (!o.compter || o.compter(r)) comptees++;
    }
  };
  const echauffement = performance.now() + (o.echauffementS ?? 1) * 1000;
  await Promise.all(Array.from({ length: o.concurrence }, () => boucle(echauffement, false)));
  const debut = performance.now();
  const fin = debut + o.dureeS * 1000;
  await Promise.all(Array.from({ length: o.concurrence }, () => boucle(fin, true)));
  const ecoule = (performance.now() - debut) / 1000;
  agent.destroy();
  durees.sort((a, b) => a - b);
  return {
    requetes: durees.length,
    erreurs,
    concurrence: o.concurrence,
    dureeS: Number(ecoule.toFixed(2)),
    p50Ms: centile(durees, 0.5),
    p95Ms: centile(durees, 0.95),
    p99Ms: centile(durees, 0.99),
    moyenneMs: durees.length ? Number((durees.reduce((s, d) => s + d, 0) / durees.length).toFixed(2)) : 0,
    parSeconde: Number((comptees / ecoule).toFixed(1)),
    ...(exemples.length ? { exemplesErreurs: exemples } : {}),
  };
}
