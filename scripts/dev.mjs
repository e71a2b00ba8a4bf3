// `npm run dev`: the server from its TypeScript sources (tsx, restarted on change) and Vite with its proxy.
import { spawn } from 'node:child_process';

const enfants = [
  spawn(
    'npx',
    ['tsx', 'watch', '--conditions=source', 'packages/server/src/cli.ts', 'serve', '--demo-si-vide'],
    {
      stdio: 'inherit',
    },
  ),
  spawn('npm', ['run', 'dev', '-w', '@exploc/web'], { stdio: 'inherit' }),
];
const arreter = () => {
  for (const e of enfants) e.kill('SIGTERM');
};
process.on('SIGINT', arreter);
process.on('SIGTERM', arreter);
for (const e of enfants) e.on('exit', arreter);
