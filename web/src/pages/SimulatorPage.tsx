/**
 * The simulator page (/simulator; docs/web-simulator.md): pick an example scenario or edit the JSON, set a
 * seed, run it on the server (`POST /api/v1/sim/run`), and read the outcome — harm events, time at the tone
 * goal, alarms, faults and how long the clinic took to see them — then the run over time: CSF
 * concentrations, tone (MAS), reservoir true vs calculated, with alarms and faults marked.
 */
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import type { RunSummary } from '../../../src/sim/summary.ts';
import type { SimEvent, TimelineRow } from '../../../src/sim/record.ts';
import { api, errorText } from '../api.ts';
import { ErrorNote, Loading } from '../components.tsx';
import { SimChart, type ChartMark, type ChartSeries } from '../sim-chart.tsx';

interface Example {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly scenario: unknown;
}

/** `POST /api/v1/sim/run` (src/server/sim-extension.ts SimRunAnswer). */
interface RunAnswer {
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

const CUSTOM = '';
const pct = (f: number) => `${(f * 100).toFixed(1)} %`;
const num = (v: number, d = 2) => String(Number(v.toFixed(d)));
const hours = (h: number) => (h >= 48 ? `${num(h / 24, 1)} days (${num(h, 0)} h)` : `${num(h, 1)} h`);

function marksOf(events: readonly SimEvent[]): ChartMark[] {
  const out: ChartMark[] = [];
  for (const e of events) {
    if (e.kind === 'alarm') out.push({ day: e.day, kind: 'alarm', label: e.detail });
    else if (e.kind === 'fault' || e.kind === 'refill-missed' || e.kind === 'refill-late')
      out.push({ day: e.day, kind: 'fault', label: e.detail });
  }
  return out;
}

function peak(rows: readonly TimelineRow[], pick: (r: TimelineRow) => number) {
  let best = rows[0];
  for (const r of rows) if (best === undefined || pick(r) > pick(best)) best = r;
  return best === undefined ? null : { value: pick(best), day: best.day };
}

function Outcome({ run }: { readonly run: RunAnswer }) {
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

function Charts({ run }: { readonly run: RunAnswer }) {
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
  const alarmDays = marks.filter((m) => m.kind === 'alarm').map((m) => `${m.label} (day ${num(m.day, 1)})`);
  const faultDays = marks.filter((m) => m.kind === 'fault').map((m) => `${m.label} (day ${num(m.day, 1)})`);
  const markText =
    (alarmDays.length === 0 ? ' No alarm.' : ` Alarms: ${alarmDays.join('; ')}.`) +
    (faultDays.length === 0 ? '' : ` Faults: ${faultDays.join('; ')}.`);
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

export function SimulatorPage() {
  const ids = { example: useId(), scenario: useId(), hint: useId(), seed: useId() };
  const [examples, setExamples] = useState<readonly Example[] | null>(null);
  const [picked, setPicked] = useState(CUSTOM);
  const [text, setText] = useState('');
  const [seed, setSeed] = useState('');
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [run, setRun] = useState<RunAnswer | null>(null);

  useEffect(() => {
    api.get<Example[]>('/api/v1/sim/examples').then(
      (list) => {
        setExamples(list);
        const first = list.find((e) => e.id === 'missed-refill') ?? list[0];
        if (first !== undefined) {
          setPicked(first.id);
          setText(JSON.stringify(first.scenario, null, 2));
        }
      },
      (e: unknown) => setError(errorText(e)),
    );
  }, []);

  const pick = (id: string) => {
    setPicked(id);
    const ex = examples?.find((e) => e.id === id);
    if (ex !== undefined) setText(JSON.stringify(ex.scenario, null, 2));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    let scenario: unknown;
    try {
      scenario = JSON.parse(text);
    } catch (err) {
      setError(`The scenario is not valid JSON: ${errorText(err)}`);
      return;
    }
    const seedValue = seed.trim() === '' ? undefined : Number(seed);
    if (seedValue !== undefined && (!Number.isInteger(seedValue) || seedValue < 0)) {
      setError('The seed must be a whole number ≥ 0 (or empty for the scenario’s own seed).');
      return;
    }
    setRunning(true);
    try {
      setRun(
        await api.post<RunAnswer>(
          '/api/v1/sim/run',
          seedValue === undefined ? { scenario } : { scenario, seed: seedValue },
        ),
      );
    } catch (err) {
      setRun(null);
      setError(`The run was refused: ${errorText(err)}`);
    } finally {
      setRunning(false);
    }
  };

  const description = examples?.find((x) => x.id === picked)?.description;
  return (
    <>
      <h1>Simulator</h1>
      <p className="muted">
        A virtual patient, pump and clinic (docs/simulator.md) — for teaching and research, not for decisions
        about a real patient. Runs of up to 5 years; times are days from the scenario start.
      </p>
      {examples === null && error === null && <Loading what="the example scenarios" />}
      <form className="card" onSubmit={(e) => void submit(e)} aria-busy={running}>
        <div className="row">
          <p>
            <label htmlFor={ids.example}>Example scenario</label>
            <br />
            <select id={ids.example} value={picked} onChange={(e) => pick(e.target.value)}>
              <option value={CUSTOM}>(my own — edit the JSON below)</option>
              {(examples ?? []).map((x) => (
                <option key={x.id} value={x.id}>
                  {x.id}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label htmlFor={ids.seed}>Seed (optional)</label>
            <br />
            <input
              id={ids.seed}
              inputMode="numeric"
              pattern="[0-9]*"
              value={seed}
              onChange={(e) => setSeed(e.target.value)}
              placeholder="scenario’s seed"
              size={14}
            />
          </p>
        </div>
        {description !== undefined && description !== '' && <p>{description}</p>}
        <p>
          <label htmlFor={ids.scenario}>Scenario (JSON)</label>
          <br />
          <textarea
            id={ids.scenario}
            aria-describedby={ids.hint}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setPicked(CUSTOM);
            }}
            rows={14}
            spellCheck={false}
            style={{ width: '100%', maxWidth: '60rem', fontFamily: 'monospace', fontSize: '0.9rem' }}
          />
          <br />
          <span id={ids.hint} className="muted">
            Fields: name, days, startDoseMcgPerDay or screening, patient, device, drug, titration, refills,
            alarmResponseHours, faults (see docs/simulator.md). Doses in µg/day, volumes in mL, times in days.
          </span>
        </p>
        <button type="submit" disabled={running || text.trim() === ''}>
          {running ? 'Running…' : 'Run simulation'}
        </button>
      </form>
      <ErrorNote error={error} />
      {running && <p aria-live="polite">Running the simulation…</p>}
      {run !== null && !running && (
        <section aria-labelledby="sim-outcome">
          <h2 id="sim-outcome">Outcome</h2>
          <Outcome run={run} />
          <h2>Over time</h2>
          <Charts run={run} />
          {run.events.length > 0 && (
            <details>
              <summary>Events ({run.events.length})</summary>
              <ol className="timeline">
                {run.events.map((e, i) => (
                  <li key={i}>
                    <span className="when">day {num(e.day, 2)}</span> {e.kind}: {e.detail}
                  </li>
                ))}
              </ol>
            </details>
          )}
        </section>
      )}
    </>
  );
}
