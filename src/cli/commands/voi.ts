/**
 * `cartecon voi`: EVPI, EVPPI (per parameter and per group) and CEAC from PSA samples of any model
 * (SAVI's job): an inputs CSV (one row per draw, one column per parameter) and either a net-benefit
 * CSV or costs and effects CSVs (one column per strategy, same rows).
 */
import type { GroupMethod } from "../args.js";
import { readText } from "../../model/io/files.js";
import { ModelError, toCsv } from "../../model/index.js";
import {
  decisionSummary,
  evppiRegression,
  populationScale,
  readVoiSamples,
  acceptability,
  wtpGrid,
  type EvppiResult,
} from "../../uncertainty/index.js";
import { writeOut } from "./target.js";

export interface VoiFlags {
  groupMethod: GroupMethod;
  inputs: string;
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

/** EVPPI for each single input column and each requested group, on net benefits `nb`. */
export function voiTable(
  names: string[],
  columns: Float64Array[],
  nb: Float64Array[],
  groups: string[][],
  seSamples: number,
  groupMethod: GroupMethod = "auto",
): EvppiResult[] {
  const col = (id: string) => {
    const j = names.indexOf(id);
    if (j < 0)
      throw new ModelError({
        where: "--parameters",
        message: `unknown parameter "${id}"`,
        value: id,
        expected: names.join(", "),
      });
    return columns[j];
  };
  const out = names.map((id) => evppiRegression([id], [col(id)], nb, { seSamples }));
  // Groups: P-splines up to 4 parameters, a Gaussian process beyond ("auto"), or as asked.
  for (const g of groups) out.push(evppiRegression(g, g.map(col), nb, { seSamples, method: groupMethod }));
  return out;
}

export function runVoi(flags: VoiFlags): void {
  const read = (f: string, what: string): [string, string] => [f, readText(f, what)];
  if (!flags.nb && !(flags.costs && flags.effects))
    throw new ModelError({
      where: "options",
      message: "give --nb nb.csv, or --costs c.csv with --effects e.csv and --wtp",
    });
  if (flags.costs && flags.wtp === undefined)
    throw new ModelError({
      where: "--wtp",
      message: "--costs/--effects need --wtp (the net benefit is effect × wtp − cost)",
    });
  const samples = readVoiSamples({
    inputs: read(flags.inputs, "PSA inputs"),
    nb: flags.nb ? read(flags.nb, "net benefits") : undefined,
    costs: flags.costs ? read(flags.costs, "costs") : undefined,
    effects: flags.effects ? read(flags.effects, "effects") : undefined,
  });
  const nb = samples.nb(flags.wtp ?? 0);
  const d = decisionSummary(nb);
  const groups = flags.parameters.map((g) =>
    g
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const rows = voiTable(samples.inputs.columns, samples.inputs.values, nb, groups, flags.seSamples, flags.groupMethod);
  const scale = flags.population
    ? populationScale({ annualPopulation: flags.population, horizonYears: flags.horizon, discountRate: flags.discount })
    : null;
  const table = {
    parameters: rows.map((r) => r.parameters.join("+")),
    evppi: rows.map((r) => r.evppi),
    se: rows.map((r) => r.se ?? null),
    method: rows.map((r) => r.method),
    population_evppi: rows.map((r) => (scale === null ? null : r.evppi * scale)),
  };
  if (flags.out) writeOut(flags.out, toCsv(table), "EVPPI per parameter and group");
  const ceac =
    samples.outcomes && flags.wtp !== undefined ? acceptability(samples.outcomes, wtpGrid(flags.wtp * 3, 31)) : null;
  if (flags.json) {
    process.stdout.write(
      JSON.stringify(
        {
          draws: samples.inputs.rows,
          strategies: samples.strategies,
          wtp: flags.wtp ?? null,
          evpi: d.evpi,
          populationEvpi: scale === null ? null : d.evpi * scale,
          optimal: samples.strategies[d.optimal],
          probabilityBest: d.probabilityBest,
          evppi: rows,
          ceac: ceac?.curves ?? null,
        },
        null,
        2,
      ) + "\n",
    );
    return;
  }
  const lines = [
    `${samples.inputs.rows} draws, ${samples.strategies.length} strategies (${samples.strategies.join(", ")}); optimal: ${samples.strategies[d.optimal]}`,
    `EVPI per patient: ${d.evpi.toFixed(2)}${scale === null ? "" : `; population: ${(d.evpi * scale).toFixed(0)}`}`,
    "EVPPI per patient (regression metamodel, ± SE):",
  ];
  for (const r of [...rows].sort((a, b) => b.evppi - a.evppi))
    lines.push(
      `  ${r.parameters.join(" + ").padEnd(30)} ${r.evppi.toFixed(2)}${r.se === undefined ? "" : ` ± ${r.se.toFixed(2)}`}  (${r.method})`,
    );
  process.stdout.write(lines.join("\n") + "\n");
}
