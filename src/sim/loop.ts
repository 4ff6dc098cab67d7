/**
 * The runner's event loop: everything due now (agenda items in order, then the sample), then one jump to
 * the earliest next instant — the end, the next sample, the agenda's next item, the pump's own next event —
 * never a fixed tick (docs/architecture.md principle 2) unless `forceStepHours` asks for one (benchmarks).
 * With `sampling: 'events'` quiet grid instants are leapt over (sampling.ts).
 */
import { observe } from '../body/body.ts';
import { nextEventTime, type PumpState } from '../pump/index.ts';
import { MS_PER_DAY, MS_PER_HOUR, epochMs } from '../therapy/quantities.ts';
import { replaceCatheter } from '../world/index.ts';
import type { Action } from './agenda.ts';
import type { Sim } from './context.ts';
import { program } from './programming.ts';
import { command, noteAlarms } from './pump-commands.ts';
import { visit } from './visit.ts';
import { isOn } from './controls.ts';
import { advanceCoupled, syncBody, type Coupled, type CouplingOptions } from './couple.ts';
import { injectFault } from './faults.ts';
import { addEvent, sampleRow } from './record.ts';
import { doRefill } from './refill.ts';
import { restartLower } from './restart.ts';
import { noteOverdose, recheckOverdose, respondToOverdose } from './overdose-response.ts';
import { bookReplacement, replacePump } from './pump-replacement.ts';
import { MAX_LEAP_DAYS, QUIET_SETTLE_HOURS, sampleClass, type Sampling } from './sampling.ts';

/** How the loop samples and steps. */
export interface LoopOptions extends CouplingOptions {
  readonly sampleHours: number;
  /** The tone goal the samples are classed against (sampling.ts). */
  readonly goalMeanMas: number;
  readonly sampling: Sampling;
  /** Forces an event at least this often (hours): the fixed-step baseline of the benchmark; no leaps. */
  readonly forceStepHours?: number;
}

/** A leap in flight: the state at its start (a sample), to run the stretch again on the grid if needed. */
interface Leap {
  readonly from: Coupled;
  readonly cls: string;
}

/** Runs the simulation from `sim.c.t` to the end. */
export function loop(sim: Sim, o: LoopOptions): void {
  const sampleMs = Math.round(o.sampleHours * MS_PER_HOUR);
  const forced = o.forceStepHours === undefined ? Infinity : Math.round(o.forceStepHours * MS_PER_HOUR);
  const leaping = o.sampling === 'events' && forced === Infinity;
  const settleMs = QUIET_SETTLE_HOURS.value * MS_PER_HOUR;
  const maxLeapMs = MAX_LEAP_DAYS.value * MS_PER_DAY;
  const end = sim.s.end;
  let nextSample: number = sim.c.t;
  let lastEvent: number = sim.c.t;
  let lastCls: string | null = null;
  let leap: Leap | null = null;
  // After a leap is undone, no new leap starts before the instant it reached (no quadratic retries).
  let gridUntil = -Infinity;
  // The pump's next event, kept for the pump state it was planned for (a leap's horizon and the step after
  // it ask the same state; planning it is a search over the energy budget).
  let plannedFor: PumpState | null = null;
  let plannedAt = Infinity;
  const pumpNextAt = (): number => {
    if (sim.c.pump !== plannedFor) {
      plannedFor = sim.c.pump;
      plannedAt = nextEventTime(plannedFor) ?? Infinity;
    }
    return plannedAt;
  };
  for (;;) {
    const t = sim.c.t;
    // Everything due now: agenda items first (in order), then the sample.
    for (let item = sim.agenda.popDue(t); item; item = sim.agenda.popDue(t)) {
      act(sim, item.action);
      lastEvent = t;
    }
    if (t >= nextSample) {
      sim.c = syncBody(sim.c);
      const obs = observe(sim.c.body);
      const cls = sampleClass(obs, o.goalMeanMas);
      if (leap !== null) {
        const from = leap.from;
        const same = cls === leap.cls;
        leap = null;
        if (!same) {
          // Something changed inside the quiet stretch: run it again on the grid, dating the change exactly.
          sim.c = from;
          nextSample = from.t + sampleMs;
          gridUntil = t;
          continue;
        }
      }
      if (obs.withdrawalStage !== 'none' || obs.overdoseStage !== 'none') {
        const prev = sim.rec.samples.at(-1);
        if (
          prev &&
          (prev.withdrawalStage !== obs.withdrawalStage || prev.overdoseStage !== obs.overdoseStage)
        ) {
          addEvent(sim.rec, t, 'stage', `withdrawal ${obs.withdrawalStage}, overdose ${obs.overdoseStage}`);
        }
      }
      sampleRow(sim.rec, sim.c, obs);
      noteOverdose(sim, obs.overdoseStage);
      nextSample = t + sampleMs;
      if (leaping && cls === lastCls && t >= gridUntil && t - lastEvent >= settleMs) {
        // Just before whatever happens next: the leap's stretch holds no event, so one jump is exact for
        // the pump and the world, and the body sees the same constant inputs.
        const next = Math.min(sim.agenda.nextAt() ?? Infinity, pumpNextAt(), end);
        const k = Math.floor((Math.min(next - 1, t + maxLeapMs) - t) / sampleMs);
        if (k >= 2) {
          leap = { from: sim.c, cls };
          nextSample = t + k * sampleMs;
        }
      }
      lastCls = cls;
    }
    if (t >= end) return;
    const pumpNext = pumpNextAt();
    const to = epochMs(
      Math.max(t + 1, Math.min(end, nextSample, t + forced, sim.agenda.nextAt() ?? Infinity, pumpNext)),
    );
    const a = advanceCoupled(sim.c, to, o);
    if (leap !== null && a.alarms.length > 0) {
      // An alarm inside a leap is an event: the stretch is run on the grid instead.
      sim.c = leap.from;
      nextSample = leap.from.t + sampleMs;
      gridUntil = to;
      leap = null;
      continue;
    }
    sim.c = a.coupled;
    if (to === pumpNext || a.alarms.length > 0) lastEvent = to;
    noteAlarms(sim, a.alarms);
    // The board shows ERI and prompts the booking of the replacement (pump-replacement.ts).
    if (isOn(sim.s.controlsOff, 'refill-board')) bookReplacement(sim);
  }
}

function act(sim: Sim, a: Action): void {
  const t = sim.c.t;
  switch (a.kind) {
    case 'refill':
      doRefill(sim, a.index, a.late === true);
      return;
    case 'visit':
      visit(sim);
      return;
    case 'fault':
      injectFault(sim, a.fault, sim.faultRecords[a.id] as never);
      return;
    case 'magnet-end':
      command(sim, { kind: 'magnet-end', recovery: a.recovery });
      addEvent(
        sim.rec,
        t,
        'fault',
        `MRI field ended; the rotor turns again in ${(a.recovery / MS_PER_HOUR).toFixed(1)} h`,
      );
      return;
    case 'response':
      addEvent(sim.rec, t, 'response', `the clinic responds to the ${a.alarm} alarm`);
      if (a.alarm === 'empty-reservoir') doRefill(sim, null, false);
      else if (a.alarm === 'low-battery-reset') {
        const p = sim.c.pump.prescription;
        const since = sim.alarmSince['low-battery-reset'];
        // A refused restart is recorded by program(); the prior full rate is resumed only when the
        // guidance does not apply.
        if (p.mode === 'simple-continuous' && restartLower(sim, since, p.dose / 1000) === null)
          program(sim, p.dose / 1000, 'reprogram after low-battery reset', true);
      }
      return;
    case 'catheter-revision': {
      const r = replaceCatheter(sim.c.world, sim.s.catheterVolume, t, {
        drug: sim.s.drug,
        concentration: sim.concentration,
      });
      sim.c = { ...sim.c, world: r.world };
      sim.catheterFault = false;
      addEvent(sim.rec, t, 'catheter-revision', 'catheter revised (new catheter primed with drug)');
      // Drug that did not reach the patient is an interruption: tolerance fell while the visits may have
      // raised the dose into the blocked catheter, so the new catheter restarts lower (the label's restart
      // guidance, restart.ts), not at the raised rate.
      const p = sim.c.pump.prescription;
      if (p.mode === 'simple-continuous')
        restartLower(sim, sim.underDeliverySince ?? undefined, p.dose / 1000);
      sim.underDeliverySince = null;
      return;
    }
    case 'overdose-response':
      respondToOverdose(sim);
      return;
    case 'overdose-recheck':
      recheckOverdose(sim);
      return;
    case 'pump-replacement':
      replacePump(sim);
      return;
    case 'recall':
      addEvent(sim.rec, t, 'response', 'the overdue board recalls the patient for the missed refill');
      doRefill(sim, null, false);
      return;
  }
}
