/**
 * The refill wizard's state and actions, apart from its screens. The state survives a reload and the
 * browser's Back (sessionStorage, keyed by patient: another tab's patient never fills this one's), and
 * leaving with unfinished work asks first (router.ts useLeaveGuard). The fill is pre-filled from the pump's
 * own interrogation — its drug and concentration, a full reservoir — never from a fixed guess, so a syringe
 * that differs from the pump stands out as a change the clinician made.
 */
import { useEffect, useState } from 'react';
import { apiToInputNumber } from '../../../src/therapy/dose-input.ts';
import { api, ApiError, type PrescriptionJson, type Reason, type Verdict } from '../api.ts';
import { planWritten } from '../plan-written.ts';
import { textAfterDrugChange } from '../drug-bound-input.ts';
import { shownErrors } from '../field-errors.ts';
import { NG_PER_MCG, NL_PER_ML } from '../format.ts';
import type { WriteOutcome } from '../outcome-view.tsx';
import type { BridgeView, PlanStep, Projection } from '../refill-plan-view.tsx';
import { useLeaveGuard } from '../router.ts';
import { usePumpAction } from '../use-pump-action.ts';
import { refillFields } from './refill-fields.ts';
import { keepUnfinished, restoreUnfinished } from '../unfinished-work.ts';

export const CHECKS = [
  ['portLocated', 'Refill port located by template (not the catheter access port)'],
  ['needleAtStop', 'Needle through the septum, resting on the needle stop'],
  ['residualDrained', 'Residual drug fully drained and its volume measured'],
  ['noLeak', 'No leak and no swelling at the pocket'],
  ['reservoirPortConfirmed', 'Reservoir port confirmed by aspiration before injecting'],
] as const;
export type CheckKey = (typeof CHECKS)[number][0];

export const STEPS = ['interrogate', 'checks', 'measure', 'plan', 'done'] as const;
export type WizardStep = (typeof STEPS)[number];

export interface RefillPlan {
  readonly planId: string;
  readonly steps?: readonly PlanStep[];
  readonly stopped?: boolean;
  readonly reconciliation?: { readonly verdict?: Verdict; readonly reasons?: readonly Reason[] } | null;
  readonly bridge?: { readonly view: BridgeView } | null;
  readonly projection?: Projection | null;
  readonly bookAt?: number | null;
  readonly guardrail?: { readonly verdict?: Verdict; readonly reasons?: readonly Reason[] };
}

export type Snapshot = Record<string, unknown>;

interface WizardState {
  readonly step: WizardStep;
  readonly snapshot: Snapshot | null;
  readonly checks: Readonly<Record<CheckKey, boolean>>;
  readonly residual: string;
  readonly volume: string;
  /** The syringe's drug as its label says (a drug library id), pre-filled from the pump like `conc`. */
  readonly drug: string;
  readonly conc: string;
  readonly lot: string;
  readonly explanation: string;
  /** The note the plan's warnings are answered with (ERI, a restart after an interruption): the justification. */
  readonly note: string;
  readonly plan: RefillPlan | null;
  readonly applied: WriteOutcome | null;
  /**
   * The server's refusal of these measurements, at their fields (by input id) and at the top: kept with
   * the values, so a reload shows every error the screen had while the values it refused stand (editing a
   * field clears its error).
   */
  readonly fieldErrors: Readonly<Record<string, string>>;
  readonly refusal: string | null;
}

const EMPTY: WizardState = {
  step: 'interrogate',
  snapshot: null,
  checks: {
    portLocated: false,
    needleAtStop: false,
    residualDrained: false,
    noLeak: false,
    reservoirPortConfirmed: false,
  },
  residual: '',
  volume: '',
  drug: '',
  conc: '',
  lot: '',
  explanation: '',
  note: '',
  plan: null,
  applied: null,
  fieldErrors: {},
  refusal: null,
};

/** The measurement fields, and the input id each one's refusal is kept under. */
const MEASURED = {
  residual: 'residual',
  volume: 'volume',
  drug: 'drug',
  conc: 'conc',
  lot: 'lot',
  explanation: 'expl',
} as const;
type MeasuredField = keyof typeof MEASURED;

/**
 * `next` without the refusals of the fields whose value differs from `old` (a field typed in, or the
 * concentration a drug change emptied); the refusal at the top goes with the last field error it named.
 */
function withoutStaleErrors(old: WizardState, next: WizardState): WizardState {
  const fieldErrors = { ...next.fieldErrors };
  for (const [k, id] of Object.entries(MEASURED)) {
    if (old[k as MeasuredField] !== next[k as MeasuredField]) fieldErrors[id] = '';
  }
  const refusal = Object.values(fieldErrors).some((m) => m !== '') ? next.refusal : null;
  return { ...next, fieldErrors, refusal };
}

function restore(patientId: string): WizardState {
  const kept = restoreUnfinished('refill-wizard', patientId);
  return kept === null || typeof kept !== 'object' ? EMPTY : { ...EMPTY, ...(kept as Partial<WizardState>) };
}

/** What the pump holds, in the wizard's units: drug, mcg/mL (the link sends ng/mL). */
export function pumpContents(snapshot: Snapshot | null): {
  drug: string | null;
  concentrationMcgPerMl: number | null;
} {
  const status = (snapshot?.['status'] ?? {}) as Record<string, unknown>;
  const c = status['concentration'];
  return {
    drug: typeof status['drug'] === 'string' ? status['drug'] : null,
    concentrationMcgPerMl: typeof c === 'number' ? c / NG_PER_MCG : null,
  };
}

/** What the prescription in force names for the syringe, when it is not what the pump holds; else null. */
export function contentsChange(
  pump: ReturnType<typeof pumpContents>,
  prescribed: PrescriptionJson | null,
): { readonly drug: string; readonly concentrationMcgPerMl: number } | null {
  if (prescribed === null || prescribed.mode === 'stopped') return null;
  if (pump.drug === null || pump.concentrationMcgPerMl === null) return null;
  const { drug, concentrationMcgPerMl } = prescribed;
  return drug === pump.drug && concentrationMcgPerMl === pump.concentrationMcgPerMl
    ? null
    : { drug, concentrationMcgPerMl };
}

/**
 * Whether the plan says the pump the clinic stopped stays stopped after this refill (refill-plan.ts
 * `ITB_R_PROG_DELIVERY_STOPPED`): only a resume restarts it, so the last step never reads "Pump updated"
 * as if delivery went on.
 */
export const staysStopped = (plan: RefillPlan | null): boolean =>
  plan?.guardrail?.reasons?.some((r) => r.code === 'ITB_R_PROG_DELIVERY_STOPPED') ?? false;

/** The drug the syringe's label names: the one chosen, else (pre-filled) the pump's. */
export const syringeDrug = (s: {
  readonly drug: string;
  readonly snapshot: Snapshot | null;
}): string | null => (s.drug === '' ? pumpContents(s.snapshot).drug : s.drug);

/**
 * The wizard for one patient; `capacityNl` is the implanted pump's reservoir (a full fill by default);
 * `prescribed` the prescription in force (null until known or when none).
 */
export function useRefillWizard(
  patientId: string,
  capacityNl: number | null,
  prescribed: PrescriptionJson | null,
) {
  const P = `/api/v1/patients/${encodeURIComponent(patientId)}`;
  const [s, setS] = useState<WizardState>(() => restore(patientId));
  /** True when the wizard was brought back from earlier in this tab (said on screen, with Start over). */
  const [restored, setRestored] = useState(() => s.snapshot !== null);
  const action = usePumpAction('No pump link on this server: the refill wizard is unavailable.');

  useEffect(() => {
    keepUnfinished('refill-wizard', patientId, s.step === 'done' || s.snapshot === null ? null : s);
  }, [s, patientId]);

  // A full reservoir once both the pump is read and the implant known (either may answer first).
  useEffect(() => {
    if (capacityNl === null || s.snapshot === null) return;
    setS((old) => (old.volume === '' ? { ...old, volume: String(capacityNl / NL_PER_ML) } : old));
  }, [capacityNl, s.snapshot]);

  useLeaveGuard(
    s.snapshot !== null && s.step !== 'done'
      ? 'The refill is not finished: leave the wizard? What you entered stays in this tab.'
      : null,
  );

  const set = (patch: Partial<WizardState>) => setS((old) => ({ ...old, ...patch }));
  const setField = (k: MeasuredField, v: string) =>
    setS((old) => {
      // Another syringe drug empties the concentration typed for the one before (drug-bound-input.ts).
      const conc =
        k === 'drug' ? textAfterDrugChange(old.conc, syringeDrug(old), v === '' ? null : v) : old.conc;
      return withoutStaleErrors(old, { ...old, conc, [k]: v });
    });

  const interrogate = () =>
    action.run(async () => {
      const { snapshot } = await api.post<{ snapshot: Snapshot }>(`${P}/pump/interrogate`);
      const pump = pumpContents(snapshot);
      // A refill that brings in other contents than the pump's (a prescribed change) is filled from the
      // syringe's label: the pump's old strength pre-filled would stand for the new drug in the syringe.
      const change = contentsChange(pump, prescribed);
      setS((old) => {
        // Pre-filled from the pump; what the clinician already typed is kept, and the pump's strength is
        // never put beside another drug chosen for the syringe (drug-bound-input.ts).
        const drug = old.drug !== '' ? old.drug : (change?.drug ?? pump.drug ?? '');
        const conc =
          old.conc === '' && change === null && pump.concentrationMcgPerMl !== null && drug === pump.drug
            ? apiToInputNumber(pump.concentrationMcgPerMl, pump.drug)
            : old.conc;
        // The refusal compared the syringe with the reading before: a new reading takes it away.
        return { ...old, snapshot, drug, conc, fieldErrors: {}, refusal: null };
      });
    });

  const makePlan = (body: Record<string, unknown>) =>
    action.run(async () => {
      set({ fieldErrors: {}, refusal: null });
      try {
        const p = await api.post<RefillPlan>(`${P}/pump/refill/plan`, body);
        set({ plan: p, step: 'plan', note: '' });
      } catch (e) {
        // A syringe of another drug is refused at the drug, one of another strength at the concentration.
        const pumpDrug = pumpContents(s.snapshot).drug;
        const otherDrug = typeof body['drug'] === 'string' && pumpDrug !== null && body['drug'] !== pumpDrug;
        const shown = shownErrors(e, refillFields(syringeDrug(s)), {
          ITB_E_PROG_REFILL_CONTENTS_MISMATCH: otherDrug ? 'drug' : 'concentrationMcgPerMl',
        });
        if (Object.keys(shown.byField).length === 0) throw e;
        // Kept with the fields it names (not as the action's error): correcting them takes it away.
        set({
          fieldErrors: shown.byField,
          refusal: `Stopped — ${shown.general ?? 'not planned: correct the marked fields.'}`,
        });
      }
    });

  const apply = () =>
    action.run(async () => {
      if (s.plan === null) return;
      const note = s.note.trim();
      try {
        const applied = await api.post<WriteOutcome>(`${P}/pump/refill/apply`, {
          planId: s.plan.planId,
          confirm: true,
          ...(note === '' ? {} : { justification: note }),
        });
        set({ applied, step: 'done' });
      } catch (e) {
        // A plan made before another refill of this pump can never be confirmed, and one already written
        // (its answer lost, then confirmed again after a reload) must not be offered again: it goes, with
        // the reading and measurements it answered, and the refusal says which; a next refill starts from a
        // new interrogation.
        if (e instanceof ApiError && (e.code === 'ITB_E_PROG_PLAN_STALE' || planWritten(e))) {
          setS(EMPTY);
          setRestored(false);
        }
        throw e;
      }
    });

  const setNote = (note: string) => set({ note });

  const goTo = (step: WizardStep) => {
    // An action's error answered the screen it was made on: another step does not carry it.
    action.setError(null);
    // A plan answers the measurements it was made from: going back before it drops it.
    set(STEPS.indexOf(step) < STEPS.indexOf('plan') ? { step, plan: null } : { step });
  };

  const startOver = () => {
    setS(EMPTY);
    setRestored(false);
  };

  return {
    ...s,
    ...action,
    restored,
    /** The implanted pump's reservoir, nL (null until the implant is known): what a typed volume must fit. */
    capacityNl,
    // A refusal restored from before a reload is shown as it was (the action's own error is this tab's);
    // it is said beside the measurements it refused, never over another step.
    error: action.error ?? (s.step === 'measure' ? s.refusal : null),
    set,
    setField,
    interrogate,
    makePlan,
    setNote,
    apply,
    goTo,
    startOver,
  };
}
