/**
 * The coupling of the three pure models (docs/architecture.md: sim uses everything below the server): the pump
 * commands strokes, the world turns them into drug reaching the body, the body responds. One function moves
 * all three to a later instant with no input in between (the runner calls it from event to event); another
 * hands the pump an input at the current instant.
 */
import { advance, type Body } from '../body/body.ts';
import type { InfusionSegment, LumbarBolus } from '../body/inputs.ts';
import { bodyModels } from '../body/model-drug.ts';
import type { DeliverySegment } from '../pump/delivery.ts';
import { CERTIFIED_BUILD, type PumpBuild } from '../pump/build.ts';
import { step, type AlarmChange, type PumpInput, type PumpState, type StepOutputs } from '../pump/index.ts';
import type { LogEntry } from '../pump/state.ts';
import { MS_PER_DAY, NL_PER_ML, nanolitres, type EpochMs, type Nanograms } from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import { advanceWorld, applyDelivery, type Arrival, type World } from '../world/index.ts';

/**
 * The body model takes drug only at the catheter tip (src/body/inputs.ts); drug reaching tissue (a pocket
 * fill, a leak) is systemic. Its CNS effect is mapped onto an equivalent dose spread through the CSF: this
 * fraction of the tissue mass, as a large-volume bolus. [A] Calibrated so that a whole 20 mL pocket fill of
 * 2000 µg/mL (40 mg) reaches the first overdose stage (drowsiness) in the typical patient, as pocket fills are reported to (8 deaths in 351 reports,
 * Medtronic 2011 correction, docs/clinical-reference.md §3); a pump-rate leak of a few hundred µg/day stays far below it.
 */
export const SYSTEMIC_CSF_FRACTION = sourced(
  0.05,
  'A',
  'systemic (tissue) drug mapped onto 5 % of its mass spread through the CSF; calibrated so a whole 40 mg pocket fill reaches drowsiness, the first overdose stage (pocket-fill overdoses: Medtronic 2011)',
);
/** Volume of the equivalent bolus: large, so it spreads beyond the tip zone like drug arriving from blood. */
export const SYSTEMIC_SPREAD_ML = sourced(
  10,
  'A',
  'equivalent bolus volume for systemic drug (spreads through the CSF)',
);

/** The three models at one instant. */
export interface Coupled {
  readonly t: EpochMs;
  readonly pump: PumpState;
  readonly world: World;
  readonly body: Body;
  /**
   * Drug that has reached the body since `body.now` but that the body has not yet been advanced over: the
   * body is advanced lazily ({@link syncBody}), only when someone looks at it (a sample, a visit), because
   * an alarm repeating every 10 minutes must not cost a body solve each time.
   */
  readonly pending: {
    readonly segments: readonly InfusionSegment[];
    readonly boluses: readonly LumbarBolus[];
  };
  /** Running sums of drug reaching the body, ng. */
  readonly intrathecalNg: number;
  readonly tissueNg: number;
}

/** What moving forward produced, for the timeline. */
export interface Advanced {
  readonly coupled: Coupled;
  readonly alarms: readonly AlarmChange[];
  readonly log: readonly LogEntry[];
}

/** Options of the coupling (overridable [A] values). */
export interface CouplingOptions {
  readonly systemicCsfFraction?: number;
}

/**
 * Drug that reached the body, as the body model takes it: intrathecal arrivals as infusion segments (or
 * boluses, when instantaneous), tissue arrivals as the equivalent CSF bolus ({@link SYSTEMIC_CSF_FRACTION}).
 * Only the drug the body models (baclofen, src/body/model-drug.ts) is dosed into it: after a refill with
 * another drug the body receives none and shows withdrawal, as a patient would. `it` and `tissue` are the
 * masses (ng) of every drug that arrived at each site (the world's accounting).
 */
export function bodyInputs(arrivals: readonly Arrival[], fraction: number) {
  const segments: InfusionSegment[] = [];
  const boluses: LumbarBolus[] = [];
  let it = 0;
  let tissue = 0;
  for (const a of arrivals) {
    if (a.mass <= 0) continue;
    if (a.site === 'intrathecal') {
      it += a.mass;
      if (!bodyModels(a.drug)) continue;
      // The exact mass over the interval, not the rounded ngPerDay: the body receives every nanogram.
      if (a.end > a.start)
        segments.push({ start: a.start, end: a.end, ngPerDay: (a.mass * MS_PER_DAY) / (a.end - a.start) });
      else boluses.push({ at: a.start, amount: a.mass, volumeMl: a.volume / NL_PER_ML });
    } else {
      tissue += a.mass;
      if (!bodyModels(a.drug)) continue;
      const amount = (a.mass * fraction) as Nanograms;
      if (amount > 0) boluses.push({ at: a.start, amount, volumeMl: SYSTEMIC_SPREAD_ML.value });
    }
  }
  return { segments, boluses, it, tissue };
}

/**
 * Applies the pump's delivery segments to the world, in order. Segments over the same interval (a bolus
 * beside the basal flow) are one flow out of one reservoir: they are applied as one segment.
 */
export function deliverSegments(
  world: World,
  segments: readonly DeliverySegment[],
): { readonly world: World; readonly arrivals: Arrival[] } {
  const flows: DeliverySegment[] = [];
  for (const s of segments) {
    const last = flows.at(-1);
    if (last !== undefined && last.start === s.start && last.end === s.end)
      flows[flows.length - 1] = {
        ...last,
        volume: nanolitres(last.volume + s.volume),
        strokes: last.strokes + s.strokes,
      };
    else flows.push(s);
  }
  let w = world;
  const arrivals: Arrival[] = [];
  for (const seg of flows) {
    const d = applyDelivery(w, seg);
    w = d.world;
    arrivals.push(...d.arrivals);
  }
  return { world: w, arrivals };
}

/** Moves pump, world and body from `c.t` to `to` with no input but time. */
export function advanceCoupled(c: Coupled, to: EpochMs, o: CouplingOptions = {}): Advanced {
  if (to === c.t) return { coupled: c, alarms: [], log: [] };
  const r = step(c.pump, { kind: 'tick' }, to);
  const delivered = deliverSegments(c.world, r.outputs.segments);
  const arrivals = delivered.arrivals;
  const w = advanceWorld(delivered.world, to);
  arrivals.push(...w.arrivals);
  const inputs = bodyInputs(arrivals, o.systemicCsfFraction ?? SYSTEMIC_CSF_FRACTION.value);
  return {
    coupled: {
      t: to,
      pump: r.state,
      world: w.world,
      body: c.body,
      pending: {
        segments:
          inputs.segments.length === 0 ? c.pending.segments : [...c.pending.segments, ...inputs.segments],
        boluses: inputs.boluses.length === 0 ? c.pending.boluses : [...c.pending.boluses, ...inputs.boluses],
      },
      intrathecalNg: c.intrathecalNg + inputs.it,
      tissueNg: c.tissueNg + inputs.tissue,
    },
    alarms: r.outputs.alarms,
    log: r.outputs.log,
  };
}

/**
 * The body brought up to `c.t` with everything that reached it. Deposits at exactly `c.t` stay pending
 * (the body's intervals are half-open: they belong to the next stretch).
 */
export function syncBody(c: Coupled): Coupled {
  if (c.body.now === c.t) return c;
  const boluses = c.pending.boluses.filter((b) => b.at < c.t);
  const body = advance(c.body, { segments: c.pending.segments, boluses }, c.t);
  return { ...c, body, pending: { segments: [], boluses: c.pending.boluses.filter((b) => b.at >= c.t) } };
}

/** Gives the pump an input (a command or a signal) now, on the pump `build` (the certified one by default). */
export function pumpInput(
  c: Coupled,
  input: PumpInput,
  build: PumpBuild = CERTIFIED_BUILD,
): { coupled: Coupled; outputs: StepOutputs } {
  const r = step(c.pump, input, c.t, build);
  return { coupled: { ...c, pump: r.state }, outputs: r.outputs };
}
