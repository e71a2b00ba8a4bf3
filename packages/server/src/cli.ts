import { lancer } from './main.js';

await lancer(process.argv.slice(2));
