/**
 * Small deterministic numerics for the fit (docs/advice.md): Nelder–Mead minimisation, a central-difference
 * Hessian and the Cholesky factor of a symmetric matrix. Three or four parameters only, so plain arrays.
 */

/** Minimises `f` from `start` by Nelder–Mead (standard coefficients); deterministic for the same inputs. */
export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  step = 0.5,
  maxEvaluations = 400,
  tolerance = 1e-6,
): { x: number[]; value: number; evaluations: number } {
  const n = start.length;
  let evaluations = 0;
  const evalAt = (x: number[]): { x: number[]; v: number } => {
    evaluations += 1;
    return { x, v: f(x) };
  };
  let simplex = [evalAt([...start])];
  for (let i = 0; i < n; i++) simplex.push(evalAt(start.map((v, j) => (j === i ? v + step : v))));
  const combine = (a: readonly number[], b: readonly number[], t: number): number[] =>
    a.map((v, i) => v + t * ((b[i] as number) - v));
  while (evaluations < maxEvaluations) {
    simplex.sort((a, b) => a.v - b.v);
    const best = simplex[0] as { x: number[]; v: number };
    const worst = simplex[n] as { x: number[]; v: number };
    if (Math.abs(worst.v - best.v) < tolerance) break;
    const centroid = Array.from(
      { length: n },
      (_, i) => simplex.slice(0, n).reduce((s, p) => s + (p.x[i] as number), 0) / n,
    );
    const reflected = evalAt(combine(centroid, worst.x, -1));
    const second = simplex[n - 1] as { x: number[]; v: number };
    if (reflected.v < best.v) {
      const expanded = evalAt(combine(centroid, worst.x, -2));
      simplex[n] = expanded.v < reflected.v ? expanded : reflected;
    } else if (reflected.v < second.v) {
      simplex[n] = reflected;
    } else {
      const contracted = evalAt(combine(centroid, worst.x, 0.5));
      if (contracted.v < worst.v) simplex[n] = contracted;
      else simplex = [best, ...simplex.slice(1).map((p) => evalAt(combine(best.x, p.x, 0.5)))];
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  const best = simplex[0] as { x: number[]; v: number };
  return { x: best.x, value: best.v, evaluations };
}

/** The Hessian of `f` at `x` by central differences of width `h`. */
export function hessian(f: (x: readonly number[]) => number, x: readonly number[], h = 0.05): number[][] {
  const n = x.length;
  const at = (di: number, si: number, dj: number, sj: number): number =>
    f(x.map((v, k) => v + (k === di ? si * h : 0) + (k === dj ? sj * h : 0)));
  const f0 = f(x);
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    (H[i] as number[])[i] = (at(i, 1, -1, 0) - 2 * f0 + at(i, -1, -1, 0)) / (h * h);
    for (let j = i + 1; j < n; j++) {
      const v = (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h * h);
      (H[i] as number[])[j] = v;
      (H[j] as number[])[i] = v;
    }
  }
  return H;
}

/** Lower Cholesky factor of a symmetric matrix; null when it is not positive definite. */
export function cholesky(A: readonly (readonly number[])[]): number[][] | null {
  const n = A.length;
  const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = (A[i] as number[])[j] as number;
      for (let k = 0; k < j; k++) s -= ((L[i] as number[])[k] as number) * ((L[j] as number[])[k] as number);
      if (i === j) {
        if (!(s > 0)) return null;
        (L[i] as number[])[i] = Math.sqrt(s);
      } else (L[i] as number[])[j] = s / ((L[j] as number[])[j] as number);
    }
  }
  return L;
}

/** Inverse of a symmetric positive-definite matrix from its Cholesky factor. */
export function inverseFromCholesky(L: readonly (readonly number[])[]): number[][] {
  const n = L.length;
  const cols = Array.from({ length: n }, (_, c) => {
    const y = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let s = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) s -= ((L[i] as number[])[k] as number) * (y[k] as number);
      y[i] = s / ((L[i] as number[])[i] as number);
    }
    const x = new Array<number>(n).fill(0);
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i] as number;
      for (let k = i + 1; k < n; k++) s -= ((L[k] as number[])[i] as number) * (x[k] as number);
      x[i] = s / ((L[i] as number[])[i] as number);
    }
    return x;
  });
  return Array.from({ length: n }, (_, i) => cols.map((col) => col[i] as number));
}
