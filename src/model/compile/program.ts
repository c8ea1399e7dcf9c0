/**
 * Compile step 6, programs: for one strategy × cohort, which definition each parameter has, and
 * which formulas are evaluated once per run, once per cycle (shared by a cohort's strategies or
 * not), or once per tunnel; which probabilities and state values change between cycles. Built on
 * first use and cached on the model.
 */
import { ModelError } from "../errors.js";
import type { Expr } from "../spec/spec.js";
import type { CompileScope } from "../formula/formula.js";
import {
  isNum,
  TIME_DEPENDENT,
  TIS_DEPENDENT,
  type CompiledModel,
  type Node,
  type Program,
  type TunnelGroup,
} from "./types.js";

/** What compileModel keeps for building programs. */
export interface Internals {
  paramNodes: Map<string, Node>;
  instanceRequests: Array<{ node: Node; state: number }>;
  instanceOf: Map<string, number>;
  aliasNodes: Map<number, Node>;
  /** How formulas' names resolve to slots and tables (for run/vector.ts). */
  scope: CompileScope;
}
const internals = new WeakMap<CompiledModel, Internals>();

export function keepInternals(model: CompiledModel, i: Internals): void {
  internals.set(model, i);
}

/** The scope the model's formulas were compiled in. */
export function scopeOf(model: CompiledModel): CompileScope {
  return internals.get(model)!.scope;
}

/** Whether a node depends on time (cycle, time, age), on time in state, or on a parameter some strategy overrides, in one program. */
interface Flags {
  isTv: (n: Node) => boolean;
  isTis: (n: Node) => boolean;
  isOwn: (n: Node) => boolean;
}

function flagsOf(model: CompiledModel, defNode: Map<string, Node>): Flags {
  const paramFlag = (id: string, memo: Map<string, boolean>, base: Set<string>): boolean => {
    if (memo.has(id)) return memo.get(id)!;
    const n = defNode.get(id);
    const r = n ? namesFlag(n.names, memo, base) : false;
    memo.set(id, r);
    return r;
  };
  const namesFlag = (names: Set<string>, memo: Map<string, boolean>, base: Set<string>): boolean => {
    for (const nm of names) {
      if (base.has(nm)) return true;
      if (defNode.has(nm) && paramFlag(nm, memo, base)) return true;
    }
    return false;
  };
  const flag = (base: Set<string>) => {
    const memo = new Map<string, boolean>();
    return (n: Node) => (n.param ? paramFlag(n.param, memo, base) : namesFlag(n.names, memo, base));
  };
  // Parameters some strategy overrides: formulas reading them differ between strategies.
  const strategySpecific = new Set<string>();
  for (const st of model.strategies) for (const id of Object.keys(st.overrides)) strategySpecific.add(id);
  const readsOwn = flag(strategySpecific);
  return {
    isTv: flag(TIME_DEPENDENT),
    isTis: flag(TIS_DEPENDENT),
    isOwn: (n) => (n.param ? strategySpecific.has(n.param) || readsOwn(n) : readsOwn(n)),
  };
}

/**
 * The program for one strategy × cohort, given the parameters that the caller fixes to numbers
 * (`suppressed`: formula parameters replaced by a number for this run). Cached on the model.
 */
export function programFor(
  model: CompiledModel,
  strategyIndex: number,
  cohortIndex: number,
  suppressed: ReadonlySet<string>,
): Program {
  const key = `${strategyIndex}|${cohortIndex}|${[...suppressed].sort().join(",")}`;
  const cached = model.programs.get(key);
  if (cached) return cached;
  const { numericParams, defNode } = definitions(model, strategyIndex, cohortIndex, suppressed);
  const flags = flagsOf(model, defNode);
  const { isTv, isTis, isOwn } = flags;
  const paramOrder = topologicalOrder(defNode);
  const allNodes = paramOrder.concat(model.nodes);

  const constNodes = allNodes.filter((n) => !isTv(n) && !isTis(n));
  for (const ini of model.init) {
    const n =
      allNodes.find((x) => x.slot === ini.src) ??
      defNode.get(model.parameters.find((q) => q.slot === ini.src)?.id ?? "");
    if (n && (isTv(n) || isTis(n))) {
      throw new ModelError(
        {
          where: `${ini.where} [strategy "${model.strategies[strategyIndex].id}"]`,
          message: "an initial count cannot depend on time (directly or through a parameter)",
          value: n.text,
        },
        "invalid model",
      );
    }
  }
  const tvNodes = allNodes.filter((n) => isTv(n) && !isTis(n));
  const shared = tvNodes.filter((n) => !isOwn(n));
  const cycleNodes = shared.concat(tvNodes.filter((n) => isOwn(n)));
  const cycleSlots = new Set(cycleNodes.map((n) => n.slot));
  const cycleReadsTime = Uint8Array.from(
    cycleNodes.map((n) => ([...n.names].some((nm) => TIME_DEPENDENT.has(nm)) ? 1 : 0)),
  );
  const cycleInputs = cycleNodes.map((n) => {
    const inputs: number[] = [];
    for (const nm of n.names) {
      const d = defNode.get(nm);
      if (d && cycleSlots.has(d.slot)) inputs.push(d.slot);
    }
    return Int32Array.from(inputs);
  });
  const { constTunnelGroups, cycleTunnelGroups } = tunnelGroups(model, defNode, paramOrder, flags);
  const program: Program = {
    strategyIndex,
    cohortIndex,
    numericParams,
    constNodes,
    cycleNodes,
    sharedCycleNodes: shared.length,
    cycleReadsTime,
    cycleInputs,
    constTunnelGroups,
    cycleTunnelGroups,
    ...changingParts(model, cycleNodes, cycleTunnelGroups),
    startAge: model.cohorts[cohortIndex].startAge,
  };
  model.programs.set(key, program);
  return program;
}

/** The definition of every parameter in this program (base < cohort < strategy): numbers into the environment, formulas as nodes. */
function definitions(
  model: CompiledModel,
  strategyIndex: number,
  cohortIndex: number,
  suppressed: ReadonlySet<string>,
): { numericParams: Array<[number, number]>; defNode: Map<string, Node> } {
  const { paramNodes } = internals.get(model)!;
  const strategy = model.strategies[strategyIndex];
  const cohort = model.cohorts[cohortIndex];
  const numericParams: Array<[number, number]> = [];
  const defNode = new Map<string, Node>();
  for (const p of model.parameters) {
    let def: Expr = p.value;
    let where = `parameters.${p.id}`;
    if (suppressed.has(p.id)) def = 0; // the caller supplies the number
    if (Object.hasOwn(cohort.overrides, p.id)) {
      def = cohort.overrides[p.id];
      where = `cohorts[${cohortIndex}].parameters.${p.id}`;
    }
    if (Object.hasOwn(strategy.overrides, p.id)) {
      def = strategy.overrides[p.id];
      where = `strategies[${strategyIndex}].parameters.${p.id}`;
    }
    if (isNum(def)) {
      if (!suppressed.has(p.id) || Object.hasOwn(cohort.overrides, p.id) || Object.hasOwn(strategy.overrides, p.id))
        numericParams.push([p.slot, def]);
    } else defNode.set(p.id, paramNodes.get(where)!);
  }
  for (const d of model.derived) defNode.set(d.param!, d);
  return { numericParams, defNode };
}

/** Parameter nodes in dependency order (formula nodes never feed each other, so they follow in any order). */
function topologicalOrder(defNode: Map<string, Node>): Node[] {
  const ordered: Node[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const n = defNode.get(id);
    if (!n) return;
    for (const nm of n.names) if (defNode.has(nm)) visit(nm);
    ordered.push(n);
  };
  for (const id of defNode.keys()) visit(id);
  return ordered;
}

/**
 * Tunnel groups: for each time-in-state state, the instanced nodes and the chain of parameter
 * nodes that feeds them; evaluated once per run when nothing in them depends on time, else each
 * cycle (with their time-in-state-only part cached).
 */
function tunnelGroups(
  model: CompiledModel,
  defNode: Map<string, Node>,
  paramOrder: Node[],
  { isTv, isTis }: Flags,
): { constTunnelGroups: TunnelGroup[]; cycleTunnelGroups: TunnelGroup[] } {
  const { instanceRequests, instanceOf } = internals.get(model)!;
  const byState = new Map<number, Array<{ node: Node; instanceBase: number }>>();
  for (const req of instanceRequests) {
    const list = byState.get(req.state) ?? [];
    list.push({ node: req.node, instanceBase: instanceOf.get(`${req.node.slot}|${req.state}`)! });
    byState.set(req.state, list);
  }
  const chainFor = (outputs: Node[]): Node[] => {
    const need = new Set<Node>();
    const addDeps = (names: Set<string>) => {
      for (const nm of names) {
        const pn = defNode.get(nm);
        if (pn && isTis(pn) && !need.has(pn)) {
          need.add(pn);
          addDeps(pn.names);
        }
      }
    };
    for (const o of outputs) addDeps(o.names);
    return paramOrder.filter((n) => need.has(n)).concat(outputs.filter((o) => !o.param));
  };
  const constTunnelGroups: TunnelGroup[] = [];
  const cycleTunnelGroups: TunnelGroup[] = [];
  for (const [state, outs] of byState) {
    const tunnels = model.states[state].tunnels;
    const tvOuts = outs.filter((o) => isTv(o.node));
    const constOuts = outs.filter((o) => !isTv(o.node));
    if (constOuts.length)
      constTunnelGroups.push({
        state,
        tunnels,
        chain: chainFor(constOuts.map((o) => o.node)),
        cached: [],
        outputs: constOuts,
        readsTime: false,
        inputs: new Int32Array(0),
      });
    if (!tvOuts.length) continue;
    const chain = chainFor(tvOuts.map((o) => o.node));
    const live = chain.filter((n) => isTv(n));
    const liveSlots = new Set(live.map((n) => n.slot));
    const inputs = new Set<number>();
    for (const n of live) {
      for (const nm of n.names) {
        const d = defNode.get(nm);
        if (d && !liveSlots.has(d.slot) && isTv(d) && !isTis(d)) inputs.add(d.slot);
      }
    }
    cycleTunnelGroups.push({
      state,
      tunnels,
      chain: live,
      cached: chain.filter((n) => !isTv(n)),
      outputs: tvOuts,
      readsTime: live.some((n) => [...n.names].some((nm) => TIME_DEPENDENT.has(nm))),
      inputs: Int32Array.from(inputs),
    });
  }
  return { constTunnelGroups, cycleTunnelGroups };
}

/** What changes between cycles: the slots, the probabilities and their rows (the others are checked once), the state values. */
function changingParts(
  model: CompiledModel,
  cycleNodes: Node[],
  cycleTunnelGroups: TunnelGroup[],
): Pick<Program, "dynamic" | "dynEntries" | "dynRows" | "staticRows" | "varyingPairs" | "constantPairs"> {
  const dynamic = new Uint8Array(model.workSize);
  for (const n of cycleNodes) dynamic[n.slot] = 1;
  for (const g of cycleTunnelGroups)
    for (const o of g.outputs) dynamic.fill(1, o.instanceBase, o.instanceBase + g.tunnels);
  const dynEntries: number[] = [];
  const dynRowSet = new Set<number>();
  for (let e = 0; e < model.entrySrc.length; e++) {
    const src = model.entrySrc[e];
    if (src >= 0 && dynamic[src]) {
      dynEntries.push(e);
      dynRowSet.add(model.entryFrom[e]);
    }
  }
  const staticRows: number[] = [];
  for (let i = 0; i < model.nExpanded; i++) if (!dynRowSet.has(i)) staticRows.push(i);
  const varyingPairs: number[] = [];
  const constantPairs: number[] = [];
  model.pairs.forEach((pr, j) => (dynamic[pr.src] ? varyingPairs : constantPairs).push(j));
  return {
    dynamic,
    dynEntries: Int32Array.from(dynEntries),
    dynRows: Int32Array.from([...dynRowSet].sort((a, b) => a - b)),
    staticRows: Int32Array.from(staticRows),
    varyingPairs: Int32Array.from(varyingPairs),
    constantPairs: Int32Array.from(constantPairs),
  };
}
