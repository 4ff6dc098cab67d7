/**
 * /patients/:id/mri — MRI preparation and follow-up (docs/workflows.md "MRI preparation and follow-up";
 * hazards H43, H44): plan a scan for the pump in place, read what its MRI rule asks, record a valve pump's
 * reservoir emptying (or a physician's justified acceptance of drug left in it), mark the scan ready and
 * record it done. The server refuses a valve pump not emptied and not accepted; its refusal is shown as it
 * says it. Data and writes: use-mri.ts.
 */
import { measure, MeasureInput, valueOf } from '../measure-input.tsx';
import { useState } from 'react';
import type { Me } from '../api.ts';
import { Link, Reasons } from '../components.tsx';
import { dateTime, mL } from '../format.ts';
import { useActorNames } from '../use-actor-names.ts';
import { noPumpText } from '../pump-in-use.ts';
import { useMri, type ScanAnswer } from './use-mri.ts';

type Mri = ReturnType<typeof useMri>;

/** datetime-local text (the browser's zone) → epoch ms, or null when empty or not a time. */
const fromLocal = (text: string): number | null => {
  const t = new Date(text).getTime();
  return text === '' || Number.isNaN(t) ? null : t;
};

function PlanForm({ m, implantId }: { readonly m: Mri; readonly implantId: string }) {
  const [when, setWhen] = useState('');
  const [note, setNote] = useState('');
  return (
    <form
      aria-labelledby="mri-plan-h"
      onSubmit={(e) => {
        e.preventDefault();
        const at = fromLocal(when);
        if (at !== null) void m.plan(implantId, at, note.trim());
      }}
    >
      <h2 id="mri-plan-h">Plan an MRI</h2>
      <label>
        Planned for{' '}
        <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} required />
      </label>
      <label>
        Note (site, sequence) <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit" disabled={m.busy || fromLocal(when) === null}>
        Plan the MRI
      </button>
      {fromLocal(when) === null && <span className="muted"> Choose the date and time of the scan.</span>}
    </form>
  );
}

function ReadyForm({ m, scan }: { readonly m: Mri; readonly scan: ScanAnswer }) {
  const [expected, setExpected] = useState('');
  const [aspirated, setAspirated] = useState('');
  if (scan.rule.before !== 'empty-reservoir') {
    return (
      <button type="button" disabled={m.busy} onClick={() => void m.ready(scan.id, null)}>
        Mark ready
      </button>
    );
  }
  // The volumes are read by therapy's parser, as every volume typed in mL is: read with `Number`, "1,5" was
  // NaN and went to the server as null (walk of the demo, round 23); now it is refused beside the field.
  const exp = measure(expected, 'volume', 'mL');
  const asp = measure(aspirated, 'volume', 'mL');
  const id = `mri-${scan.id}`;
  return (
    <form
      aria-label="Reservoir emptied before the scan"
      onSubmit={(e) => {
        e.preventDefault();
        if (exp?.ok === false || asp?.ok === false) return;
        const both = exp !== null && asp !== null;
        void m.ready(scan.id, both ? { expectedMl: valueOf(exp), aspiratedMl: valueOf(asp) } : null);
      }}
    >
      <label htmlFor={`${id}-expected`}>Volume expected in the reservoir (mL)</label>{' '}
      <MeasureInput id={`${id}-expected`} value={expected} onChange={setExpected} parsed={exp} />{' '}
      <label htmlFor={`${id}-aspirated`}>Volume aspirated (mL)</label>{' '}
      <MeasureInput id={`${id}-aspirated`} value={aspirated} onChange={setAspirated} parsed={asp} />
      <button type="submit" disabled={m.busy}>
        Mark ready
      </button>
    </form>
  );
}

function AcceptanceForm({ m, scan }: { readonly m: Mri; readonly scan: ScanAnswer }) {
  const [why, setWhy] = useState('');
  return (
    <form
      aria-label="Accept drug in the reservoir"
      onSubmit={(e) => {
        e.preventDefault();
        void m.accept(scan.id, why.trim());
      }}
    >
      <label>
        Justification for scanning with drug in the reservoir{' '}
        <input value={why} onChange={(e) => setWhy(e.target.value)} minLength={10} required />
      </label>
      <button type="submit" disabled={m.busy}>
        Accept (physician)
      </button>
    </form>
  );
}

function Scan(props: {
  readonly m: Mri;
  readonly scan: ScanAnswer;
  readonly me: Me;
  readonly who: (actor: string) => string;
}) {
  const { m, scan, me, who } = props;
  const clinician = me.role === 'physician' || me.role === 'nurse';
  return (
    <li data-mri={scan.id}>
      <strong>
        MRI planned for {dateTime(scan.plannedFor)} — {scan.state}
      </strong>
      {scan.note !== '' && <span> ({scan.note})</span>}
      <p>
        {scan.rule.before === 'empty-reservoir'
          ? 'Before the scan: empty the reservoir (aspirate and record the volume against the volume expected), or a physician accepts the drug left in it.'
          : 'Before the scan: nothing to empty.'}{' '}
        During the scan {scan.rule.duringScan}.
        {scan.rule.interrogateAfter && ' Interrogate the pump after the scan.'}
      </p>
      {scan.acceptance !== null && (
        <p>
          Accepted by {who(scan.acceptance.by)}: {scan.acceptance.justification}
        </p>
      )}
      {scan.ready !== null && (
        <>
          <p>
            Ready {dateTime(scan.ready.at)} ({who(scan.ready.by)})
            {scan.ready.emptying !== null &&
              `: ${mL(scan.ready.emptying.aspiratedNl)} aspirated of ${mL(scan.ready.emptying.expectedNl)} expected`}
          </p>
          <Reasons reasons={scan.ready.reasons} title="Readiness" />
        </>
      )}
      {scan.done !== null && <p>Scan done {dateTime(scan.done.at)}</p>}
      {clinician && scan.done === null && (
        <div className="row">
          {me.role === 'physician' && scan.rule.before === 'empty-reservoir' && scan.acceptance === null && (
            <AcceptanceForm m={m} scan={scan} />
          )}
          <ReadyForm m={m} scan={scan} />
          <button type="button" disabled={m.busy} onClick={() => void m.done(scan.id)}>
            Record the scan done now
          </button>
        </div>
      )}
    </li>
  );
}

export function MriPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const m = useMri(patientId);
  const who = useActorNames(
    m.scans.flatMap((s) => [s.plannedBy, s.acceptance?.by ?? s.plannedBy, s.ready?.by ?? s.plannedBy]),
  );
  const clinician = me.role === 'physician' || me.role === 'nurse';
  return (
    <>
      <p>
        <Link to={`/patients/${encodeURIComponent(patientId)}`}>← {m.patient?.name ?? 'Patient'}</Link>
      </p>
      <h1>MRI preparation and follow-up</h1>
      {m.error !== null && (
        <p role="alert" className="error">
          {m.error}
        </p>
      )}
      {m.patient !== null && m.implant === null && (
        <p>{noPumpText(m.removedAt)} There is no pump to prepare for a scan.</p>
      )}
      {clinician && m.implant !== null && <PlanForm m={m} implantId={m.implant.id} />}
      {m.patient !== null && (
        <>
          <h2>Scans</h2>
          {m.scans.length === 0 ? (
            <p>No MRI planned.</p>
          ) : (
            <ul aria-label="MRI scans">
              {m.scans.map((s) => (
                <Scan key={s.id} m={m} scan={s} me={me} who={who} />
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}
