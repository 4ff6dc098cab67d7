/**
 * Migration 0009_board_empty_alerts: each board row carries the patient's open EMPTY alerts — how many the
 * board raised itself and whether the pump's own critical EMPTY alert is open (alert-board-state.ts) — so
 * the board-alert check before every board and alerts read selects only the patients whose alerts must
 * change instead of reading every empty pump's records (issue 14). Filled by the rebuild on the first open
 * after it (the board rules revision changed with it).
 */
import type { Kysely, Migration } from 'kysely';

export const boardEmptyAlertsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    for (const name of ['board_empty_alerts', 'pump_empty_alert'] as const) {
      await db.schema
        .alterTable('board_rows')
        .addColumn(name, 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    }
  },
};
