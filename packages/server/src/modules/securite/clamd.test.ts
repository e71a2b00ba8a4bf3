import { mkdtemp, readdir } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connecter, creerAppDeTest } from '../../../test/app-de-test.js';
import { configDeTest } from '../../../test/base-de-test.js';
import { corpsMultipart, nouveauDossier, PDF_MINIMAL } from '../../../test/fabriques.js';
import { construireApp } from '../../app.js';
import { analyserFlux, optionsConnexion } from './clamd.js';

/** The EICAR test string, as antivirus vendors use it: harmless, but detected by every engine. */
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/**
 * A tiny fake clamd: reads `zINSTREAM\0`, then length-prefixed chunks up to a zero length, and answers like
 * clamd (`stream: OK` or `stream: Eicar-Test-Signature FOUND`, null-terminated). Records what it received.
 */
async function fauxClamd(ecoute: { port: number } | { path: string }) {
  const recus: Buffer[] = [];
  const serveur = net.createServer((socket) => {
    let tampon = Buffer.alloc(0);
    let commandeLue = false;
    const contenu: Buffer[] = [];
    socket.on('data', (d: Buffer) => {
      tampon = Buffer.concat([tampon, d]);
      if (!commandeLue) {
        const fin = tampon.indexOf(0);
        if (fin === -1) return;
        if (tampon.subarray(0, fin).toString() !== 'zINSTREAM') {
          socket.end('UNKNOWN COMMAND\0');
          return;
        }
        commandeLue = true;
        tampon = tampon.subarray(fin + 1);
      }
      while (tampon.length >= 4) {
        const n = tampon.readUInt32BE(0);
        if (n === 0) {
          const fichier = Buffer.concat(contenu);
          recus.push(fichier);
          socket.end(
            fichier.includes(Buffer.from('EICAR-STANDARD-ANTIVIRUS-TEST-FILE'))
              ? 'stream: Eicar-Test-Signature FOUND\0'
              : 'stream: OK\0',
          );
          return;
        }
        if (tampon.length < 4 + n) return;
        contenu.push(tampon.subarray(4, 4 + n));
        tampon = tampon.subarray(4 + n);
      }
    });
  });
  await new Promise<void>((r) => serveur.listen(ecoute, r));
  const a = serveur.address();
  const adresse = typeof a === 'string' ? a : `127.0.0.1:${a?.port}`;
  const fermer = () => new Promise<void>((r) => serveur.close(() => r()));
  afterAll(fermer);
  return { recus, adresse, fermer };
}

const dossierTemp = await mkdtemp(path.join(os.tmpdir(), 'exploc-clamd-'));
const clamd = await fauxClamd({ port: 0 });
const stockage = path.join(dossierTemp, 'documents');
const { app, db } = await creerAppDeTest({
  storageDir: stockage,
  clamd: { adresse: clamd.adresse, delaiMs: 2000 },
});
const pref75 = await connecter(app, 'prefecture.75@demo.exploc.fr');

async function deposer(a: typeof app, octets: Buffer) {
  const d = (
    await pref75.requete({ method: 'POST', url: '/api/v1/dossiers', payload: nouveauDossier() })
  ).json();
  const corps = corpsMultipart({ nom: 'piece.pdf', type: 'application/pdf', octets });
  const r = await a.inject({
    method: 'POST',
    url: `/api/v1/dossiers/${d.id}/documents`,
    headers: {
      ...corps.headers,
      cookie: pref75.cookie,
      'x-csrf-token': pref75.csrf,
      'if-match': `"${d.version}"`,
    },
    payload: corps.payload,
  });
  return { r, dossierId: d.id as string };
}

async function fichiersStockes(): Promise<number> {
  const tous = await readdir(stockage, { recursive: true, withFileTypes: true }).catch(() => []);
  return tous.filter((f) => f.isFile()).length;
}

describe('antivirus clamd (INSTREAM) sur les dépôts de documents', () => {
  it('un fichier sain passe par clamd puis est enregistré (201)', async () => {
    const { r } = await deposer(app, PDF_MINIMAL);
    expect(r.statusCode, r.body).toBe(201);
    expect(clamd.recus.at(-1)?.equals(PDF_MINIMAL)).toBe(true);
    expect(await fichiersStockes()).toBe(1);
  });

  it('un fichier infecté : 422 fichier_infecte, rien n’est stocké ni rattaché au dossier', async () => {
    const infecte = Buffer.concat([PDF_MINIMAL, Buffer.from(`\n%${EICAR}\n`)]);
    const { r, dossierId } = await deposer(app, infecte);
    expect(r.statusCode).toBe(422);
    expect(r.json().erreur.code).toBe('fichier_infecte');
    expect(r.json().erreur.message).toContain('Eicar-Test-Signature');
    expect(await fichiersStockes()).toBe(1);
    const docs = await db.selectFrom('document').select('id').where('dossier_id', '=', dossierId).execute();
    expect(docs).toEqual([]);
  });

  it('un gros fichier est envoyé en plusieurs morceaux et reconstitué à l’identique par clamd', async () => {
    const gros = Buffer.concat([PDF_MINIMAL, Buffer.alloc(300_000, 0x41)]);
    expect(await analyserFlux({ adresse: clamd.adresse, delaiMs: 2000 }, gros)).toEqual({ sain: true });
    expect(clamd.recus.at(-1)?.equals(gros)).toBe(true);
  });

  it('clamd injoignable : 503 antivirus_indisponible avec Retry-After, rien n’est stocké', async () => {
    const ferme = await fauxClamd({ port: 0 });
    await ferme.fermer();
    const sansAntivirus = await construireApp({
      db,
      config: configDeTest({ storageDir: stockage, clamd: { adresse: ferme.adresse, delaiMs: 2000 } }),
      journalisation: false,
    });
    afterAll(() => sansAntivirus.close());
    const { r, dossierId } = await deposer(sansAntivirus, PDF_MINIMAL);
    expect(r.statusCode).toBe(503);
    expect(r.json().erreur.code).toBe('antivirus_indisponible');
    expect(r.headers['retry-after']).toBe('60');
    const docs = await db.selectFrom('document').select('id').where('dossier_id', '=', dossierId).execute();
    expect(docs).toEqual([]);
  });

  it('socket unix : même protocole par un chemin de socket', async () => {
    const socket = await fauxClamd({ path: path.join(dossierTemp, 'clamd.sock') });
    expect(optionsConnexion(socket.adresse)).toEqual({ path: socket.adresse });
    expect(await analyserFlux({ adresse: socket.adresse, delaiMs: 2000 }, PDF_MINIMAL)).toEqual({
      sain: true,
    });
    expect(await analyserFlux({ adresse: socket.adresse, delaiMs: 2000 }, Buffer.from(EICAR))).toEqual({
      sain: false,
      signature: 'Eicar-Test-Signature',
    });
  });

  it('adresses : hôte:port, [IPv6]:port ; une adresse mal formée est refusée', () => {
    expect(optionsConnexion('clamav.interne:3310')).toEqual({ host: 'clamav.interne', port: 3310 });
    expect(optionsConnexion('[::1]:3310')).toEqual({ host: '::1', port: 3310 });
    expect(() => optionsConnexion('clamav')).toThrow(/Adresse clamd invalide/);
  });
});
