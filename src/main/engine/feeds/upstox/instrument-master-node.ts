// Reading Upstox instrument masters (gzipped or plain JSON arrays) as a stream: the one parse
// that both the simulator's master and the daily broker cache (instrument-cache-node.ts) use.
// Runtime: node.
import { createReadStream, closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { InstrumentRegistry } from '../../instruments/registry.ts';
import { zonedDate } from '../../time/zoned.ts';
import { JsonArrayParser } from '../common/json-array-stream.ts';
import { InstrumentMasterError, NSE_TIME_ZONE, registryFromUpstoxMaster, type MasterOptions, type UpstoxInstrumentRecord } from './instrument-master.ts';

export interface ParsedMaster {
  records: number;
  kept: UpstoxInstrumentRecord[];
  expired: number;
}

const isGzip = (head: Uint8Array): boolean => head[0] === 0x1f && head[1] === 0x8b;

/**
 * Streams master bytes through the JSON-array parser, keeping index records and the wanted
 * underlyings' NSE_FO options that have not expired by `today` (IST date).
 * @param what names the source in errors
 */
export async function parseMasterStream(bytes: Readable, gzipped: boolean, underlyings: readonly string[], today: string, what: string): Promise<ParsedMaster> {
  const wanted = new Set(underlyings.map((u) => u.toUpperCase()));
  const kept: UpstoxInstrumentRecord[] = [];
  let expired = 0;
  const parser = new JsonArrayParser((value) => {
    const r = value as UpstoxInstrumentRecord;
    if (!r || typeof r !== 'object') return;
    if (r.instrument_type === 'INDEX') { kept.push(r); return; }
    if (r.segment !== 'NSE_FO' || (r.instrument_type !== 'CE' && r.instrument_type !== 'PE')) return;
    if (!wanted.has(r.underlying_symbol?.toUpperCase() ?? '')) return;
    if (typeof r.expiry === 'number' && zonedDate(r.expiry, NSE_TIME_ZONE) < today) { expired++; return; }
    kept.push(r);
  });
  const text = gzipped ? bytes.pipe(createGunzip()) : bytes;
  text.setEncoding('utf8');
  try {
    for await (const chunk of text as AsyncIterable<string>) parser.push(chunk);
    parser.end();
  } catch (err) {
    bytes.destroy();
    throw new InstrumentMasterError(`instrument master ${what} is unreadable: ${(err as Error).message}`);
  }
  return { records: parser.count, kept, expired };
}

/** A master file on disk (the daily cache), gzipped or not. */
export function parseMasterFile(path: string, underlyings: readonly string[], today: string): Promise<ParsedMaster> {
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(2);
  try {
    readSync(fd, head, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  return parseMasterStream(createReadStream(path), isGzip(head), underlyings, today, basename(path));
}

/** Downloads a master with no cache (the simulator's, which is made afresh on each start). */
export async function fetchUpstoxMaster(url: string, opts: MasterOptions, signal?: AbortSignal): Promise<InstrumentRegistry> {
  let body: Buffer;
  try {
    const res = await fetch(url, { signal });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    body = Buffer.from(await res.arrayBuffer());
  } catch (err) {
    throw new InstrumentMasterError(`instrument master download from ${url} failed: ${(err as Error).message}`);
  }
  const parsed = await parseMasterStream(Readable.from([body]), isGzip(body), opts.underlyings, opts.today, `from ${url}`);
  return registryFromUpstoxMaster(parsed.kept, opts);
}
