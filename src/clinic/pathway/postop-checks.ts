/**
 * Post-operative care after a pump implant or replacement (docs/clinical-reference.md §1.2; docs/workflows.md
 * "Care pathway"): the scheduled checks with their due dates, the check record, and what in a check needs a
 * clinician's attention. Pure: dates come from the implant, time from the caller.
 */
import { z } from 'zod';
import { isoDay } from '../../therapy/date-text.ts';
import { days, type EpochMs } from '../../therapy/quantities.ts';
import { sourced } from '../../therapy/sourced.ts';
import { epochMsSchema, type RecordMeta } from '../records.ts';

export const POSTOP_ITEMS = ['wound-check', 'suture-removal', 'infection-watch'] as const;
export type PostOpItem = (typeof POSTOP_ITEMS)[number];

/** Days after surgery each item is due; named, overridable data. */
export const POSTOP_SCHEDULE: Readonly<Record<PostOpItem, ReturnType<typeof sourced<number>>>> = {
  'wound-check': sourced(days(7), 'A', 'our assumption: first wound review one week after surgery'),
  'suture-removal': sourced(
    days(12),
    'U',
    'staples or sutures out 10–14 days after surgery, as commonly practised (unconfirmed)',
  ),
  'infection-watch': sourced(
    days(30),
    'A',
    'our assumption: infection watch closes 30 days after surgery (infection 3–7 % per procedure: docs/clinical-reference.md §4)',
  ),
};

/**
 * How long after the implant a patient counts as post-operative; items not recorded by its end are no
 * longer listed as due (the window closed: a missed check is a gap in the record, not a reason to keep a
 * patient post-operative for years).
 */
export const POST_OP_PERIOD = sourced(
  days(42),
  'A',
  'our assumption: six weeks of wound healing and infection watch after pump surgery',
);

/** A temperature at or above this is fever: infection, or baclofen withdrawal (label boxed warning). */
export const FEVER_C = sourced(38.0, 'C', 'the usual clinical threshold for fever (38.0 °C)');

export const postOpCheckBodySchema = z.strictObject({
  /** The scheduled items this visit completes (may be none: an extra check). */
  completes: z.array(z.enum(POSTOP_ITEMS)).max(POSTOP_ITEMS.length),
  wound: z.enum(['clean-dry', 'erythema', 'discharge', 'dehiscence']),
  temperatureC: z.number().min(30).max(44),
  /** Headache worse upright and better lying down: the sign of a CSF leak. */
  positionalHeadache: z.boolean(),
  /** Fluid collecting at the pump pocket or along the catheter (seroma or CSF). */
  fluidCollection: z.boolean(),
  infectionSigns: z.boolean(),
  notes: z.string().trim().max(2000).default(''),
});
export const postOpCheckInputSchema = postOpCheckBodySchema.extend({
  patientId: z.string().min(1),
  implantId: z.string().min(1),
  at: epochMsSchema,
});
export type PostOpCheckInput = z.input<typeof postOpCheckInputSchema>;
export type PostOpCheck = z.output<typeof postOpCheckInputSchema> & RecordMeta;

export interface DueItem {
  /** A scheduled item, or the review of a concern a check found (postop-alert.ts). */
  readonly item: PostOpItem | 'concern-review';
  readonly implantId: string;
  readonly dueAt: EpochMs;
  readonly overdue: boolean;
}

/**
 * The calendar day an item is due, "2026-12-05": counted in days from the implant's calendar date, so a
 * day in no zone (written as an instant, the board read "wound check due Sat 5 Dec 2026 00:00 UTC").
 */
export const dueDay = (d: Pick<DueItem, 'dueAt'>): string => isoDay(d.dueAt, 'UTC');

/** The items not yet completed for the implant, with their due dates, earliest first; none once the window closed. */
export function postOpDue(
  implant: { readonly id: string; readonly implantDate: string },
  checks: readonly Pick<PostOpCheck, 'implantId' | 'completes'>[],
  now: EpochMs,
): DueItem[] {
  const surgery = Date.parse(`${implant.implantDate}T00:00:00Z`);
  if (now >= surgery + POST_OP_PERIOD.value) return [];
  const done = new Set(checks.filter((c) => c.implantId === implant.id).flatMap((c) => c.completes));
  return POSTOP_ITEMS.filter((item) => !done.has(item))
    .map((item) => {
      const dueAt = (surgery + POSTOP_SCHEDULE[item].value) as EpochMs;
      return { item, implantId: implant.id, dueAt, overdue: dueAt < now };
    })
    .sort((a, b) => a.dueAt - b.dueAt);
}

/** What in a check needs attention, in clinicians' words (empty when nothing does). */
export function postOpConcerns(check: z.output<typeof postOpCheckBodySchema>): string[] {
  const out: string[] = [];
  if (check.wound !== 'clean-dry') out.push(`wound: ${check.wound}`);
  const fever = check.temperatureC >= FEVER_C.value;
  if (fever) {
    out.push(`fever ${check.temperatureC} °C: infection or baclofen withdrawal — examine today`);
  }
  // Fever with headache after a dural puncture is meningitis until excluded (docs/clinical-reference.md §2).
  if (fever && check.positionalHeadache) {
    out.push('fever with headache: meningitis until excluded — infection work-up today');
  }
  if (check.positionalHeadache) out.push('positional headache: suspect a CSF leak');
  if (check.fluidCollection) out.push('fluid collection at the pocket or catheter: seroma or CSF leak');
  if (check.infectionSigns) out.push('signs of infection: culture and review the pocket');
  return out;
}
