/**
 * Ranks the causes of a malfunction presentation from the findings in hand. Each finding adds weight to the
 * causes it points at, with a sentence saying why; ties go to the more dangerous cause (CAUSE_IDS order), so
 * with no evidence the guide still names the empty reservoir first. The weights are this project's
 * assumptions [A] about how strongly each finding points; the directions follow docs/clinical-reference.md
 * §3 (reconciliation: higher residual = under-delivery, lower = drug went elsewhere; the access port; MRI)
 * and §2 (withdrawal and overdose signs; meningitis; catheter-tip granuloma with opioids).
 */
import { ItbError } from '../codes.ts';
import {
  CAUSES,
  CAUSE_IDS,
  STEPS,
  remediesOf,
  type Cause,
  type CauseId,
  type DiagnosticStep,
  type StepId,
} from './causes.ts';
import { findingsSchema, type Findings, type FindingsInput } from './findings.ts';

/** Reconciliation threshold by reservoir size (docs/clinical-reference.md §3, Maino et al. 2017). */
const discrepancyThresholdMl = (reservoirMl: number): number => (reservoirMl > 20 ? 2 : 1);
/** A change or refill this recent is suspect for new symptoms [A]. */
/** Effect of an infusion change is maximal after 24–48 h and overdose can build over days (§4). */
const RECENT_CHANGE_HOURS = 7 * 24;
const RECENT_REFILL_HOURS = 7 * 24;
/** Within this of surgery, migration and infection are more likely [A]. */
const EARLY_POSTOP_HOURS = 30 * 24;
/** A fever this soon after a refill may come from the needle [A]; after surgery, EARLY_POSTOP_HOURS. */
const RECENT_ACCESS_HOURS = 7 * 24;

export interface Candidate {
  readonly cause: Cause;
  /** The cause's remedies for the drug in the pump (causes.ts `remediesOf`). */
  readonly remedies: readonly string[];
  readonly score: number;
  /** The findings that point at (or away from) this cause. */
  readonly because: readonly string[];
}

export interface TroubleshootingPlan {
  readonly findings: Findings;
  /** Causes by weight of evidence, then danger. */
  readonly candidates: readonly Candidate[];
  /** The next steps to tell the leading causes apart, without repeats. */
  readonly nextSteps: readonly DiagnosticStep[];
}

type Ledger = Map<CauseId, { score: number; because: string[] }>;

function add(l: Ledger, id: CauseId, weight: number, why: string): void {
  const e = l.get(id);
  if (e === undefined) throw new Error(`unknown cause ${id}`);
  e.score += weight;
  e.because.push(why);
}

function fromInterrogation(f: Findings, l: Ledger): void {
  const alarms = new Set(f.activeAlarms);
  const atEmpty = f.calculatedResidualMl !== undefined && f.calculatedResidualMl <= f.emptyThresholdMl;
  // A reservoir the pump reports empty is a fact to act on now, not one hypothesis among others.
  if (alarms.has('empty-reservoir') || atEmpty)
    add(l, 'reservoir-empty-or-low', 20, 'the pump reports its reservoir empty');
  else if (alarms.has('low-reservoir'))
    add(l, 'reservoir-empty-or-low', 5, 'the pump reports a low reservoir');
  // A pump stopped on purpose delivers nothing: before, the guide ranked catheter faults first for a
  // patient whose pump the clinic had stopped, and did not name the stop at all.
  if (f.deliveryStopped)
    add(
      l,
      'delivery-stopped',
      20,
      'the pump is stopped (suspended or at its minimum rate): no drug is delivered',
    );
  for (const a of ['motor-stall', 'low-battery-reset', 'eos', 'memory-error'] as const)
    if (alarms.has(a)) add(l, 'pump-stall-or-failure', 10, `the pump reports ${a.replaceAll('-', ' ')}`);
}

function fromReconciliation(f: Findings, l: Ledger): void {
  const d = f.residualDiscrepancyMl;
  if (d === undefined) return;
  const t = discrepancyThresholdMl(f.reservoirMl);
  if (d > t) {
    const why = `${d.toFixed(1)} mL more left than calculated: under-delivery`;
    add(l, 'catheter-occlusion-or-kink', 6, why);
    add(l, 'pump-stall-or-failure', f.activeAlarms.length > 0 ? 4 : 2, why);
  } else if (d < -t) {
    const why = `${(-d).toFixed(1)} mL less left than calculated: drug went elsewhere`;
    add(l, 'pocket-fill', 6, why);
    add(l, 'catheter-disconnection-or-leak', 2, why);
    add(l, 'pump-stall-or-failure', 1, `${why} (or over-delivery)`);
  } else {
    // A recent occlusion has not yet held back enough to show: a match weighs only lightly against it.
    const why = 'the residual matches the calculation: the pump delivered what it counted';
    add(l, 'catheter-occlusion-or-kink', -1, why);
    add(l, 'pocket-fill', -3, why);
    if (f.presentations.includes('more-spasticity')) {
      const blind = `${why}, but reconciliation cannot see a leak, break or tip outside the intrathecal space downstream of it`;
      add(l, 'catheter-disconnection-or-leak', 0, blind);
      add(l, 'catheter-migration-or-fracture', 0, blind);
    }
  }
}

const CATHETER = [
  'catheter-occlusion-or-kink',
  'catheter-disconnection-or-leak',
  'catheter-migration-or-fracture',
] as const;

/** Results of the tests that tell the causes apart (STEPS: what each result rules in or out). */
function fromTests(f: Findings, l: Ledger): void {
  switch (f.portAspiration) {
    case 'csf':
      for (const id of CATHETER)
        add(l, id, -6, 'clear CSF aspirates from the access port: catheter patent to an intrathecal tip');
      add(l, 'disease-progression', 2, 'the catheter works');
      add(l, 'tolerance', 1, 'the catheter works');
      break;
    case 'none':
      add(l, 'catheter-occlusion-or-kink', 8, 'nothing aspirates from the access port');
      add(l, 'catheter-migration-or-fracture', 3, 'nothing aspirates from the access port');
      break;
    case 'not-csf':
      add(l, 'catheter-disconnection-or-leak', 5, 'the access port yields fluid that is not CSF');
      add(l, 'catheter-migration-or-fracture', 5, 'the access port yields fluid that is not CSF');
      break;
    case undefined:
      break;
  }
  switch (f.imaging) {
    case 'leak-at-pump':
      add(l, 'catheter-disconnection-or-leak', 8, 'imaging shows a leak at the pump or connector');
      break;
    case 'leak-along-catheter':
      add(
        l,
        'catheter-migration-or-fracture',
        8,
        'imaging shows contrast leaving the catheter before the intrathecal space',
      );
      break;
    case 'no-passage':
      add(l, 'catheter-occlusion-or-kink', 8, 'contrast does not pass the catheter');
      break;
    case 'intact':
      for (const id of CATHETER) add(l, id, -6, 'imaging shows an intact catheter to the recorded tip level');
      break;
    case 'mass-at-tip':
      add(l, 'catheter-tip-granuloma', 12, 'imaging shows a mass at the catheter tip');
      break;
    case undefined:
      break;
  }
  if (f.rotorStudy === 'did-not-turn') add(l, 'pump-stall-or-failure', 10, 'the rotor did not turn');
  if (f.rotorStudy === 'turned') add(l, 'pump-stall-or-failure', -6, 'the rotor turned as expected');
}

function fromHistory(f: Findings, l: Ledger, under: boolean, over: boolean): void {
  const c = f.lastDoseChange;
  if (c !== undefined && c.hoursAgo <= RECENT_CHANGE_HOURS) {
    const dir = c.ratio > 1 ? 'up' : 'down';
    if ((over && c.ratio >= 1.5) || (under && c.ratio <= 0.67))
      add(
        l,
        'programming-error',
        10,
        `the dose went ${dir} ×${c.ratio.toFixed(2)} ${Math.round(c.hoursAgo)} h ago`,
      );
    else if ((over && c.ratio > 1) || (under && c.ratio < 1))
      add(l, 'programming-error', 4, `the dose went ${dir} ${Math.round(c.hoursAgo)} h ago`);
  }
  const r = f.lastRefillHoursAgo;
  if (r !== undefined && r <= RECENT_REFILL_HOURS) {
    const why = `symptoms began ${Math.round(r)} h after a refill`;
    if (over) {
      add(l, 'wrong-concentration', 6, why);
      add(l, 'pocket-fill', 4, why);
    }
    if (under) {
      add(l, 'wrong-concentration', 3, why);
      add(l, 'pocket-fill', 2, why);
    }
  }
  if (f.hoursSinceSurgery !== undefined && f.hoursSinceSurgery <= EARLY_POSTOP_HOURS) {
    add(l, 'catheter-migration-or-fracture', 1, 'within a month of surgery');
    add(l, 'infection', 2, 'within a month of surgery');
  }
}

function fromPresentation(f: Findings, l: Ledger): void {
  const p = new Set(f.presentations);
  const recentRefill = f.lastRefillHoursAgo !== undefined && f.lastRefillHoursAgo <= 72;
  if (p.has('more-spasticity')) {
    for (const id of CATHETER) add(l, id, 2, 'loss of effect with a working pump is most often the catheter');
    add(l, 'disease-progression', 1, 'more spasticity');
    if ((f.monthsOnTherapy ?? 0) >= 12) add(l, 'tolerance', 1, 'a year or more on therapy');
  }
  if (p.has('pump-site-swelling')) {
    if (recentRefill) add(l, 'pocket-fill', 6, 'swelling at the pump site just after a refill');
    else add(l, 'catheter-disconnection-or-leak', 6, 'fluid collecting at the pump site');
    add(l, 'infection', f.infectionSigns ? 4 : 1, 'swelling at the pump site');
  }
  if (p.has('leakage')) {
    add(l, 'catheter-disconnection-or-leak', 5, 'fluid leaking at the pump site');
    add(l, 'infection', 2, 'a leaking wound');
  }
  if (f.infectionSigns) add(l, 'infection', 4, 'fever, redness or warmth at the wound');
}

/** Whether a fever points at meningitis or an infection from the needle or the wound (§2, §4). */
function feverFromInfection(f: Findings): string | null {
  if (!f.fever) return null;
  if (f.meningism) return 'fever with headache or neck stiffness: meningitis until excluded';
  if (f.lastRefillHoursAgo !== undefined && f.lastRefillHoursAgo <= RECENT_ACCESS_HOURS)
    return `fever ${Math.round(f.lastRefillHoursAgo)} h after a refill: the needle may have carried an infection`;
  if (f.hoursSinceSurgery !== undefined && f.hoursSinceSurgery <= EARLY_POSTOP_HOURS)
    return 'fever within a month of pump or catheter surgery: wound or meningeal infection';
  return null;
}

/** Fever: withdrawal or infection; with meningism, or after a refill or surgery, infection is worked up (H42). */
function fromFever(f: Findings, l: Ledger): void {
  if (!f.fever) return;
  const infectious = feverFromInfection(f);
  if (infectious !== null) add(l, 'infection', 8, infectious);
  else add(l, 'infection', 2, 'fever: infection, or baclofen withdrawal');
}

/**
 * Catheter-tip granuloma (H41): with an intrathecal opioid, new neurological signs or a loss of effect
 * point at an inflammatory mass at the tip (docs/clinical-reference.md §2: FDA 2008; Hassenbusch 2008;
 * PACC 2017) — imaged before any dose increase, since escalating feeds it.
 */
function fromOpioid(f: Findings, l: Ledger): void {
  if (!f.intrathecalOpioid) return;
  if (f.neurologicalSigns)
    add(l, 'catheter-tip-granuloma', 12, 'new neurological signs on an intrathecal opioid');
  if (f.presentations.includes('more-spasticity'))
    add(l, 'catheter-tip-granuloma', 3, 'loss of effect on an intrathecal opioid');
}

/**
 * Steps that come right after the interrogation whatever the ranking, because missing them costs the most:
 * an infection work-up for a fever that may be meningitis (H42), and a catheter study when withdrawal signs
 * meet a matching reconciliation, which cannot see a leak or break downstream of the pump (H52).
 */
function urgentSteps(f: Findings): StepId[] {
  const out: StepId[] = [];
  if (feverFromInfection(f) !== null) out.push('infection-workup');
  const d = f.residualDiscrepancyMl;
  const matched = d !== undefined && Math.abs(d) <= discrepancyThresholdMl(f.reservoirMl);
  if (matched && f.presentations.includes('more-spasticity')) out.push('access-port-aspiration', 'imaging');
  return out;
}

/** The steps whose results the findings already hold. */
function done(f: Findings): StepId[] {
  const out: StepId[] = [];
  if (f.calculatedResidualMl !== undefined) out.push('interrogate');
  if (f.residualDiscrepancyMl !== undefined) out.push('reconcile-residual');
  if (f.portAspiration !== undefined) out.push('access-port-aspiration');
  if (f.imaging !== undefined) out.push('imaging');
  if (f.rotorStudy !== undefined) out.push('rotor-study');
  return out;
}

/**
 * The causes of this presentation by weight of evidence (ties: the more dangerous first) and the steps to
 * tell the leading ones apart. Throws ITB_E_INVALID_INPUT on findings that do not parse.
 */
export function troubleshoot(input: FindingsInput): TroubleshootingPlan {
  const parsed = findingsSchema.safeParse(input);
  if (!parsed.success)
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `troubleshooting findings: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  const f = parsed.data;
  const l: Ledger = new Map(CAUSE_IDS.map((id) => [id, { score: 0, because: [] }]));
  const under = f.presentations.includes('more-spasticity');
  const over = f.presentations.includes('overdose-signs');
  fromInterrogation(f, l);
  fromReconciliation(f, l);
  fromHistory(f, l, under, over);
  fromPresentation(f, l);
  fromFever(f, l);
  fromOpioid(f, l);
  fromTests(f, l);
  const candidates = CAUSE_IDS.map((id, danger) => ({ id, danger, ...l.get(id)! }))
    .sort((a, b) => b.score - a.score || a.danger - b.danger)
    .map(({ id, score, because }) => ({
      cause: CAUSES[id],
      remedies: remediesOf(CAUSES[id], f.drug),
      score,
      because,
    }));
  // Interrogation comes first whatever the leading causes, then the urgent steps; steps whose result is
  // already in hand are done.
  const seen = new Set<StepId>(done(f));
  const nextSteps: DiagnosticStep[] = [];
  const leading = candidates.slice(0, 3).flatMap((c) => c.cause.steps);
  for (const s of ['interrogate' as const, ...urgentSteps(f), ...leading]) {
    if (seen.has(s)) continue;
    seen.add(s);
    nextSteps.push(STEPS[s]);
  }
  return { findings: f, candidates, nextSteps };
}
