/**
 * How many statements one `GET /api/v1/board` sends to the database, through the real app (issue 14: a
 * PostgreSQL page sent 19, each a round trip that waits for the server, so on a loaded machine the waits
 * and not the work made the page's p99). Counted at the driver: every query a pg client sends, every
 * statement better-sqlite3 prepares (begin and commit included on both).
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';

/**
 * The page's statements: the session lookup, the board-alert check (one statement when there is nothing to
 * raise or close), the read-only snapshot (begin, the ids with the count of all pages in one statement, the page's input,
 * the care pathway's records, the count of patients with a pathway item due, commit) and the audit entry
 * (begin, the chain's head, the entry, the new head, commit).
 */
const PAGE_STATEMENTS = 1 + 1 + 6 + 5;

describe.each(API_BACKENDS)('board page statements ($name)', (backend) => {
  let api: TestApi | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await api?.dispose();
  });

  it.skipIf(backend.skip !== undefined)(
    'a PostgreSQL board page was 19 round trips: a page sends at most 13 statements',
    async () => {
      api = await startApi(backend);
      // Warm: the first read raises nothing here, but prepares the session cache and the pools.
      expect((await api.call('nurse', 'GET', '/api/v1/board?limit=10')).statusCode).toBe(200);
      const sent =
        backend.name === 'postgres'
          ? vi.spyOn(pg.Client.prototype, 'query')
          : vi.spyOn(Database.prototype, 'prepare');
      const res = await api.call('nurse', 'GET', '/api/v1/board?limit=10&sort=risk');
      expect(res.statusCode).toBe(200);
      expect(res.json<{ rows: unknown[] }>().rows.length).toBeGreaterThan(0);
      expect(sent.mock.calls.length).toBeLessThanOrEqual(PAGE_STATEMENTS);
    },
  );
});
