/** The patient's warning signs for the drug in their pump, laid out (the words: patient-warning-words.ts). */
import type { ReactNode } from 'react';
import type { DrugId } from '../../src/therapy/drug.ts';
import { patientWarningWords } from './patient-warning-words.ts';

export function PatientWarningSigns({
  drug,
  call,
}: {
  readonly drug: DrugId | null;
  readonly call: ReactNode;
}) {
  const words = patientWarningWords(drug);
  if (typeof words === 'string') return <p>{words}</p>;
  return (
    <>
      {words.map((b) => (
        <div key={b.heading} className="alarm alarm-critical">
          <h3>{b.heading}</h3>
          <p>{b.signs}</p>
          <p>
            <strong>{b.urgency}</strong>
            {b.callAtFirstSigns && <> {call} at the first signs.</>}
          </p>
        </div>
      ))}
    </>
  );
}
