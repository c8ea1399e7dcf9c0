/**
 * Ranks of a column (0 = smallest; ties in the order of the column, the sort being stable): columns
 * drawn at one quantile have the same ranks, whatever their distributions, so tests that check it
 * need none of the engine's quantile functions.
 */
export function ranks(x: Float64Array): Float64Array {
  const r = new Float64Array(x.length);
  Array.from(x.keys())
    .sort((i, j) => x[i] - x[j])
    .forEach((i, k) => (r[i] = k));
  return r;
}
