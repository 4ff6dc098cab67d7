/**
 * Finding: an increase that leaves the dose still below the usual range (a titration from a low start, 150 →
 * 165 mcg/day of baclofen, spinal origin: usual range 300–800 mcg/day, docs/clinical-reference.md §1.4)
 * read "OK … below the usual range; this change moves toward it" and "Warning … below the usual range"
 * together under one code, and the warning won: every step of such a titration asked a justification. The
 * step's rule (noted, not warned, when the change moves toward the range) now holds for the proposal's own
 * check too, and for the record's gate, so a plan the prescriber was not asked to justify is written and
 * recorded without one (the record used to refuse it after the pump had taken it). Over HTTP with the real
 * app and a real pump behind the link (pump-test-rig.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pumpUrl, withPumpApi, type PumpApi } from './pump-test-rig.ts';

interface Plan {
  planId: string;
  guardrail: { verdict: string; reasons: { code: string; severity: string; message: string }[] };
}

describe('the usual range on a titration that starts below it', () => {
  let open: PumpApi | undefined;
  afterEach(async () => {
    await open?.dispose();
    open = undefined;
  });

  /** Plans `dose` (typed) for a pump and record running `from` mcg/day, in the titration phase. */
  async function planFrom(
    from: number,
    dose: string,
  ): Promise<{ api: PumpApi['api']; patientId: string; plan: Plan }> {
    open = await withPumpApi({ doseMcg: from });
    const { api, patientId } = open;
    const res = await api.call('physician', 'POST', pumpUrl(patientId, 'titration/plan'), {
      proposedDose: dose,
      phase: 'titration',
    });
    expect(res.statusCode, res.body).toBe(200);
    return { api, patientId, plan: res.json<Plan>() };
  }

  it('an increase still below the usual range was warned beside its own "moves toward it" note, and the warning won: planned ok, written and recorded without a justification', async () => {
    const { api, patientId, plan: p } = await planFrom(150, '165 mcg/day');
    const range = p.guardrail.reasons.filter((r) => r.code === 'ITB_R_DOSE_BELOW_USUAL_RANGE');
    expect(range.map((r) => r.severity)).toEqual(['ok']);
    expect(range[0]?.message).toMatch(/this change moves toward it/);
    expect(p.guardrail.verdict).toBe('ok');

    const apply = await api.call('physician', 'POST', pumpUrl(patientId, 'titration/apply'), {
      planId: p.planId,
      confirm: true,
    });
    expect(apply.statusCode, apply.body).toBe(200);
    expect(apply.body).not.toContain('ITB_E_CLINIC_JUSTIFICATION_REQUIRED');
    const current = await api.call('physician', 'GET', `/api/v1/patients/${patientId}/prescriptions/current`);
    expect(
      current.json<{ current: { prescription: { doseMcgPerDay: number } } }>().current.prescription,
    ).toMatchObject({
      doseMcgPerDay: 165,
    });
  });

  it('a decrease that leaves the dose below the usual range (320 → 290 mcg/day) still warns, once, and asks its justification', async () => {
    const { api, patientId, plan: p } = await planFrom(320, '290 mcg/day');
    expect(
      p.guardrail.reasons.filter((r) => r.code === 'ITB_R_DOSE_BELOW_USUAL_RANGE').map((r) => r.severity),
    ).toEqual(['warn']);
    const apply = await api.call('physician', 'POST', pumpUrl(patientId, 'titration/apply'), {
      planId: p.planId,
      confirm: true,
    });
    expect(apply.statusCode).toBe(422);
    expect(apply.body).toContain('ITB_E_PROG_JUSTIFICATION_REQUIRED');
  });
});
