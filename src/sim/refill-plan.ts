/**
 * When the simulated clinic books the next refill: at the projection's refill-by date (margin before the low
 * alarm, stability; docs/clinical-reference.md §1.6) with the refill board on, by the calendar without it.
 */
import { projectReservoir } from '../therapy/projection.ts';
import { MS_PER_DAY, MS_PER_HOUR, epochMs } from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import type { Sim } from './context.ts';
import { isOn } from './controls.ts';

/**
 * Without the refill board the clinic books the next refill by the calendar, not by the projection [A: a
 * quarterly booking habit, our assumption for a clinic that does not project the alarm date].
 */
export const CALENDAR_REFILL_DAYS = sourced(
  90,
  'A',
  'our assumption: a clinic without a projected refill-by date books quarterly',
);

/** Plans the next scheduled refill: the projection's refill-by date (margin before the low alarm, stability), capped by the interval. */
export function planRefill(sim: Sim): void {
  if (sim.pendingRefill !== null) {
    if (sim.pendingRefill.action.kind === 'refill' && sim.pendingRefill.action.late === true) return;
    sim.agenda.remove(sim.pendingRefill);
    sim.pendingRefill = null;
  }
  const plan = sim.s.refills;
  if (plan === null || !sim.tracking) return;
  const { c } = sim;
  let at = plan.everyMs === null ? Infinity : c.t + plan.everyMs;
  if (!isOn(sim.s.controlsOff, 'refill-board')) {
    // No projection: the calendar alone decides (the hazard the refill-by date exists for).
    at = Math.min(at, c.t + CALENDAR_REFILL_DAYS.value * MS_PER_DAY);
    sim.pendingRefill = sim.agenda.add(epochMs(Math.round(at)), {
      kind: 'refill',
      index: sim.refillIndex + 1,
    });
    return;
  }
  try {
    const p = projectReservoir({
      reservoir: c.pump.reservoir.volume,
      prescription: c.pump.prescription,
      lowAlarmThreshold: c.pump.thresholds.lowReservoir,
      start: c.t,
      refillMarginDays: plan.marginDays,
    });
    if (p.refillBy !== null) at = Math.min(at, p.refillBy);
  } catch {
    // A programme the projection cannot handle: fall back to the interval alone.
  }
  if (!Number.isFinite(at)) return;
  at = Math.max(at, c.t + MS_PER_HOUR); // never at the same instant as the refill that planned it
  sim.pendingRefill = sim.agenda.add(epochMs(Math.round(at)), { kind: 'refill', index: sim.refillIndex + 1 });
}
