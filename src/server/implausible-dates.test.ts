/**
 * Finding: an implant dated 9999-12-31, or before the patient was born, was accepted (201) by every route
 * that records a pump — the implant, the implant procedure and a pump replacement — and every later record
 * on that pump was then dated against it. Invariant (docs/invariants.md I2): an implant date is a clinical
 * day (clinic/clinical-time.ts `checkClinicalDay`): begun somewhere on Earth by the server's clock, not
 * before the birth date; a refused one changes nothing. The other clinical dates (explant,
 * trial, assessment) were already checked; the second test keeps them so.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { implantProcedureInput } from '../clinic/pathway/pathway-fixtures.ts';
import { implantInput } from '../clinic/store-test-fixtures.ts';
import { MS_PER_DAY } from '../therapy/quantities.ts';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';

const sys = { actor: 'system:test' };
/** Patient B was born on 1975-06-15 (store-test-fixtures.ts); the test clock reads 2024-01-01. */
const IMPLAUSIBLE = ['9999-12-31', '2024-01-03', '1975-06-14'] as const;

describe.each(API_BACKENDS)('implausible clinical dates ($name)', (backend) => {
  if (backend.skip !== undefined) return void it.skip(backend.skip, () => undefined);
  let api: TestApi | undefined;
  afterEach(async () => {
    await api?.dispose();
    api = undefined;
  });

  it('an implant dated 9999-12-31 or before the patient’s birth was accepted: now refused on every route that records a pump, nothing recorded', async () => {
    api = await startApi(backend);
    const { patientA, patientB, implantA } = api;
    const B = `/api/v1/patients/${patientB.id}`;
    const fill = { drug: 'baclofen', concentrationNgPerMl: 2_000_000, volumeNl: 20_000_000, lot: 'IF-1' };
    const head = await api.store.appendPrescription(
      patientA.id,
      { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 2000, doseMcgPerDay: 500 },
      { ...sys, expectedHeadId: null, implantId: implantA.id },
    );
    const direct: Record<string, unknown> = { ...implantInput(patientB.id, 'SER-DIRECT') };
    delete direct['patientId'];
    for (const implantDate of IMPLAUSIBLE) {
      const attempts = [
        api.call('physician', 'POST', `${B}/implants`, { ...direct, implantDate }),
        api.call(
          'physician',
          'POST',
          `${B}/implant-procedure`,
          implantProcedureInput('SER-PROC', implantDate),
        ),
        api.call('physician', 'POST', `/api/v1/patients/${patientA.id}/implants/${implantA.id}/replacement`, {
          procedure: { ...implantProcedureInput('SER-NEW', implantDate), initialFill: fill },
          programme: {
            prescription: { ...head.prescription, doseMcgPerDay: 400 },
            expectedHeadId: head.id,
          },
          explant: { reason: 'battery-eri', catheter: 'kept', notes: '' },
        }),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.statusCode, `${implantDate}: ${res.body}`).toBe(422);
        expect(res.body).toContain('ITB_E_CLINIC_TIME_OUT_OF_RANGE');
        // A replacement dated before birth is before the pump it replaces too: either refusal says why.
        expect(res.body).toMatch(
          /has not come yet|before the patient’s birth date|before the implant date of pump SER-A it replaces/,
        );
      }
    }
    expect(await api.store.listImplants(patientB.id, sys)).toEqual([]);
    expect(await api.store.listImplants(patientA.id, sys)).toEqual([implantA]);
    expect(await api.store.listExplants(patientA.id, sys)).toEqual([]);
    // The birth day and today (the test clock's day) are plausible.
    for (const [serial, implantDate] of [
      ['SER-BIRTH', '1975-06-15'],
      ['SER-TODAY', '2024-01-01'],
    ] as const) {
      const ok = await api.call('physician', 'POST', `${B}/implants`, {
        ...direct,
        pumpSerial: serial,
        implantDate,
      });
      expect(ok.statusCode, ok.body).toBe(201);
    }
  });

  it('an explant or an assessment dated far ahead or before its floor is refused and changes nothing', async () => {
    api = await startApi(backend);
    const A = `/api/v1/patients/${api.patientA.id}`;
    const times = [api.clock.t + 3650 * MS_PER_DAY, Date.UTC(1970, 0, 1)];
    for (const at of times) {
      const attempts = [
        api.call('physician', 'POST', `${A}/implants/${api.implantA.id}/explant`, {
          reason: 'infection',
          catheter: 'removed',
          replacementImplantId: null,
          at,
        }),
        api.call('nurse', 'POST', `${A}/assessments`, { mas: [], at }),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.statusCode, res.body).toBe(422);
        expect(res.body).toContain('ITB_E_CLINIC_TIME_OUT_OF_RANGE');
      }
    }
    expect(await api.store.listExplants(api.patientA.id, sys)).toEqual([]);
    expect((await api.call('nurse', 'GET', `${A}/assessments`)).json()).toEqual([]);
  });
});
