/**
 * The one implementation of {@link ClinicStore}, written against Kysely; the backend (sqlite-backend.ts or
 * postgres-backend.ts) supplies the connection and the backup. The records live in the repositories this
 * class delegates to.
 */
import { replacePump } from './pathway/pump-replacement.ts';
import { Migrator, sql } from 'kysely';
import { ItbError } from '../therapy/codes.ts';
import {
  boardAlertCandidates,
  boardAlertWork,
  refreshEmptyAlertColumns,
  syncBoardStateAlerts,
} from './alert-board-state.ts';
import { AlertsAuditRepo } from './alerts-audit-repo.ts';
import { AuthSessionsRepo } from './auth-sessions-repo.ts';
import type { Backend } from './backend.ts';
import { BoardRead } from './board-read.ts';
import { refreshBoardRows } from './board-rows.ts';
import { refreshPathwayDue } from './pathway/board-pathway.ts';
import {
  BOARD_ROWS_MIGRATION,
  BOARD_RULES_VERSION,
  rebuildForRules,
  rebuildIfRulesChanged,
} from './board-rules-version.ts';
import { DiaryRepo } from './diary-repo.ts';
import { AppointmentsRepo } from './appointments-repo.ts';
import { EventsRepo } from './events-repo.ts';
import { clinicMigrations, migrationProvider } from './migrations.ts';
import { PathwayRepo } from './pathway/pathway-repo.ts';
import { TroubleshootingRepo } from './troubleshooting/troubleshooting-repo.ts';
import { MriRepo } from './mri/mri-repo.ts';
import { PeopleRepo } from './people-repo.ts';
import { PrescriptionChain } from './prescription-chain.ts';
import { patientOfRecord } from './record-owner.ts';
import { SessionsRefillsRepo } from './sessions-refills-repo.ts';
import type { ActorContext } from './records.ts';
import type { SecretKey } from './secret-box.ts';
import type { BackupReport, ClinicStore, MigrationReport } from './store.ts';
import { readOnly, readStatement, StoreCore, toItbError, type Tx } from './store-core.ts';
import { UserAdminRepo } from './user-admin-repo.ts';

export interface StoreWiring {
  readonly backend: Backend;
  readonly clock: () => number;
  readonly newId: () => string;
  readonly secretKey: () => SecretKey;
}

/**
 * Keeps the stored board rows in step: each record a transaction wrote names its patient (record-owner.ts),
 * and those patients' rows, with their care pathway items due, are recomputed before the transaction
 * commits. A row that cannot be computed never refuses the write (the cache must not block a refill): it is
 * stored as a failure row and audited, in the same transaction, as `board-row-failed` with the reason.
 */
async function refreshAfterWrite(t: Tx, writtenIds: readonly string[], ctx: ActorContext): Promise<void> {
  const patients = new Set<string>();
  for (const id of new Set(writtenIds)) {
    const owner = await patientOfRecord(t.trx, id);
    if (owner !== undefined) patients.add(owner);
  }
  for (const f of await refreshBoardRows(t.trx, [...patients], t.now)) {
    await t.audit(ctx, 'board-row-failed', 'patient', f.patient.id, { reason: f.failure });
  }
  // The care pathway's items due, beside the row (pathway/board-pathway.ts).
  await refreshPathwayDue(t.trx, [...patients], t.now);
  // The patient's open EMPTY alerts, beside the row (alert-board-state.ts).
  await refreshEmptyAlertColumns(t.trx, [...patients]);
}

export class KyselyClinicStore implements ClinicStore {
  readonly dialect;
  /** The database, for messages: a path or a URL without its password. */
  readonly description: string;
  readonly #backend: Backend;
  readonly #core: StoreCore;
  readonly #people: PeopleRepo;
  readonly #prescriptions: PrescriptionChain;
  readonly #events: EventsRepo;
  readonly #appointments: AppointmentsRepo;
  readonly #diary: DiaryRepo;
  readonly #therapy: SessionsRefillsRepo;
  readonly #alerts: AlertsAuditRepo;
  readonly #board: BoardRead;
  readonly #auth: AuthSessionsRepo;
  readonly #userAdmin: UserAdminRepo;
  readonly #pathway: PathwayRepo;
  readonly #trouble: TroubleshootingRepo;
  readonly #mri: MriRepo;

  constructor(w: StoreWiring) {
    this.#backend = w.backend;
    this.dialect = w.backend.dialect;
    this.description = w.backend.description;
    this.#core = new StoreCore({
      db: w.backend.db,
      reads: w.backend.reads,
      dialect: w.backend.dialect,
      clock: w.clock,
      newId: w.newId,
      secretKey: w.secretKey,
      afterWrite: refreshAfterWrite,
    });
    this.#people = new PeopleRepo(this.#core);
    this.#prescriptions = new PrescriptionChain(this.#core);
    this.#events = new EventsRepo(this.#core);
    this.#appointments = new AppointmentsRepo(this.#core);
    this.#diary = new DiaryRepo(this.#core);
    this.#therapy = new SessionsRefillsRepo(this.#core);
    this.#alerts = new AlertsAuditRepo(this.#core);
    this.#board = new BoardRead(this.#core);
    this.#auth = new AuthSessionsRepo(this.#core);
    this.#userAdmin = new UserAdminRepo(this.#core);
    this.#pathway = new PathwayRepo(this.#core);
    this.#trouble = new TroubleshootingRepo(this.#core);
    this.#mri = new MriRepo(this.#core);
  }

  async migrate(): Promise<MigrationReport> {
    try {
      // Connection and authentication failures are storage errors, not failed migrations.
      await sql`select 1`.execute(this.#core.db);
    } catch (error) {
      throw new ItbError(
        'ITB_E_CLINIC_STORAGE',
        `cannot reach ${this.description}: ${toItbError(error).message}`,
      );
    }
    const migrator = new Migrator({ db: this.#core.db, provider: migrationProvider(this.dialect) });
    let outcome;
    try {
      outcome = await migrator.migrateToLatest();
    } catch (error) {
      throw new ItbError('ITB_E_CLINIC_MIGRATION', `migration failed: ${toItbError(error).message}`);
    }
    if (outcome.error !== undefined) {
      const e = outcome.error;
      const message = e instanceof Error ? e.message : JSON.stringify(e);
      // Kysely reports a migration in the database that this code does not know as "missing".
      const hint = /missing/i.test(message) ? ' (the database was migrated by a newer itb?)' : '';
      throw new ItbError('ITB_E_CLINIC_MIGRATION', `migration failed: ${message}${hint}`, {
        results: outcome.results ?? [],
      });
    }
    const applied = (outcome.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    // The stored board rows follow the rules this code runs (board-rules-version.ts); built once when
    // this open's migrations just built them.
    await this.#boardRulesCheck(applied.includes(BOARD_ROWS_MIGRATION));
    return {
      dialect: this.dialect,
      applied,
      known: Object.keys(clinicMigrations(this.dialect)),
    };
  }

  // Async arrows: a synchronous validation error becomes a rejected promise, never a throw.
  createUser: ClinicStore['createUser'] = async (i, c) => this.#people.createUser(i, c);
  getUser: ClinicStore['getUser'] = async (id, c) => this.#people.getUser(id, c);
  resolveActors: ClinicStore['resolveActors'] = async (a) => this.#people.resolveActors(a);
  findUserForLogin: ClinicStore['findUserForLogin'] = async (email) => this.#people.findUserForLogin(email);
  listUsers: ClinicStore['listUsers'] = async (c) => this.#userAdmin.listUsers(c);
  disableUser: ClinicStore['disableUser'] = async (id, c) => this.#userAdmin.disableUser(id, c);
  enableUser: ClinicStore['enableUser'] = async (id, c) => this.#userAdmin.enableUser(id, c);
  resetUserPassword: ClinicStore['resetUserPassword'] = async (id, h, c) =>
    this.#userAdmin.resetUserPassword(id, h, c);
  changeOwnPassword: ClinicStore['changeOwnPassword'] = async (id, ch, c) =>
    this.#userAdmin.changeOwnPassword(id, ch, c);
  changeUserRole: ClinicStore['changeUserRole'] = async (id, r, c) =>
    this.#userAdmin.changeUserRole(id, r, c);
  createPatient: ClinicStore['createPatient'] = async (i, c) => this.#people.createPatient(i, c);
  getPatient: ClinicStore['getPatient'] = async (id, c) => this.#people.getPatient(id, c);
  listPatients: ClinicStore['listPatients'] = async (c) => this.#people.listPatients(c);
  setPatientOpioidStatus: ClinicStore['setPatientOpioidStatus'] = async (id, s, c) =>
    this.#people.setOpioidStatus(id, s, c);
  patientOfRecord: ClinicStore['patientOfRecord'] = async (id) => patientOfRecord(this.#backend.db, id);
  addImplant: ClinicStore['addImplant'] = async (i, c) => this.#people.addImplant(i, c);
  replaceCatheter: ClinicStore['replaceCatheter'] = async (id, cat, c) =>
    this.#people.replaceCatheter(id, cat, c);
  getImplant: ClinicStore['getImplant'] = async (id, c) => this.#people.getImplant(id, c);
  listImplants: ClinicStore['listImplants'] = async (p, c) => this.#people.listImplants(p, c);
  getImplantKeys: ClinicStore['getImplantKeys'] = async (id, c) => this.#people.getImplantKeys(id, c);

  appendPrescription: ClinicStore['appendPrescription'] = async (p, json, o) =>
    this.#prescriptions.append(p, json, o);
  currentPrescription: ClinicStore['currentPrescription'] = async (p, c) => this.#prescriptions.current(p, c);
  prescriptionChain: ClinicStore['prescriptionChain'] = async (p, c) => this.#prescriptions.chain(p, c);

  recordProgrammingSession: ClinicStore['recordProgrammingSession'] = async (i, c) =>
    this.#therapy.recordProgrammingSession(i, c);
  listProgrammingSessions: ClinicStore['listProgrammingSessions'] = async (p, c) =>
    this.#therapy.listProgrammingSessions(p, c);
  recordRefill: ClinicStore['recordRefill'] = async (i, c) => this.#therapy.recordRefill(i, c);
  listRefills: ClinicStore['listRefills'] = async (p, c) => this.#therapy.listRefills(p, c);
  recordTrial: ClinicStore['recordTrial'] = async (i, c) => this.#events.recordTrial(i, c);
  listTrials: ClinicStore['listTrials'] = async (p, c) => this.#events.listTrials(p, c);
  recordEvaluation: ClinicStore['recordEvaluation'] = async (i, c) => this.#pathway.recordEvaluation(i, c);
  listEvaluations: ClinicStore['listEvaluations'] = async (p, c) => this.#pathway.listEvaluations(p, c);
  recordPostOpCheck: ClinicStore['recordPostOpCheck'] = async (i, c) => this.#pathway.recordPostOpCheck(i, c);
  listPostOpChecks: ClinicStore['listPostOpChecks'] = async (p, c) => this.#pathway.listPostOpChecks(p, c);
  recordExplant: ClinicStore['recordExplant'] = async (i, c) => this.#pathway.recordExplant(i, c);
  listExplants: ClinicStore['listExplants'] = async (p, c) => this.#pathway.listExplants(p, c);
  replacePump: ClinicStore['replacePump'] = async (i, c) => replacePump(this.#core, i, c);
  openEpisode: ClinicStore['openEpisode'] = async (i, c) => this.#trouble.openEpisode(i, c);
  recordEpisodeStep: ClinicStore['recordEpisodeStep'] = async (i, c) => this.#trouble.recordEpisodeStep(i, c);
  closeEpisode: ClinicStore['closeEpisode'] = async (i, c) => this.#trouble.closeEpisode(i, c);
  listEpisodes: ClinicStore['listEpisodes'] = async (p, c) => this.#trouble.listEpisodes(p, c);
  planMri: ClinicStore['planMri'] = async (i, c) => this.#mri.planMri(i, c);
  acceptMriBolus: ClinicStore['acceptMriBolus'] = async (i, c) => this.#mri.acceptMriBolus(i, c);
  markMriReady: ClinicStore['markMriReady'] = async (i, c) => this.#mri.markMriReady(i, c);
  recordMriDone: ClinicStore['recordMriDone'] = async (i, c) => this.#mri.recordMriDone(i, c);
  listMris: ClinicStore['listMris'] = async (p, c) => this.#mri.listMris(p, c);
  recordAssessment: ClinicStore['recordAssessment'] = async (i, c) => this.#events.recordAssessment(i, c);
  listAssessments: ClinicStore['listAssessments'] = async (p, c) => this.#events.listAssessments(p, c);
  recordComplication: ClinicStore['recordComplication'] = async (i, c) =>
    this.#events.recordComplication(i, c);
  listComplications: ClinicStore['listComplications'] = async (p, c) => this.#events.listComplications(p, c);
  addDiaryEntry: ClinicStore['addDiaryEntry'] = async (i, c) => this.#diary.addDiaryEntry(i, c);
  listDiaryEntries: ClinicStore['listDiaryEntries'] = async (p, c) => this.#diary.listDiaryEntries(p, c);
  bookAppointment: ClinicStore['bookAppointment'] = async (i, c) => this.#events.bookAppointment(i, c);
  listAppointments: ClinicStore['listAppointments'] = async (f, c) => this.#events.listAppointments(f, c);
  changeAppointment: ClinicStore['changeAppointment'] = async (p, id, a, c) =>
    this.#appointments.changeAppointment(p, id, a, c);

  raiseAlert: ClinicStore['raiseAlert'] = async (i, c) => this.#alerts.raiseAlert(i, c);
  syncBoardAlerts: ClinicStore['syncBoardAlerts'] = async (c, p) => {
    // Read first: a board or inbox read with nothing to raise or close takes no write lock, and asks the
    // database once (one statement, no transaction: a statement reads one snapshot by itself).
    const now = this.#core.deps.clock();
    if ((await readStatement(this.#core, (db) => boardAlertCandidates(db, now, p))).length === 0) return;
    if ((await readOnly(this.#core, (db) => boardAlertWork(db, now, p))).length === 0) return;
    await this.#core.tx(c, (t) => syncBoardStateAlerts(this.#core, t, p));
  };
  resolveAlert: ClinicStore['resolveAlert'] = async (id, r, c) => this.#alerts.resolveAlert(id, r, c);
  closeAlerts: ClinicStore['closeAlerts'] = async (ids, r, by, c) => this.#alerts.closeAlerts(ids, r, by, c);
  acknowledgeAlert: ClinicStore['acknowledgeAlert'] = async (id, n, c) =>
    this.#alerts.acknowledgeAlert(id, n, c);
  listAlerts: ClinicStore['listAlerts'] = async (f, c) => this.#alerts.listAlerts(f, c);
  alertInbox: ClinicStore['alertInbox'] = async (f, c) => this.#alerts.alertInbox(f, c);
  boardRecords: ClinicStore['boardRecords'] = async (c) => this.#board.boardRecords(c);
  boardPage: ClinicStore['boardPage'] = async (q, now, c) => this.#board.boardPage(q, now, c);
  reminders: ClinicStore['reminders'] = async (q, now, c) => this.#board.reminders(q, now, c);
  rebuildBoardRows: ClinicStore['rebuildBoardRows'] = async () =>
    this.#core.db.transaction().execute((trx) => rebuildForRules(trx, this.#core.deps.clock()));

  async #boardRulesCheck(builtNow: boolean): Promise<void> {
    try {
      await rebuildIfRulesChanged(
        this.#core.db,
        this.dialect,
        this.#core.deps.clock(),
        BOARD_RULES_VERSION,
        builtNow,
      );
    } catch (error) {
      throw new ItbError(
        'ITB_E_CLINIC_STORAGE',
        `could not rebuild the board rows for the current board rules: ${toItbError(error).message}`,
      );
    }
  }
  auditTrail: ClinicStore['auditTrail'] = async (f, c) => this.#alerts.auditTrail(f, c);
  recordRefusal: ClinicStore['recordRefusal'] = async (r, c) => this.#alerts.recordRefusal(r, c);
  verifyAudit: ClinicStore['verifyAudit'] = async () => this.#alerts.verifyAudit();

  openAuthSession: ClinicStore['openAuthSession'] = async (s) => this.#auth.openAuthSession(s);
  findAuthSession: ClinicStore['findAuthSession'] = async (h) => this.#auth.findAuthSession(h);
  listAuthSessions: ClinicStore['listAuthSessions'] = async (u, c) => this.#auth.listAuthSessions(u, c);
  revokeAuthSession: ClinicStore['revokeAuthSession'] = async (id, at, c) =>
    this.#auth.revokeAuthSession(id, at, c);
  purgeAuthSessions: ClinicStore['purgeAuthSessions'] = async (b) => this.#auth.purgeAuthSessions(b);
  readLoginThrottle: ClinicStore['readLoginThrottle'] = async (k) => this.#auth.readLoginThrottle(k);
  writeLoginThrottle: ClinicStore['writeLoginThrottle'] = async (k, e) => this.#auth.writeLoginThrottle(k, e);
  removeLoginThrottle: ClinicStore['removeLoginThrottle'] = async (k) => this.#auth.removeLoginThrottle(k);
  purgeLoginThrottle: ClinicStore['purgeLoginThrottle'] = async (b) => this.#auth.purgeLoginThrottle(b);

  async backup(toPath: string, ctx: ActorContext): Promise<BackupReport> {
    // Audited first, so the copy holds the record of its own making.
    await this.#core.tx(ctx, (t) =>
      t.audit(ctx, 'backup', 'database', '*', { path: toPath, dialect: this.dialect }),
    );
    try {
      return await this.#backend.backup(toPath);
    } catch (error) {
      throw toItbError(error);
    }
  }

  async close(): Promise<void> {
    if (this.#core.markClosed()) await this.#backend.destroy();
  }
}
