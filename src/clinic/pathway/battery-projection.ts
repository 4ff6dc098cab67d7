/**
 * When the pump's battery reaches its elective replacement indicator (ERI) and end of service (EOS),
 * projected from the pump profile's battery model (src/pump/profiles.ts, the same figures the pump itself
 * runs: src/pump/battery.ts) and the last interrogation's remaining charge, and the replacement plan that
 * follows (docs/clinical-reference.md §1.7, §3 battery [C: SynchroMed II clinical reference manual]: ERI
 * means replace within 90 days; hard stop at 7 years). Pure: the time comes in.
 *
 * The interrogation reports the remaining charge as a whole percent rounded DOWN (src/link/pump-mapping.ts),
 * so the projection is early by at most 1 % of the capacity — never late: the safe side for a date that
 * ends therapy.
 */
import type { BatteryModel } from '../../pump/profile.ts';
import { MS_PER_DAY, days, type EpochMs } from '../../therapy/quantities.ts';
import { sourced } from '../../therapy/sourced.ts';

/** Surgery is planned this long before the projected EOS at the latest. */
export const REPLACEMENT_MARGIN = sourced(
  days(30),
  'A',
  'our assumption: a month between the planned surgery and EOS leaves room for one postponement',
);

export interface BatteryReading {
  /** When the pump was interrogated. */
  readonly at: EpochMs;
  /** Remaining charge, whole percent (rounded down by the pump); null when the pump did not say. */
  readonly percent: number | null;
  /** The pump already reported ERI (or EOS). */
  readonly eriReported: boolean;
  /**
   * When this pump first reported ERI (its first interrogation saying so), or null. The 90 days to EOS count
   * from it: counted from each later reading, EOS slid later with every interrogation at ERI (walk, round
   * 13: ERI since 24 Oct, EOS shown 3 Mar, then 2 Apr after one more session; 22 Jan by the rule).
   */
  readonly eriSince: EpochMs | null;
}

export interface BatteryProjectionInput {
  readonly model: BatteryModel;
  /** Volume per stroke of the pump (the profile's), nL. */
  readonly strokeVolumeNl: number;
  /** The programme's mean flow, nL/day. */
  readonly meanFlowNlPerDay: number;
  /** The battery's life began at the implant (battery life is counted from implant) [A]. */
  readonly implantedAt: EpochMs;
  readonly reading: BatteryReading | null;
}

export interface BatteryProjection {
  readonly eriAt: EpochMs;
  readonly eosAt: EpochMs;
  /**
   * What set the dates: the remaining energy at the current programme (or the pump's own ERI report), or the
   * device's maximum life counted from the implant.
   */
  readonly limitedBy: 'energy' | 'age';
  /** The pump reported ERI at its last interrogation. */
  readonly eriReported: boolean;
  /** The reading the energy projection started from, or null (age only). */
  readonly basis: BatteryReading | null;
}

/** Energy spent per day at `meanFlowNlPerDay`: idle drain and the strokes that move the flow. */
function dailyNj(i: BatteryProjectionInput): number {
  const strokesPerDay = i.meanFlowNlPerDay / i.strokeVolumeNl;
  return i.model.idleNjPerMs.value * MS_PER_DAY + strokesPerDay * i.model.strokeNj.value;
}

/** The ERI and EOS projection: the earlier of the energy limit and the age limit, each. */
export function projectBattery(i: BatteryProjectionInput): BatteryProjection {
  const lead = i.model.eriLeadTime.value;
  const stopByAge = i.implantedAt + i.model.maxLife.value;
  let eri = stopByAge - lead;
  let eos = stopByAge;
  let limitedBy: BatteryProjection['limitedBy'] = 'age';
  const r = i.reading;
  if (r?.percent !== null && r?.percent !== undefined) {
    const perDay = dailyNj(i);
    const remaining = (r.percent / 100) * i.model.capacityNj.value;
    // EOS: only the reserve is left. ERI: the remaining life at this consumption falls under the lead time.
    const eosByEnergy = r.at + Math.max(0, ((remaining - i.model.eosReserveNj.value) / perDay) * MS_PER_DAY);
    const eriByEnergy = r.at + Math.max(0, (remaining / perDay) * MS_PER_DAY - lead);
    if (eosByEnergy < eos) {
      eos = Math.floor(eosByEnergy);
      limitedBy = 'energy';
    }
    if (eriByEnergy < eri) eri = Math.floor(eriByEnergy);
  }
  if (r?.eriReported === true) {
    // ERI means the pump stops within the lead time (90 days) of its first report: whatever the energy or
    // age estimate says, EOS is no later than that — a battery that began before the implant date would
    // otherwise read years.
    const since = Math.min(r.eriSince ?? r.at, r.at);
    eri = Math.min(eri, since);
    if (since + lead < eos) {
      eos = since + lead;
      limitedBy = 'energy';
    }
  }
  return {
    eriAt: Math.min(eri, eos) as EpochMs,
    eosAt: eos as EpochMs,
    limitedBy,
    eriReported: r?.eriReported ?? false,
    basis: r,
  };
}

/**
 * The replacement is overdue: the projected EOS is still ahead but inside the margin planned for surgery
 * ({@link REPLACEMENT_MARGIN}), and the pump is still in place. The pump stops delivering at EOS (withdrawal,
 * docs/clinical-reference.md §2, §3 battery: ERI, then the pump stops within 90 days), so the board ranks
 * it critical (risk-board.ts `replacementOverdue`; the SQL of its order: board-page.ts). Before, an ERI
 * 70 days old sorted as "needs attention" beside a pump that had just reported it, until EOS had passed.
 */
export const replacementOverdue = (eosAt: number, now: number): boolean =>
  now < eosAt && now >= eosAt - REPLACEMENT_MARGIN.value;

/** Whole days from `now` to the projected EOS, rounded down (the days left said on the board and the pages). */
export const daysToEos = (eosAt: number, now: number): number => Math.floor((eosAt - now) / MS_PER_DAY);

export interface ReplacementPlan {
  /** Replacement is due now: ERI reached (reported or projected). */
  readonly due: boolean;
  /** Plan the surgery on or before this date (EOS minus the margin, never before today). */
  readonly surgeryBy: EpochMs;
  /**
   * The projected EOS is at or before now and no interrogation since has moved it: the pump may have
   * stopped delivering — as a reservoir projected empty is empty on the board until a reading says otherwise.
   */
  readonly eosPassed: boolean;
  /** Refills until then, in clinicians' words. */
  readonly refillPolicy: string;
}

/** What the clinic does once the projected EOS has passed (withdrawal risk, label boxed warning). */
export const EOS_PASSED_POLICY =
  'the projected end of service (EOS) has passed: the pump may have stopped delivering (withdrawal risk) — ' +
  'interrogate it now, replace it now, and watch for withdrawal until the new pump runs';

/**
 * The replacement plan from a projection: surgery before EOS with a margin; until then refills continue
 * on schedule (an empty reservoir before surgery is a withdrawal risk, label boxed warning), the last one
 * sized to reach the surgery date — the explanted pump's residual is discarded. Once the projected EOS has
 * passed, the pump may already have stopped: interrogate and replace now.
 */
export function replacementPlan(p: BatteryProjection, now: EpochMs): ReplacementPlan {
  const eosPassed = p.eosAt <= now;
  const due = p.eriReported || p.eriAt <= now;
  const surgeryBy = Math.max(now, p.eosAt - REPLACEMENT_MARGIN.value) as EpochMs;
  const policy = eosPassed
    ? EOS_PASSED_POLICY
    : due
      ? 'keep refilling on schedule until surgery; size the last refill to reach the surgery date ' +
        '(the residual is discarded at explant); never let the reservoir run low before the new pump runs'
      : 'refill on the usual schedule';
  return { due, surgeryBy, eosPassed, refillPolicy: policy };
}
