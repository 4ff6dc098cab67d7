/**
 * Finding 6: a 5 mL catheter volume for a 50 cm catheter was accepted (priming bolus 5.2 mL) with the same
 * warning as a normal prime. Invariant (docs/invariants.md I6): a catheter volume above what its length and
 * model can hold (therapy/catheter.ts) is refused wherever a catheter is entered, and changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pumpUrl, withPumpApi, type PumpApi } from './pump-test-rig.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});
const sys = { actor: 'system:test' };

describe('catheter volume plausibility (finding 6)', () => {
  it('a 5 mL catheter volume for a 50 cm catheter is accepted: refused before anything is sent or recorded', async () => {
    open = await withPumpApi();
    const { api, patientId, server } = open;
    const version = server.state.pump.version;
    const res = await api.call('physician', 'POST', pumpUrl(patientId, 'catheter/plan'), {
      model: '8709SC',
      lengthCm: 50,
      volume: '5 mL',
      tipLevel: 'T10',
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.body).toContain('ITB_E_OUT_OF_RANGE');
    expect(res.body).toContain('cannot hold 5 mL');
    expect(server.state.pump.version).toBe(version);
    const ok = await api.call('physician', 'POST', pumpUrl(patientId, 'catheter/plan'), {
      model: '8709SC',
      lengthCm: 50,
      volume: '0.11 mL',
      tipLevel: 'T10',
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('a Prometra catheter volume typed ten times too small (0.013 mL for a 50 cm catheter of about 0.13 mL) was planned as a priming bolus of a tenth of the catheter: refused before anything is sent', async () => {
    open = await withPumpApi();
    const { api, patientId, server } = open;
    const version = server.state.pump.version;
    const plan = (volume: string) =>
      api.call('physician', 'POST', pumpUrl(patientId, 'catheter/plan'), {
        model: 'Prometra catheter',
        lengthCm: 50,
        volume,
        tipLevel: 'T10',
      });
    const slip = await plan('0.013 mL');
    expect(slip.statusCode, slip.body).toBe(400);
    expect(slip.body).toContain('ITB_E_OUT_OF_RANGE');
    expect(slip.body).toContain('holds about 0.13 mL, not 0.013 mL');
    expect(server.state.pump.version).toBe(version);
    const ok = await plan('0.13 mL');
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('the store refuses an implausible catheter on a new implant (Prometra: 0.0026 mL/cm)', async () => {
    open = await withPumpApi();
    const { api, patientId } = open;
    await expect(
      api.store.addImplant(
        {
          patientId,
          pumpSerial: 'PRO-1',
          deviceProfileId: 'peristaltic-20',
          implantDate: '2023-03-01',
          pocketSide: 'left',
          catheter: { model: 'Prometra catheter', lengthMm: 500, volumeNl: 300_000, tipLevel: 'T10' },
          linkKeys: {
            clinicianPrivateKey: 'ab'.repeat(32),
            pumpPublicKey: 'ab'.repeat(32),
            keyId: '0102030405060708',
          },
        },
        sys,
      ),
    ).rejects.toMatchObject({ code: 'ITB_E_OUT_OF_RANGE' });
  });
});
