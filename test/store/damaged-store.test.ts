// Finding 5: a damaged ticks.db or a truncated ticks.db.underlyings.json used to stop the whole app
// (live chain included) from starting. Now the live chain starts, history is off with a reason
// naming the file and what to do, the damaged file is moved aside (never deleted), and an empty
// store is used only when the user asks (history.new_store / --new-store).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { OptionChainModel } from '../../src/shared/chain.ts';
import type { HistoryStatus } from '../../src/shared/replay.ts';
import type { EngineStatus } from '../../src/shared/status.ts';
import { startTestHost } from '../helpers/test-host.ts';
import { WsClient, until } from '../history/helpers.ts';
import { populateStore } from './populated-store.ts';

const TOKEN = 'damaged-store-token-0123';
const GARBAGE = Buffer.from('this is not a database at all, but a user typed into it by mistake\n'.repeat(200));

async function withDataDir(prepare: (dir: string) => Promise<void> | void, check: (dir: string, t: Awaited<ReturnType<typeof startTestHost>>) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'optick-damaged-'));
  await prepare(dir);
  const t = await startTestHost(TOKEN, { dataDir: dir, underlyings: ['NIFTY'], feed: { kind: 'sim', seed: 5, rate: 300 } });
  try {
    await check(dir, t);
  } finally {
    await t.close();
  }
}

const aside = (dir: string, name: string): string[] => readdirSync(dir).filter((n) => n.startsWith(`${name}.corrupt-`) && !/-(wal|shm)$/.test(n));

describe('a damaged store never takes the live chain down', () => {
  it('garbage ticks.db: live chain runs, history off naming the file, file moved aside intact, new store only on request', async () => {
    await withDataDir((dir) => writeFileSync(join(dir, 'ticks.db'), GARBAGE), async (dir, t) => {
      const chain = await until('a live chain', async () => {
        const c = await t.json<OptionChainModel>('/api/option-chain/NIFTY');
        return c.options.some((r) => r.ce_data?.ltp != null) && c;
      });
      assert.ok(chain.options.length > 0);
      const moved = aside(dir, 'ticks.db');
      assert.equal(moved.length, 1, `moved aside: ${readdirSync(dir).join(', ')}`);
      assert.match(moved[0]!, /^ticks\.db\.corrupt-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/);
      assert.deepEqual(readFileSync(join(dir, moved[0]!)), GARBAGE, 'the damaged file is kept as it was');
      assert.equal(existsSync(join(dir, 'ticks.db')), false, 'no empty store replaces it unasked');

      const ws = await WsClient.open(t.host.url, TOKEN);
      try {
        const s = await ws.call<HistoryStatus>('history.status', {});
        assert.equal(s.recording, false);
        assert.equal(s.recording_state, 'off');
        assert.match(s.reason!, /ticks\.db is damaged/);
        assert.ok(s.reason!.includes(join(dir, moved[0]!)), s.reason!);
        assert.match(s.action!, /--new-store|history\.new_store/);
        // The banner: a notice in the engine status naming the file and what to do.
        const status = await t.json<EngineStatus>('/api/option-chain/status');
        const notice = status.notices.find((n) => n.id === 'history:store');
        assert.ok(notice, JSON.stringify(status.notices));
        assert.equal(notice.severity, 'error');
        assert.equal(notice.file, join(dir, 'ticks.db'));
        assert.match(notice.message, /history is off/);
        assert.match(notice.action!, /--new-store/);
        // Exports say why they cannot run; charts still get the live bar.
        const r = await t.get('/api/export/ticks.csv?underlying=NIFTY&from=2026-11-19&to=2026-11-21');
        assert.equal(r.status, 503);
        assert.match(await r.text(), /history is off/);
        const bars = await t.json<unknown[]>(`/api/candles?symbol=NIFTY&interval=1m&from=${Date.now() - 3_600_000}&to=${Date.now() + 60_000}`);
        assert.ok(Array.isArray(bars));

        const after = await ws.call<HistoryStatus>('history.new_store', {});
        assert.equal(after.recording_state, 'recording');
        assert.equal((await t.json<EngineStatus>('/api/option-chain/status')).notices.some((n) => n.id === 'history:store'), false, 'the notice clears');
        assert.ok(existsSync(join(dir, 'ticks.db')));
        await until('ticks recorded into the new store', async () => (await ws.call<HistoryStatus>('history.status', {})).store!.written > 0);
        assert.equal(aside(dir, 'ticks.db').length, 1, 'the damaged file is still there');
        await assert.rejects(ws.call('history.new_store', {}), /never replaced/);
      } finally {
        ws.close();
      }
    });
  });

  it('truncated ticks.db: moved aside, the chain runs; a restart keeps history off until asked', async () => {
    let size = 0;
    await withDataDir(async (dir) => {
      const file = join(dir, 'ticks.db');
      await populateStore(file, { options: 100, ticks: 60_000 });
      size = statSync(file).size;
      truncateSync(file, Math.floor(size / 2));
    }, async (dir, t) => {
      await until('a live chain', async () => (await t.json<OptionChainModel>('/api/option-chain/NIFTY')).options.length > 0);
      const moved = aside(dir, 'ticks.db');
      assert.equal(moved.length, 1);
      assert.equal(statSync(join(dir, moved[0]!)).size, Math.floor(size / 2));
      const s = t.runtime.history.status();
      assert.equal(s.recording_state, 'off');
      assert.match(s.reason!, /truncated|malformed|corrupt/i);
    });
  });

  it('after a move aside, the next start stays off (no silent empty store) until --new-store', async () => {
    await withDataDir((dir) => writeFileSync(join(dir, 'ticks.db.corrupt-2026-11-20T09-15-00-000Z'), GARBAGE), async (dir, t) => {
      const s = t.runtime.history.status();
      assert.equal(s.recording_state, 'off');
      assert.match(s.reason!, /was damaged and moved to .*ticks\.db\.corrupt-2026-11-20T09-15-00-000Z/);
      assert.equal(existsSync(join(dir, 'ticks.db')), false);
    });
  });

  it('truncated or garbage ticks.db.underlyings.json: recording goes on, the sidecar is moved aside and rewritten', async () => {
    for (const content of ['[{"name":"NIFTY","key":"NSE_INDEX|Nifty 50","lotSi', '\u0000\u0001garbage', '{"not":"a list"}']) {
      await withDataDir((dir) => writeFileSync(join(dir, 'ticks.db.underlyings.json'), content), async (dir, t) => {
        await until('ticks recorded', () => t.runtime.history.status().store!.written > 0);
        const moved = aside(dir, 'ticks.db.underlyings.json');
        assert.equal(moved.length, 1, JSON.stringify(content));
        assert.equal(readFileSync(join(dir, moved[0]!), 'utf8'), content);
        const list = JSON.parse(readFileSync(join(dir, 'ticks.db.underlyings.json'), 'utf8')) as { name: string }[];
        assert.deepEqual(list.map((u) => u.name), ['NIFTY']);
        assert.equal(t.runtime.history.status().recording, true);
      });
    }
  });
});
