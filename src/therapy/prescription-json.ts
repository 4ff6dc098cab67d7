/**
 * The clinician-facing JSON form of a prescription (CLI `--prescription file.json`, HTTP API): doses in
 * mcg/day, concentrations in mcg/mL, bolus amounts in mcg, times in minutes. Every key names its unit so a
 * reader never has to guess mg from mcg, weekday variants are keyed by English day name (never 0–6, which
 * readers number from Sunday or from Monday), and unknown keys are rejected: a misspelt field must not be
 * silently ignored. The schema checks shape and representability only; clinical rules are in
 * prescription-rules.ts.
 *
 * Example: {"mode":"flex","drug":"baclofen","concentrationMcgPerMl":2000,"everyDay":{"steps":[
 * {"startMinute":0,"doseMcgPerDay":400},{"startMinute":480,"doseMcgPerDay":500}],"boluses":[
 * {"startMinute":360,"amountMcg":25,"durationMinutes":60}]},"byWeekday":{"saturday":{"steps":[…]}}}
 */
import { z } from 'zod';
import { ItbError } from './codes.ts';
import type { DrugId } from './drug.ts';
import { DRUG_LIBRARY } from './drug-library.ts';
import type { FlexDay, Prescription, Weekday } from './prescription.ts';
import { MS_PER_MINUTE, NG_PER_MCG, mcgPerDay, mcgPerMl, mcgToNg, millis } from './quantities.ts';

/** JSON keys of weekday variants, indexed by Weekday (0 = Sunday). */
export const WEEKDAY_NAMES = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;

/** A number that is a whole count of `factor`ths (e.g. mcg with 1 ng resolution) within safe range. */
const resolvable = (factor: number, unit: string) =>
  z
    .number()
    .refine(
      (v) =>
        Number.isSafeInteger(Math.round(v * factor)) && Math.abs(v * factor - Math.round(v * factor)) < 1e-6,
      `must be resolvable to a whole ${unit}`,
    );
const mcgValue = resolvable(NG_PER_MCG, 'ng');
const minutesValue = resolvable(MS_PER_MINUTE, 'ms');

const stepSchema = z.strictObject({ startMinute: z.int(), doseMcgPerDay: mcgValue });
const bolusSchema = z.strictObject({
  startMinute: z.int(),
  amountMcg: mcgValue,
  durationMinutes: minutesValue,
});
const daySchema = z.strictObject({
  steps: z.array(stepSchema),
  boluses: z.array(bolusSchema).default([]),
});
const drugSchema = z.enum(Object.keys(DRUG_LIBRARY) as [DrugId, ...DrugId[]]);

/** zod schema of the JSON prescription. */
export const prescriptionSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('stopped') }),
  z.strictObject({
    mode: z.literal('minimum-rate'),
    drug: drugSchema,
    concentrationMcgPerMl: mcgValue,
  }),
  z.strictObject({
    mode: z.literal('simple-continuous'),
    drug: drugSchema,
    concentrationMcgPerMl: mcgValue,
    doseMcgPerDay: mcgValue,
  }),
  z.strictObject({
    mode: z.literal('flex'),
    drug: drugSchema,
    concentrationMcgPerMl: mcgValue,
    everyDay: daySchema,
    byWeekday: z
      .strictObject({
        sunday: daySchema.optional(),
        monday: daySchema.optional(),
        tuesday: daySchema.optional(),
        wednesday: daySchema.optional(),
        thursday: daySchema.optional(),
        friday: daySchema.optional(),
        saturday: daySchema.optional(),
      })
      .optional(),
  }),
]);

/** The JSON prescription as parsed (boluses default to []). */
export type PrescriptionJson = z.output<typeof prescriptionSchema>;
type DayJson = z.output<typeof daySchema>;

const dayFromJson = (d: DayJson): FlexDay => ({
  steps: d.steps.map((s) => ({ startMinute: s.startMinute, dose: mcgPerDay(s.doseMcgPerDay) })),
  boluses: d.boluses.map((b) => ({
    startMinute: b.startMinute,
    amount: mcgToNg(b.amountMcg),
    duration: millis(Math.round(b.durationMinutes * MS_PER_MINUTE)),
  })),
});

const dayToJson = (d: FlexDay): DayJson => ({
  steps: d.steps.map((s) => ({ startMinute: s.startMinute, doseMcgPerDay: s.dose / NG_PER_MCG })),
  boluses: d.boluses.map((b) => ({
    startMinute: b.startMinute,
    amountMcg: b.amount / NG_PER_MCG,
    durationMinutes: b.duration / MS_PER_MINUTE,
  })),
});

/**
 * Parses the JSON form into a Prescription in nanounits. Bad shape → ITB_E_INVALID_PRESCRIPTION with zod's
 * issues in `details.issues`. The result still needs validatePrescription before anything is delivered.
 */
export function prescriptionFromJson(json: unknown): Prescription {
  const parsed = prescriptionSchema.safeParse(json);
  if (!parsed.success) {
    throw new ItbError(
      'ITB_E_INVALID_PRESCRIPTION',
      `the prescription JSON is not valid:\n${z.prettifyError(parsed.error)}`,
      { issues: parsed.error.issues },
    );
  }
  const j = parsed.data;
  if (j.mode === 'stopped') return { mode: 'stopped' };
  const drug = { drug: j.drug, concentration: mcgPerMl(j.concentrationMcgPerMl) };
  switch (j.mode) {
    case 'minimum-rate':
      return { mode: 'minimum-rate', drug };
    case 'simple-continuous':
      return { mode: 'simple-continuous', drug, dose: mcgPerDay(j.doseMcgPerDay) };
    case 'flex': {
      const byWeekday: Partial<Record<Weekday, FlexDay>> = {};
      WEEKDAY_NAMES.forEach((name, w) => {
        const d = j.byWeekday?.[name];
        if (d) byWeekday[w as Weekday] = dayFromJson(d);
      });
      const everyDay = dayFromJson(j.everyDay);
      return Object.keys(byWeekday).length > 0
        ? { mode: 'flex', drug, schedule: { everyDay, byWeekday } }
        : { mode: 'flex', drug, schedule: { everyDay } };
    }
  }
}

/** The JSON form of a prescription (inverse of {@link prescriptionFromJson}). */
export function prescriptionToJson(p: Prescription): PrescriptionJson {
  if (p.mode === 'stopped') return { mode: 'stopped' };
  const drug = p.drug.drug;
  const concentrationMcgPerMl = p.drug.concentration / NG_PER_MCG;
  switch (p.mode) {
    case 'minimum-rate':
      return { mode: 'minimum-rate', drug, concentrationMcgPerMl };
    case 'simple-continuous':
      return { mode: 'simple-continuous', drug, concentrationMcgPerMl, doseMcgPerDay: p.dose / NG_PER_MCG };
    case 'flex': {
      const byWeekday: Partial<Record<(typeof WEEKDAY_NAMES)[number], DayJson>> = {};
      for (const [key, day] of Object.entries(p.schedule.byWeekday ?? {})) {
        const name = WEEKDAY_NAMES[Number(key)];
        if (day && name) byWeekday[name] = dayToJson(day);
      }
      const everyDay = dayToJson(p.schedule.everyDay);
      return Object.keys(byWeekday).length > 0
        ? { mode: 'flex', drug, concentrationMcgPerMl, everyDay, byWeekday }
        : { mode: 'flex', drug, concentrationMcgPerMl, everyDay };
    }
  }
}
