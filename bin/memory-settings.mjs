// The memory settings Optick's engine runs with — said once, here, for `optick serve`
// (bin/optick.mjs), the desktop app (src/main/host/memory-relaunch.ts, scripts/start.mjs) and
// the benches (scripts/bench.mjs). Both must be given when the process starts: glibc reads
// MALLOC_ARENA_MAX at its first malloc, and V8 sizes the young generation when the heap is made
// (v8.setFlagsFromString('--max-semi-space-size=16') after start-up measured no effect: the new
// space still grew to 128 MB). Plain JS: bin/optick.mjs imports it before it knows the Node is
// one that runs TypeScript.

/**
 * glibc gives each thread (pricing worker, tick-store writer, libuv pool) its own malloc arena;
 * buffers made on one thread and freed on another fragment them: at the ingest ceiling two arenas
 * measured ~90 MB less RSS (515 → 422 MB) at the same throughput. No effect off glibc.
 */
export const MEMORY_ENV = Object.freeze({ MALLOC_ARENA_MAX: '2' });

/**
 * V8 sized the young generation at 128 MB on this 24 GiB machine (two 64 MB semi-spaces, sized
 * from total memory), all of it resident; 16 MB semi-spaces took the soak's engine RSS from
 * ~385 to ~290 MB and the ingest ceiling's peak to 389 MB, with 0 lost (more, cheaper scavenges).
 * V8 flags are per process: the workers' heaps get it too.
 *
 * After each full GC V8 lets the old generation grow by a factor it derives from GC and mutator
 * speed (up to 4x); the engine allocates ~90 MB/s, so in some starts it chose a large one and
 * kept it: heap total 127–133 MB (used sawtooth 30 → 99), soak RSS 315–345 MB, in others ~65 MB
 * and RSS ~240. Capping the growth at 100 % (2x) took the 60-minute soak's heap total to ~85 MB;
 * it costs throughput, more full GCs: the ingest ceiling measured 274,544 → 217,241 ticks/s
 * (peak RSS 370 → 318 MB), still 0 lost; a 50 % cap measured 139,331 ticks/s, too dear.
 */
export const MEMORY_V8_FLAGS = Object.freeze(['--max-semi-space-size=16', '--heap-growing-percent=100']);

/** `OPTICK_MEMORY_SETTINGS=off`: Node's, V8's and glibc's own defaults (A/B measurements). */
export const OPT_OUT_ENV = 'OPTICK_MEMORY_SETTINGS';
/** Set on the re-executed process, so a process whose flags were stripped anyway never loops. */
export const REEXEC_MARK_ENV = 'OPTICK_MEMORY_REEXEC';

export const settingsOff = (env) => env[OPT_OUT_ENV] === 'off';

/** The name of a V8 flag, `-` and `_` alike (`--max_semi_space_size=8` is the same flag). */
const flagName = (flag) => flag.split('=')[0].replace(/_/g, '-');

/** Our V8 flags that `given` (execArgv, NODE_OPTIONS words, js-flags words) does not set; a value the user gave is theirs. */
export function missingV8Flags(given) {
  const names = new Set(given.map(flagName));
  return MEMORY_V8_FLAGS.filter((f) => !names.has(flagName(f)));
}

/** Our environment variables not set in `env` (only where they mean something: glibc, i.e. Linux). */
export function missingEnv(env, platform) {
  if (platform !== 'linux') return {};
  return Object.fromEntries(Object.entries(MEMORY_ENV).filter(([k]) => env[k] === undefined || env[k] === ''));
}

/**
 * For a Node process: null when it runs with the settings (or may not be changed), else what to
 * start it again with — the same script and arguments, the missing flags and variables added.
 * @param {{ execPath: string, execArgv: string[], argv: string[], env: Record<string, string | undefined>, platform: string }} p
 */
export function nodeRelaunch({ execPath, execArgv, argv, env, platform }) {
  if (settingsOff(env) || env[REEXEC_MARK_ENV]) return null;
  const nodeOptions = (env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
  const flags = missingV8Flags([...execArgv, ...nodeOptions]);
  const vars = missingEnv(env, platform);
  if (!flags.length && !Object.keys(vars).length) return null;
  return { file: execPath, args: [execPath, ...execArgv, ...flags, ...argv.slice(1)], env: { ...env, ...vars, [REEXEC_MARK_ENV]: '1' } };
}

/** What a launcher adds when it starts a Node (or Electron) process itself: V8 flags and environment. */
export function launchSettings(env, platform = process.platform) {
  if (settingsOff(env)) return { v8Flags: [], env: { ...env } };
  return { v8Flags: missingV8Flags((env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean)), env: { ...env, ...missingEnv(env, platform) } };
}

/**
 * Makes this Node process one that runs with the settings. When they are missing it replaces
 * itself (process.execve: the same PID — the one that takes the data directory's lock — and the
 * same stdio, so signals reach it as before) and does not return. Returns null when there is
 * nothing to do, or the relaunch when this Node cannot replace itself (Windows): the caller runs
 * it as a child then (forward-signals.mjs runChild).
 */
export function applyToThisProcess(proc = process) {
  const again = nodeRelaunch({ execPath: proc.execPath, execArgv: proc.execArgv, argv: proc.argv, env: proc.env, platform: proc.platform });
  if (again && typeof proc.execve === 'function' && proc.platform !== 'win32') proc.execve(again.file, again.args, again.env);
  return again;
}

/** The settings this process runs with, for logs and the soak's report. */
export function settingsInEffect(proc = process) {
  const given = [...proc.execArgv, ...(proc.env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean)];
  const value = (name) => {
    const f = given.find((g) => flagName(g) === name);
    return f ? Number(f.split('=')[1]) : null;
  };
  return { malloc_arena_max: proc.env.MALLOC_ARENA_MAX ?? null, max_semi_space_size_mb: value('--max-semi-space-size'), heap_growing_percent: value('--heap-growing-percent') };
}
