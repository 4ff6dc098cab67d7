/**
 * How many alerts a patient (or the clinic) has unresolved, and the words every surface says it in — the
 * board, the patient page, the nav's inbox link and the board's reason. One rule: an alert is unresolved
 * until someone resolves it; of those, "open" ones nobody has acknowledged yet and "acknowledged" ones
 * someone is handling (the alert lifecycle open → acknowledged → resolved, docs/invariants.md I7); critical
 * counts both, since an acknowledged critical alert is still a patient at risk.
 */

/** What the count reads of an unresolved alert. */
export interface CountedAlert {
  readonly severity: string;
  readonly acknowledged?: unknown;
}

export interface AlertCounts {
  /** Unresolved: open and acknowledged together. */
  readonly count: number;
  readonly acknowledged: number;
  readonly critical: number;
}

/** The counts of `unresolved` (alerts not yet resolved). */
export function alertCounts(unresolved: readonly CountedAlert[]): AlertCounts {
  return {
    count: unresolved.length,
    acknowledged: unresolved.filter((a) => a.acknowledged !== null && a.acknowledged !== undefined).length,
    critical: unresolved.filter((a) => a.severity === 'critical').length,
  };
}

/** "1 open, 2 acknowledged — 1 critical"; "none" when nothing is unresolved. */
export function alertCountText(c: AlertCounts): string {
  const open = c.count - c.acknowledged;
  const parts = [
    ...(open > 0 ? [`${open} open`] : []),
    ...(c.acknowledged > 0 ? [`${c.acknowledged} acknowledged`] : []),
  ];
  if (parts.length === 0) return 'none';
  return `${parts.join(', ')}${c.critical > 0 ? ` — ${c.critical} critical` : ''}`;
}
