/**
 * The care pathway's items due on the board (post-operative checks, concern reviews, staples out,
 * replacement due) over ALL patients, not only the rows of the page shown: a post-operative patient
 * sorted onto page 2 by the refill risk order still has a wound check due today. Read page by page through
 * the board's own bulk read (`boardPage`, audited), then the pathway tables for those patients, then the
 * same derivation as the pathway page (clinic/pathway/board-items.ts). Only patients with something due
 * are returned, earliest due first.
 */
import { pathwayBoardItems, type PathwayBoardItem } from '../../clinic/pathway/board-items.ts';
import { isBoardFailure } from '../../clinic/board-row-failure.ts';
import type { BoardPatientRecords } from '../../clinic/risk-board.ts';
import type { ClinicStore } from '../../clinic/store.ts';
import type { ActorContext } from '../../clinic/records.ts';
import { epochMs } from '../../therapy/quantities.ts';

/** How many board records one read takes while collecting the pathway items. */
const READ_PAGE = 500;

const firstDue = (i: PathwayBoardItem): number =>
  Math.min(
    ...i.postOpDue.map((d) => d.dueAt),
    i.battery?.replacementDue === true ? i.battery.surgeryBy : Infinity,
  );

/** Every patient's pathway items that are due, earliest first. */
export async function pathwayDueForAll(
  store: ClinicStore,
  ctx: ActorContext,
  now: number,
): Promise<PathwayBoardItem[]> {
  const all: BoardPatientRecords[] = [];
  for (let page = 1; ; page++) {
    const read = await store.boardPage({ page, limit: READ_PAGE, sort: 'name', filters: [] }, now, ctx);
    all.push(...read.records.filter((e): e is BoardPatientRecords => !isBoardFailure(e)));
    if (page * READ_PAGE >= read.total || read.records.length === 0) break;
  }
  const tables = await store.pathwayBoardRecords(
    all.map((r) => r.patient.id),
    ctx,
  );
  return pathwayBoardItems(all, tables, epochMs(now))
    .filter((i) => i.postOpDue.length > 0 || i.battery?.replacementDue === true)
    .sort((a, b) => firstDue(a) - firstDue(b));
}
