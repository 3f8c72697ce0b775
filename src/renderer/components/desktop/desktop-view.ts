// What the Desktop app settings section says about the local API, and the port field's check.
import type { LocalApiStatus } from '../../../shared/desktop.ts';

export interface ApiLine { level: 'good' | 'warn' | 'bad' | 'idle'; pill: string; text: string }

export function apiLine(api: LocalApiStatus): ApiLine {
  switch (api.state) {
    case 'running': return { level: 'good', pill: 'running', text: `Scripts and browser tabs reach this app's engine at ${api.url} with the token below.` };
    case 'failed': return { level: 'bad', pill: 'not running', text: api.error ?? `the local API could not start on port ${api.port}` };
    default: return { level: 'idle', pill: 'off', text: 'The local API is off: only this window reaches the engine.' };
  }
}

/** The port field: a whole number 1–65535, else the reason. */
export function parsePort(text: string): { port: number } | { error: string } {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return { error: 'a port is a whole number, 1–65535' };
  const port = Number(t);
  if (port < 1 || port > 65535) return { error: 'a port is a whole number, 1–65535' };
  return { port };
}

/** curl line for the README-style example under the token. */
export function curlExample(api: LocalApiStatus): string | null {
  if (api.state !== 'running' || !api.url) return null;
  return `curl -H "Authorization: Bearer $(cat '${api.token_file}')" ${api.url}/api/underlyings`;
}
