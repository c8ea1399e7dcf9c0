/**
 * Value of information from PSA samples of any model (SAVI's job): EVPI, EVPPI of every input
 * column and of each requested group, and the CEAC when costs and effects are given. One function
 * for `cartecon voi` and the Uncertainty page's upload worker, so both give the same numbers for
 * the same files; `onRow` streams each EVPPI as it is computed (the page shows progress).
 */
import { ModelError } from "../model/errors.js";
import { editDistance, nearest } from "../model/spec/near.js";
import { formatGroup, formatName } from "./groups.js";
import { evppiRegression, type EvppiOptions, type EvppiResult } from "./evppi.js";
import type { VoiSamples } from "./samples.js";
import { acceptability, decisionSummary, wtpGrid, type CurvePoint } from "./stats.js";

/** EVPPI metamodel for groups: auto (P-splines up to 4 parameters, a Gaussian process beyond), pspline or gp. */
export type GroupMethod = NonNullable<EvppiOptions["method"]>;

/**
 * Unknown, repeated or missing group members fail before any work is done: a ModelError naming the
 * option or field (`label`, e.g. "--parameters group"), the group (written back as parseGroup reads it),
 * the member, the nearest known name and the known names.
 */
export function checkGroupMembers(names: readonly string[], groups: readonly string[][], label = "EVPPI group"): void {
  const known = names.map(formatName).join(", ");
  groups.forEach((g, i) => {
    const where = `${label} ${i + 1} (${formatGroup(g)})`;
    if (g.length === 0)
      throw new ModelError({
        where: `${label} ${i + 1}`,
        message: "empty group",
        value: "",
        expected: `two or more of ${known}, separated by commas`,
      });
    g.forEach((id, j) => {
      if (!names.includes(id)) {
        // A one-letter name is "near" every other one-letter name: suggest only a partial match.
        const candidate = nearest(id, names);
        const near = candidate !== undefined && editDistance(id, candidate) < id.length ? candidate : undefined;
        throw new ModelError({
          where,
          message:
            `unknown parameter "${id}"${near === undefined ? "" : ` (did you mean ${formatName(near)}?)`}` +
            // The page's field once took "a,b; c,d": a ";" now belongs to a name.
            (id.includes(";") ? ' (";" does not separate groups: one group per line, or per --parameters)' : ""),
          value: id,
          expected: `one of ${known} (a name holding a comma in double quotes: "cost, drug",p_x)`,
        });
      }
      if (g.indexOf(id) !== j)
        throw new ModelError({
          where,
          message: `names "${id}" twice`,
          value: id,
          expected: "each parameter once in a group",
        });
    });
    // The same names in another order are the same group: computed and listed twice before.
    const earlier = groups.findIndex((h, k) => k < i && h.length === g.length && h.every((id) => g.includes(id)));
    if (earlier >= 0)
      throw new ModelError({
        where,
        message: `the same parameters as ${label} ${earlier + 1} (${formatGroup(groups[earlier])})${formatGroup(groups[earlier]) === formatGroup(g) ? "" : " in another order"}: a group's EVPPI does not depend on the order of its names`,
        value: formatGroup(g),
        expected: "each group once",
      });
    // Every parameter's own EVPPI is a row of the table already: a group of one repeated it under
    // the same name (with --group-method gp, as a second, different estimate).
    if (g.length === 1)
      throw new ModelError({
        where,
        message: `a group of one parameter: the EVPPI of "${g[0]}" alone is already in the table, without a group`,
        value: g[0],
        expected: `two or more of ${known}, separated by commas`,
      });
  });
}

/**
 * EVPPI for each single input column (in column order) and then each group, on net benefits
 * `nb`, each with `seSamples` posterior draws for its standard error. Options: `groupMethod` (default
 * "auto": P-splines up to 4 parameters, a Gaussian process beyond); `onRow(row, done, total)`, called
 * after each one; `groupsLabel`, where the groups came from, for checkGroupMembers' messages.
 */
export function voiTable(
  names: string[],
  columns: Float64Array[],
  nb: Float64Array[],
  groups: string[][],
  seSamples: number,
  {
    groupMethod = "auto",
    onRow,
    groupsLabel,
  }: {
    groupMethod?: GroupMethod;
    onRow?: (row: EvppiResult, done: number, total: number) => void;
    groupsLabel?: string;
  } = {},
): EvppiResult[] {
  checkGroupMembers(names, groups, groupsLabel);
  const col = (id: string) => columns[names.indexOf(id)];
  const total = names.length + groups.length;
  const out: EvppiResult[] = [];
  const push = (r: EvppiResult) => {
    out.push(r);
    onRow?.(r, out.length, total);
  };
  for (const id of names) push(evppiRegression([id], [col(id)], nb, { seSamples }));
  // Groups: P-splines up to 4 parameters, a Gaussian process beyond ("auto"), or as asked.
  for (const g of groups) push(evppiRegression(g, g.map(col), nb, { seSamples, method: groupMethod }));
  return out;
}

export { evppiPrecisionWarning, MIN_EVPPI_DRAWS } from "./precision.js";

export interface VoiOptions {
  /** Willingness to pay per unit of effect: needed with costs and effects, unused with net benefits. */
  wtp?: number;
  /** Groups of input columns for a joint EVPPI. */
  groups?: string[][];
  /** Posterior draws for the EVPPI standard errors (default 50, as `cartecon voi --se-samples`). */
  seSamples?: number;
  groupMethod?: GroupMethod;
  /** What unknown-member errors call a group: "--parameters group" (CLI, the default "EVPPI group"). */
  groupsLabel?: string;
}

/**
 * The decision at the report's WTP (at the net-benefit table's own WTP for a net-benefit file), one
 * row per strategy: the CEAC, CEAF and expected loss at that one WTP, which a net-benefit table
 * (computed at one WTP) allows and which need no inputs file.
 */
export interface DecisionRow {
  strategy: string;
  /** Mean net benefit per patient, in the unit of the net benefit. */
  meanNb: number;
  /** Share of draws in which the strategy has the highest net benefit (the CEAC at this WTP). */
  probabilityBest: number;
  /** Mean over draws of (max NB − NB of the strategy): what choosing it gives up, per patient. */
  expectedLoss: number;
  /** The strategy of highest mean net benefit (the CEAF's at this WTP); its expected loss is the EVPI. */
  optimal: boolean;
}

export interface VoiReport {
  draws: number;
  strategies: string[];
  wtp: number | null;
  /** EVPI per patient, in the unit of the net benefit. */
  evpi: number;
  optimal: string;
  probabilityBest: number[];
  /** Mean net benefit, probability best and expected loss of each strategy (in strategy order). */
  decision: DecisionRow[];
  /** Single parameters in column order, then the constant columns (EVPPI 0, method "constant"), then the groups. */
  evppi: EvppiResult[];
  /** CEAC, CEAF and expected loss on 31 WTP values from 0 to 3 × wtp (costs and effects only; at WTP 0, that one point). */
  ceac: CurvePoint[] | null;
  /** The samples reader's notes (readVoiSamples), e.g. how differently named strategy columns were paired. */
  notes: string[];
}

/**
 * Net benefits each finite but whose sums over the draws are not (1e308 + 1e308) gave an EVPI of
 * Infinity in the text and null in --json: refused, naming the files and the largest value. The
 * expected loss adds n differences of two net benefits, so each must stay below MAX_VALUE / (2n).
 */
function checkSummable(nb: Float64Array[], samples: VoiSamples, wtp: number | undefined, ceacTop = false): void {
  const n = nb[0]?.length ?? 0;
  const limit = Number.MAX_VALUE / (2 * Math.max(1, n));
  let largest = 0;
  for (const col of nb) for (const x of col) largest = Math.max(largest, Math.abs(x));
  if (largest < limit) return;
  throw new ModelError({
    where: (samples.outcomeFiles ?? []).join(", ") || "net benefits",
    // At the CEAC's top the WTP is 3 × the one given: said as such, not as a WTP the user never typed.
    message: `the net benefits${!samples.outcomes ? "" : ceacTop ? ` (effect × WTP − cost) at 3 × WTP = ${3 * wtp!}, the top of the CEAC's WTP grid (WTP ${wtp}),` : ` (effect × WTP ${wtp} − cost)`} are too large to add up in double precision (largest magnitude ${isNaN(largest) ? "NaN" : largest})`,
    expected: `net benefits small enough that the sum over ${n} draws is finite (below ${limit.toPrecision(2)} in magnitude here): express them in thousands or millions`,
  });
}

/**
 * EVPI, the decision at the WTP (DecisionRow), EVPPI of every input column and group (none without
 * an inputs file), and CEAC of checked samples (readVoiSamples).
 * `onStart` receives the EVPI summary before the EVPPI work starts.
 */
export function voiReport(
  samples: VoiSamples,
  { wtp, groups = [], seSamples = 50, groupMethod = "auto", groupsLabel }: VoiOptions = {},
  onRow?: (row: EvppiResult, done: number, total: number) => void,
  onStart?: (summary: Omit<VoiReport, "evppi" | "ceac">) => void,
): VoiReport {
  if (samples.outcomes && wtp === undefined)
    throw new ModelError({
      where: "--wtp",
      message: "costs and effects need a willingness to pay (the net benefit is effect × wtp − cost)",
    });
  // A net-benefit table is at the WTP it was computed with: a WTP given beside it would be reported
  // as if it applied (the EVPI being the table's), so it is refused.
  if (!samples.outcomes && wtp !== undefined)
    throw new ModelError({
      where: "--wtp",
      message:
        "a net-benefit table already holds the net benefit at the willingness to pay it was computed with: a WTP cannot change it",
      value: wtp,
      expected: "no --wtp with --nb, or costs and effects tables (--costs, --effects) with --wtp",
    });
  // Without an inputs file there are no columns to name: said as such, not as an unknown parameter.
  if (!samples.inputsGiven && groups.length > 0)
    throw new ModelError({
      where: groupsLabel ?? "EVPPI group",
      message: "EVPPI groups need the PSA inputs file (the EVPPI regresses the net benefit on the parameters' draws)",
      value: groups.map(formatGroup).join("; "),
      expected:
        "an inputs CSV (one row per draw, one column per parameter), or no groups (the EVPI, CEAC and expected loss need no inputs)",
    });
  // A group naming a column left out as constant (readVoiSamples) is refused as such, not as unknown.
  groups.forEach((g, i) =>
    g.forEach((id) => {
      const x = samples.constant?.get(id);
      if (x !== undefined)
        throw new ModelError({
          where: `${groupsLabel ?? "EVPPI group"} ${i + 1} (${formatGroup(g)})`,
          message: `"${id}" is ${x} in every draw of ${samples.inputs.file}: a constant parameter has no value of information (its EVPPI is 0)`,
          value: id,
          expected: "parameters that vary across draws: drop it from the group",
        });
    }),
  );
  const nb = samples.nb(wtp ?? 0);
  checkSummable(nb, samples, wtp);
  // The CEAC's grid reaches 3 × WTP: its net benefits must add up too.
  if (samples.outcomes && wtp !== undefined && wtp > 0) checkSummable(samples.nb(wtp * 3), samples, wtp, true);
  const d = decisionSummary(nb);
  const summary = {
    draws: samples.inputs.rows,
    strategies: samples.strategies,
    wtp: wtp ?? null,
    evpi: d.evpi,
    optimal: samples.strategies[d.optimal],
    probabilityBest: d.probabilityBest,
    decision: samples.strategies.map((strategy, s) => ({
      strategy,
      meanNb: d.meanNb[s],
      probabilityBest: d.probabilityBest[s],
      expectedLoss: d.expectedLoss[s],
      optimal: s === d.optimal,
    })),
    notes: samples.notes,
  };
  onStart?.(summary);
  const evppi = voiTable(samples.inputs.columns, samples.inputs.values, nb, groups, seSamples, {
    groupMethod,
    onRow,
    groupsLabel,
  });
  // Constant columns (not regressed, readVoiSamples): EVPPI 0 by definition, listed so that the table
  // names every column of the inputs file, before the groups.
  const constant: EvppiResult[] = [...(samples.constant?.keys() ?? [])].map((id) => ({
    parameters: [id],
    evppi: 0,
    ...(seSamples > 0 ? { se: 0 } : {}),
    method: "constant",
  }));
  const singles = evppi.length - groups.length;
  const ceac =
    samples.outcomes && wtp !== undefined
      ? // At WTP 0 the grid from 0 to 3 × WTP is one point (31 copies of WTP 0 before).
        acceptability(samples.outcomes, wtp > 0 ? wtpGrid(wtp * 3, 31) : [0]).curves
      : null;
  return { ...summary, evppi: [...evppi.slice(0, singles), ...constant, ...evppi.slice(singles)], ceac };
}
