/**
 * What a clinic would have in hand when a simulated patient presents after a fault: the first sample after
 * the fault at which the patient shows something (more spasticity, overdose signs, swelling at the pump
 * site) or the pump raises a new alarm, and the findings at that instant — symptoms, the pump's
 * interrogation, a reconciliation done then (the true reservoir against the calculated one) and the recent
 * dose and refill history. Feeds the troubleshooting guide (src/therapy/troubleshoot) in the test that
 * checks the guide against every fault kind the world can inject.
 */
import { OVERDOSE_STAGES, WITHDRAWAL_STAGES, stageRank } from '../body/scales.ts';
import { MS_PER_HOUR } from '../therapy/quantities.ts';
import type { FindingsInput, Presentation } from '../therapy/troubleshoot/findings.ts';
import type { TimelineRow } from './record.ts';
import type { RunResult } from './runner.ts';
import type { CatheterState } from '../world/types.ts';

/** A pump-site fluid collection of this volume is felt as swelling or unusual feelings [A]. */
export const SWELLING_ML = 1;
/** A rise of this many MAS points over the pre-fault tone is "more spasticity than expected" [A]. */
export const SPASTICITY_RISE_MAS = 1;

export interface SimPresentation {
  readonly row: TimelineRow;
  readonly findings: FindingsInput;
}

const at = (r: TimelineRow): number => Date.parse(r.t);

function presentationsAt(r: TimelineRow, base: TimelineRow): Presentation[] {
  const out: Presentation[] = [];
  if (
    stageRank(WITHDRAWAL_STAGES, r.withdrawalStage) >= stageRank(WITHDRAWAL_STAGES, 'early') ||
    r.masContinuous - base.masContinuous >= SPASTICITY_RISE_MAS
  )
    out.push('more-spasticity');
  if (stageRank(OVERDOSE_STAGES, r.overdoseStage) >= stageRank(OVERDOSE_STAGES, 'drowsy'))
    out.push('overdose-signs');
  if (r.pumpSiteFluidMl - base.pumpSiteFluidMl >= SWELLING_ML) out.push('pump-site-swelling');
  if (r.alarms.some((a) => !base.alarms.includes(a))) out.push('alarm');
  return out;
}

/** The last programmed dose change before `t`: hours before it and new ÷ old. */
function lastDoseChange(rows: readonly TimelineRow[], t: number): FindingsInput['lastDoseChange'] {
  for (let i = rows.length - 1; i > 0; i--) {
    const r = rows[i]!;
    const prev = rows[i - 1]!;
    if (at(r) > t || r.doseMcgPerDay === prev.doseMcgPerDay || prev.doseMcgPerDay <= 0) continue;
    return { hoursAgo: (t - at(r)) / MS_PER_HOUR, ratio: r.doseMcgPerDay / prev.doseMcgPerDay };
  }
  return undefined;
}

/**
 * The first presentation at or after `faultAt` (epoch ms) and its findings, or undefined when the patient
 * never shows anything in the run. `reservoirMl` is the pump's nominal size.
 */
export function presentationAfter(
  run: RunResult,
  faultAt: number,
  reservoirMl: number,
  emptyThresholdMl: number,
): SimPresentation | undefined {
  const rows = run.timeline;
  const baseIdx = rows.findIndex((r) => at(r) >= faultAt);
  const base = baseIdx > 0 ? rows[baseIdx - 1] : rows[baseIdx];
  if (base === undefined) return undefined;
  for (const r of rows.slice(Math.max(baseIdx, 0))) {
    const presentations = presentationsAt(r, base);
    if (presentations.length === 0) continue;
    const t = at(r);
    const refill = run.events.filter((e) => e.kind === 'refill' && Date.parse(e.t) <= t).at(-1);
    const change = lastDoseChange(rows, t);
    const findings: FindingsInput = {
      presentations,
      activeAlarms: [...r.alarms],
      reservoirMl,
      emptyThresholdMl,
      calculatedResidualMl: r.reservoirCalculatedMl,
      residualDiscrepancyMl: r.reservoirTrueMl - r.reservoirCalculatedMl,
      ...(change === undefined ? {} : { lastDoseChange: change }),
      ...(refill === undefined ? {} : { lastRefillHoursAgo: (t - Date.parse(refill.t)) / MS_PER_HOUR }),
    };
    return { row: r, findings };
  }
  return undefined;
}

/**
 * What the tests that tell catheter causes apart would show for the world's catheter [A]: an occluded or
 * mostly occluded catheter aspirates nothing and stops contrast; a disconnection or a leak at the pump end
 * yields tissue fluid and contrast escapes at the pump; a tip out of the intrathecal space (leak at the tip)
 * yields tissue fluid and contrast escapes along the course; a patent catheter gives clear CSF.
 */
export function catheterTestResults(state: {
  readonly kind: CatheterState['kind'];
  readonly fraction?: number;
  readonly at?: 'pump-end' | 'tip' | undefined;
}): Pick<FindingsInput, 'portAspiration' | 'imaging'> {
  switch (state.kind) {
    case 'occluded':
      return { portAspiration: 'none', imaging: 'no-passage' };
    case 'partly-occluded':
      return (state.fraction ?? 1) >= 0.5
        ? { portAspiration: 'none', imaging: 'no-passage' }
        : { portAspiration: 'csf', imaging: 'intact' };
    case 'disconnected':
      return { portAspiration: 'not-csf', imaging: 'leak-at-pump' };
    case 'leaking':
      return state.at === 'tip'
        ? { portAspiration: 'not-csf', imaging: 'leak-along-catheter' }
        : { portAspiration: 'not-csf', imaging: 'leak-at-pump' };
    case 'patent':
      return { portAspiration: 'csf', imaging: 'intact' };
  }
}
