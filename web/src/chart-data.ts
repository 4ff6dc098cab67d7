/**
 * Pure series builders for the charts (charts.tsx): the daily dose from the prescription chain, the
 * calculated reservoir from the fills (refills, and each pump's initial fill) and the prescriptions in force
 * (a sawtooth: fill → projected decline → next fill), assessment scores, and a screening trial's response. No DOM here, so the arithmetic is
 * unit-tested (test/browser/chart-data.test.ts).
 */
import { dailyDose } from '../../src/therapy/dose-math.ts';
import { prescriptionFromJson } from '../../src/therapy/prescription-json.ts';
import type { Weekday } from '../../src/therapy/prescription.ts';
import { ranAt, ranChanges, type RanRecords } from '../../src/clinic/pump-ran.ts';
import type { Implant, PrescriptionJson, Refill } from './api.ts';

export type Series = readonly (number | null)[];

const NG_PER_MCG = 1000;
const NL_PER_ML = 1_000_000;
const DAY_MS = 86_400_000;
const WEEKDAYS: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6];

/**
 * The Modified Ashworth grades as plotted: "1+" is a grade between 1 and 2, drawn at 1.5 and always
 * labelled "1+" (docs/clinical-reference.md §4 — it is not a number, so it is never shown as 1.5).
 */
export const MAS_LEVELS = [0, 1, 1.5, 2, 3, 4] as const;
const MAS_VALUE: Record<string, number> = { '0': 0, '1': 1, '1+': 1.5, '2': 2, '3': 3, '4': 4 };
export const masValue = (grade: string): number | null => MAS_VALUE[grade] ?? null;
export const masLabel = (v: number): string => (v === 1.5 ? '1+' : String(v));

/**
 * The dose a prescription delivers over a day, mcg/day, by therapy's own dose math (steps and periodic
 * boluses; with weekday variants, the mean over the week). Stopped and minimum-rate deliver no therapeutic
 * dose: 0.
 */
export function dailyDoseMcg(p: PrescriptionJson): number {
  if (p.mode === 'stopped' || p.mode === 'minimum-rate') return 0;
  const rx = prescriptionFromJson(p);
  const days: readonly (Weekday | undefined)[] =
    p.mode === 'flex' && p.byWeekday !== undefined ? WEEKDAYS : [undefined];
  const total = days.reduce<number>((sum, d) => sum + dailyDose(rx, d), 0);
  return total / days.length / NG_PER_MCG;
}

/**
 * The daily dose the pump ran over time (src/clinic/pump-ran.ts): a prescription counts from when the pump
 * ran it — a new concentration with its dose from the refill that brought it in, never from when it was
 * written.
 */
export interface DoseTimeline {
  /** The instants at which the dose may change, oldest first. */
  readonly changes: readonly number[];
  /** The daily dose the pump ran at `t`, mcg/day (0 before any prescription). */
  readonly mcgPerDayAt: (t: number) => number;
}

/** The dose timeline of the patient's records. */
export function pumpDoseTimeline(r: RanRecords): DoseTimeline {
  const changes = ranChanges(r);
  const doses = changes.map((t) => {
    const p = ranAt(r, t);
    return p === null ? 0 : dailyDoseMcg(p);
  });
  return {
    changes,
    mcgPerDayAt: (t) => {
      let d = 0;
      changes.forEach((c, i) => {
        if (c <= t) d = doses[i] ?? 0;
      });
      return d;
    },
  };
}

/** Dose steps: a point where the dose the pump ran changed, and a last point at `now` holding it. */
export function doseSeries(
  timeline: DoseTimeline,
  now: number,
  /** When the last pump was removed with none in place since (implant-in-use.ts): nothing is delivered after it. */
  removedAt?: number,
): { x: number[]; dose: number[] } {
  const x: number[] = [];
  const dose: number[] = [];
  for (const t of timeline.changes) {
    if (removedAt !== undefined && t >= removedAt) continue;
    const d = timeline.mcgPerDayAt(t);
    if (d === dose.at(-1)) continue;
    x.push(t);
    dose.push(d);
  }
  if (removedAt !== undefined && x.length > 0) {
    x.push(removedAt);
    dose.push(0);
  }
  const last = dose.at(-1);
  if (last !== undefined && (x.at(-1) ?? now) < now) {
    x.push(now);
    dose.push(last);
  }
  return { x, dose };
}

export interface ReservoirSeries {
  readonly x: number[];
  /** Calculated volume, mL. */
  readonly calculated: (number | null)[];
  /** Measured residual at each refill, mL (null elsewhere). */
  readonly measured: (number | null)[];
}

/** A fill the reservoir chart draws: a refill, or a pump's initial fill at its implant. */
export interface ChartFill {
  readonly at: number;
  readonly implantId: string;
  readonly volumeAddedNl: number;
  readonly concentrationNgPerMl: number;
  /** The residual drained and measured before it (a refill); null for a new pump's first fill. */
  readonly measuredResidualNl: number | null;
}

/**
 * Every fill of the patient's pumps: the refills, and each implant's initial fill. A replacement pump's
 * initial fill ends its predecessor's line: before, the old pump's last refill was projected on past the
 * replacement (falling to empty while the board dated the full new pump), and a new pump with no refill
 * yet had no chart at all.
 */
export function chartFills(refills: readonly Refill[], implants: readonly Implant[]): ChartFill[] {
  const initial = implants.flatMap((i): ChartFill[] =>
    i.initialFill === null || i.initialFill === undefined
      ? []
      : [
          {
            at: i.initialFill.at,
            implantId: i.id,
            volumeAddedNl: i.initialFill.volumeNl,
            concentrationNgPerMl: i.initialFill.concentrationNgPerMl,
            measuredResidualNl: null,
          },
        ],
  );
  return [...initial, ...refills];
}

/**
 * The calculated reservoir: each fill leaves `volumeAdded` (the residual is drained first — docs/clinical-reference.md §3),
 * which falls at the prescribed daily dose ÷ the fill's concentration, re-sloped at every prescription
 * change, floored at empty. At the next refill of the same pump the line meets the measured residual (a new
 * pump's fill ends the old pump's line with none); after the last fill it is projected until empty or
 * `until`. An estimate: the pump's interrogation is the reading that counts.
 */
export function reservoirSeries(
  fills: readonly ChartFill[],
  timeline: DoseTimeline,
  until: number,
  /** An instant that gets its own point (today), so "how much is left now" can be read off the series. */
  mark?: number,
): ReservoirSeries {
  const sorted = [...fills].sort((a, b) => a.at - b.at);
  const out: ReservoirSeries = { x: [], calculated: [], measured: [] };
  const push = (t: number, v: number | null, m: number | null = null) => {
    out.x.push(t);
    out.calculated.push(v === null ? null : Math.round(v * 100) / 100);
    out.measured.push(m);
  };
  sorted.forEach((r, i) => {
    const next = sorted[i + 1];
    const end = next?.at ?? until;
    const mlPerDayPerMcg = NG_PER_MCG / r.concentrationNgPerMl; // mL per mcg
    let t = r.at;
    let v = r.volumeAddedNl / NL_PER_ML;
    // 1 ms after the fill, so x stays strictly increasing when the previous segment ends at this refill.
    push(t + 1, v);
    const breaks = [...new Set([...timeline.changes, ...(mark === undefined ? [] : [mark])])]
      .filter((c) => c > t && c < end)
      .sort((a, b) => a - b);
    for (const b of [...breaks, end]) {
      const rate = (timeline.mcgPerDayAt(t) * mlPerDayPerMcg) / DAY_MS; // mL per ms
      const empty = rate > 0 ? t + v / rate : Number.POSITIVE_INFINITY;
      if (empty < b) {
        if (v > 0) push(empty, 0);
        v = 0;
        t = b;
        push(b, 0);
        continue;
      }
      v -= rate * (b - t);
      t = b;
      push(b, v);
    }
    if (next !== undefined && next.measuredResidualNl !== null && next.implantId === r.implantId) {
      out.measured[out.measured.length - 1] = next.measuredResidualNl / NL_PER_ML;
    }
  });
  return out;
}

export interface AssessmentLike {
  readonly at: number;
  readonly mas: readonly { readonly grade: string }[];
  readonly pennSpasm: number | null;
}

/** Per assessment: the highest MAS grade across the muscle groups scored (the worst tone), and Penn. */
export function assessmentSeries(list: readonly AssessmentLike[]): {
  x: number[];
  mas: (number | null)[];
  penn: (number | null)[];
} {
  const sorted = [...list].sort((a, b) => a.at - b.at);
  return {
    x: sorted.map((a) => a.at),
    mas: sorted.map((a) => highestMas(a.mas)),
    penn: sorted.map((a) => a.pennSpasm),
  };
}

export interface FollowUpLike {
  readonly at: number;
  readonly painNrs?: number | null;
  readonly goals?: readonly { readonly score: number }[];
}

/**
 * Per assessment: pain on the 0–10 NRS and the mean Goal Attainment score (−2..+2) of the goals scored —
 * null where the assessment did not score it. The mean is a plain summary of the goals [A]; the goals
 * themselves are in the record (docs/clinical-reference.md §4).
 */
export function followUpSeries(list: readonly FollowUpLike[]): {
  x: number[];
  pain: (number | null)[];
  gas: (number | null)[];
} {
  const sorted = [...list].sort((a, b) => a.at - b.at);
  const mean = (g: readonly { readonly score: number }[]) =>
    g.length === 0 ? null : g.reduce((t, x) => t + x.score, 0) / g.length;
  return {
    x: sorted.map((a) => a.at),
    pain: sorted.map((a) => a.painNrs ?? null),
    gas: sorted.map((a) => mean(a.goals ?? [])),
  };
}

export function highestMas(scores: readonly { readonly grade: string }[]): number | null {
  const vs = scores.map((s) => masValue(s.grade)).filter((v): v is number => v !== null);
  return vs.length === 0 ? null : Math.max(...vs);
}
