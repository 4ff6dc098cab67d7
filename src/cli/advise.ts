/**
 * `itb advise start-dose` and `itb advise titration` (docs/advice.md): fit a screening trial read from a
 * JSON file (`itb sim trial --json`, or a clinic's trial record with origin and age) and print the
 * model-informed start dose or titration path, each step with the guardrails' verdict and the predicted
 * probability of overdose signs. Advice, not a prescription: programming a dose checks it again.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { advise, type Advice, type AdviceStep } from '../advise/advice.ts';
import { requireModelledDrug } from '../advise/drug-scope.ts';
import { fitSummary, fitTrial, type FitSummary } from '../advise/fit.ts';
import { trialInputFrom } from '../advise/trial-input.ts';
import { ItbError } from '../therapy/codes.ts';
import { BODY_MODEL_DRUG } from '../body/model-drug.ts';
import { getDrug } from '../therapy/drug-library.ts';
import { doseText } from '../therapy/drug-display.ts';
import { NG_PER_MCG } from '../therapy/quantities.ts';
import { int, opt, str, type Flags } from './flags.ts';
import { run } from './output.ts';

interface AdviceOutput {
  readonly fit: FitSummary;
  readonly advice: Advice;
}

function readTrial(f: Flags): unknown {
  const file = str(f, 'trial');
  if (file === undefined) throw new ItbError('ITB_E_INVALID_INPUT', '--trial <file.json> is required');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (e) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `--trial: cannot read ${file} as JSON (${(e as Error).message})`,
    );
  }
}

function compute(f: Flags, start: boolean): AdviceOutput {
  requireModelledDrug(getDrug(str(f, 'drug') ?? 'baclofen').id, '--drug');
  const input = trialInputFrom(readTrial(f));
  const goal = opt(f, 'goal', '--goal', 0, 3.9);
  const limit = opt(f, 'overdoseLimit', '--overdose-limit', 0.001, 0.5);
  const seed = int(f, 'seed', '--seed', 0, 2 ** 32 - 1) ?? 1;
  const fit = fitTrial(input.trial);
  const advice = advise({
    fit,
    screeningDoseMcg: input.screeningDoseMcg,
    effectHours: input.effectHours,
    origin: input.origin,
    ...(input.ageYears === undefined ? {} : { ageYears: input.ageYears }),
    ...(goal === undefined ? {} : { goalMeanMas: goal }),
    ...(limit === undefined ? {} : { overdoseLimit: limit }),
    ...(start ? { maxSteps: 0 } : {}),
    seed,
  });
  return { fit: fitSummary(fit), advice };
}

const pct = (p: number): string => `${(p * 100).toFixed(0)} %`;
const stepLine = (s: AdviceStep): string =>
  `  day ${String(s.day).padStart(2)}  ${doseText(s.doseMcgPerDay * NG_PER_MCG, BODY_MODEL_DRUG).padStart(13)}` +
  `${s.changePercent === null ? '        ' : ` (${s.changePercent > 0 ? '+' : '−'}${Math.abs(s.changePercent)} %)`.padEnd(9)}` +
  `  tone ${s.predictedMeanMas.toFixed(1)} [${s.predictedMeanMasLow.toFixed(1)}–${s.predictedMeanMasHigh.toFixed(1)}]` +
  `  overdose signs ${pct(s.overdoseProbability)}  guardrails ${s.guardrail.verdict}` +
  s.reasons.map((r) => `\n      ${r.code}: ${r.message}`).join('');

function human(o: AdviceOutput): string {
  const m = o.fit.map;
  return [
    `fit (MAP, ${o.fit.observations} scores, residual ${o.fit.residualSd.toFixed(2)} MAS): EC50 ${m.ec50UgPerMl.toFixed(3)} µg/mL (the model's unit), ` +
      `Emax ${m.emaxMas.toFixed(2)}, baseline ${m.baselineMas.toFixed(2)}`,
    `goal: mean MAS ≤ ${o.advice.goalMeanMas}; predicted tone is the fitted patient's [posterior 10–90 %]`,
    ...o.advice.steps.map(stepLine),
    ...o.advice.reasons.map((r) => `${r.code}: ${r.message}`),
    'advice, not a prescription: the clinician accepts or edits it, and the guardrails apply when it is programmed',
  ].join('\n');
}

const flags = (c: Command): Command =>
  c
    .requiredOption(
      '--trial <file>',
      'the screening trial as JSON (itb sim trial --json, with origin and ageYears)',
    )
    .option('--drug <id>', 'the drug the patient receives (the model is intrathecal baclofen’s)', 'baclofen')
    .option('--goal <mas>', 'mean MAS grade to reach (default 1.5: MAS 1+)')
    .option('--overdose-limit <p>', 'largest predicted probability of overdose signs per step (default 0.05)')
    .option('--seed <n>', 'seed of the posterior draws (default 1)')
    .option('--json', 'one JSON object on stdout');

/** Registers `itb advise`. */
export function registerAdviseCommands(program: Command): void {
  const advise = program
    .command('advise')
    .description('model-informed dosing from the screening trial: start dose and titration path (advice)');
  flags(
    advise.command('start-dose').description('the start dose with its predicted tone and overdose risk'),
  ).action((f: Flags) => run(f, () => compute(f, true), human));
  flags(
    advise
      .command('titration')
      .description('the daily titration path to the tone goal, each step guardrail-checked'),
  ).action((f: Flags) => run(f, () => compute(f, false), human));
}
