import { lancer } from './main.js';

const commande = process.argv[2];
await lancer(process.argv.slice(2));
// Every command but the servers (`serve`, a running `simulateur`) ends here: exit with its code even if a
// library left a handle or an exit hook.
const serveur =
  commande === 'serve' ||
  (commande === 'simulateur' &&
    process.exitCode === undefined &&
    !process.argv.some((a) => a === '--help' || a === '-h'));
if (!serveur) process.exit(process.exitCode ?? 0);
