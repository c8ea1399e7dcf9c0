/**
 * Order reversals in PSA draws: for pairs of parameters whose base values are ordered (a lower and a
 * higher), how many draws have the lower one above the higher. Parameters drawn independently that a
 * model defines from one another (a disease's utilities, a platform's relapse rate as a multiple of
 * another's) leave that order in some draws; the count says how often, so a reader can judge whether
 * the draws describe the uncertainty the model means. No DOM: the CLI and the Uncertainty page call it.
 */

/** Two parameters whose base values have `lower` ≤ `higher`. */
export interface OrderedPair {
  lower: string;
  higher: string;
}

/** A pair's count over the draws: `reversed` draws of `n` have lower > higher (ties are in order). */
export interface OrderReversal extends OrderedPair {
  reversed: number;
  n: number;
}

/**
 * The reversals of each pair whose two parameters are both drawn (`column(id)` gives a drawn
 * parameter's values, one per draw, or undefined when it is not drawn: held fixed, or not in the
 * model). Pairs with a parameter not drawn are left out (a fixed value keeps its order with itself
 * only if the other's draws do, which is the other's range, not a reversal of two draws). A draw with
 * a NaN in either column is not counted as reversed.
 * @throws Error when the two columns differ in length (draws of different runs).
 */
export function orderReversals(
  column: (id: string) => ArrayLike<number> | undefined,
  pairs: readonly OrderedPair[],
): OrderReversal[] {
  const out: OrderReversal[] = [];
  for (const { lower, higher } of pairs) {
    const lo = column(lower);
    const hi = column(higher);
    if (lo === undefined || hi === undefined) continue;
    if (lo.length !== hi.length)
      throw new Error(`order check: ${lower} has ${lo.length} draws and ${higher} ${hi.length}; expected the same run`);
    let reversed = 0;
    for (let i = 0; i < lo.length; i++) if (lo[i] > hi[i]) reversed++;
    out.push({ lower, higher, reversed, n: lo.length });
  }
  return out;
}
