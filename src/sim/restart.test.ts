import { describe, expect, it } from 'vitest';
import { replayPatient } from './campaign/patient.ts';

describe('restart after an interruption', () => {
  it('a restart dose below the pump’s minimum flow leaves the pump unchanged (seed 11, stress 20, patient 23): the clinic restarts at the lowest dose the pump accepts', () => {
    const r = replayPatient({ seed: 11, years: 2, stress: 20 }, 23, []);
    const response = r.events.find((e) => e.kind === 'response' && e.detail.includes('low-battery-reset'));
    expect(response).toBeDefined();
    const after = r.events.filter((e) => e.day === response?.day && e.kind.startsWith('program'));
    expect(after.map((e) => e.kind)).toEqual(['program']);
    expect(after[0]?.detail).toContain('raised to the pump’s minimum flow');
    // Nothing the pump refuses is left silently unapplied: no restart is refused in the whole run.
    expect(r.events.filter((e) => e.kind === 'program-refused' && e.detail.includes('restart'))).toEqual([]);
  });
});
