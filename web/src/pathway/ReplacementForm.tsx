/**
 * A pump replacement in ONE transaction (`POST P/implants/:implantId/replacement`, docs/workflows.md
 * "Pump replacement"; hazard H59): the new pump — model, serial, pairing keys, pocket, the catheter kept
 * or revised, its initial fill at surgery — with the programme in force continued on it, and the old
 * pump's explant, all recorded together or none. Before, the web app recorded the new implant and the
 * explant as two writes, and a failure between them left two pumps "in place". The priming bolus is
 * given afterwards from the pump's priming page. The new pump is filled with the drug of the programme it
 * continues, its concentration typed in that drug's label unit (mg/mL for morphine: src/therapy/dose-input.ts).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { EXPLANT_REASONS } from '../../../src/clinic/pathway/explant-records.ts';
import { PROFILES as DEVICE_PROFILES } from '../../../src/pump/profiles.ts';
import { apiToInputNumber, inputUnit } from '../../../src/therapy/dose-input.ts';
import { api, errorText, type Implant, type PrescriptionRecord } from '../api.ts';
import { clinicTimeZone, isoDay } from '../format.ts';
import { wallTimeInstant } from '../../../src/therapy/date-text.ts';
import { measureConcentration } from '../measure-input.tsx';
import { parsed } from '../parsed.ts';
import { PrescriptionView } from '../prescription-view.tsx';
import { useServerNow } from '../use-server-now.ts';
import { KEYS_NOT_JSON, PairingKeysField, parseKeys } from './PairingKeysField.tsx';
import { isPrometra, procedureBody } from './procedure-body.ts';

/** A Prometra catheter is supplied 110 cm long (docs/clinical-reference.md §1.2). */
const PROMETRA_SUPPLIED_MM = 1100;

export function ReplacementForm(props: {
  readonly patientId: string;
  /** The pump taken out. */
  readonly old: Implant;
  readonly busy: boolean;
  readonly onSubmit: (body: unknown) => Promise<boolean>;
}) {
  const { old } = props;
  const serverNow = useServerNow();
  const [head, setHead] = useState<PrescriptionRecord | null | undefined>(undefined);
  const [headError, setHeadError] = useState<string | null>(null);
  const [serial, setSerial] = useState('');
  const [profile, setProfile] = useState(old.deviceProfileId);
  const [day, setDay] = useState<string | null>(null);
  /** The operation's time of day on the clinic's clock, when known ('' : not given). */
  const [time, setTime] = useState('');
  const [catheter, setCatheter] = useState<'kept' | 'revised'>('kept');
  const keptLengthMm = isPrometra(old.catheter.model)
    ? PROMETRA_SUPPLIED_MM - old.catheter.lengthMm
    : old.catheter.lengthMm;
  const [model, setModel] = useState(old.catheter.model);
  const [lengthCm, setLengthCm] = useState(String(keptLengthMm / 10));
  const [tip, setTip] = useState(old.catheter.tipLevel);
  const [keys, setKeys] = useState('');
  const [fillConc, setFillConc] = useState('500');
  const [fillMl, setFillMl] = useState('20');
  const [fillLot, setFillLot] = useState('');
  const [reason, setReason] = useState<(typeof EXPLANT_REASONS)[number]>('battery-eri');
  const [why, setWhy] = useState('');
  const [notes, setNotes] = useState('');
  const [keyError, setKeyError] = useState<string | null>(null);
  const [fillError, setFillError] = useState<string | null>(null);
  const shownDay = day ?? isoDay(serverNow());
  const P = `/api/v1/patients/${encodeURIComponent(props.patientId)}`;

  useEffect(() => {
    api.get<{ current: PrescriptionRecord | null }>(`${P}/prescriptions/current`).then(
      (c) => {
        setHead(c.current);
        const rx = c.current?.prescription;
        if (rx !== undefined && rx.mode !== 'stopped')
          setFillConc(apiToInputNumber(rx.concentrationMcgPerMl, rx.drug));
      },
      (e: unknown) => setHeadError(errorText(e)),
    );
  }, [P]);

  if (head === undefined) return headError === null ? null : <p role="alert">{headError}</p>;
  if (head === null) return <p>No programme in force: prescribe one before replacing the pump.</p>;
  // The fill is the drug of the programme continued (baclofen when the programme in force is a stop).
  const drug = head.prescription.mode === 'stopped' ? 'baclofen' : head.prescription.drug;
  const conc = measureConcentration(fillConc, drug);
  const programme =
    head.prescription.mode !== 'stopped' && conc !== null && conc.ok
      ? { ...head.prescription, concentrationMcgPerMl: conc.value }
      : head.prescription;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const keysRead = parseKeys(keys);
    setKeyError(keysRead === null ? KEYS_NOT_JSON : null);
    if (keysRead === null) return;
    const kept = catheter === 'kept';
    const procedure = parsed(() =>
      procedureBody({
        serial,
        profile,
        day: shownDay,
        side: old.pocketSide,
        catheterModel: kept ? old.catheter.model : model,
        lengthCm: kept ? String(keptLengthMm / 10) : lengthCm,
        tip: kept ? old.catheter.tipLevel : tip,
        linkKeys: keysRead.keys,
        fill: { drug, concentration: fillConc, ml: fillMl, lot: fillLot },
      }),
    );
    setFillError(procedure.ok ? null : procedure.message);
    if (!procedure.ok) return;
    // The operation's instant when its time is given: how long the patient had no drug is counted from it
    // (src/programmer/not-running.ts). Without it the server dates the operation (clinical-time.ts).
    const at = time === '' ? null : wallTimeInstant(shownDay, time, clinicTimeZone());
    await props.onSubmit({
      ...(at === null ? {} : { at }),
      procedure: procedure.value,
      programme: {
        prescription: programme,
        expectedHeadId: head.id,
        ...(why.trim() === '' ? {} : { justification: why.trim() }),
      },
      explant: { reason, catheter, notes: notes.trim() },
    });
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="repl-h">
      <h3 id="repl-h">Replace pump {old.pumpSerial} (one record: new pump, its programme, the explant)</h3>
      <div className="row">
        <div>
          <label htmlFor="repl-serial">New pump serial</label>
          <input id="repl-serial" required value={serial} onChange={(e) => setSerial(e.target.value)} />
        </div>
        <div>
          <label htmlFor="repl-model">New pump model</label>
          <select id="repl-model" value={profile} onChange={(e) => setProfile(e.target.value)}>
            {DEVICE_PROFILES.map((p) => (
              <option key={p.id}>{p.id}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="repl-day">Replacement date</label>
          <input
            id="repl-day"
            type="date"
            required
            min={old.implantDate}
            max={isoDay(serverNow())}
            value={shownDay}
            onChange={(e) => setDay(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="repl-time">Time of the operation (if known)</label>
          <input id="repl-time" type="time" value={time} onChange={(e) => setTime(e.target.value)} />
        </div>
        <div>
          <label htmlFor="repl-reason">Why the old pump came out</label>
          <select
            id="repl-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value as typeof reason)}
          >
            {EXPLANT_REASONS.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </div>
      </div>
      <fieldset>
        <legend>Catheter</legend>
        <label>
          <input type="radio" checked={catheter === 'kept'} onChange={() => setCatheter('kept')} /> kept (
          {old.catheter.model}, {keptLengthMm / 10} cm, tip {old.catheter.tipLevel})
        </label>
        <label>
          <input type="radio" checked={catheter === 'revised'} onChange={() => setCatheter('revised')} />{' '}
          revised
        </label>
        {catheter === 'revised' && (
          <div className="row">
            <div>
              <label htmlFor="repl-cath-model">New catheter model</label>
              <input id="repl-cath-model" value={model} onChange={(e) => setModel(e.target.value)} />
            </div>
            <div>
              <label htmlFor="repl-cath-len">
                {isPrometra(model) ? 'Length trimmed (cm)' : 'Length implanted (cm)'}
              </label>
              <input
                id="repl-cath-len"
                inputMode="decimal"
                value={lengthCm}
                onChange={(e) => setLengthCm(e.target.value)}
              />
            </div>
            <div>
              <label htmlFor="repl-cath-tip">New catheter tip level</label>
              <input id="repl-cath-tip" value={tip} onChange={(e) => setTip(e.target.value)} />
            </div>
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>New pump’s initial fill at surgery ({drug}, required)</legend>
        <div className="row">
          <div>
            <label htmlFor="repl-conc">Fill concentration ({inputUnit('concentration', drug)})</label>
            <input
              id="repl-conc"
              inputMode="decimal"
              required
              value={fillConc}
              onChange={(e) => setFillConc(e.target.value)}
            />
          </div>
          <div>
            <label htmlFor="repl-ml">Fill volume (mL)</label>
            <input
              id="repl-ml"
              inputMode="decimal"
              required
              value={fillMl}
              onChange={(e) => setFillMl(e.target.value)}
            />
          </div>
          <div>
            <label htmlFor="repl-lot">Fill lot</label>
            <input id="repl-lot" required value={fillLot} onChange={(e) => setFillLot(e.target.value)} />
          </div>
        </div>
        {fillError !== null && <p role="alert">{fillError}</p>}
      </fieldset>
      <PairingKeysField id="repl-keys" serial={serial} value={keys} onChange={setKeys} />
      {keyError !== null && <p role="alert">{keyError}</p>}
      <h4>Programme continued on the new pump (at the fill’s concentration)</h4>
      <PrescriptionView prescription={programme} />
      <label htmlFor="repl-why">Justification (required when the guardrail warns)</label>
      <input id="repl-why" value={why} onChange={(e) => setWhy(e.target.value)} />
      <label htmlFor="repl-notes">Notes (findings; give the priming bolus from the priming page)</label>
      <textarea id="repl-notes" rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
      <button type="submit" disabled={props.busy}>
        Record replacement
      </button>
    </form>
  );
}
