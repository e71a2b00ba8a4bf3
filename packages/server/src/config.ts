import path from 'node:path';
import { PROFILS, type Profil } from '@exploc/domain/acces/profils';
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
  EXPLOC_BAC_A_SABLE: booleen,
  STORAGE_DIR: z.string().min(1).optional(),
  SMTP_URL: z.string().optional(),
  EXPLOC_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  EXPLOC_URL_PUBLIQUE: z.string().url().optional(),
  EXPLOC_TRAVAUX: z.enum(['0', '1']).default('1'),
  EXPLOC_INSTRUCTIONS_PREPAREES: z.enum(['0', '1']).default('1'),
  EXPLOC_PILOTAGE_RECALCUL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  EXPLOC_RETENTION_DOSSIERS_CLOS_ANS: z.coerce.number().int().min(1).max(50).default(3),
  EXPLOC_RETENTION_JOURNAL_JOURS: z.coerce.number().int().min(30).max(3650).default(365),
  EXPLOC_RETENTION_WEBHOOKS_JOURS: z.coerce.number().int().min(1).max(3650).default(30),
  EXPLOC_RETENTION_ALERTES_JOURS: z.coerce.number().int().min(1).max(3650).default(365),
  EXPLOC_SESSION_INACTIVITE_MINUTES: z.coerce.number().int().positive().default(30),
  EXPLOC_SESSION_DUREE_MAX_HEURES: z.coerce.number().int().positive().default(12),
  EXPLOC_CAF_URL: z.string().url().optional(),
  EXPLOC_BDF_URL: z.string().url().optional(),
  EXPLOC_PARTENAIRES_DELAI_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  /** clamd for uploaded files: `host:port` or a unix socket path; no antivirus scan when absent. */
  EXPLOC_CLAMD: z.string().min(1).optional(),
  EXPLOC_CLAMD_DELAI_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  EXPLOC_ALERTE_CONSULTATIONS_HEURE: z.coerce.number().int().min(1).max(100_000).default(50),
  EXPLOC_ALERTE_LIGNES_EXPORT: z.coerce.number().int().min(1).max(10_000_000).default(1000),
  EXPLOC_ALERTE_REFUS_JOUR: z.coerce.number().int().min(1).max(10_000).default(1),
  PROCONNECT_ISSUER: z.string().url().optional(),
  PROCONNECT_CLIENT_ID: z.string().optional(),
  PROCONNECT_CLIENT_SECRET: z.string().optional(),
  EXPLOC_PROCONNECT_ISSUER: z.string().url().optional(),
  EXPLOC_PROCONNECT_CLIENT_ID: z.string().optional(),
  EXPLOC_PROCONNECT_CLIENT_SECRET: z.string().optional(),
  EXPLOC_PROCONNECT_ACR_FORTS: z.string().default('eidas2,eidas3'),
  EXPLOC_PROCONNECT_PROFILS_FORTS: z
    .string()
    .default('agent_prefecture,agent_sous_prefecture,forces_ordre')
    .refine(
      (v) => listeVirgules(v).every((p) => (PROFILS as readonly string[]).includes(p)),
      'profil inconnu dans la liste',
    ),
});

function listeVirgules(valeur: string): string[] {
  return valeur
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/** ProConnect (OpenID Connect) settings; see docs/securite/proconnect.md. */
export interface ConfigProConnect {
  /** Issuer URL (its `/.well-known/openid-configuration` is discovered). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** `acr` values accepted as a strong authentication level. */
  acrForts: string[];
  /** Profiles that require one of `acrForts`. */
  profilsForts: Profil[];
  /** Redirect URI registered at the provider (derived from EXPLOC_URL_PUBLIQUE). */
  urlRetour: string;
  /** Where the provider sends the browser back after logout. */
  urlApresDeconnexion: string;
}

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Demo accounts and banner. True when EXPLOC_DEMO=1 or when the embedded database is used. */
  demo: boolean;
  /** Partner sandbox (`exploc serve --bac-a-sable`): synthetic data only, every response says so. */
  bacASable: boolean;
  storageDir: string;
  smtpUrl: string | undefined;
  logLevel: z.infer<typeof schemaEnvironnement>['EXPLOC_LOG_LEVEL'];
  urlPublique: string | undefined;
  /** Run the pg-boss workers and schedules inside `exploc serve`. */
  travaux: boolean;
  /** Named prepared statements per connection (db/instructions-preparees.ts); 0 behind a transaction pooler. */
  instructionsPreparees: boolean;
  /**
   * Interval of the server's recomputation of queued steering facts (partner acts, ADR 0007); 0: left to the
   * per-minute `pilotage-recalcul` job.
   */
  pilotageRecalculMs: number;
  retention: {
    dossiersClosAns: number;
    journalJours: number;
    clesIdempotenceJours: number;
    webhooksLivraisonsJours: number;
    alertesSecuriteJours: number;
  };
  sessionInactiviteMs: number;
  sessionDureeMaxMs: number;
  proconnect: ConfigProConnect | undefined;
  /** Partners' information systems (the simulators in development); undefined when not connected. */
  systemesPartenaires: { cafUrl: string | undefined; bdfUrl: string | undefined; delaiMs: number };
  /** Antivirus daemon (clamd INSTREAM) for uploads; undefined: no scan. */
  clamd: { adresse: string; delaiMs: number } | undefined;
  /** Thresholds of the security anomaly detection (issue #9). */
  alertes: { consultationsParHeure: number; lignesExport: number; refusParJour: number };
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
    demo: e.EXPLOC_DEMO || e.EXPLOC_BAC_A_SABLE || !e.DATABASE_URL,
    bacASable: e.EXPLOC_BAC_A_SABLE,
    storageDir: path.resolve(e.STORAGE_DIR ?? path.join(dataDir, 'documents')),
    smtpUrl: e.SMTP_URL,
    logLevel: e.EXPLOC_LOG_LEVEL,
    urlPublique: e.EXPLOC_URL_PUBLIQUE,
    travaux: e.EXPLOC_TRAVAUX === '1',
    instructionsPreparees: e.EXPLOC_INSTRUCTIONS_PREPAREES === '1',
    pilotageRecalculMs: e.EXPLOC_PILOTAGE_RECALCUL_MS,
    retention: {
      dossiersClosAns: e.EXPLOC_RETENTION_DOSSIERS_CLOS_ANS,
      journalJours: e.EXPLOC_RETENTION_JOURNAL_JOURS,
      webhooksLivraisonsJours: e.EXPLOC_RETENTION_WEBHOOKS_JOURS,
      alertesSecuriteJours: e.EXPLOC_RETENTION_ALERTES_JOURS,
      clesIdempotenceJours: 31,
    },
    sessionInactiviteMs: e.EXPLOC_SESSION_INACTIVITE_MINUTES * 60_000,
    sessionDureeMaxMs: e.EXPLOC_SESSION_DUREE_MAX_HEURES * 3_600_000,
    systemesPartenaires: {
      cafUrl: e.EXPLOC_CAF_URL,
      bdfUrl: e.EXPLOC_BDF_URL,
      delaiMs: e.EXPLOC_PARTENAIRES_DELAI_MS,
    },
    clamd: e.EXPLOC_CLAMD ? { adresse: e.EXPLOC_CLAMD, delaiMs: e.EXPLOC_CLAMD_DELAI_MS } : undefined,
    alertes: {
      consultationsParHeure: e.EXPLOC_ALERTE_CONSULTATIONS_HEURE,
      lignesExport: e.EXPLOC_ALERTE_LIGNES_EXPORT,
      refusParJour: e.EXPLOC_ALERTE_REFUS_JOUR,
    },
    proconnect: lireConfigProConnect(e),
  };
}

function lireConfigProConnect(e: z.infer<typeof schemaEnvironnement>): ConfigProConnect | undefined {
  // EXPLOC_PROCONNECT_* (PROCONNECT_* are still read, for older deployments).
  const issuer = e.EXPLOC_PROCONNECT_ISSUER ?? e.PROCONNECT_ISSUER;
  const clientId = e.EXPLOC_PROCONNECT_CLIENT_ID ?? e.PROCONNECT_CLIENT_ID;
  const clientSecret = e.EXPLOC_PROCONNECT_CLIENT_SECRET ?? e.PROCONNECT_CLIENT_SECRET;
  if (!issuer || !clientId || !clientSecret) return undefined;
  if (!e.EXPLOC_URL_PUBLIQUE) {
    throw new ErreurConfiguration(
      'Configuration invalide : EXPLOC_URL_PUBLIQUE est requise avec ProConnect (adresse de retour).',
    );
  }
  const base = e.EXPLOC_URL_PUBLIQUE.replace(/\/+$/, '');
  return {
    issuer,
    clientId,
    clientSecret,
    acrForts: listeVirgules(e.EXPLOC_PROCONNECT_ACR_FORTS),
    profilsForts: listeVirgules(e.EXPLOC_PROCONNECT_PROFILS_FORTS) as Profil[],
    urlRetour: `${base}/api/v1/auth/proconnect/retour`,
    urlApresDeconnexion: `${base}/connexion?deconnecte=1`,
  };
}
