import { describe, expect, it } from "vitest";
import {
  compileFormula,
  FormulaError,
  parseFormula,
  type CompileScope,
  type LookupTable,
} from "../../src/model/index.js";

const names = ["a", "b", "age", "x"];
const table: LookupTable = {
  name: "lt",
  keyColumn: "age",
  keys: Float64Array.from([0, 1, 2, 3]),
  columns: new Map([
    ["age", Float64Array.from([0, 1, 2, 3])],
    ["rate", Float64Array.from([0.1, 0.2, 0.3, 0.4])],
  ]),
  integerStep: true,
};
const bands: LookupTable = {
  ...table,
  name: "bands",
  keys: Float64Array.from([0, 18, 65]),
  columns: new Map([["v", Float64Array.from([1, 2, 3])]]),
  integerStep: false,
};
const scope: CompileScope = {
  slot: (n) => (names.includes(n) ? names.indexOf(n) : undefined),
  table: (n) => (n === "lt" ? table : n === "bands" ? bands : undefined),
};
const env = Float64Array.from([2, 3, 1.5, 0.25]);
const run = (f: string, e: Float64Array = env) => compileFormula(f, parseFormula(f), scope)(e);
const error = (f: string): FormulaError => {
  try {
    run(f);
  } catch (e) {
    if (e instanceof FormulaError) return e;
    throw e;
  }
  throw new Error(`no error for ${f}`);
};

describe("formula evaluation", () => {
  it("follows arithmetic precedence", () => {
    expect(run("a + b * 2")).toBe(8);
    expect(run("(a + b) * 2")).toBe(10);
    expect(run("a - b - 1")).toBe(-2);
    expect(run("a / b / 2")).toBeCloseTo(1 / 3, 15);
  });
  it("treats ^ and ** as right-associative powers binding tighter than unary minus", () => {
    expect(run("2 ^ 3 ^ 2")).toBe(512);
    expect(run("-2 ^ 2")).toBe(-4);
    expect(run("(-2) ^ 2")).toBe(4);
    expect(run("2 ** -1")).toBe(0.5);
    expect(run("a * b ^ 2")).toBe(18);
  });
  it("has comparisons, logic and conditionals returning 1 or 0", () => {
    expect(run("a < b")).toBe(1);
    expect(run("a >= b")).toBe(0);
    expect(run("a == 2 && b != 2")).toBe(1);
    expect(run("!(a == 2) || 0")).toBe(0);
    expect(run("age <= 1 ? 10 : 20")).toBe(20);
    expect(run("if(a > 1, 7, 1 / 0)")).toBe(7);
  });
  it("has the usual functions and rate/probability conversions", () => {
    expect(run("exp(0) + log(1) + sqrt(16) + abs(-1)")).toBe(6);
    expect(run("log(8, 2)")).toBeCloseTo(3, 14);
    expect(run("min(a, b, 0.5) + max(a, b)")).toBe(3.5);
    expect(run("rateToProb(0.1)")).toBeCloseTo(1 - Math.exp(-0.1), 15);
    expect(run("rateToProb(0.1, 1/12)")).toBeCloseTo(1 - Math.exp(-0.1 / 12), 15);
    expect(run("probToRate(rateToProb(0.3, 2), 2)")).toBeCloseTo(0.3, 14);
    expect(run("rescaleProb(0.2, 1, 1/12)")).toBeCloseTo(1 - 0.8 ** (1 / 12), 15);
    expect(run("floor(2.7) + ceil(2.1) + round(2.5)")).toBe(8);
  });
  it("reads scientific notation and decimals without a leading digit", () => {
    expect(run("1e-3 * 1000 + .5")).toBeCloseTo(1.5, 15);
  });
  it("looks up the last row whose key is <= x and holds the last row past the end", () => {
    expect(run('lookup("lt", "rate", age)')).toBe(0.2);
    expect(run('lookup("lt", "rate", 3)')).toBe(0.4);
    expect(run('lookup("lt", "rate", 99)')).toBe(0.4);
    expect(run('lookup("bands", "v", 17.99)')).toBe(1);
    expect(run('lookup("bands", "v", 18)')).toBe(2);
    expect(run('lookup("bands", "v", 120)')).toBe(3);
  });
  it("rejects a look-up below the first key", () => {
    expect(() => run('lookup("bands", "v", -1)')).toThrow(/below the first age \(0\) of table "bands"/);
  });
});

describe("formula errors name the problem and its position", () => {
  it.each([
    ["a + ", "formula ends too early", 4],
    ["a + * b", 'unexpected "*"', 4],
    ["foo + 1", 'unknown name "foo"', 0],
    ["a $ b", 'unexpected character "$"', 2],
    ["sqrt(1, 2)", "sqrt() takes 1 argument, not 2", 0],
    ["nope(1)", 'unknown function "nope"', 0],
    ["a(1)", '"a" is not a function', 0],
    ["exp", '"exp" is a function', 0],
    ["1 < a < 2", "comparisons cannot be chained", 6],
    ['lookup("zz", "rate", 1)', 'unknown table "zz"', 7],
    ['lookup("lt", "male", 1)', 'table "lt" has no column "male"', 13],
    ['"text" + 1', "cannot be used as a number", 0],
    ["(a + b", 'expected ")" before the end', 6],
    ["2x", 'unexpected "x" after number 2', 1],
    ["a + C", "the complement C must be the whole entry", 4],
  ])("%s → %s", (f, msg, pos) => {
    const e = error(f);
    expect(e.reason).toContain(msg);
    expect(e.position).toBe(pos);
    expect(e.message).toContain(`at position ${pos + 1} in formula "${f}"`);
  });
  it("cannot reach JavaScript: property access and calls on values are not in the language", () => {
    expect(() => run("constructor.constructor('return 1')()")).toThrow(FormulaError);
    expect(() => run("a.b")).toThrow(FormulaError);
    expect(() => run("[1, 2]")).toThrow(FormulaError);
    expect(() => run("a = 1")).toThrow(FormulaError);
  });
});
