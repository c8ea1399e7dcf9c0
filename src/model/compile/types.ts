/**
 * What compilation produces: the compiled model (slots, sparse transition structure, values) and
 * the per strategy × cohort programs that say which formulas are evaluated once per run, once per
 * cycle, or once per tunnel. Types only, plus the fixed slots of the time variables.
 */
import type { Ast, Compiled } from "../formula/formula.js";
import {
  TIME_VARIABLES,
  type CountingMethod,
  type DiscountChoice,
  type Expr,
  type ModelSpec,
  type ParameterSpec,
  type ValueKind,
} from "../spec/spec.js";
import type { CycleWeights } from "./counting.js";

/** Slots of the time variables in the environment. */
export const SLOT = {
  cycle: 0,
  time: 1,
  age: 2,
  timeInState: 3,
  yearsInState: 4,
  cycleLength: 5,
  startAge: 6,
} as const;
export const N_TIME_SLOTS = TIME_VARIABLES.length;
export const TIME_DEPENDENT = new Set(["cycle", "time", "age"]);
export const TIS_DEPENDENT = new Set(["timeInState", "yearsInState"]);

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
  /** The rate that discounts it (costs, outcomes) or none. */
  discount: DiscountChoice;
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
  /** The formula as compiled into `fn` (look-ups and common parts hoisted), for the engine's vector evaluation (run/vector.ts); absent: evaluated by `fn` only. */
  ast?: Ast;
  text: string;
  /** Names the formula reads. */
  names: Set<string>;
  /** Where it is used, for error messages: JSON paths. */
  where: string[];
  /** For parameter nodes, the parameter id. */
  param?: string;
  /**
   * A common subexpression made a node of its own (sources.ts, hoistCommon): evaluated even where
   * the formula that uses it would not, so a value that is not finite is kept rather than reported
   * (the formula that uses it reports it).
   */
  lenient?: boolean;
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
  /** Transition values counted with the within-cycle weights (settings.correctTransitionValues) instead of at the end of the cycle. */
  correctTransitionValues: boolean;
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
  cohorts: Array<{
    id: string;
    label: string;
    weight: number;
    startAge: number;
    overrides: Record<string, Expr>;
    /** Slots the cohort fixes for the run: startAge and its attributes (a text attribute as the index of its text). */
    fixed: Array<[number, number]>;
  }>;
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
  /** Hidden nodes: look-ups and common parts hoisted out of formulas (sources.ts, hoistCommon), parameter-like nodes named "$1", "$2", .... */
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

export const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
