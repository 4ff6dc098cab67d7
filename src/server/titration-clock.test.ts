/**
 * The wait between titration steps runs from the last change of DOSE (therapy/titration-history.ts
 * `lastDoseChangeAt`): a prescription that only changes the strength (a refill to another strength at the same
 * dose) restarted the 24 h wait, and the increase due that day was refused as too soon. Through the real
 * app's prescription route; the programmer's titration plan reads the same clock (titrate.test.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { continuous } from '../clinic/store-test-fixtures.ts';
import { HOUR, withPumpApi, type PumpApi } from './pump-test-rig.ts';
import { API_BACKENDS } from './test-support.ts';

interface Answer {
  readonly reasons?: readonly { readonly code: string }[];
  readonly record?: { readonly id: string };
}

/**
 * A patient whose dose was raised now (the rig's 500 → 550 mcg/day at 2000 mcg/mL, 72 h after the rig's own
 * prescription), then `hoursLater` a new strength at the same dose, then one more hour: `prescribe` writes
 * the next prescription on the chain head.
 */
async function raiseThenNewStrength(open: PumpApi, hoursLater: number) {
  const { api, patientId } = open;
  const url = `/api/v1/patients/${patientId}/prescriptions`;
  const prescribe = async (doseMcg: number, mcgPerMl: number) => {
    const current = await api.call('physician', 'GET', `${url}/current`);
    return api.call('physician', 'POST', url, {
      prescription: continuous(doseMcg, mcgPerMl),
      expectedHeadId: current.json<{ current: { id: string } }>().current.id,
      phase: 'titration',
    });
  };
  const raised = await prescribe(550, 2000);
  expect(raised.statusCode, raised.body).toBe(201);
  api.clock.t += hoursLater * HOUR;
  const strength = await prescribe(550, 1000);
  expect(strength.statusCode, strength.body).toBe(201);
  const current = (await api.call('physician', 'GET', `${url}/current`)).json<{
    lastDoseChangeAt: number | null;
  }>();
  api.clock.t += HOUR;
  return { raised, current, prescribe };
}

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`the titration clock on ${backend.name}`, () => {
    let open: PumpApi | undefined;
    afterEach(async () => {
      await open?.dispose();
      open = undefined;
    });

    it('titration clock: a concentration-only prescription restarted the 24 h wait, and an increase 30 h after the last dose change was refused as too soon', async () => {
      open = await withPumpApi({ backend, sessionTtlMs: 30 * 24 * HOUR });
      const { raised, current, prescribe } = await raiseThenNewStrength(open, 29);
      // The web's live check reads when the dose last changed from the server: the raise, not the strength.
      expect(current.lastDoseChangeAt).toBe(
        raised.json<{ record: { createdAt: number } }>().record.createdAt,
      );
      // 30 h after the last dose change, an hour after the new strength: a 10 % increase is not too soon.
      const step = await prescribe(605, 1000);
      expect(step.body).not.toContain('ITB_R_TITRATION_TOO_SOON');
      expect(step.statusCode, step.body).toBe(201);
      expect((step.json<Answer>().reasons ?? []).map((r) => r.code)).not.toContain(
        'ITB_R_TITRATION_TOO_SOON',
      );
    });

    it('an increase within 24 h of a dose change is still too soon, with a strength change between', async () => {
      open = await withPumpApi({ backend, sessionTtlMs: 30 * 24 * HOUR });
      const { prescribe } = await raiseThenNewStrength(open, 10);
      const soon = await prescribe(605, 1000);
      expect(soon.statusCode).toBe(422);
      expect(soon.body).toContain('ITB_R_TITRATION_TOO_SOON');
    });
  });
}
