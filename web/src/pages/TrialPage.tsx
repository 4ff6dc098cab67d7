/**
 * Screening trial entry (docs/clinical-reference.md §1.1): the bolus (50, 75 or 100 mcg; 25 mcg for very small children),
 * timed MAS scores — at least two after the bolus within 4 h, or the trial cannot be saved — a response
 * chart against the baseline, the clinician's decision, and the first-24-hour dose computed in the browser
 * by the server's own rule (src/therapy/start-dose.ts `startDose`). Saved through `POST P/trials`.
 */
import type { Me, MasScore } from '../api.ts';
import { Chart } from '../charts.tsx';
import { ErrorNote, Link, Loading, Reasons, VerdictBadge } from '../components.tsx';
import { dateTime } from '../format.ts';
import { PatientIdentity } from '../PatientBanner.tsx';
import { AdvicePanel } from '../trial/AdvicePanel.tsx';
import { BolusFields } from '../trial/BolusFields.tsx';
import { GRADES, MIN_SCORES_IN_4H, useTrialEntry, WITHIN_H, type Row } from '../trial/use-trial.ts';
import { doseText, massText } from '../../../src/therapy/drug-display.ts';
import { NG_PER_MCG } from '../../../src/therapy/quantities.ts';

/** The screening trial is baclofen's (its protocol doses): written by the one dose formatter. */
const SCREENED = 'baclofen';
const bolusText = (mcg: number | null): string => (mcg === null ? '—' : massText(mcg * NG_PER_MCG, SCREENED));

export function TrialPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const {
    patient,
    otherDrug,
    trials,
    error,
    doseMcg,
    setDoseMcg,
    concMcgPerMl,
    setConc,
    muscle,
    setMuscle,
    side,
    setSide,
    rows,
    setRows,
    decision,
    setDecision,
    effectHours,
    setEffectHours,
    notes,
    setNotes,
    saved,
    saving,
    baseline,
    inWindow,
    bestGrade,
    drop,
    start,
    shown,
    chart,
    chartOptions,
    problems,
    save,
  } = useTrialEntry(patientId);
  const canRecord = me.role === 'physician';
  if (patient === null) return error === null ? <Loading what="the patient" /> : <ErrorNote error={error} />;
  const update = (key: number, patch: Partial<Row>) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <>
      <h1>Screening trial — {patient.name}</h1>
      <p>
        <Link to={`/patients/${encodeURIComponent(patientId)}`}>Back to the patient</Link>
      </p>
      <PatientIdentity patientId={patientId} />
      {otherDrug !== null && (
        <p className="callout" role="note" aria-label="Not this patient's drug">
          This form records an intrathecal <strong>baclofen</strong> screening trial: a test bolus of baclofen
          (25, 50, 75 or 100 mcg) by lumbar puncture, for spasticity. {patient.name} receives{' '}
          <strong>{otherDrug.drug}</strong> ({otherDrug.from}), another drug: this protocol and its doses are
          not hers, and its fields are left empty. Fill them only for a baclofen screening trial.
        </p>
      )}
      {!canRecord && (
        <p className="callout">Only a physician records a screening trial; you can read it here.</p>
      )}

      <fieldset className="card" disabled={!canRecord || saved !== null}>
        <legend>Bolus (lumbar puncture)</legend>
        <BolusFields doseMcg={doseMcg} setDoseMcg={setDoseMcg} conc={concMcgPerMl} setConc={setConc} />
        <div className="row">
          <div>
            <label htmlFor="muscle">Muscle group scored</label>
            <input id="muscle" value={muscle} onChange={(e) => setMuscle(e.target.value)} />
          </div>
          <div>
            <label htmlFor="side">Side</label>
            <select id="side" value={side} onChange={(e) => setSide(e.target.value as MasScore['side'])}>
              <option value="bilateral">bilateral</option>
              <option value="left">left</option>
              <option value="right">right</option>
            </select>
          </div>
        </div>
      </fieldset>

      <fieldset className="card" disabled={!canRecord || saved !== null}>
        <legend>Timed scores (0 h = baseline before the bolus)</legend>
        <table className="scores">
          <thead>
            <tr>
              <th scope="col">Hours after the bolus</th>
              <th scope="col">MAS grade</th>
              <th scope="col">Penn spasm (0–4, optional)</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.key}>
                <td>
                  <input
                    aria-label={`Score ${i + 1}: hours after the bolus`}
                    inputMode="decimal"
                    size={5}
                    value={r.hours}
                    onChange={(e) => update(r.key, { hours: e.target.value })}
                  />
                </td>
                <td>
                  <select
                    aria-label={`Score ${i + 1}: MAS grade`}
                    value={r.grade}
                    onChange={(e) => update(r.key, { grade: e.target.value as MasScore['grade'] })}
                  >
                    {GRADES.map((g) => (
                      <option key={g}>{g}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    aria-label={`Score ${i + 1}: Penn spasm score`}
                    value={r.penn}
                    onChange={(e) => update(r.key, { penn: e.target.value })}
                  >
                    <option value="">not scored</option>
                    {[0, 1, 2, 3, 4].map((p) => (
                      <option key={p}>{p}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <button type="button" onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
                    Remove<span className="visually-hidden"> score {i + 1}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button
          type="button"
          onClick={() =>
            setRows((rs) => [
              ...rs,
              { key: Math.max(0, ...rs.map((r) => r.key)) + 1, hours: '', grade: '3', penn: '' },
            ])
          }
        >
          Add a score
        </button>
        <p>
          {inWindow} score{inWindow === 1 ? '' : 's'} within {WITHIN_H} h after the bolus (at least{' '}
          {MIN_SCORES_IN_4H} needed).{' '}
          {drop !== null &&
            bestGrade !== null &&
            `Best MAS after the bolus: ${bestGrade}, ${drop > 0 ? `${drop} grade${drop === 1 ? '' : 's'} below` : 'not below'} the baseline ${baseline?.grade ?? ''}.`}
        </p>
      </fieldset>

      <Chart
        id="trial-chart"
        title="Response to the bolus"
        summary="MAS grade against hours after the bolus; the dashed line is the baseline before it."
        options={chartOptions}
        data={chart.data}
        table={{ head: ['Hours after the bolus', 'MAS', 'Penn'], rows: chart.rows }}
        legend={[
          { label: 'MAS grade', color: '#0b4fa6' },
          { label: 'Baseline', color: '#555', dashed: true },
        ]}
      />

      <fieldset className="card" disabled={!canRecord || saved !== null}>
        <legend>Decision</legend>
        {(
          [
            ['responded', 'Responded — tone clearly reduced'],
            ['no-response', 'No response'],
            ['running', 'Observation still running'],
          ] as const
        ).map(([v, label]) => (
          <div key={v} className="check">
            <input
              type="radio"
              id={`decision-${v}`}
              name="decision"
              checked={decision === v}
              onChange={() => setDecision(v)}
            />
            <label htmlFor={`decision-${v}`}>{label}</label>
          </div>
        ))}
        {decision === 'responded' && (
          <>
            <label htmlFor="effect">How long the effect lasted (hours)</label>
            <input
              id="effect"
              inputMode="decimal"
              value={effectHours}
              onChange={(e) => setEffectHours(e.target.value)}
            />
          </>
        )}
        <label htmlFor="notes">Notes</label>
        <textarea id="notes" rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </fieldset>

      <section className="card" aria-labelledby="start-h" aria-live="polite">
        <h2 id="start-h">Start dose (first 24 hours after implant)</h2>
        {decision === 'running' && <p>Record the decision to compute the start dose.</p>}
        {start?.error !== null && start?.error !== undefined && <ErrorNote error={start.error} />}
        {shown !== null && (
          <>
            <p className="big">
              <VerdictBadge verdict={shown.verdict} />{' '}
              {shown.dailyDose === null
                ? 'No start dose: this bolus was not an effective screening dose.'
                : `${doseText(shown.dailyDose, SCREENED)} for the first 24 hours (${shown.rule === 'double' ? '2 ×' : '1 ×'} ${bolusText(doseMcg)})`}
            </p>
            <Reasons reasons={shown.reasons} title="Start dose reasons" />
          </>
        )}
      </section>

      <ErrorNote error={error} />
      {problems.length > 0 && canRecord && saved === null && (
        <ul aria-label="Before saving">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {saved === null ? (
        <button
          type="button"
          className="primary"
          disabled={!canRecord || problems.length > 0 || saving}
          onClick={() => void save()}
        >
          Save screening trial
        </button>
      ) : (
        <p role="status" className="result result-ok">
          Trial saved {dateTime(saved.at)}: {bolusText(doseMcg)},{' '}
          {saved.responded === null ? 'observation running' : saved.responded ? 'responded' : 'no response'}.
        </p>
      )}

      <AdvicePanel patientId={patientId} trialCount={trials.length} />

      <section aria-labelledby="past-h">
        <h2 id="past-h">Recorded trials</h2>
        {trials.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <ul>
            {trials.map((t) => (
              <li key={t.id}>
                {dateTime(t.at)}: {massText(t.doseNg, SCREENED)} by {t.method}, {t.assessments.length} timed
                score
                {t.assessments.length === 1 ? '' : 's'};{' '}
                {t.responded === null
                  ? 'response not recorded'
                  : t.responded
                    ? `responded (${t.effectHours ?? '?'} h)`
                    : 'no response'}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
