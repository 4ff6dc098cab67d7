/**
 * The clinic's HTTP API as a Fastify instance (docs/architecture.md "HTTP": REST under /api/v1, OpenAPI at
 * /api/openapi.json, FHIR under /fhir). `buildApp` wires no sockets: tests drive it with `app.inject()`,
 * `itb serve` (server/serve.ts) listens. Every body, path and query has a zod schema; the OpenAPI
 * document is generated from them. Errors leave as OperationOutcomes (errors.ts); one hook authorizes
 * every route from one table (authz-table.ts, auth/hook.ts).
 */
import { installReasonTimes } from './reason-times.ts';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ClinicStore } from '../clinic/store.ts';
import { installCsrfGuard } from './auth/csrf.ts';
import { installAuthHook, principalOf } from './auth/hook.ts';
import type { RequestLimit } from './auth/request-budget.ts';
import {
  ACCOUNT_LIMIT,
  ADDRESS_LIMIT,
  DEVICE_LIMIT,
  FailureLimiter,
  PAIR_LIMIT,
  StoreThrottleState,
  type RateLimitOptions,
} from './auth/rate-limit.ts';
import type { TrustProxy } from './auth/trust-proxy.ts';
import { registerAuthRoutes } from './auth/routes.ts';
import { registerSessionRoutes } from './auth/session-routes.ts';
import { DEFAULT_SESSION_TTL_MS, SessionStore, type Principal } from './auth/sessions.ts';
import { AUTHORIZATION, mergeTables, routeKey, type AuthorizationTable } from './authz-table.ts';
import { renderError, outcome } from './errors.ts';
import { installInputGuard } from './input-guard.ts';
import { parsePublicUrl } from './public-url.ts';
import { installOpenApiConventions, registerOpenApi } from './openapi.ts';
import { installSecurityHeaders } from './security-headers.ts';
import { registerBoardRoutes } from './routes/board-routes.ts';
import { registerDiaryRoutes } from './routes/diary-routes.ts';
import { registerAppointmentRoutes } from './routes/appointment-routes.ts';
import { registerEventRoutes } from './routes/event-routes.ts';
import { registerAdviceRoutes } from './routes/advice-routes.ts';
import { registerPathwayRoutes } from './routes/pathway-routes.ts';
import { registerPeopleRoutes } from './routes/people-routes.ts';
import { registerTherapyRoutes } from './routes/therapy-routes.ts';
import { registerAdminRoutes } from './routes/admin-routes.ts';
import { registerCareNamesRoutes } from './routes/care-names-routes.ts';
import { registerUserAdminRoutes } from './routes/user-admin-routes.ts';
import { registerTroubleshootingRoutes } from './routes/troubleshooting-routes.ts';
import { registerMriRoutes } from './routes/mri-routes.ts';
import { json, objectSchema } from './api-schemas.ts';
import { z } from 'zod';

/** What route modules (ours and extensions') receive. */
export interface RouteDeps {
  readonly store: ClinicStore;
  /** The server's clock (epoch ms); tests inject a fixed one. */
  readonly now: () => number;
  /** The signed-in principal of a request on a non-public route. */
  readonly principalOf: typeof principalOf;
  /** The server's public base URL (`ITB_PUBLIC_URL`, no trailing slash), when configured. */
  readonly publicUrl?: string;
}

/**
 * A group of routes mounted by another module (FHIR, PDF reports): its rules join the authorization table
 * and `register` adds the routes. A route whose `METHOD /path` is not in `rules` is refused at run time.
 */
export interface AppExtension {
  readonly name: string;
  readonly rules: AuthorizationTable;
  register(app: FastifyInstance, deps: RouteDeps): void | Promise<void>;
}

export interface AppOptions {
  readonly store: ClinicStore;
  /** A pino logger (server/logger.ts makes the redacting one); default: no logging. */
  readonly logger?: FastifyBaseLogger;
  readonly now?: () => number;
  readonly sessionTtlMs?: number;
  readonly loginLimits?: {
    readonly pair?: RateLimitOptions;
    readonly address?: RateLimitOptions;
    readonly account?: RateLimitOptions;
    readonly device?: RateLimitOptions;
  };
  /** How fast one signed-in account may ask (auth/request-budget.ts); default REQUEST_LIMIT. */
  readonly requestLimit?: RequestLimit;
  readonly extensions?: readonly AppExtension[];
  /** Largest accepted body in bytes (default 1 MiB). */
  readonly bodyLimit?: number;
  /** Mark the session cookie `Secure` (set when served over HTTPS). Default false. */
  readonly secureCookies?: boolean;
  /**
   * Which proxies' X-Forwarded-For to believe, for per-address login limits (auth/trust-proxy.ts,
   * `ITB_TRUST_PROXY`). Default false: the socket's address.
   */
  readonly trustProxy?: TrustProxy;
  /**
   * The public base URL clients reach the server at (`ITB_PUBLIC_URL`, e.g. `https://itb.clinic.example`):
   * FHIR's `fullUrl`s and `Location` are written from it, never from a request's Host header
   * (docs/api.md "Public base URL"). Default: none (FHIR then answers only requests to a loopback host).
   */
  readonly publicUrl?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every `METHOD /path` registered, for the authorization-table test and docs. */
    readonly itbRouteKeys: string[];
    /** The authorization table in force (ours plus extensions'). */
    readonly itbAuthorization: AuthorizationTable;
  }
}

export const API_VERSION = '0.1.0';

/** Builds the API (not listening). Close it with `app.close()`; the store stays the caller's. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const now = options.now ?? (() => Date.now());
  const app = Fastify({
    ...(options.logger === undefined ? { logger: false } : { loggerInstance: options.logger }),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // HEAD twins of GET routes would be routes outside the table; none are needed.
    exposeHeadRoutes: false,
    trustProxy: options.trustProxy ?? false,
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const table = mergeTables(AUTHORIZATION, ...(options.extensions ?? []).map((e) => e.rules));
  const keys: string[] = [];
  app.decorate('itbRouteKeys', keys);
  app.decorate('itbAuthorization', table);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) keys.push(routeKey(m, route.url));
  });
  installOpenApiConventions(app, table);
  installReasonTimes(app);

  app.setErrorHandler((error, request, reply) => {
    const rendered = renderError(error);
    if (rendered.internal) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: rendered.outcome.issue[0]?.details.coding[0]?.code }, 'request refused');
    return reply.status(rendered.status).type('application/json').send(rendered.outcome);
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .type('application/json')
      .send(
        outcome('ITB_E_ROUTE_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`),
      ),
  );

  await installSecurityHeaders(app, options.secureCookies ?? false);
  await app.register(fastifyCookie);
  await registerOpenApi(app, API_VERSION);

  const sessions = new SessionStore(options.store, now, options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS);
  const throttle = new StoreThrottleState(options.store);
  installAuthHook(app, table, sessions, options.store, now, options.requestLimit);
  installCsrfGuard(app, table);
  installInputGuard(app);
  const deps: RouteDeps = {
    store: options.store,
    now,
    principalOf,
    ...(options.publicUrl === undefined ? {} : { publicUrl: parsePublicUrl(options.publicUrl) }),
  };

  app.get(
    '/api/openapi.json',
    { schema: { hide: true } },
    async () => (await Promise.resolve(), app.swagger()),
  );
  app.get(
    '/api/v1/health',
    {
      schema: {
        response: {
          200: json(
            objectSchema('Health', 'The process answers', { status: z.literal('ok'), version: z.string() }),
            'Alive',
          ),
        },
        tags: ['meta'],
        summary: 'Liveness: the process answers (no database access)',
      },
    },
    async () => (await Promise.resolve(), { status: 'ok' as const, version: API_VERSION }),
  );
  registerAuthRoutes(app, {
    store: options.store,
    sessions,
    byPair: new FailureLimiter(now, options.loginLimits?.pair ?? PAIR_LIMIT, throttle),
    byAddress: new FailureLimiter(now, options.loginLimits?.address ?? ADDRESS_LIMIT, throttle),
    byAccount: new FailureLimiter(now, options.loginLimits?.account ?? ACCOUNT_LIMIT, throttle),
    byDevice: new FailureLimiter(now, options.loginLimits?.device ?? DEVICE_LIMIT, throttle),
    now,
    secureCookies: options.secureCookies ?? false,
  });
  registerSessionRoutes(app, { store: options.store, now });
  registerPeopleRoutes(app, deps);
  registerTherapyRoutes(app, deps);
  registerEventRoutes(app, deps);
  registerAppointmentRoutes(app, deps);
  registerAdviceRoutes(app, deps);
  registerDiaryRoutes(app, deps);
  registerBoardRoutes(app, deps);
  registerAdminRoutes(app, deps);
  registerCareNamesRoutes(app, deps);
  registerUserAdminRoutes(app, deps);
  registerTroubleshootingRoutes(app, deps);
  registerMriRoutes(app, deps);
  registerPathwayRoutes(app, deps);
  for (const ext of options.extensions ?? []) await ext.register(app, deps);
  return app;
}

export type { Principal };
