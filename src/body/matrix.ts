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
  const n = a.n;
  const out = zeros(n);
  const A = a.data;
  const B = b.data;
  const C = out.data;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = A[i * n + k] as number;
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) C[i * n + j] = (C[i * n + j] as number) + aik * (B[k * n + j] as number);
    }
  }
  return out;
}

/** αA + βB. */
export function combine(alpha: number, a: Matrix, beta: number, b: Matrix): Matrix {
  const out = zeros(a.n);
  for (let i = 0; i < out.data.length; i++) {
    out.data[i] = alpha * (a.data[i] as number) + beta * (b.data[i] as number);
  }
  return out;
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

/**
 * e^A by scaling and squaring. A is scaled by 2^−s so that ‖A/2^s‖₁ ≤ 1/2, where the [6/6] Padé truncation
 * error is below 3·10⁻¹⁷ relative (Moler & Van Loan's bound), then squared s times.
 */
export function expm(a: Matrix): Matrix {
  const n = a.n;
  const norm = norm1(a);
  if (!Number.isFinite(norm)) throw new RangeError('expm: matrix has non-finite entries');
  const s = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const x = scale(2 ** -s, a);
  const id = identity(n);
  let power = id;
  let num = id;
  let den = id;
  for (let k = 1; k < PADE6.length; k++) {
    power = mul(power, x);
    const c = PADE6[k] as number;
    num = combine(1, num, c, power);
    den = combine(1, den, k % 2 === 0 ? c : -c, power);
  }
  let result = solve(den, num);
  for (let i = 0; i < s; i++) result = mul(result, result);
  return result;
}
