// The renderer's CSP is one policy: the meta tag of src/renderer/index.html, the header both
// hosts send (src/main/host/csp.ts), and the nonce placeholder both renderer builds emit.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { API_CSP, newNonce, NONCE_PLACEHOLDER, pageWithNonce, rendererCsp } from '../../src/main/host/csp.ts';
import { ROOT } from './built-app.ts';

const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => { const [k, ...v] = d.split(/\s+/); return [k!, v.join(' ')]; }));

describe('content security policy', () => {
  it('the meta tag is the header policy (less frame-ancestors, which a meta tag cannot carry)', () => {
    const html = readFileSync(join(ROOT, 'src/renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)![1]!;
    const header = directives(rendererCsp(NONCE_PLACEHOLDER));
    header.delete('frame-ancestors');
    assert.deepEqual(directives(meta), header);
  });

  it('no unsafe-inline, no unsafe-eval, scripts only from the app, connections only to its own origin', () => {
    const p = directives(rendererCsp('abc123=='));
    assert.equal(p.get('script-src'), "'self'");
    assert.equal(p.get('style-src'), "'self' 'nonce-abc123=='");
    assert.equal(p.get('connect-src'), "'self'");
    assert.equal(p.get('object-src'), "'none'");
    assert.equal(p.get('base-uri'), "'none'");
    assert.doesNotMatch(rendererCsp('x'), /unsafe|\*|https?:|data: *;.*script/);
    assert.equal(directives(rendererCsp('n', ['ws://127.0.0.1:7373'])).get('connect-src'), "'self' ws://127.0.0.1:7373");
    assert.equal(directives(API_CSP).get('default-src'), "'none'");
  });

  it('both renderer builds leave the placeholder for the hosts to fill', () => {
    for (const f of ['vite.renderer.config.ts', 'electron.vite.config.ts']) {
      assert.match(readFileSync(join(ROOT, f), 'utf8'), new RegExp(`cspNonce: '${NONCE_PLACEHOLDER}'`), f);
    }
  });

  it('every placeholder is replaced by a fresh base64 nonce of 144 bits', () => {
    const a = newNonce(), b = newNonce();
    assert.notEqual(a, b);
    assert.equal(Buffer.from(a, 'base64').length, 18);
    const html = `<meta content="style-src 'nonce-${NONCE_PLACEHOLDER}'"><meta property="csp-nonce" nonce="${NONCE_PLACEHOLDER}"><script nonce="${NONCE_PLACEHOLDER}" src="x.js"></script>`;
    const out = pageWithNonce(html, a);
    assert.ok(!out.includes(NONCE_PLACEHOLDER));
    assert.equal(out.split(a).length - 1, 3);
    assert.throws(() => pageWithNonce(html, `"><script>`), /base64/);
  });
});
