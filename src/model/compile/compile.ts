/**
 * Compilation: a validated model specification becomes a fixed layout of slots (time variables,
 * parameters, distinct formulas), a sparse transition structure over the expanded states
 * (time-in-state states become tunnels), and per strategy × cohort a program that says which
 * formulas are evaluated once per run, once per cycle, or once per tunnel. Formulas are parsed
 * and compiled once here; evaluation never parses. The steps, each in its own file:
 *   shape check (spec/) → layout → sources → declarations → parameter cycles → time in state
 *   (tunnels) → structure → the compiled model; programs (program.ts) on first use.
 */
import { ModelError, Problems } from "../errors.js";
import { checkSpecShape, resolveMethod } from "../spec/spec.js";
import { checkModelCounts, checkModelSize, checkParameterChains, type ModelLimits } from "../spec/limits.js";
import { customCountWeights, customCycleWeights, cycleWeights } from "./counting.js";
import { declarationsOf } from "./declarations.js";
import { layoutOf } from "./layout.js";
import { keepInternals } from "./program.js";
import { Sources } from "./sources.js";
import { structureOf } from "./structure.js";
import { TunnelInstances } from "./tunnels.js";
import type { CompiledModel, Node } from "./types.js";

export * from "./types.js";
export { programFor, scopeOf } from "./program.js";

/**
 * Validates and compiles a model specification (an object parsed from JSON). Throws a
 * ModelError listing every problem found; nothing is computed from an invalid model.
 */
export function compileModel(raw: unknown, limits: ModelLimits = {}): CompiledModel {
  checkModelCounts(raw);
  const problems = new Problems();
  const spec = checkSpecShape(raw, problems);
  problems.throwIfAny("invalid model");
  checkParameterChains(spec, problems);
  problems.throwIfAny("invalid model");
  checkModelSize(spec, limits);
  const layout = layoutOf(spec, problems);
  problems.throwIfAny("invalid model");
  const { states, values, nExpanded, cycleYears, nCycles } = layout;
  const sources = new Sources(spec, cycleYears, layout.tables, problems);
  const decl = declarationsOf(spec, layout, sources, problems);

  // Every definition a parameter can have (base, cohort, strategy), for the dependency checks.
  const paramDefs = new Map<string, Node[]>();
  for (const n of sources.paramNodes.values()) {
    const list = paramDefs.get(n.param!) ?? [];
    list.push(n);
    paramDefs.set(n.param!, list);
  }
  checkParameterCycles(paramDefs, problems);
  problems.throwIfAny("invalid model");

  // Time in state may only be used where the state declares it; such sources get one instance per tunnel.
  const tunnels = new TunnelInstances(sources, paramDefs, states, problems);
  const resolved = {
    rows: decl.rows.map((row, s) =>
      row.map((e) => ({
        ...e,
        r: e.complement ? null : tunnels.resolve(e.src, e.node, e.where, s, "this transition probability"),
      })),
    ),
    values: decl.values.map((v) => ({ ...v, r: tunnels.resolve(v.src, v.node, v.where, v.state, "this state value") })),
    trans: decl.trans.map((t) => ({
      ...t,
      r: tunnels.resolve(t.src, t.node, t.where, t.from, "this transition value"),
    })),
  };
  for (const o of decl.oneOff) tunnels.check(o.src, o.node, `oneOff.${values[o.value].id}`, null, "this one-off value");
  problems.throwIfAny("invalid model");
  const workSize = tunnels.place(sources.nSlots);
  const structure = structureOf(states, values, nExpanded, resolved, tunnels, problems);

  const template = new Float64Array(workSize);
  for (const [slot, v] of sources.templateValues) template[slot] = v;
  const { paramNodes, nodes } = sources;
  // startAge in a formula needs a start age as age does (the same check, the same message).
  const readsAge = (n: Node) => n.names.has("age") || n.names.has("startAge");
  const hasAge = nodes.some(readsAge) || [...paramNodes.values()].some(readsAge);
  const method = resolveMethod(spec.settings.method);
  const countW = method === "custom" ? customCountWeights(spec.settings, nCycles, problems) : null;
  problems.throwIfAny("invalid model");
  const model: CompiledModel = {
    spec,
    name: spec.name,
    method,
    cycleYears,
    nCycles,
    weights: countW ? customCycleWeights(countW) : cycleWeights(method, nCycles),
    correctTransitionValues: spec.settings.correctTransitionValues === true,
    discount: { ...spec.settings.discount },
    currency: spec.settings.currency,
    priceYear: spec.settings.priceYear,
    startAge: layout.startAge,
    hasAge,
    states,
    values,
    parameters: sources.parameters,
    paramIndex: sources.paramIndex,
    strategies: decl.strategies,
    cohorts: decl.cohorts,
    init: decl.init,
    nExpanded,
    workSize,
    template,
    nodes,
    ...structure,
    derived: [...paramNodes.values()].filter((n) => n.param!.startsWith("$")),
    oneOff: decl.oneOff,
    programs: new Map(),
    discountCache: new Map(),
  };
  keepInternals(model, {
    paramNodes,
    instanceRequests: tunnels.requests,
    instanceOf: tunnels.instanceOf,
    aliasNodes: tunnels.aliasNodes,
    scope: sources.scope,
  });
  // Every cohort needs a start age: its own or the settings'. (Without cohorts, `[].every` would be true.)
  const everyCohortHasAge =
    spec.cohorts !== undefined && spec.cohorts.length > 0 && spec.cohorts.every((c) => c.startAge !== undefined);
  if (hasAge && spec.settings.startAge === undefined && !everyCohortHasAge) {
    throw new ModelError(
      { where: "settings.startAge", message: "formulas use age, but no start age is given", expected: "a number >= 0" },
      "invalid model",
    );
  }
  return model;
}

/** A problem for parameters whose formulas refer to each other in a circle (the first circle found). */
function checkParameterCycles(defs: Map<string, Node[]>, problems: Problems): void {
  const state = new Map<string, 1 | 2>();
  const path: string[] = [];
  // The definition each parameter of the path was left through (its base value, or a strategy's or
  // cohort's own): a circle closed by an override is named at the override, not at the base parameter.
  const via: Node[] = [];
  const visit = (id: string): boolean => {
    const s = state.get(id);
    if (s === 2) return false;
    if (s === 1) {
      // Named by the parameters only: the nodes the compiler made of common parts and look-ups ("$n",
      // sources.ts) are links of the circle that the user did not write.
      const all = path.slice(path.indexOf(id));
      const named = all.filter((x) => !x.startsWith("$"));
      const ids = named.length ? named : all;
      const cyc = ids.concat(ids[0]);
      const override = via
        .slice(path.indexOf(id), path.length)
        .flatMap((n) => n.where)
        .find((w) => /^(strategies|cohorts)\[/.test(w));
      problems.add(
        override ?? `parameters.${ids[0]}`,
        `parameters refer to each other in a circle: ${cyc.join(" -> ")}` +
          (override && ids.length === 1
            ? ` (a strategy's or cohort's own ${ids[0]} cannot use ${ids[0]} itself: give the base value a name of its own, e.g. ${ids[0]}_base, and use that)`
            : ""),
        cyc.join(" -> "),
        "formulas without circular references",
      );
      return true;
    }
    state.set(id, 1);
    path.push(id);
    for (const n of defs.get(id) ?? []) {
      via[path.length - 1] = n;
      for (const nm of n.names) if (defs.has(nm) && visit(nm)) return true;
    }
    path.pop();
    state.set(id, 2);
    return false;
  };
  for (const id of defs.keys()) if (!id.startsWith("$") && visit(id)) return;
}
