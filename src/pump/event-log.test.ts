import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochMs } from '../therapy/quantities.ts';
import { appendLog, emptyLog, entriesSince } from './event-log.ts';

describe('event log ring (FDA 2014 hazard: corrupted dose history)', () => {
  it('keeps the newest N entries and never reuses a sequence number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 40 }), fc.integer({ min: 0, max: 200 }), (capacity, n) => {
        let log = emptyLog(capacity);
        for (let i = 0; i < n; i++) log = appendLog(log, epochMs(i), 'e', `entry ${i}`).log;
        expect(log.entries).toHaveLength(Math.min(n, capacity));
        expect(log.entries.map((e) => e.seq)).toEqual(
          Array.from({ length: Math.min(n, capacity) }, (_, i) => n - Math.min(n, capacity) + i + 1),
        );
        expect(log.nextSeq).toBe(n + 1);
      }),
    );
  });

  it('reads incrementally from a sequence number', () => {
    let log = emptyLog(16);
    for (let i = 0; i < 20; i++) log = appendLog(log, epochMs(i), 'e', 'x', { i }).log;
    expect(entriesSince(log, 18).map((e) => e.data?.i)).toEqual([17, 18, 19]);
  });
});
