/**
 * The pump at its elective replacement indicator (ERI: replace within 90 days, docs/clinical-reference.md §3)
 * is replaced before its end of service (EOS). itb's board shows ERI and raises the `battery-eri` alert for
 * the nurse to book the replacement (src/clinic/battery-concern.ts), so with the board on (`refill-board`)
 * the booking follows the alarm; without it the clinic sees ERI when it interrogates the pump at the next
 * refill (refill.ts) and books then. With `eri-replacement` off the clinic ignores ERI: the pump runs on to
 * EOS and stops, and the clinic finds it stopped at the next refill or visit and replaces it then, restarting
 * the drug by the restart guidance after the time without drug (restart.ts). The replacement itself is
 * modelled as instantaneous: the new pump is filled with the prescribed strength and programmed with the
 * running dose; the catheter stays.
 */
import { createPump } from '../pump/index.ts';
import { MS_PER_DAY, MS_PER_HOUR, epochMs } from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import { applyRefill } from '../world/index.ts';
import type { Sim } from './context.ts';
import { isOn } from './controls.ts';
import { program, stopPump } from './programming.ts';
import { addEvent } from './record.ts';
import { noteRestart, planRestart } from './restart.ts';

/** Days from the booking to the replacement [U]; ERI leaves 90 days [C]. */
export const ERI_REPLACEMENT_DAYS = sourced(
  30,
  'U',
  'our assumption: the replacement is done within 30 days of its booking, inside the 90 days ERI leaves',
);

/** Books the replacement of a pump at ERI, once (never with `eri-replacement` off). */
export function bookReplacement(sim: Sim): void {
  if (!isOn(sim.s.controlsOff, 'eri-replacement')) return;
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

/**
 * When the clinic sees the pump (a refill's interrogation, a visit) and finds it at end of service, it
 * replaces it at once. Returns whether it did.
 */
export function replaceAtEndOfService(sim: Sim): boolean {
  if (!sim.c.pump.alarms.some((a) => a.type === 'eos')) return false;
  addEvent(sim.rec, sim.c.t, 'response', 'the pump is found at end of service (stopped): replaced at once');
  replacePump(sim);
  return true;
}

/**
 * Replaces the pump: a new one, filled and programmed with the running dose (stopped if stopped for overdose);
 * after an end of service the drug restarts by the restart guidance (the time since EOS without drug).
 */
export function replacePump(sim: Sim): void {
  const t = sim.c.t;
  const old = sim.c.pump;
  const p = old.prescription;
  const doseMcg = p.mode === 'simple-continuous' ? p.dose / 1000 : sim.doseBeforeChange;
  const stoppedSince = sim.alarmSince.eos;
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
  const booked = sim.agenda.find((a) => a.kind === 'pump-replacement');
  if (booked) sim.agenda.remove(booked);
  addEvent(
    sim.rec,
    t,
    'pump-replacement',
    `pump replaced ${stoppedSince === undefined ? 'at ERI' : 'after its end of service'} (the old one drained of ${(w.residual.volume / 1e6).toFixed(2)} mL)`,
  );
  if (sim.overdoseStop !== null) {
    stopPump(sim, 'new pump, stopped for overdose');
    return;
  }
  const restart = planRestart(sim, stoppedSince, doseMcg);
  if (restart === null) {
    program(sim, doseMcg, 'new pump programmed with the running dose', true);
    return;
  }
  const hours = ((t - (stoppedSince ?? t)) / MS_PER_HOUR).toFixed(0);
  const why = `new pump: restart after ${hours} h without drug since end of service${restart.note}`;
  if (program(sim, restart.doseMcg, why, true)) noteRestart(sim, restart.doseMcg);
}
