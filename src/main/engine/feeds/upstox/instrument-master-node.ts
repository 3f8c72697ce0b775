// Downloads the gzipped instrument master and parses it. Runtime: node.
import { gunzipSync } from 'node:zlib';
import { InstrumentMasterError, registryFromUpstoxMaster, type MasterOptions, type UpstoxInstrumentRecord } from './instrument-master.ts';
import type { InstrumentRegistry } from '../../instruments/registry.ts';

export async function fetchUpstoxMaster(url: string, opts: MasterOptions, signal?: AbortSignal): Promise<InstrumentRegistry> {
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (err) {
    throw new InstrumentMasterError(`instrument master download from ${url} failed: ${(err as Error).message}`);
  }
  if (!res.ok) throw new InstrumentMasterError(`instrument master download from ${url} failed: HTTP ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  let records: unknown;
  try {
    const text = body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body).toString('utf8') : body.toString('utf8');
    records = JSON.parse(text);
  } catch (err) {
    throw new InstrumentMasterError(`instrument master from ${url} is not gzipped JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(records)) throw new InstrumentMasterError(`instrument master from ${url} is not a JSON array`);
  return registryFromUpstoxMaster(records as UpstoxInstrumentRecord[], opts);
}
