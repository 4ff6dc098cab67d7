/**
 * Alarm settings (physicians): the low-reservoir alarm threshold and, where the pump has alarms, the
 * repeat interval. The plan, from a fresh interrogation, shows the device profile's ranges and before →
 * after; a value outside the range cannot be confirmed, and a threshold below the default needs a reason
 * (less time to refill before the pump runs dry). The repeat interval is not readable from the pump, so
 * the result says it was accepted, not read back.
 */
import { drugEmergency } from '../../../src/therapy/drug-emergency.ts';
import type { Me } from '../api.ts';
import { ErrorNote, Link, Reasons, VerdictBadge } from '../components.tsx';
import { mL, num } from '../format.ts';
import { PatientBanner, usePatientIdentity } from '../PatientBanner.tsx';
import { useLeaveGuard } from '../router.ts';
import { ControlResultView } from './ControlResultView.tsx';
import { useAlarmSettings } from './use-alarm-settings.ts';

const LABEL: Record<string, { name: string; show: (v: number) => string }> = {
  lowReservoirThreshold: { name: 'Low-reservoir threshold', show: (v) => mL(v) },
  criticalRepeatMs: { name: 'Alarm repeat interval', show: (v) => `${num(v / 60_000, 0)} min` },
};

export function AlarmSettingsPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const who = usePatientIdentity(patientId);
  const s = useAlarmSettings(patientId);
  useLeaveGuard(s.plan !== null ? 'The alarm settings have not been sent: leave?' : null);
  if (me.role !== 'physician') return <p>Only physicians change the pump's alarm settings.</p>;
  const warn = s.plan?.guardrail.verdict === 'warn';
  const blocked = s.plan?.guardrail.verdict === 'block';
  const base = `/patients/${encodeURIComponent(patientId)}`;
  const ranges = s.plan?.ranges;
  return (
    <>
      <h1>Alarm settings</h1>
      <p>
        <Link to={base}>Back to the patient</Link> ·{' '}
        <Link to={`${base}/controls`}>Stop or resume delivery</Link>
      </p>
      <PatientBanner patientId={patientId} identity={who.identity} error={who.error} />
      <p>
        The low-reservoir alarm warns the patient before the pump runs dry; an empty pump stops the drug:{' '}
        {drugEmergency(who.identity?.drug ?? null).stopped} Leave a field empty to keep the pump's setting.
      </p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void s.prepare();
        }}
      >
        <label>
          Low-reservoir threshold (mL)
          <input value={s.threshold} onChange={(e) => s.setThreshold(e.target.value)} inputMode="decimal" />
        </label>
        <label>
          Alarm repeat interval (minutes)
          <input value={s.repeat} onChange={(e) => s.setRepeat(e.target.value)} inputMode="numeric" />
        </label>
        <button type="submit" disabled={s.busy || (s.threshold.trim() === '' && s.repeat.trim() === '')}>
          Check the settings
        </button>
      </form>
      <ErrorNote error={s.error} />
      {s.plan !== null && ranges !== undefined && (
        <section aria-label="Review">
          <h2>
            Review <VerdictBadge verdict={s.plan.guardrail.verdict} />
          </h2>
          <ul>
            <li>
              Threshold range: {mL(ranges.lowReservoir.value.min)}–{mL(ranges.lowReservoir.value.max)},
              default {mL(ranges.lowReservoir.value.default)} [{ranges.lowReservoir.confidence}]
            </li>
            <li>
              {ranges.criticalRepeat === null
                ? 'This pump has no programmable alarm interval.'
                : `Repeat interval range: ${num(ranges.criticalRepeat.value.min / 60_000, 0)}–${num(ranges.criticalRepeat.value.max / 60_000, 0)} min [${ranges.criticalRepeat.confidence}]`}
            </li>
          </ul>
          <table>
            <thead>
              <tr>
                <th>Setting</th>
                <th>Now</th>
                <th>After</th>
              </tr>
            </thead>
            <tbody>
              {s.plan.diff.map((d) => {
                const l = LABEL[d.path] ?? { name: d.path, show: String };
                return (
                  <tr key={d.path}>
                    <td>{l.name}</td>
                    <td>{d.before === null ? 'not reported by the pump' : l.show(d.before)}</td>
                    <td>{l.show(d.after)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <Reasons reasons={s.plan.guardrail.reasons} title={blocked ? 'Refused' : 'Warnings'} />
          {warn && (
            <label>
              Why (recorded with the change)
              <textarea value={s.justification} onChange={(e) => s.setJustification(e.target.value)} />
            </label>
          )}
          <button
            type="button"
            disabled={
              s.busy || blocked || s.plan.diff.length === 0 || (warn && s.justification.trim() === '')
            }
            onClick={() => void s.confirm()}
          >
            Confirm: change the alarm settings
          </button>
        </section>
      )}
      {s.result !== null && (
        <>
          <ControlResultView result={s.result} />
          {s.result.notReadBack.length > 0 && (
            <p>The pump accepted the repeat interval, but it cannot be read back over the link.</p>
          )}
        </>
      )}
    </>
  );
}
