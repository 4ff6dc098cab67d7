/**
 * Signals from the world: motor faults, magnetic fields (MRI, strong magnets), battery and memory faults,
 * telemetry sessions. A signal never changes the prescription (docs/architecture.md principle 5: communication and
 * faults never stop therapy by rewriting it); it changes what the mechanism can do, and the alarms say so.
 */
import { epochMs } from '../therapy/quantities.ts';
import { chargeTelemetry } from './battery.ts';
import { writeLog, type Draft, type StepOutputs } from './draft.ts';
import { haltBolus } from './advance.ts';
import type { PumpSignal } from './inputs.ts';

const stall = (d: Draft, cause: 'fault' | 'field' | 'valve-closed', fieldPresent: boolean): void => {
  d.motor = { stalled: true, cause, since: d.motor.since ?? d.clock, fieldPresent, recoverAt: null };
};

/** Applies a signal to the draft (time has already been advanced to its instant). */
export function applySignal(d: Draft, out: StepOutputs, sig: PumpSignal): void {
  const response = d.profile.fieldResponse.value;
  switch (sig.kind) {
    case 'tick':
      return;
    case 'telemetry-session':
      chargeTelemetry(d);
      writeLog(d, out, 'telemetry-session', 'telemetry session (battery energy charged)');
      return;
    case 'motor-stall':
      if (response === 'unaffected') {
        writeLog(d, out, 'signal-ignored', 'motor stall reported to a pump without a motor');
        return;
      }
      stall(d, 'fault', d.motor.fieldPresent);
      writeLog(d, out, 'motor-stall', 'the mechanism stalled: delivery stopped');
      return;
    case 'motor-recovered':
      if (d.motor.stalled && d.motor.cause === 'fault') {
        d.motor = { ...d.motor, stalled: false, cause: null, since: null };
        writeLog(d, out, 'motor-recovered', 'the mechanism turns again');
      }
      return;
    case 'magnet-start':
      if (response === 'stall-then-recover') stall(d, 'field', true);
      else if (response === 'closed-until-reset') stall(d, 'valve-closed', true);
      else d.motor = { ...d.motor, fieldPresent: true };
      writeLog(d, out, 'field-start', `strong magnetic field (${sig.source}) detected`, {
        source: sig.source,
        stalled: d.motor.stalled,
      });
      return;
    case 'magnet-end': {
      const recoverAt = d.motor.cause === 'field' ? epochMs(d.clock + sig.recovery) : null;
      d.motor = { ...d.motor, fieldPresent: false, recoverAt };
      writeLog(d, out, 'field-end', 'magnetic field ended', {
        recoverAt,
        manualResetNeeded: d.motor.cause === 'valve-closed',
      });
      return;
    }
    case 'battery-fault':
      if (d.battery === null) {
        writeLog(d, out, 'signal-ignored', 'battery fault reported to a pump without a battery');
        return;
      }
      d.lowBatteryReset = true;
      writeLog(d, out, 'low-battery-reset', 'low-battery reset: running the safe rate until reprogrammed');
      return;
    case 'memory-fault':
      if (d.profile.alarms === undefined) {
        writeLog(d, out, 'signal-ignored', 'memory fault reported to a pump without memory');
        return;
      }
      if (sig.severity === 'minor') {
        if (d.memory === 'ok') d.memory = 'minor-error';
        writeLog(d, out, 'memory-error', 'non-critical memory error: reprogram to rewrite memory');
        return;
      }
      // Contents and programme can no longer be trusted: forget the contents so nothing relies on them.
      d.memory = 'critical-error';
      d.reservoir = { ...d.reservoir, contents: null };
      haltBolus(d, out, 'critical memory error');
      writeLog(
        d,
        out,
        'memory-error',
        'critical memory error: contents unknown, safe state; refill and reprogram',
      );
      return;
  }
}
