/**
 * The one drug the virtual patient models: its kinetics, tone effect, tolerance, withdrawal and overdose are
 * intrathecal baclofen's (docs/clinical-reference.md §4). Drug of any other kind reaching the body is not
 * dosed into it — a pump refilled with morphine gives the body no baclofen, and the body shows withdrawal.
 */
import type { DrugId } from '../therapy/drug.ts';

export const BODY_MODEL_DRUG: DrugId = 'baclofen';

/** Whether the virtual body models `drug`. */
export const bodyModels = (drug: DrugId): boolean => drug === BODY_MODEL_DRUG;
