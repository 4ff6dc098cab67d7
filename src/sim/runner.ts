/**
 * The runner's core (pure: scenario + seed → timeline + summary; no I/O, no clock, no Math.random): set up
 * body, world and pump from a scenario, then jump from event to event — the pump's own next event, the
 * agenda (refills, visits, faults, world signals, alarm responses) and the timeline's sampling instants —
 * never ticking a fixed step (docs/architecture.md principle 2) unless `forceStepHours` asks for it (benchmarks).
 */
import { advance, createBody } from '../body/body.ts';
import { defaultPatient, samplePatient, type PatientParams } from '../body/patient.ts';
import { createRng } from '../body/random.ts';
import {
  DEFAULT_SCREENING_PROTOCOL,
  SMALL_CHILD_SCREENING_PROTOCOL,
  screeningTrial,
  type ScreeningResult,
} from '../body/screening.ts';
import { defaultTitrationPolicy, visitDays } from '../body/titration.ts';
import { createPump, getProfile } from '../pump/index.ts';
import {
  MS_PER_DAY,
  MS_PER_HOUR,
  epochMs,
  mcgPerDay,
  mcgPerMl,
  millis,
  mlToNl,
} from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import { SALINE, catheterVolumeForLength, createWorld, seedRng } from '../world/index.ts';
import { Agenda } from './agenda.ts';
import type { Sim, SimSettings } from './context.ts';
import { planRefill } from './refill-plan.ts';
import { loop } from './loop.ts';
import type { Sampling } from './sampling.ts';
import { chooseConcentration } from './strengths.ts';
import { newTitrationMemory } from './titration-visit.ts';
import { ALL_ON, type ControlName, type ControlsOff } from './controls.ts';
import type { Coupled, CouplingOptions } from './couple.ts';
import { newRecorder, type SimEvent, type TimelineRow } from './record.ts';
import type { Scenario } from './scenario.ts';
import { summarise, type RunSummary } from './summary.ts';

/** Defaults of a scenario's optional fields [A], named so the docs and the tests can cite them. */
export const SCENARIO_DEFAULTS = {
  start: '2026-01-05T00:00:00.000Z',
  seed: 1,
  sampleHours: 6,
  profile: 'peristaltic-20',
  catheterLengthCm: 50,
  refillMarginDays: 4,
  maintenanceVisitDays: 28,
} as const;

export interface RunOptions extends CouplingOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Forces an event at least this often (hours): the fixed-step baseline of the benchmark. */
  readonly forceStepHours?: number;
  /** Keep the timeline rows (default true; population runs keep only the summary). */
  readonly keepTimeline?: boolean;
  /** Probability of a pocket fill at each refill (population runs; docs/clinical-reference.md §4 rate). */
  readonly pocketFillPerRefill?: number;
  /** Safety controls to switch off (safety campaigns, src/sim/controls.ts); default: every control on. */
  readonly controlsOff?: ControlsOff;
  /** Grid sampling (default) or quiet grid instants leapt over (population and campaign runs; sampling.ts). */
  readonly sampling?: Sampling;
}

export interface RunResult {
  readonly name: string;
  readonly seed: number;
  /** False when the screening trial found no response: nothing was implanted. */
  readonly implanted: boolean;
  readonly screening?: Pick<ScreeningResult, 'decision' | 'reasons'>;
  readonly startDoseMcgPerDay: number | null;
  readonly timeline: readonly TimelineRow[];
  readonly events: readonly SimEvent[];
  readonly summary: RunSummary | null;
}

function patientOf(s: Scenario): PatientParams {
  const pop = s.patient?.population ?? 'adult-spinal';
  return s.patient?.seed === undefined ? defaultPatient(pop) : samplePatient(s.patient.seed, pop);
}

/** Runs a scenario to its end. Throws the models' ItbErrors on an impossible setup (e.g. a refused fill). */
export function runScenario(scenario: Scenario, o: RunOptions = {}): RunResult {
  const seed = o.seed ?? scenario.seed ?? SCENARIO_DEFAULTS.seed;
  const start = epochMs(Date.parse(scenario.start ?? SCENARIO_DEFAULTS.start));
  const patient = patientOf(scenario);
  let startDose = scenario.startDoseMcgPerDay ?? null;
  let screening: RunResult['screening'];
  if (scenario.screening !== undefined) {
    const base =
      scenario.screening.protocol === 'small-child'
        ? SMALL_CHILD_SCREENING_PROTOCOL
        : DEFAULT_SCREENING_PROTOCOL;
    const trial = screeningTrial(patient, { ...base, seed, start: epochMs(start - 4 * MS_PER_DAY) });
    screening = { decision: trial.decision, reasons: trial.reasons };
    startDose = trial.decision.kind === 'responder' ? trial.decision.startDoseMcgPerDay : null;
  }
  if (startDose === null) {
    return {
      name: scenario.name,
      seed,
      implanted: false,
      ...(screening ? { screening } : {}),
      startDoseMcgPerDay: null,
      timeline: [],
      events: [],
      summary: null,
    };
  }
  const profile = getProfile(scenario.device?.profile ?? SCENARIO_DEFAULTS.profile);
  const concentration = mcgPerMl(
    scenario.drug?.concentrationMcgPerMl ?? chooseConcentration(startDose, profile.flowRange.value.min),
  );
  const fillVolume =
    scenario.drug?.fillMl === undefined ? profile.reservoir.value : mlToNl(scenario.drug.fillMl);
  const initial = scenario.drug?.initialMl === undefined ? fillVolume : mlToNl(scenario.drug.initialMl);
  const catheterVolume = catheterVolumeForLength(
    scenario.device?.catheterLengthCm ?? SCENARIO_DEFAULTS.catheterLengthCm,
  );
  const onTherapy = scenario.patient?.onTherapyDays ?? 0;
  const drugSpec = { drug: 'baclofen' as const, concentration };
  const prescription = { mode: 'simple-continuous' as const, drug: drugSpec, dose: mcgPerDay(startDose) };

  // A patient already on therapy: the body has run at the start dose, and the catheter holds drug.
  let body = createBody(patient, epochMs(start - Math.round(onTherapy * MS_PER_DAY)));
  if (onTherapy > 0)
    body = advance(body, { segments: [{ start: body.now, end: start, ngPerDay: startDose * 1000 }] }, start);
  const world = createWorld(
    {
      catheterVolume: sourced(catheterVolume, 'A', 'scenario catheter length × 0.0026 mL/cm'),
      catheterContent: onTherapy > 0 ? drugSpec : SALINE,
      reservoir: { ...drugSpec, volume: initial },
    },
    seed,
    start,
  );
  const pump = createPump({
    profile,
    serial: `SIM-${seed}`,
    now: start,
    catheterVolume,
    fill: { ...drugSpec, volume: initial },
    prescription,
    ...(scenario.device?.batteryAgeDays === undefined
      ? {}
      : { batteryAge: millis(Math.round(scenario.device.batteryAgeDays * MS_PER_DAY)) }),
    ...(scenario.device?.lowReservoirMl === undefined
      ? {}
      : { lowReservoirThreshold: mlToNl(scenario.device.lowReservoirMl) }),
  });
  const c: Coupled = {
    t: start,
    pump,
    world,
    body,
    pending: { segments: [], boluses: [] },
    intrathecalNg: 0,
    tissueNg: 0,
  };
  const policy = {
    ...defaultTitrationPolicy(patient),
    ...(scenario.titration?.goalMeanMas === undefined ? {} : { goalMeanMas: scenario.titration.goalMeanMas }),
  };
  const phase = scenario.titration?.phase ?? (onTherapy > 0 ? 'maintenance' : 'titration');
  const s: SimSettings = {
    end: epochMs(start + Math.round(scenario.days * MS_PER_DAY)),
    drug: 'baclofen',
    concentration,
    fillVolume,
    refills:
      scenario.refills === null
        ? null
        : {
            everyMs:
              scenario.refills?.everyDays === undefined
                ? null
                : Math.round(scenario.refills.everyDays * MS_PER_DAY),
            marginDays: scenario.refills?.marginDays ?? SCENARIO_DEFAULTS.refillMarginDays,
          },
    alarmResponseMs:
      scenario.alarmResponseHours === undefined
        ? null
        : Math.round(scenario.alarmResponseHours * MS_PER_HOUR),
    titration: scenario.titration === undefined ? null : { policy, phase },
    origin: scenario.patient?.origin ?? (patient.population === 'adult-cerebral' ? 'cerebral' : 'spinal'),
    ageYears: scenario.patient?.ageYears,
    catheterVolume,
    pocketFillPerRefill: o.pocketFillPerRefill ?? 0,
    controlsOff: new Set([...(o.controlsOff ?? ALL_ON), ...((scenario.controlsOff ?? []) as ControlName[])]),
  };
  const faults = [...(scenario.faults ?? [])];
  const sim: Sim = {
    c,
    s,
    concentration,
    agenda: new Agenda(),
    rec: newRecorder(start, o.keepTimeline !== false),
    rater: createRng(seed).fork('sim-rater'),
    faultRng: seedRng(seed, 'sim-faults'),
    faults,
    faultRecords: faults.map((f) => ({ kind: f.kind, startedAt: null, detectedAt: null, detectedBy: null })),
    refillIndex: 0,
    refillsDone: 0,
    discrepancies: 0,
    programAccepted: 0,
    programRefused: 0,
    pendingRefill: null,
    tracking: true,
    lastDoseChangeAt: start,
    doseBeforeChange: startDose,
    overdoseStop: null,
    lastRestart: null,
    restartOverdosed: null,
    replacementBooked: false,
    pumpsReplaced: 0,
    catheterFault: false,
    underDeliverySince: null,
    alarmSince: {},
    cmd: 0,
    titrationMemory: newTitrationMemory(),
  };
  for (const [i, f] of faults.entries()) {
    if ('atDays' in f)
      sim.agenda.add(epochMs(start + Math.round(f.atDays * MS_PER_DAY)), { kind: 'fault', fault: f, id: i });
  }
  if (s.titration !== null) {
    const days =
      phase === 'titration'
        ? visitDays(policy, scenario.days)
        : everyDays(SCENARIO_DEFAULTS.maintenanceVisitDays, scenario.days);
    for (const d of days) sim.agenda.add(epochMs(start + d * MS_PER_DAY), { kind: 'visit' });
  }
  planRefill(sim);
  loop(sim, {
    sampleHours: scenario.sampleHours ?? SCENARIO_DEFAULTS.sampleHours,
    goalMeanMas: policy.goalMeanMas,
    sampling: o.sampling ?? 'grid',
    ...(o.systemicCsfFraction === undefined ? {} : { systemicCsfFraction: o.systemicCsfFraction }),
    ...(o.forceStepHours === undefined ? {} : { forceStepHours: o.forceStepHours }),
  });
  const { summary } = summarise(sim, policy.goalMeanMas);
  return {
    name: scenario.name,
    seed,
    implanted: true,
    ...(screening ? { screening } : {}),
    startDoseMcgPerDay: startDose,
    timeline: o.keepTimeline === false ? [] : sim.rec.rows,
    events: o.keepTimeline === false ? [] : sim.rec.events,
    summary,
  };
}

const everyDays = (n: number, total: number): number[] =>
  Array.from({ length: Math.floor(total / n) }, (_, i) => (i + 1) * n);
