/**
 * One patient: the pump card (calculated reservoir as a gauge, low-reservoir alarm date, refill-by,
 * battery/ERI, the prescription in clinician units), links to the emergency card and refill report PDFs,
 * a timeline of programming sessions, refills, trials and complications, and charts of the daily dose, the
 * calculated reservoir and the assessments (patient-charts.tsx).
 */
import { useEffect, useState, type ReactNode } from 'react';
import { PROFILES } from '../../../src/pump/profiles.ts';
import {
  api,
  errorText,
  type Assessment,
  type Board,
  type BoardRow,
  type Complication,
  type Implant,
  type Me,
  type Patient,
  type PrescriptionRecord,
  type Refill,
  type Session,
  type Trial,
} from '../api.ts';
import { ErrorNote, Link, Loading, Reasons, VerdictBadge } from '../components.tsx';
import { date, dateTime, daysText, mcg, mcgPerMl, mL } from '../format.ts';
import { changeText } from '../change-text.ts';
import { PrescriptionView } from '../prescription-view.tsx';
import { AssessmentChart, DoseChart, ReservoirChart } from '../patient-charts.tsx';

interface Data {
  readonly patient: Patient;
  readonly implants: readonly Implant[];
  readonly current: PrescriptionRecord | null;
  readonly chain: readonly PrescriptionRecord[];
  readonly assessments: readonly Assessment[];
  readonly refills: readonly Refill[];
  readonly sessions: readonly Session[];
  readonly trials: readonly Trial[];
  readonly complications: readonly Complication[];
  readonly row: BoardRow | null;
  readonly now: number;
}

const STAFF = new Set(['physician', 'nurse', 'viewer']);

async function load(id: string, me: Me): Promise<Data> {
  const P = `/api/v1/patients/${encodeURIComponent(id)}`;
  const staff = STAFF.has(me.role);
  const [patient, implants, current, chain, assessments, refills, sessions, trials, complications, board] =
    await Promise.all([
      api.get<Patient>(P),
      api.get<Implant[]>(`${P}/implants`),
      api.get<{ current: PrescriptionRecord | null }>(`${P}/prescriptions/current`),
      api.get<PrescriptionRecord[]>(`${P}/prescriptions`),
      api.get<Assessment[]>(`${P}/assessments`),
      api.get<Refill[]>(`${P}/refills`),
      staff ? api.get<Session[]>(`${P}/sessions`) : Promise.resolve([]),
      api.get<Trial[]>(`${P}/trials`),
      api.get<Complication[]>(`${P}/complications`),
      staff ? api.get<Board>('/api/v1/board') : Promise.resolve(null),
    ]);
  return {
    patient,
    implants,
    current: current.current,
    chain,
    assessments,
    refills,
    sessions,
    trials,
    complications,
    row: board?.rows.find((r) => r.patientId === id) ?? null,
    now: board === null ? Date.now() : Date.parse(board.generatedAt),
  };
}

/**
 * The calculated reservoir now. The board's projection is linear from its basis (last refill or
 * interrogation) to `emptyAt` at the prescribed rate, so the volume in between is proportional; it is an
 * estimate — the pump's own interrogation is the reading that counts.
 */
function calculatedReservoirNl(row: BoardRow, now: number): number | null {
  if (row.basis === null || row.emptyAt === null) return null;
  const span = row.emptyAt - row.basis.at;
  if (span <= 0) return 0;
  const left = Math.min(1, Math.max(0, (row.emptyAt - now) / span));
  return Math.round(row.basis.reservoirNl * left);
}

/** The calculated volume against the reservoir's capacity, saying where the calculation starts. */
function Gauge({
  valueNl,
  capacityNl,
  basis,
}: {
  readonly valueNl: number;
  readonly capacityNl: number;
  readonly basis: NonNullable<BoardRow['basis']>;
}) {
  const pct = capacityNl > 0 ? Math.round((valueNl / capacityNl) * 100) : 0;
  const from = `from the ${basis.kind} of ${date(basis.at)}: ${mL(basis.reservoirNl)}`;
  return (
    <div className="gauge-wrap">
      <div
        className="gauge"
        role="meter"
        aria-label="Calculated reservoir volume"
        aria-valuemin={0}
        aria-valuemax={Number((capacityNl / 1e6).toFixed(2))}
        aria-valuenow={Number((valueNl / 1e6).toFixed(2))}
        aria-valuetext={`${mL(valueNl)} calculated of a ${mL(capacityNl)} reservoir`}
      >
        <div className={`gauge-fill ${pct < 20 ? 'gauge-low' : ''}`} style={{ width: `${pct}%` }} />
      </div>
      <span>
        <strong>{mL(valueNl)}</strong> calculated now, of a {mL(capacityNl)} reservoir ({pct} %)
        <span className="muted"> — {from}</span>
      </span>
    </div>
  );
}

type Event = { at: number; kind: string; text: string; extra?: ReactNode };

function timeline(d: Data): Event[] {
  const ev: Event[] = [
    ...d.sessions.map((s) => ({
      at: s.at,
      kind: 'Programming session',
      text:
        s.diff.length === 0
          ? 'interrogation only'
          : // A change of mode replaces the whole programme: say that, not every field of both.
            (s.diff.some((x) => x.path === 'mode') ? s.diff.filter((x) => x.path === 'mode') : s.diff)
              .map(changeText)
              .join('; '),
    })),
    ...d.refills.map((r) => ({
      at: r.at,
      kind: 'Refill',
      text: `${mL(r.volumeAddedNl)} of ${r.drug} ${mcgPerMl(r.concentrationNgPerMl)}, lot ${r.lot}; residual ${mL(r.measuredResidualNl)} measured vs ${mL(r.expectedResidualNl)} expected`,
      extra: (
        <>
          {' '}
          <VerdictBadge verdict={r.reconciliation.verdict} />{' '}
          <a
            href={`/api/v1/refills/${encodeURIComponent(r.id)}/report.pdf?patientId=${encodeURIComponent(d.patient.id)}`}
          >
            Refill report (PDF)
          </a>
        </>
      ),
    })),
    ...d.trials.map((t) => ({
      at: t.at,
      kind: 'Screening trial',
      text: `${mcg(t.doseNg)} by ${t.method}; ${t.responded === null ? 'response not recorded' : t.responded ? 'responded' : 'did not respond'}`,
    })),
    ...d.complications.map((c) => ({
      at: c.at,
      kind: 'Complication',
      text: `${c.kind} (${c.severity}): ${c.description}`,
    })),
  ];
  return ev.sort((a, b) => b.at - a.at);
}

export function PatientPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    load(patientId, me).then(setData, (e: unknown) => setError(errorText(e)));
  }, [patientId, me]);

  if (data === null) return error === null ? <Loading what="the patient" /> : <ErrorNote error={error} />;
  const { patient, row, current } = data;
  const implant = data.implants.at(-1);
  const reservoir = row === null ? null : calculatedReservoirNl(row, data.now);
  const P = `/patients/${encodeURIComponent(patient.id)}`;
  const events = timeline(data);
  return (
    <>
      <h1>
        {patient.name} <span className="muted">MRN {patient.mrn}</span>
      </h1>
      <p>
        Born {patient.birthDate} · {patient.etiology} origin · age band {patient.ageBand}
        {(patient.highRisk.injuryAtT6OrAbove ||
          patient.highRisk.cannotCommunicate ||
          patient.highRisk.priorWithdrawal) && <span className="tag">high withdrawal risk</span>}
      </p>
      <nav aria-label="Patient actions" className="actions">
        {me.role === 'physician' && <Link to={`${P}/programming`}>Programming (dose change)</Link>}
        {(me.role === 'physician' || me.role === 'nurse') && <Link to={`${P}/refill`}>Refill wizard</Link>}
        {(me.role === 'physician' || me.role === 'nurse') && <Link to={`${P}/alarm-test`}>Alarm test</Link>}
        {me.role === 'physician' && <Link to={`${P}/catheter`}>Catheter change</Link>}
        {STAFF.has(me.role) && <Link to={`${P}/trial`}>Screening trial</Link>}
        {STAFF.has(me.role) && <Link to={`${P}/complications`}>Complications</Link>}
        {STAFF.has(me.role) && <Link to={`${P}/diary`}>Symptom diary</Link>}
        <a href={`/api/v1/patients/${encodeURIComponent(patient.id)}/emergency-card.pdf`}>
          Emergency card (PDF)
        </a>
      </nav>

      <section className="card" aria-labelledby="pump-h">
        <h2 id="pump-h">Pump</h2>
        {implant === undefined ? (
          <p>No implant recorded.</p>
        ) : (
          <p>
            Serial {implant.pumpSerial} ({implant.deviceProfileId}), implanted {implant.implantDate}; catheter{' '}
            {implant.catheter.model}, tip at {implant.catheter.tipLevel}
          </p>
        )}
        <dl className="grid">
          <dt>Prescription</dt>
          <dd>
            {current === null ? 'none recorded' : <PrescriptionView prescription={current.prescription} />}
          </dd>
          <dt>Reservoir</dt>
          <dd>
            {row === null || reservoir === null || row.basis === null ? (
              'unknown — no refill or interrogation recorded'
            ) : (
              <Gauge
                valueNl={reservoir}
                capacityNl={
                  PROFILES.find((p) => p.id === implant?.deviceProfileId)?.reservoir.value ??
                  row.basis.reservoirNl
                }
                basis={row.basis}
              />
            )}
          </dd>
          <dt>Low-reservoir alarm</dt>
          <dd>
            {!row || row.lowAlarmAt === null
              ? 'unknown'
              : `${date(row.lowAlarmAt)} (${row.lowAlarmAt <= data.now ? 'already due: the pump may be alarming' : `in ${daysText((row.lowAlarmAt - data.now) / 86_400_000)}`})`}
          </dd>
          <dt>Refill by</dt>
          <dd>
            {!row || row.refillBy === null
              ? 'unknown'
              : `${date(row.refillBy)} (${row.overdue ? daysText(row.daysToRefillBy) : `in ${daysText(row.daysToRefillBy)}`})`}{' '}
            {row?.overdue === true && <VerdictBadge verdict="block" label="Overdue" />}
          </dd>
          <dt>Battery</dt>
          <dd>
            {!row || row.battery === null
              ? 'not interrogated yet'
              : row.battery.eri === true
                ? 'ERI reached — plan replacement'
                : row.battery.eri === false
                  ? `OK (interrogated ${date(row.battery.at)})`
                  : 'unknown'}
          </dd>
        </dl>
        {row !== null && (
          <Reasons reasons={row.reasons.filter((r) => r.severity !== 'ok')} title="Board reasons" />
        )}
      </section>

      <section aria-labelledby="charts-h">
        <h2 id="charts-h">Charts</h2>
        <div className="charts">
          <DoseChart chain={data.chain} now={data.now} />
          <ReservoirChart refills={data.refills} chain={data.chain} now={data.now} />
          <AssessmentChart list={data.assessments} />
        </div>
      </section>

      <section aria-labelledby="tl-h">
        <h2 id="tl-h">Timeline</h2>
        {events.length === 0 ? (
          <p>No sessions, refills, trials or complications recorded.</p>
        ) : (
          <ol className="timeline">
            {events.map((e, i) => (
              <li key={i}>
                <span className="when">{dateTime(e.at)}</span> <strong>{e.kind}</strong>: {e.text}
                {e.extra}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
