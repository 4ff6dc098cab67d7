/**
 * A small dense square-matrix module for the body's linear pharmacokinetics: products, an LU solve and the
 * matrix exponential by scaling and squaring with a [6/6] Padé approximant (Moler & Van Loan, "Nineteen
 * dubious ways…", SIAM Review 2003, method 3; Higham, SIAM J. Matrix Anal. Appl. 2005). Systems here are
 * 8×8 at most, so clarity beats blocking or SIMD.
 */

/** A square matrix in row-major order. */
export interface Matrix {
  readonly n: number;
  readonly data: Float64Array;
}

/** An n×n matrix of zeros. */
export function zeros(n: number): Matrix {
  return { n, data: new Float64Array(n * n) };
}

/** The n×n identity. */
export function identity(n: number): Matrix {
  const m = zeros(n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** Builds a matrix from rows (all of the same length as their count). */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const n = rows.length;
  const m = zeros(n);
  rows.forEach((row, i) => {
    if (row.length !== n) throw new RangeError('fromRows: the matrix must be square');
    row.forEach((v, j) => (m.data[i * n + j] = v));
  });
  return m;
}

/** Element (i, j). */
export const at = (m: Matrix, i: number, j: number): number => m.data[i * m.n + j] ?? Number.NaN;

/** A·B. */
export function mul(a: Matrix, b: Matrix): Matrix {
  const out = zeros(a.n);
  mulInto(a.n, a.data, b.data, out.data);
  return out;
}

/**
 * C = A·B for n×n row-major arrays; C must not alias A or B. The one product loop of this module, so
 * {@link mul} and the allocation-free {@link expm} give bit-identical results.
 */
function mulInto(n: number, A: Float64Array, B: Float64Array, C: Float64Array): void {
  C.fill(0);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = A[i * n + k] as number;
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) C[i * n + j] = (C[i * n + j] as number) + aik * (B[k * n + j] as number);
    }
  }
}

/** αA + βB. */
export function combine(alpha: number, a: Matrix, beta: number, b: Matrix): Matrix {
  const out = zeros(a.n);
  combineInto(alpha, a.data, beta, b.data, out.data);
  return out;
}

/** out = αA + βB elementwise (out may alias A or B: each element is read before it is written). */
function combineInto(alpha: number, A: Float64Array, beta: number, B: Float64Array, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = alpha * (A[i] as number) + beta * (B[i] as number);
}

/** αA. */
export const scale = (alpha: number, a: Matrix): Matrix => combine(alpha, a, 0, a);

/** The induced 1-norm (largest absolute column sum). */
export function norm1(a: Matrix): number {
  let best = 0;
  for (let j = 0; j < a.n; j++) {
    let s = 0;
    for (let i = 0; i < a.n; i++) s += Math.abs(a.data[i * a.n + j] as number);
    best = Math.max(best, s);
  }
  return best;
}

/** A·x for a vector x of length n. */
export function mulVec(a: Matrix, x: ArrayLike<number>): Float64Array {
  const n = a.n;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += (a.data[i * n + j] as number) * (x[j] as number);
    out[i] = s;
  }
  return out;
}

/** Solves A·X = B (B square, same size) by LU decomposition with partial pivoting. */
export function solve(a: Matrix, b: Matrix): Matrix {
  const n = a.n;
  const lu = Float64Array.from(a.data);
  const x = Float64Array.from(b.data);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) {
      if (Math.abs(lu[i * n + k] as number) > Math.abs(lu[p * n + k] as number)) p = i;
    }
    const pivot = lu[p * n + k] as number;
    if (pivot === 0 || !Number.isFinite(pivot)) throw new RangeError('solve: singular matrix');
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        swap(lu, k * n + j, p * n + j);
        swap(x, k * n + j, p * n + j);
      }
    }
    for (let i = k + 1; i < n; i++) {
      const f = (lu[i * n + k] as number) / pivot;
      if (f === 0) continue;
      for (let j = k; j < n; j++) lu[i * n + j] = (lu[i * n + j] as number) - f * (lu[k * n + j] as number);
      for (let j = 0; j < n; j++) x[i * n + j] = (x[i * n + j] as number) - f * (x[k * n + j] as number);
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const d = lu[i * n + i] as number;
    for (let j = 0; j < n; j++) {
      let s = x[i * n + j] as number;
      for (let k = i + 1; k < n; k++) s -= (lu[i * n + k] as number) * (x[k * n + j] as number);
      x[i * n + j] = s / d;
    }
  }
  return { n, data: x };
}

function swap(v: Float64Array, i: number, j: number): void {
  const t = v[i] as number;
  v[i] = v[j] as number;
  v[j] = t;
}

/** Padé [6/6] coefficients c_k = (2p−k)! p! / ((2p)! k! (p−k)!), p = 6. */
const PADE6 = [1, 1 / 2, 5 / 44, 1 / 66, 1 / 792, 1 / 15840, 1 / 665280];

/** Scratch matrices for {@link expm}, one set per size: an exponential allocates only its result. */
interface ExpmScratch {
  readonly x: Float64Array;
  readonly power: Float64Array;
  readonly next: Float64Array;
  readonly num: Float64Array;
  readonly den: Float64Array;
}
const scratchBySize = new Map<number, ExpmScratch>();

function scratchFor(n: number): ExpmScratch {
  let s = scratchBySize.get(n);
  if (s === undefined) {
    const m = () => new Float64Array(n * n);
    s = { x: m(), power: m(), next: m(), num: m(), den: m() };
    scratchBySize.set(n, s);
  }
  return s;
}

/**
 * e^A by scaling and squaring. A is scaled by 2^−s so that ‖A/2^s‖₁ ≤ 1/2, where the [6/6] Padé truncation
 * error is below 3·10⁻¹⁷ relative (Moler & Van Loan's bound), then squared s times. The work is done in
 * reused scratch arrays (the body asks for an exponential per new step length, and the garbage of a dozen
 * matrices per call was a measurable part of a population run: issue 14); the arithmetic, and so every
 * bit of the result, is that of the plain formulation with {@link mul}, {@link combine} and {@link solve}.
 */
export function expm(a: Matrix): Matrix {
  const n = a.n;
  const norm = norm1(a);
  if (!Number.isFinite(norm)) throw new RangeError('expm: matrix has non-finite entries');
  const s = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const w = scratchFor(n);
  combineInto(2 ** -s, a.data, 0, a.data, w.x);
  let power = w.power;
  let next = w.next;
  setIdentity(n, power);
  setIdentity(n, w.num);
  setIdentity(n, w.den);
  for (let k = 1; k < PADE6.length; k++) {
    mulInto(n, power, w.x, next);
    [power, next] = [next, power];
    const c = PADE6[k] as number;
    combineInto(1, w.num, c, power, w.num);
    combineInto(1, w.den, k % 2 === 0 ? c : -c, power, w.den);
  }
  const result = solve({ n, data: w.den }, { n, data: w.num });
  let r = result.data;
  let spare = w.next;
  for (let i = 0; i < s; i++) {
    mulInto(n, r, r, spare);
    [r, spare] = [spare, r];
  }
  if (r !== result.data) result.data.set(r);
  return result;
}

function setIdentity(n: number, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
}
