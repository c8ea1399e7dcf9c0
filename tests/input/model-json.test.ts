/**
 * Entry point: a model file (JSON). Unknown or misspelt fields, duplicate keys, names that objects
 * inherit in JavaScript, and a hostile nesting depth each get a named error that says where and what;
 * names like "constructor" work as ordinary ids; nothing is written when the model is refused.
 */
import { describe, expect, it, vi } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { compileModel, evaluate, ModelError, parseJson, MAX_JSON_DEPTH } from "../../src/model/index.js";
import { cartecon, file, lifeYears, model, modelError, STACK, tmp } from "./helpers.js";

vi.setConfig({ testTimeout: 120_000 });

const compile = (m: unknown) => compileModel(m);
const problemAt = (e: ModelError, where: string) => e.problems.find((p) => p.where === where);

describe("parseJson(text, file)", () => {
  it("refuses a duplicate key with its line, column and name", () => {
    const e = modelError(() => parseJson('{\n  "name": "a",\n  "name": "b"\n}', "m.json"));
    expect(e.message).toMatch(/^m\.json: cannot read model: line 3 column 3: /);
    expect(e.problems[0].where).toBe("line 3 column 3");
    expect(e.problems[0].message).toContain('duplicate key "name"');
    expect(e.problems[0].value).toBe("name");
  });
  it("treats keys equal after unescaping as duplicates", () => {
    const e = modelError(() => parseJson('{"ab": 1, "\\u0061b": 2}', "m.json"));
    expect(e.problems[0].message).toContain('duplicate key "ab"');
  });
  it("allows equal keys in different objects", () => {
    expect(parseJson('{"a": {"x": 1}, "b": {"x": 2}}', "m.json")).toEqual({ a: { x: 1 }, b: { x: 2 } });
  });
  it("refuses malformed JSON nested 100,000 deep with a named error and without a stack overflow", () => {
    for (const text of ["[".repeat(100_000), "[".repeat(100_000) + "]".repeat(100_000), '{"a":'.repeat(100_000)]) {
      const e = modelError(() => parseJson(text, "deep.json"));
      expect(e.problems[0].message).toBe(`malformed JSON: nested deeper than ${MAX_JSON_DEPTH} levels`);
      expect(e.problems[0].where).toBe(
        `line 1 column ${text[0] === "[" ? MAX_JSON_DEPTH + 1 : 5 * MAX_JSON_DEPTH + 1}`,
      );
    }
  });
  it("keeps a key named __proto__ as an own property (JSON.parse semantics)", () => {
    const v = parseJson('{"__proto__": 1}', "m.json") as object;
    expect(Object.hasOwn(v, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });
});

describe("unknown fields are errors that name the path and the nearest known field", () => {
  it("a strategy with 'parameter' instead of 'parameters'", () => {
    const m = model();
    m.strategies = [{ id: "soc" }, { id: "new", parameter: { p_die: 0.01 } }];
    const e = modelError(() => compile(m));
    const p = problemAt(e, "strategies[1].parameter")!;
    expect(p.message).toBe("unknown field; did you mean parameters?");
    expect(p.value).toBe("parameter");
  });
  it("a state with 'daed' instead of 'dead', and top-level 'stratgies' and 'cohort'", () => {
    const m = model();
    m.states[1].daed = true;
    m.stratgies = [{ id: "x" }];
    m.cohort = [{ id: "all", weight: 1 }];
    const e = modelError(() => compile(m));
    expect(problemAt(e, "states[1].daed")!.message).toBe("unknown field; did you mean dead?");
    expect(problemAt(e, "stratgies")!.message).toBe("unknown field; did you mean strategies?");
    expect(problemAt(e, "cohort")!.message).toBe("unknown field; did you mean cohorts?");
  });
  it("an unknown field with no near name lists the known ones", () => {
    const m = model();
    m.settings.colour = "blue";
    const p = problemAt(
      modelError(() => compile(m)),
      "settings.colour",
    )!;
    expect(p.message).toBe("unknown field");
    expect(p.expected).toContain("cycleLength, horizon");
  });
  it("a wrong type the structural checks do not cover is reported by the schema", () => {
    const m = model();
    m.description = 42;
    const p = problemAt(
      modelError(() => compile(m)),
      "description",
    )!;
    expect(p.message).toBe("must be text");
    expect(p.value).toBe(42);
  });
});

describe("names inherited from JavaScript objects", () => {
  it("formulas constructor(1) and toString(1) are unknown functions, not crashes", () => {
    for (const f of ["constructor(1)", "toString(1)", "hasOwnProperty(1)", "__proto__(1)"]) {
      const m = model();
      m.parameters.p_die = f;
      const e = modelError(() => compile(m));
      expect(problemAt(e, "parameters.p_die")!.message).toContain(`unknown function "${f.slice(0, -3)}"`);
      expect(problemAt(e, "parameters.p_die")!.value).toBe(f);
    }
  });
  it("strategy overrides named constructor, valueOf or __proto__ are unknown parameters", () => {
    const m = parseJson(
      JSON.stringify(model()).replace(
        '"init"',
        '"strategies": [{"id": "s", "parameters": {"constructor": 1, "valueOf": 2, "__proto__": 3}}], "init"',
      ),
      "m.json",
    );
    const e = modelError(() => compile(m));
    for (const id of ["constructor", "valueOf", "__proto__"]) {
      const p = problemAt(e, `strategies[0].parameters.${id}`)!;
      expect(p.message).toBe(`overrides unknown parameter "${id}"`);
      expect(p.value).toBe(id);
    }
  });
  it("parameters, values and strategies named constructor, toString, valueOf work as ordinary names", () => {
    const m = model();
    m.parameters = { constructor: 0.1, toString: 1000 };
    m.values = [
      { id: "valueOf", kind: "cost" },
      { id: "u", kind: "utility" },
    ];
    m.states[0].values = { valueOf: "toString", u: 1 };
    m.transitions.Alive.Dead = "constructor";
    m.strategies = [{ id: "hasOwnProperty" }, { id: "isPrototypeOf", parameters: { constructor: 0.2 } }];
    const r = evaluate(compile(m));
    expect(r.strategies.map((s) => s.id)).toEqual(["hasOwnProperty", "isPrototypeOf"]);
    expect(r.strategies[0].lifeYears.undiscounted).toBeCloseTo(lifeYears(0.1), 10);
    expect(r.strategies[1].lifeYears.undiscounted).toBeCloseTo(lifeYears(0.2), 10);
    expect(Object.getOwnPropertyDescriptor(r.strategies[0].values, "valueOf")!.value.undiscounted).toBeCloseTo(
      1000 * lifeYears(0.1),
      6,
    );
  });
  it("an id __proto__ is refused with a named error wherever it names something", () => {
    const text = JSON.stringify(model())
      .replace('"c_alive":1000', '"__proto__":1000')
      .replace('"c":"c_alive"', '"c":"__proto__"');
    expect(text).toContain('"__proto__":1000');
    const e = modelError(() => compile(parseJson(text, "m.json")));
    const p = problemAt(e, "parameters.__proto__")!;
    expect(p.message).toContain('"__proto__" cannot be an id');
    const m = model();
    m.strategies = [{ id: "__proto__" }];
    expect(
      problemAt(
        modelError(() => compile(m)),
        "strategies[0].id",
      )!.message,
    ).toContain('"__proto__" cannot be an id');
  });
});

describe("checks that used to pass vacuously or only in evaluate", () => {
  it("age in a formula without settings.startAge and without cohorts is an error", () => {
    const m = model();
    m.parameters.p_die = "age > 50 ? 0.2 : 0.1";
    const e = modelError(() => compile(m));
    expect(e.problems[0].where).toBe("settings.startAge");
    expect(e.problems[0].message).toBe("formulas use age, but no start age is given");
  });
  it("age with a start age in every cohort is fine", () => {
    const m = model();
    m.parameters.p_die = "age > 50 ? 0.2 : 0.1";
    m.cohorts = [{ id: "young", weight: 1, startAge: 20 }];
    // Ages 20..59 over the 40 cycles: p = 0.1 up to age 50 (cycles 1..31), then 0.2.
    const r = evaluate(compile(m));
    const expected = (() => {
      let alive = 1;
      let ly = 0;
      for (let t = 0; t < 40; t++) {
        ly += alive;
        alive *= 1 - (20 + t > 50 ? 0.2 : 0.1);
      }
      return ly;
    })();
    expect(r.strategies[0].lifeYears.undiscounted).toBeCloseTo(expected, 10);
  });
  it("an unknown settings.effect is refused when the model is compiled (so validate refuses it too)", () => {
    const m = model();
    m.settings.effect = "qualys";
    const p = problemAt(
      modelError(() => compile(m)),
      "settings.effect",
    )!;
    expect(p.message).toBe("unknown effect");
    expect(p.value).toBe("qualys");
  });
});

describe("cartecon with a refused model file", () => {
  it("evaluate: exit 1, the problem with its path, no stack trace, no output file", () => {
    const m = model();
    m.strategies = [{ id: "soc" }, { id: "new", parameter: { p_die: 0.01 } }];
    const out = join(tmp, "typo-results.csv");
    const r = cartecon("evaluate", file("typo.json", m), "--out", out);
    expect(r.code).toBe(1);
    expect(r.err).toContain("strategies[1].parameter: unknown field; did you mean parameters?");
    expect(r.err).not.toMatch(STACK);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(out + ".meta.json")).toBe(false);
  });
  it("validate: a duplicate key, exit 1 with line and column", () => {
    const r = cartecon("validate", file("dup.json", '{"name": "a", "name": "b"}'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('dup.json: cannot read model: line 1 column 15: duplicate key "name"');
  });
  it("validate: an unknown settings.effect, exit 1 (evaluate would refuse it)", () => {
    const m = model();
    m.settings.effect = "qualys";
    const r = cartecon("validate", file("effect.json", m));
    expect(r.code).toBe(1);
    expect(r.err).toContain('settings.effect: unknown effect (got "qualys")');
  });
  it("evaluate --json keeps parameters named constructor and toString with their values", () => {
    const m = model();
    m.parameters = { constructor: 0.1, toString: 1000, p_die: "constructor" };
    m.states[0].values.c = "toString";
    const r = cartecon("evaluate", file("names.json", m), "--json", "--set", "toString=2000");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.parameters.constructor.value).toBe(0.1);
    expect(j.parameters.toString.value).toBe(2000);
    expect(j.parameterOverrides).toEqual({ toString: 2000 });
    expect(j.strategies[0].lifeYears.undiscounted).toBeCloseTo(lifeYears(0.1), 10);
  });
  it("names typed on the command line are looked up as own names: inherited ones are unknown, exit 1", () => {
    const f = file("cli-names.json", model());
    const out = join(tmp, "cli-names.csv");
    for (const [args, message] of [
      [["evaluate", f, "--effect", "constructor", "--out", out], 'unknown effect "constructor"'],
      [["evaluate", f, "--strategies", "valueOf", "--out", out], 'unknown strategy "valueOf"'],
      [["evaluate", f, "--set", "__proto__=1", "--out", out], "--set __proto__: unknown parameter"],
      [["cart", "--preset", "constructor", "--out", out], '--preset: unknown preset "constructor"'],
      [["cart", "--disease", "__proto__", "--out", out], '--disease: unknown disease "__proto__"'],
    ] as const) {
      const r = cartecon(...args);
      expect(r.code).toBe(1);
      expect(r.err).toContain(message);
      expect(r.err).not.toMatch(STACK);
      expect(existsSync(out)).toBe(false);
    }
  });
  it("--set reads only plain decimals: 0x10, 0,5 and blank are usage errors (exit 2)", () => {
    const f = file("cli-set.json", model());
    for (const v of ["0x10", "0,5", ""]) {
      const r = cartecon("evaluate", f, "--set", `p_die=${v}`);
      expect(r.code).toBe(2);
      expect(r.err).toContain("the value of p_die must be a decimal number");
    }
  });
  it("escapes ANSI escapes and NUL in a model's name on the terminal", () => {
    const m = model();
    m.name = "\u001b[31mred\u0000\u009b2J";
    const r = cartecon("validate", file("ansi.json", m));
    expect(r.code).toBe(0);
    expect(r.out).toContain('OK: "\\x1b[31mred\\x00\\x9b2J"');
    expect(r.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});
