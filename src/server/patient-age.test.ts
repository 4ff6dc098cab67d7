/**
 * Findings: a patient's age had two records that could disagree. Registration took an age band beside the
 * birth date — the web form preselected "18-64" — so a six-year-old could be registered as an adult, and
 * the rules read only the band: an adult's steps and ranges for that child, and every child of the band
 * "under-12" was taken as 11, so baclofen's floor (from age 4) never spoke. The band is now the birth
 * date's (one that disagrees is refused, nothing written) and the rules take the age from the birth date
 * on the day they judge (src/clinic/patient-age.ts). Real app, both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageYearsOn } from '../clinic/patient-age.ts';
import type { Patient } from '../clinic/records.ts';
import type { PrescriptionJson } from '../therapy/prescription-json.ts';
import { titrationGate } from './titration-gate.ts';
import { API_BACKENDS, startApi, START, type TestApi } from './test-support.ts';

const YEAR_DAY = (years: number) => `${new Date(START).getUTCFullYear() - years}-06-15`;
const registration = (mrn: string, birthDate: string, ageBand?: string) => ({
  mrn,
  name: `Child ${mrn}`,
  birthDate,
  etiology: 'cerebral',
  ...(ageBand === undefined ? {} : { ageBand }),
  clinicContact: { clinic: 'Test clinic', phone: '+1 555 0100' },
});

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`a patient's age from the birth date (${backend.name})`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startApi(backend);
    });
    afterAll(() => api.dispose());

    it('a six-year-old registered with the default band 18-64 was titrated as an adult: the band is the birth date’s, a contradicting one is refused and nothing is written', async () => {
      const before = await api.call('nurse', 'GET', '/api/v1/patients');
      const wrong = await api.call(
        'nurse',
        'POST',
        '/api/v1/patients',
        registration('AGE-1', YEAR_DAY(7), '18-64'),
      );
      expect(wrong.statusCode, wrong.body).toBe(400);
      expect(wrong.body).toMatch(
        /age band 18-64 does not match the birth date \d{4}-06-15: 6 years today, band under-12/,
      );
      const after = await api.call('nurse', 'GET', '/api/v1/patients');
      expect(after.json<unknown[]>()).toHaveLength(before.json<unknown[]>().length);

      const right = await api.call('nurse', 'POST', '/api/v1/patients', registration('AGE-1', YEAR_DAY(7)));
      expect(right.statusCode, right.body).toBe(201);
      expect(right.json<Patient>().ageBand).toBe('under-12');
      const agreed = await api.call(
        'nurse',
        'POST',
        '/api/v1/patients',
        registration('AGE-2', YEAR_DAY(40), '18-64'),
      );
      expect(agreed.statusCode, agreed.body).toBe(201);
    });

    it('a birth date after today is refused', async () => {
      const r = await api.call(
        'nurse',
        'POST',
        '/api/v1/patients',
        registration('AGE-3', `${new Date(START).getUTCFullYear() + 1}-01-01`),
      );
      expect(r.statusCode, r.body).toBe(400);
      expect(r.body).toMatch(/birth date .* is after today/);
    });

    it('a birth date of 0001-01-01 was registered, a patient two thousand years old: a year slip is refused and nothing is written', async () => {
      const before = (await api.call('nurse', 'GET', '/api/v1/patients')).json<unknown[]>().length;
      const r = await api.call('nurse', 'POST', '/api/v1/patients', registration('AGE-4', '0001-01-01'));
      expect(r.statusCode, r.body).toBe(400);
      expect(r.body).toMatch(/no living patient's: check the year/);
      expect((await api.call('nurse', 'GET', '/api/v1/patients')).json<unknown[]>()).toHaveLength(before);
      // The oldest a real patient can be still registers.
      const old = await api.call(
        'nurse',
        'POST',
        '/api/v1/patients',
        registration('AGE-5', YEAR_DAY(110), '65-plus'),
      );
      expect(old.statusCode, old.body).toBe(201);
    });
  });
}

describe('the titration gate takes the age from the birth date on the day it judges', () => {
  const now = START;
  const patient = (birthDate: string): Patient =>
    ({ etiology: 'cerebral', birthDate, ageBand: 'under-12', opioidStatus: null }) as unknown as Patient;
  const baclofen = (doseMcgPerDay: number): PrescriptionJson => ({
    mode: 'simple-continuous',
    drug: 'baclofen',
    concentrationMcgPerMl: 500,
    doseMcgPerDay,
  });
  const gate = (birthDate: string) =>
    titrationGate(
      {
        patient: patient(birthDate),
        head: null,
        proposed: baclofen(100),
        phase: 'titration',
        now,
        chain: [],
        refills: [],
        cnsDepressantsReviewed: false,
      },
      'reviewed by the team',
    );

  it('every child of the band under-12 was taken as 11: a two-year-old’s baclofen start names the label’s floor of age 4', () => {
    expect(ageYearsOn(YEAR_DAY(3), now)).toBe(2);
    const codes = gate(YEAR_DAY(3)).reasons.map((r) => r.code);
    expect(codes).toContain('ITB_R_AGE_BELOW_DRUG_LABEL');
    expect(gate(YEAR_DAY(9)).reasons.map((r) => r.code)).not.toContain('ITB_R_AGE_BELOW_DRUG_LABEL');
  });
});
