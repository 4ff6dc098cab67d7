/**
 * Configuration commands: program, stop, resume, alarm thresholds, acknowledgement, clock and catheter
 * volume (refill is in refill-command.ts). Each accepted configuration bumps the state version (the
 * programmer's compare-and-set token). Stopping keeps the prescription for resume and warns of withdrawal
 * (FDA 2014 hazard: forgets to resume after a pause; boxed warning).
 */
import { getDrug } from '../therapy/drug-library.ts';
import { nanolitres } from '../therapy/quantities.ts';
import { formatVolume } from '../therapy/units.ts';
import type { Reason } from '../therapy/verdict.ts';
import { acknowledgeAlarm } from './alarms.ts';
import { refillHandler } from './refill-command.ts';
import { haltBolus } from './advance.ts';
import { pumpReason } from './codes.ts';
import { writeLog } from './draft.ts';
import type { PumpCommand } from './inputs.ts';
import { checkPrescription, meanFlowOf } from './prescription-checks.ts';
import { bump, install } from './programme.ts';
import { accepted, refused, type Handler } from './results.ts';
import type { PumpState } from './state.ts';

type Of<K extends PumpCommand['kind']> = Extract<PumpCommand, { kind: K }>;

/** UTC offsets a pump clock accepts (the world's range, UTC−12 to UTC+14). */
export const UTC_OFFSET_RANGE = { min: -720, max: 840 } as const;

const outOfRange = (message: string, limit?: number, value?: number) =>
  refused('ITB_E_PUMP_HARD_LIMIT', [
    pumpReason('ITB_R_PUMP_SETTING_OUT_OF_RANGE', 'block', message, limit, value),
  ]);

const program: Handler<Of<'program'>> = (d, out, c, build) => {
  const pb = c.patientBolus === undefined ? d.patientBolus : c.patientBolus;
  const refusal = checkPrescription(d, c.prescription, pb, build);
  if (refusal !== null) return refused(refusal.code, refusal.reasons);
  install(d, c.prescription);
  d.patientBolus = pb;
  bump(d);
  writeLog(d, out, 'program', `programmed ${c.prescription.mode}`, {
    mode: c.prescription.mode,
    meanFlow: d.meanFlow,
  });
  return accepted(stopWarning(d, c.prescription.mode === 'stopped'));
};

function stopWarning(s: PumpState, stopping: boolean): Reason[] {
  const c = s.reservoir.contents;
  if (!stopping || c === null || !getDrug(c.drug).withdrawalRisk) return [];
  return [
    pumpReason(
      'ITB_R_PUMP_WITHDRAWAL_RISK',
      'warn',
      `${c.drug} stopped: withdrawal can begin within hours (boxed warning); resume or replace therapy`,
    ),
  ];
}

const stop: Handler<Of<'stop'>> = (d, out) => {
  if (!d.profile.modes.value.includes('stopped')) {
    // A gas-driven constant-flow pump has no valve or motor to stop: only emptying it stops the flow.
    return refused('ITB_E_PUMP_NOT_SUPPORTED', [
      pumpReason(
        'ITB_R_PUMP_MODE_NOT_SUPPORTED',
        'block',
        `${d.profile.name} cannot be stopped: empty the reservoir`,
      ),
    ]);
  }
  d.suspended = true;
  haltBolus(d, out, 'stopped by command');
  bump(d);
  writeLog(d, out, 'stop', 'delivery stopped by command; the prescription is kept for resume');
  return accepted(stopWarning(d, true));
};

const resume: Handler<Of<'resume'>> = (d, out) => {
  if (d.motor.cause === 'valve-closed' && d.motor.fieldPresent) {
    return refused('ITB_E_PUMP_NOT_NOW', [
      pumpReason(
        'ITB_R_PUMP_STOPPED',
        'block',
        'the magnetic field is still present: the valve cannot be reset',
      ),
    ]);
  }
  d.suspended = false;
  if (d.motor.cause === 'valve-closed') d.motor = { ...d.motor, stalled: false, cause: null, since: null };
  bump(d);
  writeLog(d, out, 'resume', 'delivery resumed');
  return accepted();
};

const thresholds: Handler<Of<'set-alarm-thresholds'>> = (d, out, c) => {
  const range = d.profile.lowReservoir.value;
  if (c.lowReservoir !== undefined && (c.lowReservoir < range.min || c.lowReservoir > range.max)) {
    return outOfRange(
      `low-reservoir threshold must be ${formatVolume(range.min)}–${formatVolume(range.max)}`,
      range.max,
      c.lowReservoir,
    );
  }
  const alarms = d.profile.alarms;
  if (c.criticalRepeat !== undefined) {
    if (alarms === undefined)
      return refused('ITB_E_PUMP_NOT_SUPPORTED', [
        pumpReason('ITB_R_PUMP_SETTING_OUT_OF_RANGE', 'block', `${d.profile.name} has no alarms`),
      ]);
    const r = alarms.criticalRepeat.value;
    if (c.criticalRepeat < r.min || c.criticalRepeat > r.max) {
      return outOfRange(
        `critical repeat interval must be ${r.min / 60_000}–${r.max / 60_000} min`,
        r.max,
        c.criticalRepeat,
      );
    }
  }
  d.thresholds = {
    lowReservoir: c.lowReservoir ?? d.thresholds.lowReservoir,
    criticalRepeat: c.criticalRepeat ?? d.thresholds.criticalRepeat,
  };
  bump(d);
  writeLog(d, out, 'alarm-thresholds', 'alarm thresholds set', {
    lowReservoir: d.thresholds.lowReservoir,
    criticalRepeat: d.thresholds.criticalRepeat,
  });
  return accepted();
};

const acknowledge: Handler<Of<'acknowledge-alarm'>> = (d, out, c) => {
  const r = acknowledgeAlarm(d, out, c.alarm);
  if (r.ok)
    writeLog(
      d,
      out,
      'alarm-acknowledged',
      `${c.alarm} acknowledged; it sounds again next cycle while the condition holds`,
      { alarm: c.alarm },
    );
  return r;
};

const clock: Handler<Of<'set-clock'>> = (d, out, c) => {
  if (c.utcOffsetMinutes < UTC_OFFSET_RANGE.min || c.utcOffsetMinutes > UTC_OFFSET_RANGE.max) {
    return outOfRange(
      `UTC offset must be ${UTC_OFFSET_RANGE.min}…${UTC_OFFSET_RANGE.max} minutes`,
      UTC_OFFSET_RANGE.max,
      c.utcOffsetMinutes,
    );
  }
  d.utcOffsetMinutes = c.utcOffsetMinutes;
  d.meanFlow = meanFlowOf(d);
  bump(d);
  writeLog(
    d,
    out,
    'clock',
    `clock offset set to UTC${c.utcOffsetMinutes >= 0 ? '+' : ''}${c.utcOffsetMinutes} min`,
    { utcOffsetMinutes: c.utcOffsetMinutes },
  );
  return accepted();
};

const catheter: Handler<Of<'set-catheter-volume'>> = (d, out, c) => {
  const max = d.profile.maxCatheterVolume.value;
  if (c.volume > max)
    return outOfRange(`catheter volume must be at most ${formatVolume(max)}`, max, c.volume);
  d.catheterVolume = nanolitres(c.volume);
  bump(d);
  writeLog(d, out, 'catheter', `catheter volume set to ${formatVolume(c.volume)}`, { volume: c.volume });
  return accepted();
};

export const CONFIG_HANDLERS: Partial<Record<PumpCommand['kind'], Handler<never>>> = {
  program,
  refill: refillHandler,
  stop,
  resume,
  'set-alarm-thresholds': thresholds,
  'acknowledge-alarm': acknowledge,
  'set-clock': clock,
  'set-catheter-volume': catheter,
};
