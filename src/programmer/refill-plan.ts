/**
 * The refill "critical actions" as an ordered checklist (docs/clinical-reference.md §3 [C]): interrogate → locate the fill
 * port → needle through the septum to the needle stop → drain the residual completely and compare → check
 * for leaks → inject into the reservoir port only → (do not overfill) → update the pump → book the next
 * refill before the alarm date. {@link planRefill} is pure: called again as each step is confirmed, it says
 * which step the workflow waits at, or why it stopped. A discrepancy that warns stops it until the clinician
 * records an explanation ("if unsure, do not refill"); the catheter access port takes a smaller needle and
 * injecting into it sends the drug straight to the spine (overdose), so the reservoir port must be
 * confirmed explicitly.
 */
import type { PrescriptionRecord } from '../clinic/clinical-records.ts';
import { interruptionText } from './not-running.ts';
import { deviceReasons, programmeFlows } from '../pump/device-labelling.ts';
import type { AlarmKind } from '../link/alarm-kinds.ts';
import type { PumpProfile } from '../pump/profile.ts';
import { planBridge, type BridgeResult } from '../therapy/bridge.ts';
import { dailyDose } from '../therapy/dose-math.ts';
import { getDrug, isConcentrationAllowed } from '../therapy/drug-library.ts';
import type { DrugId } from '../therapy/drug.ts';
import { prescriptionToJson } from '../therapy/prescription-json.ts';
import { validatePrescription } from '../therapy/prescription-rules.ts';
import type { Prescription } from '../therapy/prescription.ts';
import { projectReservoir, type ReservoirProjection } from '../therapy/projection.ts';
import { MS_PER_DAY, type NanogramsPerMl, type Nanolitres } from '../therapy/quantities.ts';
import { reconcileResidual, type ReconcileResult } from '../therapy/reconcile.ts';
import { sourced } from '../therapy/sourced.ts';
import { concentrationText } from '../therapy/drug-display.ts';
import { formatVolume } from '../therapy/units.ts';
import { verdictOf, withTimes, type GuardrailResult, type Reason } from '../therapy/verdict.ts';
import { ItbError } from '../therapy/codes.ts';
import { prescriptionFromJson } from '../therapy/prescription-json.ts';
import { progReason } from './codes.ts';
import { diffJson, type DiffEntry } from './diff.ts';
import type { Snapshot } from './interrogate.ts';

export const REFILL_STEPS = [
  'interrogate',
  'locate-fill-port',
  'needle-at-stop',
  'drain-and-compare',
  'check-leaks',
  'inject-reservoir-port',
  'update-pump',
  'book-next-refill',
] as const;
export type RefillStep = (typeof REFILL_STEPS)[number];

/** Book the next refill this many days before refill-by, so a missed visit still leaves time [A]. */
export const BOOKING_LEAD_DAYS = sourced(
  2,
  'A',
  'our choice: book 2 days before refill-by (itself 5 days before the low-reservoir alarm) to leave room to reschedule',
);

export interface RefillFill {
  readonly drug: DrugId;
  readonly concentration: NanogramsPerMl;
  /** Volume injected into the emptied reservoir. */
  readonly volume: Nanolitres;
  readonly lot: string;
}

export interface RefillPlanInput {
  readonly snapshot: Snapshot;
  /**
   * The first fill of this implant (no refill on record for it): a drug with a first-fill limit is due
   * sooner (ziconotide: 14 days, adsorption in a new pump — docs/clinical-reference.md §2 [C: Prialt label §2.3]).
   */
  readonly newPump?: boolean;
  readonly profile: PumpProfile;
  /** The implanted catheter's volume (old fluid to bridge when the concentration changes). */
  readonly catheterVolume: Nanolitres;
  /**
   * How many refills of this implant the clinic had recorded when the plan was made: one recorded since
   * makes the plan stale (applyRefill refuses it, ITB_E_PROG_PLAN_STALE). Undefined: not checked (a plan
   * made outside the clinic's records).
   */
  readonly recordedRefills?: number;
  /** The patient's chain head, to append the prescription for a new concentration. */
  readonly head: PrescriptionRecord | null;
  readonly now: number;
  // ——— confirmations, in the order of the critical actions
  readonly fillPortLocated?: boolean;
  readonly needleAtStop?: boolean;
  /** The residual drained completely and measured. */
  readonly measuredResidual?: Nanolitres;
  /**
   * Reconciliation reasons beyond the pump's count, from the clinic's records for this residual: the first
   * refill of a pump checked against the initial fill recorded with it (clinic/initial-fill.ts
   * `reconcileFirstRefill`). A warning among them stops the refill like a discrepancy.
   */
  readonly recordReasons?: readonly Reason[];
  /** Why a discrepancy beyond the threshold is understood; without it the refill stops. */
  readonly explanation?: string;
  /** true = checked, no leak; false = a leak was found. */
  readonly noLeak?: boolean;
  readonly fill?: RefillFill;
  /** The needle is in the reservoir port, not the catheter access port. Must be exactly true. */
  readonly reservoirPortConfirmed?: boolean;
  readonly bookingLeadDays?: number;
  /**
   * Since when no drug has been delivered (the reservoir ran empty), from the clinic's projection of the
   * patient's records (clinic/risk-board.ts `emptySince`); undefined when delivery never stopped.
   */
  readonly interruptedSince?: number;
  /**
   * The clinic's battery statement for this refill (clinic/battery-concern.ts: at ERI since when, its
   * projected end of service and how it stands against refill-by — the words the patient card and the
   * booking concerns say), which the warning of a pump reporting ERI says; without it (no projection) the
   * warning says what the pump reports.
   */
  readonly battery?: Reason | null;
}

export type StepState = 'done' | 'waiting' | 'stopped' | 'not-reached' | 'planned';

export interface StepResult {
  readonly step: RefillStep;
  readonly state: StepState;
  readonly reasons: readonly Reason[];
}

export interface RefillPlan {
  readonly input: RefillPlanInput;
  readonly steps: readonly StepResult[];
  /** The step the workflow waits or stopped at; `ready` when only the pump update and booking remain. */
  readonly next: RefillStep | 'ready';
  readonly stopped: boolean;
  readonly reconciliation: ReconcileResult | null;
  /** The prescription for the new contents (the same dose at the new concentration), if it changes. */
  readonly newPrescription: Prescription | null;
  readonly bridge: BridgeResult | null;
  readonly projection: ReservoirProjection | null;
  /** When to book the next refill (before refill-by), or null if none can be projected. */
  readonly bookAt: number | null;
  /** Pending vs current: contents, reservoir volume, prescription. */
  readonly diff: readonly DiffEntry[];
  /** Reasons that gate the write (the bridge's own warning is met by programming the bridge). */
  readonly guardrail: GuardrailResult;
}

type Check = { state: StepState; reasons: Reason[] };
const done = (...reasons: Reason[]): Check => ({ state: 'done', reasons });
const waiting = (...reasons: Reason[]): Check => ({ state: 'waiting', reasons });
const stopped = (...reasons: Reason[]): Check => ({ state: 'stopped', reasons });
const pending = (step: RefillStep, what: string) =>
  progReason('ITB_R_PROG_STEP_PENDING', 'ok', `${step}: ${what}`);

function fillChecks(input: RefillPlanInput): Check {
  const { fill, snapshot, profile } = input;
  if (fill === undefined)
    return waiting(pending('inject-reservoir-port', 'enter drug, concentration, volume and lot'));
  const reservoir = profile.reservoir.value;
  const reasons: Reason[] = [];
  if (snapshot.status.drug !== undefined && fill.drug !== snapshot.status.drug) {
    reasons.push(
      progReason(
        'ITB_R_PROG_DRUG_CHANGE',
        'block',
        `the pump holds ${snapshot.status.drug}; a refill with ${fill.drug} is a new therapy: prescribe it first`,
      ),
    );
  }
  if (!isConcentrationAllowed(getDrug(fill.drug), fill.concentration)) {
    reasons.push(
      progReason(
        'ITB_R_PROG_CONCENTRATION_NOT_ALLOWED',
        'block',
        `${concentrationText(fill.concentration, fill.drug)} is not an allowed ${fill.drug} concentration`,
      ),
    );
  }
  // The device's labelling (one rule for pump, programmer and calculator); an off-label drug warns only.
  // With the flows of the programme the pump runs after the refill (the physician's prescription for new
  // contents): a strength the pump would refuse at the prescribed dose is stopped before it is injected
  // (fresh seed 271828: ziconotide 100 mcg/mL at 2.4 mcg/day runs below the pump's lowest flow).
  const after = programmeAfter(input, fill);
  const flows =
    after === null || after.mode === 'minimum-rate' || profile.fixedFlow !== undefined
      ? {}
      : {
          flows: programmeFlows(
            after,
            snapshot.status.pumpTime,
            snapshot.status.utcOffsetMinutes,
            profile.minimumRateFlow.value,
          ),
        };
  reasons.push(
    ...deviceReasons(profile, { drug: fill.drug, concentration: fill.concentration, ...flows }).filter(
      (r) => r.severity === 'block',
    ),
  );
  if (fill.volume > reservoir || fill.volume <= 0) {
    reasons.push(
      progReason(
        'ITB_R_PROG_OVERFILL',
        'block',
        `${formatVolume(fill.volume)} does not fit a ${formatVolume(reservoir)} reservoir: do not overfill [docs/clinical-reference.md §3]`,
        reservoir,
        fill.volume,
      ),
    );
  }
  if (reasons.length > 0) return stopped(...reasons);
  if (input.reservoirPortConfirmed !== true) {
    return waiting(
      progReason(
        'ITB_R_PROG_PORT_NOT_CONFIRMED',
        'block',
        'confirm the needle is in the reservoir fill port, not the catheter access port: injecting into the ' +
          'access port sends the drug straight to the spine (overdose). If unsure, do not refill [docs/clinical-reference.md §3]',
      ),
    );
  }
  return done();
}

function reconcileCheck(input: RefillPlanInput): { check: Check; result: ReconcileResult | null } {
  if (input.measuredResidual === undefined) {
    return {
      check: waiting(pending('drain-and-compare', 'drain the residual completely and enter it')),
      result: null,
    };
  }
  const pumpCount = reconcileResidual({
    reservoirSize: input.profile.reservoir.value,
    expected: input.snapshot.status.reservoir,
    measured: input.measuredResidual,
    drug: input.snapshot.status.drug ?? null,
  });
  const reasons = [...pumpCount.reasons, ...(input.recordReasons ?? [])];
  const result = { ...pumpCount, verdict: verdictOf(reasons).verdict, reasons };
  if (result.verdict === 'ok') return { check: done(...result.reasons), result };
  const explanation = input.explanation?.trim() ?? '';
  if (explanation === '') {
    const r = progReason(
      'ITB_R_PROG_DISCREPANCY_UNEXPLAINED',
      'block',
      'the residual does not reconcile: record an explanation before going on — if unsure, do not refill ' +
        '[docs/clinical-reference.md §3; Maino 2017]',
    );
    return { check: stopped(...result.reasons, r), result };
  }
  const r = progReason('ITB_R_PROG_DISCREPANCY_EXPLAINED', 'warn', `discrepancy explained: ${explanation}`);
  return { check: done(...result.reasons, r), result };
}

/**
 * A warning (to be justified) when delivery stopped longer than the drug's restart threshold: refilling
 * restarts the prior dose at once, into a patient who lost tolerance (drug library
 * `restartAfterInterruption`; docs/clinical-reference.md §2).
 */
function restartReason(input: RefillPlanInput, fill: RefillFill): Reason | null {
  const rule = getDrug(fill.drug).restartAfterInterruption;
  if (rule === undefined || input.interruptedSince === undefined) return null;
  const hours = (input.now - input.interruptedSince) / 3_600_000;
  if (hours <= rule.value.interruptedLongerThanHours) return null;
  return withTimes(
    progReason(
      'ITB_R_PROG_RESTART_AFTER_INTERRUPTION',
      'warn',
      `no drug delivered since ${new Date(input.interruptedSince).toISOString()} (${interruptionText(hours)}, ` +
        `more than ${rule.value.interruptedLongerThanHours} h): ${rule.value.guidance}`,
      rule.value.interruptedLongerThanHours,
      Math.floor(hours),
    ),
    { interruptedSince: input.interruptedSince },
  );
}

/**
 * The battery state the interrogation reports, said before anything else: a pump at its elective
 * replacement indicator stops within about 90 days — on the projected end-of-service day the clinic's
 * statement names ({@link RefillPlanInput.battery}) — and one at end of service may stop at any time
 * (docs/clinical-reference.md §3, battery [C: SynchroMed II clinical reference manual]). A refill goes on
 * (the patient needs drug until the replacement), but as a warning the clinician answers with the
 * replacement plan, never as a plain "ready".
 */
function batteryReasons(alarms: readonly AlarmKind[], battery: Reason | null): Reason[] {
  if (alarms.includes('eos')) {
    return [
      progReason(
        'ITB_R_PROG_PUMP_AT_EOS',
        'warn',
        'the pump reports END OF SERVICE: it may stop delivering at any time (withdrawal risk) — replace it now; ' +
          'a refill does not make it safe. Name the replacement plan to go on [docs/clinical-reference.md §3]',
      ),
    ];
  }
  if (alarms.includes('eri')) {
    const said =
      battery?.message ??
      'the pump reports its elective replacement indicator (ERI): it stops within about 90 days — plan the ' +
        'replacement before end of service; a refill-by date past it is not a safe date.';
    return [
      progReason(
        'ITB_R_PROG_PUMP_AT_ERI',
        'warn',
        `${said} Name the replacement plan to go on [docs/clinical-reference.md §3]`,
      ),
    ];
  }
  return [];
}

/** The running programme a refill with `fill` replaces: the pump's, unless the concentration changes. */
const replacedProgramme = (
  input: RefillPlanInput,
  fill: RefillFill,
): Exclude<Prescription, { mode: 'stopped' }> | null => {
  const current = input.snapshot.prescription;
  return current.mode !== 'stopped' && current.drug.concentration !== fill.concentration ? current : null;
};

/**
 * The prescription sent with the refill for new contents: the physician's, as recorded (assertSyringeMatches
 * let it through); null when the contents stay the same.
 */
const newPrescriptionFor = (input: RefillPlanInput, fill: RefillFill): Prescription | null =>
  replacedProgramme(input, fill) === null || input.head === null
    ? null
    : prescriptionFromJson(input.head.prescription);

/** The programme the pump runs after a refill with `fill`; null when it stays stopped. */
function programmeAfter(input: RefillPlanInput, fill: RefillFill): Prescription | null {
  const running = newPrescriptionFor(input, fill) ?? input.snapshot.prescription;
  return running.mode === 'stopped' ? null : running;
}

/** The pump-update part: the prescription for the new contents, the bridge, the projection. */
function updatePlan(input: RefillPlanInput, fill: RefillFill) {
  const current = input.snapshot.prescription;
  const old = replacedProgramme(input, fill);
  const newPrescription = newPrescriptionFor(input, fill);
  const running = newPrescription ?? current;
  const reasons: Reason[] = [];
  if (newPrescription !== null) reasons.push(...validatePrescription(newPrescription).reasons);
  const bridge =
    old === null
      ? null
      : planBridge({
          catheterVolume: input.catheterVolume,
          pumpDeadVolume: input.profile.internalVolume,
          oldConcentration: old.drug.concentration,
          newConcentration: fill.concentration,
          dose: dailyDose(old),
          drug: fill.drug,
        });
  const projection = projectReservoir({
    reservoir: fill.volume,
    prescription: running,
    lowAlarmThreshold: input.snapshot.status.lowReservoirThreshold,
    start: input.snapshot.status.pumpTime,
    utcOffsetMinutes: input.snapshot.status.utcOffsetMinutes,
    drug: fill.drug,
    device: { minimumRateFlow: input.profile.minimumRateFlow.value },
    ...(input.newPump === undefined ? {} : { newPump: input.newPump }),
  });
  // A pump the clinic stopped stays stopped through its refill (pump/programme.ts): the resume, with its
  // restart plan, restarts it; the refill neither restarts the prior dose nor needs the restart warning.
  // A warning, answered with a note: said as "ok" it was a line no screen showed, and the wizard read
  // "Ready to refill" then "Pump updated" over a pump that still delivers nothing (withdrawal,
  // docs/clinical-reference.md §2), as the dose change on a stopped pump already warns (titrate.ts).
  if (input.snapshot.status.suspended) {
    reasons.push(
      progReason(
        'ITB_R_PROG_DELIVERY_STOPPED',
        'warn',
        'delivery is stopped and stays stopped after the refill: the patient receives no drug until a physician ' +
          'resumes it with the restart plan; the dates below count from a resume',
      ),
    );
  } else {
    const restart = restartReason(input, fill);
    if (restart !== null) reasons.push(restart);
  }
  const lead = (input.bookingLeadDays ?? BOOKING_LEAD_DAYS.value) * MS_PER_DAY;
  const bookAt = projection.refillBy === null ? null : Math.max(input.now, projection.refillBy - lead);
  const booking =
    bookAt === null || projection.refillBy === null
      ? progReason('ITB_R_PROG_NO_REFILL_DATE', 'warn', 'no refill-by date: book the next visit by hand')
      : withTimes(
          progReason(
            'ITB_R_PROG_NEXT_REFILL',
            'ok',
            `refill by ${new Date(projection.refillBy).toISOString()}; booked for ${new Date(bookAt).toISOString()} ` +
              `[${BOOKING_LEAD_DAYS.source}]`,
          ),
          { refillBy: projection.refillBy, bookedFor: bookAt },
        );
  const lasting = fillDoesNotLast(fill, projection, input.snapshot.status.pumpTime);
  return { newPrescription, bridge, projection, bookAt, reasons, booking: [booking, ...lasting] };
}

/**
 * A warning (to be justified) when the fill is due for its next refill the moment it is injected: its
 * refill-by date (the low-reservoir alarm's margin, docs/clinical-reference.md §3) is at or before the fill.
 * Such a volume is most often a slip — 2 mL typed for 20 — that would leave the pump alarming within days
 * and the next visit booked for today; a fill meant to be that small (a bridge to a replacement) says why.
 */
function fillDoesNotLast(fill: RefillFill, projection: ReservoirProjection, filledAt: number): Reason[] {
  const { refillBy, lowAlarmAt } = projection;
  if (refillBy === null || refillBy > filledAt) return [];
  const alarm =
    lowAlarmAt === null ? '' : `; the low-reservoir alarm sounds ${new Date(lowAlarmAt).toISOString()}`;
  return [
    withTimes(
      progReason(
        'ITB_R_PROG_FILL_DOES_NOT_LAST',
        'warn',
        `a fill of ${formatVolume(fill.volume)} does not last: its refill-by date ${new Date(refillBy).toISOString()} ` +
          `is already due${alarm}. Check the volume to add (a slip for a full fill?), or name why a fill this small is meant`,
      ),
      lowAlarmAt === null ? { refillBy } : { refillBy, lowAlarmAt },
    ),
  ];
}

/** The drug and concentration a prescription names, or null for a stopped pump. */
function contentsOf(p: Prescription): Contents | null {
  return p.mode === 'stopped' ? null : p.drug;
}

/** What a syringe or a pump's reservoir holds. */
export interface Contents {
  readonly drug: DrugId;
  readonly concentration: NanogramsPerMl;
}

/**
 * The syringe-match rule: the syringe must hold what the prescription in force names — a physician's
 * prescription recorded in the chain (`prescribed`, null when none or stopped) — and, without one, what the
 * pump holds. A syringe unlike the pump passes only when the prescription names exactly its contents (the
 * refill then programs it, with its bridge); a syringe like the pump is refused when the prescription in
 * force names other contents, for the refill would leave the pump at a concentration no prescription names
 * (and the clinic's record refuses it after the pump was filled). The concentration in the pump never
 * changes as a side effect of a refill: a mistaken strength multiplies or divides the dose
 * (wrong-concentration hazard, docs/clinical-reference.md §3; Lioresal Intrathecal label §2,
 * concentrations). Returns the refusal's message and reason, or undefined when the syringe matches (or
 * neither the prescription's nor the pump's contents are known).
 */
export function syringeMismatch(
  fill: Contents,
  pump: Contents | undefined,
  prescribed: () => Contents | null,
): { readonly message: string; readonly reason: Reason } | undefined {
  const same = (c: Contents) => c.drug === fill.drug && c.concentration === fill.concentration;
  const inForce = prescribed();
  if (inForce === null ? pump === undefined || same(pump) : same(inForce)) return;
  return mismatch(fill, pump, inForce);
}

const contentsText = (c: Contents) => `${c.drug} ${concentrationText(c.concentration, c.drug)}`;

/** The refusal of `fill`: refill with the prescription's contents, else the pump's. */
function mismatch(
  fill: Contents,
  pump: Contents | undefined,
  inForce: Contents | null,
): { readonly message: string; readonly reason: Reason } {
  const fillText = contentsText(fill);
  const pumpText = pump === undefined ? 'unknown contents' : contentsText(pump);
  const rxText = inForce === null ? 'none' : contentsText(inForce);
  const pending = inForce !== null && pump !== undefined && rxText !== pumpText;
  return {
    message: pending
      ? `the syringe holds ${fillText} but the prescription in force names ${rxText} (the pump holds ${pumpText}): ` +
        `refill with ${rxText}, or the physician changes the prescription first`
      : `the syringe holds ${fillText} but the pump holds ${pumpText}: refill with ${inForce === null ? pumpText : rxText}. ` +
        'A new drug or concentration needs a physician’s prescription naming it first (the refill then programs it with its bridge)',
    reason: progReason(
      'ITB_R_PROG_CONCENTRATION_MISMATCH',
      'block',
      `syringe ${fillText} ≠ ${pending ? 'prescription' : 'pump'} ${pending ? rxText : pumpText}; prescription in force: ${rxText}`,
    ),
  };
}

/**
 * Refuses (ITB_E_PROG_REFILL_CONTENTS_MISMATCH) a syringe that does not match the pump or the prescription in
 * force ({@link syringeMismatch}); the error names exactly the syringe's contents.
 */
export function assertSyringeMatches(input: RefillPlanInput): void {
  const { fill, snapshot, head } = input;
  if (fill === undefined) return;
  const { drug, concentration } = snapshot.status;
  const mismatch = syringeMismatch(fill, drug === undefined ? undefined : { drug, concentration }, () =>
    head === null ? null : contentsOf(prescriptionFromJson(head.prescription)),
  );
  if (mismatch !== undefined)
    throw new ItbError('ITB_E_PROG_REFILL_CONTENTS_MISMATCH', mismatch.message, {
      reasons: [mismatch.reason],
    });
}

/**
 * Evaluates the checklist in order: every step after the first not done is `not-reached`. Throws
 * ITB_E_PROG_REFILL_CONTENTS_MISMATCH first when the syringe does not match ({@link assertSyringeMatches}).
 */
export function planRefill(input: RefillPlanInput): RefillPlan {
  assertSyringeMatches(input);
  const s = input.snapshot.status;
  const busy = s.bolus !== undefined;
  const checks: [RefillStep, () => Check][] = [
    [
      'interrogate',
      () =>
        busy
          ? stopped(
              progReason('ITB_R_PROG_PUMP_STATE', 'block', `a ${s.bolus} is running: wait before refilling`),
            )
          : done(...batteryReasons(s.alarms, input.battery ?? null)),
    ],
    [
      'locate-fill-port',
      () =>
        input.fillPortLocated === true
          ? done()
          : waiting(pending('locate-fill-port', 'template or ultrasound')),
    ],
    [
      'needle-at-stop',
      () =>
        input.needleAtStop === true
          ? done()
          : waiting(pending('needle-at-stop', 'through the septum to the needle stop')),
    ],
    ['drain-and-compare', () => reconcileCheck(input).check],
    [
      'check-leaks',
      () =>
        input.noLeak === undefined
          ? waiting(pending('check-leaks', 'check for leaks'))
          : input.noLeak
            ? done()
            : stopped(
                progReason('ITB_R_PROG_LEAK_FOUND', 'block', 'a leak was found: do not refill; investigate'),
              ),
    ],
    ['inject-reservoir-port', () => fillChecks(input)],
  ];
  const steps: StepResult[] = [];
  let next: RefillStep | 'ready' = 'ready';
  for (const [step, check] of checks) {
    if (next !== 'ready') {
      steps.push({ step, state: 'not-reached', reasons: [] });
      continue;
    }
    const c = check();
    steps.push({ step, ...c });
    if (c.state !== 'done') next = step;
  }
  const reconciliation = input.measuredResidual === undefined ? null : reconcileCheck(input).result;
  const gate = steps.flatMap((x) => x.reasons);
  const stoppedAny = steps.some((x) => x.state === 'stopped');
  if (next !== 'ready' || input.fill === undefined) {
    steps.push({ step: 'update-pump', state: 'not-reached', reasons: [] });
    steps.push({ step: 'book-next-refill', state: 'not-reached', reasons: [] });
    return {
      input,
      steps,
      next,
      stopped: stoppedAny,
      reconciliation,
      newPrescription: null,
      bridge: null,
      projection: null,
      bookAt: null,
      diff: [],
      guardrail: verdictOf(gate),
    };
  }
  const u = updatePlan(input, input.fill);
  steps.push({
    step: 'update-pump',
    state: 'planned',
    reasons: [...u.reasons, ...(u.bridge?.reasons ?? [])],
  });
  steps.push({ step: 'book-next-refill', state: 'planned', reasons: u.booking });
  const before = {
    drug: s.drug ?? null,
    concentration: s.concentration,
    reservoir: s.reservoir,
    prescription: prescriptionToJson(input.snapshot.prescription),
  };
  const after = {
    drug: input.fill.drug,
    concentration: input.fill.concentration,
    reservoir: input.fill.volume,
    prescription: prescriptionToJson(u.newPrescription ?? input.snapshot.prescription),
  };
  const guardrail = verdictOf([...gate, ...u.reasons, ...u.booking]);
  return {
    input,
    steps,
    next: guardrail.verdict === 'block' ? 'update-pump' : 'ready',
    stopped: guardrail.verdict === 'block',
    reconciliation,
    newPrescription: u.newPrescription,
    bridge: u.bridge,
    projection: u.projection,
    bookAt: u.bookAt,
    diff: diffJson(before, after),
    guardrail,
  };
}
