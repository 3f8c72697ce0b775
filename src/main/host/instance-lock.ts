// One running Optick per data directory, and the directory kept private.
// claimDataDir() runs before anything starts: it sets the process umask to 077 (every file Optick
// creates from then on is 0600, every folder 0700, whatever the shell's umask), tightens what is
// already there (the folder 0700, files 0600), and takes <dataDir>/optick.lock: a JSON
// {pid, port, started, host} created atomically (written aside, then hard-linked into place).
// A second instance reads the holder and stops with an InstanceLockError naming its PID and port
// (the CLI exits 2). A lock whose PID is dead (or reused by a program that is not Optick) is stale
// and taken over. The lock is removed when the process exits.
import { chmodSync, linkSync, lstatSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StartupError } from './startup-checks.ts';

export const LOCK_FILE = 'optick.lock';
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

export interface LockInfo {
  pid: number;
  /** The port the local API listens on; null until known. */
  port: number | null;
  /** ISO-8601 start time. */
  started: string;
  host: string;
}

export interface InstanceLock {
  readonly file: string;
  readonly info: LockInfo;
  /** Records the port once the server listens (port 0 → the one picked). */
  update(fields: { port: number }): void;
  /** Removes the lock if it is still ours (also done on process exit). */
  release(): void;
}

/** Another Optick holds the data directory. */
export class InstanceLockError extends StartupError {
  readonly holder: LockInfo;
  constructor(message: string, holder: LockInfo) {
    super(message);
    this.name = 'InstanceLockError';
    this.holder = holder;
  }
}

export interface LockOptions {
  port?: number | null;
  /** Whether a PID is a running Optick (default: signal 0 and, on Linux, its command line). */
  isAlive?: (pid: number) => boolean;
  log?: (level: 'info' | 'warn', message: string) => void;
}

/** umask 077, modes tightened, lock taken: call before the engine starts. */
export function claimDataDir(dir: string, options: LockOptions = {}): InstanceLock {
  process.umask(0o077);
  tightenModes(dir);
  return acquireInstanceLock(dir, options);
}

/** The data folder 0700 and everything Optick keeps in it (files 0600, sub-folders 0700); symlinks are left alone. */
export function tightenModes(dir: string, depth = 3): void {
  chmodSync(dir, DIR_MODE);
  const uid = process.getuid?.();
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    let st;
    try { st = lstatSync(p); } catch { continue; }
    if (uid !== undefined && st.uid !== uid) continue;
    if (st.isFile() && (st.mode & 0o077) !== 0) chmodSync(p, FILE_MODE);
    else if (st.isDirectory()) {
      if ((st.mode & 0o077) !== 0) chmodSync(p, DIR_MODE);
      if (depth > 1) tightenModes(p, depth - 1);
    }
  }
}

export function readLock(file: string): LockInfo | null {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockInfo>;
    if (!Number.isInteger(v.pid) || (v.pid as number) <= 0) return null;
    return { pid: v.pid!, port: Number.isInteger(v.port) ? v.port! : null, started: String(v.started ?? '?'), host: String(v.host ?? '?') };
  } catch {
    return null;
  }
}

/** A PID that exists and (on Linux) runs node/electron/optick: a PID reused after a reboot is not Optick. */
export function isOptickAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1').toLowerCase();
    return /node|electron|optick/.test(cmd);
  } catch {
    return true; // no /proc (macOS, Windows): trust signal 0
  }
}

export function acquireInstanceLock(dir: string, options: LockOptions = {}): InstanceLock {
  const file = join(dir, LOCK_FILE);
  const isAlive = options.isAlive ?? isOptickAlive;
  const info: LockInfo = { pid: process.pid, port: options.port ?? null, started: new Date().toISOString(), host: hostname() };
  const write = (target: string): void => {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(info)}\n`, { mode: FILE_MODE });
    chmodSync(tmp, FILE_MODE);
    try {
      if (target === file) linkSync(tmp, file); // fails with EEXIST if another instance got there first
      else renameSync(tmp, target);
    } finally {
      try { unlinkSync(tmp); } catch { /* renamed */ }
    }
  };
  for (let attempt = 0; ; attempt++) {
    try {
      write(file);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw e;
    }
    const holder = readLock(file);
    if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
      throw new InstanceLockError(
        `another Optick is already running on the data directory ${dir}: PID ${holder.pid}, port ${holder.port ?? 'not listening yet'}, started ${holder.started} (lock ${file}); stop it first, or use another --data-dir`,
        holder,
      );
    }
    // Stale (dead PID, or unreadable): move it aside and check it is the one we judged stale.
    const aside = `${file}.stale-${process.pid}`;
    try {
      renameSync(file, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    const moved = readLock(aside);
    if (moved && holder && moved.pid !== holder.pid && isAlive(moved.pid)) {
      try { linkSync(aside, file); } catch { /* someone else holds it now: the next round says who */ }
      unlinkSync(aside);
      continue;
    }
    unlinkSync(aside);
    options.log?.('warn', `took over the stale lock ${file}${holder ? ` of PID ${holder.pid} (port ${holder.port ?? '?'}, started ${holder.started}), which is no longer running` : ' (unreadable)'}`);
  }
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (readLock(file)?.pid === process.pid) {
      try { unlinkSync(file); } catch { /* already gone */ }
    }
  };
  process.on('exit', release);
  return {
    file,
    info,
    update(fields) {
      if (released) return;
      info.port = fields.port;
      write(`${file}.${process.pid}.next`);
      renameSync(`${file}.${process.pid}.next`, file);
    },
    release,
  };
}
