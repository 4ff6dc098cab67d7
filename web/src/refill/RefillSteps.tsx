/**
 * The refill wizard's screens (RefillPage.tsx puts them in order). Each screen says one thing: what to do
 * now, and — on the plan screen — one verdict at the top; Back returns to the screen before.
 */
import { VerdictBadge, Reasons } from '../components.tsx';
import { dateTime, NG_PER_MCG, NL_PER_ML } from '../format.ts';
import { measure, measureConcentration, MeasureInput, valueOf } from '../measure-input.tsx';
import { concentrationText } from '../../../src/therapy/drug-display.ts';
import { inputUnit } from '../../../src/therapy/dose-input.ts';
import { BridgeFacts, PlanSteps, ProjectionFacts } from '../refill-plan-view.tsx';
import { SnapshotView } from '../snapshot-view.tsx';
import { planVerdict } from './plan-verdict.ts';
import { withinReservoir } from './reservoir-fit.ts';
import { DRUG_IDS, getDrug } from '../../../src/therapy/drug-library.ts';
import type { PrescriptionJson } from '../api.ts';
import {
  CHECKS,
  contentsChange,
  pumpContents,
  syringeDrug,
  type useRefillWizard,
} from './use-refill-wizard.ts';

type Wizard = ReturnType<typeof useRefillWizard>;

function Nav({
  back,
  next,
  nextLabel,
  nextDisabled = false,
  primary = false,
  waitsFor = [],
}: {
  readonly back?: () => void;
  readonly next?: () => void;
  readonly nextLabel?: string;
  readonly nextDisabled?: boolean;
  readonly primary?: boolean;
  /** The empty required fields Next waits for: said beside it, never a grey button alone. */
  readonly waitsFor?: readonly string[];
}) {
  const waits = waitsFor.length > 0;
  return (
    <div className="row wizard-nav">
      {back !== undefined && (
        <button type="button" onClick={back}>
          Back
        </button>
      )}
      {next !== undefined && (
        <button
          type="button"
          className={primary ? 'primary' : undefined}
          disabled={nextDisabled}
          aria-describedby={waits ? 'plan-waits' : undefined}
          onClick={next}
        >
          {nextLabel ?? 'Next'}
        </button>
      )}
      {waits && <p id="plan-waits">To plan, fill in: {waitsFor.join(', ')}.</p>}
    </div>
  );
}

export function InterrogateStep({ w }: { readonly w: Wizard }) {
  return (
    <>
      <button type="button" disabled={w.busy} onClick={() => void w.interrogate()}>
        {w.snapshot === null ? 'Interrogate pump' : 'Interrogate again'}
      </button>
      {w.snapshot !== null && <SnapshotView snapshot={w.snapshot} />}
      <Nav next={() => w.goTo('checks')} nextDisabled={w.snapshot === null} />
    </>
  );
}

export function ChecksStep({ w }: { readonly w: Wizard }) {
  return (
    <>
      <fieldset>
        <legend>Tick each as done</legend>
        {CHECKS.map(([k, label]) => (
          <div key={k} className="check">
            <input
              id={`c-${k}`}
              type="checkbox"
              checked={w.checks[k]}
              onChange={(e) => w.set({ checks: { ...w.checks, [k]: e.target.checked } })}
            />
            <label htmlFor={`c-${k}`}>{label}</label>
          </div>
        ))}
      </fieldset>
      <Nav
        back={() => w.goTo('interrogate')}
        next={() => w.goTo('measure')}
        nextDisabled={!CHECKS.every(([k]) => w.checks[k])}
      />
    </>
  );
}

const contentsWords = (drug: string | null, mcgPerMl: number | null) =>
  `${drug ?? 'unknown drug'} ${mcgPerMl === null ? '' : concentrationText(mcgPerMl * NG_PER_MCG, drug)}`.trim();

/**
 * The measurements. `prescribed` is the prescription in force: when a physician's change names contents
 * other than the pump's, this refill brings them in, and the step says so before the syringe is entered —
 * never first in a refusal of the pump's old strength.
 */
export function MeasureStep({
  w,
  prescribed,
}: {
  readonly w: Wizard;
  readonly prescribed: PrescriptionJson | null;
}) {
  // Parsed by therapy's own parser (a bare number is read in the field's unit; "2 mg/mL" or "18 ml" too).
  // The concentration is read in the label unit of the syringe's drug, the one it was typed for.
  const drug = syringeDrug(w);
  // A volume the implanted reservoir cannot hold is a slip, said at its field before any plan.
  const capacityMl = w.capacityNl === null ? null : w.capacityNl / NL_PER_ML;
  const measured = {
    residual: withinReservoir(measure(w.residual, 'volume', 'mL'), capacityMl, 'residual'),
    volume: withinReservoir(measure(w.volume, 'volume', 'mL'), capacityMl, 'volume to add'),
    conc: measureConcentration(w.conc, drug),
  };
  const numbersOk = Object.values(measured).every((m) => m !== null && m.ok) && w.lot.trim() !== '';
  const empty = [
    [w.residual, 'measured residual'],
    [w.volume, 'volume to add'],
    [w.conc, 'concentration'],
    [w.lot, 'drug lot'],
  ].flatMap(([value = '', name = '']) => (value.trim() === '' ? [name] : []));
  const pump = pumpContents(w.snapshot);
  const change = contentsChange(pump, prescribed);
  const typedConc = measured.conc?.ok === true ? measured.conc.value : null;
  const asPrescribed = change !== null && drug === change.drug && typedConc === change.concentrationMcgPerMl;
  // Said before the plan is asked for; once the server has refused the syringe, its refusal (at the top and
  // at the field) says it, and a third wording of the same fact would only be noise.
  const differs =
    typedConc !== null &&
    pump.concentrationMcgPerMl !== null &&
    (typedConc !== pump.concentrationMcgPerMl || (pump.drug !== null && drug !== pump.drug)) &&
    !asPrescribed &&
    !w.fieldErrors['conc'] &&
    !w.fieldErrors['drug'];
  return (
    <>
      {change !== null && (
        <p className="result result-warn" id="contents-change">
          This refill changes what the pump holds: the prescription in force names{' '}
          <strong>{contentsWords(change.drug, change.concentrationMcgPerMl)}</strong>; the pump holds{' '}
          {contentsWords(pump.drug, pump.concentrationMcgPerMl)}. Fill the syringe with the prescribed
          contents and enter them below as its label reads (the concentration is not pre-filled): the refill
          then programs the pump for them, with a bridge for the old drug still in the catheter.
        </p>
      )}
      {differs && (
        <p className="result result-warn" id="conc-differs">
          The syringe ({drug} {concentrationText(typedConc * NG_PER_MCG, drug)}) differs from what the pump
          holds ({pump.drug} {concentrationText((pump.concentrationMcgPerMl ?? 0) * NG_PER_MCG, pump.drug)}):
          check the syringe label. The refill is refused unless a physician’s prescription names the new drug
          or concentration.
        </p>
      )}
      <div className="row">
        <div>
          <label htmlFor="residual">Measured residual (mL)</label>
          <MeasureInput
            id="residual"
            value={w.residual}
            onChange={(v) => w.setField('residual', v)}
            parsed={measured.residual}
            serverError={w.fieldErrors['residual']}
          />
        </div>
        <div>
          <label htmlFor="volume">Volume to add (mL)</label>
          <MeasureInput
            id="volume"
            value={w.volume}
            onChange={(v) => w.setField('volume', v)}
            parsed={measured.volume}
            serverError={w.fieldErrors['volume']}
          />
        </div>
        <div>
          <label htmlFor="drug">Drug (syringe label)</label>
          <select
            id="drug"
            value={drug ?? ''}
            onChange={(e) => w.setField('drug', e.target.value)}
            aria-invalid={w.fieldErrors['drug'] ? true : undefined}
            aria-describedby={w.fieldErrors['drug'] ? 'drug-error' : undefined}
          >
            {DRUG_IDS.map((id) => (
              <option key={id} value={id}>
                {getDrug(id).name}
              </option>
            ))}
          </select>
          {w.fieldErrors['drug'] && (
            <span id="drug-error" className="field-error">
              {w.fieldErrors['drug']}
            </span>
          )}
        </div>
        <div>
          <label htmlFor="conc">Concentration ({inputUnit('concentration', drug)})</label>
          <MeasureInput
            id="conc"
            value={w.conc}
            onChange={(v) => w.setField('conc', v)}
            parsed={measured.conc}
            serverError={w.fieldErrors['conc']}
          />
        </div>
        <div>
          <label htmlFor="lot">Drug lot</label>
          <input
            id="lot"
            value={w.lot}
            onChange={(e) => w.setField('lot', e.target.value)}
            aria-invalid={w.fieldErrors['lot'] ? true : undefined}
            aria-describedby={w.fieldErrors['lot'] ? 'lot-error' : undefined}
          />
          {w.fieldErrors['lot'] && (
            <span id="lot-error" className="field-error">
              {w.fieldErrors['lot']}
            </span>
          )}
        </div>
      </div>
      <label htmlFor="expl">Explanation (if the residual differs from the calculation)</label>
      <textarea
        id="expl"
        rows={2}
        value={w.explanation}
        onChange={(e) => w.setField('explanation', e.target.value)}
      />
      <Nav
        back={() => w.goTo('checks')}
        next={() =>
          void w.makePlan({
            measuredResidualMl: valueOf(measured.residual),
            volumeMl: valueOf(measured.volume),
            concentrationMcgPerMl: valueOf(measured.conc),
            ...(drug === null ? {} : { drug }),
            lot: w.lot.trim(),
            confirmations: { interrogated: true, ...w.checks },
            ...(w.explanation.trim() === '' ? {} : { explanation: w.explanation.trim() }),
          })
        }
        nextLabel="Reconcile and plan"
        nextDisabled={w.busy || !numbersOk}
        waitsFor={empty}
      />
    </>
  );
}

export function PlanScreen({ w }: { readonly w: Wizard }) {
  const plan = w.plan;
  if (plan === null) return null;
  const v = planVerdict(plan);
  // A warning the residual's explanation does not already answer (ERI, a restart after an interruption)
  // is answered here: the note goes with the refill as its justification.
  const needsNote = v.verdict === 'warn' && w.explanation.trim() === '';
  return (
    <>
      <div className={`result result-${v.verdict} verdict-top`} role={v.stopped ? 'alert' : undefined}>
        <p>
          <VerdictBadge verdict={v.verdict} label={v.title} />
        </p>
        <p>
          <strong>What to do next:</strong> {v.next}
        </p>
        <Reasons reasons={v.reasons} title="Why" />
      </div>
      {v.stopped ? (
        <Nav back={() => w.goTo('measure')} />
      ) : (
        <>
          {plan.bridge !== undefined && plan.bridge !== null && (
            <BridgeFacts bridge={plan.bridge.view} drug={syringeDrug(w)} />
          )}
          {plan.projection !== undefined && plan.projection !== null && (
            <ProjectionFacts projection={plan.projection} />
          )}
          <p>
            Next refill to book: <strong>{dateTime(plan.bookAt)}</strong>
          </p>
          {needsNote && (
            <>
              <label htmlFor="plan-note">Note: how the warning is handled (recorded with the refill)</label>
              <textarea id="plan-note" rows={2} value={w.note} onChange={(e) => w.setNote(e.target.value)} />
            </>
          )}
          <Nav
            back={() => w.goTo('measure')}
            next={() => void w.apply()}
            nextLabel="Confirm refill and update the pump"
            nextDisabled={w.busy || (needsNote && w.note.trim() === '')}
            primary
          />
        </>
      )}
      {plan.steps !== undefined && <PlanSteps steps={plan.steps} showReasons={false} />}
    </>
  );
}
