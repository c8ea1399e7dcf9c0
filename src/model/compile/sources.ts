/**
 * Compile step 2, sources: every number and formula of the model gets a slot in the environment
 * (time variables first, then parameters, then literals and distinct formulas). Formulas are parsed
 * and compiled once here into closures; equal formulas share one node (one evaluation per cycle);
 * look-ups and common subexpressions become hidden nodes of their own ("$n", hoistCommon). Formula
 * errors are collected as problems with the place and position.
 */
import type { Problems } from "../errors.js";
import {
  canonical,
  compileFormula,
  FormulaError,
  namesIn,
  parseFormula,
  type Ast,
  type CompileScope,
  type LookupTable,
} from "../formula/formula.js";
import { TIME_VARIABLES, type Expr, type ModelSpec, type ParameterSpec } from "../spec/spec.js";
import { isNum, N_TIME_SLOTS, SLOT, type Node, type ParameterInfo } from "./types.js";

/** Where an expression's value is found: its slot, and the formula node that computes it (null for a literal or a bare parameter). */
export interface Source {
  src: number;
  node: Node | null;
}

/** An attribute that cohorts give (`cohorts[i].attributes`): its slot, and for a text attribute its texts (the slot holds the index). */
export interface AttributeInfo {
  slot: number;
  texts: string[] | null;
}

export class Sources {
  /** Slots allocated so far. */
  nSlots = N_TIME_SLOTS;
  readonly parameters: ParameterInfo[] = [];
  readonly paramIndex = new Map<string, ParameterInfo>();
  readonly attributes = new Map<string, AttributeInfo>();
  /** Initial values of the environment: (slot, value) for literals and numeric parameters. */
  readonly templateValues: Array<[number, number]>;
  /** Distinct formulas (not parameter definitions), in order of first use. */
  readonly nodes: Node[] = [];
  /** Parameter definitions by place (JSON path), and hidden nodes (look-ups, common parts) by their id "$n". */
  readonly paramNodes = new Map<string, Node>();
  /** Slots of the hidden nodes, by id. */
  readonly derivedSlots = new Map<string, number>();
  private readonly derivedByText = new Map<string, string>();
  private readonly exprByText = new Map<string, Source>();
  private readonly literalSlots = new Map<number, number>();
  readonly scope: CompileScope;

  constructor(
    spec: ModelSpec,
    cycleYears: number,
    tables: Map<string, LookupTable>,
    private readonly problems: Problems,
  ) {
    for (const [id, p] of Object.entries(spec.parameters ?? {})) {
      const def: ParameterSpec = typeof p === "object" ? p : { value: p };
      const { value, ...meta } = def;
      const info: ParameterInfo = { id, value, meta, slot: this.nSlots++ };
      this.parameters.push(info);
      this.paramIndex.set(id, info);
    }
    this.templateValues = [[SLOT.cycleLength, cycleYears]];
    for (const p of this.parameters) if (isNum(p.value)) this.templateValues.push([p.slot, p.value]);
    for (const c of spec.cohorts ?? []) {
      for (const [name, v] of Object.entries(c.attributes ?? {})) {
        let a = this.attributes.get(name);
        if (!a) this.attributes.set(name, (a = { slot: this.nSlots++, texts: typeof v === "string" ? [] : null }));
        if (typeof v === "string" && a.texts && !a.texts.includes(v)) a.texts.push(v);
      }
    }
    this.scope = {
      slot: (name) => {
        const t = (TIME_VARIABLES as readonly string[]).indexOf(name);
        if (t >= 0) return t;
        return this.paramIndex.get(name)?.slot ?? this.derivedSlots.get(name) ?? this.attributes.get(name)?.slot;
      },
      table: (name) => tables.get(name),
      forbidden: (name) =>
        this.attributes.get(name)?.texts
          ? `the cohort attribute "${name}" is a text: it can only name the column of a look-up, as in lookup("table", ${name}, age)`
          : undefined,
      textAttribute: (name) => this.attributes.get(name)?.texts ?? undefined,
    };
  }

  /** The slots a cohort fixes for the run: its start age, and its attributes (a text as the index of the text). */
  fixedSlots(cohort: { startAge: number; attributes?: Record<string, number | string> }): Array<[number, number]> {
    const fixed: Array<[number, number]> = [[SLOT.startAge, cohort.startAge]];
    for (const [name, v] of Object.entries(cohort.attributes ?? {})) {
      const a = this.attributes.get(name)!;
      fixed.push([a.slot, typeof v === "string" ? a.texts!.indexOf(v) : v]);
    }
    return fixed;
  }

  /**
   * Parts of a formula become nodes of their own, hidden nodes named "$1", "$2", ... (`derived`), so
   * that each is computed once where it changes instead of once per use. A part is shared on two
   * rules, in one pass over the formula:
   *
   * - a look-up with a computed key (e.g. a life table by age), always, even the whole formula: its
   *   value changes only when the looked-up row changes, so the formulas that use it are re-evaluated
   *   only then. Its key is looked up even in a branch the formula does not take, and a key below
   *   its table is an error there too (docs/model-spec.md). Within a key only look-ups are shared.
   * - a common subexpression: a part that occurs twice or more in the formula, a part already made a
   *   node by another formula, and every call of a costly built-in (COSTLY) — e.g. in competing risks
   *   p_i = (H_i / H) (1 - exp(-H)), H and exp(-H) once for all the exits of a state instead of three
   *   times H and once exp(-H) per exit. Such a part may sit in a branch the formula does not take
   *   (`x > 0 ? log(x) : 0`): its node is evaluated anyway, so it is `lenient` (a value that is not
   *   finite is kept, never reported; such parts read only numbers and built-ins that do not throw).
   *   A formula that uses a value that is not finite gives one itself, and that is reported with the
   *   formula's own text and place.
   *
   * Each node computes exactly the operations of the part it replaces, so every value is the same
   * double as before. Returns the formula with each shared part replaced by the name of its node.
   */
  private hoistCommon(ast: Ast, text: string, where: string): Ast {
    // The texts of the parts, and whether each reads a name, in one pass each (a sum of n terms is n
    // deep: one pass per part would be quadratic, seconds for a formula of a few thousand terms).
    const keys = new Map<Ast, string>();
    const reads = new Map<Ast, boolean>();
    const compound = (a: Ast) => isOperation(a) && readsName(a, reads);
    const counts = new Map<string, number>();
    const count = (a: Ast): void => {
      if (!compound(a)) return;
      const key = canonical(a, keys);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      childrenOf(a).forEach(count);
    };
    count(ast);
    // Within a look-up's key only look-ups are shared.
    const inKey = (a: Ast): Ast => (isKeyedLookup(a) ? walk(a, false) : withChildren(a, inKey));
    const walk = (a: Ast, top: boolean): Ast => {
      if (a.type === "call" && isKeyedLookup(a))
        return this.derived(canonical(a, keys), { ...a, args: a.args.map(inKey) }, a, text, where, false);
      if (!compound(a)) return a;
      const key = canonical(a, keys);
      const inner = withChildren(a, (c) => walk(c, false));
      const common =
        !top && (this.derivedByText.has(key) || counts.get(key)! >= 2 || (a.type === "call" && COSTLY.has(a.fn)));
      return common ? this.derived(key, inner, a, text, where, true) : inner;
    };
    return walk(ast, true);
  }

  /**
   * The hidden node that computes `part` (the part `at` of the formula `text`, its canonical text
   * `key`), made on first use; returns a reference to it. Throws the FormulaError of compiling the
   * part, with positions in `text`.
   */
  private derived(key: string, part: Ast, at: Ast, text: string, where: string, lenient: boolean): Ast {
    let id = this.derivedByText.get(key);
    if (!id) {
      const fn = compileFormula(text, part, this.scope);
      id = `$${this.derivedByText.size + 1}`;
      this.derivedByText.set(key, id);
      const slot = this.nSlots++;
      this.derivedSlots.set(id, slot);
      const node: Node = {
        slot,
        fn,
        ast: part,
        text: text.slice(at.start, at.end),
        names: namesIn(part),
        where: [where],
        param: id,
      };
      if (lenient) node.lenient = true;
      this.paramNodes.set(id, node);
    }
    return { type: "name", name: id, start: at.start, end: at.end };
  }

  /**
   * A formula's AST with its look-ups and common subexpressions made nodes of their own. A formula
   * error is the one the formula as written gives (its first problem in reading order), not that of
   * a part compiled first: `foo + exp(bar)` names "foo", as before parts were nodes.
   */
  private withCommonParts(ast: Ast, e: string, where: string): Ast {
    try {
      return this.hoistCommon(ast, e, where);
    } catch (err) {
      if (err instanceof FormulaError) compileFormula(e, ast, this.scope); // throws the formula's own first error
      throw err;
    }
  }

  /**
   * The names a formula reads as written: each node the compiler made of a look-up or a common part
   * ("$n") replaced by the names it reads (for checks on what a formula depends on, e.g. the time
   * variables in an initial count).
   */
  namesAsWritten(names: ReadonlySet<string>, out: Set<string> = new Set()): Set<string> {
    for (const nm of names) {
      const slot = this.derivedSlots.get(nm);
      const d = slot === undefined ? undefined : this.paramNodes.get(nm);
      if (d) this.namesAsWritten(d.names, out);
      else out.add(nm);
    }
    return out;
  }

  /** Runs `f`; a formula error becomes a problem at `where` (null), any other error propagates. */
  private formula<T>(e: string, where: string, f: () => T): T | null {
    try {
      return f();
    } catch (err) {
      if (err instanceof FormulaError) {
        this.problems.add(where, `formula error: ${err.reason} at position ${err.position + 1}`, e);
        return null;
      }
      throw err;
    }
  }

  /** The source of a number or formula used at `where`: a literal's slot, a parameter's slot, or a formula node's slot; null after a formula error. */
  source(e: Expr, where: string): Source | null {
    if (isNum(e)) {
      let slot = this.literalSlots.get(e);
      if (slot === undefined) {
        slot = this.nSlots++;
        this.literalSlots.set(e, slot);
        this.templateValues.push([slot, e]);
      }
      return { src: slot, node: null };
    }
    const parsed = this.formula(e, where, () => parseFormula(e));
    if (!parsed) return null;
    if (parsed.type === "num") return this.source(parsed.value, where);
    if (parsed.type === "name" && this.paramIndex.has(parsed.name))
      return { src: this.paramIndex.get(parsed.name)!.slot, node: null };
    // Equal formulas share one node, keyed before parts are hoisted: which parts become nodes depends
    // on the formulas compiled so far, so the same text could otherwise give two nodes.
    const key = canonical(parsed);
    const known = this.exprByText.get(key);
    if (known) {
      known.node?.where.push(where);
      return known;
    }
    const ast = this.formula(e, where, () => this.withCommonParts(parsed, e, where));
    if (!ast) return null;
    const fn = this.formula(e, where, () => compileFormula(e, ast, this.scope));
    if (!fn) return null;
    const node: Node = { slot: this.nSlots++, fn, ast, text: e, names: namesIn(ast), where: [where] };
    this.nodes.push(node);
    const rec = { src: node.slot, node };
    this.exprByText.set(key, rec);
    return rec;
  }

  /** A parameter's formula defined at `where` (base value, or a strategy's or cohort's override), compiled once per definition. */
  paramNode(id: string, e: string, where: string): Node | null {
    const cached = this.paramNodes.get(where);
    if (cached) return cached;
    const c = this.formula(e, where, () => {
      const ast = this.withCommonParts(parseFormula(e), e, where);
      return { ast, fn: compileFormula(e, ast, this.scope) };
    });
    if (!c) return null;
    const { ast, fn } = c;
    const node: Node = {
      slot: this.paramIndex.get(id)!.slot,
      fn,
      ast,
      text: e,
      names: namesIn(ast),
      where: [where],
      param: id,
    };
    this.paramNodes.set(where, node);
    return node;
  }
}

/** Built-ins whose every call is a node of its own (hoistCommon): each costs far more than reading a slot. */
const COSTLY = new Set(["exp", "log", "log10", "pow", "rateToProb", "probToRate", "rescaleProb"]);

/** A look-up with a computed key (not a number as written): a node of its own (hoistCommon). */
function isKeyedLookup(a: Ast): boolean {
  return a.type === "call" && a.fn === "lookup" && a.args.length === 3 && a.args[2].type !== "num";
}

/**
 * A part that may be a common subexpression: an operation other than a look-up (a look-up is a node
 * on its own rule); it must also read a name (readsName: constant parts are folded).
 */
function isOperation(a: Ast): boolean {
  if (a.type !== "unary" && a.type !== "binary" && a.type !== "cond" && a.type !== "call") return false;
  return !(a.type === "call" && a.fn === "lookup");
}

/** Whether a part reads a name or a node (a look-up with a computed key), kept in `memo` for every sub-part. */
function readsName(a: Ast, memo: Map<Ast, boolean>): boolean {
  const known = memo.get(a);
  if (known !== undefined) return known;
  const r = a.type === "name" || isKeyedLookup(a) || childrenOf(a).some((c) => readsName(c, memo));
  memo.set(a, r);
  return r;
}

function childrenOf(a: Ast): Ast[] {
  switch (a.type) {
    case "unary":
      return [a.arg];
    case "binary":
      return [a.left, a.right];
    case "cond":
      return [a.test, a.then, a.else];
    case "call":
      return a.args;
    default:
      return [];
  }
}

function withChildren(a: Ast, f: (c: Ast) => Ast): Ast {
  switch (a.type) {
    case "unary":
      return { ...a, arg: f(a.arg) };
    case "binary":
      return { ...a, left: f(a.left), right: f(a.right) };
    case "cond":
      return { ...a, test: f(a.test), then: f(a.then), else: f(a.else) };
    case "call":
      return { ...a, args: a.fn === "lookup" ? a.args : a.args.map(f) };
    default:
      return a;
  }
}
