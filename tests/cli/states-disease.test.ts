/**
 * `cartecon cart --states` without `--disease` runs every disease and writes their state tables into
 * one file. Before, the file had no disease column: each (population, strategy, state) key, such as
 * "intention to treat,soc,Waiting", appeared once per disease with nothing to say which disease a row
 * was. Expected (from the command's own definition, one row per disease × population × strategy ×
 * health state): the first column is `disease`, and (disease, population, strategy, state) is unique.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "cartecon-states-"));

describe("cartecon cart --states", () => {
  it("names the disease on every row when it runs every disease", { timeout: 240_000 }, () => {
    const file = join(dir, "states.csv");
    const r = runCli(["cart", "--states", file], { timeoutMs: 200_000 });
    expect(r.code, r.err).toBe(0);
    const [header, ...rows] = readFileSync(file, "utf8").trim().split("\n");
    const columns = header.split(",");
    expect(columns.slice(0, 4)).toEqual(["disease", "population", "strategy", "state"]);
    // State ids, strategy ids and the population hold no comma, so the first four cells split plainly.
    const keys = rows.map((line) => line.split(",").slice(0, 4).join(","));
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(rows.map((line) => line.split(",")[0]))).toEqual(
      new Set(["sle", "ms", "mg", "aav", "graves", "t1d"]),
    );
  });
});
