/**
 * Whose inbox an alert is in: what each role must act on (docs/workflows.md "Alerts per role"). The nurse
 * runs refills and the follow-up of what the pump reports (low or empty reservoir, refill due, a residual
 * that did not reconcile, alarms, ERI to book the replacement, a patient at withdrawal risk to call in);
 * the physician decides therapy (a residual that did not reconcile — catheter or pump fault —, ERI for the
 * replacement surgery, withdrawal and overdose risk). A critical alert is in every clinician's inbox: it
 * must never wait for the right person to look (docs/clinical-reference.md §2, boxed warning). An alert of
 * a kind not named here ('other') goes to both, so nothing raised is in nobody's inbox. Viewers read every
 * alert and act on none; admins run accounts, not therapy, and have no inbox.
 */
import type { Alert } from './clinical-records.ts';
import type { UserRole } from './records.ts';

/** The clinical roles that act on each kind of alert (below critical). */
export const ALERT_ACTORS: Readonly<Record<Alert['kind'], readonly UserRole[]>> = {
  'low-reservoir': ['nurse'],
  'refill-due': ['nurse'],
  'residual-discrepancy': ['nurse', 'physician'],
  'battery-eri': ['nurse', 'physician'],
  'withdrawal-risk': ['nurse', 'physician'],
  'overdose-risk': ['physician'],
  'pump-alarm': ['nurse'],
  // The nurse calls the patient in; the physician (with the implanting surgeon) decides on the wound.
  'postop-concern': ['nurse', 'physician'],
  // The nurse interrogates the pump after the scan; the physician decides on a valve pump's reset and dose.
  'mri-follow-up': ['nurse', 'physician'],
  other: ['nurse', 'physician'],
};

/** Whether `alert` is in `role`'s inbox: a critical alert for every clinician, else by its kind. */
export function inInboxOf(role: UserRole, alert: Pick<Alert, 'kind' | 'severity'>): boolean {
  if (role === 'viewer') return true;
  if (role !== 'nurse' && role !== 'physician') return false;
  return alert.severity === 'critical' || ALERT_ACTORS[alert.kind].includes(role);
}
