/**
 * The renderer's Content-Security-Policy, the same in the Electron app:// protocol and the local web
 * host: only our own scripts, no eval, no remote anything. Inline styles stay allowed because Svelte
 * templates set style attributes; scripts never are. 'wasm-unsafe-eval' lets the compute Worker
 * compile tfjs's WebAssembly (its wasm fallback where there is no WebGPU adapter); it allows no eval.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};
