/**
 * Ranks of a column (0 = smallest; ties in the order of the column, the sort being stable): columns
 * drawn at one quantile have the same ranks, whatever their distributions, so tests that check it
 * need none of the engine's quantile functions.
 */
export function ranks(x: ArrayLike<number>): Float64Array {
  const r = new Float64Array(x.length);
  Array.from({ length: x.length }, (_, i) => i)
    .sort((i, j) => x[i] - x[j])
    .forEach((i, k) => (r[i] = k));
  return r;
}

/**
 * Spearman's rank correlation of two columns without ties (continuous draws): the ranks are then a
 * permutation of 0 … n − 1, whose mean is (n − 1)/2, so it is Σ(rx − m)(ry − m) / Σ(rx − m)².
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const rx = ranks(x);
  const ry = ranks(y);
  const m = (rx.length - 1) / 2;
  let sxy = 0;
  let sxx = 0;
  for (let k = 0; k < rx.length; k++) {
    sxy += (rx[k] - m) * (ry[k] - m);
    sxx += (rx[k] - m) ** 2;
  }
  return sxy / sxx;
}
