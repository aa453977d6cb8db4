import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

/** Where the Hearth server listens in development; the dev server proxies to it. */
const serverOrigin = `http://localhost:${process.env.HEARTH_PORT ?? 3000}`;

/**
 * Vite config for the Hearth client. `@hearth/shared` resolves to the shared *sources* through
 * its "@hearth/source" export condition (shared/package.json): shared/dist is CommonJS for the
 * server, while the browser bundle wants ESM.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: {
    conditions: ['@hearth/source', ...defaultClientConditions],
  },
  server: {
    proxy: {
      '/socket.io': { target: serverOrigin, ws: true },
      '/api': { target: serverOrigin },
      '/ical': { target: serverOrigin },
      '/healthz': { target: serverOrigin },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
