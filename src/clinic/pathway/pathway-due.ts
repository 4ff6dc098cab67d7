/**
 * What on the care pathway falls due for a patient, and when, as stored in the patient's board row
 * (docs/workflows.md "On the board"): each item with the instant it falls due and, for the post-operative
 * items, the instant it stops being listed (the six-week window closes: postop-checks.ts). The items do not
 * depend on the time they are computed at (apart from the battery's ERI, projected from the programme in
 * force), so the row stores instants and the board compares them with `now` when it reads (board-page.ts):
 * a check falls due when the clock passes its date, with no write in between.
 *
 * Pure: the records and the instant of computation in, the items and the board row's columns out. The
 * items come from the same rules as the pathway page (pathway-view.ts `derivePathway`, postop-checks.ts,
 * postop-alert.ts, battery-projection.ts): the pathway model test checks "due at now" against the page's
 * own view at random instants (pathway-due.test.ts).
 */
import type { EpochMs } from '../../therapy/quantities.ts';
import { derivePathway, type PathwayRecords, type PathwayView } from './pathway-view.ts';
import { concernReviewDue } from './postop-alert.ts';
import { POST_OP_PERIOD, postOpDue } from './postop-checks.ts';

/**
 * The revision of these rules. Part of the board rules version (board-rules-version.ts): a change here
 * that can alter a stored item bumps it, and every stored row is rebuilt on the next open.
 */
export const PATHWAY_DUE_REVISION = 2;

export const PATHWAY_DUE_KINDS = [
  'evaluation',
  'screening-trial',
  'trial-response',
  'trial-next-dose',
  'implant',
  'first-programme',
  'wound-check',
  'suture-removal',
  'infection-watch',
  'concern-review',
  'replacement',
  'not-computed',
] as const;
export type PathwayDueKind = (typeof PATHWAY_DUE_KINDS)[number];

export interface PathwayDueItem {
  readonly item: PathwayDueKind;
  /** Due from this instant on (inclusive). */
  readonly dueAt: number;
  /** No longer listed from this instant (exclusive); null: until a record changes it. */
  readonly until: number | null;
}

/** A patient's records the items come from: the pathway's, and when the patient was registered. */
export interface PathwayDueRecords extends PathwayRecords {
  readonly registeredAt: number;
}

/**
 * The items for `r`, computed at `computedAt` (see the module comment), earliest due first. `view` is
 * `derivePathway(r, computedAt)`, passed by a caller that already has it (the board derives each row once).
 */
export function pathwayDueItems(
  r: PathwayDueRecords,
  computedAt: EpochMs,
  view: PathwayView = derivePathway(r, computedAt),
): PathwayDueItem[] {
  const items: PathwayDueItem[] = [];
  const active = r.implants.find((i) => i.id === view.activeImplantId);
  if (active !== undefined) {
    const surgery = Date.parse(`${active.implantDate}T00:00:00Z`) as EpochMs;
    const closes = surgery + POST_OP_PERIOD.value;
    // Computed at the surgery: every item not completed, whatever the time now (the window bounds it).
    for (const d of postOpDue(active, r.checks, surgery)) {
      items.push({ item: d.item, dueAt: d.dueAt, until: closes });
    }
    for (const d of concernReviewDue(active.id, r.checks, computedAt)) {
      items.push({ item: 'concern-review', dueAt: d.dueAt, until: null });
    }
    if (r.prescription === null) items.push({ item: 'first-programme', dueAt: surgery, until: null });
    if (view.battery !== null) {
      items.push({ item: 'replacement', dueAt: view.battery.eriAt, until: null });
    }
  } else if (r.implants.length === 0) {
    if (view.stage === 'referred') {
      items.push({ item: 'evaluation', dueAt: r.registeredAt, until: null });
    }
    if (view.stage === 'evaluated' && view.decision?.outcome === 'proceed-to-trial') {
      items.push({ item: 'screening-trial', dueAt: view.decision.decidedAt, until: null });
    }
    if (view.trialNext !== null) items.push({ ...view.trialNext, until: null });
  }
  return items.sort((a, b) => a.dueAt - b.dueAt || a.item.localeCompare(b.item));
}

/** Whether `i` is due at `now`. */
export const isDueAt = (i: PathwayDueItem, now: number): boolean =>
  i.dueAt <= now && (i.until === null || now < i.until);

/** The board row's pathway columns (db-schema.ts `BoardPathwayColumns`). */
export interface PathwayDueColumns {
  /** Start of the first due window; null when nothing is or will be due. */
  readonly pathway_due_at: number | null;
  /** End of the first window (exclusive); null when it does not end. */
  readonly pathway_due_until: number | null;
  /** Start of the open window after a bounded first one (due from then on); null when none. */
  readonly pathway_due_again_at: number | null;
  /** The items as JSON (what is due, and when). */
  readonly pathway_due: string;
}

/**
 * The items' windows merged into at most two: the first, and the start of an open-ended one after it. By
 * construction only the post-operative items are bounded, all by the same window close, so two always
 * suffice; were there a second bounded window, it is stored as open-ended — due too long, never too late.
 */
export function pathwayDueColumns(items: readonly PathwayDueItem[]): PathwayDueColumns {
  const windows: { at: number; until: number | null }[] = [];
  for (const i of [...items].sort((a, b) => a.dueAt - b.dueAt)) {
    const last = windows.at(-1);
    if (last !== undefined && (last.until === null || i.dueAt <= last.until)) {
      last.until = last.until === null || i.until === null ? null : Math.max(last.until, i.until);
    } else {
      windows.push({ at: i.dueAt, until: i.until });
    }
  }
  const [first, second] = windows;
  return {
    pathway_due_at: first?.at ?? null,
    pathway_due_until: first?.until ?? null,
    pathway_due_again_at: second?.at ?? null,
    pathway_due: JSON.stringify(items),
  };
}

/** The columns of a patient whose items could not be computed: due from `computedAt`, never hidden. */
export function notComputedColumns(computedAt: number): PathwayDueColumns {
  return pathwayDueColumns([{ item: 'not-computed', dueAt: computedAt, until: null }]);
}
