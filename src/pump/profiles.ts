/**
 * Device profiles (docs/clinical-reference.md §3): a SynchroMed II-like peristaltic pump, a Prometra II-like valve-gated
 * pump, each in 20 and 40 mL, and an IsoMed-like constant-flow gas pump. Every number carries its source
 * and tag: [C] confirmed, [U] commonly cited but unconfirmed, [A] our modelling assumption. [U] and [A]
 * values are placeholders a device engineer overrides by deriving a profile (`{ ...getProfile(id), … }`).
 */
import { ItbError } from '../therapy/codes.ts';
import { days, hours, mcgPerMl, millis, mlPerDay, mlToNl } from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import type { AlarmModel, BatteryModel, DeviceLabelling, DrugLabel, PumpProfile } from './profile.ts';

const SYNCHROMED = 'Medtronic SynchroMed II (8637-20/-40) as described in docs/clinical-reference.md §3';
const PROMETRA = 'Flowonix Prometra II as described in docs/clinical-reference.md §3';
const DOMAIN_U = 'docs/clinical-reference.md §3 [U]: commonly cited, unconfirmed';

/** Calibration target of the battery model: 5–7 y depending on dose, hard stop at 7 y [C]. */
const NOMINAL_LIFE = sourced(
  { min: 5, max: 7 },
  'C',
  'docs/clinical-reference.md §3 battery: typical 5–7 years',
);
const CALIBRATED =
  'our assumption: chosen so that a 0.5 µL-stroke pump lasts ~7 y at 0.25 mL/day and ~5 y at 1 mL/day (5–7 y [C])';

/** A 3.6 V, 2 Ah lithium cell ≈ 25.9 kJ [A]; the other figures follow from the calibration. */
function batteryModel(strokeVolumeNl: number): BatteryModel {
  return {
    capacityNj: sourced(25_920_000_000_000, 'A', 'our assumption: 3.6 V × 2 Ah lithium cell'),
    idleNjPerMs: sourced(103, 'A', `${CALIBRATED}; 103 µW idle ≈ 8 y at zero flow`),
    // Energy scales with the volume moved: 2.65 mJ per 0.5 µL.
    strokeNj: sourced(Math.round((2_650_000 * strokeVolumeNl) / 500), 'A', CALIBRATED),
    telemetrySessionNj: sourced(1_000_000_000, 'A', 'our assumption: ~5 min of telemetry at ~3 mW (1 J)'),
    nonCriticalToneNj: sourced(10_000_000, 'A', 'our assumption: 1 s tone at 10 mW'),
    criticalToneNj: sourced(30_000_000, 'A', 'our assumption: 3 s two-tone at 10 mW'),
    eosReserveNj: sourced(267_000_000_000, 'A', 'our assumption: ~30 days of idle drain kept for EOS alarms'),
    eriLeadTime: sourced(days(90), 'C', 'docs/clinical-reference.md §3: ERI = replacement within 90 days'),
    maxLife: sourced(days(7 * 365.25), 'C', 'docs/clinical-reference.md §3: hard shutdown at 7 years'),
    nominalLifeYears: NOMINAL_LIFE,
  };
}

const ALARMS: AlarmModel = {
  nonCriticalTone: sourced(
    { name: 'single-tone', toneMs: 1_000, beeps: 1 },
    'C',
    'docs/clinical-reference.md §3: non-critical alarms are a one-second single tone',
  ),
  nonCriticalRepeat: sourced(
    hours(1),
    'C',
    'docs/clinical-reference.md §3: non-critical alarms repeat about hourly',
  ),
  criticalTone: sourced(
    { name: 'two-tone', toneMs: 3_000, beeps: 2 },
    'C',
    'docs/clinical-reference.md §3: critical alarms are a three-second two-tone',
  ),
  criticalRepeat: sourced(
    { min: millis(60_000), max: hours(1), default: millis(600_000) },
    'U',
    'docs/clinical-reference.md §3: repeat interval programmable [C]; range 1–60 min and default 10 min are our choice [U]',
  ),
};

const PROGRAMMABLE_FLOW = sourced(
  { min: mlPerDay(0.048), max: mlPerDay(24) },
  'U',
  `${DOMAIN_U}: flow range about 0.048–24 mL/day`,
);
const MINIMUM_RATE = sourced(mlPerDay(0.006), 'U', `${DOMAIN_U}: minimum-rate mode ~0.006 mL/day`);
const ALL_MODES = sourced(
  ['stopped', 'minimum-rate', 'simple-continuous', 'flex'] as const,
  'C',
  'docs/clinical-reference.md §3 infusion modes (SynchroMed family)',
);
const CATHETER_MAX = sourced(
  mlToNl(1),
  'A',
  'our bound: 0.0026 mL/cm × 110 cm ≈ 0.29 mL [C: Prometra catheter]; 1 mL leaves room for other catheters',
);

const label = (value: DrugLabel, c: 'C' | 'U' | 'A', source: string) => sourced(value, c, source);
const PACC_OFF_LABEL =
  'PACC 2017, Deer et al., Neuromodulation 2017;20:96–132: used off-label in implanted pumps';
const PRIALT = 'Prialt (ziconotide) US label §2.1: SynchroMed II';

/** SynchroMed II-like: labelled for baclofen, morphine and ziconotide; the PACC drugs are off-label. */
const PERISTALTIC_LABELLING: DeviceLabelling = {
  baclofen: label({}, 'C', `${SYNCHROMED}; Lioresal Intrathecal / Gablofen US labels`),
  morphine: label({}, 'C', `${SYNCHROMED}; Infumorph US label`),
  ziconotide: label({}, 'C', PRIALT),
  saline: label({}, 'C', `${SYNCHROMED}: preservative-free saline while therapy is suspended`),
  hydromorphone: label({ offLabel: true }, 'C', PACC_OFF_LABEL),
  clonidine: label({ offLabel: true }, 'C', PACC_OFF_LABEL),
  bupivacaine: label({ offLabel: true }, 'C', PACC_OFF_LABEL),
};

const PROMETRA_LABEL = 'Prometra brief statement for US health care providers, PL-19589-04 (Flowonix 2024)';
/**
 * Prometra II-like: Infumorph (adults 22 and over), baclofen 500–2000 mcg/mL and saline (12 and over)
 * [C: Prometra indications]. Ziconotide, the PACC drugs and the 50 mcg/mL screening strength are refused.
 */
const VALVE_LABELLING: DeviceLabelling = {
  baclofen: label(
    { concentration: { min: mcgPerMl(500), max: mcgPerMl(2000) }, minAgeYears: 12 },
    'C',
    `${PROMETRA_LABEL}: baclofen 500–2000 mcg/mL, patients 12 years and older`,
  ),
  morphine: label({ minAgeYears: 22 }, 'C', `${PROMETRA_LABEL}: Infumorph, adults 22 years and older`),
  saline: label({ minAgeYears: 12 }, 'C', `${PROMETRA_LABEL}: 0.9 % saline, patients 12 years and older`),
};

/** IsoMed-like: the labelling was not checked here [U]; baclofen and morphine taken as labelled. */
const CONSTANT_FLOW_LABELLING: DeviceLabelling = {
  baclofen: label({}, 'U', 'our reading of constant-flow pump labelling (not checked)'),
  morphine: label({}, 'U', 'our reading of constant-flow pump labelling (not checked)'),
  saline: label({}, 'A', 'our assumption: saline while therapy is suspended'),
  hydromorphone: label({ offLabel: true }, 'A', PACC_OFF_LABEL),
  clonidine: label({ offLabel: true }, 'A', PACC_OFF_LABEL),
  bupivacaine: label({ offLabel: true }, 'A', PACC_OFF_LABEL),
  ziconotide: label({ offLabel: true }, 'A', `${PACC_OFF_LABEL}; ${PRIALT} only`),
};

function peristaltic(ml: 20 | 40): PumpProfile {
  return {
    id: `peristaltic-${ml}`,
    name: `Peristaltic ${ml} mL (SynchroMed II-like)`,
    kind: 'peristaltic',
    description: `Battery-powered, motor-driven peristaltic pump with a gas-pressurised ${ml} mL reservoir; resembles ${SYNCHROMED}.`,
    reservoir: sourced(mlToNl(ml), 'C', `${SYNCHROMED}: 20 or 40 mL reservoir`),
    strokeVolume: sourced(mlToNl(0.0005), 'A', 'our assumption: 0.5 µL per rotor stroke (not published)'),
    flowRange: PROGRAMMABLE_FLOW,
    minimumRateFlow: MINIMUM_RATE,
    lowReservoir: sourced(
      { min: mlToNl(1), max: mlToNl(ml === 20 ? 5 : 10), default: mlToNl(2) },
      'U',
      'docs/clinical-reference.md §3: low-reservoir threshold default [U]; 2 mL default and 1–5/10 mL range are our choice',
    ),
    emptyThreshold: sourced(mlToNl(0.5), 'U', 'our choice [U]: empty-reservoir alarm at 0.5 mL calculated'),
    onEmpty: sourced(
      'minimum-rate',
      'U',
      'docs/clinical-reference.md §3 [U]: the pump falls back to minimum rate when empty',
    ),
    onCriticalMemoryError: sourced(
      'stop',
      'A',
      'our choice: with contents and programme unknown no flow is a dose anyone prescribed (fail closed)',
    ),
    onLowBatteryReset: sourced(
      'minimum-rate',
      'C',
      'docs/clinical-reference.md §3: low-battery reset — flow drops to a very low rate',
    ),
    internalVolume: sourced(mlToNl(0.2), 'U', 'our choice [U]: pump tubing volume ~0.2 mL'),
    maxCatheterVolume: CATHETER_MAX,
    accuracyPercent: sourced(14.5, 'U', `${DOMAIN_U}: accuracy ±14.5 %`),
    measuredMeanErrorPercent: sourced(1, 'C', 'Wesemann 2014: +1 % cumulative, +2.5 % per refill'),
    battery: batteryModel(500),
    alarms: ALARMS,
    modes: ALL_MODES,
    boluses: sourced(
      ['single-bolus', 'priming-bolus', 'bridge-bolus'] as const,
      'C',
      'docs/clinical-reference.md §3 infusion modes',
    ),
    patientBolus: sourced(true, 'C', 'docs/clinical-reference.md §3: myPTM patient-activated bolus'),
    fieldResponse: sourced(
      'stall-then-recover',
      'C',
      'docs/clinical-reference.md §3 MRI: rotor stalls, recovers in 2–24 h',
    ),
    labelling: PERISTALTIC_LABELLING,
  };
}

function valve(ml: 20 | 40): PumpProfile {
  return {
    ...peristaltic(ml),
    id: `valve-${ml}`,
    name: `Valve-gated ${ml} mL (Prometra II-like)`,
    kind: 'valve',
    description: `Battery-powered pump delivering fixed pulses through inlet/outlet valves from a ${ml} mL reservoir; resembles ${PROMETRA}.`,
    reservoir: sourced(mlToNl(ml), 'C', `${PROMETRA}: 20 or 40 mL`),
    strokeVolume: sourced(mlToNl(0.002), 'A', 'our assumption: 2 µL per valve pulse (not published)'),
    onEmpty: sourced(
      'stop',
      'A',
      'our assumption: the valves stay closed when the calculated reservoir is empty',
    ),
    internalVolume: sourced(mlToNl(0.1), 'A', 'our assumption: valve and accumulator dead space ~0.1 mL'),
    accuracyPercent: sourced(15, 'A', 'our assumption: no specification known; comparable to ±14.5 %'),
    measuredMeanErrorPercent: sourced(-3.2, 'C', 'Prometra pivotal study: accuracy 96.8 %'),
    battery: {
      ...batteryModel(2_000),
      maxLife: sourced(days(7 * 365.25), 'A', 'our assumption: as SynchroMed'),
    },
    patientBolus: sourced(
      true,
      'C',
      'docs/clinical-reference.md §3: Prometra PTC (never for baclofen: drug library)',
    ),
    fieldResponse: sourced(
      'closed-until-reset',
      'C',
      'docs/clinical-reference.md §3 MRI: the valve closes, manual reset',
    ),
    labelling: VALVE_LABELLING,
  };
}

const constantFlow: PumpProfile = {
  id: 'constant-flow-20',
  name: 'Constant-flow gas pump 20 mL (IsoMed-like)',
  kind: 'constant-flow',
  description:
    'Gas-driven pump with no battery and no electronics: a fixed flow through a capillary; the dose changes only by changing the concentration at refill (Codman 3000, Tricumed IP2000V, IsoMed).',
  reservoir: sourced(mlToNl(20), 'U', 'our choice [U]: IsoMed-like 20 mL reservoir'),
  // Gas pumps flow continuously; a 0.1 µL quantum only makes the accounting discrete [A].
  strokeVolume: sourced(mlToNl(0.0001), 'A', 'our assumption: continuous flow counted in 0.1 µL quanta'),
  flowRange: sourced({ min: mlPerDay(0.5), max: mlPerDay(0.5) }, 'U', 'our choice [U]: fixed 0.5 mL/day'),
  minimumRateFlow: sourced(mlPerDay(0), 'C', 'docs/clinical-reference.md §3: no programmable modes'),
  fixedFlow: sourced(mlPerDay(0.5), 'U', 'our choice [U]: 0.5 mL/day capillary'),
  lowReservoir: sourced(
    { min: mlToNl(2), max: mlToNl(2), default: mlToNl(2) },
    'A',
    'our assumption: no alarm hardware; a 2 mL projection mark for the clinic',
  ),
  emptyThreshold: sourced(mlToNl(0), 'A', 'our assumption: flows until dry'),
  onEmpty: sourced('continue', 'C', 'docs/clinical-reference.md §3: no controller to stop it'),
  onCriticalMemoryError: sourced('stop', 'A', 'not applicable: no memory'),
  onLowBatteryReset: sourced('stop', 'A', 'not applicable: no battery'),
  internalVolume: sourced(mlToNl(0), 'A', 'not applicable: no boluses'),
  maxCatheterVolume: CATHETER_MAX,
  accuracyPercent: sourced(15, 'U', 'our choice [U]: flow varies with body temperature and altitude'),
  modes: sourced(['simple-continuous'] as const, 'C', 'docs/clinical-reference.md §3: fixed flow'),
  boluses: sourced([] as const, 'C', 'docs/clinical-reference.md §3: dose changes only by concentration'),
  patientBolus: sourced(false, 'C', 'docs/clinical-reference.md §3: no electronics'),
  fieldResponse: sourced('unaffected', 'A', 'our assumption: no motor or valve to stall'),
  labelling: CONSTANT_FLOW_LABELLING,
};

/** Every device profile, by id. */
export const PROFILES: readonly PumpProfile[] = Object.freeze([
  peristaltic(20),
  peristaltic(40),
  valve(20),
  valve(40),
  constantFlow,
]);

/** The profile `id`; throws ITB_E_PUMP_UNKNOWN_PROFILE naming the known ids. */
export function getProfile(id: string): PumpProfile {
  const p = PROFILES.find((x) => x.id === id);
  if (p === undefined) {
    throw new ItbError(
      'ITB_E_PUMP_UNKNOWN_PROFILE',
      `no pump profile "${id}"; known: ${PROFILES.map((x) => x.id).join(', ')}`,
      { profile: id },
    );
  }
  return p;
}
