/** The failure row (board-row-failure.ts): a patient whose board row cannot be computed is never hidden. */
import { describe, expect, it } from 'vitest';
import { boardRowOrFailure } from './board-row-failure.ts';
import type { BoardPatientRecords } from './risk-board.ts';

const NOW = Date.UTC(2025, 0, 1);

describe('board row failure', () => {
  it('a stored input the projection cannot read when the page is shown becomes the failure row, not an error', () => {
    // Stored JSON from an older shape: the lists the projection walks are missing.
    const broken = { patient: { id: 'p-1', name: 'Ada' } } as unknown as BoardPatientRecords;
    const row = boardRowOrFailure(broken, NOW);
    expect(row).toMatchObject({ patientId: 'p-1', name: 'Ada', overdue: true, status: 'unknown' });
    expect(row.reasons.map((r) => r.code)).toEqual(['ITB_R_BOARD_NOT_COMPUTED']);
    expect(row.reasons[0]?.message).toMatch(/^board row could not be computed: /);
  });
});
