/**
 * Where an advised path begins for a patient, from the records (docs/advice.md, "The path from the
 * records"): the trial's start path while nothing has been programmed on a pump, the path continued from
 * today's dose while the doses given since the infusion's start are known and the model accepts them, and
 * otherwise the reason why the advice cannot say what to do now. The shapes are structural, so src/advise
 * does not depend on the clinic module.
 */
import { BODY_MODEL_DRUG } from '../body/model-drug.ts';
import { dayText } from '../therapy/date-text.ts';
import { dailyDose } from '../therapy/dose-math.ts';
import type { PrescriptionJson } from '../therapy/prescription-json.ts';
import { prescriptionFromJson } from '../therapy/prescription-json.ts';
import type { Weekday } from '../therapy/prescription.ts';
import { MS_PER_DAY, ngToMcg } from '../therapy/quantities.ts';
import type { GivenDoses } from './path-start.ts';

/** What is read of a prescription record: when it was programmed, on which pump, and what. */
export interface PrescriptionRecordLike {
  readonly createdAt: number;
  readonly implantId: string | null;
  readonly prescription: PrescriptionJson;
}

/** A stop of delivery the clinic recorded (clinic/delivery-stop.ts): when, and when it was resumed (null: not yet). */
export interface DeliveryStop {
  readonly at: number;
  readonly resumedAt: number | null;
}

/** The last day after the infusion's start from which `advise()` continues a path (advice.ts). */
export const LAST_CONTINUED_DAY = 365;

export type Infusion =
  /** Nothing programmed on a pump yet: the trial's start path is the advice for now. */
  | { readonly kind: 'not-started' }
  /** The doses given since `since` (the infusion's start, epoch ms): the path continues from today's. */
  | { readonly kind: 'continued'; readonly since: number; readonly given: GivenDoses }
  /** The patient is (or was) infused but the path cannot continue from the records: `why`, in words. */
  | { readonly kind: 'not-continued'; readonly since: number | null; readonly why: string };

const WEEKDAYS: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6];

/** A prescription that runs the pump. */
type Running = Exclude<PrescriptionJson, { readonly mode: 'stopped' }>;

/** Mean daily dose over the week in mcg/day; null for a prescription without a dose of its own. */
function dosePerDay(p: Running): number | null {
  if (p.mode === 'minimum-rate') return null;
  const rx = prescriptionFromJson(p);
  return ngToMcg(WEEKDAYS.reduce<number>((s, d) => s + dailyDose(rx, d), 0) / WEEKDAYS.length);
}

/**
 * The infusion of the pump in place (`implantId`, undefined when none is): the prescriptions recorded for it
 * (or for no pump) since the last stop, each dose from the day it was programmed (whole days of 24 h after
 * the first, day 0; the last of a day holds), and today's day at `now`. Dates in words are in `timeZone`.
 * While the pump delivers no drug (`notDelivering`: the clinic's stop, an empty reservoir, a stall …:
 * clinic/not-delivering.ts), the restart plan decides the next dose, not a titration path (before, the
 * advice offered the next step up from a dose the stopped pump was not giving). After one of the clinic's
 * stops (`stops`), the doses given are not the prescriptions' (the model assumes no stop), so the path does
 * not continue either.
 */
export function infusionFromRecords(
  chain: readonly PrescriptionRecordLike[],
  implantId: string | undefined,
  now: number,
  timeZone: string,
  stops: readonly DeliveryStop[] = [],
  notDelivering: { readonly since: number | null; readonly causes: readonly string[] } | null = null,
): Infusion {
  const ofPump = chain
    .filter((r) => r.implantId === null || r.implantId === implantId)
    .sort((a, b) => a.createdAt - b.createdAt);
  if (ofPump.length === 0)
    return chain.length > 0 && implantId === undefined
      ? { kind: 'not-continued', since: null, why: 'no pump is in place: the infusion has ended' }
      : { kind: 'not-started' };
  const lastStop = ofPump.findLastIndex((r) => r.prescription.mode === 'stopped');
  const stop = ofPump[lastStop];
  if (stop !== undefined && lastStop === ofPump.length - 1)
    return {
      kind: 'not-continued',
      since: null,
      why: `the infusion was stopped on ${dayText(stop.createdAt, timeZone)}`,
    };
  const infusion = ofPump
    .slice(lastStop + 1)
    .flatMap((r) => (r.prescription.mode === 'stopped' ? [] : [{ at: r.createdAt, rx: r.prescription }]));
  const since = (infusion[0] as (typeof infusion)[number]).at;
  const not = (why: string): Infusion => ({ kind: 'not-continued', since, why });
  const started = dayText(since, timeZone);
  const other = infusion.find((r) => r.rx.drug !== BODY_MODEL_DRUG);
  if (other !== undefined)
    return not(
      `the pump gave ${other.rx.drug} from ${dayText(other.at, timeZone)}: the model's doses are ${BODY_MODEL_DRUG}'s`,
    );
  if (notDelivering !== null) {
    const from = notDelivering.since === null ? '' : ` since ${dayText(notDelivering.since, timeZone)}`;
    return not(
      `no drug is delivered${from} (${notDelivering.causes.join('; ')}): the restart plan decides the next dose, not a titration path`,
    );
  }
  const past = stops.filter((x) => x.at >= since).at(-1);
  if (past !== undefined)
    return not(
      past.resumedAt === null
        ? `delivery was stopped on ${dayText(past.at, timeZone)} and no resume is recorded: the restart plan decides the next dose, not a titration path`
        : `delivery was stopped on ${dayText(past.at, timeZone)} and resumed: the model does not know the doses given through a stop`,
    );
  const today = Math.floor((now - since) / MS_PER_DAY);
  if (today > LAST_CONTINUED_DAY)
    return not(
      `the infusion started on ${started}, more than a year ago: the model continues a path through its first year only`,
    );
  if (today < 1) return not(`the infusion started on ${started}, less than a day ago`);
  const doses: { day: number; doseMcgPerDay: number }[] = [];
  for (const r of infusion) {
    const dose = dosePerDay(r.rx);
    if (dose === null)
      return not(
        `the prescription of ${dayText(r.at, timeZone)} runs the pump's minimum rate, whose daily dose the records do not give`,
      );
    const day = Math.floor((r.at - since) / MS_PER_DAY);
    if (day >= today)
      return not(
        `the dose was changed on ${dayText(r.at, timeZone)}, less than a day ago: the path continues from it tomorrow`,
      );
    if (doses.at(-1)?.day === day) doses.pop();
    doses.push({ day, doseMcgPerDay: dose });
  }
  return { kind: 'continued', since, given: { doses, today } };
}

/** Where the advised path begins, as the API answers it beside the advice (and the panel reads it). */
export interface AdviceBasis {
  /**
   * start: nothing programmed on a pump yet, the trial's start path is the advice for now; continued: the
   * path continues from today's dose; advised-at-start: the patient is infused but the path cannot continue
   * (`why`), so the steps are the path advised at the start, not a plan for now.
   */
  readonly kind: 'start' | 'continued' | 'advised-at-start';
  /** When the screening trial began (epoch ms). */
  readonly trialAt: number;
  /** The infusion's start (epoch ms), when known. */
  readonly infusionSince: number | null;
  readonly why: string | null;
}

export function adviceBasis(infusion: Infusion, trialAt: number): AdviceBasis {
  switch (infusion.kind) {
    case 'not-started':
      return { kind: 'start', trialAt, infusionSince: null, why: null };
    case 'continued':
      return { kind: 'continued', trialAt, infusionSince: infusion.since, why: null };
    case 'not-continued':
      return { kind: 'advised-at-start', trialAt, infusionSince: infusion.since, why: infusion.why };
  }
}
