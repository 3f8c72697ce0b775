// Generates, at build time, from proto/MarketDataFeedV3.proto (output git-ignored):
//  1. protobufjs static code (encoder + decoder): market-data-feed.js/.d.ts;
//  2. Optick's fast frame decoder: feed-decoder.js/.d.ts. It walks the protobuf wire
//     format directly and writes straight into Ticks, with no intermediate message objects.
//     Field numbers, wire types and enum names come from the reflected .proto; the
//     BINDING below only says which fields become which Tick property, by name.
// Runs when the proto or this script is newer than the output; `npm run proto`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const proto = join(root, 'proto/MarketDataFeedV3.proto');
const outDir = join(root, 'src/main/engine/feeds/upstox/generated');
const js = join(outDir, 'market-data-feed.js');
const dts = join(outDir, 'market-data-feed.d.ts');
const fastJs = join(outDir, 'feed-decoder.js');
const fastDts = join(outDir, 'feed-decoder.d.ts');

const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : -1);
const newestInput = Math.max(mtime(proto), mtime(fileURLToPath(import.meta.url)));
if ([js, dts, fastJs, fastDts].every((p) => mtime(p) > newestInput) && mtime(dts) > mtime(js)) process.exit(0);

mkdirSync(outDir, { recursive: true });
const bin = (name) => join(root, 'node_modules/.bin', name);
execFileSync(process.execPath, [bin('pbjs'), '-t', 'static-module', '-w', 'es6', '--es6', '--force-number',
  '--no-verify', '--no-convert', '--no-delimited', '--no-service', '-o', js, proto], { stdio: 'inherit' });
// protobufjs 7 is CommonJS: import its default export, with an explicit extension for Node's ESM loader.
writeFileSync(js, readFileSync(js, 'utf8').replace(/import \* as \$protobuf from "protobufjs\/minimal";/, 'import $protobuf from "protobufjs/minimal.js";'));
execFileSync(process.execPath, [bin('pbts'), '-o', dts, js], { stdio: 'inherit' });
console.log('proto: generated', js);

// ---------------------------------------------------------------------------------------
// Fast decoder. BINDING: per message, per field name, what to do with the decoded value.
//   'code with $v'             scalar: $v is the value (double/int64/int32/enum/string)
//   { bind: 'Name' }           message: descend, using BINDING[Name] (default: the field's type)
//   { map: { key, value, begin, end } }   map<K, V> entries; key/value are bindings as above
//   { enter: 'code' }          runs on entry to a message field, before its fields
// A message binding may have begin/end (code run around each occurrence) and oneofs:
//   { OneofName: { local, onSwitch } }: `local` holds the active member's name; entering a
//   different member runs onSwitch first (proto3: the last oneof member on the wire wins).
// Unbound fields (OHLC candles, iep, requestMode, ...) are skipped without being decoded.
// Tokens: $enum(Name) is the generated id → name table of an enum; $id(Enum.value) its number.
const PKG = 'com.upstox.marketdatafeederv3udapi.rpc.proto';
const CLEAR_FEED = 'ltp = 0; ltt = 0; ltq = 0; cp = 0; bids = null; asks = null; vtt = 0; oi = 0; atp = 0; iv = 0; tbq = 0; tsq = 0; greeks = null;';
// ltp 0 means "no trade yet": absent, never a zero premium.
const LTPC_TICK = 't = { key: ke.key, exchangeTs: ltt, receiveTs }; if (ltp) t.ltp = ltp; if (ltq) t.ltq = ltq; if (cp) t.prevClose = cp;';
const BOOK = 't.bids = bids ?? []; t.asks = asks ?? []; t.volume = vtt; t.oi = oi;';
const BROKER = 'if (iv) t.brokerIv = iv; if (greeks !== null) t.brokerGreeks = greeks;';
// End of one feeds entry: build its Tick from what the entry carried (the common full-mode
// option as one literal), then apply map semantics: a key seen again in this frame replaces
// its earlier tick in place.
const FEED_END = `
  if (ke === null) ke = internKey(b, 0, 0);
  let t = null;
  if (feedCase === 'fullFeed' && fullCase === 'marketFF') {
    if (ltp && ltq && cp && atp && iv && greeks !== null) {
      t = { key: ke.key, exchangeTs: ltt, receiveTs, ltp, ltq, prevClose: cp, bids: bids ?? [], asks: asks ?? [],
        volume: vtt, oi, atp, totalBuyQty: tbq, totalSellQty: tsq, brokerIv: iv, brokerGreeks: greeks };
    } else {
      ${LTPC_TICK} ${BOOK} if (atp) t.atp = atp; t.totalBuyQty = tbq; t.totalSellQty = tsq; ${BROKER}
    }
  } else if (feedCase === 'firstLevelWithGreeks') {
    ${LTPC_TICK} ${BOOK} ${BROKER}
  } else if (feedCase === 'ltpc' || (feedCase === 'fullFeed' && fullCase === 'indexFF')) {
    ${LTPC_TICK}
  }
  if (ke.frame === frame) {
    const was = ticks[ke.index];
    if (was === null) gaps--; else if (was.exchangeTs === 0) untimed--;
    if (t !== null && ltt === 0) untimed++;
    ticks[ke.index] = t;
    if (t === null) gaps++;
  } else if (t !== null) {
    if (ltt === 0) untimed++;
    ke.frame = frame;
    ke.index = ticks.length;
    ticks.push(t);
  }`;
const greek = (name) => `greeks.${name} = $v;`;
const BINDING = {
  FeedResponse: {
    fields: {
      type: 'type = $v;',
      currentTs: 'currentTs = $v;',
      marketInfo: {},
      feeds: {
        map: {
          begin: `ke = null; feedCase = ''; fullCase = ''; ${CLEAR_FEED}`,
          key: { intern: 'ke' },
          value: { bind: 'Feed' },
          end: FEED_END,
        },
      },
    },
  },
  MarketInfo: {
    fields: {
      segmentStatus: {
        enter: 'segments ??= {};',
        map: { begin: "seg = ''; st = 0;", key: 'seg = $v;', value: 'st = $v;', end: 'segments[seg] = $enum(MarketStatus)[st] ?? String(st);' },
      },
    },
  },
  Feed: {
    oneofs: { FeedUnion: { local: 'feedCase', onSwitch: `fullCase = ''; ${CLEAR_FEED}` } },
    fields: { ltpc: {}, fullFeed: {}, firstLevelWithGreeks: {} },
  },
  FullFeed: {
    oneofs: { FullFeedUnion: { local: 'fullCase', onSwitch: CLEAR_FEED } },
    fields: { marketFF: {}, indexFF: {} },
  },
  LTPC: { fields: { ltp: 'ltp = $v;', ltt: 'ltt = $v;', ltq: 'ltq = $v;', cp: 'cp = $v;' } },
  MarketFullFeed: {
    fields: {
      ltpc: {}, marketLevel: {}, optionGreeks: {},
      atp: 'atp = $v;', vtt: 'vtt = $v;', oi: 'oi = $v;', iv: 'iv = $v;', tbq: 'tbq = $v;', tsq: 'tsq = $v;',
    },
  },
  IndexFullFeed: { fields: { ltpc: {} } },
  FirstLevelWithGreeks: {
    fields: { ltpc: {}, firstDepth: {}, optionGreeks: {}, vtt: 'vtt = $v;', oi: 'oi = $v;', iv: 'iv = $v;' },
  },
  MarketLevel: { fields: { bidAskQuote: {} } },
  // One book level per Quote occurrence; a side whose price is 0 is no level.
  Quote: {
    begin: 'bq = 0; bp = 0; aq = 0; ap = 0;',
    fields: { bidQ: 'bq = $v;', bidP: 'bp = $v;', askQ: 'aq = $v;', askP: 'ap = $v;' },
    end: 'if (bp) (bids ??= []).push({ price: bp, qty: bq }); if (ap) (asks ??= []).push({ price: ap, qty: aq });',
  },
  OptionGreeks: {
    begin: 'greeks ??= { delta: 0, gamma: 0, theta: 0, vega: 0, rho: 0 };',
    fields: { delta: greek('delta'), theta: greek('theta'), gamma: greek('gamma'), vega: greek('vega'), rho: greek('rho') },
  },
};

// The frame function, one pass. currentTs follows the feeds on the wire, so a tick without
// its own trade time gets exchangeTs 0 until the end of the frame, then currentTs.
const FRAME = `
export function decodeFeedResponse(b, receiveTs) {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const E0 = b.length;
  forgetKeysIfFlooded();
  const frame = ++frameNo;
  const ticks = [];
  let p = 0, type = 0, currentTs = 0, segments = null, seg = '', st = 0;
  let gaps = 0, untimed = 0, ke = null, feedCase = '', fullCase = '';
  let ltp = 0, ltt = 0, ltq = 0, cp = 0, bids = null, asks = null, vtt = 0, oi = 0, atp = 0, iv = 0, tbq = 0, tsq = 0, greeks = null;
  let bq = 0, bp = 0, aq = 0, ap = 0;
  $loop(FeedResponse)
  currentTs = currentTs || receiveTs;
  if (type === $id(Type.market_info)) return { kind: 'market_info', ticks: [], segments: segments ?? {}, currentTs };
  if (untimed) for (const t of ticks) if (t !== null && t.exchangeTs === 0) t.exchangeTs = currentTs;
  return { kind: type === $id(Type.live_feed) ? 'live_feed' : 'initial_feed', ticks: gaps ? ticks.filter((t) => t !== null) : ticks, currentTs };
}
`;

// Wire-format runtime shared by the generated loops: bounds-checked readers that return the
// new position and leave the value in V (one module slot, so nothing is allocated).
const RUNTIME = `
export class FeedDecodeError extends Error {
  constructor(what, at) { super(\`Upstox frame: \${what} at byte \${at}\`); this.name = 'FeedDecodeError'; }
}
const fail = (what, at) => { throw new FeedDecodeError(what, at); };
const MAX_GROUP_DEPTH = 32;
let V = 0;
let frameNo = 0;

/** Varint; V = its low 32 bits, unsigned. */
function varint32(b, p, end) {
  let v = 0;
  for (let i = 0; i < 10; i++) {
    if (p >= end) fail('truncated varint', p);
    const c = b[p++];
    if (i < 5) v |= (c & 127) << (7 * i);
    if (c < 128) { V = v >>> 0; return p; }
  }
  return fail('varint longer than 10 bytes', p);
}

/** int64 varint as a number, the way protobufjs reads it with --force-number; the new
 *  position goes to P (a small integer slot, so the double returned is never boxed into V). */
let P = 0;
function int64(b, p, end) {
  let v = 0, mul = 1;
  for (let i = 0; i < 7; i++) { // up to 49 bits: exact as a double
    if (p >= end) fail('truncated varint', p);
    const c = b[p++];
    v += (c & 127) * mul;
    if (c < 128) { P = p; return v; }
    mul *= 128;
  }
  p -= 7;
  let lo = 0, hi = 0;
  for (let i = 0; i < 10; i++) {
    if (p >= end) fail('truncated varint', p);
    const c = b[p++] & 127;
    if (i < 4) lo |= c << (7 * i);
    else if (i === 4) { lo |= c << 28; hi |= c >> 4; }
    else hi |= c << (7 * i - 32);
    if (b[p - 1] < 128) {
      P = p;
      lo >>>= 0; hi >>>= 0;
      if (!(hi >>> 31)) return lo + hi * 4294967296;
      lo = ~lo + 1 >>> 0; hi = ~hi >>> 0;
      if (!lo) hi = hi + 1 >>> 0;
      return -(lo + hi * 4294967296);
    }
  }
  return fail('varint longer than 10 bytes', p);
}

/** Length prefix; V = the length, which must fit before end. */
function length(b, p, end) {
  if (p >= end) fail('truncated length', p);
  let n = b[p];
  if (n < 128) p++;
  else if (end - p > 1 && b[p + 1] < 128) { n = (n & 127) | (b[p + 1] << 7); p += 2; }
  else {
    const at = p;
    n = int64(b, p, end);
    p = P;
    if (n < 0) fail('negative length', at);
  }
  if (n > end - p) fail(\`length \${n} runs past the end (\${end - p} bytes left)\`, p);
  V = n;
  return p;
}

/** Skips one field's value of any wire type; groups nest at most MAX_GROUP_DEPTH deep. */
function skip(b, p, end, tag, depth) {
  if (tag >>> 3 === 0) fail('field number 0', p);
  switch (tag & 7) {
    case 0:
      for (let i = 0; i < 10; i++) {
        if (p >= end) fail('truncated varint', p);
        if (b[p++] < 128) return p;
      }
      return fail('varint longer than 10 bytes', p);
    case 1: if (end - p < 8) fail('truncated fixed64', p); return p + 8;
    case 2: p = length(b, p, end); return p + V;
    case 3:
      if (depth >= MAX_GROUP_DEPTH) fail('groups nested too deep', p);
      for (;;) {
        if (p >= end) fail('unterminated group', p);
        p = varint32(b, p, end);
        const t = V;
        if ((t & 7) === 4) {
          if (t >>> 3 !== tag >>> 3) fail('mismatched end of group', p);
          return p;
        }
        p = skip(b, p, end, t, depth + 1);
      }
    case 5: if (end - p < 4) fail('truncated fixed32', p); return p + 4;
    default: return fail(\`invalid wire type \${tag & 7}\`, p);
  }
}

const utf8 = new TextDecoder();
function str(b, p, n) {
  if (n > 64) return utf8.decode(b.subarray(p, p + n));
  let s = '';
  for (let i = p; i < p + n; i++) {
    const c = b[i];
    if (c > 127) return utf8.decode(b.subarray(p, p + n));
    s += String.fromCharCode(c);
  }
  return s;
}

// Interned map keys: instrument keys repeat every frame, so each is decoded once and the
// same string (hash already computed) is handed out again; the entry also records where
// the key's tick sits in the current frame. Open addressing in a flat power-of-two table.
// A hostile peer sending floods of distinct keys must cost neither time nor memory: the hash
// covers every byte (a shared prefix or suffix cannot pile keys into one probe run), and past
// MAX_KEYS the table stops growing for the rest of the frame (later keys get a transient entry:
// correct, only not deduplicated) and is forgotten before the next frame.
const MAX_KEYS = 65536;
let keySlots = new Array(1024).fill(null);
let keyCount = 0;
function internKey(b, p, n) {
  let h = n ^ 0x811c9dc5;
  for (let i = p; i < p + n; i++) h = Math.imul(h ^ b[i], 16777619);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  const mask = keySlots.length - 1;
  for (let s = h & mask; ; s = (s + 1) & mask) {
    const e = keySlots[s];
    if (e === null) break;
    if (e.hash !== h || e.bytes.length !== n) continue;
    const eb = e.bytes;
    let i = 0;
    while (i < n && eb[i] === b[p + i]) i++;
    if (i === n) return e;
  }
  if (keyCount >= MAX_KEYS) return { key: str(b, p, n), bytes: null, hash: h, frame: 0, index: 0 };
  if (keyCount * 2 >= keySlots.length) grow();
  const e = { key: str(b, p, n), bytes: Uint8Array.prototype.slice.call(b, p, p + n), hash: h, frame: 0, index: 0 };
  let s = h & (keySlots.length - 1);
  while (keySlots[s] !== null) s = (s + 1) & (keySlots.length - 1);
  keySlots[s] = e;
  keyCount++;
  return e;
}
/** Between frames: a flood of distinct keys (a bad peer) must not grow the table forever. */
function forgetKeysIfFlooded() {
  if (keyCount >= MAX_KEYS) { keySlots = new Array(1024).fill(null); keyCount = 0; }
}
function grow() {
  const old = keySlots;
  keySlots = new Array(old.length * 2).fill(null);
  const mask = keySlots.length - 1;
  for (const e of old) {
    if (e === null) continue;
    let s = e.hash & mask;
    while (keySlots[s] !== null) s = (s + 1) & mask;
    keySlots[s] = e;
  }
}
`;

const root_ = protobuf.loadSync(proto);
root_.resolveAll();
const lookup = (name) => root_.lookup(`${PKG}.${name}`) ?? root_.lookup(name);
const enumTables = new Map();

const WIRE = { double: 1, fixed64: 1, sfixed64: 1, float: 5, fixed32: 5, sfixed32: 5, string: 2, bytes: 2 };
const wireType = (type, resolved) => (resolved && !(resolved instanceof protobuf.Enum) ? 2 : WIRE[type] ?? 0);

/** Code that reads a length prefix into a const `n` (one-byte lengths inline). */
const LEN = (E) => `let n = p < ${E} ? b[p] : 128; if (n < 128) p++; else { p = length(b, p, ${E}); n = V; } if (n > ${E} - p) fail('length past the end', p);`;

/** Code that reads one scalar of `type` at p (bounded by E) into a const named `v`. */
function readScalar(type, resolved, E, where) {
  if (resolved instanceof protobuf.Enum || type === 'int32') return `p = varint32(b, p, ${E}); const v = V | 0;`;
  switch (type) {
    case 'double': return `if (${E} - p < 8) fail('${where}: truncated double', p); const v = dv.getFloat64(p, true); p += 8;`;
    case 'int64': return `let v = p < ${E} ? b[p] : 128; if (v < 128) p++; else { v = int64(b, p, ${E}); p = P; }`;
    case 'string': return `${LEN(E)} const v = str(b, p, n); p += n;`;
    default: throw new Error(`gen-proto: ${where} has type ${type}, which the fast decoder does not read; add a reader`);
  }
}

function expand(code, where) {
  return code
    .replace(/\$enum\((\w+)\)/g, (_, name) => {
      const en = lookup(name);
      if (!(en instanceof protobuf.Enum)) throw new Error(`gen-proto: ${where} names enum ${name}, which the proto lacks`);
      enumTables.set(name, en.valuesById);
      return `ENUM_${name}`;
    })
    .replace(/\$id\((\w+)\.(\w+)\)/g, (_, name, value) => {
      const id = lookup(name)?.values?.[value];
      if (id === undefined) throw new Error(`gen-proto: ${where} names ${name}.${value}, which the proto lacks`);
      return String(id);
    });
}

let serial = 0;
/** The field loop of one message occurrence spanning [p, E). */
function emitLoop(bindingName, E, stack) {
  const baseName = bindingName.split('#')[0];
  const type = lookup(baseName);
  if (!(type instanceof protobuf.Type)) throw new Error(`gen-proto: binding ${bindingName} names no message in the proto`);
  if (stack.includes(type.fullName)) throw new Error(`gen-proto: ${type.fullName} is recursive; the fast decoder inlines messages`);
  const binding = BINDING[bindingName] ?? BINDING[baseName];
  if (!binding) throw new Error(`gen-proto: no binding for ${bindingName}`);
  const tag = `t${serial++}`;
  const cases = [];
  for (const [name, action] of Object.entries(binding.fields)) {
    const field = type.fields[name];
    if (!field) throw new Error(`gen-proto: ${type.name}.${name} is bound but not in the proto`);
    if (field.repeated && !field.resolvedType) throw new Error(`gen-proto: ${type.name}.${name}: repeated scalars are not bound`);
    const where = `${type.name}.${name}`;
    let body;
    const oneof = field.partOf && binding.oneofs?.[field.partOf.name];
    if (field.partOf && !oneof) throw new Error(`gen-proto: ${where} is in oneof ${field.partOf.name}, which has no binding`);
    const enter = oneof ? `if (${oneof.local} !== '${name}') { ${oneof.onSwitch} ${oneof.local} = '${name}'; }` : '';
    if (field.map) {
      body = `${LEN(E)} const E${tag} = p + n; ${enter} ${action.enter ?? ''} ${emitMapEntry(field, action.map, `E${tag}`, [...stack, type.fullName], where)}`;
    } else if (field.resolvedType instanceof protobuf.Type) {
      const child = action.bind ?? field.resolvedType.name;
      const cb = BINDING[child];
      body = `${LEN(E)} const E${tag} = p + n; ${enter} ${action.enter ?? ''} ${cb?.begin ?? ''}
        ${emitLoop(child, `E${tag}`, [...stack, type.fullName])}
        ${cb?.end ?? ''}`;
    } else {
      body = `${readScalar(field.type, field.resolvedType, E, where)} ${enter} ${action.replace(/\$v/g, 'v')}`;
    }
    const wt = wireType(field.type, field.map ? null : field.resolvedType);
    cases.push(`case ${(field.id << 3) | (field.map ? 2 : wt)}: { ${expand(body, where)} break; } // ${where}`);
  }
  return `while (p < ${E}) {
    let ${tag} = b[p];
    if (${tag} < 128) p++; else { p = varint32(b, p, ${E}); ${tag} = V; }
    switch (${tag}) {
      ${cases.join('\n      ')}
      default: p = skip(b, p, ${E}, ${tag}, 0);
    }
  }`;
}

/** One map entry: key = 1, value = 2 (proto map wire form), each may come in any order or not at all. */
function emitMapEntry(field, m, E, stack, where) {
  const tag = `t${serial++}`;
  const keyCase = typeof m.key === 'string'
    ? `${readScalar(field.keyType, null, E, `${where} key`)} ${m.key.replace(/\$v/g, 'v')}`
    : (() => {
      if (field.keyType !== 'string') throw new Error(`gen-proto: ${where}: only string keys can be interned`);
      return `${LEN(E)} ${m.key.intern} = internKey(b, p, n); p += n;`;
    })();
  let valueCase;
  const vt = field.resolvedType;
  if (vt instanceof protobuf.Type) {
    const child = m.value.bind ?? vt.name;
    valueCase = `${LEN(E)} const E${tag} = p + n; ${BINDING[child]?.begin ?? ''} ${emitLoop(child, `E${tag}`, stack)} ${BINDING[child]?.end ?? ''}`;
  } else {
    valueCase = `${readScalar(field.type, vt, E, `${where} value`)} ${m.value.replace(/\$v/g, 'v')}`;
  }
  const keyWire = wireType(field.keyType, null);
  const valueWire = wireType(field.type, vt);
  return `${expand(m.begin ?? '', where)}
  while (p < ${E}) {
    let ${tag} = b[p];
    if (${tag} < 128) p++; else { p = varint32(b, p, ${E}); ${tag} = V; }
    switch (${tag}) {
      case ${(1 << 3) | keyWire}: { ${keyCase} break; } // ${where} key
      case ${(2 << 3) | valueWire}: { ${valueCase} break; } // ${where} value
      default: p = skip(b, p, ${E}, ${tag}, 0);
    }
  }
  ${expand(m.end ?? '', where)}`;
}

const frameCode = FRAME.replace(/\$loop\((\w+)\)/g, (_, name) => emitLoop(name, 'E0', []));
const body = expand(frameCode, 'frame');
const enums = [...enumTables].map(([name, byId]) => `const ENUM_${name} = ${JSON.stringify(byId)};`).join('\n');
writeFileSync(fastJs, `// GENERATED by scripts/gen-proto.mjs from proto/MarketDataFeedV3.proto. Do not edit.
// Upstox V3 FeedResponse wire bytes → Optick Ticks, without intermediate message objects.
/* eslint-disable */
${RUNTIME}
${enums}
${body}`);
writeFileSync(fastDts, `// GENERATED by scripts/gen-proto.mjs. Do not edit.
import type { DecodedFrame } from '../decode.ts';
/** Thrown for malformed or truncated protobuf: names the cause and the byte offset. */
export declare class FeedDecodeError extends Error {}
/** Decodes one FeedResponse frame into a DecodedFrame; throws FeedDecodeError on malformed input. */
export declare function decodeFeedResponse(bytes: Uint8Array, receiveTs: number): DecodedFrame;
`);
console.log('proto: generated', fastJs);
