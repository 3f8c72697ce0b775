// Child process for host-zone.test.ts: prints the transitions of a week for the NSE and US
// templates as JSON, computed under whatever TZ the parent set for this process.
import { nextTransition } from '../../src/main/engine/schedule/clock.ts';
import { nse, us } from './templates.ts';

const out: Record<string, string[]> = {};
for (const tpl of [nse, us]) {
  const list: string[] = [];
  let t = Date.parse('2026-03-05T00:00:00Z');
  while (t < Date.parse('2026-03-12T00:00:00Z')) {
    const n = nextTransition(tpl, t);
    if (!n) break;
    list.push(`${new Date(n.at).toISOString()} ${n.from}->${n.to}`);
    t = n.at;
  }
  out[tpl.id] = list;
}
process.stdout.write(JSON.stringify({ tz: Intl.DateTimeFormat().resolvedOptions().timeZone, out }));
