// Upstox V3 subscription limits per mode (protocols.md §1.5). Runtime: std.
import { UPSTOX_LIMITS, type UpstoxMode, type UpstoxModeUsage } from '../../../../shared/upstox.ts';

export { UPSTOX_LIMITS };
export type { UpstoxMode };

/** Null when the plan fits; otherwise a message naming the mode, its count and its limit. */
export function checkUpstoxLimits(counts: Readonly<Partial<Record<UpstoxMode, number>>>): string | null {
  const used = (Object.keys(counts) as UpstoxMode[]).filter((m) => (counts[m] ?? 0) > 0);
  const mixed = used.length > 1;
  for (const mode of used) {
    const n = counts[mode]!;
    const limit = mixed ? UPSTOX_LIMITS[mode].combined : UPSTOX_LIMITS[mode].alone;
    if (n > limit) {
      return `Upstox allows ${limit} instruments in '${mode}' mode${mixed ? ' when modes are mixed' : ''}; the plan asks for ${n}`;
    }
  }
  return null;
}

export type ModeUsage = UpstoxModeUsage;

/** Keys per mode against the limit that applies, for every mode (zero counts included). */
export function modeUsage(counts: Readonly<Partial<Record<UpstoxMode, number>>>): ModeUsage[] {
  const modes = Object.keys(UPSTOX_LIMITS) as UpstoxMode[];
  const mixed = modes.filter((m) => (counts[m] ?? 0) > 0).length > 1;
  return modes.map((mode) => {
    const { alone, combined } = UPSTOX_LIMITS[mode];
    return { mode, count: counts[mode] ?? 0, limit: mixed ? combined : alone, alone, combined };
  });
}
