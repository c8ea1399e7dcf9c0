// Entry point: `cartecon cart --preset/--set/--params` (issue 10, items 1 and 3). The CLI applies the
// same own-property look-ups and the same range check as the report: exit 1 with every problem
// named (docs/cli.md), never a stack trace, and nothing written.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-cart-cli-"));
const cartecon = (...args: string[]) => runCli(args, { timeoutMs: 110_000 });
const SLOW = 120_000; // spawns Node and runs the model on a shared 2-core machine

describe("cartecon cart with hostile or out-of-range input", () => {
  for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
    it(
      `--preset ${name} is an unknown preset (exit 1), not a data-file error`,
      () => {
        const r = cartecon("cart", "--disease", "sle", "--preset", name);
        expect(r.code).toBe(1);
        expect(r.err).toBe(`error: --preset: unknown preset "${name}" (got "${name}"); expected us, uk\n`);
      },
      SLOW,
    );
  }

  it(
    "--set refuses out-of-range, non-decimal and unknown values all at once, writes nothing, exit 1",
    () => {
      const out = join(tmp, "refused.csv");
      const r = cartecon(
        "cart",
        "--disease",
        "sle",
        "--set",
        "p_male=2",
        "--set",
        "__proto__=1",
        "--set",
        "c_price=0x10",
        "--set",
        "c_pric=1",
        "--out",
        out,
      );
      expect(r.code).toBe(1);
      expect(r.err).toBe(
        "error: invalid --set: 4 problems\n" +
          "  - --set p_male: p_male is out of range (got 2); expected a number in [0, 1]\n" +
          '  - --set __proto__: unknown parameter "__proto__" (got "1"); expected a parameter of src/cart/dictionary.ts (platform parameters: id, id__allogeneic, id__invivo)\n' +
          '  - --set c_price: c_price: not a decimal number (hexadecimal, binary and octal are not read) (got "0x10"); expected a cost in [0, 1,000,000,000]\n' +
          '  - --set c_pric: unknown parameter "c_pric"; did you mean c_price? (got "1"); expected a parameter of src/cart/dictionary.ts (platform parameters: id, id__allogeneic, id__invivo)\n',
      );
      expect(existsSync(out)).toBe(false);
    },
    SLOW,
  );

  it(
    "--set applies a value in range and records it in the metadata",
    () => {
      const out = join(tmp, "set.csv");
      const r = cartecon("cart", "--disease", "sle", "--set", "c_price=300000", "--out", out, "--json");
      expect(r.code).toBe(0);
      const j = JSON.parse(r.out);
      expect(j[0].overrides).toEqual({ c_price: 300000 });
      expect(
        j[0].versusSoc.find((v: { strategy: string }) => v.strategy === "autologous").thresholds[0].currentPrice,
      ).toBe(300000);
      expect(JSON.parse(readFileSync(`${out}.meta.json`, "utf8")).overrides).toEqual({ c_price: 300000 });
    },
    SLOW,
  );

  it(
    "--params with a semicolon-separated export is named as such (exit 1)",
    () => {
      const params = join(tmp, "semi.csv");
      expect(cartecon("cart", "--export-params", params).code).toBe(0);
      writeFileSync(params, readFileSync(params, "utf8").replaceAll(",", ";"));
      const r = cartecon("cart", "--disease", "sle", "--params", params);
      expect(r.code).toBe(1);
      expect(r.err).toContain("row 1: the file is separated by semicolons, not commas");
      expect(r.err).toContain("CSV UTF-8 (Comma delimited)");
      expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    },
    SLOW,
  );
});
