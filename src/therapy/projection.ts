/**
 * Reservoir projection (docs/clinical-reference.md §1.6, §3): from the calculated reservoir volume and the prescription,
 * when the low-reservoir alarm will sound, when the reservoir will be empty, and the date by which to refill.
 *
 * Event-driven (docs/architecture.md principle 2): volume is integrated exactly over the flow segments of
 * dose-math.ts, jumping segment to segment; whole schedule periods (a day, or a week when weekday variants
 * exist) are skipped in one step, so a projection costs the same for 30 days or 30 years.
 *
 * Refill-by is the earlier of (low alarm − refill margin) and (fill time + drug stability): an empty
 * reservoir stops a withdrawal-risk drug abruptly (boxed warning), and the alarm may not be heard (§3).
 */
import type { DrugId } from './drug.ts';
import { DRUG_LIBRARY, stabilityOf } from './drug-library.ts';
import { flowIntegral, segmentsBetween, type DoseMathOptions } from './dose-math.ts';
import type { Prescription } from './prescription.ts';
import {
  MS_PER_DAY,
  epochMs,
  nlToMl,
  type EpochMs,
  type Nanolitres,
  type NanolitresPerDay,
} from './quantities.ts';
import { sourced } from './sourced.ts';
import { refillByCauseText, type RefillByCause } from './refill-by-cause.ts';
import { formatVolume } from './units.ts';
import { reasonFor, withTimes, type Reason } from './verdict.ts';
import type { TherapyCode } from './codes.ts';
import { ItbError } from './codes.ts';

/** Refill this many days before the low-reservoir alarm date [C: refill 3–5 days before the alarm]. */
export const REFILL_MARGIN_DAYS = sourced(
  5,
  'C',
  "Gillette Children's; Neuromodulation 2023: 3–5 days before the alarm",
);
/** A refill interval shorter than this is flagged (our reading of "refills every 1–6 months" [C]). */
export const SHORT_REFILL_INTERVAL_DAYS = sourced(
  30,
  'U',
  'our choice from docs/clinical-reference.md §1.6: refills every 1–6 months',
);

export interface ProjectionInput {
  /** Calculated reservoir volume at `start`. */
  readonly reservoir: Nanolitres;
  readonly prescription: Prescription;
  /** Volume at which the pump raises its low-reservoir alarm (device/clinic setting; CLI default 2 mL [U]). */
  readonly lowAlarmThreshold: Nanolitres;
  readonly start: EpochMs;
  /** When the reservoir was filled (stability runs from here); default `start`. */
  readonly fillTime?: EpochMs;
  /** Days before the alarm to refill; default {@link REFILL_MARGIN_DAYS}. */
  readonly refillMarginDays?: number;
  /** The pump clock's offset from UTC (flex schedules run on local time); default 0. */
  readonly utcOffsetMinutes?: number;
  /** Drug whose stability applies when the prescription names none (a stopped pump). */
  readonly drug?: DrugId;
  /**
   * The first fill of a new (drug-naive) pump: a drug with a first-fill limit is due sooner (ziconotide is
   * adsorbed on the pump's internal surfaces [C: Prialt label §2.3]).
   */
  readonly newPump?: boolean;
  /**
   * The calculated volume at which the device counts the reservoir as empty (its empty alarm); default 0
   * (no device named). The pump's profile gives it (`emptyThreshold`).
   */
  readonly emptyThreshold?: Nanolitres;
  /** Device facts (minimum-rate flow). */
  readonly device?: DoseMathOptions;
}

/** Exact instants of a projection (null: never, the programme delivers nothing). */
export interface ReservoirProjection {
  readonly meanFlow: NanolitresPerDay;
  readonly lowAlarmAt: EpochMs | null;
  readonly emptyAt: EpochMs | null;
  readonly refillBy: EpochMs | null;
  /** What set refill-by; null when refill-by is unknown. */
  readonly refillByCause: RefillByCause | null;
  readonly reasons: readonly Reason[];
}

/** The CLI / API form (`itb calc refill`): days rounded to 0.01, instants as ISO 8601 UTC. */
export interface RefillProjection {
  readonly mlPerDay: number;
  readonly daysToLowAlarm: number | null;
  readonly lowAlarmAt: string | null;
  readonly daysToEmpty: number | null;
  readonly emptyAt: string | null;
  readonly refillBy: string | null;
  readonly reasons: readonly Reason[];
}

const reason = reasonFor<TherapyCode>();
const REFILL_BY_CODE = {
  'alarm-margin': 'ITB_R_REFILL_BY_ALARM',
  stability: 'ITB_R_REFILL_BY_STABILITY',
  'first-fill': 'ITB_R_REFILL_BY_FIRST_FILL',
} as const satisfies Record<RefillByCause['kind'], TherapyCode>;
const iso = (t: number): string => new Date(t).toISOString();
const daysBetween = (a: number, b: number): number => Math.round(((b - a) / MS_PER_DAY) * 100) / 100;

/** The schedule repeats every period: a week if any weekday differs, else a day. */
function periodOf(p: Prescription): number {
  return p.mode === 'flex' && p.schedule.byWeekday && Object.keys(p.schedule.byWeekday).length > 0
    ? 7 * MS_PER_DAY
    : MS_PER_DAY;
}

/**
 * The first instant at which `volume` nL has been delivered from `start` (rounded up to the ms: never claim
 * a volume is gone before it is), or null if the programme never delivers that much.
 */
export function timeToDeliverVolume(
  p: Prescription,
  start: EpochMs,
  volume: number,
  utcOffsetMinutes = 0,
  device?: DoseMathOptions,
): EpochMs | null {
  if (volume <= 0) return start;
  const needed = BigInt(volume) * BigInt(MS_PER_DAY); // nL·ms/day
  const period = periodOf(p);
  const perPeriod = flowIntegral(
    segmentsBetween(p, start, epochMs(start + period), utcOffsetMinutes, device),
  );
  if (perPeriod === 0n) return null;
  // Skip whole periods, keeping at least one to walk: the remainder is then < 2 periods' volume.
  const skip = needed / perPeriod > 1n ? needed / perPeriod - 1n : 0n;
  let acc = skip * perPeriod;
  const from = start + Number(skip) * period;
  for (const s of segmentsBetween(p, epochMs(from), epochMs(from + 2 * period), utcOffsetMinutes, device)) {
    const inc = BigInt(s.flow) * BigInt(s.end - s.start);
    if (acc + inc >= needed) {
      const f = BigInt(s.flow);
      return epochMs(s.start + Number((needed - acc + f - 1n) / f));
    }
    acc += inc;
  }
  throw new ItbError('ITB_E_INTERNAL', 'projection did not converge within two schedule periods');
}

/** Projects the reservoir: low alarm, empty and refill-by instants with the reasons behind refill-by. */
export function projectReservoir(input: ProjectionInput): ReservoirProjection {
  const { reservoir, prescription: p, lowAlarmThreshold, start } = input;
  const off = input.utcOffsetMinutes ?? 0;
  const fillTime = input.fillTime ?? start;
  const marginDays = input.refillMarginDays ?? REFILL_MARGIN_DAYS.value;
  const emptyThreshold = input.emptyThreshold ?? 0;
  for (const [name, v] of [
    ['reservoir', reservoir],
    ['low-alarm threshold', lowAlarmThreshold],
    ['empty threshold', emptyThreshold],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0)
      throw new ItbError('ITB_E_INVALID_INPUT', `${name} must be ≥ 0 nL`);
  }
  if (!Number.isFinite(marginDays) || marginDays < 0) {
    throw new ItbError('ITB_E_INVALID_INPUT', `refill margin must be ≥ 0 days, got ${marginDays}`);
  }
  const reasons: Reason[] = [];
  const period = periodOf(p);
  const perPeriod = flowIntegral(segmentsBetween(p, start, epochMs(start + period), off, input.device));
  const meanFlow = Number((perPeriod + BigInt(period) / 2n) / BigInt(period)) as NanolitresPerDay;

  const lowAlarmAt = timeToDeliverVolume(p, start, reservoir - lowAlarmThreshold, off, input.device);
  const emptyAt = timeToDeliverVolume(p, start, Math.max(0, reservoir - emptyThreshold), off, input.device);
  if (reservoir === 0) {
    reasons.push(
      reason(
        'ITB_R_RESERVOIR_EMPTY',
        'block',
        'the reservoir is already empty: refill now (withdrawal risk)',
      ),
    );
  } else if (reservoir <= lowAlarmThreshold) {
    reasons.push(
      reason(
        'ITB_R_LOW_ALARM_REACHED',
        'warn',
        `the reservoir (${formatVolume(reservoir)}) is already at or below the low-reservoir alarm ` +
          `threshold (${formatVolume(lowAlarmThreshold)})`,
        nlToMl(lowAlarmThreshold),
        nlToMl(reservoir),
      ),
    );
  }

  const drugId = p.mode === 'stopped' ? input.drug : p.drug.drug;
  const entry = drugId === undefined ? undefined : DRUG_LIBRARY[drugId];
  const firstFill = input.newPump === true ? entry?.firstFillRefillDays : undefined;
  const strength = p.mode === 'stopped' ? undefined : p.drug.concentration;
  const stability =
    entry === undefined
      ? undefined
      : Math.min(stabilityOf(entry, strength).value, firstFill?.value ?? Infinity);
  const byFirstFill = firstFill !== undefined && stability === firstFill.value;
  const byStability = stability === undefined ? null : fillTime + stability * MS_PER_DAY;
  const byAlarm = lowAlarmAt === null ? null : lowAlarmAt - Math.round(marginDays * MS_PER_DAY);
  const drug = drugId ?? null;
  const refillByCause: RefillByCause | null =
    byAlarm !== null && (byStability === null || byAlarm <= byStability)
      ? { kind: 'alarm-margin', days: marginDays, drug }
      : byStability === null
        ? null
        : { kind: byFirstFill ? 'first-fill' : 'stability', days: stability ?? 0, drug };
  const refillBy =
    refillByCause === null ? null : refillByCause.kind === 'alarm-margin' ? byAlarm : byStability;
  if (refillBy === null || refillByCause === null) {
    reasons.push(
      reason(
        'ITB_R_REFILL_BY_UNKNOWN',
        'warn',
        'no refill date: the programme never empties the reservoir and no drug is named',
      ),
    );
  } else {
    const source = refillByCause.kind === 'first-fill' ? ` [${firstFill?.source ?? ''}]` : '';
    reasons.push(
      withTimes(
        reason(
          REFILL_BY_CODE[refillByCause.kind],
          'ok',
          `refill by ${iso(refillBy)}: ${refillByCauseText(refillByCause, lowAlarmAt !== null)}${source}`,
          refillByCause.days,
        ),
        { refillBy },
      ),
    );
  }
  if (lowAlarmAt === null) {
    reasons.push(
      reason('ITB_R_NEVER_EMPTIES', 'ok', 'the programme delivers nothing: no alarm or empty date'),
    );
  }
  if (refillBy !== null && refillBy <= start) {
    reasons.push(
      withTimes(reason('ITB_R_REFILL_OVERDUE', 'warn', `the refill date ${iso(refillBy)} is already due`), {
        refillBy,
      }),
    );
  } else if (
    refillBy !== null &&
    !(byFirstFill && refillBy === byStability) &&
    refillBy - fillTime < SHORT_REFILL_INTERVAL_DAYS.value * MS_PER_DAY
  ) {
    const interval = daysBetween(fillTime, refillBy);
    reasons.push(
      reason(
        'ITB_R_REFILL_INTERVAL_SHORT',
        'warn',
        `refill interval ${interval} days is shorter than ${SHORT_REFILL_INTERVAL_DAYS.value} days; ` +
          'consider a higher concentration or a larger fill',
        SHORT_REFILL_INTERVAL_DAYS.value,
        interval,
      ),
    );
  }
  return {
    meanFlow,
    lowAlarmAt,
    emptyAt,
    refillBy: refillBy === null ? null : epochMs(refillBy),
    refillByCause,
    reasons,
  };
}

/** {@link projectReservoir} in the printable form of the `itb calc refill` contract. */
export function projectRefill(input: ProjectionInput): RefillProjection {
  const r = projectReservoir(input);
  return {
    mlPerDay: nlToMl(r.meanFlow),
    daysToLowAlarm: r.lowAlarmAt === null ? null : daysBetween(input.start, r.lowAlarmAt),
    lowAlarmAt: r.lowAlarmAt === null ? null : iso(r.lowAlarmAt),
    daysToEmpty: r.emptyAt === null ? null : daysBetween(input.start, r.emptyAt),
    emptyAt: r.emptyAt === null ? null : iso(r.emptyAt),
    refillBy: r.refillBy === null ? null : iso(r.refillBy),
    reasons: r.reasons,
  };
}
