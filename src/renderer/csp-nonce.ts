// The page's CSP nonce for styles a library injects at run time (AG Grid's theme CSS via its
// styleNonce option). The host puts a fresh nonce in <meta property="csp-nonce" nonce="…"> on
// each page load (src/main/host/csp.ts); browsers hide the attribute after parsing, so the
// `nonce` property is read first.
export function styleNonce(doc: Pick<Document, 'querySelector'> = document): string | undefined {
  const meta = doc.querySelector('meta[property="csp-nonce"]') as (Element & { nonce?: string }) | null;
  const nonce = meta?.nonce || meta?.getAttribute('nonce') || '';
  return nonce || undefined;
}
