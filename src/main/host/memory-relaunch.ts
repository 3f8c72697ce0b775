// The desktop app's engine runs in Electron's main process, whose V8 is made before any of our
// code runs: `app.commandLine.appendSwitch('js-flags', …)` reaches only renderers, NODE_OPTIONS
// is off by fuse in the packaged app (scripts/dist-fuses.cjs), and glibc reads MALLOC_ARENA_MAX
// at its first malloc. So the app starts itself once more with `--js-flags=…` and the variable
// set (app.relaunch takes this process's environment) when it was launched without them — an
// app started from a desktop entry, the dock or the Start menu. scripts/start.mjs passes them
// at launch, so `npm start` needs no relaunch. Runtime: plain Node (the Electron calls are the surface).
import { REEXEC_MARK_ENV, missingEnv, missingV8Flags, settingsOff } from '../../../bin/memory-settings.mjs';

/** What the relaunch needs of Electron (app.commandLine, app.relaunch, app.exit), faked in tests. */
export interface RelaunchSurface {
  /** process.argv of the main process: [executable, (app path in dev,) …arguments]. */
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  platform: string;
  /** app.commandLine.getSwitchValue('js-flags'): '' when not given. */
  jsFlags: string;
  relaunch(options: { execPath?: string; args: string[] }): void;
  exit(code: number): void;
}

export interface MemoryRelaunch {
  /** Set in this process's environment before relaunching: the new process inherits it. */
  env: Record<string, string>;
  /** An AppImage's executable lives in a mount that goes away with this process: relaunch the AppImage file. */
  execPath?: string;
  args: string[];
}

/** Null when the main process already runs with the settings (or must not be relaunched), else how to relaunch it. */
export function memoryRelaunch(s: Pick<RelaunchSurface, 'argv' | 'env' | 'platform' | 'jsFlags'>): MemoryRelaunch | null {
  if (settingsOff(s.env) || s.env[REEXEC_MARK_ENV]) return null;
  const given = s.jsFlags.split(/\s+/).filter(Boolean);
  const flags = missingV8Flags(given);
  const vars = missingEnv(s.env, s.platform);
  if (!flags.length && !Object.keys(vars).length) return null;
  // One --js-flags switch: the user's own flags kept, ours added.
  const args = [...s.argv.slice(1).filter((a) => !a.startsWith('--js-flags=')), `--js-flags=${[...given, ...flags].join(' ')}`];
  return { env: { ...vars, [REEXEC_MARK_ENV]: '1' }, ...(s.env.APPIMAGE && { execPath: s.env.APPIMAGE }), args };
}

/** Relaunches the app with the memory settings when it lacks them; true when it did (this process is exiting). */
export function relaunchForMemory(s: RelaunchSurface): boolean {
  const again = memoryRelaunch(s);
  if (!again) return false;
  Object.assign(s.env, again.env);
  s.relaunch({ ...(again.execPath && { execPath: again.execPath }), args: again.args });
  s.exit(0);
  return true;
}
