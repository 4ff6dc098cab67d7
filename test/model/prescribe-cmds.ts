/** The physician's commands of the model-based test: titration steps and a new concentration. */
import { dailyDose } from '../../src/therapy/dose-math.ts';
import { prescriptionFromJson, type PrescriptionJson } from '../../src/therapy/prescription-json.ts';
import { NG_PER_MCG } from '../../src/therapy/quantities.ts';
import { pumpPrescription, readAll } from './readers.ts';
import { aMinuteAfterTheLastRecord } from './refill-cmd.ts';
import type { Rig } from './rig.ts';
import { afterStep, noteContact, noteStatus, pick, P, type Cmd, type Model } from './model.ts';

function dailyMcg(rx: PrescriptionJson): number {
  return dailyDose(prescriptionFromJson(rx)) / NG_PER_MCG;
}

/** A titration step through plan and apply: a new continuous dose, or a night-weighted flex schedule. */
export class TitrateCmd implements Cmd {
  constructor(
    readonly i: number,
    readonly factor: number,
    readonly flex: boolean,
  ) {}
  check = () => true;
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    // A titration takes minutes too: at one instant with a refill, which read-back came last is a guess
    // (fresh seed 909090: the board ran the refill's older dose; refill-cmd.ts `aMinuteAfterTheLastRecord`).
    await aMinuteAfterTheLastRecord(rig, p);
    const current = pumpPrescription(p);
    if (current.mode === 'stopped' || current.mode === 'minimum-rate')
      return afterStep(m, rig, `${this.toString()} skipped`, this.i);
    const daily = Math.round(dailyMcg(current) * this.factor);
    const drug = { drug: current.drug, concentrationMcgPerMl: current.concentrationMcgPerMl };
    const night = Math.round(daily * 1.1);
    const day = Math.max(1, Math.round((daily * 1440 - night * 540) / 900));
    const proposed: PrescriptionJson = this.flex
      ? {
          mode: 'flex',
          ...drug,
          everyDay: {
            steps: [
              { startMinute: 0, doseMcgPerDay: night },
              { startMinute: 7 * 60, doseMcgPerDay: day },
              { startMinute: 22 * 60, doseMcgPerDay: night },
            ],
            boluses: [],
          },
        }
      : { mode: 'simple-continuous', ...drug, doseMcgPerDay: daily };
    const plan = await rig.call('physician', 'POST', `${P(p)}/pump/titration/plan`, {
      proposed,
      phase: 'titration',
    });
    noteStatus(m, pm, 'titration plan', plan);
    // A refused plan (422: wrong syringe) was still made from an interrogation the clinic recorded.
    if (plan.statusCode === 200 || plan.statusCode === 422) noteContact(rig, p, pm);
    const body =
      plan.statusCode === 200 ? plan.json<{ planId: string; guardrail: { verdict: string } }>() : null;
    if (body !== null && body.guardrail.verdict !== 'block') {
      const apply = await rig.call('physician', 'POST', `${P(p)}/pump/titration/apply`, {
        planId: body.planId,
        confirm: true,
        justification: 'tone reviewed; step within the titration plan',
      });
      noteStatus(m, pm, 'titration apply', apply);
      if (apply.statusCode === 200) {
        noteContact(rig, p, pm);
        if (apply.json<{ status: string }>().status === 'verified') {
          // The titration named the pump's contents: a pending change of concentration is withdrawn.
          pm.prescribed = null;
          // Nothing is pending after a verified write: the plan is gone, a second apply is refused.
          const again = await rig.call('physician', 'POST', `${P(p)}/pump/titration/apply`, {
            planId: body.planId,
            confirm: true,
          });
          if (again.statusCode < 400) {
            m.pending.push({
              invariant: 'verified-write-matches-pump',
              patient: pm.name,
              detail: `the verified titration plan could be applied again (HTTP ${again.statusCode})`,
            });
          }
        }
      }
    }
    await afterStep(m, rig, this.toString(), this.i);
  }
  toString = () => `titrate(${this.i}, ×${this.factor.toFixed(2)}${this.flex ? ', flex' : ''})`;
}

/**
 * A physician changes the concentration (same daily dose) in the prescription: the pump takes it only at
 * the next refill with that syringe (docs/invariants.md, finding 1).
 */
export class PrescribeConcentrationCmd implements Cmd {
  constructor(
    readonly i: number,
    readonly mcgPerMl: number,
  ) {}
  check = () => true;
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    const head = (await readAll(rig, p)).current;
    if (
      head === null ||
      head.prescription.mode === 'stopped' ||
      head.prescription.concentrationMcgPerMl === this.mcgPerMl
    ) {
      return afterStep(m, rig, `${this.toString()} skipped`, this.i);
    }
    const res = await rig.call('physician', 'POST', `${P(p)}/prescriptions`, {
      prescription: { ...head.prescription, concentrationMcgPerMl: this.mcgPerMl },
      expectedHeadId: head.id,
      implantId: p.implant.id,
      justification: 'new strength from the next refill: longer refill interval',
    });
    noteStatus(m, pm, 'prescribe concentration', res);
    if (res.statusCode === 201) {
      const ng = this.mcgPerMl * NG_PER_MCG;
      pm.prescribed = ng === pm.concentration ? null : ng;
    }
    await afterStep(m, rig, this.toString(), this.i);
  }
  toString = () => `prescribeConcentration(${this.i}, ${this.mcgPerMl} mcg/mL)`;
}
