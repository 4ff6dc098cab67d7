/**
 * The implant procedure (`POST P/implant-procedure`): pump model and serial, pocket side, catheter model,
 * the length trimmed (Prometra) or implanted, the tip level, and the new pump's pairing keys as read from
 * it at pairing (docs/workflows.md "Pairing a new pump"), and the initial fill put into the new pump at
 * surgery (docs/workflows.md "Initial fill"): its drug, and its concentration typed in that drug's label
 * unit (mg/mL for morphine), emptied when the drug is changed (drug-bound-input.ts: baclofen's 500 is never
 * sent as morphine's). The server computes the catheter volume.
 */
import { useState, type FormEvent } from 'react';
import { PROFILES as DEVICE_PROFILES } from '../../../src/pump/profiles.ts';
import { inputUnit } from '../../../src/therapy/dose-input.ts';
import { DRUG_IDS } from '../../../src/therapy/drug-library.ts';
import { textAfterDrugChange } from '../drug-bound-input.ts';
import { parsed } from '../parsed.ts';
import { isoDay } from '../format.ts';
import { useServerNow } from '../use-server-now.ts';
import { KEYS_NOT_JSON, PairingKeysField, parseKeys } from './PairingKeysField.tsx';
import { isPrometra, procedureBody } from './procedure-body.ts';

const PROFILES = DEVICE_PROFILES.map((p) => p.id);

export function ImplantForm(props: {
  readonly busy: boolean;
  readonly onSubmit: (body: unknown) => Promise<boolean>;
}) {
  const [serial, setSerial] = useState('');
  const [profile, setProfile] = useState<string>(PROFILES[0] ?? '');
  const serverNow = useServerNow();
  const [day, setDay] = useState<string | null>(null);
  const shownDay = day ?? isoDay(serverNow());
  const [side, setSide] = useState<'left' | 'right'>('right');
  const [model, setModel] = useState('8709SC');
  const [lengthCm, setLengthCm] = useState('50');
  const [tip, setTip] = useState('T10');
  const [keys, setKeys] = useState('');
  // The initial fill at surgery (clinic/initial-fill.ts): recorded when its lot is given.
  const [fillDrug, setFillDrug] = useState<string>('baclofen');
  const [fillConc, setFillConc] = useState('500');
  const [fillMl, setFillMl] = useState('20');
  const [fillLot, setFillLot] = useState('');
  const [keyError, setKeyError] = useState<string | null>(null);
  const [fillError, setFillError] = useState<string | null>(null);
  const prometra = isPrometra(model);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const keysRead = parseKeys(keys);
    setKeyError(keysRead === null ? KEYS_NOT_JSON : null);
    if (keysRead === null) return;
    const body = parsed(() =>
      procedureBody({
        serial,
        profile,
        day: shownDay,
        side,
        catheterModel: model,
        lengthCm,
        tip,
        linkKeys: keysRead.keys,
        fill:
          fillLot.trim() === ''
            ? null
            : { drug: fillDrug, concentration: fillConc, ml: fillMl, lot: fillLot },
      }),
    );
    setFillError(body.ok ? null : body.message);
    if (body.ok) await props.onSubmit(body.value);
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="implant-h">
      <h3 id="implant-h">Record the implant procedure</h3>
      <div className="row">
        <div>
          <label htmlFor="imp-serial">Pump serial</label>
          <input id="imp-serial" required value={serial} onChange={(e) => setSerial(e.target.value)} />
        </div>
        <div>
          <label htmlFor="imp-model">Pump model</label>
          <select id="imp-model" value={profile} onChange={(e) => setProfile(e.target.value)}>
            {PROFILES.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="imp-day">Implant date</label>
          <input
            id="imp-day"
            type="date"
            required
            value={shownDay}
            onChange={(e) => setDay(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="imp-side">Pocket side</label>
          <select id="imp-side" value={side} onChange={(e) => setSide(e.target.value as 'left' | 'right')}>
            <option>right</option>
            <option>left</option>
          </select>
        </div>
      </div>
      <div className="row">
        <div>
          <label htmlFor="cath-model">Catheter model</label>
          <input id="cath-model" required value={model} onChange={(e) => setModel(e.target.value)} />
        </div>
        <div>
          <label htmlFor="cath-len">{prometra ? 'Length trimmed (cm)' : 'Length implanted (cm)'}</label>
          <input
            id="cath-len"
            inputMode="decimal"
            required
            value={lengthCm}
            onChange={(e) => setLengthCm(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="cath-tip">Catheter tip level</label>
          <input id="cath-tip" required value={tip} onChange={(e) => setTip(e.target.value)} />
        </div>
      </div>
      <fieldset>
        <legend>Initial fill at surgery</legend>
        <div className="row">
          <div>
            <label htmlFor="fill-drug">Drug</label>
            <select
              id="fill-drug"
              value={fillDrug}
              onChange={(e) => {
                setFillConc(textAfterDrugChange(fillConc, fillDrug, e.target.value));
                setFillDrug(e.target.value);
              }}
            >
              {DRUG_IDS.map((d) => (
                <option key={d}>{d}</option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="fill-conc">Concentration ({inputUnit('concentration', fillDrug)})</label>
            <input
              id="fill-conc"
              inputMode="decimal"
              value={fillConc}
              onChange={(e) => setFillConc(e.target.value)}
            />
          </div>
          <div>
            <label htmlFor="fill-ml">Volume (mL)</label>
            <input
              id="fill-ml"
              inputMode="decimal"
              value={fillMl}
              onChange={(e) => setFillMl(e.target.value)}
            />
          </div>
          <div>
            <label htmlFor="fill-lot">Lot</label>
            <input id="fill-lot" value={fillLot} onChange={(e) => setFillLot(e.target.value)} />
          </div>
        </div>
        <p>
          Without the lot no fill is recorded, and the board cannot date the first refill until the pump is
          interrogated.
        </p>
        {fillError !== null && <p role="alert">{fillError}</p>}
      </fieldset>
      <PairingKeysField id="imp-keys" serial={serial} value={keys} onChange={setKeys} />
      {keyError !== null && <p role="alert">{keyError}</p>}
      <button type="submit" disabled={props.busy}>
        Save implant
      </button>
    </form>
  );
}
