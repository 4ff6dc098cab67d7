/**
 * Finding (issue 13 leftover): the "new pump" flag of the refill projection was never fed from the clinic
 * records, so ziconotide's first refill of a new pump was projected at its 40-day stability instead of the
 * label's 14 days (adsorption in a new pump, docs/clinical-reference.md §2 [C: Prialt label §2.3]). The
 * refill plan now takes it from the record: no refill on record for the implant means this is its first fill.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mcgPerMl } from '../therapy/quantities.ts';
import { ALL_CONFIRMED, DAY, pumpUrl, withPumpApi, type PumpApi } from './pump-test-rig.ts';
import { continuous } from '../pump/test-fixtures.ts';

let rig: PumpApi | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

const ZICONOTIDE_25 = { drug: 'ziconotide', concentration: mcgPerMl(25) } as const;

describe('the first fill of a new pump, from the record', () => {
  it('the new-pump flag is not fed from the clinic records: a ziconotide first fill is due within 14 days', async () => {
    rig = await withPumpApi({
      doseMcg: 2.4,
      pump: { prescription: continuous(2.4, ZICONOTIDE_25) },
      recorded: { drug: 'ziconotide', concentrationMcgPerMl: 25 },
    });
    const res = await rig.api.call('nurse', 'POST', pumpUrl(rig.patientId, 'refill/plan'), {
      measuredResidualMl: rig.server.state.pump.reservoir.volume / 1_000_000,
      volumeMl: 18,
      concentrationMcgPerMl: 25,
      drug: 'ziconotide',
      lot: 'LOT-Z',
      confirmations: ALL_CONFIRMED,
      explanation: 'first fill',
    });
    expect(res.statusCode, res.body).toBe(200);
    const plan = res.json<{ projection: { refillBy: number | null } | null }>();
    expect(plan.projection?.refillBy, res.body).not.toBeNull();
    expect((plan.projection?.refillBy ?? Infinity) - rig.api.clock.t).toBeLessThanOrEqual(14 * DAY);
  });
});
