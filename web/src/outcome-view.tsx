/**
 * What a write to the pump came to (`…/titration/apply`, `…/refill/apply`), as a clinician reads it: the
 * read-back in words, what was recorded (prescription, refill, next appointment), and every alert raised.
 * Ids are kept so the record can be found; nothing is hidden behind JSON.
 */
import { dateTime, mL } from './format.ts';
import { READBACK_TEXT } from '../../src/programmer/write-text.ts';
import { pumpReasonText } from './reason-text.ts';

export interface Write {
  readonly op?: string;
  readonly commandId?: string;
  readonly status?: string;
  readonly pumpReasons?: readonly { readonly code: string; readonly severity: string }[];
  readonly error?: string;
}
export interface WriteOutcome {
  readonly status?: string;
  readonly write?: Write;
  readonly bridge?: Write | null;
  readonly refill?: {
    readonly id: string;
    readonly volumeAddedNl: number;
    readonly reconciliation?: { readonly verdict?: string };
  };
  readonly session?: { readonly id: string };
  readonly prescription?: { readonly id: string } | null;
  readonly chainError?: string | null;
  readonly appointment?: { readonly id: string; readonly at: number } | null;
  readonly alerts?: readonly { readonly severity: string; readonly message: string }[];
}

const writeText = (w: Write | null | undefined): string =>
  w === null || w === undefined
    ? 'none'
    : [
        w.status ?? 'unknown',
        w.error === undefined ? '' : `refused: ${w.error}`,
        (w.pumpReasons ?? []).length === 0
          ? ''
          : `pump says: ${(w.pumpReasons ?? []).map(pumpReasonText).join('; ')}`,
        w.commandId === undefined ? '' : `command ${w.commandId}`,
      ]
        .filter((s) => s !== '')
        .join(' — ');

/**
 * The write's read-back in words. A write refused because the pump's state version moved since the
 * interrogation (a second tab, another programmer or a colleague changed it first: compare-and-set,
 * docs/architecture.md step 4) says so: "The pump refused the change" alone left a clinician looking
 * at a pump that now runs a dose they did not send, with only a code to tell them why.
 */
export function readBackText(outcome: WriteOutcome): string {
  const text = outcome.status === undefined ? 'no status' : (READBACK_TEXT[outcome.status] ?? outcome.status);
  const conflict =
    (outcome.write?.pumpReasons ?? []).some((r) => r.code === 'ITB_R_PUMP_VERSION_CONFLICT') ||
    (outcome.write?.error ?? '').includes('ITB_E_PUMP_VERSION_CONFLICT');
  return conflict
    ? `${text} The pump was changed after you interrogated it (from another tab, programmer or colleague); what it runs now is shown here. Check your change against it before sending again.`
    : text;
}

export function OutcomeView({
  outcome,
  caption,
}: {
  readonly outcome: WriteOutcome;
  readonly caption: string;
}) {
  const rows: [string, string][] = [
    ['Read-back', readBackText(outcome)],
    ['Pump write', writeText(outcome.write)],
  ];
  if (outcome.bridge !== undefined)
    rows.push(['Bridge bolus', outcome.bridge === null ? 'not needed' : writeText(outcome.bridge)]);
  if (outcome.refill !== undefined) {
    rows.push([
      'Refill recorded',
      `${mL(outcome.refill.volumeAddedNl)} added; reconciliation ${outcome.refill.reconciliation?.verdict ?? 'unknown'} (record ${outcome.refill.id})`,
    ]);
  }
  if (outcome.prescription !== undefined) {
    rows.push([
      'Prescription recorded',
      outcome.prescription === null
        ? 'no new prescription recorded'
        : `yes (record ${outcome.prescription.id})`,
    ]);
  }
  if (outcome.chainError !== undefined && outcome.chainError !== null)
    rows.push(['Record problem', outcome.chainError]);
  if (outcome.appointment !== undefined) {
    rows.push([
      'Next refill booked',
      outcome.appointment === null ? 'NOT booked — book it now' : dateTime(outcome.appointment.at),
    ]);
  }
  rows.push([
    'Alerts raised',
    (outcome.alerts ?? []).length === 0
      ? 'none'
      : (outcome.alerts ?? []).map((a) => `${a.severity}: ${a.message}`).join('; '),
  ]);
  if (outcome.session !== undefined) rows.push(['Programming session', outcome.session.id]);
  return (
    <table className="facts">
      <caption>{caption}</caption>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
