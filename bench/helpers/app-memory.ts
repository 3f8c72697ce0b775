// Imported first by the benches that report memory: they run with the memory settings the app
// itself starts with (bin/memory-settings.mjs) — however they were launched — by the same
// re-exec bin/optick.mjs does, so their RSS is the app's. OPTICK_MEMORY_SETTINGS=off: defaults (A/B).
import { getHeapSpaceStatistics } from 'node:v8';
import { applyToThisProcess, settingsInEffect } from '../../bin/memory-settings.mjs';

// Replaces this process when the settings are missing (Linux, macOS); on Windows the bench runs as it is.
applyToThisProcess();

/** The settings this process runs with and the young generation V8 actually gave it (both semi-spaces, MB). */
export function memorySettingsReport(): ReturnType<typeof settingsInEffect> & { new_space_mb: number } {
  return { ...settingsInEffect(), new_space_mb: newSpaceMb() };
}

export function newSpaceMb(): number {
  const s = getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
  return s ? Math.round((s.space_size / 1048576) * 10) / 10 : 0;
}
