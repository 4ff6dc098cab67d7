/**
 * Register a referred patient (`POST /api/v1/patients`): the first step of the care pathway
 * (docs/workflows.md "Care pathway"). On success the pathway page opens, where the team records the
 * evaluation. Nurses and physicians register; the server refuses anyone else.
 */
import { useServerNow } from '../use-server-now.ts';
import { useState, type FormEvent } from 'react';
import { ageYearsOn } from '../../../src/clinic/patient-age.ts';
import { CHILD_AGE_LIMIT_YEARS } from '../../../src/therapy/drug-library.ts';
import { api, errorText, type OpioidStatus, type Patient } from '../api.ts';
import { ErrorNote } from '../components.tsx';
import { OPIOID_STATUS_TEXT } from '../../../src/therapy/opioid-status-text.ts';
import { isoDay } from '../format.ts';
import { navigate } from '../router.ts';

type Flags = { injuryAtT6OrAbove: boolean; cannotCommunicate: boolean; priorWithdrawal: boolean };
const FLAG_TEXT: Record<keyof Flags, string> = {
  injuryAtT6OrAbove: 'Spinal injury at T6 or above',
  cannotCommunicate: 'Cannot communicate symptoms',
  priorWithdrawal: 'Earlier baclofen withdrawal',
};

/** The age the birth date gives today, and whether the children's ranges apply. */
function ageText(birthDate: string, now: number): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return 'from the birth date';
  const age = ageYearsOn(birthDate, now);
  const child = age < CHILD_AGE_LIMIT_YEARS.value;
  return `${age} ${age === 1 ? 'year' : 'years'}${child ? ` (under ${CHILD_AGE_LIMIT_YEARS.value}: children's ranges and steps)` : ''}`;
}

export function RegisterPatientPage() {
  const serverNow = useServerNow();
  const [f, setF] = useState({
    mrn: '',
    name: '',
    birthDate: '',
    etiology: 'spinal' as 'spinal' | 'cerebral',
    weightKg: '',
    clinic: 'itb Demo Clinic',
    phone: '',
    afterHours: '',
    opioidStatus: 'unknown' as OpioidStatus | 'unknown',
  });
  const [flags, setFlags] = useState<Flags>({
    injuryAtT6OrAbove: false,
    cannotCommunicate: false,
    priorWithdrawal: false,
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF((x) => ({ ...x, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const kg = Number(f.weightKg);
      const p = await api.post<Patient>('/api/v1/patients', {
        mrn: f.mrn.trim(),
        name: f.name.trim(),
        birthDate: f.birthDate,
        etiology: f.etiology,
        weightGrams: f.weightKg === '' || !Number.isFinite(kg) ? null : Math.round(kg * 1000),
        highRisk: flags,
        // The emergency card prints the after-hours number beside the clinic's: withdrawal does not wait
        // for office hours (docs/reports.md).
        clinicContact: {
          clinic: f.clinic.trim(),
          phone: f.phone.trim(),
          ...(f.afterHours.trim() === '' ? {} : { afterHoursPhone: f.afterHours.trim() }),
        },
        opioidStatus: f.opioidStatus === 'unknown' ? null : f.opioidStatus,
      });
      navigate(`/patients/${encodeURIComponent(p.id)}/pathway`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>Register a referred patient</h1>
      <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="reg-h">
        <h2 id="reg-h">Patient</h2>
        <div className="row">
          <div>
            <label htmlFor="mrn">Medical record number</label>
            <input id="mrn" required value={f.mrn} onChange={set('mrn')} />
          </div>
          <div>
            <label htmlFor="name">Name</label>
            <input id="name" required value={f.name} onChange={set('name')} />
          </div>
          <div>
            <label htmlFor="birth">Birth date</label>
            <input
              id="birth"
              type="date"
              required
              max={isoDay(serverNow())}
              value={f.birthDate}
              onChange={set('birthDate')}
            />
          </div>
        </div>
        <div className="row">
          <div>
            <label htmlFor="etiology">Origin of the spasticity</label>
            <select id="etiology" value={f.etiology} onChange={set('etiology')}>
              <option value="spinal">spinal</option>
              <option value="cerebral">cerebral</option>
            </select>
          </div>
          <div>
            {/* The age is the birth date's, never typed apart from it (src/clinic/patient-age.ts). */}
            <label htmlFor="age">Age</label>
            <output id="age">{ageText(f.birthDate, serverNow())}</output>
          </div>
          <div>
            <label htmlFor="kg">Weight (kg)</label>
            <input id="kg" inputMode="decimal" value={f.weightKg} onChange={set('weightKg')} />
          </div>
          <div>
            {/* An opioid's starting range depends on it (docs/clinical-reference.md §2). */}
            <label htmlFor="opioid">Opioid status</label>
            <select id="opioid" value={f.opioidStatus} onChange={set('opioidStatus')}>
              {(Object.keys(OPIOID_STATUS_TEXT) as (OpioidStatus | 'unknown')[]).map((k) => (
                <option key={k} value={k}>
                  {OPIOID_STATUS_TEXT[k]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <fieldset>
          <legend>Withdrawal high-risk (label boxed warning)</legend>
          {(Object.keys(FLAG_TEXT) as (keyof Flags)[]).map((k) => (
            <label key={k} className="check">
              <input
                type="checkbox"
                checked={flags[k]}
                onChange={(e) => setFlags((x) => ({ ...x, [k]: e.target.checked }))}
              />{' '}
              {FLAG_TEXT[k]}
            </label>
          ))}
        </fieldset>
        <div className="row">
          <div>
            <label htmlFor="clinic">Clinic to call</label>
            <input id="clinic" required value={f.clinic} onChange={set('clinic')} />
          </div>
          <div>
            <label htmlFor="phone">Clinic phone</label>
            <input id="phone" required value={f.phone} onChange={set('phone')} />
          </div>
          <div>
            <label htmlFor="after-hours">After-hours phone (printed on the emergency card)</label>
            <input id="after-hours" value={f.afterHours} onChange={set('afterHours')} />
          </div>
        </div>
        <ErrorNote error={error} />
        <button type="submit" disabled={busy}>
          Register patient
        </button>
      </form>
    </>
  );
}
