/**
 * Who may talk to the local web host: only pages served by itself on the loopback interface. The Host
 * check stops DNS rebinding, the Origin check stops other sites (and other local servers) from
 * posting to it, and the per-launch token stops anything that merely knows the port.
 */
import { timingSafeEqual } from 'node:crypto';

export interface GuardResult {
  ok: boolean;
  status?: 401 | 403;
  reason?: string;
}

const OK: GuardResult = { ok: true };

export function loopbackHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function checkHostAndOrigin(
  port: number,
  host: string | undefined,
  origin: string | undefined,
): GuardResult {
  const allowed = loopbackHosts(port);
  if (!host || !allowed.has(host.toLowerCase())) {
    return {
      ok: false,
      status: 403,
      reason: 'requests must be addressed to this computer (Host header refused)',
    };
  }
  if (origin !== undefined) {
    let originHost: string | undefined;
    try {
      const url = new URL(origin);
      originHost = url.protocol === 'http:' ? url.host.toLowerCase() : undefined;
    } catch {
      originHost = undefined;
    }
    if (!originHost || !allowed.has(originHost)) {
      return {
        ok: false,
        status: 403,
        reason: 'requests from other web sites are refused (Origin header refused)',
      };
    }
  }
  return OK;
}

export function checkToken(expected: string, given: string | null | undefined): GuardResult {
  const a = Buffer.from(expected);
  const b = Buffer.from(given ?? '');
  if (a.length === b.length && timingSafeEqual(a, b)) return OK;
  return {
    ok: false,
    status: 401,
    reason: given ? 'the access token is wrong' : 'an access token is required',
  };
}
