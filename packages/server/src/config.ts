import path from 'node:path';
import { z } from 'zod';

const booleen = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true');

const schemaEnvironnement = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  EXPLOC_DATA_DIR: z.string().min(1).default('./.exploc'),
  EXPLOC_DEMO: booleen,
  STORAGE_DIR: z.string().min(1).optional(),
  SMTP_URL: z.string().optional(),
  EXPLOC_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  EXPLOC_URL_PUBLIQUE: z.string().url().optional(),
  EXPLOC_TRAVAUX: z.enum(['0', '1']).default('1'),
  EXPLOC_RETENTION_DOSSIERS_CLOS_ANS: z.coerce.number().int().min(1).max(50).default(3),
  EXPLOC_RETENTION_JOURNAL_JOURS: z.coerce.number().int().min(30).max(3650).default(365),
  EXPLOC_SESSION_INACTIVITE_MINUTES: z.coerce.number().int().positive().default(30),
  EXPLOC_SESSION_DUREE_MAX_HEURES: z.coerce.number().int().positive().default(12),
  EXPLOC_CAF_URL: z.string().url().optional(),
  EXPLOC_BDF_URL: z.string().url().optional(),
  EXPLOC_PARTENAIRES_DELAI_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  PROCONNECT_ISSUER: z.string().url().optional(),
  PROCONNECT_CLIENT_ID: z.string().optional(),
  PROCONNECT_CLIENT_SECRET: z.string().optional(),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Demo accounts and banner. True when EXPLOC_DEMO=1 or when the embedded database is used. */
  demo: boolean;
  storageDir: string;
  smtpUrl: string | undefined;
  logLevel: z.infer<typeof schemaEnvironnement>['EXPLOC_LOG_LEVEL'];
  urlPublique: string | undefined;
  /** Run the pg-boss workers and schedules inside `exploc serve`. */
  travaux: boolean;
  retention: { dossiersClosAns: number; journalJours: number; clesIdempotenceJours: number };
  sessionInactiviteMs: number;
  sessionDureeMaxMs: number;
  proconnect: { issuer: string; clientId: string; clientSecret: string } | undefined;
  /** Partners' information systems (the simulators in development); undefined when not connected. */
  systemesPartenaires: { cafUrl: string | undefined; bdfUrl: string | undefined; delaiMs: number };
}

export class ErreurConfiguration extends Error {}

export function lireConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const resultat = schemaEnvironnement.safeParse(env);
  if (!resultat.success) {
    const probleme = resultat.error.issues[0];
    throw new ErreurConfiguration(
      `Configuration invalide : ${probleme?.path.join('.') ?? '?'} — ${probleme?.message ?? 'valeur invalide'}`,
    );
  }
  const e = resultat.data;
  const dataDir = path.resolve(e.EXPLOC_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    demo: e.EXPLOC_DEMO || !e.DATABASE_URL,
    storageDir: path.resolve(e.STORAGE_DIR ?? path.join(dataDir, 'documents')),
    smtpUrl: e.SMTP_URL,
    logLevel: e.EXPLOC_LOG_LEVEL,
    urlPublique: e.EXPLOC_URL_PUBLIQUE,
    travaux: e.EXPLOC_TRAVAUX === '1',
    retention: {
      dossiersClosAns: e.EXPLOC_RETENTION_DOSSIERS_CLOS_ANS,
      journalJours: e.EXPLOC_RETENTION_JOURNAL_JOURS,
      clesIdempotenceJours: 31,
    },
    sessionInactiviteMs: e.EXPLOC_SESSION_INACTIVITE_MINUTES * 60_000,
    sessionDureeMaxMs: e.EXPLOC_SESSION_DUREE_MAX_HEURES * 3_600_000,
    systemesPartenaires: {
      cafUrl: e.EXPLOC_CAF_URL,
      bdfUrl: e.EXPLOC_BDF_URL,
      delaiMs: e.EXPLOC_PARTENAIRES_DELAI_MS,
    },
    proconnect:
      e.PROCONNECT_ISSUER && e.PROCONNECT_CLIENT_ID && e.PROCONNECT_CLIENT_SECRET
        ? {
            issuer: e.PROCONNECT_ISSUER,
            clientId: e.PROCONNECT_CLIENT_ID,
            clientSecret: e.PROCONNECT_CLIENT_SECRET,
          }
        : undefined,
  };
}
