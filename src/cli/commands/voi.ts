/**
 * `cartecon voi`: EVPI, EVPPI (per parameter and per group) and CEAC from PSA samples of any model
 * (SAVI's job): an inputs CSV (one row per draw, one column per parameter) and either a net-benefit
 * CSV or costs and effects CSVs (one column per strategy, same rows).
 */
import type { GroupMethod } from "../args.js";
import { readText } from "../../model/io/files.js";
import { toCsv } from "../../model/index.js";
import {
  EVPPI_SE_SEED,
  evppiPrecisionWarning,
  formatName,
  joinGroup,
  parseGroup,
  populationScaleOf,
  readVoiSamples,
  voiReport,
  type DecisionRow,
  type EvppiResult,
} from "../../uncertainty/index.js";
import { jsonForTerminal, num, oneLine, printErr, printOut, textTable } from "../format.js";
import { decimalsFor } from "../../uncertainty/precision.js";
import { checkOutputs, outWithMeta, TOOL, writeOut } from "./target.js";

export interface VoiFlags {
  groupMethod: GroupMethod;
  inputs?: string;
  nb?: string;
  costs?: string;
  effects?: string;
  wtp?: number;
  parameters: string[];
  json?: boolean;
  population?: number;
  horizon: number;
  discount: number;
  out?: string;
  seSamples: number;
}

export function runVoi(flags: VoiFlags): void {
  const read = (f: string, what: string): [string, string] => [f, readText(f, what)];
  // The option combinations (outcomes given one way, --wtp with costs, --inputs for EVPPI groups and
  // --out) are usage errors refused before this runs: refuseVoiClashes in program.ts.
  checkOutputs(
    [...outWithMeta(flags.out)],
    [
      ["--inputs", flags.inputs],
      ["--nb", flags.nb],
      ["--costs", flags.costs],
      ["--effects", flags.effects],
    ],
  );
  const samples = readVoiSamples({
    inputs: flags.inputs ? read(flags.inputs, "PSA inputs") : undefined,
    nb: flags.nb ? read(flags.nb, "net benefits") : undefined,
    costs: flags.costs ? read(flags.costs, "costs") : undefined,
    effects: flags.effects ? read(flags.effects, "effects") : undefined,
  });
  // One group per --parameters, written as one CSV record: "cost, drug",p_x (src/uncertainty/groups.ts).
  const groups = flags.parameters.map((g) => parseGroup(g, "--parameters"));
  // The same computation as the Uncertainty page's upload worker (src/components/voi-worker.js).
  const report = voiReport(samples, {
    wtp: flags.wtp,
    groups,
    seSamples: flags.seSamples,
    groupMethod: flags.groupMethod,
    groupsLabel: "--parameters group",
  });
  // The notes about the files only once the report stands: a refused run prints its error alone.
  for (const note of samples.notes) printErr(`note: ${note}\n`);
  const rows = report.evppi;
  const warning =
    rows.length === 0
      ? null
      : evppiPrecisionWarning(
          rows,
          report.evpi,
          report.draws,
          (n) => `Make the samples with a PSA of ${n} draws or more`,
        );
  if (warning) printErr(warning + "\n");
  const scale = populationScaleOf(flags);
  // What the amounts are in: samples carry no currency, so the net benefit is in the costs' unit
  // (effect × WTP − cost) or the --nb table's own unit (text, --json and the .meta.json alike).
  const unit = flags.nb ? "the net-benefit table's unit" : `the costs' unit (effect × ${report.wtp} − cost)`;
  // The imprecision warning goes to stderr and into --json's and the .meta.json's notes.
  const notes = warning ? [...report.notes, warning] : report.notes;
  if (flags.out) {
    writeOut(flags.out, evppiCsv(rows, scale), "EVPPI per parameter and group");
    // What made the table (it had no .meta.json, unlike every other command's --out): the sample
    // files, the WTP and the unit of the amounts, which samples do not carry.
    const meta = {
      tool: TOOL,
      inputs: flags.inputs ?? null,
      nb: flags.nb ?? null,
      costs: flags.costs ?? null,
      effects: flags.effects ?? null,
      draws: report.draws,
      strategies: report.strategies,
      wtp: report.wtp,
      unit,
      ...voiSettingsMeta(flags, groups),
      notes,
      // The standard errors' posterior draws (and a Gaussian process's subsample) use EVPPI_SE_SEED
      // (src/uncertainty/evppi.ts); the samples' own seed is that of the PSA that made them.
      seed: EVPPI_SE_SEED,
      note: "seed: of the standard errors' posterior draws; the samples' own seed is that of the PSA that made them",
    };
    writeOut(flags.out + ".meta.json", JSON.stringify(meta, null, 2) + "\n", "the samples and settings");
  }
  if (flags.json) {
    process.stdout.write(
      jsonForTerminal({
        tool: TOOL,
        inputs: flags.inputs ?? null,
        nb: flags.nb ?? null,
        costs: flags.costs ?? null,
        effects: flags.effects ?? null,
        draws: report.draws,
        strategies: report.strategies,
        wtp: report.wtp,
        unit,
        ...voiSettingsMeta(flags, groups),
        evpi: report.evpi,
        populationEvpi: scale === null ? null : report.evpi * scale,
        optimal: report.optimal,
        probabilityBest: report.probabilityBest,
        decision: report.decision,
        evppi: rows.map((r) => (scale === null ? r : { ...r, populationEvppi: r.evppi * scale })),
        ceac: report.ceac,
        notes,
      }) + "\n",
    );
    return;
  }
  const lines = [
    `${samples.inputs.rows} draws, ${samples.strategies.length} strategies (${samples.strategies.map(oneLine).join(", ")}); optimal: ${oneLine(report.optimal)}`,
    `Decision at ${flags.nb ? "the WTP of the net-benefit table" : `WTP ${report.wtp} per unit of effect`}; net benefit per patient, in ${unit}:`,
    decisionTable(report.decision),
    `EVPI per patient: ${num(report.evpi, decimalsFor(report.evpi))} (in ${unit.replace(/ \(.*\)$/, "")})${scale === null ? "" : `; population: ${num(report.evpi * scale, wholeOr3(report.evpi * scale))}`}`,
    flags.inputs
      ? `EVPPI per patient${scale === null ? "" : " and for the population"} (regression metamodel):`
      : "EVPPI: not computed (no --inputs: it needs the parameters' draws)",
  ];
  if (rows.length > 0)
    lines.push(evppiTextTable(rows, scale === null ? undefined : (x) => x * scale, decimalsFor(report.evpi)));
  // Column and strategy names come from the user's files: control characters made visible (format.ts).
  printOut(lines.join("\n") + "\n");
}

/** The options of an EVPPI table that voi and evppi share. */
export type VoiSettingFlags = Pick<VoiFlags, "groupMethod" | "seSamples" | "population" | "horizon" | "discount">;

/**
 * The settings every EVPPI table's .meta.json records, voi's and evppi's alike: the `--parameters`
 * groups (each as its names), the groups' metamodel, the standard errors' posterior draws and the
 * population VOI (horizon and discount null without a population, which they do not apply to), and
 * `seSeed`, the seed of the standard errors' draws (EVPPI_SE_SEED). evppi's recorded none of them.
 */
export function voiSettingsMeta(flags: VoiSettingFlags, groups: readonly string[][]) {
  return {
    parameters: groups,
    groupMethod: flags.groupMethod,
    seSamples: flags.seSamples,
    seSeed: EVPPI_SE_SEED,
    seSeedNote:
      "seed of the standard errors' posterior draws and of a Gaussian process's subsamples: the same in every run, not --seed (which seeds the PSA draws), so the table follows from the draws alone",
    population: flags.population ?? null,
    horizon: flags.population === undefined ? null : flags.horizon,
    discount: flags.population === undefined ? null : flags.discount,
  };
}

/**
 * The EVPPI rows as the CSV of `voi --out` and `evppi --out`: the parameters (a group's names joined
 * by joinGroup, so the cell splits back into its names), EVPPI, SE, method and, with a population
 * scale, the population EVPPI (else empty).
 */
export function evppiCsv(rows: readonly EvppiResult[], scale: number | null): string {
  return toCsv({
    parameters: rows.map((r) => joinGroup(r.parameters)),
    evppi: rows.map((r) => r.evppi),
    se: rows.map((r) => r.se ?? null),
    method: rows.map((r) => r.method),
    population_evppi: rows.map((r) => (scale === null ? null : r.evppi * scale)),
  });
}

/**
 * The EVPPI rows as an indented text table, largest first: the parameters (a group's names joined by
 * " + "), the EVPPI and its SE with thousands separators, right-aligned, the method, and with
 * `population` the population EVPPI. A long group name widens its column instead of pushing the
 * numbers out of line.
 */
export function evppiTextTable(rows: readonly EvppiResult[], population?: (x: number) => number, decimals = 2): string {
  const sorted = [...rows].sort((a, b) => b.evppi - a.evppi);
  const popDecimals = population ? wholeOr3(Math.max(...rows.map((r) => population(r.evppi)))) : 0;
  const table = textTable(
    [
      { header: "parameters" },
      { header: "EVPPI", right: true },
      { header: "± SE", right: true },
      { header: "method" },
      ...(population ? [{ header: "population EVPPI", right: true }] : []),
    ],
    sorted.map((r) => [
      r.parameters.map(formatName).join(" + "),
      num(r.evppi, decimals),
      r.se === undefined ? "" : num(r.se, decimals),
      r.method,
      ...(population ? [num(population(r.evppi), popDecimals)] : []),
    ]),
  );
  return table.replace(/^/gm, "  ");
}

/**
 * voiReport's decision rows at the WTP as a table (what --json gives as `decision`): mean net benefit,
 * probability best (the CEAC there), expected loss (the optimal strategy's is the EVPI); * marks the optimal.
 */
function decisionTable(rows: readonly DecisionRow[]): string {
  // Each column to 3 significant digits of its largest amount (at least 2 decimals).
  const nbDecimals = decimalsFor(Math.max(...rows.map((r) => Math.abs(r.meanNb))));
  const lossDecimals = decimalsFor(Math.max(...rows.map((r) => r.expectedLoss)));
  return textTable(
    [
      { header: "strategy" },
      { header: "mean NB", right: true },
      { header: "P(best)", right: true },
      { header: "expected loss", right: true },
      { header: "optimal" },
    ],
    rows.map((r) => [
      formatName(r.strategy),
      num(r.meanNb, nbDecimals),
      num(r.probabilityBest, 3),
      num(r.expectedLoss, lossDecimals),
      r.optimal ? "*" : "",
    ]),
  );
}

/** Whole units for amounts of 100 or more (a population's) and for 0, else 3 significant digits (decimalsFor). */
function wholeOr3(largest: number): number {
  return Math.abs(largest) >= 100 || largest === 0 ? 0 : decimalsFor(largest);
}
