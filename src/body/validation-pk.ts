/**
 * Validation rows of pharmacokinetics and time course (docs/clinical-reference.md §1.1, §4): the screening bolus in the
 * typical patient and a population, a new infusion, steady-state CSF and plasma.
 */
import { csfClearanceMlPerH, simulateBolus } from './bolus-sim.ts';
import { defaultPatient } from './patient.ts';
import { bolusPopulation, quantile } from './population.ts';
import { infusionTiming, steadyState } from './scenarios.ts';
import { LABEL, f, rowsOf, spread, spreadWithin, within, type ValidationRow } from './validation-format.ts';

const SRC_BOLUS = `docs/clinical-reference.md §1.1 [C: ${LABEL}]`;
const SRC_PK = 'docs/clinical-reference.md §4 [C: label; Sallerin-Caute 1991]';
const SRC_INF = `docs/clinical-reference.md §4 [C: ${LABEL}]`;

/** The typical patient's 50 µg lumbar bolus (deterministic). */
export function bolusRows(): ValidationRow[] {
  const b = simulateBolus({ doseMcg: 50 });
  const cl = csfClearanceMlPerH(defaultPatient(), 50);
  const typical = rowsOf('Typical patient, 50 µg lumbar bolus (1 mL)', SRC_BOLUS);
  const typicalPk = rowsOf('Typical patient, 50 µg lumbar bolus (1 mL)', SRC_PK);
  const h = (v: number | null): string => f(v, 2, ' h');
  return [
    typical(
      'bolus.onset',
      'onset of a ≥ 1-point MAS fall',
      '0.5–1 h',
      h(b.onsetHours),
      within(b.onsetHours, 0.5, 1),
    ),
    typical('bolus.peak', 'time of peak effect', '~4 h (3–6 h)', h(b.peakHours), within(b.peakHours, 3, 6)),
    typical(
      'bolus.duration',
      'time with a ≥ 1-point fall',
      '4–8 h',
      h(b.durationHours),
      within(b.durationHours, 4, 8),
    ),
    typicalPk(
      'bolus.halfLife',
      'CSF half-life (lumbar, 1–8 h)',
      '~1.5 h (1.0–2.0)',
      h(b.csfHalfLifeHours),
      within(b.csfHalfLifeHours, 1, 2),
    ),
    typicalPk(
      'bolus.clearance',
      'CSF clearance (dose / AUC)',
      '~30 mL/h (20–40)',
      f(cl, 1, ' mL/h'),
      within(cl, 20, 40),
    ),
  ];
}

/** A sampled population's 50 µg bolus and steady-state lumbar:cisternal ratio (one seed). */
export function bolusPopulationRows(populationN: number, seed: number): ValidationRow[] {
  const pop = bolusPopulation(populationN, seed, true);
  // The label's onset is that of an effect: patients without a 1-point window have none (screen.never counts them).
  const withWindow = pop.onset.filter((h) => Number.isFinite(h));
  const popTopic = `Population (n = ${populationN}), 50 µg lumbar bolus`;
  const popPk = rowsOf(popTopic, SRC_PK);
  const popTime = rowsOf(popTopic, SRC_BOLUS);
  const ratio = rowsOf(`Population (n = ${populationN}), 300 µg/day infusion`, SRC_INF);
  return [
    popPk(
      'pop.halfLife',
      'CSF half-life',
      'median 1.0–2.0 h; P5–P95 within 0.9–5 h',
      spread(pop.halfLife, ' h'),
      spreadWithin(pop.halfLife, 0.9, 5, 1, 2),
    ),
    popPk(
      'pop.clearance',
      'CSF clearance',
      'median 20–40; P5–P95 within 13–80 mL/h',
      spread(pop.clearance, ' mL/h', 1),
      spreadWithin(pop.clearance, 13, 80, 20, 40),
    ),
    popTime(
      'pop.onset',
      'onset of the effect, in patients whose bolus gives a 1-point window (those without one: count shown)',
      'median 0.5–1 h',
      `${spread(withWindow, ' h')}; ${pop.onset.length - withWindow.length} of ${pop.onset.length} without a window`,
      within(quantile(withWindow, 0.5), 0.5, 1),
    ),
    popTime(
      'pop.peak',
      'time of peak effect',
      'median 3–6 h',
      spread(pop.peak, ' h'),
      within(quantile(pop.peak, 0.5), 3, 6),
    ),
    popTime(
      'pop.duration',
      'time with a ≥ 1-point fall (0 if none)',
      'median 4–8 h',
      spread(pop.duration, ' h'),
      within(quantile(pop.duration, 0.5), 4, 8),
    ),
    ratio(
      'pop.lumbarCisternal',
      'steady-state lumbar:cisternal CSF ratio',
      'median 3–5 (~4); P5–P95 within 1.8–8.7',
      spread(pop.lumbarCisternal, ''),
      spreadWithin(pop.lumbarCisternal, 1.8, 8.7, 3, 5),
    ),
  ];
}

export function infusionRows(): ValidationRow[] {
  const p = defaultPatient();
  const start = infusionTiming(p, 100);
  const ss = steadyState(p, 300);
  const high = steadyState(p, 800);
  const newInfusion = rowsOf(
    'Typical patient, new infusion of 100 µg/day (2 × the 50 µg screening dose)',
    SRC_INF,
  );
  const ratio = ss.csf.spinal / ss.csf.cranial;
  return [
    newInfusion(
      'infusion.onset',
      'onset of a ≥ 1-point MAS fall',
      '6–8 h',
      f(start.onsetHours, 2, ' h'),
      within(start.onsetHours, 6, 8),
    ),
    newInfusion(
      'infusion.max',
      'time to 95 % of the maximal effect',
      '24–48 h',
      f(start.nearMaxHours, 1, ' h'),
      within(start.nearMaxHours, 24, 48),
    ),
    rowsOf('Typical patient, 300 µg/day for 7 days', SRC_INF)(
      'infusion.ratio',
      'lumbar:cisternal CSF ratio',
      '~4 (3–5)',
      f(ratio, 2),
      within(ratio, 3, 5),
    ),
    rowsOf('Typical patient, 800 µg/day for 7 days', SRC_INF)(
      'infusion.plasma',
      'plasma concentration',
      '≤ 5 ng/mL',
      f(high.plasmaNgPerMl, 2, ' ng/mL'),
      high.plasmaNgPerMl <= 5,
    ),
  ];
}
