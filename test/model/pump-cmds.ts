/** The pump-side commands of the model-based test: time passing, interrogation, alarm test, catheter change. */
import { MS_PER_DAY, MS_PER_HOUR } from '../../src/therapy/quantities.ts';
import type { Rig } from './rig.ts';
import { afterStep, noteContact, noteStatus, pick, P, type Cmd, type Model, pumpInPlace } from './model.ts';

/** Time passes: every pump runs on (delivery, alarms, battery). */
export class AdvanceCmd implements Cmd {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(m: Model, rig: Rig): Promise<void> {
    await rig.advance(this.ms);
    await afterStep(m, rig, this.toString());
  }
  toString = () =>
    this.ms >= MS_PER_DAY
      ? `advance(${(this.ms / MS_PER_DAY).toFixed(1)} d)`
      : `advance(${(this.ms / MS_PER_HOUR).toFixed(1)} h)`;
}

/** An interrogation recorded for the board. */
export class InterrogateCmd implements Cmd {
  constructor(readonly i: number) {}
  check = (m: Readonly<Model>) => pumpInPlace(m, this.i);
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    const res = await rig.call('nurse', 'POST', `${P(p)}/pump/interrogate`);
    noteStatus(m, pm, 'interrogate', res);
    if (res.statusCode === 200) noteContact(rig, p, pm);
    await afterStep(m, rig, this.toString(), this.i);
  }
  toString = () => `interrogate(${this.i})`;
}

/** An alarm test: the tone sounds; the patient heard it or not. */
export class AlarmTestCmd implements Cmd {
  constructor(
    readonly i: number,
    readonly heard: boolean,
  ) {}
  check = (m: Readonly<Model>) => pumpInPlace(m, this.i);
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    const res = await rig.call('nurse', 'POST', `${P(p)}/pump/alarm-test`, { heard: this.heard });
    noteStatus(m, pm, 'alarm test', res);
    if (res.statusCode === 200) noteContact(rig, p, pm);
    await afterStep(m, rig, this.toString(), this.i);
  }
  toString = () => `alarmTest(${this.i}, ${this.heard ? 'heard' : 'not heard'})`;
}

/** A catheter change: the new catheter's volume goes to the pump, supervised priming. */
export class CatheterCmd implements Cmd {
  constructor(
    readonly i: number,
    readonly lengthCm: number,
    readonly volumeMl: number,
  ) {}
  check = (m: Readonly<Model>) => pumpInPlace(m, this.i);
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    const plan = await rig.call('physician', 'POST', `${P(p)}/pump/catheter/plan`, {
      model: '8709SC',
      lengthCm: this.lengthCm,
      volume: `${this.volumeMl} mL`,
      tipLevel: 'T10',
    });
    noteStatus(m, pm, 'catheter plan', plan);
    if (plan.statusCode === 200) {
      noteContact(rig, p, pm);
      const body = plan.json<{ planId: string; guardrail: { verdict: string } }>();
      if (body.guardrail.verdict !== 'block') {
        const apply = await rig.call('physician', 'POST', `${P(p)}/pump/catheter/apply`, {
          planId: body.planId,
          confirm: true,
          supervisedBy: 'Dr Model, bedside',
          justification: 'catheter revision; priming supervised',
        });
        noteStatus(m, pm, 'catheter apply', apply);
        if (apply.statusCode === 200) noteContact(rig, p, pm);
      }
    }
    await afterStep(m, rig, this.toString(), this.i);
  }
  toString = () => `catheter(${this.i}, ${this.lengthCm} cm, ${this.volumeMl} mL)`;
}
