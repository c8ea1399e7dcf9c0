/** What the uncertainty commands analyse: a model file, or the CAR T model for one disease. */
import { existsSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { effectProblem, ModelError, type ModelSpec } from "../../model/index.js";
import { loadModelFile } from "../../model/io/files.js";
import { buildCartModel, requirePreset } from "../../cart/index.js";
import { loadEvidence, loadLifeTable, EVIDENCE_DIR } from "../../cart/load.js";
export { numberArg, positiveInteger, seedArg, TARGET_HELP } from "../args.js";

export interface TargetFlags {
  cart?: string;
  preset: string;
  params?: string;
  lifeTable?: string;
  wtp?: number;
  /** Checked against the model before any work: "qalys", "lifeYears" or a value id. */
  effect?: string;
  /** An output file: its folder must exist before any work. */
  out?: string;
}

export interface Target {
  spec: ModelSpec;
  /** Parameters the CAR T builder reads structurally (start age, sex mix, tunnel limit): not drawn, not varied. */
  fixed: string[];
  wtp: number;
  label: string;
}

/**
 * The model file, or with `--cart <disease>` the CAR T model (its preset's first WTP by default).
 * The effect and the output folder are checked here, before a long run, not after it.
 */
export function loadTarget(file: string | undefined, flags: TargetFlags): Target {
  const target = readTarget(file, flags);
  if (flags.effect !== undefined) {
    const why = effectProblem(
      flags.effect,
      (target.spec.values ?? []).map((v) => v.id),
    );
    if (why) throw new ModelError({ where: "--effect", message: why, value: flags.effect });
  }
  if (flags.out !== undefined) {
    const dir = dirname(resolve(flags.out));
    if (!(existsSync(dir) && statSync(dir).isDirectory()))
      throw new ModelError({
        where: "--out",
        message: `the folder ${dir} does not exist`,
        value: flags.out,
        expected: "a file in an existing folder",
      });
  }
  return target;
}

function readTarget(file: string | undefined, flags: TargetFlags): Target {
  if (flags.cart) {
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
      label: `CAR T model, ${flags.cart}, preset ${preset.id}`,
    };
  }
  if (!file)
    throw new ModelError({
      where: "arguments",
      message: "no model: give a model file or --cart <disease>",
      expected: "cartecon <command> model.json, or --cart sle",
    });
  const spec = loadModelFile(file) as ModelSpec;
  return { spec, fixed: [], wtp: flags.wtp ?? spec.settings?.wtp ?? 50000, label: file };
}

export function writeOut(file: string, text: string, what: string): void {
  try {
    writeFileSync(file, text, "utf8");
  } catch (err) {
    throw new ModelError({ where: file, message: `cannot write ${what}: ${(err as Error).message}` });
  }
  process.stderr.write(`wrote ${what} to ${file}\n`);
}
