import net from 'node:net';
import { ErreurHttp } from '../../plugins/erreurs.js';

export interface ConfigClamd {
  /** `host:port` (TCP) or the path of clamd's unix socket. */
  adresse: string;
  delaiMs: number;
}

export type ResultatAnalyse = { sain: true } | { sain: false; signature: string };

const TAILLE_MORCEAU = 64 * 1024;

/** `host:port`, `[::1]:port`, or a unix socket path (anything with a slash). */
export function optionsConnexion(adresse: string): net.NetConnectOpts {
  if (adresse.includes('/')) return { path: adresse };
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(adresse);
  if (!m?.[1] || !m[2]) throw new Error(`Adresse clamd invalide : ${adresse} (attendu hôte:port ou chemin)`);
  return { host: m[1], port: Number(m[2]) };
}

/**
 * Sends the bytes to clamd with the INSTREAM command (`zINSTREAM\0`, then chunks prefixed by their length on 4
 * bytes big-endian, then a zero length) and reads the null-terminated answer: `stream: OK` or
 * `stream: <signature> FOUND`. Any other answer, a network error or the timeout rejects.
 */
export function analyserFlux(config: ConfigClamd, octets: Buffer): Promise<ResultatAnalyse> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(optionsConnexion(config.adresse));
    let reponse = '';
    let fini = false;
    const terminer = (erreur: Error | null, resultat?: ResultatAnalyse) => {
      if (fini) return;
      fini = true;
      socket.destroy();
      if (erreur || !resultat) reject(erreur ?? new Error('clamd : pas de réponse'));
      else resolve(resultat);
    };
    socket.setTimeout(config.delaiMs, () => terminer(new Error('clamd : délai dépassé')));
    socket.on('error', (e) => terminer(e));
    socket.on('connect', () => {
      socket.write('zINSTREAM\0');
      for (let debut = 0; debut < octets.length; debut += TAILLE_MORCEAU) {
        const morceau = octets.subarray(debut, debut + TAILLE_MORCEAU);
        const longueur = Buffer.alloc(4);
        longueur.writeUInt32BE(morceau.length);
        socket.write(longueur);
        socket.write(morceau);
      }
      socket.write(Buffer.alloc(4));
    });
    socket.on('data', (d: Buffer) => {
      reponse += d.toString('utf8');
      if (reponse.includes('\0')) analyserReponse(reponse.slice(0, reponse.indexOf('\0')));
    });
    socket.on('end', () => analyserReponse(reponse.replace(/\0.*$/s, '')));
    function analyserReponse(texte: string) {
      const t = texte.trim();
      if (/^stream: OK$/.test(t)) return terminer(null, { sain: true });
      const trouve = /^stream: (.+) FOUND$/.exec(t);
      if (trouve?.[1]) return terminer(null, { sain: false, signature: trouve[1] });
      terminer(new Error(`clamd : réponse inattendue « ${t.slice(0, 200)} »`));
    }
  });
}

/**
 * The upload check (issue #9): only when the operator configured EXPLOC_CLAMD. Infected → 422
 * `fichier_infecte`; clamd unreachable or failing → 503 `antivirus_indisponible` (never stored unchecked).
 */
export async function verifierAntivirus(config: ConfigClamd | undefined, octets: Buffer): Promise<void> {
  if (!config) return;
  let resultat: ResultatAnalyse;
  try {
    resultat = await analyserFlux(config, octets);
  } catch {
    throw new ErreurHttp(
      503,
      'antivirus_indisponible',
      'L’analyse antivirus est momentanément indisponible : le document n’a pas été enregistré. Réessayez plus tard.',
      undefined,
      { 'Retry-After': '60' },
    );
  }
  if (!resultat.sain) {
    throw new ErreurHttp(
      422,
      'fichier_infecte',
      `Le document contient un logiciel malveillant (${resultat.signature}) : il n’a pas été enregistré.`,
    );
  }
}
