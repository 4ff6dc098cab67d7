/**
 * The CLI's SVG chart of a run (`itb sim run … --svg`, chart.ts) marks the same events as the web app's
 * charts, drawn the same way (marks.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replayPatient } from './campaign/patient.ts';
import { timelineSvg } from './chart.ts';
import { MARK_STYLE, marksOf } from './marks.ts';
import type { RunResult } from './runner.ts';
import { runScenario } from './runner.ts';
import { parseScenarioText } from './scenario.ts';

const example = (name: string): RunResult =>
  runScenario(
    parseScenarioText(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url), 'utf8')),
  );

/** The SVG's mark lines: stroke colour and the hover title of each. */
const markLines = (svg: string): { color: string; title: string }[] =>
  [...svg.matchAll(/<line [^>]*stroke="([^"]+)"[^>]*><title>([^<]*)<\/title><\/line>/g)].map((m) => ({
    color: m[1] as string,
    title: m[2] as string,
  }));

describe('the CLI chart’s marks', () => {
  // Finding (issue 15): `itb sim … --svg` marked alarms, faults, refills and refused programmes but not the
  // clinic's interventions on the implant, which the web chart marks, so a pump replaced at ERI or a revised
  // catheter — the moment the course changes — was unmarked in the file.
  it('pump replacements and catheter revisions were not marked on the CLI’s SVG chart: each is an intervention mark, as on the web chart', () => {
    const occlusion = example('catheter-occlusion');
    // Seed 1, patient 1087 with the pump's hard limits off: the slip's flow latches ERI, and the pump is replaced.
    const replaced = replayPatient({ seed: 1, years: 5, stress: 1 }, 1087, ['pump-hard-limits']);
    for (const [run, kind] of [
      [occlusion, 'catheter-revision'],
      [replaced, 'pump-replacement'],
    ] as const) {
      const event = run.events.find((e) => e.kind === kind);
      expect(event, kind).toBeDefined();
      const lines = markLines(timelineSvg(run.name, run.timeline, run.events));
      expect(lines).toContainEqual({
        color: MARK_STYLE.intervention.color,
        title: `day ${event?.day}: ${event?.detail}`,
      });
    }
  });

  it('marks exactly the events the web chart marks, in its colours, and names them in the description', () => {
    const missed = example('missed-refill');
    const svg = timelineSvg(missed.name, missed.timeline, missed.events);
    const expected = marksOf(missed.events);
    expect(expected.length).toBeGreaterThan(0);
    expect(markLines(svg)).toEqual(
      expected.map((m) => ({ color: MARK_STYLE[m.kind].color, title: `day ${m.day}: ${m.label}` })),
    );
    const refill = missed.events.find((e) => e.kind === 'refill');
    expect(refill).toBeDefined();
    expect(svg).not.toContain(`<title>day ${refill?.day}: ${refill?.detail}</title>`);
    expect(svg).toMatch(/<desc>Marks: red lines: alarms raised; .*Alarms: .*<\/desc>/);
  });
});
