import { lancer } from './main.js';

const commande = process.argv[2];
await lancer(process.argv.slice(2));
// Every command but `serve` ends here: exit with its code even if a library left a handle or an exit hook.
if (commande !== 'serve') process.exit(process.exitCode ?? 0);
