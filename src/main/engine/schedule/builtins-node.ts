// Reads the built-in templates shipped in resources/trading-hours/ at start-up.
// A broken built-in file is a packaging bug: it throws with the file and field named.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TradingHoursTemplate } from '../../../shared/trading-hours.ts';
import { assertTemplate, TemplateError } from './validate.ts';

/** resources/trading-hours relative to this source file (the Electron host passes its own path when packaged). */
export const DEFAULT_BUILTIN_DIR = fileURLToPath(new URL('../../../../resources/trading-hours/', import.meta.url));

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
