/**
 * Compile step 3, declarations: each place of the model that holds a number or formula — parameter
 * definitions of strategies and cohorts, transition probabilities (with the complement C), state
 * values, transition values, one-off values, initial counts — resolved to its source (sources.ts),
 * with the JSON path that error messages name.
 */
import type { Problems } from "../errors.js";
import type { CohortSpec, Expr, ModelSpec } from "../spec/spec.js";
import type { Layout } from "./layout.js";
import type { Sources } from "./sources.js";
import { isNum, TIME_DEPENDENT, TIS_DEPENDENT, type CompiledModel, type Node } from "./types.js";

export type DeclEntry = { to: number; complement: boolean; src: number; node: Node | null; where: string };
export type DeclValue = { state: number; value: number; src: number; node: Node | null; where: string; text: string };
export type DeclTrans = { from: number; to: number; value: number; src: number; node: Node | null; where: string };

export interface Declarations {
  strategies: CompiledModel["strategies"];
  cohorts: CompiledModel["cohorts"];
  /** Per declared state: its row of transitions. */
  rows: DeclEntry[][];
  values: DeclValue[];
  trans: DeclTrans[];
  oneOff: CompiledModel["oneOff"];
  init: CompiledModel["init"];
}

export function declarationsOf(spec: ModelSpec, layout: Layout, sources: Sources, problems: Problems): Declarations {
  const { strategies, cohorts } = strategiesAndCohorts(spec, layout, sources);
  const rows = transitionRows(spec, layout, sources, problems);
  const { stateIndex, valueIndex } = layout;
  const values: DeclValue[] = [];
  spec.states.forEach((s, i) => {
    for (const [vid, e] of Object.entries(s.values ?? {})) {
      const where = `states[${i}].values.${vid}`;
      const r = sources.source(e, where);
      if (r) values.push({ state: i, value: valueIndex.get(vid)!, src: r.src, node: r.node, where, text: String(e) });
    }
  });
  const trans: DeclTrans[] = [];
  (spec.transitionValues ?? []).forEach((tv, i) => {
    for (const [vid, e] of Object.entries(tv.values)) {
      const where = `transitionValues[${i}].values.${vid}`;
      const r = sources.source(e, where);
      if (r)
        trans.push({
          from: stateIndex.get(tv.from)!,
          to: stateIndex.get(tv.to)!,
          value: valueIndex.get(vid)!,
          src: r.src,
          node: r.node,
          where,
        });
    }
  });
  const oneOff: CompiledModel["oneOff"] = [];
  for (const [vid, e] of Object.entries(spec.oneOff ?? {})) {
    const r = sources.source(e, `oneOff.${vid}`);
    if (r) oneOff.push({ value: valueIndex.get(vid)!, node: r.node, src: r.src });
  }
  problems.throwIfAny("invalid model");
  const init: CompiledModel["init"] = [];
  for (const [sid, n] of Object.entries(spec.init)) {
    const where = `init.${sid}`;
    const r = sources.source(n, where);
    if (!r) continue;
    if (
      r.node &&
      [...sources.namesAsWritten(r.node.names)].some((nm) => TIME_DEPENDENT.has(nm) || TIS_DEPENDENT.has(nm))
    )
      problems.add(where, "an initial count cannot depend on time", n, "a formula of parameters only");
    init.push({ state: layout.states[stateIndex.get(sid)!].base, src: r.src, where });
  }
  return { strategies, cohorts, rows, values, trans, oneOff, init };
}

/** Strategies and cohorts with their parameter overrides; every formula definition of a parameter (base, cohort, strategy) compiled. */
function strategiesAndCohorts(
  spec: ModelSpec,
  layout: Layout,
  sources: Sources,
): Pick<Declarations, "strategies" | "cohorts"> {
  for (const p of sources.parameters) if (!isNum(p.value)) sources.paramNode(p.id, p.value, `parameters.${p.id}`);
  const strategies = (spec.strategies ?? [{ id: "base", label: "Base case" }]).map((s) => ({
    id: s.id,
    label: s.label ?? s.id,
    overrides: s.parameters ?? {},
  }));
  const cohorts = (spec.cohorts ?? [{ id: "all", weight: 1 }]).map(
    (
      c:
        | CohortSpec
        | {
            id: string;
            weight: number;
            label?: undefined;
            startAge?: undefined;
            parameters?: undefined;
            attributes?: undefined;
          },
    ) => {
      const startAge = c.startAge ?? layout.startAge;
      return {
        id: c.id,
        label: c.label ?? c.id,
        weight: c.weight,
        startAge,
        overrides: c.parameters ?? {},
        fixed: sources.fixedSlots({ startAge, attributes: c.attributes }),
      };
    },
  );
  strategies.forEach((s, i) => {
    for (const [id, e] of Object.entries(s.overrides))
      if (!isNum(e)) sources.paramNode(id, e, `strategies[${i}].parameters.${id}`);
  });
  cohorts.forEach((c, i) => {
    for (const [id, e] of Object.entries(c.overrides))
      if (!isNum(e)) sources.paramNode(id, e, `cohorts[${i}].parameters.${id}`);
  });
  return { strategies, cohorts };
}

/** The declared transition rows (matrix or by-name form; zero entries of a matrix dropped), at most one complement C per row. */
function transitionRows(spec: ModelSpec, layout: Layout, sources: Sources, problems: Problems): DeclEntry[][] {
  const { stateIndex } = layout;
  const rows: DeclEntry[][] = layout.states.map(() => []);
  const rawRows: Array<[string, Array<[string, Expr]>]> = Array.isArray(spec.transitions)
    ? spec.transitions.map((row, i) => [
        spec.states[i].id,
        row.map((e, j) => [spec.states[j].id, e] as [string, Expr]).filter(([, e]) => e !== 0),
      ])
    : Object.entries(spec.transitions).map(([from, row]) => [from, Object.entries(row)]);
  const rowWhere = (from: string, to: string) =>
    Array.isArray(spec.transitions)
      ? `transitions[${stateIndex.get(from)}][${stateIndex.get(to)}] (${from} -> ${to})`
      : `transitions.${from}.${to}`;
  for (const [from, row] of rawRows) {
    const s = stateIndex.get(from)!;
    let complements = 0;
    for (const [to, e] of row) {
      const where = rowWhere(from, to);
      if (typeof e === "string" && e.trim() === "C") {
        complements++;
        rows[s].push({ to: stateIndex.get(to)!, complement: true, src: -1, node: null, where });
        continue;
      }
      const r = sources.source(e, where);
      if (r) rows[s].push({ to: stateIndex.get(to)!, complement: false, src: r.src, node: r.node, where });
    }
    if (complements > 1) problems.add(`transitions.${from}`, "a row may have at most one complement C", complements);
  }
  return rows;
}
