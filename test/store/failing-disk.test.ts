// Finding 5: a failing disk flooded the log (2,509 lines a minute) while status said
// `recording: true`. The writer's I/O layer is made to fail (fault file: every write transaction
// fails at commit and rolls back with SQLITE_FULL or SQLITE_IOERR): recording turns false with the
// reason, the log gets one line when it stops and one summary per period, recording resumes by
// itself once writes succeed, and every tick is accounted for: written, or counted as failed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { HistoryStatus } from '../../src/shared/replay.ts';
import type { EngineStatus } from '../../src/shared/status.ts';
import { StoreReader } from '../../src/main/engine/store/store-reader.ts';
import { openTickStore, type RecordingHealth } from '../../src/main/engine/store/tick-store.ts';
import { startTestHost } from '../helpers/test-host.ts';
import { sleep, until, WsClient } from '../history/helpers.ts';

const T0 = Date.parse('2026-11-20T09:15:00+05:30');

describe('a failing disk', () => {
  for (const code of ['SQLITE_FULL', 'SQLITE_IOERR']) {
    it(`${code}: recording false with the reason, one log line per period, resumes by itself, nothing lost uncounted`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'optick-disk-'));
      const file = join(dir, 'ticks.db');
      const fault = join(dir, 'fault');
      const lines: string[] = [];
      const health: RecordingHealth[] = [];
      const store = await openTickStore({ file, faultFile: fault, batchMs: 25, failureLogMs: 400, log: (level, m) => { if (level !== 'debug') lines.push(`${level} ${m}`); } });
      store.onHealth((h) => health.push(h));
      let seq = 0;
      const pump = async (ms: number): Promise<void> => {
        const end = Date.now() + ms;
        while (Date.now() < end) {
          for (let i = 0; i < 20; i++) {
            seq++;
            store.append({ key: `NSE_FO|${seq % 7}`, exchangeTs: T0 + seq * 10, receiveTs: T0 + seq * 10 + 5, ltp: 100 + (seq % 13) * 0.05, volume: seq, oi: 1000 });
          }
          await sleep(5);
        }
      };
      try {
        await pump(300);
        await store.flush();
        assert.equal(store.stats().health.recording, true);
        const before = lines.length;

        writeFileSync(fault, code);
        const failedAt = Date.now();
        await pump(2000);
        await until('recording stops', () => !store.stats().health.recording);
        const h = store.stats().health;
        assert.equal(h.recording, false);
        assert.equal(h.code, code);
        assert.match(h.reason!, new RegExp(code));
        assert.ok(h.lost > 0);
        const batches = store.stats().batches;
        const failing = lines.slice(before);
        const periods = Math.floor((Date.now() - failedAt) / 400);
        // ~80 failed batches in 2 s: one line when it stopped, then one per 400 ms period.
        assert.ok(failing.length >= 2 && failing.length <= 2 + periods, `${failing.length} log lines while failing for ${periods} periods:\n${failing.join('\n')}`);
        assert.match(failing[0]!, /recording stopped/);
        assert.match(failing.at(-1)!, /recording still stopped .* ticks dropped in the last/);
        assert.deepEqual(health.map((x) => x.recording), [false]);

        unlinkSync(fault);
        await pump(300);
        await store.flush();
        await until('recording resumes', () => store.stats().health.recording);
        assert.ok(store.stats().batches > batches, 'writes go on after the disk recovers');
        assert.deepEqual(health.map((x) => x.recording), [false, true]);
        assert.match(lines.at(-1)!, /recording resumed after \d+ s; \d+ ticks were dropped/);

        const s = store.stats();
        assert.equal(s.appended, seq);
        assert.equal(s.appended, s.written + s.failed + s.dropped + s.duplicates + s.rejected, JSON.stringify(s));
        assert.ok(s.failed > 0);
        await store.close();
        const r = new StoreReader(file);
        try {
          let stored = 0;
          for (const _ of r.ticks(r.instruments(), 0, Number.MAX_SAFE_INTEGER)) stored++;
          assert.equal(stored, s.written, 'exactly the ticks counted as written are in the file');
          assert.equal(r.integrityCheck(), 'ok');
        } finally {
          r.close();
        }
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('history.status shows recording false with the reason while writes fail, and true again after', async () => {
    const faultDir = mkdtempSync(join(tmpdir(), 'optick-disk-host-'));
    const fault = join(faultDir, 'fault');
    const t = await startTestHost('failing-disk-token-0123', { underlyings: ['NIFTY'], feed: { kind: 'sim', seed: 9, rate: 500 }, history: { store: { faultFile: fault, batchMs: 50 } } });
    const ws = await WsClient.open(t.host.url, t.token);
    try {
      const status = () => ws.call<HistoryStatus>('history.status', {});
      await until('recording', async () => (await status()).store!.written > 0);
      writeFileSync(fault, 'SQLITE_FULL');
      const stopped = await until('recording stops', async () => { const s = await status(); return !s.recording && s; });
      assert.equal(stopped.recording_state, 'stopped');
      assert.match(stopped.reason!, /disk is full.*SQLITE_FULL/);
      assert.match(stopped.action!, /resumes by itself/);
      assert.ok(stopped.stopped_since! <= Date.now());
      const notice = (await t.json<EngineStatus>('/api/option-chain/status')).notices.find((n) => n.id === 'history:recording');
      assert.ok(notice, 'the UI banner shows why recording stopped');
      assert.match(notice.message, /recording stopped: .*SQLITE_FULL/);
      unlinkSync(fault);
      const resumed = await until('recording resumes', async () => { const s = await status(); return s.recording && s; });
      assert.equal(resumed.recording_state, 'recording');
      assert.equal(resumed.reason, null);
      assert.ok(resumed.store!.failed > 0);
      await until('the notice clears', async () => !(await t.json<EngineStatus>('/api/option-chain/status')).notices.some((n) => n.id === 'history:recording'));
    } finally {
      ws.close();
      await t.close();
      rmSync(faultDir, { recursive: true, force: true });
    }
  });
});
