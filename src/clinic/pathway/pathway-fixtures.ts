/**
 * Test data for the care pathway: a complete candidacy evaluation and a clean post-operative check, each
 * overridable. Used by the pathway's unit, store and API tests and by the demo's seed.
 */
import type { EvaluationInput, TeamDecision } from './evaluation-records.ts';
import type { PostOpCheckInput } from './postop-checks.ts';

/** A team decision to proceed to the screening trial, made at `at`. */
export const proceedDecision = (at: number): TeamDecision => ({
  outcome: 'proceed-to-trial',
  decidedBy: 'Dr Reyes (neurosurgery), Dr Okafor (rehabilitation), S. Lind (physiotherapy)',
  decidedAt: at,
  rationale: 'disabling lower-limb spasticity despite oral baclofen; goals realistic',
});

/** A complete evaluation of `patientId` at `at`; `decision` null leaves it pending. */
export function evaluationInput(
  patientId: string,
  at: number,
  decision: TeamDecision | null = proceedDecision(at),
  over: Partial<EvaluationInput> = {},
): EvaluationInput {
  return {
    patientId,
    at,
    diagnosis: 'traumatic spinal cord injury T8 (ASIA B)',
    etiology: 'spinal',
    distribution: 'lower-limbs',
    oralBaclofen: [{ maxDailyDoseMg: 80, response: 'partial', intolerance: 'drowsiness at 80 mg/day' }],
    goals: ['easier transfers', 'fewer night spasms'],
    contraindications: {
      activeInfection: false,
      bodyHabitusTooSmall: false,
      uncontrolledSeizures: false,
      pregnancy: false,
      anticoagulation: false,
    },
    decision,
    ...over,
  };
}

/** A check with nothing of concern, completing `completes`. */
export function postOpCheckInput(
  patientId: string,
  implantId: string,
  at: number,
  completes: PostOpCheckInput['completes'] = ['wound-check'],
): PostOpCheckInput {
  return {
    patientId,
    implantId,
    at,
    completes,
    wound: 'clean-dry',
    temperatureC: 36.8,
    positionalHeadache: false,
    fluidCollection: false,
    infectionSigns: false,
  };
}

/** A complete pain evaluation of `patientId` at `at` (the pain questions, no spasticity ones). */
export function painEvaluationInput(
  patientId: string,
  at: number,
  decision: TeamDecision | null = proceedDecision(at),
): EvaluationInput {
  const base = evaluationInput(patientId, at, decision);
  return {
    patientId,
    at,
    contraindications: base.contraindications,
    decision,
    indication: 'pain',
    diagnosis: 'failed back surgery syndrome',
    pain: {
      type: 'mixed',
      distribution: 'back-and-legs',
      cancerRelated: false,
      systemicOpioids: [
        {
          drug: 'oral morphine',
          maxDailyDoseMg: 120,
          response: 'partial',
          intolerance: 'sedation, constipation',
        },
      ],
      conservativeTreatments: ['physiotherapy', 'spinal cord stimulation'],
    },
    goals: ['walk 500 m', 'sleep through the night'],
  };
}

/** A 50 mcg lumbar screening dose (1 mL of 50 mcg/mL) at `at`, with its response as given. */
export const screeningDoseInput = (patientId: string, at: number, responded: boolean | null) => ({
  patientId,
  at,
  doseNg: 50_000,
  concentrationNgPerMl: 50_000,
  volumeNl: 1_000_000,
  method: 'lumbar-puncture' as const,
  assessments: [],
  responded,
});

/** The body of an implant procedure (`POST …/implant-procedure`): a peristaltic pump, an 8709SC catheter. */
export const implantProcedureInput = (pumpSerial: string, implantDate: string) => ({
  pumpSerial,
  deviceProfileId: 'peristaltic-20',
  implantDate,
  pocketSide: 'right',
  catheter: { model: '8709SC', implantedLengthMm: 450, tipLevel: 'T10' },
  linkKeys: { keyId: '0a0b0c0d0e0f1011' },
});
