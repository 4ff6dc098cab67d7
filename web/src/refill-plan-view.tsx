/**
 * The refill plan (`POST P/pump/refill/plan`) as a nurse reads it: the critical actions in order with their
 * state and reasons, the bridge when the concentration changes, and the projection after the refill — in
 * mL, doses in the unit of the drug's label (mcg for baclofen, mg for morphine: src/therapy/drug-display.ts)
 * and dates, never nanounits or epoch milliseconds.
 */
import type { StepResult } from '../../src/programmer/refill-plan.ts';
import type { BridgeView } from '../../src/therapy/bridge.ts';
import { doseText, massText } from '../../src/therapy/drug-display.ts';
import type { ReservoirProjection } from '../../src/therapy/projection.ts';
import { Reasons } from './components.tsx';
import { NG_PER_MCG, dateTime, mL } from './format.ts';

/** The plan's parts, as the programmer module types them (src/programmer/refill-plan.ts, therapy/). */
export type PlanStep = StepResult;
export type { BridgeView };
export type Projection = ReservoirProjection;

const STEP_TEXT: Record<string, string> = {
  interrogate: 'Interrogate the pump',
  'locate-fill-port': 'Locate the refill port (template)',
  'needle-at-stop': 'Needle through the septum to the needle stop',
  'drain-and-compare': 'Drain the residual and compare with the calculation',
  'check-leaks': 'Check for leaks and swelling',
  'inject-reservoir-port': 'Inject through the confirmed reservoir port',
  'update-pump': 'Update the pump (new contents, prescription, bridge)',
  'book-next-refill': 'Book the next refill',
};
const STATE_TEXT: Record<string, string> = {
  done: 'done',
  waiting: 'waiting for you',
  stopped: 'STOPPED',
  'not-reached': 'not reached',
  planned: 'planned',
};

/** The steps and their state; their reasons only when the screen has not already said them at the top. */
export function PlanSteps({
  steps,
  showReasons = true,
}: {
  readonly steps: readonly PlanStep[];
  readonly showReasons?: boolean;
}) {
  return (
    <ol className="refill-steps" aria-label="Critical actions">
      {steps.map((s) => (
        <li key={s.step} className={`step-${s.state}`}>
          <strong>{STEP_TEXT[s.step] ?? s.step}</strong> — {STATE_TEXT[s.state] ?? s.state}
          {showReasons && <Reasons reasons={s.reasons} title={`${STEP_TEXT[s.step] ?? s.step}: reasons`} />}
        </li>
      ))}
    </ol>
  );
}

const at = (t: number | null) => (t === null ? 'never (no delivery)' : dateTime(t));

/** `drug`: the drug in the catheter and the reservoir (null while unknown: read in mcg). */
export function BridgeFacts({ bridge, drug }: { readonly bridge: BridgeView; readonly drug: string | null }) {
  const w = bridge.withoutBridge;
  const mass = (mcg: number) => massText(Math.round(mcg * NG_PER_MCG), drug);
  return (
    <table className="facts">
      <caption>Bridge (the concentration changes)</caption>
      <tbody>
        <tr>
          <th scope="row">Bridge needed</th>
          <td>{bridge.bridgeNeeded ? 'yes' : 'no'}</td>
        </tr>
        <tr>
          <th scope="row">Old drug still in catheter and pump</th>
          <td>{bridge.oldFluidMl} mL</td>
        </tr>
        <tr>
          <th scope="row">Bridge flow</th>
          <td>
            {bridge.bridgeFlowMlPerDay} mL/day for {bridge.bridgeHours} h ({mass(bridge.drugDuringBridgeMcg)}{' '}
            of the old drug)
          </td>
        </tr>
        <tr>
          <th scope="row">Flow after the bridge</th>
          <td>{bridge.newFlowMlPerDay} mL/day</td>
        </tr>
        <tr>
          <th scope="row">Without a bridge</th>
          <td>
            {doseText(Math.round(w.doseMcgPerDay * NG_PER_MCG), drug)} for {w.hours} h (
            {w.drugDifferenceMcg > 0 ? '+' : ''}
            {mass(w.drugDifferenceMcg)} compared with the prescription)
          </td>
        </tr>
      </tbody>
    </table>
  );
}

export function ProjectionFacts({ projection }: { readonly projection: Projection }) {
  return (
    <>
      <table className="facts">
        <caption>Projection after the refill</caption>
        <tbody>
          <tr>
            <th scope="row">Mean flow</th>
            <td>{mL(projection.meanFlow, 4)}/day</td>
          </tr>
          <tr>
            <th scope="row">Low-reservoir alarm</th>
            <td>{at(projection.lowAlarmAt)}</td>
          </tr>
          <tr>
            <th scope="row">Reservoir empty</th>
            <td>{at(projection.emptyAt)}</td>
          </tr>
          <tr>
            <th scope="row">Refill by</th>
            <td>{at(projection.refillBy)}</td>
          </tr>
        </tbody>
      </table>
      <Reasons reasons={projection.reasons} title="Projection reasons" />
    </>
  );
}
