/**
 * Findings (drug walk): two programming warnings named baclofen's signs whatever the pump held. The clinician
 * bolus warned of "drowsiness, respiratory depression, hypotonia" (a ziconotide bolus does not depress
 * breathing: its excess is confusion, hallucinations, reduced alertness; an opioid's is slow breathing and
 * pinpoint pupils), and a large reduction of a morphine patient's dose (3.3 → 2.5 mg/day on the programming
 * page) was warned "watch for return of spasticity, itching, tingling". Both now name the signs the drug's
 * emergency card prints (src/therapy/drug-emergency.ts). So did the refill's reconciliation: a residual off
 * the pump's count told a morphine pump's nurse to watch for "return of spasticity, itching" and for
 * baclofen's overdose; it now names the signs of the drug the residual held (src/therapy/reconcile.ts).
 */
import { describe, expect, it } from 'vitest';
import { mcgPerMl } from '../therapy/quantities.ts';
import type { DrugId } from '../therapy/drug.ts';
import { continuous } from '../pump/test-fixtures.ts';
import { pumpUrl, refillBody, stopDelivery, withPumpApi } from './pump-test-rig.ts';

interface Pump {
  readonly drug: DrugId;
  /** mcg/mL */
  readonly conc: number;
  /** mcg/day */
  readonly dose: number;
}

/** The message of reason `code` in the plan `step` answers `body` with, for a pump running `p`. */
async function planMessage(p: Pump, step: 'bolus/plan' | 'titration/plan', body: object, code: string) {
  const rig = await withPumpApi({
    doseMcg: p.dose,
    pump: { prescription: continuous(p.dose, { drug: p.drug, concentration: mcgPerMl(p.conc) }) },
    recorded: { drug: p.drug, concentrationMcgPerMl: p.conc },
  });
  const res = await rig.api
    .call('physician', 'POST', pumpUrl(rig.patientId, step), body)
    .finally(() => rig.dispose());
  expect(res.statusCode, res.body).toBe(200);
  const reasons = res.json<{ guardrail: { reasons: { code: string; message: string }[] } }>().guardrail
    .reasons;
  const found = reasons.find((r) => r.code === code);
  expect(found, res.body).toBeDefined();
  return found?.message ?? '';
}

const MORPHINE: Pump = { drug: 'morphine', conc: 25_000, dose: 3300 };
const BACLOFEN: Pump = { drug: 'baclofen', conc: 2000, dose: 500 };

describe('the clinician bolus warns of the overdose of the drug in the pump', () => {
  const observe = (p: Pump, amount: string) =>
    planMessage(p, 'bolus/plan', { amount, durationMinutes: 30 }, 'ITB_R_PROG_BOLUS_OBSERVE');

  it('a ziconotide bolus warned of baclofen’s respiratory depression and hypotonia: it names confusion and hallucinations', async () => {
    const message = await observe({ drug: 'ziconotide', conc: 25, dose: 2.4 }, '1 mcg');
    expect(message).toContain('confusion, hallucinations');
    expect(message).not.toMatch(/hypotonia|respiratory depression/);
  });

  it('a morphine bolus warned of baclofen’s hypotonia: it names slow breathing and pinpoint pupils', async () => {
    const message = await observe(MORPHINE, '0.2 mg');
    expect(message).toContain('slow or shallow breathing (respiratory depression)');
    expect(message).toContain('pinpoint pupils');
    expect(message).not.toContain('hypotonia');
  });

  it('a baclofen bolus names baclofen’s hypotonia as its card does', async () => {
    expect(await observe(BACLOFEN, '50 mcg')).toContain('floppiness rising up the body (hypotonia)');
  });
});

describe('a large dose reduction warns of the withdrawal of the drug in the pump', () => {
  const lowered = (p: Pump, proposedDose: string) =>
    planMessage(
      p,
      'titration/plan',
      { proposedDose, phase: 'maintenance' },
      'ITB_R_TITRATION_REDUCTION_LARGE',
    );

  it('a 24 % morphine reduction warned of baclofen’s returning spasticity, itching and tingling: it names opioid withdrawal', async () => {
    const message = await lowered(MORPHINE, '2.5 mg/day');
    expect(message).toContain('withdrawal risk; watch for restlessness, anxiety, irritability');
    expect(message).not.toMatch(/spasticity|itching|tingling/);
  });

  it('a clonidine reduction warned of baclofen’s spasticity: it names rebound hypertension', async () => {
    const message = await lowered({ drug: 'clonidine', conc: 1000, dose: 100 }, '70 mcg/day');
    expect(message).toContain('rapid rise in blood pressure (rebound hypertension)');
    expect(message).not.toMatch(/spasticity/);
  });

  it('a baclofen reduction still names baclofen’s returning spasticity', async () => {
    expect(await lowered(BACLOFEN, '350 mcg/day')).toContain('return of spasticity');
  });
});

describe('the board says a stopped pump in the words of its drug', () => {
  it('a morphine pump the clinic stopped read "bridge with oral baclofen" on the board: it names opioid withdrawal and returning pain', async () => {
    const rig = await withPumpApi({
      doseMcg: MORPHINE.dose,
      pump: {
        prescription: continuous(MORPHINE.dose, { drug: 'morphine', concentration: mcgPerMl(MORPHINE.conc) }),
      },
      recorded: { drug: 'morphine', concentrationMcgPerMl: MORPHINE.conc },
    });
    try {
      const stop = await stopDelivery(rig, 'admitted for surgery; pain treated by another route');
      expect(stop.statusCode, stop.body).toBe(200);
      const board = await rig.api.call('nurse', 'GET', '/api/v1/board');
      const row = board
        .json<{ rows: { patientId: string; reasons: { code: string; message: string }[] }[] }>()
        .rows.find((r) => r.patientId === rig.patientId);
      const stopped = row?.reasons.find((r) => r.code === 'ITB_R_BOARD_DELIVERY_STOPPED')?.message ?? '';
      expect(stopped, board.body).toContain('watch for opioid withdrawal and returning pain');
      expect(stopped).not.toContain('baclofen');
    } finally {
      await rig.dispose();
    }
  });
});

describe('a refill’s residual discrepancy warns of the drug the pump held', () => {
  /** The refill plan's and the clinic record's messages of `code` for a residual `offMl` off the count. */
  async function discrepancy(p: Pump, offMl: number, code: string) {
    const rig = await withPumpApi({
      doseMcg: p.dose,
      pump: {
        prescription: continuous(p.dose, { drug: p.drug, concentration: mcgPerMl(p.conc) }),
        fillMl: 10,
      },
      recorded: { drug: p.drug, concentrationMcgPerMl: p.conc },
    });
    try {
      const body = refillBody(rig.server, p.conc);
      const plan = await rig.api.call('nurse', 'POST', pumpUrl(rig.patientId, 'refill/plan'), {
        ...body,
        measuredResidualMl: body.measuredResidualMl + offMl,
        explanation: 'residual re-drained twice; catheter study booked',
      });
      expect(plan.statusCode, plan.body).toBe(200);
      const { planId, guardrail } = plan.json<{
        planId: string;
        guardrail: { reasons: { code: string; message: string }[] };
      }>();
      const applied = await rig.api.call('nurse', 'POST', pumpUrl(rig.patientId, 'refill/apply'), {
        planId,
        confirm: true,
        justification: 'residual re-drained twice; catheter study booked',
      });
      expect(applied.statusCode, applied.body).toBe(200);
      const recorded = applied.json<{
        refill: { reconciliation: { reasons: { code: string; message: string }[] } };
      }>().refill.reconciliation.reasons;
      const message = (rs: readonly { code: string; message: string }[]) =>
        rs.find((r) => r.code === code)?.message ?? '';
      return { plan: message(guardrail.reasons), record: message(recorded) };
    } finally {
      await rig.dispose();
    }
  }

  it('a morphine residual 3 mL above the count told the nurse to watch for returning spasticity and itching: it names opioid withdrawal', async () => {
    const { plan, record } = await discrepancy(MORPHINE, 3, 'ITB_R_RESIDUAL_HIGHER_THAN_EXPECTED');
    for (const message of [plan, record]) {
      expect(message).toContain('observe for withdrawal (restlessness, anxiety, irritability');
      expect(message).toContain('pinpoint pupils');
      expect(message).not.toMatch(/spasticity|itching|hypotonia/);
    }
  });

  it('a morphine residual 3 mL below the count warned of baclofen’s overdose: it names slow breathing and pinpoint pupils', async () => {
    const { plan, record } = await discrepancy(MORPHINE, -3, 'ITB_R_RESIDUAL_LOWER_THAN_EXPECTED');
    for (const message of [plan, record]) {
      expect(message).toContain('observe for overdose (slow or shallow breathing (respiratory depression)');
      expect(message).not.toContain('hypotonia');
    }
  });

  it('a ziconotide residual above the count named a withdrawal ziconotide does not have: it names returning pain', async () => {
    const { plan, record } = await discrepancy(
      { drug: 'ziconotide', conc: 25, dose: 2.4 },
      3,
      'ITB_R_RESIDUAL_HIGHER_THAN_EXPECTED',
    );
    for (const message of [plan, record]) {
      expect(message).toContain('watch for returning pain');
      expect(message).not.toMatch(/withdrawal \(|spasticity/);
    }
  });

  it('a baclofen residual above the count still names baclofen’s withdrawal, as its card does', async () => {
    const { plan, record } = await discrepancy(BACLOFEN, 3, 'ITB_R_RESIDUAL_HIGHER_THAN_EXPECTED');
    for (const message of [plan, record]) expect(message).toContain('return of spasticity, rigidity');
  });
});
