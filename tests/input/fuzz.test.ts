/**
 * Property tests (fast-check, fixed seeds): random JSON, random edits of a valid model and random
 * CSV bytes fed to the readers give a result or a ModelError, never another exception; and the CLI
 * on a handful of random inputs exits 0, 1 or 2 without a stack trace.
 */
import { describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { lifeTableFromCsv } from "../../src/cart/model.js";
import { compileModel, evaluate, ModelError, numericTableFromCsv, parseJson } from "../../src/model/index.js";
import { cartecon, file, model, STACK } from "./helpers.js";

vi.setConfig({ testTimeout: 120_000 });

/** Small limits so a random horizon cannot make one run take seconds. */
const LIMITS = { maxCells: 20_000 };

/** Reads, compiles and evaluates; returns "ok" or "ModelError", and lets any other exception escape. */
function run(text: string): string {
  try {
    const spec = parseJson(text, "fuzz.json");
    const m = compileModel(spec, LIMITS);
    evaluate(m, { trace: false, perCycle: false });
    return "ok";
  } catch (err) {
    if (err instanceof ModelError) return "ModelError";
    throw err;
  }
}

function readCsv(read: () => unknown): string {
  try {
    read();
    return "ok";
  } catch (err) {
    if (err instanceof ModelError) return "ModelError";
    throw err;
  }
}

/** Places in a model where a random value goes. */
const PATHS = [
  "name",
  "settings",
  "settings.horizon",
  "settings.horizon.cycles",
  "settings.cycleLength",
  "settings.method",
  "settings.discount",
  "settings.discount.costs",
  "settings.startAge",
  "settings.effect",
  "parameters",
  "parameters.p_die",
  "parameters.constructor",
  "values",
  "values.0",
  "values.0.kind",
  "values.1.id",
  "states",
  "states.0",
  "states.0.values",
  "states.0.values.c",
  "states.1.dead",
  "states.0.timeInState",
  "transitions",
  "transitions.Alive",
  "transitions.Alive.Dead",
  "transitions.Dead.Dead",
  "init",
  "init.Alive",
  "strategies",
  "cohorts",
  "tables",
  "oneOff",
];

function setPath(o: Record<string, any>, path: string, v: unknown): Record<string, any> {
  const keys = path.split(".");
  let cur: any = o;
  for (const k of keys.slice(0, -1)) {
    if (cur === null || typeof cur !== "object") return o;
    cur = cur[k];
  }
  if (cur !== null && typeof cur === "object")
    Object.defineProperty(cur, keys[keys.length - 1], {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return o;
}

/** Formulas from pieces that parse or nearly parse. */
const formula = fc
  .array(
    fc.constantFrom(
      "p_die",
      "0.1",
      "1",
      "+",
      "-",
      "*",
      "/",
      "^",
      "(",
      ")",
      "cycle",
      "age",
      "?",
      ":",
      "<",
      "exp(",
      "lookup(",
      '"t"',
      ",",
      "constructor",
      "C",
      "1e308",
      "0x10",
    ),
    { maxLength: 12 },
  )
  .map((a) => a.join(" "));
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  formula,
  fc.constantFrom(1e9, -1, 0, 0.5, NaN, "", "__proto__", "toString"),
);

describe("readers never throw anything but ModelError", () => {
  it("random text as a model file", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        expect(["ok", "ModelError"]).toContain(run(text));
      }),
      { seed: 20261204, numRuns: 300 },
    );
  });
  it("random JSON as a model file", () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), (text) => {
        expect(["ok", "ModelError"]).toContain(run(text));
      }),
      { seed: 42, numRuns: 300 },
    );
  });
  it("a valid model with random values put at random places", () => {
    let ok = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...PATHS), value), { minLength: 1, maxLength: 3 }), (edits) => {
        const m = model();
        for (const [p, v] of edits) setPath(m, p, v);
        const r = run(JSON.stringify(m) ?? "null");
        if (r === "ok") ok++;
        expect(["ok", "ModelError"]).toContain(r);
      }),
      { seed: 7, numRuns: 400 },
    );
    expect(ok).toBeGreaterThan(0); // some edits keep the model valid: the property is not vacuous
  });
  it("random CSV bytes as a life table or a model table", () => {
    const cell = fc.string({ unit: fc.constantFrom(...'0123456789.,;"\n\r -xeEAgeFmaMl\u0000\u00a0'), maxLength: 60 });
    fc.assert(
      fc.property(fc.boolean(), cell, (withHeader, body) => {
        const text = (withHeader ? "Age,Female,Male\n" : "") + body;
        expect(["ok", "ModelError"]).toContain(readCsv(() => lifeTableFromCsv(text, "lt.csv")));
        expect(["ok", "ModelError"]).toContain(readCsv(() => numericTableFromCsv(text, "t.csv", "Age")));
      }),
      { seed: 99, numRuns: 1000 },
    );
  });
});

describe("cartecon on random inputs", () => {
  it("exits 0, 1 or 2 and never prints a stack trace", () => {
    const texts = [
      ...fc.sample(fc.json({ maxDepth: 3 }), { seed: 1, numRuns: 2 }),
      ...fc.sample(fc.string({ unit: "binary", maxLength: 200 }), { seed: 2, numRuns: 1 }),
      ...fc
        .sample(fc.array(fc.tuple(fc.constantFrom(...PATHS), value), { minLength: 1, maxLength: 2 }), {
          seed: 3,
          numRuns: 3,
        })
        .map((edits) => {
          const m = model();
          for (const [p, v] of edits) setPath(m, p, v);
          return JSON.stringify(m) ?? "null";
        }),
    ];
    texts.forEach((text, i) => {
      const r = cartecon("validate", file(`fuzz-${i}.json`, text), "--max-cells", "20000");
      expect([0, 1, 2]).toContain(r.code);
      expect(r.err).not.toMatch(STACK);
      expect(r.err).not.toContain("internal error");
    });
  });
});
