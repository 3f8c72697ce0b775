// One build for the three Electron targets. The renderer output (out/renderer) is also
// what the server host serves to a browser, so browser mode and desktop show the same UI.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // Workers are entries of their own; everything lands flat in out/main so a spawner
        // finds its worker beside it (src/main/engine/worker-url.ts).
        input: {
          index: resolve('src/main/index.ts'),
          // `optick serve` from the npm package (bin/optick.mjs runs it when there is no src/).
          cli: resolve('src/main/cli.ts'),
          'simulator.worker': resolve('src/main/sim/simulator.worker.ts'),
          'pricing.worker': resolve('src/main/engine/pricing/pricing.worker.ts'),
          'writer.worker': resolve('src/main/engine/store/writer.worker.ts'),
          'export.worker': resolve('src/main/engine/store/export.worker.ts'),
        },
        external: ['better-sqlite3', 'electron'],
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve('src/preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    base: './',
    plugins: [react()],
    // The CSP nonce placeholder the hosts replace per page load (src/main/host/csp.ts NONCE_PLACEHOLDER).
    html: { cspNonce: '__OPTICK_NONCE__' },
    build: { outDir: resolve('out/renderer'), emptyOutDir: true, rollupOptions: { input: resolve('src/renderer/index.html') } },
  },
});
