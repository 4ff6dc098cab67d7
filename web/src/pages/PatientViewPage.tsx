/**
 * What a `patient` account sees at /: the next refill date, the prescription in plain words, what each pump
 * alarm sounds like and what to do, the signs of withdrawal and overdose, the emergency card, and the
 * symptom diary. Plain language, short sentences; the clinic's phone number next to every "call the clinic".
 *
 * The refill date is the booked refill appointment when there is one; otherwise it is calculated like the
 * clinic's board (src/therapy/projection.ts from the last refill and the prescription in force) and says so.
 */
import { useServerNow } from '../use-server-now.ts';
import type { Me } from '../api.ts';
import { ErrorNote, Loading } from '../components.tsx';
import { date } from '../format.ts';
import { actorLabel } from '../use-actor-names.ts';
import { plainConcentration, plainNextRefill, plainPrescription, pumpTitle } from '../patient-words.ts';
import { Diary } from './DiaryPage.tsx';
import { PatientWarningSigns } from '../patient-warning-signs.tsx';
import { onlyTheClinicsStop, patientDeliveryText } from '../not-delivering-view.ts';
import { implantInUse, pumpRemovedAt } from '../../../src/clinic/implant-in-use.ts';
import { patientDrug } from '../../../src/clinic/patient-drug.ts';
import { usePatientView, type Data } from './use-patient-view.ts';

/** docs/clinical-reference.md §3 "Alarms" [C]; what to do: withdrawal can kill within days (boxed warning). */
const NON_CRITICAL = [
  ['Low reservoir', 'The medicine is running low.'],
  ['Battery replacement due (ERI)', 'The pump must be replaced within about 90 days.'],
  ['Memory error (non-critical)', 'The pump found a problem in its memory.'],
] as const;
const CRITICAL = [
  ['Empty reservoir', 'The pump has no medicine left: you are not getting your medicine.'],
  ['End of service', 'The battery is finished: the pump has stopped.'],
  ['Motor stall', 'The pump motor has stopped: no medicine is flowing.'],
  ['Low-battery reset', 'The pump dropped to a very low rate: almost no medicine.'],
  ['Critical memory error', 'The pump may have stopped giving medicine.'],
] as const;

/** The next refill: the open booking if there is one, else the refill-by date of the one projection. */
function nextRefill(d: Data): { at: number; booked: boolean; refillBy: number | null } | null {
  const { booking, refillBy } = d.dates;
  if (booking !== null) return { at: booking.at, booked: true, refillBy };
  return refillBy === null ? null : { at: refillBy, booked: false, refillBy };
}

export function PatientViewPage({ me }: { readonly me: Me }) {
  const serverNow = useServerNow();
  const id = me.patientId ?? '';
  const { data, error } = usePatientView(id);

  if (data === null) return error === null ? <Loading what="your pump" /> : <ErrorNote error={error} />;
  const now = serverNow();
  // A pump removed and not replaced: no refill, prescription or alarms to show (implant-in-use.ts).
  const inUse = implantInUse(data.implants, data.explants);
  const removedAt = pumpRemovedAt(data.implants, data.explants) ?? undefined;
  const next = nextRefill(data);
  const missed = data.dates.passedBooking ?? null;
  // What the pump gives is what it holds now; a new prescription is said as what the next refill brings.
  const inPump = data.dates.therapy?.runs ?? data.current?.prescription ?? null;
  const pending = data.dates.therapy?.pending ?? null;
  // The drug whose words the page says (warning signs, diary) is the one in the pump, as on the card.
  const drug = patientDrug(inPump === null ? null : { prescription: inPump }, data.implants)?.drug ?? null;
  const { clinic, phone, afterHoursPhone } = data.patient.clinicContact;
  const link = (n: string) => <a href={`tel:${n.replace(/[^+\d]/g, '')}`}>{n}</a>;
  // Both numbers wherever the patient is told to call, as on the emergency card: an alarm sounds at night too.
  const tel = (
    <>
      {link(phone)}
      {afterHoursPhone !== undefined && <> (after hours {link(afterHoursPhone)})</>}
    </>
  );
  const call = (
    <>
      call {clinic} on {tel}
    </>
  );
  const Call = (
    <>
      Call {clinic} on {tel}
    </>
  );
  // What a critical alarm tells the patient to do, and the banner of a pump that stopped for any reason
  // but the clinic's own stop.
  const callNow = (
    <>
      <strong>{Call} now.</strong> If you cannot reach them, or you have any sign of withdrawal below,{' '}
      <strong>go to the emergency department</strong> and show your emergency card.
    </>
  );
  const stopped = data.dates.notDelivering;
  const emptyAt = data.dates.emptyAt;
  return (
    <>
      <h1>
        {removedAt === undefined ? pumpTitle(inPump) : 'Your care'} — {data.patient.name}
      </h1>

      {removedAt === undefined ? (
        <>
          {stopped !== null && (
            <p className="result result-block big" role="alert">
              <strong>{patientDeliveryText(stopped)}</strong>{' '}
              {onlyTheClinicsStop(stopped) ? (
                <>
                  {Call} today if nobody has told you why, and go to the emergency department at once if you
                  have the signs of withdrawal below.
                </>
              ) : (
                callNow
              )}
            </p>
          )}
          <section className="card" aria-labelledby="next-h">
            <h2 id="next-h">Next refill</h2>
            {next === null ? (
              <p className="big">Not known yet — {call} to book it.</p>
            ) : (
              <p className="big">
                <strong>{date(next.at)}</strong>
                {next.booked
                  ? ' (booked)'
                  : ' at the latest (calculated from your pump and your last refill — the clinic will confirm the day)'}
                {next.booked && next.refillBy !== null && next.at > next.refillBy && (
                  <>
                    .{' '}
                    <strong>
                      Your pump needs refilling by {date(next.refillBy)}, before this booking: {call}.
                    </strong>
                  </>
                )}
                {next.at < now && (
                  <>
                    . <strong>This date has passed: {call} today.</strong>
                  </>
                )}
              </p>
            )}
            {data.dates.booking === null && missed !== null && (
              <p className="big">
                <strong>
                  Your refill appointment on {date(missed.at)} has passed and no refill is recorded: {call} to
                  book it again.
                </strong>
              </p>
            )}
            {stopped === null && emptyAt !== null && emptyAt > now && (
              <p>
                If it is not refilled, your pump runs out of medicine on <strong>{date(emptyAt)}</strong>.
              </p>
            )}
            <p>Never let the pump run empty. Keep every refill appointment.</p>
          </section>

          <section className="card" aria-labelledby="rx-h">
            <h2 id="rx-h">Your prescription</h2>
            <p>
              {inPump === null
                ? 'No prescription is recorded yet.'
                : plainPrescription(inPump, data.dates.notDelivering === null)}
            </p>
            {inPump !== null && plainConcentration(inPump) !== null && <p>{plainConcentration(inPump)}</p>}
            {pending !== null && plainNextRefill(pending) !== null && (
              <p>
                <strong>{plainNextRefill(pending)}</strong>
              </p>
            )}
            {data.names.prescribedBy !== null && (
              <p>
                Prescribed by {actorLabel(data.names.prescribedBy)}
                {data.names.prescribedAt === null ? '' : ` on ${date(data.names.prescribedAt)}`}.
              </p>
            )}
            {pending !== null && data.names.pendingPrescribedBy !== null && (
              <p>
                The change from your next refill was prescribed by{' '}
                {actorLabel(data.names.pendingPrescribedBy)}.
              </p>
            )}
            {data.names.lastRefill !== null && (
              <p>
                Last refilled on {date(data.names.lastRefill.at)} by {actorLabel(data.names.lastRefill.by)}.
              </p>
            )}
          </section>

          <section className="card" aria-labelledby="alarm-h">
            <h2 id="alarm-h">Pump alarms: what they sound like and what to do</h2>
            <p className="callout">
              <strong>Never rely on the alarm alone.</strong> You may not hear it (a deep pump, hearing loss,
              a noisy room). Watch for the signs below and keep your refill dates.
            </p>
            <div className="alarm">
              <h3>Single tone for one second, about every hour</h3>
              <ul>
                {NON_CRITICAL.map(([name, what]) => (
                  <li key={name}>
                    <strong>{name}:</strong> {what}
                  </li>
                ))}
              </ul>
              <p>
                <strong>What to do:</strong> {Call} the same day.
              </p>
            </div>
            <div className="alarm alarm-critical">
              <h3>Two tones for three seconds, repeating</h3>
              <ul>
                {CRITICAL.map(([name, what]) => (
                  <li key={name}>
                    <strong>{name}:</strong> {what}
                  </li>
                ))}
              </ul>
              <p>
                <strong>What to do:</strong> {callNow}
              </p>
            </div>
          </section>
        </>
      ) : (
        <section className="card" aria-labelledby="out-h">
          <h2 id="out-h">Your pump</h2>
          <p className="big">
            Your pump was removed on {date(removedAt)}: there is no pump to refill, and no pump alarm to
            listen for.
          </p>
          <p>{Call} with any question about your treatment.</p>
        </section>
      )}

      <section className="card" aria-labelledby="signs-h">
        <h2 id="signs-h">Warning signs</h2>
        <PatientWarningSigns drug={drug} call={Call} />
        {inUse !== undefined && (
          <p>
            <a href={`/api/v1/patients/${encodeURIComponent(id)}/emergency-card.pdf`}>Emergency card (PDF)</a>{' '}
            — print it and carry it with you; it tells emergency staff about your pump.
          </p>
        )}
      </section>

      <section aria-labelledby="diary-h">
        <h2 id="diary-h">Symptom diary</h2>
        <p>Write down how you are, so your clinic can see how the treatment is going at your next visit.</p>
        <Diary patientId={id} canWrite drug={drug} />
      </section>
    </>
  );
}
