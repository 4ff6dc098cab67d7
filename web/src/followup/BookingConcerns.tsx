/**
 * What the refill-booking check says about the patient's open refill booking (src/clinic/booking-check.ts:
 * booked after refill-by or after the pump runs empty, delivery stopped, the pump at ERI or EOS; or a
 * refill booking that passed with no refill recorded, a missed visit), shown
 * where a booking is made, moved or stands — the appointments page, the patient page and the refill
 * wizard once it has booked the next refill. Read from `GET …/dates`, the one projection's answer, so every
 * page says what the booking routes said. Critical when the patient goes without drug before the visit.
 */
import { useEffect, useState } from 'react';
import { api, errorText, type Reason } from '../api.ts';
import { ErrorNote, VerdictBadge } from '../components.tsx';
import { dateTime } from '../format.ts';
import { reasonText } from '../reason-text.ts';

interface StandingBooking {
  readonly booking: { readonly at: number; readonly id: string } | null;
  /** With no open booking, the refill booking that passed with no refill (a missed visit). */
  readonly passedBooking?: { readonly at: number; readonly id: string } | null;
  readonly concerns: readonly Reason[];
  /** The battery said once (src/clinic/battery-concern.ts): EOS, or ERI with its EOS against refill-by. */
  readonly battery: Reason | null;
}

/** The open refill booking and its concerns; read again whenever `version` changes (after a write). */
function useStandingBooking(patientId: string, version: unknown) {
  const [standing, setStanding] = useState<StandingBooking | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.get<StandingBooking>(`/api/v1/patients/${encodeURIComponent(patientId)}/dates`).then(
      (d) => live && setStanding(d),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [patientId, version]);
  return { standing, error };
}

export function BookingConcerns({
  patientId,
  version,
  omit = [],
}: {
  readonly patientId: string;
  /** Anything that changes when the booking may have changed (the page's last write). */
  readonly version?: unknown;
  /** Concern codes the page says elsewhere (the patient page's battery line says the battery). */
  readonly omit?: readonly string[];
}) {
  const { standing, error } = useStandingBooking(patientId, version);
  if (error !== null) return <ErrorNote error={`The booking check could not be read: ${error}`} />;
  // The open booking's concerns, or the one concern of a booking that passed with no refill.
  const booking = standing?.booking ?? standing?.passedBooking ?? null;
  const concerns = (standing?.concerns ?? []).filter((c) => !omit.includes(c.code));
  if (booking === null || concerns.length === 0) return null;
  const passed = standing?.booking === null && booking !== null;
  const critical = concerns.some((c) => c.severity === 'block');
  return (
    <div
      className={`result result-${critical ? 'block' : 'warn'}`}
      role={critical ? 'alert' : 'status'}
      data-testid="booking-concerns"
    >
      <p>
        <VerdictBadge verdict={critical ? 'block' : 'warn'} label={critical ? 'Critical' : 'Warning'} />{' '}
        <strong>
          {passed ? 'Missed refill visit:' : `The booked refill on ${dateTime(booking.at)} needs attention:`}
        </strong>
      </p>
      <ul className="reasons">
        {concerns.map((c) => (
          <li key={c.code} className={`reason reason-${c.severity}`}>
            <VerdictBadge verdict={c.severity} label={c.severity === 'block' ? 'Critical' : 'Warning'} />{' '}
            {reasonText(c).text}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The patient page's battery line when the pump is at ERI or EOS: the server's one battery statement
 * (critical when end of service comes before the refill-by date), said here and nowhere else on the card.
 */
export function BatteryStatement({ patientId }: { readonly patientId: string }) {
  const { standing, error } = useStandingBooking(patientId, null);
  if (error !== null) return <ErrorNote error={`The battery could not be read: ${error}`} />;
  const battery = standing?.battery ?? null;
  if (battery === null) return <>ERI reached — plan replacement</>;
  const critical = battery.severity === 'block';
  return (
    <span data-testid="battery-statement" role={critical ? 'alert' : undefined}>
      <VerdictBadge verdict={critical ? 'block' : 'warn'} label={critical ? 'Critical' : 'Warning'} />{' '}
      {reasonText(battery).text}
    </span>
  );
}
