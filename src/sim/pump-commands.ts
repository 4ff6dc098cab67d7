/**
 * The simulated clinic's commands to the pump: every input goes through `command`, which records the
 * alarms it raises or clears and plans the clinic's response to the critical ones (alarm handling).
 */
import type { StepOutputs } from '../pump/draft.ts';
import type { AlarmChange, PumpInput } from '../pump/index.ts';
import type { AlarmType } from '../pump/state.ts';
import { epochMs } from '../therapy/quantities.ts';
import type { FaultRecord, Sim } from './context.ts';
import { isOn, pumpBuild } from './controls.ts';
import { pumpInput } from './couple.ts';
import { recordAlarms, type DetectionSignal } from './record.ts';

/** A fresh command id for the run. */
export const id = (sim: Sim, k: string): string => `sim-${k}-${++sim.cmd}`;

/** Gives the pump an input now and records its alarms; returns the outputs (the result for a command). */
export function command(sim: Sim, cmd: PumpInput): StepOutputs {
  const r = pumpInput(sim.c, cmd, pumpBuild(sim.s.controlsOff));
  sim.c = r.coupled;
  noteAlarms(sim, r.outputs.alarms);
  return r.outputs;
}

/** Critical alarms the simulated clinic responds to (when the scenario gives a response time). */
const RESPONDS_TO: readonly AlarmType[] = ['empty-reservoir', 'low-battery-reset'];

/** Records alarm changes and plans the clinic's response to the critical ones it acts on. */
export function noteAlarms(sim: Sim, changes: readonly AlarmChange[]): void {
  recordAlarms(sim.rec, changes);
  for (const ch of changes) {
    if (ch.change === 'raised') sim.alarmSince[ch.alarm] ??= epochMs(ch.at);
    else if (ch.change === 'cleared') delete sim.alarmSince[ch.alarm];
  }
  const after = sim.s.alarmResponseMs;
  if (after === null || !isOn(sim.s.controlsOff, 'alarm-handling')) return;
  for (const ch of changes) {
    if (ch.change !== 'raised' || !RESPONDS_TO.includes(ch.alarm)) continue;
    const already = sim.agenda.find((x) => x.kind === 'response' && x.alarm === ch.alarm);
    if (!already) sim.agenda.add(epochMs(ch.at + after), { kind: 'response', alarm: ch.alarm });
  }
}

/** Records a signal the clinic could notice. */
export function signal(sim: Sim, at: number, s: Exclude<DetectionSignal, 'refused'>): void {
  sim.rec.signals.push({ at, signal: s });
}

/** Records the refusal of the fault `rec` (a slip, a strength typed wrong): evidence of that fault alone. */
export function refusedSignal(sim: Sim, at: number, rec: FaultRecord): void {
  sim.rec.signals.push({ at, signal: 'refused', fault: rec });
}
