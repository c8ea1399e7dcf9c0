/**
 * The engine's checks against closed-form answers and published worked examples, as data: each
 * check runs the engine (compileModel/evaluate on the models of data/models/ or on a small model
 * written here) and compares one number with its closed-form or published value.
 *
 * The Validation page shows these rows; its data loader (validation.json.ts) computes them when the
 * site is built and fails the build if any check fails. Every expected value, its precision and its
 * citation are those of the golden tests (tests/validation/*.test.ts, tests/model/closed-form.test.ts);
 * each check names the golden test and the text in it that holds the same number, and
 * tests/validation/validation-loader.test.ts verifies that they agree.
 *
 * Tolerance convention (as in the golden tests, vitest's toBeCloseTo): a value published with d
 * decimals passes if |computed - expected| < 0.5 * 10^-d, i.e. the computed value rounds to the
 * published one. Node only (reads model files).
 */
import { join } from "node:path";
import { loadModelFile } from "../model/io/files.js";
import {
  annuityDue,
  annuityImmediate,
  compileModel,
  discountFactor,
  evaluate,
  incrementalAnalysis,
  type EvaluateOptions,
  type IncrementalRow,
  type ModelResult,
  type ModelSpec,
  type StrategyResult,
} from "../model/index.js";

export interface ValidationCheck {
  /** Unique, stable id. */
  id: string;
  kind: "closed form" | "published example";
  /** The model or function checked. */
  model: string;
  /** A short name of the model, for narrow tables. */
  label: string;
  /** What is compared. */
  check: string;
  /** Citation of the expected value. */
  source: string;
  /** Closed-form or published value (a number, or a text such as a dominance status). */
  expected: number | string;
  computed: number | string;
  /** |computed - expected| for numbers; null for text. */
  difference: number | null;
  /** Passes if difference < tolerance (strict); null for text (must be equal). */
  tolerance: number | null;
  /** Decimals of the published value (tolerance = 0.5 * 10^-decimals); null for text. */
  decimals: number | null;
  pass: boolean;
  /** The golden test that checks the same number, and a text in it that holds the number. */
  golden: { file: string; text: string };
}

const GOLDEN = {
  closedForm: "tests/model/closed-form.test.ts",
  hiv: "tests/validation/hiv-chancellor-1997.test.ts",
  darthTI: "tests/validation/darth-sick-sicker-time-independent.test.ts",
  darthAD: "tests/validation/darth-sick-sicker-age-dependent.test.ts",
  thr: "tests/validation/briggs-thr-exercise-3-5.test.ts",
} as const;

const CITE = {
  closedForm: "Closed form",
  aliveDead: "Closed form: geometric series, q = (1 - p) / (1 + r)",
  sonnenbergBeck: "Sonnenberg FA, Beck JR. Med Decis Making 1993;13:322 (three-state chain); closed form",
  hivBriggs: "Chancellor JV et al. Pharmacoeconomics 1997;12(1):54-66, as replicated in Briggs, Claxton & Sculpher, Decision Modelling for Health Economic Evaluation, OUP 2006, Exercise 2.5 (spreadsheet)",
  hivHeemod: "Briggs et al. 2006 Exercise 2.5 spreadsheet, unrounded, as transcribed in heemod tests/testthat/test_dmhee.R lines 113-118",
  darthTI: "Alarid-Escudero F et al. An Introductory Tutorial on Cohort State-Transition Models in R. Med Decis Making 2023;43(1):3-20, doi:10.1177/0272989X221103163",
  darthAD: "Alarid-Escudero F et al. A Tutorial on Time-Dependent Cohort State-Transition Models in R. Med Decis Making 2023;43(1):21-41, doi:10.1177/0272989X221121747",
  thr: "Briggs, Claxton & Sculpher, Decision Modelling for Health Economic Evaluation, OUP 2006, Exercise 3.5 (Excel solution as transcribed in heemod tests/testthat/test_dmhee.R lines 278-339)",
} as const;

/** Alive/dead with a constant per-cycle death probability p (the closed-form test model). */
export function aliveDead(opts: { p?: number; r?: number; cycles?: number; method?: string } = {}): ModelSpec {
  const { p = 0.05, r = 0.035, cycles = 40, method = "beginning" } = opts;
  return {
    name: "alive-dead",
    settings: { cycleLength: 1, horizon: { cycles }, discount: { costs: r, outcomes: r }, method },
    parameters: { p_die: p, c_alive: 1000 },
    values: [
      { id: "c", kind: "cost" },
      { id: "u", kind: "utility" },
    ],
    states: [
      { id: "Alive", values: { c: "c_alive", u: 1 } },
      { id: "Dead", dead: true },
    ],
    transitions: { Alive: { Alive: "C", Dead: "p_die" }, Dead: { Dead: 1 } },
    init: { Alive: 1 },
  };
}

/** Sonnenberg & Beck (Med Decis Making 1993;13:322) three-state chain, utility 1 (Well) and 0.7 (Disabled). */
export function sonnenbergBeck(method: string, cycles = 200): ModelSpec {
  return {
    name: "Sonnenberg & Beck 1993",
    settings: { cycleLength: 1, horizon: { cycles }, discount: { costs: 0, outcomes: 0 }, method },
    values: [{ id: "u", kind: "utility" }],
    states: [
      { id: "Well", values: { u: 1 } },
      { id: "Disabled", values: { u: 0.7 } },
      { id: "Dead", dead: true },
    ],
    transitions: [
      [0.6, 0.2, 0.2],
      [0, 0.6, 0.4],
      [0, 0, 1],
    ],
    init: { Well: 1 },
  };
}

function run(spec: ModelSpec, options?: EvaluateOptions): ModelResult {
  return evaluate(compileModel(spec), options);
}

function byId(r: ModelResult): Record<string, StrategyResult> {
  return Object.fromEntries(r.strategies.map((s) => [s.id, s]));
}

function traceRow(r: ModelResult, s: StrategyResult, k: number): Record<string, number> {
  const S = r.states.length;
  const row: Record<string, number> = {};
  r.states.forEach((id, j) => (row[id] = s.trace![k * S + j]));
  return row;
}

function incremental(r: ModelResult, wtp: number, effect: (s: StrategyResult) => number = (s) => s.qalys.discounted): Record<string, IncrementalRow> {
  const rows = incrementalAnalysis(
    r.strategies.map((s) => ({ id: s.id, cost: s.cost.discounted, effect: effect(s) })),
    { wtp },
  );
  return Object.fromEntries(rows.map((x) => [x.id, x]));
}

type Base = Pick<ValidationCheck, "kind" | "model" | "label" | "source"> & { goldenFile: string };

/** The fields every check takes from its base: what it checks, against which source and golden test line. */
function fromBase(base: Base, id: string, check: string, goldenText: string) {
  return { id, kind: base.kind, model: base.model, label: base.label, check, source: base.source, golden: { file: base.goldenFile, text: goldenText } };
}

/** A numeric check at the golden test's precision: passes if |computed - expected| < 0.5 * 10^-decimals. */
function near(base: Base, id: string, check: string, expected: number, computed: number, decimals: number, goldenText: string): ValidationCheck {
  const tolerance = 0.5 * Math.pow(10, -decimals);
  const difference = Math.abs(computed - expected);
  return { ...fromBase(base, id, check, goldenText), expected, computed, difference, tolerance, decimals, pass: Number.isFinite(computed) && difference < tolerance };
}

function same(base: Base, id: string, check: string, expected: string, computed: string, goldenText: string): ValidationCheck {
  return { ...fromBase(base, id, check, goldenText), expected, computed, difference: null, tolerance: null, decimals: null, pass: computed === expected };
}

/** The golden test's `toBeCloseTo(x, d)` text for a published number. */
const closeTo = (x: number | string, d: number) => `toBeCloseTo(${x}, ${d})`;

function discounting(): ValidationCheck[] {
  const b: Base = { kind: "closed form", model: "discounting functions", label: "Discounting", source: CITE.closedForm, goldenFile: GOLDEN.closedForm };
  let sum = 0;
  for (let k = 0; k < 40; k++) sum += discountFactor(0.035, k);
  return [
    near(b, "discount-factor", "discountFactor(3.5%, 10 years) = 1.035^-10", 0.7089188137, discountFactor(0.035, 10), 10, closeTo("0.7089188137", 10)),
    near(b, "annuity-due-10", "annuityDue(3.5%, 10) = (1 - v^10) / (1 - v), v = 1/1.035", 8.6076865, annuityDue(0.035, 10), 7, closeTo("8.6076865", 7)),
    near(b, "annuity-due-40", "annuityDue(3.5%, 40) equals the sum of 40 annual factors from year 0", sum, annuityDue(0.035, 40), 12, closeTo("sum", 12)),
    near(b, "annuity-immediate-20", "annuityImmediate(6%, 20) = (1 - 1.06^-20) / 0.06", 11.4699212, annuityImmediate(0.06, 20), 7, closeTo("11.4699212", 7)),
  ];
}

function aliveDeadChecks(): ValidationCheck[] {
  const b: Base = { kind: "closed form", model: "alive/dead, p = 0.05, r = 3.5%, 40 cycles", label: "Alive/dead", source: CITE.aliveDead, goldenFile: GOLDEN.closedForm };
  const ly = (method: string) => run(aliveDead({ method })).strategies[0].lifeYears;
  const beginning = ly("beginning");
  const end = ly("end");
  const half = ly("half-cycle");
  const simpson = ly("simpson");
  const q = 0.95 / 1.035;
  const exactBeginning = (1 - q ** 40) / (1 - q);
  return [
    near(b, "alive-dead-beginning", "discounted life years, counts at the beginning of each cycle", 11.78124, beginning.discounted, 5, closeTo("11.78124", 5)),
    near(b, "alive-dead-end", "discounted life years, counts at the end of each cycle", 10.8137, end.discounted, 5, closeTo("10.8137", 5)),
    near(b, "alive-dead-half-cycle", "discounted life years, half-cycle (trapezoid)", 11.29747, half.discounted, 5, closeTo("11.29747", 5)),
    near(b, "alive-dead-simpson", "discounted life years, Simpson 1/3", 11.29056, simpson.discounted, 5, closeTo("11.29056", 5)),
    near(b, "alive-dead-undiscounted", "undiscounted life years, beginning of cycle", 17.42976, beginning.undiscounted, 5, closeTo("17.42976", 5)),
    near(b, "alive-dead-exact-beginning", "beginning: exact sum (1 - q^40) / (1 - q)", exactBeginning, beginning.discounted, 12, closeTo("exactBeginning", 12)),
    near(b, "alive-dead-exact-end", "end: exact sum, beginning - 1 + q^40", exactBeginning - 1 + q ** 40, end.discounted, 12, closeTo("exactBeginning - 1 + q ** 40", 12)),
    near(b, "alive-dead-exact-half-cycle", "half-cycle: exact sum, beginning - 1/2 + q^40 / 2", exactBeginning - 0.5 + q ** 40 / 2, half.discounted, 12, closeTo("exactBeginning - 0.5 + q ** 40 / 2", 12)),
    near(b, "alive-dead-exact-undiscounted", "undiscounted: exact sum (1 - 0.95^40) / 0.05", (1 - 0.95 ** 40) / 0.05, beginning.undiscounted, 12, closeTo("(1 - 0.95 ** 40) / 0.05", 12)),
  ];
}

function sonnenbergBeckChecks(): ValidationCheck[] {
  const b: Base = {
    kind: "closed form",
    model: "Sonnenberg & Beck chain P = [[.6, .2, .2], [0, .6, .4], [0, 0, 1]], utilities 1 and 0.7, 200 cycles",
    label: "Sonnenberg & Beck",
    source: CITE.sonnenbergBeck,
    goldenFile: GOLDEN.closedForm,
  };
  const q = (method: string) => run(sonnenbergBeck(method)).strategies[0].qalys.undiscounted;
  return [
    near(b, "sonnenberg-beck-beginning", "QALYs, counts at the beginning of each cycle", 3.375, q("beginning"), 9, closeTo("3.375", 9)),
    near(b, "sonnenberg-beck-end", "QALYs, counts at the end of each cycle", 2.375, q("end"), 9, closeTo("2.375", 9)),
    near(b, "sonnenberg-beck-half-cycle", "QALYs, half-cycle correction", 2.875, q("half-cycle"), 9, closeTo("2.875", 9)),
  ];
}

function hiv(models: string): ValidationCheck[] {
  const file = "hiv-chancellor-1997.json";
  const spec = loadModelFile(join(models, file));
  const s = byId(run(spec));
  const b: Base = { kind: "published example", model: `HIV, mono vs combination therapy (data/models/${file})`, label: "HIV (Briggs Ex. 2.5)", source: CITE.hivBriggs, goldenFile: GOLDEN.hiv };
  const u: Base = { ...b, source: CITE.hivHeemod };
  const inc = incremental(run(spec), 10000, (x) => x.lifeYears.undiscounted);
  const icer = (s.combo.cost.discounted - s.mono.cost.discounted) / (s.combo.lifeYears.undiscounted - s.mono.lifeYears.undiscounted);
  const hc = structuredClone(spec);
  hc.settings.method = "half-cycle";
  const h = byId(run(hc));
  return [
    near(b, "hiv-mono-cost", "monotherapy: discounted cost (GBP)", 44663, s.mono.cost.discounted, 0, closeTo("44663", 0)),
    near(b, "hiv-mono-ly", "monotherapy: undiscounted life years", 7.991, s.mono.lifeYears.undiscounted, 3, closeTo("7.991", 3)),
    near(b, "hiv-combo-cost", "combination: discounted cost (GBP)", 50602, s.combo.cost.discounted, 0, closeTo("50602", 0)),
    near(b, "hiv-combo-ly", "combination: undiscounted life years", 8.937, s.combo.lifeYears.undiscounted, 3, closeTo("8.937", 3)),
    near(b, "hiv-icer", "ICER, combination vs mono (GBP per life year gained)", 6276, inc.combo.icer ?? NaN, 0, closeTo("6276", 0)),
    near(u, "hiv-mono-cost-unrounded", "monotherapy: discounted cost, unrounded (GBP)", 44663.4535637, s.mono.cost.discounted, 7, closeTo("44663.4535637", 7)),
    near(u, "hiv-combo-cost-unrounded", "combination: discounted cost, unrounded (GBP)", 50601.6513312, s.combo.cost.discounted, 7, closeTo("50601.6513312", 7)),
    near(u, "hiv-mono-ly-unrounded", "monotherapy: life years, unrounded", 7.9912066, s.mono.lifeYears.undiscounted, 7, closeTo("7.9912066", 7)),
    near(u, "hiv-combo-ly-unrounded", "combination: life years, unrounded", 8.9373889, s.combo.lifeYears.undiscounted, 7, closeTo("8.9373889", 7)),
    near(u, "hiv-icer-unrounded", "ICER, unrounded (GBP per life year gained)", 6275.9556, icer, 4, closeTo("6275.9556", 4)),
    near(b, "hiv-mono-ly-half-cycle", "monotherapy: life years with half-cycle correction", 8.475, h.mono.lifeYears.undiscounted, 3, closeTo("8.475", 3)),
    near(b, "hiv-combo-ly-half-cycle", "combination: life years with half-cycle correction", 9.42, h.combo.lifeYears.undiscounted, 2, closeTo("9.42", 2)),
  ];
}

/** Costs (whole USD) and QALYs (3 decimals) of the DARTH tables, and the incremental analysis. */
function darthResults(b: Base, prefix: string, r: ModelResult, published: Record<string, [number, number]>, inc: { B: [number, number, number]; AB: [number, number, number] }): ValidationCheck[] {
  const s = byId(r);
  const out: ValidationCheck[] = [];
  for (const [id, [cost, qalys]] of Object.entries(published)) {
    const text = `${id}: [${cost}, ${qalys}]`;
    out.push(near(b, `${prefix}-${id}-cost`, `${id}: discounted cost (USD)`, cost, s[id].cost.discounted, 0, text));
    out.push(near(b, `${prefix}-${id}-qalys`, `${id}: discounted QALYs`, qalys, s[id].qalys.discounted, 3, text));
  }
  const rows = incremental(r, 100000);
  for (const [id, against] of [
    ["B", "SoC"],
    ["AB", "B"],
  ] as const) {
    const [dC, dE, icer] = inc[id];
    const x = rows[id];
    out.push(same(b, `${prefix}-${id}-status`, `${id}: on the frontier, compared with ${against}`, `frontier vs ${against}`, `${x.status} vs ${x.against}`, `expect(r.${id}.against).toBe("${against}")`));
    out.push(near(b, `${prefix}-${id}-dcost`, `${id} vs ${against}: incremental cost (USD)`, dC, x.incrementalCost ?? NaN, 0, closeTo(dC, 0)));
    out.push(near(b, `${prefix}-${id}-dqalys`, `${id} vs ${against}: incremental QALYs`, dE, x.incrementalEffect ?? NaN, 3, closeTo(dE, 3)));
    out.push(near(b, `${prefix}-${id}-icer`, `${id} vs ${against}: ICER (USD per QALY)`, icer, x.icer ?? NaN, 0, closeTo(icer, 0)));
  }
  out.push(same(b, `${prefix}-A-status`, "A: dominated", "dominated", rows.A.status, 'expect(r.A.status).toBe("dominated")'));
  return out;
}

function darthTimeIndependent(models: string): ValidationCheck[] {
  const file = "darth-sick-sicker-time-independent.json";
  const r = run(loadModelFile(join(models, file)));
  const s = byId(r);
  const b: Base = { kind: "published example", model: `DARTH Sick-Sicker, time-independent (data/models/${file})`, label: "DARTH Sick-Sicker", source: CITE.darthTI, goldenFile: GOLDEN.darthTI };
  const cycle5 = [0.707, 0.206, 0.072, 0.015];
  const row5 = traceRow(r, s.SoC, 5);
  const trace = ["H", "S1", "S2", "D"].map((state, j) =>
    near(b, `darth-ti-trace5-${state}`, `SoC: share in ${state} at cycle 5 (table tab:Trace)`, cycle5[j], row5[state], 3, `[${cycle5.join(", ")}]`),
  );
  return [
    ...trace,
    ...darthResults(b, "darth-ti", r, { SoC: [151580, 20.711], A: [284805, 21.499], B: [259100, 22.184], AB: [378875, 23.137] }, { B: [107521, 1.473, 72988], AB: [119775, 0.952, 125764] }),
  ];
}

function darthAgeDependent(models: string): ValidationCheck[] {
  const file = "darth-sick-sicker-age-dependent.json";
  const r = run(loadModelFile(join(models, file)));
  const s = byId(r);
  const b: Base = { kind: "published example", model: `DARTH Sick-Sicker, age-dependent with transition rewards (data/models/${file})`, label: "DARTH age-dependent", source: CITE.darthAD, goldenFile: GOLDEN.darthAD };
  const row1 = traceRow(r, s.SoC, 1);
  return [
    near(b, "darth-ad-p-HH", "first-cycle probability H to H (age 25)", 0.8598357, row1.H, 7, closeTo("0.8598357", 7)),
    near(b, "darth-ad-p-HS1", "first-cycle probability H to S1", 0.1391509, row1.S1, 7, closeTo("0.1391509", 7)),
    near(b, "darth-ad-p-HD", "first-cycle probability H to D", 0.001013486, row1.D, 9, closeTo("0.001013486", 9)),
    ...darthResults(b, "darth-ad", r, { SoC: [116374, 18.879], A: [218789, 19.636], B: [202536, 20.199], AB: [296300, 21.097] }, { B: [86162, 1.32, 65288], AB: [93764, 0.898, 104461] }),
  ];
}

function thr(models: string): ValidationCheck[] {
  const file = "briggs-thr-exercise-3-5.json";
  const r = run(loadModelFile(join(models, file)));
  const s = byId(r);
  const b: Base = { kind: "published example", model: `Total hip replacement, standard vs NP1 (data/models/${file})`, label: "THR (Briggs Ex. 3.5)", source: CITE.thr, goldenFile: GOLDEN.thr };
  const inc = incremental(r, 20000);
  const trace8: Record<string, number[]> = {
    standard: [0.88040225, 0.00168398, 0.00618146, 0.11173231],
    np1: [0.88631355, 0.00044144, 0.00161577, 0.11162924],
  };
  const traces = Object.entries(trace8).flatMap(([id, published]) => {
    const row = traceRow(r, s[id], 8);
    return ["SuccessP", "RevisionTHR", "SuccessR", "Death"].map((state, j) =>
      near(b, `thr-trace8-${id}-${state}`, `${id}: share in ${state} at cycle 8`, published[j], row[state], 8, `[${published.join(", ")}]`),
    );
  });
  return [
    ...traces,
    near(b, "thr-standard-cost", "standard prosthesis: discounted cost (GBP)", 512.434658, s.standard.cost.discounted, 6, closeTo("512.434658", 6)),
    near(b, "thr-standard-qalys", "standard prosthesis: discounted QALYs", 14.6531896, s.standard.qalys.discounted, 7, closeTo("14.6531896", 7)),
    near(b, "thr-np1-cost", "NP1: discounted cost (GBP)", 610.311818, s.np1.cost.discounted, 6, closeTo("610.311818", 6)),
    near(b, "thr-np1-qalys", "NP1: discounted QALYs", 14.69770986, s.np1.qalys.discounted, 8, closeTo("14.69770986", 8)),
    near(b, "thr-icer", "ICER, NP1 vs standard (GBP per QALY)", 2198.486665, inc.np1.icer ?? NaN, 6, closeTo("2198.486665", 6)),
  ];
}

/**
 * Runs every check. `models` is the folder of the worked example models (relative to the working
 * directory; data loaders and tests run in the project root).
 */
export function runValidationChecks(models = "data/models"): ValidationCheck[] {
  return [...discounting(), ...aliveDeadChecks(), ...sonnenbergBeckChecks(), ...hiv(models), ...darthTimeIndependent(models), ...darthAgeDependent(models), ...thr(models)];
}

/** Throws, listing every failed check, unless all pass. */
export function assertAllPass(checks: ValidationCheck[]): void {
  const failed = checks.filter((c) => !c.pass);
  if (failed.length === 0) return;
  const lines = failed.map((c) => `  ${c.id}: ${c.model}: ${c.check}: expected ${c.expected}, computed ${c.computed}${c.difference === null ? "" : `, |difference| ${c.difference} >= tolerance ${c.tolerance}`}`);
  throw new Error(`${failed.length} of ${checks.length} validation checks failed:\n${lines.join("\n")}`);
}
