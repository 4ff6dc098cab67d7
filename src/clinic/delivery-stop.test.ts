import { describe, expect, it } from 'vitest';
import { deliveryStops, stoppedSinceFrom } from './delivery-stop.ts';

const s = (at: number, workflow: string, status = 'verified', implantId = 'imp') => ({
  implantId,
  at,
  interrogation: { workflow, write: { status } },
});

describe("the clinic's stops of a pump, read once (stopOrResume)", () => {
  it('pairs each verified stop with the resume that ended it; a refused write, another pump or a repeat stop says nothing', () => {
    const sessions = [
      s(10, 'stop'),
      s(12, 'stop'), // a second stop while stopped: the first still dates it
      s(20, 'resume'),
      s(30, 'stop', 'refused'),
      s(35, 'stop', 'verified', 'other'),
      s(40, 'stop', 'applied-unverified'),
    ];
    expect(deliveryStops(sessions, 'imp')).toEqual([
      { at: 10, resumedAt: 20 },
      { at: 40, resumedAt: null },
    ]);
    expect(stoppedSinceFrom(sessions, 'imp')).toBe(40);
    expect(stoppedSinceFrom(sessions.slice(0, 3), 'imp')).toBeUndefined();
  });

  it('a repeat stop recorded while stopped moved "stopped since" later, shortening the interruption the restart guidance reads', () => {
    const sessions = [s(10, 'stop'), s(12, 'stop', 'applied-unverified')];
    expect(stoppedSinceFrom(sessions, 'imp')).toBe(10);
    expect(deliveryStops(sessions, 'imp')).toEqual([{ at: 10, resumedAt: null }]);
  });
});
