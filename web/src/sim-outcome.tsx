/**
 * A simulator run as a clinician reads it (SimulatorPage.tsx puts it under the scenario form): the outcome
 * — harm events, time at the tone goal, alarms, faults and how long the clinic took to see them — and the
 * run over time: CSF concentrations, tone (MAS), reservoir true vs calculated, with alarms, faults, pump
 * replacements and catheter revisions marked (src/sim/marks.ts).
 */
import { useMemo } from 'react';
import type { SimEvent, TimelineRow } from '../../src/sim/record.ts';
import type { RunSummary } from '../../src/sim/summary.ts';
import { SimChart, type ChartSeries } from './sim-chart.tsx';
import { marksOf, marksText } from '../../src/sim/marks.ts';

/** `POST /api/v1/sim/run` (src/server/sim-extension.ts SimRunAnswer). */
export interface RunAnswer {
  readonly name: string;
  readonly seed: number;
  readonly implanted: boolean;
  readonly startDoseMcgPerDay: number | null;
  readonly screening?: { readonly decision: { readonly kind: string } };
  readonly summary: RunSummary | null;
  readonly timeline: readonly TimelineRow[];
  readonly events: readonly SimEvent[];
  readonly sampledRows: number;
}

const pct = (f: number) => `${(f * 100).toFixed(1)} %`;
const num = (v: number, d = 2) => String(Number(v.toFixed(d)));
const hours = (h: number) => (h >= 48 ? `${num(h / 24, 1)} days (${num(h, 0)} h)` : `${num(h, 1)} h`);

function peak(rows: readonly TimelineRow[], pick: (r: TimelineRow) => number) {
  let best = rows[0];
  for (const r of rows) if (best === undefined || pick(r) > pick(best)) best = r;
  return best === undefined ? null : { value: pick(best), day: best.day };
}

export function Outcome({ run }: { readonly run: RunAnswer }) {
  const s = run.summary;
  if (!run.implanted || s === null) {
    return (
      <p>
        The screening trial found no response ({run.screening?.decision.kind ?? 'no decision'}): nothing was
        implanted, so there is nothing to simulate.
      </p>
    );
  }
  const w = s.harm.withdrawal;
  const o = s.harm.overdose;
  const alarms = Object.entries(s.alarmsRaised);
  return (
    <>
      <table className="facts">
        <caption>
          Outcome of “{run.name}” (seed {run.seed}, {num(s.days, 1)} days, start dose {run.startDoseMcgPerDay}{' '}
          µg/day)
        </caption>
        <tbody>
          <tr>
            <th scope="row">Withdrawal (onsets: early / moderate / severe)</th>
            <td>
              {w.early} / {w.moderate} / {w.severe} — worst: <strong>{s.maxWithdrawalStage}</strong>,{' '}
              {hours(s.hoursInWithdrawal)} in withdrawal
            </td>
          </tr>
          <tr>
            <th scope="row">Overdose (onsets: drowsy / respiratory depression / coma)</th>
            <td>
              {o.drowsy} / {o['respiratory-depression']} / {o.coma} — worst:{' '}
              <strong>{s.maxOverdoseStage}</strong>, {hours(s.hoursInOverdose)} in overdose
            </td>
          </tr>
          <tr>
            <th scope="row">Time with tone at goal (mean MAS ≤ {s.goalMeanMas})</th>
            <td>{pct(s.timeAtGoalFraction)}</td>
          </tr>
          <tr>
            <th scope="row">Alarms raised</th>
            <td>{alarms.length === 0 ? 'none' : alarms.map(([k, n]) => `${k} × ${n}`).join(', ')}</td>
          </tr>
          <tr>
            <th scope="row">Refills</th>
            <td>
              {s.refills.done} done; {s.refills.discrepancies} with a reconciliation discrepancy
            </td>
          </tr>
          <tr>
            <th scope="row">Programming accepted / refused</th>
            <td>
              {s.programming.accepted} / {s.programming.refused}
            </td>
          </tr>
          <tr>
            <th scope="row">True reservoir reached 0 mL</th>
            <td>
              {s.reservoirEmptyDay === null
                ? 'never (the pump may still alarm “empty” at its own low threshold)'
                : `day ${num(s.reservoirEmptyDay, 1)}`}
            </td>
          </tr>
        </tbody>
      </table>
      {s.faults.length > 0 && (
        <table className="facts">
          <caption>Faults injected and when the clinic could first see them</caption>
          <thead>
            <tr>
              <th scope="col">Fault</th>
              <th scope="col">Began</th>
              <th scope="col">Detected by</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {s.faults.map((f, i) => (
              <tr key={`${f.kind}-${i}`}>
                <th scope="row">{f.kind}</th>
                <td>{f.startDay === null ? 'did not happen' : `day ${num(f.startDay, 1)}`}</td>
                <td>{f.detectedBy ?? 'not detected'}</td>
                <td>{f.detectionDelayHours === null ? '—' : hours(f.detectionDelayHours)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function Charts({ run }: { readonly run: RunAnswer }) {
  const rows = run.timeline;
  const days = useMemo(() => rows.map((r) => r.day), [rows]);
  const marks = useMemo(() => marksOf(run.events), [run.events]);
  const csf = useMemo<ChartSeries[]>(
    () => [
      { label: 'Tip (µg/mL)', values: rows.map((r) => r.csfTipUgPerMl), stroke: '#0b5cad' },
      { label: 'Spinal (µg/mL)', values: rows.map((r) => r.csfSpinalUgPerMl), stroke: '#2e7d32' },
      {
        label: 'Cranial (µg/mL)',
        values: rows.map((r) => r.csfCranialUgPerMl),
        stroke: '#8a5a00',
        dash: [4, 3],
      },
    ],
    [rows],
  );
  const goal = run.summary?.goalMeanMas ?? null;
  const mas = useMemo<ChartSeries[]>(
    () => [
      { label: 'MAS (continuous)', values: rows.map((r) => r.masContinuous), stroke: '#0b5cad' },
      ...(goal === null
        ? []
        : [{ label: 'Goal', values: rows.map(() => goal), stroke: '#555', dash: [2, 4] }]),
    ],
    [rows, goal],
  );
  const reservoir = useMemo<ChartSeries[]>(
    () => [
      { label: 'True (mL)', values: rows.map((r) => r.reservoirTrueMl), stroke: '#b3261e' },
      {
        label: 'Calculated by the pump (mL)',
        values: rows.map((r) => r.reservoirCalculatedMl),
        stroke: '#0b5cad',
        dash: [6, 3],
      },
    ],
    [rows],
  );
  if (rows.length === 0) return null;
  const tip = peak(rows, (r) => r.csfTipUgPerMl);
  const masMax = peak(rows, (r) => r.masContinuous);
  const gap = peak(rows, (r) => Math.abs(r.reservoirCalculatedMl - r.reservoirTrueMl));
  const markText = marksText(marks);
  const thinned =
    run.sampledRows > rows.length ? ` (${rows.length} of ${run.sampledRows} samples shown)` : '';
  return (
    <>
      <SimChart
        title={`CSF baclofen concentration (µg/mL)${thinned}`}
        yLabel="CSF concentration (µg/mL)"
        days={days}
        series={csf}
        marks={marks}
        summary={
          `Tip concentration peaks at ${num(tip?.value ?? 0, 3)} µg/mL on day ${num(tip?.day ?? 0, 1)}; ` +
          `it ends at ${num(rows.at(-1)?.csfTipUgPerMl ?? 0, 3)} µg/mL.${markText}`
        }
      />
      <SimChart
        title="Muscle tone (Modified Ashworth Scale, 0–4)"
        yLabel="MAS (0–4)"
        days={days}
        series={mas}
        marks={marks}
        summary={
          `Tone is highest, MAS ${num(masMax?.value ?? 0, 1)}, on day ${num(masMax?.day ?? 0, 1)}` +
          (goal === null ? '.' : `; the goal is a mean MAS of ${goal} or less.`) +
          markText
        }
      />
      <SimChart
        title="Reservoir volume: true vs calculated by the pump (mL)"
        yLabel="Reservoir (mL)"
        days={days}
        series={reservoir}
        marks={marks}
        summary={
          `The largest gap between the calculated and the true volume is ${num(gap?.value ?? 0, 2)} mL on ` +
          `day ${num(gap?.day ?? 0, 1)}; the true volume ends at ${num(rows.at(-1)?.reservoirTrueMl ?? 0, 2)} mL.` +
          markText
        }
      />
    </>
  );
}
