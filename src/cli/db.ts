/**
 * `itb db migrate|backup|verify-audit [--db URL] [--json]`: the clinic database's maintenance commands.
 * The database is `--db`, else `ITB_DATABASE_URL`, else ./data/itb.sqlite (src/clinic/open-store.ts).
 * With `--json` each prints one JSON object on stdout; errors go to stderr with their code (output.ts).
 * A verification that finds tampering is an error (ITB_E_CLINIC_AUDIT_BROKEN, exit 1), so scripts and
 * cron jobs notice it by the exit status alone.
 */
import type { Command } from 'commander';
import { openStore, resolveDatabase, type OpenedStore, type OpenStoreOptions } from '../clinic/open-store.ts';
import { ItbError } from '../therapy/codes.ts';
import { dbOption } from './clinic-access.ts';
import { run } from './output.ts';

interface DbOptions {
  readonly db?: string;
  readonly json?: boolean;
}

/** The actor the CLI writes to the audit trail. */
export const CLI_ACTOR = 'system:cli';

async function withStore<T>(
  opts: DbOptions,
  open: OpenStoreOptions,
  fn: (store: OpenedStore) => Promise<T>,
): Promise<T> {
  const store = await openStore(opts.db, open);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Maintenance commands need an existing SQLite file: a typo must not create an empty database. */
const existing = (opts: DbOptions): OpenStoreOptions =>
  resolveDatabase(opts.db).kind === 'sqlite' ? { mustExist: true, migrate: false } : { migrate: false };

/** Registers `itb db …` on the program. */
export function registerDbCommands(program: Command): void {
  const db = program
    .command('db')
    .description('clinic database: migrations, backups, audit-trail verification');

  dbOption(
    db
      .command('migrate')
      .description('create the database if needed and apply pending schema migrations (idempotent)'),
  )
    .option('--json', 'print one JSON object')
    .action((opts: DbOptions) =>
      run(
        opts,
        () =>
          withStore(opts, { migrate: false }, async (store) => ({
            database: store.description,
            ...(await store.migrate()),
          })),
        (r) =>
          `${r.database}: ${r.applied.length === 0 ? 'already up to date' : `applied ${r.applied.join(', ')}`} ` +
          `(${r.known.length} migrations known)`,
      ),
    );

  dbOption(
    db
      .command('backup')
      .description('write a consistent backup (SQLite: database file; PostgreSQL: JSON Lines export)')
      .argument('<path>', 'where to write it (must not exist)'),
  )
    .option('--json', 'print one JSON object')
    .action((path: string, opts: DbOptions) =>
      run(
        opts,
        () =>
          withStore(opts, existing(opts), async (store) => ({
            database: store.description,
            ...(await store.backup(path, { actor: CLI_ACTOR })),
          })),
        (r) =>
          `backed up ${r.database} to ${r.path} (${r.format}, ${r.bytes} bytes); ` +
          `audit head ${r.auditHeadSeq} ${r.auditHeadHash}`,
      ),
    );

  dbOption(
    db
      .command('verify-audit')
      .description('re-hash the audit trail and report the first edited, removed or reordered entry'),
  )
    .option('--json', 'print one JSON object')
    .action((opts: DbOptions) =>
      run(
        opts,
        () =>
          withStore(opts, existing(opts), async (store) => {
            const v = await store.verifyAudit();
            if (!v.ok) {
              throw new ItbError(
                'ITB_E_CLINIC_AUDIT_BROKEN',
                `audit trail of ${store.description} fails at seq ${v.firstBadSeq}: ${v.problem?.message ?? ''}`,
                { ...v },
              );
            }
            return { database: store.description, ...v };
          }),
        (r) => `${r.database}: audit trail intact — ${r.checked} entries, head ${r.headSeq} ${r.headHash}`,
      ),
    );
}
