/**
 * Migration 0008_pathway_board_due: the care pathway's items due, stored in each patient's board row
 * (pathway/board-pathway.ts), and the index the board's "pathway due" filter and sort read. The columns are
 * filled by the rebuild on the first open after it: the board rules version includes the pathway's
 * (pathway-due.ts `PATHWAY_DUE_REVISION`), so every stored row is recomputed then (board-rules-version.ts).
 */
import type { Kysely, Migration } from 'kysely';

export const boardDueMigration: Migration = {
  async up(db: Kysely<unknown>) {
    for (const [name, type] of [
      ['pathway_due_at', 'bigint'],
      ['pathway_due_until', 'bigint'],
      ['pathway_due_again_at', 'bigint'],
      ['pathway_due', 'text'],
    ] as const) {
      await db.schema.alterTable('board_rows').addColumn(name, type).execute();
    }
    await db.schema
      .createIndex('board_rows_pathway_due')
      .on('board_rows')
      .columns(['pathway_due_at', 'pathway_due_until'])
      .execute();
    await db.schema
      .createIndex('board_rows_pathway_due_again')
      .on('board_rows')
      .column('pathway_due_again_at')
      .execute();
  },
};
