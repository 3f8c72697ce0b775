// Renders resources/icon.svg — the one icon source — into every size and format the app and
// its installers use, under resources/icons/ (git-ignored, made by `npm run build`):
//   png/<n>x<n>.png   Linux icon set (electron-builder's linux.icon) and the window icon
//   icon.ico          Windows (NSIS installer, exe, taskbar)
//   icon.icns         macOS (dmg, app bundle)
//   tray.png, tray@2x.png, tray-alert.png, tray-alert@2x.png   the tray (the alert variant carries a badge)
// Runs only when the source or this script is newer than the output; `npm run icons`.
import { Buffer } from 'node:buffer';
import { mkdirSync, readFileSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { ICNS_TYPES, ICO_SIZES, icnsFile, icoFile } from './icons-format.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'resources/icon.svg');
const outDir = join(root, 'resources/icons');
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const TRAY_SIZE = 32;

const outputs = [
  ...PNG_SIZES.map((n) => join(outDir, 'png', `${n}x${n}.png`)),
  join(outDir, 'icon.ico'), join(outDir, 'icon.icns'),
  ...['tray', 'tray@2x', 'tray-alert', 'tray-alert@2x'].map((n) => join(outDir, `${n}.png`)),
];
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : -1);
const newestInput = Math.max(mtime(source), mtime(fileURLToPath(import.meta.url)), mtime(join(root, 'scripts/icons-format.mjs')));
if (process.argv.includes('--force') || !outputs.every((p) => mtime(p) > newestInput)) generate();

/** The alert variant: the same artwork with an amber badge at the top right. */
function withBadge(svg) {
  return svg.replace('</svg>', '  <circle cx="792" cy="232" r="200" fill="#d29922" stroke="#0d1117" stroke-width="48"/>\n</svg>');
}

function render(svg, size) {
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng());
}

function generate() {
  const svg = readFileSync(source, 'utf8');
  mkdirSync(join(outDir, 'png'), { recursive: true });
  const png = new Map(PNG_SIZES.map((n) => [n, render(svg, n)]));
  for (const [n, data] of png) writeFileSync(join(outDir, 'png', `${n}x${n}.png`), data);
  writeFileSync(join(outDir, 'icon.ico'), icoFile(ICO_SIZES.map((n) => png.get(n))));
  writeFileSync(join(outDir, 'icon.icns'), icnsFile(ICNS_TYPES.map(([type, n]) => ({ type, png: png.get(n) }))));
  const alert = withBadge(svg);
  writeFileSync(join(outDir, 'tray.png'), png.get(TRAY_SIZE));
  writeFileSync(join(outDir, 'tray@2x.png'), png.get(TRAY_SIZE * 2));
  writeFileSync(join(outDir, 'tray-alert.png'), render(alert, TRAY_SIZE));
  writeFileSync(join(outDir, 'tray-alert@2x.png'), render(alert, TRAY_SIZE * 2));
  console.log(`icons: ${outputs.length} files from resources/icon.svg in resources/icons/`);
}
