// Renderer-only build for browser mode (npm run serve, e2e): same root and output as the
// renderer section of electron.vite.config.ts, without building the Electron main/preload.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: resolve('src/renderer'),
  base: './',
  plugins: [react()],
  // The CSP nonce placeholder the hosts replace per page load (src/main/host/csp.ts NONCE_PLACEHOLDER).
  html: { cspNonce: '__OPTICK_NONCE__' },
  build: { outDir: resolve('out/renderer'), emptyOutDir: true, chunkSizeWarningLimit: 2000 },
});
