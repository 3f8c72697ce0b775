// When the cached instrument master is stale. Upstox rebuilds the files at about 06:00 IST
// each day, so a copy downloaded after the latest 06:00 IST is current and is not fetched
// again; before 06:00 yesterday's post-06:00 copy is the newest there is. Runtime: std.
import { addDays, localDate, zonedInstant } from '../../schedule/zone.ts';
import { UPSTOX_TIME_ZONE } from './login.ts';

/** Minutes after IST midnight at which Upstox refreshes the instrument files. */
export const MASTER_REFRESH_MINUTES = 6 * 60;

/** The latest refresh instant at or before `now`. */
export function lastMasterRefresh(now: number, refreshMinutes = MASTER_REFRESH_MINUTES): number {
  const today = localDate(UPSTOX_TIME_ZONE, now);
  const t = zonedInstant(UPSTOX_TIME_ZONE, today, refreshMinutes);
  return t <= now ? t : zonedInstant(UPSTOX_TIME_ZONE, addDays(today, -1), refreshMinutes);
}

/** What the cache remembers about its copy. */
export interface MasterCacheMeta {
  url: string;
  downloaded_at: number;
  bytes: number;
}

/** True when the copy is missing, from another URL, or older than the latest refresh. */
export function masterDownloadDue(meta: MasterCacheMeta | null, url: string, now: number): boolean {
  if (!meta || meta.url !== url) return true;
  if (meta.downloaded_at > now) return true; // clock went backwards: trust nothing
  return meta.downloaded_at < lastMasterRefresh(now);
}
