/**
 * Security headers on every response (@fastify/helmet, the Fastify port of helmet; OWASP HTTP Headers
 * Cheat Sheet, OWASP Secure Headers Project):
 *
 * - a Content-Security-Policy the built web app satisfies — its scripts and styles are files from our own
 *   origin (Vite emits no inline script), charts draw on canvas, fetches go to our own API — so injected
 *   markup can neither run script nor send data elsewhere;
 * - `frame-ancestors 'none'` and `X-Frame-Options: DENY`: the app rendered in a same-site iframe, which
 *   lets another page overlay it and steal clicks (a programming confirmation, a sign-out);
 * - `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer` (a URL holds a patient id), COOP and
 *   CORP same-origin;
 * - `Cache-Control: no-store` on every API and FHIR answer: patient records must not stay in a shared
 *   workstation's browser cache or a proxy's after sign-out (OWASP Session Management Cheat Sheet).
 */
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** The policy; `upgrade-insecure-requests` only when served over HTTPS (it would break plain loopback). */
export function contentSecurityPolicy(https: boolean): Record<string, string[] | null> {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    scriptSrcAttr: ["'none'"],
    upgradeInsecureRequests: https ? [] : null,
  };
}

/** True for the paths whose answers carry records (everything but the web app's static files). */
const isApiPath = (url: string): boolean => url.startsWith('/api/') || url.startsWith('/fhir/');

/** Registers the headers on `app` (before the routes, so every route and every error gets them). */
export async function installSecurityHeaders(app: FastifyInstance, https: boolean): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(https) },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS only means something over HTTPS; on plain loopback a browser ignores it anyway.
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (isApiPath(request.url)) void reply.header('cache-control', 'no-store');
    return Promise.resolve(payload);
  });
}
