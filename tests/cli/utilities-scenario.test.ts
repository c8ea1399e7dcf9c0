/**
 * The shipped scenario data/cart/correlations/utilities-one-quantile.csv (docs/methods.md,
 * "Probabilistic analysis inputs"): `cartecon psa --cart <disease> --correlation <it>` draws a
 * disease's three health-state utilities at one quantile, so every draw has them in order, and the
 * .meta.json records the matrix of 1s. Multiple sclerosis: 424 of 1,000 independent draws (seed 1)
 * had u_controlled above u_remission; without the file, the note after the summary and the .meta.json
 * count such draws (ORDERED_PARAMETERS), checked against the draws CSV.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { csvParse } from "d3-dsv";
import { runCli } from "../helpers/cli.js";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-utilities-"));
const FILE = "data/cart/correlations/utilities-one-quantile.csv";

describe("the utilities-at-one-quantile scenario file", { timeout: 360_000 }, () => {
  it("psa --cart ms --correlation: utilities ordered in every draw; the matrix in .meta.json", () => {
    const out = join(tmp, "draws.csv");
    const r = runCli(
      ["psa", "--cart", "ms", "--n", "60", "--seed", "1", "--correlation", FILE, "--out", out, "--no-progress"],
      {
        timeoutMs: 300_000,
      },
    );
    expect(r.code, r.err).toBe(0);
    const rows = csvParse(readFileSync(out, "utf8"));
    expect(rows.length).toBe(60);
    for (const row of rows) {
      expect(Number(row.u_active), `draw ${row.draw}`).toBeLessThanOrEqual(Number(row.u_controlled));
      expect(Number(row.u_controlled), `draw ${row.draw}`).toBeLessThanOrEqual(Number(row.u_remission));
    }
    const meta = JSON.parse(readFileSync(out + ".meta.json", "utf8"));
    // The order note leaves out the utilities (0 reversals) and still lists the platforms' pairs.
    expect(r.out).not.toMatch(/u_controlled above u_remission/);
    expect(meta.orderReversals.find((x: { lower: string }) => x.lower === "u_controlled").reversed).toBe(0);
    expect(meta.correlation).toEqual({
      ids: ["u_active", "u_controlled", "u_remission"],
      matrix: [
        [1, 1, 1],
        [1, 1, 1],
        [1, 1, 1],
      ],
    });
  });
  it("psa --cart ms without it: the note and .meta.json count the draws with a pair reversed, as the draws CSV has them", () => {
    const out = join(tmp, "independent.csv");
    const r = runCli(["psa", "--cart", "ms", "--n", "60", "--seed", "1", "--out", out, "--no-progress"], {
      timeoutMs: 300_000,
    });
    expect(r.code, r.err).toBe(0);
    const rows = csvParse(readFileSync(out, "utf8"));
    // Counted here from the CSV's columns, not by the code that printed the note.
    const count = (lower: string, higher: string) =>
      rows.filter((row) => Number(row[lower]) > Number(row[higher])).length;
    const meta = JSON.parse(readFileSync(out + ".meta.json", "utf8"));
    const pairs: Array<[string, string]> = [
      ["u_active", "u_controlled"],
      ["u_controlled", "u_remission"],
      ["u_damage", "u_controlled"],
      ["r_damage_remission", "r_damage_controlled"],
      ["r_damage_controlled", "r_damage_active"],
      ["p_response__allogeneic", "p_response"],
      ["p_response__invivo", "p_response__allogeneic"],
      ["r_relapse", "r_relapse__allogeneic"],
      ["r_relapse__allogeneic", "r_relapse__invivo"],
    ];
    expect(meta.orderReversals).toEqual(
      pairs.map(([lower, higher]) => ({ lower, higher, reversed: count(lower, higher), n: 60 })),
    );
    expect(count("u_controlled", "u_remission")).toBeGreaterThan(0);
    for (const [lower, higher] of pairs) {
      const k = count(lower, higher);
      if (k > 0)
        expect(r.out).toContain(`  ${lower} above ${higher}: ${k} of 60 draws (${((100 * k) / 60).toFixed(1)}%)`);
    }
  });
});
