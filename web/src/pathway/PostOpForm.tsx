/**
 * The post-operative items still due (wound check, staples or sutures out, infection watch) and the form
 * recording a check (`POST P/implants/:implantId/postop-checks`); the server answers with what in it needs
 * attention (fever, CSF leak signs, wound trouble), shown in the status line.
 */
import { useState, type FormEvent } from 'react';
import {
  dueDay,
  POSTOP_ITEMS,
  type DueItem,
  type PostOpItem,
} from '../../../src/clinic/pathway/postop-checks.ts';
import { clinicDayText } from '../format.ts';

const WOUND = ['clean-dry', 'erythema', 'discharge', 'dehiscence'] as const;

export function PostOpDueList({ due }: { readonly due: readonly DueItem[] }) {
  if (due.length === 0) return <p>No post-operative item is due.</p>;
  return (
    <ul aria-label="Post-operative items due">
      {due.map((d) => (
        <li key={d.item}>
          {d.item.replaceAll('-', ' ')} — due {clinicDayText(dueDay(d))}
          {d.overdue && <strong className="warn-text"> (overdue)</strong>}
        </li>
      ))}
    </ul>
  );
}

export function PostOpForm(props: {
  readonly due: readonly DueItem[];
  readonly busy: boolean;
  readonly onSubmit: (body: unknown) => Promise<boolean>;
}) {
  const [completes, setCompletes] = useState<readonly PostOpItem[]>([]);
  const [wound, setWound] = useState<(typeof WOUND)[number]>('clean-dry');
  const [temp, setTemp] = useState('36.8');
  const [headache, setHeadache] = useState(false);
  const [fluid, setFluid] = useState(false);
  const [infection, setInfection] = useState(false);
  const [notes, setNotes] = useState('');
  const open = new Set(props.due.map((d) => d.item));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await props.onSubmit({
      completes,
      wound,
      temperatureC: Number(temp),
      positionalHeadache: headache,
      fluidCollection: fluid,
      infectionSigns: infection,
      notes: notes.trim(),
    });
    if (ok) setCompletes([]);
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="postop-form-h">
      <h3 id="postop-form-h">Record a post-operative check</h3>
      <fieldset>
        <legend>This check completes</legend>
        {POSTOP_ITEMS.filter((i) => open.has(i)).map((i) => (
          <label key={i} className="check">
            <input
              type="checkbox"
              checked={completes.includes(i)}
              onChange={(e) => setCompletes((c) => (e.target.checked ? [...c, i] : c.filter((x) => x !== i)))}
            />{' '}
            {i.replaceAll('-', ' ')}
          </label>
        ))}
      </fieldset>
      <div className="row">
        <div>
          <label htmlFor="wound">Wound</label>
          <select id="wound" value={wound} onChange={(e) => setWound(e.target.value as typeof wound)}>
            {WOUND.map((w) => (
              <option key={w}>{w}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="temp">Temperature (°C)</label>
          <input
            id="temp"
            inputMode="decimal"
            required
            value={temp}
            onChange={(e) => setTemp(e.target.value)}
          />
        </div>
      </div>
      <label className="check">
        <input type="checkbox" checked={headache} onChange={(e) => setHeadache(e.target.checked)} /> Headache
        worse upright (CSF leak sign)
      </label>
      <label className="check">
        <input type="checkbox" checked={fluid} onChange={(e) => setFluid(e.target.checked)} /> Fluid
        collection at the pocket or catheter
      </label>
      <label className="check">
        <input type="checkbox" checked={infection} onChange={(e) => setInfection(e.target.checked)} /> Signs
        of infection
      </label>
      <label htmlFor="postop-notes">Notes</label>
      <textarea id="postop-notes" rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
      <button type="submit" disabled={props.busy}>
        Save post-operative check
      </button>
    </form>
  );
}
