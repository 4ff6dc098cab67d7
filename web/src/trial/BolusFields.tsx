/**
 * The screening bolus of the trial page: the baclofen test dose (none chosen for a patient on another
 * drug), its concentration and the volume they give.
 */
import { inputUnit } from '../../../src/therapy/dose-input.ts';
import { measure, MeasureInput } from '../measure-input.tsx';
import { DOSES, trialConcentrationProblem } from './use-trial.ts';

export function BolusFields({
  doseMcg,
  setDoseMcg,
  conc,
  setConc,
}: {
  readonly doseMcg: number | null;
  readonly setDoseMcg: (mcg: number | null) => void;
  readonly conc: string;
  readonly setConc: (text: string) => void;
}) {
  const concValue = measure(conc, 'concentration', 'mcg/mL');
  const typed = concValue?.ok === true && concValue.value > 0 ? concValue.value : null;
  // A strength the library does not list for baclofen is said at the field, and gives no volume.
  const strength = typed === null ? null : trialConcentrationProblem(typed);
  const mcgPerMl = strength === null ? typed : null;
  return (
    <div className="row">
      <div>
        <label htmlFor="dose">Dose</label>
        <select
          id="dose"
          value={doseMcg ?? ''}
          onChange={(e) => setDoseMcg(e.target.value === '' ? null : Number(e.target.value))}
        >
          {doseMcg === null && <option value="">choose a baclofen test dose</option>}
          {DOSES.map((d) => (
            <option key={d.mcg} value={d.mcg}>
              {d.label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="conc">Concentration ({inputUnit('concentration', 'baclofen')})</label>
        <MeasureInput
          id="conc"
          value={conc}
          onChange={setConc}
          parsed={concValue}
          serverError={strength ?? undefined}
        />
      </div>
      <p>
        Volume:{' '}
        <strong>
          {mcgPerMl === null || mcgPerMl <= 0 || doseMcg === null
            ? '—'
            : `${Number((doseMcg / mcgPerMl).toFixed(2))} mL`}
        </strong>
      </p>
    </div>
  );
}
