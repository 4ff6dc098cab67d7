/**
 * The refill command (docs/clinical-reference.md §3, refill procedure "Critical actions" [C]): drain the residual completely
 * and compare it with the calculated one, inject into the reservoir only, do not overfill, then update the
 * pump with volume, drug and concentration. The pump refuses a strength the drug library does not allow, an
 * overfill, a change of strength on top of an undrained residual (mixed strength unknown) and a change of
 * drug or concentration without the prescription for the new contents (wrong-concentration hazard); a
 * constant-flow pump's prescription is derived (its fixed flow × the new concentration). The measured
 * residual is reconciled with the calculated one (Maino 2017 thresholds: a warning, never a block).
 */
import { ItbError } from '../therapy/codes.ts';
import { getDrug, isConcentrationAllowed } from '../therapy/drug-library.ts';
import { deviceReasons } from './device-labelling.ts';
import { flowToDose, nanolitres } from '../therapy/quantities.ts';
import { reconcileResidual } from '../therapy/reconcile.ts';
import { concentrationText } from '../therapy/drug-display.ts';
import { formatVolume } from '../therapy/units.ts';
import type { Reason } from '../therapy/verdict.ts';
import { pumpReason } from './codes.ts';
import { bump, install } from './programme.ts';
import { writeLog, type Draft } from './draft.ts';
import type { PumpCommand } from './inputs.ts';
import { checkPrescription } from './prescription-checks.ts';
import { accepted, refused, type Handler } from './results.ts';
import type { PumpState } from './state.ts';

function reconcile(d: Draft, drained: number | undefined): Reason[] | ItbError {
  const residual = d.reservoir.contents;
  if (drained === undefined || residual === null) return [];
  try {
    return [
      ...reconcileResidual({
        reservoirSize: d.profile.reservoir.value,
        expected: d.reservoir.volume,
        measured: nanolitres(drained),
        drug: residual.drug,
      }).reasons,
    ];
  } catch (e) {
    if (e instanceof ItbError && e.code === 'ITB_E_UNKNOWN_RESERVOIR_SIZE') return [];
    if (e instanceof ItbError) return e;
    throw e;
  }
}

/** Handles `refill`. */
export const refillHandler: Handler<Extract<PumpCommand, { kind: 'refill' }>> = (d, out, c, build) => {
  const profile = d.profile;
  if (d.bolus !== null)
    return refused('ITB_E_PUMP_NOT_NOW', [
      pumpReason('ITB_R_PUMP_BOLUS_RUNNING', 'block', 'a bolus is running: wait or stop it before refilling'),
    ]);
  const drug = getDrug(c.drug);
  if (!isConcentrationAllowed(drug, c.concentration)) {
    return refused('ITB_E_PUMP_HARD_LIMIT', [
      pumpReason(
        'ITB_R_PUMP_CONCENTRATION_NOT_ALLOWED',
        'block',
        `${concentrationText(c.concentration, c.drug)} is not an allowed ${drug.id} concentration`,
      ),
    ]);
  }
  const device = deviceReasons(profile, { drug: c.drug, concentration: c.concentration }).filter(
    (r) => r.severity === 'block',
  );
  if (device.length > 0) return refused('ITB_E_PUMP_HARD_LIMIT', device);
  if (c.newVolume > profile.reservoir.value) {
    return refused('ITB_E_PUMP_HARD_LIMIT', [
      pumpReason(
        'ITB_R_PUMP_OVERFILL',
        'block',
        `${formatVolume(c.newVolume)} exceeds the ${formatVolume(profile.reservoir.value)} reservoir (do not overfill)`,
        profile.reservoir.value,
        c.newVolume,
      ),
    ]);
  }
  if (c.volumeAdded > c.newVolume) {
    return refused('ITB_E_PUMP_INVALID_COMMAND', [
      pumpReason('ITB_R_PUMP_MALFORMED', 'block', 'the volume added exceeds the new reservoir volume'),
    ]);
  }
  const old = d.reservoir.contents;
  const same = old !== null && old.drug === c.drug && old.concentration === c.concentration;
  if (c.newVolume > c.volumeAdded && !same) {
    return refused('ITB_E_PUMP_HARD_LIMIT', [
      pumpReason(
        'ITB_R_PUMP_MIXED_CONTENTS',
        'block',
        'a different drug or concentration needs the residual drained completely first (mixed strength unknown)',
      ),
    ]);
  }
  const reconciliation = reconcile(d, c.drainedVolume);
  if (reconciliation instanceof ItbError)
    return refused(reconciliation.code, [
      pumpReason('ITB_R_PUMP_MALFORMED', 'block', `${reconciliation.message} (if unsure, do not refill)`),
    ]);

  let p = c.prescription;
  if (p === undefined && profile.fixedFlow !== undefined) {
    p = {
      mode: 'simple-continuous',
      drug: { drug: c.drug, concentration: c.concentration },
      dose: flowToDose(profile.fixedFlow.value, c.concentration),
    };
  }
  if (p === undefined && !same && d.prescription.mode !== 'stopped') {
    return refused('ITB_E_PUMP_DRUG_MISMATCH', [
      pumpReason(
        'ITB_R_PUMP_DRUG_MISMATCH',
        'block',
        'the drug or concentration changes: send the prescription for the new contents with the refill',
      ),
    ]);
  }
  const patientBolus = same ? d.patientBolus : null;
  const trial: PumpState = {
    ...d,
    reservoir: { contents: { drug: c.drug, concentration: c.concentration }, volume: c.newVolume },
  };
  if (p !== undefined) {
    const refusal = checkPrescription(trial, p, patientBolus, build);
    if (refusal !== null) return refused(refusal.code, refusal.reasons);
  }
  d.reservoir = trial.reservoir;
  d.patientBolus = patientBolus;
  if (p !== undefined) install(d, p);
  bump(d);
  writeLog(
    d,
    out,
    'refill',
    `refilled with ${c.drug} ${concentrationText(c.concentration, c.drug)}: ${formatVolume(c.newVolume)} in the reservoir`,
    {
      drug: c.drug,
      concentration: c.concentration,
      volumeAdded: c.volumeAdded,
      newVolume: c.newVolume,
      drainedVolume: c.drainedVolume ?? null,
    },
  );
  return accepted(reconciliation);
};
