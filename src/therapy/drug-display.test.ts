// Doses as the drug's label states them, one formatter for change lines, reasons and pages.
import { describe, expect, it } from 'vitest';
import { changeText } from '../programmer/change-text.ts';
import { DRUG_IDS, getDrug } from './drug-library.ts';
import { concentrationText, doseText, massText, spasticityOriginText } from './drug-display.ts';

describe('drug display units', () => {
  it('number formatting: change lines said "1000 mcg" while reasons said "1,000 mcg" (one formatter, with separators)', () => {
    expect(changeText({ path: 'doseMcgPerDay', before: 1000, after: 1200 })).toBe(
      'dose rate: 1,000 mcg/day → 1,200 mcg/day',
    );
    expect(changeText({ path: 'patientBolus.doseMcg', before: 1000, after: 500 })).toBe(
      'patient-controlled bolus, dose per bolus: 1,000 mcg → 500 mcg',
    );
    expect(changeText({ path: 'concentrationMcgPerMl', before: 500, after: 2000 })).toBe(
      'concentration: 500 mcg/mL → 2,000 mcg/mL',
    );
  });

  it('morphine (and every drug whose label is in mg) is shown in mg, as its label states it', () => {
    expect(changeText({ path: 'doseMcgPerDay', before: 3000, after: 3300 }, 'morphine')).toBe(
      'dose rate: 3 mg/day → 3.3 mg/day',
    );
    expect(massText(200_000, 'morphine')).toBe('0.2 mg');
    expect(doseText(3_000_000, 'hydromorphone')).toBe('3 mg/day');
    expect(concentrationText(25_000_000, 'morphine')).toBe('25 mg/mL');
    expect(doseText(1_000_000, 'baclofen')).toBe('1,000 mcg/day');
    expect(doseText(1_000_000, undefined)).toBe('1,000 mcg/day');
    for (const id of DRUG_IDS) {
      const unit = getDrug(id).labelUnit;
      expect(doseText(5_000_000, id)).toBe(unit === 'mg' ? '5 mg/day' : '5,000 mcg/day');
    }
  });

  it('her record reads "spinal origin": the spasticity origin is shown only for a spasticity drug', () => {
    expect(spasticityOriginText('spinal', 'morphine')).toBeNull();
    expect(spasticityOriginText('cerebral', 'ziconotide')).toBeNull();
    expect(spasticityOriginText('spinal', 'baclofen')).toBe('spinal origin');
    expect(spasticityOriginText('cerebral', null)).toBe('cerebral origin');
  });
});
