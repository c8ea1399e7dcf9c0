/**
 * Ids of parameters, states, values, strategies and cohorts are at most 200 characters
 * (docs/model-spec.md, "Ids"). Defect (s28): parameter, state and value ids had no length limit, so a
 * 100,000-character id went whole into every message, CSV header and terminal line. Expected: the
 * documented limit (200 accepted, 201 refused) and lengths counted by hand; the message shows the
 * id cut to its first characters and its length.
 */
import { describe, expect, it } from "vitest";
import { aliveDead } from "../../bench/models.js";
import { compileModel, evaluate, formatProblem, type ModelSpec } from "../../src/model/index.js";
import { modelError, problemOf } from "../helpers/errors.js";

const EXPECTED = "a name of ASCII letters, digits and _, not starting with a digit, at most 200 characters";
/** An id of `n` characters: "p_" and n − 2 letters a. */
const idOf = (n: number) => "p_" + "a".repeat(n - 2);
const plain = (): ModelSpec => JSON.parse(JSON.stringify(aliveDead()));
/** The two-state model with its state Alive renamed `id` everywhere it is named. */
const withState = (id: string): ModelSpec =>
  JSON.parse(JSON.stringify(aliveDead()).replaceAll('"Alive"', JSON.stringify(id)));

describe("id length: at most 200 characters", () => {
  it("a parameter id of 200 characters is read and used; 201 is refused with the length", () => {
    const ok = plain();
    ok.parameters![idOf(200)] = 0.05;
    ok.transitions = { Alive: { Alive: "C", Dead: idOf(200) }, Dead: { Dead: 1 } };
    // Death probability 0.05, counted at the beginning of 40 cycles: undiscounted life years
    // sum_{t=0}^{39} 0.95^t = (1 − 0.95^40) / 0.05 = 17.4296 (by hand: 0.95^40 = 0.128512).
    const ly = evaluate(compileModel(ok)).strategies[0].lifeYears.undiscounted;
    expect(ly).toBeCloseTo((1 - 0.95 ** 40) / 0.05, 9);
    const bad = plain();
    bad.parameters![idOf(201)] = 0.05;
    const p = problemOf(() => compileModel(bad));
    expect(p.where).toBe(`parameters.${idOf(201)}`);
    expect(p.message).toBe("invalid parameter id: longer than 200 characters (201)");
    expect(p.expected).toBe(EXPECTED);
  });

  it("a 100,000-character parameter id is refused in a message of a few hundred characters, the id cut and counted", () => {
    const m = plain();
    const id = idOf(100_000);
    m.parameters![id] = 0.1;
    const e = modelError(() => compileModel(m));
    expect(e.total).toBe(1);
    // The path's name cut to its first 40 characters ("p_" + 38 a), the value to its first 77 (formatValue).
    expect(e.message).toBe(
      `invalid model: parameters.${id.slice(0, 40)}... (100000 characters): invalid parameter id: longer than 200 characters (100000)` +
        ` (got "${id.slice(0, 77)}"... (100000 characters)); expected ${EXPECTED}`,
    );
    expect(e.message.length).toBeLessThan(400);
    // The problem itself keeps the whole path (what a program matching paths reads).
    expect(e.problems[0].where).toBe(`parameters.${id}`);
  });

  it("a state id of 201 characters is refused, 200 is read", () => {
    expect(() => compileModel(withState(idOf(200)))).not.toThrow();
    const p = problemOf(() => compileModel(withState(idOf(201))));
    expect(p.where).toBe("states[0].id");
    expect(p.message).toBe("invalid state id: longer than 200 characters (201)");
    expect(p.expected).toBe(EXPECTED);
  });

  it("a value id of 201 characters is refused", () => {
    const m = plain();
    m.values!.push({ id: idOf(201), kind: "other" });
    const p = problemOf(() => compileModel(m));
    expect(p.where).toBe("values[2].id");
    expect(p.message).toBe("invalid value id: longer than 200 characters (201)");
    expect(p.expected).toBe(EXPECTED);
  });

  it("a strategy id of 201 characters is refused as before, now with its length", () => {
    const m = plain();
    m.strategies = [{ id: "s".repeat(201) }];
    const e = modelError(() => compileModel(m));
    expect(e.problems.map((p) => p.message)).toContain("invalid strategy id: longer than 200 characters (201)");
  });

  it("formatProblem cuts a name of 201 characters in a path, never a file's path of short folder names", () => {
    // 150 + 150 characters of folder names, 316 in all: no name over 200, so the path stands whole.
    const file = `/tmp/${"a".repeat(150)}/${"b".repeat(150)}/m.json`;
    expect(formatProblem({ where: `${file} line 2 column 3`, message: "x" })).toBe(`${file} line 2 column 3: x`);
    expect(formatProblem({ where: `states[0].values.${"v".repeat(201)}`, message: "x" })).toBe(
      `states[0].values.${"v".repeat(40)}... (201 characters): x`,
    );
    expect(formatProblem({ where: `states[0].values.${"v".repeat(200)}`, message: "x" })).toBe(
      `states[0].values.${"v".repeat(200)}: x`,
    );
  });
});
