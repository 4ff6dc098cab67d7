/**
 * The battery of the pump in place — ERI and EOS projected from the profile's battery model and the last
 * interrogation — with the replacement plan, and the explant form (`POST P/implants/:implantId/explant`)
 * for a pump taken out without a replacement (infection, patient's choice …); a replacement is one record
 * of its own (ReplacementForm.tsx). The old pump's implant record and history stay readable.
 */
import { useState, type FormEvent } from 'react';
import { EXPLANT_REASONS } from '../../../src/clinic/pathway/explant-records.ts';
import type { Implant } from '../api.ts';
import { calendarDate, dateTime } from '../format.ts';
import type { PathwayView } from './use-pathway.ts';

export function BatteryPanel({ battery }: { readonly battery: PathwayView['battery'] }) {
  if (battery === null) return <p>No battery-powered pump in place.</p>;
  return (
    <dl className="grid" aria-label="Battery projection">
      <dt>Elective replacement indicator (ERI)</dt>
      <dd>{battery.eriReported ? 'reported by the pump' : `projected ${dateTime(battery.eriAt)}`}</dd>
      <dt>End of service (EOS)</dt>
      <dd>
        projected {dateTime(battery.eosAt)}
        {battery.plan.eosPassed && <strong> — passed: the pump may have stopped delivering</strong>}
      </dd>
      <dt>Limited by</dt>
      <dd>
        {battery.limitedBy === 'energy'
          ? 'remaining charge at the current programme'
          : 'device age (7-year stop)'}
      </dd>
      <dt>Replacement</dt>
      <dd>
        {battery.plan.due ? <strong>due now</strong> : 'not yet due'} — plan surgery by{' '}
        {dateTime(battery.plan.surgeryBy)}; {battery.plan.refillPolicy}
      </dd>
    </dl>
  );
}

export function ExplantForm(props: {
  /** The pumps not yet explanted, oldest first. */
  readonly implants: readonly Implant[];
  readonly busy: boolean;
  readonly onSubmit: (implantId: string, body: unknown) => Promise<boolean>;
}) {
  const [target, setTarget] = useState(props.implants[0]?.id ?? '');
  const [reason, setReason] = useState<(typeof EXPLANT_REASONS)[number]>('battery-eri');
  const [catheter, setCatheter] = useState<'kept' | 'revised' | 'removed'>('kept');
  const [notes, setNotes] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await props.onSubmit(target, {
      reason,
      catheter,
      replacementImplantId: null,
      notes: notes.trim(),
    });
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="explant-h">
      <h3 id="explant-h">Explant a pump</h3>
      <p className="muted">
        Recording a pump taken out closes its own alerts and cancels its booked refill and titration visits.
        Without a replacement the drug has stopped: for a drug whose abrupt stop is a hazard, a critical
        withdrawal-risk alert asks for the team&apos;s plan.
      </p>
      <div className="row">
        <div>
          <label htmlFor="ex-pump">Pump taken out</label>
          <select id="ex-pump" value={target} onChange={(e) => setTarget(e.target.value)}>
            {props.implants.map((i) => (
              <option key={i.id} value={i.id}>
                {i.pumpSerial} (implanted {calendarDate(i.implantDate)})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="ex-reason">Reason</label>
          <select id="ex-reason" value={reason} onChange={(e) => setReason(e.target.value as typeof reason)}>
            {EXPLANT_REASONS.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="ex-cath">Catheter</label>
          <select
            id="ex-cath"
            value={catheter}
            onChange={(e) => setCatheter(e.target.value as typeof catheter)}
          >
            <option>kept</option>
            <option>revised</option>
            <option>removed</option>
          </select>
        </div>
      </div>
      <label htmlFor="ex-notes">Notes (priming, findings)</label>
      <textarea id="ex-notes" rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
      <button type="submit" disabled={props.busy}>
        Record explant
      </button>
    </form>
  );
}
