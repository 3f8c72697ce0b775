// The launchers' child process: started with OPTICK_PARENT_PID (the server stops by itself if
// its launcher disappears), and SIGINT, SIGTERM and SIGHUP passed on to it, so killing a launcher
// (npm start, npm run serve, bin/optick.mjs re-executing on an older Node) leaves nothing running.
// The launcher exits with the child's status once the child has stopped (flushed and closed);
// if it has not stopped 10 s after a signal, it is killed.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setInterval, setTimeout, clearTimeout } from 'node:timers';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const SIGNAL_NUMBER = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1, SIGKILL: 9 };

/** Runs `cmd args` as the one child of this launcher; never returns (exits with the child). */
export function runChild(cmd, args, options = {}) {
  const child = spawn(cmd, args, { stdio: 'inherit', ...options, env: { ...process.env, ...options.env, OPTICK_PARENT_PID: String(process.pid) } });
  let killTimer = null;
  const pass = (sig) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(sig);
    killTimer ??= setTimeout(() => child.kill('SIGKILL'), 10_000);
  };
  for (const sig of SIGNALS) process.on(sig, () => pass(sig));
  // Started by an npm script: npm may die (SIGHUP, kill -9) without passing the signal on, and
  // the `sh -c` between npm and us outlives it.
  const parent = process.ppid;
  const npm = process.env.npm_lifecycle_event ? npmAncestor() : null;
  if (process.env.npm_lifecycle_event) {
    setInterval(() => { if (process.ppid !== parent || (npm && !running(npm))) pass('SIGTERM'); }, 500).unref();
  }
  child.on('error', (err) => {
    console.error(`optick: cannot start ${cmd}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (killTimer) clearTimeout(killTimer);
    process.exit(code ?? 128 + (SIGNAL_NUMBER[signal] ?? 1));
  });
  return child;
}

/** Whether a PID runs (a zombie does not). */
export function running(pid) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return e.code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** The npm process above us (parent or grandparent, Linux /proc), or null. */
export function npmAncestor() {
  let pid = process.ppid;
  for (let depth = 0; depth < 2 && pid > 1; depth++) {
    try {
      if (/npm/.test(readFileSync(`/proc/${pid}/cmdline`, 'latin1'))) return pid;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * For a launcher that runs the server in its own process (bin/optick.mjs on a current Node)
 * under an npm script: the server watches npm's process (its parent) and stops when it is gone.
 */
export function watchNpmParent() {
  if (!process.env.npm_lifecycle_event || process.env.OPTICK_PARENT_PID) return;
  process.env.OPTICK_PARENT_PID = String(process.ppid);
  const npm = npmAncestor();
  if (npm && npm !== process.ppid) process.env.OPTICK_WATCH_PID = String(npm);
}
