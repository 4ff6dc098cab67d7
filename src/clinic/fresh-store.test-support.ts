/**
 * The set-up every store suite shares (vitest only: the store test fixtures and harness stay free of it, as
 * the benchmarks load them too): a fresh database and its opened store for each test of the calling
 * `describe`, on the backend it runs on — SQLite, or the PostgreSQL of ITB_TEST_PG_URL — closed and removed
 * after it. Nothing is opened on a backend that is skipped.
 */
import { afterEach, beforeEach } from 'vitest';
import type { OpenedStore } from './open-store.ts';
import type { BackendCase, FreshDb } from './store-test-harness.ts';

/** The test's database and store; a test that reopens the database assigns `store`, and that one is closed. */
export interface FreshStore {
  readonly db: FreshDb;
  store: OpenedStore;
}

/** Registers, in the calling `describe`, a fresh database and store per test on `backend` (see above). */
export function useFreshStore(backend: BackendCase): FreshStore {
  let db: FreshDb | undefined;
  let store: OpenedStore | undefined;
  beforeEach(async () => {
    if (backend.skip !== undefined) return;
    db = await backend.fresh();
    store = await db.open();
  });
  afterEach(async () => {
    await store?.close();
    await db?.dispose();
    store = undefined;
    db = undefined;
  });
  const ready = <T>(x: T | undefined, what: string): T => {
    if (x === undefined) throw new Error(`the fresh ${what} is used outside a test on ${backend.name}`);
    return x;
  };
  return {
    get db() {
      return ready(db, 'database');
    },
    get store() {
      return ready(store, 'store');
    },
    set store(next: OpenedStore) {
      store = next;
    },
  };
}
