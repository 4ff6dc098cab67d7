/**
 * Whether the pump may start a bolus: one ordered list of checks in one pure function, every failing check
 * reported (Trio's bolus validator; FDA/UPenn GIP hazard analysis and Open PCA Pump requirements: a bolus
 * that would break a hard limit is refused; any critical alarm halts a bolus). Unknown state refuses
 * (fail closed). The first failing check names the error code.
 */
import { flowIntegral, segmentsBetween } from '../therapy/dose-math.ts';
import { getDrug, isConcentrationAllowed } from '../therapy/drug-library.ts';
import {
  MS_PER_DAY,
  MS_PER_HOUR,
  epochMs,
  massInVolume,
  nanolitres,
  type Millis,
  type Nanograms,
  type NanolitresPerDay,
} from '../therapy/quantities.ts';
import { formatDose, formatFlow, formatMass, formatVolume } from '../therapy/units.ts';
import type { Reason } from '../therapy/verdict.ts';
import { criticalActive } from './alarms.ts';
import { pumpReason, type PumpErrorCode } from './codes.ts';
import { basalFlow, outOfService } from './flows.ts';
import type { Refusal } from './prescription-checks.ts';
import type { BolusPurpose, PumpState } from './state.ts';

/** A bolus the pump has been asked to run, already rounded to whole strokes. */
export interface BolusRequest {
  readonly purpose: BolusPurpose;
  readonly strokes: number;
  readonly flow: NanolitresPerDay;
  readonly duration: Millis;
  readonly replacesBasal: boolean;
}

/** Drug delivered in the last 24 h, counting the boundary hour whole (conservative by up to one hour). */
export function deliveredLast24h(s: PumpState): Nanograms {
  const from = Math.floor((s.clock - MS_PER_DAY) / MS_PER_HOUR);
  return s.lastDay.reduce((sum, b) => (b.hour >= from ? sum + b.ng : sum), 0) as Nanograms;
}

/** Drug the programme delivers over the next `duration` (ng). */
function programmedMass(s: PumpState, duration: Millis): number {
  const p = s.prescription;
  const c = s.reservoir.contents;
  if (p.mode === 'stopped' || c === null) return 0;
  const opts = { minimumRateFlow: s.profile.minimumRateFlow.value };
  const integral = flowIntegral(
    segmentsBetween(p, s.clock, epochMs(s.clock + duration), s.utcOffsetMinutes, opts),
  );
  const volume = Number((integral + BigInt(MS_PER_DAY) - 1n) / BigInt(MS_PER_DAY));
  return massInVolume(nanolitres(volume), c.concentration);
}

/** Every reason the bolus is refused, or null when it may start. */
export function checkBolus(s: PumpState, req: BolusRequest): Refusal | null {
  const found: { code: PumpErrorCode; reason: Reason }[] = [];
  const fail = (code: PumpErrorCode, reason: Reason) => found.push({ code, reason });
  const profile = s.profile;
  const sv = profile.strokeVolume.value;
  const volume = req.strokes * sv;
  const operator = req.purpose !== 'patient-bolus';

  if (operator && !profile.boluses.value.includes(req.purpose)) {
    fail(
      'ITB_E_PUMP_NOT_SUPPORTED',
      pumpReason('ITB_R_PUMP_BOLUS_NOT_SUPPORTED', 'block', `${profile.name} cannot run a ${req.purpose}`),
    );
  }
  if (outOfService(s)) {
    fail(
      'ITB_E_PUMP_OUT_OF_SERVICE',
      pumpReason('ITB_R_PUMP_END_OF_SERVICE', 'block', 'the pump has reached end of service'),
    );
  }
  const contents = s.reservoir.contents;
  if (contents === null || s.memory === 'critical-error') {
    fail(
      'ITB_E_PUMP_STATE_UNKNOWN',
      pumpReason(
        'ITB_R_PUMP_CONTENTS_UNKNOWN',
        'block',
        'the pump does not know what it holds: no bolus (fail closed)',
      ),
    );
  }
  if (criticalActive(s)) {
    const which = s.alarms.map((a) => a.type).join(', ');
    fail(
      'ITB_E_PUMP_NOT_NOW',
      pumpReason('ITB_R_PUMP_CRITICAL_ALARM', 'block', `a critical alarm is active (${which})`),
    );
  }
  if (s.suspended || s.motor.stalled) {
    fail(
      'ITB_E_PUMP_NOT_NOW',
      pumpReason(
        'ITB_R_PUMP_STOPPED',
        'block',
        s.suspended ? 'the pump is stopped' : 'the mechanism is stalled',
      ),
    );
  }
  if (s.bolus !== null) {
    fail(
      'ITB_E_PUMP_NOT_NOW',
      pumpReason('ITB_R_PUMP_BOLUS_RUNNING', 'block', `a ${s.bolus.purpose} is already running`),
    );
  }
  if (req.strokes < 1) {
    fail(
      'ITB_E_PUMP_HARD_LIMIT',
      pumpReason(
        'ITB_R_PUMP_BOLUS_TOO_SMALL',
        'block',
        `less than one ${formatVolume(sv)} stroke`,
        sv,
        volume,
      ),
    );
  }
  const basal = req.replacesBasal ? 0 : basalFlow(s).flow;
  const max = profile.flowRange.value.max;
  if (basal + req.flow > max) {
    fail(
      'ITB_E_PUMP_HARD_LIMIT',
      pumpReason(
        'ITB_R_PUMP_RATE_ABOVE_MAX',
        'block',
        `basal plus bolus ${formatFlow(basal + req.flow)} exceeds the device maximum ${formatFlow(max)}`,
        max,
        basal + req.flow,
      ),
    );
  }
  if (contents !== null && s.reservoir.volume - volume < profile.emptyThreshold.value) {
    fail(
      'ITB_E_PUMP_HARD_LIMIT',
      pumpReason(
        'ITB_R_PUMP_RESERVOIR_LOW',
        'block',
        `the calculated reservoir ${formatVolume(s.reservoir.volume)} cannot give ${formatVolume(volume)} above the empty threshold`,
        s.reservoir.volume,
        volume,
      ),
    );
  }
  if (req.purpose === 'priming-bolus' || req.purpose === 'bridge-bolus') {
    const space = s.catheterVolume + profile.internalVolume.value;
    if (volume > space) {
      fail(
        'ITB_E_PUMP_HARD_LIMIT',
        pumpReason(
          'ITB_R_PUMP_BOLUS_EXCEEDS_CATHETER',
          'block',
          `${formatVolume(volume)} is more than the catheter and pump path hold (${formatVolume(space)}): the excess would reach the spine as a bolus`,
          space,
          volume,
        ),
      );
    }
  } else if (contents !== null) {
    const drug = getDrug(contents.drug);
    if (!isConcentrationAllowed(drug, contents.concentration)) {
      fail(
        'ITB_E_PUMP_HARD_LIMIT',
        pumpReason(
          'ITB_R_PUMP_CONCENTRATION_NOT_ALLOWED',
          'block',
          `the reservoir concentration is not allowed for ${drug.id}`,
        ),
      );
    }
    const amount = massInVolume(nanolitres(volume), contents.concentration);
    if (amount > drug.maxBolus.value || drug.maxBolus.value === 0) {
      fail(
        'ITB_E_PUMP_HARD_LIMIT',
        pumpReason(
          'ITB_R_PUMP_BOLUS_ABOVE_MAX',
          'block',
          `${formatMass(amount, drug.labelUnit)} exceeds the ${drug.id} single-bolus maximum ${formatMass(drug.maxBolus.value, drug.labelUnit)}`,
          drug.maxBolus.value,
          amount,
        ),
      );
    }
    const window = deliveredLast24h(s) + amount + programmedMass(s, req.duration);
    const hardMax = drug.hardDoseRange.value.max;
    if (window > hardMax) {
      fail(
        'ITB_E_PUMP_HARD_LIMIT',
        pumpReason(
          'ITB_R_PUMP_ROLLING_24H_ABOVE_MAX',
          'block',
          `the last 24 h would total ${formatDose(window, drug.labelUnit)}, above the absolute ${formatDose(hardMax, drug.labelUnit)}`,
          hardMax,
          window,
        ),
      );
    }
  }
  const first = found[0];
  return first === undefined ? null : { code: first.code, reasons: found.map((f) => f.reason) };
}
