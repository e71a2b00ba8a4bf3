import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  PROFILS,
  type Profil,
  TYPES_ORGANISATION,
  type TypeOrganisation,
} from '@exploc/domain/acces/profils';
import { estDateIso } from '@exploc/domain/calendrier/dates';
import { CODES_DEPARTEMENT } from '@exploc/domain/calendrier/departements';
import { executerCommandeCalculer } from '@exploc/domain/indemnisation/commande-calculer';
import { executerCommandeEvaluer } from '@exploc/domain/procedure/commande-evaluer';
import { TYPES_PARTENAIRE, type TypePartenaire } from '@exploc/domain/schemas/partenaires';
import { construireApp } from './app.js';
import { lireEntreeStandard } from './cli/entree.js';
import { AIDE_GENERALE, ErreurUsage } from './cli/sortie.js';
import { type Config, ErreurConfiguration, lireConfig } from './config.js';
import { type Base, ouvrirBase } from './db/connexion.js';
import { migrerBase } from './db/migrations.js';
import { chargerReferentiel } from './db/referentiel.js';
import { demarrerRecalculPilotage, type RecalculPilotage } from './jobs/recalcul-pilotage.js';
import { demarrerTravaux, type Travaux } from './jobs/travaux.js';
import { demarrerSimulateurBdf, demarrerSimulateurCaf } from './modules/echanges/simulateurs.js';
import { insererOrganisation } from './modules/identite/repository.js';
import { creerCompte } from './modules/identite/service.js';
import { scellerJournal, verifierJournal } from './modules/journal/scellement.js';
import { BaseNonBacASable, preparerBacASable } from './modules/partenaires/bac-a-sable.js';
import { creerClientPartenaire } from './modules/partenaires/service.js';
import { purger } from './modules/retention/service.js';
import { protegerPool } from './plugins/indisponibilite.js';
import { baseVide, COMPTES_DEMO, MOT_DE_PASSE_DEMO, seederDemo } from './seed/demo.js';
import { DepartementsInconnus, GRAINE_PAR_DEFAUT, genererDossiers } from './seed/synthetique.js';

const journal = (m: string) => process.stderr.write(`${m}\n`);

async function preparerBase(config: Config): Promise<Base> {
  const base = await ouvrirBase(config, journal);
  try {
    await migrerBase(base.db);
    await chargerReferentiel(base.db);
  } catch (e) {
    await base.fermer();
    throw e;
  }
  return base;
}

async function avecBase<T>(config: Config, travail: (base: Base) => Promise<T>): Promise<T> {
  const base = await preparerBase(config);
  try {
    return await travail(base);
  } finally {
    await base.fermer();
  }
}

function options<T extends Record<string, { type: 'string' | 'boolean'; short?: string }>>(
  args: string[],
  def: T,
) {
  try {
    return parseArgs({
      args,
      options: { ...def, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values as { [K in keyof T]?: T[K]['type'] extends 'string' ? string : boolean } & { help?: boolean };
  } catch (e) {
    throw new ErreurUsage((e as Error).message);
  }
}

const AIDE_SERVE = `Usage : exploc serve [--demo-si-vide] [--bac-a-sable]
Démarre Exploc (API et application web) sur http://HOST:PORT.
  --demo-si-vide   crée les comptes de démonstration si la base n'a aucun compte (utilisé par npm start)
  --bac-a-sable    bac à sable des partenaires : base à lui (par défaut ./.exploc-bac-a-sable), données
                   synthétiques, un client par type de partenaire créé au premier démarrage (identifiants
                   affichés une fois et écrits dans identifiants-bac-a-sable.json, mode 0600)`;

async function serve(args: string[]) {
  const o = options(args, { 'demo-si-vide': { type: 'boolean' }, 'bac-a-sable': { type: 'boolean' } });
  if (o.help) return void console.log(AIDE_SERVE);
  if (o['bac-a-sable']) {
    process.env.EXPLOC_BAC_A_SABLE = '1';
    process.env.EXPLOC_DATA_DIR ??= './.exploc-bac-a-sable';
  }
  const config = lireConfig();
  const debut = Date.now();
  const base = await preparerBase(config);
  // A PostgreSQL restart must not end the server: 503 while it is away, then recovery (plugins/indisponibilite.ts).
  protegerPool(base.pool);
  let demoCree = false;
  if (config.bacASable) {
    const identifiants = await preparerBacASable(base.db).catch(async (e) => {
      await base.fermer().catch(() => undefined);
      throw e instanceof BaseNonBacASable ? new ErreurUsage(e.message) : e;
    });
    if (identifiants.length > 0) {
      const fichier = path.join(config.dataDir, 'identifiants-bac-a-sable.json');
      await mkdir(config.dataDir, { recursive: true });
      await writeFile(fichier, `${JSON.stringify(identifiants, null, 2)}\n`, { mode: 0o600 });
      journal(`Bac à sable : identifiants des partenaires (affichés une seule fois) écrits dans ${fichier}`);
      for (const i of identifiants) journal(`  ${i.type.padEnd(20)} ${i.clientId}  ${i.clientSecret}`);
    }
  } else if (o['demo-si-vide'] && (await baseVide(base.db))) {
    await seederDemo(base.db);
    demoCree = true;
  }
  const app = await construireApp({ db: base.db, config });
  let travaux: Travaux | undefined;
  let recalcul: RecalculPilotage | undefined;
  let arret = false;
  const arreter = async (signal: string) => {
    if (arret) return;
    arret = true;
    journal(`Arrêt demandé (${signal})…`);
    await app.close().catch(() => undefined);
    await travaux?.arreter().catch(() => undefined);
    await recalcul?.arreter().catch(() => undefined);
    await base.fermer().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void arreter('SIGINT'));
  process.on('SIGTERM', () => void arreter('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  if (config.travaux) travaux = await demarrerTravaux(base.db, config, base.url, journal);
  if (config.pilotageRecalculMs > 0)
    recalcul = demarrerRecalculPilotage(base.db, { intervalleMs: config.pilotageRecalculMs, journal });
  const hote = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  const lignes = [
    '',
    `Exploc est prêt sur http://${hote}:${config.port} (démarré en ${((Date.now() - debut) / 1000).toFixed(1)} s)`,
    base.embarquee ? `Base PostgreSQL embarquée : ${config.dataDir}` : 'Base PostgreSQL : DATABASE_URL',
    ...(config.bacASable
      ? ['Bac à sable des partenaires : données synthétiques, API sur /api/partenaires/v1']
      : []),
  ];
  if (config.demo) {
    lignes.push(
      demoCree ? 'Comptes de démonstration créés' : 'Mode démonstration',
      `Comptes de démonstration (mot de passe « ${MOT_DE_PASSE_DEMO} ») :`,
      ...COMPTES_DEMO.map((c) => `  ${c.email.padEnd(44)} ${c.profil}`),
    );
  }
  console.log(`${lignes.join('\n')}\n`);
}

const AIDE_SEED = `Usage : exploc seed --demo
       exploc seed --dossiers <N> [--departements 75,93,...] [--graine <n>] [--au AAAA-MM-JJ]
  --demo           crée les organisations fictives et les dix comptes de démonstration (mot de passe « demo »)
  --dossiers <N>   génère N dossiers synthétiques réalistes (ménages, bailleurs, chronologies de procédure)
  --departements   départements tirés (pondérés par la population) ; par défaut tous, métropole et outre-mer
  --graine <n>     graine du générateur (entier ≥ 0, défaut ${GRAINE_PAR_DEFAUT}) : même graine, mêmes données
  --au <date>      date d'observation fixe ; par défaut, la date du jour de chaque département
Progression sur la sortie d'erreur ; résumé JSON {"dossiers", "evenements", "secondes"} sur la sortie standard.`;

const MAX_DOSSIERS = 20_000_000;

function entierOption(nom: string, texte: string, min: number, max: number): number {
  if (!/^\d+$/.test(texte.replaceAll('_', ''))) throw new ErreurUsage(`--${nom} : entier attendu`);
  const valeur = Number(texte.replaceAll('_', ''));
  if (!Number.isSafeInteger(valeur) || valeur < min || valeur > max) {
    throw new ErreurUsage(`--${nom} : entier entre ${min} et ${max} attendu`);
  }
  return valeur;
}

async function seed(args: string[]) {
  const o = options(args, {
    demo: { type: 'boolean' },
    dossiers: { type: 'string' },
    departements: { type: 'string' },
    graine: { type: 'string' },
    au: { type: 'string' },
  });
  if (o.help) return void console.log(AIDE_SEED);
  if (!o.demo && o.dossiers === undefined)
    throw new ErreurUsage('Indiquez ce qu’il faut créer : --demo ou --dossiers <N>');
  if (
    o.dossiers === undefined &&
    (o.departements !== undefined || o.graine !== undefined || o.au !== undefined)
  ) {
    throw new ErreurUsage('--departements, --graine et --au accompagnent --dossiers');
  }
  const dossiers = o.dossiers === undefined ? null : entierOption('dossiers', o.dossiers, 1, MAX_DOSSIERS);
  const graine =
    o.graine === undefined ? undefined : entierOption('graine', o.graine, 0, Number.MAX_SAFE_INTEGER);
  const departements = o.departements?.split(',').map((d) => d.trim().toUpperCase());
  if (departements?.some((d) => !/^(\d{2}|2[AB]|\d{3})$/.test(d))) {
    throw new ErreurUsage('--departements : codes séparés par des virgules, par exemple 75,93,2A,974');
  }
  if (o.au !== undefined && !estDateIso(o.au)) throw new ErreurUsage('--au : date AAAA-MM-JJ attendue');
  const config = lireConfig();
  await avecBase(config, async (base) => {
    if (o.demo) {
      const { comptesCrees } = await seederDemo(base.db);
      if (dossiers === null)
        console.log(JSON.stringify({ comptesCrees, comptes: COMPTES_DEMO.map((c) => c.email) }));
      else journal(`Démonstration : ${comptesCrees} compte(s) créé(s)`);
    }
    if (dossiers === null) return;
    try {
      const resume = await genererDossiers(base.db, {
        dossiers,
        departements: departements ?? null,
        graine,
        asOf: o.au ?? null,
        pool: base.pool,
        journal,
      });
      console.log(
        JSON.stringify({
          dossiers: resume.dossiers,
          evenements: resume.evenements,
          secondes: resume.secondes,
        }),
      );
    } catch (e) {
      if (e instanceof DepartementsInconnus) throw new ErreurUsage(`--departements : ${e.message}`);
      throw e;
    }
  });
}

const AIDE_UTILISATEUR = `Usage : exploc utilisateur creer --email <e-mail> --nom <nom> --profil <profil>
         (--organisation <id> | --organisation-type <type> --organisation-nom <nom> [--departement <code>])
         [--prenom <prénom>] [--arrondissements 932,933] [--mot-de-passe <mot de passe>]
Crée un compte. L'organisation est créée si elle n'existe pas (type, nom et département).
Profils : ${PROFILS.join(', ')}
Types d'organisation : ${TYPES_ORGANISATION.join(', ')}
Sans --mot-de-passe, le compte ne se connecte que par ProConnect.
Affiche {"id": "..."} en JSON.`;

async function utilisateur(args: string[]) {
  const [action, ...reste] = args;
  if (action === '--help' || action === '-h' || action === undefined)
    return void console.log(AIDE_UTILISATEUR);
  if (action !== 'creer') throw new ErreurUsage(`Action inconnue « ${action} » : seule « creer » existe.`);
  const o = options(reste, {
    email: { type: 'string' },
    nom: { type: 'string' },
    prenom: { type: 'string' },
    profil: { type: 'string' },
    organisation: { type: 'string' },
    'organisation-type': { type: 'string' },
    'organisation-nom': { type: 'string' },
    departement: { type: 'string' },
    arrondissements: { type: 'string' },
    'mot-de-passe': { type: 'string' },
  });
  if (o.help) return void console.log(AIDE_UTILISATEUR);
  if (!o.email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(o.email))
    throw new ErreurUsage('--email : adresse électronique invalide');
  if (!o.nom) throw new ErreurUsage('--nom est obligatoire');
  if (!o.profil || !(PROFILS as readonly string[]).includes(o.profil)) {
    throw new ErreurUsage(`--profil doit valoir l'un de : ${PROFILS.join(', ')}`);
  }
  if (o['mot-de-passe'] !== undefined && o['mot-de-passe'].length < 12) {
    throw new ErreurUsage('--mot-de-passe : au moins 12 caractères');
  }
  const typeOrganisation = o['organisation-type'];
  if (!o.organisation && !(typeOrganisation && o['organisation-nom'])) {
    throw new ErreurUsage('Indiquez --organisation <id>, ou --organisation-type et --organisation-nom');
  }
  if (typeOrganisation && !(TYPES_ORGANISATION as readonly string[]).includes(typeOrganisation)) {
    throw new ErreurUsage(`--organisation-type doit valoir l'un de : ${TYPES_ORGANISATION.join(', ')}`);
  }
  if (o.organisation && !/^[0-9a-f-]{36}$/i.test(o.organisation))
    throw new ErreurUsage('--organisation : identifiant invalide');
  const config = lireConfig();
  await avecBase(config, async (base) => {
    const contexte = { appelant: null, requeteId: 'cli' };
    let organisationId = o.organisation;
    if (!organisationId) {
      const departement = o.departement ?? null;
      if (departement) {
        const existe = await base.db
          .selectFrom('departement')
          .select('code')
          .where('code', '=', departement)
          .executeTakeFirst();
        if (!existe) throw new ErreurUsage(`--departement : département « ${departement} » inconnu`);
      }
      const existante = await base.db
        .selectFrom('organisation')
        .select('id')
        .where('nom', '=', o['organisation-nom'] as string)
        .where('type', '=', typeOrganisation as string)
        .executeTakeFirst();
      organisationId =
        existante?.id ??
        (
          await insererOrganisation(base.db, {
            type: typeOrganisation as TypeOrganisation,
            nom: o['organisation-nom'] as string,
            siret: null,
            departementCode: departement,
            arrondissements: o.arrondissements?.split(',').map((s) => s.trim()),
          })
        ).id;
    }
    try {
      const cree = await creerCompte(base.db, contexte, null, {
        email: o.email as string,
        nom: o.nom as string,
        prenom: o.prenom ?? '',
        profil: o.profil as Profil,
        organisationId,
        arrondissements: o.arrondissements?.split(',').map((s) => s.trim()),
        motDePasse: o['mot-de-passe'],
      });
      console.log(JSON.stringify({ id: cree.id }));
    } catch (e) {
      if (e instanceof Error && 'statut' in e) throw new ErreurUsage(e.message);
      throw e;
    }
  });
}

const AIDE_PARTENAIRE = `Usage : exploc partenaire creer --type <commissaire_justice|bailleur|caf|banque_de_france>
         --nom <nom> --siret <siret> [--departements 75,93]
Crée les identifiants d'un partenaire de l'API (OAuth2 client credentials) et affiche une seule fois
{"clientId": "...", "clientSecret": "..."} en JSON. Sans --departements, le partenaire n'est pas limité
à des départements.`;

async function partenaire(args: string[]) {
  const [action, ...reste] = args;
  if (action === '--help' || action === '-h' || action === undefined)
    return void console.log(AIDE_PARTENAIRE);
  if (action !== 'creer') throw new ErreurUsage(`Action inconnue « ${action} » : seule « creer » existe.`);
  const o = options(reste, {
    type: { type: 'string' },
    nom: { type: 'string' },
    siret: { type: 'string' },
    departements: { type: 'string' },
  });
  if (o.help) return void console.log(AIDE_PARTENAIRE);
  if (!o.type || !(TYPES_PARTENAIRE as readonly string[]).includes(o.type)) {
    throw new ErreurUsage(`--type doit valoir l'un de : ${TYPES_PARTENAIRE.join(', ')}`);
  }
  if (!o.nom?.trim()) throw new ErreurUsage('--nom est obligatoire');
  if (!o.siret || !/^\d{14}$/.test(o.siret)) throw new ErreurUsage('--siret : 14 chiffres');
  const departements = o.departements ? o.departements.split(',').map((d) => d.trim()) : [];
  if (departements.some((d) => !(CODES_DEPARTEMENT as readonly string[]).includes(d))) {
    throw new ErreurUsage('--departements : codes de départements séparés par des virgules (ex. 75,93)');
  }
  const config = lireConfig();
  await avecBase(config, async (base) => {
    const cree = await creerClientPartenaire(base.db, {
      type: o.type as TypePartenaire,
      nom: (o.nom as string).trim(),
      siret: o.siret as string,
      departements,
    });
    console.log(JSON.stringify(cree));
  });
}

const AIDE_JOURNAL = `Usage : exploc journal verifier [--sceller]
Vérifie le chaînage des blocs scellés du journal des accès : sortie 0 si intact, 1 en nommant le premier
bloc rompu. --sceller scelle d'abord les lignes assez anciennes.`;

async function journalCommande(args: string[]) {
  const [action, ...reste] = args;
  if (action === '--help' || action === '-h' || action === undefined) return void console.log(AIDE_JOURNAL);
  if (action !== 'verifier')
    throw new ErreurUsage(`Action inconnue « ${action} » : seule « verifier » existe.`);
  const o = options(reste, { sceller: { type: 'boolean' } });
  if (o.help) return void console.log(AIDE_JOURNAL);
  const config = lireConfig();
  await avecBase(config, async (base) => {
    if (o.sceller) await scellerJournal(base.db);
    const r = await verifierJournal(base.db);
    if (r.intact) {
      console.log(
        JSON.stringify({ statut: 'intact', blocs: r.blocs, lignes: r.lignes, nonScellees: r.nonScellees }),
      );
    } else {
      console.log(JSON.stringify({ statut: 'rompu', bloc: r.premierBlocCasse, raison: r.raison }));
      process.stderr.write(`Journal rompu : bloc ${r.premierBlocCasse} (${r.raison})\n`);
      process.exitCode = 1;
    }
  });
}

const AIDE_PURGE = `Usage : exploc purge [--dry-run]
Supprime ce qui a dépassé sa durée de conservation : dossiers clos (EXPLOC_RETENTION_DOSSIERS_CLOS_ANS,
3 ans par défaut), journal par blocs scellés (EXPLOC_RETENTION_JOURNAL_JOURS, 365 jours), sessions et jetons
expirés, clés d'idempotence de plus de 31 jours, documents devenus orphelins. --dry-run compte sans supprimer.
Affiche un rapport JSON.`;

async function purge(args: string[]) {
  const o = options(args, { 'dry-run': { type: 'boolean' } });
  if (o.help) return void console.log(AIDE_PURGE);
  const config = lireConfig();
  await avecBase(config, async (base) => {
    const rapport = await purger(base.db, {
      simulation: o['dry-run'] === true,
      durees: config.retention,
      stockage: config.storageDir,
    });
    console.log(JSON.stringify(rapport, null, 2));
  });
}

async function migrate(args: string[]) {
  const o = options(args, {});
  if (o.help)
    return void console.log(
      'Usage : exploc migrate\nApplique les migrations et charge le référentiel territorial.',
    );
  const config = lireConfig();
  await avecBase(config, async (base) => {
    console.log(JSON.stringify({ statut: 'ok', base: base.embarquee ? 'embarquee' : 'DATABASE_URL' }));
  });
}

async function commandeStdin(
  args: string[],
  aide: string,
  executer: (texte: string) => { codeSortie: 0 | 2; stdout?: string; stderr?: string },
) {
  if (args.includes('--help') || args.includes('-h')) return void console.log(aide);
  if (args.length > 0) throw new ErreurUsage(`Option inconnue : ${args[0]}`);
  const resultat = executer(await lireEntreeStandard());
  if (resultat.stdout) process.stdout.write(resultat.stdout);
  if (resultat.stderr) process.stderr.write(resultat.stderr);
  process.exitCode = resultat.codeSortie;
}

const AIDE_PROCEDURE = `Usage : exploc procedure evaluate < scenario.json > resultat.json
Évalue un scénario de procédure (voir contracts/procedure-evaluate.md) : phase, échéances, alertes,
responsabilité de l'État. Hors ligne, sans base de données. Sortie 2 et une ligne JSON d'erreur sur la
sortie d'erreur si le scénario est invalide.`;

const AIDE_INDEMNISATION = `Usage : exploc indemnisation calculer < scenario.json > calcul.json
Calcule l'indemnité due par l'État pour refus du concours de la force publique (CPCE L153-1, R154-1 à
R154-7) à partir d'un scénario de procédure complété de la clé « indemnisation ». Hors ligne.`;

const AIDE_SIMULATEUR = `Usage : exploc simulateur <caf|bdf> [--port <n>] [--host <hôte>]
Démarre un simulateur HTTP du système d'information d'un partenaire, qui répond des données synthétiques
déterministes (la même demande donne toujours la même réponse), jusqu'à Ctrl+C (SIGINT) ou SIGTERM.
  caf    CAF / MSA : POST /v1/situations {"numeroAllocataire"} (port 4010 par défaut)
         un numéro finissant par 0 est inconnu (404), par 9 le service est en panne (503)
  bdf    Banque de France : POST /v1/surendettement/recherche {"nom","prenoms","dateNaissance","codePostal"}
         (port 4011 par défaut) ; un nom commençant par INCONNU est inconnu, par PANNE le service est en panne
Reliez Exploc au simulateur avec EXPLOC_CAF_URL=http://127.0.0.1:4010 ou EXPLOC_BDF_URL=http://127.0.0.1:4011.`;

async function simulateur(args: string[]) {
  const [partenaire, ...reste] = args;
  if (partenaire === '--help' || partenaire === '-h' || partenaire === undefined)
    return void console.log(AIDE_SIMULATEUR);
  if (partenaire !== 'caf' && partenaire !== 'bdf')
    throw new ErreurUsage(`Simulateur inconnu « ${partenaire} » : « caf » ou « bdf ».`);
  const o = options(reste, { port: { type: 'string' }, host: { type: 'string' } });
  if (o.help) return void console.log(AIDE_SIMULATEUR);
  const port =
    o.port === undefined ? (partenaire === 'caf' ? 4010 : 4011) : entierOption('port', o.port, 0, 65535);
  const hote = o.host ?? '127.0.0.1';
  const demarrer = partenaire === 'caf' ? demarrerSimulateurCaf : demarrerSimulateurBdf;
  const sim = await demarrer(port, hote);
  const arreter = (signal: string) => {
    journal(`Arrêt du simulateur (${signal})…`);
    void sim.arreter().then(() => process.exit(0));
  };
  process.once('SIGINT', () => arreter('SIGINT'));
  process.once('SIGTERM', () => arreter('SIGTERM'));
  console.log(
    `Simulateur ${partenaire === 'caf' ? 'CAF' : 'Banque de France'} à l'écoute sur ${sim.url} (Ctrl+C pour arrêter)`,
  );
}

async function principal(argv: string[]): Promise<void> {
  const [commande, ...args] = argv;
  switch (commande) {
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      console.log(AIDE_GENERALE);
      return;
    case 'serve':
      return serve(args);
    case 'migrate':
      return migrate(args);
    case 'seed':
      return seed(args);
    case 'utilisateur':
      return utilisateur(args);
    case 'partenaire':
      return partenaire(args);
    case 'journal':
      return journalCommande(args);
    case 'purge':
      return purge(args);
    case 'simulateur':
      return simulateur(args);
    case 'procedure': {
      const [action, ...reste] = args;
      if (action === '--help' || action === '-h' || action === undefined)
        return void console.log(AIDE_PROCEDURE);
      if (action !== 'evaluate')
        throw new ErreurUsage(`Action inconnue « ${action} » : seule « evaluate » existe.`);
      return commandeStdin(reste, AIDE_PROCEDURE, executerCommandeEvaluer);
    }
    case 'indemnisation': {
      const [action, ...reste] = args;
      if (action === '--help' || action === '-h' || action === undefined)
        return void console.log(AIDE_INDEMNISATION);
      if (action !== 'calculer')
        throw new ErreurUsage(`Action inconnue « ${action} » : seule « calculer » existe.`);
      return commandeStdin(reste, AIDE_INDEMNISATION, executerCommandeCalculer);
    }
    default:
      throw new ErreurUsage(`Commande inconnue « ${commande} ». « exploc --help » liste les commandes.`);
  }
}

export async function lancer(argv: string[]): Promise<void> {
  try {
    await principal(argv);
  } catch (e) {
    if (e instanceof ErreurUsage || e instanceof ErreurConfiguration) {
      process.stderr.write(`Erreur : ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`Erreur : ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  }
}
