/**
 * Finding (walk of the demo, Marie Curie on morphine 25 mg/mL): the refill plan's body refused any syringe
 * over 10,000 mcg/mL as "Too big" (400) before any drug rule spoke, so a morphine pump could not be refilled
 * at all, by the wizard or the API. The bound is now the library's strongest strength
 * (drug-library.ts `STRONGEST_CONCENTRATION`); each drug's own strengths are judged by its rules.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DRUG_IDS, DRUG_LIBRARY } from '../therapy/drug-library.ts';
import { NG_PER_MCG } from '../therapy/quantities.ts';
import { pumpUrl, refillBody, withPumpApi, type PumpApi } from './pump-test-rig.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});

/** Every strength the library allows, per drug (the largest of a range). */
const strengths = DRUG_IDS.flatMap((drug) => {
  const rule = DRUG_LIBRARY[drug].concentrations;
  const values = rule.kind === 'up-to' ? [rule.max.value] : rule.allowed.value;
  return values.filter((ng) => ng > 0).map((ng) => ({ drug, mcgPerMl: ng / NG_PER_MCG }));
});

describe('a refill syringe of any strength the library allows reaches the drug rules', () => {
  it('a morphine syringe of 25 mg/mL was refused as "Too big" (400): every allowed strength of every drug is judged, not cut off', async () => {
    open = await withPumpApi();
    const { api, patientId, server } = open;
    expect(strengths.some((s) => s.drug === 'morphine' && s.mcgPerMl === 25_000)).toBe(true);
    for (const { drug, mcgPerMl } of strengths) {
      const res = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/plan'), {
        ...refillBody(server, mcgPerMl, 18),
        drug,
      });
      // This pump holds baclofen 2000 mcg/mL: its own syringe plans; any other is the contents mismatch.
      if (drug === 'baclofen' && mcgPerMl === 2000) {
        expect(res.statusCode, res.body).toBe(200);
      } else {
        expect(res.statusCode, `${drug} ${mcgPerMl} mcg/mL: ${res.body}`).toBe(422);
        expect(res.body).toContain('ITB_E_PROG_REFILL_CONTENTS_MISMATCH');
      }
    }
  });

  it('a strength above every drug’s is still refused at the body, naming the bound', async () => {
    open = await withPumpApi();
    const { api, patientId, server } = open;
    const strongest = Math.max(...strengths.map((s) => s.mcgPerMl));
    const res = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/plan'), {
      ...refillBody(server, strongest + 1, 18),
      drug: 'morphine',
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.body).toContain(String(strongest));
  });
});
