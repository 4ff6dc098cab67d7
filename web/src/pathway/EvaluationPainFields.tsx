/**
 * The candidacy evaluation's pain questions (src/clinic/pathway/evaluation-records.ts): the pain's type and
 * where it is, whether it is cancer-related, the systemic opioid tried (which, highest dose, response,
 * intolerance) and the conservative treatments tried. Asked of a pain patient instead of the spasticity
 * questions.
 */
import { PAIN_DISTRIBUTIONS, PAIN_TYPES } from '../../../src/clinic/pathway/evaluation-records.ts';

export interface PainAnswers {
  readonly type: (typeof PAIN_TYPES)[number];
  readonly distribution: (typeof PAIN_DISTRIBUTIONS)[number];
  readonly cancerRelated: boolean;
  readonly opioid: string;
  readonly opioidMg: string;
  readonly opioidResponse: 'none' | 'partial' | 'good';
  readonly intolerance: string;
  readonly conservative: string;
}

export const NO_PAIN_ANSWERS: PainAnswers = {
  type: 'nociceptive',
  distribution: 'back',
  cancerRelated: false,
  opioid: '',
  opioidMg: '',
  opioidResponse: 'partial',
  intolerance: '',
  conservative: '',
};

/** The body's `pain` from the answers; an opioid is recorded when its name is given. */
export const painBody = (a: PainAnswers) => ({
  type: a.type,
  distribution: a.distribution,
  cancerRelated: a.cancerRelated,
  systemicOpioids:
    a.opioid.trim() === ''
      ? []
      : [
          {
            drug: a.opioid.trim(),
            maxDailyDoseMg: Number(a.opioidMg),
            response: a.opioidResponse,
            intolerance: a.intolerance.trim(),
          },
        ],
  conservativeTreatments: a.conservative
    .split('\n')
    .map((t) => t.trim())
    .filter((t) => t !== ''),
});

export function EvaluationPainFields(props: {
  readonly value: PainAnswers;
  readonly onChange: (a: PainAnswers) => void;
}) {
  const a = props.value;
  const set = (p: Partial<PainAnswers>) => props.onChange({ ...a, ...p });
  return (
    <>
      <div className="row">
        <div>
          <label htmlFor="pain-type">Pain type</label>
          <select
            id="pain-type"
            value={a.type}
            onChange={(e) => set({ type: e.target.value as PainAnswers['type'] })}
          >
            {PAIN_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="pain-dist">Pain distribution</label>
          <select
            id="pain-dist"
            value={a.distribution}
            onChange={(e) => set({ distribution: e.target.value as PainAnswers['distribution'] })}
          >
            {PAIN_DISTRIBUTIONS.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </div>
        <div>
          <label className="check">
            <input
              type="checkbox"
              checked={a.cancerRelated}
              onChange={(e) => set({ cancerRelated: e.target.checked })}
            />{' '}
            Cancer-related pain
          </label>
        </div>
      </div>
      <div className="row">
        <div>
          <label htmlFor="opioid">Systemic opioid tried (empty = none)</label>
          <input id="opioid" value={a.opioid} onChange={(e) => set({ opioid: e.target.value })} />
        </div>
        <div>
          <label htmlFor="opioid-mg">Its highest dose (mg/day)</label>
          <input
            id="opioid-mg"
            inputMode="decimal"
            required={a.opioid.trim() !== ''}
            value={a.opioidMg}
            onChange={(e) => set({ opioidMg: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor="opioid-resp">Response to the systemic opioid</label>
          <select
            id="opioid-resp"
            value={a.opioidResponse}
            onChange={(e) => set({ opioidResponse: e.target.value as PainAnswers['opioidResponse'] })}
          >
            <option>none</option>
            <option>partial</option>
            <option>good</option>
          </select>
        </div>
        <div>
          <label htmlFor="opioid-intol">Intolerance (side effects that limited the dose)</label>
          <input
            id="opioid-intol"
            value={a.intolerance}
            onChange={(e) => set({ intolerance: e.target.value })}
          />
        </div>
      </div>
      <label htmlFor="conservative">Conservative treatments tried (one per line)</label>
      <textarea
        id="conservative"
        rows={2}
        value={a.conservative}
        onChange={(e) => set({ conservative: e.target.value })}
      />
    </>
  );
}
