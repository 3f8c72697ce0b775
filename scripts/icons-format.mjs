// Pure writers (and readers, for the tests) of the two icon containers the installers need.
// Both hold PNG images as they are: Windows Vista+ reads PNG entries in .ico, and macOS
// 10.7+ reads PNG-compressed .icns elements, so no pixel format conversion is needed.
import { Buffer } from 'node:buffer';

/** The .icns element type holding a PNG of this pixel size (the @2x types share sizes with 1x ones). */
export const ICNS_TYPES = [
  ['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024],
  ['ic11', 32], ['ic12', 64], ['ic13', 256], ['ic14', 512],
];

/** Sizes a Windows .ico carries (Explorer, taskbar, alt-tab, installer). */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

/** Width and height from a PNG's IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(png) {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || sig.some((b, i) => png[i] !== b) || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG (bad signature or no IHDR chunk first)');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** An .ico of PNG entries: ICONDIR, one ICONDIRENTRY per image, then the images. */
export function icoFile(pngs) {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach((png, i) => {
    const { width, height } = pngSize(png);
    if (width > 256 || height > 256) throw new Error(`.ico entries are at most 256 px (got ${width}×${height})`);
    const e = 6 + 16 * i;
    header.writeUInt8(width === 256 ? 0 : width, e); // 0 means 256
    header.writeUInt8(height === 256 ? 0 : height, e + 1);
    header.writeUInt8(0, e + 2); // no palette
    header.writeUInt8(0, e + 3);
    header.writeUInt16LE(1, e + 4); // colour planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs]);
}

export function readIco(buf) {
  if (buf.readUInt16LE(0) !== 0 || buf.readUInt16LE(2) !== 1) throw new Error('not an .ico file');
  const count = buf.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const e = 6 + 16 * i;
    const size = buf.readUInt32LE(e + 8), offset = buf.readUInt32LE(e + 12);
    return { width: buf[e] || 256, height: buf[e + 1] || 256, png: buf.subarray(offset, offset + size) };
  });
}

/** An .icns: 'icns' + total length, then (type, length incl. its 8-byte header, PNG) elements. */
export function icnsFile(elements) {
  const parts = elements.map(({ type, png }) => {
    if (!/^[a-z0-9]{4}$/.test(type)) throw new Error(`bad .icns element type ${type}`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

export function readIcns(buf) {
  if (buf.toString('latin1', 0, 4) !== 'icns' || buf.readUInt32BE(4) !== buf.length) throw new Error('not an .icns file (bad magic or length)');
  const out = [];
  for (let at = 8; at < buf.length;) {
    const type = buf.toString('latin1', at, at + 4), len = buf.readUInt32BE(at + 4);
    if (len < 8 || at + len > buf.length) throw new Error(`.icns element ${type} overruns the file`);
    out.push({ type, png: buf.subarray(at + 8, at + len) });
    at += len;
  }
  return out;
}
