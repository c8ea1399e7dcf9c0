/**
 * The work of the commands `validate`, `evaluate` and `cart` (their options are defined in
 * program.ts, which loads this module when one of them runs). `validate` checks a model (structure,
 * formulas, and one full evaluation, since some problems appear only in a given cycle); `evaluate`
 * prints per-strategy totals and the incremental analysis and writes CSV files. Output shapes:
 * docs/cli.md. Errors are thrown as ModelError; program.ts turns them into exit codes.
 */
import {
  checkOverrides,
  compileModel,
  detailsTable,
  distributionProblems,
  evaluate,
  formatProblem,
  incrementalRows,
  implausibleResults,
  ModelError,
  moneyLabel,
  perCycleTable,
  Problems,
  summaryTable,
  toCsv,
  traceTable,
  type CompiledModel,
  type EvaluateOptions,
  type ModelResult,
} from "../model/index.js";
import { loadModelFile, readModelFile, readText, type ReadOptions } from "../model/io/files.js";
import { stripBom } from "../model/io/text.js";
import { readScenarioFile, type NamedScenario } from "../cart/scenario-file.js";
import { type ModelLimits } from "../model/spec/limits.js";
import { type TableSpec } from "../model/spec/spec.js";
import { durabilityScenario } from "../cart/durability.js";
import { icerLabel } from "../cart/icer.js";
import {
  checkEffect,
  checkOutputs,
  inModelFile,
  modelTableInputs,
  outWithMeta,
  shippedInputs,
  writeOut,
} from "./commands/target.js";
import {
  assertOverrides,
  cartParameterTable,
  cartStateCostTable,
  cartSummaryTable,
  cartThresholdTable,
  isParameterFile,
  presetById,
  requirePreset,
  runCart,
  scenarioDurability,
  type CartAnalysis,
  utilityNormsSentence,
  type Evidence,
  type Preset,
  type RunCartOptions,
} from "../cart/index.js";
import { dataStamp, loadEvidence, loadEvidenceFiles, loadLifeTable, EVIDENCE_DIR } from "../cart/load.js";
import { escapeTerminal, jsonForTerminal, num, oneLine, textTable } from "./format.js";

// Imported, not read at run time, so the compiled bundle (build/cli.js) carries the version.
import packageJson from "../../package.json" with { type: "json" };

const VERSION: string = packageJson.version;

/** Resource flags shared by the commands that read a model. */
export interface LimitFlags {
  maxCells?: number;
  maxFileMb?: number;
  allowOutsideTables?: boolean;
}
const readOptions = (f: LimitFlags): ReadOptions => ({
  maxFileMb: f.maxFileMb,
  allowOutsideTables: f.allowOutsideTables,
});
const modelLimits = (f: LimitFlags): ModelLimits => ({ maxCells: f.maxCells });

/** Writes text to standard output with control characters in user text made visible. */
const print = (text: string) => process.stdout.write(escapeTerminal(text));

export interface EvaluateFlags extends LimitFlags {
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

/** What made a result: written next to every CSV as <file>.meta.json. */
export function resultMetadata(
  modelFile: string,
  model: CompiledModel,
  result: ModelResult,
  flags: { wtp: number; effect: string; comparator?: string },
) {
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
    parameters: Object.fromEntries(
      model.parameters.map((p) => [
        p.id,
        { value: Object.hasOwn(result.parameters, p.id) ? result.parameters[p.id] : p.value, ...p.meta },
      ]),
    ),
    strategies: model.strategies.map((s) => ({ id: s.id, label: s.label, overrides: s.overrides })),
    cohorts: model.cohorts.map((c) => ({ id: c.id, weight: c.weight, startAge: c.startAge, overrides: c.overrides })),
    seed: null,
    note: "Deterministic evaluation: no random draws were made (seed null).",
  };
}

export function runEvaluate(file: string, flags: EvaluateFlags): void {
  // Output files checked before the run (a folder as --out failed after it, with EISDIR).
  const outputs: Array<[string, string | undefined]> = [
    ...outWithMeta(flags.out),
    ["--details", flags.details],
    ["--trace", flags.trace],
    ["--per-cycle", flags.perCycle],
  ];
  checkOutputs(outputs, [["the model file", file]]);
  const { spec, tables } = inModelFile(file, () => readModelFile(file, readOptions(flags)));
  // The CSV tables the model reads are inputs too: `--out lt.csv` replaced the model's life table.
  checkOutputs(outputs, modelTableInputs(file, tables));
  const { model, result, inc, incOptions } = inModelFile(file, () => {
    const model = compileModel(spec, modelLimits(flags));
    const options: EvaluateOptions = {
      parameters: flags.set,
      trace: Boolean(flags.trace),
      perCycle: Boolean(flags.perCycle),
    };
    if (flags.strategies !== undefined) options.strategies = flags.strategies.split(",").map((s) => s.trim());
    const effect = checkEvaluateFlags(model, flags, options.strategies);
    const result = evaluate(model, options);
    const wtp = flags.wtp ?? model.spec.settings.wtp ?? 50000;
    const incOptions = { wtp, comparator: flags.comparator, effect };
    return { model, result, inc: incrementalOrError(result, incOptions), incOptions };
  });
  const { wtp, effect } = incOptions;
  const implausible = implausibleResults(result);
  const meta = {
    ...resultMetadata(file, model, result, { wtp, effect, comparator: flags.comparator }),
    ...(implausible.length > 0 ? { implausible } : {}),
  };
  const money = oneLine(moneyLabel(result.currency, result.priceYear));
  for (const n of implausible) process.stderr.write(escapeTerminal(`note: ${n}\n`));

  if (flags.json) {
    const strategies = result.strategies.map(({ perCycle: _p, trace: _t, ...rest }) => rest);
    process.stdout.write(jsonForTerminal({ ...meta, strategies, incremental: inc }) + "\n");
  } else {
    print(evaluateText(result, inc, { wtp, effect, comparator: incOptions.comparator }, money));
  }

  const metaText = JSON.stringify(meta, null, 2) + "\n";
  if (flags.out) {
    writeOut(flags.out, toCsv(summaryTable(result, incOptions)), "per-strategy results");
    writeOut(`${flags.out}.meta.json`, metaText, "assumptions");
  }
  if (flags.details) writeOut(flags.details, toCsv(detailsTable(result)), "results by component, state and transition");
  if (flags.trace) writeOut(flags.trace, toCsv(traceTable(result)), "cohort trace");
  if (flags.perCycle) writeOut(flags.perCycle, toCsv(perCycleTable(result)), "per-cycle results");
}

/**
 * The flags that name things in the model, checked before the run and named by flag (they were
 * "options: unknown effect …" after it): --effect, --set, --strategies, --comparator. Returns the effect.
 */
function checkEvaluateFlags(model: CompiledModel, flags: EvaluateFlags, strategies: string[] | undefined): string {
  const effect = flags.effect ?? model.spec.settings.effect ?? "qalys";
  checkEffect(
    effect,
    model.values.map((v) => v.id),
    flags.effect !== undefined ? "--effect" : "settings.effect",
  );
  const overrides = new Problems();
  checkOverrides(model, flags.set ?? {}, overrides, "--set");
  overrides.throwIfAny("invalid --set");
  const ids = model.strategies.map((s) => s.id);
  // An empty --strategies (or an empty name in it) was taken as all strategies.
  const unknown = strategies?.find((id) => !ids.includes(id));
  if (unknown !== undefined)
    throw new ModelError({
      where: "--strategies",
      message: `unknown strategy "${unknown}"`,
      value: unknown,
      expected: ids.join(", "),
    });
  // "mono,mono" evaluated mono twice: two rows, and an incremental table of mono against itself.
  const twice = strategies?.find((id, i) => strategies.indexOf(id) !== i);
  if (twice !== undefined)
    throw new ModelError({
      where: "--strategies",
      message: `strategy "${twice}" is listed twice`,
      value: strategies!.join(","),
      expected: "each strategy once",
    });
  const compared = strategies ?? ids;
  if (flags.comparator !== undefined && !compared.includes(flags.comparator))
    throw new ModelError({
      where: "--comparator",
      message: "not one of the strategies evaluated",
      value: flags.comparator,
      expected: compared.join(", "),
    });
  return effect;
}

/** The text `evaluate` prints: the run's settings, the totals per strategy and the incremental analysis. */
function evaluateText(
  result: ModelResult,
  inc: ReturnType<typeof incrementalOrError>,
  incOptions: { wtp: number; effect: string; comparator?: string },
  money: string,
): string {
  const { wtp, effect } = incOptions;
  const lines: string[] = [];
  lines.push(oneLine(result.model));
  lines.push(
    `${result.nCycles} cycles of ${cycleText(result.cycleYears)}, ${result.method} counting; discount ${num(result.discount.costs * 100, 1)}% costs, ${num(result.discount.outcomes * 100, 1)}% outcomes; per member of the cohort`,
  );
  if (Object.keys(result.parameters).length)
    lines.push(
      `parameter overrides: ${Object.entries(result.parameters)
        .map(([k, v]) => `${k}=${v}`)
        .join(", ")}`,
    );
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
      result.strategies.map((s) => [
        s.id,
        num(s.cost.discounted, 2),
        num(s.qalys.discounted, 4),
        num(s.lifeYears.discounted, 4),
        num(s.cost.undiscounted, 2),
        num(s.qalys.undiscounted, 4),
        num(s.lifeYears.undiscounted, 4),
      ]),
    ),
  );
  lines.push("");
  lines.push(
    `Incremental analysis (effect: ${effect}; net monetary benefit at ${num(wtp)} ${money} per unit of effect, against ${incOptions.comparator ?? result.strategies[0].id}):`,
  );
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
      inc.map((r) => [
        r.id,
        num(r.cost, 2),
        num(r.effect, 4),
        r.status,
        r.against ?? r.extendedBy?.join(" and ") ?? "",
        num(r.incrementalCost, 2),
        num(r.incrementalEffect, 4),
        num(r.icer, 0),
        num(r.nmb, 2),
        num(r.incrementalNmb, 2),
      ]),
    ),
  );
  return lines.join("\n") + "\n";
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
  if (Math.abs(years - Math.round(years)) < 1e-12)
    return Math.round(years) === 1 ? "1 year" : `${Math.round(years)} years`;
  const months = years * 12;
  if (Math.abs(months - Math.round(months)) < 1e-9)
    return Math.round(months) === 1 ? "1 month" : `${Math.round(months)} months`;
  return `${num(years * 365.25, 2)} days`;
}

export function runValidate(file: string, flags: LimitFlags): void {
  const model = inModelFile(file, () => {
    const model = compileModel(loadModelFile(file, readOptions(flags)), modelLimits(flags));
    // Some problems (a probability above 1 in cycle 300) appear only when the model runs; the
    // incremental analysis with the model's own settings is run too, as evaluate runs it.
    const result = evaluate(model, { trace: false, perCycle: false });
    incrementalOrError(result, {
      wtp: model.spec.settings.wtp ?? 50000,
      effect: model.spec.settings.effect ?? "qalys",
    });
    return model;
  });
  // The distributions are read only by a PSA; a model valid without them is valid, but a user who
  // validates before `psa` should hear now what `psa` would refuse (it said OK, then psa failed).
  const dists = distributionProblems(model.spec);
  if (dists.problems.length > 0)
    process.stderr.write(
      escapeTerminal(
        `note: ${file}: psa and evppi will refuse ${dists.problems.length} distribution(s) until they are fixed:\n` +
          dists.problems.map((p) => `  - ${formatProblem(p)}\n`).join(""),
      ),
    );
  // "1 parameter", "2 parameters" (it said "1 parameters").
  const counted = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const tunnels = model.nExpanded > model.states.length ? ` (${model.nExpanded} with time-in-state tunnels)` : "";
  print(
    `OK: "${model.name}": ${counted(model.states.length, "state")}${tunnels}, ${counted(model.entryTo.length, "non-zero transition")}, ${counted(model.parameters.length, "parameter")}, ${counted(model.strategies.length, "strategy", "strategies")}, ${counted(model.cohorts.length, "cohort")}, ${counted(model.nCycles, "cycle")}; every probability in [0, 1] and every row summing to 1 in every cycle\n`,
  );
}

export interface CartFlags extends LimitFlags {
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

const NO_CEA_NOTE =
  "No published cost-effectiveness analysis of CAR T in these autoimmune diseases exists yet; the defaults are exploratory and most CAR T inputs are labelled assumptions (data/cart/).";

/** A threshold price below zero means no positive price reaches the target: say so instead of printing a negative price. */
function priceText(x: number): string {
  return Number.isFinite(x) && x < 0 ? "no positive price" : num(x);
}

/** `--scenario FILE` read and checked (scenario-file.ts); `--disease` / `--preset` may repeat its values but not contradict them. */
function cartScenario(flags: CartFlags, known: string[]): NamedScenario | null {
  if (!flags.scenario) return null;
  const named = readScenarioFile(readText(flags.scenario, "scenario file", readOptions(flags)), flags.scenario, known);
  for (const [flag, given, inFile] of [
    ["--disease", flags.disease, named.scenario.disease],
    ["--preset", flags.preset, named.scenario.preset],
    ["--durability-scenario", flags.durabilityScenario, named.scenario.durability],
    ["--cure-fraction", flags.cureFraction, named.scenario.cureFraction],
  ] as const) {
    if (given !== undefined && given !== inFile)
      throw new ModelError({
        where: flag,
        message: `contradicts the scenario file ${flags.scenario}`,
        value: given,
        expected: `${inFile} (the file's value), or leave ${flag} out`,
      });
  }
  return named;
}

/** Everything a `cart` run needs, read and checked from the flags, the scenario file and the data. */
interface CartRun {
  evidence: Evidence;
  named: NamedScenario | null;
  preset: Preset;
  /** The scenario file's overrides with --set on top. */
  overrides: Record<string, number>;
  options: RunCartOptions;
  lifeTableFile: string;
  lifeTable: TableSpec;
  diseases: string[];
}

export function runCartCommand(flags: CartFlags): void {
  const presetId = flags.preset ?? "us";
  requirePreset(presetId, "--preset");
  // The one range check of the CAR T parameters (src/cart/check.ts), as on the Parameters page.
  const setOverrides = assertOverrides(flags.set ?? {}, "--set");
  checkOutputs(
    [
      ...outWithMeta(flags.out),
      ["--thresholds", flags.thresholds],
      ["--states", flags.states],
      ["--parameters", flags.parameters],
      ["--export-params", flags.exportParams],
    ],
    [
      ["--scenario", flags.scenario],
      ["--params", flags.params],
      ["--life-table", flags.lifeTable],
      // The shipped tables the run reads: `cart --parameters data/cart/parameters-ms.csv` replaced
      // the shipped MS parameter table with the converted one (exit 0).
      ...shippedInputs(),
    ],
  );
  if (flags.exportParams) return exportParameterRows(loadEvidenceFiles(EVIDENCE_DIR), flags.exportParams);
  const run = cartRun(flags, presetId, setOverrides);
  const analyses = cartAnalyses(run, Boolean(flags.perInfused));
  if (flags.json) process.stdout.write(jsonForTerminal(cartJson(run, analyses, flags)) + "\n");
  else print(cartText(run, analyses).join("\n"));
  writeCartFiles(run, analyses, flags);
}

/** `--export-params FILE`: every shipped parameter row as one table (one header), to edit and pass back with --params. */
function exportParameterRows(files: Record<string, string>, out: string): void {
  const names = Object.keys(files).filter(isParameterFile).sort();
  const header = stripBom(files[names[0]]).split("\n")[0];
  const body = names.flatMap((f) => stripBom(files[f]).trim().split("\n").slice(1));
  writeOut(out, [header, ...body].join("\n") + "\n", "every parameter row (edit it and pass it back with --params)");
}

/** Reads the evidence, the scenario file and the life table; checks --disease against the evidence. */
function cartRun(flags: CartFlags, presetId: string, setOverrides: Record<string, number>): CartRun {
  const evidence = loadEvidence(EVIDENCE_DIR, flags.params, readOptions(flags));
  const known = evidence.diseases.map((d) => d.disease);
  if (flags.disease !== undefined && !known.includes(flags.disease))
    throw new ModelError({
      where: "--disease",
      message: `unknown disease "${flags.disease}"`,
      value: flags.disease,
      expected: known.join(", "),
    });
  const named = cartScenario(flags, known);
  const file = named?.scenario;
  const preset = presetById(file?.preset ?? presetId)!;
  // The file's overrides, then --set on top (both checked by check.ts).
  const overrides: Record<string, number> = { ...(file?.overrides ?? {}), ...setOverrides };
  // As the report runs a scenario (runScenario): null rates are the preset's.
  const discount =
    file && (file.discountCosts !== null || file.discountOutcomes !== null)
      ? {
          costs: file.discountCosts ?? preset.discount.costs,
          outcomes: file.discountOutcomes ?? preset.discount.outcomes,
        }
      : undefined;
  const wtp = flags.wtp ?? file?.wtp ?? undefined;
  const horizonAge = file?.horizonAge;
  // Each preset names its own life table (UK: ONS 2018-2020); --life-table replaces it.
  const lifeTableFile = flags.lifeTable ?? preset.lifeTable.file;
  const lifeTable = loadLifeTable(lifeTableFile, readOptions(flags));
  // A table that stops short of the horizon was used without a word: its last row's rates then
  // apply at every later age (docs/model-spec.md, look-up tables), e.g. age 1's for a cohort of 40.
  const lastAge = Math.max(...lifeTable.columns.Age);
  const endAge = horizonAge ?? 100;
  if (flags.lifeTable && lastAge < endAge - 1)
    process.stderr.write(
      escapeTerminal(
        `note: ${flags.lifeTable}: the life table's last age is ${lastAge}, below the horizon's end at age ${endAge}: its last row's death rates apply at every age from ${lastAge} on\n`,
      ),
    );
  const diseases = file ? [file.disease] : flags.disease ? [flags.disease] : known;
  // A scenario file names its durability scenario (cartScenario refuses flags that contradict it).
  const durability = file
    ? scenarioDurability(file)
    : durabilityScenario(flags.durabilityScenario ?? "weibull", flags.cureFraction);
  const options: RunCartOptions = { wtp, overrides, durability, discount, horizonAge };
  return { evidence, named, preset, overrides, options, lifeTableFile, lifeTable, diseases };
}

/** One analysis per disease (intention to treat), each followed by its per-infused twin with --per-infused. */
function cartAnalyses(run: CartRun, perInfused: boolean): CartAnalysis[] {
  const { evidence, preset, lifeTable, options } = run;
  const analyses: CartAnalysis[] = [];
  for (const d of run.diseases) {
    analyses.push(runCart(evidence, d, preset, lifeTable, options));
    if (perInfused) analyses.push(runCart(evidence, d, preset, lifeTable, { ...options, intentionToTreat: false }));
  }
  return analyses;
}

/** `--json`: one object per analysis (shape in docs/cli.md). */
function cartJson(run: CartRun, analyses: CartAnalysis[], flags: CartFlags) {
  const { preset } = run;
  return analyses.map((a) => ({
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
    lifeTable: {
      file: run.lifeTableFile,
      label: flags.lifeTable ? "user life table (--life-table)" : preset.lifeTable.label,
      sourceId: flags.lifeTable ? null : preset.lifeTable.sourceId,
    },
    strategies: a.strategies,
    versusSoc: a.versusSoc,
    warnings: a.warnings,
    negativeSurvival: a.negativeSurvival,
    comparators: a.comparators,
    versusComparators: a.versusComparators,
    incremental: a.incremental,
    severity: a.severity,
    utilityNorms: a.utilityNorms,
    discountScenario: a.discountScenario,
    overrides: { ...run.overrides },
    note: NO_CEA_NOTE,
  }));
}

/** The text report: the note, then per analysis its heading, results, threshold prices and notes. */
function cartText(run: CartRun, analyses: CartAnalysis[]): string[] {
  const { preset } = run;
  const money = `${preset.currency} ${preset.priceYear}`;
  const lines: string[] = [NO_CEA_NOTE, ""];
  for (const a of analyses) {
    const label = run.evidence.diseases.find((x) => x.disease === a.disease)!.label;
    lines.push(
      `${label} — ${preset.label}, ${preset.perspective}; ${a.population}; per patient, discounted ${num(a.result.discount.costs * 100, 1)}%; ${money}`,
    );
    lines.push(
      `Durability: ${a.structuralScenario.label}. Share of responders still in remission at 2 / 5 years: ${a.durabilityShares.map((x) => `${x.strategy} ${num(x.at2, 2)} / ${num(x.at5, 2)}`).join(", ")}. Life table: ${run.lifeTableFile}.`,
    );
    lines.push(cartResultTable(a, money));
    lines.push("");
    lines.push(...cartThresholdText(a, money));
    lines.push(...cartNotes(a, preset));
    lines.push("");
  }
  return lines;
}

/** Per strategy: totals, increments against standard of care (or its comparator), NMB and cost-parity year. */
function cartResultTable(a: CartAnalysis, money: string): string {
  return textTable(
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
      const parity =
        v && "costParityYear" in v ? (v.costParityYear === null ? "not within horizon" : num(v.costParityYear, 1)) : "";
      return [
        s.id,
        num(s.cost),
        num(s.qalys, 3),
        num(s.lifeYears, 3),
        v ? num(v.incrementalCost) : "",
        v ? num(v.incrementalQalys, 3) : "",
        v ? icerLabel(v.incrementalCost, v.incrementalQalys, num) : "",
        v ? num(v.nmb) : "",
        parity,
      ];
    }),
  );
}

/** Threshold product prices per offset scenario, and the list of those scenarios. */
function cartThresholdText(a: CartAnalysis, money: string): string[] {
  return [
    `Threshold product prices (${money} per infusion): cost-neutral / cost-effective at ${num(a.wtp)} per QALY`,
    textTable(
      [
        { header: "strategy" },
        { header: "current", right: true },
        ...a.scenarios.map((sc) => ({ header: sc.id, right: true })),
      ],
      a.versusSoc.map((v) => [
        v.strategy,
        num(v.thresholds[0].currentPrice),
        ...v.thresholds.map((t) => `${priceText(t.costNeutralPrice)} / ${priceText(t.costEffectivePrice)}`),
      ]),
    ),
    "Scenarios: " + a.scenarios.map((sc) => `${sc.id} = ${sc.label}`).join("; "),
  ];
}

/** The discount-rate scenario, warnings, NICE severity modifier and cost per evLYG, where they apply. */
function cartNotes(a: CartAnalysis, preset: Preset): string[] {
  const lines: string[] = [];
  if (a.discountScenario) {
    lines.push(
      `Scenario, ${a.discountScenario.note} (${num(a.discountScenario.rates.costs * 100, 1)}% costs and outcomes): ` +
        a.discountScenario.versusSoc
          .map(
            (v) =>
              `${v.strategy} incr. cost ${num(v.incrementalCost)}, incr. QALYs ${num(v.incrementalQalys, 3)}, ICER ${icerLabel(v.incrementalCost, v.incrementalQalys, num)}`,
          )
          .join("; "),
    );
  }
  for (const w of a.warnings) lines.push(`Warning: ${w}.`);
  lines.push(utilityNormsSentence(a.utilityNorms, num));
  if (a.severity)
    lines.push(
      `NICE severity: absolute QALY shortfall ${num(a.severity.absoluteShortfall, 2)}, proportional ${num(a.severity.proportionalShortfall, 3)}, modifier ${a.severity.modifier}. ${a.severity.note}`,
    );
  if (preset.evLYG)
    lines.push(
      "Cost per evLYG: " +
        a.versusSoc
          .map(
            (v) =>
              `${v.strategy} ${v.incrementalEvly === null ? "n/a" : icerLabel(v.incrementalCost, v.incrementalEvly, num, "evLY")}`,
          )
          .join(", "),
    );
  return lines;
}

/** Columns of several tables appended into one table (the analyses' rows one after another). */
function appendTables(tables: Array<Record<string, unknown>>): Record<string, unknown[]> {
  const merged: Record<string, unknown[]> = {};
  for (const t of tables)
    for (const [k, v] of Object.entries(t)) (merged[k] ??= []).push(...Array.from(v as ArrayLike<unknown>));
  return merged;
}

/** --out (with its .meta.json), --thresholds, --states and --parameters. */
function writeCartFiles(run: CartRun, analyses: CartAnalysis[], flags: CartFlags): void {
  if (flags.out) {
    writeOut(flags.out, toCsv(cartSummaryTable(analyses)), "CAR T results");
    const { named } = run;
    const meta = {
      tool: `cartecon ${VERSION}`,
      preset: run.preset,
      diseases: run.diseases,
      evidence: flags.params ? `${flags.params} (user parameter table)` : `${EVIDENCE_DIR}/*.csv`,
      lifeTable: run.lifeTableFile,
      // The report's data stamp (DATA_STAMP) when only shipped data were read.
      dataStamp: flags.params || flags.lifeTable ? null : dataStamp(),
      wtp: analyses[0]?.wtp,
      scenario: named ? { file: flags.scenario, name: named.name, ...named.scenario } : null,
      overrides: { ...run.overrides },
      seed: null,
      note: NO_CEA_NOTE,
    };
    writeOut(`${flags.out}.meta.json`, JSON.stringify(meta, null, 2) + "\n", "assumptions");
  }
  if (flags.thresholds) writeOut(flags.thresholds, toCsv(cartThresholdTable(analyses)), "threshold prices");
  if (flags.states)
    writeOut(flags.states, toCsv(appendTables(analyses.map(cartStateCostTable))), "results by health state");
  if (flags.parameters)
    writeOut(
      flags.parameters,
      toCsv(appendTables(analyses.map((a) => cartParameterTable(a)))),
      "parameters used, with provenance",
    );
}
