/**
 * Sample records for the store suite. Values follow docs/clinical-reference.md: a 20 mL SynchroMed-like pump, baclofen
 * 500 mcg/mL, a 50 mcg screening bolus in 1 mL, MAS grades including "1+".
 */
import type { ClinicStore } from './store.ts';
import type { ImplantInput, PatientInput } from './records.ts';

export const NURSE = { actor: 'user:nurse-1' };
export const DOCTOR = { actor: 'user:physician-1' };

export function patientInput(n = 1, over: Partial<PatientInput> = {}): PatientInput {
  return {
    mrn: `MRN-${n}`,
    name: `Patient ${String(n).padStart(3, '0')}`,
    birthDate: '1975-06-15',
    etiology: 'spinal',
    ageBand: '18-64',
    weightGrams: 72_500,
    highRisk: { injuryAtT6OrAbove: true, cannotCommunicate: false, priorWithdrawal: false },
    clinicContact: { clinic: 'Neuro Clinic', phone: '+44 20 7946 0000', afterHoursPhone: '+44 20 7946 0999' },
    ...over,
  };
}

/** A secret that must never appear in plaintext in the database. */
export const LINK_SECRET = 'c0ffee'.repeat(10) + 'cafe';

export function implantInput(
  patientId: string,
  serial = 'NGP123456H',
  over: Partial<ImplantInput> = {},
): ImplantInput {
  return {
    patientId,
    pumpSerial: serial,
    deviceProfileId: 'peristaltic-20',
    implantDate: '2023-03-01',
    pocketSide: 'right',
    catheter: { model: '8709SC', lengthMm: 500, volumeNl: 110_000, tipLevel: 'T10' },
    linkKeys: { clinicianPrivateKey: LINK_SECRET, pumpPublicKey: 'ab'.repeat(32), keyId: '0102030405060708' },
    ...over,
  };
}

/** Clinician-facing prescription JSON (src/therapy/prescription-json.ts). */
export const continuous = (doseMcgPerDay: number, concentrationMcgPerMl = 500) => ({
  mode: 'simple-continuous',
  drug: 'baclofen',
  concentrationMcgPerMl,
  doseMcgPerDay,
});

/** A patient with an implant, ready for clinical events. */
export async function patientWithImplant(store: ClinicStore, n = 1) {
  const patient = await store.createPatient(patientInput(n), NURSE);
  const implant = await store.addImplant(implantInput(patient.id, `SER-${n}`), DOCTOR);
  return { patient, implant };
}

/** Number of audit entries, read raw. */
export async function auditCount(raw: {
  all(sql: string): Promise<Record<string, unknown>[]>;
}): Promise<number> {
  const rows = await raw.all('select count(*) as n from audit_log');
  return Number(rows[0]?.['n']);
}
