import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const domainSrc = fileURLToPath(new URL('../domain/src/', import.meta.url));

export default defineConfig({
  plugins: [react()],
  resolve: { alias: [{ find: /^@exploc\/domain\/(.*)$/, replacement: `${domainSrc}$1.ts` }] },
  server: { port: 5173, proxy: { '/api': 'http://127.0.0.1:3000' } },
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 800 },
});
