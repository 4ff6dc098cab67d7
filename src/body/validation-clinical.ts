/**
 * Validation rows of clinical course (docs/clinical-reference.md §1.1–1.5, §4): who responds at which screening dose, and how
 * dose needs evolve over two years of titration to goal.
 */
import {
  DOSE_DAYS,
  TITRATION_PHASE_DAYS,
  quantile,
  screeningPopulation,
  titrationPopulation,
} from './population.ts';
import { LABEL, f, pct, rowsOf, spread, within, type ValidationRow } from './validation-format.ts';

export function screeningRows(populationN: number, seed: number): ValidationRow[] {
  const s = screeningPopulation(populationN, seed);
  const row = rowsOf(
    `Screening trial, population (n = ${populationN})`,
    `docs/clinical-reference.md §1.1 [C: ${LABEL}; Boster 2016]; bands ours [A]`,
  );
  return [
    row(
      'screen.25',
      'respond to 25 µg as a first dose',
      'few (≤ 30 %)',
      pct(s.respond25),
      s.respond25 <= 0.3,
    ),
    row('screen.50', 'respond at 50 µg', 'most (50–85 %)', pct(s.respond50), within(s.respond50, 0.5, 0.85)),
    row(
      'screen.75to100',
      'need 75 or 100 µg',
      'some (5–35 %)',
      pct(s.respond75or100),
      within(s.respond75or100, 0.05, 0.35),
    ),
    row(
      'screen.never',
      'no response up to 100 µg',
      'a few (1–15 %)',
      pct(s.never),
      within(s.never, 0.01, 0.15),
    ),
    rowsOf(
      `Screening trial, population (n = ${populationN})`,
      `docs/clinical-reference.md §2 [C: ${LABEL}, adverse reactions: somnolence in 13 of 244 screened]; band ours [A]`,
    )(
      'screen.drowsy',
      'overdose signs (≥ drowsy) at any assessment of the 50 → 75 → 100 µg trial',
      'uncommon: 5.3 % in the label (≤ 15 %)',
      pct(s.drowsy),
      s.drowsy <= 0.15,
    ),
  ];
}

/** Share of patients whose first overdose sign came within 12 h. */
const within12 = (hours: readonly number[]): number =>
  hours.filter((h) => h <= 12).length / Math.max(1, hours.length);

export function titrationRows(titrationN: number, seed: number): ValidationRow[] {
  const s = titrationPopulation(titrationN, seed);
  const med = (day: (typeof DOSE_DAYS)[number]): number =>
    quantile(s.doses[DOSE_DAYS.indexOf(day)] ?? [], 0.5);
  const [d0, d365, d540, d730] = [med(0), med(365), med(540), med(730)];
  const escalators = s.yearTwoIncrease.filter((v) => v > 100).length / Math.max(1, s.n);
  const topic = `Titration to goal over 2 years (${s.n} responders of ${titrationN} screened)`;
  const row = rowsOf(topic, `docs/clinical-reference.md §1.3–1.5 [C: ${LABEL}; Heetla 2009]`);
  const trials = rowsOf(topic, 'docs/clinical-reference.md §4 [C: Penn 1989; Coffey 1993]');
  const start = quantile(s.startRatio, 0.5);
  const drowsyShare = s.drowsyInTitration.filter(Boolean).length / Math.max(1, s.n);
  return [
    row(
      'titration.start',
      'start dose / effective screening dose (median)',
      '~2× (label rule)',
      f(start, 2, '×'),
      within(start, 1.5, 2),
    ),
    row(
      'titration.climb',
      'median dose at 12 and 18 months',
      '300–500 µg/day',
      `${f(d365, 0)} and ${f(d540, 0)} µg/day (from ${f(d0, 0)})`,
      within(Math.max(d365, d540), 300, 500) && d365 > d0,
    ),
    row(
      'titration.plateau',
      'median rise in months 18–24 vs months 0–18',
      'plateau (< 25 %)',
      `${f(d730 - d540, 0)} vs ${f(d540 - d0, 0)} µg/day`,
      d730 - d540 < 0.25 * (d540 - d0),
    ),
    row(
      'titration.escalators',
      'rise > 100 µg/day during year 2',
      'about a fifth (22 %; band 10–35 %)',
      pct(escalators),
      within(escalators, 0.1, 0.35),
    ),
    trials(
      'titration.mas',
      'tone at one year (true MAS, median)',
      '1.2–1.7 (from ~3.9)',
      spread(s.mas, ''),
      within(quantile(s.mas, 0.5), 1.2, 1.7),
    ),
    trials(
      'titration.penn',
      'Penn spasm score at one year (median)',
      '0.4–1.0 (from 3.1–3.3)',
      spread(s.penn, ''),
      within(quantile(s.penn, 0.5), 0.4, 1),
    ),
    rowsOf(topic, `docs/clinical-reference.md §4 [C: ${LABEL}]; P95 reading ours [A]`)(
      'titration.plasma',
      'plasma at each patient’s one-year dose',
      'P95 ≤ 5 ng/mL',
      spread(s.plasma, ' ng/mL'),
      quantile(s.plasma, 0.95) <= 5,
    ),
    rowsOf(topic, `docs/clinical-reference.md §2 [C: ${LABEL}; case series]; band ours [A]`)(
      'pop.slip',
      'overdose signs (≥ drowsy) within 12 h of a 10× rate slip at the one-year dose',
      'nearly all (≥ 90 %)',
      pct(within12(s.slipSignHours)),
      within12(s.slipSignHours) >= 0.9,
    ),
    rowsOf(topic, `docs/clinical-reference.md §2 [C: ${LABEL}; case series]; band ours [A]`)(
      'pop.restart',
      'overdose signs within 12 h of restarting the one-year rate after 14 days without drug',
      'most (≥ 50 %)',
      pct(within12(s.restartSignHours)),
      within12(s.restartSignHours) >= 0.5,
    ),
    rowsOf(
      topic,
      `docs/clinical-reference.md §2 [C: ${LABEL}, adverse reactions: somnolence in 11 of 214 during titration]; phase and band ours [A]`,
    )(
      'titration.drowsy',
      `overdose signs (≥ drowsy) at a visit in the first ${TITRATION_PHASE_DAYS} days of titration`,
      'uncommon: 5.1 % in the label (≤ 15 %)',
      pct(drowsyShare),
      drowsyShare <= 0.15,
    ),
    rowsOf(topic, 'docs/clinical-reference.md §4 [C: Albright 2007]')(
      'titration.tip',
      'near-tip CSF at one-year doses',
      'P5–P95 within 0.2–20 µg/mL',
      spread(s.tip, ' µg/mL'),
      quantile(s.tip, 0.05) >= 0.2 && quantile(s.tip, 0.95) <= 20,
    ),
  ];
}
