/**
 * Migration 0011_board_eos: each board row carries the pump's projected end of service (EOS), so the board's
 * paged read compares it with now (board-page.ts) and a pump past it sorts and filters as critical, as a
 * reservoir projected empty does (`empty_at`). Written beside the row with the care pathway's columns
 * (pathway/board-pathway.ts); filled by the rebuild on the first open after it (the board rules revision
 * changed with it).
 */
import type { Kysely, Migration } from 'kysely';

export const boardEosMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('board_rows').addColumn('eos_at', 'bigint').execute();
  },
};
