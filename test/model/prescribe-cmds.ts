/** The physician's commands of the model-based test: titration steps and a new concentration. */
import type { PrescriptionRecord } from '../../src/clinic/clinical-records.ts';
import { dailyDose } from '../../src/therapy/dose-math.ts';
import { prescriptionFromJson, type PrescriptionJson } from '../../src/therapy/prescription-json.ts';
import { MS_PER_DAY, NG_PER_MCG } from '../../src/therapy/quantities.ts';
import type { Reason } from '../../src/therapy/verdict.ts';
import { drugEntry, labelForbids, largestIncreaseNg, stepGroup, strengthsMcgPerMl } from './label.ts';
import { getJson, pumpPrescription, readAll } from './readers.ts';
import { aMinuteAfterTheLastRecord } from './refill-cmd.ts';
import type { Rig } from './rig.ts';
import { afterStep, noteContact, noteStatus, pick, P, type Cmd, type Model, pumpInPlace } from './model.ts';

/** The record's daily dose (ng/day); a stopped prescription gives none. */
const dailyNg = (rx: PrescriptionJson): number =>
  rx.mode === 'stopped' ? 0 : dailyDose(prescriptionFromJson(rx));

/** Increases recorded in (now − 7 days, now]: a record giving more of the same drug than the one before it. */
function increasesInPastWeek(chain: readonly PrescriptionRecord[], now: number): number {
  return chain.filter((r, k) => {
    const prev = chain[k - 1];
    if (prev === undefined || r.createdAt <= now - 7 * MS_PER_DAY || r.createdAt > now) return false;
    const drugOf = (rx: PrescriptionJson) => (rx.mode === 'stopped' ? null : rx.drug);
    const same = drugOf(prev.prescription) === null || drugOf(prev.prescription) === drugOf(r.prescription);
    return same && dailyNg(r.prescription) > dailyNg(prev.prescription);
  }).length;
}

/**
 * When the dose last changed: the latest record giving another daily dose (or another drug, or a stop or a
 * start) than the one before it, else the first. The labels' wait between increases runs from a change of
 * dose: a new strength at the same dose is not one.
 */
function lastDoseChangeAt(chain: readonly PrescriptionRecord[]): number | undefined {
  const drugOf = (rx: PrescriptionJson) => (rx.mode === 'stopped' ? null : rx.drug);
  for (let k = chain.length - 1; k >= 1; k--) {
    const [prev, cur] = [chain[k - 1]!.prescription, chain[k]!.prescription];
    if (drugOf(prev) !== drugOf(cur) || dailyNg(prev) !== dailyNg(cur)) return chain[k]!.createdAt;
  }
  return chain[0]?.createdAt;
}

/** A dose in ng/day to the 0.1 mcg/day a prescription is written in. */
const toTenthMcg = (ng: number) => Math.round(ng / 100) / 10;

/**
 * A titration step through plan and apply: a new continuous dose, or a night-weighted flex schedule. `step`
 * is the change as a multiple of the largest increase the patient's drug's label does not refuse (label.ts
 * `largestIncreaseNg`: ziconotide's 2.4 mcg/day, baclofen's phase step × its refusal factor): up to 1 the
 * label allows it, above 1 it forbids it; below 0 it is a reduction by that fraction of the dose. The
 * guardrail's verdict is checked against the label's rules read from the library (`labelForbids`).
 */
export class TitrateCmd implements Cmd {
  constructor(
    readonly i: number,
    readonly step: number,
    readonly flex: boolean,
  ) {}
  check = (m: Readonly<Model>) => pumpInPlace(m, this.i);
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    // A titration takes minutes too: at one instant with a refill, which read-back came last is a guess
    // (fresh seed 909090: the board ran the refill's older dose; refill-cmd.ts `aMinuteAfterTheLastRecord`).
    await aMinuteAfterTheLastRecord(rig, p);
    const current = pumpPrescription(p);
    if (current.mode === 'stopped' || current.mode === 'minimum-rate')
      return afterStep(m, rig, `${this.toString()} skipped`, this.i);
    const drug = drugEntry(current.drug);
    const phase = 'titration';
    const group = stepGroup(p.cast, rig.clock.now());
    const currentNg = dailyNg(current);
    const dailyNgProposed =
      this.step >= 0
        ? currentNg + this.step * largestIncreaseNg(drug, currentNg, phase, group)
        : currentNg * (1 + this.step);
    const daily = toTenthMcg(dailyNgProposed);
    const contents = { drug: current.drug, concentrationMcgPerMl: current.concentrationMcgPerMl };
    const night = toTenthMcg(dailyNgProposed * 1.1);
    const day = Math.max(0.1, toTenthMcg((dailyNgProposed * 1440 - night * NG_PER_MCG * 540) / 900));
    const proposed: PrescriptionJson = this.flex
      ? {
          mode: 'flex',
          ...contents,
          everyDay: {
            steps: [
              { startMinute: 0, doseMcgPerDay: night },
              { startMinute: 7 * 60, doseMcgPerDay: day },
              { startMinute: 22 * 60, doseMcgPerDay: night },
            ],
            boluses: [],
          },
        }
      : { mode: 'simple-continuous', ...contents, doseMcgPerDay: daily };
    const now = rig.clock.now();
    const chain = await getJson<PrescriptionRecord[]>(rig, 'nurse', `${P(p)}/prescriptions`);
    const changedAt = lastDoseChangeAt(chain);
    const forbids = labelForbids(drug, {
      current: currentNg,
      proposed: dailyNg(proposed),
      phase,
      group,
      msSinceLastChange: changedAt === undefined ? Infinity : now - changedAt,
      increasesInPastWeek: increasesInPastWeek(chain, now),
    });
    const plan = await rig.call('physician', 'POST', `${P(p)}/pump/titration/plan`, {
      proposed,
      phase,
    });
    noteStatus(m, pm, 'titration plan', plan);
    // A refused plan (422: wrong syringe) was still made from an interrogation the clinic recorded.
    if (plan.statusCode === 200 || plan.statusCode === 422) noteContact(rig, p, pm);
    const body =
      plan.statusCode === 200
        ? plan.json<{ planId: string; guardrail: { verdict: string; reasons: Reason[] } }>()
        : null;
    if (body !== null) {
      // The label's verdict: a change it forbids is blocked; one it allows is blocked by no titration or
      // dose-range rule (the pump's own state — an alarm, a wrong reservoir — may still block it).
      const g = body.guardrail;
      const blockedByTheRules = g.reasons.filter(
        (r) => r.severity === 'block' && /^ITB_R_(TITRATION_|DOSE_|LIKELY_UNIT_SLIP)/.test(r.code),
      );
      const detail = `${drug.id} ${currentNg} → ${dailyNg(proposed)} ng/day`;
      if (forbids.length > 0 && g.verdict !== 'block')
        m.pending.push({
          invariant: 'titration-by-the-label',
          patient: pm.name,
          detail: `${detail}: the label forbids it (${forbids.join('; ')}), the guardrail said ${g.verdict}`,
        });
      if (forbids.length === 0 && blockedByTheRules.length > 0)
        m.pending.push({
          invariant: 'titration-by-the-label',
          patient: pm.name,
          detail: `${detail}: the label allows it, the guardrail blocked it (${blockedByTheRules.map((r) => r.message).join('; ')})`,
        });
    }
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
  toString = () => `titrate(${this.i}, step ${this.step.toFixed(2)}${this.flex ? ', flex' : ''})`;
}

/**
 * A physician changes the concentration (same daily dose) in the prescription: the pump takes it only at
 * the next refill with that syringe (docs/invariants.md, finding 1).
 */
export class PrescribeConcentrationCmd implements Cmd {
  /** The strength prescribed, once known (the `strength`-th of the drug's strengths in the library). */
  private mcgPerMl: number | null = null;
  constructor(
    readonly i: number,
    readonly strength: number,
  ) {}
  check = (m: Readonly<Model>) => pumpInPlace(m, this.i);
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    const head = (await readAll(rig, p)).current;
    if (head === null || head.prescription.mode === 'stopped')
      return afterStep(m, rig, `${this.toString()} skipped`, this.i);
    const strengths = strengthsMcgPerMl(drugEntry(head.prescription.drug));
    const mcgPerMl = strengths[this.strength % strengths.length];
    this.mcgPerMl = mcgPerMl ?? null;
    if (mcgPerMl === undefined || head.prescription.concentrationMcgPerMl === mcgPerMl)
      return afterStep(m, rig, `${this.toString()} skipped`, this.i);
    const res = await rig.call('physician', 'POST', `${P(p)}/prescriptions`, {
      prescription: { ...head.prescription, concentrationMcgPerMl: mcgPerMl },
      expectedHeadId: head.id,
      implantId: p.implant.id,
      justification: 'new strength from the next refill: longer refill interval',
    });
    noteStatus(m, pm, 'prescribe concentration', res);
    if (res.statusCode === 201) {
      const ng = mcgPerMl * NG_PER_MCG;
      pm.prescribed = ng === pm.concentration ? null : ng;
    }
    await afterStep(m, rig, this.toString(), this.i);
  }
  toString = () =>
    `prescribeConcentration(${this.i}, strength ${this.strength}${this.mcgPerMl === null ? '' : `: ${this.mcgPerMl} mcg/mL`})`;
}
