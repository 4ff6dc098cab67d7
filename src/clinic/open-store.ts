/**
 * Opening the clinic store: which database (an explicit URL, else `ITB_DATABASE_URL`, else
 * `./data/itb.sqlite`), which implementation (PostgreSQL for `postgres://`/`postgresql://`, SQLite for a
 * path or `sqlite:<path>`), and migrations on open.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { ItbError } from '../therapy/codes.ts';
import type { Backend } from './backend.ts';
import { KyselyClinicStore } from './kysely-store.ts';
import { openPostgres } from './postgres-backend.ts';
import { loadSecretKey, parseSecretKey, secretKeyFrom, type SecretKey } from './secret-box.ts';
import { openSqlite } from './sqlite-backend.ts';

/** The default database: a SQLite file, nothing to install (docs/architecture.md "real components"). */
export const DEFAULT_SQLITE_PATH = './data/itb.sqlite';

export type DatabaseTarget =
  { readonly kind: 'sqlite'; readonly path: string } | { readonly kind: 'postgres'; readonly url: string };

/** Decides which database `url` (or the environment, or the default) names. */
export function resolveDatabase(url?: string, env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const chosen = url ?? (env['ITB_DATABASE_URL'] || undefined) ?? DEFAULT_SQLITE_PATH;
  if (/^postgres(ql)?:\/\//i.test(chosen)) return { kind: 'postgres', url: chosen };
  const path = chosen.startsWith('sqlite:') ? chosen.slice('sqlite:'.length) : chosen;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || path === '') {
    throw new ItbError(
      'ITB_E_CLINIC_DB_URL',
      `unsupported database "${chosen}": give a SQLite path (or sqlite:<path>) or a postgres:// URL`,
    );
  }
  return { kind: 'sqlite', path };
}

export interface OpenStoreOptions {
  /** Run pending migrations on open (default true). `itb db verify-audit` opens without. */
  readonly migrate?: boolean;
  /** SQLite: refuse to create a missing file (ITB_E_CLINIC_DB_MISSING). */
  readonly mustExist?: boolean;
  /** The at-rest key (32 bytes, or hex/base64 text); default ITB_SECRET_KEY or the data-dir key file. */
  readonly secretKey?: Uint8Array | string;
  /** Where the generated key file lives; default the SQLite file's folder, or ./data for PostgreSQL. */
  readonly dataDir?: string;
  /** Clock for record and audit time stamps (epoch ms); default Date.now. */
  readonly clock?: () => number;
  /** Record id generator; default random UUIDs. */
  readonly newId?: () => string;
  readonly env?: NodeJS.ProcessEnv;
}

/** A store plus where it points, for the CLI's messages. */
export type OpenedStore = KyselyClinicStore;

/**
 * Opens the clinic store and (unless `migrate: false`) brings its schema up to date. The caller must
 * `close()` it.
 */
export async function openStore(url?: string, options: OpenStoreOptions = {}): Promise<OpenedStore> {
  const env = options.env ?? process.env;
  const target = resolveDatabase(url, env);
  const backend: Backend =
    target.kind === 'postgres'
      ? openPostgres(target.url, resolve(options.dataDir ?? 'data'))
      : openSqlite(target.path, options.mustExist ? { mustExist: true } : {});
  const dataDir = options.dataDir === undefined ? backend.dataDir : resolve(options.dataDir);
  let key: SecretKey | undefined;
  const secretKey = (): SecretKey => {
    if (key !== undefined) return key;
    const given = options.secretKey;
    key =
      given === undefined
        ? loadSecretKey(dataDir, env)
        : typeof given === 'string'
          ? parseSecretKey(given, 'the secretKey option')
          : secretKeyFrom(given, 'the secretKey option');
    return key;
  };
  const store = new KyselyClinicStore({
    backend,
    clock: options.clock ?? (() => Date.now()),
    newId: options.newId ?? (() => randomUUID()),
    secretKey,
  });
  if (options.migrate !== false) {
    try {
      await store.migrate();
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}
