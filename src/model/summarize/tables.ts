/**
 * Tidy tables of a model result, as column-oriented data for arquero (`aq.table(cols)`) and the CSV
 * writer. The pages and the CLI build their tables here, so they show and write the same numbers.
 */
import type { Columns } from "../io/csv.js";
import type { ModelResult, StrategyResult } from "../run/evaluate.js";
import { incrementalAnalysis, type IncrementalRow } from "./incremental.js";

/** Options of the incremental analysis in result tables. */
export interface IncrementalTableOptions {
  wtp: number;
  comparator?: string;
  /** "qalys" (default), "lifeYears", or the id of a value of kind utility or other. */
  effect?: string;
}

/**
 * Why `effect` is not an effect of a model whose values have these ids (the message), or null if
 * it is: "qalys", "lifeYears" (or "life_years") or a value id (own names only).
 */
export function effectProblem(effect: string, valueIds: readonly string[]): string | null {
  if (effect === "qalys" || effect === "lifeYears" || effect === "life_years" || valueIds.includes(effect)) return null;
  return `unknown effect "${effect}": use "qalys", "lifeYears" or one of ${valueIds.join(", ")}`;
}

/**
 * How amounts of a model are labelled: its currency and price year ("GBP 2024"), "currency units" for
 * a model that names no currency ("currency units 2024" with a price year alone, which read "2024"
 * as if it were the currency: "costs and NMB in 2024").
 */
export function moneyLabel(currency: string | null | undefined, priceYear: number | string | null | undefined): string {
  return [currency || "currency units", priceYear ?? ""].filter((x) => x !== "").join(" ");
}

/**
 * What a result shows that no cohort model can mean, each as a sentence naming the strategy and the
 * figures: QALYs above life years (undiscounted: a utility above 1, full health, in some state or
 * cycle; a model with `u_H: 1.5` was "OK" with 11.09 QALYs in 9.02 life years), and no life years in any
 * strategy (every member starts dead). The run is not refused: the CLI says these as notes.
 */
export function implausibleResults(result: ModelResult): string[] {
  const notes: string[] = [];
  for (const s of result.strategies) {
    const q = s.qalys.undiscounted;
    const ly = s.lifeYears.undiscounted;
    if (q > ly * (1 + 1e-9) + 1e-12)
      notes.push(
        `strategy ${s.id}: ${q.toPrecision(6)} QALYs in ${ly.toPrecision(6)} life years (undiscounted): a utility above 1 (full health) in some state or cycle`,
      );
  }
  if (result.strategies.length > 0 && result.strategies.every((s) => s.lifeYears.undiscounted === 0))
    notes.push("no strategy has any life years: every member of the cohort starts in a dead state (see init)");
  return notes;
}

/** The discounted effect of a strategy used by the incremental analysis. */
export function effectOf(result: ModelResult, s: StrategyResult, effect = "qalys"): number {
  if (effect === "qalys") return s.qalys.discounted;
  if (effect === "lifeYears" || effect === "life_years") return s.lifeYears.discounted;
  const v = Object.hasOwn(s.values, effect) ? s.values[effect] : undefined;
  if (!v)
    throw new RangeError(
      effectProblem(
        effect,
        result.values.map((x) => x.id),
      )!,
    );
  return v.discounted;
}

/** Names of the totals' columns (`<name>_discounted`, `<name>_undiscounted`) in the result tables. */
const TOTAL_COLUMNS = ["cost", "qalys", "life_years", "cumulative_cost"];
/** The columns of the trace before its states. */
const TRACE_COLUMNS = ["strategy", "cycle", "years"];

/**
 * The column name of each id: the id itself, or `<prefix>_<id>` when the id is one of `fixed`
 * (the table's own columns), with the prefix repeated until no column repeats.
 */
function columnNames(ids: readonly string[], fixed: readonly string[], prefix: string): Map<string, string> {
  const taken = new Set([...fixed, ...ids.filter((id) => !fixed.includes(id))]);
  const names = new Map<string, string>();
  for (const id of ids) {
    if (!fixed.includes(id)) {
      names.set(id, id);
      continue;
    }
    let name = `${prefix}_${id}`;
    while (taken.has(name)) name = `${prefix}_${name}`;
    taken.add(name);
    names.set(id, name);
  }
  return names;
}

/**
 * The column name of each value (`<name>_discounted`, `<name>_undiscounted`): its id, or `value_<id>`
 * when the id is a total's (a value "cost" beside the total cost), and so on until no column repeats.
 */
export function valueColumnNames(values: ReadonlyArray<{ id: string }>): Map<string, string> {
  return columnNames(
    values.map((v) => v.id),
    TOTAL_COLUMNS,
    "value",
  );
}

function push(cols: Record<string, unknown[]>, row: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(row)) (cols[k] ??= []).push(v);
}

/**
 * One row per strategy: discounted and undiscounted totals, each value (cost component, utility)
 * as its own pair of columns, and the incremental analysis on discounted cost and QALYs.
 */
export function summaryTable(result: ModelResult, options: IncrementalTableOptions): Columns {
  const inc = incrementalFor(result, options);
  const names = valueColumnNames(result.values);
  const cols: Record<string, unknown[]> = {};
  for (const s of result.strategies) {
    const row: Record<string, unknown> = {
      strategy: s.id,
      label: s.label,
      cost_discounted: s.cost.discounted,
      qalys_discounted: s.qalys.discounted,
      life_years_discounted: s.lifeYears.discounted,
      cost_undiscounted: s.cost.undiscounted,
      qalys_undiscounted: s.qalys.undiscounted,
      life_years_undiscounted: s.lifeYears.undiscounted,
    };
    for (const v of result.values) {
      row[`${names.get(v.id)}_discounted`] = s.values[v.id].discounted;
      row[`${names.get(v.id)}_undiscounted`] = s.values[v.id].undiscounted;
    }
    const r = inc.get(s.id)!;
    Object.assign(row, {
      status: r.status,
      // A CSV cell holds one text: an extended dominance pair is written "B and D" (the JSON keeps the list, extendedBy).
      compared_with: r.against ?? (r.extendedBy ? r.extendedBy.join(" and ") : null),
      incremental_cost: r.incrementalCost,
      effect: options.effect ?? "qalys",
      incremental_effect: r.incrementalEffect,
      icer: r.icer,
      wtp: options.wtp,
      nmb: r.nmb,
      incremental_nmb: r.incrementalNmb,
      currency: result.currency ?? null,
      price_year: result.priceYear ?? null,
    });
    push(cols, row);
  }
  return cols;
}

export function incrementalFor(result: ModelResult, options: IncrementalTableOptions): Map<string, IncrementalRow> {
  return new Map(incrementalRows(result, options).map((r) => [r.id, r]));
}

export function incrementalRows(result: ModelResult, options: IncrementalTableOptions): IncrementalRow[] {
  return incrementalAnalysis(
    result.strategies.map((s) => ({ id: s.id, cost: s.cost.discounted, effect: effectOf(result, s, options.effect) })),
    options,
  );
}

/**
 * Long table of every component: one row per strategy × category × item × measure with
 * undiscounted and discounted amounts. Categories: "total", "value" (per value id), "state"
 * (per health state and measure), "transition" (per from->to and value), "one-off".
 */
export function detailsTable(result: ModelResult): Columns {
  const cols: Record<string, unknown[]> = {};
  const kindOf = new Map(result.values.map((v) => [v.id, v.kind]));
  for (const s of result.strategies) {
    const add = (category: string, item: string, measure: string, kind: string, u: number, d: number) =>
      push(cols, { strategy: s.id, category, item, measure, kind, undiscounted: u, discounted: d });
    add("total", "all", "cost", "cost", s.cost.undiscounted, s.cost.discounted);
    add("total", "all", "qalys", "utility", s.qalys.undiscounted, s.qalys.discounted);
    add("total", "all", "life_years", "time", s.lifeYears.undiscounted, s.lifeYears.discounted);
    for (const v of result.values)
      add("value", v.id, v.id, v.kind, s.values[v.id].undiscounted, s.values[v.id].discounted);
    for (const st of s.byState) {
      add("state", st.state, "life_years", "time", st.lifeYears.undiscounted, st.lifeYears.discounted);
      for (const v of result.values)
        add("state", st.state, v.id, v.kind, st.values[v.id].undiscounted, st.values[v.id].discounted);
    }
    for (const t of s.byTransition)
      add(
        "transition",
        `${t.from}->${t.to}`,
        t.value,
        kindOf.get(t.value) ?? "",
        t.amount.undiscounted,
        t.amount.discounted,
      );
    for (const v of result.values)
      if (s.oneOff[v.id] !== 0) add("one-off", "time 0", v.id, v.kind, s.oneOff[v.id], s.oneOff[v.id]);
  }
  return cols;
}

/** The cohort trace: one row per strategy × time point, counts by health state. */
export function traceTable(result: ModelResult): Columns {
  const cols: Record<string, unknown[]> = { strategy: [], cycle: [], years: [] };
  // A state named like a column of the trace (strategy, cycle, years) is written state_<id>.
  const names = columnNames(result.states, TRACE_COLUMNS, "state");
  const stateCols = result.states.map((st) => (cols[names.get(st)!] = [] as unknown[]));
  const S = result.states.length;
  for (const s of result.strategies) {
    if (!s.trace) throw new RangeError(`the result of strategy "${s.id}" has no trace: evaluate with {trace: true}`);
    for (let k = 0; k <= result.nCycles; k++) {
      cols.strategy.push(s.id);
      cols.cycle.push(k);
      cols.years.push(k * result.cycleYears);
      for (let j = 0; j < S; j++) stateCols[j].push(s.trace[k * S + j]);
    }
  }
  return cols;
}

/**
 * Per-cycle series: one row per strategy × cycle (0 = one-off values at time 0) with each value,
 * total cost and QALYs, discounted and undiscounted, and their running totals.
 */
export function perCycleTable(result: ModelResult): Columns {
  const names = valueColumnNames(result.values);
  const cols: Record<string, unknown[]> = {};
  for (const s of result.strategies) {
    if (!s.perCycle)
      throw new RangeError(`the result of strategy "${s.id}" has no per-cycle series: evaluate with {perCycle: true}`);
    let cumCost = 0;
    let cumCostU = 0;
    for (let t = 0; t <= result.nCycles; t++) {
      let cost = 0;
      let costU = 0;
      let q = 0;
      let qU = 0;
      const row: Record<string, unknown> = { strategy: s.id, cycle: t, years_end: t * result.cycleYears };
      for (const v of result.values) {
        const sr = s.perCycle.values[v.id];
        row[`${names.get(v.id)}_discounted`] = sr.discounted[t];
        row[`${names.get(v.id)}_undiscounted`] = sr.undiscounted[t];
        if (v.kind === "cost") {
          cost += sr.discounted[t];
          costU += sr.undiscounted[t];
        } else if (v.kind === "utility") {
          q += sr.discounted[t];
          qU += sr.undiscounted[t];
        }
      }
      cumCost += cost;
      cumCostU += costU;
      Object.assign(row, {
        cost_discounted: cost,
        cost_undiscounted: costU,
        qalys_discounted: q,
        qalys_undiscounted: qU,
        life_years_discounted: s.perCycle.lifeYears.discounted[t],
        life_years_undiscounted: s.perCycle.lifeYears.undiscounted[t],
        cumulative_cost_discounted: cumCost,
        cumulative_cost_undiscounted: cumCostU,
      });
      push(cols, row);
    }
  }
  return cols;
}
