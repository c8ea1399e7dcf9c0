// What each page's Excel download holds (issue [10], item 5): the page's tables, one sheet each, and
// the "assumptions" sheet (the scenario and every parameter with its source). Kept here so the pages
// only place the button; src/components/xlsx.js writes the file.
import {
  cartAssumptionTable,
  cartInputs,
  runCart,
  lifeTableFor,
  PRESETS,
  scenarioMetadata,
  runScenario,
  STRATEGY_LABELS,
} from "../cart/index.js";
import { columnsOf } from "./table.js";

/** @typedef {import("./xlsx.js").WorkbookContent} WorkbookContent */
/** @typedef {ReturnType<typeof import("../cart/index.js").cartInputs>} CartInputs */
/** @typedef {Record<string, unknown[]>} Columns */

/**
 * Stacks column tables that share their columns (the first table's), adding a leading column `key`
 * with each table's label: one "assumptions" table for several diseases.
 * @param {string} key
 * @param {Array<[string, Columns]>} parts
 * @returns {Columns}
 */
export function stackColumns(key, parts) {
  if (!parts.length) return {};
  const names = Object.keys(parts[0][1]);
  /** @type {Columns} */
  const out = { [key]: [] };
  for (const n of names) out[n] = [];
  for (const [label, cols] of parts) {
    const rows = names.length ? cols[names[0]].length : 0;
    for (let i = 0; i < rows; i++) out[key].push(label);
    for (const n of names) {
      if (!(n in cols)) throw new RangeError(`table for ${key} ${label} has no column ${n}`);
      out[n].push(...cols[n]);
    }
  }
  return out;
}

/**
 * The Overview's workbook: its tables for one preset (the incremental analysis of every strategy, which
 * the headline's sentences state, too), and every parameter of every disease
 * with its source (each disease at the preset's defaults, as the build computed the Overview).
 * `inputs` is loaded only when the user asks for the file.
 * @param {{rows: any[], comparators: any[], status: any[], warnings: any[], frontier: any[], stamp?: string}} overview the page's data (src/data/overview.json.ts)
 * @param {string} presetId
 * @param {() => Promise<Parameters<typeof cartInputs>[0]>} loadInputs the page's cart-inputs.json, read on click
 * @param {{version: string, link: string}} meta
 * @returns {Promise<WorkbookContent>}
 */
export async function overviewWorkbook(overview, presetId, loadInputs, { version, link }) {
  const inputs = cartInputs(await loadInputs());
  const P = PRESETS[presetId];
  const parts = inputs.evidence.diseases.map((d) => {
    // Exactly the Overview loader's call (src/data/overview.json.ts): defaults, no overrides.
    const a = runCart(inputs.evidence, d.disease, P, lifeTableFor(inputs.lifeTables, presetId));
    return /** @type {[string, Columns]} */ ([d.disease, cartAssumptionTable(a, inputs.evidence.sources)]);
  });
  const here = (/** @type {any[]} */ rows) => rows.filter((r) => r.preset === presetId);
  return {
    tables: [
      { name: "headline results", data: here(overview.rows) },
      { name: "comparators", data: here(overview.comparators) },
      { name: "incremental analysis", data: frontierSheet(here(overview.frontier), overview.comparators, P) },
      { name: "warnings", data: here(overview.warnings) },
      { name: "evidence status", data: overview.status },
    ],
    scenario: {
      tool: `cartecon ${version}`,
      preset: P.id,
      presetLabel: P.label,
      perspective: P.perspective,
      currency: P.currency,
      priceYear: P.priceYear,
      discount: P.discount,
      wtp: P.wtp,
      population: "intention to treat",
      assumptions: "defaults of data/cart/ (no overrides) for every disease",
      link,
      dataStamp: overview.stamp ?? null,
      seed: null,
      note: "Computed when the site was built. Exploratory: no published cost-effectiveness analysis of CAR T in these diseases exists.",
    },
    parameters: stackColumns("disease", parts),
  };
}

/**
 * The incremental analysis over every strategy of each disease (the overview loader's frontier rows,
 * src/cart/frontier.ts) as a sheet: one row per disease and strategy with its label, status, the
 * strategy it is compared with, the pair that extendedly dominates it, the ICER (frontier only) and
 * the net monetary benefit at the preset's first threshold, in the preset's currency.
 * @param {any[]} rows frontier rows of one preset
 * @param {any[]} comparators the overview's comparator rows (their labels)
 * @param {{currency: string, priceYear: number, wtp: number[]}} preset
 * @returns {Record<string, unknown>[]}
 */
export function frontierSheet(rows, comparators, preset) {
  const labels = new Map(comparators.map((c) => [c.strategy, c.label]));
  /** @type {Record<string, string>} */
  const platforms = STRATEGY_LABELS;
  return rows.map((r) => ({
    disease: r.disease,
    strategy: r.id,
    label: Object.hasOwn(platforms, r.id) ? platforms[r.id] : (labels.get(r.id) ?? r.id),
    status: r.status,
    against: r.against,
    extended_by: r.extendedBy ? r.extendedBy.join("; ") : null,
    icer: r.icer,
    nmb: r.nmb,
    wtp: preset.wtp[0],
    currency: preset.currency,
    price_year: preset.priceYear,
  }));
}

/**
 * The Parameters page's workbook: the parameter set in force (the CSV's columns) and the sources
 * table, with the scenario and every parameter's provenance.
 * @param {CartInputs} inputs
 * @param {import("../cart/index.js").Scenario} scenario
 * @param {{parameters: Columns, sources: Columns, version: string}} tables
 * @returns {WorkbookContent}
 */
export function parametersWorkbook(inputs, scenario, { parameters, sources, version }) {
  const a = runScenario(inputs.evidence, inputs.lifeTables, scenario);
  return {
    tables: [
      { name: "parameters", data: parameters },
      { name: "sources", data: sources },
    ],
    scenario: scenarioMetadata(a, scenario, version, inputs.stamp),
    parameters: cartAssumptionTable(a, inputs.evidence.sources),
  };
}

/**
 * The Access & budget page's workbook: every table of the page, the budget settings and the CAR T
 * scenario they start from, and every parameter's provenance.
 * @param {CartInputs} inputs
 * @param {import("../cart/index.js").CartAnalysis} analysis
 * @param {import("../cart/index.js").Scenario} scenario
 * @param {Array<{name: string, data: any}>} tables
 * @param {{budget: Record<string, unknown>, version: string}} meta
 * @returns {WorkbookContent}
 */
export function accessWorkbook(inputs, analysis, scenario, tables, { budget, version }) {
  return {
    tables: tables.map((t) => ({ name: t.name, data: columnsOf(t.data) })),
    scenario: { ...budget, cart: scenarioMetadata(analysis, scenario, version, inputs.stamp) },
    parameters: cartAssumptionTable(analysis, inputs.evidence.sources),
  };
}
