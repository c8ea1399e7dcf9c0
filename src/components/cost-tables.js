// Cost tables of the explorer that must add up: costs by health state plus the costs that belong to
// no state, so each strategy's rows sum to its total cost.
import { cartStateCostTable } from "../cart/tables.js";

/**
 * Rows of the "by health state" table: the model's state rows (life years, QALYs, costs), then per
 * strategy one row per transition that carries costs (e.g. Waiting → Infusion: product and hospital
 * episode) and one for one-off costs at time 0, so each strategy's costs add up to its total.
 * Rows name states by label (a transition row by both states' labels); `state` keeps the model's ids
 * (a state's id, "from → to" for a transition, null for the one-off row). State labels name a one-time
 * comparator's own treatment in its rows (src/cart/labels.ts). The columns of cartStateCostTable.
 * @param {unknown} a a CartAnalysis
 * @returns {{strategy: string, label: string, state: string | null, kind: string, life_years_discounted: number | null, qalys_discounted: number | null, cost_discounted: number, cost_undiscounted: number}[]}
 */
export function stateRowsAddingUp(a) {
  // The rows of the table the page downloads (src/cart/tables.ts), so the page and its CSV agree.
  const cols = /** @type {Record<string, any[]>} */ (cartStateCostTable(/** @type {any} */ (a)));
  return /** @type {any[]} */ (
    (cols.strategy ?? []).map((_, i) => Object.fromEntries(Object.keys(cols).map((k) => [k, cols[k][i]])))
  );
}
