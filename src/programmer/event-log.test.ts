/**
 * Paging the pump's event log: pages are read from sequence 0 until an empty page, each from the last
 * page's next sequence; a pump that never answers an empty page is read at most MAX_LOG_PAGES times.
 */
import { describe, expect, it } from 'vitest';
import { epochMs } from '../therapy/quantities.ts';
import { MAX_LOG_PAGES, readWholeLog } from './event-log.ts';

const entry = (seq: number) => ({ seq, at: epochMs(1_000 * seq), type: 'tick', message: `#${seq}` });

describe('event log paging', () => {
  it('reads every page until an empty one, each from the previous next sequence', async () => {
    const asked: number[] = [];
    const log = await readWholeLog((from, max) => {
      asked.push(from);
      const entries = Array.from({ length: Math.max(0, Math.min(max, 20 - from)) }, (_, i) =>
        entry(from + i),
      );
      return Promise.resolve({ nextSeq: from + entries.length, entries });
    });
    expect(asked).toEqual([0, 8, 16, 20]);
    expect(log.entries.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(log.nextSeq).toBe(20);
  });

  it('a pump that never answers an empty page is read a bounded number of times', async () => {
    let pages = 0;
    const log = await readWholeLog((from) => {
      pages++;
      return Promise.resolve({ nextSeq: from + 1, entries: [entry(from)] });
    });
    expect(pages).toBe(MAX_LOG_PAGES);
    expect(log.entries).toHaveLength(MAX_LOG_PAGES);
  });
});
