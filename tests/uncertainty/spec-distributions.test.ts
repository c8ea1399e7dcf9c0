/**
 * distributionOf(id, parameter): the distribution a model file declares, and the named refusals of
 * declarations that define no distribution (src/model/dist/fromspec.ts). Before these checks, a
 * beta with alpha -1 or a gamma with shape 0 reached @stdlib's sampler and the CLI printed a stack
 * trace ("internal error"); a triangular mode outside [min, max] drew NaN; a uniform with
 * min > max drew silently; `{"type": "gamma", "shape": 30, "rate": 200}` (rate is a documented
 * field) and `{"type": "beta", "alpha": 2}` fell back to low/high without a word; low = high or
 * SE 0 with a non-fixed distribution was held fixed while the PSA counted it as drawn.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  checkSpecShape,
  distributionOf,
  distributionProblems,
  Problems,
  drawParameters,
  empirical,
  type Distribution,
  type ModelSpec,
  type ParameterSpec,
} from "../../src/model/index.js";
import { problemOf } from "../helpers/errors.js";

const p = (distribution: unknown, extra: Record<string, unknown> = {}) =>
  ({ value: 0.5, distribution, ...extra }) as unknown as ParameterSpec;

describe("distributionOf(id, parameter) refuses parameters that define no distribution, by name", () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ["beta alpha < 0", { type: "beta", alpha: -1, beta: 2 }, /a beta needs alpha > 0 and beta > 0/],
    ["beta beta = 0", { type: "beta", alpha: 2, beta: 0 }, /a beta needs alpha > 0 and beta > 0/],
    ["gamma shape 0", { type: "gamma", shape: 0, scale: 1 }, /a gamma needs shape > 0/],
    ["gamma rate < 0", { type: "gamma", shape: 2, rate: -1 }, /a gamma needs shape > 0 and rate > 0/],
    ["normal sd < 0", { type: "normal", mean: 0.5, sd: -1 }, /a normal needs sd > 0/],
    ["log-normal sdlog 0", { type: "lognormal", meanlog: 0, sdlog: 0 }, /a log-normal needs sdlog > 0/],
    ["uniform min > max", { type: "uniform", min: 0.7, max: 0.3 }, /a uniform needs min < max/],
    ["triangular mode < min", { type: "triangular", min: 0.6, mode: 0.5, max: 0.7 }, /min <= mode <= max/],
    ["triangular mode > max", { type: "triangular", min: 0.4, mode: 0.9, max: 0.7 }, /min <= mode <= max/],
    ["beta with alpha only", { type: "beta", alpha: 2 }, /not given by the fields alpha/],
    ["gamma with shape, scale and rate", { type: "gamma", shape: 2, scale: 1, rate: 1 }, /not given by the fields/],
    [
      "fields not read beside {mean, se}",
      { type: "beta", mean: 0.5, se: 0.1, n: 40 },
      /fields not read with \{mean, se\}: n/,
    ],
    ["SE 0", { type: "beta", mean: 0.5, se: 0 }, /SE 0 has nothing to draw/],
    ["beta mean 0", { type: "beta", mean: 0, se: 0.1 }, /strictly between 0 and 1/],
    ["beta mean 1", { type: "beta", mean: 1, se: 0.1 }, /strictly between 0 and 1/],
    // m(1 − m) = 0.25 at m = 0.5, so SE must be below 0.5.
    ["beta SE too large", { type: "beta", mean: 0.5, se: 0.6 }, /needs variance < mean·\(1 − mean\) = 0.25/],
    ["gamma mean < 0", { type: "gamma", mean: -1, se: 0.1 }, /a gamma needs a mean > 0/],
  ];
  for (const [name, d, message] of cases)
    it(`${name}: names the parameter and the values`, () => {
      const e = problemOf(() => distributionOf("p_x", p(d)));
      expect(e.where).toBe("parameters.p_x.distribution");
      expect(e.text).toMatch(message);
      expect(e.expected).toBeDefined();
    });
  it("low = high with a non-fixed distribution is refused, not silently held fixed", () => {
    const e = problemOf(() => distributionOf("rr", p("lognormal", { value: 0.5, low: 0.5, high: 0.5 })));
    expect(e.where).toBe("parameters.rr");
    expect(e.text).toMatch(/low = high/);
    expect(e.value).toEqual({ low: 0.5, high: 0.5 });
    expect(e.expected).toMatch(/"fixed"/);
  });
  it("a log-normal with low <= 0 names the interval", () => {
    const e = problemOf(() => distributionOf("rr", p("lognormal", { value: 0.5, low: 0, high: 0.7 })));
    expect(e.text).toMatch(/a log-normal needs low > 0/);
    expect(e.value).toEqual({ base: 0.5, low: 0, high: 0.7 });
  });
  it("a gamma with a negative base value names the interval", () => {
    const e = problemOf(() => distributionOf("c", p("gamma", { value: -0.5, low: -1, high: 0 })));
    expect(e.text).toMatch(/a gamma needs a base value > 0 and low >= 0/);
  });
  it("a distribution without low/high or its own parameters says what is missing", () => {
    const e = problemOf(() => distributionOf("r", p("gamma")));
    expect(e.where).toBe("parameters.r");
    expect(e.value).toEqual({ low: "missing", high: "missing" });
    expect(e.expected).toMatch(/\{shape, scale\}, \{shape, rate\}, \{mean, se\}/);
  });
});

describe("distributionOf(id, parameter) refuses a distribution on a formula", () => {
  // Before: a formula with a distribution returned null, so validate, psa and the .meta.json's
  // drawn list all left it out without a word (darth-sick-sicker-age-dependent.json's r_HD had one).
  const formula = { value: 'lookup("us2015", "Total", age)', distribution: { type: "gamma", shape: 20, rate: 10000 } };
  it("names the parameter, its formula and what is expected", () => {
    const e = problemOf(() => distributionOf("r_HD", formula as unknown as ParameterSpec));
    expect(e.where).toBe("parameters.r_HD.distribution");
    expect(e.text).toMatch(/a parameter given by a formula is not drawn/);
    expect(e.value).toEqual({ value: formula.value, distribution: formula.distribution });
    expect(e.expected).toMatch(/a numeric value, or "distribution": "fixed"/);
  });
  it('a formula with "fixed" is not drawn and not refused', () => {
    expect(distributionOf("r", { value: "2 * x", distribution: "fixed" } as ParameterSpec)).toBeNull();
  });
  it("distributionProblems(spec) lists it with the other problems and does not count it as drawn", () => {
    const spec = {
      parameters: { x: { value: 0.5, distribution: { type: "beta", alpha: 1, beta: 1 } }, r_HD: formula },
    } as unknown as ModelSpec;
    const { problems, drawn } = distributionProblems(spec);
    expect(drawn).toBe(1);
    expect(problems.map((q) => q.where)).toEqual(["parameters.r_HD.distribution"]);
  });
  it("every shipped model in data/models has no distribution problem", () => {
    for (const file of readdirSync("data/models").filter((f) => f.endsWith(".json"))) {
      const spec = JSON.parse(readFileSync(`data/models/${file}`, "utf8")) as ModelSpec;
      expect(distributionProblems(spec).problems, file).toEqual([]);
    }
  });
});

describe("distributionOf(id, parameter) refuses a field that is given but not a finite number, showing the user's object", () => {
  it('{"type": "beta", "mean": "0.3", "se": 0.05} on value 0.5 is refused, not read as mean 0.5', () => {
    // Before: mean fell back to the value 0.5: k = 0.5·0.5/0.05² − 1 = 99, beta(49.5, 49.5).
    const d = { type: "beta", mean: "0.3", se: 0.05 };
    const e = problemOf(() => distributionOf("p", p(d)));
    expect(e.where).toBe("parameters.p.distribution");
    expect(e.text).toMatch(/mean is not a finite number/);
    expect(e.value).toEqual(d);
  });
  it("an SE of null is refused by name", () => {
    expect(problemOf(() => distributionOf("p", p({ type: "beta", se: null }))).text).toMatch(
      /se is not a finite number/,
    );
  });
  it('gamma rate 0 blames rate, not scale = 1/rate, and shows {"shape": 2, "rate": 0}', () => {
    // Before: 'scale is not a finite number (got {"shape":2,"scale":null})' (1/0 = Infinity, printed as null).
    const d = { type: "gamma", shape: 2, rate: 0 };
    const e = problemOf(() => distributionOf("r", p(d)));
    expect(e.text).toMatch(/a gamma needs shape > 0 and rate > 0/);
    expect(e.text).not.toMatch(/scale/);
    expect(e.value).toEqual(d);
  });
  it("gamma rate 1e-320 (1/rate overflows) blames rate with its value and the least rate, not a non-finite scale", () => {
    // Before: 'scale is not a finite number (got {"shape":2,"scale":null})'. The largest double is
    // (2 − 2^−52)·2^1023 ≈ 1.7976931348623157e308, so scale 1/rate and mean shape/rate = 2/rate are
    // finite only for rate > 2 / 1.7976931348623157e308 = 1.1125369292536007e-308.
    const e = problemOf(() => distributionOf("r", p({ type: "gamma", shape: 2, rate: 1e-320 })));
    expect(e.where).toBe("parameters.r.distribution.rate");
    expect(e.value).toBe(1e-320);
    expect(e.text).toMatch(/rate 1e-320 is too small/);
    expect(e.text).not.toMatch(/scale is not a finite number/);
    expect(e.expected).toBe("rate > 1.1125369292536007e-308 (for shape 2)");
    // Shape below 1: 1/rate is the binding limit, rate > 1 / 1.7976931348623157e308 = 5.562684646268003e-309.
    expect(problemOf(() => distributionOf("r", p({ type: "gamma", shape: 0.5, rate: 1e-320 }))).expected).toBe(
      "rate > 5.562684646268003e-309 (for shape 0.5)",
    );
    // A small but representable rate is read: mean shape/rate = 2 / 1e-300 = 2e300.
    const d = distributionOf("r", p({ type: "gamma", shape: 2, rate: 1e-300 }));
    expect(d).toEqual({ type: "gamma", shape: 2, scale: 1 / 1e-300 });
  });
  it("gamma {shape, scale} whose mean shape × scale overflows is refused naming both", () => {
    // 1e308 × 1e10 = 1e318 > 1.7976931348623157e308.
    const d = { type: "gamma", shape: 1e308, scale: 1e10 };
    const e = problemOf(() => distributionOf("c", p(d)));
    expect(e.where).toBe("parameters.c.distribution");
    expect(e.text).toMatch(/mean shape × scale = 1e\+308 × 10000000000 is larger than any number/);
    expect(e.value).toEqual(d);
  });
  it("{mean, se} whose fitted parameters leave a double's range names the mean and SE, not the derived scale", () => {
    // Gamma, mean 1, SE 1e200: SE² = 1e400 overflows, so shape = 1/SE² = 0 and scale = SE²/1 = ∞.
    const g = problemOf(() => distributionOf("c", p({ type: "gamma", mean: 1, se: 1e200 })));
    expect(g.where).toBe("parameters.c.distribution");
    expect(g.text).toMatch(/a gamma with mean 1 and SE 1e\+200 is out of a double's range/);
    expect(g.text).not.toMatch(/scale is not a finite number/);
    expect(g.value).toEqual({ mean: 1, se: 1e200 });
    // Beta, mean 0.5, SE 1e-200: SE² = 1e-400 underflows to 0, so k = 0.25/0 − 1 = ∞.
    const b = problemOf(() => distributionOf("q", p({ type: "beta", mean: 0.5, se: 1e-200 })));
    expect(b.text).toMatch(
      /a beta with mean 0.5 and SE 1e-200 is out of a double's range: its alpha would be Infinity/,
    );
    expect(b.value).toEqual({ mean: 0.5, se: 1e-200 });
  });
  it('gamma rate "5" (a string) blames rate', () => {
    const d = { type: "gamma", shape: 2, rate: "5" };
    const e = problemOf(() => distributionOf("r", p(d)));
    expect(e.text).toMatch(/rate is not a finite number/);
    expect(e.value).toEqual(d);
  });
});

describe("the model file's schema accepts exactly the distribution fields a PSA reads", () => {
  // Before: the schema accepted mu, sigma, low, high and n inside a distribution (validate passed,
  // psa refused), and refused lower/upper that distributionOf read with {mean, se}.
  const problemsOf = (distribution: unknown) => {
    const problems = new Problems();
    checkSpecShape({ parameters: { x: { value: 0.5, distribution } } }, problems);
    return problems.list.filter((q) => q.where.startsWith("parameters.x"));
  };
  // The fields docs/model-spec.md lists: {mean, se}, and the families' own parameters.
  const documented = [
    "mean",
    "se",
    "alpha",
    "beta",
    "shape",
    "scale",
    "rate",
    "sd",
    "meanlog",
    "sdlog",
    "min",
    "max",
    "mode",
  ];
  it("every documented field passes the schema", () => {
    for (const f of documented) expect(problemsOf({ type: "beta", [f]: 1 }), f).toEqual([]);
  });
  for (const f of ["mu", "sigma", "low", "high", "n", "lower", "upper"])
    it(`${f} inside a distribution is an unknown field at parameters.x.distribution.${f}`, () => {
      const found = problemsOf({ type: "lognormal", [f]: 1 });
      expect(found.map((q) => [q.where, q.message])).toContainEqual([
        `parameters.x.distribution.${f}`,
        expect.stringMatching(/unknown field/),
      ]);
    });
  it('{"type": "truncnormal", ...} is not a model-file distribution (docs/uncertainty.md: API only)', () => {
    const found = problemsOf({ type: "truncnormal", se: 0.1 });
    expect(found.map((q) => [q.where, q.message])).toContainEqual([
      "parameters.x.distribution",
      "unknown distribution",
    ]);
  });
});

describe("distributionOf(id, parameter) reads the documented forms", () => {
  it('{"type": "gamma", "shape": k, "rate": r} is Gamma(k, scale 1/r): mean k/r = 30/200 = 0.15 (DARTH r_HS1)', () => {
    const d = distributionOf("r_HS1", p({ type: "gamma", shape: 30, rate: 200 }));
    expect(d).toEqual({ type: "gamma", shape: 30, scale: 1 / 200 });
  });
  it("{mean, se} of a beta is the method of moments: m = 0.2, SE = 0.04 → k = 0.16/0.0016 − 1 = 99, α = 19.8, β = 79.2", () => {
    const d = distributionOf("p", p({ type: "beta", mean: 0.2, se: 0.04 })) as { alpha: number; beta: number };
    expect(d.alpha).toBeCloseTo(19.8, 9);
    expect(d.beta).toBeCloseTo(79.2, 9);
  });
  it("a valid triangular with the mode at an end is kept (min <= mode <= max)", () => {
    expect(distributionOf("t", p({ type: "triangular", min: 0.5, mode: 0.5, max: 0.7 }))).toEqual({
      type: "triangular",
      min: 0.5,
      mode: 0.5,
      max: 0.7,
    });
  });
  it('"fixed" and no distribution are not drawn', () => {
    expect(distributionOf("f", p("fixed", { low: 0.5, high: 0.5 }))).toBeNull();
    expect(distributionOf("f", { value: 0.5 } as ParameterSpec)).toBeNull();
  });
});

describe("drawParameters(params, n, seed) checks every distribution it is given (the API, not only model files)", () => {
  // Before: a Dirichlet with a zero count and a beta with alpha −1 threw @stdlib's bare TypeError,
  // an empty empirical column drew NaN, a one-value column drew a constant as if it were uncertain.
  const cases: Array<[string, Distribution, RegExp]> = [
    ["Dirichlet with a zero count", { type: "dirichlet", alpha: [0, 2] }, /at least two components, each alpha > 0/],
    ["Dirichlet of one component", { type: "dirichlet", alpha: [2] }, /at least two components/],
    ["empirical, empty column", { type: "empirical", values: [] }, /an empirical distribution needs values/],
    ["empirical, one value", { type: "empirical", values: [3] }, /of one value has nothing to draw/],
    ["beta alpha −1", { type: "beta", alpha: -1, beta: 1 }, /a beta needs alpha > 0/],
    ["fixed NaN", { type: "fixed", value: NaN }, /value is not a finite number/],
  ];
  for (const [name, d, message] of cases)
    it(`${name}: a named error`, () => {
      const e = problemOf(() => drawParameters([{ id: "x", distribution: d }], 3, 1));
      expect(e.where).toBe("parameter x");
      expect(e.text).toMatch(message);
    });
  it("empirical(values) refuses a constant column: [4, 4] has nothing to draw", () => {
    // Before: accepted, and every draw was 4 while the PSA counted the parameter as uncertain.
    const e = problemOf(() => empirical([4, 4], "parameter c"));
    expect(e.where).toBe("parameter c");
    expect(e.text).toMatch(/every value of the column is 4/);
    expect(e.value).toBe("2 values, all 4");
    expect(empirical([4, 5])).toEqual({ type: "empirical", values: [4, 5] });
  });
  it("empirical(undefined) says what it got (the message printed 'undefined' with no value)", () => {
    const e = problemOf(() => empirical(undefined as unknown as number[]));
    expect(e.text).toMatch(/needs values/);
    expect(e.value).toBe("undefined");
    expect(problemOf(() => empirical([])).value).toBe("0 values");
  });
  it("empirical(values) refuses an empty or one-value column", () => {
    expect(problemOf(() => empirical([])).text).toMatch(/needs values/);
    expect(problemOf(() => empirical([5])).text).toMatch(/one value/);
  });
});
