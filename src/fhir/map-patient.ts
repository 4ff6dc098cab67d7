/**
 * Patient and implant → FHIR Patient and two Devices: the pump, and the catheter as a Device whose `parent`
 * is the pump (docs/clinical-reference.md §6). Store fields FHIR's Patient has no element for (etiology, age band, withdrawal
 * high-risk flags, clinic contact, opioid status when recorded) travel as extensions, so import.ts can read
 * them back. The pump's notes name its implant and explant days as people read them (docs/invariants.md I20).
 */
import type { Explant } from '../clinic/pathway/explant-records.ts';
import type { Implant, Patient } from '../clinic/records.ts';
import { getProfile } from '../pump/profiles.ts';
import { clinicDayText } from '../clinic/time-zone.ts';
import { calendarDayText } from '../therapy/date-text.ts';
import { EXTENSIONS, LOCAL, SYSTEMS } from './codes.ts';
import type { Extension } from './datatypes.ts';
import {
  catheterDeviceId,
  fhirIdOf,
  local,
  ml,
  mm,
  ref,
  instant,
  pumpDeviceId,
  type MapOptions,
} from './map-common.ts';
import type { DeviceResource, PatientResource } from './schemas.ts';

const str = (url: string, valueString: string): Extension => ({ url, valueString });
const bool = (url: string, valueBoolean: boolean): Extension => ({ url, valueBoolean });

/** FHIR Patient for a stored patient. */
export function patientToFhir(p: Patient, opts: MapOptions): PatientResource {
  const { highRisk: h, clinicContact: c } = p;
  const contact: Extension[] = [str('clinic', c.clinic), str('phone', c.phone)];
  if (c.afterHoursPhone !== undefined) contact.push(str('afterHoursPhone', c.afterHoursPhone));
  if (c.email !== undefined) contact.push(str('email', c.email));
  const risk: Extension[] = [
    bool('injuryAtT6OrAbove', h.injuryAtT6OrAbove),
    bool('cannotCommunicate', h.cannotCommunicate),
    bool('priorWithdrawal', h.priorWithdrawal),
  ];
  if (h.notes !== undefined && h.notes !== '') risk.push(str('notes', h.notes));
  return {
    resourceType: 'Patient',
    id: fhirIdOf(p.id),
    meta: { lastUpdated: instant(p.createdAt) },
    extension: [
      { url: EXTENSIONS.etiology, valueCode: p.etiology },
      { url: EXTENSIONS.ageBand, valueCode: p.ageBand },
      { url: EXTENSIONS.highRisk, extension: risk },
      { url: EXTENSIONS.clinicContact, extension: contact },
      ...(p.opioidStatus === null || p.opioidStatus === undefined
        ? []
        : [{ url: EXTENSIONS.opioidStatus, valueCode: p.opioidStatus }]),
    ],
    identifier: [
      {
        use: 'usual',
        type: {
          coding: [{ system: SYSTEMS.v2IdentifierType, code: 'MR', display: 'Medical record number' }],
        },
        system: opts.mrnSystem ?? SYSTEMS.mrn,
        value: p.mrn,
      },
    ],
    active: true,
    name: [{ use: 'usual', text: p.name }],
    birthDate: p.birthDate,
  };
}

/**
 * The pump and its catheter as Devices (catheter.parent → pump). An explanted pump is `inactive` (its
 * history stays readable), and so is its catheter unless the catheter was kept and reconnected.
 */
export function implantToDevices(
  implant: Implant,
  patientId: string,
  explant?: Pick<Explant, 'at' | 'reason' | 'catheter'>,
): [DeviceResource, DeviceResource] {
  const profile = getProfile(implant.deviceProfileId);
  const pumpId = pumpDeviceId(implant.id);
  const cat = implant.catheter;
  const pump: DeviceResource = {
    resourceType: 'Device',
    id: pumpId,
    identifier: [{ system: SYSTEMS.pumpSerial, value: implant.pumpSerial }],
    status: 'active',
    serialNumber: implant.pumpSerial,
    deviceName: [{ name: profile.name, type: 'model-name' }],
    modelNumber: profile.id,
    type: { coding: [local(LOCAL.infusionPump)], text: LOCAL.infusionPump.display },
    property: [
      { type: { coding: [local(LOCAL.reservoirVolume)] }, valueQuantity: [ml(profile.reservoir.value)] },
    ],
    patient: ref('Patient', patientId),
    note: [
      { text: `Implanted ${calendarDayText(implant.implantDate)}, ${implant.pocketSide} abdominal pocket.` },
    ],
  };
  if (explant !== undefined) {
    pump.status = 'inactive';
    pump.note?.push({ text: `Explanted ${clinicDayText(explant.at)} (${explant.reason}).` });
  }
  const catheter: DeviceResource = {
    resourceType: 'Device',
    id: catheterDeviceId(implant.id),
    status: 'active',
    deviceName: [{ name: cat.model, type: 'model-name' }],
    modelNumber: cat.model,
    type: { coding: [local(LOCAL.catheter)], text: LOCAL.catheter.display },
    property: [
      { type: { coding: [local(LOCAL.catheterLength)] }, valueQuantity: [mm(cat.lengthMm)] },
      { type: { coding: [local(LOCAL.catheterVolume)] }, valueQuantity: [ml(cat.volumeNl)] },
      { type: { coding: [local(LOCAL.catheterTip)] }, valueCode: [{ text: cat.tipLevel }] },
    ],
    patient: ref('Patient', patientId),
    parent: ref('Device', pumpId),
  };
  if (explant !== undefined && explant.catheter !== 'kept') catheter.status = 'inactive';
  return [pump, catheter];
}
