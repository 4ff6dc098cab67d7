/**
 * The demo's care-pathway records: every implanted demo patient was evaluated by the team before screening,
 * and the pathway patients (not yet implanted, or just implanted) show each earlier stage of the pathway
 * on the board and the patient pages. Demo data only — not clinical guidance.
 */
import type { EvaluationInput, TeamDecision } from '../clinic/pathway/evaluation-records.ts';
import { evaluationInput } from '../clinic/pathway/pathway-fixtures.ts';

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
