import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// Built by `npm run build` into dist/dashboard, which the API serves at `/` (everything bundled:
// the machines it runs on are offline). `npm run dev:dashboard` serves it with the API proxied.
export default defineConfig({
  root: here,
  base: './',
  // The API's answer types, shared with apps/api (tsconfig.json's path alias of the same name).
  resolve: {
    alias: {
      '@journey/contracts': fileURLToPath(
        new URL('../../libs/contracts/src/index.ts', import.meta.url),
      ),
    },
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/v1': `http://127.0.0.1:${process.env.PORT ?? 3000}` },
  },
});
