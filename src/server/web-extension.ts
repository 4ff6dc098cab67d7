/**
 * Serves the clinic web app (web/, built by Vite into web/dist) from the API's origin, so the session
 * cookie (SameSite=Strict, HttpOnly) works without CORS. One wildcard route `GET /*`: an existing file
 * under the build directory is sent as is; any other path that is not under /api or /fhir gets index.html
 * (the single-page app routes in the browser — SPA fallback); unknown /api and /fhir paths keep the API's
 * 404 OperationOutcome. The route is public: the files are the same for everyone and hold no patient data;
 * every API call the app makes is authorized by the table as usual.
 */
import fastifyStatic from '@fastify/static';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppExtension } from './app.ts';
import { outcome } from './errors.ts';

/** web/dist of this checkout. */
export const DEFAULT_WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** True when `path` names a regular file inside `root` (no escape through `..`). */
function fileInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = resolve(root, `.${decoded}`);
  if (full !== root && !full.startsWith(root + sep)) return null;
  try {
    return statSync(full).isFile() ? full.slice(root.length + 1) : null;
  } catch {
    return null;
  }
}

/** The web app as an extension; `root` defaults to web/dist (`npx vite build --config web/vite.config.ts`). */
export function webExtension(options: { readonly root?: string } = {}): AppExtension {
  const root = resolve(options.root ?? DEFAULT_WEB_ROOT);
  return {
    name: 'web',
    rules: { 'GET /*': { public: true } },
    async register(app) {
      const built = existsSync(resolve(root, 'index.html'));
      // The build writes .br and .gz beside each asset (web/precompress.ts): sent when the browser accepts
      // them, so the first page's JavaScript travels compressed (issue 14: first page ≤ 250 kB).
      // cacheControl off: @fastify/static would otherwise replace the headers below with "max-age=0".
      if (built) {
        await app.register(fastifyStatic, { root, serve: false, preCompressed: true, cacheControl: false });
      }
      app.get('/*', { schema: { hide: true } }, async (request, reply) => {
        const path = request.url.split('?')[0] ?? '/';
        if (path.startsWith('/api/') || path.startsWith('/fhir/')) {
          return reply
            .status(404)
            .type('application/json')
            .send(outcome('ITB_E_ROUTE_NOT_FOUND', `no route GET ${path}`));
        }
        if (!built) {
          return reply
            .status(503)
            .type('text/plain; charset=utf-8')
            .send('The web app is not built: run `npx vite build --config web/vite.config.ts`.');
        }
        const file = fileInside(root, path);
        // Hashed assets never change; index.html must be re-read so a new build is picked up.
        if (file !== null && file.startsWith('assets' + sep)) {
          reply.header('cache-control', 'public, max-age=31536000, immutable');
        } else reply.header('cache-control', 'no-cache');
        await Promise.resolve();
        return reply.sendFile(file ?? 'index.html');
      });
    },
  };
}
