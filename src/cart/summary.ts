/**
 * The Summary page's content per disease (issue [10], item 4): the key assumptions with their
 * ranges and sources, and the headline results of each CAR T platform against lifelong SoC.
 * Pure functions of an analysis; src/summary.md lays them out for print.
 */
import { costParityYear, type CartAnalysis } from "./analysis.js";
import { PLATFORMS, STRATEGY_LABELS, type PlatformId } from "./dictionary.js";
import { icerOf } from "./icer.js";

export interface KeyAssumption {
  parameter: string;
  label: string;
  value: number;
  low: number | null;
  high: number | null;
  unit: string;
  status: string;
  sourceId: string;
}

export function keyAssumptions(a: CartAnalysis): KeyAssumption[] {
  const money = `${a.preset.currency} ${a.preset.priceYear}`;
  const wanted: Array<[string, string]> = [];
  for (const p of PLATFORMS) {
    const id = (k: string) => (p === "autologous" ? k : `${k}__${p}`);
    wanted.push(
      [id("c_price"), `${STRATEGY_LABELS[p]}: price per infusion`],
      [id("p_response"), `${STRATEGY_LABELS[p]}: drug-free remission after infusion`],
      [id("r_relapse"), `${STRATEGY_LABELS[p]}: relapse rate in remission (per year)`],
    );
  }
  wanted.push(
    ["d_vein_to_vein", "Vein-to-vein time, bespoke (days)"],
    ["c_soc_drug", "Standard-of-care drug cost per year"],
    ["age_start", "Age at treatment (years)"],
  );
  const out: KeyAssumption[] = [];
  for (const [parameter, label] of wanted) {
    const p = a.model.provenance.find((x) => x.parameter === parameter);
    if (!p) continue;
    out.push({
      parameter,
      label,
      value: p.value,
      low: p.row.low === null || p.overridden ? null : p.row.low * p.factor,
      high: p.row.high === null || p.overridden ? null : p.row.high * p.factor,
      unit: p.row.currency ? money : p.row.unit,
      status: p.overridden ? "user override" : p.row.status,
      sourceId: p.row.sourceId,
    });
  }
  return out;
}

export interface Headline {
  strategy: string;
  label: string;
  incrementalCost: number;
  incrementalQalys: number;
  /** "dominant", "dominated" or the ICER per QALY. */
  icer: number | "dominant" | "dominated";
  nmb: number;
  costParityYear: number | null;
  currentPrice: number;
  costNeutralPrice: number;
  costEffectivePrice: number;
}

/** Each CAR T platform against lifelong SoC, threshold prices under the standard offset scenario (the first). */
export function headlines(a: CartAnalysis): Headline[] {
  return a.versusSoc.map((v) => {
    const t = v.thresholds[0];
    const icer = icerOf(v.incrementalCost, v.incrementalQalys);
    return {
      strategy: v.strategy,
      label: STRATEGY_LABELS[v.strategy as PlatformId] ?? v.strategy,
      incrementalCost: v.incrementalCost,
      incrementalQalys: v.incrementalQalys,
      icer,
      nmb: v.nmb,
      costParityYear: v.costParityYear,
      currentPrice: t.currentPrice,
      costNeutralPrice: t.costNeutralPrice,
      costEffectivePrice: t.costEffectivePrice,
    };
  });
}

/** A comparator's headline: no threshold prices (they are CAR T prices), the rest as a platform's. */
export type ComparatorHeadline = Omit<Headline, "currentPrice" | "costNeutralPrice" | "costEffectivePrice">;

/**
 * Each of the disease's other comparators (data/cart/comparators.csv: autologous HSCT, ...) against
 * lifelong SoC, so the headline table lists every strategy the Summary's PSA table does.
 */
export function comparatorHeadlines(a: CartAnalysis): ComparatorHeadline[] {
  const soc = a.result.strategies.find((s) => s.id === "soc")!;
  return a.comparators.map((c) => ({
    strategy: c.strategy,
    label: c.label,
    incrementalCost: c.incrementalCost,
    incrementalQalys: c.incrementalQalys,
    icer: icerOf(c.incrementalCost, c.incrementalQalys),
    nmb: c.nmb,
    costParityYear: costParityYear(
      a.result.strategies.find((s) => s.id === c.strategy)!,
      soc,
      a.result.cycleYears,
    ),
  }));
}
