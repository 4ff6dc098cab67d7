/**
 * Codes of the clinic's therapy-records store (docs/clinic-store.md): why a store operation was refused,
 * and the reasons `verifyAudit` gives when the hash-chained audit trail no longer adds up.
 */
import { defineCodes } from '../therapy/codes.ts';

export const CLINIC_CODES = defineCodes({
  ITB_E_CLINIC_NOT_FOUND: {
    kind: 'error',
    summary: 'The record (patient, implant, alert …) does not exist.',
  },
  ITB_E_CLINIC_DUPLICATE: {
    kind: 'error',
    summary: 'A value that must be unique (MRN, e-mail, pump serial) is already recorded.',
  },
  ITB_E_CLINIC_REFERENCE: {
    kind: 'error',
    summary: 'A record refers to another that does not exist or belongs to a different patient.',
  },
  ITB_E_CLINIC_STALE_HEAD: {
    kind: 'error',
    summary: 'The prescription chain moved on since it was read: re-read the current prescription and retry.',
  },
  ITB_E_CLINIC_REFILL_CONTENTS_MISMATCH: {
    kind: 'error',
    summary:
      'A refill, or a replacement pump’s initial fill, names a drug or concentration other than the prescription it runs under: a concentration changes only by a physician’s prescription.',
  },
  ITB_E_CLINIC_TIME_OUT_OF_RANGE: {
    kind: 'error',
    summary:
      'A clinical time is later than the server’s clock (beyond 5 minutes) or earlier than the implant or birth date.',
  },
  ITB_E_CLINIC_JUSTIFICATION_REQUIRED: {
    kind: 'error',
    summary: 'A warning was overridden without a recorded justification (soft limits need one).',
  },
  ITB_E_CLINIC_BLOCKED: {
    kind: 'error',
    summary: 'A change blocked by a hard limit cannot be recorded as applied.',
  },
  ITB_E_CLINIC_ALREADY_RESOLVED: { kind: 'error', summary: 'The alert was already resolved.' },
  ITB_E_CLINIC_ALERT_CAUSE_STANDS: {
    kind: 'error',
    summary:
      'The alert cannot be resolved while its cause stands (a refill booked after refill-by; a pump stopped with no confirmed resume, or still reporting a condition that stops delivery): undo the cause and it closes by itself.',
  },
  ITB_E_CLINIC_APPOINTMENT_CLOSED: {
    kind: 'error',
    summary: 'The appointment was already attended or cancelled: book a new one.',
  },
  ITB_E_CLINIC_APPOINTMENT_INVALID: {
    kind: 'error',
    summary: 'The appointment change is not possible (a time in the past, the same time, or attended early).',
  },
  ITB_E_CLINIC_APPEND_ONLY: {
    kind: 'error',
    summary:
      'History (prescriptions, refills, sessions, audit) is append-only: an update or delete was refused.',
  },
  ITB_E_CLINIC_CORRUPT_RECORD: {
    kind: 'error',
    summary: 'A stored record no longer matches its schema or its chain links: the database was altered.',
  },
  ITB_E_CLINIC_KEY: {
    kind: 'error',
    summary: 'The at-rest encryption key is missing, malformed or readable by other users.',
  },
  ITB_E_CLINIC_DECRYPT: {
    kind: 'error',
    summary: 'Encrypted link keys do not open with this key: wrong ITB_SECRET_KEY or altered ciphertext.',
  },
  ITB_E_CLINIC_DB_URL: {
    kind: 'error',
    summary: 'The database URL is neither a SQLite path nor a postgres:// URL.',
  },
  ITB_E_CLINIC_DB_MISSING: { kind: 'error', summary: 'The SQLite database file does not exist.' },
  ITB_E_CLINIC_MIGRATION: {
    kind: 'error',
    summary: 'A schema migration failed, or the database was written by a newer itb.',
  },
  ITB_E_CLINIC_BUSY: {
    kind: 'error',
    summary: 'The database stayed locked by another writer past the busy timeout; nothing was changed.',
  },
  ITB_E_CLINIC_STORAGE: {
    kind: 'error',
    summary: 'The database failed (connection, disk, constraint); the transaction was rolled back.',
  },
  ITB_E_CLINIC_BACKUP_TARGET: {
    kind: 'error',
    summary: 'The backup target already exists or cannot be written; nothing is overwritten.',
  },
  ITB_E_CLINIC_CLOSED: { kind: 'error', summary: 'The store was used after close().' },
  ITB_E_CLINIC_ADMIN_LOCKOUT: {
    kind: 'error',
    summary:
      'The change would leave the clinic without an active administrator, or an administrator tried to disable or demote their own account.',
  },
  ITB_E_CLINIC_ROLE_CHANGE: {
    kind: 'error',
    summary:
      'A patient account cannot become a staff account or the reverse (it is tied to one patient’s record): create a new account.',
  },
  ITB_E_CLINIC_AUDIT_BROKEN: {
    kind: 'error',
    summary: 'The audit trail failed verification: an entry was edited, removed or reordered.',
  },

  // Refill bookings (booking-check.ts): the same concerns when booked and when rescheduled.
  ITB_R_CLINIC_BOOKING_PASSED: {
    kind: 'reason',
    summary:
      'The refill booking passed with no refill recorded (a missed visit): mark it attended, or cancel it and book again.',
  },
  ITB_R_CLINIC_BOOKING_AFTER_REFILL_BY: {
    kind: 'reason',
    summary:
      'The refill is booked after the projected refill-by date: a patient who trusts the booking runs dry.',
  },
  ITB_R_CLINIC_BOOKING_DELIVERY_STOPPED: {
    kind: 'reason',
    summary:
      'Delivery is stopped: a refill visit does not restart it; a physician resumes it with the restart plan.',
  },
  ITB_R_CLINIC_BOOKING_PUMP_BATTERY: {
    kind: 'reason',
    summary:
      'The pump is at its elective replacement indicator (plan the replacement with the visit; critical when its projected end of service falls before the refill-by date) or end of service (replace it now).',
  },

  // The first refill of a new pump, reconciled against the initial fill recorded with it (initial-fill.ts).
  ITB_R_CLINIC_RESIDUAL_ABOVE_INITIAL_FILL: {
    kind: 'reason',
    summary:
      'At the first refill after the implant, a residual (calculated or measured) exceeds the initial fill on record by more than the reconciliation threshold: nothing was added in between, so the fill record, the pump’s count or the drained volume is wrong.',
  },

  // Urgent symptom diary entries (diary-urgency.ts).
  ITB_R_DIARY_WITHDRAWAL_SIGNS: {
    kind: 'reason',
    summary:
      'The patient ticked withdrawal signs in the symptom diary (fever, confusion, or two early signs).',
  },
  ITB_R_DIARY_OVERDOSE_SIGNS: {
    kind: 'reason',
    summary:
      'The patient ticked overdose signs in the symptom diary (slow breathing, or drowsiness with dizziness, weakness or confusion).',
  },

  // verifyAudit findings (audit-chain.ts).
  ITB_R_AUDIT_SEQ_GAP: {
    kind: 'reason',
    summary: 'An audit sequence number is missing: an entry was deleted.',
  },
  ITB_R_AUDIT_PREV_MISMATCH: {
    kind: 'reason',
    summary: 'An audit entry does not point at the hash of the entry before it.',
  },
  ITB_R_AUDIT_HASH_MISMATCH: {
    kind: 'reason',
    summary: 'An audit entry’s content no longer matches its hash: it was edited.',
  },
  ITB_R_AUDIT_HEAD_MISMATCH: {
    kind: 'reason',
    summary: 'The recorded chain head does not match the last entry: entries were removed from the end.',
  },
} as const);

export type ClinicCode = keyof typeof CLINIC_CODES;
