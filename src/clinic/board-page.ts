/**
 * One page of the risk board from the stored board rows (board-rows.ts): an indexed, filtered, sorted read
 * of at most `limit` patient ids, then those patients' stored board input. The read holds no write lock:
 * it runs in a read-only transaction (a WAL snapshot on SQLite, a snapshot on PostgreSQL), and only the
 * audit entry naming the rows shown takes the audit chain, for one insert (issue 14: a board view holding
 * the audit lock stalled refill writes for seconds).
 *
 * The board's order at query time: risk-board.ts `compareRows` (tier, empty first and longest empty first,
 * high risk, soonest refill-by with unknown first, name, id) over the stored columns, where the tiers'
 * time tests compare the stored instants with `now`: refill-by, the projected empty instant and the pump's
 * projected end of service (`eos_at`, beside the row: pathway/board-pathway.ts) — a pump past it may have
 * stopped, critical by time as an empty reservoir is, and one within the replacement margin before it is
 * overdue for replacement, so both are in the top tier and the "overdue" and "ERI" filters; and so is a pump that reports it delivers no drug (`pump_stopped_since`: alert-board-state.ts). This is the one place those tests are written in SQL;
 * board-rows.int.test.ts checks the order against `riskBoard` itself for random records and instants.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { MS_PER_DAY } from '../therapy/quantities.ts';
import type { ClinicDatabase } from './db-schema.ts';
import type { DialectName } from './migrations.ts';
import type { BoardEntry } from './board-row-failure.ts';
import { REPLACEMENT_MARGIN } from './pathway/battery-projection.ts';
import { REFILL_DUE_SOON_DAYS } from './risk-board.ts';

/** The orders a page can ask for. `risk` is the board's own (see the module comment). */
export const BOARD_SORTS = ['risk', 'name', 'refill-by', 'pathway-due'] as const;
export type BoardSort = (typeof BOARD_SORTS)[number];

/**
 * Filters (all must hold): the top tier (refill overdue, pump empty, state unknown or past its projected
 * EOS); high risk; ERI or past the projected EOS; open alerts; a care pathway item due (pathway/pathway-due.ts).
 */
export const BOARD_FILTERS = ['overdue', 'high-risk', 'eri', 'alerts', 'pathway-due'] as const;
export type BoardFilter = (typeof BOARD_FILTERS)[number];

export interface BoardPageQuery {
  /** 1-based. */
  readonly page: number;
  readonly limit: number;
  readonly sort: BoardSort;
  readonly filters: readonly BoardFilter[];
  /**
   * Only rows a refill reminder names (`GET /reminders`): overdue as the `overdue` filter, or with a
   * refill-by before this instant.
   */
  readonly dueBefore?: number;
  /** Only this patient's row (the patient and programming pages: the row wherever it sorts). */
  readonly patientId?: string;
}

export interface BoardPageRead {
  /** Each row's stored input, in page order: the records, or why its row could not be computed. */
  readonly records: BoardEntry[];
  /** Rows matching the filters (all pages). */
  readonly total: number;
}

/**
 * A care pathway item is due at `now` (pathway/pathway-due.ts `isDueAt` over the stored windows): in the
 * first window, or past the start of the open one after it.
 */
export function pathwayDueSql(now: number): RawBuilder<SqlBool> {
  const n = sql.lit(now);
  return sql<SqlBool>`((pathway_due_at is not null and pathway_due_at <= ${n}
    and (pathway_due_until is null or ${n} < pathway_due_until))
    or (pathway_due_again_at is not null and pathway_due_again_at <= ${n}))`;
}

/**
 * When the patient's pathway is, was or will next be due at `now`, for the "pathway due" order: the start of
 * the window holding `now`, else of the next one; null when none is open or ahead.
 */
function pathwayDueOrder(now: number): RawBuilder<unknown> {
  const n = sql.lit(now);
  return sql`case
    when pathway_due_again_at is not null and pathway_due_again_at <= ${n} then pathway_due_again_at
    when pathway_due_at is not null and (pathway_due_until is null or ${n} < pathway_due_until)
      then pathway_due_at
    else pathway_due_again_at end`;
}

/** How many patients (all pages, no filter) have a care pathway item due at `now`. */
export async function countPathwayDue(db: Kysely<ClinicDatabase>, now: number): Promise<number> {
  const r = await sql<{ n: number | string }>`
    select count(*) as n from board_rows where ${pathwayDueSql(now)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * risk-board.ts `daysToRefillBy ≤ REFILL_DUE_SOON_DAYS`: days are rounded to 0.01, so a refill-by less
 * than the window plus half a hundredth of a day away rounds into it.
 */
const DUE_SOON_MS = (REFILL_DUE_SOON_DAYS.value + 0.005) * MS_PER_DAY;

/** The pump is empty at `now` (risk-board.ts `emptySince` is not null): the pump said so, or the projection. */
export function emptyNowSql(now: number): RawBuilder<SqlBool> {
  return sql<SqlBool>`(reported_empty_since is not null or (empty_at is not null and empty_at <= ${sql.lit(now)}))`;
}

/** The pump's projected end of service is at or before `now` (risk-board.ts `eosPassed`). */
export function eosPassedSql(now: number): RawBuilder<SqlBool> {
  return sql<SqlBool>`(eos_at is not null and eos_at <= ${sql.lit(now)})`;
}

/**
 * The pump's projected end of service is at or before `now`, or within the replacement margin after it
 * (risk-board.ts `eosPassed` or `replacementOverdue`: pathway/battery-projection.ts `replacementOverdue`).
 */
export function replacementDueSql(now: number): RawBuilder<SqlBool> {
  return sql<SqlBool>`(eos_at is not null and eos_at <= ${sql.lit(now + REPLACEMENT_MARGIN.value)})`;
}

/** The SQL the board's order and filters are made of, at `now`. */
function terms(now: number) {
  const n = sql.lit(now);
  const emptyNow = emptyNowSql(now);
  const eosPassed = eosPassedSql(now);
  // risk-board.ts `overdue`: the refill (the reminders' rows); `critical`: the top tier (`boardTier` 0).
  const overdue = sql<SqlBool>`(unknown_state = 1 or (refill_by is not null and refill_by <= ${n}) or ${emptyNow})`;
  const critical = sql<SqlBool>`(${overdue} or ${replacementDueSql(now)} or pump_stopped_since is not null)`;
  const dueSoon = sql<SqlBool>`(refill_by is not null and refill_by - ${n} < ${sql.lit(DUE_SOON_MS)})`;
  return {
    emptyNow,
    eosPassed,
    overdue,
    critical,
    tier: sql`case when ${critical} then 0 when ${dueSoon} or attention = 1 then 1 else 2 end`,
    /** The earlier of the pump's report and a projected empty already past; null when not empty. */
    emptySince: sql`case
      when empty_at is not null and empty_at <= ${n}
        and (reported_empty_since is null or empty_at < reported_empty_since) then empty_at
      else reported_empty_since end`,
  };
}

function filterSql(f: BoardFilter, now: number): RawBuilder<SqlBool> {
  switch (f) {
    case 'overdue':
      return terms(now).critical;
    case 'high-risk':
      return sql<SqlBool>`high_risk = 1`;
    case 'eri':
      return sql<SqlBool>`(eri = 1 or ${replacementDueSql(now)})`;
    case 'alerts':
      return sql<SqlBool>`open_alerts > 0`;
    case 'pathway-due':
      return pathwayDueSql(now);
  }
}

function orderSql(sort: BoardSort, now: number, dialect: DialectName): RawBuilder<unknown> {
  // Names compare by code point, as JavaScript's `<` does for the board's tie-break (PostgreSQL's default
  // collation is the locale's).
  const name = dialect === 'postgres' ? sql`name collate "C"` : sql`name`;
  // An unknown refill-by first, then by date, then none at all (no pump yet): risk-board.ts `refillByKey`.
  const refillBy = sql`case when refill_by is not null then 1 when unknown_state = 1 then 0 else 2 end, refill_by`;
  switch (sort) {
    case 'name':
      return sql`${name}, patient_id`;
    case 'refill-by':
      return sql`${refillBy}, ${name}, patient_id`;
    case 'pathway-due': {
      // Due now first (earliest first), then the next due, then never: ahead of the board's own order.
      const at = pathwayDueOrder(now);
      const dueNow = sql`case when ${pathwayDueSql(now)} then 0 else 1 end`;
      return sql`${dueNow}, case when ${at} is null then 1 else 0 end, ${at}, ${orderSql('risk', now, dialect)}`;
    }
    case 'risk': {
      const t = terms(now);
      return sql`${t.tier}, case when ${t.emptyNow} then 0 else 1 end, ${t.emptySince},
        high_risk desc, ${refillBy}, ${name}, patient_id`;
    }
  }
}

/**
 * Reads one page (see the module comment). Not audited here: the caller audits the rows it shows. `db` is
 * best a read-only transaction, so the ids and the records come from one snapshot.
 */
export async function readBoardPage(
  db: Kysely<ClinicDatabase>,
  dialect: DialectName,
  q: BoardPageQuery,
  now: number,
): Promise<BoardPageRead> {
  const conditions = q.filters.map((f) => filterSql(f, now));
  if (q.dueBefore !== undefined) {
    conditions.push(
      sql<SqlBool>`(${terms(now).overdue} or (refill_by is not null and refill_by < ${sql.lit(q.dueBefore)}))`,
    );
  }
  if (q.patientId !== undefined) conditions.push(sql<SqlBool>`patient_id = ${q.patientId}`);
  const where =
    conditions.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.join(conditions, sql` and `)}`;
  // Ids first, then the page's JSON: the sort never carries the large `records` column. The count of all
  // pages comes with the ids (one round trip) as an uncorrelated subquery, run once, or on its own when the
  // page is past the last. Counted as a window over the ids (`count(*) over ()`), every matching row was
  // sorted in full; now the page's sort keeps only `offset + limit` rows, and an indexed order (name) reads
  // only those (issue 14: the board's own order over 10,000 rows on SQLite, 12–17 ms before, 4–7 ms after).
  const count = sql<number | string>`(select count(*) from board_rows where ${where})`;
  const ids = await sql<{ patient_id: string; n: number | string }>`
    select patient_id, ${count} as n from board_rows where ${where}
    order by ${orderSql(q.sort, now, dialect)}
    limit ${q.limit} offset ${(q.page - 1) * q.limit}`.execute(db);
  const total =
    ids.rows[0]?.n ?? (await sql<{ n: number | string }>`select ${count} as n`.execute(db)).rows[0]?.n;
  const order = ids.rows.map((r) => r.patient_id);
  const rows =
    order.length === 0
      ? []
      : await db
          .selectFrom('board_records')
          .select(['patient_id', 'records'])
          .where('patient_id', 'in', order)
          .execute();
  const byId = new Map(rows.map((r) => [r.patient_id, JSON.parse(r.records) as BoardEntry]));
  return {
    records: order.flatMap((id) => byId.get(id) ?? []),
    total: Number(total ?? 0),
  };
}
