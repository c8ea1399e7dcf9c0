/** What the uncertainty commands analyse: a model file, or the CAR T model for one disease. */
import { writeWhole } from "../write-file.js";
import { accessSync, constants, existsSync, readdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
// Imported, not read at run time, so the compiled bundle carries the version.
import packageJson from "../../../package.json" with { type: "json" };
import { effectProblem, ModelError, moneyLabel, type ModelSpec } from "../../model/index.js";
import { readModelFile, type ModelTableFile } from "../../model/io/files.js";
import { buildCartModel, PRESETS, requirePreset } from "../../cart/index.js";
import { dataStamp, loadEvidence, loadLifeTable, shippedPath, EVIDENCE_DIR } from "../../cart/load.js";
import { oneLine, printErr } from "../format.js";

export interface TargetFlags {
  cart?: string;
  preset: string;
  /** A parameter table and a life table replacing the shipped ones (library callers; no command passes them). */
  params?: string;
  lifeTable?: string;
  wtp?: number;
  /** Checked against the model before any work: "qalys", "lifeYears" or a value id. */
  effect?: string;
  /** An output file: its folder must exist before any work. */
  out?: string;
  /** psa's and evppi's correlation file (an input no output may overwrite). */
  correlation?: string;
}

export interface Target {
  spec: ModelSpec;
  /** Parameters the CAR T builder reads structurally (start age, sex mix, tunnel limit): not drawn, not varied. */
  fixed: string[];
  wtp: number;
  /** --effect, else the model's settings.effect, else "qalys" (as `evaluate`). */
  effect: string;
  label: string;
  /** The CSV files the model file's tables were read from (none for --cart): inputs of the run. */
  tables: ModelTableFile[];
  /**
   * With --cart, the parameter table and life table the model was built from (the shipped ones in
   * psa, dsa and evppi, which take no --params or --life-table): every .meta.json names them.
   */
  cartInputs?: { disease: string; preset: string; parameterTable: string; lifeTable: string; dataStamp: string | null };
}

/** The tool and its version, as every .meta.json and --json output of the commands names it. */
export const TOOL = `cartecon ${packageJson.version}`;

/** What every .meta.json of a model's analysis starts with (dsa; psa and evppi add their draws): the tool and the model. */
export function targetMeta(target: Target) {
  return {
    tool: TOOL,
    model: target.label,
    modelVersion: target.spec.version ?? null,
    ...target.cartInputs,
    settings: target.spec.settings ?? {},
  };
}

/**
 * The currency and price year of the target's costs ("GBP 1995"), as `evaluate` names them; the
 * text output of psa, dsa and evppi printed bare amounts.
 */
export function moneyOf(target: Target): string {
  const { currency, priceYear } = target.spec.settings ?? {};
  // Display only (a currency or label holding a line break stays on its line).
  return oneLine(moneyLabel(currency, priceYear));
}

/**
 * The model file, or with `--cart <disease>` the CAR T model (its preset's first WTP by default).
 * The effect and the output folder are checked here, before a long run, not after it.
 */
export function loadTarget(
  file: string | undefined,
  flags: TargetFlags,
  outputs: Array<[string, string | undefined]> = [["--out", flags.out]],
): Target {
  const target = readTarget(file, flags);
  checkEffect(
    target.effect,
    (target.spec.values ?? []).map((v) => v.id),
    flags.effect !== undefined ? "--effect" : `${target.label}: settings.effect`,
  );
  checkOutputs(outputs, [
    ["the model file", file],
    ["--correlation", flags.correlation],
    ...modelTableInputs(file, target.tables),
  ]);
  return target;
}

/** The effect of a model's incremental analysis, checked before the run; `where` is --effect or settings.effect. */
export function checkEffect(effect: string, valueIds: readonly string[], where: string): void {
  const why = effectProblem(effect, valueIds);
  if (why) throw new ModelError({ where, message: why, value: effect });
}

/**
 * The shipped evidence tables (data/cart/*.csv), the presets' life tables and `more` shipped files (budget:
 * data/access/*.csv), as inputs for checkOutputs: `budget --out data/access/capacity.csv` replaced a shipped table.
 */
export function shippedInputs(more: readonly string[] = []): Array<[what: string, path: string]> {
  const dir = shippedPath(EVIDENCE_DIR);
  const tables = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".csv"))
        .map((f) => `${EVIDENCE_DIR}/${f}`)
    : [];
  const lifeTables = Object.values(PRESETS).map((p) => p.lifeTable.file);
  return [...tables, ...lifeTables, ...more].map((f) => [`the shipped table ${f}`, shippedPath(f)]);
}

/** A model file's CSV tables as inputs for checkOutputs, each named with the model that reads it. */
export function modelTableInputs(
  file: string | undefined,
  tables: readonly ModelTableFile[],
): Array<[what: string, path: string]> {
  return tables.map((t) => [`the table "${t.name}" (${t.csv}) that the model ${file} reads`, t.path]);
}

/** --out and the <file>.meta.json written beside it, as entries for checkOutputs. */
export function outWithMeta(out: string | undefined): Array<[option: string, path: string | undefined]> {
  return [
    ["--out", out],
    ["--out (.meta.json)", out === undefined ? undefined : out + ".meta.json"],
  ];
}

/** Every output file of a command (option, path; undefined: not asked for), checked before the run. */
export function checkOutputs(
  outputs: ReadonlyArray<readonly [option: string, path: string | undefined]>,
  inputs: ReadonlyArray<readonly [what: string, path: string | undefined]> = [],
): void {
  for (const [option, path] of outputs) checkOutput(option, path);
  // An output naming an input file: `evaluate model.json --out model.json` replaced the model with the results.
  for (const [option, path] of outputs)
    for (const [what, input] of inputs)
      if (path !== undefined && input !== undefined && sameFile(path, input))
        throw new ModelError({
          where: option,
          message: `the same file as ${what}: writing it would destroy that input`,
          value: path,
          expected: "a new file name for the output",
        });
  // Two outputs in one file: `evaluate --out r.csv --trace r.csv` wrote the results, then the trace over them.
  const seen = new Map<string, string>();
  for (const [option, path] of outputs) {
    if (path === undefined) continue;
    const other = seen.get(resolve(path));
    if (other !== undefined)
      throw new ModelError({
        where: option,
        message: `the same file as ${other}: one would overwrite the other`,
        value: path,
        expected: "a file of its own for each output",
      });
    seen.set(resolve(path), option);
  }
}

/**
 * Whether two paths name one file: the same path once resolved, or (both existing) one file reached
 * by a symbolic or hard link, compared by device and inode (`--out ltlink.csv`, a link to the model's
 * table, replaced the table).
 */
function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.ino !== 0 && x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false; // one of them does not exist yet: two different files
  }
}

/**
 * An output file, checked before a long run rather than after it: a non-empty name, in an existing
 * folder, not itself a folder, and writable if it exists (a directory given as --out used to fail
 * with EISDIR only after every draw had been evaluated).
 */
export function checkOutput(option: string, path: string | undefined): void {
  if (path === undefined) return;
  const fail = (message: string, expected = "a file in an existing folder") => {
    throw new ModelError({ where: option, message, value: path, expected });
  };
  if (path.trim() === "") fail("the file name is empty");
  const dir = dirname(resolve(path));
  if (!(existsSync(dir) && statSync(dir).isDirectory())) fail(`the folder ${dir} does not exist`);
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) fail("is a folder, not a file", "a file name (e.g. results.csv)");
    try {
      accessSync(path, constants.W_OK);
    } catch {
      fail("the file exists and cannot be written", "a writable file");
    }
  } else {
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      fail(`the folder ${dir} cannot be written`, "a file in a writable folder");
    }
  }
}

function readTarget(file: string | undefined, flags: TargetFlags): Target {
  if (flags.cart !== undefined) {
    if (file)
      throw new ModelError({
        where: "arguments",
        message: "give either a model file or --cart <disease>, not both",
        value: file,
      });
    const preset = requirePreset(flags.preset, "--preset");
    const evidence = loadEvidence(EVIDENCE_DIR, flags.params);
    const diseases = evidence.diseases.map((d) => d.disease);
    if (!diseases.includes(flags.cart))
      throw new ModelError({
        where: "--cart",
        message: `unknown disease "${flags.cart}"`,
        value: flags.cart,
        expected: diseases.join(", "),
      });
    const built = buildCartModel(evidence, flags.cart, preset, loadLifeTable(flags.lifeTable ?? preset.lifeTable.file));
    return {
      spec: built.spec,
      fixed: Object.keys(built.structural),
      wtp: flags.wtp ?? preset.wtp[0],
      effect: flags.effect ?? built.spec.settings?.effect ?? "qalys",
      label: `CAR T model, ${flags.cart}, preset ${preset.id}`,
      tables: [],
      cartInputs: {
        disease: flags.cart,
        preset: preset.id,
        parameterTable: flags.params ? resolve(flags.params) : "shipped: data/cart/parameters-*.csv",
        lifeTable: flags.lifeTable ? resolve(flags.lifeTable) : `shipped: ${preset.lifeTable.file}`,
        // The report's data stamp when only shipped data were read: a link of the report with the same stamp ran the same data.
        dataStamp: flags.params || flags.lifeTable ? null : dataStamp(),
      },
    };
  }
  if (!file)
    throw new ModelError({
      where: "arguments",
      message: "no model: give a model file or --cart <disease>",
      expected: "cartecon <command> model.json, or --cart sle",
    });
  // A bad cell of a {"csv": ...} table ("cannot read table: lt.csv row 6 ...") named the CSV alone.
  const { spec, tables } = inModelFile(file, () => readModelFile(file));
  return {
    spec,
    tables,
    fixed: [],
    wtp: flags.wtp ?? spec.settings?.wtp ?? 50000,
    effect: flags.effect ?? spec.settings?.effect ?? "qalys",
    label: file,
  };
}

/**
 * Runs `work` on the target, naming the target (the model file, or the CAR T model) at the head
 * of any input error it raises: a problem found while drawing or evaluating (say
 * `parameters.p.distribution: a beta needs alpha > 0`) otherwise did not say which file it is in.
 */
export async function naming<T>(target: Target, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw named(target.label, err);
  }
}

/**
 * Runs `work` on the model file `file`, naming the file at the head of a ModelError that does not
 * name it yet (an invalid model, a bad cell of one of its CSV tables, a probability above 1 in cycle 500).
 */
export function inModelFile<T>(file: string, work: () => T): T {
  try {
    return work();
  } catch (err) {
    throw named(file, err);
  }
}

/**
 * `err` with `label: ` at the head of its message, the one order of every error of a model file
 * ("m.json: invalid model: tables.lt.key: ...", "m.json: cannot read model: line 2 column 28: ..."),
 * unless it starts so already (the reader's own errors name the file first: readText, parseJson).
 */
function named(label: string, err: unknown): unknown {
  if (err instanceof ModelError && !err.message.startsWith(`${label}: `)) err.message = `${label}: ${err.message}`;
  return err;
}

export function writeOut(file: string, text: string, what: string): void {
  try {
    writeWhole(file, text);
  } catch (err) {
    throw new ModelError({ where: file, message: `cannot write ${what}: ${(err as Error).message}` });
  }
  printErr(`wrote ${what} to ${file}\n`);
}
