/**
 * The baclofen strengths the simulated clinic stocks and how it chooses among them: the strength a patient
 * starts on, and the stronger one a patient moves to when a fill no longer lasts the shortest refill interval
 * (docs/clinical-reference.md §1.6 and §2). Pure data and arithmetic; the change itself, with its prescription
 * and bridge, is in concentration-change.ts.
 */
import { sourced } from '../therapy/sourced.ts';

/** Strengths a clinic stocks (docs/clinical-reference.md §2: 500, 1000, 2000 µg/mL [C]), strongest first. */
export const STOCKED_CONCENTRATIONS = sourced(
  [2000, 1000, 500],
  'C',
  'docs/clinical-reference.md §2 baclofen concentrations',
);
/** A start dose's flow must be at least this multiple of the device minimum, leaving room to reduce [A]. */
export const FLOW_HEADROOM = sourced(
  2,
  'A',
  'our choice: room for a reduction without falling below the device minimum',
);
/**
 * A fill that lasts less than this at the patient's strength moves them to a stronger one (docs/clinical-reference.md
 * §1.6: refills every 1–6 months [C]; the change at under a month is our rule, unconfirmed [U]).
 */
export const MIN_REFILL_INTERVAL_DAYS = sourced(
  30,
  'U',
  'docs/clinical-reference.md §1.6: refills every 1–6 months [C]; moving to a stronger strength when a fill lasts under a month is our rule (unconfirmed)',
);

/** Whether a strength runs `doseMcgPerDay` at a flow above the device minimum with headroom. */
const runsWithHeadroom = (doseMcgPerDay: number, mcgPerMl: number, minFlowNlPerDay: number): boolean =>
  (doseMcgPerDay / mcgPerMl) * 1e6 >= FLOW_HEADROOM.value * minFlowNlPerDay;

/** Days a fill of `fillMl` lasts at `doseMcgPerDay` on `mcgPerMl`. */
export const daysPerFill = (fillMl: number, doseMcgPerDay: number, mcgPerMl: number): number =>
  (fillMl * mcgPerMl) / doseMcgPerDay;

/**
 * The concentration a scenario without one starts on: the strongest stocked strength whose flow for the
 * start dose stays above the device minimum with headroom (a 50 µg/day child cannot run 2000 µg/mL).
 */
export function chooseConcentration(doseMcgPerDay: number, minFlowNlPerDay: number): number {
  const list = STOCKED_CONCENTRATIONS.value;
  for (const c of list) if (runsWithHeadroom(doseMcgPerDay, c, minFlowNlPerDay)) return c;
  return list[list.length - 1] as number;
}

/**
 * The stronger stocked strength (µg/mL) a patient on `currentMcgPerMl` should move to at a refill, or null:
 * none when a fill of `fillMl` lasts at least {@link MIN_REFILL_INTERVAL_DAYS}, or when no stronger strength
 * runs the dose above the device minimum with headroom. The weakest stronger strength that lasts the
 * interval, else the strongest that runs the dose.
 */
export function strongerStrength(
  doseMcgPerDay: number,
  fillMl: number,
  currentMcgPerMl: number,
  minFlowNlPerDay: number,
): number | null {
  const min = MIN_REFILL_INTERVAL_DAYS.value;
  if (!(doseMcgPerDay > 0) || daysPerFill(fillMl, doseMcgPerDay, currentMcgPerMl) >= min) return null;
  const stronger = STOCKED_CONCENTRATIONS.value
    .filter((c) => c > currentMcgPerMl && runsWithHeadroom(doseMcgPerDay, c, minFlowNlPerDay))
    .sort((a, b) => a - b);
  return stronger.find((c) => daysPerFill(fillMl, doseMcgPerDay, c) >= min) ?? stronger.at(-1) ?? null;
}
