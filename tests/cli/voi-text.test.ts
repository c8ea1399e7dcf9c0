/**
 * `cartecon voi` without --json prints the decision at the WTP (voiReport's `decision` rows) as a
 * table, with the unit of the amounts. Defect pinned (s27): the text output gave the optimal
 * strategy and the EVPI only; the mean net benefit, probability best and expected loss of each
 * strategy were in --json alone. Also: names from the user's files are printed with control
 * characters made visible, as every other command prints them.
 *
 * Hand calculation (4 draws, net benefit per draw):
 *   A: 10, 0, 20, 6   mean 9      best in draws 1 and 3 -> P(best) 0.5
 *   B:  0, 20, 10, 8  mean 9.5    best in draws 2 and 4 -> P(best) 0.5
 *   max per draw: 10, 20, 20, 8 -> mean 14.5
 *   expected loss A = 14.5 - 9 = 5.5, B = 14.5 - 9.5 = 5.0; optimal B (higher mean); EVPI = 5.00.
 * With costs 0 and effects A 5,0,10,3, B 0,10,5,4 at WTP 2, the net benefit (2 × effect − 0) is the same.
 */
import { describe, expect, it } from "vitest";
import { cartecon } from "../helpers/cli.js";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { csvParse } from "d3-dsv";
import { evppiTextTable } from "../../src/cli/commands/voi.js";
import type { EvppiResult } from "../../src/uncertainty/index.js";
import { tmpdir } from "node:os";
import { join } from "node:path";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-voi-text-"));
const file = (name: string, text: string) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};

const TABLE = [
  "strategy  mean NB  P(best)  expected loss  optimal",
  "--------  -------  -------  -------------  -------",
  "A            9.00    0.500           5.50",
  "B            9.50    0.500           5.00  *",
].join("\n");

describe("cartecon voi: the decision rows in the text output", () => {
  it(
    "--nb: a table of mean NB, P(best), expected loss and the optimal, in the table's unit",
    { timeout: 120_000 },
    () => {
      const nb = file("nb.csv", "A,B\n10,0\n0,20\n20,10\n6,8\n");
      const r = cartecon("voi", "--nb", nb);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain(
        "Decision at the WTP of the net-benefit table; net benefit per patient, in the net-benefit table's unit:\n" +
          TABLE,
      );
      expect(r.out).toContain("EVPI per patient: 5.00 (in the net-benefit table's unit)");
    },
  );
  it("--costs/--effects: the same rows at --wtp, in the costs' unit", { timeout: 120_000 }, () => {
    const costs = file("costs.csv", "A,B\n0,0\n0,0\n0,0\n0,0\n");
    const effects = file("effects.csv", "A,B\n5,0\n0,10\n10,5\n3,4\n");
    const r = cartecon("voi", "--costs", costs, "--effects", effects, "--wtp", "2");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(
      "Decision at WTP 2 per unit of effect; net benefit per patient, in the costs' unit (effect × 2 − cost):\n" +
        TABLE,
    );
    expect(r.out).toContain("EVPI per patient: 5.00 (in the costs' unit)");
    // The same numbers as --json's decision rows.
    const j = JSON.parse(cartecon("voi", "--costs", costs, "--effects", effects, "--wtp", "2", "--json").out);
    expect(j.decision.map((d: { meanNb: number }) => d.meanNb)).toEqual([9, 9.5]);
    expect(j.decision.map((d: { expectedLoss: number }) => d.expectedLoss)).toEqual([5.5, 5]);
  });
  it("a strategy name with an escape sequence is printed with it made visible", { timeout: 120_000 }, () => {
    const nb = file("nb-esc.csv", "\u001b[31mred,B\n10,0\n0,20\n20,10\n6,8\n");
    const r = cartecon("voi", "--nb", nb);
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toContain("\u001b");
    expect(r.out).toContain("\\x1b[31mred");
  });
});

describe("cartecon voi --out: a group's names in the parameters cell split back", () => {
  it("quotes a name holding '+' inside the '+'-joined cell", { timeout: 120_000 }, () => {
    // Defect (s33 CLI review): the group of "1+p" and "two" was written 1+p+two, which reads as three
    // names. 24 draws of three inputs and two strategies' net benefit (B's depends on "1+p").
    const rows = Array.from({ length: 24 }, (_, i) => [(i % 7) / 7, ((i * 5) % 11) / 11, ((i * 3) % 5) / 5]);
    const inputs = file("inputs-plus.csv", '"1+p",two,c\n' + rows.map((r) => r.join(",")).join("\n") + "\n");
    const nb = file("nb-plus.csv", "A,B\n" + rows.map((r) => `0,${r[0] - 0.4 + r[1] / 10}`).join("\n") + "\n");
    const out = join(tmp, "evppi-plus.csv");
    const r = cartecon("voi", "--inputs", inputs, "--nb", nb, "--parameters", '"1+p",two', "--out", out);
    expect(r.code, r.err).toBe(0);
    const table = csvParse(readFileSync(out, "utf8"));
    // Every cell by one rule (src/uncertainty/groups.ts joinGroup), the single "1+p" quoted too.
    expect(table.map((row) => row.parameters)).toEqual(['"1+p"', "two", "c", '"1+p"+two']);
  });
});

describe("evppiTextTable(rows, population)", () => {
  it("aligns the numbers whatever the names' length, largest first, with thousands separators", () => {
    // Defect (s33 CLI review): names were padded to 30 characters, so a longer group name pushed its
    // numbers out of line, and amounts had no thousands separators. Written out by hand:
    const rows = [
      { parameters: ["b"], evppi: 0, se: 0, method: "constant" },
      {
        parameters: ["a long parameter name", "another long one"],
        evppi: 12345.678,
        se: 101.5,
        method: "tensor-pspline",
      },
      { parameters: ["a"], evppi: 3.14159, method: "pspline" },
    ] as EvppiResult[];
    expect(evppiTextTable(rows, (x) => x * 10)).toBe(
      [
        "  parameters                                    EVPPI    ± SE  method          population EVPPI",
        "  ----------------------------------------  ---------  ------  --------------  ----------------",
        "  a long parameter name + another long one  12,345.68  101.50  tensor-pspline           123,457",
        "  a                                              3.14          pspline                       31",
        "  b                                              0.00    0.00  constant                       0",
      ].join("\n"),
    );
  });
});
