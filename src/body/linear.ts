/**
 * Exact solution of the linear part between input changes (docs/architecture.md, time: event-driven). For
 * x' = A·x + b·r with r constant over a step of h hours, x(t+h) = Φ(h)·x(t) + Γ(h)·r with Φ = e^(A·h) and
 * Γ = ∫₀ʰ e^(A·s) ds·b, both read from one exponential of the augmented generator (Van Loan 1978). Steps of
 * the same length reuse their (Φ, Γ) from a small per-model cache: the result is the same, only faster.
 */
import { expm, scale, type Matrix } from './matrix.ts';
import type { Piece } from './inputs.ts';
import { msToHours } from './inputs.ts';
import type { PatientParams } from './patient.ts';
import { augmentedSystem, N_STATES, S, splitBolus } from './pk.ts';
import { NG_PER_MCG } from '../therapy/quantities.ts';

/** Local copy: hot loops read it on every element (an imported binding costs a getter under some loaders). */
const N = N_STATES;

/** State transition and input response over one step length. */
export interface Propagator {
  /** Φ, N×N row-major. */
  readonly phi: Float64Array;
  /** Γ, length N: the state reached from zero by a unit rate (1 µg/h) over the step. */
  readonly gamma: Float64Array;
}

/** A patient's linear system with its propagator cache. */
export interface LinearModel {
  readonly params: PatientParams;
  readonly generator: Matrix;
  readonly cache: Map<number, Propagator>;
  /**
   * The step length asked for last and its propagator: runs of equal steps (hourly samples, the slow states'
   * quarter steps) find it without hashing a floating-point key.
   */
  lastHours: number;
  lastPropagator: Propagator | null;
}

/** Above this many cached step lengths the cache starts over (odd lengths at segment ends are one-offs). */
const CACHE_LIMIT = 512;

export function linearModel(params: PatientParams): LinearModel {
  return {
    params,
    generator: augmentedSystem(params),
    cache: new Map(),
    lastHours: Number.NaN,
    lastPropagator: null,
  };
}

/** Φ(h) and Γ(h) for a step of `hours`. */
export function propagator(model: LinearModel, hours: number): Propagator {
  if (hours === model.lastHours && model.lastPropagator !== null) return model.lastPropagator;
  const hit = model.cache.get(hours);
  if (hit) return remember(model, hours, hit);
  const e = expm(scale(hours, model.generator));
  const m = e.n;
  const phi = new Float64Array(N * N);
  const gamma = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) phi[i * N + j] = e.data[i * m + j] as number;
    gamma[i] = e.data[i * m + N] as number;
  }
  const made = { phi, gamma };
  if (model.cache.size >= CACHE_LIMIT) model.cache.clear();
  model.cache.set(hours, made);
  return remember(model, hours, made);
}

function remember(model: LinearModel, hours: number, p: Propagator): Propagator {
  model.lastHours = hours;
  model.lastPropagator = p;
  return p;
}

/** The state `hours` later under a constant infusion of `mcgPerHour` into the tip zone (exact). */
export function stepLinear(
  model: LinearModel,
  x: Float64Array,
  mcgPerHour: number,
  hours: number,
): Float64Array {
  if (hours === 0) return x;
  return stepLinearInto(model, x, mcgPerHour, hours, new Float64Array(N));
}

/** {@link stepLinear} written into `out` (length N, not aliasing x), for callers that reuse scratch states. */
export function stepLinearInto(
  model: LinearModel,
  x: Float64Array,
  mcgPerHour: number,
  hours: number,
  out: Float64Array,
): Float64Array {
  if (hours === 0) {
    out.set(x);
    return out;
  }
  const { phi, gamma } = propagator(model, hours);
  for (let i = 0; i < N; i++) {
    let s = (gamma[i] as number) * mcgPerHour;
    for (let j = 0; j < N; j++) s += (phi[i * N + j] as number) * (x[j] as number);
    out[i] = s;
  }
  return out;
}

/** Adds a lumbar bolus (ng, mL) to a state, split by volume (pk.ts), returning a new state. */
export function addBolus(
  params: PatientParams,
  x: Float64Array,
  amountNg: number,
  volumeMl: number,
): Float64Array {
  const split = splitBolus(params, amountNg / NG_PER_MCG, volumeMl);
  const out = Float64Array.from(x);
  out[S.tip] = (out[S.tip] as number) + split.tip;
  out[S.spinal] = (out[S.spinal] as number) + split.spinal;
  out[S.cranial] = (out[S.cranial] as number) + split.cranial;
  return out;
}

/**
 * The linear state after a schedule of pieces (inputs.ts), one exact step per piece: the event-driven path
 * the benchmark compares against fixed-step integration. `onPiece` sees the state at each piece's start,
 * after its boluses.
 */
export function solvePieces(
  model: LinearModel,
  x0: Float64Array,
  pieces: readonly Piece[],
  onPiece?: (piece: Piece, x: Float64Array) => void,
): Float64Array {
  let x = x0;
  for (const piece of pieces) {
    for (const b of piece.boluses) x = addBolus(model.params, x, b.amount, b.volumeMl);
    onPiece?.(piece, x);
    x = stepLinear(model, x, piece.mcgPerHour, msToHours(piece.to - piece.from));
  }
  return x;
}
