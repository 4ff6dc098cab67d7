/**
 * The three changes the programmer CLI can make — program, refill, bolus — each as: the therapy guardrails
 * run against what the pump holds now, the pending-vs-current review, the typed link command
 * (compare-and-set on the interrogated state version where the command has one), and the read-back check
 * that the pump now holds exactly what was sent. Pure apart from the flags it parses.
 */
import { bolusChecks } from '../programmer/bolus.ts';
import type { Command as LinkCommand, CommandId } from '../link/commands.ts';
import type { AlarmRecord, LogEntry, PumpStatus } from '../link/status-codec.ts';
import { ItbError } from '../therapy/codes.ts';
import { checkConcentrationForDrug, checkDoseForDrug } from '../therapy/dose-check.ts';
import { dailyDose } from '../therapy/dose-math.ts';
import { getDrug, populationOf } from '../therapy/drug-library.ts';
import type { DrugEntry } from '../therapy/drug.ts';
import type { Prescription } from '../therapy/prescription.ts';
import {
  doseToFlow,
  millis,
  MS_PER_DAY,
  MS_PER_MINUTE,
  nanolitres,
  volumeForMass,
} from '../therapy/quantities.ts';
import { reconcileResidual } from '../therapy/reconcile.ts';
import { checkTitration } from '../therapy/titration.ts';
import type { GuardrailResult } from '../therapy/verdict.ts';
import { concentrationFlag, doseFlag, massFlag, originFlag } from './dose-flags.ts';
import { choiceFlag, numberFlag, volumeFlag } from './parse.ts';
import { combine, labelOf, mcgOf, mlOf, type Review } from './programmer-review.ts';
import type { Applied } from './programmer-session.ts';

type Flags = Record<string, string | boolean | undefined>;
const str = (f: Flags, flag: string): string | undefined => {
  const v = f[flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
  return typeof v === 'string' ? v : undefined;
};

/** What an interrogation returned (prescription, alarms and log: clinician only). */
export interface Snapshot {
  readonly status: PumpStatus;
  readonly prescription: Prescription | undefined;
  readonly alarms: readonly AlarmRecord[] | undefined;
  readonly log: { readonly nextSeq: number; readonly entries: readonly LogEntry[] } | undefined;
}

export interface Change {
  readonly review: Review;
  readonly command: LinkCommand;
  /** Throws ITB_E_PROGRAMMER_READBACK_MISMATCH unless `after` shows the change; returns what it checked. */
  readonly verify: (
    before: Snapshot,
    after: Snapshot,
    applied: Applied,
  ) => Record<string, unknown> & { readonly verified: true };
}

const mismatch = (what: string, details: Record<string, unknown>) =>
  new ItbError(
    'ITB_E_PROGRAMMER_READBACK_MISMATCH',
    `read back after ${what} does not match what was sent`,
    details,
  );

const doseText = (
  p: Prescription | undefined,
  fallbackNgPerDay: number,
  drug: string | null | undefined,
): string =>
  p === undefined
    ? `${labelOf(fallbackNgPerDay, drug, '/day')} (delivering)`
    : p.mode === 'stopped'
      ? 'stopped'
      : labelOf(dailyDose(p), p.drug.drug, '/day');

/** The current daily dose for titration: the programmed one, or what the pump delivers if it cannot be read. */
const currentDose = (s: Snapshot): number =>
  s.prescription === undefined ? s.status.doseRate : dailyDose(s.prescription);

/** Dose range (for the population) and titration step against the current dose. */
function doseGuardrails(f: Flags, drug: DrugEntry, dose: number, current: number): GuardrailResult {
  const origin = originFlag(str(f, 'origin'), drug);
  const ageText = str(f, 'age-years');
  const age = ageText === undefined ? undefined : numberFlag(ageText, '--age-years', 0, 120);
  const since = str(f, 'hours-since-last-change');
  const status = str(f, 'opioid-status');
  const range = checkDoseForDrug(drug, dose, populationOf(origin, age));
  const titration = checkTitration({
    current: current as never,
    proposed: dose as never,
    origin,
    phase: choiceFlag(str(f, 'phase') ?? 'titration', '--phase', ['titration', 'maintenance'] as const),
    drug,
    ...(age === undefined ? {} : { ageYears: age }),
    ...(status === undefined
      ? {}
      : { opioidStatus: choiceFlag(status, '--opioid-status', ['naive', 'tolerant'] as const) }),
    ...(since === undefined
      ? {}
      : { hoursSinceLastChange: numberFlag(since, '--hours-since-last-change', 0, 1e6) }),
  });
  return combine(range, titration);
}

const samePrescription = (a: Prescription, b: Prescription): boolean =>
  JSON.stringify(canon(a)) === JSON.stringify(canon(b));
const canon = (p: Prescription) =>
  p.mode === 'stopped'
    ? { mode: p.mode }
    : {
        mode: p.mode,
        drug: p.drug.drug,
        concentration: p.drug.concentration,
        dose: dailyDose(p),
        raw: p.mode === 'flex' ? p.schedule : null,
      };

/**
 * The drug a change is for: `--drug` as typed, else the drug the pump holds. Never a default: a refill
 * that took baclofen when `--drug` was left out turned a morphine pump's refill into a drug change the
 * nurse had not asked for, and a bare `--dose` would have been read in another drug's unit.
 */
function drugOf(f: Flags, pumpDrug: string | undefined): DrugEntry {
  const id = str(f, 'drug') ?? pumpDrug;
  if (id === undefined) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      'the pump holds no known drug: give --drug (and --concentration); nothing was changed',
    );
  }
  return getDrug(id);
}

/** The drug and strength of the programme in force (none when there is none or the pump is stopped). */
const prescribedDrug = (s: Snapshot) =>
  s.prescription !== undefined && s.prescription.mode !== 'stopped' ? s.prescription.drug : undefined;

/** `itb programmer program`: a simple continuous daily dose. */
export function programChange(f: Flags, s: Snapshot, newId: () => CommandId): Change {
  const cur = s.prescription;
  const curDrug = prescribedDrug(s);
  const drug = drugOf(f, curDrug?.drug ?? s.status.drug);
  const concText = str(f, 'concentration');
  const concentration =
    concText !== undefined
      ? checkConcentrationForDrug(drug, concentrationFlag(concText, '--concentration', drug.id))
      : (curDrug?.concentration ?? (s.status.concentration > 0 ? s.status.concentration : undefined));
  if (concentration === undefined) {
    throw new ItbError('ITB_E_INVALID_INPUT', 'the pump holds no known drug: give --concentration');
  }
  const dose = doseFlag(str(f, 'dose'), '--dose', drug.id);
  const checks = doseGuardrails(f, drug, dose, currentDose(s));
  const prescription: Prescription = {
    mode: 'simple-continuous',
    drug: { drug: drug.id, concentration },
    dose,
  };
  const curFlow = s.status.flow;
  const review: Review = {
    action: 'program',
    rows: [
      { field: 'mode', current: cur?.mode ?? s.status.mode, pending: 'simple-continuous' },
      { field: 'drug', current: curDrug?.drug ?? s.status.drug ?? '—', pending: drug.id },
      {
        field: 'concentration',
        current: labelOf(
          curDrug?.concentration ?? s.status.concentration,
          curDrug?.drug ?? s.status.drug,
          '/mL',
        ),
        pending: labelOf(concentration, drug.id, '/mL'),
      },
      {
        field: 'daily dose',
        current: doseText(cur, s.status.doseRate, s.status.drug),
        pending: labelOf(dose, drug.id, '/day'),
      },
      {
        field: 'flow',
        current: `${mlOf(curFlow)} mL/day`,
        pending: `${mlOf(doseToFlow(dose, concentration))} mL/day`,
      },
      {
        field: 'state version (compare-and-set)',
        current: String(s.status.stateVersion),
        pending: String(s.status.stateVersion),
      },
    ],
    ...checks,
  };
  const command: LinkCommand = {
    op: 'program',
    commandId: newId(),
    expectedVersion: s.status.stateVersion,
    prescription,
    patientBolus: undefined,
  };
  return {
    review,
    command,
    verify: (_before, after, applied) => {
      const held = after.prescription;
      if (held === undefined || !samePrescription(held, prescription)) {
        throw mismatch('program', { sent: prescription, held: held ?? null });
      }
      if (after.status.stateVersion < applied.stateVersion)
        throw mismatch('program', { applied: applied.stateVersion });
      return {
        verified: true,
        prescription: `${labelOf(dose, drug.id, '/day')} at ${labelOf(concentration, drug.id, '/mL')} ${drug.id}`,
      };
    },
  };
}

/** `itb programmer refill`: reconcile the measured residual against the calculated one, then record the fill. */
export function refillChange(f: Flags, s: Snapshot, newId: () => CommandId): Change {
  const drug = drugOf(f, s.status.drug ?? prescribedDrug(s)?.drug);
  const concentration = checkConcentrationForDrug(
    drug,
    concentrationFlag(str(f, 'concentration'), '--concentration', drug.id),
  );
  const volume = volumeFlag(str(f, 'volume-ml'), '--volume-ml');
  const measured = volumeFlag(str(f, 'measured-residual-ml'), '--measured-residual-ml', true);
  const size = volumeFlag(str(f, 'reservoir-ml') ?? '20', '--reservoir-ml');
  if (volume > size) {
    throw new ItbError(
      'ITB_E_OUT_OF_RANGE',
      `--volume-ml ${mlOf(volume)} exceeds the ${mlOf(size)} mL reservoir: do not overfill`,
    );
  }
  const expected = s.status.reservoir;
  const rec = reconcileResidual({ reservoirSize: size, expected, measured, drug: s.status.drug ?? null });
  const changes = s.status.drug !== drug.id || s.status.concentration !== concentration;
  const doseFlagText = str(f, 'dose');
  let prescription: Prescription | undefined;
  let checks: GuardrailResult = rec;
  if (doseFlagText !== undefined) {
    const dose = doseFlag(doseFlagText, '--dose', drug.id);
    prescription = { mode: 'simple-continuous', drug: { drug: drug.id, concentration }, dose };
    checks = combine(rec, doseGuardrails(f, drug, dose, currentDose(s)));
  }
  const review: Review = {
    action: 'refill',
    rows: [
      { field: 'drug', current: s.status.drug ?? 'unknown', pending: drug.id },
      {
        field: 'concentration',
        current: labelOf(s.status.concentration, s.status.drug, '/mL'),
        pending: labelOf(concentration, drug.id, '/mL'),
      },
      {
        field: 'residual',
        current: `${mlOf(expected)} mL calculated`,
        pending: `${mlOf(measured)} mL measured (${rec.view.discrepancyMl} mL)`,
      },
      { field: 'reservoir', current: `${mlOf(expected)} mL`, pending: `${mlOf(volume)} mL` },
      {
        field: 'prescription',
        current: doseText(s.prescription, s.status.doseRate, s.status.drug),
        pending:
          prescription === undefined
            ? `${doseText(s.prescription, s.status.doseRate, s.status.drug)}${changes ? ' (the pump may require --dose: new drug/strength)' : ''}`
            : doseText(prescription, 0, drug.id),
      },
    ],
    ...checks,
  };
  const command: LinkCommand = {
    op: 'refill',
    commandId: newId(),
    expectedVersion: s.status.stateVersion,
    drug: drug.id,
    concentration,
    volumeAdded: volume,
    newVolume: volume,
    drainedVolume: measured,
    prescription,
  };
  return {
    review,
    command,
    verify: (before, after) => {
      const st = after.status;
      // The pump keeps delivering between the fill and the read-back: allow what the programmed flow and a
      // running bolus can deliver in the pump time that passed, plus a few strokes (≤ 2 µL each).
      const elapsed = Math.max(0, st.pumpTime - before.status.pumpTime);
      const allowance =
        Math.ceil((st.flow * elapsed) / MS_PER_DAY) +
        st.bolusRemaining +
        before.status.bolusRemaining +
        10_000;
      const ok =
        st.drug === drug.id &&
        st.concentration === concentration &&
        st.reservoir <= volume &&
        st.reservoir >= volume - allowance;
      if (!ok) throw mismatch('refill', { sent: { drug: drug.id, concentration, volume }, held: st });
      if (
        prescription !== undefined &&
        (after.prescription === undefined || !samePrescription(after.prescription, prescription))
      ) {
        throw mismatch('refill', { sent: prescription, held: after.prescription ?? null });
      }
      return {
        verified: true,
        drug: drug.id,
        concentrationMcgPerMl: mcgOf(concentration),
        reservoirMl: mlOf(st.reservoir),
      };
    },
  };
}

/** `itb programmer bolus`: a single bolus, capped by the drug library's single-bolus maximum. */
export function bolusChange(f: Flags, s: Snapshot, newId: () => CommandId): Change {
  const amount = massFlag(str(f, 'dose'), '--dose', s.status.drug);
  const minutes = numberFlag(str(f, 'duration-minutes') ?? '60', '--duration-minutes', 1, 1440);
  // The one bolus rule (programmer/bolus.ts): a pump that reports no drug is blocked, never given a default cap.
  const checks = bolusChecks(s.status, amount);
  const conc = s.status.concentration;
  const volume = conc > 0 ? volumeForMass(amount, conc) : nanolitres(0);
  const review: Review = {
    action: 'bolus',
    rows: [
      {
        field: 'bolus',
        current: s.status.bolus ?? 'none running',
        pending: `${labelOf(amount, s.status.drug)} over ${minutes} min`,
      },
      {
        field: 'volume',
        current: `${mlOf(s.status.reservoir)} mL in reservoir`,
        pending: `${mlOf(volume)} mL at ${labelOf(conc, s.status.drug, '/mL')}`,
      },
    ],
    verdict: checks.verdict,
    reasons: checks.reasons,
  };
  const command: LinkCommand = {
    op: 'single-bolus',
    commandId: newId(),
    amount,
    duration: millis(minutes * MS_PER_MINUTE),
  };
  return {
    review,
    command,
    verify: (before, after) => {
      const running = after.status.bolus === 'single-bolus';
      const completed =
        after.log?.entries.some(
          (e) => e.seq >= (before.log?.nextSeq ?? 0) && e.type === 'bolus-completed',
        ) === true;
      if (!running && !completed) throw mismatch('bolus', { held: after.status });
      return {
        verified: true,
        bolus: running ? 'running' : 'completed',
        remainingMl: mlOf(after.status.bolusRemaining),
      };
    },
  };
}
