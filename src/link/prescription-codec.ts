/**
 * Wire layout of a prescription and of drug ids (docs/protocol.md §6.3). Structural limits are enforced
 * here (counts, minute-of-day range, sorted steps starting at midnight); clinical limits are the pump's and
 * the programmer's business (defence in depth, docs/architecture.md principle 4).
 */
import type { DrugId } from '../therapy/drug.ts';
import type { FlexDay, FlexSchedule, PeriodicBolus, Prescription, Weekday } from '../therapy/prescription.ts';
import type { Millis, Nanograms, NanogramsPerDay, NanogramsPerMl } from '../therapy/quantities.ts';
import { ItbError } from '../therapy/codes.ts';
import type { Reader, Writer } from './wire.ts';

/** Drug ids on the wire; 0 means "none / unknown". */
export const DRUG_CODES: Readonly<Record<DrugId, number>> = {
  baclofen: 1,
  morphine: 2,
  hydromorphone: 3,
  ziconotide: 4,
  clonidine: 5,
  bupivacaine: 6,
  saline: 7,
};
const DRUG_BY_CODE = new Map<number, DrugId>(
  Object.entries(DRUG_CODES).map(([id, code]) => [code, id as DrugId]),
);

/** Up to 13 steps a day (SynchroMed flexible mode, docs/clinical-reference.md §3 [C]). */
export const MAX_FLEX_STEPS = 13;
/** Periodic boluses per day: a wire bound of ours [A], not a clinical rule. */
export const MAX_FLEX_BOLUSES = 13;
const MINUTES_PER_DAY = 1440;

const MODE_CODES = { stopped: 0, 'minimum-rate': 1, 'simple-continuous': 2, flex: 3 } as const;

export function writeDrug(w: Writer, drug: DrugId): void {
  w.u8(DRUG_CODES[drug], 'drug');
}

export function readDrug(r: Reader, what = 'drug'): DrugId {
  const code = r.u8(what);
  const drug = DRUG_BY_CODE.get(code);
  if (drug === undefined) r.fail(`${what}: unknown drug code ${code}`);
  return drug;
}

/** Drug code or 0 for none. */
export function readOptionalDrug(r: Reader, what = 'drug'): DrugId | undefined {
  const code = r.u8(what);
  if (code === 0) return undefined;
  const drug = DRUG_BY_CODE.get(code);
  if (drug === undefined) r.fail(`${what}: unknown drug code ${code}`);
  return drug;
}

function writeDay(w: Writer, day: FlexDay): void {
  if (day.steps.length < 1 || day.steps.length > MAX_FLEX_STEPS) {
    throw new ItbError('ITB_E_OUT_OF_RANGE', `a flex day has 1–${MAX_FLEX_STEPS} steps`);
  }
  if (day.boluses.length > MAX_FLEX_BOLUSES) {
    throw new ItbError('ITB_E_OUT_OF_RANGE', `a flex day has at most ${MAX_FLEX_BOLUSES} boluses`);
  }
  w.u8(day.steps.length);
  for (const s of day.steps) w.u16(s.startMinute, 'step minute').u32(s.dose, 'step dose');
  w.u8(day.boluses.length);
  for (const b of day.boluses) {
    w.u16(b.startMinute, 'bolus minute').u32(b.amount, 'bolus amount').u32(b.duration, 'bolus duration');
  }
}

function readMinute(r: Reader, what: string): number {
  const m = r.u16(what);
  if (m >= MINUTES_PER_DAY) r.fail(`${what}: minute ${m} is not within a day`);
  return m;
}

function readDay(r: Reader): FlexDay {
  const nSteps = r.u8('step count');
  if (nSteps < 1 || nSteps > MAX_FLEX_STEPS) r.fail(`step count ${nSteps} outside 1–${MAX_FLEX_STEPS}`);
  const steps: { startMinute: number; dose: NanogramsPerDay }[] = [];
  for (let i = 0; i < nSteps; i++) {
    const startMinute = readMinute(r, 'step minute');
    const prev = steps[i - 1];
    if (i === 0 ? startMinute !== 0 : prev !== undefined && startMinute <= prev.startMinute) {
      r.fail('flex steps must start at minute 0 and increase');
    }
    steps.push({ startMinute, dose: r.u32('step dose') as NanogramsPerDay });
  }
  const nBoluses = r.u8('bolus count');
  if (nBoluses > MAX_FLEX_BOLUSES) r.fail(`bolus count ${nBoluses} above ${MAX_FLEX_BOLUSES}`);
  const boluses: PeriodicBolus[] = [];
  for (let i = 0; i < nBoluses; i++) {
    boluses.push({
      startMinute: readMinute(r, 'bolus minute'),
      amount: r.u32('bolus amount') as Nanograms,
      duration: r.u32('bolus duration') as Millis,
    });
  }
  return { steps, boluses };
}

/** Appends a prescription. */
export function writePrescription(w: Writer, p: Prescription): void {
  w.u8(MODE_CODES[p.mode], 'mode');
  if (p.mode === 'stopped') return;
  writeDrug(w, p.drug.drug);
  w.u32(p.drug.concentration, 'concentration');
  if (p.mode === 'simple-continuous') w.u32(p.dose, 'dose');
  if (p.mode !== 'flex') return;
  const variants = p.schedule.byWeekday ?? {};
  let mask = 0;
  for (let d = 0; d < 7; d++) if (variants[d as Weekday] !== undefined) mask |= 1 << d;
  w.u8(mask, 'weekday mask');
  writeDay(w, p.schedule.everyDay);
  for (let d = 0; d < 7; d++) {
    const day = variants[d as Weekday];
    if (day !== undefined) writeDay(w, day);
  }
}

/** Reads a prescription; every count and range is bounded before anything is allocated. */
export function readPrescription(r: Reader): Prescription {
  const mode = r.u8('mode');
  if (mode === MODE_CODES.stopped) return { mode: 'stopped' };
  if (mode > MODE_CODES.flex) r.fail(`unknown mode ${mode}`);
  const drug = { drug: readDrug(r), concentration: r.u32('concentration') as NanogramsPerMl };
  if (mode === MODE_CODES['minimum-rate']) return { mode: 'minimum-rate', drug };
  if (mode === MODE_CODES['simple-continuous']) {
    return { mode: 'simple-continuous', drug, dose: r.u32('dose') as NanogramsPerDay };
  }
  const mask = r.u8('weekday mask');
  if (mask > 0x7f) r.fail('weekday mask uses bit 7');
  const everyDay = readDay(r);
  const byWeekday: Partial<Record<Weekday, FlexDay>> = {};
  for (let d = 0; d < 7; d++) if (mask & (1 << d)) byWeekday[d as Weekday] = readDay(r);
  const schedule: FlexSchedule = mask === 0 ? { everyDay } : { everyDay, byWeekday };
  return { mode: 'flex', drug, schedule };
}
