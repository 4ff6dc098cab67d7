/**
 * The trust-proxy setting (`ITB_TRUST_PROXY`). Behind a reverse proxy every request arrives from the
 * proxy's address, so per-address login limits would throttle the whole clinic as one client. Fastify can
 * take the client address from `X-Forwarded-For` instead — but only when the request really came through
 * a proxy we trust: trusting the header from anyone lets a client pick its own address and escape every
 * address limit (OWASP Authentication Cheat Sheet). Off by default.
 */
import { isIP } from 'node:net';
import { ItbError } from '../../therapy/codes.ts';

/** What Fastify's `trustProxy` accepts, restricted to the forms we document. */
export type TrustProxy = false | string;

/**
 * Parses `ITB_TRUST_PROXY`: unset, empty, `false` or `0` → off; otherwise a comma-separated list of the
 * proxies' addresses or CIDR ranges (`127.0.0.1,10.0.0.0/8`): the client address is the last
 * X-Forwarded-For entry not in the list. `true` (trust any sender) is refused: it would let every client
 * choose its own address.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = value?.trim() ?? '';
  if (v === '' || v === 'false' || v === '0') return false;
  const parts = v.split(',').map((p) => p.trim());
  const bad = parts.find((p) => {
    const [addr, bits, extra] = p.split('/');
    if (extra !== undefined || addr === undefined || isIP(addr) === 0) return true;
    return bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(addr) === 4 ? 32 : 128));
  });
  if (bad !== undefined) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `ITB_TRUST_PROXY: "${bad}" is not a proxy address or CIDR range (use e.g. 127.0.0.1,10.0.0.0/8 ` +
        'or leave it unset)',
    );
  }
  return parts.join(',');
}
