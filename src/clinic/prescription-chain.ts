/**
 * Prescriptions as an append-only chain per patient (docs/architecture.md principle 8; FHIR MedicationRequest
 * `priorPrescription`, docs/clinical-reference.md §6). A row is never updated: a change appends a row pointing at the one it
 * replaces, and the prescription in force is the chain's head (the row nothing points at). Appending is a
 * compare-and-set on the head, so two clinicians working from the same screen cannot both "win" — the
 * second is told the head moved (ITB_E_CLINIC_STALE_HEAD) instead of silently replacing the first's change.
 * The database backs this up: prior_id is unique (no fork), one root per patient, and the prior must be the
 * same patient's.
 *
 * The store validates what it appends with the therapy core (defence in depth, docs/architecture.md principle 4): a
 * blocked prescription is refused, a warning needs a recorded justification.
 */
import { z } from 'zod';
import { getProfile } from '../pump/profiles.ts';
import { ItbError } from '../therapy/codes.ts';
import { populationOf } from '../therapy/drug-library.ts';
import {
  prescriptionFromJson,
  prescriptionSchema,
  validatePrescription,
  type ValidationOptions,
} from '../therapy/prescription-rules.ts';
import type { EpochMs } from '../therapy/quantities.ts';
import type { Population } from '../therapy/drug.ts';
import { reasonSchema } from '../therapy/reason-schema.ts';
import type { PrescriptionRecord } from './clinical-records.ts';
import type { PatientsTable, PrescriptionsTable } from './db-schema.ts';
import { requireImplant, requirePatient } from './people-repo.ts';
import type { ActorContext } from './records.ts';
import type { AppendPrescriptionOptions } from './store.ts';
import { parseStored, toJsonText, type StoreCore, type Trx, type Tx } from './store-core.ts';

const reasonsSchema = z.array(reasonSchema);

/** The dosing population the drug library's usual ranges are checked against (docs/clinical-reference.md §1.5). */
export function populationFor(p: Pick<PatientsTable, 'etiology' | 'age_band'>): Population {
  return p.age_band === 'under-12'
    ? 'child-under-12'
    : populationOf(p.etiology === 'cerebral' ? 'cerebral' : 'spinal');
}

export function prescriptionRecordFrom(r: PrescriptionsTable): PrescriptionRecord {
  const where = `prescription ${r.id}`;
  return {
    id: r.id,
    patientId: r.patient_id,
    priorId: r.prior_id,
    implantId: r.implant_id,
    prescription: parseStored(prescriptionSchema, r.body, where),
    verdict: r.verdict === 'warn' ? 'warn' : 'ok',
    reasons: parseStored(reasonsSchema, r.reasons, where),
    justification: r.justification,
    createdAt: r.created_at as EpochMs,
    createdBy: r.created_by,
  };
}

/** The patient's chain in order, root first; a fork or a broken link is ITB_E_CLINIC_CORRUPT_RECORD. */
async function chainRows(trx: Trx, patientId: string): Promise<PrescriptionsTable[]> {
  const rows = await trx
    .selectFrom('prescriptions')
    .selectAll()
    .where('patient_id', '=', patientId)
    .execute();
  return orderChain(rows, patientId);
}

/** The prescription in force (the chain head), read inside a transaction. */
export async function headPrescription(trx: Trx, patientId: string): Promise<PrescriptionRecord | null> {
  const head = (await chainRows(trx, patientId)).at(-1);
  return head === undefined ? null : prescriptionRecordFrom(head);
}

/** One patient's prescription rows in chain order, root first; a fork or a broken link is corrupt. */
export function orderChain(rows: readonly PrescriptionsTable[], patientId: string): PrescriptionsTable[] {
  const byPrior = new Map<string | null, PrescriptionsTable>();
  for (const r of rows) {
    if (byPrior.has(r.prior_id)) {
      throw new ItbError('ITB_E_CLINIC_CORRUPT_RECORD', `patient ${patientId}'s prescription chain forks`);
    }
    byPrior.set(r.prior_id, r);
  }
  const chain: PrescriptionsTable[] = [];
  for (let r = byPrior.get(null); r !== undefined; r = byPrior.get(r.id)) chain.push(r);
  if (chain.length !== rows.length) {
    throw new ItbError('ITB_E_CLINIC_CORRUPT_RECORD', `patient ${patientId}'s prescription chain is broken`);
  }
  return chain;
}

export class PrescriptionChain {
  constructor(private readonly core: StoreCore) {}

  append(patientId: string, json: unknown, opts: AppendPrescriptionOptions): Promise<PrescriptionRecord> {
    const parsed = parsePrescriptionJson(json);
    return this.core.tx({ actor: opts.actor }, (t) =>
      appendPrescriptionIn(this.core, t, patientId, parsed, opts),
    );
  }

  current(patientId: string, ctx: ActorContext): Promise<PrescriptionRecord | null> {
    return this.core.tx(ctx, async (t) => {
      await requirePatient(t.trx, patientId);
      const head = (await chainRows(t.trx, patientId)).at(-1);
      await t.audit(ctx, 'view', 'prescription', head?.id ?? '-', { patientId });
      return head ? prescriptionRecordFrom(head) : null;
    });
  }

  chain(patientId: string, ctx: ActorContext): Promise<PrescriptionRecord[]> {
    return this.core.tx(ctx, async (t) => {
      await requirePatient(t.trx, patientId);
      const rows = await chainRows(t.trx, patientId);
      await t.audit(ctx, 'list', 'prescription', patientId, { ids: rows.map((r) => r.id) });
      return rows.map(prescriptionRecordFrom);
    });
  }
}

/** A prescription's JSON checked for shape, and the normalised JSON that is stored. */
export interface ParsedPrescription {
  readonly prescription: ReturnType<typeof prescriptionFromJson>;
  readonly body: z.output<typeof prescriptionSchema>;
}

/** Shape first, before any transaction (ITB_E_INVALID_PRESCRIPTION with zod's issues). */
export function parsePrescriptionJson(json: unknown): ParsedPrescription {
  return { prescription: prescriptionFromJson(json), body: prescriptionSchema.parse(json) };
}

/**
 * Appends to the patient's chain inside the caller's transaction `t` (a pump replacement appends the new
 * pump's programme in the same transaction as its implant and the old pump's explant).
 */
export async function appendPrescriptionIn(
  core: StoreCore,
  t: Tx,
  patientId: string,
  { prescription, body }: ParsedPrescription,
  opts: AppendPrescriptionOptions,
): Promise<PrescriptionRecord> {
  const ctx: ActorContext = { actor: opts.actor };
  const patient = await requirePatient(t.trx, patientId);
  const vopts: { -readonly [K in keyof ValidationOptions]: ValidationOptions[K] } = {
    population: populationFor(patient),
  };
  if (opts.implantId !== undefined) {
    const implant = await requireImplant(t.trx, opts.implantId, patientId);
    vopts.minimumRateFlow = getProfile(implant.device_profile_id).minimumRateFlow.value;
  }
  const chain = await chainRows(t.trx, patientId);
  // The usual range judged by the change's direction from the prescription in force, as the programmer's
  // plan judged it (an increase still below the range is noted, not warned): a plan the prescriber was not
  // asked to justify is recorded without one. Another drug's dose says nothing of this one's direction.
  const inForce = chain.at(-1);
  const before =
    inForce === undefined ? null : prescriptionFromJson(prescriptionRecordFrom(inForce).prescription);
  if (before !== null && before.mode !== 'stopped' && prescription.mode !== 'stopped') {
    if (before.drug.drug === prescription.drug.drug) vopts.before = before;
  }
  const check = validatePrescription(prescription, vopts);
  if (check.verdict === 'block') {
    throw new ItbError(
      'ITB_E_INVALID_PRESCRIPTION',
      `the prescription is blocked: ${check.reasons
        .filter((r) => r.severity === 'block')
        .map((r) => r.message)
        .join('; ')}`,
      { reasons: check.reasons },
    );
  }
  const justification = opts.justification?.trim() || null;
  if (check.verdict === 'warn' && justification === null) {
    throw new ItbError(
      'ITB_E_CLINIC_JUSTIFICATION_REQUIRED',
      `the prescription needs a justification to override: ${check.reasons
        .filter((r) => r.severity === 'warn')
        .map((r) => r.message)
        .join('; ')}`,
      { reasons: check.reasons },
    );
  }

  const head = chain.at(-1)?.id ?? null;
  if (head !== opts.expectedHeadId) {
    throw new ItbError(
      'ITB_E_CLINIC_STALE_HEAD',
      `the prescription in force is ${head ?? 'none'}, not ${opts.expectedHeadId ?? 'none'}: ` +
        're-read it and re-apply the change',
      { expectedHeadId: opts.expectedHeadId, currentHeadId: head },
    );
  }
  const row: PrescriptionsTable = {
    id: core.newId(),
    patient_id: patientId,
    prior_id: head,
    implant_id: opts.implantId ?? null,
    body: toJsonText(body),
    verdict: check.verdict,
    reasons: toJsonText(check.reasons),
    justification,
    created_at: t.now,
    created_by: opts.actor,
  };
  await t.trx.insertInto('prescriptions').values(row).execute();
  const record = prescriptionRecordFrom(row);
  await t.audit(ctx, 'create', 'prescription', row.id, record);
  return record;
}
