/**
 * `itb mri …`: MRI preparation and follow-up (docs/workflows.md "MRI preparation and follow-up"; hazards
 * H43, H44) through the store functions the API's MRI routes call, as the clinic user named by `--as` /
 * ITB_USER under the API's rule for the same route (clinic-access.ts; nurses and physicians plan, prepare and
 * record; only a physician accepts drug left in a valve pump's reservoir; staff read):
 *
 *   itb mri list   --patient ID                                                --as EMAIL [--db URL] [--json]
 *   itb mri plan   --patient ID --implant ID --planned-for TIME [--note TEXT] [--at TIME] …
 *   itb mri accept --patient ID --mri ID --justification TEXT [--at TIME] …         (physician)
 *   itb mri ready  --patient ID --mri ID [--expected VOLUME --aspirated VOLUME] [--at TIME] …
 *   itb mri done   --patient ID --mri ID [--at TIME] …
 *
 * A valve pump not emptied and not accepted is refused (ITB_E_MRI_RESERVOIR_NOT_EMPTIED, exit 1), as any
 * bad input or a role the API refuses, and nothing changes.
 */
import type { Command } from 'commander';
import type { MriScan } from '../clinic/mri/mri-records.ts';
import { ItbError } from '../therapy/codes.ts';
import { formatVolume } from '../therapy/units.ts';
import { atOption, clinicOptions, withClinic } from './clinic-patient.ts';
import { str, text, type Flags } from './flags.ts';
import { run } from './output.ts';
import { instantFlag, volumeFlag } from './parse.ts';
import { clinicInstantFormat, reasonLine } from './reason-line.ts';

const P = '/api/v1/patients/:patientId';
const SCAN = `${P}/mri/:mriId`;

/** `--at`, else now: when the step was done. */
const atFlag = (f: Flags): number =>
  str(f, 'at') === undefined ? Date.now() : instantFlag(str(f, 'at'), '--at');

/** One scan for people: when, its state, what the rule asks, the acceptance, readiness and the scan. */
function scanText(s: MriScan): string {
  const when = clinicInstantFormat();
  const e = s.ready?.emptying ?? null;
  return [
    `MRI ${s.id}  planned for ${when(s.plannedFor)}  implant ${s.implantId} (${s.deviceProfileId})  ${s.state}`,
    `  before: ${s.rule.before === 'empty-reservoir' ? 'empty the reservoir (or a physician accepts)' : 'nothing to empty'}`,
    `  during the scan: ${s.rule.duringScan}${s.rule.interrogateAfter ? '; interrogate after' : ''}`,
    ...(s.acceptance === null ? [] : [`  accepted by ${s.acceptance.by}: ${s.acceptance.justification}`]),
    ...(s.ready === null
      ? []
      : [
          `  ready ${when(s.ready.at)}${e === null ? '' : `: ${formatVolume(e.aspiratedNl)} aspirated of ${formatVolume(e.expectedNl)} expected`}`,
          ...s.ready.reasons.map((r) => reasonLine(r, '    ')),
        ]),
    ...(s.done === null ? [] : [`  done ${when(s.done.at)}`]),
  ].join('\n');
}

const mriId = (f: Flags): string => text(f, 'mri', '--mri');

/** The emptying from `--expected` and `--aspirated`: both or neither. */
function emptyingOf(f: Flags): { expectedNl: number; aspiratedNl: number } | null {
  const [expected, aspirated] = [str(f, 'expected'), str(f, 'aspirated')];
  if (expected === undefined && aspirated === undefined) return null;
  if (expected === undefined || aspirated === undefined) {
    throw new ItbError('ITB_E_INVALID_INPUT', 'give both --expected and --aspirated, or neither');
  }
  return {
    expectedNl: volumeFlag(expected, '--expected', true),
    aspiratedNl: volumeFlag(aspirated, '--aspirated', true),
  };
}

/** Registers `itb mri …`. */
export function registerMriCommands(program: Command): void {
  const mri = program
    .command('mri')
    .description('MRI preparation and follow-up: plan, empty a valve pump or accept, ready, done');

  clinicOptions(mri.command('list').description('the patient’s planned and done MRI scans')).action(
    (f: Flags) =>
      run(
        f,
        () => withClinic(f, `GET ${P}/mri`, (store, ctx, patientId) => store.listMris(patientId ?? '', ctx)),
        (scans: MriScan[]) => (scans.length === 0 ? 'no MRI planned' : scans.map(scanText).join('\n')),
      ),
  );

  atOption(clinicOptions(mri.command('plan').description('plan an MRI for the patient with this pump')))
    .requiredOption('--implant <id>', 'the pump in place')
    .requiredOption('--planned-for <time>', 'when the scan is planned, ISO 8601 with a zone')
    .option('--note <text>', 'the imaging site, the sequence')
    .action((f: Flags) =>
      run(
        f,
        () => {
          const body = {
            implantId: text(f, 'implant', '--implant'),
            plannedFor: instantFlag(str(f, 'plannedFor'), '--planned-for'),
            note: str(f, 'note') ?? '',
            at: atFlag(f),
          };
          return withClinic(f, `POST ${P}/implants/:implantId/mri`, (store, ctx, patientId) =>
            store.planMri({ ...body, patientId: patientId ?? '' }, ctx),
          );
        },
        scanText,
      ),
    );

  atOption(
    clinicOptions(
      mri
        .command('accept')
        .description('accept scanning a valve pump with drug in its reservoir (physician)'),
    ),
  )
    .requiredOption('--mri <id>', 'the planned scan')
    .requiredOption('--justification <text>', 'why the bolus the closing valve delivers is judged safe')
    .action((f: Flags) =>
      run(
        f,
        () => {
          const body = { mriId: mriId(f), justification: text(f, 'justification', '--justification') };
          const at = atFlag(f);
          return withClinic(f, `POST ${SCAN}/acceptance`, (store, ctx, patientId) =>
            store.acceptMriBolus({ ...body, at, patientId: patientId ?? '' }, ctx),
          );
        },
        scanText,
      ),
    );

  atOption(clinicOptions(mri.command('ready').description('mark the scan ready (a valve pump emptied)')))
    .requiredOption('--mri <id>', 'the planned scan')
    .option('--expected <volume>', 'the volume expected in a valve pump’s reservoir (bare numbers are mL)')
    .option('--aspirated <volume>', 'the volume aspirated from it (bare numbers are mL)')
    .action((f: Flags) =>
      run(
        f,
        () => {
          const body = { mriId: mriId(f), emptying: emptyingOf(f), at: atFlag(f) };
          return withClinic(f, `POST ${SCAN}/ready`, (store, ctx, patientId) =>
            store.markMriReady({ ...body, patientId: patientId ?? '' }, ctx),
          );
        },
        scanText,
      ),
    );

  atOption(
    clinicOptions(mri.command('done').description('record the scan done (raises the follow-up alert)')),
  )
    .requiredOption('--mri <id>', 'the scan')
    .action((f: Flags) =>
      run(
        f,
        () => {
          const body = { mriId: mriId(f), at: atFlag(f) };
          return withClinic(f, `POST ${SCAN}/done`, (store, ctx, patientId) =>
            store.recordMriDone({ ...body, patientId: patientId ?? '' }, ctx),
          );
        },
        scanText,
      ),
    );
}
