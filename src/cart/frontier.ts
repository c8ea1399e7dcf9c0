/**
 * The full incremental view (issue [10], item 3): every strategy of a disease — SoC, the three CAR T
 * platforms and the comparators of data/cart/comparators.csv — on the cost-effectiveness plane,
 * with the engine's dominance and extended-dominance labels and ICERs along the efficient frontier
 * (src/model/summarize/incremental.ts), per QALY and, where the preset asks for it (US, ICER's
 * reference case), per equal-value life year gained (evLYG), for intention to treat and infused patients.
 */
import type { Columns } from "../model/io/csv.js";
import { incrementalAnalysis, type IncrementalRow } from "../model/summarize/incremental.js";
import { evlyGained, type CartAnalysis } from "./analysis.js";
import { scenarioColumns } from "./tables.js";

export type FrontierMeasure = "qalys" | "evlys";

/**
 * The incremental analysis of an analysis' strategies on one measure. QALYs: the engine's own rows
 * (CartAnalysis.incremental). evLYs: each strategy's effect is SoC's discounted QALYs plus its evLYs
 * gained over SoC (evlyGained, ICER 2023 method), then the same engine function at the same WTP.
 */
export function frontierRows(a: CartAnalysis, measure: FrontierMeasure): IncrementalRow[] {
  if (measure === "qalys") return a.incremental;
  const soc = a.result.strategies.find((s) => s.id === "soc")!;
  const input = a.result.strategies.map((s) => ({
    id: s.id,
    cost: s.cost.discounted,
    effect: soc.qalys.discounted + (s.id === "soc" ? 0 : evlyGained(s, soc, a.result.cycleYears)),
  }));
  return incrementalAnalysis(input, { wtp: a.wtp, comparator: "soc" });
}

/** The measures a preset reports: QALYs always, evLYs where the preset asks for cost per evLYG (US). */
export const frontierMeasures = (a: CartAnalysis): FrontierMeasure[] =>
  a.preset.evLYG ? ["qalys", "evlys"] : ["qalys"];

/** One row per population × measure × strategy, in order of cost; labels from the analysis. */
export function frontierTable(analyses: CartAnalysis[]): Columns {
  const cols: Record<string, unknown[]> = {};
  for (const a of analyses) {
    const label = new Map(a.strategies.map((s) => [s.id, s.label]));
    for (const measure of frontierMeasures(a)) {
      for (const r of frontierRows(a, measure)) {
        const row: Record<string, unknown> = {
          disease: a.disease,
          population: a.population,
          measure: measure === "qalys" ? "QALY" : "evLY",
          strategy: r.id,
          label: label.get(r.id) ?? r.id,
          cost: r.cost,
          effect: r.effect,
          status: r.status,
          against: r.against,
          incremental_cost: r.incrementalCost,
          incremental_effect: r.incrementalEffect,
          icer: r.icer,
          wtp: a.wtp,
          incremental_nmb: r.incrementalNmb,
          currency: a.preset.currency,
          price_year: a.preset.priceYear,
          ...scenarioColumns(a),
        };
        for (const [k, v] of Object.entries(row)) (cols[k] ??= []).push(v);
      }
    }
  }
  return cols;
}
