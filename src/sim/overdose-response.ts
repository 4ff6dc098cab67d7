/**
 * The simulated clinic's response to overdose signs, its standard of care (always on: a patient with
 * respiratory depression or in coma reaches care whatever software the clinic runs). The label's overdosage
 * section (docs/clinical-reference.md §2 "Overdose": treatment starts by emptying the pump; signs resolve
 * within up to 72 h) and its restart guidance (restart.ts) make the steps:
 *
 * 1. A sample shows the patient at {@link OVERDOSE_RESPONSE_STAGE} or worse: the clinic is alerted
 *    {@link OVERDOSE_ALERT_HOURS} later. At a visit, a reduction for any overdose sign that is refused (a
 *    running dose above the absolute range) leads to the same response at once (visit.ts).
 * 2. It stops the pump by programming it stopped, so no later refill, strength change or visit resumes the
 *    slipped dose (the reservoir is emptied and refilled with the prescribed strength at the restart: with
 *    the pump stopped nothing flows in between, so the model does both then).
 * 3. Every {@link OVERDOSE_RECHECK_HOURS} it looks again; once the signs have resolved it restarts from the
 *    last dose the patient had before the change that overdosed them (the lower of the running dose and the
 *    one before the last change: a slip's intended dose), lowered by the restart guidance — the same rule as
 *    every other restart (restart.ts). When the last change of dose before the signs was a restart, that
 *    restart overdosed the patient and the next restart is lower still (restart.ts `learnFromOverdose`).
 */
import { observe } from '../body/body.ts';
import { OVERDOSE_STAGES, stageRank, type OverdoseStage } from '../body/scales.ts';
import { MS_PER_HOUR, epochMs } from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import type { Sim } from './context.ts';
import { program, stopPump } from './programming.ts';
import { planRefill } from './refill-plan.ts';
import { syncBody } from './couple.ts';
import { addEvent } from './record.ts';
import { doRefill } from './refill.ts';
import { learnFromOverdose, noteRestart, planRestart } from './restart.ts';

/** The overdose stage that brings the patient to care at once [U: the label's emergency signs]. */
export const OVERDOSE_RESPONSE_STAGE = sourced<OverdoseStage>(
  'respiratory-depression',
  'U',
  'our reading of the label: respiratory depression and coma are emergencies; drowsiness waits for the next visit',
);

/** Hours from the sample that shows the signs to the clinic's response [U]. */
export const OVERDOSE_ALERT_HOURS = sourced(
  12,
  'U',
  'our assumption: the patient reaches emergency care and the pump clinic is alerted within 12 h (unconfirmed)',
);

/** Hours between the clinic's looks at a patient whose pump it stopped for overdose [U]. */
export const OVERDOSE_RECHECK_HOURS = sourced(
  24,
  'U',
  'our assumption: a patient under observation after an overdose is re-assessed daily (the label: coma up to 72 h)',
);

/** At a sample: plans the clinic's response when the patient shows emergency overdose signs. */
export function noteOverdose(sim: Sim, stage: OverdoseStage): void {
  if (stageRank(OVERDOSE_STAGES, stage) < stageRank(OVERDOSE_STAGES, OVERDOSE_RESPONSE_STAGE.value)) return;
  if (sim.overdoseStop !== null || sim.agenda.find((a) => a.kind === 'overdose-response')) return;
  const at = epochMs(sim.c.t + Math.round(OVERDOSE_ALERT_HOURS.value * MS_PER_HOUR));
  sim.agenda.add(at, { kind: 'overdose-response' });
}

/** The response: stop the pump, then re-check until the signs resolve. */
export function respondToOverdose(sim: Sim): void {
  const t = sim.c.t;
  const p = sim.c.pump.prescription;
  const running = p.mode === 'simple-continuous' ? p.dose / 1000 : sim.doseBeforeChange;
  const baseMcg = Math.min(running, sim.doseBeforeChange);
  learnFromOverdose(sim);
  if (!stopPump(sim, 'overdose response')) return;
  sim.overdoseStop = { since: t, baseMcg };
  addEvent(
    sim.rec,
    t,
    'response',
    `overdose signs: the clinic stops the pump at ${running} µg/day and empties it; restart from ${baseMcg} µg/day once the signs resolve`,
  );
  planRefill(sim);
  recheckLater(sim);
}

/** A re-check: still overdosed → look again later; resolved → refill and restart by the restart guidance. */
export function recheckOverdose(sim: Sim): void {
  const stop = sim.overdoseStop;
  if (stop === null) return;
  sim.c = syncBody(sim.c);
  if (observe(sim.c.body).overdoseStage !== 'none') {
    recheckLater(sim);
    return;
  }
  doRefill(sim, null, false);
  const plan = planRestart(sim, stop.since, stop.baseMcg) ?? { doseMcg: stop.baseMcg, note: '' };
  const hours = ((sim.c.t - stop.since) / MS_PER_HOUR).toFixed(0);
  // A refused restart is a recorded program-refused event; the pump stays stopped and the clinic looks again.
  if (!program(sim, plan.doseMcg, `restart after overdose, pump stopped ${hours} h${plan.note}`)) {
    recheckLater(sim);
    return;
  }
  noteRestart(sim, plan.doseMcg);
  sim.doseBeforeChange = plan.doseMcg;
  sim.overdoseStop = null;
}

function recheckLater(sim: Sim): void {
  const at = epochMs(sim.c.t + Math.round(OVERDOSE_RECHECK_HOURS.value * MS_PER_HOUR));
  sim.agenda.add(at, { kind: 'overdose-recheck' });
}
