/** `cartecon evppi`: a PSA of a model file or the CAR T model, then EVPI and EVPPI per parameter and group. */
import {
  checkGroupMembers,
  decisionSummary,
  evppiPrecisionWarning,
  netBenefit,
  parseGroup,
  populationScaleOf,
  voiTable,
} from "../../uncertainty/index.js";
import { drawsMeta, loadCorrelation, runDraws, type DrawFlags } from "./psa.js";
import { evppiCsv, evppiTextTable, voiSettingsMeta, type VoiSettingFlags } from "./voi.js";
import { loadTarget, moneyOf, naming, outWithMeta, writeOut } from "./target.js";
import { printErr, printOut, jsonForTerminal, num, oneLine } from "../format.js";

export interface EvppiFlags extends DrawFlags, VoiSettingFlags {
  parameters: string[];
  out?: string;
  json?: boolean;
}

export async function runEvppi(file: string | undefined, flags: EvppiFlags): Promise<void> {
  const target = loadTarget(file, flags, [...outWithMeta(flags.out)]);
  // One group per --parameters, written as one CSV record: "cost, drug",p_x (src/uncertainty/groups.ts).
  const groups = flags.parameters.map((g) => parseGroup(g, "--parameters"));
  const correlation = await loadCorrelation(target, flags);
  const { draws, ids, outcomes, implausible } = await naming(target, () =>
    runDraws(target, flags, (ids) => checkGroupMembers(ids, groups, "--parameters group"), correlation),
  );
  const inputs = ids.map((id) => draws.inputs.get(id)!);
  const nb = netBenefit(outcomes, target.wtp);
  const d = decisionSummary(nb);
  // Parameters that never vary (e.g. a zero-width interval) carry no information: left out.
  const varying = ids.filter((_, j) => inputs[j].some((x) => x !== inputs[j][0]));
  const rows = voiTable(
    varying,
    varying.map((id) => draws.inputs.get(id)!),
    nb,
    groups,
    flags.seSamples,
    { groupMethod: flags.groupMethod, groupsLabel: "--parameters group" },
  );
  // Too few draws, or standard errors above the estimates: said on stderr, whatever the output.
  const warning = evppiPrecisionWarning(rows, d.evpi, draws.n, (n) => `Run again with --n ${n} or more`);
  if (warning) printErr(warning + "\n");
  const scale = populationScaleOf(flags);
  if (flags.out) {
    writeOut(flags.out, evppiCsv(rows, scale), "EVPPI per parameter and group");
    writeOut(
      flags.out + ".meta.json",
      JSON.stringify(
        {
          ...drawsMeta(target, draws),
          wtp: target.wtp,
          effect: target.effect,
          correlation: draws.correlation ?? null,
          fixed: target.fixed,
          ...voiSettingsMeta(flags, groups),
          ...(implausible.length > 0 ? { implausible } : {}),
        },
        null,
        2,
      ) + "\n",
      "the seed and settings",
    );
  }
  if (flags.json) {
    printOut(
      jsonForTerminal({
        model: target.label,
        draws: draws.n,
        seed: draws.seed,
        wtp: target.wtp,
        evpi: d.evpi,
        populationEvpi: scale === null ? null : d.evpi * scale,
        optimal: outcomes.strategies[d.optimal],
        evppi: rows,
        ...(implausible.length > 0 ? { implausible } : {}),
      }) + "\n",
    );
    return;
  }
  // The unit of every amount; with --population the population EVPI and a population EVPPI column.
  const money = moneyOf(target);
  const lines = [
    `${oneLine(target.label)}: ${draws.n} draws, seed ${draws.seed}, WTP ${target.wtp} ${money} per unit of ${target.effect}; optimal ${outcomes.strategies[d.optimal]}; EVPI per patient ${num(d.evpi, 2)} ${money}` +
      (scale === null ? "" : `; population EVPI ${num(d.evpi * scale, 0)} ${money}`),
    `EVPPI per patient (largest first), in ${money}:`,
    evppiTextTable(rows, scale === null ? undefined : (x) => x * scale),
  ];
  printOut(lines.join("\n") + "\n");
}
