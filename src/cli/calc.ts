/**
 * `itb calc …`: the clinical calculators of the therapy core, exactly as docs/architecture.md's CLI contract names them.
 * Each parses its flags with the therapy parser, calls one pure function and prints its result.
 */
import type { Command } from 'commander';
import { planBridge } from '../therapy/bridge.ts';
import { checkConcentrationForDrug, checkDoseForDrug } from '../therapy/dose-check.ts';
import { getDrug } from '../therapy/drug-library.ts';
import { projectRefill } from '../therapy/projection.ts';
import { ItbError } from '../therapy/codes.ts';
import { NG_PER_MCG, doseToFlow, epochMs, hours, nlToMl } from '../therapy/quantities.ts';
import { labelOf } from './programmer-review.ts';
import { reconcileResidual } from '../therapy/reconcile.ts';
import { startDose } from '../therapy/start-dose.ts';
import { checkTitration } from '../therapy/titration.ts';
import { formatNumber } from '../therapy/units.ts';
import { verdictOf, type Reason } from '../therapy/verdict.ts';
import type { PumpProfile } from '../pump/profile.ts';
import {
  concentrationFlag,
  DOSE_FLAG_HELP,
  doseFlag,
  doseOrZeroFlag,
  massFlag,
  ORIGIN_FLAG_HELP,
  originFlag,
} from './dose-flags.ts';
import { choiceFlag, instantFlag, numberFlag, volumeFlag } from './parse.ts';
import { deviceCheck, emptyAssumption, profileFlag, refuseDeviceBlocks } from './calc-device.ts';
import { run } from './output.ts';
import { instantText, reasonLine } from './reason-line.ts';

type Flags = Record<string, string | boolean | undefined>;
/** A string flag by its dashed name (commander stores `--fill-ml` as `fillMl`). */
const str = (f: Flags, flag: string): string | undefined => {
  const v = f[flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
  return typeof v === 'string' ? v : undefined;
};

/** Reasons as indented lines for people: "  warn  ITB_R_…: message". */
export function reasonLines(reasons: readonly Reason[]): string {
  return reasons.map((r) => reasonLine(r)).join('\n');
}

function drugAndConcentration(f: Flags) {
  const drug = getDrug(str(f, 'drug') ?? 'baclofen');
  const concentration = checkConcentrationForDrug(
    drug,
    concentrationFlag(str(f, 'concentration'), '--concentration', drug.id),
  );
  return { drug, concentration };
}

/** The reservoir size: --reservoir-ml, which must match the profile's when both are given. */
function reservoirOf(profile: PumpProfile | undefined, text: string | undefined) {
  if (profile === undefined) return volumeFlag(text, '--reservoir-ml');
  const size = profile.reservoir.value;
  if (text !== undefined && volumeFlag(text, '--reservoir-ml') !== size) {
    throw new ItbError(
      'ITB_E_OUT_OF_RANGE',
      `--reservoir-ml ${text} differs from the ${nlToMl(size)} mL reservoir of ${profile.id}`,
    );
  }
  return size;
}

export function registerCalcCommands(program: Command): void {
  const calc = program.command('calc').description('clinical calculators (dose math and guardrails)');

  calc
    .command('rate')
    .description('flow (mL/day) that delivers a daily dose at a concentration')
    .requiredOption('--dose <dose>', DOSE_FLAG_HELP.dose)
    .requiredOption('--concentration <conc>', DOSE_FLAG_HELP.concentration)
    .option('--drug <id>', 'drug library entry', 'baclofen')
    .option('--profile <id>', 'device profile (itb pump profiles): apply its labelling and flow range')
    .option('--age-years <n>', 'patient age in years (device labelling)')
    .option('--json', 'one JSON object on stdout')
    .action((f: Flags) =>
      run(
        f,
        () => {
          const { drug, concentration } = drugAndConcentration(f);
          const dose = doseFlag(str(f, 'dose'), '--dose', drug.id);
          const check = checkDoseForDrug(drug, dose);
          const flow = doseToFlow(dose, concentration);
          const profile = profileFlag(str(f, 'profile'));
          const age = str(f, 'age-years');
          const device = deviceCheck(profile, {
            drug: drug.id,
            concentration,
            flow,
            ...(age === undefined ? {} : { ageYears: numberFlag(age, '--age-years', 0, 120) }),
          });
          const result = verdictOf([...check.reasons, ...device]);
          const mlPerDay = Number(formatNumber(nlToMl(flow), 6));
          return { mlPerDay, verdict: result.verdict, reasons: result.reasons, profile: profile?.id ?? null };
        },
        (r) => `${r.mlPerDay} mL/day\n${reasonLines(r.reasons)}`,
      ),
    );

  calc
    .command('refill')
    .description('when the low-reservoir alarm sounds, when the pump runs empty, and the date to refill by')
    .option('--reservoir-ml <mL>', "reservoir size (e.g. 20 or 40); default: the profile's")
    .requiredOption('--fill-ml <mL>', 'volume in the reservoir after the refill')
    .requiredOption('--concentration <conc>', DOSE_FLAG_HELP.concentration)
    .requiredOption('--dose <dose>', DOSE_FLAG_HELP.dose)
    .option('--low-alarm-ml <mL>', "low-reservoir alarm threshold (default: the profile's, else 2)")
    .option('--profile <id>', 'device profile: its reservoir, alarm thresholds, labelling and flow range')
    .option('--new-pump', 'the first fill of a new (drug-naive) pump')
    .option('--start <iso>', 'fill time, ISO 8601 with zone (default: now)')
    .option('--margin-days <days>', 'refill this many days before the alarm', '5')
    .option('--drug <id>', 'drug library entry', 'baclofen')
    .option('--json', 'one JSON object on stdout')
    .action((f: Flags) =>
      run(
        f,
        () => {
          const { drug, concentration } = drugAndConcentration(f);
          const dose = doseFlag(str(f, 'dose'), '--dose', drug.id);
          checkDoseForDrug(drug, dose);
          const profile = profileFlag(str(f, 'profile'));
          const device = deviceCheck(profile, {
            drug: drug.id,
            concentration,
            flow: doseToFlow(dose, concentration),
          });
          refuseDeviceBlocks(device);
          const size = reservoirOf(profile, str(f, 'reservoir-ml'));
          const fill = volumeFlag(str(f, 'fill-ml'), '--fill-ml');
          const lowText = str(f, 'low-alarm-ml');
          const low =
            lowText === undefined && profile !== undefined
              ? profile.lowReservoir.value.default
              : volumeFlag(lowText ?? '2', '--low-alarm-ml');
          if (fill > size) {
            throw new ItbError(
              'ITB_E_OUT_OF_RANGE',
              `--fill-ml ${nlToMl(fill)} exceeds the ${nlToMl(size)} mL reservoir: do not overfill`,
            );
          }
          if (low >= size) {
            throw new ItbError('ITB_E_OUT_OF_RANGE', `--low-alarm-ml must be below the reservoir size`);
          }
          const start =
            str(f, 'start') === undefined ? epochMs(Date.now()) : instantFlag(str(f, 'start'), '--start');
          const projection = projectRefill({
            reservoir: fill,
            prescription: { mode: 'simple-continuous', drug: { drug: drug.id, concentration }, dose },
            lowAlarmThreshold: low,
            start,
            refillMarginDays: numberFlag(str(f, 'margin-days'), '--margin-days', 0, 60),
            drug: drug.id,
            newPump: f['newPump'] === true,
            ...(profile === undefined ? {} : { emptyThreshold: profile.emptyThreshold.value }),
          });
          const assumed = profile === undefined ? [emptyAssumption()] : [];
          return {
            ...projection,
            reasons: [...projection.reasons, ...device, ...assumed],
            profile: profile?.id ?? null,
          };
        },
        (r) =>
          [
            `flow            ${r.mlPerDay} mL/day`,
            `low alarm       ${instantText(r.lowAlarmAt) ?? 'never'}${r.daysToLowAlarm === null ? '' : ` (in ${r.daysToLowAlarm} days)`}`,
            `empty           ${instantText(r.emptyAt) ?? 'never'}${r.daysToEmpty === null ? '' : ` (in ${r.daysToEmpty} days)`}`,
            `refill by       ${instantText(r.refillBy) ?? '—'}`,
            reasonLines(r.reasons),
          ].join('\n'),
      ),
    );

  calc
    .command('titrate')
    .description('check a dose change against the titration rules')
    .requiredOption('--current <dose>', `current ${DOSE_FLAG_HELP.dose}`)
    .requiredOption('--proposed <dose>', `proposed ${DOSE_FLAG_HELP.dose}`)
    .option('--origin <origin>', ORIGIN_FLAG_HELP)
    .option('--age-years <n>', 'patient age in years')
    .option('--hours-since-last-change <h>', 'hours since the last dose change')
    .option('--increases-past-week <n>', 'dose increases in the 7 days before this one')
    .option('--opioid-status <status>', 'naive or tolerant (opioids)')
    .option('--phase <phase>', 'titration or maintenance', 'titration')
    .option('--drug <id>', 'drug library entry', 'baclofen')
    .option('--json', 'one JSON object on stdout')
    .action((f: Flags) =>
      run(
        f,
        () => {
          const age = str(f, 'age-years');
          const since = str(f, 'hours-since-last-change');
          const count = str(f, 'increases-past-week');
          const status = str(f, 'opioid-status');
          const drug = getDrug(str(f, 'drug') ?? 'baclofen');
          return checkTitration({
            drug,
            ...(count === undefined
              ? {}
              : { increasesInPastWeek: numberFlag(count, '--increases-past-week', 0, 100) }),
            ...(status === undefined
              ? {}
              : { opioidStatus: choiceFlag(status, '--opioid-status', ['naive', 'tolerant'] as const) }),
            current: doseOrZeroFlag(str(f, 'current'), '--current', drug.id),
            proposed: doseOrZeroFlag(str(f, 'proposed'), '--proposed', drug.id),
            origin: originFlag(str(f, 'origin'), drug),
            phase: choiceFlag(str(f, 'phase'), '--phase', ['titration', 'maintenance'] as const),
            ...(age === undefined ? {} : { ageYears: numberFlag(age, '--age-years', 0, 120) }),
            ...(since === undefined
              ? {}
              : { hoursSinceLastChange: numberFlag(since, '--hours-since-last-change', 0, 1e6) }),
          }).view;
        },
        (r) =>
          `${r.verdict.toUpperCase()}  change ${r.changePercent === null ? '—' : `${r.changePercent} %`}\n${reasonLines(r.reasons)}`,
      ),
    );

  calc
    .command('reconcile')
    .description('compare the calculated and the measured residual at refill')
    .requiredOption('--reservoir-ml <mL>', 'reservoir size: 20 or 40')
    .requiredOption('--expected-ml <mL>', 'residual the pump calculated')
    .requiredOption('--measured-ml <mL>', 'residual drained and measured')
    .option('--drug <id>', 'drug the residual held (the signs to observe are its own)', 'baclofen')
    .option('--json', 'one JSON object on stdout')
    .action((f: Flags) =>
      run(
        f,
        () =>
          reconcileResidual({
            reservoirSize: volumeFlag(str(f, 'reservoir-ml'), '--reservoir-ml'),
            expected: volumeFlag(str(f, 'expected-ml'), '--expected-ml', true),
            measured: volumeFlag(str(f, 'measured-ml'), '--measured-ml', true),
            drug: getDrug(str(f, 'drug') ?? 'baclofen').id,
          }).view,
        (r) =>
          `${r.verdict === 'ok' ? 'OK' : 'INVESTIGATE'}  discrepancy ${r.discrepancyMl} mL` +
          `${r.discrepancyPercent === null ? '' : ` (${r.discrepancyPercent} %)`}\n${reasonLines(r.reasons)}`,
      ),
    );

  calc
    .command('start-dose')
    .description('first 24 h daily dose after implant from the screening result')
    .requiredOption('--screening-dose <mcg>', 'the effective baclofen screening bolus, e.g. 50 (mcg)')
    .requiredOption('--effect-hours <h>', 'how long its effect lasted (hours)')
    .option('--json', 'one JSON object on stdout')
    .action((f: Flags) =>
      run(
        f,
        () =>
          startDose({
            screeningDose: massFlag(str(f, 'screening-dose'), '--screening-dose', 'baclofen'),
            effectDuration: hours(numberFlag(str(f, 'effect-hours'), '--effect-hours', 0, 48)),
          }).view,
        (r) =>
          `${r.dailyDoseMcg === null ? 'no start dose' : `${labelOf(Math.round(r.dailyDoseMcg * NG_PER_MCG), null, '/day')} for the first 24 h`}\n${reasonLines(r.reasons)}`,
      ),
    );

  calc
    .command('bridge')
    .description('bridge bolus when the concentration changes and the catheter still holds the old drug')
    .requiredOption('--catheter-ml <mL>', 'catheter volume (mL)')
    .requiredOption('--old-concentration <conc>', `in the catheter: ${DOSE_FLAG_HELP.concentration}`)
    .requiredOption('--new-concentration <conc>', `now in the reservoir: ${DOSE_FLAG_HELP.concentration}`)
    .requiredOption('--dose <dose>', `prescribed ${DOSE_FLAG_HELP.dose}`)
    .option('--drug <id>', 'drug library entry', 'baclofen')
    .option('--json', 'one JSON object on stdout')
    .action((f: Flags) =>
      run(
        f,
        () => {
          const drug = getDrug(str(f, 'drug') ?? 'baclofen');
          const dose = doseFlag(str(f, 'dose'), '--dose', drug.id);
          checkDoseForDrug(drug, dose);
          return planBridge({
            drug: drug.id,
            catheterVolume: volumeFlag(str(f, 'catheter-ml'), '--catheter-ml'),
            oldConcentration: checkConcentrationForDrug(
              drug,
              concentrationFlag(str(f, 'old-concentration'), '--old-concentration', drug.id),
            ),
            newConcentration: checkConcentrationForDrug(
              drug,
              concentrationFlag(str(f, 'new-concentration'), '--new-concentration', drug.id),
            ),
            dose,
          }).view;
        },
        (r) =>
          (r.bridgeNeeded
            ? [
                `bridge: deliver ${r.oldFluidMl} mL at ${r.bridgeFlowMlPerDay} mL/day for ${r.bridgeHours} h (${labelOf(Math.round(r.drugDuringBridgeMcg * NG_PER_MCG), str(f, 'drug'))}),`,
                `then ${r.newFlowMlPerDay} mL/day at the new concentration.`,
                `without a bridge: ${labelOf(Math.round(r.withoutBridge.doseMcgPerDay * NG_PER_MCG), str(f, 'drug'), '/day')} for ${r.withoutBridge.hours} h.`,
              ].join('\n')
            : 'no bridge needed') + `\n${reasonLines(r.reasons)}`,
      ),
    );
}
