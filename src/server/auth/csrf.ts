/**
 * Cross-site request forgery defence for every state-changing request (OWASP CSRF Prevention Cheat
 * Sheet). SameSite=Strict alone does not stop a page on another port of the same host: it is the same
 * *site*, so the browser sends the cookie. Three checks, all before any body is parsed:
 *
 * 1. Where the browser says the request comes from: `Sec-Fetch-Site` must be `same-origin` and `Origin`
 *    must name this host and port, when the browser sends them (API clients send neither).
 * 2. A body must be JSON (`application/json` or `application/…+json`): an HTML form or a `text/plain`
 *    fetch — the requests a page may send across origins without a CORS preflight — is refused.
 * 3. A request signed in by the session cookie must carry the session's CSRF token in `X-ITB-CSRF`
 *    (synchronizer token). The token is derived from the session id, so it needs no storage, and is handed
 *    out only in JSON bodies (login, `GET /auth/me`), which another origin cannot read. A bearer-token
 *    request needs none: a browser never attaches that header by itself.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ItbError } from '../../therapy/codes.ts';
import { routeKey, type AuthorizationTable } from '../authz-table.ts';

/** The header the web app sends the token in. */
export const CSRF_HEADER = 'x-itb-csrf';

/** Methods that change nothing: the only ones the cross-site checks let through. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSRF token of a session: a one-way function of its id (knowing it reveals nothing of the id). */
export const csrfTokenFor = (sessionToken: string): string =>
  createHash('sha256').update(`itb-csrf\n${sessionToken}`).digest('base64url');

/** True for `application/json` and `application/<anything>+json`, with or without parameters. */
export function isJsonMediaType(contentType: string): boolean {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The host (and port) an Origin header names, or null when it names none (`null`, garbage). */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * Why the browser says the request was sent by a page of another origin, or null when it does not (an API
 * client sends neither header). `typed` lets `Sec-Fetch-Site: none` through — the user typed the address or
 * opened a bookmark: their own act, but never a state-changing one. The host, not the scheme, is compared:
 * behind a TLS proxy the app sees http while the browser says https. Another port of the same host is
 * another host:port.
 */
export function sentByAnotherPage(
  request: FastifyRequest,
  typed: 'typed-is-own' | 'typed-is-not',
): string | null {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && !(site === 'none' && typed === 'typed-is-own')) {
    return `the request was sent by another site's page (${site})`;
  }
  const origin = request.headers.origin;
  if (origin !== undefined && originHost(origin) !== request.host) {
    return 'the request was sent by a page of another origin';
  }
  return null;
}

function checkSource(request: FastifyRequest): void {
  const why = sentByAnotherPage(request, 'typed-is-not');
  if (why !== null) throw new ItbError('ITB_E_CSRF', `refused: ${why}`);
}

function checkMediaType(request: FastifyRequest): void {
  const type = request.headers['content-type'];
  if (type === undefined ? hasBody(request) : !isJsonMediaType(type)) {
    throw new ItbError(
      'ITB_E_UNSUPPORTED_MEDIA_TYPE',
      'send the body as JSON (Content-Type: application/json)',
    );
  }
}

function checkToken(request: FastifyRequest): void {
  const sent = request.headers[CSRF_HEADER];
  const want = Buffer.from(csrfTokenFor(request.sessionToken ?? ''));
  const got = Buffer.from(typeof sent === 'string' ? sent : '');
  if (got.length !== want.length || !timingSafeEqual(got, want)) {
    throw new ItbError(
      'ITB_E_CSRF',
      `refused: a signed-in browser request must carry the session's token in ${CSRF_HEADER} — reload the page`,
    );
  }
}

/** Installs the checks; register it after the authentication hook (it reads how the session came). */
export function installCsrfGuard(app: FastifyInstance, table: AuthorizationTable): void {
  // Fastify parses text/plain by default; no route takes it, and it is a cross-origin "simple" request.
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url;
    if (SAFE_METHODS.has(request.method) || url === undefined) return;
    checkSource(request);
    checkMediaType(request);
    const rule = table[routeKey(request.method, url)];
    if (request.sessionVia === 'cookie' && rule !== undefined && !('public' in rule)) checkToken(request);
    await Promise.resolve();
  });
}
