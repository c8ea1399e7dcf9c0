/**
 * Two to four named scenarios side by side (issue [10], item 2): the link that carries a
 * comparison, the table of assumptions that differ, and the results of each. Pure functions; the
 * Compare page (src/compare.md) arranges them.
 */
import { Problems, formatProblem } from "../model/errors.js";
import type { Columns } from "../model/io/csv.js";
import type { CartAnalysis } from "./analysis.js";
import { icerColumns } from "./icer.js";
import { parameterLabel, STRATEGY_LABELS } from "./dictionary.js";
import type { NamedScenario } from "./scenario-file.js";
import type { Evidence } from "./evidence.js";
import { NOT_DECODED, linkEntries, shortText } from "../model/io/query.js";
import { DATA_STAMP, decodeScenario, encodeScenario, evaluableScenario } from "./scenario.js";

export const MAX_COMPARED = 4;

/**
 * The URL fragment of a comparison: `n=<name>&s=<scenario fragment>` per scenario, in order (each
 * scenario fragment is encodeScenario's text, percent-encoded once more by URLSearchParams), then
 * the data stamp of the page that made it.
 */
export function encodeComparison(list: NamedScenario[], data?: string): string {
  const q = new URLSearchParams();
  for (const x of list) {
    q.append("n", x.name);
    q.append("s", encodeScenario(x.scenario));
  }
  // The page's data stamp, once for the whole comparison (DATA_STAMP).
  if (data) q.append(DATA_STAMP.key, data);
  return q.toString();
}

/** Reads a comparison link; every problem names the scenario (its position and name) and the setting. */
export function decodeComparison(
  fragment: string,
  diseases: readonly string[],
): { scenarios: NamedScenario[]; problems: string[]; data?: string } {
  // URLSearchParams wrote it (encodeComparison): a `+` is a space of a name.
  const entries = linkEntries(fragment, "space");
  const pairs = entries.filter((e) => e.kind !== "undecoded");
  const names = pairs.filter((p) => p.key === "n").map((p) => p.value);
  const scenarios = pairs.filter((p) => p.key === "s").map((p) => p.value);
  const problems = new Problems();
  for (const u of entries) if (u.kind === "undecoded") problems.add(u.key, NOT_DECODED, u.value);
  // Every other key is named, not dropped: p.c_price outside an s= was ignored without a word, and a
  // scenario link (#disease=ms) opened here showed an empty page.
  const stamp = pairs.find((p) => p.key === DATA_STAMP.key)?.value;
  const data = stamp !== undefined && DATA_STAMP.pattern.test(stamp) ? stamp : undefined;
  if (stamp !== undefined && !data)
    problems.add(DATA_STAMP.key, DATA_STAMP.refused.message, stamp, DATA_STAMP.refused.expected);
  const others = [...new Set(pairs.map((p) => p.key).filter((k) => k !== "n" && k !== "s" && k !== DATA_STAMP.key))];
  const valueOf = (k: string) => pairs.find((p) => p.key === k)?.value;
  // No scenario at all: one line (a scenario's link, #disease=sle&wtp=..., opened here), not one per key.
  if (scenarios.length === 0) {
    problems.add(
      "link",
      `not a comparison link: no scenario (s=)${others.length ? `; it holds ${others.slice(0, 10).map(shortText).join(", ")}${others.length > 10 ? ", ..." : ""}` : ""}`,
      undefined,
      "n=<name>&s=<scenario> pairs, two to four (one scenario's link opens in the Scenario explorer)",
    );
    return { scenarios: [], problems: problems.list.map(formatProblem) };
  }
  for (const k of others)
    problems.add(
      shortText(k),
      "not part of a comparison link",
      valueOf(k),
      "n=<name>&s=<scenario> pairs (a scenario's own settings go inside its s=)",
    );
  if (names.length !== scenarios.length)
    problems.add(
      "link",
      `${names.length} names (n=) for ${scenarios.length} scenarios (s=)`,
      undefined,
      "one n= before each s=",
    );
  if (scenarios.length > MAX_COMPARED)
    problems.add(
      "link",
      `${scenarios.length} scenarios`,
      undefined,
      `at most ${MAX_COMPARED}; the first ${MAX_COMPARED} are shown`,
    );
  const out: NamedScenario[] = [];
  scenarios.slice(0, MAX_COMPARED).forEach((text, i) => {
    const name = (names[i] ?? "").trim().slice(0, 80) || `Scenario ${i + 1}`;
    const d = decodeScenario(text, diseases);
    for (const p of d.problems) problems.add(`scenario ${i + 1} (${name})`, p);
    out.push({ name, scenario: d.scenario });
  });
  return { scenarios: out, problems: problems.list.map(formatProblem), ...(data ? { data } : {}) };
}

/**
 * The scenarios of a comparison reduced to ones the model can evaluate (evaluableScenario: a link's
 * settings that pass their checks one by one but fail together, such as a horizon before the start
 * age, are dropped), each problem named with the scenario's position and name. A comparison link
 * holding such a scenario broke the Compare page; the Explorer already repaired it.
 */
export function evaluableComparison(
  evidence: Evidence,
  lifeTables: Parameters<typeof evaluableScenario>[1],
  list: NamedScenario[],
): { scenarios: NamedScenario[]; problems: string[] } {
  const problems: string[] = [];
  const scenarios = list.map((x, i) => {
    const r = evaluableScenario(evidence, lifeTables, x.scenario);
    for (const p of r.problems) problems.push(`scenario ${i + 1} (${x.name}): ${p}`);
    return { name: x.name, scenario: r.scenario };
  });
  return { scenarios, problems };
}

/**
 * The column of scenario `i` (0-based) in assumptionDifferences: its position and name, e.g.
 * "scenario_1: Base case" (just "scenario_1" for a blank name), so a downloaded CSV says which scenario
 * each column holds, stays unique when two scenarios share a name, and never starts with = + - @.
 */
export function scenarioColumn(i: number, name: string): string {
  const n = name.trim();
  return n ? `scenario_${i + 1}: ${n}` : `scenario_${i + 1}`;
}

/**
 * Every assumption on which the scenarios differ: settings first, then parameters (by id), one column
 * per scenario (scenarioColumn: position and name). `assumption` says it in words (a parameter by
 * its label, parameterLabel); `parameter` is a parameter's id, blank for a setting.
 */
export function assumptionDifferences(list: NamedScenario[], analyses: CartAnalysis[]): Columns {
  const rows: Array<{ assumption: string; parameter: string; unit: string; values: unknown[] }> = [];
  const setting = (
    assumption: string,
    unit: string,
    of: (s: NamedScenario, a: CartAnalysis) => unknown,
    parameter = "",
  ) => rows.push({ assumption, parameter, unit, values: list.map((s, i) => of(s, analyses[i])) });
  setting("disease", "", (s) => s.scenario.disease);
  setting("preset", "", (s) => s.scenario.preset);
  setting("platform shown", "", (s) => STRATEGY_LABELS[s.scenario.platform] ?? s.scenario.platform);
  setting("willingness to pay", "per QALY", (_, a) => a.wtp);
  setting("discount rate, costs", "per year", (_, a) => a.result.discount.costs);
  setting("discount rate, outcomes", "per year", (_, a) => a.result.discount.outcomes);
  setting("horizon ends at age", "years", (s) => s.scenario.horizonAge);
  setting("currency and price year", "", (_, a) => `${a.preset.currency} ${a.preset.priceYear}`);
  const ids = [...new Set(analyses.flatMap((a) => a.model.provenance.map((p) => p.parameter)))].sort();
  const comparators = analyses.flatMap((a) => a.comparators);
  for (const id of ids) {
    setting(
      parameterLabel(id, { comparators }),
      unitOf(analyses, id),
      (_, a) => a.model.provenance.find((p) => p.parameter === id)?.value ?? null,
      id,
    );
  }
  const differ = rows.filter((r) => r.values.some((v) => v !== r.values[0]));
  const cols: Record<string, unknown[]> = {
    assumption: differ.map((r) => r.assumption),
    parameter: differ.map((r) => r.parameter),
    unit: differ.map((r) => r.unit),
  };
  list.forEach((s, i) => (cols[scenarioColumn(i, s.name)] = differ.map((r) => r.values[i])));
  return cols;
}

function unitOf(analyses: CartAnalysis[], id: string): string {
  for (const a of analyses) {
    const p = a.model.provenance.find((x) => x.parameter === id);
    if (p) return p.row.currency ? `${a.preset.currency} ${a.preset.priceYear}` : p.row.unit;
  }
  return "";
}

/** Results of each scenario, one row per scenario × strategy, against lifelong SoC (intention to treat); `icer` only where it is an ICER, `icer_status` says which (icer.ts). */
export function comparisonResults(list: NamedScenario[], analyses: CartAnalysis[]): Columns {
  const cols: Record<string, unknown[]> = {};
  const push = (row: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(row)) (cols[k] ??= []).push(v);
  };
  list.forEach((s, i) => {
    const a = analyses[i];
    for (const st of a.strategies) {
      const v = a.versusSoc.find((x) => x.strategy === st.id) ?? a.comparators.find((x) => x.strategy === st.id);
      push({
        scenario: i + 1,
        name: s.name,
        strategy: st.id,
        label: st.label,
        cost: st.cost,
        qalys: st.qalys,
        incremental_cost: v ? v.incrementalCost : null,
        incremental_qalys: v ? v.incrementalQalys : null,
        ...icerColumns(v?.incrementalCost, v?.incrementalQalys),
        incremental_nmb: v ? v.nmb : null,
        wtp: a.wtp,
        currency: a.preset.currency,
        price_year: a.preset.priceYear,
      });
    }
  });
  return cols;
}
