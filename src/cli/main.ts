/**
 * cartecon: the command-line interface. `validate` checks a model (structure, formulas, and one full
 * evaluation, since some problems appear only in a given cycle); `evaluate` prints per-strategy
 * totals and the incremental analysis and writes CSV files. Output shapes: docs/cli.md.
 * Exit codes: 0 success, 1 a problem in the user's input (message, no stack trace), 2 a usage
 * error, 3 an internal error (a bug: the stack trace is printed).
 */
import { writeFileSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import {
  compileModel,
  detailsTable,
  evaluate,
  incrementalRows,
  ModelError,
  perCycleTable,
  summaryTable,
  toCsv,
  traceTable,
  type CompiledModel,
  type EvaluateOptions,
  type ModelResult,
} from "../model/index.js";
import { DEFAULT_MAX_FILE_MB, loadModelFile, readText, type ReadOptions } from "../model/io/files.js";
import { readScenarioFile, type NamedScenario } from "../cart/scenario-file.js";
import { parseDecimal, whyNotDecimal } from "../model/io/number.js";
import { DEFAULT_MAX_CELLS, type ModelLimits } from "../model/spec/limits.js";
import { durabilityScenario } from "../cart/durability.js";
import { assertOverrides, cartParameterTable, cartStateTable, cartSummaryTable, cartThresholdTable, isParameterFile, presetById, PRESET_IDS, runCart, type CartAnalysis } from "../cart/index.js";
import { loadEvidence, loadEvidenceFiles, loadLifeTable, EVIDENCE_DIR } from "../cart/load.js";
import { escapeTerminal, jsonForTerminal, num, textTable } from "./format.js";
import { registerUncertainty } from "./commands/index.js";
import { registerBudget } from "./commands/budget.js";

// Imported, not read at run time, so the compiled bundle (build/cli.js) carries the version.
import packageJson from "../../package.json" with { type: "json" };

const VERSION: string = packageJson.version;

/** Text the user typed, quoted and escaped for an error message. */
const quoted = (s: string) => escapeTerminal(JSON.stringify(s.length > 80 ? s.slice(0, 77) + "..." : s));

function collectSet(value: string, previous: Record<string, number>): Record<string, number> {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(value);
  if (!m) throw new InvalidArgumentError(`expected name=value, got ${quoted(value)}`);
  const x = parseDecimal(m[2]);
  if (x === undefined) throw new InvalidArgumentError(`the value of ${m[1]} must be a decimal number, got ${quoted(m[2])}: ${whyNotDecimal(m[2])}`);
  if (Object.hasOwn(previous, m[1])) throw new InvalidArgumentError(`${m[1]} is set twice`);
  // A fresh object with the name as an own property ("__proto__" included), never an inherited one.
  const next: Record<string, number> = { ...previous };
  Object.defineProperty(next, m[1], { value: x, enumerable: true, writable: true, configurable: true });
  return next;
}

function nonNegative(value: string): number {
  const x = parseDecimal(value);
  if (x === undefined || x < 0) throw new InvalidArgumentError(`expected a decimal number >= 0, got ${quoted(value)}${x === undefined ? `: ${whyNotDecimal(value)}` : ""}`);
  return x;
}

function positive(value: string): number {
  const x = parseDecimal(value);
  if (x === undefined || !(x > 0)) throw new InvalidArgumentError(`expected a decimal number > 0, got ${quoted(value)}${x === undefined ? `: ${whyNotDecimal(value)}` : ""}`);
  return x;
}

/** Resource flags shared by the commands that read a model. */
interface LimitFlags {
  maxCells?: number;
  maxFileMb?: number;
  allowOutsideTables?: boolean;
}
const readOptions = (f: LimitFlags): ReadOptions => ({ maxFileMb: f.maxFileMb, allowOutsideTables: f.allowOutsideTables });
const modelLimits = (f: LimitFlags): ModelLimits => ({ maxCells: f.maxCells });

/** Writes text to standard output with control characters in user text made visible. */
const print = (text: string) => process.stdout.write(escapeTerminal(text));

interface EvaluateFlags extends LimitFlags {
  json?: boolean;
  out?: string;
  trace?: string;
  details?: string;
  perCycle?: string;
  wtp?: number;
  comparator?: string;
  effect?: string;
  set: Record<string, number>;
  strategies?: string;
}

function write(file: string, text: string, what: string): void {
  try {
    writeFileSync(file, text, "utf8");
  } catch (err) {
    throw new ModelError({ where: file, message: `cannot write ${what}: ${(err as Error).message}` });
  }
  process.stderr.write(escapeTerminal(`wrote ${what} to ${file}\n`));
}

/** What made a result: written next to every CSV as <file>.meta.json. */
export function resultMetadata(modelFile: string, model: CompiledModel, result: ModelResult, flags: { wtp: number; effect: string; comparator?: string }) {
  return {
    tool: `cartecon ${VERSION}`,
    modelFile,
    model: result.model,
    modelVersion: model.spec.version ?? null,
    method: result.method,
    cycleYears: result.cycleYears,
    cycles: result.nCycles,
    discount: result.discount,
    currency: result.currency ?? null,
    priceYear: result.priceYear ?? null,
    wtp: flags.wtp,
    effect: flags.effect,
    comparator: flags.comparator ?? result.strategies[0]?.id,
    parameterOverrides: result.parameters,
    parameters: Object.fromEntries(model.parameters.map((p) => [p.id, { value: Object.hasOwn(result.parameters, p.id) ? result.parameters[p.id] : p.value, ...p.meta }])),
    strategies: model.strategies.map((s) => ({ id: s.id, label: s.label, overrides: s.overrides })),
    cohorts: model.cohorts.map((c) => ({ id: c.id, weight: c.weight, startAge: c.startAge, overrides: c.overrides })),
    seed: null,
    note: "Deterministic evaluation: no random draws were made (seed null).",
  };
}

function runEvaluate(file: string, flags: EvaluateFlags): void {
  const model = compileModel(loadModelFile(file, readOptions(flags)), modelLimits(flags));
  const options: EvaluateOptions = {
    parameters: flags.set,
    trace: Boolean(flags.trace),
    perCycle: Boolean(flags.perCycle),
  };
  if (flags.strategies) options.strategies = flags.strategies.split(",").map((s) => s.trim());
  const result = evaluate(model, options);
  const wtp = flags.wtp ?? model.spec.settings.wtp ?? 50000;
  const effect = flags.effect ?? model.spec.settings.effect ?? "qalys";
  const incOptions = { wtp, comparator: flags.comparator, effect };
  const inc = incrementalOrError(result, incOptions);
  const meta = resultMetadata(file, model, result, { wtp, effect, comparator: flags.comparator });
  const money = [result.currency, result.priceYear].filter(Boolean).join(" ") || "currency units";

  if (flags.json) {
    const strategies = result.strategies.map(({ perCycle: _p, trace: _t, ...rest }) => rest);
    process.stdout.write(jsonForTerminal({ ...meta, strategies, incremental: inc }) + "\n");
  } else {
    const lines: string[] = [];
    lines.push(`${result.model}`);
    lines.push(`${result.nCycles} cycles of ${cycleText(result.cycleYears)}, ${result.method} counting; discount ${num(result.discount.costs * 100, 1)}% costs, ${num(result.discount.outcomes * 100, 1)}% outcomes; per member of the cohort`);
    if (Object.keys(result.parameters).length) lines.push(`parameter overrides: ${Object.entries(result.parameters).map(([k, v]) => `${k}=${v}`).join(", ")}`);
    lines.push("");
    lines.push(
      textTable(
        [
          { header: "strategy" },
          { header: `cost (${money}, disc.)`, right: true },
          { header: "QALYs (disc.)", right: true },
          { header: "life years (disc.)", right: true },
          { header: "cost (undisc.)", right: true },
          { header: "QALYs (undisc.)", right: true },
          { header: "life years (undisc.)", right: true },
        ],
        result.strategies.map((s) => [s.id, num(s.cost.discounted, 2), num(s.qalys.discounted, 4), num(s.lifeYears.discounted, 4), num(s.cost.undiscounted, 2), num(s.qalys.undiscounted, 4), num(s.lifeYears.undiscounted, 4)]),
      ),
    );
    lines.push("");
    lines.push(`Incremental analysis (effect: ${effect}; net monetary benefit at ${num(wtp)} ${money} per unit of effect, against ${incOptions.comparator ?? result.strategies[0].id}):`);
    lines.push(
      textTable(
        [
          { header: "strategy" },
          { header: "cost", right: true },
          { header: "effect", right: true },
          { header: "status" },
          { header: "vs" },
          { header: "incr. cost", right: true },
          { header: "incr. effect", right: true },
          { header: "ICER", right: true },
          { header: "NMB", right: true },
          { header: "incr. NMB", right: true },
        ],
        inc.map((r) => [r.id, num(r.cost, 2), num(r.effect, 4), r.status, r.against ?? "", num(r.incrementalCost, 2), num(r.incrementalEffect, 4), num(r.icer, 0), num(r.nmb, 2), num(r.incrementalNmb, 2)]),
      ),
    );
    print(lines.join("\n") + "\n");
  }

  const metaText = JSON.stringify(meta, null, 2) + "\n";
  if (flags.out) {
    write(flags.out, toCsv(summaryTable(result, incOptions)), "per-strategy results");
    write(`${flags.out}.meta.json`, metaText, "assumptions");
  }
  if (flags.details) write(flags.details, toCsv(detailsTable(result)), "results by component, state and transition");
  if (flags.trace) write(flags.trace, toCsv(traceTable(result)), "cohort trace");
  if (flags.perCycle) write(flags.perCycle, toCsv(perCycleTable(result)), "per-cycle results");
}

/** The incremental analysis; a RangeError about the options (unknown comparator or effect) is the user's. */
function incrementalOrError(result: ModelResult, options: { wtp: number; effect: string; comparator?: string }) {
  try {
    return incrementalRows(result, options);
  } catch (err) {
    if (err instanceof RangeError) throw new ModelError({ where: "options", message: err.message });
    throw err;
  }
}

function cycleText(years: number): string {
  if (Math.abs(years - Math.round(years)) < 1e-12) return Math.round(years) === 1 ? "1 year" : `${Math.round(years)} years`;
  const months = years * 12;
  if (Math.abs(months - Math.round(months)) < 1e-9) return Math.round(months) === 1 ? "1 month" : `${Math.round(months)} months`;
  return `${num(years * 365.25, 2)} days`;
}

function runValidate(file: string, flags: LimitFlags): void {
  const model = compileModel(loadModelFile(file, readOptions(flags)), modelLimits(flags));
  // Some problems (a probability above 1 in cycle 300) appear only when the model runs; the
  // incremental analysis with the model's own settings is run too, as evaluate runs it.
  const result = evaluate(model, { trace: false, perCycle: false });
  incrementalOrError(result, { wtp: model.spec.settings.wtp ?? 50000, effect: model.spec.settings.effect ?? "qalys" });
  const tunnels = model.nExpanded > model.states.length ? ` (${model.nExpanded} with time-in-state tunnels)` : "";
  print(
    `OK: "${model.name}": ${model.states.length} states${tunnels}, ${model.entryTo.length} non-zero transitions, ${model.parameters.length} parameters, ${model.strategies.length} strategies, ${model.cohorts.length} cohort${model.cohorts.length > 1 ? "s" : ""}, ${model.nCycles} cycles; every probability in [0, 1] and every row summing to 1 in every cycle\n`,
  );
}

interface CartFlags extends LimitFlags {
  disease?: string;
  preset?: string;
  /** A scenario file exported by the report (src/cart/scenario-file.ts). */
  scenario?: string;
  params?: string;
  lifeTable?: string;
  wtp?: number;
  json?: boolean;
  out?: string;
  thresholds?: string;
  states?: string;
  parameters?: string;
  exportParams?: string;
  perInfused?: boolean;
  /** --set name=value, as typed (checked by assertOverrides). */
  set?: Record<string, string>;
  durabilityScenario?: string;
  cureFraction?: number;
}

/** Collects `--set name=value` as text in a null-prototype object; the CAR T range check reads the numbers. */
function collectCartSet(value: string, previous: Record<string, string> | undefined): Record<string, string> {
  const m = /^([^=]+)=(.*)$/.exec(value);
  if (!m) throw new InvalidArgumentError(`expected name=value, got "${value}"`);
  const out: Record<string, string> = Object.assign(Object.create(null), previous);
  out[m[1].trim()] = m[2];
  return out;
}

const NO_CEA_NOTE =
  "No published cost-effectiveness analysis of CAR T in these autoimmune diseases exists yet; the defaults are exploratory and most CAR T inputs are labelled assumptions (data/cart/).";

/** An ICER for reading: "dominant" (cheaper and better) or "dominated" instead of a negative ratio. */
function icerText(dC: number, dE: number): string {
  if (dE > 0 && dC <= 0) return "dominant";
  if (dE <= 0 && dC >= 0) return "dominated";
  if (dE < 0) return `${num(dC / dE)} (saves per unit lost)`;
  return num(dC / dE);
}

/** A threshold price below zero means no positive price reaches the target: say so instead of printing a negative price. */
function priceText(x: number): string {
  return Number.isFinite(x) && x < 0 ? "no positive price" : num(x);
}

/** `--scenario FILE` read and checked (scenario-file.ts); `--disease` / `--preset` may repeat its values but not contradict them. */
function cartScenario(flags: CartFlags, known: string[]): NamedScenario | null {
  if (!flags.scenario) return null;
  const named = readScenarioFile(readText(flags.scenario, "scenario file", readOptions(flags)), flags.scenario, known);
  for (const [flag, given, inFile] of [["--disease", flags.disease, named.scenario.disease], ["--preset", flags.preset, named.scenario.preset]] as const) {
    if (given !== undefined && given !== inFile) throw new ModelError({ where: flag, message: `contradicts the scenario file ${flags.scenario}`, value: given, expected: `${inFile} (the file's value), or leave ${flag} out` });
  }
  return named;
}

function runCartCommand(flags: CartFlags): void {
  const presetId = flags.preset ?? "us";
  if (!presetById(presetId)) throw new ModelError({ where: "--preset", message: `unknown preset "${presetId}"`, value: presetId, expected: PRESET_IDS.join(", ") });
  // The one range check of the CAR T parameters (src/cart/check.ts), as on the Parameters page.
  const setOverrides = assertOverrides(flags.set ?? {}, "--set");
  const files = loadEvidenceFiles(EVIDENCE_DIR);
  if (flags.exportParams) {
    const names = Object.keys(files).filter(isParameterFile).sort();
    const header = files[names[0]].split("\n")[0];
    const body = names.flatMap((f) => files[f].replace(/^\uFEFF/, "").trim().split("\n").slice(1));
    write(flags.exportParams, [header, ...body].join("\n") + "\n", "every parameter row (edit it and pass it back with --params)");
    return;
  }
  const evidence = loadEvidence(EVIDENCE_DIR, flags.params, readOptions(flags));
  const known = evidence.diseases.map((d) => d.disease);
  if (flags.disease !== undefined && !known.includes(flags.disease)) throw new ModelError({ where: "--disease", message: `unknown disease "${flags.disease}"`, value: flags.disease, expected: known.join(", ") });
  const named = cartScenario(flags, known);
  const file = named?.scenario;
  const preset = presetById(file?.preset ?? presetId)!;
  // The file's overrides, then --set on top (both checked by check.ts).
  const overrides: Record<string, number> = { ...(file?.overrides ?? {}), ...setOverrides };
  // As the report runs a scenario (runScenario): null rates are the preset's.
  const discount = file && (file.discountCosts !== null || file.discountOutcomes !== null) ? { costs: file.discountCosts ?? preset.discount.costs, outcomes: file.discountOutcomes ?? preset.discount.outcomes } : undefined;
  const wtp = flags.wtp ?? file?.wtp ?? undefined;
  const horizonAge = file?.horizonAge;
  // Each preset names its own life table (UK: ONS 2018-2020); --life-table replaces it.
  const lifeTableFile = flags.lifeTable ?? preset.lifeTable.file;
  const lifeTable = loadLifeTable(lifeTableFile, readOptions(flags));
  const diseases = file ? [file.disease] : flags.disease ? [flags.disease] : known;
  const durability = durabilityScenario(flags.durabilityScenario ?? "weibull", flags.cureFraction);
  const analyses: CartAnalysis[] = [];
  for (const d of diseases) {
    analyses.push(runCart(evidence, d, preset, lifeTable, { wtp, overrides, durability, discount, horizonAge }));
    if (flags.perInfused) analyses.push(runCart(evidence, d, preset, lifeTable, { wtp, intentionToTreat: false, overrides, durability, discount, horizonAge }));
  }
  const money = `${preset.currency} ${preset.priceYear}`;
  if (flags.json) {
    const out = analyses.map((a) => ({
      disease: a.disease,
      preset: a.preset.id,
      perspective: a.preset.perspective,
      population: a.population,
      currency: preset.currency,
      priceYear: preset.priceYear,
      discount: a.result.discount,
      wtp: a.wtp,
      structuralScenario: a.structuralScenario,
      durabilityShares: a.durabilityShares,
      lifeTable: { file: lifeTableFile, label: flags.lifeTable ? "user life table (--life-table)" : preset.lifeTable.label, sourceId: flags.lifeTable ? null : preset.lifeTable.sourceId },
      strategies: a.strategies,
      versusSoc: a.versusSoc,
      warnings: a.warnings,
      negativeSurvival: a.negativeSurvival,
      comparators: a.comparators,
      versusComparators: a.versusComparators,
      incremental: a.incremental,
      severity: a.severity,
      discountScenario: a.discountScenario,
      overrides: { ...overrides },
      note: NO_CEA_NOTE,
    }));
    process.stdout.write(jsonForTerminal(out) + "\n");
  } else {
    const lines: string[] = [NO_CEA_NOTE, ""];
    for (const a of analyses) {
      const label = evidence.diseases.find((x) => x.disease === a.disease)!.label;
      lines.push(`${label} — ${preset.label}, ${preset.perspective}; ${a.population}; per patient, discounted ${num(a.result.discount.costs * 100, 1)}%; ${money}`);
      lines.push(`Durability: ${a.structuralScenario.label}. Share of responders still in remission at 2 / 5 years: ${a.durabilityShares.map((x) => `${x.strategy} ${num(x.at2, 2)} / ${num(x.at5, 2)}`).join(", ")}. Life table: ${lifeTableFile}.`);
      lines.push(
        textTable(
          [
            { header: "strategy" },
            { header: `cost (${money})`, right: true },
            { header: "QALYs", right: true },
            { header: "life years", right: true },
            { header: "incr. cost", right: true },
            { header: "incr. QALYs", right: true },
            { header: "ICER", right: true },
            { header: `NMB at ${num(a.wtp)}`, right: true },
            { header: "cost parity (years)", right: true },
          ],
          a.strategies.map((s) => {
            const v = a.versusSoc.find((x) => x.strategy === s.id) ?? a.comparators.find((x) => x.strategy === s.id);
            const parity = v && "costParityYear" in v ? (v.costParityYear === null ? "not within horizon" : num(v.costParityYear, 1)) : "";
            return [s.id, num(s.cost), num(s.qalys, 3), num(s.lifeYears, 3), v ? num(v.incrementalCost) : "", v ? num(v.incrementalQalys, 3) : "", v ? icerText(v.incrementalCost, v.incrementalQalys) : "", v ? num(v.nmb) : "", parity];
          }),
        ),
      );
      lines.push("");
      lines.push(`Threshold product prices (${money} per infusion): cost-neutral / cost-effective at ${num(a.wtp)} per QALY`);
      lines.push(
        textTable(
          [{ header: "strategy" }, { header: "current", right: true }, ...a.scenarios.map((sc) => ({ header: sc.id, right: true }))],
          a.versusSoc.map((v) => [v.strategy, num(v.thresholds[0].currentPrice), ...v.thresholds.map((t) => `${priceText(t.costNeutralPrice)} / ${priceText(t.costEffectivePrice)}`)]),
        ),
      );
      lines.push("Scenarios: " + a.scenarios.map((sc) => `${sc.id} = ${sc.label}`).join("; "));
      if (a.discountScenario) {
        lines.push(
          `Scenario, ${a.discountScenario.note} (${num(a.discountScenario.rates.costs * 100, 1)}% costs and outcomes): ` +
            a.discountScenario.versusSoc.map((v) => `${v.strategy} incr. cost ${num(v.incrementalCost)}, incr. QALYs ${num(v.incrementalQalys, 3)}, ICER ${icerText(v.incrementalCost, v.incrementalQalys)}`).join("; "),
        );
      }
      for (const w of a.warnings) lines.push(`Warning: ${w}.`);
      if (a.severity) lines.push(`NICE severity: absolute QALY shortfall ${num(a.severity.absoluteShortfall, 2)}, proportional ${num(a.severity.proportionalShortfall, 3)}, modifier ${a.severity.modifier}. ${a.severity.note}`);
      if (preset.evLYG) lines.push("Cost per evLYG: " + a.versusSoc.map((v) => `${v.strategy} ${v.incrementalEvly === null ? "n/a" : icerText(v.incrementalCost, v.incrementalEvly)}`).join(", "));
      lines.push("");
    }
    print(lines.join("\n"));
  }
  if (flags.out) {
    write(flags.out, toCsv(cartSummaryTable(analyses)), "CAR T results");
    const meta = {
      tool: `cartecon ${VERSION}`,
      preset,
      diseases,
      evidence: flags.params ? `${flags.params} (user parameter table)` : `${EVIDENCE_DIR}/*.csv`,
      lifeTable: lifeTableFile,
      wtp: analyses[0]?.wtp,
      scenario: named ? { file: flags.scenario, name: named.name, ...named.scenario } : null,
      overrides: { ...overrides },
      seed: null,
      note: NO_CEA_NOTE,
    };
    write(`${flags.out}.meta.json`, JSON.stringify(meta, null, 2) + "\n", "assumptions");
  }
  if (flags.thresholds) write(flags.thresholds, toCsv(cartThresholdTable(analyses)), "threshold prices");
  if (flags.states) {
    const merged: Record<string, unknown[]> = {};
    for (const a of analyses) for (const [k, v] of Object.entries(cartStateTable(a))) (merged[k] ??= []).push(...Array.from(v as ArrayLike<unknown>));
    write(flags.states, toCsv(merged), "results by health state");
  }
  if (flags.parameters) {
    const tables = analyses.map((a) => cartParameterTable(a));
    const merged: Record<string, unknown[]> = {};
    for (const t of tables) for (const [k, v] of Object.entries(t)) (merged[k] ??= []).push(...Array.from(v as ArrayLike<unknown>));
    write(flags.parameters, toCsv(merged), "parameters used, with provenance");
  }
}

export function cli(argv: string[]): number {
  const program = new Command();
  program
    .name("cartecon")
    .description("Cohort state-transition models for health economics: validate, evaluate, and the CAR T vs lifelong-therapy model.")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(escapeTerminal(s)), writeOut: (s) => process.stdout.write(escapeTerminal(s)) });
  const limitOptions = (c: Command, tables = true) => {
    c.option("--max-cells <n>", `largest cycles × expanded states (default ${DEFAULT_MAX_CELLS})`, positive);
    c.option("--max-file-mb <mb>", `largest file read, in MB (default ${DEFAULT_MAX_FILE_MB})`, positive);
    if (tables) c.option("--allow-outside-tables", "let the model's table files lie outside the model file's folder");
    return c;
  };
  limitOptions(
    program
      .command("validate")
      .description("check a model file: structure, formulas, and one full evaluation")
      .argument("<model.json>", "model specification (docs/model-spec.md)"),
  ).action((file: string, flags: LimitFlags) => runValidate(file, flags));
  const evaluateCommand = program
    .command("evaluate")
    .description("evaluate every strategy: totals, incremental analysis, CSV files")
    .argument("<model.json>", "model specification (docs/model-spec.md)")
    .option("--json", "print the results as JSON instead of tables")
    .option("--out <results.csv>", "per-strategy totals, components and incremental results (CSV; assumptions in <file>.meta.json)")
    .option("--details <details.csv>", "long table: every value by component, health state and transition")
    .option("--trace <trace.csv>", "cohort trace: counts by health state at each cycle")
    .option("--per-cycle <per-cycle.csv>", "values per cycle with running totals of cost")
    .option("--wtp <amount>", "willingness to pay per unit of effect (default: settings.wtp, else 50000)", nonNegative)
    .option("--effect <effect>", 'effect for the incremental analysis: "qalys", "lifeYears" or a value id (default: settings.effect, else qalys)')
    .option("--comparator <strategy>", "strategy that incremental net monetary benefit is measured against (default: the first)")
    .option("--strategies <ids>", "comma-separated strategy ids to evaluate (default: all)")
    .option("--set <name=value>", "override a parameter (repeatable)", collectSet, {});
  limitOptions(evaluateCommand).action((file: string, flags: EvaluateFlags) => runEvaluate(file, flags));

  const cartCommand = program
    .command("cart")
    .description("the CAR T vs lifelong-therapy model: results, cost-parity year and threshold prices per disease")
    .option("--disease <id>", "one disease (default: all): sle, ms, mg, aav, graves, t1d")
    .option("--preset <id>", "jurisdiction preset: us or uk (default us)")
    .option("--scenario <file.json>", "a scenario saved from the report (disease, preset, overrides, discount rates, horizon, WTP); --set applies on top")
    .option("--params <file.csv>", "a complete parameter table replacing data/cart/parameters-*.csv (see --export-params)")
    .option("--set <name=value>", "override a parameter, e.g. p_response__invivo=0.6 (repeatable; checked against its range)", collectCartSet)
    .option("--life-table <file.csv>", "another life table (columns Age, Female, Male: annual death rates)")
    .option("--wtp <amount>", "willingness to pay per QALY (default: the preset's first threshold)", nonNegative)
    .option("--per-infused", "also report results per infused patient (besides intention to treat)")
    .option("--durability-scenario <id>", "structural durability scenario: weibull (default), cure, limited-5, limited-10")
    .option("--cure-fraction <x>", "share of responders who never relapse in the cure scenario (default 0.5)", Number)
    .option("--json", "print the results as JSON")
    .option("--out <results.csv>", "one row per disease × population × strategy (assumptions in <file>.meta.json)")
    .option("--thresholds <file.csv>", "threshold prices per offset scenario")
    .option("--states <file.csv>", "life years, QALYs and costs by health state")
    .option("--parameters <file.csv>", "every parameter used, converted, with its source row")
    .option("--export-params <file.csv>", "write the shipped parameter rows as one table to edit, then exit")
    .option("--max-file-mb <mb>", `largest file read, in MB (default ${DEFAULT_MAX_FILE_MB})`, positive);
  cartCommand.action((flags: CartFlags) => runCartCommand(flags));
  registerUncertainty(program);
  registerBudget(program, VERSION);

  try {
    program.parse(argv, { from: "user" });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof ModelError) {
      // The message lists at most the first 100 problems and the count of the rest (errors.ts).
      process.stderr.write(escapeTerminal(`error: ${err.message}\n`));
      return 1;
    }
    process.stderr.write(`internal error (please report it): ${(err as Error).stack ?? err}\n`);
    return 3;
  }
}
