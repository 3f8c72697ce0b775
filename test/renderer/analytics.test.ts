import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyMetrics } from '../../src/shared/chain.ts';
import { analyticsItems } from '../../src/renderer/components/chain/analytics.ts';

const byId = (items: ReturnType<typeof analyticsItems>) => Object.fromEntries(items.map((i) => [i.id, i.value]));

test('analytics strip: ATM IV in %, straddle in ₹, skew ratio, RR/BF in vol points, PCR whole expiry · shown', () => {
  const m = { ...emptyMetrics(), atm_iv: 0.1325, atm_straddle: 305.63, iv_skew: 1.1449, rr_25d: -0.0165, bf_25d: 0.0007, pcr: 0.7334, pcr_shown: 0.6612, pcr_volume: 1.1321, pcr_volume_shown: 1.05, max_pain: 17000 };
  assert.deepEqual(byId(analyticsItems(m)), {
    'atm-iv': '13.25%', straddle: '305.63', skew: '1.14', rr: '-1.65', bf: '+0.07',
    'pcr-oi': '0.733 · 0.661', 'pcr-vol': '1.132 · 1.050', 'max-pain': '17,000',
  });
  assert.match(analyticsItems(m).find((i) => i.id === 'pcr-oi')!.title, /whole expiry · shown strikes/);
});

test('nothing computed yet: dashes, never 0', () => {
  assert.ok(analyticsItems(emptyMetrics()).every((i) => i.value === '—'));
  assert.ok(analyticsItems(null).every((i) => i.value === '—'));
});
