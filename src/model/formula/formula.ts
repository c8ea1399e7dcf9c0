/**
 * The formula language of model specifications: a small, safe expression language parsed by
 * a hand-written recursive-descent parser and compiled once into closures over a Float64Array of slots.
 * No `eval`, no `new Function`: an uploaded model cannot run code.
 *
 * Grammar (lowest to highest precedence):
 *   expr    := or ( "?" expr ":" expr )?
 *   or      := and ( "||" and )*
 *   and     := cmp ( "&&" cmp )*
 *   cmp     := add ( ("<" | "<=" | ">" | ">=" | "==" | "!=") add )?
 *   add     := mul ( ("+" | "-") mul )*
 *   mul     := unary ( ("*" | "/" | "%") unary )*      % is the floored modulo, as mod()
 *   unary   := ("-" | "+" | "!") unary | power
 *   power   := primary ( ("^" | "**") unary )?        right-associative; -2^2 = -(2^2) = -4
 *   primary := number | string | name | name "(" args ")" | "(" expr ")"
 * Comparisons and logic return 1 (true) or 0 (false); any non-zero number is true.
 */

import { exp, log, log10, pow } from "../math.js";

export interface Pos {
  start: number;
  end: number;
}

export type Ast =
  | ({ type: "num"; value: number } & Pos)
  | ({ type: "str"; value: string } & Pos)
  | ({ type: "name"; name: string } & Pos)
  | ({ type: "unary"; op: "-" | "+" | "!"; arg: Ast } & Pos)
  | ({ type: "binary"; op: BinaryOp; left: Ast; right: Ast } & Pos)
  | ({ type: "cond"; test: Ast; then: Ast; else: Ast } & Pos)
  | ({ type: "call"; fn: string; args: Ast[] } & Pos);

export type BinaryOp = "+" | "-" | "*" | "/" | "%" | "^" | "<" | "<=" | ">" | ">=" | "==" | "!=" | "&&" | "||";

/** A formula that cannot be parsed or compiled; `position` is a 0-based character offset. */
export class FormulaError extends Error {
  constructor(
    readonly reason: string,
    readonly formula: string,
    readonly position: number,
  ) {
    super(`${reason} at position ${position + 1} in formula "${formula}"`);
    this.name = "FormulaError";
  }
}

type Token =
  | { kind: "num"; value: number; start: number; end: number }
  | { kind: "str"; value: string; start: number; end: number }
  | { kind: "name"; value: string; start: number; end: number }
  | { kind: "op"; value: string; start: number; end: number }
  | { kind: "eof"; value: ""; start: number; end: number };

const OPERATORS = [
  "**",
  "<=",
  ">=",
  "==",
  "!=",
  "&&",
  "||",
  "+",
  "-",
  "*",
  "/",
  "%",
  "^",
  "<",
  ">",
  "!",
  "?",
  ":",
  "(",
  ")",
  ",",
];
// Sticky: matched at a position, without copying the rest of the text for every token.
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * Limits that keep parsing, compiling and evaluating a formula far from the stack limit of any
 * JavaScript engine (the parser, compiler and compiled closures recurse once per level):
 * a formula longer than MAX_FORMULA_LENGTH characters, with more than MAX_FORMULA_NESTING levels of
 * parentheses, function calls, signs or conditionals, or whose syntax tree is deeper than
 * MAX_FORMULA_DEPTH (a sum of n terms is n levels deep) is refused with a FormulaError.
 * Documented in docs/model-spec.md.
 */
export const MAX_FORMULA_LENGTH = 100_000;
export const MAX_FORMULA_NESTING = 200;
export const MAX_FORMULA_DEPTH = 1000;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    if (num) {
      const end = i + num[0].length;
      if (end < text.length && /[A-Za-z_]/.test(text[end])) {
        throw new FormulaError(`unexpected "${text[end]}" after number ${num[0]}`, text, end);
      }
      tokens.push({ kind: "num", value: Number(num[0]), start: i, end });
      i = end;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(text);
    if (name) {
      tokens.push({ kind: "name", value: name[0], start: i, end: i + name[0].length });
      i += name[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) throw new FormulaError("unterminated string", text, i);
      tokens.push({ kind: "str", value: text.slice(i + 1, close), start: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new FormulaError(`unexpected character "${c}"`, text, i);
    tokens.push({ kind: "op", value: op, start: i, end: i + op.length });
    i += op.length;
  }
  tokens.push({ kind: "eof", value: "", start: text.length, end: text.length });
  return tokens;
}

/** Parses a formula into an AST; throws FormulaError with the position of the first problem. */
export function parseFormula(text: string): Ast {
  if (typeof text !== "string" || text.trim() === "") throw new FormulaError("empty formula", String(text), 0);
  if (text.length > MAX_FORMULA_LENGTH)
    throw new FormulaError(
      `formula longer than ${MAX_FORMULA_LENGTH} characters (${text.length}); split it into parameters`,
      text.slice(0, 60) + "...",
      MAX_FORMULA_LENGTH,
    );
  const parser = new Parser(text, tokenize(text));
  const ast = parser.expr();
  const t = parser.peek();
  if (t.kind !== "eof") throw new FormulaError(`unexpected "${t.value}"`, text, t.start);
  return ast;
}

/** Binary operators by precedence, lowest first; comparisons (`once`) cannot be chained. */
const BINARY_LEVELS: ReadonlyArray<{ ops: readonly string[]; once?: boolean }> = [
  { ops: ["||"] },
  { ops: ["&&"] },
  { ops: ["<", "<=", ">", ">=", "==", "!="], once: true },
  { ops: ["+", "-"] },
  { ops: ["*", "/", "%"] },
];

/**
 * The recursive-descent parser of the grammar above: one method per rule, over the tokens of one
 * formula. It refuses trees deeper than MAX_FORMULA_DEPTH (heights, checked bottom-up as nodes are
 * made) and more than MAX_FORMULA_NESTING open parentheses, calls, signs or conditionals (checked
 * top-down as they open).
 */
class Parser {
  private k = 0;
  private nesting = 0;
  /** Height of each node: 1 for a leaf, 1 + the highest child otherwise. */
  private readonly heights = new WeakMap<Ast, number>();

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  peek(): Token {
    return this.tokens[this.k];
  }

  private isOp(v: string): boolean {
    const t = this.peek();
    return t.kind === "op" && t.value === v;
  }

  private expectOp(v: string): Token {
    const t = this.peek();
    if (!(t.kind === "op" && t.value === v)) {
      throw new FormulaError(
        t.kind === "eof" ? `expected "${v}" before the end` : `expected "${v}"`,
        this.text,
        t.start,
      );
    }
    this.k++;
    return t;
  }

  /** Records the height of a new node with these children; too deep a tree is refused. */
  private node<T extends Ast>(a: T, ...children: Ast[]): T {
    let m = 0;
    for (const c of children) m = Math.max(m, this.heights.get(c) ?? 1);
    if (m + 1 > MAX_FORMULA_DEPTH) {
      throw new FormulaError(
        `formula nested deeper than ${MAX_FORMULA_DEPTH} levels (a sum or product of more than ${MAX_FORMULA_DEPTH} terms counts as that deep); split it into parameters`,
        this.text,
        a.start,
      );
    }
    this.heights.set(a, m + 1);
    return a;
  }

  /** One more level of parentheses, calls, signs or conditionals open at the current token. */
  private enter(): void {
    if (++this.nesting > MAX_FORMULA_NESTING)
      throw new FormulaError(
        `more than ${MAX_FORMULA_NESTING} nested parentheses, function calls, signs or conditionals`,
        this.text,
        this.peek().start,
      );
  }

  /** expr := or ( "?" expr ":" expr )? */
  expr(): Ast {
    this.enter();
    const test = this.binary(0);
    if (this.isOp("?")) {
      this.k++;
      const then = this.expr();
      this.expectOp(":");
      const otherwise = this.expr();
      this.nesting--;
      return this.node(
        { type: "cond", test, then, else: otherwise, start: test.start, end: otherwise.end },
        test,
        then,
        otherwise,
      );
    }
    this.nesting--;
    return test;
  }

  /** or, and, cmp, add, mul: left-associative operators of BINARY_LEVELS[level], operands one level up. */
  private binary(level: number): Ast {
    if (level === BINARY_LEVELS.length) return this.unary();
    const { ops, once } = BINARY_LEVELS[level];
    const atOp = () => this.peek().kind === "op" && ops.includes(String(this.peek().value));
    let left = this.binary(level + 1);
    while (atOp()) {
      const opTok = this.tokens[this.k++];
      const right = this.binary(level + 1);
      left = this.node(
        { type: "binary", op: opTok.value as BinaryOp, left, right, start: left.start, end: right.end },
        left,
        right,
      );
      if (once && atOp()) {
        throw new FormulaError("comparisons cannot be chained; use && between them", this.text, this.peek().start);
      }
    }
    return left;
  }

  /** unary := ("-" | "+" | "!") unary | power */
  private unary(): Ast {
    const t = this.peek();
    if (t.kind === "op" && (t.value === "-" || t.value === "+" || t.value === "!")) {
      this.k++;
      this.enter();
      const arg = this.unary();
      this.nesting--;
      return this.node({ type: "unary", op: t.value as "-" | "+" | "!", arg, start: t.start, end: arg.end }, arg);
    }
    return this.power();
  }

  /** power := primary ( ("^" | "**") unary )? */
  private power(): Ast {
    const base = this.primary();
    if (this.isOp("^") || this.isOp("**")) {
      this.k++;
      this.enter();
      const exponent = this.unary();
      this.nesting--;
      return this.node(
        { type: "binary", op: "^", left: base, right: exponent, start: base.start, end: exponent.end },
        base,
        exponent,
      );
    }
    return base;
  }

  /** primary := number | string | name | name "(" args ")" | "(" expr ")" */
  private primary(): Ast {
    const t = this.peek();
    if (t.kind === "num") {
      this.k++;
      return { type: "num", value: t.value, start: t.start, end: t.end };
    }
    if (t.kind === "str") {
      this.k++;
      return { type: "str", value: t.value, start: t.start, end: t.end };
    }
    if (t.kind === "name") {
      this.k++;
      if (this.isOp("(")) return this.call(t);
      return { type: "name", name: t.value, start: t.start, end: t.end };
    }
    if (t.kind === "op" && t.value === "(") {
      this.k++;
      const inner = this.expr();
      this.expectOp(")");
      return inner;
    }
    if (t.kind === "eof") throw new FormulaError("formula ends too early", this.text, t.start);
    throw new FormulaError(`unexpected "${t.value}"`, this.text, t.start);
  }

  /** name "(" (expr ("," expr)*)? ")", with the name already read and "(" next. */
  private call(name: Token & { kind: "name" }): Ast {
    this.k++;
    const args: Ast[] = [];
    if (!this.isOp(")")) {
      args.push(this.expr());
      while (this.isOp(",")) {
        this.k++;
        args.push(this.expr());
      }
    }
    const close = this.expectOp(")");
    return this.node({ type: "call", fn: name.value, args, start: name.start, end: close.end }, ...args);
  }
}

/** A lookup table: rows sorted by an ascending numeric key; `lookup()` picks the last row with key <= x. */
export interface LookupTable {
  name: string;
  keyColumn: string;
  keys: Float64Array;
  columns: Map<string, Float64Array>;
  /** When keys are consecutive integers (0, 1, 2, ...) the row is found by arithmetic, not search. */
  integerStep: boolean;
}

/** Row index for key x: the last row whose key is <= x; past the last key the last row applies. */
export function lookupRow(table: LookupTable, x: number): number {
  const keys = table.keys;
  const n = keys.length;
  if (!(x >= keys[0])) {
    throw new RangeError(
      Number.isNaN(x)
        ? `lookup key is NaN in table "${table.name}"`
        : `${table.keyColumn} ${x} is below the first ${table.keyColumn} (${keys[0]}) of table "${table.name}"`,
    );
  }
  if (table.integerStep) {
    const i = Math.floor(x - keys[0]);
    return i < n ? i : n - 1;
  }
  let lo = 0;
  let hi = n - 1;
  if (x >= keys[hi]) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (keys[mid] <= x) lo = mid;
    else hi = mid;
  }
  return lo;
}

export type Compiled = (env: Float64Array) => number;

export interface CompileScope {
  /** The slot of a name in the environment, or undefined if the name is unknown here. */
  slot(name: string): number | undefined;
  /** A lookup table by name. */
  table(name: string): LookupTable | undefined;
  /** Names that exist but may not be used here, with the reason (e.g. timeInState outside a tunnel state). */
  forbidden?(name: string): string | undefined;
  /** The texts a text attribute of the cohorts takes (a look-up may name its column by it); undefined for other names. */
  textAttribute?(name: string): readonly string[] | undefined;
}

interface FnSpec {
  min: number;
  max: number;
  fn?: (...a: number[]) => number;
}

/**
 * Built-in functions. Conversions follow the usual constant-rate assumption (Briggs et al. 2006, ch. 3).
 * exp, log and pow are the engine's deterministic versions (math.ts), so results do not depend on
 * the JavaScript engine.
 */
const FUNCTIONS: Readonly<Record<string, FnSpec>> = {
  exp: { min: 1, max: 1, fn: exp },
  log: { min: 1, max: 2, fn: (x, b) => (b === undefined ? log(x) : log(x) / log(b)) },
  log10: { min: 1, max: 1, fn: log10 },
  sqrt: { min: 1, max: 1, fn: Math.sqrt },
  abs: { min: 1, max: 1, fn: Math.abs },
  floor: { min: 1, max: 1, fn: Math.floor },
  ceil: { min: 1, max: 1, fn: Math.ceil },
  round: { min: 1, max: 1, fn: Math.round },
  pow: { min: 2, max: 2, fn: pow },
  min: { min: 1, max: Infinity, fn: Math.min },
  max: { min: 1, max: Infinity, fn: Math.max },
  /** rateToProb(r, t = 1) = 1 - exp(-r t): probability of an event within t under constant rate r. */
  rateToProb: { min: 1, max: 2, fn: (r, t) => 1 - exp(-r * (t === undefined ? 1 : t)) },
  /** probToRate(p, t = 1) = -ln(1 - p) / t. */
  probToRate: { min: 1, max: 2, fn: (p, t) => -log(1 - p) / (t === undefined ? 1 : t) },
  /** rescaleProb(p, from, to) = 1 - (1 - p)^(to / from): a probability over `from` time re-expressed over `to`. */
  rescaleProb: { min: 3, max: 3, fn: (p, from, to) => 1 - pow(1 - p, to / from) },
  /** mod(a, b) = a - b * floor(a / b): the floored modulo (sign of b), as R's %% and spreadsheets' MOD; mod(a, 0) is NaN. */
  mod: { min: 2, max: 2, fn: mod },
  /** if(test, a, b): a when test is non-zero, otherwise b; only the chosen branch is evaluated. */
  if: { min: 3, max: 3 },
  /** lookup("table", "column", key): value of `column` in the last row whose key is <= key. */
  lookup: { min: 3, max: 3 },
};

export const FUNCTION_NAMES: ReadonlySet<string> = new Set(Object.keys(FUNCTIONS));
/** A built-in function by name: own properties only, so "constructor" or "toString" is not a function. */
const functionNamed = (name: string): FnSpec | undefined =>
  Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;

/** The implementation of a built-in numeric function (not `if` or `lookup`), for the engine's vector evaluation. */
export function builtinFunction(name: string): ((...a: number[]) => number) | undefined {
  return functionNamed(name)?.fn;
}

/** Every identifier a formula reads (function names excluded). */
export function namesIn(ast: Ast, out: Set<string> = new Set()): Set<string> {
  switch (ast.type) {
    case "name":
      out.add(ast.name);
      break;
    case "unary":
      namesIn(ast.arg, out);
      break;
    case "binary":
      namesIn(ast.left, out);
      namesIn(ast.right, out);
      break;
    case "cond":
      namesIn(ast.test, out);
      namesIn(ast.then, out);
      namesIn(ast.else, out);
      break;
    case "call":
      // lookup's first two arguments are a table and a column name, not identifiers
      for (const a of ast.args) namesIn(a, out);
      break;
  }
  return out;
}

/**
 * Compiles one formula's AST into closures (compileFormula). Each node type has its own step; the
 * closures it returns read only the environment, never the compiler.
 */
class FormulaCompiler {
  constructor(
    private readonly text: string,
    private readonly scope: CompileScope,
  ) {}

  /** Throws a FormulaError at the node's position. */
  fail(reason: string, at: Pos): never {
    throw new FormulaError(reason, this.text, at.start);
  }

  private numeric(node: Ast): Compiled {
    const c = this.build(node);
    if (c === null)
      return this.fail(`a text value "${(node as { value: string }).value}" cannot be used as a number`, node);
    return c;
  }

  /** Returns null for string literals, which only `lookup` may take. */
  build(node: Ast): Compiled | null {
    switch (node.type) {
      case "num": {
        const v = node.value;
        return () => v;
      }
      case "str":
        return null;
      case "name": {
        const why = this.scope.forbidden?.(node.name);
        if (why) this.fail(why, node);
        const slot = this.scope.slot(node.name);
        if (slot === undefined) {
          if (functionNamed(node.name)) this.fail(`"${node.name}" is a function: call it as ${node.name}(...)`, node);
          if (node.name === "C") this.fail(`the complement C must be the whole entry, not part of a formula`, node);
          this.fail(`unknown name "${node.name}"`, node);
        }
        return (env) => env[slot as number];
      }
      case "unary": {
        const i = node.op === "-" ? this.slotOf(node.arg) : undefined;
        if (i !== undefined) return (env) => -env[i];
        const a = this.numeric(node.arg);
        if (node.op === "-") return (env) => -a(env);
        if (node.op === "+") return a;
        return (env) => (a(env) === 0 ? 1 : 0);
      }
      case "binary":
        return this.fused(node) ?? binary(node.op, this.numeric(node.left), this.numeric(node.right));
      case "cond": {
        const t = this.numeric(node.test);
        const a = this.numeric(node.then);
        const b = this.numeric(node.else);
        return (env) => (t(env) !== 0 ? a(env) : b(env));
      }
      case "call":
        return this.call(node);
    }
  }

  /** The slot a plain name reads (after the same checks as `build`), or undefined. */
  private slotOf(node: Ast): number | undefined {
    if (node.type !== "name") return undefined;
    this.numeric(node); // reports forbidden and unknown names
    return this.scope.slot(node.name);
  }

  /**
   * Arithmetic whose operands are names or numbers as one closure instead of three: the same
   * operations on the same values (so the same doubles), with fewer calls. Null when not applicable.
   */
  private fused(node: Extract<Ast, { type: "binary" }>): Compiled | null {
    const op = node.op;
    if (op === "<" || op === "<=" || op === ">" || op === ">=") return this.fusedCompare(node, op);
    if (op !== "+" && op !== "-" && op !== "*" && op !== "/") return null;
    const i = this.slotOf(node.left);
    const a = node.left.type === "num" ? node.left.value : undefined;
    // Any other left operand is compiled before the right one is read, so that an error is the first
    // in reading order (`exp(bar) + foo` names "bar", not "foo").
    const f = i === undefined && a === undefined ? this.numeric(node.left) : undefined;
    const j = this.slotOf(node.right);
    const b = node.right.type === "num" ? node.right.value : undefined;
    if (i !== undefined && j !== undefined) {
      if (op === "+") return (e) => e[i] + e[j];
      if (op === "-") return (e) => e[i] - e[j];
      if (op === "*") return (e) => e[i] * e[j];
      return (e) => e[i] / e[j];
    }
    if (i !== undefined && b !== undefined) {
      if (op === "+") return (e) => e[i] + b;
      if (op === "-") return (e) => e[i] - b;
      if (op === "*") return (e) => e[i] * b;
      return (e) => e[i] / b;
    }
    if (a !== undefined && j !== undefined) {
      if (op === "+") return (e) => a + e[j];
      if (op === "-") return (e) => a - e[j];
      if (op === "*") return (e) => a * e[j];
      return (e) => a / e[j];
    }
    if (f && j !== undefined) {
      if (op === "+") return (e) => f(e) + e[j];
      if (op === "-") return (e) => f(e) - e[j];
      if (op === "*") return (e) => f(e) * e[j];
      return (e) => f(e) / e[j];
    }
    if (i !== undefined) {
      const g = this.numeric(node.right);
      if (op === "+") return (e) => e[i] + g(e);
      if (op === "-") return (e) => e[i] - g(e);
      if (op === "*") return (e) => e[i] * g(e);
      return (e) => e[i] / g(e);
    }
    if (f && b !== undefined) {
      if (op === "+") return (e) => f(e) + b;
      if (op === "-") return (e) => f(e) - b;
      if (op === "*") return (e) => f(e) * b;
      return (e) => f(e) / b;
    }
    if (a !== undefined) {
      const g = this.numeric(node.right);
      if (op === "+") return (e) => a + g(e);
      if (op === "-") return (e) => a - g(e);
      if (op === "*") return (e) => a * g(e);
      return (e) => a / g(e);
    }
    // Both operands computed: as `binary` (the left one is compiled already).
    return f ? binary(op, f, this.numeric(node.right)) : null;
  }

  /** A comparison of a name with a number or a name, as one closure (1 or 0, as `binary` gives). */
  private fusedCompare(node: Extract<Ast, { type: "binary" }>, op: "<" | "<=" | ">" | ">="): Compiled | null {
    const i = this.slotOf(node.left);
    if (i === undefined) return null;
    const j = this.slotOf(node.right);
    const b = node.right.type === "num" ? node.right.value : undefined;
    if (j !== undefined) {
      if (op === "<") return (e) => (e[i] < e[j] ? 1 : 0);
      if (op === "<=") return (e) => (e[i] <= e[j] ? 1 : 0);
      if (op === ">") return (e) => (e[i] > e[j] ? 1 : 0);
      return (e) => (e[i] >= e[j] ? 1 : 0);
    }
    if (b !== undefined) {
      if (op === "<") return (e) => (e[i] < b ? 1 : 0);
      if (op === "<=") return (e) => (e[i] <= b ? 1 : 0);
      if (op === ">") return (e) => (e[i] > b ? 1 : 0);
      return (e) => (e[i] >= b ? 1 : 0);
    }
    return null;
  }

  private call(node: Extract<Ast, { type: "call" }>): Compiled {
    const spec = functionNamed(node.fn);
    if (!spec) {
      if (this.scope.slot(node.fn) !== undefined) this.fail(`"${node.fn}" is not a function`, node);
      return this.fail(`unknown function "${node.fn}"`, node);
    }
    const n = node.args.length;
    if (n < spec.min || n > spec.max) {
      const want =
        spec.min === spec.max
          ? `${spec.min}`
          : spec.max === Infinity
            ? `at least ${spec.min}`
            : `${spec.min} to ${spec.max}`;
      this.fail(`${node.fn}() takes ${want} argument${spec.max === 1 ? "" : "s"}, not ${n}`, node);
    }
    if (node.fn === "lookup") return this.lookup(node);
    if (node.fn === "if") {
      const [t, a, b] = node.args.map((a) => this.numeric(a));
      return (env) => (t(env) !== 0 ? a(env) : b(env));
    }
    const args = node.args.map((a) => this.numeric(a));
    const f = spec.fn as (...a: number[]) => number;
    if (args.length === 1) {
      const i = this.slotOf(node.args[0]);
      if (i !== undefined) return (env) => f(env[i]);
      const a0 = args[0];
      return (env) => f(a0(env));
    }
    if (args.length === 2) {
      const [a0, a1] = args;
      return (env) => f(a0(env), a1(env));
    }
    if (args.length === 3) {
      const [a0, a1, a2] = args;
      return (env) => f(a0(env), a1(env), a2(env));
    }
    return (env) => f(...args.map((a) => a(env)));
  }

  private lookup(node: Extract<Ast, { type: "call" }>): Compiled {
    const [tArg, cArg, kArg] = node.args;
    if (tArg.type !== "str") this.fail(`lookup() needs the table name in quotes as its first argument`, tArg);
    const table = this.scope.table((tArg as { value: string }).value);
    if (!table) this.fail(`unknown table "${(tArg as { value: string }).value}"`, tArg);
    const t = table as LookupTable;
    if (cArg.type === "name" && this.scope.textAttribute?.(cArg.name)) return this.lookupByAttribute(t, cArg, kArg);
    if (cArg.type !== "str")
      this.fail(
        `lookup() needs a column name in quotes, or a text attribute of the cohorts, as its second argument`,
        cArg,
      );
    const values = this.column(t, (cArg as { value: string }).value, cArg);
    const key = this.numeric(kArg);
    if (t.integerStep) {
      // Fast path for tables keyed by consecutive integers (life tables by single year of age).
      const k0 = t.keys[0];
      const last = t.keys.length - 1;
      return (env) => {
        const x = key(env);
        if (!(x >= k0)) return values[lookupRow(t, x)];
        const i = Math.floor(x - k0);
        return values[i < last ? i : last];
      };
    }
    return (env) => values[lookupRow(t, key(env))];
  }

  private column(t: LookupTable, name: string, at: Pos): Float64Array {
    const col = t.columns.get(name);
    if (!col) this.fail(`table "${t.name}" has no column "${name}" (columns: ${[...t.columns.keys()].join(", ")})`, at);
    return col as Float64Array;
  }

  /** A look-up whose column is the cohort's text attribute: the attribute's slot holds the index of its text. */
  private lookupByAttribute(t: LookupTable, cArg: Extract<Ast, { type: "name" }>, kArg: Ast): Compiled {
    const texts = this.scope.textAttribute!(cArg.name)!;
    const cols = texts.map((name) => this.column(t, name, cArg));
    const slot = this.scope.slot(cArg.name)!;
    const key = this.numeric(kArg);
    return (env) => cols[env[slot]][lookupRow(t, key(env))];
  }
}

/** Compiles an AST into a closure; unknown names, wrong arity and misuse of strings are errors here. */
export function compileFormula(text: string, ast: Ast, scope: CompileScope): Compiled {
  const c = new FormulaCompiler(text, scope);
  const root = c.build(ast);
  if (root === null) return c.fail(`a formula must be a number, not text`, ast);
  return foldConstants(ast, root);
}

function binary(op: BinaryOp, a: Compiled, b: Compiled): Compiled {
  switch (op) {
    case "+":
      return (e) => a(e) + b(e);
    case "-":
      return (e) => a(e) - b(e);
    case "*":
      return (e) => a(e) * b(e);
    case "/":
      return (e) => a(e) / b(e);
    case "%":
      return (e) => mod(a(e), b(e));
    case "^":
      return (e) => pow(a(e), b(e));
    case "<":
      return (e) => (a(e) < b(e) ? 1 : 0);
    case "<=":
      return (e) => (a(e) <= b(e) ? 1 : 0);
    case ">":
      return (e) => (a(e) > b(e) ? 1 : 0);
    case ">=":
      return (e) => (a(e) >= b(e) ? 1 : 0);
    case "==":
      return (e) => (a(e) === b(e) ? 1 : 0);
    case "!=":
      return (e) => (a(e) !== b(e) ? 1 : 0);
    case "&&":
      return (e) => (a(e) !== 0 && b(e) !== 0 ? 1 : 0);
    case "||":
      return (e) => (a(e) !== 0 || b(e) !== 0 ? 1 : 0);
  }
}

/**
 * The floored modulo a - b * floor(a / b) (result has the sign of b): `cycle % 2` is 0 or 1, and
 * `-1 % 12` is 11 as in R's %% and spreadsheets' MOD (JavaScript's % would give -1). mod(a, 0) is NaN.
 */
export function mod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** A formula with no names is evaluated at compile time. */
function foldConstants(ast: Ast, compiled: Compiled): Compiled {
  if (namesIn(ast).size > 0) return compiled;
  const v = compiled(new Float64Array(0));
  return () => v;
}

/**
 * A canonical text of an AST (whitespace and redundant parentheses removed), used to share identical
 * formulas. With `memo`, the text of every sub-AST is kept there and reused (the texts of all the parts
 * of a formula in one pass instead of one pass per part).
 */
export function canonical(ast: Ast, memo?: Map<Ast, string>): string {
  const known = memo?.get(ast);
  if (known !== undefined) return known;
  const c = (a: Ast) => canonical(a, memo);
  let text: string;
  switch (ast.type) {
    case "num":
      text = String(ast.value);
      break;
    case "str":
      text = JSON.stringify(ast.value);
      break;
    case "name":
      text = ast.name;
      break;
    case "unary":
      text = `(${ast.op}${c(ast.arg)})`;
      break;
    case "binary":
      text = `(${c(ast.left)}${ast.op}${c(ast.right)})`;
      break;
    case "cond":
      text = `(${c(ast.test)}?${c(ast.then)}:${c(ast.else)})`;
      break;
    case "call":
      text = `${ast.fn}(${ast.args.map(c).join(",")})`;
      break;
  }
  memo?.set(ast, text);
  return text;
}
