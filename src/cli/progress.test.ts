// Progress on stderr: a bar on a terminal, a throttled line elsewhere.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { progress } from './progress.ts';

/** A sink with a clock the test moves. */
function fakeSink(tty: boolean, intervalMs = 5000) {
  const out: string[] = [];
  const clock = { t: 1_000_000 };
  return { out, clock, sink: { tty, write: (s: string) => out.push(s), now: () => clock.t, intervalMs } };
}

describe('progress', () => {
  it('progress shows only on a terminal: off a terminal it prints a line every interval and the last count', () => {
    const { out, clock, sink } = fakeSink(false);
    const p = progress('patients', sink);
    for (let done = 1; done <= 100; done++) {
      clock.t += 200; // 100 updates over 20 s
      p.update(done, 100);
    }
    p.finish();
    expect(out).toEqual([
      '25/100 patients (25 %), 5 s\n',
      '50/100 patients (50 %), 10 s\n',
      '75/100 patients (75 %), 15 s\n',
      '100/100 patients (100 %), 20 s\n',
    ]);
  });

  it('on a terminal it redraws one bar in place and ends its line', () => {
    const { out, sink } = fakeSink(true);
    const p = progress('patients', sink);
    p.update(1, 2);
    p.update(2, 2);
    p.finish();
    expect(out[0]).toMatch(/^\r\[#{15}\.{15}\] 1\/2$/);
    expect(out.at(-1)).toBe('\n');
    expect(out.join('')).not.toMatch(/\n.*\n/);
  });

  it('off a terminal: never two lines closer than the interval, and the final count always shown', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 200 }), (steps) => {
        const { out, clock, sink } = fakeSink(false, 1000);
        const p = progress('x', sink);
        const times: number[] = [];
        steps.forEach((dt, i) => {
          clock.t += dt;
          const before = out.length;
          p.update(i + 1, steps.length);
          if (out.length > before) times.push(clock.t);
        });
        p.finish();
        for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);
        expect(out.at(-1)).toMatch(new RegExp(`^${steps.length}/${steps.length} x \\(100 %\\)`));
      }),
    );
  });
});
