/**
 * `itb sim campaign`: the safety campaign (src/sim/campaign, docs/safety-case.md) — the same virtual patients
 * once per arm (all controls on, then each switched off), harms per 100 patient-years with 95 % intervals;
 * `--report` writes the HTML page, `--json` prints the result, `--replay I` re-runs patient I alone (its
 * events) with the controls a single `--controls` arm switches off.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { armLabel, parseControlArms, type ControlName } from '../sim/controls.ts';
import { HARMS, type ArmResult } from '../sim/campaign/arm.ts';
import { replayPatient } from '../sim/campaign/patient.ts';
import { campaignHtml } from '../sim/campaign/report-html.ts';
import { runCampaign, type CampaignResult } from '../sim/campaign/run.ts';
import { ItbError } from '../therapy/codes.ts';
import { int, opt, str, type Flags } from './flags.ts';
import { run } from './output.ts';
import { stderrProgress } from './progress.ts';

/** Years each campaign patient lives [A: long enough for late faults, short enough to enrol many]. */
export const CAMPAIGN_YEARS_DEFAULT = 5;

/** The `--controls` value that re-runs one arm (`on`, or the controls it switches off joined by +). */
const armFlag = (off: readonly ControlName[]): string => (off.length === 0 ? 'on' : off.join('+'));

function rerunCommand(c: CampaignResult, a: ArmResult, index: number): string {
  return `itb sim campaign --seed ${c.seed} --years ${c.years} --stress ${c.stress} --controls ${armFlag(a.off)} --replay ${index}`;
}

function human(c: CampaignResult): string {
  const head = `  ${'arm'.padEnd(34)} ${'p-y'.padStart(8)} ${HARMS.map((h) => h.replace('overdose-respiratory-depression', 'overdose-resp').padStart(20)).join('')}`;
  const rows = c.arms.map(
    (a) =>
      `  ${a.label.padEnd(34)} ${a.patientYears.toFixed(0).padStart(8)} ${HARMS.map((h) => {
        const r = a.harms[h];
        return `${r.per100PatientYears.toFixed(1)} [${r.low.toFixed(1)}-${r.high.toFixed(1)}]`.padStart(20);
      }).join('')}`,
  );
  const sig = c.comparisons
    .filter((x) => x.pValue < 0.05 || x.pairedPValue < 0.05)
    .map(
      (x) =>
        `  ${x.arm}: ${x.harm} ×${x.ratio ?? '∞'} (p ${x.pValue.toPrecision(2)}, paired p ${x.pairedPValue.toPrecision(2)})`,
    );
  return [
    `safety campaign, seed ${c.seed}: ${c.patients} patients × ${c.years} years; per 100 patient-years [95 % interval]; ${c.elapsedSeconds} s, ${c.patientYearsPerSecond} p-y/s`,
    head,
    ...rows,
    'increases over all on (p < 0.05):',
    ...(sig.length > 0 ? sig : ['  none']),
  ].join('\n');
}

/** Registers `itb sim campaign` under `itb sim`. */
export function registerCampaignCommand(sim: Command): void {
  sim
    .command('campaign')
    .description(
      'safety campaign: the same patients with every control on, then each off; harms per 100 patient-years',
    )
    .option('--patient-years <n>', 'patient-years per arm (default 100)')
    .option('--seed <n>', 'campaign seed (default 1)')
    .option('--years <y>', `years each patient lives (default ${CAMPAIGN_YEARS_DEFAULT})`)
    .option('--controls <arms>', 'on | off (each control off alone) | a list, a+b for together (default off)')
    .option('--stress <x>', 'multiply every fault rate (default 1: the published rates)')
    .option('--workers <w>', "worker threads (default: the machine's cores)")
    .option('--report <file>', 'write the HTML report here')
    .option('--replay <index>', 'run patient <index> alone with one --controls arm and print its events')
    .option('--json', 'one JSON object on stdout')
    .action((f: Flags) =>
      run(
        f,
        async () => {
          const seed = int(f, 'seed', '--seed', 0, 2 ** 32 - 1) ?? 1;
          const years = opt(f, 'years', '--years', 0.1, 20) ?? CAMPAIGN_YEARS_DEFAULT;
          const stress = opt(f, 'stress', '--stress', 0, 10_000) ?? 1;
          const arms = parseControlArms(str(f, 'controls') ?? 'off');
          const replay = int(f, 'replay', '--replay', 0, 10_000_000);
          if (replay !== undefined) {
            if (arms.length > 2)
              throw new ItbError('ITB_E_INVALID_INPUT', '--replay takes one arm: --controls on or a+b');
            const off = arms[1] ?? [];
            const r = replayPatient({ seed, years, stress }, replay, off);
            return { replay, arm: armLabel(off), summary: r.summary, events: r.events };
          }
          const patientYears = opt(f, 'patientYears', '--patient-years', 1, 10_000_000) ?? 100;
          const workers = int(f, 'workers', '--workers', 1, 256);
          const shown = stderrProgress('patient runs');
          let c: CampaignResult;
          try {
            c = await runCampaign({
              seed,
              years,
              stress,
              patientYears,
              arms,
              ...(workers === undefined ? {} : { workers }),
              onProgress: shown.update,
            });
          } finally {
            shown.finish();
          }
          const report = str(f, 'report');
          if (report !== undefined)
            writeFileSync(
              report,
              campaignHtml(c, (a, i) => rerunCommand(c, a, i)),
            );
          return c;
        },
        (r) => ('replay' in r ? JSON.stringify(r, null, 1) : human(r)),
      ),
    );
}
