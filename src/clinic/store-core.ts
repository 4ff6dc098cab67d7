/**
 * What every store operation stands on: one transaction per operation that first takes the audit chain's
 * head (serialising all writers, so the chain never interleaves), the audit append inside that same
 * transaction, input and stored-JSON validation, and the mapping of database errors to project codes.
 *
 * Serialisation: on SQLite every transaction begins IMMEDIATE (the database write lock, waiting up to the
 * busy timeout); on PostgreSQL the transaction locks the single audit_head row FOR UPDATE. Either way the
 * head read, the record write, the audit insert and the head update are one atomic step.
 *
 * Durability: every transaction commits durably (flushed to disk before the commit returns), the audit
 * entry of a read included — nothing committed is ever lost, not even to a power cut. A read's entry is
 * one insert and the head update; the read itself runs before, in a read-only snapshot (`readOnly`).
 */
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { ItbError } from '../therapy/codes.ts';
import { canonicalJson, chainNext } from './audit-chain.ts';
import type { ClinicDatabase } from './db-schema.ts';
import type { DialectName } from './migrations.ts';
import { actorSchema, type ActorContext } from './records.ts';
import type { SecretKey } from './secret-box.ts';

export type Trx = Transaction<ClinicDatabase>;

/** What the core needs from its backend and options. */
export interface CoreDeps {
  readonly db: Kysely<ClinicDatabase>;
  /** Where read-only snapshots run, when not on `db` (backend.ts `Backend.reads`). */
  readonly reads?: Kysely<ClinicDatabase> | undefined;
  readonly dialect: DialectName;
  readonly clock: () => number;
  readonly newId: () => string;
  /** Loaded on first use, so opening a store never creates a key file by itself. */
  readonly secretKey: () => SecretKey;
  /**
   * Runs inside every transaction that wrote, after its writes and before commit, with the ids of the
   * records written (the stored board rows are refreshed here: board-rows.ts).
   */
  readonly afterWrite?: (t: Tx, writtenIds: readonly string[], ctx: ActorContext) => Promise<void>;
}

/**
 * Audit actions that change no record: reads, and a refused request. Every other action is a write (the
 * store audits every write), so a new kind of write reaches {@link CoreDeps.afterWrite} without being
 * listed anywhere.
 */
const READ_ACTIONS: ReadonlySet<string> = new Set(['view', 'list', 'view-keys', 'backup', 'refuse']);

/** One open transaction: the clock reading for it and the audit chain's moving head. */
export class Tx {
  #head: { seq: number; hash: string };
  #moved = false;
  readonly #written: string[] = [];

  constructor(
    readonly trx: Trx,
    head: { seq: number; hash: string },
    /** The time stamped on every record and audit entry of this transaction. */
    readonly now: number,
  ) {
    this.#head = head;
  }

  /** Appends one audit entry; `details` must be JSON (it is canonicalised and hashed). */
  async audit(
    ctx: ActorContext,
    action: string,
    entity: string,
    entityId: string,
    details: unknown = {},
  ): Promise<void> {
    const entry = chainNext(this.#head, {
      at: this.now,
      actor: ctx.actor,
      action,
      entity,
      entityId,
      details: canonicalJson(details),
    });
    await this.trx
      .insertInto('audit_log')
      .values({
        seq: entry.seq,
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        entity: entry.entity,
        entity_id: entry.entityId,
        details: entry.details,
        prev_hash: entry.prevHash,
        hash: entry.hash,
      })
      .execute();
    this.#head = { seq: entry.seq, hash: entry.hash };
    this.#moved = true;
    if (!READ_ACTIONS.has(action)) this.#written.push(entityId);
  }

  /** The ids of the records this transaction wrote (from its audit entries). */
  get writtenIds(): readonly string[] {
    return this.#written;
  }

  /** Writes the new head; called once, just before commit. */
  async saveHead(): Promise<void> {
    if (!this.#moved) return;
    await this.trx
      .updateTable('audit_head')
      .set({ seq: this.#head.seq, hash: this.#head.hash })
      .where('id', '=', 1)
      .execute();
  }
}

export class StoreCore {
  #closed = false;

  constructor(readonly deps: CoreDeps) {}

  get db(): Kysely<ClinicDatabase> {
    if (this.#closed) throw new ItbError('ITB_E_CLINIC_CLOSED', 'the clinic store is closed');
    return this.deps.db;
  }

  /** The connection for read-only snapshots: its own when the backend has one (see {@link readOnly}). */
  get reads(): Kysely<ClinicDatabase> {
    return this.deps.reads ?? this.db;
  }

  markClosed(): boolean {
    const was = this.#closed;
    this.#closed = true;
    return !was;
  }

  newId(): string {
    return this.deps.newId();
  }

  /**
   * Runs `fn` in one transaction that holds the audit chain (see the module comment). Any failure rolls
   * everything back and surfaces as an ItbError.
   */
  async tx<T>(ctx: ActorContext, fn: (t: Tx) => Promise<T>): Promise<T> {
    parseInput(actorSchema, ctx.actor, 'actor');
    return asItbErrors(() =>
      this.db.transaction().execute(async (trx) => {
        let q = trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);
        if (this.deps.dialect === 'postgres') q = q.forUpdate();
        const head = await q.executeTakeFirst();
        if (head === undefined) {
          throw new ItbError('ITB_E_CLINIC_CORRUPT_RECORD', 'the audit head row is missing');
        }
        const t = new Tx(trx, head, this.deps.clock());
        const result = await fn(t);
        if (t.writtenIds.length > 0) await this.deps.afterWrite?.(t, t.writtenIds, ctx);
        await t.saveHead();
        return result;
      }),
    );
  }
}

/** Runs `run`; whatever it throws surfaces as an ItbError ({@link toItbError}): the stores' one wrapper. */
async function asItbErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toItbError(error);
  }
}

/**
 * Runs `fn` in a read-only transaction: one consistent snapshot that takes no write lock (SQLite begins
 * it deferred, sqlite-backend.ts; PostgreSQL at repeatable read), so a long read never holds up a writer — on SQLite on a connection of
 * its own, so a write does not wait for the read to finish with the writing connection either. Failures
 * surface as ItbErrors.
 */
export async function readOnly<T>(
  core: StoreCore,
  fn: (db: Kysely<ClinicDatabase>) => Promise<T>,
): Promise<T> {
  // PostgreSQL's default isolation (read committed) takes a snapshot per statement; repeatable read holds
  // one for the transaction, and a read-only one never fails to serialise.
  const begin = core.reads.transaction().setAccessMode('read only');
  return asItbErrors(() =>
    (core.deps.dialect === 'postgres' ? begin.setIsolationLevel('repeatable read') : begin).execute(fn),
  );
}

/**
 * Runs ONE read statement on the read connection outside any transaction (a statement reads one snapshot
 * by itself): one round trip to the database, where {@link readOnly} adds its begin and its commit.
 * Failures surface as ItbErrors.
 */
export async function readStatement<T>(
  core: StoreCore,
  fn: (db: Kysely<ClinicDatabase>) => Promise<T>,
): Promise<T> {
  return asItbErrors(() => fn(core.reads));
}

/** Parses caller input; failures are ITB_E_INVALID_INPUT with zod's issues in the details. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new ItbError('ITB_E_INVALID_INPUT', `invalid ${what}:\n${z.prettifyError(r.error)}`, {
      issues: r.error.issues,
    });
  }
  return r.data;
}

/** Parses a stored JSON column; a failure means the database was altered behind the store's back. */
export function parseStored<S extends z.ZodType>(schema: S, text: string, where: string): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ItbError('ITB_E_CLINIC_CORRUPT_RECORD', `${where}: stored JSON does not parse`);
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    throw new ItbError('ITB_E_CLINIC_CORRUPT_RECORD', `${where}: stored JSON fails its schema`, {
      issues: r.error.issues,
    });
  }
  return r.data;
}

/** Serialises a value for a JSON column: canonical, so equal records are equal bytes. */
export const toJsonText = (value: unknown): string => canonicalJson(value);

interface DbError {
  code?: unknown;
  message?: unknown;
  /** PostgreSQL: "Key (mrn)=(MRN-1) already exists." */
  detail?: unknown;
}

/** What a repeated unique value means, in a person's words, by column. */
const DUPLICATE_WORDS: Readonly<Record<string, string>> = {
  email: 'an account with this e-mail address is already registered',
  mrn: 'a patient with this MRN is already registered',
  pump_serial: 'a pump with this serial number is already recorded',
};

/**
 * A unique value repeated, in words, without the database's text: a 409 once answered "UNIQUE constraint
 * failed: users.email" (SQLite) or "duplicate key value violates unique constraint …" with the value
 * (PostgreSQL), naming the schema to anyone who repeats an e-mail address.
 */
function duplicateText(message: string, detail: unknown): string {
  const column =
    /constraint failed: \w+\.(\w+)/.exec(message)?.[1] ??
    (typeof detail === 'string' ? /^Key \((?:[^)]*, )?(\w+)\)=/.exec(detail)?.[1] : undefined);
  return (
    (column === undefined ? undefined : DUPLICATE_WORDS[column]) ?? 'already recorded: this record exists'
  );
}

/** Maps a thrown value to the project's vocabulary (SQLite and PostgreSQL error codes alike). */
export function toItbError(error: unknown): ItbError {
  if (error instanceof ItbError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as DbError;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (message.includes('ITB_E_CLINIC_APPEND_ONLY')) {
    return new ItbError('ITB_E_CLINIC_APPEND_ONLY', message.replace(/^.*ITB_E_CLINIC_APPEND_ONLY: ?/, ''));
  }
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new ItbError('ITB_E_CLINIC_DUPLICATE', duplicateText(message, e.detail));
  }
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new ItbError('ITB_E_CLINIC_REFERENCE', `refers to a record that does not exist: ${message}`);
  }
  if (code === '23514' || code === 'SQLITE_CONSTRAINT_CHECK') {
    return new ItbError('ITB_E_INVALID_INPUT', `a stored value is out of its domain: ${message}`);
  }
  // PostgreSQL class 22 "data exception" (22021 a NUL or invalid byte in text, 22P05, 22001 too long,
  // 22003 out of range …) and SQLite's type and size refusals: the input was bad, not the database — a
  // clinician must see "invalid input", never "database unavailable, retry".
  if (/^22[0-9A-Z]{3}$/.test(code) || code === 'SQLITE_MISMATCH' || code === 'SQLITE_TOOBIG') {
    return new ItbError('ITB_E_INVALID_INPUT', `the database refused a value as invalid: ${message}`);
  }
  if (code.startsWith('SQLITE_BUSY') || code === '40001' || code === '40P01' || code === '55P03') {
    return new ItbError('ITB_E_CLINIC_BUSY', `the database is busy: ${message}`);
  }
  return new ItbError(
    'ITB_E_CLINIC_STORAGE',
    `database failure: ${message}`,
    code ? { dbCode: code } : undefined,
  );
}
