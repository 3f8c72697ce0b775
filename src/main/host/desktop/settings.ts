// The desktop app's settings and remembered state, in <dataDir>/desktop.json (mode 0600).
// A damaged file is moved aside (desktop.json.corrupt-TIMESTAMP), said once, and the defaults
// are used: a bad file never keeps the app from starting.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../../shared/api.ts';
import { DEFAULT_API_PORT, type DesktopSettings } from '../../../shared/desktop.ts';
import type { Logger } from '../../engine/log.ts';
import type { WindowState } from './window-state.ts';

export const DESKTOP_FILE = 'desktop.json';

export const DEFAULT_SETTINGS: Readonly<DesktopSettings> = Object.freeze({
  close_to_tray: true,
  start_at_login: false,
  api_enabled: true,
  api_port: DEFAULT_API_PORT,
});

export interface DesktopDocument {
  settings: DesktopSettings;
  window: WindowState | null;
  /** The one "Optick is still running" notice was shown. */
  tray_notice_shown: boolean;
}

const isPort = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535;

/** Validates a settings change; unknown fields and wrong types are refused with the field named. */
export function validateSettingsPatch(patch: unknown): Partial<DesktopSettings> {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw new ApiError('bad_request', 'desktop settings: expected an object of settings to change');
  const out: Partial<DesktopSettings> = {};
  for (const [k, v] of Object.entries(patch)) {
    switch (k) {
      case 'close_to_tray': case 'start_at_login': case 'api_enabled':
        if (typeof v !== 'boolean') throw new ApiError('bad_request', `desktop settings: '${k}' must be true or false, got ${JSON.stringify(v)}`);
        out[k] = v;
        break;
      case 'api_port':
        if (!isPort(v)) throw new ApiError('bad_request', `desktop settings: 'api_port' must be a whole number 1–65535, got ${JSON.stringify(v)}`);
        out.api_port = v;
        break;
      default:
        throw new ApiError('bad_request', `desktop settings: unknown setting '${k}' (known: ${Object.keys(DEFAULT_SETTINGS).join(', ')})`);
    }
  }
  return out;
}

function parseDocument(json: unknown): DesktopDocument {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error('not a JSON object');
  const doc = json as Record<string, unknown>;
  const settings = { ...DEFAULT_SETTINGS, ...validateSettingsPatch(doc.settings ?? {}) };
  const w = doc.window as Record<string, unknown> | null | undefined;
  let window: WindowState | null = null;
  if (w != null) {
    const nums = ['x', 'y', 'width', 'height'].map((f) => w[f]);
    if (!nums.every((n) => Number.isFinite(n)) || typeof w.maximized !== 'boolean') throw new Error("'window' must have numbers x, y, width, height and a boolean maximized");
    window = { x: w.x as number, y: w.y as number, width: w.width as number, height: w.height as number, maximized: w.maximized };
  }
  if (doc.tray_notice_shown !== undefined && typeof doc.tray_notice_shown !== 'boolean') throw new Error("'tray_notice_shown' must be true or false");
  return { settings, window, tray_notice_shown: doc.tray_notice_shown === true };
}

export class DesktopStore {
  readonly file: string;
  #doc: DesktopDocument;

  readonly log: Logger;
  readonly now: () => number;

  constructor(dataDir: string, log: Logger, now: () => number = Date.now) {
    this.log = log;
    this.now = now;
    this.file = join(dataDir, DESKTOP_FILE);
    this.#doc = this.#load();
  }

  get settings(): Readonly<DesktopSettings> { return this.#doc.settings; }
  get window(): WindowState | null { return this.#doc.window; }
  get trayNoticeShown(): boolean { return this.#doc.tray_notice_shown; }

  update(patch: Partial<DesktopSettings>): DesktopSettings {
    this.#doc = { ...this.#doc, settings: { ...this.#doc.settings, ...validateSettingsPatch(patch) } };
    this.#save();
    return this.#doc.settings;
  }

  saveWindow(state: WindowState): void {
    this.#doc = { ...this.#doc, window: state };
    this.#save();
  }

  markTrayNoticeShown(): void {
    this.#doc = { ...this.#doc, tray_notice_shown: true };
    this.#save();
  }

  #load(): DesktopDocument {
    const fresh = { settings: { ...DEFAULT_SETTINGS }, window: null, tray_notice_shown: false };
    if (!existsSync(this.file)) return fresh;
    try {
      return parseDocument(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch (err) {
      const aside = `${this.file}.corrupt-${new Date(this.now()).toISOString().replace(/[:.]/g, '-')}`;
      try {
        renameSync(this.file, aside);
        this.log('error', `desktop settings ${this.file}: ${(err as Error).message}; moved aside to ${aside}, defaults used`);
      } catch (moveErr) {
        this.log('error', `desktop settings ${this.file}: ${(err as Error).message}; defaults used (could not move it aside: ${(moveErr as Error).message})`);
      }
      return fresh;
    }
  }

  #save(): void {
    try {
      writeFileSync(this.file, JSON.stringify(this.#doc, null, 2) + '\n', { mode: 0o600 });
    } catch (err) {
      this.log('error', `desktop settings: could not write ${this.file}: ${(err as Error).message}`);
    }
  }
}
