/**
 * A released migration never changes (migrations.ts; docs/clinic-store.md "Migrations"): a database
 * migrated by one release and a fresh one migrated by the next must hold the same schema. Kysely's Migrator
 * keeps only the names of the migrations run, no checksum, so this test is the checksum: the SQL text each
 * migration sends, per dialect, hashed and compared with the text it sent when released. Shared builders
 * (append-only-sql.ts) may serve several migrations only as long as every one of them still sends the same
 * text. On SQLite, and on PostgreSQL when ITB_TEST_PG_URL is set.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { clinicMigrations, migrationProvider, type DialectName } from './migrations.ts';
import { BACKENDS } from './store-test-harness.ts';

/** sha256 of each migration's statements (joined by newlines), as released. */
const RELEASED: Record<DialectName, Record<string, string>> = {
  sqlite: {
    '0001_clinic_records': 'de19a81a1cbb131f6e28b76d5a42a2abb5c73e8e00a05efcfbf9808415119b1c',
    '0002_append_only_guards': '7492c66ca6bedc9ef33555b5964a73bebda84d6ba0553f7a6515a72a97d9531c',
    '0003_symptom_diary': 'f279f686677e306155d93110875039154e2bbcbe2a0729810b91986d3d96601c',
    '0004_clinic_alert_acknowledgement': '7b3957856cc92c48845600278803aa3415258853a5fa0124fecf522fa7b82b6c',
    '0004_websec_auth_sessions': '325b34cbc596f6fe565108eeb6582584ea9fa89871f6c3fb5767c12654abe19f',
    '0005_board_rows': '29f170384687abc267248b97e95bc48f647ffe5e5fc85be4b968f0589e6ffd9d',
    '0005_board_rules_version': '97a3477c89aaadf41bc01c238565a1be3c91c7711fb07496ff035210dd57db1a',
    '0005_controls_user_admin': 'faa528925cac462f96b9b60da2aa29d61789a415256b040efc7b6d350a6697f0',
    '0005_pathway_records': 'b0b4d860ccf02ece7201fc67291ddf290113744e66edb899ac65628179cf333c',
    '0006_followup_appointment_status': 'ee48cbfbafc792dd568596be3560a5f5a1da9424b7e9c2a3f8beba7c26fcd0c6',
    '0006_trouble_episodes': 'ecfd03e9807122792713f195aa514340976dfa8340a3e51d0f7ee530ef6f973b',
    '0007_model_opioid_status': '2aa1618a0de8e006db6f5519430a6fb4142b7c46f1e2fb8d655711a43c38fdcb',
    '0007_pathway_initial_fill': '146eca494c513a8143c3f3f1e835107afd4a8c45627aed91095312907783d3ef',
    '0008_pathway_board_due': '5a302e9c9cf6adab0246023988c850172fe22ddc1c82b3567ee723c7718a8051',
    '0009_board_empty_alerts': '76da4afadb4876494eb08093cb2b9b3f48e6870543b31ff93048ce276b52f34c',
    '0010_mri_preparation': '2ff255892f362119b3271055ba9f167cdf6496a846946dae6f6bff715731b72b',
    '0011_board_eos': 'ad01c03c051e093620585c15df552253e6d8cced8bc0b73ee43b30770ab4528f',
  },
  postgres: {
    '0001_clinic_records': '19bb8b91de50aa2d5432455b81e9cdc3227591ec411b50395e34e1c0cb7b318c',
    '0002_append_only_guards': '92b645a6b174a17759fb13420e40af75e9bb6ef282134176dc3766481d490615',
    '0003_symptom_diary': 'a812a5408090b214fca6a263ab7fb4a4a4554010707b6805584c4e8959c451a2',
    '0004_clinic_alert_acknowledgement': 'c80931272d3cf8cbd48aa656dc4e370ac18570ef5a9e2463549a9d936f627374',
    '0004_websec_auth_sessions': '99d781deb6838ee3cca7978afcd98036d733a85651652848824475127a3ac3b1',
    '0005_board_rows': '29aa8dc02ea615d0d20875278a6d8d3b66a8906bea7e766f2ae02a8f7427606c',
    '0005_board_rules_version': '3189e9328cb5ad44dc0ce2d8c70b75cbb7b884eb3deefdcdafed3a1ce0b01f69',
    '0005_controls_user_admin': '6aedf80400c79d44e326da0c2751f7fb46c306e02ede55dcacb7356b2017fd2d',
    '0005_pathway_records': '0b89d3537cdfa07bddebc8fca1f0740937ce3f2ebb861287132512579f1cc919',
    '0006_followup_appointment_status': 'd1b24360528d78f3a2b0f48f1b715da065cea32a766cb20d3074736f02ad686a',
    '0006_trouble_episodes': '8603b7626c1102a782d3363c342d8ee4bd2c9f322a23a38eb8740aa9a12715a0',
    '0007_model_opioid_status': '353d5af15b4114f8e44c2ceb54207d5ca6d77cae29d3e4ae5e37ed9c808a3430',
    '0007_pathway_initial_fill': '94cba0ef242bcd6d6d22e8a240451112c01a24a69c9bf12adaf25e561bba263c',
    '0008_pathway_board_due': '4274bf6c50e068f8e0df59c3ea2e0e6ca7a6872a1baea5482187beaab67a4d06',
    '0009_board_empty_alerts': 'ee805ea727e99f479753b897d7581e72836ff7593be6e1d71d8151d7d77eb080',
    '0010_mri_preparation': '566348cdf95f235a24b1fc469749a1a38478ebb88f51a1e502272a731e1e31d9',
    '0011_board_eos': '9552745c04e071abaf86cf2a6b8fe76ff935394f7ffead650ec91e64f93d222f',
  },
};

/** The Migrator's own bookkeeping: Kysely's, not ours, and free to change with Kysely. */
const OWN = /kysely_migration/;

async function sqlByMigration(
  dialect: DialectName,
  open: (log: (e: LogEvent) => void) => Kysely<unknown>,
): Promise<Record<string, string>> {
  let sent: string[] = [];
  const db = open((e) => {
    if (!OWN.test(e.query.sql)) sent.push(e.query.sql);
  });
  const out: Record<string, string> = {};
  try {
    const m = new Migrator({ db, provider: migrationProvider(dialect) });
    for (const name of Object.keys(clinicMigrations(dialect))) {
      sent = [];
      const r = await m.migrateTo(name);
      if (r.error !== undefined) throw r.error as Error;
      out[name] = createHash('sha256').update(sent.join('\n')).digest('hex');
    }
  } finally {
    await db.destroy();
  }
  return out;
}

describe.each(BACKENDS)('released migrations ($name)', (backend) => {
  it.skipIf(backend.skip !== undefined)(
    "a released migration's SQL text never changes (the pathway migration kept its own copy of the append-only trigger SQL)",
    async () => {
      const fresh = await backend.fresh();
      try {
        const got = await sqlByMigration(fresh.dialect, (log) =>
          fresh.dialect === 'sqlite'
            ? new Kysely({ dialect: new SqliteDialect({ database: new Database(fresh.url) }), log })
            : new Kysely({
                dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: fresh.url, max: 1 }) }),
                log,
              }),
        );
        expect(got).toEqual(RELEASED[fresh.dialect]);
      } finally {
        await fresh.dispose();
      }
    },
  );
});
