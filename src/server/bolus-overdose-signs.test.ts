/**
 * Finding (drug walk): the clinician bolus warned of baclofen's overdose — "drowsiness, respiratory
 * depression, hypotonia" — whatever the pump held. A ziconotide bolus does not depress breathing (its
 * excess is confusion, hallucinations, reduced alertness) and an opioid's shows as slow breathing and
 * pinpoint pupils. The warning now names the signs the drug's emergency card names (src/therapy/drug-emergency.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mcgPerMl } from '../therapy/quantities.ts';
import type { DrugId } from '../therapy/drug.ts';
import { continuous } from '../pump/test-fixtures.ts';
import { pumpUrl, withPumpApi, type PumpApi } from './pump-test-rig.ts';

let rig: PumpApi | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

/** The bolus plan's observe warning for a pump holding `drug` at `mcgPerMlConc`, dosed `doseMcg` mcg/day. */
async function observeWarning(drug: DrugId, mcgPerMlConc: number, doseMcg: number, amount: string) {
  rig = await withPumpApi({
    doseMcg,
    pump: { prescription: continuous(doseMcg, { drug, concentration: mcgPerMl(mcgPerMlConc) }) },
    recorded: { drug, concentrationMcgPerMl: mcgPerMlConc },
  });
  const res = await rig.api.call('physician', 'POST', pumpUrl(rig.patientId, 'bolus/plan'), {
    amount,
    durationMinutes: 30,
  });
  expect(res.statusCode, res.body).toBe(200);
  const reasons = res.json<{ guardrail: { reasons: { code: string; message: string }[] } }>().guardrail
    .reasons;
  const warning = reasons.find((r) => r.code === 'ITB_R_PROG_BOLUS_OBSERVE');
  expect(warning, res.body).toBeDefined();
  return warning?.message ?? '';
}

describe('the clinician bolus warns of the overdose of the drug in the pump', () => {
  it('a ziconotide bolus warned of baclofen’s respiratory depression and hypotonia: it names confusion and hallucinations', async () => {
    const message = await observeWarning('ziconotide', 25, 2.4, '1 mcg');
    expect(message).toContain('confusion, hallucinations');
    expect(message).not.toMatch(/hypotonia|respiratory depression/);
  });

  it('a morphine bolus warned of baclofen’s hypotonia: it names slow breathing and pinpoint pupils', async () => {
    const message = await observeWarning('morphine', 25_000, 3000, '0.2 mg');
    expect(message).toContain('slow or shallow breathing (respiratory depression)');
    expect(message).toContain('pinpoint pupils');
    expect(message).not.toContain('hypotonia');
  });

  it('a baclofen bolus still names baclofen’s hypotonia', async () => {
    const message = await observeWarning('baclofen', 2000, 500, '50 mcg');
    expect(message).toContain('floppiness rising up the body (hypotonia)');
  });
});
