// Scenario files are validated at the edge (docs/architecture.md principle 7): bad input names its path and changes
// nothing; the coded error is ITB_E_SIM_INVALID_SCENARIO.
import { describe, expect, it } from 'vitest';
import { ItbError } from '../therapy/codes.ts';
import { parseScenario, parseScenarioText } from './scenario.ts';

const minimal = { name: 'm', days: 10, startDoseMcgPerDay: 300 };

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof ItbError ? `${e.code}: ${e.message}` : String(e);
  }
  return undefined;
}

describe('parseScenario', () => {
  it('accepts a minimal scenario and every fault kind', () => {
    expect(parseScenario(minimal).days).toBe(10);
    const faults = [
      { kind: 'missed-refill', refill: 1 },
      { kind: 'late-refill', refill: 2, lateDays: 5 },
      { kind: 'pocket-fill', refill: 1, fraction: 0.5 },
      { kind: 'wrong-concentration', refill: 1, actualMcgPerMl: 2000 },
      { kind: 'catheter', atDays: 3, state: { kind: 'leaking', fraction: 0.2, at: 'tip' } },
      { kind: 'mri', atDays: 4, scanMinutes: 30 },
      { kind: 'battery-fault', atDays: 5 },
      { kind: 'programming-slip', atDays: 6, factor: 10, checkedBy: 'pump-only' },
    ];
    expect(parseScenario({ ...minimal, faults }).faults).toHaveLength(8);
  });

  it('names the path of each bad field', () => {
    const msg = codeOf(() =>
      parseScenario({
        ...minimal,
        faults: [{ kind: 'catheter', atDays: 1, state: { kind: 'leaking', fraction: 2 } }],
      }),
    );
    expect(msg).toMatch(/^ITB_E_SIM_INVALID_SCENARIO: .*faults\.0\.state\.fraction/);
    expect(codeOf(() => parseScenario({ ...minimal, device: { profile: 'no-such-pump' } }))).toMatch(
      /device\.profile/,
    );
    expect(codeOf(() => parseScenario({ ...minimal, extra: 1 }))).toMatch(/ITB_E_SIM_INVALID_SCENARIO/);
  });

  it('needs a start dose or a screening trial', () => {
    expect(codeOf(() => parseScenario({ name: 'x', days: 1 }))).toMatch(/startDoseMcgPerDay or screening/);
    expect(parseScenario({ name: 'x', days: 1, screening: {} }).screening).toEqual({});
  });

  it('refuses text that is not JSON', () => {
    expect(codeOf(() => parseScenarioText('{ nope'))).toMatch(
      /^ITB_E_SIM_INVALID_SCENARIO: scenario is not JSON/,
    );
  });
});
