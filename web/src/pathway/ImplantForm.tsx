/**
 * The implant procedure (`POST P/implant-procedure`): pump model and serial, pocket side, catheter model,
 * the length trimmed (Prometra) or implanted, the tip level, and the new pump's pairing keys as read from
 * it at pairing (docs/workflows.md "Pairing a new pump"). The server computes the catheter volume.
 */
import { useState, type FormEvent } from 'react';
import { PROFILES as DEVICE_PROFILES } from '../../../src/pump/profiles.ts';
import { isoDay } from '../format.ts';
import { useServerNow } from '../use-server-now.ts';

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
  const [keyError, setKeyError] = useState<string | null>(null);
  const prometra = /prometra/i.test(model);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    let linkKeys: unknown;
    try {
      linkKeys = JSON.parse(keys);
      setKeyError(null);
    } catch {
      setKeyError('the pairing keys must be the JSON the pump gave at pairing');
      return;
    }
    const mm = Math.round(Number(lengthCm) * 10);
    await props.onSubmit({
      pumpSerial: serial.trim(),
      deviceProfileId: profile,
      implantDate: shownDay,
      pocketSide: side,
      catheter: {
        model: model.trim(),
        tipLevel: tip.trim(),
        ...(prometra ? { trimmedMm: mm } : { implantedLengthMm: mm }),
      },
      linkKeys,
    });
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
      <label htmlFor="imp-keys">Pairing keys read from the new pump (JSON)</label>
      <textarea id="imp-keys" rows={3} required value={keys} onChange={(e) => setKeys(e.target.value)} />
      {keyError !== null && <p role="alert">{keyError}</p>}
      <button type="submit" disabled={props.busy}>
        Save implant
      </button>
    </form>
  );
}
