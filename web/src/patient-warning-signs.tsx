/**
 * The patient's own warning signs, for the drug in their pump (src/therapy/drug-emergency.ts): a patient on
 * morphine was told to watch for spasms coming back and floppy muscles — baclofen's signs — and not that an
 * opioid overdose can be reversed.
 */
import type { ReactNode } from 'react';
import { drugEmergency } from '../../src/therapy/drug-emergency.ts';
import type { DrugId } from '../../src/therapy/drug.ts';

export function PatientWarningSigns({
  drug,
  call,
}: {
  readonly drug: DrugId | null;
  readonly call: ReactNode;
}) {
  const e = drugEmergency(drug);
  const { tooLittle, tooMuch } = e.forPatient;
  if (tooLittle === null && tooMuch === null) return <p>{e.warning} Any new symptom: call your clinic.</p>;
  return (
    <>
      {tooLittle !== null && (
        <div className="alarm alarm-critical">
          <h3>Too little medicine{e.withdrawal === null ? '' : ' (withdrawal)'}</h3>
          <p>{tooLittle.signs}</p>
          <p>
            <strong>{tooLittle.urgency}</strong> {call} at the first signs.
          </p>
        </div>
      )}
      {tooMuch !== null && (
        <div className="alarm alarm-critical">
          <h3>Too much medicine (overdose)</h3>
          <p>{tooMuch.signs}</p>
          <p>
            <strong>{tooMuch.urgency}</strong>
          </p>
        </div>
      )}
    </>
  );
}
