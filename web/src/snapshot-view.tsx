/**
 * What an interrogation read from the pump, in clinician units (the link sends nanounits: ng/mL, ng/day,
 * nL). Fields this view does not know are listed as they came, so nothing the pump said is hidden.
 */
import { patientBolusJson, patientBolusText } from '../../src/programmer/patient-bolus-text.ts';
import type { PatientBolusConfig } from '../../src/therapy/patient-bolus-rules.ts';
import type { PrescriptionJson } from '../../src/therapy/prescription-json.ts';
import { concentrationText, doseText, massText } from '../../src/therapy/drug-display.ts';
import { dateTime, mL, prescriptionText } from './format.ts';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const or = <T,>(v: T | null, f: (x: T) => string) => (v === null ? 'unknown' : f(v));

/**
 * Status fields in the order a clinician reads them, each with its unit: doses and strengths in the unit of
 * the drug the pump reports (drug-display.ts: morphine in mg).
 */
const STATUS_ROWS: readonly (readonly [string, string, (v: unknown, drug?: string) => string])[] = [
  ['pumpTime', 'Pump clock', (v) => or(num(v), dateTime)],
  ['drug', 'Drug in the reservoir', (v) => (typeof v === 'string' ? v : 'unknown')],
  ['concentration', 'Concentration', (v, drug) => or(num(v), (n) => concentrationText(n, drug))],
  ['doseRate', 'Dose rate now', (v, drug) => or(num(v), (n) => doseText(n, drug))],
  ['flow', 'Flow now', (v) => or(num(v), (n) => `${mL(n, 4)}/day`)],
  ['reservoir', 'Reservoir (calculated by the pump)', (v) => or(num(v), (n) => mL(n))],
  ['lowReservoirThreshold', 'Low-reservoir alarm at', (v) => or(num(v), (n) => mL(n))],
  ['bolusRemaining', 'Bolus still to deliver', (v, drug) => or(num(v), (n) => massText(n, drug))],
  ['batteryPercent', 'Battery', (v) => or(num(v), (n) => `${n} %`)],
  [
    'alarms',
    'Active alarms',
    (v) => (Array.isArray(v) ? (v.length === 0 ? 'none' : v.map(String).join(', ')) : 'unknown'),
  ],
  ['suspended', 'Suspended', (v) => (v === true ? 'YES — not delivering' : v === false ? 'no' : 'unknown')],
  ['motorStalled', 'Motor stalled', (v) => (v === true ? 'YES' : v === false ? 'no' : 'unknown')],
];
const KNOWN = new Set(['mode', 'stateVersion', 'utcOffsetMinutes', ...STATUS_ROWS.map(([k]) => k)]);

export function SnapshotView({ snapshot }: { readonly snapshot: Record<string, unknown> }) {
  const status = (snapshot['status'] ?? {}) as Record<string, unknown>;
  const rx = snapshot['prescription'] as PrescriptionJson | undefined;
  const extra = Object.entries(status).filter(([k]) => !KNOWN.has(k));
  return (
    <table className="facts">
      <caption>Pump snapshot</caption>
      <tbody>
        <tr>
          <th scope="row">Programme running</th>
          <td>{rx === undefined ? 'unknown' : prescriptionText(rx)}</td>
        </tr>
        {'patientBolus' in snapshot && (
          <tr>
            <th scope="row">Patient-controlled bolus</th>
            <td>
              {patientBolusText(
                patientBolusJson(snapshot['patientBolus'] as PatientBolusConfig | null),
                typeof status['drug'] === 'string' ? status['drug'] : undefined,
              )}
            </td>
          </tr>
        )}
        {STATUS_ROWS.map(([key, label, show]) => (
          <tr key={key}>
            <th scope="row">{label}</th>
            <td>{show(status[key], typeof status['drug'] === 'string' ? status['drug'] : undefined)}</td>
          </tr>
        ))}
        {extra.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{typeof v === 'string' ? v : JSON.stringify(v)}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">State version</th>
          <td>{or(num(snapshot['stateVersion']), String)}</td>
        </tr>
      </tbody>
    </table>
  );
}
