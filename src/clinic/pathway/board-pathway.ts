/**
 * The care pathway's columns of the stored board rows (migration 0008_pathway_board_due; pathway-due.ts):
 * recomputed in the SAME transaction as every write that touches the patient (kysely-store.ts
 * `refreshAfterWrite`, right after the board row itself), and for every patient when the board rows are
 * rebuilt (board-rules-version.ts). Before, the board listed pathway items only for the patients on the page
 * shown, so a post-operative patient on page 2 was invisible from page 1.
 *
 * With them, the pump's projected end of service (`eos_at`, migration 0011_board_eos): the battery
 * projection of the same derivation (pathway-view.ts), which the board's tier and its "overdue" and "ERI"
 * filters compare with `now` (board-page.ts), as risk-board.ts `eosPassed` does.
 *
 * Kept apart from board-rows.ts on purpose: 0005_board_rows' backfill builds the rows with that module
 * before the columns written here exist.
 */
import type { Kysely } from 'kysely';
import type { EpochMs } from '../../therapy/quantities.ts';
import { readBoardRecords } from '../board-read.ts';
import type { ClinicDatabase } from '../db-schema.ts';
import type { BoardPatientRecords } from '../risk-board.ts';
import { pathwayRecordsOf, type PathwayTableRecords } from './board-items.ts';
import { derivePathway } from './pathway-view.ts';
import {
  notComputedColumns,
  pathwayDueColumns,
  pathwayDueItems,
  type PathwayDueColumns,
  type PathwayDueItem,
} from './pathway-due.ts';
import { readPathwayBoardRecords } from './pathway-repo.ts';

/** How many patients one rebuild step reads and writes. */
const REBUILD_BATCH = 500;

/** The items of one patient from the board's records and the pathway tables' rows. */
export function itemsFrom(
  b: BoardPatientRecords,
  t: PathwayTableRecords | undefined,
  now: EpochMs,
): PathwayDueItem[] {
  return pathwayDueItems({ ...pathwayRecordsOf(b, t), registeredAt: b.patient.createdAt }, now);
}

/** The pathway's columns of a board row: the items due, and the pump's projected end of service. */
export interface BoardPathwayColumnValues extends PathwayDueColumns {
  /** The pump in place's projected EOS (pathway-view.ts battery projection); null without one. */
  readonly eos_at: number | null;
}

/** One patient's pathway columns (the view derived once for the items and the battery). */
export function pathwayColumnsFrom(
  b: BoardPatientRecords,
  t: PathwayTableRecords | undefined,
  now: EpochMs,
): BoardPathwayColumnValues {
  const records = { ...pathwayRecordsOf(b, t), registeredAt: b.patient.createdAt };
  const view = derivePathway(records, now);
  return {
    ...pathwayDueColumns(pathwayDueItems(records, now, view)),
    eos_at: view.battery?.eosAt ?? null,
  };
}

/**
 * The pathway columns of `ids` computed from the records as they stand in `db`. A patient whose records
 * cannot be read or projected gets {@link notComputedColumns} (due now, listed as "not computed"), so a
 * bad record never hides the patient and never refuses the write.
 */
export async function pathwayDueOf(
  db: Kysely<ClinicDatabase>,
  ids: readonly string[],
  now: number,
): Promise<Map<string, BoardPathwayColumnValues>> {
  const out = new Map<string, BoardPathwayColumnValues>();
  try {
    const board = await readBoardRecords(db, ids);
    const tables = new Map((await readPathwayBoardRecords(db, ids)).records.map((t) => [t.patientId, t]));
    for (const b of board) {
      out.set(b.patient.id, pathwayColumnsFrom(b, tables.get(b.patient.id), now as EpochMs));
    }
  } catch {
    if (ids.length === 1) {
      // Not computed: due now on the pathway; the board row's own failure row (if any) is the top tier.
      for (const id of ids) out.set(id, { ...notComputedColumns(now), eos_at: null });
      return out;
    }
    // One patient's bad records fail only that patient's columns (as board-rows.ts does for the row).
    out.clear();
    for (const id of ids) for (const [k, v] of await pathwayDueOf(db, [id], now)) out.set(k, v);
  }
  return out;
}

/** Recomputes the pathway columns of the stored rows of `patientIds` (inside the writing transaction). */
export async function refreshPathwayDue(
  db: Kysely<ClinicDatabase>,
  patientIds: readonly string[],
  now: number,
): Promise<void> {
  const ids = [...new Set(patientIds)];
  if (ids.length === 0) return;
  for (const [id, columns] of await pathwayDueOf(db, ids, now)) {
    await db.updateTable('board_rows').set(columns).where('patient_id', '=', id).execute();
  }
}

/** Recomputes the pathway columns of every stored row (after the rows are rebuilt). */
export async function rebuildPathwayDue(db: Kysely<ClinicDatabase>, now: number): Promise<number> {
  let done = 0;
  let after = '';
  for (;;) {
    const ids = await db
      .selectFrom('board_rows')
      .select('patient_id')
      .where('patient_id', '>', after)
      .orderBy('patient_id')
      .limit(REBUILD_BATCH)
      .execute();
    if (ids.length === 0) return done;
    await refreshPathwayDue(
      db,
      ids.map((r) => r.patient_id),
      now,
    );
    done += ids.length;
    after = ids.at(-1)?.patient_id ?? after;
  }
}
