import assert from 'node:assert/strict';
import { test } from 'node:test';
import { styleNonce } from '../../src/renderer/csp-nonce.ts';

test('csp nonce: read from the property browsers keep (they blank the nonce attribute after parsing)', () => {
  const doc = (meta: object | null) => ({ querySelector: () => meta }) as unknown as Document;
  assert.equal(styleNonce(doc({ nonce: 'n0nce', getAttribute: () => '' })), 'n0nce');
  assert.equal(styleNonce(doc({ nonce: '', getAttribute: () => 'attr' })), 'attr');
  assert.equal(styleNonce(doc(null)), undefined);
});
