/**
 * Programming: interrogate the pump, edit the daily dose with LIVE guardrail feedback computed in the
 * browser by the server's own pure code (therapy/units.ts `parseAs`, therapy/titration.ts
 * `checkTitration`), then the Finish screen: pending beside current, the server's plan verdict, confirm
 * (a warning needs a written justification; a block cannot be confirmed), and the pump's read-back.
 */
import { useEffect, useMemo, useState } from 'react';
import { checkTitration, type TitrationPhase } from '../../../src/therapy/titration.ts';
import { parseAs } from '../../../src/therapy/units.ts';
import { ItbError } from '../../../src/therapy/codes.ts';
import type { NanogramsPerDay } from '../../../src/therapy/quantities.ts';
import {
  api,
  errorText,
  isMissingRoute,
  type Me,
  type Patient,
  type PrescriptionRecord,
  type Reason,
  type Verdict,
} from '../api.ts';
import { ErrorNote, Facts, Link, Loading, Reasons, VerdictBadge } from '../components.tsx';
import { prescriptionText } from '../format.ts';

interface Plan {
  readonly planId: string;
  readonly review: {
    readonly current: unknown;
    readonly pending: unknown;
    readonly diff: unknown;
    readonly changePercent: number | null;
  };
  readonly guardrail: { readonly verdict: Verdict; readonly reasons: readonly Reason[] };
}

const READBACK_TEXT: Record<string, string> = {
  verified: 'Verified: the pump read back the new programme exactly.',
  'applied-unverified': 'Applied but NOT verified: interrogate again before the patient leaves.',
  'readback-mismatch': 'Read-back MISMATCH: the pump holds something else — interrogate and re-program now.',
  refused: 'The pump refused the change: nothing was changed.',
  'not-applied': 'Not applied: the pump still runs the current programme.',
  unknown: 'Outcome unknown (link lost): interrogate to find out what the pump runs.',
};

/** The current daily dose in ng/day, for a continuous prescription (the titration rule's input). */
function currentDoseNg(rec: PrescriptionRecord | null): number | null {
  const p = rec?.prescription;
  if (p === undefined || p.mode !== 'simple-continuous') return null;
  return Math.round(p.doseMcgPerDay * 1000);
}

export function ProgrammingPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const P = `/api/v1/patients/${encodeURIComponent(patientId)}`;
  const [patient, setPatient] = useState<Patient | null>(null);
  const [head, setHead] = useState<PrescriptionRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [snapshot, setSnapshot] = useState<Record<string, unknown> | null>(null);
  const [dose, setDose] = useState('');
  const [phase, setPhase] = useState<TitrationPhase>('titration');
  const [plan, setPlan] = useState<Plan | null>(null);
  const [justification, setJustification] = useState('');
  const [result, setResult] = useState<Record<string, unknown> | null>(null);
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    Promise.all([
      api.get<Patient>(P),
      api.get<{ current: PrescriptionRecord | null }>(`${P}/prescriptions/current`),
    ]).then(
      ([p, c]) => {
        setPatient(p);
        setHead(c.current);
      },
      (e: unknown) => setError(errorText(e)),
    );
  }, [P]);

  const current = currentDoseNg(head);
  // LIVE: the same pure rule the server runs, on every keystroke.
  const live = useMemo(() => {
    if (dose.trim() === '' || current === null || patient === null || head === null) return null;
    try {
      const q = parseAs(dose, 'dose-rate', 'mcg/day');
      const r = checkTitration({
        current: current as NanogramsPerDay,
        proposed: q.ngPerDay,
        origin: patient.etiology,
        ...(patient.ageBand === 'under-12' ? { ageYears: 11 } : {}),
        hoursSinceLastChange: Math.max(0, (now - head.createdAt) / 3_600_000),
        phase,
      });
      return { ok: true as const, ngPerDay: q.ngPerDay, result: r };
    } catch (e) {
      return { ok: false as const, message: e instanceof ItbError ? e.message : errorText(e) };
    }
  }, [dose, current, patient, head, phase, now]);

  if (me.role !== 'physician') return <p>Only physicians program doses.</p>;
  if (patient === null) return error === null ? <Loading what="the patient" /> : <ErrorNote error={error} />;

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
    setBusy(true);
    setError(null);
    try {
      setPlan(await api.post<Plan>(`${P}/pump/titration/plan`, { proposedDose: dose.trim(), phase }));
    } catch (e) {
      if (isMissingRoute(e) && live?.ok === true) {
        // No pump link: the Finish screen still shows the browser's check; confirming records nothing.
        setPlan({
          planId: '',
          review: {
            current: head?.prescription,
            pending: { doseMcgPerDay: live.ngPerDay / 1000 },
            diff: null,
            changePercent: live.result.view.changePercent,
          },
          guardrail: { verdict: live.result.verdict, reasons: live.result.reasons },
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
        await api.post<Record<string, unknown>>(`${P}/pump/titration/apply`, {
          planId: plan.planId,
          confirm: true,
          ...(justification.trim() === '' ? {} : { justification: justification.trim() }),
        }),
      );
      // What is "current" has changed (or may have): show the record and the pump as they are now, so the
      // next Finish screen compares against the dose really running, not the one before this write.
      const [c, res] = await Promise.all([
        api.get<{ current: PrescriptionRecord | null }>(`${P}/prescriptions/current`),
        api.post<{ snapshot: Record<string, unknown> }>(`${P}/pump/interrogate`),
      ]);
      setHead(c.current);
      setSnapshot(res.snapshot);
      setNow(Date.now());
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const verdict = plan?.guardrail.verdict;
  const needsJustification = verdict === 'warn';
  const confirmDisabled =
    busy ||
    plan === null ||
    plan.planId === '' ||
    verdict === 'block' ||
    (needsJustification && justification.trim() === '') ||
    result !== null;
  const status = typeof result?.['status'] === 'string' ? result['status'] : null;

  return (
    <>
      <h1>Programming — {patient.name}</h1>
      <p>
        <Link to={`/patients/${encodeURIComponent(patientId)}`}>Back to the patient</Link>
      </p>
      <ErrorNote error={error} />
      <section className="card" aria-labelledby="int-h">
        <h2 id="int-h">1. Interrogate</h2>
        <button type="button" onClick={() => void interrogate()} disabled={busy}>
          Interrogate pump
        </button>
        {snapshot !== null && <Facts data={snapshot} caption="Pump snapshot" />}
      </section>

      {plan === null ? (
        <section className="card" aria-labelledby="edit-h">
          <h2 id="edit-h">2. New dose</h2>
          <p>Current: {head === null ? 'no prescription' : prescriptionText(head.prescription)}</p>
          {current === null && <p>Only a continuous prescription can be titrated here.</p>}
          <div className="row">
            <div>
              <label htmlFor="dose">Proposed daily dose (with unit, e.g. 450 mcg/day)</label>
              <input
                id="dose"
                value={dose}
                onChange={(e) => setDose(e.target.value)}
                aria-describedby="live"
                autoComplete="off"
              />
            </div>
            <div>
              <label htmlFor="phase">Phase</label>
              <select id="phase" value={phase} onChange={(e) => setPhase(e.target.value as TitrationPhase)}>
                <option value="titration">titration</option>
                <option value="maintenance">maintenance</option>
              </select>
            </div>
          </div>
          <div id="live" aria-live="polite" className="live">
            {live === null ? (
              <p className="muted">Type a dose to see the guardrail.</p>
            ) : !live.ok ? (
              <p className="error">{live.message}</p>
            ) : (
              <>
                <p>
                  Live check: <VerdictBadge verdict={live.result.verdict} />{' '}
                  {live.result.view.changePercent === null
                    ? ''
                    : `change ${live.result.view.changePercent > 0 ? '+' : ''}${live.result.view.changePercent} %`}
                </p>
                <Reasons reasons={live.result.reasons} title="Live guardrail reasons" />
              </>
            )}
          </div>
          <button type="button" onClick={() => void review()} disabled={busy || live === null || !live.ok}>
            Review change
          </button>
        </section>
      ) : (
        <section className="card" aria-labelledby="fin-h">
          <h2 id="fin-h">2. Finish — check before sending</h2>
          <div className="side-by-side">
            <div>
              <h3>Current (in the pump)</h3>
              <p>{head === null ? 'none' : prescriptionText(head.prescription)}</p>
            </div>
            <div>
              <h3>Pending (to send)</h3>
              <p>{dose.trim()} continuous</p>
              <p>
                Change:{' '}
                {plan.review.changePercent === null
                  ? 'restart'
                  : `${plan.review.changePercent > 0 ? '+' : ''}${plan.review.changePercent} %`}
              </p>
            </div>
          </div>
          <p>
            Guardrail: <VerdictBadge verdict={plan.guardrail.verdict} />
            {verdict === 'block' && ' — this change cannot be confirmed.'}
          </p>
          <Reasons reasons={plan.guardrail.reasons} title="Guardrail reasons" />
          {needsJustification && (
            <div>
              <label htmlFor="just">Justification (required to override the warning)</label>
              <textarea
                id="just"
                required
                value={justification}
                onChange={(e) => setJustification(e.target.value)}
                rows={3}
              />
            </div>
          )}
          <div className="row">
            <button type="button" className="primary" disabled={confirmDisabled} onClick={() => void apply()}>
              Confirm and send to pump
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => {
                setPlan(null);
                setResult(null);
                setJustification('');
              }}
            >
              Back to edit
            </button>
          </div>
          {confirmDisabled && result === null && !busy && (
            <p className="muted" id="why-disabled">
              {verdict === 'block'
                ? 'Cannot send: the guardrail blocks this change. Go back and choose a smaller step.'
                : plan.planId === ''
                  ? 'Cannot send: no pump link on this server.'
                  : 'Write a justification to enable confirm.'}
            </p>
          )}
          {result !== null && (
            <div role="status" className={`result result-${status === 'verified' ? 'ok' : 'warn'}`}>
              <p>
                <strong>Read-back:</strong>{' '}
                {status === null ? 'no status' : (READBACK_TEXT[status] ?? status)}
              </p>
              <Facts data={result} caption="Pump answer" />
            </div>
          )}
        </section>
      )}
    </>
  );
}
