/** `cartecon budget` as a user runs it. */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { dataStamp } from "../../src/cart/load.js";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { csvParse } from "d3-dsv";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-budget-"));
const cartecon = (...args: string[]) => runCli(args, { timeoutMs: 120_000 });

describe("cartecon budget", { timeout: 180_000 }, () => {
  it("writes the budget by year with its assumptions, and JSON whose per-year net is gross plus offsets", () => {
    const out = join(tmp, "budget.csv");
    const r = cartecon(
      "budget",
      "--disease",
      "ms",
      "--years",
      "4",
      "--capacity",
      "500,1000,0.1",
      "--payment",
      "instalments:5,0.03,stop",
      "--out",
      out,
      "--json",
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.budget).toHaveLength(4);
    for (const y of json.budget) expect(y.net_budget_impact).toBeCloseTo(y.gross_cart_spend + y.offsets, 4);
    // Retreatment is its own line: the year's column equals the component rows with id "retreatment".
    for (const y of json.budget)
      expect(y.retreatment).toBeCloseTo(
        json.components.find(
          (c: { year: number; component: string }) => c.year === y.year && c.component === "retreatment",
        ).amount,
        4,
      );
    expect(json.budget[3].retreatment).toBeGreaterThan(0);
    expect(json.meta.payment).toBe("instalments:5,0.03,stop");
    const csv = csvParse(readFileSync(out, "utf8"));
    expect(csv.length).toBe(4);
    expect(Number(csv[3].cumulative_net)).toBeCloseTo(json.budget[3].cumulative_net, 4);
    const meta = JSON.parse(readFileSync(`${out}.meta.json`, "utf8"));
    expect(meta.capacity).toEqual({ manufacturingPerYear: 500, centrePerYear: 1000, growthPerYear: 0.1 });
    expect(meta.assumptions.length).toBeGreaterThan(2);
    // The report's data stamp: the page's download of the same settings names the same (review s37).
    expect(meta.dataStamp).toBe(dataStamp());
  });

  it("rejects a horizon of 0, a negative capacity, uptake over 100% and 0 instalments as usage errors (exit 2), an unknown preset or platform as input errors (exit 1), naming each, no stack trace", () => {
    const cases: Array<[string[], RegExp, number]> = [
      [["--years", "0"], /--years: .*got 0/, 2],
      [["--capacity", "-5"], /capacity manufacturingPerYear.*got -5/, 2],
      [["--uptake", "constant:1.5"], /--uptake\.level.*got 1\.5/, 2],
      [["--payment", "instalments:0,0.03,stop"], /instalment count.*got 0/, 2],
      [["--rule", "foo"], /--rule: unknown allocation rule \(got "foo"\); expected fcfs or severity/, 2],
      // an inherited property name is not a preset (it once reached the code as a function: exit 3)
      [["--preset", "constructor"], /--preset: unknown preset "constructor".*us, uk/, 1],
      [
        ["--platform", "car-nk"],
        /--platform: unknown platform \(got "car-nk"\); expected autologous, allogeneic, invivo/,
        1,
      ],
    ];
    for (const [args, msg, code] of cases) {
      const r = cartecon("budget", ...args);
      expect(r.code, r.err).toBe(code);
      expect(r.err).toMatch(msg);
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(r.out).toBe("");
    }
  });

  it("an unknown option is a usage error (exit 2)", () => {
    expect(cartecon("budget", "--nope").code).toBe(2);
  });
});
