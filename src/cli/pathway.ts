/**
 * `itb pathway …`: a patient's place on the care pathway and the records that move it on, through the
 * functions the API's pathway routes call (clinic/pathway: `pathwayView` for the stage and what is due,
 * `recordEvaluation` for the candidacy evaluation with the multidisciplinary team's decision,
 * `implantFromProcedure` and `addImplant` for the implant procedure (the catheter volume computed from its
 * length, the link keys paired and never printed),
 * `recordPostOpCheck` and `postOpConcerns` for a post-operative check), each body checked by its route's
 * own schema, as the clinic user named by `--as` / ITB_USER under the API's rule for the same route
 * (clinic-access.ts; physicians record the evaluation, decision and implant, nurses and physicians the checks,
 * staff read):
 *
 *   itb pathway show         --patient ID                                               --as EMAIL [--db URL] [--json]
 *   itb pathway evaluation   --patient ID --json-file PATH [--at TIME] …   (the body of POST …/evaluations)
 *   itb pathway implant      --patient ID --json-file PATH …   (the body of POST …/implant-procedure)
 *   itb pathway postop-check --patient ID --implant ID --wound W --temperature-c C [--completes ITEM,…]
 *                            [--positional-headache] [--fluid-collection] [--infection-signs] [--notes TEXT]
 *                            [--at TIME] …          or --json-file PATH (the body of POST …/postop-checks)
 *
 * An unknown patient or implant, a body the route's schema refuses, a file and field flags at once, or a
 * role the API refuses is refused with its code (exit 1) and changes nothing.
 */
import type { Command } from 'commander';
import { evaluationBodySchema, type Evaluation } from '../clinic/pathway/evaluation-records.ts';
import { implantFromProcedure, implantProcedureSchema } from '../clinic/pathway/implant-procedure.ts';
import { pathwayView, type PathwayView } from '../clinic/pathway/pathway-view.ts';
import { TRIAL_STEP_TEXT } from '../clinic/pathway/trial-next-step.ts';
import {
  dueDay,
  POSTOP_ITEMS,
  postOpCheckBodySchema,
  postOpConcerns,
  type PostOpCheck,
} from '../clinic/pathway/postop-checks.ts';
import type { Implant } from '../clinic/records.ts';
import { parseInput } from '../clinic/store-core.ts';
import type { CatheterVolumeResult } from '../therapy/catheter.ts';
import { ItbError } from '../therapy/codes.ts';
import { calendarDayText, isoDayText } from '../therapy/date-text.ts';
import { doseText } from '../therapy/drug-display.ts';
import { epochMs, NG_PER_MCG } from '../therapy/quantities.ts';
import { atOption, clinicOptions, withClinic } from './clinic-patient.ts';
import { opt, str, text, type Flags } from './flags.ts';
import { jsonFileBody } from './json-file.ts';
import { run } from './output.ts';
import { instantFlag } from './parse.ts';
import { clinicInstantFormat } from './reason-line.ts';

const P = '/api/v1/patients/:patientId';

/** What `itb pathway postop-check --json` prints: the check as recorded and what needs attention. */
export type CheckedPostOp = PostOpCheck & { readonly concerns: readonly string[] };

/** What `itb pathway implant --json` prints, as the API answers: the implant (no keys) and the catheter volume. */
export interface RecordedImplant {
  readonly implant: Implant;
  readonly catheterVolume: CatheterVolumeResult['view'];
}

const WOUNDS = postOpCheckBodySchema.shape.wound.options;

/** The field flags of `postop-check` (commander's keys): refused next to `--json-file`. */
const CHECK_FLAGS = [
  'completes',
  'wound',
  'temperatureC',
  'positionalHeadache',
  'fluidCollection',
  'infectionSigns',
  'notes',
] as const;

/** `--at`, else now: when the record was made. */
const atFlag = (f: Flags): number =>
  str(f, 'at') === undefined ? Date.now() : instantFlag(str(f, 'at'), '--at');

/** The pathway for people: the stage and why, the team's decision, the first programme, what is due. */
function viewText(v: PathwayView): string {
  const when = clinicInstantFormat();
  const d = v.decision;
  return [
    `stage: ${v.stage} — ${v.detail}`,
    d === null
      ? 'decision: none recorded'
      : `decision: ${d.outcome} by ${d.decidedBy} (${when(d.decidedAt)}): ${d.rationale}`,
    ...(v.trialNext === null
      ? []
      : [`next: ${TRIAL_STEP_TEXT[v.trialNext.item]} (due from ${when(v.trialNext.dueAt)})`]),
    ...(v.firstProgramme === null
      ? []
      : [
          // From the baclofen screening trial, written as the pathway page writes it (drug-display.ts).
          `first programme: ${
            v.firstProgramme.dailyDoseMcg === null
              ? '—'
              : doseText(v.firstProgramme.dailyDoseMcg * NG_PER_MCG, 'baclofen')
          } (${v.firstProgramme.rule} rule)`,
        ]),
    ...(v.postOpDue.length === 0
      ? ['post-operative items due: none']
      : [
          'post-operative items due:',
          ...v.postOpDue.map(
            (i) =>
              `  ${i.item}  implant ${i.implantId}  due ${isoDayText(dueDay(i))}${i.overdue ? '  OVERDUE' : ''}`,
          ),
        ]),
    ...(v.battery === null
      ? []
      : [
          v.battery.plan.eosPassed
            ? `battery: ERI ${when(v.battery.eriAt)}, EOS ${when(v.battery.eosAt)} PASSED: ${v.battery.plan.refillPolicy}`
            : `battery: ERI ${when(v.battery.eriAt)}, EOS ${when(v.battery.eosAt)}; replace by ` +
              `${when(v.battery.plan.surgeryBy)}${v.battery.plan.due ? ' (due now)' : ''}`,
        ]),
  ].join('\n');
}

const evaluationText = (e: Evaluation): string =>
  `evaluation ${e.id}  ${clinicInstantFormat()(e.at)}  ${e.diagnosis}  ` +
  (e.decision === null ? 'decision pending' : `decision: ${e.decision.outcome} by ${e.decision.decidedBy}`);

const implantText = (r: RecordedImplant): string => {
  const i = r.implant;
  return (
    `implant ${i.id}  ${i.pumpSerial} (${i.deviceProfileId})  implanted ${calendarDayText(i.implantDate)}  ` +
    `${i.pocketSide} pocket  catheter ${i.catheter.model}, ${r.catheterVolume.implantedLengthCm} cm to ` +
    `${i.catheter.tipLevel}, ${r.catheterVolume.catheterVolumeMl} mL`
  );
};

const checkText = (c: CheckedPostOp): string =>
  [
    `post-operative check ${c.id}  ${clinicInstantFormat()(c.at)}  implant ${c.implantId}  ` +
      `completes: ${c.completes.join(', ') || 'nothing scheduled'}`,
    ...(c.concerns.length === 0
      ? ['nothing needs attention']
      : ['needs attention:', ...c.concerns.map((x) => `  - ${x}`)]),
  ].join('\n');

async function show(f: Flags): Promise<PathwayView> {
  return withClinic(f, `GET ${P}/pathway`, (store, ctx, patientId) =>
    pathwayView(store, patientId ?? '', ctx, epochMs(Date.now())),
  );
}

async function evaluation(f: Flags): Promise<Evaluation> {
  const body = parseInput(
    evaluationBodySchema,
    jsonFileBody(text(f, 'jsonFile', '--json-file')),
    'candidacy evaluation',
  );
  const at = atFlag(f);
  return withClinic(f, `POST ${P}/evaluations`, (store, ctx, patientId) =>
    store.recordEvaluation({ ...body, patientId: patientId ?? '', at }, ctx),
  );
}

async function implant(f: Flags): Promise<RecordedImplant> {
  const procedure = parseInput(
    implantProcedureSchema,
    jsonFileBody(text(f, 'jsonFile', '--json-file')),
    'implant procedure',
  );
  return withClinic(f, `POST ${P}/implant-procedure`, async (store, ctx, patientId) => {
    const { implant: input, volume } = implantFromProcedure(patientId ?? '', procedure, Date.now());
    return { implant: await store.addImplant(input, ctx), catheterVolume: volume.view };
  });
}

/** The check's body from the field flags, before the route's schema reads it. */
function checkFromFlags(f: Flags): Record<string, unknown> {
  const notes = str(f, 'notes');
  return {
    completes: (str(f, 'completes') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    wound: text(f, 'wound', '--wound'),
    temperatureC: opt(f, 'temperatureC', '--temperature-c', -Infinity, Infinity),
    positionalHeadache: f['positionalHeadache'] === true,
    fluidCollection: f['fluidCollection'] === true,
    infectionSigns: f['infectionSigns'] === true,
    ...(notes === undefined ? {} : { notes }),
  };
}

async function postOpCheck(f: Flags): Promise<CheckedPostOp> {
  const implantId = text(f, 'implant', '--implant');
  const path = str(f, 'jsonFile');
  const mixed = CHECK_FLAGS.filter((k) => f[k] !== undefined);
  if (path !== undefined && mixed.length > 0) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `--json-file is the whole check: leave out the field flags (${mixed.length} given)`,
    );
  }
  const body = parseInput(
    postOpCheckBodySchema,
    path === undefined ? checkFromFlags(f) : jsonFileBody(path),
    'post-operative check',
  );
  const at = atFlag(f);
  return withClinic(f, `POST ${P}/implants/:implantId/postop-checks`, async (store, ctx, patientId) => {
    const check = await store.recordPostOpCheck({ ...body, patientId: patientId ?? '', implantId, at }, ctx);
    return { ...check, concerns: postOpConcerns(check) };
  });
}

/** Registers `itb pathway …`. */
export function registerPathwayCommands(program: Command): void {
  const pw = program
    .command('pathway')
    .description(
      'the care pathway: stage and what is due, candidacy evaluation and team decision, post-operative checks',
    );

  clinicOptions(
    pw.command('show').description('the patient’s stage on the pathway, with what is due next'),
  ).action((f: Flags) => run(f, () => show(f), viewText));

  atOption(
    clinicOptions(
      pw
        .command('evaluation')
        .description('record a candidacy evaluation with the team’s decision (physician)'),
    ),
  )
    .requiredOption(
      '--json-file <path>',
      'the body of POST …/evaluations, a JSON object (- for standard input); decision null while pending',
    )
    .action((f: Flags) => run(f, () => evaluation(f), evaluationText));

  clinicOptions(
    pw
      .command('implant')
      .description('record the implant procedure: catheter volume computed, keys paired (physician)'),
  )
    .requiredOption(
      '--json-file <path>',
      'the body of POST …/implant-procedure, a JSON object with the link keys (- for standard input)',
    )
    .action((f: Flags) => run(f, () => implant(f), implantText));

  atOption(
    clinicOptions(pw.command('postop-check').description('record a post-operative check of an implant')),
  )
    .requiredOption('--implant <id>', 'the implant checked')
    .option('--json-file <path>', 'the body of POST …/postop-checks, a JSON object (- for standard input)')
    .option(
      '--completes <items>',
      `the scheduled items this visit completes, comma-separated: ${POSTOP_ITEMS.join(', ')}`,
    )
    .option('--wound <state>', WOUNDS.join(' | '))
    .option('--temperature-c <c>', 'body temperature, °C')
    .option('--positional-headache', 'headache worse upright, better lying down (CSF leak sign)')
    .option('--fluid-collection', 'fluid collecting at the pocket or along the catheter')
    .option('--infection-signs', 'signs of infection')
    .option('--notes <text>', 'notes on the check')
    .action((f: Flags) => run(f, () => postOpCheck(f), checkText));
}
