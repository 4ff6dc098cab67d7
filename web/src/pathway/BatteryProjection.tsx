/**
 * The patient card's battery projection (`GET P/pathway`, the same projection the care pathway page and
 * the board's replacement list read): when the pump in place is projected to reach ERI and EOS, and the
 * surgery-by date once replacement is due. Nothing for a pump without a battery. The card shows it only
 * before ERI: at ERI the battery statement says ERI and the projected EOS once (BookingConcerns.tsx).
 */
import { useEffect, useState } from 'react';
import { api, errorText } from '../api.ts';
import { ErrorNote } from '../components.tsx';
import { dateTime } from '../format.ts';
import type { PathwayView } from './use-pathway.ts';

export function BatteryProjection({ patientId }: { readonly patientId: string }) {
  const [battery, setBattery] = useState<PathwayView['battery'] | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .get<PathwayView>(`/api/v1/patients/${encodeURIComponent(patientId)}/pathway`)
      .then((v) => setBattery(v.battery))
      .catch((e: unknown) => setError(errorText(e)));
  }, [patientId]);
  if (error !== null) return <ErrorNote error={`The battery projection could not be read: ${error}`} />;
  if (battery === undefined || battery === null) return null;
  return (
    <div data-testid="battery-projection">
      {battery.eriReported ? 'ERI reported by the pump' : `ERI projected ${dateTime(battery.eriAt)}`}; EOS
      projected {dateTime(battery.eosAt)}
      {battery.plan.eosPassed ? (
        <strong>; that day has passed: the pump may have stopped delivering — replace it now</strong>
      ) : battery.plan.due ? (
        `; replacement due — surgery by ${dateTime(battery.plan.surgeryBy)}`
      ) : (
        ''
      )}
    </div>
  );
}
