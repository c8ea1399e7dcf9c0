/** Result tables of the CAR T analyses, column-oriented (arquero `aq.table`, the CSV writer). */
import type { Columns } from "../model/io/csv.js";
import { costParityYear, type CartAnalysis } from "./analysis.js";
import { icerColumns } from "./icer.js";
import { strategyLabeller } from "./labels.js";

function push(cols: Record<string, unknown[]>, row: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(row)) (cols[k] ??= []).push(v);
}

/**
 * What made a result, as columns every CAR T table carries, so a CSV opened alone says which
 * assumptions produced it (issue [10]): the discount rates (annual, costs and outcomes), the
 * durability scenario and the parameter overrides ("id=value; ..." sorted by id, or "none").
 * Read from the analysis itself, so the page's file and the CLI's are byte-identical.
 */
export function scenarioColumns(a: CartAnalysis): {
  discount_costs: number;
  discount_outcomes: number;
  durability: string;
  overrides: string;
} {
  const edited = a.model.provenance
    .filter((p) => p.overridden)
    .map((p) => `${p.parameter}=${p.value}`)
    .sort();
  return {
    discount_costs: a.result.discount.costs,
    discount_outcomes: a.result.discount.outcomes,
    durability: a.structuralScenario.label,
    overrides: edited.length ? edited.join("; ") : "none",
  };
}

/**
 * One row per population × strategy: totals, results against SoC, threshold prices per offset scenario.
 * A CAR T platform's row carries its increments against SoC, cost-parity year and threshold prices; a
 * non-CAR T comparator's (autologous HSCT, ...) its increments and cost-parity year (as the Summary and
 * Compare pages give them) and no prices (they are CAR T prices); SoC's none. `icer` is the ratio only
 * where it is an ICER (more costly, more QALYs), with `icer_status` saying which (icer.ts).
 */
export function cartSummaryTable(analyses: CartAnalysis[]): Columns {
  const cols: Record<string, unknown[]> = {};
  for (const a of analyses) {
    const socResult = a.result.strategies.find((x) => x.id === "soc");
    for (const s of a.strategies) {
      const v = a.versusSoc.find((x) => x.strategy === s.id);
      const c = v ? undefined : a.comparators.find((x) => x.strategy === s.id);
      const inc = v ?? c;
      const result = a.result.strategies.find((x) => x.id === s.id);
      const parity = v
        ? v.costParityYear
        : c && result && socResult
          ? costParityYear(result, socResult, a.result.cycleYears)
          : null;
      const row: Record<string, unknown> = {
        disease: a.disease,
        preset: a.preset.id,
        population: a.population,
        strategy: s.id,
        label: s.label,
        cost: s.cost,
        qalys: s.qalys,
        life_years: s.lifeYears,
        cost_undiscounted: s.costUndiscounted,
        qalys_undiscounted: s.qalysUndiscounted,
        life_years_undiscounted: s.lifeYearsUndiscounted,
        incremental_cost: inc ? inc.incrementalCost : null,
        incremental_qalys: inc ? inc.incrementalQalys : null,
        ...icerColumns(inc?.incrementalCost, inc?.incrementalQalys),
        wtp: a.wtp,
        incremental_nmb: inc ? inc.nmb : null,
        incremental_evly: v ? v.incrementalEvly : null,
        cost_per_evlyg: v ? v.costPerEvlyg : null,
        cost_parity_year: parity,
        current_price: v ? v.thresholds[0].currentPrice : null,
      };
      for (const sc of a.scenarios) {
        const t = v?.thresholds.find((x) => x.scenario === sc.id);
        row[`cost_neutral_price_${sc.id}`] = t ? t.costNeutralPrice : null;
        row[`cost_effective_price_${sc.id}`] = t ? t.costEffectivePrice : null;
      }
      row.currency = a.preset.currency;
      row.price_year = a.preset.priceYear;
      push(cols, { ...row, ...scenarioColumns(a) });
    }
  }
  return cols;
}

/** Threshold prices, long: population × strategy × offset scenario. */
export function cartThresholdTable(analyses: CartAnalysis[]): Columns {
  const cols: Record<string, unknown[]> = {};
  for (const a of analyses)
    for (const v of a.versusSoc)
      for (const t of v.thresholds)
        push(cols, {
          disease: a.disease,
          population: a.population,
          strategy: v.strategy,
          scenario: t.scenario,
          scenario_label: t.scenarioLabel,
          incremental_cost: t.incrementalCost,
          current_price: t.currentPrice,
          cost_neutral_price: t.costNeutralPrice,
          cost_effective_price: t.costEffectivePrice,
          wtp: t.wtp,
          currency: a.preset.currency,
          price_year: a.preset.priceYear,
          ...scenarioColumns(a),
        });
  return cols;
}

/** Discounted and undiscounted cost by component and health state, per strategy. */
export function cartComponentTable(a: CartAnalysis): Columns {
  const cols: Record<string, unknown[]> = {};
  const labels = new Map(a.result.values.map((v) => [v.id, v.label]));
  const labelIn = strategyLabeller(a);
  for (const s of a.result.strategies) {
    for (const v of a.result.values) {
      if (v.kind !== "cost") continue;
      push(cols, {
        population: a.population,
        strategy: s.id,
        component: v.id,
        label: labelIn(s.id, labels.get(v.id) ?? v.id),
        discounted: s.values[v.id].discounted,
        undiscounted: s.values[v.id].undiscounted,
        currency: a.preset.currency,
        price_year: a.preset.priceYear,
        ...scenarioColumns(a),
      });
    }
  }
  return cols;
}

/** Every parameter used, with its value in the analysis currency and price year and its provenance. */
export function cartParameterTable(a: CartAnalysis): Columns {
  const cols: Record<string, unknown[]> = {};
  for (const p of a.model.provenance) {
    push(cols, {
      parameter: p.parameter,
      id: p.id,
      disease: a.disease,
      strategy: p.strategy,
      value: p.value,
      source_value: p.row.value,
      source_currency: p.row.currency,
      source_price_year: p.row.priceYear,
      price_kind: p.row.priceKind,
      transfer: p.transfer,
      unverified_index: p.unverified.length ? p.unverified.join("; ") : null,
      conversion_factor: p.factor,
      low: p.row.low === null ? null : p.row.low * p.factor,
      high: p.row.high === null ? null : p.row.high * p.factor,
      distribution: p.row.distribution,
      unit: p.row.currency ? `${a.preset.currency} ${a.preset.priceYear}` : p.row.unit,
      status: p.overridden ? "user override" : p.row.status,
      source_id: p.row.sourceId,
      file: p.row.file,
      row: p.row.row,
    });
  }
  return cols;
}

/**
 * The Scenario explorer's "by health state" table as shown and downloaded: per strategy one row per
 * health state (`kind` "state": life years, QALYs and costs summed over the values of each kind), then one row per transition that carries costs (`kind`
 * "transition", e.g. Waiting → Infusion: the product and the hospital episode; `state` "from → to",
 * the label naming both states) and one for one-off costs at time 0 (`kind` "one-off", `state` null,
 * not discounted), so each strategy's costs add up to its total cost. Life years and QALYs of a
 * transition or one-off row are null (blank in a CSV), never 0: they belong to no state. Also
 * `cartecon cart --states`, so the page's download and the CLI's file are the same.
 */
export function cartStateCostTable(a: CartAnalysis): Columns {
  const cols: Record<string, unknown[]> = {};
  const costIds = new Set(a.result.values.filter((v) => v.kind === "cost").map((v) => v.id));
  const qalyIds = a.result.values.filter((v) => v.kind === "utility").map((v) => v.id);
  const labelIn = strategyLabeller(a);
  const common = { currency: a.preset.currency, price_year: a.preset.priceYear, ...scenarioColumns(a) };
  const noState = {
    life_years_discounted: null,
    life_years_undiscounted: null,
    qalys_discounted: null,
    qalys_undiscounted: null,
  };
  for (const s of a.result.strategies) {
    const stateLabel = new Map(s.byState.map((st) => [st.state, st.label]));
    const nameOf = (id: string) => labelIn(s.id, stateLabel.get(id) ?? id);
    const base = { disease: a.disease, population: a.population, strategy: s.id };
    for (const st of s.byState) {
      const sum = (ids: Iterable<string>, k: "discounted" | "undiscounted") => {
        let acc = 0;
        for (const id of ids) acc += st.values[id]?.[k] ?? 0;
        return acc;
      };
      push(cols, {
        ...base,
        state: st.state,
        kind: "state",
        label: labelIn(s.id, st.label),
        life_years_discounted: st.lifeYears.discounted,
        life_years_undiscounted: st.lifeYears.undiscounted,
        qalys_discounted: sum(qalyIds, "discounted"),
        qalys_undiscounted: sum(qalyIds, "undiscounted"),
        cost_discounted: sum(costIds, "discounted"),
        cost_undiscounted: sum(costIds, "undiscounted"),
        ...common,
      });
    }
    const byTransition = new Map<string, { from: string; to: string; discounted: number; undiscounted: number }>();
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
        push(cols, {
          ...base,
          state: key,
          kind: "transition",
          label: `Moving from ${nameOf(x.from)} to ${nameOf(x.to)} (not a state)`,
          ...noState,
          cost_discounted: x.discounted,
          cost_undiscounted: x.undiscounted,
          ...common,
        });
    // One-off costs fall at time 0, where the discount factor is 1.
    let oneOff = 0;
    for (const [id, v] of Object.entries(s.oneOff ?? {})) if (costIds.has(id)) oneOff += Number(v);
    if (oneOff !== 0)
      push(cols, {
        ...base,
        state: null,
        kind: "one-off",
        label: "One-off at the start (not a state)",
        ...noState,
        cost_discounted: oneOff,
        cost_undiscounted: oneOff,
        ...common,
      });
  }
  return cols;
}

/**
 * The "assumptions" sheet's parameter table: every parameter used, its value in the analysis
 * currency and price year, unit, range, distribution, status and source (id, citation, address).
 * `sources` maps a source id to its row of data/cart/sources.csv.
 */
export function cartAssumptionTable(
  a: CartAnalysis,
  sources: ReadonlyMap<string, { citation: string; url: string }>,
): Columns {
  const cols: Record<string, unknown[]> = {};
  for (const p of a.model.provenance) {
    const src = sources.get(p.row.sourceId);
    const isCost = Boolean(p.row.currency);
    push(cols, {
      parameter: p.parameter,
      strategy: p.strategy,
      value: p.value,
      unit: isCost ? `${a.preset.currency} ${a.preset.priceYear}` : p.row.unit,
      currency: isCost ? a.preset.currency : null,
      price_year: isCost ? a.preset.priceYear : null,
      low: p.row.low === null ? null : p.row.low * p.factor,
      high: p.row.high === null ? null : p.row.high * p.factor,
      distribution: p.row.distribution,
      status: p.overridden ? "user override" : p.row.status,
      source_id: p.row.sourceId,
      citation: src?.citation ?? null,
      source_url: src?.url || null,
      source_value: p.row.value,
      source_currency: p.row.currency,
      source_price_year: p.row.priceYear,
      file: p.row.file,
      row: p.row.row,
    });
  }
  return cols;
}
