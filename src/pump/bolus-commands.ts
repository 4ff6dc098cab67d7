/**
 * Bolus commands: single (clinician), priming (fills the catheter after implant or revision — dosing is
 * uncertain while drug mixes with the fluid in the catheter, so it must be supervised), bridge (pushes the
 * catheter's old fluid at the old dose after a concentration change, in place of the basal flow), and the
 * patient-activated bolus (lockout and daily maximum; never for drugs whose library entry forbids it).
 * Each is rounded to whole strokes, checked by bolus-checks.ts, and then runs on top of (or, for the
 * bridge, instead of) the basal mode, which resumes when it ends (docs/clinical-reference.md §3, infusion modes).
 */
import { getDrug } from '../therapy/drug-library.ts';
import { patientBolusForbidden } from '../therapy/patient-bolus-rules.ts';
import {
  MS_PER_DAY,
  millis,
  nanolitresPerDay,
  volumeForMass,
  type Millis,
  type Nanograms,
} from '../therapy/quantities.ts';
import { massText } from '../therapy/drug-display.ts';
import { checkBolus, type BolusRequest } from './bolus-checks.ts';
import { pumpReason } from './codes.ts';
import { accepted, refused, type Handler } from './results.ts';
import { writeLog, type Draft, type StepOutputs } from './draft.ts';
import { basalFlow } from './flows.ts';
import type { PumpCommand } from './inputs.ts';
import type { BolusPurpose, CommandResult } from './state.ts';
import { strokesFor } from './strokes.ts';

type Of<K extends PumpCommand['kind']> = Extract<PumpCommand, { kind: K }>;

/**
 * Flow that issues `strokes` whole strokes within `duration` (rounded up, so it ends on time). An absurd
 * request (a huge bolus in a millisecond) saturates instead of overflowing; the rate check then refuses it.
 */
function flowFor(d: Draft, strokes: number, duration: number) {
  const unit = BigInt(d.profile.strokeVolume.value) * BigInt(MS_PER_DAY);
  const flow = (BigInt(strokes) * unit + BigInt(duration) - 1n) / BigInt(duration);
  return nanolitresPerDay(flow > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(flow));
}

function start(
  d: Draft,
  out: StepOutputs,
  commandId: string,
  req: BolusRequest,
  what: string,
): CommandResult {
  const refusal = checkBolus(d, req);
  if (refusal !== null) return refused(refusal.code, refusal.reasons);
  d.bolus = {
    purpose: req.purpose,
    commandId,
    start: d.clock,
    strokesTotal: req.strokes,
    strokesDone: 0,
    flow: req.flow,
    acc: 0,
    replacesBasal: req.replacesBasal,
  };
  writeLog(d, out, 'bolus-started', `${req.purpose} started: ${what}`, {
    commandId,
    strokes: req.strokes,
    flow: req.flow,
  });
  return accepted();
}

const unknownContents = () =>
  refused('ITB_E_PUMP_STATE_UNKNOWN', [
    pumpReason(
      'ITB_R_PUMP_CONTENTS_UNKNOWN',
      'block',
      'the pump does not know what it holds: no bolus (fail closed)',
    ),
  ]);

/** A drug bolus of `amount` over `duration` from the reservoir's contents. */
function drugBolus(
  d: Draft,
  out: StepOutputs,
  commandId: string,
  purpose: BolusPurpose,
  amount: Nanograms,
  duration: Millis,
): CommandResult {
  const c = d.reservoir.contents;
  if (c === null || d.memory === 'critical-error') return unknownContents();
  if (c.concentration === 0) {
    return refused('ITB_E_PUMP_HARD_LIMIT', [
      pumpReason('ITB_R_PUMP_BOLUS_ABOVE_MAX', 'block', `${c.drug} holds no drug: no drug bolus`, 0, amount),
    ]);
  }
  const strokes = strokesFor(volumeForMass(amount, c.concentration), d.profile.strokeVolume.value);
  const req: BolusRequest = {
    purpose,
    strokes,
    flow: flowFor(d, strokes, duration),
    duration,
    replacesBasal: false,
  };
  return start(
    d,
    out,
    commandId,
    req,
    `${massText(amount, c.drug)} over ${Math.round(duration / 60_000)} min`,
  );
}

/** A volume bolus (priming, bridge) that fills or flushes the catheter and pump path. */
function volumeBolus(
  d: Draft,
  out: StepOutputs,
  commandId: string,
  purpose: 'priming-bolus' | 'bridge-bolus',
  volume: number,
  duration: number | undefined,
): CommandResult {
  if (d.reservoir.contents === null || d.memory === 'critical-error') return unknownContents();
  const sv = d.profile.strokeVolume.value;
  const strokes = strokesFor(volume, sv);
  const replacesBasal = purpose === 'bridge-bolus';
  let dur = duration;
  if (dur === undefined) {
    const room = d.profile.flowRange.value.max - (replacesBasal ? 0 : basalFlow(d).flow);
    if (room <= 0)
      return refused('ITB_E_PUMP_HARD_LIMIT', [
        pumpReason('ITB_R_PUMP_RATE_ABOVE_MAX', 'block', 'no flow left above the basal for a priming bolus'),
      ]);
    dur = Math.ceil((strokes * sv * MS_PER_DAY) / room);
  }
  const req: BolusRequest = {
    purpose,
    strokes,
    flow: flowFor(d, strokes, dur),
    duration: millis(dur),
    replacesBasal,
  };
  return start(d, out, commandId, req, `${strokes} strokes over ${Math.round(dur / 60_000)} min`);
}

const single: Handler<Of<'bolus'>> = (d, out, c) =>
  drugBolus(d, out, c.commandId, 'single-bolus', c.amount, c.duration);

const priming: Handler<Of<'priming-bolus'>> = (d, out, c) =>
  volumeBolus(
    d,
    out,
    c.commandId,
    'priming-bolus',
    c.volume ?? d.catheterVolume + d.profile.internalVolume.value,
    c.duration,
  );

const bridge: Handler<Of<'bridge-bolus'>> = (d, out, c) =>
  volumeBolus(d, out, c.commandId, 'bridge-bolus', c.volume, c.duration);

const patient: Handler<Of<'patient-bolus'>> = (d, out, c) => {
  const cfg = d.patientBolus;
  if (cfg === null) {
    return refused('ITB_E_PUMP_NOT_SUPPORTED', [
      pumpReason('ITB_R_PUMP_PATIENT_BOLUS_OFF', 'block', 'no patient bolus is programmed'),
    ]);
  }
  const contents = d.reservoir.contents;
  if (contents === null || d.memory === 'critical-error') return unknownContents();
  const forbidden = patientBolusForbidden(d.profile, getDrug(contents.drug));
  if (forbidden !== null) return refused('ITB_E_PUMP_HARD_LIMIT', [forbidden]);
  const last = d.patientBolusStarts.at(-1);
  if (last !== undefined && d.clock < last + cfg.lockout) {
    return refused('ITB_E_PUMP_NOT_NOW', [
      pumpReason(
        'ITB_R_PUMP_PATIENT_BOLUS_LOCKOUT',
        'block',
        `locked out for another ${Math.ceil((last + cfg.lockout - d.clock) / 60_000)} min`,
        cfg.lockout,
        d.clock - last,
      ),
    ]);
  }
  if (d.patientBolusStarts.length >= cfg.maxPerDay) {
    return refused('ITB_E_PUMP_HARD_LIMIT', [
      pumpReason(
        'ITB_R_PUMP_PATIENT_BOLUS_DAILY_MAX',
        'block',
        `${cfg.maxPerDay} patient boluses already in the last 24 h`,
        cfg.maxPerDay,
        d.patientBolusStarts.length,
      ),
    ]);
  }
  const result = drugBolus(d, out, c.commandId, 'patient-bolus', cfg.amount, cfg.duration);
  if (result.ok) d.patientBolusStarts = [...d.patientBolusStarts, d.clock];
  return result;
};

export const BOLUS_HANDLERS: Partial<Record<PumpCommand['kind'], Handler<never>>> = {
  bolus: single,
  'priming-bolus': priming,
  'bridge-bolus': bridge,
  'patient-bolus': patient,
};
