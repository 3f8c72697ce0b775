// Test fixture: a market model on the real 2026 holiday calendar at a fixed instant.
import nseTemplate from '../../resources/trading-hours/nse.json' with { type: 'json' };
import { parseHolidayFile, tradingHolidays, zonedEpochMs } from '../../src/main/engine/instruments/expiry-calendar.ts';
import { buildUniverse } from '../../src/main/sim/universe.ts';
import { MarketModel } from '../../src/main/sim/model.ts';

export const holidays = tradingHolidays(parseHolidayFile(nseTemplate.holidays, 'nse.json holidays'));
/** Saturday 21 Nov 2026, 10:00 IST ("today" for the project). */
export const TODAY_10AM = zonedEpochMs('2026-11-21', '10:00');

/** The model tests count time in 50 ms steps (20 a second), whatever the simulator's default slot. */
export function makeModel(seed = 1, rate = 300, startMs = TODAY_10AM, slotMs = 50): MarketModel {
  return new MarketModel({ universe: buildUniverse(startMs, holidays), seed, rate, startMs, slotMs });
}
