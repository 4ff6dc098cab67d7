/**
 * Issue 13, as a class: no page and no printed report writes baclofen's words for every patient. A morphine
 * patient's emergency card said "DO NOT STOP BACLOFEN ABRUPTLY", the stop-delivery page "Stopping baclofen can
 * start a withdrawal syndrome", the alarm page "an empty pump means baclofen withdrawal": the words a team
 * acts on must be the drug in the pump's (src/therapy/drug-emergency.ts). Text that names baclofen by hand is
 * allowed only where the subject IS baclofen, each file with its reason below; a new one fails here with its
 * file and line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** Files whose subject is baclofen itself, and why. */
const ABOUT_BACLOFEN: Readonly<Record<string, string>> = {
  'web/src/pages/TrialPage.tsx':
    'the screening trial is a baclofen trial (it says so for a patient on another drug)',
  'web/src/trial/use-trial.ts': 'the screening trial’s test doses are baclofen doses',
  'web/src/trial/BolusFields.tsx': 'the screening trial’s test doses are baclofen doses',
  'web/src/pathway/EvaluationForm.tsx': 'the evaluation records the oral baclofen tried before the pump',
  'web/src/pathway/RegisterPatientPage.tsx': 'the label’s high-risk factor is an earlier baclofen withdrawal',
  'web/src/controls/PatientBolusPage.tsx':
    'the rule it states: patient-controlled boluses are never for baclofen',
  'web/src/sim-outcome.tsx': 'the virtual patient is a baclofen model (docs/model-validation.md)',
  'src/cli/advise.ts': 'the advice’s model is intrathecal baclofen’s, and its --drug default says so',
  'src/cli/calc.ts': 'the start dose is twice the effective baclofen screening bolus (label)',
  'src/cli/dose-flags.ts': 'the help’s examples name a drug in each label unit',
  'src/cli/sim.ts': 'the virtual patient is a baclofen model',
  'src/therapy/troubleshoot/causes.ts':
    'a remedy names the oral baclofen bridge for a baclofen pump, beside the other drugs’ bridge',
  'src/cli/main.ts': 'the command’s description names the therapy the project is for',
  'src/programmer/codes.ts': 'a reason’s summary lists baclofen withdrawal among each drug’s own harms',
  'web/src/pathway/FirstProgrammeForm.tsx': 'the first programme after a baclofen screening trial',
};

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$|\.test-support\.ts$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** Lines of code (comments, imports and the drug id `'baclofen'` left out) that name baclofen in words. */
function baclofenWords(files: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const rel = file.slice(ROOT.length + 1);
    if (Object.hasOwn(ABOUT_BACLOFEN, rel)) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/^\s*(\/\/|\*|\/\*|import\b)/.test(line)) return;
        const words = line.replace(/'baclofen'|\.baclofen\b|\bbaclofen:/g, '');
        if (/baclofen/i.test(words)) found.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
  }
  return found;
}

describe('issue 13: no page or printed report writes baclofen’s words for every patient', () => {
  it('the web pages and the reports name baclofen only where their subject is baclofen', () => {
    const files = [
      ...sources('web/src'),
      ...sources('src/reports'),
      ...sources('src/programmer'),
      ...sources('src/cli'),
    ];
    expect(files.length).toBeGreaterThan(50);
    expect(baclofenWords(files)).toEqual([]);
  });

  it('every file allowed to name baclofen exists (the list does not outlive its files)', () => {
    for (const rel of Object.keys(ABOUT_BACLOFEN))
      expect(() => readFileSync(join(ROOT, rel)), rel).not.toThrow();
  });
});
