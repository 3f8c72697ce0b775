// Lint rules that keep the layers apart (design.md "Runtime and native module"):
// shared and pure cores are std-only, the engine never sees electron, the renderer
// never sees node or a host. Type-aware rules stay off to keep lint fast.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'net', 'http', 'https', 'crypto', 'worker_threads', 'child_process', 'stream', 'zlib', 'url', 'events'];
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '**/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
  {
    // electron-builder's config and hooks are CommonJS (it require()s them).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/shared/**', 'src/main/engine/pricing/**', 'src/main/engine/chain/**', 'src/main/engine/candles/**', 'src/main/engine/schedule/**', 'src/main/engine/instruments/**',
      'src/main/engine/alerts/{crossing,levels,pnl,payoff,session-close,validate,notifier}.ts'],
    ignores: ['**/*.test.ts', '**/*.worker.ts', '**/*-node.ts', '**/*.node.ts'],
    rules: restrict([...nodeBuiltins, 'electron', 'react', 'react-dom', 'ws', 'better-sqlite3', '**/host/**', '**/renderer/**'],
      'pure core: std runtime only (no node, DOM, electron or host imports); put I/O in a *-node.ts or *.node.ts edge file'),
  },
  {
    files: ['src/main/engine/**', 'src/main/sim/**', 'src/main/cli.ts', 'src/main/host/server*.ts'],
    rules: restrict(['electron', 'electron/*', 'electron-store', '**/renderer/**', '**/host/electron*'],
      'the engine and server host run under plain Node: no electron imports below the Electron host'),
  },
  {
    files: ['src/main/host/desktop/**'],
    rules: restrict(['electron', 'electron/*', 'electron-store', '**/renderer/**', '**/host/electron*'],
      'desktop logic runs on a DesktopSurface (desktop-host.ts) so it is tested under plain Node; only src/main/host/electron*.ts touches Electron'),
  },
  {
    files: ['src/renderer/**'],
    rules: restrict([...nodeBuiltins, 'electron', '**/main/**', '**/preload/**'],
      'the renderer speaks only the contract in src/shared; no node, electron or host code'),
  },
  {
    files: ['src/preload/**'],
    rules: restrict([...nodeBuiltins.filter((n) => n !== 'events'), '**/main/**', '**/renderer/**'],
      'preload exposes the typed contract via contextBridge, nothing else'),
  },
);
