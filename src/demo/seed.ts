/**
 * The demo clinic's history, made by running the pumps forward in simulated time and driving them through
 * the real programmer workflows over the real link (not by inserting rows): screening trial → implant and
 * first interrogation → a titration step → a refill (one with a residual that does not reconcile,
 * explained) → today's interrogation. The stories the board must show come out of the pumps themselves:
 * the overdue patient was refilled earlier at a higher flow, the ERI pump's battery reached its elective
 * replacement indicator by age (docs/clinical-reference.md §3 battery).
 */
import type { OpenedStore } from '../clinic/open-store.ts';
import type { Implant, Patient } from '../clinic/records.ts';
import type { ProgrammerClient } from '../link/programmer-client.ts';
import { interrogate } from '../programmer/interrogate.ts';
import { applyRefill } from '../programmer/refill.ts';
import { planRefill } from '../programmer/refill-plan.ts';
import { recordScreeningDose, type ScreeningDose } from '../programmer/screening.ts';
import type { Confirmation } from '../programmer/session.ts';
import { proceedDecision } from '../clinic/pathway/pathway-fixtures.ts';
import { demoEvaluation } from './pathway-seed.ts';
import { applyTitration, planTitration } from '../programmer/titrate.ts';
import { getProfile } from '../pump/profiles.ts';
import { ItbError } from '../therapy/codes.ts';
import { prescriptionToJson, type PrescriptionJson } from '../therapy/prescription-json.ts';
import {
  epochMs,
  mcgToNg,
  MS_PER_DAY,
  MS_PER_HOUR,
  nanolitres,
  mlToNl,
  NL_PER_ML,
} from '../therapy/quantities.ts';
import { interrogateAndRecordForBoard } from '../server/pump-routes.ts';
import { demoDrug, type DemoPatient } from './cast.ts';
import type { DemoClock } from './clock.ts';
import { DEMO_FILL_ML, type VirtualPump } from './virtual-pump.ts';

/** Days of history before "today". */
export const HISTORY_DAYS = 100;
export const TITRATION_DAY = 14;
export const REFILL_DAY = 60;
/** The overdue patient was refilled earlier: at today's flow, refill-by has passed. */
export const OVERDUE_REFILL_DAY = 50;
/** The troubleshooting patient's catheter disconnected this many days before today (in his world only). */
export const TROUBLE_FAULT_DAYS_AGO = 2;
/** The residual missing at the discrepancy patient's refill (> 1 mL in a 20 mL pump: docs/clinical-reference.md §3). */
export const DISCREPANCY_ML = 3;

export interface SeededPatient {
  readonly cast: DemoPatient;
  readonly patient: Patient;
  readonly implant: Implant;
  readonly pump: VirtualPump;
  readonly client: ProgrammerClient;
}

/**
 * Who the seeded history names: the demo's own physician and nurse accounts (cast.ts), so every record the
 * history writes names a person the clinic knows, never an account that does not exist.
 */
export interface SeedActors {
  readonly physician: string;
  readonly nurse: string;
}

/** The pre-dose score (minute 0, MAS 3) and the scores at 1 h and 4 h after the bolus. */
const scores = (grade: '1' | '3') =>
  [0, 60, 240].map((minutesAfterDose) => ({
    minutesAfterDose,
    mas: [
      {
        muscleGroup: 'knee extensors',
        side: 'bilateral' as const,
        grade: minutesAfterDose === 0 ? '3' : grade,
      },
    ],
  }));

const SCREENING: readonly { mcg: number; responded: boolean; effectHours: number | null }[] = [
  { mcg: 50, responded: false, effectHours: null },
  { mcg: 75, responded: true, effectHours: 6 },
];

/**
 * Screening for every baclofen patient: 50 µg without response, then 75 µg a day later with a 6 h response
 * (docs/clinical-reference.md §1.1), through the protocol checks of recordScreeningDose.
 */
export async function seedScreening(
  patients: readonly Pick<SeededPatient, 'cast' | 'patient'>[],
  store: OpenedStore,
  clock: DemoClock,
  implantAt: number,
  { physician: PHYSICIAN }: SeedActors,
) {
  // The candidacy evaluation and screening trial are baclofen's: the pain patient was implanted elsewhere in
  // her pathway, and her records start at the implant.
  const screened = patients.filter((p) => demoDrug(p.cast) === 'baclofen');
  // The team's decision to proceed comes before any screening dose (pathway/stage.ts checklist).
  for (const p of screened) {
    const at = clock.now();
    await store.recordEvaluation(demoEvaluation(p.patient.id, at, p.cast.etiology, proceedDecision(at)), {
      actor: PHYSICIAN,
    });
  }
  const prior = new Map<string, ScreeningDose[]>();
  for (const [i, step] of SCREENING.entries()) {
    clock.advanceTo(implantAt - (10 - 2 * i) * MS_PER_DAY); // two days apart (≥ 24 h: docs/clinical-reference.md §1.1)
    for (const p of screened) {
      const before = prior.get(p.patient.id) ?? [];
      const dose: ScreeningDose = {
        at: epochMs(clock.now()),
        dose: mcgToNg(step.mcg),
        assessments: scores(step.responded ? '1' : '3'),
        responded: step.responded,
        effectHours: step.effectHours,
      };
      await recordScreeningDose(before, dose, { patientId: p.patient.id, actor: PHYSICIAN }, store);
      prior.set(p.patient.id, [...before, dose]);
    }
  }
}

/** The first prescription and the implant-day interrogation. */
export async function seedImplant(
  p: SeededPatient,
  store: OpenedStore,
  clock: DemoClock,
  { physician: PHYSICIAN }: SeedActors,
) {
  const deps = { client: p.client, store, now: () => clock.now() };
  const target = { patientId: p.patient.id, implantId: p.implant.id, actor: PHYSICIAN };
  const snapshot = await interrogate(p.client);
  await store.appendPrescription(p.patient.id, prescriptionToJson(snapshot.prescription), {
    actor: PHYSICIAN,
    expectedHeadId: null,
    implantId: p.implant.id,
    // A dose outside the usual range for the population warns; the start dose is decided at screening.
    justification: 'start dose from the screening trial (demo history)',
  });
  await interrogateAndRecordForBoard(p.client, target, deps);
}

/** Night from 22:00 to 07:00 (minutes after midnight). */
const NIGHT_FROM = 22 * 60;
const NIGHT_TO = 7 * 60;

/**
 * The +10 % step as a flex schedule: the day rate stays, the night rate rises so that the daily total is at
 * least 10 % higher (the spinal titration step's lower bound, docs/clinical-reference.md §1.4).
 */
function nightFlex(current: Extract<PrescriptionJson, { mode: 'simple-continuous' }>): PrescriptionJson {
  const nightMinutes = 1440 - NIGHT_FROM + NIGHT_TO;
  const night = Math.ceil((current.doseMcgPerDay * (1.1 * 1440 - (1440 - nightMinutes))) / nightMinutes);
  return {
    mode: 'flex',
    drug: current.drug,
    concentrationMcgPerMl: current.concentrationMcgPerMl,
    everyDay: {
      steps: [
        { startMinute: 0, doseMcgPerDay: night },
        { startMinute: NIGHT_TO, doseMcgPerDay: current.doseMcgPerDay },
        { startMinute: NIGHT_FROM, doseMcgPerDay: night },
      ],
      boluses: [],
    },
  };
}

/**
 * One titration step of +10 % through the workflow (review, write, read-back, chain): a higher continuous
 * dose, or a night-weighted flex schedule for the cast members given one.
 */
async function seedTitration(
  p: SeededPatient,
  store: OpenedStore,
  clock: DemoClock,
  { physician: PHYSICIAN }: SeedActors,
) {
  const deps = { client: p.client, store, now: () => clock.now() };
  const target = { patientId: p.patient.id, implantId: p.implant.id, actor: PHYSICIAN };
  const ctx = { actor: PHYSICIAN };
  const snapshot = await interrogate(p.client);
  const current = prescriptionToJson(snapshot.prescription);
  if (current.mode !== 'simple-continuous') throw new ItbError('ITB_E_INTERNAL', 'demo pumps run continuous');
  const plan = planTitration({
    snapshot,
    proposed:
      p.cast.titrationAs === 'night-flex'
        ? nightFlex(current)
        : { ...current, doseMcgPerDay: Math.round(current.doseMcgPerDay * 1.1) },
    patient: p.patient,
    head: await store.currentPrescription(p.patient.id, ctx),
    phase: 'titration',
    now: clock.now(),
  });
  const out = await applyTitration(
    plan,
    { confirm: true, justification: 'tone still high at review; +10 % step (demo history)' },
    target,
    deps,
  );
  if (out.status !== 'verified') throw new ItbError('ITB_E_INTERNAL', `demo titration ${out.status}`);
}

/**
 * A refill through the critical actions. The residual typed in is what the world's true reservoir holds;
 * the discrepancy patient's is {@link DISCREPANCY_ML} short of it, and explained.
 */
async function seedRefill(
  p: SeededPatient,
  store: OpenedStore,
  clock: DemoClock,
  { nurse: NURSE }: SeedActors,
) {
  const deps = { client: p.client, store, now: () => clock.now() };
  const target = { patientId: p.patient.id, implantId: p.implant.id, actor: NURSE };
  const snapshot = await interrogate(p.client);
  // The nurse measures what the world really holds; the discrepancy patient's measured residual is short.
  p.pump.server.tick();
  const short = p.cast.story === 'discrepancy' ? DISCREPANCY_ML * NL_PER_ML : 0;
  const measured = nanolitres(Math.max(0, p.pump.world.reservoir.volume - short));
  const plan = planRefill({
    snapshot,
    profile: getProfile(p.implant.deviceProfileId),
    catheterVolume: nanolitres(p.implant.catheter.volumeNl),
    head: await store.currentPrescription(p.patient.id, { actor: NURSE }),
    now: clock.now(),
    fillPortLocated: true,
    needleAtStop: true,
    measuredResidual: measured,
    ...(short > 0
      ? {
          explanation:
            'less residual than expected; pocket checked, no swelling; follow-up interrogation booked',
        }
      : {}),
    noLeak: true,
    fill: {
      drug: demoDrug(p.cast),
      concentration: snapshot.status.concentration,
      volume: mlToNl(DEMO_FILL_ML),
      lot: `LOT-${2600 + p.cast.n}`,
    },
    reservoirPortConfirmed: true,
  });
  // A pump at ERI is refilled with the replacement plan named, as the plan asks.
  const atEri = plan.steps.some((st) => st.reasons.some((r) => r.code === 'ITB_R_PROG_PUMP_AT_ERI'));
  const confirmation: Confirmation = atEri
    ? { confirm: true, justification: 'replacement being planned before end of service (ERI reported)' }
    : { confirm: true };
  const out = await applyRefill(plan, confirmation, target, deps);
  if (out.status !== 'verified') throw new ItbError('ITB_E_INTERNAL', `demo refill ${out.status}`);
}

/**
 * Runs every implanted patient's history in time order on the shared clock from the implant day (the clock
 * already there, after {@link seedScreening}), ending with today's interrogation.
 */
export async function seedHistory(
  patients: readonly SeededPatient[],
  store: OpenedStore,
  clock: DemoClock,
  implantAt: number,
  actors: SeedActors,
  /** Records made when the clock reaches `at` (within the last days of the history), e.g. the pathway cast's. */
  meanwhile?: { readonly at: number; readonly run: () => Promise<void> },
) {
  for (const p of patients) await seedImplant(p, store, clock, actors);
  const at = (day: number) => implantAt + day * MS_PER_DAY;
  await forward(patients, clock, at(TITRATION_DAY));
  for (const p of patients) await seedTitration(p, store, clock, actors);
  await forward(patients, clock, at(OVERDUE_REFILL_DAY));
  for (const p of patients.filter((x) => x.cast.story === 'overdue'))
    await seedRefill(p, store, clock, actors);
  await forward(patients, clock, at(REFILL_DAY));
  for (const p of patients.filter((x) => x.cast.story !== 'overdue'))
    await seedRefill(p, store, clock, actors);
  const troubled = patients.filter((x) => x.cast.story === 'troubleshooting');
  if (meanwhile !== undefined) {
    await forward(patients, clock, meanwhile.at);
    await meanwhile.run();
  }
  await forward(patients, clock, at(HISTORY_DAYS - TROUBLE_FAULT_DAYS_AGO));
  for (const p of troubled) p.pump.injectCatheter({ kind: 'disconnected' });
  await forward(patients, clock, at(HISTORY_DAYS));
  for (const p of patients) {
    const target = { patientId: p.patient.id, implantId: p.implant.id, actor: actors.nurse };
    await interrogateAndRecordForBoard(p.client, target, { store, now: () => clock.now() });
  }
  for (const p of troubled) await seedEpisode(p, store, clock, implantAt, actors);
}

/**
 * The troubleshooting patient presents today with more spasticity than expected; the physician opens an
 * episode with what the clinic has in hand — the symptom, today's interrogation (no alarm, the calculated
 * residual) and the history — and the guide ranks the causes. The disconnection is in his world only: the
 * steps that find it (port aspiration, imaging) are the clinician's to take (docs/troubleshooting.md).
 */
async function seedEpisode(
  p: SeededPatient,
  store: OpenedStore,
  clock: DemoClock,
  implantAt: number,
  { physician: PHYSICIAN }: SeedActors,
) {
  const snapshot = await interrogate(p.client);
  const now = clock.now();
  const refilledAt = p.pump.refills.at(-1)?.at ?? implantAt;
  await store.openEpisode(
    {
      patientId: p.patient.id,
      at: now,
      symptom: 'more-spasticity',
      findings: {
        presentations: ['more-spasticity'],
        activeAlarms: [],
        reservoirMl: getProfile(p.implant.deviceProfileId).reservoir.value / NL_PER_ML,
        calculatedResidualMl: snapshot.status.reservoir / NL_PER_ML,
        lastRefillHoursAgo: Math.round((now - refilledAt) / MS_PER_HOUR),
        hoursSinceSurgery: Math.round((now - implantAt) / MS_PER_HOUR),
        monthsOnTherapy: Math.floor((now - implantAt) / (30 * MS_PER_DAY)),
      },
    },
    { actor: PHYSICIAN },
  );
}

/**
 * Moves the clock to `t` and lets every pump run up to it (delivery, alarms, battery). A jump outlives any
 * link session, so the programmers' sessions are closed first, while the pumps still hold them: a close
 * frame that reaches a pump after its session expired counts as a link failure, the pump backs off and
 * ignores the next HELLO, and that programmer waits out its handshake timeout (measured: 5 s per jump).
 */
export async function forward(
  patients: readonly { pump: VirtualPump; client: Pick<ProgrammerClient, 'close'> }[],
  clock: DemoClock,
  t: number,
): Promise<void> {
  for (const p of patients) p.client.close();
  // Real milliseconds for the close frames to reach the loopback pumps before their clocks jump.
  await new Promise((r) => setTimeout(r, CLOSE_SETTLE_MS));
  clock.advanceTo(t);
  for (const p of patients) p.pump.server.tick();
}

const CLOSE_SETTLE_MS = 50;
