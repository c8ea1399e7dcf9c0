/**
 * PSA samples in long (tidy) form: one row per draw and strategy, as R's tidy tools and PSA
 * packages write them (hesim's `ce` tables: `sample, strategy_id, …, costs`; heemod's
 * `run_psa()$psa`: `.index, .strategy_names, .cost, .effect` and the parameters; any data frame
 * before `tidyr::pivot_wider`). readNumericCsv reads one row per draw and one column per strategy:
 * a long table read that way gave "strategies" named sample, strategy_id and costs, and an EVPI of
 * nonsense, without a word. A long table is recognised by a draw-named column whose ids repeat (and
 * none whose ids are all different: longLayout), and reshaped:
 *   - an outcome table (costs, effects or net benefits: longOutcome): one column per strategy, from
 *     the column named as that outcome (valueColumn), else the one column that varies besides draw
 *     and strategy; columns with one value throughout (hesim's `dr` or `grp_id` after filtering) are
 *     left out with a note; no value column, several unnamed ones, one named as another outcome, a
 *     draw with a strategy missing or given twice are refused;
 *   - an inputs table (longInputs): one row per draw, from the draw's first row, of the columns that
 *     are the same (within 1e-9) in every row of a draw (parameters); columns that differ between a
 *     draw's strategies are model outcomes (heemod's `.cost`, `.effect`, state counts) and left out
 *     with a note.
 * Draws are taken in the order of their numbers when every draw id is a whole number, else in the
 * order they first appear; `drawIds` keeps them, so files are matched draw by draw (samples.ts).
 */
import type { Problems } from "../model/errors.js";
import { parseDecimal, whyNotDecimal } from "../model/io/number.js";
import type { NumericTable } from "./samples.js";

/**
 * A draw column's name: R's and PSA tools' (hesim `sample`, heemod `.index`, `draw`, `sim`, `iteration`,
 * `run`, `id`), also as spreadsheets and simulation tools write them (`Iteration #`, `Sim No`, `Iter.`,
 * `Trial`).
 */
const DRAW_NAMES =
  /^\.?(draws?|samples?|sims?|simulations?|iter\.?|iters|iterations?|runs?|trials?|replicates?|index|id|psa_?(id|draw|sample|iter|run)|n_?sim)([ _.-]*(id|no\.?|num|number|#))?$/i;
/** heemod's column of the cohort's number of individuals (`init`'s sum; 1,000 by default). */
const HEEMOD_COHORT = ".n_indiv";
/** A strategy column's name (hesim `strategy_id`, heemod `.strategy_names`, dampack `Strategy`, `arm`, `treatment`). */
const STRATEGY_NAMES =
  /^\.?(strateg(y|ies)|arms?|treatments?|interventions?|alternatives?|options?|comparators?)(_?(id|ids|name|names|label|labels))?$/i;

export interface LongLayout {
  /** Column index of the draw ids. */
  draw: number;
  /** Column index of the strategy ids or names (-1: none is named as one; the table is refused). */
  strategy: number;
}

/**
 * The draw and strategy columns of a long table, or undefined for a wide one. Long: a column named as
 * draws whose ids repeat, and no draw-named column whose ids are all different (an MCMC export's
 * `.chain, .iteration, .draw` is wide: `.iteration` repeats across chains, `.draw` does not). The
 * strategy column is the one named as strategies; with none, `strategy` is -1 and readLongTable
 * refuses the file (read as wide, a long net-benefit table's `scenario` column became a "strategy").
 */
export function longLayout(header: string[], body: string[][]): LongLayout | undefined {
  const names = header.map((c) => c.trim());
  const drawColumns = names.flatMap((c, j) => (DRAW_NAMES.test(c) ? [j] : []));
  const repeats = (j: number) => new Set(body.map((r) => (r[j] ?? "").trim())).size < body.length;
  if (drawColumns.length === 0 || drawColumns.some((j) => !repeats(j))) return undefined;
  return { draw: drawColumns[0], strategy: names.findIndex((c) => STRATEGY_NAMES.test(c)) };
}

/** Whether a column name is one of a draw id's (for a wide file's draw column: samples.ts). */
export const isDrawName = (name: string): boolean => DRAW_NAMES.test(name.trim());

/** What a file is read as: the parameters' draws, or one of the outcome tables. */
export type SampleRole = "inputs" | "costs" | "effects" | "nb";

/** The tables of outcomes: costs, effects or net benefits per draw and strategy. */
export type Outcome = Exclude<SampleRole, "inputs">;

/** Each outcome table in words and the option that gives it, for the messages of both readers (wide and long). */
export const OUTCOME_TEXT: Record<Outcome, { words: string; option: string }> = {
  costs: { words: "costs", option: "--costs" },
  effects: { words: "effects", option: "--effects" },
  nb: { words: "net benefits", option: "--nb" },
};

/**
 * The names of a value column by outcome (with the outcome in words and the names said in messages), to choose one when several columns vary (heemod's whole PSA
 * table given as `--costs` and `--effects`: `.cost` and `.effect` beside the parameters; hesim's
 * `costs`, `qalys`). A name with heemod's leading dot wins over the same name without (heemod keeps
 * the state value `cost` beside the model's `.cost`).
 */
const OUTCOMES: Record<Outcome, { name: RegExp; words: string; named: string }> = {
  costs: {
    name: /^\.?(d?costs?|total_?costs?|costs?_total)$/i,
    words: OUTCOME_TEXT.costs.words,
    named: "cost, costs or .cost",
  },
  effects: {
    name: /^\.?(effects?|d?qalys?|lys?|lygs?|evlys?)$/i,
    words: OUTCOME_TEXT.effects.words,
    named: "effect, qalys, ly or .effect",
  },
  nb: {
    name: /^\.?(nm?b|net_?(monetary_?)?benefits?)$/i,
    words: OUTCOME_TEXT.nb.words,
    named: "nb, nmb or net_benefit",
  },
};

/** An outcome in words with the names its value column may have, for messages. */
const outcomeNamed = (role: Outcome): string => `${OUTCOMES[role].words} (a column named ${OUTCOMES[role].named})`;

/**
 * The outcome's value column: the one named as it (heemod's dotted name first), else the only column
 * that varies besides the draw and the strategy; undefined when neither settles it.
 */
function valueColumn(rest: number[], varying: number[], names: string[], role: Outcome): number | undefined {
  const named = rest.filter((j) => OUTCOMES[role].name.test(names[j]));
  const dotted = named.filter((j) => names[j].startsWith("."));
  if (named.length === 1) return named[0];
  if (dotted.length === 1) return dotted[0];
  return named.length === 0 && varying.length === 1 ? varying[0] : undefined;
}

/** The other outcome a column's name says it holds, when it is not named as `role`'s. */
function namedAsOther(name: string, role: Outcome): string | undefined {
  if (OUTCOMES[role].name.test(name)) return undefined;
  const other = (Object.keys(OUTCOMES) as Outcome[]).find((r) => OUTCOMES[r].name.test(name));
  return other && OUTCOMES[other].words;
}

/** A table refused whole: no values, and no column names to compare with another file's. */
const refusedTable = (file: string, columns: string[] = []): NumericTable => ({
  file,
  columns,
  values: [],
  rows: 0,
  unnamed: true,
});

/**
 * Reshapes a long table (`layout` from longLayout) to the wide table readNumericCsv gives: every
 * problem names the file, the row (as in the file, the header row 1) and the column.
 */
export function readLongTable(
  header: string[],
  body: string[][],
  layout: LongLayout,
  file: string,
  role: SampleRole,
  problems: Problems,
): NumericTable {
  const names = header.map((c) => c.trim());
  const { draw, strategy } = layout;
  if (strategy < 0) {
    const id = body[0]?.[draw]?.trim() ?? "";
    const again = body.findIndex((r, i) => i > 0 && (r[draw] ?? "").trim() === id);
    problems.add(
      `${file} row 1`,
      `column "${names[draw]}" holds draw ids that repeat (draw ${id} in rows 2 and ${again + 2}): a long table, one row per draw and strategy, but no column is named as the strategy`,
      names.join(","),
      `a strategy column named strategy, arm, treatment, intervention, alternative, option or comparator (with _id or _name); or, if "${names[draw]}" is a parameter, another name for it`,
    );
    return refusedTable(file);
  }
  const short = body.findIndex((r) => r.length !== names.length);
  if (short >= 0) {
    problems.add(
      `${file} row ${short + 2}`,
      body[short].length === 1 && body[short][0].trim() === ""
        ? "blank line"
        : `has ${body[short].length} field${body[short].length === 1 ? "" : "s"} but the header has ${names.length} columns`,
      body[short].join(","),
      `${names.length} fields, one per column (${names.join(", ")})`,
    );
    return refusedTable(file);
  }
  const cell = (i: number, j: number) => body[i][j].trim();
  // A blank draw or strategy would become a draw or a strategy column named "".
  for (const j of [draw, strategy]) {
    const blank = body.findIndex((_, i) => cell(i, j) === "");
    if (blank >= 0) {
      problems.add(
        `${file} row ${blank + 2} column ${names[j]}`,
        `blank ${j === draw ? "draw" : "strategy"}`,
        "",
        `the ${j === draw ? "draw's number" : "strategy's name"} in every row`,
      );
      return refusedTable(file);
    }
  }
  const drawIds = drawOrder(body.map((_, i) => cell(i, draw)));
  const drawIndex = new Map(drawIds.map((d, k) => [d, k]));
  const strategies = [...new Set(body.map((_, i) => cell(i, strategy)))];
  // heemod's number of individuals in the cohort: its `.cost` and `.effect` (and state values) are sums
  // over them, which its summaries divide by it. Not a parameter; the outcomes are divided by it.
  const cohort = names.indexOf(HEEMOD_COHORT);
  const rest = names.map((_, j) => j).filter((j) => j !== draw && j !== strategy && j !== cohort);
  const what = `a long table, one row per draw and strategy (draws in column "${names[draw]}", strategies in "${names[strategy]}": ${drawIds.length} draws, ${strategies.length} strategies)`;
  if (role === "inputs") {
    const t = longInputs({ names, body, cell, draw, drawIds, drawIndex, rest, what, file, problems });
    if (cohort >= 0)
      t.notes!.push(
        `${file}: column ${HEEMOD_COHORT} (heemod's number of individuals in the cohort) left out: not a parameter`,
      );
    return t;
  }
  return longOutcome({
    names,
    body,
    cell,
    draw,
    strategy,
    drawIds,
    drawIndex,
    strategies,
    rest,
    what,
    file,
    role,
    problems,
    cohort,
  });
}

/** What longOutcome reads: the long table's cells and layout, the outcome it is given as. */
interface LongOutcomeTable {
  names: string[];
  body: string[][];
  cell: (i: number, j: number) => string;
  draw: number;
  strategy: number;
  drawIds: string[];
  drawIndex: Map<string, number>;
  strategies: string[];
  rest: number[];
  what: string;
  file: string;
  role: Outcome;
  problems: Problems;
  /** heemod's `.n_indiv` column (-1: none): each value is divided by the row's number of individuals. */
  cohort: number;
}

/** The row of each draw (index) and strategy: one and only one; undefined (reported) otherwise. */
function rowsByDrawAndStrategy(t: LongOutcomeTable): Int32Array[] | undefined {
  const { names, body, cell, draw, strategy, drawIds, drawIndex, strategies, rest, file, problems } = t;
  const strategyIndex = new Map(strategies.map((x, k) => [x, k]));
  const rowOf = strategies.map(() => new Int32Array(drawIds.length).fill(-1));
  for (let i = 0; i < body.length; i++) {
    const k = strategyIndex.get(cell(i, strategy))!;
    const d = drawIndex.get(cell(i, draw))!;
    if (rowOf[k][d] >= 0) {
      const differ = rest.filter((j) => cell(i, j) !== cell(rowOf[k][d], j)).map((j) => names[j]);
      problems.add(
        `${file} rows ${rowOf[k][d] + 2} and ${i + 2}`,
        `draw ${drawIds[d]}, strategy ${strategies[k]} twice${differ.length ? ` (differing in ${differ.join(", ")})` : ""}`,
        undefined,
        `one row per draw and strategy: keep one ${differ.length ? `value of ${differ.filter((n) => !isValueLike(n)).join(", ") || differ.join(", ")} (e.g. one discount rate, group or category)` : "of the two"}`,
      );
      return undefined;
    }
    rowOf[k][d] = i;
  }
  for (let k = 0; k < strategies.length; k++) {
    const d = rowOf[k].indexOf(-1);
    if (d >= 0) {
      problems.add(
        `${file}`,
        `draw ${drawIds[d]} has no row for strategy ${strategies[k]}`,
        undefined,
        `a row for every draw and strategy (${drawIds.length} × ${strategies.length} = ${drawIds.length * strategies.length} rows; the file has ${body.length})`,
      );
      return undefined;
    }
  }
  return rowOf;
}

/** The value column of a long outcome table (valueColumn), or undefined with the problem reported. */
function chosenValueColumn(t: LongOutcomeTable, varying: number[]): number | undefined {
  const { names, rest, what, file, role, problems } = t;
  const v = valueColumn(rest, varying, names, role);
  // The one value column named as another outcome (`costs` in the file given as the effects: a slip of
  // the option or the file) would be read as this one.
  const other = v === undefined ? undefined : namedAsOther(names[v], role);
  if (v !== undefined && other) {
    problems.add(
      `${file} row 1 column ${names[v]}`,
      `the value column is named as the ${other}, but the file is given as the ${OUTCOMES[role].words}`,
      names[v],
      `the ${OUTCOMES[role].words} in this file, the ${other} in the option for them`,
    );
    return undefined;
  }
  const namedAs = rest.filter((j) => OUTCOMES[role].name.test(names[j])).map((j) => names[j]);
  if (v === undefined && namedAs.length > 1) {
    // hesim's QALYs table with life years beside them: both are effects; which one is the user's choice.
    problems.add(
      `${file} row 1`,
      `${what}, with ${namedAs.length} columns named as the ${OUTCOMES[role].words} (${namedAs.join(", ")}): which one to read is not said`,
      names.join(","),
      `one of ${namedAs.join(", ")} in the file (delete or rename the others, e.g. keep qalys for QALYs)`,
    );
    return undefined;
  }
  if (v === undefined) {
    problems.add(
      `${file} row 1`,
      varying.length === 0
        ? `${what}, but no column besides the draw and strategy varies: no value to read`
        : `${what}, with ${varying.length} columns that vary (${varying.map((j) => names[j]).join(", ")}): which one holds the ${outcomeNamed(role)} is not said`,
      names.join(","),
      `one value column besides the draw and the strategy, or one named as the ${outcomeNamed(role)}`,
    );
    return undefined;
  }
  return v;
}

/**
 * An outcome table (costs, effects or net benefits) of a long table: one column per strategy, from
 * the value column (valueColumn), each draw and strategy in one row.
 */
function longOutcome(t: LongOutcomeTable): NumericTable {
  const { names, body, cell, drawIds, strategies, rest, what, file, role, problems, cohort } = t;
  const rowOf = rowsByDrawAndStrategy(t);
  if (!rowOf) return refusedTable(file, strategies);
  const constant = rest.filter((j) => body.every((_, i) => cell(i, j) === cell(0, j)));
  const varying = rest.filter((j) => !constant.includes(j));
  const v = chosenValueColumn(t, varying);
  if (v === undefined) return refusedTable(file, strategies);
  const values = strategies.map(() => new Float64Array(drawIds.length));
  const unread = new Set<number>();
  let bad = 0;
  const sizes = new Set<string>();
  strategies.forEach((_, k) =>
    rowOf[k].forEach((i, d) => {
      const x = parseDecimal(cell(i, v));
      const n = cohort < 0 ? 1 : parseDecimal(cell(i, cohort));
      if (cohort >= 0) sizes.add(cell(i, cohort));
      if (!(n !== undefined && n > 0)) {
        unread.add(k);
        if (bad++ < 3)
          problems.add(
            `${file} row ${i + 2} column ${names[cohort]}`,
            "not a number of individuals",
            cell(i, cohort),
            "a number > 0 (heemod's number of individuals in the cohort)",
          );
      } else if (x !== undefined) values[k][d] = x / n;
      else {
        unread.add(k);
        if (bad++ < 3)
          problems.add(`${file} row ${i + 2} column ${names[v]}`, whyNotDecimal(cell(i, v)), cell(i, v), "a number");
      }
    }),
  );
  if (bad > 3)
    problems.add(
      `${file} column ${names[v]}`,
      `${bad - 3} more cells that are not a number`,
      undefined,
      "a number in every cell",
    );
  const others = varying.filter((j) => j !== v).map((j) => names[j]);
  const notes = [
    `${file}: ${what}: read as one row per draw and one column per strategy, the ${OUTCOMES[role].words} from column "${names[v]}"${
      others.length ? ` (named so, of ${varying.length} columns that vary)` : ""
    }${drawNote(drawIds)}${
      constant.length
        ? `; left out, the same in every row: ${constant.map((j) => `${names[j]} = ${cell(0, j)}`).join(", ")}`
        : ""
    }${
      cohort >= 0
        ? `; each value divided by the row's ${names[cohort]} (${[...sizes].slice(0, 3).join(", ")}${sizes.size > 3 ? ", ..." : ""}): heemod's outcomes are sums over the individuals of its cohort, per patient here as in its summaries (if this table's values are per patient already, delete its ${names[cohort]} column)`
        : ""
    }`,
  ];
  return {
    file,
    columns: strategies,
    values,
    rows: drawIds.length,
    unread,
    notes,
    drawIds,
    valueColumn: names[v],
    long: true,
  };
}

/** The inputs of a long table: one row per draw, of the columns the same in all of a draw's rows. */
function longInputs(t: {
  names: string[];
  body: string[][];
  cell: (i: number, j: number) => string;
  draw: number;
  drawIds: string[];
  drawIndex: Map<string, number>;
  rest: number[];
  what: string;
  file: string;
  problems: Problems;
}): NumericTable {
  const { names, body, cell, draw, drawIds, drawIndex, rest, what, file, problems } = t;
  // Every cell read as a number (an unreadable one reported, as the wide reader does, never taken for
  // a difference); each draw's first row; the columns whose values differ between the rows of some
  // draw by more than 1e-9 of their size (a parameter written with rounding noise, 0.655…923 beside
  // 0.655…933, is the same parameter).
  const x = rest.map((j) => body.map((_, i) => parseDecimal(cell(i, j))));
  const first = new Int32Array(drawIds.length).fill(-1);
  const differs = new Set<number>();
  for (let i = 0; i < body.length; i++) {
    const d = drawIndex.get(cell(i, draw))!;
    if (first[d] < 0) first[d] = i;
    else
      rest.forEach((j, c) => {
        const [a, b] = [x[c][first[d]], x[c][i]];
        if (a !== undefined && b !== undefined && Math.abs(a - b) > 1e-9 * Math.max(Math.abs(a), Math.abs(b)))
          differs.add(j);
      });
  }
  const unread = new Set<number>();
  let bad = 0;
  rest.forEach((j, c) =>
    body.forEach((_, i) => {
      if (x[c][i] !== undefined) return;
      unread.add(j);
      if (bad++ < 3)
        problems.add(`${file} row ${i + 2} column ${names[j]}`, whyNotDecimal(cell(i, j)), cell(i, j), "a number");
    }),
  );
  if (bad > 3)
    problems.add(`${file}`, `${bad - 3} more cells that are not a number`, undefined, "a number in every cell");
  const kept = rest.filter((j) => !differs.has(j));
  if (kept.length === 0)
    problems.add(
      `${file}`,
      rest.length === 0
        ? `${what}: no column besides the draw and the strategy: no parameter for the EVPPI`
        : `${what}: every column besides the draw and the strategy differs between a draw's strategies (${rest.map((j) => names[j]).join(", ")}): outcomes, no parameter is left for the EVPPI`,
      undefined,
      "the parameters' draws, the same for every strategy of a draw",
    );
  const values = kept.map((j) => Float64Array.from(first, (i) => x[rest.indexOf(j)][i] ?? 0));
  const left = [...differs].map((j) => names[j]);
  const notes = [
    `${file}: ${what}: read as one row per draw (each draw's first row)${drawNote(drawIds)}${
      left.length
        ? `; left out, different between a draw's strategies (by more than 1e-9 of their size) and so model outcomes, not parameters: ${left.join(", ")}`
        : ""
    }`,
  ];
  return {
    file,
    columns: kept.map((j) => names[j]),
    values,
    rows: drawIds.length,
    unread: new Set(kept.flatMap((j, c) => (unread.has(j) ? [c] : []))),
    notes,
    drawIds,
    long: true,
  };
}

/** Column names that hold values rather than keys (said last in the advice on a repeated row). */
function isValueLike(name: string): boolean {
  return /cost|effect|qaly|^\.?(lys?|nm?b|values?|outcomes?)$/i.test(name);
}

/** Whether every draw id is a whole number (then the draws are taken in the order of their numbers). */
function wholeNumbers(ids: string[]): boolean {
  return ids.every((d) => Number.isInteger(parseDecimal(d)));
}

/** Draw ids in the order of their numbers when every one is a whole number, else as they first appear. */
function drawOrder(ids: string[]): string[] {
  const unique = [...new Set(ids)];
  if (!wholeNumbers(unique)) return unique;
  return unique
    .map((d) => ({ d, x: parseDecimal(d)! }))
    .sort((a, b) => a.x - b.x)
    .map((e) => e.d);
}

function drawNote(drawIds: string[]): string {
  const n = drawIds.length;
  const ends = n > 1 ? `${drawIds[0]} to ${drawIds[n - 1]}` : drawIds[0];
  return `, draws ${ends} in ${wholeNumbers(drawIds) ? "the order of their numbers" : "the order they first appear"}`;
}
