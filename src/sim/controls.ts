/**
 * The clinic's and the device's safety controls as the simulator runs them, each named so a safety campaign
 * (src/sim/campaign) can switch one off and see what it prevents. Switching a control off removes the real
 * check from the code path the run takes (programming.ts, pump-commands.ts, refill-plan.ts, refill.ts,
 * strength-typed.ts; the pump's hard dose limits through the simulator's pump build, src/pump/build.ts):
 * there is no second copy of any rule here.
 * docs/safety-case.md lists what each control prevents.
 */
import { CERTIFIED_BUILD, SIMULATOR_BUILD_WITHOUT_HARD_LIMITS, type PumpBuild } from '../pump/build.ts';
import { ItbError } from '../therapy/codes.ts';

/** Every control a run can switch off, with what it does in the simulated clinic. */
export const CONTROLS = {
  'refill-board':
    'refills booked at the projected refill-by date, an overdue refill recalled, and a pump at ERI booked for replacement at the alarm (the board; without it, at the next refill)',
  'eri-replacement':
    'a pump at its elective replacement indicator (the pump’s ERI alarm, the board’s ERI flag) is replaced before its end of service',
  reconciliation: 'the drained residual is reconciled against the calculated volume at each refill',
  'unit-slip': 'a dose about 1000× off the usual range is refused as a likely mg/mcg slip',
  'syringe-match':
    'a strength typed at refill that differs from the pump’s and the prescription’s is refused (the syringe match)',
  'titration-guardrails': 'each dose change is checked against the label’s step and interval limits',
  'restart-guidance': 'after an interruption the drug restarts lower, not at the prior full rate',
  'alarm-handling': 'critical alarms (empty reservoir, low-battery reset) bring the patient in',
  troubleshooting: 'a reconciliation discrepancy leads to the catheter work-up and a revision',
  bridge:
    'after a concentration change the old fluid in the catheter runs at the old strength’s flow (bridge bolus)',
  'pump-hard-limits':
    'the pump refuses a daily dose outside the drug library’s hard range (the simulator’s pump build only)',
} as const;

export type ControlName = keyof typeof CONTROLS;
export const CONTROL_NAMES = Object.keys(CONTROLS) as ControlName[];

/** The controls switched off in a run (empty: every control on). */
export type ControlsOff = ReadonlySet<ControlName>;
export const ALL_ON: ControlsOff = new Set();

/** Whether `name` is on in a run with `off` switched off. */
export const isOn = (off: ControlsOff, name: ControlName): boolean => !off.has(name);

/** The pump build a run drives: the certified one, or the simulator's without the hard dose limits. */
export const pumpBuild = (off: ControlsOff): PumpBuild =>
  isOn(off, 'pump-hard-limits') ? CERTIFIED_BUILD : SIMULATOR_BUILD_WITHOUT_HARD_LIMITS;

const isControl = (s: string): s is ControlName => Object.hasOwn(CONTROLS, s);

/**
 * The arms a `--controls` value asks for: `on` (every control on), `off` (every control on, then each one
 * off alone) or a comma list (every control on, then each listed control off alone; `a+b` switches a and b off
 * together). Throws ITB_E_INVALID_INPUT naming an unknown control.
 */
export function parseControlArms(text: string): ControlName[][] {
  const t = text.trim();
  if (t === 'on') return [[]];
  if (t === 'off') return [[], ...CONTROL_NAMES.map((n) => [n])];
  const arms: ControlName[][] = [[]];
  for (const part of t.split(',')) {
    const names = part.split('+').map((s) => s.trim());
    for (const n of names) {
      if (!isControl(n))
        throw new ItbError(
          'ITB_E_INVALID_INPUT',
          `--controls: "${n}" is not a control; use on, off or a list of ${CONTROL_NAMES.join(', ')}`,
        );
    }
    arms.push(names as ControlName[]);
  }
  return arms;
}

/** The label of an arm: `all on` or `off: a+b`. */
export const armLabel = (off: readonly ControlName[]): string =>
  off.length === 0 ? 'all on' : `off: ${off.join('+')}`;
