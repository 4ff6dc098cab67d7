/**
 * The clinic's therapy-records store: one interface, two implementations (SQLite by default, PostgreSQL
 * for a `postgres://` URL; see open-store.ts). Rules every implementation keeps (docs/clinic-store.md):
 *
 * - Every write and its audit entry commit in ONE transaction: either both are there or neither.
 * - Every view of a patient's records names an actor and writes an audit entry ("who saw what").
 * - History is append-only: prescriptions, programming sessions, refills, trials, assessments and
 *   complications are never updated or deleted (database triggers refuse it too).
 * - The audit trail is hash-chained; {@link ClinicStore.verifyAudit} detects an edited or removed entry.
 * - Refusals are `ItbError`s (therapy/codes.ts) with a code from clinic/codes.ts or therapy/codes.ts; a refused
 *   operation changes nothing.
 */
import type { OpioidStatus } from '../therapy/drug.ts';
import type { PumpReplacement, PumpReplacementInput } from './pathway/pump-replacement.ts';
import type { AuditVerification } from './audit-chain.ts';
import type { ClosedBy } from './alert-closing.ts';
import type { ActorName } from './actor-names.ts';
import type { OwnPasswordChange, UserAccount } from './user-admin-repo.ts';
import type { AuthSessionRecord, LoginThrottleRecord, NewAuthSession } from './auth-sessions-repo.ts';
import type { AppointmentAction } from './appointment-lifecycle.ts';
import type {
  Alert,
  AlertInput,
  Appointment,
  AppointmentInput,
  Assessment,
  AssessmentInput,
  Complication,
  ComplicationInput,
  PrescriptionRecord,
  ProgrammingSession,
  ProgrammingSessionInput,
  Refill,
  RefillInput,
  Trial,
  TrialInput,
} from './clinical-records.ts';
import type { DiaryEntry, DiaryEntryInput } from './diary-records.ts';
import type { DialectName } from './migrations.ts';
import type { Evaluation, EvaluationInput } from './pathway/evaluation-records.ts';
import type { PostOpCheck, PostOpCheckInput } from './pathway/postop-checks.ts';
import type { Explant, ExplantInput } from './pathway/explant-records.ts';
import type {
  CloseEpisodeInput,
  Episode,
  EpisodeStepInput,
  OpenEpisodeInput,
} from './troubleshooting/episode-records.ts';
import type {
  MriAcceptanceInput,
  MriDoneInput,
  MriReadyInput,
  MriScan,
  PlanMriInput,
} from './mri/mri-records.ts';
import type { BoardPatientRecords } from './risk-board.ts';
import type { BoardPageQuery } from './board-page.ts';
import type { BoardView, RemindersQuery, RemindersRead } from './board-read.ts';
import type {
  ActorContext,
  CatheterInput,
  Implant,
  ImplantInput,
  LinkKeys,
  Patient,
  PatientInput,
  User,
  UserInput,
  UserRole,
} from './records.ts';

/** An audit entry as returned to callers (`details` parsed). */
export interface AuditEntry {
  readonly seq: number;
  readonly at: number;
  readonly actor: string;
  /** `create`, `view`, `list`, `resolve`, `view-keys`, `backup`. */
  readonly action: string;
  /** `patient`, `implant`, `prescription`, `refill` … or `audit`/`database`. */
  readonly entity: string;
  readonly entityId: string;
  readonly details: unknown;
  readonly prevHash: string;
  readonly hash: string;
}

/** A refused request: its route (`METHOD /path` as registered), why, and the patient it named, if any. */
export interface Refusal {
  readonly route: string;
  readonly reason: string;
  readonly patientId?: string;
  /** Set on an entry that counts refusals not listed one by one (server/auth/refusal-budget.ts). */
  readonly tally?: RefusalTally;
}

/** Refusals of one account counted together: how many, the first and last (ISO), and how many per route. */
export interface RefusalTally {
  readonly count: number;
  readonly first: string;
  readonly last: string;
  readonly routes: Readonly<Record<string, number>>;
  /** On the entry that sums what no entry of its own could take: how many patients it named. */
  readonly patients?: number;
}

export interface AuditFilter {
  readonly entity?: string;
  readonly entityId?: string;
  readonly actor?: string;
  /** `create`, `view`, `disable` … */
  readonly action?: string;
  /** Entries about this patient or any of the patient's records (audit-filter.ts). */
  readonly patientId?: string;
  /** Entries at or after this instant (epoch ms). */
  readonly from?: number;
  /** Entries before this instant (epoch ms). */
  readonly to?: number;
  /** Entries with seq ≥ this. */
  readonly fromSeq?: number;
  /** Entries with seq < this (the next page when reading newest first). */
  readonly beforeSeq?: number;
  /** `asc` (default) or `desc`: newest first, for a viewer paging back in time. */
  readonly order?: 'asc' | 'desc';
  /** At most this many (default 1000, max 10,000). */
  readonly limit?: number;
}

/**
 * Which alerts to list: `state` open (not acknowledged), acknowledged, unresolved (both), resolved or all;
 * `openOnly` (older form) = unresolved.
 */
export interface AlertFilter {
  readonly patientId?: string;
  readonly openOnly?: boolean;
  readonly state?: 'open' | 'acknowledged' | 'unresolved' | 'resolved' | 'all';
  /** Only the alerts in this role's inbox (clinic/alert-roles.ts `inInboxOf`); all when left out. */
  readonly forRole?: UserRole;
}

/** An alert in the inbox, with the patient it is about. */
export type AlertInboxItem = Alert & {
  readonly patient: { readonly id: string; readonly name: string; readonly mrn: string };
};

export interface AppendPrescriptionOptions extends ActorContext {
  /**
   * The chain head the caller read and based the new prescription on (null for a patient's first). A
   * different current head is refused with ITB_E_CLINIC_STALE_HEAD: two clinicians editing at once
   * never silently overwrite each other.
   */
  readonly expectedHeadId: string | null;
  /** The implant the prescription is for, if any. */
  readonly implantId?: string;
  /** Required when the store's validation warns (a soft limit is overridden). */
  readonly justification?: string;
}

export interface MigrationReport {
  readonly dialect: DialectName;
  /** Migrations applied by this call (empty when already current). */
  readonly applied: readonly string[];
  /** Every migration the code knows, in order. */
  readonly known: readonly string[];
}

export interface BackupReport {
  readonly path: string;
  /** `sqlite` (a database file made with SQLite's online backup API) or `jsonl` (PostgreSQL export). */
  readonly format: 'sqlite' | 'jsonl';
  readonly bytes: number;
  /** The audit head inside the backup: record it to anchor the chain. */
  readonly auditHeadSeq: number;
  readonly auditHeadHash: string;
}

export interface ClinicStore {
  readonly dialect: DialectName;

  /** Runs pending migrations (openStore already did, unless asked not to); idempotent. */
  migrate(): Promise<MigrationReport>;

  /** Creates a user; the e-mail is unique (ITB_E_CLINIC_DUPLICATE). The password hash is never returned. */
  createUser(input: UserInput, ctx: ActorContext): Promise<User>;
  /** A user by id (audited view). */
  getUser(id: string, ctx: ActorContext): Promise<User>;
  /** Each actor as a name and role, "deleted user <id>" when the account is gone (actor-names.ts). */
  resolveActors(actors: readonly string[]): Promise<ActorName[]>;
  /**
   * For the server's login only: the user and their password hash, or undefined (unknown or disabled).
   * Not audited here.
   */
  findUserForLogin(email: string): Promise<{ user: User; passwordHash: string } | undefined>;
  /** Every account by name, disabled ones included (audited `list`); user-admin-repo.ts. */
  listUsers(ctx: ActorContext): Promise<UserAccount[]>;
  /**
   * Disables an account and ends its sessions; refuses the actor's own account and the last active admin
   * (ITB_E_CLINIC_ADMIN_LOCKOUT). Idempotent.
   */
  disableUser(id: string, ctx: ActorContext): Promise<UserAccount>;
  /** Lets a disabled account sign in again. Idempotent. */
  enableUser(id: string, ctx: ActorContext): Promise<UserAccount>;
  /** Replaces the password hash and ends the account's sessions (audited without the hash). */
  resetUserPassword(id: string, passwordHash: string, ctx: ActorContext): Promise<UserAccount>;
  /** The account's own password change (user-admin-repo.ts): other live sessions end; audited. */
  changeOwnPassword(
    id: string,
    change: OwnPasswordChange,
    ctx: ActorContext,
  ): Promise<{ readonly sessionsEnded: number }>;
  /**
   * Changes a staff account's role (ITB_E_CLINIC_ROLE_CHANGE to or from `patient`; the last active admin
   * and the actor's own admin role are kept: ITB_E_CLINIC_ADMIN_LOCKOUT).
   */
  changeUserRole(id: string, role: UserRole, ctx: ActorContext): Promise<UserAccount>;

  /** Creates a patient; the MRN is unique (ITB_E_CLINIC_DUPLICATE). */
  createPatient(input: PatientInput, ctx: ActorContext): Promise<Patient>;
  /** One patient (audited view); ITB_E_CLINIC_NOT_FOUND if absent. */
  getPatient(id: string, ctx: ActorContext): Promise<Patient>;
  /** All patients ordered by name (one audited `list` entry naming the ids returned). */
  listPatients(ctx: ActorContext): Promise<Patient[]>;
  /** Records the patient's opioid status (null: unknown), audited; ITB_E_CLINIC_NOT_FOUND if absent. */
  setPatientOpioidStatus(id: string, status: OpioidStatus | null, ctx: ActorContext): Promise<Patient>;
  /**
   * The patient a record (implant, prescription, refill, trial, session, assessment, complication,
   * appointment, alert — or a patient itself) belongs to, by the record's id; undefined if none. Reads ids
   * only, so it is not audited: the caller's read of the patient's record is.
   */
  patientOfRecord(id: string): Promise<string | undefined>;

  /**
   * Records an implant. The link keys are sealed with AES-256-GCM before they reach the database and are
   * not returned; the device profile must exist (ITB_E_PUMP_UNKNOWN_PROFILE).
   */
  addImplant(input: ImplantInput, ctx: ActorContext): Promise<Implant>;
  getImplant(id: string, ctx: ActorContext): Promise<Implant>;
  /** Replaces the implant's catheter record after a revision (the audit keeps the one before). */
  replaceCatheter(implantId: string, catheter: CatheterInput, ctx: ActorContext): Promise<Implant>;
  listImplants(patientId: string, ctx: ActorContext): Promise<Implant[]>;
  /** Decrypts an implant's link keys; audited as `view-keys`. ITB_E_CLINIC_DECRYPT for a wrong key. */
  getImplantKeys(implantId: string, ctx: ActorContext): Promise<LinkKeys>;

  /**
   * Appends a prescription (clinician-facing JSON, mcg/day and mcg/mL) to the patient's chain with
   * compare-and-set on the head. The JSON is validated with therapy's `prescriptionSchema` and
   * `validatePrescription`: a block is refused (ITB_E_INVALID_PRESCRIPTION with the reasons), a warning
   * needs `justification` (ITB_E_CLINIC_JUSTIFICATION_REQUIRED), a stale head is refused
   * (ITB_E_CLINIC_STALE_HEAD with `details.currentHeadId`).
   */
  appendPrescription(
    patientId: string,
    prescriptionJson: unknown,
    opts: AppendPrescriptionOptions,
  ): Promise<PrescriptionRecord>;
  /** The chain's head — the prescription in force — or null (audited view). */
  currentPrescription(patientId: string, ctx: ActorContext): Promise<PrescriptionRecord | null>;
  /** The whole chain, oldest first, following the prior links (audited view). */
  prescriptionChain(patientId: string, ctx: ActorContext): Promise<PrescriptionRecord[]>;

  /**
   * Records a programming session: the interrogation snapshot, the diff applied, and the guardrail
   * result. A `warn` needs a justification; a `block` with a non-empty diff is refused (hard limits never
   * pass, so such a change cannot have been applied).
   */
  recordProgrammingSession(input: ProgrammingSessionInput, ctx: ActorContext): Promise<ProgrammingSession>;
  listProgrammingSessions(patientId: string, ctx: ActorContext): Promise<ProgrammingSession[]>;

  /**
   * Records a refill and reconciles its residuals (therapy/reconcile.ts) against the implant's reservoir
   * size from its device profile. Drug and concentration must be in the drug library; the volume added may
   * not exceed the reservoir; adding drug after a discrepancy warning needs a justification.
   */
  recordRefill(input: RefillInput, ctx: ActorContext): Promise<Refill>;
  /** A patient's refills, oldest first (audited). */
  listRefills(patientId: string, ctx: ActorContext): Promise<Refill[]>;

  /**
   * Records a screening trial. Refused with ITB_E_PATHWAY_NO_TEAM_DECISION unless the multidisciplinary
   * team's decision in force is to proceed (pathway/stage.ts); booking a screening-trial appointment is
   * refused the same way.
   */
  recordTrial(input: TrialInput, ctx: ActorContext): Promise<Trial>;
  listTrials(patientId: string, ctx: ActorContext): Promise<Trial[]>;
  recordAssessment(input: AssessmentInput, ctx: ActorContext): Promise<Assessment>;
  listAssessments(patientId: string, ctx: ActorContext): Promise<Assessment[]>;
  recordComplication(input: ComplicationInput, ctx: ActorContext): Promise<Complication>;
  listComplications(patientId: string, ctx: ActorContext): Promise<Complication[]>;

  /**
   * Records a candidacy evaluation with the team's decision (pathway/evaluation-records.ts); append-only,
   * the latest decision is the one in force. A decision to proceed during an active infection is refused
   * (ITB_E_PATHWAY_CONTRAINDICATED).
   */
  recordEvaluation(input: EvaluationInput, ctx: ActorContext): Promise<Evaluation>;
  listEvaluations(patientId: string, ctx: ActorContext): Promise<Evaluation[]>;
  /** Records a post-operative check of an implant (pathway/postop-checks.ts); append-only. */
  recordPostOpCheck(input: PostOpCheckInput, ctx: ActorContext): Promise<PostOpCheck>;
  listPostOpChecks(patientId: string, ctx: ActorContext): Promise<PostOpCheck[]>;
  /**
   * Records that a pump was taken out (pathway/explant-records.ts): once per implant
   * (ITB_E_CLINIC_DUPLICATE); the replacement, if named, must be another implant of the patient. The old
   * implant and its history stay readable.
   */
  recordExplant(input: ExplantInput, ctx: ActorContext): Promise<Explant>;
  listExplants(patientId: string, ctx: ActorContext): Promise<Explant[]>;
  /**
   * Replaces a pump in ONE transaction (pathway/pump-replacement.ts): the new implant with its initial
   * fill, its first programme, and the old pump's explant naming it — all or nothing.
   */
  replacePump(input: PumpReplacementInput, ctx: ActorContext): Promise<PumpReplacement>;

  /**
   * Opens a troubleshooting episode (troubleshooting/episode-records.ts): the symptom, the findings in hand
   * and the causes as the guide ranks them; append-only and audited like every entry of the episode.
   */
  openEpisode(input: OpenEpisodeInput, ctx: ActorContext): Promise<Episode>;
  /** Records a step's result; refused on a closed episode (ITB_E_TROUBLE_EPISODE_CLOSED). */
  recordEpisodeStep(input: EpisodeStepInput, ctx: ActorContext): Promise<Episode>;
  /** Closes an episode: the remedy must be one of the found cause's (ITB_E_TROUBLE_REMEDY_MISMATCH). */
  closeEpisode(input: CloseEpisodeInput, ctx: ActorContext): Promise<Episode>;
  /** A patient's troubleshooting episodes, newest first. */
  listEpisodes(patientId: string, ctx: ActorContext): Promise<Episode[]>;

  /**
   * Plans an MRI for an implant (mri/mri-records.ts); its pump profile's MRI rule (mri/mri-rule.ts) says
   * what the preparation asks. Append-only and audited like every step of the scan.
   */
  planMri(input: PlanMriInput, ctx: ActorContext): Promise<MriScan>;
  /** A physician's justified acceptance of scanning a valve pump with drug in its reservoir. */
  acceptMriBolus(input: MriAcceptanceInput, ctx: ActorContext): Promise<MriScan>;
  /** Marks the scan ready; a valve pump not emptied and not accepted: ITB_E_MRI_RESERVOIR_NOT_EMPTIED. */
  markMriReady(input: MriReadyInput, ctx: ActorContext): Promise<MriScan>;
  /** Records the scan done; raises the "pump not interrogated since" alert in the same transaction. */
  recordMriDone(input: MriDoneInput, ctx: ActorContext): Promise<MriScan>;
  /** A patient's MRI scans, newest plan first. */
  listMris(patientId: string, ctx: ActorContext): Promise<MriScan[]>;

  /**
   * Adds an entry to the patient's symptom diary (diary-records.ts); append-only and audited. The server
   * lets a patient account write only its own diary.
   */
  addDiaryEntry(input: DiaryEntryInput, ctx: ActorContext): Promise<DiaryEntry>;
  /** A patient's diary entries by recording time, oldest first (one audited `list`). */
  listDiaryEntries(patientId: string, ctx: ActorContext): Promise<DiaryEntry[]>;

  bookAppointment(input: AppointmentInput, ctx: ActorContext): Promise<Appointment>;
  /**
   * Reschedules, cancels or marks attended a patient's booked appointment (appointment-lifecycle.ts),
   * audited with the start time and status it replaced; ITB_E_CLINIC_APPOINTMENT_CLOSED once attended or
   * cancelled.
   */
  changeAppointment(
    patientId: string,
    appointmentId: string,
    action: AppointmentAction,
    ctx: ActorContext,
  ): Promise<Appointment>;
  /** Appointments starting in [from, to), optionally one patient's, by start time (audited). */
  listAppointments(
    filter: { readonly patientId?: string; readonly from?: number; readonly to?: number },
    ctx: ActorContext,
  ): Promise<Appointment[]>;

  raiseAlert(input: AlertInput, ctx: ActorContext): Promise<Alert>;
  /**
   * Raises the critical alert each critical board state requires and closes those whose state has passed,
   * for `patientId` or every patient, at the store's clock (alert-board-state.ts). The API runs it before
   * it answers the board and the alerts, so they say the same; `ctx` is the system actor that raises them.
   */
  syncBoardAlerts(ctx: ActorContext, patientId?: string): Promise<void>;
  /** Marks an open alert resolved with a note; ITB_E_CLINIC_ALREADY_RESOLVED if it was. */
  resolveAlert(alertId: string, resolution: string, ctx: ActorContext): Promise<Alert>;
  /**
   * Closes open alerts whose cause a recorded change undid (alert-closing.ts), each resolved with
   * `resolution` by the actor and audited with `closedBy`; alerts already resolved are left as they are.
   */
  closeAlerts(
    alertIds: readonly string[],
    resolution: string,
    closedBy: ClosedBy,
    ctx: ActorContext,
  ): Promise<void>;
  /** Marks an open alert acknowledged with a note (audited); ITB_E_CLINIC_ALREADY_RESOLVED if resolved. */
  acknowledgeAlert(alertId: string, note: string, ctx: ActorContext): Promise<Alert>;
  listAlerts(filter: AlertFilter, ctx: ActorContext): Promise<Alert[]>;
  /** Alerts with their patient's name and MRN, critical first, then the oldest condition first. */
  alertInbox(filter: AlertFilter, ctx: ActorContext): Promise<AlertInboxItem[]>;

  /**
   * Everything the refill risk board (risk-board.ts) needs for every patient, read in ONE transaction with
   * set-based queries and audited as ONE `view` of entity `board` whose details name every patient,
   * implant, prescription, refill, session and alert shown. Patients by name; per patient: all implants,
   * the prescription in force, the last three refills, the last programming session plus every session
   * later than all of the patient's refills, and the open alerts — each list oldest first. `riskBoard` over
   * this gives the same rows as over the full per-patient lists (board-read.ts).
   */
  boardRecords(ctx: ActorContext): Promise<BoardPatientRecords[]>;

  /**
   * One page of the board (board-page.ts) from the stored board rows kept in step with every write
   * (board-rows.ts): filtered, in the board's order at `now` (or by name / refill-by), read without the
   * write lock, with the care pathway's records of those patients from the same snapshot; audited as ONE
   * `view` of entity `board` naming only the records returned.
   * `boardRow(record, now)` over each gives the rows shown.
   */
  boardPage(query: BoardPageQuery, now: number, ctx: ActorContext): Promise<BoardView>;

  /**
   * One page of the refills due by `query.until` or overdue (board-page.ts, the board's order) and the
   * booked appointments starting in [now, until), from one snapshot of the stored board rows; audited as
   * ONE `view` of entity `reminders` naming only the records returned (a read entry, as `boardPage`).
   */
  reminders(query: RemindersQuery, now: number, ctx: ActorContext): Promise<RemindersRead>;

  /** Recomputes every stored board row from the records (after a bulk import or a change of the rules). */
  rebuildBoardRows(): Promise<number>;

  /**
   * Sign-in sessions (auth-sessions-repo.ts): opened at login (the token's SHA-256 only), found per
   * request (not audited), listed per user and revoked (both audited), purged once expired.
   */
  openAuthSession(session: NewAuthSession): Promise<AuthSessionRecord>;
  findAuthSession(tokenHash: string): Promise<AuthSessionRecord | undefined>;
  listAuthSessions(userId: string, ctx: ActorContext): Promise<AuthSessionRecord[]>;
  revokeAuthSession(id: string, at: number, ctx: ActorContext): Promise<AuthSessionRecord>;
  purgeAuthSessions(before: number): Promise<number>;
  /** Login throttle state by key (src/server/auth/rate-limit.ts), kept across restarts. */
  readLoginThrottle(key: string): Promise<LoginThrottleRecord | undefined>;
  writeLoginThrottle(key: string, entry: LoginThrottleRecord): Promise<void>;
  removeLoginThrottle(key: string): Promise<void>;
  purgeLoginThrottle(before: number): Promise<number>;

  /** Audit entries matching `filter`, ascending seq; reading the trail is itself audited. */
  auditTrail(filter: AuditFilter, ctx: ActorContext): Promise<AuditEntry[]>;
  /**
   * Records a request the authorization refused, as an audit entry naming its actor (action `refuse`): of
   * the patient it named, else of the route. Changes no record.
   */
  recordRefusal(refusal: Refusal, ctx: ActorContext): Promise<void>;
  /**
   * Re-hashes the whole chain from the first entry and compares the last with the recorded head:
   * `{ ok, checked, firstBadSeq?, problem?, headSeq?, headHash? }`. Does not write.
   */
  verifyAudit(): Promise<AuditVerification>;

  /**
   * Writes a consistent copy to `toPath` (refuses an existing path; mode 0600). SQLite: the online backup
   * API, a database file that opens as a store. PostgreSQL: a JSON Lines export of every table taken in
   * one REPEATABLE READ snapshot (restore is not implemented yet). Audited as `backup`.
   */
  backup(toPath: string, ctx: ActorContext): Promise<BackupReport>;

  /** Closes the connection(s); later calls fail with ITB_E_CLINIC_CLOSED. */
  close(): Promise<void>;
}
