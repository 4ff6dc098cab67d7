/**
 * The screening trial entry's state and rules (TrialPage.tsx is its view): the bolus, the timed MAS scores
 * and what they show against the baseline, the decision, the first-24-hour start dose by the server's own
 * rule (src/therapy/start-dose.ts), what still stops saving, and the save (`POST P/trials`).
 */
import { useEffect, useMemo, useState } from 'react';
import { startDose } from '../../../src/therapy/start-dose.ts';
import { hours, mcgToNg } from '../../../src/therapy/quantities.ts';
import { patientDrug, type PatientDrug } from '../../../src/clinic/patient-drug.ts';
import { ageYearsOn } from '../../../src/clinic/patient-age.ts';
import { CHILD_AGE_LIMIT_YEARS } from '../../../src/therapy/drug-library.ts';
import type { Implant } from '../../../src/clinic/records.ts';
import {
  checkTrialConcentration,
  RESPONSE_NOT_SHOWN,
  scoresShowResponse,
} from '../../../src/clinic/clinical-records.ts';
import {
  api,
  errorText,
  type MasScore,
  type Patient,
  type PrescriptionRecord,
  type TrialRecord,
} from '../api.ts';
import { masValue } from '../chart-data.ts';
import { aligned, line, masAxis } from '../charts.tsx';
import { measure, valueOf } from '../measure-input.tsx';
import { useLeaveGuard } from '../router.ts';
import { fetchServerNow } from '../use-server-now.ts';

export const GRADES: readonly MasScore['grade'][] = ['0', '1', '1+', '2', '3', '4'];
export const DOSES = [
  { mcg: 50, label: '50 mcg — first dose' },
  { mcg: 75, label: '75 mcg — after no response to 50 mcg' },
  { mcg: 100, label: '100 mcg — after no response to 75 mcg' },
  { mcg: 25, label: '25 mcg — very small children, or patients who rely on their tone to stand' },
];
/** docs/clinical-reference.md §1.1: tone scored at least twice within 4 h of the bolus [C: label]. */
export const MIN_SCORES_IN_4H = 2;
export const WITHIN_H = 4;

export interface Row {
  readonly key: number;
  hours: string;
  grade: MasScore['grade'];
  penn: string;
}

export type Decision = 'responded' | 'no-response' | 'running';

/**
 * Why the bolus's strength (mcg/mL) cannot be recorded, by the store's own rule (clinical-records.ts
 * `checkTrialConcentration`): not a baclofen strength, e.g. "50 mg/mL" typed for the 50 mcg/mL ampoule.
 */
export function trialConcentrationProblem(mcgPerMl: number): string | null {
  try {
    checkTrialConcentration(Math.round(mcgPerMl * 1000));
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export const num = (s: string): number | null =>
  s.trim() === '' || Number.isNaN(Number(s)) ? null : Number(s);

/** The timed scores a new trial starts from (the form's own, not the clinician's: nothing to lose). */
const BLANK_ROWS: Row[] = [
  { key: 0, hours: '0', grade: '3', penn: '' },
  { key: 1, hours: '1', grade: '3', penn: '' },
  { key: 2, hours: '2', grade: '3', penn: '' },
  { key: 3, hours: '4', grade: '3', penn: '' },
];

/** The trial being entered for one patient. */
export function useTrialEntry(patientId: string) {
  const P = `/api/v1/patients/${encodeURIComponent(patientId)}`;
  const [patient, setPatient] = useState<Patient | null>(null);
  const [trials, setTrials] = useState<readonly TrialRecord[]>([]);
  const [error, setError] = useState<string | null>(null);
  /** The baclofen test dose; null until chosen (a patient on another drug gets no baclofen default). */
  const [doseMcg, setDoseMcg] = useState<number | null>(50);
  const [concMcgPerMl, setConc] = useState('50');
  /** The patient's drug when it is not baclofen: the form screens for baclofen, not for it. */
  const [otherDrug, setOtherDrug] = useState<PatientDrug | null>(null);
  const [muscle, setMuscle] = useState('hip adductors');
  const [side, setSide] = useState<MasScore['side']>('bilateral');
  const [rows, setRows] = useState<Row[]>(BLANK_ROWS);
  const [decision, setDecision] = useState<Decision>('running');
  const [effectHours, setEffectHours] = useState('');
  const [notes, setNotes] = useState('');
  const [saved, setSaved] = useState<TrialRecord | null>(null);
  const [saving, setSaving] = useState(false);
  // A trial typed and not saved: a link, Back or a reload asks first (the programming page and the refill
  // wizard do; a trial's timed scores, typed over hours, were dropped without a word).
  const typed = rows !== BLANK_ROWS || decision !== 'running' || effectHours !== '' || notes.trim() !== '';
  useLeaveGuard(typed && saved === null ? 'The screening trial is not saved: leave and lose it?' : null);

  useEffect(() => {
    Promise.all([
      api.get<Patient>(P),
      api.get<TrialRecord[]>(`${P}/trials`),
      api.get<{ current: PrescriptionRecord | null }>(`${P}/prescriptions/current`),
      api.get<Implant[]>(`${P}/implants`),
      fetchServerNow(),
    ]).then(
      ([p, t, current, implants, now]) => {
        const drug = patientDrug(current.current, implants);
        const other = drug !== null && drug.drug !== 'baclofen' ? drug : null;
        setPatient(p);
        setTrials(t);
        setOtherDrug(other);
        if (other !== null) {
          setDoseMcg(null);
          setConc('');
        } else if (ageYearsOn(p.birthDate, now) < CHILD_AGE_LIMIT_YEARS.value) setDoseMcg(25);
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
    if (h === null || h <= 0 || doseMcg === null) return null;
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
      decision === 'no-response' && doseMcg !== null
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

  const problems: string[] = [];
  if (baseline === undefined) problems.push('Add a baseline score at 0 h (before the bolus).');
  if (inWindow < MIN_SCORES_IN_4H)
    problems.push(
      `Score tone at least ${MIN_SCORES_IN_4H} times within ${WITHIN_H} h after the bolus (now ${inWindow}).`,
    );
  if (decision === 'responded' && (effect === null || effect <= 0))
    problems.push('Give how many hours the effect lasted (needed for the start dose).');
  // The store's rule (clinical-records.ts checkTrialResponse), said before saving.
  const scored = valid.map((r) => ({
    minutesAfterDose: Math.round(r.h * 60),
    mas: [{ grade: r.grade }],
    pennSpasm: r.p,
  }));
  if (decision === 'responded' && notes.trim() === '' && scoresShowResponse(scored) === false)
    problems.push(`Responded: ${RESPONSE_NOT_SHOWN}.`);
  if (doseMcg === null) problems.push('Choose the baclofen test dose.');
  const concParsed = measure(concMcgPerMl, 'concentration', 'mcg/mL');
  if (concParsed === null || !concParsed.ok || concParsed.value <= 0)
    problems.push('Give the concentration in mcg/mL.');
  else {
    const strength = trialConcentrationProblem(concParsed.value);
    if (strength !== null) problems.push(`Concentration: ${strength}.`);
  }

  const save = async () => {
    const conc = valueOf(concParsed);
    if (doseMcg === null) return;
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

  return {
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
    valid,
    baseline,
    inWindow,
    bestGrade,
    drop,
    effect,
    start,
    shown,
    chart,
    chartOptions,
    problems,
    save,
    noResponse,
  };
}
