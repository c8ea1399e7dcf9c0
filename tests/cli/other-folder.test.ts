/**
 * cartecon run from a folder other than the project's: the shipped tables (data/cart, the presets' life
 * tables, data/access) are found in the package's own folder. Before, `cart`, `budget` and `psa --cart`
 * stopped with exit 3, "internal error: ENOENT: no such file or directory, scandir 'data/cart'".
 * Expected: the same output, byte for byte, as the same command run from the project's folder (the
 * shipped files are the same files, and the outputs name them by their relative paths either way).
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const elsewhere = mkdtempSync(join(tmpdir(), "cartecon-elsewhere-"));
// One spawn is killed at 100 s, inside the tests' 240 s, so a hung command fails with its output.
const cartecon = (cwd: string, ...args: string[]) => runCli(args, { cwd });

describe("cartecon from another folder", () => {
  for (const args of [
    ["cart", "--disease", "sle", "--json"],
    ["cart", "--disease", "ms", "--preset", "uk"],
    ["budget", "--disease", "sle"],
  ])
    it(`${args.join(" ")}: exit 0 and the same output as from the project's folder`, { timeout: 240_000 }, () => {
      const there = cartecon(elsewhere, ...args);
      expect(there.err).not.toMatch(/internal error|scandir|ENOENT/);
      expect(there.code, there.err).toBe(0);
      const here = cartecon(process.cwd(), ...args);
      expect(here.code, here.err).toBe(0);
      expect(there.out).toBe(here.out);
    });

  it("psa --cart sle writes its draws there, the same bytes as from the project's folder", { timeout: 240_000 }, () => {
    const there = cartecon(elsewhere, "psa", "--cart", "sle", "--n", "8", "--seed", "3", "--out", "draws.csv");
    expect(there.code, there.err).toBe(0);
    const hereDir = mkdtempSync(join(tmpdir(), "cartecon-here-"));
    const here = cartecon(
      process.cwd(),
      "psa",
      "--cart",
      "sle",
      "--n",
      "8",
      "--seed",
      "3",
      "--out",
      join(hereDir, "draws.csv"),
    );
    expect(here.code, here.err).toBe(0);
    expect(readFileSync(join(elsewhere, "draws.csv"), "utf8")).toBe(readFileSync(join(hereDir, "draws.csv"), "utf8"));
  });

  it(
    "a user's relative path is still read from the current folder: a missing one is named as typed",
    { timeout: 240_000 },
    () => {
      const r = cartecon(elsewhere, "cart", "--disease", "sle", "--life-table", "my-table.csv");
      expect(r.code).not.toBe(0);
      expect(r.err).toContain("my-table.csv");
      expect(r.err).not.toMatch(/internal error|^\s+at /m);
    },
  );
});
