/**
 * Programming's state and actions: the prescription in force and when it was made (on the server's clock),
 * the pump's snapshot, the proposal typed as one dose or a flex schedule, its LIVE review by the server's
 * own pure code (rules and titration step, worst weekday), the server's plan, the write and the pump's
 * read-back after it.
 */
import { fetchServerNow } from '../use-server-now.ts';
import { useEffect, useMemo, useState } from 'react';
import { rulesAgeOf } from '../../../src/clinic/patient-age.ts';
import { ItbError } from '../../../src/therapy/codes.ts';
import { reviewPrescriptionChange } from '../../../src/therapy/prescription-change.ts';
import { prescriptionFromJson, type PrescriptionJson } from '../../../src/therapy/prescription-json.ts';
import { MS_PER_HOUR } from '../../../src/therapy/quantities.ts';
import type { TitrationPhase } from '../../../src/therapy/titration.ts';
import { inputToMcg } from '../../../src/therapy/dose-input.ts';
import { api, errorText, isMissingRoute, type Patient, type PrescriptionRecord } from '../api.ts';
import type { Plan } from '../FinishPanel.tsx';
import {
  draftFromPrescription,
  prescriptionFromDraft,
  type FieldError,
  type FlexDraft,
} from '../flex-draft.ts';
import type { WriteOutcome } from '../outcome-view.tsx';
import { parsed } from '../parsed.ts';
import { planWritten } from '../plan-written.ts';
import { keepUnfinished, restoreUnfinished } from '../unfinished-work.ts';
import { planVerdict } from '../../../src/programmer/plan-verdict.ts';

export type Mode = 'continuous' | 'flex';

/** The prescription in force as the page had it, and as it is now (another session changed it). */
export interface HeadChange {
  readonly before: PrescriptionJson | null;
  readonly now: PrescriptionRecord | null;
}

/** What the editor proposes: a whole prescription, or the fields that do not parse. */
export type Proposal =
  | { readonly ok: true; readonly prescription: PrescriptionJson }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/** A continuous dose typed in the dose field, with the drug and concentration the pump holds now. */
function continuousProposal(head: PrescriptionJson, dose: string): Proposal | null {
  if (dose.trim() === '' || head.mode === 'stopped') return null;
  // A bare number is in the drug's label unit (mg/day for morphine), converted exactly to mcg/day.
  const q = parsed(() => inputToMcg(dose, 'dose-rate', head.drug));
  if (!q.ok) return { ok: false, errors: [{ field: 'dose', message: q.message }] };
  return {
    ok: true,
    prescription: {
      mode: 'simple-continuous',
      drug: head.drug,
      concentrationMcgPerMl: head.concentrationMcgPerMl,
      doseMcgPerDay: q.value,
    },
  };
}

/** The change typed and not yet sent: kept over a reload (unfinished-work.ts), as the refill wizard is. */
interface TypedChange {
  readonly mode: Mode;
  readonly dose: string;
  readonly draft: FlexDraft | null;
  readonly phase: TitrationPhase;
  readonly justification: string;
  readonly cnsReviewed: boolean;
}

const keptChange = (patientId: string): TypedChange | null => {
  const kept = restoreUnfinished('programming', patientId);
  return kept !== null && typeof kept === 'object' && 'dose' in kept ? (kept as TypedChange) : null;
};

/** The programming page's state and actions (ProgrammingPage.tsx is its view). */
export function useProgramming(patientId: string) {
  const P = `/api/v1/patients/${encodeURIComponent(patientId)}`;
  /** The change this tab typed for the patient before a reload (null: none); said on screen. */
  const [kept] = useState(() => keptChange(patientId));
  const [patient, setPatient] = useState<Patient | null>(null);
  const [head, setHead] = useState<PrescriptionRecord | null>(null);
  /** The server's clock when `head` was read: "hours since the last change" runs on the server's clock. */
  const [asOf, setAsOf] = useState(0);
  /** When the chain's dose last changed, by the server (null: unknown, then the head's record time). */
  const [lastDoseChangeAt, setLastDoseChangeAt] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [snapshot, setSnapshot] = useState<Record<string, unknown> | null>(null);
  const [mode, setMode] = useState<Mode>(kept?.mode ?? 'continuous');
  const [dose, setDose] = useState(kept?.dose ?? '');
  const [draft, setDraft] = useState<FlexDraft | null>(kept?.draft ?? null);
  const [phase, setPhase] = useState<TitrationPhase>(kept?.phase ?? 'titration');
  const [plan, setPlan] = useState<Plan | null>(null);
  const [justification, setJustification] = useState(kept?.justification ?? '');
  /** The prescriber confirms the systemic CNS depressants were reviewed (opioids, ziconotide: H49). */
  const [cnsReviewed, setCnsReviewed] = useState(kept?.cnsReviewed ?? false);
  const [result, setResult] = useState<WriteOutcome | null>(null);
  /** The programme the pump reports after a write (undefined while it is read; null if it could not be). */
  const [readBack, setReadBack] = useState<PrescriptionJson | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  /** Another session's change to the prescription in force, found when this page's plan was made. */
  const [changedSince, setChangedSince] = useState<HeadChange | null>(null);

  /**
   * Reads the prescription in force (and when the dose last changed); answers the record read. `editor`:
   * the editor starts from it ('reset'), from the change kept over a reload, or keeps what is typed ('keep').
   */
  const loadHead = async (editor: 'reset' | 'keep' | TypedChange): Promise<PrescriptionRecord | null> => {
    const c = await api.get<{
      current: PrescriptionRecord | null;
      asOf?: number;
      lastDoseChangeAt?: number | null;
    }>(`${P}/prescriptions/current`);
    setHead(c.current);
    setAsOf(c.asOf ?? (await fetchServerNow()));
    setLastDoseChangeAt(c.lastDoseChangeAt ?? null);
    if (editor === 'keep') return c.current;
    const restored = editor === 'reset' ? null : editor;
    setDraft(restored?.draft ?? (c.current === null ? null : draftFromPrescription(c.current.prescription)));
    if (restored === null && c.current?.prescription.mode === 'flex') setMode('flex');
    return c.current;
  };

  useEffect(() => {
    Promise.all([api.get<Patient>(P), loadHead(kept ?? 'reset')]).then(
      ([p]) => setPatient(p),
      (e: unknown) => setError(errorText(e)),
    );
  }, [P]);

  /**
   * A change typed (a dose, a flex schedule edited from the one in force, a justification): the work a
   * reload, Back or a stray click would lose. A flex schedule shown as it runs is not one.
   */
  const typed = useMemo(
    () =>
      head !== null &&
      (dose.trim() !== '' ||
        justification.trim() !== '' ||
        (mode === 'flex' &&
          JSON.stringify(draft) !== JSON.stringify(draftFromPrescription(head.prescription)))),
    [head, dose, justification, mode, draft],
  );

  // Kept while a change is typed and not sent; dropped once the pump has answered it.
  useEffect(() => {
    if (head === null) return;
    keepUnfinished(
      'programming',
      patientId,
      result === null && typed ? { mode, dose, draft, phase, justification, cnsReviewed } : null,
    );
  }, [patientId, head, typed, mode, dose, draft, phase, justification, cnsReviewed, result]);

  const proposal: Proposal | null = useMemo(() => {
    if (head === null) return null;
    if (mode === 'continuous') return continuousProposal(head.prescription, dose);
    return draft === null ? null : prescriptionFromDraft(draft);
  }, [head, mode, dose, draft]);

  // LIVE: the same pure review the server runs (rules + titration step, worst weekday), on every keystroke.
  const live = useMemo(() => {
    if (proposal === null || !proposal.ok || patient === null || head === null || asOf === 0) return null;
    // The age on the server's day, from the birth date, as the server's gate takes it.
    const ageYears = rulesAgeOf(patient, asOf);
    try {
      const review = reviewPrescriptionChange({
        before: prescriptionFromJson(head.prescription),
        after: prescriptionFromJson(proposal.prescription),
        origin: patient.etiology,
        ageYears,
        // From the server's "dose last changed" (a new strength alone is no change), as its gate counts.
        hoursSinceLastChange: Math.max(0, (asOf - (lastDoseChangeAt ?? head.createdAt)) / MS_PER_HOUR),
        phase,
        cnsDepressantsReviewed: cnsReviewed,
      });
      // A refused change shows its refusal only, as the plan will (programmer/plan-verdict.ts).
      return { ok: true as const, review: { ...review, guardrail: planVerdict(review.guardrail.reasons) } };
    } catch (e) {
      return { ok: false as const, message: e instanceof ItbError ? e.message : errorText(e) };
    }
  }, [proposal, patient, head, phase, asOf, lastDoseChangeAt, cnsReviewed]);

  const interrogate = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<{ snapshot: Record<string, unknown> }>(`${P}/pump/interrogate`);
      setSnapshot(res.snapshot);
    } catch (e) {
      setError(
        isMissingRoute(e) ? 'No pump link on this server: interrogation is unavailable.' : errorText(e),
      );
    } finally {
      setBusy(false);
    }
  };

  const review = async () => {
    if (proposal === null || !proposal.ok) return;
    setBusy(true);
    setError(null);
    try {
      setPlan(
        await api.post<Plan>(`${P}/pump/titration/plan`, {
          proposed: proposal.prescription,
          phase,
          cnsDepressantsReviewed: cnsReviewed,
        }),
      );
      // The plan is the server's, against the prescription in force now; what this page shows as current
      // (and the "too soon" wait it dates) was read when it opened: another tab may have changed it since.
      const before = head;
      const now = await loadHead('keep');
      setChangedSince(now?.id === before?.id ? null : { before: before?.prescription ?? null, now });
    } catch (e) {
      if (isMissingRoute(e) && live?.ok === true) {
        // No pump link: the Finish screen still shows the browser's check; confirming records nothing.
        setPlan({
          planId: '',
          review: {
            current: head?.prescription ?? null,
            pending: proposal.prescription,
            diff: null,
            changePercent: live.review.step?.view.changePercent ?? null,
          },
          guardrail: live.review.guardrail,
        });
        setError('No pump link on this server: the check below is the browser’s; the change cannot be sent.');
      } else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (plan === null) return;
    setBusy(true);
    setError(null);
    try {
      setResult(
        await api.post<WriteOutcome>(`${P}/pump/titration/apply`, {
          planId: plan.planId,
          confirm: true,
          ...(justification.trim() === '' ? {} : { justification: justification.trim() }),
        }),
      );
      // What is "current" has changed (or may have): show the record and the pump as they are now, so the
      // next Finish screen compares against the programme really running, not the one before this write.
      setReadBack(undefined);
      const [, res] = await Promise.all([
        loadHead('reset'),
        api.post<{ snapshot: Record<string, unknown> }>(`${P}/pump/interrogate`),
      ]);
      setSnapshot(res.snapshot);
      setReadBack((res.snapshot['prescription'] as PrescriptionJson | undefined) ?? null);
    } catch (e) {
      setReadBack(null);
      // Already written (its answer lost, Confirm pressed again): the plan goes, for it cannot act again.
      if (planWritten(e)) setPlan(null);
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const backToEdit = () => {
    setPlan(null);
    setChangedSince(null);
    setResult(null);
    setJustification('');
  };

  return {
    patient,
    head,
    lastDoseChangeAt,
    changedSince,
    kept,
    typed,
    error,
    snapshot,
    mode,
    setMode,
    dose,
    setDose,
    draft,
    setDraft,
    phase,
    setPhase,
    plan,
    justification,
    setJustification,
    cnsReviewed,
    setCnsReviewed,
    result,
    readBack,
    busy,
    proposal,
    live,
    interrogate,
    review,
    apply,
    backToEdit,
  };
}
