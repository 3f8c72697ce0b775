// Types of memory-settings.mjs (plain JS: bin/optick.mjs loads it on any Node) for the TypeScript callers.
type Env = Record<string, string | undefined>;
export declare const MEMORY_ENV: Readonly<Record<string, string>>;
export declare const MEMORY_V8_FLAGS: readonly string[];
export declare const OPT_OUT_ENV: string;
export declare const REEXEC_MARK_ENV: string;
export declare function settingsOff(env: Env): boolean;
export declare function missingV8Flags(given: readonly string[]): string[];
export declare function missingEnv(env: Env, platform: string): Record<string, string>;
export interface NodeRelaunch { file: string; args: string[]; env: Env }
export declare function nodeRelaunch(p: { execPath: string; execArgv: readonly string[]; argv: readonly string[]; env: Env; platform: string }): NodeRelaunch | null;
export declare function launchSettings(env: Env, platform?: string): { v8Flags: string[]; env: Env };
export declare function applyToThisProcess(proc?: NodeJS.Process): NodeRelaunch | null;
export declare function settingsInEffect(proc?: NodeJS.Process): { malloc_arena_max: string | null; max_semi_space_size_mb: number | null; heap_growing_percent: number | null };
