/**
 * The demo's care-pathway records: every implanted demo patient was evaluated by the team before screening,
 * and the pathway cast (not yet implanted, or just implanted) show each earlier stage of the pathway
 * on the board and the patient pages. Demo data only — not clinical guidance.
 */
import type { EvaluationInput, TeamDecision } from '../clinic/pathway/evaluation-records.ts';
import { evaluationInput, proceedDecision } from '../clinic/pathway/pathway-fixtures.ts';
import type { ClinicStore } from '../clinic/store.ts';

/** An evaluation fitting the patient's etiology, with `decision` (null: pending). */
export function demoEvaluation(
  patientId: string,
  at: number,
  etiology: 'spinal' | 'cerebral',
  decision: TeamDecision | null,
): EvaluationInput {
  return evaluationInput(
    patientId,
    at,
    decision,
    etiology === 'cerebral'
      ? {
          diagnosis: 'cerebral palsy, spastic diplegia',
          etiology,
          distribution: 'four-limbs',
          goals: ['easier care and dressing', 'less pain'],
        }
      : {},
  );
}

/** The demo patients still on the way to a pump, and one just implanted: one per early pathway stage. */
export const PATHWAY_CAST = [
  { n: 101, name: 'Nora Referred', stage: 'referred' },
  { n: 102, name: 'Omar Evaluated', stage: 'evaluated' },
  { n: 103, name: 'Pia Trialled', stage: 'trial' },
  { n: 104, name: 'Quinn Postop', stage: 'post-op' },
] as const;

const DAY = 86_400_000;

/** When the post-op patient's pump was filled: noon on the day of the implant, five days before `today`. */
export const pathwayFillAt = (today: number): number => today - 5 * DAY + 12 * 3_600_000;

/**
 * Registers the pathway cast at "today" on the demo clock and records what puts each at its stage:
 * nothing more (referred), the team's decision to proceed (evaluated), a responding 50 mcg screening dose
 * (trial), and an implant five days ago with the first programme from that trial (post-op: the wound
 * check is due), and the initial fill, all by the demo's physician. The maintenance and replacement-due stages are the implanted cast (cast.ts).
 */
export async function seedPathwayPatients(store: ClinicStore, now: number, physician: string): Promise<void> {
  const ctx = { actor: physician };
  for (const c of PATHWAY_CAST) {
    const p = await store.createPatient(
      {
        mrn: `DEMO-${c.n}`,
        name: c.name,
        birthDate: '1984-05-20',
        etiology: 'spinal',
        weightGrams: 70_000,
        clinicContact: { clinic: 'itb Demo Clinic', phone: '+44 20 7946 0000' },
      },
      ctx,
    );
    if (c.stage === 'referred') continue;
    const evaluatedAt = now - 30 * DAY;
    await store.recordEvaluation(
      demoEvaluation(p.id, evaluatedAt, 'spinal', proceedDecision(evaluatedAt)),
      ctx,
    );
    if (c.stage === 'evaluated') continue;
    await store.recordTrial(
      {
        patientId: p.id,
        at: now - 20 * DAY,
        doseNg: 50_000,
        concentrationNgPerMl: 50_000,
        volumeNl: 1_000_000,
        method: 'lumbar-puncture',
        assessments: [
          { minutesAfterDose: 0, mas: [{ muscleGroup: 'knee extensors', side: 'bilateral', grade: '3' }] },
          { minutesAfterDose: 60, mas: [{ muscleGroup: 'knee extensors', side: 'bilateral', grade: '1' }] },
          { minutesAfterDose: 240, mas: [{ muscleGroup: 'knee extensors', side: 'bilateral', grade: '1' }] },
        ],
        responded: true,
        effectHours: 6,
      },
      ctx,
    );
    if (c.stage === 'trial') continue;
    const fillAt = pathwayFillAt(now);
    const implant = await store.addImplant(
      {
        patientId: p.id,
        pumpSerial: `DEMO-NEW-${c.n}`,
        deviceProfileId: 'peristaltic-20',
        implantDate: new Date(now - 5 * DAY).toISOString().slice(0, 10),
        pocketSide: 'right',
        catheter: { model: '8709SC', lengthMm: 500, volumeNl: 110_000, tipLevel: 'T10' },
        // Not served by a demo pump: its keys stand for the pairing record only.
        linkKeys: { keyId: `demo-${c.n}` },
        // The initial fill at surgery, recorded with the implant: the board projects the first refill from it.
        initialFill: {
          drug: 'baclofen',
          concentrationNgPerMl: 500_000,
          volumeNl: 20_000_000,
          lot: `LOT-${c.n}`,
          at: fillAt,
        },
      },
      ctx,
    );
    const programme = {
      mode: 'simple-continuous',
      drug: 'baclofen',
      concentrationMcgPerMl: 500,
      doseMcgPerDay: 100,
    } as const;
    const rx = await store.appendPrescription(p.id, programme, {
      ...ctx,
      expectedHeadId: null,
      implantId: implant.id,
      justification: 'first programme: twice the effective 50 mcg screening dose (label start-dose rule)',
    });
    // The programmer wrote the first programme after the fill and read the pump back: the last known pump
    // state is then after the prescription, as in theatre (without it the board warned "the prescription
    // changed after the last known pump state" for a pump programmed at surgery).
    await store.recordProgrammingSession(
      {
        patientId: p.id,
        implantId: implant.id,
        at: rx.createdAt,
        interrogation: {
          workflow: 'titrate',
          after: {
            status: { reservoir: 20_000_000, drug: 'baclofen', concentration: 500_000, alarms: [] },
            prescription: programme,
          },
        },
        diff: [{ path: 'prescription', before: null, after: programme }],
        prescriptionId: rx.id,
      },
      ctx,
    );
  }
}
