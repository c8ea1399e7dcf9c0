/**
 * Incremental cost-effectiveness analysis over the efficient frontier (Drummond et al., Methods
 * for the Economic Evaluation of Health Care Programmes, 4th ed., ch. 4; the same algorithm as
 * dampack's calculate_icers):
 *  1. order strategies by cost (ties: higher effect first);
 *  2. a strategy is dominated when another costs no more and yields no less, one of them strictly;
 *     a strategy with exactly the cost and effect of an earlier one is "identical" and set aside;
 *  3. among the rest, a strategy is extendedly dominated when the next more effective strategy has
 *     a lower ICER than it does; remove it and repeat until ICERs increase along the frontier;
 *  4. ICERs on the frontier are against the previous frontier strategy.
 * Net monetary benefit: NMB = wtp × effect − cost; incremental NMB is against the comparator.
 */

export interface IncrementalInput {
  id: string;
  cost: number;
  effect: number;
}

export type IncrementalStatus = "reference" | "frontier" | "dominated" | "extendedly dominated" | "identical";

export interface IncrementalRow {
  id: string;
  cost: number;
  effect: number;
  status: IncrementalStatus;
  /** For frontier strategies: the previous frontier strategy; for dominated (or identical) ones: the strategy that dominates it (or that it equals); null otherwise. */
  against: string | null;
  /** For an extendedly dominated strategy: the two frontier neighbours whose mix dominates it, [less costly, more costly]; null otherwise. */
  extendedBy: [string, string] | null;
  incrementalCost: number | null;
  incrementalEffect: number | null;
  icer: number | null;
  nmb: number;
  /** NMB minus the comparator's NMB. */
  incrementalNmb: number;
}

export interface IncrementalOptions {
  /** Willingness to pay per unit of effect (e.g. per QALY). */
  wtp: number;
  /** Strategy id that incremental NMB is computed against; default the first strategy given. */
  comparator?: string;
}

/** Rows in order of increasing cost. */
export function incrementalAnalysis(input: IncrementalInput[], options: IncrementalOptions): IncrementalRow[] {
  if (input.length === 0) return [];
  for (const s of input) {
    if (!Number.isFinite(s.cost) || !Number.isFinite(s.effect))
      throw new RangeError(`strategy "${s.id}" has a non-finite cost or effect (${s.cost}, ${s.effect})`);
  }
  if (!Number.isFinite(options.wtp))
    throw new RangeError(`willingness to pay must be a finite number, got ${options.wtp}`);
  const comparatorId = options.comparator ?? input[0].id;
  const comparator = input.find((s) => s.id === comparatorId);
  if (!comparator)
    throw new RangeError(
      `comparator "${comparatorId}" is not one of the strategies: ${input.map((s) => s.id).join(", ")}`,
    );

  const sorted = input.map((s, i) => ({ ...s, i })).sort((a, b) => a.cost - b.cost || b.effect - a.effect || a.i - b.i);
  const rows = new Map<string, IncrementalRow>();
  const nmbOf = (s: IncrementalInput) => options.wtp * s.effect - s.cost;
  const base = nmbOf(comparator);
  for (const s of sorted) {
    rows.set(s.id, {
      id: s.id,
      cost: s.cost,
      effect: s.effect,
      status: "frontier",
      against: null,
      extendedBy: null,
      incrementalCost: null,
      incrementalEffect: null,
      icer: null,
      nmb: nmbOf(s),
      incrementalNmb: nmbOf(s) - base,
    });
  }

  // Identical and strongly dominated strategies.
  const candidates: typeof sorted = [];
  for (const s of sorted) {
    const twin = candidates.find((c) => c.cost === s.cost && c.effect === s.effect);
    if (twin) {
      Object.assign(rows.get(s.id)!, { status: "identical", against: twin.id });
      continue;
    }
    const dom = sorted.find(
      (o) => o !== s && o.cost <= s.cost && o.effect >= s.effect && (o.cost < s.cost || o.effect > s.effect),
    );
    if (dom) Object.assign(rows.get(s.id)!, { status: "dominated", against: dom.id });
    else candidates.push(s);
  }

  // Extended dominance: remove strategies whose ICER exceeds the next one's, until ICERs increase.
  let frontier = candidates.slice();
  for (;;) {
    let removed = false;
    for (let k = 1; k < frontier.length - 1; k++) {
      const icerK = (frontier[k].cost - frontier[k - 1].cost) / (frontier[k].effect - frontier[k - 1].effect);
      const icerNext = (frontier[k + 1].cost - frontier[k].cost) / (frontier[k + 1].effect - frontier[k].effect);
      if (icerK > icerNext) {
        Object.assign(rows.get(frontier[k].id)!, {
          status: "extendedly dominated",
          against: null,
          extendedBy: [frontier[k - 1].id, frontier[k + 1].id],
        });
        frontier = frontier.slice(0, k).concat(frontier.slice(k + 1));
        removed = true;
        break;
      }
    }
    if (!removed) break;
  }

  frontier.forEach((s, k) => {
    const row = rows.get(s.id)!;
    if (k === 0) {
      row.status = "reference";
      return;
    }
    const prev = frontier[k - 1];
    row.against = prev.id;
    row.incrementalCost = s.cost - prev.cost;
    row.incrementalEffect = s.effect - prev.effect;
    row.icer = row.incrementalCost / row.incrementalEffect;
  });
  return sorted.map((s) => rows.get(s.id)!);
}
