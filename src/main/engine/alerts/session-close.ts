// When "expires at the session's close" means: today's close in the exchange's zone, or the
// next day's once today's close has passed. Runtime: std.
import { zonedDate, zonedEpochMs } from '../time/zoned.ts';

export function nextSessionClose(now: number, timeZone: string, close: string): number {
  const today = zonedEpochMs(zonedDate(now, timeZone), close, timeZone);
  if (now < today) return today;
  const tomorrow = zonedDate(now + 24 * 3600_000, timeZone);
  return zonedEpochMs(tomorrow, close, timeZone);
}
