/**
 * Accuracy in the IEC 60601-2-24 trumpet-curve form (docs/clinical-reference.md §5): the output is "weighed" every 0.5 min
 * for 120 min from the start of infusion; over the second hour, for observation windows of 2, 5, 11, 19 and
 * 31 min, the largest and smallest percentage flow error of any window of that length is reported, with the
 * mean error A of the whole second hour.
 *
 * Here the "balance" is the controller's own commanded strokes: the curve shows what the stroke or pulse
 * granularity alone does to short-term accuracy (a perfectly made mechanism, an ideal balance). Mechanical
 * error (±14.5 % [U] for the peristaltic pump) is the world's business and is not in this curve.
 */
import type { Prescription } from '../therapy/prescription.ts';
import { MS_PER_DAY, epochMs, type EpochMs, type NanolitresPerDay } from '../therapy/quantities.ts';
import { createPump, step } from './controller.ts';
import type { PumpProfile } from './profile.ts';

/** IEC 60601-2-24 sampling: every 0.5 min for 120 min; windows analysed in the second hour. */
export const SAMPLE_MS = 30_000;
export const DURATION_MS = 120 * 60_000;
export const ANALYSIS_START_MS = 60 * 60_000;
export const WINDOWS_MIN = [2, 5, 11, 19, 31] as const;

export interface TrumpetPoint {
  readonly windowMin: number;
  /** Largest and smallest % flow error over all windows of this length in the second hour. */
  readonly maxErrorPercent: number;
  readonly minErrorPercent: number;
}

export interface TrumpetCurve {
  readonly profileId: string;
  readonly flow: NanolitresPerDay;
  /** Volume per 0.5-min sample, nL (240 samples). */
  readonly samples: readonly number[];
  /** Mean % error of the whole second hour (IEC "A"). */
  readonly overallErrorPercent: number;
  readonly points: readonly TrumpetPoint[];
  /** Time between strokes at this flow, in seconds. */
  readonly strokeIntervalS: number;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Runs a fresh pump at `prescription` for 120 min, sampling every 0.5 min, and builds its trumpet curve. */
export function trumpetCurve(
  profile: PumpProfile,
  prescription: Exclude<Prescription, { mode: 'stopped' }>,
  flow: NanolitresPerDay,
  start: EpochMs,
): TrumpetCurve {
  let s = createPump({
    profile,
    serial: 'TRUMPET',
    now: start,
    fill: {
      drug: prescription.drug.drug,
      concentration: prescription.drug.concentration,
      volume: profile.reservoir.value,
    },
    prescription,
  });
  const samples: number[] = [];
  for (let t = SAMPLE_MS; t <= DURATION_MS; t += SAMPLE_MS) {
    const r = step(s, { kind: 'tick' }, epochMs(start + t));
    s = r.state;
    samples.push(r.outputs.segments.reduce((v, x) => v + x.volume, 0));
  }
  const expectedPerMs = flow / MS_PER_DAY;
  const first = ANALYSIS_START_MS / SAMPLE_MS;
  const errorOver = (from: number, n: number): number => {
    let v = 0;
    for (let i = from; i < from + n; i++) v += samples[i] ?? 0;
    const expected = expectedPerMs * n * SAMPLE_MS;
    return (100 * (v - expected)) / expected;
  };
  const points = WINDOWS_MIN.map((w) => {
    const n = (w * 60_000) / SAMPLE_MS;
    let max = -Infinity;
    let min = Infinity;
    for (let j = first; j + n <= samples.length; j++) {
      const e = errorOver(j, n);
      max = Math.max(max, e);
      min = Math.min(min, e);
    }
    return { windowMin: w, maxErrorPercent: round2(max), minErrorPercent: round2(min) };
  });
  return {
    profileId: profile.id,
    flow,
    samples,
    overallErrorPercent: round2(errorOver(first, samples.length - first)),
    points,
    strokeIntervalS: round2((profile.strokeVolume.value / flow) * 86_400),
  };
}
