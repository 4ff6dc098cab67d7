/**
 * The Finish screen of programming (docs/clinical-reference.md §3): what the pump runs beside what would be
 * sent, the changes field by field, the server plan's verdict and reasons; a warning needs a written
 * justification to enable confirm, a block cannot be confirmed. After sending it is another screen: the
 * pump's read-back is what is current and nothing is pending — a "current 330, pending 363" left on screen
 * after 363 was written invites sending it twice.
 */
import type { ReactNode } from 'react';
import type { PrescriptionJson } from '../../src/therapy/prescription-json.ts';
import type { Reason, Verdict } from './api.ts';
import { num } from './format.ts';
import type { ReasonContext } from './reason-text.ts';
import type { DiffEntry } from '../../src/programmer/change-text.ts';
import { Reasons, VerdictBadge } from './components.tsx';
import { OutcomeView, readBackText, type WriteOutcome } from './outcome-view.tsx';
import { ChangeList, PrescriptionView } from './prescription-view.tsx';

export interface Plan {
  readonly planId: string;
  readonly review: {
    readonly current: PrescriptionJson | null;
    readonly pending: PrescriptionJson;
    readonly diff: readonly DiffEntry[] | null;
    readonly changePercent: number | null;
  };
  readonly guardrail: { readonly verdict: Verdict; readonly reasons: readonly Reason[] };
}

/** "+13.33 %"; a change from no running dose is a restart. */
export const changePercentText = (pct: number | null | undefined) =>
  pct === null || pct === undefined ? 'restart' : `${pct > 0 ? '+' : ''}${num(pct)} %`;

/** What a blocked change needs, by the reasons that block it (a smaller step does not cure "too soon"). */
const BLOCK_REMEDIES: readonly { readonly codes: readonly string[]; readonly remedy: string }[] = [
  {
    codes: ['ITB_R_TITRATION_FAR_ABOVE_STEP', 'ITB_R_TITRATION_ABOVE_LABEL_INCREMENT'],
    remedy: 'choose a smaller step',
  },
  {
    codes: ['ITB_R_TITRATION_TOO_SOON', 'ITB_R_TITRATION_WEEKLY_COUNT_REACHED'],
    remedy: 'wait until the next increase is allowed (above): a smaller increase is refused too',
  },
];

/**
 * Why Confirm is grey, in the one sentence that fits this plan: nothing to send, what the blocking reasons
 * ask for, no pump link, or the justification a warning needs. Not "choose a smaller step" for a change
 * refused as too soon, nor "write a justification" where no justification is asked.
 */
export function whyConfirmDisabled(plan: Plan, unchanged: boolean): string {
  if (unchanged) return 'Cannot send: nothing changes. Go back to edit the prescription.';
  if (plan.guardrail.verdict === 'block') {
    const blocking = new Set(plan.guardrail.reasons.filter((r) => r.severity === 'block').map((r) => r.code));
    const remedies = BLOCK_REMEDIES.filter((b) => b.codes.some((c) => blocking.has(c))).map((b) => b.remedy);
    const what = remedies.length > 0 ? remedies.join('; ') : 'change what the blocked reasons above name';
    return `Cannot send: the guardrail blocks this change. Go back and ${what}.`;
  }
  if (plan.planId === '') return 'Cannot send: no pump link on this server.';
  return 'Write a justification to enable confirm.';
}

export function FinishPanel({
  plan,
  justification,
  onJustification,
  busy,
  result,
  onConfirm,
  onBack,
  readBack,
  context,
  patientId,
  pumpWarning,
}: {
  readonly plan: Plan;
  /** What the pump's state says against the change (the reservoir), shown first in the review. */
  readonly pumpWarning?: ReactNode;
  /** The patient programmed: the sent screen offers the printed summary of today's session. */
  readonly patientId: string;
  /** The programme the pump reports after the write (its interrogation); undefined while it is read. */
  readonly readBack?: PrescriptionJson | null | undefined;
  readonly context?: ReasonContext;
  readonly justification: string;
  readonly onJustification: (text: string) => void;
  readonly busy: boolean;
  readonly result: WriteOutcome | null;
  readonly onConfirm: () => void;
  readonly onBack: () => void;
}) {
  const verdict = plan.guardrail.verdict;
  const needsJustification = verdict === 'warn';
  // A pending prescription identical to what the pump runs sends nothing a pump needs; confirming it would
  // still write, and record a change nobody made.
  const unchanged =
    plan.review.current !== null && plan.review.diff !== null && plan.review.diff.length === 0;
  const confirmDisabled =
    busy ||
    plan.planId === '' ||
    unchanged ||
    verdict === 'block' ||
    (needsJustification && justification.trim() === '');
  if (result !== null) {
    return (
      <SentPanel result={result} readBack={readBack} busy={busy} onAgain={onBack} patientId={patientId} />
    );
  }
  return (
    <section className="card" aria-labelledby="fin-h">
      <h2 id="fin-h">2. Finish — check before sending</h2>
      {pumpWarning}
      <div className="side-by-side">
        <div>
          <h3>Current (in the pump)</h3>
          {plan.review.current === null ? (
            <p>none</p>
          ) : (
            <PrescriptionView prescription={plan.review.current} />
          )}
        </div>
        <div>
          <h3>Pending (to send)</h3>
          <PrescriptionView prescription={plan.review.pending} />
          <p>Change: {changePercentText(plan.review.changePercent)}</p>
        </div>
      </div>
      {plan.review.diff !== null && plan.review.diff.length > 0 && (
        <ChangeList
          diff={plan.review.diff}
          drug={plan.review.pending.mode === 'stopped' ? undefined : plan.review.pending.drug}
        />
      )}
      {unchanged && (
        <p className="result result-warn" id="nothing-to-send">
          Nothing to send: the pending prescription is what the pump runs now. Go back to edit it.
        </p>
      )}
      <p>
        Guardrail: <VerdictBadge verdict={plan.guardrail.verdict} />
        {verdict === 'block' && ' — this change cannot be confirmed.'}
      </p>
      <Reasons
        reasons={plan.guardrail.reasons}
        title="Guardrail reasons"
        {...(context === undefined ? {} : { context })}
      />
      {needsJustification && (
        <div>
          <label htmlFor="just">Justification (required to override the warning)</label>
          <textarea
            id="just"
            required
            value={justification}
            onChange={(e) => onJustification(e.target.value)}
            rows={3}
          />
        </div>
      )}
      <div className="row">
        <button type="button" className="primary" disabled={confirmDisabled} onClick={onConfirm}>
          Confirm and send to pump
        </button>
        <button type="button" disabled={busy} onClick={onBack}>
          Back to edit
        </button>
      </div>
      {confirmDisabled && !busy && (
        <p className="muted" id="why-disabled">
          {whyConfirmDisabled(plan, unchanged)}
        </p>
      )}
    </section>
  );
}

/**
 * The printed summary of the patient's session on `day` ("2026-12-02", the clinic's day), else today as the
 * server counts it.
 */
export const sessionSummaryHref = (patientId: string, day?: string): string =>
  `/api/v1/patients/${encodeURIComponent(patientId)}/session-summary.pdf` +
  (day === undefined ? '' : `?day=${encodeURIComponent(day)}`);

/** The printed report of one refill (docs/reports.md): the wizard's last step and the patient's timeline. */
export const refillReportHref = (refillId: string, patientId: string): string =>
  `/api/v1/refills/${encodeURIComponent(refillId)}/report.pdf?patientId=${encodeURIComponent(patientId)}`;

/**
 * After the write: the read-back in words, the programme the pump now runs, what was recorded, and the
 * session summary to print for the chart.
 */
function SentPanel({
  result,
  readBack,
  busy,
  onAgain,
  patientId,
}: {
  readonly patientId: string;
  readonly result: WriteOutcome;
  readonly readBack: PrescriptionJson | null | undefined;
  readonly busy: boolean;
  readonly onAgain: () => void;
}) {
  const status = result.status ?? null;
  return (
    <section className="card" aria-labelledby="sent-h">
      <h2 id="sent-h">2. Sent — the pump&apos;s answer</h2>
      <div role="status" className={`result result-${status === 'verified' ? 'ok' : 'warn'}`}>
        <p>
          <strong>Read-back:</strong> {readBackText(result)}
        </p>
      </div>
      <h3>Current (read back from the pump)</h3>
      {readBack === undefined ? (
        <p aria-busy="true">Reading the pump…</p>
      ) : readBack === null ? (
        <p>unknown — interrogate the pump</p>
      ) : (
        <PrescriptionView prescription={readBack} />
      )}
      <p>Nothing pending.</p>
      <OutcomeView outcome={result} caption="Pump answer" />
      <div className="row">
        <a href={sessionSummaryHref(patientId)} target="_blank" rel="noreferrer">
          Print the session summary (PDF)
        </a>
        <button type="button" disabled={busy} onClick={onAgain}>
          Make another change
        </button>
      </div>
    </section>
  );
}
