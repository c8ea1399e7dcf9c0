/**
 * The Validation page's checks (src/data/validation-checks.ts, run by the data loader
 * src/data/validation.json.ts when the site is built): every check passes, and every expected value
 * is the one the golden tests use, at the same precision. Also the other build-time loaders of the
 * Methods page (evidence gaps, CHEERS checklist).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  aliveDead,
  assertAllPass,
  runValidationChecks,
  sonnenbergBeck,
  type ValidationCheck,
} from "../../src/data/validation-checks.js";
import { evidenceStatus } from "../../src/data/evidence-status.js";
import { loadPublished } from "../../src/data/published-values.js";
import { CHEERS_2022, cheersProblems } from "../../src/data/cheers.js";
import { loadEvidence } from "../../src/cart/load.js";
import { definedFor, PARAMETERS } from "../../src/cart/dictionary.js";
import * as helpers from "../../bench/models.js";

const checks = runValidationChecks("data/models");

describe("validation checks of the Validation page", () => {
  it("all pass", () => {
    const failed = checks.filter((c) => !c.pass).map((c) => `${c.id}: expected ${c.expected}, computed ${c.computed}`);
    expect(failed).toEqual([]);
    expect(() => assertAllPass(checks)).not.toThrow();
  });

  it("cover the closed forms and every published worked example", () => {
    expect(checks.length).toBeGreaterThanOrEqual(60);
    expect(new Set(checks.map((c) => c.id)).size).toBe(checks.length);
    const ids = checks.map((c) => c.id);
    for (const prefix of [
      "discount-factor",
      "annuity-due",
      "alive-dead-",
      "sonnenberg-beck-",
      "hiv-",
      "darth-ti-",
      "darth-ad-",
      "darth-sr-",
      "darth-sr-constant-",
      "thr-",
    ]) {
      expect(
        ids.some((id) => id.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
  });

  it("take every published value, its precision and citation from data/validation/expected.json, as the golden tests do", () => {
    const published = loadPublished();
    const used = new Set<string>();
    // "authors' code": the values of a model whose article prints none, typed in the same file with that source
    const numeric = checks.filter(
      (x) => (x.kind === "published example" || x.kind === "authors' code") && typeof x.expected === "number",
    );
    expect(numeric.length).toBeGreaterThan(0);
    for (const c of numeric) {
      const [model, key] = c.golden.text.split("/");
      used.add(c.golden.text);
      const kind = published.kind(model, key);
      expect(kind, c.golden.text).not.toBeNull();
      const p = kind === "table" ? published.table(model, key) : published.value(model, key);
      expect(c.decimals, c.id).toBe(p.decimals);
      expect(c.source, c.id).toContain(p.source);
      if (kind === "table") expect(published.table(model, key).rows.flat(), c.id).toContain(c.expected);
      else expect(c.expected, c.id).toBe(published.value(model, key).value);
      expect(c.golden.file, c.id).toMatch(/^tests\/validation\/.+\.test\.ts$/);
      expect(readFileSync(c.golden.file, "utf8"), `${c.golden.file} reads ${model}`).toContain(`"${model}"`);
    }
    // every published value is shown on the page; a table only the golden tests read is named there
    const golden = readdirSync("tests/validation")
      .filter((f) => f.endsWith(".test.ts"))
      .map((f) => readFileSync(`tests/validation/${f}`, "utf8"));
    const unread = published.keys().filter((k) => {
      const [model, key] = k.split("/");
      return (
        !used.has(k) &&
        !(
          published.kind(model, key) === "table" &&
          golden.some((t) => t.includes(`"${model}"`) && t.includes(`"${key}"`))
        )
      );
    });
    expect(unread).toEqual([]);
  });

  it("label the values of the authors' code as such, never as published (the DARTH state-residence example)", () => {
    const authors = checks.filter((x) => x.kind === "authors' code");
    expect(authors.map((x) => x.id)).toContain("darth-sr-SoC-cost");
    for (const c of authors) {
      expect(c.source, c.id).toMatch(/^Output of the authors' code, not a published figure/);
      expect(c.model, c.id).toMatch(/darth-sick-sicker-state-residence/);
    }
    for (const c of checks.filter((x) => x.kind === "published example"))
      expect(c.source, c.id).not.toMatch(/authors' code/);
  });

  it("take every closed-form value and its precision from the closed-form test", () => {
    const closedForm = checks.filter((x) => x.kind === "closed form");
    expect(closedForm.length).toBeGreaterThan(0);
    for (const c of closedForm) {
      expect(c.golden.file, c.id).toBe("tests/model/closed-form.test.ts");
      expect(
        readFileSync(c.golden.file, "utf8").includes(c.golden.text),
        `${c.id}: "${c.golden.text}" in ${c.golden.file}`,
      ).toBe(true);
      const closeTo = /^toBeCloseTo\((.+), (\d+)\)$/.exec(c.golden.text)!;
      expect(closeTo, c.id).not.toBeNull();
      expect(c.tolerance, c.id).toBe(0.5 * Math.pow(10, -c.decimals!));
      expect(Number(closeTo[2]), c.id).toBe(c.decimals);
      if (/^[\d.]+$/.test(closeTo[1])) expect(Number(closeTo[1]), c.id).toBe(c.expected);
    }
  });

  it("the published values' file names its sources for every value", () => {
    const published = loadPublished();
    for (const k of published.keys()) {
      const [model, key] = k.split("/");
      const p = published.kind(model, key) === "table" ? published.table(model, key) : published.value(model, key);
      expect(p.source.length, k).toBeGreaterThan(20);
      expect(p.where.length, k).toBeGreaterThan(5);
      expect(Number.isInteger(p.decimals) && p.decimals >= 0, k).toBe(true);
    }
  });

  it("use the same small models as the closed-form tests", () => {
    for (const method of ["beginning", "end", "half-cycle", "simpson"])
      expect(aliveDead({ method })).toEqual(helpers.aliveDead({ method }));
    for (const method of ["beginning", "end", "half-cycle"])
      expect(sonnenbergBeck(method)).toEqual(helpers.sonnenbergBeck(method));
  });

  it("fail loudly: a failed check makes assertAllPass throw with its id", () => {
    const bad: ValidationCheck = { ...checks[0], computed: 1, difference: 0.3, pass: false };
    expect(() => assertAllPass([bad, ...checks.slice(1)])).toThrow(
      new RegExp(`1 of ${checks.length} validation checks failed[\\s\\S]*${bad.id}`),
    );
  });

  it("the data loader writes every check as JSON and exits 0", { timeout: 60_000 }, () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", "src/data/validation.json.ts"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 60_000,
    });
    const json = JSON.parse(out) as { checks: ValidationCheck[]; builtAt: string; version: string };
    expect(json.checks.length).toBe(checks.length);
    expect(json.checks.every((c) => c.pass)).toBe(true);
    expect(json.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("Methods page loaders", () => {
  const evidence = loadEvidence();
  const status = evidenceStatus(evidence);

  it("evidence gaps: row counts by disease and by platform add up to every row of the parameter tables", () => {
    const sum = (rows: Array<{ total: number; seen: number; calculated: number; assumption: number }>) =>
      rows.reduce((a, r) => a + r.total, 0);
    expect(sum(status.byDisease)).toBe(evidence.parameters.length);
    expect(sum(status.byPlatform)).toBe(evidence.parameters.length);
    for (const r of [...status.byDisease, ...status.byPlatform, ...status.inputs])
      expect(r.seen + r.calculated + r.assumption).toBe(r.total);
  });

  it("evidence gaps: a CAR T arm reads one input per parameter, and 'always assumed' parameters have no seen or calculated input", () => {
    for (const r of status.inputs)
      expect(r.total, r.disease).toBe(PARAMETERS.filter((p) => definedFor(p, r.disease)).length);
    expect(status.inputs.length).toBe(2 * evidence.diseases.length * 3);
    const ids = new Set(status.alwaysAssumed.map((p) => p.id));
    expect(ids.size).toBeGreaterThan(0);
    for (const id of ids)
      expect(
        evidence.parameters.some((r) => r.id === id && r.status === "assumption"),
        id,
      ).toBe(true);
    // Parameters with a seen or calculated input somewhere are not listed: the comparator drug cost
    // (seen for MS), the autologous price (seen in GBP), p_response (calculated for autologous CAR T in SLE).
    for (const id of ["c_soc_drug", "c_price", "p_response"]) expect(ids.has(id), id).toBe(false);
  });

  it("CHEERS 2022: 28 items in order, every file and page named exists", () => {
    const pages = [
      "/index",
      "/explorer",
      "/parameters",
      "/methods",
      "/validation",
      "/durability",
      "/access",
      "/uncertainty",
      "/summary",
    ].filter((p) => existsSync(`src${p}.md`));
    expect(cheersProblems(CHEERS_2022, existsSync, pages)).toEqual([]);
    expect(CHEERS_2022.map((x) => x.topic)).toEqual([
      "Title",
      "Abstract",
      "Background and objectives",
      "Health economic analysis plan",
      "Study population",
      "Setting and location",
      "Comparators",
      "Perspective",
      "Time horizon",
      "Discount rate",
      "Selection of outcomes",
      "Measurement of outcomes",
      "Valuation of outcomes",
      "Measurement and valuation of resources and costs",
      "Currency, price date, and conversion",
      "Rationale and description of model",
      "Analytics and assumptions",
      "Characterising heterogeneity",
      "Characterising distributional effects",
      "Characterising uncertainty",
      "Approach to engagement with patients and others affected by the study",
      "Study parameters",
      "Summary of main results",
      "Effect of uncertainty",
      "Effect of engagement with patients and others affected by the study",
      "Study findings, limitations, generalisability, and current knowledge",
      "Source of funding",
      "Conflicts of interest",
    ]);
  });
});
