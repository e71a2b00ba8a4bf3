import { SMTPServer } from 'smtp-server';
import { afterAll } from 'vitest';

/** A message received by the test SMTP server: its envelope recipients and its decoded text. */
export interface CourrielRecu {
  a: string[];
  texte: string;
}

export interface SmtpDeTest {
  /** The `smtpUrl` to give the app (smtp://127.0.0.1:port). */
  url: string;
  /** Every message received so far, in order. */
  recus: CourrielRecu[];
  arreter: () => Promise<void>;
}

/** Decodes a quoted-printable body: soft line breaks removed, =XX bytes decoded as UTF-8. */
function decoderQuotedPrintable(texte: string): string {
  const octets = Buffer.from(
    texte
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
    'latin1',
  );
  return octets.toString('utf8');
}

/**
 * A real SMTP server on loopback (no TLS, no authentication) that keeps the envelopes and bodies it receives;
 * stopped after the test file.
 */
export async function demarrerSmtpDeTest(): Promise<SmtpDeTest> {
  const recus: CourrielRecu[] = [];
  const serveur = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(flux, session, fin) {
      let texte = '';
      flux.on('data', (m: Buffer) => {
        texte += m.toString('utf8');
      });
      flux.on('end', () => {
        recus.push({
          a: session.envelope.rcptTo.map((r) => r.address),
          texte: decoderQuotedPrintable(texte),
        });
        fin();
      });
    },
  });
  await new Promise<void>((r) => serveur.listen(0, '127.0.0.1', r));
  const adresse = serveur.server.address();
  const port = typeof adresse === 'object' && adresse ? adresse.port : 0;
  const arreter = () => new Promise<void>((r) => serveur.close(() => r()));
  afterAll(arreter);
  return { url: `smtp://127.0.0.1:${port}`, recus, arreter };
}
