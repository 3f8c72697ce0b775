// Reads the built-in templates shipped in resources/trading-hours/ at start-up.
// A broken built-in file is a packaging bug: it throws with the file and field named.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TradingHoursTemplate } from '../../../shared/trading-hours.ts';
import { assertTemplate, TemplateError } from './validate.ts';
import { appLayout } from '../../app-paths.ts';

/** The app's resources/trading-hours, from the source tree, the npm package or the Electron package (app-paths.ts). */
export const DEFAULT_BUILTIN_DIR = appLayout().tradingHours;

/** Every *.json template in `dir`, validated, in file-name order. */
export function loadBuiltInTemplates(dir: string = DEFAULT_BUILTIN_DIR): TradingHoursTemplate[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  if (files.length === 0) throw new Error(`no trading-hours templates (*.json) in ${dir}`);
  const templates = files.map((f) => {
    const path = join(dir, f);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new TemplateError(path, [{ field: '', message: `not readable JSON: ${(e as Error).message}` }]);
    }
    return assertTemplate(json, path);
  });
  const ids = new Set<string>();
  for (const t of templates) {
    if (ids.has(t.id)) throw new TemplateError(dir, [{ field: 'id', message: `template id '${t.id}' appears in more than one file` }]);
    ids.add(t.id);
  }
  return templates;
}
