// The Overview's answer in words, generated from the headline results (never typed): per disease,
// the price below which each platform is cost-effective, whether it pays for itself and when, and
// the durability of remission that assumes. Pure functions: no DOM, so node tests can call them.
import { displayNumber, fmt } from "./format.js";
import { parameterLabel, PLATFORMS, STRATEGY_LABELS } from "../cart/dictionary.js";
// Shared with the CLI (`cartecon psa`), so its words live beside the statistics.
export { baseVersusMeanText } from "../uncertainty/precision.js";

/**
 * @typedef {object} HeadlineRow one platform in one disease against lifelong SoC (src/data/overview.json.ts)
 * @property {string} disease
 * @property {string} strategy
 * @property {number} incremental_cost discounted, per patient
 * @property {number} incremental_qalys discounted, per patient
 * @property {number | null} cost_parity_year years, null when not within the horizon
 * @property {number} current_price per infusion
 * @property {number} cost_neutral_price per infusion
 * @property {number} cost_effective_price per infusion, at `wtp`
 * @property {number} wtp per QALY
 * @property {number | null} [remission_5y] share of responders still in drug-free remission at 5 years
 */

/**
 * What a platform is at its default price: "cost-saving" (cheaper than SoC with more QALYs, or with
 * as many),
 * "dominated" (costlier than SoC with no more QALYs, or as costly with fewer: T1D's autologous CAR T,
 * -0.0002 QALYs at a higher cost, read "not cost-effective"), "cost-effective" (net monetary benefit
 * >= 0 at the threshold) or "not cost-effective".
 * @param {HeadlineRow} r
 * @returns {"cost-saving" | "cost-effective" | "not cost-effective" | "dominated"}
 */
export function verdict(r) {
  // Cheaper with at least as many QALYs (the mirror of dominated: cheaper with equal QALYs read
  // "cost-effective" by the NMB rule, review s37).
  if ((r.incremental_cost <= 0 && r.incremental_qalys > 0) || (r.incremental_cost < 0 && r.incremental_qalys >= 0))
    return "cost-saving";
  if ((r.incremental_cost > 0 && r.incremental_qalys <= 0) || (r.incremental_cost >= 0 && r.incremental_qalys < 0))
    return "dominated";
  return r.wtp * r.incremental_qalys - r.incremental_cost >= 0 ? "cost-effective" : "not cost-effective";
}

/** "a, b and c" */
const list = (/** @type {string[]} */ xs) =>
  xs.length < 2 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;

/**
 * One paragraph per disease, e.g. "In SLE / lupus nephritis (UK preset, GBP 2024), against lifelong
 * standard of care (SoC) alone: CAR T is
 * cost-effective at 25,000 GBP per QALY below these prices per infusion: autologous 225,914 GBP
 * (default 282,000: not cost-effective), …. No positive price makes … cost-neutral: …. This assumes
 * 78% (autologous), … of responders still in drug-free remission 5 years after infusion."
 * @param {HeadlineRow[]} rows the rows of one preset
 * @param {{diseaseLabel: (id: string) => string, platformLabel: (id: string) => string, preset: string, currency: string, priceYear: number, frontier?: (disease: string) => FrontierRow[], strategyLabel?: (id: string) => string}} options
 *   platformLabel: a short name ("autologous"); frontier: the disease's incremental analysis over every
 *   strategy, and strategyLabel a name for any of its ids: with both, the paragraph ends with frontierSentence
 * @returns {{disease: string, text: string}[]}
 */
export function answerSentences(
  rows,
  { diseaseLabel, platformLabel, preset, currency, priceYear, frontier, strategyLabel },
) {
  const money = (/** @type {number} */ x) => `${fmt(x, 0)} ${currency}`;
  const per = `${fmt(rows[0]?.wtp, 0)} ${currency} per QALY`;
  const now = (/** @type {HeadlineRow} */ r) => {
    const parity =
      r.cost_parity_year === null || r.cost_parity_year === undefined
        ? ""
        : `, pays for itself after ${fmt(r.cost_parity_year, 1)} years`;
    return `(default ${fmt(r.current_price, 0)}: ${verdict(r)}${parity})`;
  };
  const diseases = [...new Set(rows.map((r) => r.disease))];
  return diseases.map((d) => {
    const mine = rows.filter((r) => r.disease === d);
    const name = (/** @type {HeadlineRow} */ r) => platformLabel(r.strategy);
    const gains = mine.filter((r) => r.incremental_qalys > 0);
    const priced = gains.filter((r) => r.cost_effective_price > 0);
    const never = gains.filter((r) => !(r.cost_effective_price > 0));
    const noGain = mine.filter((r) => !(r.incremental_qalys > 0));
    const parts = [];
    if (priced.length)
      parts.push(
        `CAR T is cost-effective at ${per} below these prices per infusion: ${list(priced.map((r) => `${name(r)} ${money(r.cost_effective_price)} ${now(r)}`))}.`,
      );
    if (never.length)
      parts.push(
        `${cap(list(never.map((r) => `${name(r)} ${now(r)}`)))} CAR T ${never.length > 1 ? "are" : "is"} not cost-effective at ${per} at any positive price.`,
      );
    for (const r of noGain)
      // With no QALY gain, the "cost-effective price" is where it saves enough money to make up for the loss.
      parts.push(
        `${cap(name(r))} CAR T gains no QALYs (${qalyChange(r.incremental_qalys)}) and is worthwhile only if it saves money: ${r.cost_effective_price > 0 ? `at a price per infusion below ${money(r.cost_effective_price)}` : "no positive price achieves that"} ${now(r)}.`,
      );
    const noNeutral = mine.filter((r) => !(r.cost_neutral_price > 0)).map(name);
    if (noNeutral.length)
      parts.push(
        `No positive price makes ${list(noNeutral)} CAR T cost-neutral: even free, its other costs (cell collection, conditioning, hospital stay, follow-up, B-cell aplasia care) exceed the lifelong SoC costs it avoids.`,
      );
    const durable = mine.filter((r) => r.remission_5y !== null && r.remission_5y !== undefined);
    if (durable.length)
      parts.push(
        `This assumes ${list(durable.map((r) => `${fmt(/** @type {number} */ (r.remission_5y) * 100, 0)}% (${name(r)})`))} of responders still in drug-free remission 5 years after infusion.`,
      );
    const rowsOnFrontier = frontier?.(d);
    if (rowsOnFrontier?.length && strategyLabel)
      parts.push(
        frontierSentence(rowsOnFrontier, {
          platforms: mine.map((r) => r.strategy),
          pairwise: mine
            .filter((r) => verdict(r) === "cost-saving" || verdict(r) === "cost-effective")
            .map((r) => r.strategy),
          label: strategyLabel,
          wtp: mine[0].wtp,
          currency,
        }),
      );
    return {
      disease: d,
      text: `In ${diseaseLabel(d)} (${preset} preset, ${currency} ${priceYear}), against lifelong standard of care (SoC) alone: ${parts.join(" ")}`,
    };
  });
}

/**
 * @typedef {object} FrontierRow one strategy of the incremental analysis over every strategy of a
 * disease (src/cart/frontier.ts frontierRows, the Incremental analysis page's rows)
 * @property {string} id
 * @property {"reference" | "frontier" | "dominated" | "extendedly dominated" | "identical"} status
 * @property {string | null} against the previous frontier strategy, or the one that dominates (or equals) it
 * @property {[string, string] | null} extendedBy the two frontier strategies whose mix extendedly dominates it
 * @property {number | null} icer per QALY, against `against`, on the frontier only
 * @property {number} nmb net monetary benefit at the threshold
 */

/**
 * What the incremental analysis of every strategy at once says about the CAR T platforms, for a
 * headline judged against SoC alone: a comparator that dominates SoC, each platform's status and
 * frontier ICER, and the strategy with the highest net monetary benefit. It opens "… changes this"
 * when a platform that is cost-effective against SoC (`pairwise`) is dominated, extendedly
 * dominated or above the threshold on the frontier, or when SoC itself is off the frontier; else
 * "… agrees". Drummond et al. 2015, ch. 4: an ICER against a dominated option misleads.
 * @param {FrontierRow[]} rows
 * @param {{platforms: string[], pairwise: string[], label: (id: string) => string, wtp: number, currency: string}} options
 *   platforms: the CAR T ids, in the order named; pairwise: those cost-effective against SoC;
 *   label: a name for any strategy id ("autologous CAR T", "AHSCT", "SoC")
 * @returns {string}
 */
export function frontierSentence(rows, { platforms, pairwise, label, wtp, currency }) {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const threshold = `${fmt(wtp, 0)} ${currency}`;
  const fine = (/** @type {FrontierRow} */ r) =>
    r.status === "reference" || (r.status === "frontier" && r.icer !== null && r.icer <= wtp);
  const soc = byId.get("soc");
  const socOff = soc !== undefined && soc.status !== "reference" && soc.status !== "frontier";
  const changes =
    pairwise.some((p) => byId.has(p) && !fine(/** @type {FrontierRow} */ (byId.get(p)))) ||
    (socOff && pairwise.length > 0);
  const mix = (/** @type {[string, string] | null} */ e) => (e ? ` by a mix of ${label(e[0])} and ${label(e[1])}` : "");
  const parts = [];
  if (soc && soc.status === "dominated" && soc.against) parts.push(`${label(soc.against)} dominates ${label("soc")}`);
  else if (soc && soc.status === "extendedly dominated")
    parts.push(`${label("soc")} is extendedly dominated${mix(soc.extendedBy)}`);
  /** @type {Map<string, string[]>} sentence ending -> the platforms it is said of, in order */
  const grouped = new Map();
  for (const p of platforms) {
    const r = byId.get(p);
    if (!r) continue;
    if (r.status === "frontier" && r.icer !== null && r.against)
      parts.push(
        `against ${label(r.against)}, ${label(p)}'s ICER is ${fmt(r.icer, 0)} ${currency} per QALY (${r.icer > wtp ? "above" : "at or below"} the ${threshold} threshold)`,
      );
    else {
      const end = {
        reference: () => "the least costly strategy",
        frontier: () => "the least costly strategy",
        dominated: () => `dominated by ${label(/** @type {string} */ (r.against))}`,
        "extendedly dominated": () => `extendedly dominated${mix(r.extendedBy)}`,
        identical: () => `the same in cost and QALYs as ${label(/** @type {string} */ (r.against))}`,
      }[r.status]();
      if (!grouped.has(end)) grouped.set(end, []);
      /** @type {string[]} */ (grouped.get(end)).push(p);
    }
  }
  for (const [end, ps] of grouped) parts.push(`${list(ps.map(label))} ${ps.length > 1 ? "are" : "is"} ${end}`);
  const best = rows.reduce((a, b) => (b.nmb > a.nmb ? b : a));
  // A comparator that is best by a frontier step (Graves': thyroidectomy against radioiodine) was
  // named nowhere before: say the ICER that makes it best.
  const why =
    !platforms.includes(best.id) && best.status === "frontier" && best.icer !== null && best.against
      ? ` (its ICER against ${label(best.against)} is ${fmt(best.icer, 0)} ${currency} per QALY)`
      : "";
  return `The incremental analysis of every strategy at once ${changes ? "changes this" : "agrees"}: ${parts.join("; ")}. At ${threshold} per QALY gained, the strategy with the highest net monetary benefit is ${label(best.id)}${why}.`;
}

/**
 * A change in QALYs to 3 decimals, or to 2 significant digits when those would read 0.000 or -0.000
 * (a loss of 0.0003 QALYs printed as "-0.000" said neither its size nor that it is one).
 * @param {number} x
 */
export function qalyChange(x) {
  // Below 5e-7 (rounding noise of a difference of QALYs) a two-digit value would be e-notation: 0.000.
  if (Math.abs(x) < 5e-7) return fmt(0, 3);
  const text = fmt(x, 3);
  return /^-?0\.000$/.test(text) && x !== 0 ? String(Number(x.toPrecision(2))) : text;
}

/**
 * Which quadrant of the cost-effectiveness plane an incremental result is in, as the headline words it:
 * "dominant" (no more costly and more QALYs, or cheaper with the same), "dominated" (no cheaper, no more QALYs: an ICER would be
 * meaningless, negative or infinite), "icer" (more costly, more QALYs), "saving" (cheaper, fewer QALYs:
 * the ratio is a saving per QALY lost). Drummond et al., Methods for the Economic Evaluation of Health
 * Care Programmes, 4th ed., 2015, ch. 4 (the cost-effectiveness plane).
 * @param {number} incrementalCost @param {number} incrementalQalys
 * @returns {"dominant" | "dominated" | "icer" | "saving"}
 */
export function planeQuadrant(incrementalCost, incrementalQalys) {
  if (incrementalQalys > 0) return incrementalCost <= 0 ? "dominant" : "icer";
  if (incrementalQalys === 0) return incrementalCost < 0 ? "dominant" : "dominated";
  return incrementalCost >= 0 ? "dominated" : "saving";
}

/**
 * The largest one-way swings of one disease (data/drivers/autologous-nmb-swings.csv rows), largest
 * first, each parameter by its label (parameterLabel) and the net monetary benefit at the low and
 * high end of its range, by its short label: "CAR T product price (NMB 1,000 to -2,000 USD 2025); …".
 * @param {{parameter: string, rank: number, nmb_at_low: number, nmb_at_high: number}[]} drivers
 * @param {string} money e.g. "USD 2025"
 * @returns {string}
 */
export function driverText(drivers, money) {
  return [...drivers]
    .sort((a, b) => a.rank - b.rank)
    .map(
      (d) =>
        `${parameterLabel(d.parameter, { short: true })} (NMB ${fmt(d.nmb_at_low, 0)} to ${fmt(d.nmb_at_high, 0)} ${money})`,
    )
    .join("; ");
}

/**
 * @typedef {object} SurvivalRow one state with a negative net benefit of survival in one strategy of a
 * disease (src/cart/analysis.ts NegativeSurvivalState, as the overview loader writes it)
 * @property {string} disease
 * @property {string} state_label the state's label in that strategy's rows
 * @property {string} strategy
 */

/**
 * The negative-net-benefit-of-survival warnings in a form a reader can scan: a one-sentence summary
 * counting the diseases, then one sentence per disease naming its states, grouped by the strategies in
 * which they occur ("in every strategy" when that is all of the disease's strategies). Every state and
 * every strategy of every row is named; states by label only (their ids are the model's).
 * @param {SurvivalRow[]} rows
 * @param {{strategyLabel: (id: string) => string, strategies: (disease: string) => string[], of: number}} options
 *   strategies: every strategy id of a disease, in the order to name them; of: the number of diseases
 * @returns {{summary: string, items: {disease: string, text: string}[]}}
 */
export function survivalWarnings(rows, { strategyLabel, strategies, of }) {
  const diseases = [...new Set(rows.map((r) => r.disease))];
  const items = diseases.map((d) => {
    const all = strategies(d);
    const order = (/** @type {string} */ id) => (all.includes(id) ? all.indexOf(id) : all.length);
    /** @type {Map<string, Set<string>>} state label -> its strategies */
    const byState = new Map();
    for (const r of rows.filter((x) => x.disease === d)) {
      if (!byState.has(r.state_label)) byState.set(r.state_label, new Set());
      /** @type {Set<string>} */ (byState.get(r.state_label)).add(r.strategy);
    }
    /** @type {Map<string, {strategies: string[], states: string[]}>} */
    const groups = new Map();
    for (const [state, set] of byState) {
      const ids = [...set].sort((a, b) => order(a) - order(b));
      const key = ids.join(" ");
      if (!groups.has(key)) groups.set(key, { strategies: ids, states: [] });
      /** @type {{states: string[]}} */ (groups.get(key)).states.push(state);
    }
    const where = (/** @type {string[]} */ ids) =>
      ids.length === all.length && all.every((id) => ids.includes(id))
        ? "every strategy"
        : list(ids.map(strategyLabel));
    const parts = [...groups.values()].map((g) => `${list(g.states)} in ${where(g.strategies)}`);
    return { disease: d, text: `${parts.join("; ")}.` };
  });
  const summary = `Negative net benefit of survival in ${diseases.length} of ${of} diseases: a year alive in the states below costs more than the threshold values its QALYs, so deaths there raise net monetary benefit.`;
  return { summary, items };
}

/** Upper-case first letter. */
const cap = (/** @type {string} */ s) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The scenario line under an exported chart: what made it, in words, with the link fragment that
 * reproduces it. `s` is the explorer's scenario ({disease, preset, platform, overrides, horizonAge}).
 * @param {{preset: {label: string, currency: string, priceYear: number}, population: string, wtp: number, result: {discount: {costs: number, outcomes: number}}, structuralScenario: {label: string}, comparators?: {strategy: string, label: string}[]}} a
 *   comparators: the disease's other strategies, whose labels name their parameters (`p_trm__ahsct`)
 * @param {{overrides: Record<string, number>, horizonAge: number}} s
 * @param {{disease: string, version?: string, link?: string}} options disease: its label
 * @returns {string} two lines separated by "\n"
 */
export function scenarioLine(a, s, { disease, version = "", link = "" }) {
  const pct = (/** @type {number} */ x) => `${fmt(x * 100, 1)}%`;
  // Each input by its label, its id beside it (what a link or scenario file names).
  const edits = Object.entries(s.overrides).map(
    ([k, v]) => `${parameterLabel(k, { short: true, comparators: a.comparators })} (${k}) = ${displayNumber(v)}`,
  );
  return [
    `Scenario: ${disease}; ${a.preset.label} preset, ${a.preset.currency} ${a.preset.priceYear}; ${a.population}; discount ${pct(a.result.discount.costs)} costs, ${pct(a.result.discount.outcomes)} outcomes; horizon to age ${s.horizonAge}; ${fmt(a.wtp, 0)} ${a.preset.currency} per QALY; durability: ${a.structuralScenario.label}.`,
    `${edits.length ? `Changed from the defaults: ${edits.join(", ")}.` : "Default values of every input."} cartecon ${version}${link ? `; reproduce: ${link}` : ""}`,
  ].join("\n");
}

/**
 * The Uncertainty page's sentence on parameters defined from one another (CORRELATED_PARAMETERS of
 * src/cart/distributions.ts): the PSA draws them independently; each group by its reason.
 * @param {Array<{ parameters: string[]; reason: string }>} groups
 * @returns {string} empty when there is no group
 */
export function relatedParametersSentence(groups) {
  if (groups.length === 0) return "";
  return `Parameters defined from one another are drawn independently, each with its own uncertainty: ${groups.map((g) => g.reason).join("; ")}. So a draw can have the platforms out of their assumed ratio or a disease's utilities out of order; one shared quantile would fix ratios their ranges do not have and remove most of the uncertainty of the utility gains (docs/methods.md in the repository, "Probabilistic analysis inputs").`;
}

/**
 * A PSA's reversals of ORDERED_PARAMETERS (src/cart/distributions.ts; counted by orderReversals,
 * src/uncertainty/order.ts) in a reader's words: a lead sentence and one item per reversed pair, e.g.
 * "Utility, disease controlled on standard of care above Utility, drug-free remission in 82 of 2,000
 * draws (4.1%)". Two variants of one parameter read as "Relapse rate in remission: Bespoke autologous
 * CAR T above In-vivo CAR T". The page lists the items; `items` is empty when every draw keeps the order.
 * @param {Array<{lower: string, higher: string, reversed: number, n: number}>} reversals
 * @returns {{lead: string, items: string[]}} an empty lead when no pair was drawn
 */
export function orderReversalText(reversals) {
  if (reversals.length === 0) return { lead: "", items: [] };
  const n = reversals[0].n.toLocaleString("en-US");
  const out = reversals.filter((r) => r.reversed > 0);
  if (out.length === 0)
    return {
      lead: `All ${n} draws keep the related parameters in the order of their base values.`,
      items: [],
    };
  return {
    lead: "Drawn independently, related parameters leave the order of their base values in some draws:",
    items: out.map(
      (r) =>
        `${pairText(r)} in ${r.reversed.toLocaleString("en-US")} of ${n} draws (${((100 * r.reversed) / r.n).toFixed(1)}%)`,
    ),
  };
}

/**
 * "A above B" in a reader's words; two strategies' variants of one parameter share its label.
 * @param {{lower: string, higher: string}} pair
 */
function pairText({ lower, higher }) {
  const [a, va] = lower.split("__");
  const [b, vb] = higher.split("__");
  if (a !== b) return `${parameterLabel(lower, { short: true })} above ${parameterLabel(higher, { short: true })}`;
  /** @type {Record<string, string>} */
  const labels = STRATEGY_LABELS;
  // A platform parameter's own id is the first platform's, autologous (src/cart/model.ts, evidenceParameters).
  const strategy = (/** @type {string | undefined} */ v) => {
    const id = v ?? PLATFORMS[0];
    return Object.hasOwn(labels, id) ? labels[id] : id;
  };
  return `${parameterLabel(a, { short: true })}: ${strategy(va)} above ${strategy(vb)}`;
}

/**
 * Which strategies a row's value is for, in words: "all strategies" for a disease-wide row, else the
 * strategies that read it (`readBy`), the three CAR T platforms together as "every CAR T platform"
 * (a unit cost they share), e.g. "every CAR T platform and Autologous haematopoietic stem cell
 * transplantation" for an ICU stay aHSCT has no row of its own for.
 * @param {{strategy: string, readBy: string[]}} v a row of parameterViews (src/cart/scenario.ts)
 * @param {Record<string, string>} labels strategy id -> name
 */
export function appliesTo(v, labels) {
  if (v.strategy === "all") return "all strategies";
  /** @type {readonly string[]} */
  const platforms = PLATFORMS;
  const readBy = v.readBy.length ? v.readBy : [v.strategy];
  const every = platforms.every((p) => readBy.includes(p));
  const names = [
    ...(every ? ["every CAR T platform"] : []),
    ...readBy.filter((id) => !every || !platforms.includes(id)).map((id) => labels[id] ?? id),
  ];
  return names.length <= 2 ? names.join(" and ") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/**
 * The drawn parameters whose distribution puts more than a fifth of its draws outside their one-way
 * range (rangeCoverage, src/model/dist/fromspec.ts; the PSA worker's `outsideRange`), in a reader's
 * words: a lead sentence and one item per parameter, e.g. "Relapse rate in remission, Bespoke
 * autologous CAR T: 50.7% of draws below 0.02, 9.1% above 0.3". `cartecon psa` prints the same note.
 * @param {Array<{id: string, low: number, high: number, below: number, above: number}>} rows
 * @param {(id: string) => string} name the page's namer of parameters
 * @returns {{lead: string, items: string[]}} an empty lead when no parameter is outside its range
 */
export function outsideRangeText(rows, name) {
  if (rows.length === 0) return { lead: "", items: [] };
  const pct = (/** @type {number} */ x) => `${(100 * x).toFixed(1)}%`;
  const num = (/** @type {number} */ x) => String(Number(x.toPrecision(6)));
  return {
    lead: `${rows.length === 1 ? "One drawn parameter puts" : `${rows.length} drawn parameters put`} more than a fifth of ${rows.length === 1 ? "its" : "their"} draws outside ${rows.length === 1 ? "its" : "their"} one-way range (low–high). Each distribution keeps its mean at the base value with a standard error of (high − low)/3.92; where the range is lopsided around the value, that distribution cannot also put 2.5% beyond each end. The PSA then explores values the one-way analysis does not, and its means can differ from the deterministic results (docs/uncertainty.md in the repository, “Distributions and ranges”):`,
    items: rows.map(
      (r) => `${name(r.id)}: ${pct(r.below)} of draws below ${num(r.low)}, ${pct(r.above)} above ${num(r.high)}`,
    ),
  };
}

/**
 * ICER's affordability check in words (Access page): patients a year within the threshold, "no limit
 * (no net cost)" when the net cost per patient is 0 or less (the count is infinite: it read "n/a"); the
 * share of the eligible treatable, "all (100%)" at its cap of 1 (ICER's min(1, …): "100.0%" read as a
 * computed share; one just under it, ">99.9%", not a rounded "100.0%").
 */
export const affordabilityText = {
  /** @param {number} x */
  patientsPerYear: (x) => (Number.isFinite(x) ? fmt(x, 0) : x > 0 ? "no limit (no net cost)" : "n/a"),
  /** @param {number} x */
  share: (x) => (!Number.isFinite(x) ? "n/a" : x >= 1 ? "all (100%)" : x >= 0.9995 ? ">99.9%" : `${fmt(100 * x, 1)}%`),
};
