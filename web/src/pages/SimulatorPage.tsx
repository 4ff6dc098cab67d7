/**
 * The simulator page (/simulator; docs/web-simulator.md): pick an example scenario or edit the JSON, set a
 * seed, run it on the server (`POST /api/v1/sim/run`), and read the outcome and the run over time
 * (sim-outcome.tsx).
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, errorText } from '../api.ts';
import { ErrorNote, Loading } from '../components.tsx';
import { num } from '../format.ts';
import { Charts, Outcome, type RunAnswer } from '../sim-outcome.tsx';

interface Example {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly scenario: unknown;
}

const CUSTOM = '';

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
                    <span className="when">day {num(e.day)}</span> {e.kind}: {e.detail}
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
