// Inputs are the body's contract with src/pump and src/world: drug at the tip as piecewise-constant rates
// and lumbar boluses; bad input is refused with a code and changes nothing (docs/architecture.md, errors).
import { describe, expect, it } from 'vitest';
import { epochMs, nanograms } from '../therapy/quantities.ts';
import { schedule, validateInputs } from './inputs.ts';

const t = (h: number) => epochMs(h * 3_600_000);

describe('schedule', () => {
  it('cuts time where the rate changes and adds overlapping segments', () => {
    const pieces = schedule(
      {
        segments: [
          { start: t(0), end: t(10), ngPerDay: 240_000 },
          { start: t(4), end: t(5), ngPerDay: 2_400_000 },
        ],
      },
      t(2),
      t(12),
    );
    expect(pieces.map((p) => [p.from, p.to, p.mcgPerHour])).toEqual([
      [t(2), t(4), 10],
      [t(4), t(5), 110],
      [t(5), t(10), 10],
      [t(10), t(12), 0],
    ]);
  });

  it('applies a bolus in [from, to) once: one at `to` belongs to the next call', () => {
    const inputs = { boluses: [{ at: t(3), amount: nanograms(50_000), volumeMl: 1 }] };
    expect(schedule(inputs, t(0), t(3)).flatMap((p) => p.boluses)).toHaveLength(0);
    const next = schedule(inputs, t(3), t(6));
    expect(next[0]?.boluses).toHaveLength(1);
  });

  it('ignores inputs outside the interval', () => {
    const pieces = schedule({ segments: [{ start: t(0), end: t(1), ngPerDay: 1000 }] }, t(2), t(3));
    expect(pieces).toEqual([{ from: t(2), to: t(3), mcgPerHour: 0, boluses: [] }]);
  });
});

describe('validateInputs', () => {
  it.each([
    { segments: [{ start: t(2), end: t(1), ngPerDay: 1 }] },
    { segments: [{ start: t(0), end: t(1), ngPerDay: -1 }] },
    { segments: [{ start: t(0), end: t(1), ngPerDay: Number.NaN }] },
    { boluses: [{ at: t(0), amount: nanograms(-5), volumeMl: 1 }] },
    { boluses: [{ at: t(0), amount: nanograms(5), volumeMl: -1 }] },
  ])('refuses a malformed input with ITB_E_BODY_INVALID_INPUT', (inputs) => {
    expect(() => validateInputs(inputs)).toThrow(
      expect.objectContaining({ code: 'ITB_E_BODY_INVALID_INPUT' }),
    );
  });
});
