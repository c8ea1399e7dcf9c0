// Cost tables of the explorer that must add up: costs by health state plus the costs that belong to
// no state, so each strategy's rows sum to its total cost.
import { strategyLabeller } from "../cart/labels.js";

/**
 * Rows of the "by health state" table: the model's state rows (life years, QALYs, costs), then per
 * strategy one row per transition that carries costs (e.g. Waiting → Infusion: product and hospital
 * episode) and one for one-off costs at time 0, so each strategy's costs add up to its total.
 * Rows name states by label (a transition row by both states' labels); `state` keeps the model's ids
 * (a state's id, "from → to" for a transition, null for the one-off row). State labels name a one-time
 * comparator's own treatment in its rows (src/cart/labels.ts).
 * @param {{result: {values: {id: string, kind: string}[], strategies: any[]}, population: string, comparators: {strategy: string, label: string, kind: string}[]}} a a CartAnalysis
 * @returns {{strategy: string, label: string, state: string | null, kind: string, life_years_discounted: number | null, qalys_discounted: number | null, cost_discounted: number, cost_undiscounted: number}[]}
 */
export function stateRowsAddingUp(a) {
  const costIds = new Set(a.result.values.filter((v) => v.kind === "cost").map((v) => v.id));
  const qalyIds = a.result.values.filter((v) => v.kind === "utility").map((v) => v.id);
  const rows = [];
  const labelIn = strategyLabeller(a);
  for (const s of a.result.strategies) {
    /** @type {Map<string, string>} */
    const stateLabel = new Map(
      s.byState.map((/** @type {{state: string, label: string}} */ st) => [st.state, st.label]),
    );
    const nameOf = (/** @type {string} */ id) => labelIn(s.id, stateLabel.get(id) ?? id);
    for (const st of s.byState) {
      const sum = (/** @type {string[]} */ ids, /** @type {"discounted" | "undiscounted"} */ k) =>
        ids.reduce((acc, id) => acc + (st.values[id]?.[k] ?? 0), 0);
      rows.push({
        strategy: s.id,
        label: labelIn(s.id, st.label),
        state: st.state,
        kind: "state",
        life_years_discounted: st.lifeYears.discounted,
        qalys_discounted: sum(qalyIds, "discounted"),
        cost_discounted: sum([...costIds], "discounted"),
        cost_undiscounted: sum([...costIds], "undiscounted"),
      });
    }
    /** @type {Map<string, {from: string, to: string, discounted: number, undiscounted: number}>} */
    const byTransition = new Map();
    for (const t of s.byTransition ?? []) {
      if (!costIds.has(t.value)) continue;
      const key = `${t.from} → ${t.to}`;
      const acc = byTransition.get(key) ?? { from: t.from, to: t.to, discounted: 0, undiscounted: 0 };
      acc.discounted += t.amount.discounted;
      acc.undiscounted += t.amount.undiscounted;
      byTransition.set(key, acc);
    }
    for (const [key, x] of byTransition)
      if (x.discounted !== 0 || x.undiscounted !== 0)
        rows.push({
          strategy: s.id,
          label: `Moving from ${nameOf(x.from)} to ${nameOf(x.to)} (not a state)`,
          state: key,
          kind: "transition",
          life_years_discounted: null,
          qalys_discounted: null,
          cost_discounted: x.discounted,
          cost_undiscounted: x.undiscounted,
        });
    // One-off costs at time 0 are not discounted (time 0).
    const oneOff = Object.entries(s.oneOff ?? {})
      .filter(([id]) => costIds.has(id))
      .reduce((acc, [, v]) => acc + Number(v), 0);
    if (oneOff !== 0)
      rows.push({
        strategy: s.id,
        label: "One-off at the start (not a state)",
        state: null,
        kind: "one-off",
        life_years_discounted: null,
        qalys_discounted: null,
        cost_discounted: oneOff,
        cost_undiscounted: oneOff,
      });
  }
  return rows;
}
