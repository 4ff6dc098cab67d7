/**
 * Migration 0005: the stored board row per patient (board-rows.ts) and its input, their indexes, and the backfill of every
 * existing patient. The backfill runs the current projection: the table is a cache of it, not a record, so
 * it is rebuilt rather than frozen (the records it derives from are what the append-only rules protect).
 */
import type { Kysely, Migration } from 'kysely';
import type { ClinicDatabase } from './db-schema.ts';
import { rebuildBoardRows } from './board-rows.ts';

export const boardRowsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('board_rows')
      .addColumn('patient_id', 'text', (c) => c.primaryKey().references('patients.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('high_risk', 'integer', (c) => c.notNull())
      .addColumn('refill_by', 'bigint')
      .addColumn('empty_at', 'bigint')
      .addColumn('reported_empty_since', 'bigint')
      .addColumn('unknown_state', 'integer', (c) => c.notNull())
      .addColumn('attention', 'integer', (c) => c.notNull())
      .addColumn('eri', 'integer', (c) => c.notNull())
      .addColumn('open_alerts', 'integer', (c) => c.notNull())
      .addColumn('critical_alerts', 'integer', (c) => c.notNull())
      .addColumn('computed_at', 'bigint', (c) => c.notNull())
      .execute();
    // The input apart from the sort columns: a sort over every row then reads only narrow rows (with it
    // inline, ordering 2,000 SQLite rows by the board's order took 36 ms).
    await db.schema
      .createTable('board_records')
      .addColumn('patient_id', 'text', (c) => c.primaryKey().references('patients.id'))
      .addColumn('records', 'text', (c) => c.notNull())
      .execute();
    // The sorts and filters a page uses (board-page.ts): refill-by, name, and the flag filters.
    await db.schema.createIndex('board_rows_refill_by').on('board_rows').columns(['refill_by']).execute();
    await db.schema.createIndex('board_rows_name').on('board_rows').columns(['name', 'patient_id']).execute();
    await db.schema
      .createIndex('board_rows_flags')
      .on('board_rows')
      .columns(['high_risk', 'eri', 'open_alerts'])
      .execute();
    // The explants table comes with 0005_pathway_records, after this: no explant exists yet to read.
    await rebuildBoardRows(db as Kysely<ClinicDatabase>, Date.now(), { explants: false });
  },
};
