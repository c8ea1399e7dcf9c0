/**
 * Analyses of the CAR T model for one disease: totals by strategy, incremental results against
 * standard of care and across strategies, net monetary benefit, cost-parity year, threshold prices
 * (cost-neutral and cost-effective, under each cost-offset scenario), equal-value life years
 * (ICER) and the NICE severity modifier, for intention-to-treat and per-infused-patient results.
 */
import { heldEndsSentence, type InertEnd } from "../uncertainty/dsa.js";
import { compileCached } from "../model/compile/cache.js";
import type { CompiledModel } from "../model/compile/compile.js";
import { evaluate, type ModelResult, type StrategyResult } from "../model/run/evaluate.js";
import { incrementalAnalysis, type IncrementalRow } from "../model/summarize/incremental.js";
import { exp, pow } from "../model/math.js";
import type { ModelSpec, TableSpec } from "../model/spec/spec.js";
import { PLATFORMS, type PlatformId } from "./dictionary.js";
import type { Evidence } from "./evidence.js";
import { ADJUSTED, buildCartModel, CARE_COST_VALUES, type BuiltModel, type CartOptions } from "./model.js";
import { offsetCapIn, type Preset } from "./presets.js";
import { weibullShare } from "./durability.js";
import { strategyLabeller } from "./labels.js";
import { normAtAge, UK_EQ5D3L_NORMS, type PopulationNorms } from "./norms.js";
import { icerLabel } from "./icer.js";

/**
 * How much of the lifelong-care costs that a one-time therapy avoids a payer credits: ICER's
 * scenarios for single or short-term therapies as Chapman et al. (Value Health 2021;24:839)
 * describe them.
 */
export interface OffsetScenario {
  id: string;
  label: string;
  /**
   * Cap on the comparator arm's annual lifelong-care cost per patient alive (ICER: $150,000 per year),
   * or null. The alternative reading, a cap per responder person-year on the offset, is documented in
   * docs/methods.md and not implemented.
   */
  annualCap: number | null;
  /** Share of positive offsets credited to the health system (ICER's shared-savings scenario: 0.5), or 1. */
  share: number;
  /** Credit the average annual offset over the horizon for this many years instead of the offsets themselves, or null. */
  years: number | null;
}

const THOUSANDS = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** The cost-offset scenarios; `evidence` converts the cap when it is set in another currency than the preset's. */
export function offsetScenarios(preset: Preset, evidence?: Evidence, yearsLimit = 12): OffsetScenario[] {
  if (!evidence && preset.offsetCap.currency !== preset.currency) {
    throw new Error(
      `offsetScenarios: preset ${preset.id} needs the evidence tables to convert its ${preset.offsetCap.currency} offset cap to ${preset.currency}`,
    );
  }
  const cap = evidence ? offsetCapIn(preset, evidence) : preset.offsetCap.amount;
  return [
    { id: "standard", label: "Standard analysis (all offsets credited)", annualCap: null, share: 1, years: null },
    {
      id: "cap",
      label: `Comparator arm's annual care cost capped at ${THOUSANDS.format(Math.round(cap))} ${preset.currency} per patient (ICER)`,
      annualCap: cap,
      share: 1,
      years: null,
    },
    {
      id: "shared",
      label: "Shared savings: 50% of offsets credited to the health system (ICER)",
      annualCap: null,
      share: 0.5,
      years: null,
    },
    {
      id: "years",
      label: `${yearsLimit} years of the average annual offset (a summary measure, not an ICER scenario)`,
      annualCap: null,
      share: 1,
      years: yearsLimit,
    },
  ];
}

export interface StrategySummary {
  id: string;
  label: string;
  cost: number;
  costUndiscounted: number;
  qalys: number;
  qalysUndiscounted: number;
  lifeYears: number;
  lifeYearsUndiscounted: number;
  /** Discounted cost per component (value id). */
  components: Record<string, number>;
}

export interface VersusSoc {
  strategy: string;
  incrementalCost: number;
  incrementalQalys: number;
  incrementalLifeYears: number;
  icer: number | null;
  nmb: number;
  incrementalEvly: number | null;
  costPerEvlyg: number | null;
  /** First year from which cumulative discounted SoC cost stays at or above the strategy's, or null (not within the horizon). */
  costParityYear: number | null;
  thresholds: ThresholdPrice[];
}

export interface ThresholdPrice {
  scenario: string;
  scenarioLabel: string;
  /** Incremental cost against SoC under the scenario at the current price. */
  incrementalCost: number;
  /** Product price at which the strategy costs the same as SoC. */
  costNeutralPrice: number;
  /** Product price at which incremental NMB is 0 at the willingness to pay. */
  costEffectivePrice: number;
  wtp: number;
  currentPrice: number;
}

/** A non-CAR T strategy against standard of care: its own ICER (is the comparator itself cost-effective?). */
export interface ComparatorVersusSoc {
  strategy: string;
  label: string;
  kind: "chronic" | "one-time";
  incrementalCost: number;
  incrementalQalys: number;
  icer: number | null;
  nmb: number;
  /** Net monetary benefit at the threshold is >= 0 against standard of care. */
  costEffective: boolean;
}

/** A CAR T platform against one non-CAR T strategy (standard of care or another comparator). */
export interface CartVersusComparator {
  platform: string;
  comparator: string;
  incrementalCost: number;
  incrementalQalys: number;
  icer: number | null;
  nmb: number;
}

/** Share of responders still in drug-free remission 2 and 5 years after infusion (relapse only; under the structural scenario). */
export interface DurabilityShare {
  strategy: string;
  at2: number;
  at5: number;
}

/**
 * A state in which a year of survival is worth less than it costs at the threshold: its annual cost
 * exceeds WTP × its annual QALYs (per person-year in the state, discounted, as the model accrued
 * them). Where such states carry many life years, deaths raise net monetary benefit.
 */
export interface NegativeSurvivalState {
  strategy: string;
  /** The strategy's label, e.g. "Lifelong standard of care". */
  strategyLabel: string;
  state: string;
  /** The state's label in that strategy's rows (src/cart/labels.ts), e.g. "Active disease on standard of care". */
  stateLabel: string;
  costPerYear: number;
  qalysPerYear: number;
  wtp: number;
}

export interface CartAnalysis {
  disease: string;
  /** States with a negative net benefit of survival, by strategy. */
  negativeSurvival: NegativeSurvivalState[];
  /**
   * Warnings for reading the results, naming states and strategies by their labels (state ids in
   * parentheses), e.g. "negative net benefit of survival in Irreversible damage (Damage) in Lifelong
   * standard of care, Bespoke autologous CAR T: ...".
   */
  warnings: string[];
  /** The structural scenario used (durability of remission). */
  structuralScenario: BuiltModel["structuralScenario"];
  /** What the relapse parameters imply: share still in remission at 2 and 5 years, per one-time strategy. */
  durabilityShares: DurabilityShare[];
  /** Non-CAR T strategies besides SoC, each against SoC. */
  comparators: ComparatorVersusSoc[];
  /** Every CAR T platform against every non-CAR T strategy (SoC included). */
  versusComparators: CartVersusComparator[];
  preset: Preset;
  population: "intention to treat" | "infused patients";
  wtp: number;
  model: BuiltModel;
  /** The compiled model, shared by scenarios that differ only in parameter values: this scenario's values are those of `model.spec` (see compileCached). */
  compiled: CompiledModel;
  result: ModelResult;
  strategies: StrategySummary[];
  versusSoc: VersusSoc[];
  incremental: IncrementalRow[];
  severity: Severity | null;
  /** How health-state utilities meet the general population's: age adjustment, cap, and the base rows above the norms. */
  utilityNorms: UtilityNorms;
  scenarios: OffsetScenario[];
  /** Results against SoC with the preset's alternative discount rates (UK: 1.5%), or null. */
  discountScenario: {
    rates: { costs: number; outcomes: number };
    note: string;
    versusSoc: Array<{
      strategy: string;
      incrementalCost: number;
      incrementalQalys: number;
      icer: number | null;
      nmb: number;
    }>;
  } | null;
}

export interface Severity {
  /** Discounted QALYs the general population of the same age and sex would expect. */
  generalPopulationQalys: number;
  absoluteShortfall: number;
  proportionalShortfall: number;
  /** NICE QALY weight: 1, 1.2 or 1.7. */
  modifier: number;
  note: string;
}

/** Average utility ICER applies to life years gained in the equal-value life year (evLYG) measure. */
export const EVLY_UTILITY = 0.851;

const priceParam = (p: PlatformId) => (p === "autologous" ? "c_price" : `c_price__${p}`);

export interface RunCartOptions extends CartOptions {
  wtp?: number;
  scenarios?: OffsetScenario[];
}

export function runCart(
  evidence: Evidence,
  disease: string,
  preset: Preset,
  lifeTable: TableSpec,
  options: RunCartOptions = {},
): CartAnalysis {
  const built = buildCartModel(evidence, disease, preset, lifeTable, options);
  // Scenarios that change only parameter values share one compiled model (see compileCached).
  const { model: compiled, parameters: values } = compileCached(built.spec);
  const result = evaluate(compiled, { parameters: values, trace: true, perCycle: true });
  const valueOf = (id: string) =>
    Object.hasOwn(values, id) ? values[id] : (compiled.paramIndex.get(id)!.value as number);
  const wtp = options.wtp ?? preset.wtp[0];
  const scenarios = options.scenarios ?? offsetScenarios(preset, evidence);
  const soc = result.strategies.find((s) => s.id === "soc")!;
  const comparatorRows = evidence.comparators.filter((c) => c.disease === disease);
  const incremental = incrementalAnalysis(
    result.strategies.map((s) => ({ id: s.id, cost: s.cost.discounted, effect: s.qalys.discounted })),
    { wtp, comparator: "soc" },
  );
  const negativeSurvival = negativeSurvivalStates(result, wtp, strategyLabeller({ comparators: comparatorRows }));
  return {
    disease,
    negativeSurvival,
    warnings: negativeSurvivalWarnings(negativeSurvival),
    structuralScenario: built.structuralScenario,
    durabilityShares: durabilitySharesOf(built, result, valueOf, comparatorRows),
    ...comparatorResults(result, comparatorRows, wtp),
    preset,
    discountScenario:
      preset.discountScenario && !options.discount ? discountScenarioOf(compiled, values, preset, wtp) : null,
    population: options.intentionToTreat === false ? "infused patients" : "intention to treat",
    wtp,
    model: built,
    compiled,
    result,
    strategies: result.strategies.map((s) => summarise(s)),
    versusSoc: versusSocRows({ compiled, values, valueOf, result, soc, preset, scenarios, wtp }),
    incremental,
    severity: preset.severityModifier ? severity(built, soc, lifeTable) : null,
    utilityNorms: utilityNorms(built, preset.utilityNorms, valueOf, compiled, values, wtp),
    scenarios,
  };
}

/** What versusSocRows reads: the evaluated model, its parameter values and the analysis settings. */
interface VersusSocInputs {
  compiled: CompiledModel;
  values: Record<string, number>;
  valueOf: (id: string) => number;
  result: ModelResult;
  soc: StrategyResult;
  preset: Preset;
  scenarios: OffsetScenario[];
  wtp: number;
}

/** `s` against `against` at `wtp`: discounted incremental cost and QALYs, ICER (null for equal QALYs) and NMB. */
function increments(s: StrategyResult, against: StrategyResult, wtp: number) {
  const dC = s.cost.discounted - against.cost.discounted;
  const dQ = s.qalys.discounted - against.qalys.discounted;
  return { incrementalCost: dC, incrementalQalys: dQ, icer: dQ !== 0 ? dC / dQ : null, nmb: wtp * dQ - dC };
}

/** Each CAR T platform against standard of care: increments, NMB, evLYG, cost-parity year and threshold prices. */
function versusSocRows(x: VersusSocInputs): VersusSoc[] {
  const { compiled, values, valueOf, result, soc, preset, scenarios, wtp } = x;
  // Costs are linear in each platform's product price p: cost(p) = cost(0) + p * n, where n is the
  // expected discounted number of infusions, read off the product cost (c_cart_product = p * n).
  // With a price of 0 the model is evaluated once more at a price of 1.
  const unitPrice: Record<string, number> = {};
  for (const p of PLATFORMS) if (!(valueOf(priceParam(p)) > 0)) unitPrice[priceParam(p)] = 1;
  const atUnit = Object.keys(unitPrice).length
    ? evaluate(compiled, { parameters: { ...values, ...unitPrice }, trace: false, perCycle: false })
    : null;

  return PLATFORMS.map((p) => {
    const s = result.strategies.find((x) => x.id === p)!;
    const price = valueOf(priceParam(p));
    const slope =
      price > 0
        ? s.values.c_cart_product.discounted / price
        : atUnit!.strategies.find((x) => x.id === p)!.values.c_cart_product.discounted;
    const inc = increments(s, soc, wtp);
    const { incrementalCost: dC, incrementalQalys: dQ } = inc;
    const evly = preset.evLYG ? evlyGained(s, soc, result.cycleYears) : null;
    const thresholds = scenarios.map((sc) => {
      const dCs = dC + offsetAdjustment(s, soc, sc, result);
      const dC0 = dCs - slope * price; // incremental cost with a product price of 0
      return {
        scenario: sc.id,
        scenarioLabel: sc.label,
        incrementalCost: dCs,
        costNeutralPrice: slope > 0 ? -dC0 / slope : NaN,
        costEffectivePrice: slope > 0 ? (wtp * dQ - dC0) / slope : NaN,
        wtp,
        currentPrice: price,
      };
    });
    return {
      strategy: p,
      incrementalCost: dC,
      incrementalQalys: dQ,
      incrementalLifeYears: s.lifeYears.discounted - soc.lifeYears.discounted,
      icer: inc.icer,
      nmb: inc.nmb,
      incrementalEvly: evly,
      costPerEvlyg: evly !== null && evly !== 0 ? dC / evly : null,
      costParityYear: costParityYear(s, soc, result.cycleYears),
      thresholds,
    };
  });
}

/** Each platform against standard of care with the preset's alternative discount rates (the preset must have them). */
function discountScenarioOf(
  compiled: CompiledModel,
  values: Record<string, number>,
  preset: Preset,
  wtp: number,
): NonNullable<CartAnalysis["discountScenario"]> {
  const rates = preset.discountScenario!;
  const alt = evaluate(compiled, { parameters: values, discount: rates, trace: false, perCycle: false });
  const altSoc = alt.strategies.find((x) => x.id === "soc")!;
  return {
    rates: { costs: rates.costs, outcomes: rates.outcomes },
    note: rates.note,
    versusSoc: PLATFORMS.map((p) => ({
      strategy: p,
      ...increments(
        alt.strategies.find((y) => y.id === p)!,
        altSoc,
        wtp,
      ),
    })),
  };
}

type ComparatorRow = Evidence["comparators"][number];

/** The disease's other non-CAR T strategies against SoC, and every platform against every non-CAR T strategy. */
function comparatorResults(
  result: ModelResult,
  comparatorRows: ComparatorRow[],
  wtp: number,
): Pick<CartAnalysis, "comparators" | "versusComparators"> {
  const byId = new Map(result.strategies.map((s) => [s.id, s]));
  const soc = byId.get("soc")!;
  const comparators: ComparatorVersusSoc[] = comparatorRows.map((c) => {
    const inc = increments(byId.get(c.strategy)!, soc, wtp);
    return { strategy: c.strategy, label: c.label, kind: c.kind, ...inc, costEffective: inc.nmb >= 0 };
  });
  const versusComparators: CartVersusComparator[] = PLATFORMS.flatMap((p) =>
    ["soc", ...comparatorRows.map((c) => c.strategy)].map((cid) => ({
      platform: p,
      comparator: cid,
      ...increments(byId.get(p)!, byId.get(cid)!, wtp),
    })),
  );
  return { comparators, versusComparators };
}

/** Share of responders still in remission at 2 and 5 years, per one-time strategy, under the structural scenario. */
function durabilitySharesOf(
  built: BuiltModel,
  result: ModelResult,
  valueOf: (id: string) => number,
  comparatorRows: ComparatorRow[],
): DurabilityShare[] {
  const d = built.structuralScenario.durability;
  const share = (strategy: string, t: number) => {
    const sfx = strategy === "autologous" ? "" : `__${strategy}`;
    const r = valueOf(`r_relapse${sfx}`);
    const k = valueOf(`k_relapse${sfx}`);
    const hold = valueOf("m_relapse_horizon") / 12;
    // Weibull cumulative hazard up to the horizon, constant hazard after it (as in the model).
    const perCycleAfter = r * (pow(hold + result.cycleYears, k) - pow(hold, k));
    const s =
      t <= hold
        ? weibullShare(r, k, t)
        : weibullShare(r, k, hold) * exp(-(perCycleAfter / result.cycleYears) * (t - hold));
    if (d.kind === "limited" && t > d.years) return 0;
    return d.kind === "cure" ? d.cureFraction + (1 - d.cureFraction) * s : s;
  };
  const oneTime = [...PLATFORMS, ...comparatorRows.filter((c) => c.kind === "one-time").map((c) => c.strategy)];
  return oneTime.map((strategy) => ({ strategy, at2: share(strategy, 2), at5: share(strategy, 5) }));
}

/**
 * States (per strategy) whose annual cost exceeds WTP × their annual QALYs; only states with at least
 * 0.01 discounted life years. `labelIn` gives a state's label in a strategy's rows (src/cart/labels.ts);
 * by default the model's label.
 */
export function negativeSurvivalStates(
  result: ModelResult,
  wtp: number,
  labelIn: (strategy: string, label: string) => string = (_, label) => label,
): NegativeSurvivalState[] {
  const costIds = result.values.filter((v) => v.kind === "cost").map((v) => v.id);
  const qalyIds = result.values.filter((v) => v.kind === "utility").map((v) => v.id);
  const out: NegativeSurvivalState[] = [];
  for (const s of result.strategies) {
    for (const st of s.byState) {
      const ly = st.lifeYears.discounted;
      if (!(ly >= 0.01)) continue;
      const cost = costIds.reduce((a, id) => a + (st.values[id]?.discounted ?? 0), 0) / ly;
      const q = qalyIds.reduce((a, id) => a + (st.values[id]?.discounted ?? 0), 0) / ly;
      if (cost > wtp * q)
        out.push({
          strategy: s.id,
          strategyLabel: s.label,
          state: st.state,
          stateLabel: labelIn(s.id, st.label),
          costPerYear: cost,
          qalysPerYear: q,
          wtp,
        });
    }
  }
  return out;
}

/**
 * One warning per disease naming the states (label, then id in parentheses) and the strategies (labels)
 * in which they occur. A state whose label differs between strategies (a one-time comparator's own
 * wording, src/cart/labels.ts) is named once per wording.
 */
export function negativeSurvivalWarnings(states: NegativeSurvivalState[]): string[] {
  if (!states.length) return [];
  const byState = new Map<string, string[]>();
  for (const x of states) {
    const key = `${x.stateLabel} (${x.state})`;
    byState.set(key, [...(byState.get(key) ?? []), x.strategyLabel]);
  }
  const parts = [...byState].map(([st, strategies]) => `${st} in ${strategies.join(", ")}`);
  return [
    `negative net benefit of survival in ${parts.join("; ")}: a year alive in these states costs more than the threshold values its QALYs, so deaths there raise net monetary benefit`,
  ];
}

function summarise(s: StrategyResult): StrategySummary {
  const components: Record<string, number> = {};
  for (const [id, v] of Object.entries(s.values)) components[id] = v.discounted;
  return {
    id: s.id,
    label: s.label,
    cost: s.cost.discounted,
    costUndiscounted: s.cost.undiscounted,
    qalys: s.qalys.discounted,
    qalysUndiscounted: s.qalys.undiscounted,
    lifeYears: s.lifeYears.discounted,
    lifeYearsUndiscounted: s.lifeYears.undiscounted,
    components,
  };
}

/** Cumulative discounted cost at each time point 0..T (index 0 = one-off costs at time 0). */
export function cumulativeCost(s: StrategyResult): Float64Array {
  const costs = Object.entries(s.perCycle!.values)
    .filter(([id]) => !id.startsWith("qaly"))
    .map(([, v]) => v.discounted);
  const n = Object.values(s.perCycle!.values)[0].discounted.length;
  const out = new Float64Array(n);
  let acc = 0;
  for (let t = 0; t < n; t++) {
    for (let i = 0; i < costs.length; i++) acc += costs[i][t];
    out[t] = acc;
  }
  return out;
}

/**
 * Cost-parity year: the first time (in years from the start) from which the cumulative discounted
 * cost of standard of care stays at or above the strategy's until the end of the horizon; null if
 * that never happens.
 */
export function costParityYear(s: StrategyResult, soc: StrategyResult, cycleYears: number): number | null {
  const a = cumulativeCost(s);
  const b = cumulativeCost(soc);
  let first: number | null = null;
  for (let t = a.length - 1; t >= 0; t--) {
    if (b[t] >= a[t]) first = t;
    else break;
  }
  return first === null ? null : first * cycleYears;
}

/**
 * Discounted adjustment to a strategy's cost (vs SoC) when the payer credits only part of the
 * lifelong-care costs it avoids. Per year y (cycles in (y-1, y] years), on undiscounted
 * lifelong-care costs (CARE_COST_VALUES): the offset is O_y = care_SoC(y) - care_strategy(y), and
 * D_y = (1 + r)^-(y - 1/2) discounts it at mid-year. What is credited:
 * - cap: the comparator arm's care cost is capped per patient alive, min(care_SoC(y), cap × LY_SoC(y))
 *   with LY_SoC(y) its life years in year y, so C_y = min(care_SoC(y), cap × LY_SoC(y)) - care_strategy(y);
 * - share: C_y = share × O_y when O_y > 0 (extra costs always count in full), after the cap;
 * - years: the average annual credited offset over the horizon, C̄ = Σ C_y / nYears (C_y after any
 *   cap and share; O_y without them), for the first `years` years: Σ_{y <= years} C̄ D_y in place of
 *   Σ_y C_y D_y. A summary measure ("12 years of the average offset"), not one of ICER's scenarios.
 * The adjustment adds back what is not credited: Σ_y O_y D_y - credited.
 */
export function offsetAdjustment(
  s: StrategyResult,
  soc: StrategyResult,
  sc: OffsetScenario,
  result: ModelResult,
): number {
  if (sc.annualCap === null && sc.share === 1 && sc.years === null) return 0;
  const perYear = Math.round(1 / result.cycleYears);
  const T = result.nCycles;
  const nYears = Math.ceil(T / perYear);
  const socSeries = CARE_COST_VALUES.map((id) => soc.perCycle!.values[id].undiscounted);
  const sSeries = CARE_COST_VALUES.map((id) => s.perCycle!.values[id].undiscounted);
  const socLy = soc.perCycle!.lifeYears.undiscounted;
  const creditedByYear: number[] = [];
  let full = 0;
  let credited = 0;
  for (let y = 1; y <= nYears; y++) {
    let careSoc = 0;
    let careS = 0;
    let ly = 0;
    for (let t = (y - 1) * perYear + 1; t <= Math.min(y * perYear, T); t++) {
      for (let i = 0; i < socSeries.length; i++) {
        careSoc += socSeries[i][t];
        careS += sSeries[i][t];
      }
      ly += socLy[t];
    }
    const d = pow(1 + result.discount.costs, -(y - 0.5));
    const offset = careSoc - careS;
    full += offset * d;
    let c = sc.annualCap === null ? offset : Math.min(careSoc, sc.annualCap * ly) - careS;
    if (c > 0) c *= sc.share;
    creditedByYear.push(c);
    credited += c * d;
  }
  if (sc.years !== null) {
    const mean = creditedByYear.reduce((a, b) => a + b, 0) / nYears;
    credited = 0;
    for (let y = 1; y <= Math.min(sc.years, nYears); y++) credited += mean * pow(1 + result.discount.costs, -(y - 0.5));
  }
  return full - credited;
}

/**
 * Equal-value life years gained (ICER): in each cycle, the strategy's QALYs while its survival does
 * not exceed the comparator's, and EVLY_UTILITY per life year beyond it; minus the comparator's QALYs.
 */
export function evlyGained(s: StrategyResult, soc: StrategyResult, cycleYears: number): number {
  const ly = s.perCycle!.lifeYears.discounted;
  const lyC = soc.perCycle!.lifeYears.discounted;
  const qalySeries = (r: StrategyResult) => {
    const out = new Float64Array(ly.length);
    for (const [id, v] of Object.entries(r.perCycle!.values))
      if (id.startsWith("qaly")) for (let t = 0; t < out.length; t++) out[t] += v.discounted[t];
    return out;
  };
  const q = qalySeries(s);
  const qC = qalySeries(soc);
  let evly = 0;
  let qSoc = 0;
  for (let t = 0; t < ly.length; t++) {
    qSoc += qC[t];
    if (ly[t] <= lyC[t] || ly[t] === 0) evly += q[t];
    else evly += (q[t] * lyC[t]) / ly[t] + (ly[t] - lyC[t]) * EVLY_UTILITY;
  }
  void cycleYears;
  return evly - qSoc;
}

/**
 * NICE severity modifier weight from the QALY shortfall (NICE health technology evaluations manual 2022,
 * section 6.2.15): 1.7 if the proportional shortfall is at least 0.95 or the absolute at least 18 QALYs;
 * 1.2 if at least 0.85 or at least 12; otherwise 1.
 */
export function severityWeight(absoluteShortfall: number, proportionalShortfall: number): number {
  if (proportionalShortfall >= 0.95 || absoluteShortfall >= 18) return 1.7;
  if (proportionalShortfall >= 0.85 || absoluteShortfall >= 12) return 1.2;
  return 1;
}

/**
 * Discounted quality-adjusted life expectancy of the general population with the model's start age,
 * sex mix, cycle, horizon and discount rates: background mortality from `lifeTable` and EQ-5D-3L
 * population norms by age and sex from `norms` (ages below its first row use the first row).
 */
export function generalPopulationQalys(
  spec: ModelSpec,
  lifeTable: TableSpec,
  norms: TableSpec = UK_EQ5D3L_NORMS,
): number {
  const pMale = (spec.cohorts ?? []).find((c) => c.id === "male")?.weight ?? 0;
  const first = norms.columns[norms.key][0];
  const general: ModelSpec = {
    name: "general population quality-adjusted life expectancy",
    settings: { ...spec.settings, method: "half-cycle" },
    tables: { lt: lifeTable, norms },
    parameters: { male: 0 },
    values: [{ id: "u", kind: "utility" }],
    states: [
      {
        id: "Alive",
        values: {
          u: `male ? lookup("norms", "Male", max(age, ${first})) : lookup("norms", "Female", max(age, ${first}))`,
        },
      },
      { id: "Dead", dead: true },
    ],
    transitions: {
      Alive: {
        Alive: "C",
        Dead: 'rateToProb(male ? lookup("lt", "Male", age) : lookup("lt", "Female", age), cycleLength)',
      },
      Dead: { Dead: 1 },
    },
    init: { Alive: 1 },
    cohorts: [
      { id: "female", weight: 1 - pMale, parameters: { male: 0 } },
      { id: "male", weight: pMale, parameters: { male: 1 } },
    ],
  };
  const { model, parameters } = compileCached(general);
  return evaluate(model, { parameters, trace: false, perCycle: false }).strategies[0].qalys.discounted;
}

/**
 * Health-state utilities against the general population's of the same age and sex (the preset's
 * norms, src/cart/norms.ts): the age adjustment (f_utility_age) and cap (f_utility_cap) in force, the
 * norms at the start age, the health-state utilities of the base rows above them there, and those the
 * cap holds down at some age of the horizon, from which age for each sex.
 */
export interface UtilityNorms {
  ageAdjustment: number;
  cap: number;
  /** The norms' name in sentences, e.g. "EQ-5D-3L norms for England (HSE 2014)", and source id in data/cart/sources.csv. */
  norms: string;
  sourceId: string;
  startAge: number;
  /** The norms at the start age (completed years; the table's first row below its first age, its last above). */
  women: number;
  men: number;
  /** Health-state utilities (base rows) above the norm of either sex at the start age. */
  above: Array<{ id: string; value: number; women: boolean; men: boolean }>;
  /** Health-state utilities (base rows) the cap holds down: the first age at which it binds, per sex (null: never). */
  capped: Array<{ id: string; value: number; women: number | null; men: number | null }>;
  /** Each CAR T platform against SoC without the cap (f_utility_cap 0), when the cap holds a utility down; else null. */
  readonly uncapped: UtilityScenario | null;
  /**
   * Each CAR T platform against SoC with utilities neither age-adjusted nor capped (both switches 0: the
   * model before 7 December 2026), when either switch is on; else null.
   */
  readonly unadjusted: UtilityScenario | null;
}

/** Each CAR T platform against SoC in a scenario of the utilities' switches. */
export type UtilityScenario = Array<{
  strategy: string;
  incrementalCost: number;
  incrementalQalys: number;
  icer: number | null;
  nmb: number;
}>;

function utilityNorms(
  built: BuiltModel,
  populationNorms: PopulationNorms,
  valueOf: (id: string) => number,
  compiled: CompiledModel,
  parameterValues: Record<string, number>,
  wtp: number,
): UtilityNorms {
  const [f, c, startAge] = [valueOf("f_utility_age"), valueOf("f_utility_cap"), valueOf("age_start")];
  const norm = (column: "Female" | "Male", age: number) => normAtAge(populationNorms.table, column, age);
  // The health-state utilities the states read through their adjusted copies (src/cart/model.ts).
  const ids = Object.keys(built.spec.parameters ?? {})
    .filter((id) => id.startsWith(ADJUSTED + "u_"))
    .map((id) => id.slice(ADJUSTED.length));
  const values = ids.map((id) => ({ id, value: valueOf(id) }));
  const [women, men] = [norm("Female", startAge), norm("Male", startAge)];
  // The ages of the horizon in completed years (a cycle's value uses the age at its start).
  const cycles = (built.spec.settings.horizon as { cycles: number }).cycles;
  const horizonAges = Array.from({ length: Math.ceil(cycles / 12) }, (_, k) => Math.floor(startAge) + k);
  const firstCapped = (x: number, column: "Female" | "Male"): number | null => {
    const n0 = norm(column, startAge);
    const age = horizonAges.find((a) => {
      const adjusted = x > 0 ? x * (1 - f + (f * norm(column, a)) / n0) : x;
      return adjusted > 1 - c * (1 - norm(column, a));
    });
    return age ?? null;
  };
  const capped = values
    .map((u) => ({ ...u, women: firstCapped(u.value, "Female"), men: firstCapped(u.value, "Male") }))
    .filter((u) => u.women !== null || u.men !== null);
  // The same compiled model with a switch off (only parameter values change): one more evaluation each,
  // paid only by what reads `uncapped` or `unadjusted` (the CLI's Utilities line, --json, the Scenario
  // explorer), not by every runCart (the Overview's, the drivers' runs). Computed once, on first reading.
  const scenario = (switches: Record<string, number>): UtilityScenario => {
    const alt = evaluate(compiled, { parameters: { ...parameterValues, ...switches }, trace: false, perCycle: false });
    const altSoc = alt.strategies.find((x) => x.id === "soc")!;
    return PLATFORMS.map((p) => ({
      strategy: p,
      ...increments(
        alt.strategies.find((y) => y.id === p)!,
        altSoc,
        wtp,
      ),
    }));
  };
  const lazy = <T>(compute: () => T): (() => T) => {
    let value: { v: T } | undefined;
    return () => (value ??= { v: compute() }).v;
  };
  const uncapped = lazy(() => (capped.length === 0 ? null : scenario({ f_utility_cap: 0 })));
  const unadjusted = lazy(() => (f === 0 && c === 0 ? null : scenario({ f_utility_age: 0, f_utility_cap: 0 })));
  return {
    ageAdjustment: f,
    cap: c,
    norms: populationNorms.label,
    sourceId: populationNorms.sourceId,
    startAge,
    women,
    men,
    above: values.map((u) => ({ ...u, women: u.value > women, men: u.value > men })).filter((u) => u.women || u.men),
    capped,
    // Getters (enumerable, so JSON.stringify and structured clone read them) that compute on first use.
    get uncapped() {
      return uncapped();
    },
    get unadjusted() {
      return unadjusted();
    },
  };
}

/**
 * The age adjustment and cap of health-state utilities and the utilities above the population norms or
 * held at the cap, in words for the CLI and the Scenario explorer (`num` formats a number to so many
 * decimals).
 */
export function utilityNormsSentence(u: UtilityNorms, num: (x: number, digits: number) => string): string {
  const adjusted = u.ageAdjustment === 0 ? "not age-adjusted" : `age-adjusted (f_utility_age ${u.ageAdjustment})`;
  const capped =
    u.cap === 0 ? "not capped (f_utility_cap 0)" : `capped at the general population's (f_utility_cap ${u.cap})`;
  const bySex =
    u.women === u.men ? `${num(u.women, 3)} (women and men)` : `women ${num(u.women, 3)}, men ${num(u.men, 3)}`;
  const norms = `${u.norms} at the start age ${num(u.startAge, 0)}: ${bySex}`;
  const sexes = (w: boolean, m: boolean) => (w && m ? "women and men" : w ? "women" : "men");
  const from = (w: number | null, m: number | null) =>
    w !== null && w === m
      ? `from age ${w}`
      : [w !== null ? `women from age ${w}` : "", m !== null ? `men from age ${m}` : ""].filter(Boolean).join(", ");
  const list =
    u.cap === 0
      ? u.above.length === 0
        ? "No health-state utility is above them."
        : `Above them at the start age: ${u.above.map((x) => `${x.id} ${num(x.value, 3)} (${sexes(x.women, x.men)})`).join(", ")}.`
      : u.capped.length === 0
        ? "No health-state utility reaches the cap within the horizon."
        : `Held at the cap: ${u.capped.map((x) => `${x.id} ${num(x.value, 3)} (${from(x.women, x.men)})`).join(", ")}.`;
  const results = (rows: UtilityScenario) =>
    rows
      .map(
        (x) =>
          `${x.strategy} incr. QALYs ${num(x.incrementalQalys, 3)}, ICER ${icerLabel(x.incrementalCost, x.incrementalQalys, (v) => num(v, 0))}`,
      )
      .join("; ");
  const uncapped = u.uncapped ? ` Without the cap (f_utility_cap 0): ${results(u.uncapped)}.` : "";
  const unadjusted = u.unadjusted
    ? ` Neither age-adjusted nor capped (f_utility_age 0, f_utility_cap 0): ${results(u.unadjusted)}.`
    : "";
  return `Utilities: ${adjusted}, ${capped}; ${norms}. ${list}${uncapped}${unadjusted}`;
}

/**
 * The note under a tornado whose ends the model holds (src/uncertainty/dsa.ts, heldEnds), with the reason
 * when `spec` is a CAR T model (null: another model), a held parameter is a health-state utility and its
 * cap at the population norms (f_utility_cap) is on; "" when nothing is held. `num` formats a value.
 */
export function heldEndsNote(held: InertEnd[], spec: ModelSpec | null, num?: (x: number) => string): string {
  const sentence = heldEndsSentence(held, num);
  const cap = spec?.parameters?.f_utility_cap;
  const on = typeof cap === "object" && Number(cap.value) !== 0;
  // Health-state utilities are those the states read through an adjusted, capped copy (adj_u_...).
  const utility = held.some((x) => spec?.parameters?.[ADJUSTED + x.parameter] !== undefined);
  if (!sentence || !on || !utility) return sentence;
  return `${sentence} In the CAR T model, health-state utilities above the general population's (the preset's norms, by age and, in England, sex) are held at it (f_utility_cap; docs/methods.md, structural assumption 10).`;
}

/**
 * NICE severity modifier: QALY shortfall of the SoC population against the general population of the
 * same age and sex mix (the model's life table; EQ-5D-3L norms for England of Hernández Alava, Pudney
 * & Wailoo 2022, NICE DSU, src/cart/norms.ts), both discounted.
 */
function severity(built: BuiltModel, soc: StrategyResult, lifeTable: TableSpec): Severity {
  const qale = generalPopulationQalys(built.spec, lifeTable);
  const abs = qale - soc.qalys.discounted;
  const prop = abs / qale;
  return {
    generalPopulationQalys: qale,
    absoluteShortfall: abs,
    proportionalShortfall: prop,
    modifier: severityWeight(abs, prop),
    note: `General-population QALYs from the model's life table (${lifeTable.source ?? "supplied table"}) and the EQ-5D-3L population norms for England by age and sex of Hernández Alava, Pudney & Wailoo (2022, NICE DSU; Health Survey for England 2014), as NICE's severity modifier uses them.`,
  };
}
