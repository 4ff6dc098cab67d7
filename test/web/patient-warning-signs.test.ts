/**
 * The patient's own page, warning signs (web/src/patient-warning-words.ts): a patient on morphine was told to
 * watch for baclofen's signs — spasms coming back, floppy muscles — and never that an opioid overdose can be
 * reversed. Each drug's page now reads its own plain words from src/therapy/drug-emergency.ts.
 */
import { describe, expect, it } from 'vitest';
import { DRUG_EMERGENCY } from '../../src/therapy/drug-emergency.ts';
import type { DrugId } from '../../src/therapy/drug.ts';
import { patientWarningWords } from '../../web/src/patient-warning-words.ts';

const page = (drug: DrugId | null): string => {
  const w = patientWarningWords(drug);
  return typeof w === 'string' ? w : w.map((b) => `${b.heading}: ${b.signs} ${b.urgency}`).join('\n');
};

describe("the patient's warning signs follow the drug in the pump", () => {
  it("a morphine patient's page listed baclofen's withdrawal signs (spasms, floppy muscles): it lists opioid signs and says an overdose can be reversed", () => {
    const morphine = page('morphine');
    expect(morphine).toContain('very small pupils');
    expect(morphine).toContain('An opioid overdose can be reversed');
    expect(morphine).not.toMatch(/spasm|floppy|stiff/i);
    expect(page('baclofen')).toContain('Spasms or stiffness coming back');
    expect(page(null)).toBe(page('baclofen'));
  });

  it('every drug shows its own signs, and ziconotide says stopping causes no withdrawal', () => {
    for (const drug of Object.keys(DRUG_EMERGENCY) as DrugId[]) {
      const text = page(drug);
      const p = DRUG_EMERGENCY[drug].forPatient;
      for (const signs of [p.tooLittle?.signs, p.tooMuch?.signs])
        if (signs !== undefined) expect(text).toContain(signs);
      if (drug !== 'baclofen') expect(text, drug).not.toContain('Spasms or stiffness coming back');
    }
    expect(page('ziconotide')).toContain('Stopping it causes no withdrawal');
    expect(page('ziconotide')).not.toContain('(withdrawal)');
    expect(page('saline')).toContain('saline');
  });
});
