/**
 * Entry point: formulas and parameter chains. The parser, compiler and compiled closures recurse
 * once per level, so deep or long input either evaluates or gets a named error with the documented
 * limit (docs/model-spec.md), never as a stack overflow (a hang fails by the test timeout; nothing
 * is timed).
 */
import { describe, expect, it, vi } from "vitest";
import {
  compileModel,
  evaluate,
  FormulaError,
  MAX_FORMULA_DEPTH,
  MAX_FORMULA_LENGTH,
  MAX_FORMULA_NESTING,
  MAX_PARAMETER_CHAIN,
  parseFormula,
} from "../../src/model/index.js";
import { cartecon, file, lifeYears, model, modelError, STACK } from "./helpers.js";

vi.setConfig({ testTimeout: 120_000 });

function formulaError(f: () => unknown): FormulaError {
  try {
    f();
  } catch (err) {
    if (err instanceof FormulaError) return err;
    throw err;
  }
  throw new Error("expected a FormulaError");
}

const withPDie = (formula: string) => {
  const m = model();
  m.parameters.p_die = formula;
  return m;
};

describe("nested parentheses", () => {
  it(`${MAX_FORMULA_NESTING - 1} nested parentheses evaluate`, () => {
    const n = MAX_FORMULA_NESTING - 1;
    const r = evaluate(compileModel(withPDie("(".repeat(n) + "0.05" + ")".repeat(n))));
    expect(r.strategies[0].lifeYears.undiscounted).toBeCloseTo(lifeYears(0.05), 10);
  });
  it("10,000 nested parentheses give a named error at the limit, in under 5 s", () => {
    const text = "(".repeat(10_000) + "0.05" + ")".repeat(10_000);
    const err = formulaError(() => parseFormula(text));
    expect(err.reason).toBe(
      `more than ${MAX_FORMULA_NESTING} nested parentheses, function calls, signs or conditionals`,
    );
    expect(err.position).toBe(MAX_FORMULA_NESTING);
    const e = modelError(() => compileModel(withPDie(text)));
    expect(e.problems[0].where).toBe("parameters.p_die");
    expect(e.problems[0].message).toContain(`more than ${MAX_FORMULA_NESTING} nested parentheses`);
  });
  it("10,000 nested signs and function calls give the same named error", () => {
    expect(formulaError(() => parseFormula("-".repeat(10_000) + "1")).reason).toContain("nested");
    expect(formulaError(() => parseFormula("abs(".repeat(10_000) + "1" + ")".repeat(10_000))).reason).toContain(
      "nested",
    );
    expect(formulaError(() => parseFormula("2^".repeat(10_000) + "1")).reason).toContain("nested");
  });
});

describe("long sums", () => {
  it(`a sum of ${MAX_FORMULA_DEPTH - 1} terms evaluates to the left-to-right sum`, () => {
    const terms = Array.from({ length: MAX_FORMULA_DEPTH - 1 }, (_, i) => (i % 7) * 1e-5);
    let p = 0;
    for (const t of terms) p += t; // the same additions in the same order: the same double
    const r = evaluate(compileModel(withPDie(terms.join(" + "))));
    expect(r.strategies[0].lifeYears.undiscounted).toBeCloseTo(lifeYears(p), 10);
  });
  it(`a sum of ${MAX_FORMULA_DEPTH + 1} terms gives a named error about depth`, () => {
    const err = formulaError(() =>
      parseFormula(
        Array(MAX_FORMULA_DEPTH + 1)
          .fill("x")
          .join("+"),
      ),
    );
    expect(err.reason).toContain(`formula nested deeper than ${MAX_FORMULA_DEPTH} levels`);
  });
  it("a 100,000-term sum gives a named error in under 5 s", () => {
    const text = Array(100_000).fill("x").join("+"); // 199,999 characters
    const err = formulaError(() => parseFormula(text));
    expect(err.reason).toBe(`formula longer than ${MAX_FORMULA_LENGTH} characters (199999); split it into parameters`);
    const shorter = Array(40_000).fill("1").join("+"); // under the length limit, over the depth limit
    expect(formulaError(() => parseFormula(shorter)).reason).toContain(`deeper than ${MAX_FORMULA_DEPTH}`);
  });
});

describe("parameter chains", () => {
  /** q1 = 0.05, q_k = q_(k-1) for k = 2..n, p_die = q_n. */
  const chain = (n: number) => {
    const m = model();
    m.parameters = { c_alive: 1000, q1: 0.05 };
    for (let k = 2; k <= n; k++) m.parameters[`q${k}`] = `q${k - 1}`;
    m.parameters.p_die = `q${n}`;
    return m;
  };
  it(`a chain of ${MAX_PARAMETER_CHAIN - 1} parameters evaluates`, () => {
    const r = evaluate(compileModel(chain(MAX_PARAMETER_CHAIN - 1)));
    expect(r.strategies[0].lifeYears.undiscounted).toBeCloseTo(lifeYears(0.05), 10);
  });
  it("a chain of 10,000 parameters gives a named error in under 5 s", () => {
    const e = modelError(() => compileModel(chain(10_000)));
    expect(e.problems[0].where).toBe(`parameters.q${MAX_PARAMETER_CHAIN + 1}`);
    expect(e.problems[0].expected).toBe(`chains of at most ${MAX_PARAMETER_CHAIN} parameters`);
  });
  it("a circle of 10,000 parameters gives a named error in under 5 s", () => {
    const m = model();
    for (let k = 1; k <= 10_000; k++) m.parameters[`q${k}`] = `q${(k % 10_000) + 1}`;
    m.parameters.p_die = "q1";
    const e = modelError(() => compileModel(m));
    expect(e.problems[0].message).toBe("10001 parameters refer to each other in circles or read parameters that do");
    expect(e.problems[0].where).toBe("parameters.p_die");
  });
  it("the CLI reports each of these with exit 1 and no stack trace", () => {
    for (const [name, m] of [
      ["parens.json", withPDie("(".repeat(10_000) + "0.05" + ")".repeat(10_000))],
      ["sum.json", withPDie(Array(3000).fill("0.00001").join("+"))],
      ["chain.json", chain(2000)],
    ] as const) {
      const r = cartecon("validate", file(name, m));
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/nested|deeper|chain/);
      expect(r.err).not.toMatch(STACK);
      expect(r.err).not.toContain("internal error");
    }
  });
});
