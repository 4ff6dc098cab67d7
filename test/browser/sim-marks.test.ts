/**
 * The simulator's chart marks (src/sim/marks.ts): which events of a run are marked on the charts of the
 * simulator page, and the marks in the charts' text summaries.
 */
import { describe, expect, it } from 'vitest';
import { replayPatient } from '../../src/sim/campaign/patient.ts';
import { runScenario } from '../../src/sim/runner.ts';
import { parseScenarioText } from '../../src/sim/scenario.ts';
import { marksOf, marksText } from '../../src/sim/marks.ts';
import { readFileSync } from 'node:fs';

describe('simulator chart marks', () => {
  // Finding (issue 15): the charts marked alarms and faults but not the clinic's interventions on the
  // implant, so a pump replaced at ERI or a revised catheter — the moment the course changes — was unmarked.
  it('pump replacements and catheter revisions were not marked on the simulator charts: each is marked as an intervention and named in the summary', () => {
    const occlusion = runScenario(
      parseScenarioText(
        readFileSync(new URL('../../examples/catheter-occlusion.json', import.meta.url), 'utf8'),
      ),
    );
    // Seed 1, patient 1087 with the pump's hard limits off: the slip's flow latches ERI, and the pump is replaced.
    const replaced = replayPatient({ seed: 1, years: 5, stress: 1 }, 1087, ['pump-hard-limits']);
    const revision = occlusion.events.find((e) => e.kind === 'catheter-revision');
    const replacement = replaced.events.find((e) => e.kind === 'pump-replacement');
    expect(revision).toBeDefined();
    expect(replacement).toBeDefined();
    for (const [run, event] of [
      [occlusion, revision],
      [replaced, replacement],
    ] as const) {
      const marks = marksOf(run.events);
      expect(marks).toContainEqual({ day: event?.day, kind: 'intervention', label: event?.detail });
      expect(marksText(marks)).toContain(`Pump replaced or catheter revised: ${event?.detail}`);
    }
  });

  it('marks alarms and faults as before, and nothing else (visits, programs, refills)', () => {
    const missed = runScenario(
      parseScenarioText(readFileSync(new URL('../../examples/missed-refill.json', import.meta.url), 'utf8')),
    );
    const marks = marksOf(missed.events);
    const marked = new Set(marks.map((m) => m.kind));
    expect(marked).toEqual(new Set(['alarm', 'fault']));
    const alarms = missed.events.filter((e) => e.kind === 'alarm');
    expect(marks.filter((m) => m.kind === 'alarm').map((m) => m.label)).toEqual(alarms.map((e) => e.detail));
    expect(marksText(marks)).toMatch(/^ Alarms: .*\. Faults: .*\.$/);
    expect(marksText([])).toBe(' No alarm.');
  });
});
