// Generates static protobuf code (encoder + decoder) from proto/ at build time,
// so nothing parses .proto files at run time. Output is git-ignored.
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const proto = join(root, 'proto/MarketDataFeedV3.proto');
const outDir = join(root, 'src/main/engine/feeds/upstox/generated');
const js = join(outDir, 'market-data-feed.js');
const dts = join(outDir, 'market-data-feed.d.ts');

if (existsSync(js) && existsSync(dts) && statSync(js).mtimeMs > statSync(proto).mtimeMs && statSync(dts).mtimeMs > statSync(js).mtimeMs) {
  process.exit(0);
}
mkdirSync(outDir, { recursive: true });
const bin = (name) => join(root, 'node_modules/.bin', name);
execFileSync(process.execPath, [bin('pbjs'), '-t', 'static-module', '-w', 'es6', '--es6', '--force-number',
  '--no-verify', '--no-convert', '--no-delimited', '--no-service', '-o', js, proto], { stdio: 'inherit' });
// protobufjs 7 is CommonJS: import its default export, with an explicit extension for Node's ESM loader.
const { readFileSync, writeFileSync } = await import('node:fs');
writeFileSync(js, readFileSync(js, 'utf8').replace(/import \* as \$protobuf from "protobufjs\/minimal";/, 'import $protobuf from "protobufjs/minimal.js";'));
execFileSync(process.execPath, [bin('pbts'), '-o', dts, js], { stdio: 'inherit' });
console.log('proto: generated', js);
