/**
 * `itb pump …`: the device profiles and a simulation of one pump (docs/architecture.md CLI contract).
 *
 *   itb pump profiles [--json]
 *   itb pump simulate --profile P --fill-ml N --concentration C --dose D [--prescription file.json]
 *                     --days N [--start ISO] [--drug baclofen] [--json]
 *   itb pump serve …                                  (pump-serve.ts: a virtual pump on the link)
 *   itb pump event-log --pump H:P --keys F [--json]   (pump-link.ts: the pump's retained event log)
 *   itb pump stop|resume|alarm-settings|patient-bolus|bolus|prime --pump H:P --keys F --patient ID --as EMAIL
 *            [--db URL] [--confirm] …   (pump-control.ts, pump-alarms.ts, pump-patient-bolus.ts, pump-bolus.ts:
 *                             recorded changes, the acting user's role checked as the API checks it:
 *                             clinic-access.ts)
 *
 * The simulation runs the pure controller event by event (no fixed-step loop) and reports what the pump
 * believes it delivered, its calculated reservoir, the alarms it raised and its event log.
 */
import { registerPumpAlarmCommand } from './pump-alarms.ts';
import { registerPumpPatientBolusCommand } from './pump-patient-bolus.ts';
import { registerPumpBolusCommands } from './pump-bolus.ts';
import { registerPumpControlCommands } from './pump-control.ts';
import { registerPumpLinkCommands } from './pump-link.ts';
import { registerPumpServeCommand } from './pump-serve.ts';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ItbError } from '../therapy/codes.ts';
import { checkConcentrationForDrug } from '../therapy/dose-check.ts';
import { massText } from '../therapy/drug-display.ts';
import { getDrug } from '../therapy/drug-library.ts';
import type { Prescription } from '../therapy/prescription.ts';
import { prescriptionFromJson } from '../therapy/prescription-json.ts';
import { MS_PER_DAY, NG_PER_MCG, NL_PER_ML, epochMs, type EpochMs } from '../therapy/quantities.ts';
import { formatNumber } from '../therapy/units.ts';
import { createPump, nextEventTime, step } from '../pump/controller.ts';
import type { PumpProfile } from '../pump/profile.ts';
import { PROFILES, getProfile } from '../pump/profiles.ts';
import type { AlarmType } from '../pump/state.ts';
import { run } from './output.ts';
import { instantText } from './reason-line.ts';
import { concentrationFlag, DOSE_FLAG_HELP, doseFlag } from './dose-flags.ts';
import { instantFlag, numberFlag, volumeFlag } from './parse.ts';

type Flags = Record<string, string | boolean | undefined>;
const str = (f: Flags, key: string): string | undefined => (typeof f[key] === 'string' ? f[key] : undefined);
const iso = (t: number): string => new Date(t).toISOString();
const ml = (nl: number): number => Number(formatNumber(nl / NL_PER_ML, 6));

/** What `itb pump profiles --json` prints per profile (units in the key names). */
export function profileSummary(p: PumpProfile) {
  return {
    id: p.id,
    kind: p.kind,
    name: p.name,
    reservoirMl: ml(p.reservoir.value),
    strokeUl: p.strokeVolume.value / 1000,
    flowMlPerDay: { min: ml(p.flowRange.value.min), max: ml(p.flowRange.value.max) },
    minimumRateMlPerDay: ml(p.minimumRateFlow.value),
    fixedFlowMlPerDay: p.fixedFlow === undefined ? null : ml(p.fixedFlow.value),
    lowReservoirMl: {
      min: ml(p.lowReservoir.value.min),
      max: ml(p.lowReservoir.value.max),
      default: ml(p.lowReservoir.value.default),
    },
    emptyThresholdMl: ml(p.emptyThreshold.value),
    onEmpty: p.onEmpty.value,
    accuracyPercent: p.accuracyPercent.value,
    battery:
      p.battery === undefined
        ? null
        : {
            nominalLifeYears: p.battery.nominalLifeYears.value,
            maxLifeYears: Number(formatNumber(p.battery.maxLife.value / MS_PER_DAY / 365.25, 2)),
            eriLeadDays: p.battery.eriLeadTime.value / MS_PER_DAY,
          },
    alarms: p.alarms !== undefined,
    modes: p.modes.value,
    boluses: p.boluses.value,
    patientBolus: p.patientBolus.value,
    fieldResponse: p.fieldResponse.value,
  };
}

/** What `itb pump simulate --json` prints. */
export interface SimulationReport {
  readonly profile: string;
  /** The drug filled: the human summary writes the delivered mass in its label unit. */
  readonly drug: string;
  readonly start: string;
  readonly end: string;
  readonly deliveredMl: number;
  readonly deliveredMcg: number;
  readonly reservoirMl: number;
  readonly alarms: readonly { readonly type: AlarmType; readonly at: string; readonly severity: string }[];
  readonly events: number;
  readonly log: readonly {
    readonly seq: number;
    readonly at: string;
    readonly type: string;
    readonly message: string;
  }[];
}

export interface SimulationInput {
  readonly profile: PumpProfile;
  readonly fill: { readonly drug: string; readonly concentration: number; readonly volume: number };
  readonly prescription: Prescription;
  readonly start: EpochMs;
  readonly days: number;
}

/** Runs one pump event by event from a fill; throws ItbError if the pump refuses the fill or prescription. */
export function simulatePump(input: SimulationInput): SimulationReport {
  const drug = getDrug(input.fill.drug);
  const concentration = checkConcentrationForDrug(drug, input.fill.concentration);
  if (input.fill.volume > input.profile.reservoir.value) {
    throw new ItbError(
      'ITB_E_OUT_OF_RANGE',
      `--fill-ml exceeds the ${ml(input.profile.reservoir.value)} mL reservoir`,
    );
  }
  let s = createPump({
    profile: input.profile,
    serial: 'SIM-1',
    now: input.start,
    fill: { drug: drug.id, concentration, volume: input.fill.volume as never },
    prescription: input.prescription,
  });
  const end = input.start + Math.round(input.days * MS_PER_DAY);
  const alarms: { type: AlarmType; at: string; severity: string }[] = [];
  let events = 0;
  for (;;) {
    const next = nextEventTime(s);
    const t = next === null || next > end ? end : next;
    const r = step(s, { kind: 'tick' }, epochMs(t));
    s = r.state;
    events++;
    for (const a of r.outputs.alarms)
      if (a.change === 'raised') alarms.push({ type: a.alarm, at: iso(a.at), severity: a.severity });
    if (t >= end) break;
  }
  return {
    profile: input.profile.id,
    drug: drug.id,
    start: iso(input.start),
    end: iso(end),
    deliveredMl: ml(s.totals.deliveredNl),
    deliveredMcg: Number(formatNumber(s.totals.deliveredNg / NG_PER_MCG, 3)),
    reservoirMl: ml(s.reservoir.volume),
    alarms,
    events,
    log: s.log.entries.map((e) => ({ seq: e.seq, at: iso(e.at), type: e.type, message: e.message })),
  };
}

function readPrescription(path: string): Prescription {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `cannot read --prescription ${path}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ItbError('ITB_E_INVALID_PRESCRIPTION', `--prescription ${path} is not JSON`);
  }
  return prescriptionFromJson(json);
}

/** The human summary `itb pump simulate` prints: the delivered mass in the drug's label unit. */
export const simulationText = (r: SimulationReport): string =>
  [
    `${r.profile}: ${instantText(r.start)} → ${instantText(r.end)} (${r.events} events)`,
    `delivered ${r.deliveredMl} mL (${massText(Math.round(r.deliveredMcg * NG_PER_MCG), r.drug)}); calculated reservoir ${r.reservoirMl} mL`,
    r.alarms.length === 0
      ? 'no alarms'
      : `alarms:\n${r.alarms.map((a) => `  ${instantText(a.at)} ${a.severity} ${a.type}`).join('\n')}`,
  ].join('\n');

export function registerPumpCommands(program: Command): void {
  const pump = program
    .command('pump')
    .description(
      'implanted pump controller: device profiles, simulation, event log, stop and resume, bolus and priming',
    );

  pump
    .command('profiles')
    .description('the device profiles (SynchroMed II-like, Prometra II-like, constant-flow) as data')
    .option('--json', 'one JSON array on stdout')
    .action((f: Flags) =>
      run(
        f,
        () => PROFILES.map(profileSummary),
        (list) =>
          list
            .map(
              (p) =>
                `${p.id.padEnd(18)} ${p.kind.padEnd(13)} ${String(p.reservoirMl).padStart(3)} mL  ${p.name}`,
            )
            .join('\n'),
      ),
    );

  pump
    .command('simulate')
    .description('run one pump event by event from a fill and report delivery, reservoir, alarms and log')
    .requiredOption('--profile <id>', `device profile: ${PROFILES.map((p) => p.id).join(', ')}`)
    .requiredOption('--fill-ml <mL>', 'volume in the reservoir after the fill')
    .requiredOption('--concentration <conc>', DOSE_FLAG_HELP.concentration)
    .option('--dose <dose>', `for a simple continuous prescription: ${DOSE_FLAG_HELP.dose}`)
    .option('--prescription <file>', 'a prescription JSON file (clinician form) instead of --dose')
    .requiredOption('--days <n>', 'days to simulate')
    .option('--start <iso>', 'fill time, ISO 8601 with zone (default: now)')
    .option('--drug <id>', 'drug library entry', 'baclofen')
    .option('--json', 'one JSON object on stdout')
    .action((f: Flags) =>
      run(
        f,
        () => {
          const profile = getProfile(str(f, 'profile') ?? '');
          const drug = getDrug(str(f, 'drug') ?? 'baclofen');
          const concentration = concentrationFlag(str(f, 'concentration'), '--concentration', drug.id);
          const file = str(f, 'prescription');
          const doseText = str(f, 'dose');
          if (file === undefined && doseText === undefined) {
            throw new ItbError('ITB_E_INVALID_INPUT', 'give --dose or --prescription');
          }
          const prescription: Prescription =
            file !== undefined
              ? readPrescription(file)
              : {
                  mode: 'simple-continuous',
                  drug: { drug: drug.id, concentration },
                  dose: doseFlag(doseText, '--dose', drug.id),
                };
          const start =
            str(f, 'start') === undefined ? epochMs(Date.now()) : instantFlag(str(f, 'start'), '--start');
          return simulatePump({
            profile,
            fill: { drug: drug.id, concentration, volume: volumeFlag(str(f, 'fillMl'), '--fill-ml') },
            prescription,
            start,
            days: numberFlag(str(f, 'days'), '--days', 0, 3653),
          });
        },
        simulationText,
      ),
    );

  registerPumpServeCommand(pump);
  registerPumpLinkCommands(pump);
  registerPumpControlCommands(pump);
  registerPumpAlarmCommand(pump);
  registerPumpPatientBolusCommand(pump);
  registerPumpBolusCommands(pump);
}
