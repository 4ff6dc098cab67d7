/**
 * The care pathway's part of the board (`pathway` beside the board's rows, src/clinic/pathway/board-items.ts):
 * post-operative items due and pumps whose replacement is due, with the surgery-by date before EOS, for the
 * patients on the page; and how many patients on every page have a pathway item due (`pathwayDue`, the
 * "Care pathway item due" filter lists them).
 */
import type { PathwayBoardItem } from '../../../src/clinic/pathway/board-items.ts';
import type { PathwayDueKind } from '../../../src/clinic/pathway/pathway-due.ts';
import { dueDay } from '../../../src/clinic/pathway/postop-checks.ts';
import { Link } from '../components.tsx';
import { clinicDayText, dateTime } from '../format.ts';

/**
 * The items due that are neither a post-operative check nor the replacement (those are listed with their
 * own dates below): what each asks for, in the pathway page's words.
 */
const OTHER_DUE: Partial<Record<PathwayDueKind, string>> = {
  evaluation: 'candidacy evaluation and team decision due (referred',
  'screening-trial': 'screening trial due (the team decided to proceed',
  'trial-response': 'screening trial response to record (dose given',
  'trial-next-dose': 'no response to the screening dose: next protocol dose or team decision due (from',
  implant: 'implant due: responded to a screening dose (trial',
  'first-programme': 'first programme due: implanted, no prescription recorded (since the surgery',
  'concern-review': 'post-operative concern to review (raised',
  'not-computed': 'the pathway could not be computed: open the pathway page (since',
};

export function BoardPathwayDue(props: {
  readonly items: readonly PathwayBoardItem[];
  readonly dueInAll: number;
}) {
  // Only what is due now, by the rule the count reads (`due`): a check whose date has not come is not listed.
  const dueNow = (i: PathwayBoardItem, item: string) => i.due.some((d) => d.item === item);
  const postOp = props.items
    .map((i) => ({ ...i, postOpDue: i.postOpDue.filter((d) => dueNow(i, d.item)) }))
    .filter((i) => i.postOpDue.length > 0);
  const replace = props.items.filter((i) => i.battery?.replacementDue === true && dueNow(i, 'replacement'));
  const other = props.items.flatMap((i) =>
    i.due.flatMap((d) => {
      const words = OTHER_DUE[d.item];
      return words === undefined ? [] : [{ patientId: i.patientId, item: d.item, words, at: d.dueAt }];
    }),
  );
  const names = new Map(props.items.map((i) => [i.patientId, i.name]));
  const link = (id: string) => (
    <Link to={`/patients/${encodeURIComponent(id)}/pathway`}>{names.get(id) ?? id}</Link>
  );
  return (
    <section aria-labelledby="board-pathway-h">
      <h2 id="board-pathway-h">Care pathway: due</h2>
      <p aria-label="Pathway due in all">
        {props.dueInAll} patient{props.dueInAll === 1 ? '' : 's'} with a care pathway item due (all pages:
        filter &ldquo;Care pathway item due&rdquo;). On this page:
      </p>
      {postOp.length === 0 && replace.length === 0 && other.length === 0 && (
        <p>Nothing due on the pathway.</p>
      )}
      <ul aria-label="Pathway items due">
        {other.map((o) => (
          <li key={`${o.patientId}-${o.item}`}>
            {link(o.patientId)}: {o.words} {dateTime(o.at)})
          </li>
        ))}
        {postOp.flatMap((i) =>
          i.postOpDue.map((d) => (
            <li key={`${i.patientId}-${d.item}`}>
              {link(i.patientId)}: {d.item.replaceAll('-', ' ')} due {clinicDayText(dueDay(d))}
              {d.overdue && <strong> (overdue)</strong>}
            </li>
          )),
        )}
        {replace.map((i) => (
          <li key={`${i.patientId}-battery`}>
            {link(i.patientId)}:{' '}
            {i.battery?.eosPassed === true ? (
              <strong>
                pump replacement due NOW — EOS was projected {dateTime(i.battery.eosAt)} and has passed: the
                pump may have stopped delivering
              </strong>
            ) : (
              <>
                pump replacement due — surgery by {dateTime(i.battery?.surgeryBy ?? 0)}, EOS projected{' '}
                {dateTime(i.battery?.eosAt ?? 0)}
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
