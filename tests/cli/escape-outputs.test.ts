/**
 * Every command prints text the user gave (file names, model names, ids) with control characters
 * made visible, as `evaluate` and `voi` already did: `psa`, `dsa` and `evppi` wrote it raw, so a
 * model file named "\x1b[31m…" recoloured the terminal (s27 review). The model is the HIV model
 * (data/models/hiv-chancellor-1997.json) saved under a name holding an ANSI colour sequence and a
 * right-to-left override, which these commands print as the model's label; the expected text is the
 * escape written as `\x1b` and `\u{202e}` (src/cli/format.ts's documented rule; JSON's own `\u001b`
 * and `\u202e` in --json), and no raw ESC or U+202E anywhere in the output.
 */
import { describe, expect, it } from "vitest";
import { cartecon } from "../helpers/cli.js";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-escape-"));
const file = join(tmp, "\u001b[31mred\u202e model.json");
writeFileSync(file, readFileSync("data/models/hiv-chancellor-1997.json"));

describe("psa, dsa and evppi print a model file's name with its control characters made visible", () => {
  it.each([
    ["psa", ["psa", file, "--n", "40", "--seed", "1", "--no-progress"]],
    ["psa --json", ["psa", file, "--n", "40", "--seed", "1", "--no-progress", "--json"]],
    ["dsa", ["dsa", file]],
    ["dsa --json", ["dsa", file, "--json"]],
    ["evppi", ["evppi", file, "--n", "40", "--seed", "1", "--no-progress", "--se-samples", "2"]],
  ])("%s", { timeout: 120_000 }, (_, args) => {
    const r = cartecon(...args);
    expect(r.code, r.err).toBe(0);
    const all = r.out + r.err;
    expect(all).not.toMatch(/[\u001b\u202e]/);
    expect(r.out).toMatch(/\\(x1b|u001b)\[31mred\\(u\{202e\}|u202e) model\.json/);
  });
});
