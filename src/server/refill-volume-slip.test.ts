/**
 * A refill whose volume was typed ten times too small — 2 mL for a 20 mL pump — was planned as a plain
 * green "Ready to refill": its projection said, far below the verdict, that the low-reservoir alarm sounds
 * at once and that the next refill was already due, and the next visit was booked for today (walk of the
 * demo as a busy clinic). The plan now warns at its booking step (ITB_R_PROG_FILL_DOES_NOT_LAST): the wizard
 * shows "Ready to refill — with a warning" at the top, and the refill is applied only with a note saying why
 * a fill this small is meant.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readPdf } from '../reports/pdf-read.test-support.ts';
import { pumpUrl, refillBody, withPumpApi, type PumpApi } from './pump-test-rig.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});

interface PlanAnswer {
  readonly planId: string;
  readonly next: string;
  readonly guardrail: { readonly verdict: string };
  readonly steps: readonly {
    readonly step: string;
    readonly reasons: readonly { readonly code: string }[];
  }[];
}

const bookingCodes = (p: PlanAnswer) =>
  p.steps.find((s) => s.step === 'book-next-refill')?.reasons.map((r) => r.code) ?? [];

/** A refill of a full-strength 20 mL pump planned with `volumeMl` added, and the rig it was planned on. */
async function planFill(volumeMl: number): Promise<{ readonly rig: PumpApi; readonly plan: PlanAnswer }> {
  const rig = await withPumpApi();
  open = rig;
  const res = await rig.api.call('nurse', 'POST', pumpUrl(rig.patientId, 'refill/plan'), {
    ...refillBody(rig.server, 2000, volumeMl),
  });
  expect(res.statusCode, res.body).toBe(200);
  return { rig, plan: res.json<PlanAnswer>() };
}

describe('a refill volume that does not last', () => {
  it('volume slip planned as ready: a 2 mL fill of a 20 mL pump, due for its next refill at once, warns and is applied only with a note', async () => {
    const { rig, plan } = await planFill(2);
    expect(plan.next).toBe('ready');
    expect(plan.guardrail.verdict).toBe('warn');
    expect(bookingCodes(plan)).toContain('ITB_R_PROG_FILL_DOES_NOT_LAST');
    const apply = (justification?: string) =>
      rig.api.call('nurse', 'POST', pumpUrl(rig.patientId, 'refill/apply'), {
        planId: plan.planId,
        confirm: true,
        ...(justification === undefined ? {} : { justification }),
      });

    const bare = await apply();
    expect(bare.statusCode, bare.body).toBe(422);
    expect(bare.body).toContain('ITB_E_PROG_JUSTIFICATION_REQUIRED');
    expect(await rig.api.store.listRefills(rig.patientId, { actor: 'system:test' })).toEqual([]);
    const meant = await apply('small fill to reach the pump replacement on Monday');
    expect(meant.statusCode, meant.body).toBe(200);
  });

  it('a full fill has no such warning', async () => {
    const { plan } = await planFill(18);
    expect(plan.guardrail.verdict).toBe('ok');
    expect(bookingCodes(plan)).toEqual(['ITB_R_PROG_NEXT_REFILL']);
  });
});

describe('the note that answered a plan warning, on the printed refill record', () => {
  it('refill note missing on paper: the note answering a warning other than a discrepancy was kept on the session only; the refill record and its printed report carry it', async () => {
    const { rig, plan } = await planFill(2);
    const note = 'small fill to reach the pump replacement on Monday';
    const done = await rig.api.call('nurse', 'POST', pumpUrl(rig.patientId, 'refill/apply'), {
      planId: plan.planId,
      confirm: true,
      justification: note,
    });
    expect(done.statusCode, done.body).toBe(200);
    const [refill] = await rig.api.store.listRefills(rig.patientId, { actor: 'system:test' });
    expect(refill?.justification).toBe(note);
    const pdf = await rig.api.call(
      'nurse',
      'GET',
      `/api/v1/refills/${refill?.id ?? ''}/report.pdf?patientId=${rig.patientId}`,
    );
    expect(pdf.statusCode).toBe(200);
    expect((await readPdf(pdf.rawPayload)).text.join(' ')).toContain(note);
  });
});
