/**
 * The first programme after the implant, prescribed from the pathway page: the start dose the screening
 * trial gave (therapy/start-dose.ts, the label rule: shown, not typed, so a typo cannot change it) at the
 * concentration the pump was filled with, appended as the first prescription of the chain
 * (`POST P/prescriptions`, checked by the server's guardrails). Before this form the page showed the dose
 * but a clinic could record it only through the API: the walk from implant to titration stopped here.
 * The screening trial is baclofen's, so is the first programme; its doses are written by the one dose
 * formatter (src/therapy/drug-display.ts) like every other page's.
 */
import { useState, type FormEvent } from 'react';
import { inputUnit } from '../../../src/therapy/dose-input.ts';
import { concentrationText, doseText } from '../../../src/therapy/drug-display.ts';
import { DRUG_LIBRARY } from '../../../src/therapy/drug-library.ts';
import { NG_PER_MCG } from '../../../src/therapy/quantities.ts';

/** Baclofen's pump strengths (the 50 mcg/mL solution is for the screening bolus only). */
const PUMP_STRENGTHS =
  DRUG_LIBRARY.baclofen.concentrations.kind === 'listed'
    ? DRUG_LIBRARY.baclofen.concentrations.allowed.value
        .map((ng) => ng / NG_PER_MCG)
        .filter((mcg) => mcg > 50)
    : [];

export function FirstProgrammeForm(props: {
  readonly doseMcgPerDay: number;
  readonly implantId: string;
  readonly busy: boolean;
  readonly onSubmit: (body: unknown) => Promise<boolean>;
}) {
  const [strength, setStrength] = useState('');
  const [note, setNote] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await props.onSubmit({
      prescription: {
        mode: 'simple-continuous',
        drug: 'baclofen',
        concentrationMcgPerMl: Number(strength),
        doseMcgPerDay: props.doseMcgPerDay,
      },
      expectedHeadId: null,
      implantId: props.implantId,
      ...(note.trim() === '' ? {} : { justification: note.trim() }),
    });
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="first-rx-h">
      <h3 id="first-rx-h">Prescribe the first programme</h3>
      <p>
        Baclofen, one continuous daily dose of{' '}
        <strong>{doseText(props.doseMcgPerDay * NG_PER_MCG, 'baclofen')}</strong> (from the trial).
      </p>
      <label htmlFor="first-rx-conc">
        Concentration filled at implant ({inputUnit('concentration', 'baclofen')})
      </label>
      <select id="first-rx-conc" required value={strength} onChange={(e) => setStrength(e.target.value)}>
        <option value="">choose the strength in the pump</option>
        {PUMP_STRENGTHS.map((c) => (
          <option key={c} value={c}>
            {concentrationText(c * NG_PER_MCG, 'baclofen')}
          </option>
        ))}
      </select>
      <label htmlFor="first-rx-note">Note (required when the guardrail warns)</label>
      <textarea id="first-rx-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      <button type="submit" disabled={props.busy || strength === ''}>
        Prescribe first programme
      </button>
    </form>
  );
}
