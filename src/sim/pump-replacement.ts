/**
 * The pump at its elective replacement indicator (ERI: replace within 90 days, docs/clinical-reference.md §3)
 * is replaced before its end of service. itb's board shows ERI and raises the `battery-eri` alert for the
 * nurse to book the replacement (src/clinic/battery-concern.ts), so with the board on (`refill-board`) the
 * booking follows the alarm; without it the clinic sees ERI when it interrogates the pump at the next refill
 * (refill.ts) and books then. The replacement itself is modelled as instantaneous: the new pump is filled with
 * the prescribed strength and programmed with the running dose; the catheter stays.
 */
import { createPump } from '../pump/index.ts';
import { MS_PER_DAY, epochMs } from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import { applyRefill } from '../world/index.ts';
import type { Sim } from './context.ts';
import { program, stopPump } from './programming.ts';
import { addEvent } from './record.ts';

/** Days from the booking to the replacement [U]; ERI leaves 90 days [C]. */
export const ERI_REPLACEMENT_DAYS = sourced(
  30,
  'U',
  'our assumption: the replacement is done within 30 days of its booking, inside the 90 days ERI leaves',
);

/** Books the replacement of a pump at ERI, once. */
export function bookReplacement(sim: Sim): void {
  if (sim.replacementBooked || !sim.c.pump.alarms.some((a) => a.type === 'eri')) return;
  sim.replacementBooked = true;
  const at = epochMs(sim.c.t + Math.round(ERI_REPLACEMENT_DAYS.value * MS_PER_DAY));
  sim.agenda.add(at, { kind: 'pump-replacement' });
  addEvent(
    sim.rec,
    sim.c.t,
    'response',
    `the pump is at ERI: replacement booked in ${ERI_REPLACEMENT_DAYS.value} days`,
  );
}

/** Replaces the pump: a new one, filled and programmed with the running dose (stopped if stopped for overdose). */
export function replacePump(sim: Sim): void {
  const t = sim.c.t;
  const old = sim.c.pump;
  const p = old.prescription;
  const doseMcg = p.mode === 'simple-continuous' ? p.dose / 1000 : sim.doseBeforeChange;
  const drug = { drug: sim.s.drug, concentration: sim.concentration };
  const w = applyRefill(sim.c.world, { volumeAdded: sim.s.fillVolume, ...drug }, t);
  sim.pumpsReplaced++;
  const pump = createPump({
    profile: old.profile,
    serial: `${old.serial}-R${sim.pumpsReplaced}`,
    now: t,
    catheterVolume: sim.s.catheterVolume,
    fill: { ...drug, volume: sim.s.fillVolume },
    lowReservoirThreshold: old.thresholds.lowReservoir,
  });
  sim.c = { ...sim.c, world: w.world, pump };
  for (const k of Object.keys(sim.alarmSince)) delete sim.alarmSince[k as keyof typeof sim.alarmSince];
  sim.replacementBooked = false;
  addEvent(
    sim.rec,
    t,
    'pump-replacement',
    `pump replaced at ERI (the old one drained of ${(w.residual.volume / 1e6).toFixed(2)} mL)`,
  );
  if (sim.overdoseStop === null) program(sim, doseMcg, 'new pump programmed with the running dose', true);
  else stopPump(sim, 'new pump, stopped for overdose');
}
