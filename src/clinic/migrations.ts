/**
 * Versioned schema migrations, given to Kysely's Migrator in code (no file-system globbing, so a bundled
 * or relocated itb migrates the same way). Forward only: there are no `down` steps, because undoing a
 * migration would drop committed records (docs/architecture.md principle 8). A migration, once released, never
 * changes — its value lists are written out here rather than imported, so a later schema edit cannot
 * silently alter what an old migration created.
 *
 * Tables are written once with Kysely's schema builder (dialect-neutral TEXT/BIGINT/CHECK/foreign keys);
 * only the append-only triggers need per-dialect SQL.
 */
import { appointmentStatusMigration } from './appointment-status-migration.ts';
import { authSessionsMigration } from './auth-sessions-migration.ts';
import { boardEosMigration } from './board-eos-migration.ts';
import { boardEmptyAlertsMigration } from './board-empty-alerts-migration.ts';
import { boardRowsMigration } from './board-rows-migration.ts';
import { BOARD_ROWS_MIGRATION, boardRulesVersionMigration } from './board-rules-version.ts';
import { opioidStatusMigration } from './opioid-status-migration.ts';
import { boardDueMigration } from './pathway/board-due-migration.ts';
import { initialFillMigration } from './pathway/initial-fill-migration.ts';
import { pathwayMigration } from './pathway/migration.ts';
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import {
  appendOnlyEventTablesMigration,
  appendOnlyTriggerSql,
  GUARD_MESSAGE,
  noTruncateSql,
  runAll,
} from './append-only-tables.ts';
import { GENESIS_HASH } from './audit-chain.ts';
import { APPEND_ONLY_TABLES } from './db-schema.ts';
import { troubleMigration } from './troubleshooting/migration.ts';
import { mriMigration } from './mri/migration.ts';
import { userAdminMigration } from './user-admin-migration.ts';

export type DialectName = 'sqlite' | 'postgres';

const inList = (column: string, values: readonly string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

const EVENT_TABLES = [
  'screening_trials',
  'programming_sessions',
  'refills',
  'assessments',
  'complications',
  'appointments',
] as const;

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('patients')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('mrn', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('birth_date', 'text', (c) => c.notNull())
      .addColumn('etiology', 'text', (c) => c.notNull())
      .addColumn('age_band', 'text', (c) => c.notNull())
      .addColumn('weight_grams', 'bigint')
      .addColumn('high_risk', 'text', (c) => c.notNull())
      .addColumn('clinic_contact', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addCheckConstraint('patients_etiology', inList('etiology', ['spinal', 'cerebral']))
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('patient_id', 'text', (c) => c.references('patients.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addCheckConstraint('users_role', inList('role', ['admin', 'physician', 'nurse', 'viewer', 'patient']))
      // A patient account sees one patient's records; staff accounts are tied to none.
      .addCheckConstraint('users_patient_link', sql`(role = 'patient') = (patient_id is not null)`)
      .execute();

    await db.schema
      .createTable('implants')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
      .addColumn('pump_serial', 'text', (c) => c.notNull().unique())
      .addColumn('device_profile_id', 'text', (c) => c.notNull())
      .addColumn('implant_date', 'text', (c) => c.notNull())
      .addColumn('pocket_side', 'text', (c) => c.notNull())
      .addColumn('catheter', 'text', (c) => c.notNull())
      .addColumn('link_keys_sealed', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      // Target of the composite keys below: a record's implant must be its own patient's.
      .addUniqueConstraint('implants_patient_id_id', ['patient_id', 'id'])
      .execute();

    for (const table of EVENT_TABLES) {
      let t = db.schema
        .createTable(table)
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
        .addColumn('implant_id', 'text')
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addForeignKeyConstraint(`${table}_implant`, ['patient_id', 'implant_id'], 'implants', [
          'patient_id',
          'id',
        ]);
      if (table === 'refills') {
        t = t
          .addColumn('verdict', 'text', (c) => c.notNull())
          .addCheckConstraint('refills_verdict', inList('verdict', ['ok', 'warn', 'block']));
      }
      await t.execute();
      await db.schema.createIndex(`${table}_patient_at`).on(table).columns(['patient_id', 'at']).execute();
    }
    await db.schema.createIndex('appointments_at').on('appointments').column('at').execute();

    await db.schema
      .createTable('prescriptions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
      // Unique: two prescriptions can never both replace the same one, so the chain cannot fork.
      .addColumn('prior_id', 'text', (c) => c.unique())
      .addColumn('implant_id', 'text')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('reasons', 'text', (c) => c.notNull())
      .addColumn('justification', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addUniqueConstraint('prescriptions_patient_id_id', ['patient_id', 'id'])
      // The prior prescription must be the same patient's.
      .addForeignKeyConstraint('prescriptions_prior', ['patient_id', 'prior_id'], 'prescriptions', [
        'patient_id',
        'id',
      ])
      .addForeignKeyConstraint('prescriptions_implant', ['patient_id', 'implant_id'], 'implants', [
        'patient_id',
        'id',
      ])
      .addCheckConstraint('prescriptions_verdict', inList('verdict', ['ok', 'warn']))
      .execute();
    // One root per patient: a second "first" prescription would start a parallel chain.
    await db.schema
      .createIndex('prescriptions_one_root')
      .on('prescriptions')
      .column('patient_id')
      .unique()
      .where(sql.ref('prior_id'), 'is', null)
      .execute();

    await db.schema
      .createTable('alerts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
      .addColumn('implant_id', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('raised_at', 'bigint', (c) => c.notNull())
      .addColumn('raised_by', 'text', (c) => c.notNull())
      .addColumn('resolved_at', 'bigint')
      .addColumn('resolved_by', 'text')
      .addColumn('resolution', 'text')
      .addForeignKeyConstraint('alerts_implant', ['patient_id', 'implant_id'], 'implants', [
        'patient_id',
        'id',
      ])
      .addCheckConstraint('alerts_severity', inList('severity', ['info', 'warning', 'critical']))
      .execute();
    await db.schema.createIndex('alerts_patient').on('alerts').columns(['patient_id', 'raised_at']).execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('audit_log_entity')
      .on('audit_log')
      .columns(['entity', 'entity_id'])
      .execute();
    await db.schema.createIndex('audit_log_actor').on('audit_log').column('actor').execute();

    await db.schema
      .createTable('audit_head')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addCheckConstraint('audit_head_single_row', sql`id = 1`)
      .execute();
    await sql`insert into audit_head (id, seq, hash) values (1, 0, ${GENESIS_HASH})`.execute(db);
  },
};

/** Triggers that refuse UPDATE/DELETE on history and moving the audit head backwards (defence in depth). */
function appendOnlyGuards(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'sqlite') {
        for (const t of APPEND_ONLY_TABLES) await runAll(db, appendOnlyTriggerSql(dialect, t));
        await runAll(db, [
          `create trigger audit_head_forward before update on audit_head when new.seq < old.seq begin ` +
            `select raise(abort, '${GUARD_MESSAGE}: the audit head only moves forward'); end`,
          `create trigger audit_head_no_delete before delete on audit_head begin ` +
            `select raise(abort, '${GUARD_MESSAGE}: the audit head cannot be deleted'); end`,
        ]);
        return;
      }
      await runAll(db, [
        `create function itb_refuse_change() returns trigger language plpgsql as $$ begin ` +
          `raise exception '${GUARD_MESSAGE}: % is append-only', tg_table_name; end $$`,
        `create function itb_head_forward() returns trigger language plpgsql as $$ begin ` +
          `if new.seq < old.seq then raise exception '${GUARD_MESSAGE}: the audit head only moves forward'; ` +
          `end if; return new; end $$`,
      ]);
      for (const t of APPEND_ONLY_TABLES) await runAll(db, appendOnlyTriggerSql(dialect, t));
      await runAll(db, [
        `create trigger audit_head_no_delete before delete on audit_head ` +
          `for each row execute function itb_refuse_change()`,
        `create trigger audit_head_forward before update on audit_head ` +
          `for each row execute function itb_head_forward()`,
        noTruncateSql('audit_head'),
      ]);
    },
  };
}

/**
 * 0003: the patient's symptom diary (diary-records.ts). Same columns as the event tables; append-only with
 * its own triggers, because 0002 (released) names only the tables that existed then. On PostgreSQL it
 * reuses 0002's `itb_refuse_change()`.
 */
const symptomDiary = (dialect: DialectName): Migration =>
  appendOnlyEventTablesMigration(dialect, ['diary_entries']);

/**
 * Alerts are acknowledged (seen, being handled, with a note) before they are resolved: who, when and the
 * note, beside the resolution columns. Nullable: an alert not yet acknowledged.
 */
const clinicAlertAcknowledgement: Migration = {
  async up(db: Kysely<unknown>) {
    for (const [name, type] of [
      ['acknowledged_at', 'bigint'],
      ['acknowledged_by', 'text'],
      ['acknowledgement', 'text'],
    ] as const) {
      await db.schema.alterTable('alerts').addColumn(name, type).execute();
    }
  },
};

/** The migrations for `dialect`, by name (names sort in the order they run). */
export function clinicMigrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_clinic_records': initial,
    '0002_append_only_guards': appendOnlyGuards(dialect),
    '0003_symptom_diary': symptomDiary(dialect),
    '0004_clinic_alert_acknowledgement': clinicAlertAcknowledgement,
    '0004_websec_auth_sessions': authSessionsMigration,
    [BOARD_ROWS_MIGRATION]: boardRowsMigration,
    '0005_board_rules_version': boardRulesVersionMigration,
    '0005_controls_user_admin': userAdminMigration,
    '0005_pathway_records': pathwayMigration(dialect),
    '0006_followup_appointment_status': appointmentStatusMigration,
    '0006_trouble_episodes': troubleMigration(dialect),
    '0007_model_opioid_status': opioidStatusMigration,
    '0007_pathway_initial_fill': initialFillMigration,
    '0008_pathway_board_due': boardDueMigration,
    '0009_board_empty_alerts': boardEmptyAlertsMigration,
    '0010_mri_preparation': mriMigration(dialect),
    '0011_board_eos': boardEosMigration,
  };
}

/** The in-code provider handed to Kysely's Migrator. */
export function migrationProvider(dialect: DialectName): MigrationProvider {
  return { getMigrations: () => Promise.resolve(clinicMigrations(dialect)) };
}
