/**
 * The pump's reservoir state beside a dose (the programming page and its review): empty, refill-by passed
 * (or unknown) and low, read from the board's row for the patient — the server's one truth the board and the
 * patient page show (src/clinic/risk-board.ts: `status`, `emptySince`, `overdue`, `refillBy`, the pump's
 * reported conditions and `lowReservoir`, read through low-alarm.ts). Nothing here computes a reservoir.
 */
import { useEffect, useState } from 'react';
import { api, type Board, type BoardRow } from './api.ts';
import { reservoirWarnings } from './reservoir-warnings.ts';

/**
 * The board's row for one patient (`GET /board?patient=`: that row wherever it sorts, not a search of the
 * first page) and the server's time it was built at; row null when the patient has none.
 */
export async function fetchBoardRow(
  patientId: string,
): Promise<{ readonly row: BoardRow | null; readonly now: number }> {
  const board = await api.get<Board>(`/api/v1/board?patient=${encodeURIComponent(patientId)}`);
  return {
    row: board.rows.find((r) => r.patientId === patientId) ?? null,
    now: Date.parse(board.generatedAt),
  };
}

/**
 * The board's row for the patient, loaded when the page opens and again whenever `readAgain` changes (a
 * page passes its plan: another tab's refill since it opened must not be said as still due); null until
 * it is loaded (or when the board has no row).
 */
export function useBoardRow(
  patientId: string,
  readAgain: unknown = null,
): { readonly row: BoardRow; readonly now: number } | null {
  const [state, setState] = useState<{ readonly row: BoardRow; readonly now: number } | null>(null);
  useEffect(() => {
    let live = true;
    fetchBoardRow(patientId).then(
      ({ row, now }) => live && setState(row === null ? null : { row, now }),
      // The reservoir note is an addition to the page: without the board, the page still programs.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [patientId, readAgain]);
  return state;
}

/** The reservoir's warnings beside the dose, or nothing when the board has none for the patient. */
export function ReservoirState({ board }: { readonly board: { row: BoardRow; now: number } | null }) {
  const warnings = board === null ? [] : reservoirWarnings(board.row, board.now);
  if (warnings.length === 0) return null;
  return (
    <div className="result result-block" role="status" aria-label="Reservoir">
      <strong>Reservoir:</strong>
      <ul>
        {warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </div>
  );
}
