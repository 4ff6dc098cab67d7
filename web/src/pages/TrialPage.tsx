/**
 * Screening trial entry (docs/clinical-reference.md §1.1): the bolus (50, 75 or 100 mcg; 25 mcg for very small children),
 * timed MAS scores — at least two after the bolus within 4 h, or the trial cannot be saved — a response
 * chart against the baseline, the clinician's decision, and the first-24-hour dose computed in the browser
 * by the server's own rule (src/therapy/start-dose.ts `startDose`). Saved through `POST P/trials`.
 */
import { useEffect, useMemo, useState } from 'react';
import { startDose } from '../../../src/therapy/start-dose.ts';
import { hours, mcgToNg, ngToMcg } from '../../../src/therapy/quantities.ts';
import { api, errorText, type Me, type MasScore, type Patient, type TrialRecord } from '../api.ts';
import { masValue } from '../chart-data.ts';
import { Chart, aligned, line, masAxis } from '../charts.tsx';
import { measure, MeasureInput, valueOf } from '../measure-input.tsx';
import { ErrorNote, Link, Loading, Reasons, VerdictBadge } from '../components.tsx';
import { dateTime } from '../format.ts';
import { PatientIdentity } from '../PatientBanner.tsx';

const GRADES: readonly MasScore['grade'][] = ['0', '1', '1+', '2', '3', '4'];
const DOSES = [
  { mcg: 50, label: '50 mcg — first dose' },
  { mcg: 75, label: '75 mcg — after no response to 50 mcg' },
  { mcg: 100, label: '100 mcg — after no response to 75 mcg' },
  { mcg: 25, label: '25 mcg — very small children, or patients who rely on their tone to stand' },
];
/** docs/clinical-reference.md §1.1: tone scored at least twice within 4 h of the bolus [C: label]. */
const MIN_SCORES_IN_4H = 2;
const WITHIN_H = 4;

interface Row {
  readonly key: number;
  hours: string;
  grade: MasScore['grade'];
  penn: string;
}

type Decision = 'responded' | 'no-response' | 'running';

const num = (s: string): number | null => (s.trim() === '' || Number.isNaN(Number(s)) ? null : Number(s));

export function TrialPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const P = `/api/v1/patients/${encodeURIComponent(patientId)}`;
  const [patient, setPatient] = useState<Patient | null>(null);
  const [trials, setTrials] = useState<readonly TrialRecord[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [doseMcg, setDoseMcg] = useState(50);
  const [concMcgPerMl, setConc] = useState('50');
  const [muscle, setMuscle] = useState('hip adductors');
  const [side, setSide] = useState<MasScore['side']>('bilateral');
  const [rows, setRows] = useState<Row[]>([
    { key: 0, hours: '0', grade: '3', penn: '' },
    { key: 1, hours: '1', grade: '3', penn: '' },
    { key: 2, hours: '2', grade: '3', penn: '' },
    { key: 3, hours: '4', grade: '3', penn: '' },
  ]);
  const [decision, setDecision] = useState<Decision>('running');
  const [effectHours, setEffectHours] = useState('');
  const [notes, setNotes] = useState('');
  const [saved, setSaved] = useState<TrialRecord | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    Promise.all([api.get<Patient>(P), api.get<TrialRecord[]>(`${P}/trials`)]).then(
      ([p, t]) => {
        setPatient(p);
        setTrials(t);
        if (p.ageBand === 'under-12') setDoseMcg(25);
      },
      (e: unknown) => setError(errorText(e)),
    );
  }, [P]);

  const parsed = rows.map((r) => ({ ...r, h: num(r.hours), p: num(r.penn) }));
  const valid = parsed.filter((r): r is typeof r & { h: number } => r.h !== null && r.h >= 0);
  const baseline = valid.find((r) => r.h === 0);
  const inWindow = valid.filter((r) => r.h > 0 && r.h <= WITHIN_H).length;
  // Grades are steps on an ordinal scale (0, 1, 1+, 2, 3, 4): 3 → 1+ is two grades, not "1.5".
  const step = (g: MasScore['grade']) => GRADES.indexOf(g);
  const bestGrade = valid
    .filter((r) => r.h > 0)
    .reduce<MasScore['grade'] | null>((m, r) => (m === null || step(r.grade) < step(m) ? r.grade : m), null);
  const drop = baseline === undefined || bestGrade === null ? null : step(baseline.grade) - step(bestGrade);

  const effect = num(effectHours);
  const start = useMemo(() => {
    if (decision === 'running') return null;
    const h = decision === 'no-response' ? 0 : effect;
    if (h === null || h <= 0) return null;
    try {
      return {
        result: startDose({ screeningDose: mcgToNg(doseMcg), effectDuration: hours(h) }),
        error: null,
      };
    } catch (e) {
      return { result: null, error: errorText(e) };
    }
  }, [decision, effect, doseMcg]);
  const noResponse = useMemo(
    () =>
      decision === 'no-response'
        ? startDose({ screeningDose: mcgToNg(doseMcg), effectDuration: hours(0) })
        : null,
    [decision, doseMcg],
  );
  const shown = noResponse ?? start?.result ?? null;

  const chart = useMemo(() => {
    const pts = rows
      .map((r) => ({ h: num(r.hours), grade: r.grade, p: num(r.penn) }))
      .filter((r): r is { h: number; grade: MasScore['grade']; p: number | null } => r.h !== null && r.h >= 0)
      .sort((a, b) => a.h - b.h);
    const b = pts.find((r) => r.h === 0);
    const base = b === undefined ? null : masValue(b.grade);
    return {
      data: aligned(
        pts.map((r) => r.h),
        [pts.map((r) => masValue(r.grade)), pts.map(() => base)],
      ),
      rows: pts.map((r) => [`${r.h} h`, r.grade, r.p === null ? '—' : String(r.p)]),
    };
  }, [rows]);
  const chartOptions = useMemo(
    () => ({
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: false, range: [0, 8] as [number, number] },
        y: { range: [0, 4.2] as [number, number] },
      },
      axes: [
        { label: 'Hours after the bolus', stroke: '#111', grid: { stroke: '#ddd' } },
        masAxis('MAS grade'),
      ],
      series: [
        {},
        { ...line('MAS', '#0b4fa6'), points: { show: true, size: 9 } },
        line('Baseline (before the bolus)', '#555', [6, 4]),
      ],
    }),
    [],
  );

  const canRecord = me.role === 'physician';
  const problems: string[] = [];
  if (baseline === undefined) problems.push('Add a baseline score at 0 h (before the bolus).');
  if (inWindow < MIN_SCORES_IN_4H)
    problems.push(
      `Score tone at least ${MIN_SCORES_IN_4H} times within ${WITHIN_H} h after the bolus (now ${inWindow}).`,
    );
  if (decision === 'responded' && (effect === null || effect <= 0))
    problems.push('Give how many hours the effect lasted (needed for the start dose).');
  const concParsed = measure(concMcgPerMl, 'concentration', 'mcg/mL');
  if (concParsed === null || !concParsed.ok || concParsed.value <= 0)
    problems.push('Give the concentration in mcg/mL.');

  const save = async () => {
    const conc = valueOf(concParsed);
    setSaving(true);
    setError(null);
    try {
      const body = {
        doseNg: mcgToNg(doseMcg),
        concentrationNgPerMl: Math.round(conc * 1000),
        volumeNl: Math.round((doseMcg / conc) * 1_000_000),
        method: 'lumbar-puncture',
        assessments: valid.map((r) => ({
          minutesAfterDose: Math.round(r.h * 60),
          mas: [{ muscleGroup: muscle, side, grade: r.grade }],
          pennSpasm: r.p,
        })),
        responded: decision === 'running' ? null : decision === 'responded',
        effectHours: decision === 'responded' ? effect : decision === 'no-response' ? 0 : null,
        ...(notes.trim() === '' ? {} : { notes: notes.trim() }),
      };
      const rec = await api.post<TrialRecord>(`${P}/trials`, body);
      setSaved(rec);
      setTrials((t) => [...t, rec]);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  if (patient === null) return error === null ? <Loading what="the patient" /> : <ErrorNote error={error} />;
  const update = (key: number, patch: Partial<Row>) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const concValue = measure(concMcgPerMl, 'concentration', 'mcg/mL');
  const conc = concValue?.ok === true ? concValue.value : null;
  return (
    <>
      <h1>Screening trial — {patient.name}</h1>
      <p>
        <Link to={`/patients/${encodeURIComponent(patientId)}`}>Back to the patient</Link>
      </p>
      <PatientIdentity patientId={patientId} />
      {!canRecord && (
        <p className="callout">Only a physician records a screening trial; you can read it here.</p>
      )}

      <fieldset className="card" disabled={!canRecord || saved !== null}>
        <legend>Bolus (lumbar puncture)</legend>
        <div className="row">
          <div>
            <label htmlFor="dose">Dose</label>
            <select id="dose" value={doseMcg} onChange={(e) => setDoseMcg(Number(e.target.value))}>
              {DOSES.map((d) => (
                <option key={d.mcg} value={d.mcg}>
                  {d.label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="conc">Concentration (mcg/mL)</label>
            <MeasureInput id="conc" value={concMcgPerMl} onChange={setConc} parsed={concValue} />
          </div>
          <p>
            Volume:{' '}
            <strong>{conc === null || conc <= 0 ? '—' : `${Number((doseMcg / conc).toFixed(2))} mL`}</strong>
          </p>
        </div>
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
                : `${ngToMcg(shown.dailyDose)} mcg/day for the first 24 hours (${shown.rule === 'double' ? '2 ×' : '1 ×'} ${doseMcg} mcg)`}
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
          Trial saved {dateTime(saved.at)}: {doseMcg} mcg,{' '}
          {saved.responded === null ? 'observation running' : saved.responded ? 'responded' : 'no response'}.
        </p>
      )}

      <section aria-labelledby="past-h">
        <h2 id="past-h">Recorded trials</h2>
        {trials.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <ul>
            {trials.map((t) => (
              <li key={t.id}>
                {dateTime(t.at)}: {ngToMcg(t.doseNg)} mcg by {t.method}, {t.assessments.length} timed score
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
