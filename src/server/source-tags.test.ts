/**
 * Finding 12 (part): "[docs/clinical-reference.md §3]" and "[U: …]" tags appeared in text a clinician reads. Invariant
 * (docs/invariants.md I12): messages are words only; the source is kept in a separate `source` field
 * (clinic/source-tags.ts) — in refill plan reasons and in every alert.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pumpUrl, refillBody, withPumpApi, type PumpApi } from './pump-test-rig.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});
const sys = { actor: 'system:test' };

describe('no source tags in clinicians’ text (finding 12)', () => {
  it('no "[docs/clinical-reference.md §3]" tags in text a clinician reads: the refill plan and alerts keep sources apart', async () => {
    open = await withPumpApi();
    const { api, patientId, implantId, server } = open;
    const body = refillBody(server);
    const plan = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/plan'), {
      ...body,
      confirmations: { ...body.confirmations, reservoirPortConfirmed: false },
    });
    expect(plan.statusCode, plan.body).toBe(200);
    const reasons = plan.json<{
      guardrail: { reasons: { code: string; message: string; source?: string }[] };
    }>().guardrail.reasons;
    const port = reasons.find((r) => r.code === 'ITB_R_PROG_PORT_NOT_CONFIRMED');
    expect(port?.message).toMatch(/If unsure, do not refill$/);
    expect(port?.source).toBe('docs/clinical-reference.md §3');
    for (const r of reasons) expect(r.message).not.toMatch(/\[[^\]]*\]\s*$/);

    const alert = await api.store.raiseAlert(
      {
        patientId,
        implantId,
        kind: 'other',
        severity: 'warning',
        message: 'check the pocket [U: our choice]',
      },
      sys,
    );
    expect(alert).toMatchObject({ message: 'check the pocket', source: 'U: our choice' });
  });
});
