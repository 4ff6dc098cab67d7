/**
 * Who this page is about, on every page that can change therapy (wrong-patient risk with several tabs
 * open): name, date of birth, MRN, pump serial, and the drug and concentration — the pump's own when it has
 * been interrogated, else the record's — and the opioid status (opioid-naive, opioid-tolerant or not
 * recorded), which decides an opioid's starting range and how an emergency team doses. Under it, the patient's open critical alerts as text, so an alert
 * raised by this page's work is read where it was raised.
 */
import { useEffect, useState } from 'react';
import { patientDrug } from '../../src/clinic/patient-drug.ts';
import type { Implant as RecordImplant } from '../../src/clinic/records.ts';
import type { DrugId } from '../../src/therapy/drug.ts';
import { opioidStatusText } from '../../src/therapy/opioid-status-text.ts';
import { api, errorText, type Implant, type Patient, type PrescriptionRecord } from './api.ts';
import { AlertList } from './alerts/AlertList.tsx';
import { useAlerts } from './alerts/use-alerts.ts';
import { ErrorNote } from './components.tsx';
import { concentrationText } from '../../src/therapy/drug-display.ts';
import { calendarDate, date, NG_PER_MCG } from './format.ts';
import { fetchPumpInUse } from './pump-in-use.ts';

export interface Identity {
  readonly patient: Patient;
  /** The pump in place (pump-in-use.ts): null when none was implanted or the last was removed. */
  readonly implant: Implant | null;
  readonly current: PrescriptionRecord | null;
  /** The drug the patient receives (the prescription's, else the implant's initial fill; clinic/patient-drug.ts). */
  readonly drug: DrugId | null;
  /** When the last pump was removed, when none is in place after one was (pump-in-use.ts). */
  readonly removedAt: number | null;
}

/** The patient, the implant in place and the prescription in force (null while loading). */
export function usePatientIdentity(patientId: string) {
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const P = `/api/v1/patients/${encodeURIComponent(patientId)}`;
    Promise.all([
      api.get<Patient>(P),
      fetchPumpInUse<RecordImplant>(P),
      api.get<{ current: PrescriptionRecord | null }>(`${P}/prescriptions/current`),
    ]).then(
      ([patient, pump, current]) =>
        setIdentity({
          patient,
          implant: pump.implant,
          removedAt: pump.removedAt,
          current: current.current,
          drug: patientDrug(current.current, pump.implants)?.drug ?? null,
        }),
      (e: unknown) => setError(errorText(e)),
    );
  }, [patientId]);
  return { identity, error };
}

/** Drug and strength as read from the pump's interrogation (the truth for what is in the reservoir). */
export interface PumpContents {
  readonly drug: string | null;
  readonly concentrationMcgPerMl: number | null;
}

function contentsText(identity: Identity, pump: PumpContents | null): string {
  if (pump !== null && pump.drug !== null) {
    const c =
      pump.concentrationMcgPerMl === null
        ? ''
        : ` ${concentrationText(pump.concentrationMcgPerMl * NG_PER_MCG, pump.drug)}`;
    return `${pump.drug}${c} (pump, interrogated)`;
  }
  const rx = identity.current?.prescription;
  if (rx === undefined || rx.mode === 'stopped') return 'none recorded';
  return `${rx.drug} ${concentrationText(rx.concentrationMcgPerMl * NG_PER_MCG, rx.drug)} (record; interrogate to confirm)`;
}

export function PatientBanner({
  patientId,
  identity,
  error,
  pump = null,
}: {
  readonly patientId: string;
  readonly identity: Identity | null;
  readonly error: string | null;
  readonly pump?: PumpContents | null;
}) {
  const critical = useAlerts('unresolved', patientId);
  const shown = (critical.alerts ?? []).filter((a) => a.severity === 'critical');
  if (identity === null) return <ErrorNote error={error} />;
  const { patient, implant } = identity;
  return (
    <>
      <section className="identity" aria-label="Patient">
        <dl>
          <div>
            <dt>Patient</dt>
            <dd>{patient.name}</dd>
          </div>
          <div>
            <dt>Born</dt>
            <dd>{calendarDate(patient.birthDate)}</dd>
          </div>
          <div>
            <dt>MRN</dt>
            <dd>{patient.mrn}</dd>
          </div>
          <div>
            <dt>Pump serial</dt>
            <dd>
              {implant?.pumpSerial ??
                (identity.removedAt === null
                  ? 'no pump recorded'
                  : `none: removed on ${date(identity.removedAt)}`)}
            </dd>
          </div>
          <div>
            <dt>Drug</dt>
            <dd>{contentsText(identity, pump)}</dd>
          </div>
          <div>
            <dt>Opioid status</dt>
            <dd>{opioidStatusText(patient.opioidStatus)}</dd>
          </div>
        </dl>
      </section>
      {shown.length > 0 && (
        <section className="critical-alerts" aria-label="Critical alerts">
          <AlertList
            alerts={shown}
            act={critical.act}
            canAct
            showPatient={false}
            label="Critical alerts for this patient"
          />
        </section>
      )}
    </>
  );
}

/** The banner for a page that has no pump reading of its own: loads the identity itself. */
export function PatientIdentity({ patientId }: { readonly patientId: string }) {
  const { identity, error } = usePatientIdentity(patientId);
  return <PatientBanner patientId={patientId} identity={identity} error={error} />;
}
