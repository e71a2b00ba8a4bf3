import PgBoss from 'pg-boss';
import type { Config } from '../config.js';
import type { Db } from '../db/connexion.js';
import { aujourdhui } from '../lib/aujourdhui.js';
import { creerExpediteur } from '../lib/courriel.js';
import { reprendreImports } from '../modules/bailleurs/imports.js';
import { relancerOrientationsEnRetard } from '../modules/ccapex/orientations.js';
import { relancerRecommandationsNonNotifiees } from '../modules/ccapex/seances.js';
import { constaterRefusImplicites } from '../modules/cfp/service.js';
import { recalculerProjections } from '../modules/dossiers/service.js';
import { portsDepuisConfig } from '../modules/echanges/adaptateurs-http.js';
import { relancerEchanges } from '../modules/echanges/service.js';
import { scellerJournal } from '../modules/journal/scellement.js';
import { compacterMensuel, traiterEnAttente } from '../modules/pilotage/repository.js';
import { purger } from '../modules/retention/service.js';
import { detecterAnomalies } from '../modules/securite/detection.js';
import { envoyerResumesQuotidiens } from '../modules/travail/resume.js';
import { livrerWebhooks } from '../modules/webhooks/service.js';

export const FILE_BALAYAGE = 'balayage-projections';
export const FILE_RESUME = 'resume-quotidien';
/** Steering facts of dossiers touched by bulk statements, then the nightly sum of the monthly rows. */
export const FILE_PILOTAGE_RECALCUL = 'pilotage-recalcul';
export const FILE_PILOTAGE_COMPACTAGE = 'pilotage-compactage';
export const FILE_SCELLEMENT = 'scellement-journal';
export const FILE_PURGE = 'purge-conservation';
/** CPCE R153-1: two months of silence on a CFP request is a refusal; noted each morning on the instruction. */
export const FILE_REFUS_IMPLICITE_CFP = 'refus-implicite-cfp';

/** Exchanges with the CAF / Banque de France that failed because the partner was down (backoff per row). */
export const FILE_RELANCE_ECHANGES = 'relance-echanges-partenaires';

/** Partner webhooks: the outbox rows due for a (re)try, every minute. */
export const FILE_WEBHOOKS = 'livraison-webhooks';

/** Landlords' CSV imports left unfinished (restart, crash), taken up again every minute (issue #6). */
export const FILE_REPRISE_IMPORTS_BAILLEURS = 'reprise-imports-bailleurs';

/** Security anomaly detection over the journal (issue #9), every hour. */
export const FILE_DETECTION_ANOMALIES = 'detection-anomalies';

/** CCAPEX orientations past their due date: a reminder e-mail, at most one per week (issue #5). */
export const FILE_RELANCE_ORIENTATIONS = 'relance-orientations-ccapex';

/** CCAPEX recommandations whose e-mail failed at the séance's closing, sent again every 15 minutes. */
export const FILE_RELANCE_RECOMMANDATIONS = 'relance-recommandations-ccapex';

export interface Travaux {
  boss: PgBoss;
  arreter: () => Promise<void>;
}

/**
 * pg-boss in the application's database (architecture.md §3): the nightly projection sweep (dates move even
 * when nobody writes) and the morning digest. Cron schedules are stored once in the database, so with N
 * instances each run happens once.
 */
export async function demarrerTravaux(
  db: Db,
  config: Config,
  url: string,
  log: (m: string) => void,
): Promise<Travaux> {
  const boss = new PgBoss({
    connectionString: url,
    schema: 'pgboss',
    max: 4,
    application_name: 'exploc-travaux',
  });
  boss.on('error', (e) => log(`pg-boss : ${e.message}`));
  await boss.start();
  for (const file of [FILE_BALAYAGE, FILE_RESUME, FILE_SCELLEMENT, FILE_PURGE]) await boss.createQueue(file);
  await boss.createQueue(FILE_REFUS_IMPLICITE_CFP);
  for (const file of [FILE_PILOTAGE_RECALCUL, FILE_PILOTAGE_COMPACTAGE]) await boss.createQueue(file);
  await boss.schedule(FILE_BALAYAGE, '30 1 * * *', {}, { tz: 'Europe/Paris' });
  await boss.schedule(FILE_RESUME, '0 7 * * 1-5', {}, { tz: 'Europe/Paris' });
  await boss.schedule(FILE_PILOTAGE_RECALCUL, '* * * * *', {}, { tz: 'Europe/Paris' });
  await boss.schedule(FILE_PILOTAGE_COMPACTAGE, '45 2 * * *', {}, { tz: 'Europe/Paris' });
  await boss.schedule(FILE_SCELLEMENT, '* * * * *', {}, { tz: 'Europe/Paris' });
  await boss.schedule(FILE_PURGE, '0 3 * * *', {}, { tz: 'Europe/Paris' });
  await boss.schedule(FILE_REFUS_IMPLICITE_CFP, '5 0 * * *', {}, { tz: 'Europe/Paris' });
  await boss.work(FILE_REFUS_IMPLICITE_CFP, async () => {
    const n = await constaterRefusImplicites(db);
    log(`Concours de la force publique : ${n} refus implicite(s) constaté(s)`);
  });
  await boss.work(FILE_PURGE, async () => {
    const r = await purger(db, { simulation: false, durees: config.retention, stockage: config.storageDir });
    log(`Purge : ${JSON.stringify(r.supprimes)}`);
  });
  await boss.work(FILE_SCELLEMENT, async () => {
    await scellerJournal(db);
  });
  await boss.work(FILE_BALAYAGE, async () => {
    const n = await recalculerProjections(db);
    log(`Balayage des projections : ${n} dossier(s) recalculé(s)`);
  });
  await boss.work(FILE_PILOTAGE_RECALCUL, async () => {
    const bilan = await traiterEnAttente(db);
    if (bilan) log(`Pilotage : ${bilan}`);
  });
  await boss.work(FILE_PILOTAGE_COMPACTAGE, async () => {
    const r = await compacterMensuel(db);
    log(`Pilotage : sommes mensuelles compactées (${r.avant} → ${r.apres} lignes)`);
  });
  await boss.createQueue(FILE_RELANCE_ECHANGES);
  await boss.schedule(FILE_RELANCE_ECHANGES, '* * * * *', {}, { tz: 'Europe/Paris' });
  const ports = portsDepuisConfig(config);
  await boss.work(FILE_RELANCE_ECHANGES, async () => {
    const bilan = await relancerEchanges(db, ports);
    if (bilan.reussis + bilan.aRelancer + bilan.abandonnes > 0)
      log(`Échanges partenaires : ${JSON.stringify(bilan)}`);
  });
  await boss.createQueue(FILE_WEBHOOKS);
  await boss.schedule(FILE_WEBHOOKS, '* * * * *', {}, { tz: 'Europe/Paris' });
  await boss.work(FILE_WEBHOOKS, async () => {
    const bilan = await livrerWebhooks(db, { autoriserLocal: config.demo });
    if (bilan.livrees + bilan.aRelancer + bilan.echecs > 0) log(`Webhooks : ${JSON.stringify(bilan)}`);
  });
  const expediteur = creerExpediteur(config);
  await boss.work(FILE_RESUME, async () => {
    const r = await envoyerResumesQuotidiens(db, expediteur, {
      aujourdhui: aujourdhui(),
      urlPublique: config.urlPublique ?? `http://localhost:${config.port}`,
    });
    log(`Résumés quotidiens : ${r.envoyes} envoyé(s)`);
  });
  await boss.createQueue(FILE_DETECTION_ANOMALIES);
  await boss.schedule(FILE_DETECTION_ANOMALIES, '10 * * * *', {}, { tz: 'Europe/Paris' });
  await boss.work(FILE_DETECTION_ANOMALIES, async () => {
    const bilan = await detecterAnomalies(db, expediteur, {
      seuils: config.alertes,
      urlPublique: config.urlPublique ?? `http://localhost:${config.port}`,
    });
    if (bilan.nouvelles > 0) log(`Détection d’anomalies : ${bilan.nouvelles} alerte(s) nouvelle(s)`);
  });
  await boss.createQueue(FILE_RELANCE_ORIENTATIONS);
  await boss.schedule(FILE_RELANCE_ORIENTATIONS, '30 8 * * *', {}, { tz: 'Europe/Paris' });
  await boss.work(FILE_RELANCE_ORIENTATIONS, async () => {
    const r = await relancerOrientationsEnRetard(db, expediteur, {
      aujourdhui: aujourdhui(),
      urlPublique: config.urlPublique ?? `http://localhost:${config.port}`,
    });
    if (r.relancees > 0)
      log(`Orientations CCAPEX en retard : ${r.relancees} relance(s), ${r.courriels} courriel(s)`);
  });
  await boss.createQueue(FILE_RELANCE_RECOMMANDATIONS);
  await boss.schedule(FILE_RELANCE_RECOMMANDATIONS, '*/15 * * * *', {}, { tz: 'Europe/Paris' });
  await boss.work(FILE_RELANCE_RECOMMANDATIONS, async () => {
    const r = await relancerRecommandationsNonNotifiees(db, {
      expediteur,
      urlPublique: config.urlPublique ?? `http://localhost:${config.port}`,
    });
    if (r.recommandations + r.echecs > 0)
      log(`Recommandations CCAPEX : ${r.recommandations} notifiée(s), ${r.echecs} échec(s)`);
  });
  await boss.createQueue(FILE_REPRISE_IMPORTS_BAILLEURS);
  await boss.schedule(FILE_REPRISE_IMPORTS_BAILLEURS, '* * * * *', {}, { tz: 'Europe/Paris' });
  await boss.work(FILE_REPRISE_IMPORTS_BAILLEURS, async () => {
    const n = await reprendreImports(db);
    if (n > 0) log(`Imports de saisines : ${n} import(s) repris`);
  });
  return { boss, arreter: () => boss.stop({ graceful: true, timeout: 10_000 }) };
}
