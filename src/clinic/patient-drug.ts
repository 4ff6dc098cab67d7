/**
 * The drug a patient receives, as the records say: the drug of the prescription in force, else (no
 * prescription, or a stopped one) the initial fill of the latest implant. Null when neither names one (a
 * candidate before the implant). Pages and advice that hold for one drug only read it from here.
 */
import type { DrugId } from '../therapy/drug.ts';
import type { PrescriptionRecord } from './clinical-records.ts';
import type { Implant } from './records.ts';

export interface PatientDrug {
  readonly drug: DrugId;
  /** Which record named it, in words ("the prescription in force", "the implant's initial fill"). */
  readonly from: string;
}

export function patientDrug(
  current: Pick<PrescriptionRecord, 'prescription'> | null,
  implants: readonly Pick<Implant, 'implantDate' | 'initialFill'>[],
): PatientDrug | null {
  const p = current?.prescription;
  if (p !== undefined && p.mode !== 'stopped') return { drug: p.drug, from: 'the prescription in force' };
  const latest = [...implants]
    .filter((i) => i.initialFill !== null && i.initialFill !== undefined)
    .sort((a, b) => a.implantDate.localeCompare(b.implantDate))
    .at(-1)?.initialFill;
  return latest === undefined || latest === null
    ? null
    : { drug: latest.drug, from: "the implant's initial fill" };
}
