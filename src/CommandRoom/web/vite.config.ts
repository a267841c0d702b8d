// Builds the workspace's pages into ../wwwroot/app (embedded in the assembly, served at /app/). Every page is a static
// HTML file loading one hashed module and one stylesheet: no inline script or style, so `script-src 'self'` holds.
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const root = fileURLToPath(new URL('.', import.meta.url));
export const pages = ['live', 'recordings', 'player', 'timeline', 'cases', 'case', 'packages', 'feed', 'registre', 'signin'];

export default defineConfig({
  root,
  base: '/app/',
  build: {
    outDir: resolve(root, '../wwwroot/app'),
    emptyOutDir: true,
    modulePreload: { polyfill: false }, // the polyfill would be an inline script
    assetsInlineLimit: 0, // no data: URLs
    reportCompressedSize: false,
    rollupOptions: {
      input: Object.fromEntries(pages.map((p) => [p, resolve(root, `${p}.html`)])),
    },
  },
  test: { include: ['test/**/*.test.ts'], environment: 'node' },
});
