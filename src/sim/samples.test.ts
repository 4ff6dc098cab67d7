// Issue 14 (populations fast): a population run keeps no timeline (keepTimeline false), yet every sample
// wrote a full timeline row — an ISO instant and six 6-digit roundings through text — that only the
// summary read back, parsing the instant again. Samples now keep the numbers the run reads; rows are
// written only for a run that returns them, and the summary is the same either way.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WORLD_EVENT_RATES } from '../world/index.ts';
import { patientScenario } from './population.ts';
import { runScenario } from './runner.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('samples of a run without a timeline (issue 14)', () => {
  it('a run that returns no timeline wrote every sample as a timeline row all the same', () => {
    const scenario = patientScenario(7, 0, 0.25);
    const options = {
      sampling: 'grid' as const,
      pocketFillPerRefill: WORLD_EVENT_RATES.pocketFillPerRefill.value.typical,
    };
    const iso = vi.spyOn(Date.prototype, 'toISOString');
    const lean = runScenario(scenario, { ...options, keepTimeline: false });
    const leanTexts = iso.mock.calls.length;
    iso.mockClear();
    const full = runScenario(scenario, { ...options, keepTimeline: true });
    const fullTexts = iso.mock.calls.length;
    expect(full.timeline.length).toBeGreaterThan(100);
    // The events are written alike; the rows' instants only where the timeline is returned.
    expect(fullTexts - leanTexts).toBe(full.timeline.length);
    expect(lean.timeline).toEqual([]);
    expect(lean.summary).toEqual(full.summary);
  });
});
