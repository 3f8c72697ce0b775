// Upstox V3 subscription limits per mode (protocols.md §1.5), checked by the shared
// common/mode-limits.ts. Runtime: std.
import { UPSTOX_LIMITS, type UpstoxMode, type UpstoxModeUsage } from '../../../../shared/upstox.ts';
import { checkModeLimits, modeLimitUsage } from '../common/mode-limits.ts';

export { UPSTOX_LIMITS };
export type { UpstoxMode };

/** Null when the plan fits; otherwise a message naming the mode, its count and its limit. */
export function checkUpstoxLimits(counts: Readonly<Partial<Record<UpstoxMode, number>>>): string | null {
  return checkModeLimits('Upstox', UPSTOX_LIMITS, counts);
}

export type ModeUsage = UpstoxModeUsage;

/** Keys per mode against the limit that applies, for every mode (zero counts included). */
export function modeUsage(counts: Readonly<Partial<Record<UpstoxMode, number>>>): ModeUsage[] {
  return modeLimitUsage(UPSTOX_LIMITS, counts);
}
