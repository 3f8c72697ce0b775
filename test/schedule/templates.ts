// Loads the shipped templates once for the schedule tests.
import { loadBuiltInTemplates } from '../../src/main/engine/schedule/builtins-node.ts';
import type { TradingHoursTemplate } from '../../src/shared/trading-hours.ts';

const all = loadBuiltInTemplates();
export function builtIn(id: string): TradingHoursTemplate {
  const t = all.find((x) => x.id === id);
  if (!t) throw new Error(`built-in template '${id}' missing from resources/trading-hours`);
  return t;
}
export const nse = builtIn('nse-fo');
export const us = builtIn('us-options');
export const crypto = builtIn('crypto-24x7');
