/**
 * Table shapes as Kysely sees them (snake_case, as stored). Instants and integer quantities are BIGINT
 * (epoch ms, nL, ng): exact in both SQLite and PostgreSQL, read back as JS numbers (the PostgreSQL pool
 * parses INT8 with a safe-integer check). Nested data is canonical JSON in TEXT columns, validated by the
 * zod schemas in records.ts / clinical-records.ts when written and when read — TEXT rather than JSONB so
 * both databases return exactly the bytes written.
 */
import type { ColumnType } from 'kysely';

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  patient_id: string | null;
  created_at: number;
  created_by: string;
  /** Migration 0005: when and by whom the account was disabled; null while it is in use. */
  disabled_at: number | null;
  disabled_by: string | null;
}

export interface PatientsTable {
  id: string;
  mrn: string;
  name: string;
  birth_date: string;
  etiology: string;
  age_band: string;
  weight_grams: number | null;
  high_risk: string;
  clinic_contact: string;
  /** 'naive' | 'tolerant'; null until recorded (migration 0007_model_opioid_status). */
  opioid_status: string | null;
  created_at: number;
  created_by: string;
}

export interface ImplantsTable {
  id: string;
  patient_id: string;
  pump_serial: string;
  device_profile_id: string;
  implant_date: string;
  pocket_side: string;
  catheter: string;
  /** AES-256-GCM sealed link keys (secret-box.ts); never plaintext. */
  link_keys_sealed: string;
  /** Migration 0007_pathway_initial_fill: the initial fill as JSON (clinic/initial-fill.ts), or null. */
  initial_fill: string | null;
  created_at: number;
  created_by: string;
}

/**
 * Clinical events (trials, assessments, complications, programming sessions, refills — append-only — and
 * appointments): queryable columns plus a JSON body holding the rest of the record.
 */
export interface EventTable {
  id: string;
  patient_id: string;
  implant_id: string | null;
  /** When it happened (clinical time), epoch ms. */
  at: number;
  body: string;
  created_at: number;
  created_by: string;
}

/** Migration 0006_followup_appointment_status: where the appointment stands (appointment-lifecycle.ts). */
export interface AppointmentsTable extends EventTable {
  status: ColumnType<string, string | undefined, string>;
}

export interface RefillsTable extends EventTable {
  verdict: string;
}

export interface PrescriptionsTable {
  id: string;
  patient_id: string;
  /** The prescription this one replaces; null for the first. Unique: a chain never forks. */
  prior_id: string | null;
  implant_id: string | null;
  body: string;
  verdict: string;
  reasons: string;
  justification: string | null;
  created_at: number;
  created_by: string;
}

export interface AlertsTable {
  id: string;
  patient_id: string;
  implant_id: string | null;
  kind: string;
  severity: string;
  body: string;
  raised_at: number;
  raised_by: string;
  resolved_at: number | null;
  resolved_by: string | null;
  resolution: string | null;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  acknowledgement: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: number;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  details: string;
  prev_hash: string;
  hash: string;
}

/** One row (id = 1): the last audit entry's seq and hash, so entries cut from the end are detected. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface ClinicDatabase {
  users: UsersTable;
  patients: PatientsTable;
  implants: ImplantsTable;
  screening_trials: EventTable;
  prescriptions: PrescriptionsTable;
  programming_sessions: EventTable;
  refills: RefillsTable;
  assessments: EventTable;
  complications: EventTable;
  appointments: AppointmentsTable;
  /** Migration 0003: the patient's symptom diary (append-only). */
  diary_entries: EventTable;
  /** Migration 0005_pathway_records: candidacy evaluations and post-operative checks (append-only). */
  candidacy_evaluations: EventTable;
  postop_checks: EventTable;
  explants: EventTable;
  /** Migration 0006_trouble_episodes: troubleshooting episode entries (append-only). */
  troubleshooting_entries: EventTable;
  /** Migration 0010_mri_preparation: MRI scan entries (append-only). */
  mri_entries: EventTable;
  alerts: AlertsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  /** Migration 0004: sign-in sessions (not in TABLES: not exported, not audited row by row). */
  auth_sessions: AuthSessionsTable;
  /** Migration 0004: login failure counts per throttle key. */
  login_throttle: LoginThrottleTable;
  /** Migration 0005: the stored board row per patient (board-rows.ts; derived, so not in TABLES). */
  board_rows: BoardRowsTable & BoardPathwayColumns & BoardEmptyAlertColumns & BoardEosColumns;
  /** Migration 0005: each stored board row's input (apart, so sorting the rows never reads it). */
  board_records: BoardRecordsTable;
  /** Migration 0005_board_rules_version: the board rules the stored rows were computed with (one row). */
  board_rules_version: BoardRulesVersionTable;
}

/** board-rules-version.ts: the rules version of the stored board rows, and when they were last rebuilt. */
export interface BoardRulesVersionTable {
  id: number;
  version: string;
  rebuilt_at: number;
}

/** The board's input for one patient (risk-board.ts BoardPatientRecords) as JSON, beside its board row. */
export interface BoardRecordsTable {
  patient_id: string;
  records: string;
}

/** One patient's stored board row (board-rows.ts): the sort and filter columns, narrow so a sort scans little. */
export interface BoardRowsTable {
  patient_id: string;
  name: string;
  /** 0 or 1. */
  high_risk: number;
  refill_by: number | null;
  /** The projected empty instant (compared with now when read). */
  empty_at: number | null;
  /** Empty-since when the pump itself reported the reservoir empty; null otherwise. */
  reported_empty_since: number | null;
  /** 1 when the reservoir state is unknown (no refill or interrogation with a volume). */
  unknown_state: number;
  /** 1 when risk-board.ts needsAttention holds (it does not depend on time). */
  attention: number;
  eri: number;
  open_alerts: number;
  critical_alerts: number;
  computed_at: number;
}

/** A column the row's upsert (board-rows.ts) leaves out: a separate statement writes it (pathway/board-pathway.ts, alert-board-state.ts). */
type SideColumn<T> = ColumnType<T, T | undefined, T>;

/**
 * Migration 0008_pathway_board_due: the care pathway's items due, beside the board row (pathway/pathway-due.ts):
 * due from `pathway_due_at` until `pathway_due_until` (null: no end), and again from `pathway_due_again_at`.
 */
export interface BoardPathwayColumns {
  pathway_due_at: SideColumn<number | null>;
  pathway_due_until: SideColumn<number | null>;
  pathway_due_again_at: SideColumn<number | null>;
  /** The items as JSON; null only before the first rebuild after the migration. */
  pathway_due: SideColumn<string | null>;
}

/**
 * Migration 0009_board_empty_alerts: the patient's open EMPTY alerts, beside the board row
 * (alert-board-state.ts), so the board-alert check reads only the patients whose alerts must change.
 */
export interface BoardEmptyAlertColumns {
  /** Open alerts the board raised itself (cause `board-empty`). */
  board_empty_alerts: SideColumn<number>;
  /** 1 when the pump's own critical EMPTY alert is open. */
  pump_empty_alert: SideColumn<number>;
}

/**
 * Migration 0011_board_eos: the pump's projected end of service, beside the board row (pathway/board-pathway.ts),
 * compared with now when read (board-page.ts): a pump past it is in the board's top tier.
 */
export interface BoardEosColumns {
  /** The pump in place's projected EOS; null without a pump with a battery, or before the first rebuild. */
  eos_at: SideColumn<number | null>;
}

export interface AuthSessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  address: string | null;
  user_agent: string | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  last_failure: number;
  locked_until: number;
}

/** Event tables that share {@link EventTable}'s columns. */
export type EventTableName =
  | 'screening_trials'
  | 'programming_sessions'
  | 'refills'
  | 'assessments'
  | 'complications'
  | 'appointments'
  | 'diary_entries'
  | 'candidacy_evaluations'
  | 'postop_checks'
  | 'explants'
  | 'troubleshooting_entries'
  | 'mri_entries';

/** Every table, in an order that respects foreign keys (for exports). */
export const TABLES = [
  'patients',
  'users',
  'implants',
  'screening_trials',
  'prescriptions',
  'programming_sessions',
  'refills',
  'assessments',
  'complications',
  'appointments',
  'diary_entries',
  'candidacy_evaluations',
  'postop_checks',
  'explants',
  'troubleshooting_entries',
  'mri_entries',
  'alerts',
  'audit_log',
  'audit_head',
] as const satisfies readonly (keyof ClinicDatabase)[];

/** Tables whose rows may never be updated or deleted (docs/architecture.md principle 8); guarded by triggers. */
export const APPEND_ONLY_TABLES = [
  'prescriptions',
  'programming_sessions',
  'refills',
  'screening_trials',
  'assessments',
  'complications',
  'audit_log',
] as const satisfies readonly (keyof ClinicDatabase)[];
