/**
 * The visits that act on the pump in place — its refill, a dose change, its replacement — and so need one
 * (src/clinic/implant-in-use.ts). The server refuses to book them for a patient whose pump is out
 * (booking-check.ts); the appointments page does not offer them.
 */
export const PUMP_VISIT_KINDS = ['refill', 'dose-change', 'replacement'] as const;

export type PumpVisitKind = (typeof PUMP_VISIT_KINDS)[number];

export const isPumpVisit = (kind: string): kind is PumpVisitKind =>
  (PUMP_VISIT_KINDS as readonly string[]).includes(kind);
