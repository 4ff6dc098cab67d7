/**
 * Event rates for long runs (docs/clinical-reference.md §4): when the next catheter complication happens and what it is,
 * and whether a refill goes into the pocket. Samplers take and return a generator state, so the simulator
 * decides which stream feeds them; the world applies the results through setCatheter / applyRefill.
 */
import { MS_PER_DAY, type EpochMs } from '../therapy/quantities.ts';
import { sourced, type Sourced } from '../therapy/sourced.ts';
import { bernoulli, exponential, uniform, type Draw, type Rng } from './random.ts';
import type { CatheterState } from './types.ts';

export const MS_PER_YEAR = 365.25 * MS_PER_DAY;

export const WORLD_EVENT_RATES = {
  catheterComplicationsPerYear: sourced(
    { min: 0.015, max: 0.05, typical: 0.03 },
    'C',
    'docs/clinical-reference.md §4: catheter complication 1.5–5 per 100 patient-years; "typical" (mid-range) is [A]',
  ),
  firstYearMultiplier: sourced(3, 'C', 'docs/clinical-reference.md §4: ×3 in the first year after surgery'),
  pocketFillPerRefill: sourced(
    { min: 1e-4, max: 3e-4, typical: 1e-4 },
    'C',
    'docs/clinical-reference.md §3–§4: ~1–3 per 10,000 refills (Medtronic 2011 correction)',
  ),
  /** Which complication it is, by weight. The split is ours: docs/clinical-reference.md gives only the total rate. */
  complicationKinds: sourced<readonly { readonly weight: number; readonly state: CatheterState }[]>(
    [
      { weight: 0.35, state: { kind: 'disconnected' } },
      { weight: 0.25, state: { kind: 'occluded' } },
      { weight: 0.2, state: { kind: 'leaking', fraction: 1, at: 'tip' } },
      { weight: 0.1, state: { kind: 'partly-occluded', fraction: 0.5 } },
      { weight: 0.1, state: { kind: 'leaking', fraction: 0.5, at: 'pump-end' } },
    ],
    'A',
    'disconnection/fracture, kink/occlusion, tip migration, partial kink, partial leak: our split',
  ),
} as const;

export interface ComplicationRisk {
  /** Complications per patient-year after the first year. */
  readonly perYear: number;
  /** Hazard multiplier during the first year after the last catheter surgery. */
  readonly firstYearMultiplier: number;
  readonly kinds: Sourced<readonly { readonly weight: number; readonly state: CatheterState }[]>;
}

export const DEFAULT_COMPLICATION_RISK: ComplicationRisk = {
  perYear: WORLD_EVENT_RATES.catheterComplicationsPerYear.value.typical,
  firstYearMultiplier: WORLD_EVENT_RATES.firstYearMultiplier.value,
  kinds: WORLD_EVENT_RATES.complicationKinds,
};

/**
 * The next catheter complication after `from`, for a catheter placed at `surgeryAt`: a Poisson process
 * whose hazard is ×multiplier in the first year after surgery, sampled in closed form by inverting the
 * cumulative hazard with one exponential draw. Undefined when the rates are zero (it never happens).
 */
export function nextCatheterComplication(
  rng: Rng,
  surgeryAt: EpochMs,
  from: EpochMs,
  risk: ComplicationRisk = DEFAULT_COMPLICATION_RISK,
): Draw<{ readonly at: EpochMs; readonly state: CatheterState } | undefined> {
  const [e, r1] = exponential(rng, 1); // the cumulative hazard the event waits for
  const [u, r2] = uniform(r1);
  const start = Math.max(from, surgeryAt);
  const highRate = (risk.perYear * risk.firstYearMultiplier) / MS_PER_YEAR;
  const lowRate = risk.perYear / MS_PER_YEAR;
  const highSpan = Math.max(0, surgeryAt + MS_PER_YEAR - start);
  const highHazard = highSpan * highRate;
  let offset: number;
  if (highRate > 0 && e <= highHazard) offset = e / highRate;
  else if (lowRate > 0) offset = highSpan + (e - highHazard) / lowRate;
  else return [undefined, r2];
  const at = Math.round(start + offset);
  if (!Number.isSafeInteger(at)) return [undefined, r2];
  return [{ at: at as EpochMs, state: pickKind(risk.kinds.value, u) }, r2];
}

function pickKind(
  kinds: readonly { readonly weight: number; readonly state: CatheterState }[],
  u: number,
): CatheterState {
  const total = kinds.reduce((s, k) => s + k.weight, 0);
  let acc = 0;
  for (const k of kinds) {
    acc += k.weight;
    if (u * total < acc) return k.state;
  }
  return kinds[kinds.length - 1]?.state ?? { kind: 'occluded' };
}

/** Whether this refill goes into the pocket. */
export function drawPocketFill(
  rng: Rng,
  probability: number = WORLD_EVENT_RATES.pocketFillPerRefill.value.typical,
): Draw<boolean> {
  return bernoulli(rng, probability);
}
