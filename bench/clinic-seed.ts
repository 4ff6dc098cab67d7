/**
 * The benchmarks' clinic: a template patient written through the store, cloned set-based. The stored board
 * rows (clinic/board-rows.ts) of the clones are rebuilt at the end, as after any bulk import.
 */
import type { FreshDb } from '../src/clinic/store-test-harness.ts';
import { implantInput, patientInput, continuous } from '../src/clinic/store-test-fixtures.ts';
import type { ClinicStore } from '../src/clinic/store.ts';

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);

/**
 * Seeds `patients` patients with `refills` refills each (`npm run bench -- api` and `-- board`): one template patient (implant, prescription, refill)
 * through the store, then set-based clones of its rows in ONE transaction on the raw connection — the
 * per-write path (an audited transaction per record) would take minutes at the 10,000 / 100,000.
 * The clones have no audit entries of their own (the bench reads them; it does not verify the chain).
 */
export async function seedClinic(
  db: FreshDb,
  store: ClinicStore,
  patients: number,
  refills: number,
): Promise<{ patientId: string; implantId: string }> {
  const sys = { actor: 'system:bench' };
  const p = await store.createPatient(patientInput(0), sys);
  const imp = await store.addImplant(implantInput(p.id, 'B-0'), sys);
  await store.appendPrescription(p.id, continuous(400, 2000), { ...sys, expectedHeadId: null });
  await store.recordRefill(
    {
      patientId: p.id,
      implantId: imp.id,
      at: START,
      expectedResidualNl: 3_000_000,
      measuredResidualNl: 3_000_000,
      drug: 'baclofen',
      concentrationNgPerMl: 2_000_000,
      lot: 'L1',
      volumeAddedNl: 18_000_000,
    },
    sys,
  );
  const fill =
    db.dialect === 'postgres'
      ? `insert into bench_nums select generate_series(1, ${Math.max(patients - 1, refills)})`
      : `insert into bench_nums with recursive c(n) as (select 1 union all select n + 1 from c ` +
        `where n < ${Math.max(patients - 1, refills)}) select n from c`;
  const day = `cast(${DAY} as bigint)`;
  const clone = (table: string, cols: string, select: string, from = 'bench_nums n') =>
    `insert into ${table} (${cols}) select ${select} from ${table} t, ${from} ` +
    `where t.patient_id = '${p.id}' and n.n < ${patients};`;
  await db.raw.exec(
    [
      'begin;',
      'create table bench_nums (n integer primary key);',
      `${fill};`,
      `insert into patients (id, mrn, name, birth_date, etiology, age_band, weight_grams, high_risk, ` +
        `clinic_contact, created_at, created_by) select 'p-' || n.n, 'B-' || n.n, 'Bench ' || n.n, ` +
        `birth_date, etiology, age_band, weight_grams, high_risk, clinic_contact, created_at, created_by ` +
        `from patients t, bench_nums n where t.id = '${p.id}' and n.n < ${patients};`,
      clone(
        'implants',
        'id, patient_id, pump_serial, device_profile_id, implant_date, pocket_side, catheter, ' +
          'link_keys_sealed, created_at, created_by',
        `'i-' || n.n, 'p-' || n.n, 'B-' || n.n, device_profile_id, implant_date, pocket_side, catheter, ` +
          'link_keys_sealed, created_at, created_by',
      ),
      clone(
        'prescriptions',
        'id, patient_id, prior_id, implant_id, body, verdict, reasons, justification, created_at, created_by',
        `'rx-' || n.n, 'p-' || n.n, null, null, body, verdict, reasons, justification, created_at, created_by`,
      ),
      clone(
        'refills',
        'id, patient_id, implant_id, at, body, verdict, created_at, created_by',
        `'r-' || n.n || '-' || k.n, 'p-' || n.n, 'i-' || n.n, ` +
          `t.at + cast(k.n - 1 as bigint) * 60 * ${day} + cast(n.n % 50 as bigint) * ${day}, ` +
          'body, verdict, created_at, created_by',
        `bench_nums n, bench_nums k where k.n <= ${refills} and`,
      ).replace(' and where ', ' and '),
      'drop table bench_nums;',
      'commit;',
    ].join('\n'),
  );
  await store.rebuildBoardRows();
  return { patientId: p.id, implantId: imp.id };
}
