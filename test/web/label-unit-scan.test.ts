/**
 * Issue 13, as a class: no page and no CLI text writes a dose's unit by hand. A number followed by a
 * literal "mcg" ("{dose} mcg/day", "${x} micrograms") or a field labelled "(mcg/mL)" prints a drug labelled
 * in mg (morphine, hydromorphone) in mcg; every such text goes through src/therapy/drug-display.ts (and
 * a form's unit through src/therapy/dose-input.ts `inputUnit`). A new page or CLI text that writes the unit
 * by hand fails here, with its file and line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$|\.test-support\.ts$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** A number written then a unit typed by hand: `{dose} mcg`, `${x} mcg/day`, `{n} micrograms`. */
const HAND_UNIT = /\}\s*(mcg|micrograms)\b/;
/** A form field or column labelled with a unit typed by hand: "Concentration (mcg/mL)", "Dose (mcg)</th>". */
const HAND_LABEL = /\(mcg\/(day|mL)\)|\(mcg\)\s*<\//;

/** The lines of code (comments left out) that write a unit by hand. */
function handUnits(files: readonly string[], patterns: readonly RegExp[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/^\s*(\/\/|\*|\/\*)/.test(line)) return;
        if (patterns.some((p) => p.test(line)))
          found.push(`${file.slice(ROOT.length + 1)}:${i + 1}: ${line.trim()}`);
      });
  }
  return found;
}

describe('issue 13: no page or CLI text writes a dose unit by hand', () => {
  it('the web pages write every dose, mass and concentration through the drug-display formatters', () => {
    const files = sources('web/src');
    expect(files.length).toBeGreaterThan(50);
    expect(handUnits(files, [HAND_UNIT, HAND_LABEL])).toEqual([]);
  });

  it('the CLI and the printed reports write every dose through the drug-display formatters', () => {
    // A CLI option's help ("e.g. 2000 (mcg/mL)") documents the unit a bare number is read in: not a label.
    const files = [...sources('src/cli'), ...sources('src/reports')];
    expect(files.length).toBeGreaterThan(20);
    expect(handUnits(files, [HAND_UNIT])).toEqual([]);
  });

  it('the scan finds a hand-written unit (the pattern the two checks above rely on)', () => {
    expect(HAND_UNIT.test('`${p.doseMcgPerDay} micrograms (mcg) of ${p.drug}`')).toBe(true);
    expect(HAND_UNIT.test('{bridge.drugDuringBridgeMcg} mcg of')).toBe(true);
    expect(HAND_LABEL.test('<label htmlFor="fill-conc">Concentration (mcg/mL)</label>')).toBe(true);
    expect(HAND_LABEL.test('<th scope="col">Dose (mcg)</th>')).toBe(true);
    expect(HAND_UNIT.test('{doseText(x, drug)} for {w.hours} h')).toBe(false);
    expect(HAND_LABEL.test("const UNIT_WORDS = { mcg: 'micrograms (mcg)' }")).toBe(false);
  });
});
