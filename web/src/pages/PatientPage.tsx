/**
 * One patient: the pump card (calculated reservoir as a gauge, low-reservoir alarm date, refill-by,
 * battery/ERI, the prescription in clinician units), links to the emergency card and refill report PDFs,
 * a timeline of programming sessions, refills, trials, complications and the pumps put in or taken out,
 * and charts of the daily dose, the calculated reservoir and the assessments (patient-charts.tsx).
 */
import { implantInUse, pumpRemovedAt } from '../../../src/clinic/implant-in-use.ts';
import { patientDrug } from '../../../src/clinic/patient-drug.ts';
import { ageYearsOn } from '../../../src/clinic/patient-age.ts';
import { spasticityOriginText } from '../../../src/therapy/drug-display.ts';
import { useMemo } from 'react';
import { PROFILES } from '../../../src/pump/profiles.ts';
import type { Me } from '../api.ts';
import { STAFF, usePatientPage } from './use-patient-page.ts';
import { ErrorNote, Link, Loading, Reasons, VerdictBadge } from '../components.tsx';
import { AlertList } from '../alerts/AlertList.tsx';
import { BatteryStatement, BookingConcerns } from '../followup/BookingConcerns.tsx';
import { BatteryProjection } from '../pathway/BatteryProjection.tsx';
import { stateOf, useAlerts } from '../alerts/use-alerts.ts';
import { alertCountText, alertCounts } from '../../../src/clinic/alert-counts.ts';
import { calendarDate, date, dateTime, daysText } from '../format.ts';
import { timeline } from '../patient-timeline.tsx';
import { lowAlarm, type LowAlarm } from '../low-alarm.ts';
import { useActorNames } from '../use-actor-names.ts';
import { emptyText } from '../empty-date.ts';
import { pumpDoseTimeline } from '../chart-data.ts';
import { deliveryText } from '../not-delivering-view.ts';
import { notDelivering } from '../../../src/clinic/not-delivering.ts';
import { calculatedReservoirNl, Gauge } from '../reservoir-gauge.tsx';
import { OpioidStatusForm } from '../OpioidStatusForm.tsx';
import { PrescriptionView } from '../prescription-view.tsx';
import { AssessmentChart, DoseChart, FollowUpChart, ReservoirChart } from '../patient-charts.tsx';
import { SessionSummaryLink } from '../SessionSummaryLink.tsx';
import { RefillByWhy } from '../refill-by-why.tsx';
import { PATIENT_PAGE_PARTS, shownElsewhere } from '../reasons-shown-elsewhere.ts';

/** The low-reservoir alarm line, by the row's one rule (low-alarm.ts): never "may be alarming" beside EMPTY. */
function lowAlarmText(low: LowAlarm): string {
  switch (low.kind) {
    case 'unknown':
      return 'unknown';
    case 'empty':
      return 'passed: the reservoir is EMPTY';
    case 'low':
      return low.source === 'pump'
        ? `the pump reports a low reservoir since ${date(low.since)}: refill now`
        : `${date(low.since)} (already due: the pump may be alarming)`;
    case 'ahead':
      return `${date(low.at)} (in ${daysText(low.days)})`;
  }
}

/** Board reasons the card says elsewhere: open alerts (listed below) and the battery (its own line). */
const SAID_ELSEWHERE = shownElsewhere(PATIENT_PAGE_PARTS);

export function PatientPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const { data, setData, error } = usePatientPage(patientId, me);
  const alerts = useAlerts('all', patientId);
  const events = useMemo(() => (data === null ? [] : timeline({ ...data, patientId })), [data, patientId]);
  // The dose the pump ran, for the charts (a new prescription counts from the refill that brings it in).
  const doses = useMemo(
    () =>
      pumpDoseTimeline({
        prescriptions: data?.chain ?? [],
        implants: data?.implants ?? [],
        refills: data?.refills ?? [],
        sessions: data?.sessions ?? [],
      }),
    [data],
  );
  const who = useActorNames(
    useMemo(() => events.flatMap((e) => (e.by === undefined ? [] : [e.by])), [events]),
  );

  if (data === null) return error === null ? <Loading what="the patient" /> : <ErrorNote error={error} />;
  const { patient, row, current } = data;
  // The pump in use (never one removed without a replacement), as the server's papers and workflows read it.
  const implant = implantInUse(data.implants, data.explants);
  const removedAt = pumpRemovedAt(data.implants, data.explants) ?? undefined;
  const pending = row?.therapy?.pending ?? null;
  const stopped = row === null || removedAt !== undefined ? null : notDelivering(row);
  const reservoir = row === null ? null : calculatedReservoirNl(row, data.now);
  const P = `/patients/${encodeURIComponent(patient.id)}`;
  const quietSessions = data.sessions.filter((s) => s.diff.length === 0).length;
  const profile = PROFILES.find((p) => p.id === implant?.deviceProfileId);
  // The spasticity origin is a fact only for a patient on a spasticity drug (not for morphine for pain).
  const origin = spasticityOriginText(patient.etiology, patientDrug(current, data.implants)?.drug);
  return (
    <>
      <h1>
        {patient.name} <span className="muted">MRN {patient.mrn}</span>
      </h1>
      <p>
        Born {calendarDate(patient.birthDate)} · {origin === null ? '' : `${origin} · `}
        {ageYearsOn(patient.birthDate, data.now)} years
        {(patient.highRisk.injuryAtT6OrAbove ||
          patient.highRisk.cannotCommunicate ||
          patient.highRisk.priorWithdrawal) && <span className="tag">high withdrawal risk</span>}
      </p>
      <OpioidStatusForm
        key={patient.opioidStatus ?? 'unknown'}
        patient={patient}
        canEdit={me.role === 'physician' || me.role === 'nurse'}
        onSaved={(p) => setData({ ...data, patient: p })}
      />
      <nav aria-label="Patient actions" className="actions">
        {me.role === 'physician' && <Link to={`${P}/programming`}>Programming (dose change)</Link>}
        {(me.role === 'physician' || me.role === 'nurse') && <Link to={`${P}/refill`}>Refill wizard</Link>}
        {(me.role === 'physician' || me.role === 'nurse') && <Link to={`${P}/alarm-test`}>Alarm test</Link>}
        {(me.role === 'physician' || me.role === 'nurse') && (
          <Link to={`${P}/interrogate`}>Interrogate the pump</Link>
        )}
        {(me.role === 'physician' || me.role === 'nurse') && (
          <Link to={`${P}/event-log`}>Pump event log</Link>
        )}
        {me.role === 'physician' && <Link to={`${P}/catheter`}>Catheter change</Link>}
        {STAFF.has(me.role) && <Link to={`${P}/pathway`}>Care pathway</Link>}
        {STAFF.has(me.role) && <Link to={`${P}/appointments`}>Appointments</Link>}
        {STAFF.has(me.role) && <Link to={`${P}/mri`}>MRI preparation</Link>}
        {(me.role === 'physician' || me.role === 'nurse') && (
          <Link to={`${P}/troubleshoot`}>Troubleshoot a malfunction</Link>
        )}
        {STAFF.has(me.role) && <Link to={`${P}/trial`}>Screening trial</Link>}
        {STAFF.has(me.role) && <Link to={`${P}/complications`}>Complications</Link>}
        {STAFF.has(me.role) && <Link to={`${P}/diary`}>Symptom diary</Link>}
        {implant !== undefined && (
          <a href={`/api/v1/patients/${encodeURIComponent(patient.id)}/emergency-card.pdf`}>
            Emergency card (PDF)
          </a>
        )}
        {STAFF.has(me.role) && <SessionSummaryLink patientId={patient.id} />}
      </nav>

      <section className="card" aria-labelledby="pump-h">
        <h2 id="pump-h">Pump</h2>
        {implant === undefined ? (
          <p>
            {removedAt === undefined
              ? 'No implant recorded.'
              : `No pump in place: the last was removed on ${date(removedAt)}.`}
          </p>
        ) : (
          <p>
            Serial {implant.pumpSerial} ({profile?.name ?? implant.deviceProfileId}), implanted{' '}
            {calendarDate(implant.implantDate)}; catheter {implant.catheter.model}, tip at{' '}
            {implant.catheter.tipLevel}
          </p>
        )}
        <dl className="grid">
          <dt>
            {removedAt !== undefined
              ? 'Last prescription (no pump in place)'
              : pending === null
                ? 'Prescription'
                : 'Prescription (from the next refill)'}
          </dt>
          <dd>
            {current === null ? 'none recorded' : <PrescriptionView prescription={current.prescription} />}
          </dd>
          {/* A new prescription is not what the pump holds: the pump runs its own contents until the refill. */}
          {pending !== null && row?.therapy && (
            <>
              <dt>In the pump now</dt>
              <dd>
                <PrescriptionView prescription={row.therapy.runs} />
              </dd>
            </>
          )}
          {stopped !== null && (
            <>
              <dt>Delivery</dt>
              <dd className="result result-block">
                <strong>{deliveryText(stopped)}</strong>
              </dd>
            </>
          )}
          {/* A pump that is out has no reservoir, dates or battery to show (the board says no pump in place). */}
          {removedAt === undefined && (
            <>
              <dt>Reservoir</dt>
              <dd>
                {row === null || reservoir === null || row.basis === null ? (
                  'unknown — no refill or interrogation recorded'
                ) : (
                  <Gauge
                    valueNl={reservoir}
                    capacityNl={profile?.reservoir.value ?? row.basis.reservoirNl}
                    basis={row.basis}
                  />
                )}
              </dd>
              <dt>Low-reservoir alarm</dt>
              <dd>{row === null ? 'unknown' : lowAlarmText(lowAlarm(row, data.now))}</dd>
              <dt>Empty</dt>
              <dd>{row === null ? 'unknown' : emptyText(row, data.now, stopped !== null)}</dd>
              <dt>Refill by</dt>
              <dd>
                {!row || row.refillBy === null
                  ? 'unknown'
                  : `${date(row.refillBy)} (${row.overdue ? daysText(row.daysToRefillBy) : `in ${daysText(row.daysToRefillBy)}`})`}{' '}
                {row?.overdue === true && <VerdictBadge verdict="block" label="Overdue" />}
                {row !== null && <RefillByWhy row={row} />}
              </dd>
              <dt>Battery</dt>
              <dd>
                {!row || row.battery === null ? (
                  'not interrogated yet'
                ) : row.battery.eri === true ? (
                  STAFF.has(me.role) ? (
                    <BatteryStatement patientId={patient.id} />
                  ) : (
                    'ERI reached — plan replacement'
                  )
                ) : row.battery.eri === false ? (
                  `OK (interrogated ${date(row.battery.at)})`
                ) : (
                  'unknown'
                )}
                {STAFF.has(me.role) && row?.battery?.eri !== true && (
                  <BatteryProjection patientId={patient.id} />
                )}
              </dd>
            </>
          )}
        </dl>
        {row !== null && (
          <Reasons
            // Open alerts are listed in full below, the battery on its own line above: each said once.
            reasons={row.reasons.filter((r) => r.severity !== 'ok' && !SAID_ELSEWHERE.has(r.code))}
            title="Board reasons"
          />
        )}
        {STAFF.has(me.role) && (
          <BookingConcerns patientId={patient.id} omit={['ITB_R_CLINIC_BOOKING_PUMP_BATTERY']} />
        )}
      </section>

      <section className="card" aria-labelledby="alerts-h">
        <h2 id="alerts-h">Alerts</h2>
        <ErrorNote error={alerts.error} />
        {alerts.alerts === null ? (
          alerts.error === null && <Loading what="the alerts" />
        ) : (
          <>
            <p id="alert-counts">
              Unresolved:{' '}
              {alertCountText(alertCounts(alerts.alerts.filter((a) => stateOf(a) !== 'resolved')))}
            </p>
            <AlertList
              alerts={alerts.alerts}
              act={alerts.act}
              canAct={me.role === 'nurse' || me.role === 'physician'}
              showPatient={false}
              label="This patient's alerts"
            />
          </>
        )}
      </section>

      <section aria-labelledby="charts-h">
        <h2 id="charts-h">Charts</h2>
        <div className="charts">
          <DoseChart chain={data.chain} timeline={doses} now={data.now} removedAt={removedAt} />
          <ReservoirChart
            refills={data.refills}
            implants={data.implants}
            timeline={doses}
            now={data.now}
            removedAt={removedAt}
          />
          <AssessmentChart list={data.assessments} />
          <FollowUpChart list={data.assessments} />
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
                {e.by !== undefined && <span className="muted"> — by {who(e.by)}</span>}
                {e.extra}
              </li>
            ))}
          </ol>
        )}
        {quietSessions > 0 && (
          <p className="muted">
            {quietSessions} interrogation{quietSessions === 1 ? '' : 's'} that changed nothing not listed.
          </p>
        )}
      </section>
    </>
  );
}
