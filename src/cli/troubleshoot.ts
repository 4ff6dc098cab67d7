/**
 * `itb troubleshoot …`: the troubleshooting guide and its recorded episodes for one patient
 * (docs/troubleshooting.md) through the store functions the API's episode routes call
 * (clinic/troubleshooting: the guide ranks the causes from the findings, each step re-ranks them, a
 * closing's remedy must answer the cause), as the clinic user named by `--as` / ITB_USER under the API's
 * rule for the same route (clinic-access.ts; nurses and physicians record, staff read):
 *
 *   itb troubleshoot start --patient ID --symptom S --findings JSON [--at TIME]          --as EMAIL [--db URL] [--json]
 *   itb troubleshoot show  --patient ID [--episode ID] …
 *   itb troubleshoot step  --patient ID --episode ID --step STEP --result TEXT [--findings JSON] [--at TIME] …
 *   itb troubleshoot close --patient ID --episode ID --cause CAUSE --remedy TEXT --outcome O [--note TEXT] [--at TIME] …
 *
 * The findings are a JSON object of the guide's fields (therapy/troubleshoot/findings.ts: `reservoirMl`,
 * `activeAlarms`, `calculatedResidualMl`, `residualDiscrepancyMl`, `portAspiration` …); people read the
 * causes in order with why, and the steps to tell them apart with what each result rules in or out. An
 * unknown patient, episode, symptom, step, cause or outcome, bad findings or a remedy that does not answer
 * the cause is refused with its code (exit 1) and changes nothing.
 */
import type { Command } from 'commander';
import { EPISODE_OUTCOMES, EPISODE_SYMPTOMS, STEP_IDS } from '../clinic/troubleshooting/episode-records.ts';
import { episodeView, type EpisodeView } from '../clinic/troubleshooting/episode-view.ts';
import { recordFindings } from '../clinic/troubleshooting/record-findings.ts';
import { ItbError } from '../therapy/codes.ts';
import { CAUSE_IDS } from '../therapy/troubleshoot/causes.ts';
import { atOption, clinicOptions, withClinic } from './clinic-patient.ts';
import { str, text, type Flags } from './flags.ts';
import { run } from './output.ts';
import { choiceFlag, instantFlag } from './parse.ts';
import { clinicInstantFormat } from './reason-line.ts';

const P = '/api/v1/patients/:patientId/troubleshooting';

/** What `itb troubleshoot show --json` prints without `--episode`. */
export interface EpisodeList {
  readonly episodes: readonly EpisodeView[];
}

/** `--findings`: a JSON object (its fields are checked by the guide's own schema when the store ranks them). */
function findingsFlag(f: Flags): Record<string, unknown> | undefined {
  const raw = str(f, 'findings');
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ItbError('ITB_E_INVALID_INPUT', '--findings must be a JSON object, e.g. {"reservoirMl":20}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ItbError('ITB_E_INVALID_INPUT', '--findings must be a JSON object, e.g. {"reservoirMl":20}');
  }
  return parsed as Record<string, unknown>;
}

/** `--at`, else now: when the episode was opened or the step done. */
const atFlag = (f: Flags): number =>
  str(f, 'at') === undefined ? Date.now() : instantFlag(str(f, 'at'), '--at');

/** An episode for people: its state, the causes in order with why, and the steps to tell them apart. */
function episodeText(e: EpisodeView): string {
  const when = clinicInstantFormat();
  const state =
    e.closed === null
      ? 'open'
      : `closed ${when(e.closed.at)}: ${e.closed.cause}, ${e.closed.remedy} (${e.closed.outcome})`;
  return [
    `episode ${e.id}  ${e.symptom}  opened ${when(e.openedAt)}  ${state}`,
    ...e.steps.map((s) => `  step ${when(s.at)}  ${s.step}: ${s.result}`),
    'likely causes, most likely first:',
    ...e.plan.candidates.flatMap((c, i) => [
      `  ${i + 1}. ${c.title} [${c.id}] (weight ${c.score})` +
        (c.because.length === 0 ? '' : ` — ${c.because.join('; ')}`),
      `      remedies: ${c.remedies.join(' | ')}`,
    ]),
    'steps to tell them apart:',
    ...e.plan.nextSteps.flatMap((s) => [
      `  - ${s.title} [${s.id}]: ${s.how}`,
      ...s.results.map((r) => `      ${r.result} → ${r.meaning}`),
    ]),
  ].join('\n');
}

async function start(f: Flags): Promise<EpisodeView> {
  const symptom = choiceFlag(str(f, 'symptom'), '--symptom', EPISODE_SYMPTOMS);
  const findings = findingsFlag(f);
  if (findings === undefined) throw new ItbError('ITB_E_INVALID_INPUT', 'missing --findings');
  const at = atFlag(f);
  return withClinic(f, `POST ${P}`, async (store, ctx, patientId) => {
    const id = patientId ?? '';
    const fromRecords = await recordFindings(store, id, ctx);
    const all = { ...findings, ...fromRecords };
    return episodeView(await store.openEpisode({ patientId: id, symptom, findings: all, at }, ctx));
  });
}

async function show(f: Flags): Promise<EpisodeView | EpisodeList> {
  const episodeId = str(f, 'episode')?.trim();
  return withClinic(f, `GET ${P}`, async (store, ctx, patientId) => {
    const episodes = (await store.listEpisodes(patientId ?? '', ctx)).map(episodeView);
    if (episodeId === undefined) return { episodes };
    const found = episodes.find((e) => e.id === episodeId);
    if (found === undefined) {
      throw new ItbError('ITB_E_CLINIC_NOT_FOUND', `patient ${patientId ?? ''} has no episode ${episodeId}`);
    }
    return found;
  });
}

async function step(f: Flags): Promise<EpisodeView> {
  const episodeId = text(f, 'episode', '--episode');
  const stepId = choiceFlag(str(f, 'step'), '--step', STEP_IDS);
  const result = text(f, 'result', '--result');
  const findings = findingsFlag(f) ?? {};
  const at = atFlag(f);
  return withClinic(f, `POST ${P}/:episodeId/steps`, async (store, ctx, patientId) => {
    const id = patientId ?? '';
    const all = { ...findings, ...(await recordFindings(store, id, ctx)) };
    return episodeView(
      await store.recordEpisodeStep(
        { patientId: id, episodeId, step: stepId, result, findings: all, at },
        ctx,
      ),
    );
  });
}

async function close(f: Flags): Promise<EpisodeView> {
  const episodeId = text(f, 'episode', '--episode');
  const cause = choiceFlag(str(f, 'cause'), '--cause', CAUSE_IDS);
  const remedy = text(f, 'remedy', '--remedy');
  const outcome = choiceFlag(str(f, 'outcome'), '--outcome', EPISODE_OUTCOMES);
  const note = str(f, 'note')?.trim();
  const at = atFlag(f);
  return withClinic(f, `POST ${P}/:episodeId/close`, async (store, ctx, patientId) =>
    episodeView(
      await store.closeEpisode(
        {
          patientId: patientId ?? '',
          episodeId,
          cause,
          remedy,
          outcome,
          at,
          ...(note === undefined || note === '' ? {} : { note }),
        },
        ctx,
      ),
    ),
  );
}

/** Registers `itb troubleshoot …`. */
export function registerTroubleshootCommands(program: Command): void {
  const tr = program
    .command('troubleshoot')
    .description(
      'troubleshooting a pump: start from a symptom, ranked causes, steps, close with the outcome',
    );

  atOption(
    clinicOptions(tr.command('start').description('open an episode: the causes ranked from the findings')),
  )
    .requiredOption('--symptom <symptom>', EPISODE_SYMPTOMS.join(' | '))
    .requiredOption(
      '--findings <json>',
      'what is in hand, a JSON object, e.g. {"reservoirMl":20,"activeAlarms":["low-reservoir"]}',
    )
    .action((f: Flags) => run(f, () => start(f), episodeText));

  clinicOptions(tr.command('show').description('the patient’s episodes, newest first, or one of them'))
    .option('--episode <id>', 'only this episode')
    .action((f: Flags) =>
      run(
        f,
        () => show(f),
        (r) => ('episodes' in r ? r.episodes.map(episodeText).join('\n\n') || 'no episodes' : episodeText(r)),
      ),
    );

  atOption(
    clinicOptions(tr.command('step').description('record a step’s result: the causes are ranked again')),
  )
    .requiredOption('--episode <id>', 'the open episode')
    .requiredOption('--step <step>', STEP_IDS.join(' | '))
    .requiredOption('--result <text>', 'what the step showed')
    .option('--findings <json>', 'the findings it adds, a JSON object, e.g. {"portAspiration":"none"}')
    .action((f: Flags) => run(f, () => step(f), episodeText));

  atOption(
    clinicOptions(tr.command('close').description('close an episode with the cause, remedy and outcome')),
  )
    .requiredOption('--episode <id>', 'the open episode')
    .requiredOption('--cause <cause>', CAUSE_IDS.join(' | '))
    .requiredOption('--remedy <text>', 'one of the cause’s remedies, in the guide’s words')
    .requiredOption('--outcome <outcome>', EPISODE_OUTCOMES.join(' | '))
    .option('--note <text>', 'a note on the closing')
    .action((f: Flags) => run(f, () => close(f), episodeText));
}
