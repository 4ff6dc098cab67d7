/**
 * Programming's state and actions: the prescription in force and when it was made (on the server's clock),
 * the pump's snapshot, the proposal typed as one dose or a flex schedule, its LIVE review by the server's
 * own pure code (rules and titration step, worst weekday), the server's plan, the write and the pump's
 * read-back after it.
 */
import { fetchServerNow } from '../use-server-now.ts';
import { useEffect, useMemo, useState } from 'react';
import { ItbError } from '../../../src/therapy/codes.ts';
import type { PrescriptionJson } from '../../../src/therapy/prescription-json.ts';
import type { TitrationPhase } from '../../../src/therapy/titration.ts';
import { api, errorText, isMissingRoute, type Patient, type PrescriptionRecord } from '../api.ts';
import type { Plan } from '../FinishPanel.tsx';
import { draftFromPrescription, prescriptionFromDraft, type FlexDraft } from '../flex-draft.ts';
import type { WriteOutcome } from '../outcome-view.tsx';
import { planWritten } from '../plan-written.ts';
import { keepUnfinished } from '../unfinished-work.ts';
import { useBoardRow } from '../reservoir-state.tsx';
import { liveReview } from './live-review.ts';
import { pumpAsKnown } from './pump-as-known.ts';
import { continuousProposal, keptChange, type Mode, type Proposal, type TypedChange } from './proposal.ts';

export type { Mode, Proposal } from './proposal.ts';

/** The prescription in force as the page had it, and as it is now (another session changed it). */
export interface HeadChange {
  readonly before: PrescriptionJson | null;
  readonly now: PrescriptionRecord | null;
}

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
  /** Interrogations made on this page: each reads the board's row again (the pump as recorded now). */
  const [interrogations, setInterrogations] = useState(0);

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

  /** Times the tab got the focus back: another tab may have changed the dose, refilled or replaced since. */
  const [focusReads, setFocusReads] = useState(0);
  useEffect(() => {
    const again = () => setFocusReads((n) => n + 1);
    window.addEventListener('focus', again);
    return () => window.removeEventListener('focus', again);
  }, []);
  // Back in this tab: the prescription in force read again (the live check compares against it) and said
  // when it changed; the board's row is read again with it (below).
  useEffect(() => {
    if (focusReads === 0) return;
    const before = head;
    loadHead('keep').then(
      (now) => {
        if (now?.id !== before?.id) setChangedSince({ before: before?.prescription ?? null, now });
      },
      (e: unknown) => setError(errorText(e)),
    );
  }, [focusReads]);

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

  // The board's row: the reservoir beside the dose, and the pump as recorded. Read again with each plan
  // (the Finish screen says the reservoir as it is when the change is checked), each interrogation and
  // each return to the tab.
  const board = useBoardRow(patientId, `${plan?.planId ?? ''}:${interrogations}:${focusReads}`);

  // LIVE: the same pure review the server runs (rules + titration step, worst weekday), on every keystroke,
  // from the dose the patient received (a pump that runs no programme: not-running.ts) and with the
  // programmer's own checks of the pump as this page knows it (pump-as-known.ts), as the plan will be.
  /** The pump runs no programme, as this page knows it: a change is checked from the dose received. */
  const runsNoProgramme = useMemo(
    () => pumpAsKnown(snapshot, board?.row ?? null, head)?.prescription.mode === 'stopped',
    [snapshot, board, head],
  );

  const live = useMemo(() => {
    if (proposal === null || !proposal.ok || patient === null || head === null || asOf === 0) return null;
    try {
      const review = liveReview({
        proposed: proposal.prescription,
        patient,
        head,
        asOf,
        lastDoseChangeAt,
        phase,
        cnsDepressantsReviewed: cnsReviewed,
        snapshot,
        row: board?.row ?? null,
      });
      return { ok: true as const, review };
    } catch (e) {
      return { ok: false as const, message: e instanceof ItbError ? e.message : errorText(e) };
    }
  }, [proposal, patient, head, phase, asOf, lastDoseChangeAt, cnsReviewed, snapshot, board]);

  const interrogate = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<{ snapshot: Record<string, unknown> }>(`${P}/pump/interrogate`);
      setSnapshot(res.snapshot);
      setInterrogations((n) => n + 1);
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
    board,
    runsNoProgramme,
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
