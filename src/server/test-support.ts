/**
 * Test support for the API suite: a fresh store (SQLite temp file, or PostgreSQL when ITB_TEST_PG_URL is
 * set — the store suite's harness), an app on a settable clock, one signed-in account per role, and two
 * patients (A with an implant, B) so that "a patient reads another patient" can be asked.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { DEFAULT_EXTENSIONS } from './extensions.ts';
import type { DestinationStream } from 'pino';
import { BACKENDS, type BackendCase, type FreshDb } from '../clinic/store-test-harness.ts';
import { implantInput, patientInput } from '../clinic/store-test-fixtures.ts';
import type { Implant, Patient, UserRole } from '../clinic/records.ts';
import type { OpenedStore } from '../clinic/open-store.ts';
import { buildApp, type AppOptions } from './app.ts';
import { hashPassword } from './auth/passwords.ts';
import { createLogger } from './logger.ts';

/** Cheap scrypt for tests only (production uses DEFAULT_SCRYPT_COST). */
export const TEST_COST = { N: 1024, r: 8, p: 1 } as const;
export const PASSWORD = 'correct horse battery staple';
export const START = Date.UTC(2024, 0, 1);
/**
 * No per-account request bound (auth/request-budget.ts): tests on a frozen clock send hundreds of requests
 * as one account in one instant; the bound itself is audited-read-budget.test.ts's subject.
 */
export const NO_REQUEST_BOUND = { burst: Number.MAX_SAFE_INTEGER, perMinute: 1 } as const;

export type Account = UserRole | 'patientB';
export const ACCOUNTS: readonly Account[] = ['admin', 'physician', 'nurse', 'viewer', 'patient', 'patientB'];

export interface TestApi {
  readonly app: FastifyInstance;
  readonly store: OpenedStore;
  readonly db: FreshDb;
  readonly clock: { t: number };
  readonly patientA: Patient;
  readonly patientB: Patient;
  readonly implantA: Implant;
  readonly tokens: Readonly<Record<Account, string>>;
  call(
    account: Account | null,
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse>;
  dispose(): Promise<void>;
}

export const emailOf = (a: Account): string => `${a.toLowerCase()}@clinic.example`;

/** The backends to run against (SQLite always; PostgreSQL with ITB_TEST_PG_URL). */
export const API_BACKENDS: readonly BackendCase[] = BACKENDS;

export async function startApi(
  backend: BackendCase,
  over: Partial<AppOptions> & { logStream?: DestinationStream } = {},
): Promise<TestApi> {
  const db = await backend.fresh();
  const clock = { t: START };
  // The store's clock follows the app's, so record times and "now" agree.
  const store = await db.open({ clock: () => clock.t });
  const sys = { actor: 'system:test' };
  const patientA = await store.createPatient(patientInput(1), sys);
  const patientB = await store.createPatient(patientInput(2, { highRisk: undefined }), sys);
  const implantA = await store.addImplant(implantInput(patientA.id, 'SER-A'), sys);
  const hash = await hashPassword(PASSWORD, TEST_COST);
  for (const a of ACCOUNTS) {
    const role: UserRole = a === 'patientB' ? 'patient' : a;
    const patientId = a === 'patient' ? patientA.id : a === 'patientB' ? patientB.id : null;
    await store.createUser(
      { email: emailOf(a), name: `Test ${a}`, role, passwordHash: hash, patientId },
      sys,
    );
  }
  const { logStream, ...options } = over;
  const app = await buildApp({
    store,
    now: () => clock.t,
    extensions: DEFAULT_EXTENSIONS,
    requestLimit: NO_REQUEST_BOUND,
    ...(logStream === undefined ? {} : { logger: createLogger(logStream) }),
    ...options,
  });
  const tokens = {} as Record<Account, string>;
  for (const a of ACCOUNTS) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: emailOf(a), password: PASSWORD },
    });
    tokens[a] = res.json<{ token: string }>().token;
  }
  return {
    app,
    store,
    db,
    clock,
    patientA,
    patientB,
    implantA,
    tokens,
    call: (account, method, url, body) =>
      app.inject({
        method,
        url,
        ...(account === null ? {} : { headers: { authorization: `Bearer ${tokens[account]}` } }),
        ...(body === undefined ? {} : { payload: body as object }),
      }),
    async dispose() {
      await app.close();
      await store.close();
      await db.dispose();
    },
  };
}

/** A sign-in from a client address, with any headers a browser or a proxy would add. */
export const loginFrom = (
  api: TestApi,
  email: string,
  password: string,
  ip: string,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> =>
  api.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: ip,
    headers,
  });
