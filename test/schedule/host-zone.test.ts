import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('./host-zone-child.ts', import.meta.url));
const run = (tz: string) => JSON.parse(execFileSync(process.execPath, ['--disable-warning=ExperimentalWarning', child], {
  env: { ...process.env, TZ: tz }, encoding: 'utf8',
})) as { tz: string; out: Record<string, string[]> };

test('the session clock gives the same instants whatever the host zone is', () => {
  const utc = run('UTC');
  assert.equal(utc.tz, 'UTC');
  // US week over the March DST change: EST before Sunday 8 March, EDT after.
  assert.equal(utc.out['us-options']?.[0], '2026-03-05T14:30:00.000Z closed->normal');
  assert.ok(utc.out['us-options']?.includes('2026-03-09T13:30:00.000Z closed->normal'));
  assert.ok(utc.out['nse-fo']?.includes('2026-03-05T03:30:00.000Z closed->pre_open'));
  for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
    const other = run(tz);
    assert.equal(other.tz, new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone, `child ran in ${tz}`);
    assert.deepEqual(other.out, utc.out, `host zone ${tz}`);
  }
});
