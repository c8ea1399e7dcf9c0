/**
 * Resource limits checked on a specification before anything is allocated: a model file must not be
 * able to make the engine run for minutes or fill memory (`horizon.cycles: 1e9` once ran 93 s to
 * 12 GB), nor overflow the stack with a long chain of parameters. Each limit has a documented
 * default (docs/model-spec.md) that a caller may raise (CLI: `--max-cells`).
 */
import { ModelError, Problems } from "../errors.js";
import { FormulaError, namesIn, parseFormula } from "../formula/formula.js";
import { cycleLengthYears, type ModelSpec } from "./spec.js";

import { DEFAULT_MAX_CELLS } from "../defaults.js";
export { DEFAULT_MAX_CELLS };
/**
 * Longest chain of parameters defined by formulas of each other (p2 = p1 + 1, p3 = p2 + 1, ...).
 * Compilation orders parameters depth-first; 1,000 keeps that far from any engine's stack limit.
 */
export const MAX_PARAMETER_CHAIN = 1000;

/**
 * Largest numbers of parameters, declared states, strategies and cohorts. Far above any model (the
 * CAR T model has about 300 parameters, 10 states, 7 strategies, 2 cohorts), and low enough that a
 * file within the size limit cannot hold the engine for minutes: before these limits, a 35 MB file
 * of 2,000,000 parameters took 112 s and 2.7 GB to validate, 300,000 states 42 s, 300,000 cohorts
 * 61 s, and 10,000 strategies 69 s (the incremental analysis compares every pair of strategies).
 */
export const MAX_COUNTS = { parameters: 100_000, states: 10_000, strategies: 1_000, cohorts: 1_000 } as const;

/**
 * Largest number of parameter overrides of all strategies and cohorts together: 400 strategies ×
 * 1,000 overrides took 20 s to validate, 400 × 5,000 more than 4 minutes.
 */
export const MAX_OVERRIDES = 100_000;

/**
 * Each strategy × cohort is a lane of the run, so the work is lanes × cycles × expanded states; it
 * may be this many times the cells limit (the CAR T model uses less than a tenth of the default).
 */
export const LANE_CELLS_FACTOR = 5;

/**
 * Throws a ModelError if `raw` (a parsed model file, before its shape is checked) has more
 * parameters, states, strategies or cohorts than {@link MAX_COUNTS}. Runs first, so a file of a
 * million parameters is refused before a million are checked.
 */
export function checkModelCounts(raw: unknown): void {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return;
  const r = raw as Record<string, unknown>;
  const countOf = (x: unknown) =>
    Array.isArray(x) ? x.length : x !== null && typeof x === "object" ? Object.keys(x).length : 0;
  const problems = new Problems();
  for (const [field, max] of Object.entries(MAX_COUNTS)) {
    const n = Object.hasOwn(r, field) ? countOf(r[field]) : 0;
    if (n > max)
      problems.add(field, `the model has ${n} ${field}`, n, `at most ${max} ${field} (docs/model-spec.md, Limits)`);
  }
  let overrides = 0;
  for (const field of ["strategies", "cohorts"])
    if (Object.hasOwn(r, field) && Array.isArray(r[field]))
      for (const g of r[field] as unknown[])
        if (g !== null && typeof g === "object" && Object.hasOwn(g, "parameters"))
          overrides += countOf((g as Record<string, unknown>).parameters);
  if (overrides > MAX_OVERRIDES)
    problems.add(
      "strategies, cohorts",
      `the strategies and cohorts override parameters ${overrides} times in all`,
      overrides,
      `at most ${MAX_OVERRIDES} overrides (docs/model-spec.md, Limits)`,
    );
  problems.throwIfAny("model too large");
}

export interface ModelLimits {
  /** Largest cycles × expanded states. Default {@link DEFAULT_MAX_CELLS}. */
  maxCells?: number;
}

/** Cycles and expanded states of a structurally valid specification, as compilation will count them. */
export function modelSize(spec: ModelSpec): { cycles: number; expandedStates: number } {
  const s = spec.settings;
  const L = cycleLengthYears(s.cycleLength);
  const cycles =
    s.horizon.cycles ?? Math.round((s.horizon.years ?? (s.horizon.untilAge as number) - (s.startAge ?? 0)) / L);
  let expandedStates = 0;
  for (const st of spec.states) {
    const limit =
      st.timeInState !== undefined && st.timeInState !== true && st.timeInState.limit !== undefined
        ? st.timeInState.limit
        : cycles;
    expandedStates += st.timeInState !== undefined ? Math.max(1, Math.min(limit, cycles)) : 1;
  }
  return { cycles, expandedStates };
}

/** Throws a ModelError if the model is larger than the limits allow. */
export function checkModelSize(spec: ModelSpec, limits: ModelLimits = {}): void {
  const max = limits.maxCells ?? DEFAULT_MAX_CELLS;
  const { cycles, expandedStates } = modelSize(spec);
  const cells = cycles * expandedStates;
  if (cells > max) {
    throw new ModelError(
      {
        where: "settings.horizon",
        message: `the model is too large: ${cycles} cycles × ${expandedStates} states (with time-in-state tunnels) = ${cells} cells`,
        value: cells,
        expected: `at most ${max} cells (raise the limit with --max-cells, or option maxCells)`,
      },
      "model too large",
    );
  }
  const lanes = Math.max(1, spec.strategies?.length ?? 1) * Math.max(1, spec.cohorts?.length ?? 1);
  if (lanes * cells > LANE_CELLS_FACTOR * max) {
    throw new ModelError(
      {
        where: spec.cohorts?.length ? "strategies, cohorts" : "strategies",
        message: `the model is too large to run: ${spec.strategies?.length ?? 1} strategies × ${spec.cohorts?.length ?? 1} cohorts × ${cells} cells (${cycles} cycles × ${expandedStates} states) = ${lanes * cells} lane-cells`,
        value: lanes * cells,
        expected: `at most ${LANE_CELLS_FACTOR} × ${max} = ${LANE_CELLS_FACTOR * max} (raise the limit with --max-cells, or option maxCells)`,
      },
      "model too large",
    );
  }
}

/**
 * Adds a problem if parameters are defined by formulas of each other in a chain longer than
 * {@link MAX_PARAMETER_CHAIN}. Every definition (base, strategy and cohort overrides) counts, so the
 * bound holds for every strategy × cohort. Iterative (Kahn's algorithm over the union of the
 * definitions); circles are left to the compiler, which names them.
 */
export function checkParameterChains(spec: ModelSpec, problems: Problems): void {
  const params = spec.parameters ?? {};
  const ids = Object.keys(params);
  const known = new Set(ids);
  const uses = new Map<string, Set<string>>(ids.map((id) => [id, new Set()]));
  const addDefinition = (id: string, e: unknown) => {
    if (typeof e !== "string" || !known.has(id)) return;
    let names: Set<string>;
    try {
      names = namesIn(parseFormula(e));
    } catch (err) {
      if (err instanceof FormulaError) return; // reported where the formula is compiled
      throw err;
    }
    for (const n of names) if (known.has(n) && n !== id) uses.get(id)!.add(n);
  };
  for (const id of ids) {
    const p = params[id];
    addDefinition(id, typeof p === "object" && p !== null ? (p as { value: unknown }).value : p);
  }
  for (const group of [spec.strategies ?? [], spec.cohorts ?? []])
    for (const g of group) for (const [id, e] of Object.entries(g.parameters ?? {})) addDefinition(id, e);

  // depth[id] = 1 + the largest depth of the parameters its definitions read.
  const readers = new Map<string, string[]>(ids.map((id) => [id, []]));
  const waiting = new Map<string, number>();
  for (const [id, u] of uses) {
    waiting.set(id, u.size);
    for (const n of u) readers.get(n)!.push(id);
  }
  const depth = new Map<string, number>();
  const queue = ids.filter((id) => waiting.get(id) === 0);
  for (const id of queue) depth.set(id, 1);
  for (let q = 0; q < queue.length; q++) {
    const id = queue[q];
    const d = depth.get(id)!;
    if (d > MAX_PARAMETER_CHAIN) {
      problems.add(
        `parameters.${id}`,
        `parameters defined by each other in a chain of ${d} or more (${id} reads a parameter that reads another, and so on)`,
        d,
        `chains of at most ${MAX_PARAMETER_CHAIN} parameters`,
      );
      return;
    }
    for (const r of readers.get(id)!) {
      depth.set(r, Math.max(depth.get(r) ?? 1, d + 1));
      const w = waiting.get(r)! - 1;
      waiting.set(r, w);
      if (w === 0) queue.push(r);
    }
  }
  // Parameters left are in circles or read one. A few are named by the compiler; a great many would
  // make its depth-first search as deep as they are many.
  const left = ids.length - queue.length;
  if (left > MAX_PARAMETER_CHAIN) {
    const first = ids.find((id) => waiting.get(id)! > 0)!;
    problems.add(
      `parameters.${first}`,
      `${left} parameters refer to each other in circles or read parameters that do`,
      left,
      `circles and chains of at most ${MAX_PARAMETER_CHAIN} parameters`,
    );
  }
}
