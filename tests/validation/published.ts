/**
 * Shared helpers for the golden validation tests: each test replicates a PUBLISHED worked example
 * (a model in data/models/) and compares the engine's results with the published numbers at the
 * published precision.
 *
 * Tolerance convention: a number published with d decimals is checked with
 * `expect(x).toBeCloseTo(published, d)`, i.e. |x - published| < 0.5 * 10^-d: half a unit in the last
 * published digit, the widest difference that still rounds to the published figure. Whole currency
 * units are d = 0 (|x - published| < 0.5).
 */
import fs from "node:fs";
import { expect } from "vitest";
import { loadPublished, type PublishedTable } from "../../src/data/published-values.js";
import {
  compileModel,
  evaluate,
  incrementalAnalysis,
  type EvaluateOptions,
  type ModelResult,
  type ModelSpec,
  type StrategyResult,
} from "../../src/model/index.js";

/** Reads a model specification from data/models/. */
export function loadSpec(file: string): ModelSpec {
  const url = new URL(`../../data/models/${file}`, import.meta.url);
  return JSON.parse(fs.readFileSync(url, "utf8")) as ModelSpec;
}

/** Compiles and evaluates a specification. */
export function run(spec: ModelSpec, options?: EvaluateOptions): ModelResult {
  return evaluate(compileModel(spec), options);
}

/** Strategy results by id. */
export function byId(r: ModelResult): Record<string, StrategyResult> {
  return Object.fromEntries(r.strategies.map((s) => [s.id, s]));
}

/** Counts of the trace at time k (row k), by state id. */
export function traceRow(r: ModelResult, s: StrategyResult, k: number): Record<string, number> {
  const S = r.states.length;
  const row: Record<string, number> = {};
  r.states.forEach((id, j) => {
    row[id] = s.trace![k * S + j];
  });
  return row;
}

/** A deep copy of a specification, to change a setting in memory without touching the file. */
export function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

/** The published values, typed once in data/validation/expected.json (also read by the Validation page). */
export const PUBLISHED = loadPublished();

/** Expects `x` to round to the published value `model/key` at its published precision (toBeCloseTo(value, decimals)). */
export function expectPublished(x: number, model: string, key: string): void {
  const p = PUBLISHED.value(model, key);
  expect(x, `${model}/${key} (${p.where})`).toBeCloseTo(p.value, p.decimals);
}

/** A published table of `model`. */
export function publishedTable(model: string, key: string): PublishedTable {
  return PUBLISHED.table(model, key);
}

/**
 * The Sick-Sicker incremental analysis at 100,000 USD/QALY, as the DARTH tutorials publish it for
 * each of their versions: frontier SoC -> B -> AB, A dominated, with B's and AB's incremental cost,
 * effect and ICER equal to `model`'s published values "B-dcost", "B-dqalys", "B-icer", "AB-…".
 */
export function expectSickSickerFrontier(result: ModelResult, model: string): void {
  const rows = incrementalAnalysis(
    result.strategies.map((x) => ({ id: x.id, cost: x.cost.discounted, effect: x.qalys.discounted })),
    { wtp: 100000 },
  );
  const r = Object.fromEntries(rows.map((x) => [x.id, x]));
  expect(r.SoC.status).toBe("reference");
  for (const [id, against] of [
    ["B", "SoC"],
    ["AB", "B"],
  ]) {
    expect(r[id].status, id).toBe("frontier");
    expect(r[id].against, id).toBe(against);
    expectPublished(r[id].incrementalCost!, model, `${id}-dcost`);
    expectPublished(r[id].incrementalEffect!, model, `${id}-dqalys`);
    expectPublished(r[id].icer!, model, `${id}-icer`);
  }
  // Published status "D": strongly dominated (B costs less and yields more QALYs than A).
  expect(r.A.status).toBe("dominated");
}
