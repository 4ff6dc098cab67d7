/**
 * What a build of the pump's controller checks. A build is not state: it is never stored, never in the
 * non-volatile image and never carried by a command, so nothing on the link can change it. Every pump runs
 * the certified build (`step` takes it by default); only the simulator builds a pump without the drug
 * library's hard daily-dose limits, to show in a safety campaign what they prevent (src/sim/controls.ts
 * `pump-hard-limits`, docs/safety-case.md). Only src/pump and src/sim may import this file (eslint.config.js).
 */
import type { Reason } from '../therapy/verdict.ts';

declare const built: unique symbol;

/** A controller build; made only here, so no caller can pass a structural look-alike. */
export interface PumpBuild {
  /** Whether the pump refuses a daily dose outside the drug library's hard range. */
  readonly hardDoseLimits: boolean;
  readonly [built]: true;
}

const make = (hardDoseLimits: boolean): PumpBuild => Object.freeze({ hardDoseLimits }) as PumpBuild;

/** The build every pump runs: all of the pump's own checks. */
export const CERTIFIED_BUILD: PumpBuild = make(true);

/** The simulator's build without the drug library's hard daily-dose limits (a safety campaign's off arm). */
export const SIMULATOR_BUILD_WITHOUT_HARD_LIMITS: PumpBuild = make(false);

/**
 * The reasons that are the drug library's hard daily-dose limits: above or below the hard range, and the
 * likely mg/µg slip (a dose outside the hard range by about 1000×, named as a slip instead).
 */
const HARD_DOSE_LIMIT_CODES: ReadonlySet<string> = new Set([
  'ITB_R_DOSE_ABOVE_HARD_LIMIT',
  'ITB_R_DOSE_BELOW_HARD_LIMIT',
  'ITB_R_LIKELY_UNIT_SLIP',
]);

/** Whether `build` applies reason `r` (every reason, except the hard dose limits in a build without them). */
export const applies = (build: PumpBuild, r: Reason): boolean =>
  build.hardDoseLimits || !HARD_DOSE_LIMIT_CODES.has(r.code);
