import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';

export interface Courriel {
  a: string;
  sujet: string;
  texte: string;
}

export interface Expediteur {
  envoyer: (c: Courriel) => Promise<void>;
}

const DE = 'Exploc <ne-pas-repondre@exploc.gouv.fr>';

/**
 * SMTP through `SMTP_URL`. Without it (development, demo), messages are captured as .eml files in
 * `EXPLOC_DATA_DIR/courriels` instead of being sent.
 */
export function creerExpediteur(config: Config): Expediteur {
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport(config.smtpUrl);
    return {
      envoyer: async (c) => {
        await transport.sendMail({ from: DE, to: c.a, subject: c.sujet, text: c.texte });
      },
    };
  }
  const dossier = path.join(config.dataDir, 'courriels');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    envoyer: async (c) => {
      const info = await transport.sendMail({ from: DE, to: c.a, subject: c.sujet, text: c.texte });
      await mkdir(dossier, { recursive: true });
      const nom = `${new Date().toISOString().replace(/[:.]/g, '-')}-${c.a.replace(/[^a-z0-9@.-]/gi, '_')}.eml`;
      await writeFile(path.join(dossier, nom), info.message as Buffer, { mode: 0o600 });
    },
  };
}
