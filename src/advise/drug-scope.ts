/**
 * Whom the advice is for: the fit and the path are the virtual patient's (src/body), which models intrathecal
 * baclofen only. For a patient on any other drug the advice does not apply, and says so plainly
 * (ITB_E_ADVISE_DRUG_NOT_MODELLED) before it looks for a screening trial (docs/advice.md).
 */
import { BODY_MODEL_DRUG, bodyModels } from '../body/model-drug.ts';
import type { DrugId } from '../therapy/drug.ts';
import { ItbError } from '../therapy/codes.ts';

/**
 * Refuses advice for a patient whose drug the model does not model; `from` names the record the drug was
 * read from ("the prescription in force"). A patient with no drug on record (a candidate) may be advised.
 */
export function requireModelledDrug(drug: DrugId | null, from: string): void {
  if (drug === null || bodyModels(drug)) return;
  throw new ItbError(
    'ITB_E_ADVISE_DRUG_NOT_MODELLED',
    `model-informed dosing does not apply to ${drug} (${from}): its model is intrathecal ${BODY_MODEL_DRUG}'s, so it cannot suggest a start dose or titration for this drug`,
    { drug },
  );
}
