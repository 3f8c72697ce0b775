// The daily instrument-master cache: download the gzipped JSON at most once per IST day after
// Upstox's ~06:00 refresh, keep it on disk, parse it streaming, and fall back to the cached
// copy (with a visible warning) when a download fails. Runtime: node.
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import type { UpstoxConnectionStatus } from '../../../../shared/upstox.ts';
import type { InstrumentRegistry } from '../../instruments/registry.ts';
import { zonedDate } from '../../time/zoned.ts';
import { InstrumentMasterError, NSE_TIME_ZONE, registryFromUpstoxMaster } from './instrument-master.ts';
import { parseMasterFile, type ParsedMaster } from './instrument-master-node.ts';
import { istLabel } from './login.ts';
import { masterDownloadDue, type MasterCacheMeta } from './master-schedule.ts';

export interface MasterCacheOptions {
  /** Cache directory (created when missing). */
  dir: string;
  url: string;
  /** Underlyings to keep, by trading symbol. */
  underlyings: readonly string[];
  now?: () => number;
  fetch?: typeof fetch;
  /** Download timeout, default 60 s. */
  timeoutMs?: number;
}

/** The registry and where it came from (source, download time, warning, record counts). */
export type MasterLoad = { registry: InstrumentRegistry } & Omit<NonNullable<UpstoxConnectionStatus['instruments']>, 'url'>;

const META_FILE = 'instrument-master.meta.json';

function readMeta(dir: string): MasterCacheMeta | null {
  try {
    const m = JSON.parse(readFileSync(join(dir, META_FILE), 'utf8')) as MasterCacheMeta;
    return typeof m.url === 'string' && Number.isFinite(m.downloaded_at) ? m : null;
  } catch {
    return null;
  }
}

async function download(url: string, to: string, o: MasterCacheOptions): Promise<void> {
  const res = await (o.fetch ?? fetch)(url, { signal: AbortSignal.timeout(o.timeoutMs ?? 60_000) });
  if (!res.ok || !res.body) throw new InstrumentMasterError(`HTTP ${res.status}`);
  await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), createWriteStream(to));
}

/**
 * The registry from the daily master: downloads when due (masterDownloadDue), otherwise, or
 * when the download or its parse fails, reads the cached copy. Throws only when there is no
 * usable copy at all.
 */
export async function loadDailyMaster(o: MasterCacheOptions): Promise<MasterLoad> {
  const now = (o.now ?? Date.now)();
  mkdirSync(o.dir, { recursive: true });
  const file = join(o.dir, basename(new URL(o.url).pathname) || 'instruments.json.gz');
  const today = zonedDate(now, NSE_TIME_ZONE);
  let meta = readMeta(o.dir);
  let warning: string | null = null;
  let source: MasterLoad['source'] = 'cache';
  let parsed: ParsedMaster | null = null;
  if (masterDownloadDue(meta, o.url, now) || !existsSync(file)) {
    const part = `${file}.part`;
    try {
      await download(o.url, part, o);
      parsed = await parseMasterFile(part, o.underlyings, today); // validate before replacing the cache
      renameSync(part, file);
      meta = { url: o.url, downloaded_at: now, bytes: statSync(file).size };
      writeFileSync(join(o.dir, META_FILE), JSON.stringify(meta));
      source = 'download';
    } catch (err) {
      rmSync(part, { force: true });
      const why = `instrument master download from ${o.url} failed: ${(err as Error).message}`;
      if (!meta || !existsSync(file)) throw new InstrumentMasterError(`${why}; no cached copy to fall back to`);
      warning = `${why}; using the cached copy downloaded at ${istLabel(meta.downloaded_at)}`;
      parsed = null;
    }
  }
  if (!meta) throw new InstrumentMasterError(`instrument master cache in ${o.dir} has no metadata`);
  parsed ??= await parseMasterFile(file, o.underlyings, today);
  const registry = registryFromUpstoxMaster(parsed.kept, { underlyings: o.underlyings, today });
  return { registry, source, downloaded_at: meta.downloaded_at, warning, records: parsed.records, kept: parsed.kept.length, expired_dropped: parsed.expired };
}
