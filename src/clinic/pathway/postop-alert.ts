/**
 * The alert a post-operative check with a concern raises (docs/workflows.md "Care pathway"), and when the
 * concern must have been reviewed. Pure: the check in, an alert or null out; pathway-repo.ts raises it in
 * the same transaction that stores the check, so a check with a concern is never stored without its alert.
 * Before, the concerns were listed in the answer to the one who recorded the check and reached no inbox.
 *
 * Critical — fever, infection signs, a discharging or dehiscent wound: pocket or catheter infection can
 * reach meningitis, and fever after pump surgery is also the first sign of baclofen withdrawal
 * (docs/clinical-reference.md §2 boxed warning, §4 infection 3–7 % per procedure [C: Lioresal Intrathecal PI
 * boxed warning and section 5]). Warning — positional headache or a fluid collection (CSF leak, seroma) or a
 * reddened wound. The review windows are our assumptions [A].
 */
import { days, hours } from '../../therapy/quantities.ts';
import { sourced } from '../../therapy/sourced.ts';
import type { AlertInput } from '../clinical-records.ts';
import type { EpochMs } from '../../therapy/quantities.ts';
import { postOpConcerns, type DueItem, type PostOpCheck } from './postop-checks.ts';

/** How soon a concern must be reviewed, by severity; named, overridable data. */
export const CONCERN_REVIEW_WITHIN = {
  critical: sourced(
    hours(24),
    'A',
    'our assumption: fever or infection after pump surgery is seen the same day',
  ),
  warning: sourced(
    days(3),
    'A',
    'our assumption: a suspected CSF leak or seroma is reviewed within three days',
  ),
} as const;

const SOURCE =
  'Lioresal Intrathecal PI boxed warning and section 5 (withdrawal, infection); docs/clinical-reference.md §4';

export type PostOpAlert = Pick<AlertInput, 'kind' | 'severity' | 'message' | 'reasons' | 'source'>;

type CheckBody = Pick<
  PostOpCheck,
  | 'wound'
  | 'temperatureC'
  | 'positionalHeadache'
  | 'fluidCollection'
  | 'infectionSigns'
  | 'completes'
  | 'notes'
>;

/** Whether the check carries a critical concern (infection or withdrawal may be starting). */
const isCritical = (c: CheckBody): boolean =>
  c.infectionSigns ||
  c.wound === 'discharge' ||
  c.wound === 'dehiscence' ||
  postOpConcerns(c).some((x) => x.startsWith('fever'));

/** The alert the check raises, or null when nothing in it needs attention. */
export function postOpAlert(check: CheckBody): PostOpAlert | null {
  const concerns = postOpConcerns(check);
  if (concerns.length === 0) return null;
  const severity = isCritical(check) ? 'critical' : 'warning';
  return {
    kind: 'postop-concern',
    severity,
    message: `Post-operative check: ${concerns.join('; ')}. Review ${severity === 'critical' ? 'today' : 'within three days'}.`,
    reasons: concerns.map((message) => ({
      code: 'ITB_R_POSTOP_CONCERN',
      message,
      severity: severity === 'critical' ? ('block' as const) : ('warn' as const),
    })),
    source: SOURCE,
  };
}

/** When the concern the check raised must have been reviewed, or null when it raised none. */
export function concernReviewBy(check: CheckBody & Pick<PostOpCheck, 'at'>): number | null {
  const alert = postOpAlert(check);
  if (alert === null) return null;
  return check.at + CONCERN_REVIEW_WITHIN[alert.severity === 'critical' ? 'critical' : 'warning'].value;
}

/**
 * The concern review due for the implant: when its latest check found a concern, a `concern-review` item
 * due by {@link concernReviewBy}; none once a later check found nothing (the concern was reviewed). Listed
 * whatever the post-operative window, so a concern found late is not dropped.
 */
export function concernReviewDue(
  implantId: string,
  checks: readonly (CheckBody & Pick<PostOpCheck, 'at' | 'implantId'>)[],
  now: EpochMs,
): DueItem[] {
  const latest = checks
    .filter((c) => c.implantId === implantId)
    .reduce<(typeof checks)[number] | undefined>(
      (m, c) => (m === undefined || c.at >= m.at ? c : m),
      undefined,
    );
  const by = latest === undefined ? null : concernReviewBy(latest);
  return by === null ? [] : [{ item: 'concern-review', implantId, dueAt: by as EpochMs, overdue: by < now }];
}
