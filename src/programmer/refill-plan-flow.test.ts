/**
 * A refill plan stops before the injection when the programme the refill sends with the new contents runs
 * at a flow the pump refuses (the device's programmable flow range, src/pump/device-labelling.ts): the pump
 * would refuse the refill after the drug is in the reservoir, and the pump would go on running the old
 * strength's flow of the new strength (model-based clinic test, fresh seed 271828: ziconotide 2.4 mcg/day
 * prescribed at 100 mcg/mL, 0.024 mL/day, below the peristaltic pump's 0.048 mL/day).
 */
import { afterEach, expect, it } from 'vitest';
import { continuous } from '../clinic/store-test-fixtures.ts';
import { getProfile } from '../pump/profiles.ts';
import { mcgPerMl, mlToNl, nanolitres } from '../therapy/quantities.ts';
import { interrogate } from './interrogate.ts';
import { planRefill } from './refill-plan.ts';
import { makeRig, T0, type Rig } from './test-rig.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const DAY = 86_400_000;

it('seed 271828: a refill plan whose new strength the pump cannot run at the prescribed dose stops before the injection', async () => {
  rig = await makeRig(); // 500 mcg/day of 2000 mcg/mL: 0.25 mL/day
  rig.setTime(T0 + 30 * DAY);
  const snapshot = await interrogate(rig.client);
  const head = await rig.store.currentPrescription(rig.patientId, { actor: rig.target.actor });
  if (head === null) throw new Error('no prescription');
  // The physician prescribed 1000 mcg/mL at 40 mcg/day: 0.04 mL/day, below the pump's lowest flow.
  const lower = { ...head, prescription: continuous(40, 1000) as typeof head.prescription };
  const plan = (h: typeof head) =>
    planRefill({
      snapshot,
      profile: getProfile('peristaltic-20'),
      catheterVolume: nanolitres(110_000),
      head: h,
      now: rig?.deps.now() ?? T0,
      fillPortLocated: true,
      needleAtStop: true,
      measuredResidual: snapshot.status.reservoir,
      noLeak: true,
      fill: { drug: 'baclofen', concentration: mcgPerMl(1000), volume: mlToNl(18), lot: 'L' },
      reservoirPortConfirmed: true,
    });
  const refused = plan(lower);
  expect(refused.stopped).toBe(true);
  expect(refused.next).toBe('inject-reservoir-port');
  expect(refused.guardrail.reasons.map((r) => r.code)).toContain('ITB_R_PUMP_RATE_BELOW_MIN');
  // At 60 mcg/day the same strength runs 0.06 mL/day: the plan goes on.
  const runs = plan({ ...head, prescription: continuous(60, 1000) as typeof head.prescription });
  expect(runs.stopped).toBe(false);
});
