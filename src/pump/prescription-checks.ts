/**
 * The pump's own checks of a prescription before it runs it (defence in depth, docs/architecture.md principle 4; Open
 * PCA Pump requirements: "the drug in the reservoir must match an authenticated drug-library entry"). The
 * programmer has already applied the clinical rules; the pump re-applies only what must never pass: the
 * device's modes, labelling and flow range (device-labelling.ts), the drug library's hard limits (through the shared validatePrescription —
 * only its blocking reasons; warnings are the clinician's business), and the match between the prescription
 * and what the reservoir holds. A build without the hard daily-dose limits exists only in the simulator (build.ts).
 */
import { flowIntegral, segmentsBetween } from '../therapy/dose-math.ts';
import { getDrug, isConcentrationAllowed } from '../therapy/drug-library.ts';
import { patientBolusReasons } from '../therapy/patient-bolus-rules.ts';
import type { Prescription } from '../therapy/prescription.ts';
import { validatePrescription } from '../therapy/prescription-rules.ts';
import {
  MS_PER_DAY,
  epochMs,
  flowToDose,
  nanolitresPerDay,
  type NanolitresPerDay,
} from '../therapy/quantities.ts';
import { concentrationText, doseText } from '../therapy/drug-display.ts';
import { formatFlow } from '../therapy/units.ts';
import type { Reason } from '../therapy/verdict.ts';
import { applies, type PumpBuild } from './build.ts';
import { pumpReason } from './codes.ts';
import { deviceReasons, programmeFlows, type DeviceUse } from './device-labelling.ts';
import type { PumpProfile } from './profile.ts';
import type { PatientBolusConfig, PumpState } from './state.ts';

/** A refusal: the command's error code and every reason found. */
export interface Refusal {
  readonly code: string;
  readonly reasons: readonly Reason[];
}

const WEEK = 7 * MS_PER_DAY;

/** Mean flow of a prescription over the week from `s.clock` (battery consumption, projections). */
export function meanFlowOf(s: PumpState, p: Prescription = s.prescription): NanolitresPerDay {
  if (p.mode === 'stopped') return nanolitresPerDay(0);
  if (s.profile.fixedFlow !== undefined) return s.profile.fixedFlow.value;
  const opts = { minimumRateFlow: s.profile.minimumRateFlow.value };
  const integral = flowIntegral(
    segmentsBetween(p, s.clock, epochMs(s.clock + WEEK), s.utcOffsetMinutes, opts),
  );
  return nanolitresPerDay(Number(integral / BigInt(WEEK)));
}

/**
 * Every reason the pump refuses to run `p` (with `patientBolus` settings) given what it holds, or null when
 * it may run it. `s.reservoir.contents` must already be the contents the prescription will run on.
 */
export function checkPrescription(
  s: PumpState,
  p: Prescription,
  patientBolus: PatientBolusConfig | null,
  build: PumpBuild,
): Refusal | null {
  const profile = s.profile;
  if (!profile.modes.value.includes(p.mode)) {
    return refusal('ITB_E_PUMP_NOT_SUPPORTED', [
      pumpReason('ITB_R_PUMP_MODE_NOT_SUPPORTED', 'block', `${profile.name} has no ${p.mode} mode`),
    ]);
  }
  if (p.mode === 'stopped') return patientBolus === null ? null : stoppedPatientBolus(s, p, patientBolus);
  const contents = s.reservoir.contents;
  if (contents === null) {
    return refusal('ITB_E_PUMP_STATE_UNKNOWN', [
      pumpReason('ITB_R_PUMP_CONTENTS_UNKNOWN', 'block', 'the reservoir contents are unknown: refill first'),
    ]);
  }
  if (contents.drug !== p.drug.drug || contents.concentration !== p.drug.concentration) {
    return refusal('ITB_E_PUMP_DRUG_MISMATCH', [
      pumpReason(
        'ITB_R_PUMP_DRUG_MISMATCH',
        'block',
        `the prescription is for ${p.drug.drug} ${concentrationText(p.drug.concentration, p.drug.drug)} but the reservoir ` +
          `holds ${contents.drug} ${concentrationText(contents.concentration, contents.drug)}`,
      ),
    ]);
  }
  const device = deviceBlocks(profile, { drug: p.drug.drug, concentration: p.drug.concentration });
  if (device.length > 0) return refusal('ITB_E_PUMP_HARD_LIMIT', device);
  const drug = getDrug(p.drug.drug);
  const blocking = validatePrescription(p, { minimumRateFlow: profile.minimumRateFlow.value }).reasons.filter(
    (r) => r.severity === 'block' && applies(build, r),
  );
  if (blocking.length > 0) return refusal('ITB_E_INVALID_PRESCRIPTION', blocking);
  if (!isConcentrationAllowed(drug, p.drug.concentration)) {
    return refusal('ITB_E_PUMP_HARD_LIMIT', [
      pumpReason(
        'ITB_R_PUMP_CONCENTRATION_NOT_ALLOWED',
        'block',
        `${concentrationText(p.drug.concentration, drug.id)} is not allowed for ${drug.id}`,
      ),
    ]);
  }

  const reasons: Reason[] = [];
  if (profile.fixedFlow !== undefined) {
    const dose = flowToDose(profile.fixedFlow.value, p.drug.concentration);
    if (p.mode !== 'simple-continuous' || p.dose !== dose) {
      reasons.push(
        pumpReason(
          'ITB_R_PUMP_FIXED_FLOW',
          'block',
          `${profile.name} runs only ${formatFlow(profile.fixedFlow.value)}: at this concentration its dose is ${doseText(dose, p.drug.drug)}`,
          dose,
        ),
      );
    }
  } else if (p.mode !== 'minimum-rate') {
    const flows = flowsOf(s, p);
    reasons.push(...deviceBlocks(profile, { drug: p.drug.drug, concentration: p.drug.concentration, flows }));
  }
  if (patientBolus !== null) {
    reasons.push(
      ...patientBolusReasons(
        { device: profile, drug, prescription: p, minimumRateFlow: profile.minimumRateFlow.value },
        patientBolus,
      ),
    );
  }
  return reasons.length > 0 ? refusal('ITB_E_PUMP_HARD_LIMIT', reasons) : null;
}

/**
 * A stopped programme keeps or sets patient-bolus settings under the same rules as a running one (no basal
 * adds to the day). With the contents unknown nothing can be judged and no patient bolus is given, so a stop
 * — a safety action — is never refused for it.
 */
function stoppedPatientBolus(
  s: PumpState,
  p: Prescription,
  patientBolus: PatientBolusConfig,
): Refusal | null {
  const contents = s.reservoir.contents;
  if (contents === null) return null;
  const reasons = patientBolusReasons(
    {
      device: s.profile,
      drug: getDrug(contents.drug),
      prescription: p,
      minimumRateFlow: s.profile.minimumRateFlow.value,
    },
    patientBolus,
  );
  return reasons.length > 0 ? refusal('ITB_E_PUMP_HARD_LIMIT', reasons) : null;
}

/** The device refuses only what blocks; an off-label warning is the clinician's, already overridden. */
const deviceBlocks = (profile: PumpProfile, use: DeviceUse): Reason[] =>
  deviceReasons(profile, use).filter((r) => r.severity === 'block');

/** The lowest and highest flow the programme runs during a week from the pump's clock. */
const flowsOf = (s: PumpState, p: Prescription) =>
  programmeFlows(p, s.clock, s.utcOffsetMinutes, s.profile.minimumRateFlow.value);

export const refusal = (code: string, reasons: readonly Reason[]): Refusal => ({ code, reasons });
