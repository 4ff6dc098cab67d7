/**
 * The pump's event log (issue 12, item 5), read over the link with `interrogate-log` (docs/protocol.md §5.4,
 * §7): page by page from sequence 0 until the pump answers an empty page. The log is a ring, so the oldest
 * entries may have been overwritten; `firstSeq` tells the reader where what is kept begins. Reading changes
 * nothing on the pump. The interrogation step "interrogate and read the event log" of troubleshooting
 * (docs/clinical-reference.md §3) uses it.
 */
import { MAX_LOG_ENTRIES } from '../link/commands.ts';
import type { LogEntry } from '../link/status-codec.ts';
import { ItbError } from '../therapy/codes.ts';
import type { LinkClient } from './session.ts';

/** One page as the pump answers it. */
export interface LogPage {
  readonly nextSeq: number;
  readonly entries: readonly LogEntry[];
}

/** Most pages read in one go: a 256-entry ring is 32 pages, so this bounds a misbehaving pump, not a log. */
export const MAX_LOG_PAGES = 200;

/** Pages through the whole retained log with `readPage` (the CLI and the programmer share the paging). */
export async function readWholeLog(
  readPage: (fromSeq: number, max: number) => Promise<LogPage>,
): Promise<{ nextSeq: number; entries: LogEntry[] }> {
  const entries: LogEntry[] = [];
  let from = 0;
  for (let page = 0; page < MAX_LOG_PAGES; page++) {
    const b = await readPage(from, MAX_LOG_ENTRIES);
    entries.push(...b.entries);
    if (b.entries.length === 0) return { nextSeq: b.nextSeq, entries };
    from = b.nextSeq;
  }
  return { nextSeq: from, entries };
}

/** Reads the pump's whole retained event log; a refusal is ITB_E_PROG_INTERROGATION with the pump's reasons. */
export async function readEventLog(
  client: Pick<LinkClient, 'read' | 'newCommandId'>,
): Promise<{ nextSeq: number; entries: LogEntry[] }> {
  return readWholeLog(async (fromSeq, max) => {
    const r = await client.read({ op: 'interrogate-log', commandId: client.newCommandId(), fromSeq, max });
    if (r.outcome === 'refused') {
      throw new ItbError('ITB_E_PROG_INTERROGATION', `the pump refused to give its event log: ${r.error}`, {
        reasons: r.reasons,
      });
    }
    if (r.body.kind !== 'log') {
      throw new ItbError('ITB_E_PROG_INTERROGATION', `interrogate-log answered with a ${r.body.kind} body`);
    }
    return r.body;
  });
}
