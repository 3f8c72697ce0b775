// `--feed a,b` and `--underlyings NAME@feed`: the one parser (src/shared/feeds.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignUnderlyings, FeedOptionError, parseFeedList } from '../../src/shared/feeds.ts';

test('parseFeedList: kinds in order, case-insensitive; unknown, empty and repeated kinds are refused by name', () => {
  assert.deepEqual(parseFeedList('sim'), ['sim']);
  assert.deepEqual(parseFeedList(' Upstox , sim '), ['upstox', 'sim']);
  assert.throws(() => parseFeedList('upstox,nope'), (e: Error) => e instanceof FeedOptionError && /unknown feed 'nope' \(known: sim, upstox/.test(e.message));
  assert.throws(() => parseFeedList('upstox,,sim'), FeedOptionError);
  assert.throws(() => parseFeedList('sim,SIM'), /lists 'sim' twice/);
});

test('assignUnderlyings: defaults go to the first feed carrying them; a feed left with none is an error naming it', () => {
  assert.deepEqual(assignUnderlyings(['sim'], null), [{ kind: 'sim', underlyings: ['NIFTY', 'BANKNIFTY'] }]);
  assert.throws(() => assignUnderlyings(['upstox', 'sim'], null), /feed sim carries no underlying: give it some, e\.g\. --underlyings NIFTY@sim/);
});

test('assignUnderlyings: NAME@feed pins, unpinned go to the first feed, one underlying one feed', () => {
  assert.deepEqual(assignUnderlyings(['upstox', 'sim'], ['nifty', 'BANKNIFTY@sim']), [
    { kind: 'upstox', underlyings: ['NIFTY'] }, { kind: 'sim', underlyings: ['BANKNIFTY'] },
  ]);
  assert.throws(() => assignUnderlyings(['upstox'], ['NIFTY@sim']), /NIFTY@sim names a feed not in --feed \(upstox\)/);
  assert.throws(() => assignUnderlyings(['upstox', 'sim'], ['NIFTY', 'NIFTY@sim']), /NIFTY is given to both upstox and sim/);
  assert.throws(() => assignUnderlyings(['sim'], ['NIFTY@sim@x']), /not NAME or NAME@feed/);
});
