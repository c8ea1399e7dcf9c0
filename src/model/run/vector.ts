/**
 * Formulas evaluated for all tunnels of a time-in-state state at once: each formula of a tunnel
 * group becomes one closure per operation that loops over the tunnels (a typed-array loop), instead
 * of one closure call per tunnel and node. A name that differs between tunnels (timeInState,
 * yearsInState, a formula of them) is a vector; any other name is read once from the lane's
 * environment. Each element is computed with the same IEEE operations, in the same order, and the
 * same functions (formula.ts's built-ins) as the formula's scalar closure, so both give the same
 * doubles (tests/model/batch.test.ts compares them). Both branches of a condition are computed and
 * one is selected per tunnel: values only, no side effects, so this changes no result.
 *
 * Hand-written rather than generated source (`new Function`): formulas are never turned into code
 * text (the formula parser's rule), and pages may run under a content security policy.
 */
import {
  builtinFunction,
  lookupRow,
  mod,
  type Ast,
  type BinaryOp,
  type CompileScope,
  type LookupTable,
} from "../formula/formula.js";
import { pow } from "../math.js";

/** Per-tunnel values of a formula, written into a buffer the closure owns (valid until its next call). */
export type VecFn = (w: Float64Array, V: Float64Array[]) => Float64Array;
type ScalFn = (w: Float64Array) => number;
type Part = { s: ScalFn; v?: undefined } | { v: VecFn; s?: undefined };

/**
 * Compiles a formula over `n` tunnels; `vecOf(slot)` is the index in V of a slot that is a vector
 * (undefined: a scalar read from the environment). Null when the formula uses something this
 * compiler does not handle (the caller then evaluates tunnel by tunnel).
 */
export function compileVector(
  ast: Ast,
  scope: CompileScope,
  vecOf: (slot: number) => number | undefined,
  n: number,
): VecFn | null {
  try {
    return toVec(build(ast, scope, vecOf, n), n);
  } catch (err) {
    if (err === UNSUPPORTED) return null;
    throw err;
  }
}

const UNSUPPORTED = Symbol("unsupported");

function toVec(p: Part, n: number): VecFn {
  if (p.v) return p.v;
  const s = p.s!;
  const out = new Float64Array(n);
  return (w) => out.fill(s(w));
}

function build(node: Ast, scope: CompileScope, vecOf: (slot: number) => number | undefined, n: number): Part {
  const rec = (a: Ast) => build(a, scope, vecOf, n);
  switch (node.type) {
    case "num": {
      const c = node.value;
      return { s: () => c };
    }
    case "name": {
      const slot = scope.slot(node.name);
      if (slot === undefined) throw UNSUPPORTED;
      const i = vecOf(slot);
      if (i === undefined) return { s: (w) => w[slot] };
      return { v: (_w, V) => V[i] };
    }
    case "unary": {
      const a = rec(node.arg);
      if (node.op === "+") return a;
      const neg = node.op === "-";
      if (a.s) {
        const f = a.s;
        return { s: neg ? (w) => -f(w) : (w) => (f(w) === 0 ? 1 : 0) };
      }
      const f = a.v;
      const out = new Float64Array(n);
      if (neg) {
        return {
          v: (w, V) => {
            const x = f(w, V);
            for (let i = 0; i < n; i++) out[i] = -x[i];
            return out;
          },
        };
      }
      return {
        v: (w, V) => {
          const x = f(w, V);
          for (let i = 0; i < n; i++) out[i] = x[i] === 0 ? 1 : 0;
          return out;
        },
      };
    }
    case "binary":
      return binary(node.op, rec(node.left), rec(node.right), n);
    case "cond":
      return choose(rec(node.test), rec(node.then), rec(node.else), n);
    case "call":
      return call(node, scope, rec, n);
    default:
      throw UNSUPPORTED;
  }
}

/** test ? a : b, per tunnel when the test differs between tunnels. */
function choose(t: Part, a: Part, b: Part, n: number): Part {
  if (t.s && a.s && b.s) {
    const [ft, fa, fb] = [t.s, a.s, b.s];
    return { s: (w) => (ft(w) !== 0 ? fa(w) : fb(w)) };
  }
  const va = toVec(a, n);
  const vb = toVec(b, n);
  if (t.s) {
    const ft = t.s;
    return { v: (w, V) => (ft(w) !== 0 ? va(w, V) : vb(w, V)) };
  }
  const vt = t.v!;
  const out = new Float64Array(n);
  return {
    v: (w, V) => {
      const x = vt(w, V);
      const y = va(w, V);
      const z = vb(w, V);
      for (let i = 0; i < n; i++) out[i] = x[i] !== 0 ? y[i] : z[i];
      return out;
    },
  };
}

/** The scalar operation of formula.ts's `binary` for each operator. */
const OPS: Record<BinaryOp, (x: number, y: number) => number> = {
  "+": (x, y) => x + y,
  "-": (x, y) => x - y,
  "*": (x, y) => x * y,
  "/": (x, y) => x / y,
  "%": (x, y) => mod(x, y),
  "^": (x, y) => pow(x, y),
  "<": (x, y) => (x < y ? 1 : 0),
  "<=": (x, y) => (x <= y ? 1 : 0),
  ">": (x, y) => (x > y ? 1 : 0),
  ">=": (x, y) => (x >= y ? 1 : 0),
  "==": (x, y) => (x === y ? 1 : 0),
  "!=": (x, y) => (x !== y ? 1 : 0),
  "&&": (x, y) => (x !== 0 && y !== 0 ? 1 : 0),
  "||": (x, y) => (x !== 0 || y !== 0 ? 1 : 0),
};

function binary(op: BinaryOp, a: Part, b: Part, n: number): Part {
  const f = OPS[op];
  if (a.s && b.s) {
    const [fa, fb] = [a.s, b.s];
    return { s: (w) => f(fa(w), fb(w)) };
  }
  const out = new Float64Array(n);
  // The arithmetic operators and comparisons written out (they carry the tunnel chains' work); the
  // others through their scalar operation.
  if (a.v && b.v) {
    const [fa, fb] = [a.v, b.v];
    const loop = vv[op as "+"];
    if (loop) return { v: (w, V) => loop(fa(w, V), fb(w, V), out, n) };
    return {
      v: (w, V) => {
        const x = fa(w, V);
        const y = fb(w, V);
        for (let i = 0; i < n; i++) out[i] = f(x[i], y[i]);
        return out;
      },
    };
  }
  if (a.v) {
    const [fa, fb] = [a.v, b.s!];
    const loop = vs[op as "+"];
    if (loop) return { v: (w, V) => loop(fa(w, V), fb(w), out, n) };
    return {
      v: (w, V) => {
        const x = fa(w, V);
        const y = fb(w);
        for (let i = 0; i < n; i++) out[i] = f(x[i], y);
        return out;
      },
    };
  }
  const [fa, fb] = [a.s!, b.v!];
  const loop = sv[op as "+"];
  if (loop) return { v: (w, V) => loop(fa(w), fb(w, V), out, n) };
  return {
    v: (w, V) => {
      const x = fa(w);
      const y = fb(w, V);
      for (let i = 0; i < n; i++) out[i] = f(x, y[i]);
      return out;
    },
  };
}

// Comparisons written out as well: through OPS each element would be a call the engine cannot inline.
const vv: Partial<Record<BinaryOp, (x: Float64Array, y: Float64Array, o: Float64Array, n: number) => Float64Array>> = {
  "<": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] < y[i] ? 1 : 0;
    return o;
  },
  "<=": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] <= y[i] ? 1 : 0;
    return o;
  },
  ">": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] > y[i] ? 1 : 0;
    return o;
  },
  ">=": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] >= y[i] ? 1 : 0;
    return o;
  },
  "+": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] + y[i];
    return o;
  },
  "-": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] - y[i];
    return o;
  },
  "*": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] * y[i];
    return o;
  },
  "/": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] / y[i];
    return o;
  },
};
const vs: Partial<Record<BinaryOp, (x: Float64Array, y: number, o: Float64Array, n: number) => Float64Array>> = {
  "<": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] < y ? 1 : 0;
    return o;
  },
  "<=": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] <= y ? 1 : 0;
    return o;
  },
  ">": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] > y ? 1 : 0;
    return o;
  },
  ">=": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] >= y ? 1 : 0;
    return o;
  },
  "+": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] + y;
    return o;
  },
  "-": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] - y;
    return o;
  },
  "*": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] * y;
    return o;
  },
  "/": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] / y;
    return o;
  },
};
const sv: Partial<Record<BinaryOp, (x: number, y: Float64Array, o: Float64Array, n: number) => Float64Array>> = {
  "<": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x < y[i] ? 1 : 0;
    return o;
  },
  "<=": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x <= y[i] ? 1 : 0;
    return o;
  },
  ">": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x > y[i] ? 1 : 0;
    return o;
  },
  ">=": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x >= y[i] ? 1 : 0;
    return o;
  },
  "+": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x + y[i];
    return o;
  },
  "-": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x - y[i];
    return o;
  },
  "*": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x * y[i];
    return o;
  },
  "/": (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x / y[i];
    return o;
  },
};

function call(node: Extract<Ast, { type: "call" }>, scope: CompileScope, rec: (a: Ast) => Part, n: number): Part {
  if (node.fn === "if" && node.args.length === 3)
    return choose(rec(node.args[0]), rec(node.args[1]), rec(node.args[2]), n);
  if (node.fn === "lookup") return lookup(node, scope, rec, n);
  const f = builtinFunction(node.fn);
  if (!f) throw UNSUPPORTED;
  const args = node.args.map(rec);
  if (args.every((p) => p.s)) {
    const fs = args.map((p) => p.s!);
    if (fs.length === 1) {
      const f0 = fs[0];
      return { s: (w) => f(f0(w)) };
    }
    return { s: (w) => f(...fs.map((g) => g(w))) };
  }
  const out = new Float64Array(n);
  if (args.length === 1) {
    const f0 = args[0].v!;
    return {
      v: (w, V) => {
        const x = f0(w, V);
        // Tunnels past a hazard's horizon repeat their argument: a built-in is a function of its
        // argument alone, so a repeated non-zero argument (=== then means the same bits) repeats its value.
        for (let i = 0; i < n; i++) {
          const xi = x[i];
          out[i] = i > 0 && xi === x[i - 1] && xi !== 0 ? out[i - 1] : f(xi);
        }
        return out;
      },
    };
  }
  const vs2 = args.map((p) => toVec(p, n));
  const xs: number[] = new Array<number>(vs2.length);
  return {
    v: (w, V) => {
      const cols = vs2.map((g) => g(w, V));
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < cols.length; j++) xs[j] = cols[j][i];
        out[i] = f(...xs);
      }
      return out;
    },
  };
}

/** lookup("table", "column", key) exactly as formula.ts computes it, per tunnel when the key differs between tunnels. */
function lookup(node: Extract<Ast, { type: "call" }>, scope: CompileScope, rec: (a: Ast) => Part, n: number): Part {
  const [tArg, cArg, kArg] = node.args;
  if (node.args.length !== 3 || tArg.type !== "str" || cArg.type !== "str") throw UNSUPPORTED;
  const t = scope.table(tArg.value);
  const values = t?.columns.get(cArg.value);
  if (!t || !values) throw UNSUPPORTED;
  const at = rowOf(t, values);
  const key = rec(kArg);
  if (key.s) {
    const k = key.s;
    return { s: (w) => at(k(w)) };
  }
  const kv = key.v!;
  const out = new Float64Array(n);
  return {
    v: (w, V) => {
      const x = kv(w, V);
      for (let i = 0; i < n; i++) out[i] = at(x[i]);
      return out;
    },
  };
}

function rowOf(t: LookupTable, values: Float64Array): (x: number) => number {
  if (!t.integerStep) return (x) => values[lookupRow(t, x)];
  const k0 = t.keys[0];
  const last = t.keys.length - 1;
  return (x) => {
    if (!(x >= k0)) return values[lookupRow(t, x)];
    const i = Math.floor(x - k0);
    return values[i < last ? i : last];
  };
}
