// The drug a patient receives: the prescription in force, else the latest implant's initial fill.
import { describe, expect, it } from 'vitest';
import { patientDrug } from './patient-drug.ts';

const fill = (drug: 'baclofen' | 'morphine') => ({
  at: 0,
  drug,
  concentrationNgPerMl: 2_000_000,
  volumeNl: 18_000_000,
  lot: 'L1',
});
const rx = (drug: 'baclofen' | 'morphine') => ({
  prescription: {
    mode: 'simple-continuous' as const,
    drug,
    concentrationMcgPerMl: 2000,
    doseMcgPerDay: 300,
  },
});

describe('patientDrug', () => {
  it('reads the prescription in force first, then the latest implant’s fill; null when neither names a drug', () => {
    const implants = [
      { implantDate: '2020-01-01', initialFill: fill('baclofen') },
      { implantDate: '2024-06-01', initialFill: fill('morphine') },
      { implantDate: '2025-01-01', initialFill: null },
    ];
    expect(patientDrug(rx('baclofen'), implants)).toEqual({
      drug: 'baclofen',
      from: 'the prescription in force',
    });
    expect(patientDrug({ prescription: { mode: 'stopped' } }, implants)).toEqual({
      drug: 'morphine',
      from: "the implant's initial fill",
    });
    expect(patientDrug(null, implants)?.drug).toBe('morphine');
    expect(patientDrug(null, [])).toBeNull();
  });
});
