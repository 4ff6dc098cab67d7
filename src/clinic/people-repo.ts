/**
 * Users, patients and implants. Link keys are sealed (secret-box.ts) with the implant id as associated
 * data before they reach the database, and never appear in the audit trail; password hashes are stored but
 * returned only to the login lookup.
 */
import { assertCatheterVolumePlausible } from '../therapy/catheter.ts';
import { getProfile } from '../pump/profiles.ts';
import { ItbError } from '../therapy/codes.ts';
import type { OpioidStatus } from '../therapy/drug.ts';
import type { EpochMs } from '../therapy/quantities.ts';
import { formatVolume } from '../therapy/units.ts';
import type { ImplantsTable, PatientsTable, UsersTable } from './db-schema.ts';
import {
  catheterSchema,
  type Catheter,
  clinicContactSchema,
  highRiskSchema,
  implantInputSchema,
  linkKeysSchema,
  opioidStatusSchema,
  patientInputSchema,
  userInputSchema,
  type ActorContext,
  type AgeBand,
  type Implant,
  type ImplantInput,
  type LinkKeys,
  type Patient,
  type PatientInput,
  type User,
  type UserInput,
  type UserRole,
} from './records.ts';
import { checkClinicalDay, checkClinicalTime } from './clinical-time.ts';
import { checkInitialFill, initialFillSchema } from './initial-fill.ts';
import { registeredAgeBand } from './patient-age.ts';
import { open, seal } from './secret-box.ts';
import { nameActor, userIdOf, type ActorName, type KnownUsers } from './actor-names.ts';
import { parseInput, parseStored, toJsonText, type StoreCore, type Trx, type Tx } from './store-core.ts';
import type { z } from 'zod';

const keysAad = (implantId: string) => `itb:implant-link-keys:v1:${implantId}`;

/** The account as callers see it (no password hash, no disabled columns: see user-admin-repo.ts). */
export function userFrom(r: UsersTable): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role as UserRole,
    patientId: r.patient_id,
    createdAt: r.created_at as EpochMs,
    createdBy: r.created_by,
  };
}

export function patientFrom(r: PatientsTable): Patient {
  const where = `patient ${r.id}`;
  return {
    id: r.id,
    mrn: r.mrn,
    name: r.name,
    birthDate: r.birth_date,
    etiology: r.etiology as Patient['etiology'],
    ageBand: r.age_band as AgeBand,
    weightGrams: r.weight_grams,
    highRisk: parseStored(highRiskSchema, r.high_risk, where),
    clinicContact: parseStored(clinicContactSchema, r.clinic_contact, where),
    opioidStatus: r.opioid_status as OpioidStatus | null, // the column's CHECK holds it to the two values
    createdAt: r.created_at as EpochMs,
    createdBy: r.created_by,
  };
}

export function implantFrom(r: ImplantsTable): Implant {
  return {
    id: r.id,
    patientId: r.patient_id,
    pumpSerial: r.pump_serial,
    deviceProfileId: r.device_profile_id,
    implantDate: r.implant_date,
    pocketSide: r.pocket_side as Implant['pocketSide'],
    catheter: parseStored(catheterSchema, r.catheter, `implant ${r.id}`),
    initialFill:
      r.initial_fill === null ? null : parseStored(initialFillSchema, r.initial_fill, `implant ${r.id}`),
    createdAt: r.created_at as EpochMs,
    createdBy: r.created_by,
  };
}

/** The patient row, or ITB_E_CLINIC_NOT_FOUND. */
export async function requirePatient(trx: Trx, id: string): Promise<PatientsTable> {
  const row = await trx.selectFrom('patients').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw new ItbError('ITB_E_CLINIC_NOT_FOUND', `no patient ${id}`, { patientId: id });
  return row;
}

/** The implant row; when `patientId` is given it must be that patient's (ITB_E_CLINIC_REFERENCE). */
export async function requireImplant(trx: Trx, id: string, patientId?: string): Promise<ImplantsTable> {
  const row = await trx.selectFrom('implants').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw new ItbError('ITB_E_CLINIC_NOT_FOUND', `no implant ${id}`, { implantId: id });
  if (patientId !== undefined && row.patient_id !== patientId) {
    throw new ItbError('ITB_E_CLINIC_REFERENCE', `implant ${id} is not patient ${patientId}'s`, {
      implantId: id,
      patientId,
    });
  }
  return row;
}

/**
 * A catheter holding more than the pump profile allows, or more than its length can hold
 * (therapy/catheter.ts), cannot be recorded: the priming and bridge boluses follow from it.
 */
export function assertCatheterFits(deviceProfileId: string, catheter: Catheter): void {
  assertCatheterVolumePlausible(catheter);
  const { volumeNl } = catheter;
  const profile = getProfile(deviceProfileId);
  if (volumeNl > profile.maxCatheterVolume.value) {
    throw new ItbError(
      'ITB_E_OUT_OF_RANGE',
      `catheter volume ${formatVolume(volumeNl)} is above ${profile.id}'s maximum ` +
        `${formatVolume(profile.maxCatheterVolume.value)} (${profile.maxCatheterVolume.source})`,
      { limit: profile.maxCatheterVolume.value, value: volumeNl },
    );
  }
}

export class PeopleRepo {
  constructor(private readonly core: StoreCore) {}

  createUser(input: UserInput, ctx: ActorContext): Promise<User> {
    const u = parseInput(userInputSchema, input, 'user');
    return this.core.tx(ctx, async (t) => {
      if (u.patientId !== null) await requirePatient(t.trx, u.patientId);
      const row: UsersTable = {
        id: this.core.newId(),
        email: u.email,
        name: u.name,
        role: u.role,
        password_hash: u.passwordHash,
        patient_id: u.patientId,
        created_at: t.now,
        created_by: ctx.actor,
        disabled_at: null,
        disabled_by: null,
      };
      await t.trx.insertInto('users').values(row).execute();
      const user = userFrom(row);
      await t.audit(ctx, 'create', 'user', row.id, user);
      return user;
    });
  }

  /**
   * The actors' names and roles (actor-names.ts), read in one query. Not audited: a name and a role are
   * what every record already shows beside the action; nothing of the account is read.
   */
  async resolveActors(actors: readonly string[]): Promise<ActorName[]> {
    const ids = [...new Set(actors.map(userIdOf).filter((id): id is string => id !== undefined))];
    const rows =
      ids.length === 0
        ? []
        : await this.core.db
            .selectFrom('users')
            .select(['id', 'name', 'role'])
            .where('id', 'in', ids)
            .execute();
    const users: KnownUsers = new Map(rows.map((r) => [r.id, { name: r.name, role: r.role }]));
    return actors.map((a) => nameActor(a, users));
  }

  getUser(id: string, ctx: ActorContext): Promise<User> {
    return this.core.tx(ctx, async (t) => {
      const row = await t.trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      if (row === undefined) throw new ItbError('ITB_E_CLINIC_NOT_FOUND', `no user ${id}`);
      await t.audit(ctx, 'view', 'user', id);
      return userFrom(row);
    });
  }

  async findUserForLogin(email: string): Promise<{ user: User; passwordHash: string } | undefined> {
    // A disabled account is not found: it signs in no more than an unknown one (user-admin-repo.ts).
    const row = await this.core.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email.trim().toLowerCase())
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    return row && { user: userFrom(row), passwordHash: row.password_hash };
  }

  createPatient(input: PatientInput, ctx: ActorContext): Promise<Patient> {
    const p = parseInput(patientInputSchema, input, 'patient');
    return this.core.tx(ctx, async (t) => {
      const ageBand = registeredAgeBand(p.birthDate, p.ageBand, t.now);
      await refuseMrnInAnotherCase(t.trx, p.mrn);
      const row: PatientsTable = {
        id: this.core.newId(),
        mrn: p.mrn,
        name: p.name,
        birth_date: p.birthDate,
        etiology: p.etiology,
        age_band: ageBand,
        weight_grams: p.weightGrams,
        high_risk: toJsonText(p.highRisk),
        clinic_contact: toJsonText(p.clinicContact),
        opioid_status: p.opioidStatus,
        created_at: t.now,
        created_by: ctx.actor,
      };
      await t.trx.insertInto('patients').values(row).execute();
      const patient = patientFrom(row);
      await t.audit(ctx, 'create', 'patient', row.id, patient);
      return patient;
    });
  }

  getPatient(id: string, ctx: ActorContext): Promise<Patient> {
    return this.core.tx(ctx, async (t) => {
      const patient = patientFrom(await requirePatient(t.trx, id));
      await t.audit(ctx, 'view', 'patient', id);
      return patient;
    });
  }

  /**
   * Records whether the patient is opioid-naive or tolerant (null: unknown again). Audited with the status
   * before and after: an opioid's starting range depends on it (docs/clinical-reference.md §2).
   */
  setOpioidStatus(id: string, status: OpioidStatus | null, ctx: ActorContext): Promise<Patient> {
    const next = parseInput(opioidStatusSchema.nullable(), status, 'opioid status');
    return this.core.tx(ctx, async (t) => {
      const row = await requirePatient(t.trx, id);
      await t.trx.updateTable('patients').set({ opioid_status: next }).where('id', '=', id).execute();
      await t.audit(ctx, 'update', 'patient', id, { opioidStatus: { from: row.opioid_status, to: next } });
      return patientFrom({ ...row, opioid_status: next });
    });
  }

  listPatients(ctx: ActorContext): Promise<Patient[]> {
    return this.core.tx(ctx, async (t) => {
      const rows = await t.trx.selectFrom('patients').selectAll().orderBy('name').orderBy('id').execute();
      const patients = rows.map(patientFrom);
      await t.audit(ctx, 'list', 'patient', '*', { ids: patients.map((p) => p.id) });
      return patients;
    });
  }

  addImplant(input: ImplantInput, ctx: ActorContext): Promise<Implant> {
    const i = parseImplantInput(input);
    return this.core.tx(ctx, (t) => addImplantIn(this.core, t, i, ctx));
  }

  /**
   * Records a catheter revision: the implant's catheter (model, length, volume, tip) is replaced; the
   * audit keeps the one before. The pump is told separately (programmer/procedures.ts, then priming).
   */
  replaceCatheter(implantId: string, input: unknown, ctx: ActorContext): Promise<Implant> {
    const catheter = parseInput(catheterSchema, input, 'catheter');
    return this.core.tx(ctx, async (t) => {
      const before = implantFrom(await requireImplant(t.trx, implantId));
      assertCatheterFits(before.deviceProfileId, catheter);
      await t.trx
        .updateTable('implants')
        .set({ catheter: toJsonText(catheter) })
        .where('id', '=', implantId)
        .execute();
      const after = { ...before, catheter };
      await t.audit(ctx, 'update', 'implant', implantId, {
        catheter: { before: before.catheter, after: catheter },
      });
      return after;
    });
  }

  getImplant(id: string, ctx: ActorContext): Promise<Implant> {
    return this.core.tx(ctx, async (t) => {
      const implant = implantFrom(await requireImplant(t.trx, id));
      await t.audit(ctx, 'view', 'implant', id);
      return implant;
    });
  }

  listImplants(patientId: string, ctx: ActorContext): Promise<Implant[]> {
    return this.core.tx(ctx, async (t) => {
      await requirePatient(t.trx, patientId);
      const rows = await t.trx
        .selectFrom('implants')
        .selectAll()
        .where('patient_id', '=', patientId)
        .orderBy('implant_date')
        .orderBy('id')
        .execute();
      await t.audit(ctx, 'list', 'implant', patientId, { ids: rows.map((r) => r.id) });
      return rows.map(implantFrom);
    });
  }

  getImplantKeys(implantId: string, ctx: ActorContext): Promise<LinkKeys> {
    const key = this.core.deps.secretKey();
    return this.core.tx(ctx, async (t) => {
      const row = await requireImplant(t.trx, implantId);
      const keys = parseStored(
        linkKeysSchema,
        open(key, row.link_keys_sealed, keysAad(implantId)),
        `implant ${implantId}`,
      );
      await t.audit(ctx, 'view-keys', 'implant', implantId, { keyId: key.id });
      return keys;
    });
  }
}

/** An implant's input checked before any transaction: its shape, catheter and initial fill. */
export function parseImplantInput(input: ImplantInput): z.output<typeof implantInputSchema> {
  const i = parseInput(implantInputSchema, input, 'implant');
  assertCatheterFits(i.deviceProfileId, i.catheter);
  if (i.initialFill !== null) checkInitialFill(i.deviceProfileId, i.initialFill);
  return i;
}

/**
 * Records an implant inside the caller's transaction `t` (a pump replacement records the new pump in the
 * same transaction as its programme and the old pump's explant). The link keys are sealed with the
 * implant id as associated data; the audit names the sealing key, never the keys.
 */
export async function addImplantIn(
  core: StoreCore,
  t: Tx,
  i: z.output<typeof implantInputSchema>,
  ctx: ActorContext,
): Promise<Implant> {
  const key = core.deps.secretKey();
  const patient = await requirePatient(t.trx, i.patientId);
  // The implant date is a clinical day and the initial fill a clinical time (docs/invariants.md I2): a pump
  // implanted on 9999-12-31, or before the patient was born, would date every later record from nonsense.
  checkClinicalDay(i.implantDate, t.now, { date: patient.birth_date, what: 'patient’s birth date' });
  if (i.initialFill !== null) {
    checkClinicalTime(i.initialFill.at, t.now, { date: i.implantDate, what: 'implant date' });
  }
  const id = core.newId();
  const row: ImplantsTable = {
    id,
    patient_id: i.patientId,
    pump_serial: i.pumpSerial,
    device_profile_id: i.deviceProfileId,
    implant_date: i.implantDate,
    pocket_side: i.pocketSide,
    catheter: toJsonText(i.catheter),
    link_keys_sealed: seal(key, toJsonText(i.linkKeys), keysAad(id)),
    initial_fill: i.initialFill === null ? null : toJsonText(i.initialFill),
    created_at: t.now,
    created_by: ctx.actor,
  };
  await t.trx.insertInto('implants').values(row).execute();
  const implant = implantFrom(row);
  await t.audit(ctx, 'create', 'implant', id, { ...implant, linkKeys: { sealedWith: key.id } });
  return implant;
}

/**
 * Refuses an MRN that differs from a registered one only in upper and lower case ("mrn-1" beside "MRN-1"):
 * read aloud or printed they are one number, and the unique index compares bytes. Checked in the
 * registration's transaction (PostgreSQL's read-committed isolation leaves a race between two registrations
 * at the same instant, which the byte-exact unique index does not close).
 */
async function refuseMrnInAnotherCase(trx: Trx, mrn: string): Promise<void> {
  const same = await trx
    .selectFrom('patients')
    .select('mrn')
    .where((eb) => eb(eb.fn('lower', ['mrn']), '=', mrn.toLowerCase()))
    .executeTakeFirst();
  if (same !== undefined && same.mrn !== mrn)
    throw new ItbError(
      'ITB_E_CLINIC_DUPLICATE',
      `a patient with this MRN is already registered as ${same.mrn}: MRNs that differ only in upper and lower case are one MRN`,
    );
}
