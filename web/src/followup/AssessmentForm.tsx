/**
 * A follow-up assessment (docs/workflows.md "Follow-up assessments"): MAS by muscle group and side, Penn
 * spasm frequency 0–4, pain 0–10 NRS and goals scored −2..+2, each offered only on its scale's values
 * (docs/clinical-reference.md §4), so an out-of-range score cannot be entered; the server checks again.
 */
import { useState } from 'react';

const MAS = ['0', '1', '1+', '2', '3', '4'] as const;
const GAS = [-2, -1, 0, 1, 2] as const;

interface Row {
  muscleGroup: string;
  side: 'left' | 'right' | 'bilateral';
  grade: string;
}

export function AssessmentForm(props: {
  readonly busy: boolean;
  readonly onSubmit: (body: Record<string, unknown>) => Promise<boolean>;
}) {
  const [rows, setRows] = useState<Row[]>([{ muscleGroup: '', side: 'bilateral', grade: '' }]);
  const [penn, setPenn] = useState('');
  const [pain, setPain] = useState('');
  const [goals, setGoals] = useState<{ goal: string; score: string }[]>([{ goal: '', score: '' }]);
  const mas = rows.filter((r) => r.muscleGroup.trim() !== '' && r.grade !== '');
  const scored = goals.filter((g) => g.goal.trim() !== '' && g.score !== '');
  const empty = mas.length === 0 && penn === '' && pain === '' && scored.length === 0;
  const setRow = (i: number, patch: Partial<Row>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const setGoal = (i: number, patch: Partial<{ goal: string; score: string }>) =>
    setGoals(goals.map((g, j) => (j === i ? { ...g, ...patch } : g)));
  return (
    <form
      aria-label="Follow-up assessment"
      onSubmit={(e) => {
        e.preventDefault();
        void props.onSubmit({
          mas: mas.map((r) => ({ muscleGroup: r.muscleGroup.trim(), side: r.side, grade: r.grade })),
          pennSpasm: penn === '' ? null : Number(penn),
          painNrs: pain === '' ? null : Number(pain),
          goals: scored.map((g) => ({ goal: g.goal.trim(), score: Number(g.score) })),
        });
      }}
    >
      <fieldset>
        <legend>Modified Ashworth Scale by muscle group</legend>
        {rows.map((r, i) => (
          <div key={i} className="actions">
            <label>
              Muscle group {i + 1}{' '}
              <input
                value={r.muscleGroup}
                maxLength={100}
                onChange={(e) => setRow(i, { muscleGroup: e.target.value })}
              />
            </label>{' '}
            <label>
              Side {i + 1}{' '}
              <select value={r.side} onChange={(e) => setRow(i, { side: e.target.value as Row['side'] })}>
                <option value="left">left</option>
                <option value="right">right</option>
                <option value="bilateral">bilateral</option>
              </select>
            </label>{' '}
            <label>
              MAS grade {i + 1}{' '}
              <select value={r.grade} onChange={(e) => setRow(i, { grade: e.target.value })}>
                <option value="">—</option>
                {MAS.map((g) => (
                  <option key={g} value={g}>
                    {g}
                  </option>
                ))}
              </select>
            </label>
          </div>
        ))}
        <button
          type="button"
          onClick={() => setRows([...rows, { muscleGroup: '', side: 'bilateral', grade: '' }])}
        >
          Add muscle group
        </button>
      </fieldset>
      <label>
        Penn spasm frequency (0–4){' '}
        <select value={penn} onChange={(e) => setPenn(e.target.value)}>
          <option value="">not scored</option>
          {[0, 1, 2, 3, 4].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        Pain (0–10 NRS){' '}
        <select value={pain} onChange={(e) => setPain(e.target.value)}>
          <option value="">not scored</option>
          {Array.from({ length: 11 }, (_, n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Goal attainment (−2 much less than expected … +2 much more)</legend>
        {goals.map((g, i) => (
          <div key={i} className="actions">
            <label>
              Goal {i + 1}{' '}
              <input value={g.goal} maxLength={200} onChange={(e) => setGoal(i, { goal: e.target.value })} />
            </label>{' '}
            <label>
              Score {i + 1}{' '}
              <select value={g.score} onChange={(e) => setGoal(i, { score: e.target.value })}>
                <option value="">—</option>
                {GAS.map((n) => (
                  <option key={n} value={n}>
                    {n > 0 ? `+${n}` : n}
                  </option>
                ))}
              </select>
            </label>
          </div>
        ))}
        <button type="button" onClick={() => setGoals([...goals, { goal: '', score: '' }])}>
          Add goal
        </button>
      </fieldset>
      <button type="submit" disabled={props.busy || empty}>
        Record assessment
      </button>
    </form>
  );
}
