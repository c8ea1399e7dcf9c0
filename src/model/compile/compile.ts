/**
 * Compilation: a validated model specification becomes a fixed layout of slots (time variables,
 * parameters, distinct formulas), a sparse transition structure over the expanded states
 * (time-in-state states become tunnels), and per strategy × cohort a program that says which
 * formulas are evaluated once per run, once per cycle, or once per tunnel.
 * Formulas are parsed and compiled once here; evaluation never parses.
 */
import { Problems, ModelError } from "../errors.js";
import { compileFormula, parseFormula, namesIn, canonical, FormulaError, type Ast, type Compiled, type LookupTable, type CompileScope } from "../formula/formula.js";
import {
  checkSpecShape,
  cycleLengthYears,
  resolveMethod,
  TIME_VARIABLES,
  type CountingMethod,
  type Expr,
  type ModelSpec,
  type ParameterSpec,
  type ValueKind,
} from "../spec/spec.js";
import { cycleWeights, type CycleWeights } from "./counting.js";

/** Slots of the time variables in the environment. */
export const SLOT = { cycle: 0, time: 1, age: 2, timeInState: 3, yearsInState: 4, cycleLength: 5 } as const;
const N_TIME_SLOTS = TIME_VARIABLES.length;
const TIME_DEPENDENT = new Set(["cycle", "time", "age"]);
const TIS_DEPENDENT = new Set(["timeInState", "yearsInState"]);

export interface DeclaredState {
  id: string;
  label: string;
  dead: boolean;
  /** Number of tunnels (1 for a state without time in state). */
  tunnels: number;
  /** Index of its first tunnel among the expanded states. */
  base: number;
  timeInState: boolean;
}

export interface ValueInfo {
  id: string;
  kind: ValueKind;
  label: string;
  /** Multiplier applied to state values: the cycle length in years for values given per year, else 1. */
  scale: number;
  per: "cycle" | "year";
}

export interface ParameterInfo {
  id: string;
  /** Base value (a number) or formula text. */
  value: Expr;
  meta: Omit<ParameterSpec, "value">;
  slot: number;
}

/** A distinct formula (or a parameter's formula): evaluated into `slot`. */
export interface Node {
  slot: number;
  fn: Compiled;
  text: string;
  /** Names the formula reads. */
  names: Set<string>;
  /** Where it is used, for error messages: JSON paths. */
  where: string[];
  /** For parameter nodes, the parameter id. */
  param?: string;
}

/** One evaluation step list for a strategy × cohort. */
export interface Program {
  strategyIndex: number;
  cohortIndex: number;
  /** Parameter values (numbers) placed in the environment before evaluation. */
  numericParams: Array<[slot: number, value: number]>;
  /** Nodes evaluated once per run, in dependency order. */
  constNodes: Node[];
  /** Nodes evaluated once per cycle, in dependency order. */
  cycleNodes: Node[];
  /**
   * The first `sharedCycleNodes` of `cycleNodes` read no parameter that any strategy overrides, so
   * their per-cycle values are the same in every strategy of a cohort and are computed once per
   * evaluation (e.g. background mortality by age).
   */
  sharedCycleNodes: number;
  /**
   * For each cycle node: whether it reads cycle, time or age itself (then it is evaluated every
   * cycle), and the slots of the cycle nodes it reads (then it is evaluated only in cycles in which
   * one of them changed).
   */
  cycleReadsTime: Uint8Array;
  cycleInputs: Int32Array[];
  /**
   * State values that change between cycles (formulas of time), valued cycle by cycle; the others
   * (including values by time in state) are multiplied by summed weighted counts at the end.
   */
  varyingPairs: Int32Array;
  constantPairs: Int32Array;
  /** Tunnel groups evaluated once per run / once per cycle. */
  constTunnelGroups: TunnelGroup[];
  cycleTunnelGroups: TunnelGroup[];
  /** Work indexes that change from cycle to cycle. */
  dynamic: Uint8Array;
  /** Entries whose probability changes per cycle, and the rows that contain them. */
  dynEntries: Int32Array;
  dynRows: Int32Array;
  staticRows: Int32Array;
  startAge: number;
}

/** For a time-in-state state: the nodes to evaluate for each tunnel k and where their values go. */
export interface TunnelGroup {
  state: number;
  tunnels: number;
  /** Nodes evaluated for each tunnel k, in dependency order. */
  chain: Node[];
  /**
   * For groups evaluated every cycle: the nodes of the chain that depend on time in state but not on
   * time. Their value for each tunnel is computed once per run and restored each cycle, so only the
   * time-dependent rest of the chain is evaluated per cycle.
   */
  cached: Node[];
  /** For each output: the node whose value is copied, and the first of its `tunnels` instance positions. */
  outputs: Array<{ node: Node; instanceBase: number }>;
  /** Per-cycle groups: whether the chain reads cycle, time or age itself, and the per-cycle nodes it reads (re-evaluated only when one changed). */
  readsTime: boolean;
  inputs: Int32Array;
}

export interface CompiledModel {
  spec: ModelSpec;
  name: string;
  method: CountingMethod;
  cycleYears: number;
  nCycles: number;
  weights: CycleWeights;
  discount: { costs: number; outcomes: number };
  currency?: string;
  priceYear?: number;
  startAge: number;
  hasAge: boolean;
  states: DeclaredState[];
  values: ValueInfo[];
  parameters: ParameterInfo[];
  paramIndex: Map<string, ParameterInfo>;
  strategies: Array<{ id: string; label: string; overrides: Record<string, Expr> }>;
  cohorts: Array<{ id: string; label: string; weight: number; startAge: number; overrides: Record<string, Expr> }>;
  /** Initial counts: expanded state and the source of its count (a number or a formula of parameters). */
  init: Array<{ state: number; src: number; where: string }>;
  nExpanded: number;
  /** Size of the work array: slots then tunnel instances. */
  workSize: number;
  /** Initial contents of the work array: literals and base numeric parameters. */
  template: Float64Array;
  nodes: Node[];
  /** Expanded transition structure in compressed sparse rows. */
  rowStart: Int32Array;
  entryTo: Int32Array;
  /** Work index of each entry's probability; -1 for the complement. */
  entrySrc: Int32Array;
  entryFrom: Int32Array;
  /** Declared from/to state of each entry and its tunnel (1-based; 0 when not a tunnel state). */
  entryDeclFrom: Int32Array;
  entryDeclTo: Int32Array;
  entryTunnel: Int32Array;
  /** Index of the complement entry per expanded row, or -1. */
  rowComplement: Int32Array;
  /**
   * The same entries by destination (compressed sparse columns), used by the propagation loop:
   * entries into expanded state j are at positions colStart[j]..colStart[j+1]-1, reading the count
   * of colSrc[q]; entry e sits at position entryPos[e].
   */
  colStart: Int32Array;
  colSrc: Int32Array;
  entryPos: Int32Array;
  /** Look-ups hoisted out of formulas (parameter-like nodes named "$1", "$2", ...). */
  derived: Node[];
  /** Declared state of each expanded state. */
  expandedState: Int32Array;
  /** State values: (state, value) pairs with a source; tunnel pairs read `tunnels` consecutive instances. */
  pairs: Array<{ state: number; value: number; src: number; perTunnel: boolean; text: string }>;
  /** Transition values, one item per (entry, value). */
  transValues: Array<{ entry: number; value: number; src: number; decl: number }>;
  /** Declared transition value items: (from, to, value) for results. */
  transDecl: Array<{ from: string; to: string; value: string }>;
  oneOff: Array<{ value: number; node: Node | null; src: number }>;
  /** Programs per `${strategy}|${cohort}|${suppressed}`. */
  programs: Map<string, Program>;
  /** Problems that need evaluation to be found (e.g. a probability > 1) are found by `evaluate`. */
  discountCache: Map<number, Float64Array>;
}

const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

/**
 * Validates and compiles a model specification (an object parsed from JSON). Throws a
 * ModelError listing every problem found; nothing is computed from an invalid model.
 */
export function compileModel(raw: unknown): CompiledModel {
  const problems = new Problems();
  const spec = checkSpecShape(raw, problems);
  problems.throwIfAny("invalid model");

  const settings = spec.settings;
  const cycleYears = cycleLengthYears(settings.cycleLength);
  const startAge = settings.startAge ?? 0;
  let nCycles: number;
  if (settings.horizon.cycles !== undefined) nCycles = settings.horizon.cycles;
  else {
    const years = settings.horizon.years !== undefined ? settings.horizon.years : (settings.horizon.untilAge as number) - startAge;
    const exact = years / cycleYears;
    nCycles = Math.round(exact);
    if (Math.abs(exact - nCycles) > 1e-6 * Math.max(1, exact)) {
      problems.add("settings.horizon", "the horizon is not a whole number of cycles", `${years} years / ${cycleYears} years per cycle = ${exact}`, "a horizon that is a multiple of the cycle length");
    }
    if (nCycles < 1) problems.add("settings.horizon", "the horizon is shorter than one cycle", years);
  }
  problems.throwIfAny("invalid model");

  // --- states and tunnels
  const states: DeclaredState[] = [];
  let nExpanded = 0;
  for (const s of spec.states) {
    const tis = s.timeInState !== undefined;
    const limit = tis && s.timeInState !== true && s.timeInState?.limit !== undefined ? s.timeInState.limit : nCycles;
    const tunnels = tis ? Math.max(1, Math.min(limit, nCycles)) : 1;
    states.push({ id: s.id, label: s.label ?? s.id, dead: s.dead === true, tunnels, base: nExpanded, timeInState: tis });
    nExpanded += tunnels;
  }
  const stateIndex = new Map(states.map((s, i) => [s.id, i]));

  const values: ValueInfo[] = spec.values.map((v) => {
    const per = v.per ?? (v.kind === "utility" ? "year" : "cycle");
    return { id: v.id, kind: v.kind, label: v.label ?? v.id, per, scale: per === "year" ? cycleYears : 1 };
  });
  const valueIndex = new Map(values.map((v, i) => [v.id, i]));

  // --- tables
  const tables = new Map<string, LookupTable>();
  for (const [name, t] of Object.entries(spec.tables ?? {})) {
    const keys = Float64Array.from(t.columns[t.key]);
    const columns = new Map<string, Float64Array>();
    for (const [c, arr] of Object.entries(t.columns)) columns.set(c, Float64Array.from(arr));
    let integerStep = true;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== keys[0] + i) integerStep = false;
    tables.set(name, { name, keyColumn: t.key, keys, columns, integerStep });
  }

  // --- slots: time variables, parameters, then formulas and literals
  let nSlots = N_TIME_SLOTS;
  const parameters: ParameterInfo[] = [];
  const paramIndex = new Map<string, ParameterInfo>();
  for (const [id, p] of Object.entries(spec.parameters ?? {})) {
    const def: ParameterSpec = typeof p === "object" ? p : { value: p };
    const { value, ...meta } = def;
    const info: ParameterInfo = { id, value, meta, slot: nSlots++ };
    parameters.push(info);
    paramIndex.set(id, info);
  }
  const templateValues: Array<[number, number]> = [[SLOT.cycleLength, cycleYears]];
  for (const p of parameters) if (isNum(p.value)) templateValues.push([p.slot, p.value]);

  const derivedSlots = new Map<string, number>();
  const scope: CompileScope = {
    slot: (name) => {
      const t = (TIME_VARIABLES as readonly string[]).indexOf(name);
      if (t >= 0) return t;
      return paramIndex.get(name)?.slot ?? derivedSlots.get(name);
    },
    table: (name) => tables.get(name),
  };

  // Look-ups (e.g. a life table by age) become nodes of their own: their value changes only when
  // the looked-up row changes, so the formulas that use them are re-evaluated only then.
  const paramNodes = new Map<string, Node>(); // key: where the definition is; derived look-ups by "$n"
  const derivedByText = new Map<string, string>();
  function hoistLookups(ast: Ast, text: string, where: string): Ast {
    const walk = (a: Ast): Ast => {
      switch (a.type) {
        case "unary":
          return { ...a, arg: walk(a.arg) };
        case "binary":
          return { ...a, left: walk(a.left), right: walk(a.right) };
        case "cond":
          return { ...a, test: walk(a.test), then: walk(a.then), else: walk(a.else) };
        case "call": {
          const args = a.args.map(walk);
          const call = { ...a, args };
          if (a.fn !== "lookup" || args.length !== 3 || args[2].type === "num") return call;
          const key = canonical(call);
          let id = derivedByText.get(key);
          if (!id) {
            const fn = compileFormula(text, call, scope); // throws FormulaError with positions in `text`
            id = `$${derivedByText.size + 1}`;
            derivedByText.set(key, id);
            const slot = nSlots++;
            derivedSlots.set(id, slot);
            paramNodes.set(id, { slot, fn, text: text.slice(a.start, a.end), names: namesIn(call), where: [where], param: id });
          }
          return { type: "name", name: id, start: a.start, end: a.end };
        }
        default:
          return a;
      }
    };
    return walk(ast);
  }

  // Distinct formulas share one node (and one evaluation per cycle).
  const nodes: Node[] = [];
  const exprByText = new Map<string, { src: number; node: Node | null; ast: Ast | null }>();
  const literalSlots = new Map<number, number>();

  /** A source slot for an expression: a literal's slot, a parameter's slot, or a formula node's slot. */
  function source(e: Expr, where: string): { src: number; node: Node | null } | null {
    if (isNum(e)) {
      let slot = literalSlots.get(e);
      if (slot === undefined) {
        slot = nSlots++;
        literalSlots.set(e, slot);
        templateValues.push([slot, e]);
      }
      return { src: slot, node: null };
    }
    let ast: Ast;
    try {
      ast = hoistLookups(parseFormula(e), e, where);
    } catch (err) {
      if (err instanceof FormulaError) {
        problems.add(where, `formula error: ${err.reason} at position ${err.position + 1}`, e);
        return null;
      }
      throw err;
    }
    if (ast.type === "num") return source(ast.value, where);
    if (ast.type === "name" && paramIndex.has(ast.name)) return { src: paramIndex.get(ast.name)!.slot, node: null };
    const key = canonical(ast);
    const known = exprByText.get(key);
    if (known) {
      known.node?.where.push(where);
      return known;
    }
    let fn: Compiled;
    try {
      fn = compileFormula(e, ast, scope);
    } catch (err) {
      if (err instanceof FormulaError) {
        problems.add(where, `formula error: ${err.reason} at position ${err.position + 1}`, e);
        return null;
      }
      throw err;
    }
    const node: Node = { slot: nSlots++, fn, text: e, names: namesIn(ast), where: [where] };
    nodes.push(node);
    const rec = { src: node.slot, node, ast };
    exprByText.set(key, rec);
    return rec;
  }

  // Parameter formulas (base, strategy and cohort overrides) are compiled per definition.
  function paramNode(id: string, e: string, where: string): Node | null {
    const cached = paramNodes.get(where);
    if (cached) return cached;
    let ast: Ast;
    let fn: Compiled;
    try {
      ast = hoistLookups(parseFormula(e), e, where);
      fn = compileFormula(e, ast, scope);
    } catch (err) {
      if (err instanceof FormulaError) {
        problems.add(where, `formula error: ${err.reason} at position ${err.position + 1}`, e);
        return null;
      }
      throw err;
    }
    const node: Node = { slot: paramIndex.get(id)!.slot, fn, text: e, names: namesIn(ast), where: [where], param: id };
    paramNodes.set(where, node);
    return node;
  }
  for (const p of parameters) if (!isNum(p.value)) paramNode(p.id, p.value, `parameters.${p.id}`);
  const strategies = (spec.strategies ?? [{ id: "base", label: "Base case" }]).map((s) => ({ id: s.id, label: s.label ?? s.id, overrides: s.parameters ?? {} }));
  const cohorts = (spec.cohorts ?? [{ id: "all", weight: 1 }]).map((c) => ({
    id: c.id,
    label: c.label ?? c.id,
    weight: c.weight,
    startAge: c.startAge ?? startAge,
    overrides: c.parameters ?? {},
  }));
  strategies.forEach((s, i) => {
    for (const [id, e] of Object.entries(s.overrides)) if (!isNum(e)) paramNode(id, e, `strategies[${i}].parameters.${id}`);
  });
  cohorts.forEach((c, i) => {
    for (const [id, e] of Object.entries(c.overrides)) if (!isNum(e)) paramNode(id, e, `cohorts[${i}].parameters.${id}`);
  });

  // --- transitions: declared rows
  type DeclEntry = { to: number; complement: boolean; src: number; node: Node | null; where: string };
  const declRows: DeclEntry[][] = states.map(() => []);
  const rawRows: Array<[string, Array<[string, Expr]>]> = Array.isArray(spec.transitions)
    ? spec.transitions.map((row, i) => [spec.states[i].id, row.map((e, j) => [spec.states[j].id, e] as [string, Expr]).filter(([, e]) => e !== 0)])
    : Object.entries(spec.transitions).map(([from, row]) => [from, Object.entries(row)]);
  const rowWhere = (from: string, to: string) =>
    Array.isArray(spec.transitions) ? `transitions[${stateIndex.get(from)}][${stateIndex.get(to)}] (${from} -> ${to})` : `transitions.${from}.${to}`;
  for (const [from, row] of rawRows) {
    const s = stateIndex.get(from)!;
    let complements = 0;
    for (const [to, e] of row) {
      const where = rowWhere(from, to);
      if (typeof e === "string" && e.trim() === "C") {
        complements++;
        declRows[s].push({ to: stateIndex.get(to)!, complement: true, src: -1, node: null, where });
        continue;
      }
      const r = source(e, where);
      if (r) declRows[s].push({ to: stateIndex.get(to)!, complement: false, src: r.src, node: r.node, where });
    }
    if (complements > 1) problems.add(`transitions.${from}`, "a row may have at most one complement C", complements);
  }

  // --- state values, transition values, one-off values
  type DeclValue = { state: number; value: number; src: number; node: Node | null; where: string; text: string };
  const declValues: DeclValue[] = [];
  spec.states.forEach((s, i) => {
    for (const [vid, e] of Object.entries(s.values ?? {})) {
      const where = `states[${i}].values.${vid}`;
      const r = source(e, where);
      if (r) declValues.push({ state: i, value: valueIndex.get(vid)!, src: r.src, node: r.node, where, text: String(e) });
    }
  });
  type DeclTrans = { from: number; to: number; value: number; src: number; node: Node | null; where: string };
  const declTrans: DeclTrans[] = [];
  (spec.transitionValues ?? []).forEach((tv, i) => {
    for (const [vid, e] of Object.entries(tv.values)) {
      const where = `transitionValues[${i}].values.${vid}`;
      const r = source(e, where);
      if (r) declTrans.push({ from: stateIndex.get(tv.from)!, to: stateIndex.get(tv.to)!, value: valueIndex.get(vid)!, src: r.src, node: r.node, where });
    }
  });
  const oneOff: CompiledModel["oneOff"] = [];
  for (const [vid, e] of Object.entries(spec.oneOff ?? {})) {
    const r = source(e, `oneOff.${vid}`);
    if (r) oneOff.push({ value: valueIndex.get(vid)!, node: r.node, src: r.src });
  }
  problems.throwIfAny("invalid model");

  const init: CompiledModel["init"] = [];
  for (const [sid, n] of Object.entries(spec.init)) {
    const where = `init.${sid}`;
    const r = source(n, where);
    if (!r) continue;
    if (r.node && [...r.node.names].some((nm) => TIME_DEPENDENT.has(nm) || TIS_DEPENDENT.has(nm))) problems.add(where, "an initial count cannot depend on time", n, "a formula of parameters only");
    init.push({ state: states[stateIndex.get(sid)!].base, src: r.src, where });
  }

  // --- dependency analysis over every definition a parameter can have
  const paramDefs = new Map<string, Node[]>();
  for (const n of paramNodes.values()) {
    const list = paramDefs.get(n.param!) ?? [];
    list.push(n);
    paramDefs.set(n.param!, list);
  }
  checkParameterCycles(paramDefs, problems);
  problems.throwIfAny("invalid model");

  /** Whether an expression may depend on time in state under some strategy or cohort. */
  const tisMemo = new Map<string, boolean>();
  function paramMayUseTis(id: string, stack: Set<string> = new Set()): boolean {
    if (tisMemo.has(id)) return tisMemo.get(id)!;
    if (stack.has(id)) return false;
    stack.add(id);
    const r = (paramDefs.get(id) ?? []).some((n) => namesMayUseTis(n.names, stack));
    stack.delete(id);
    tisMemo.set(id, r);
    return r;
  }
  function namesMayUseTis(names: Set<string>, stack?: Set<string>): boolean {
    for (const nm of names) {
      if (TIS_DEPENDENT.has(nm)) return true;
      if ((paramIndex.has(nm) || derivedSlots.has(nm)) && paramMayUseTis(nm, stack)) return true;
    }
    return false;
  }
  const srcMayUseTis = (src: number, node: Node | null): boolean => {
    if (node) return namesMayUseTis(node.names);
    const p = parameters.find((q) => q.slot === src);
    return p ? paramMayUseTis(p.id) : false;
  };
  /** A node standing for a bare parameter reference, so that it can be instanced per tunnel. */
  const aliasNodes = new Map<number, Node>();
  const aliasNode = (src: number): Node => {
    let n = aliasNodes.get(src);
    if (!n) {
      const p = parameters.find((q) => q.slot === src)!;
      const slot = src;
      n = { slot: nSlots++, fn: (env) => env[slot], text: p.id, names: new Set([p.id]), where: [] };
      aliasNodes.set(src, n);
      nodes.push(n);
    }
    return n;
  };

  // Time in state may only be used where the state declares it.
  const checkTis = (src: number, node: Node | null, where: string, state: number | null, what: string) => {
    if (!srcMayUseTis(src, node)) return false;
    if (state === null || !states[state].timeInState) {
      const stateName = state === null ? "" : ` state "${states[state].id}"`;
      problems.add(where, `${what} depends on timeInState, but${stateName || " this place"} does not declare timeInState`, node?.text ?? parameters.find((p) => p.slot === src)?.id, state === null ? "no timeInState here" : `add "timeInState": {"limit": n} to state "${states[state].id}"`);
    }
    return true;
  };

  // --- tunnel instances: (node, tunnel state) -> first instance position
  let workSize = nSlots; // provisional; instances appended after all alias nodes exist
  const instanceRequests: Array<{ node: Node; state: number }> = [];
  const instKey = (n: Node, s: number) => `${n.slot}|${s}`;
  const instanceOf = new Map<string, number>();
  const requestInstance = (node: Node, state: number) => {
    const k = instKey(node, state);
    if (!instanceOf.has(k)) {
      instanceOf.set(k, -1);
      instanceRequests.push({ node, state });
    }
  };
  // Resolve each tunnel-dependent source to a node; positions are assigned after all slots are known.
  type Src = { src: number; node: Node | null; tis: boolean };
  const resolve = (src: number, node: Node | null, where: string, state: number | null, what: string): Src => {
    const tis = checkTis(src, node, where, state, what);
    if (!tis || state === null || !states[state].timeInState) return { src, node, tis: false };
    const n = node ?? aliasNode(src);
    requestInstance(n, state);
    return { src: -1, node: n, tis: true };
  };

  const resolvedRows = declRows.map((row, s) =>
    row.map((e) => ({ ...e, r: e.complement ? null : resolve(e.src, e.node, e.where, s, "this transition probability") })),
  );
  const resolvedValues = declValues.map((v) => ({ ...v, r: resolve(v.src, v.node, v.where, v.state, "this state value") }));
  const resolvedTrans = declTrans.map((t) => ({ ...t, r: resolve(t.src, t.node, t.where, t.from, "this transition value") }));
  for (const o of oneOff) {
    const tis = checkTis(o.src, o.node, `oneOff.${values[o.value].id}`, null, "this one-off value");
    void tis;
  }
  problems.throwIfAny("invalid model");

  workSize = nSlots;
  for (const req of instanceRequests) {
    instanceOf.set(instKey(req.node, req.state), workSize);
    workSize += states[req.state].tunnels;
  }
  const srcOf = (r: Src, state: number): number => (r.tis ? instanceOf.get(instKey(r.node!, state))! : r.src);

  // --- expanded sparse structure
  const rowStartArr: number[] = [0];
  const eTo: number[] = [];
  const eSrc: number[] = [];
  const eFrom: number[] = [];
  const eDeclFrom: number[] = [];
  const eDeclTo: number[] = [];
  const eTunnel: number[] = [];
  const rowComplement = new Int32Array(nExpanded).fill(-1);
  const expandedState = new Int32Array(nExpanded);
  const transValues: CompiledModel["transValues"] = [];
  const transDecl: CompiledModel["transDecl"] = declTrans.map((t) => ({ from: states[t.from].id, to: states[t.to].id, value: values[t.value].id }));
  states.forEach((st, s) => {
    for (let k = 1; k <= st.tunnels; k++) {
      const i = st.base + k - 1;
      expandedState[i] = s;
      for (const e of resolvedRows[s]) {
        let to: number;
        if (e.to === s) to = st.timeInState ? st.base + Math.min(k, st.tunnels - 1) : st.base;
        else to = states[e.to].base;
        const entry = eTo.length;
        eTo.push(to);
        eFrom.push(i);
        eDeclFrom.push(s);
        eDeclTo.push(e.to);
        eTunnel.push(st.timeInState ? k : 0);
        if (e.complement) {
          eSrc.push(-1);
          rowComplement[i] = entry;
        } else {
          const base = srcOf(e.r!, s);
          eSrc.push(e.r!.tis ? base + k - 1 : base);
        }
        resolvedTrans.forEach((t, decl) => {
          if (t.from === s && t.to === e.to) {
            const b = srcOf(t.r, s);
            transValues.push({ entry, value: t.value, src: t.r.tis ? b + k - 1 : b, decl });
          }
        });
      }
      rowStartArr.push(eTo.length);
    }
  });
  // A transition value on a move the model never makes is almost certainly a mistake.
  resolvedTrans.forEach((t) => {
    if (!resolvedRows[t.from].some((e) => e.to === t.to)) {
      problems.add(t.where, `there is no transition from "${states[t.from].id}" to "${states[t.to].id}" in the matrix`, `${states[t.from].id} -> ${states[t.to].id}`);
    }
  });
  problems.throwIfAny("invalid model");

  const pairs: CompiledModel["pairs"] = resolvedValues.map((v) => ({
    state: v.state,
    value: v.value,
    src: srcOf(v.r, v.state),
    perTunnel: v.r.tis,
    text: v.text,
  }));


  const template = new Float64Array(workSize);
  for (const [slot, v] of templateValues) template[slot] = v;

  const hasAge = nodes.some((n) => n.names.has("age")) || [...paramNodes.values()].some((n) => n.names.has("age"));
  const derived = [...paramNodes.values()].filter((n) => n.param!.startsWith("$"));

  const model: CompiledModel = {
    spec,
    name: spec.name,
    method: resolveMethod(settings.method),
    cycleYears,
    nCycles,
    weights: cycleWeights(resolveMethod(settings.method), nCycles),
    discount: { ...settings.discount },
    currency: settings.currency,
    priceYear: settings.priceYear,
    startAge,
    hasAge,
    states,
    values,
    parameters,
    paramIndex,
    strategies,
    cohorts,
    init,
    nExpanded,
    workSize,
    template,
    nodes,
    rowStart: Int32Array.from(rowStartArr),
    entryTo: Int32Array.from(eTo),
    entrySrc: Int32Array.from(eSrc),
    entryFrom: Int32Array.from(eFrom),
    entryDeclFrom: Int32Array.from(eDeclFrom),
    entryDeclTo: Int32Array.from(eDeclTo),
    entryTunnel: Int32Array.from(eTunnel),
    rowComplement,
    ...columns(nExpanded, eTo, eFrom),
    derived,
    expandedState,
    pairs,
    transValues,
    transDecl,
    oneOff,
    programs: new Map(),
    discountCache: new Map(),
  };
  // Internal bookkeeping used to build programs.
  internals.set(model, { paramNodes, instanceRequests, instanceOf, aliasNodes });
  // Without cohorts, [].every(...) is true: only cohorts that all give a start age stand in for settings.startAge.
  const cohortsGiveAge = spec.cohorts !== undefined && spec.cohorts.length > 0 && spec.cohorts.every((c) => c.startAge !== undefined);
  if (startAgeNeeded(model) && spec.settings.startAge === undefined && !cohortsGiveAge) {
    throw new ModelError({ where: "settings.startAge", message: "formulas use age, but no start age is given", expected: "a number >= 0" }, "invalid model");
  }
  return model;
}

/** Compressed sparse columns of the expanded transition entries (stable within each column). */
function columns(nExpanded: number, to: number[], from: number[]): { colStart: Int32Array; colSrc: Int32Array; entryPos: Int32Array } {
  const colStart = new Int32Array(nExpanded + 1);
  for (const j of to) colStart[j + 1]++;
  for (let j = 0; j < nExpanded; j++) colStart[j + 1] += colStart[j];
  const fill = colStart.slice(0, nExpanded);
  const colSrc = new Int32Array(to.length);
  const entryPos = new Int32Array(to.length);
  for (let e = 0; e < to.length; e++) {
    const q = fill[to[e]]++;
    colSrc[q] = from[e];
    entryPos[e] = q;
  }
  return { colStart, colSrc, entryPos };
}

function startAgeNeeded(m: CompiledModel): boolean {
  return m.hasAge;
}

interface Internals {
  paramNodes: Map<string, Node>;
  instanceRequests: Array<{ node: Node; state: number }>;
  instanceOf: Map<string, number>;
  aliasNodes: Map<number, Node>;
}
const internals = new WeakMap<CompiledModel, Internals>();

function checkParameterCycles(defs: Map<string, Node[]>, problems: Problems): void {
  const state = new Map<string, 1 | 2>();
  const path: string[] = [];
  const visit = (id: string): boolean => {
    const s = state.get(id);
    if (s === 2) return false;
    if (s === 1) {
      const cyc = path.slice(path.indexOf(id)).concat(id);
      problems.add(`parameters.${id}`, `parameters refer to each other in a circle: ${cyc.join(" -> ")}`, cyc.join(" -> "), "formulas without circular references");
      return true;
    }
    state.set(id, 1);
    path.push(id);
    for (const n of defs.get(id) ?? []) for (const nm of n.names) if (defs.has(nm) && visit(nm)) return true;
    path.pop();
    state.set(id, 2);
    return false;
  };
  for (const id of defs.keys()) if (visit(id)) return;
}

/**
 * The program for one strategy × cohort, given the parameters that the caller fixes to numbers
 * (`suppressed`: formula parameters replaced by a number for this run). Cached on the model.
 */
export function programFor(model: CompiledModel, strategyIndex: number, cohortIndex: number, suppressed: ReadonlySet<string>): Program {
  const key = `${strategyIndex}|${cohortIndex}|${[...suppressed].sort().join(",")}`;
  const cached = model.programs.get(key);
  if (cached) return cached;
  const { paramNodes, instanceRequests, instanceOf } = internals.get(model)!;
  const strategy = model.strategies[strategyIndex];
  const cohort = model.cohorts[cohortIndex];

  // The definition of every parameter in this program: base < cohort < strategy.
  const numericParams: Array<[number, number]> = [];
  const defNode = new Map<string, Node>();
  for (const p of model.parameters) {
    let def: Expr = p.value;
    let where = `parameters.${p.id}`;
    if (suppressed.has(p.id)) def = 0; // the caller supplies the number
    if (p.id in cohort.overrides) {
      def = cohort.overrides[p.id];
      where = `cohorts[${cohortIndex}].parameters.${p.id}`;
    }
    if (p.id in strategy.overrides) {
      def = strategy.overrides[p.id];
      where = `strategies[${strategyIndex}].parameters.${p.id}`;
    }
    if (isNum(def)) {
      if (!suppressed.has(p.id) || p.id in cohort.overrides || p.id in strategy.overrides) numericParams.push([p.slot, def]);
    } else defNode.set(p.id, paramNodes.get(where)!);
  }
  for (const d of model.derived) defNode.set(d.param!, d);

  // Dependency flags in this program.
  const tvMemo = new Map<string, boolean>();
  const tisMemo = new Map<string, boolean>();
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
  const isTv = (n: Node) => (n.param ? paramFlag(n.param, tvMemo, TIME_DEPENDENT) : namesFlag(n.names, tvMemo, TIME_DEPENDENT));
  const isTis = (n: Node) => (n.param ? paramFlag(n.param, tisMemo, TIS_DEPENDENT) : namesFlag(n.names, tisMemo, TIS_DEPENDENT));

  // Topological order of parameter nodes, then formula nodes (which never feed each other).
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
  const paramOrder = ordered.slice();
  const allNodes = paramOrder.concat(model.nodes);

  const constNodes = allNodes.filter((n) => !isTv(n) && !isTis(n));
  for (const ini of model.init) {
    const n = allNodes.find((x) => x.slot === ini.src) ?? defNode.get(model.parameters.find((q) => q.slot === ini.src)?.id ?? "");
    if (n && (isTv(n) || isTis(n))) {
      throw new ModelError({ where: `${ini.where} [strategy "${strategy.id}"]`, message: "an initial count cannot depend on time (directly or through a parameter)", value: n.text }, "invalid model");
    }
  }
  // Parameters some strategy overrides: formulas reading them differ between strategies.
  const strategySpecific = new Set<string>();
  for (const st of model.strategies) for (const id of Object.keys(st.overrides)) strategySpecific.add(id);
  const ssMemo = new Map<string, boolean>();
  const isOwn = (n: Node) => (n.param ? strategySpecific.has(n.param) || paramFlag(n.param, ssMemo, strategySpecific) : namesFlag(n.names, ssMemo, strategySpecific));
  const tvNodes = allNodes.filter((n) => isTv(n) && !isTis(n));
  const shared = tvNodes.filter((n) => !isOwn(n));
  const cycleNodes = shared.concat(tvNodes.filter((n) => isOwn(n)));
  const cycleSlots = new Set(cycleNodes.map((n) => n.slot));
  const cycleReadsTime = Uint8Array.from(cycleNodes.map((n) => ([...n.names].some((nm) => TIME_DEPENDENT.has(nm)) ? 1 : 0)));
  const cycleInputs = cycleNodes.map((n) => {
    const inputs: number[] = [];
    for (const nm of n.names) {
      const d = defNode.get(nm);
      if (d && cycleSlots.has(d.slot)) inputs.push(d.slot);
    }
    return Int32Array.from(inputs);
  });

  // Tunnel groups: for each time-in-state state, the instanced nodes and the chain that feeds them.
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
    if (constOuts.length) constTunnelGroups.push({ state, tunnels, chain: chainFor(constOuts.map((o) => o.node)), cached: [], outputs: constOuts, readsTime: false, inputs: new Int32Array(0) });
    if (tvOuts.length) {
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
  }

  const dynamic = new Uint8Array(model.workSize);
  for (const n of cycleNodes) dynamic[n.slot] = 1;
  for (const g of cycleTunnelGroups) for (const o of g.outputs) dynamic.fill(1, o.instanceBase, o.instanceBase + g.tunnels);
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

  const program: Program = {
    strategyIndex,
    cohortIndex,
    numericParams,
    constNodes,
    cycleNodes,
    sharedCycleNodes: shared.length,
    cycleReadsTime,
    cycleInputs,
    varyingPairs: Int32Array.from(varyingPairs),
    constantPairs: Int32Array.from(constantPairs),
    constTunnelGroups,
    cycleTunnelGroups,
    dynamic,
    dynEntries: Int32Array.from(dynEntries),
    dynRows: Int32Array.from([...dynRowSet].sort((a, b) => a - b)),
    staticRows: Int32Array.from(staticRows),
    startAge: cohort.startAge,
  };
  model.programs.set(key, program);
  return program;
}
