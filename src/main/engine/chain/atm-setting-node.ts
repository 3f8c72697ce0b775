// The trader's ATM reference (spot | forward), remembered across restarts in
// DATA_DIR/chain-settings.json (0600, written whole through a temp file). Runtime: node.
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AtmReference } from '../../../shared/chain.ts';
import type { Logger } from '../log.ts';

export const CHAIN_SETTINGS_FILE = 'chain-settings.json';
const FILE_MODE = 0o600;

/** The saved ATM reference; 'spot' (the default, as NSE's page) when none was saved. A file that cannot be used is logged once and ignored. */
export function readAtmReference(dataDir: string, log: Logger): AtmReference {
  const file = join(dataDir, CHAIN_SETTINGS_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log('warn', `chain settings ${file}: ${(err as Error).message}; ATM reference: spot`);
    return 'spot';
  }
  try {
    const saved = (JSON.parse(text) as { atm_reference?: unknown } | null)?.atm_reference;
    if (saved === 'spot' || saved === 'forward') return saved;
    log('warn', `chain settings ${file}: atm_reference must be "spot" or "forward", got ${JSON.stringify(saved)}; using spot`);
  } catch (err) {
    log('warn', `chain settings ${file} is not JSON (${(err as Error).message}); ATM reference: spot`);
  }
  return 'spot';
}

/** Saves the ATM reference; a failure is logged (the setting still applies to this run). */
export function saveAtmReference(dataDir: string, reference: AtmReference, log: Logger): void {
  const file = join(dataDir, CHAIN_SETTINGS_FILE);
  try {
    writeFileSync(`${file}.tmp`, `${JSON.stringify({ atm_reference: reference })}\n`, { mode: FILE_MODE });
    chmodSync(`${file}.tmp`, FILE_MODE);
    renameSync(`${file}.tmp`, file);
  } catch (err) {
    log('error', `saving the ATM reference to ${file} failed: ${(err as Error).message}; it applies until restart`);
  }
}
