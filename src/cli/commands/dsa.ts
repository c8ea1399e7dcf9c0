/** `cartecon dsa`: one-way tornado, two-way grid and threshold analysis of a model file or the CAR T model. */
import { compileModel, ModelError, rowsToCsv } from "../../model/index.js";
import {
  describeUnranged,
  heldEnds,
  oneWay,
  rangeBound,
  threshold,
  twoWay,
  unranged,
} from "../../uncertainty/index.js";
import { heldEndsNote } from "../../cart/analysis.js";
import {
  loadTarget,
  moneyOf,
  naming,
  outWithMeta,
  targetMeta,
  writeOut,
  type Target,
  type TargetFlags,
} from "./target.js";
import { printOut, printErr, jsonForTerminal, oneLine } from "../format.js";

export interface DsaFlags extends TargetFlags {
  strategy?: string;
  comparator?: string;
  effect?: string;
  /** Two different parameter ids (twoWayArg, src/cli/args.ts). */
  twoWay?: [string, string];
  steps: number;
  threshold?: string;
  /** lo < hi (bracketArg, src/cli/args.ts). */
  bracket?: [number, number];
  out?: string;
  json?: boolean;
}

export async function runDsa(file: string | undefined, flags: DsaFlags): Promise<void> {
  const target = loadTarget(file, flags, [...outWithMeta(flags.out)]);
  await naming(target, () => dsaOf(target, flags));
}

/**
 * `<out>.meta.json` beside every dsa CSV: what made it (the model's settings with its currency and
 * price year, the WTP, effect, strategy pair and analysis). A tornado, grid or threshold CSV opened
 * alone said none of this; every other command's --out has one.
 */
function writeMeta(target: Target, flags: DsaFlags, model: ReturnType<typeof compileModel>, analysis: object): void {
  if (!flags.out) return;
  const meta = {
    ...targetMeta(target),
    wtp: target.wtp,
    effect: target.effect,
    strategy: flags.strategy ?? model.strategies[1]?.id ?? null,
    comparator: flags.comparator ?? model.strategies[0].id,
    ...analysis,
    fixed: target.fixed,
    seed: null,
    note: "deterministic: no random draws",
  };
  writeOut(flags.out + ".meta.json", JSON.stringify(meta, null, 2) + "\n", "assumptions");
}

function dsaOf(target: Target, flags: DsaFlags): void {
  const model = compileModel(target.spec);
  const o = { wtp: target.wtp, effect: target.effect, strategy: flags.strategy, comparator: flags.comparator };
  if (flags.threshold) thresholdOf(target, flags, model, o, flags.threshold);
  else if (flags.twoWay) twoWayOf(target, flags, model, o, flags.twoWay);
  else oneWayOf(target, flags, model, o);
}

type Model = ReturnType<typeof compileModel>;
type Options = { wtp: number; effect: string; strategy?: string; comparator?: string };

function thresholdOf(target: Target, flags: DsaFlags, model: Model, o: Options, parameter: string): void {
  const r = threshold(model, parameter, o, flags.bracket, target.fixed);
  // --out was ignored here (no file, exit 0): the threshold is one row, with the decision either side.
  if (flags.out) writeOut(flags.out, rowsToCsv([{ ...r }]), "threshold (one row)");
  writeMeta(target, flags, model, { analysis: "threshold", parameter, bracket: flags.bracket ?? null });
  if (flags.json) {
    printOut(jsonForTerminal(r) + "\n");
    return;
  }
  // Either side of the threshold the incremental NMB (against the comparator) is the same to the
  // printed digits, since the two runs are 1e-10 of the bracket apart: say which strategy's NMB
  // it meets there (the other optimal one), and the incremental NMB once.
  const rival = r.decisionBelow === r.strategy ? r.decisionAbove : r.decisionBelow;
  const comparator = flags.comparator ?? model.strategies[0].id;
  const inmb = (r.inmbBelow + r.inmbAbove) / 2;
  printOut(
    `threshold of ${r.parameter} for ${r.strategy}: ${r.threshold.toPrecision(8)}: below it ${r.decisionBelow} is optimal, above it ${r.decisionAbove}; ` +
      `there ${r.strategy}'s net monetary benefit equals ${rival}'s, and its incremental NMB against ${comparator} is ${(Math.abs(inmb) < 0.005 ? 0 : inmb).toFixed(2)} ${moneyOf(target)}\n`,
  );
}

function twoWayOf(target: Target, flags: DsaFlags, model: Model, o: Options, names: [string, string]): void {
  const grid = twoWay(model, names[0], names[1], o, flags.steps, target.fixed);
  const text = rowsToCsv(grid);
  if (flags.out) writeOut(flags.out, text, "two-way grid");
  writeMeta(target, flags, model, { analysis: "two-way", parameters: names, steps: flags.steps });
  // --json printed the CSV (docs/cli.md: "--json prints the table or grid as JSON").
  if (flags.json)
    printOut(jsonForTerminal({ model: target.label, wtp: target.wtp, parameters: names, rows: grid }) + "\n");
  else if (!flags.out) printOut(text);
}

function oneWayOf(target: Target, flags: DsaFlags, model: Model, o: Options): void {
  const fixed = new Set(target.fixed);
  const ids = model.parameters.map((p) => p.id).filter((id) => !fixed.has(id));
  const t = oneWay(model, o, ids);
  const notVaried = unranged(model, ids);
  // A model without ranges printed a header and no rows (and wrote an empty tornado), exit 0; then
  // it was refused without saying which parameters lacked a range (the DARTH tutorials give none).
  if (t.rows.length === 0)
    throw new ModelError({
      where: "parameters",
      message:
        notVaried.length === 0
          ? "the model has no parameter with a numeric value: nothing to vary"
          : `no parameter has a one-way range (a numeric value with "low" < "high"): nothing to vary. Without one: ${describeUnranged(notVaried)}`,
      expected: 'parameters with "low" and "high" (docs/model-spec.md); a distribution alone is for `cartecon psa`',
    });
  // Only the drawn ones: switches and structural values (the CAR T model has 42) have no range by design.
  const drawnNotVaried = notVaried.filter((u) => u.drawn);
  if (drawnNotVaried.length > 0)
    printErr(
      `note: drawn in a PSA but not varied here, no one-way range (low < high): ${describeUnranged(drawnNotVaried)}\n`,
    );
  // A bound of 10,000 or more as a whole number (a price printed as 1.410e+5 before).
  const bound = rangeBound;
  // Ends the model holds (a cap): said, so that a short bar is not read as "does not matter".
  const held = heldEnds(model, o, t);
  if (held.length > 0) printErr(`note: ${heldEndsNote(held, target.cartInputs ? target.spec : null)}\n`);
  if (flags.out) writeOut(flags.out, rowsToCsv(t.rows.map((r) => ({ ...r }))), "tornado table (sorted by swing)");
  writeMeta(target, flags, model, { analysis: "one-way", held });
  // Which increment the tornado is of: with more than two strategies the header named none.
  const strategy = flags.strategy ?? model.strategies[1]?.id;
  const comparator = flags.comparator ?? model.strategies[0].id;
  if (flags.json) {
    printOut(
      jsonForTerminal({
        model: target.label,
        wtp: target.wtp,
        strategy,
        comparator,
        baseInmb: t.baseInmb,
        rows: t.rows,
        notVaried,
        held,
      }) + "\n",
    );
    return;
  }
  const lines = [
    `One-way sensitivity of ${oneLine(target.label)} at WTP ${target.wtp} ${moneyOf(target)} per unit of ${target.effect}: incremental NMB of ${strategy} against ${comparator} at base ${t.baseInmb.toFixed(0)} (${moneyOf(target)})`,
    "parameter                         low → INMB            high → INMB           swing",
  ];
  for (const r of t.rows)
    lines.push(
      `${r.parameter.padEnd(32)} ${bound(r.low).padStart(10)} → ${r.inmbAtLow.toFixed(0).padStart(10)}  ${bound(r.high).padStart(10)} → ${r.inmbAtHigh.toFixed(0).padStart(10)}  ${r.swing.toFixed(0).padStart(10)}`,
    );
  printOut(lines.join("\n") + "\n");
}
