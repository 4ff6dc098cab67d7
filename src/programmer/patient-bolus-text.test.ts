/**
 * The one wording of a patient-controlled bolus setting: the review, the read-back after a write and an
 * interrogation all show it through these two functions.
 */
import { describe, expect, it } from 'vitest';
import { mcgToNg, millis } from '../therapy/quantities.ts';
import { patientBolusJson, patientBolusText } from './patient-bolus-text.ts';

describe('patient-bolus text', () => {
  it('an interrogation showed no patient-bolus setting: the pump’s setting reads in clinician units and words', () => {
    const setting = {
      amount: mcgToNg(200),
      lockout: millis(60 * 60_000),
      maxPerDay: 6,
      duration: millis(10 * 60_000),
    };
    expect(patientBolusJson(setting)).toEqual({
      enabled: 'on',
      doseMcg: 200,
      lockoutMinutes: 60,
      maxPerDay: 6,
      bolusMinutes: 10,
    });
    expect(patientBolusText(patientBolusJson(setting))).toBe(
      '200 mcg per bolus, lockout 60 min, at most 6 a day, each over 10 min',
    );
  });

  it('no setting reads "off", and a setting with a missing field says "unknown" rather than a number', () => {
    expect(patientBolusText(patientBolusJson(null))).toBe('off');
    expect(patientBolusText({ enabled: 'on', doseMcg: 1000, lockoutMinutes: 15, maxPerDay: 24 })).toBe(
      '1,000 mcg per bolus, lockout 15 min, at most 24 a day, each over unknown',
    );
  });
});
