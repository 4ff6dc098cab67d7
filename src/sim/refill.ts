/**
 * A refill as the procedure describes it (docs/clinical-reference.md §3 "Critical actions"): interrogate, drain the residual
 * completely, inject into the reservoir, update the pump, which reconciles the drained residual with its
 * calculated one (Maino 2017 thresholds). The scenario's refill faults act here: missed, late, pocket fill,
 * wrong concentration, a strength typed wrong (strength-typed.ts); population runs also draw pocket fills
 * at the [C] rate.
 */
import { MS_PER_DAY, epochMs, type NanogramsPerMl } from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import { applyRefill } from '../world/index.ts';
import { bernoulli } from '../world/random.ts';
import type { FaultRecord, Sim } from './context.ts';
import { continuous } from './programming.ts';
import { command, id, signal } from './pump-commands.ts';
import { planRefill } from './refill-plan.ts';
import { changedStrength, strengthForRefill } from './concentration-change.ts';
import { isOn } from './controls.ts';
import { addEvent } from './record.ts';
import { bookReplacement, replaceAtEndOfService } from './pump-replacement.ts';
import { restartLower } from './restart.ts';
import { strengthSent } from './strength-typed.ts';
import type { Fault } from './scenario.ts';

function faultFor(sim: Sim, kind: Fault['kind'], index: number): { f: Fault; rec: FaultRecord } | undefined {
  for (const [i, f] of sim.faults.entries()) {
    if (f.kind === kind && 'refill' in f && f.refill === index)
      return { f, rec: sim.faultRecords[i] as FaultRecord };
  }
  return undefined;
}

/** Days from a discrepancy that points to the catheter to its revision [A]. */
export const CATHETER_STUDY_DAYS = sourced(
  2,
  'A',
  'our assumption: catheter study and revision within two days of the discrepancy',
);

/**
 * Days from a missed refill to the recall the overdue board prompts [A: the board lists the patient as
 * overdue the day after; our assumption that the clinic reaches them and refills within two days].
 */
export const OVERDUE_RECALL_DAYS = sourced(
  2,
  'A',
  'our assumption: an overdue refill on the board is recalled and done within two days',
);

/** A refill as the procedure describes it, with the refill faults of the scenario applied. */
export function doRefill(sim: Sim, index: number | null, late: boolean): void {
  const t = sim.c.t;
  if (index !== null) {
    sim.pendingRefill = null;
    sim.refillIndex = index;
    const missed = faultFor(sim, 'missed-refill', index);
    if (missed) {
      missed.rec.startedAt = t;
      sim.tracking = false;
      addEvent(sim.rec, t, 'refill-missed', `scheduled refill ${index} did not happen (injected fault)`, [
        {
          code: 'ITB_R_SIM_REFILL_MISSED',
          severity: 'warn',
          message: 'refill missed: the reservoir runs down',
        },
      ]);
      // The overdue board shows the missed refill (the refill-by date has passed): the patient is recalled.
      if (isOn(sim.s.controlsOff, 'refill-board')) {
        signal(sim, t, 'overdue-board');
        sim.agenda.add(epochMs(t + Math.round(OVERDUE_RECALL_DAYS.value * MS_PER_DAY)), { kind: 'recall' });
      }
      return;
    }
    const lateF = faultFor(sim, 'late-refill', index);
    if (lateF && !late && lateF.f.kind === 'late-refill') {
      lateF.rec.startedAt = t;
      // Past its refill-by date the refill shows as overdue on the board, which recalls the patient.
      const board = isOn(sim.s.controlsOff, 'refill-board');
      const days = board ? Math.min(lateF.f.lateDays, OVERDUE_RECALL_DAYS.value) : lateF.f.lateDays;
      if (board) signal(sim, t, 'overdue-board');
      addEvent(
        sim.rec,
        t,
        'refill-late',
        `refill ${index} postponed by ${lateF.f.lateDays} days (injected fault)` +
          (days < lateF.f.lateDays ? `; the overdue board recalls the patient after ${days} days` : ''),
      );
      sim.pendingRefill = sim.agenda.add(epochMs(t + Math.round(days * MS_PER_DAY)), {
        kind: 'refill',
        index,
        late: true,
      });
      return;
    }
  }
  // The interrogation finds a pump at end of service: it is replaced (and filled) instead of refilled.
  if (replaceAtEndOfService(sim)) {
    sim.tracking = true;
    planRefill(sim);
    return;
  }
  const interruptedSince = sim.alarmSince['empty-reservoir'];
  const pocket = index === null ? undefined : faultFor(sim, 'pocket-fill', index);
  const wrong = index === null ? undefined : faultFor(sim, 'wrong-concentration', index);
  let pocketFill = pocket && pocket.f.kind === 'pocket-fill' ? (pocket.f.fraction ?? 1) : 0;
  if (pocket) pocket.rec.startedAt = t;
  if (pocketFill === 0 && sim.s.pocketFillPerRefill > 0) {
    const [hit, rng] = bernoulli(sim.faultRng, sim.s.pocketFillPerRefill);
    sim.faultRng = rng;
    if (hit) {
      pocketFill = 1;
      sim.faultRecords.push({ kind: 'pocket-fill', startedAt: t, detectedAt: null, detectedBy: null });
    }
  }
  const outOfStock = index === null ? undefined : faultFor(sim, 'strength-change', index);
  if (outOfStock) outOfStock.rec.startedAt = t;
  const before = sim.c.pump.prescription;
  const from = sim.concentration;
  const to = strengthForRefill(sim, outOfStock?.f.kind === 'strength-change' ? outOfStock.f : undefined);
  const typed = index === null ? undefined : faultFor(sim, 'strength-typed', index);
  const sent = strengthSent(sim, typed, to);
  // A new strength goes to the pump with the prescription for it (the same dose), as the pump requires —
  // also a strength typed wrong that got through, which the pump then believes it holds.
  const pumpHolds = sim.c.pump.reservoir.contents?.concentration ?? from;
  const newPrescription =
    sent !== pumpHolds && before.mode === 'simple-continuous'
      ? continuous(sim, before.dose / 1000, sent)
      : null;
  const actual = wrong && wrong.f.kind === 'wrong-concentration' ? mcgToConc(wrong.f.actualMcgPerMl) : to;
  if (wrong) wrong.rec.startedAt = t;
  command(sim, { kind: 'telemetry-session' });
  // The interrogation shows ERI whatever the board does: the clinic books the replacement then at the latest.
  bookReplacement(sim);
  const w = applyRefill(
    sim.c.world,
    { volumeAdded: sim.s.fillVolume, concentration: actual, drug: sim.s.drug, pocketFill },
    t,
  );
  sim.c = { ...sim.c, world: w.world };
  const out = command(sim, {
    kind: 'refill',
    commandId: id(sim, 'refill'),
    drug: sim.s.drug,
    concentration: sent,
    ...(newPrescription === null ? {} : { prescription: newPrescription }),
    volumeAdded: sim.s.fillVolume,
    newVolume: sim.s.fillVolume,
    // Without reconciliation the residual is drained but not compared (the pump reconciles only what it is told).
    ...(isOn(sim.s.controlsOff, 'reconciliation') ? { drainedVolume: w.residual.volume } : {}),
  });
  const res = out.result;
  const calc = sim.c.pump.reservoir.volume;
  if (res?.ok === true) {
    sim.refillsDone++;
    // A strength typed wrong that got through is no change of strength the clinic knows of: no bridge.
    if (sent === to && to !== from && newPrescription !== null)
      changedStrength(sim, from, to, newPrescription.dose);
    const flagged = res.reasons.filter((r) => r.severity !== 'ok');
    addEvent(
      sim.rec,
      t,
      'refill',
      `refill${index === null ? ' (after alarm)' : ` ${index}`}: residual ${(w.residual.volume / 1e6).toFixed(2)} mL drained, ${(calc / 1e6).toFixed(1)} mL in`,
      res.reasons,
    );
    if (flagged.length > 0) {
      sim.discrepancies++;
      signal(sim, t, 'discrepancy');
      addEvent(
        sim.rec,
        t,
        'discrepancy',
        'reconciliation: residual differs from the calculated volume',
        flagged,
      );
      // The guidance after a discrepancy includes a catheter study (discrepancyGuidance); a faulty
      // catheter it finds is revised [A: within CATHETER_STUDY_DAYS].
      if (sim.catheterFault && isOn(sim.s.controlsOff, 'troubleshooting')) {
        const at = epochMs(t + Math.round(CATHETER_STUDY_DAYS.value * MS_PER_DAY));
        sim.agenda.add(at, { kind: 'catheter-revision' });
        // The study finds the catheter faulty: the drug has not been reaching the spine as programmed
        // since this refill at least (restart guidance at the revision).
        sim.underDeliverySince ??= t;
      }
    }
  } else {
    addEvent(sim.rec, t, 'program-refused', 'refill refused by the pump', res?.reasons ?? []);
  }
  sim.tracking = true;
  const p = sim.c.pump.prescription;
  // A pump stopped for overdose restarts by its own response (overdose-response.ts), not from the running dose.
  if (res?.ok === true && p.mode === 'simple-continuous' && sim.overdoseStop === null)
    restartLower(sim, interruptedSince, p.dose / 1000);
  planRefill(sim);
}

const mcgToConc = (mcg: number): NanogramsPerMl => Math.round(mcg * 1000) as NanogramsPerMl;
