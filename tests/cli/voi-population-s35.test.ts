/**
 * `cartecon voi --population` and `--json` (session 35 review). Defects pinned:
 * - with --population the text and --json EVPPI rows had no population EVPPI (only --out's CSV had
 *   it), though docs/cli.md said "as above" (evppi's table has the column);
 * - --json lacked what the .meta.json records (unit, groups, seSeed, the files) and the imprecision
 *   warning, which went to stderr only;
 * - --se-samples 1 gave blank SEs (one posterior draw has no spread) without a word.
 *
 * Population scale by hand: --population 100 --horizon 2 --discount 0 → Σ_{t=0}^{1} 100 / 1^t = 200.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cartecon } from "../helpers/cli.js";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-voi-pop-"));
const file = (name: string, text: string) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};

// 60 draws: a = k/60 for k = 1..60 in a shuffled order, b another order; NB_A = 0, NB_B = 10a − 5.
const n = 60;
const a = Array.from({ length: n }, (_, k) => (((k * 7) % n) + 1) / n);
const b = Array.from({ length: n }, (_, k) => (((k * 11) % n) + 1) / n);
const inputs = file("in.csv", ["a,b", ...a.map((x, k) => `${x},${b[k]}`)].join("\n") + "\n");
const nb = file("nb.csv", ["A,B", ...a.map((x) => `0,${10 * x - 5}`)].join("\n") + "\n");

describe("cartecon voi --population and --json", () => {
  it("the population EVPPI is in the text table and in each --json row, 200 × the EVPPI", { timeout: 120_000 }, () => {
    const args = ["voi", "--inputs", inputs, "--nb", nb, "--population", "100", "--horizon", "2", "--discount", "0"];
    const json = cartecon(...args, "--json");
    expect(json.code, json.err).toBe(0);
    const r = JSON.parse(json.out);
    expect(r.evppi.length).toBe(2);
    for (const row of r.evppi) expect(row.populationEvppi).toBe(row.evppi * 200);
    expect(r.populationEvpi).toBe(r.evpi * 200);
    // What the .meta.json records, in --json too.
    expect(r.unit).toBe("the net-benefit table's unit");
    expect(r.seSeed).toBe(1);
    expect(r.parameters).toEqual([]);
    expect(r.groupMethod).toBe("auto");
    expect(r.population).toBe(100);
    expect(r.inputs).toBe(inputs);
    // 60 draws: the imprecision warning, in notes as on stderr.
    expect(json.err).toContain("warning: the EVPPI from 60 draws is imprecise");
    expect(r.notes.some((t: string) => t.startsWith("warning: the EVPPI from 60 draws is imprecise"))).toBe(true);

    const text = cartecon(...args);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain("EVPPI per patient and for the population (regression metamodel):");
    const header = text.out.split("\n").find((l) => l.includes("parameters"))!;
    expect(header).toContain("population EVPPI");
    const rowA = text.out.split("\n").find((l) => /^\s+a\s/.test(l))!;
    const evppiA = r.evppi.find((x: { parameters: string[] }) => x.parameters[0] === "a");
    expect(rowA).toContain(Math.round(evppiA.evppi * 200).toLocaleString("en-US"));
  });

  it("--se-samples 1 is a usage error: one posterior draw has no spread", { timeout: 120_000 }, () => {
    const r = cartecon("voi", "--inputs", inputs, "--nb", nb, "--se-samples", "1");
    expect(r.code).toBe(2);
    expect(r.err).toContain("a whole number from 2 to 10000");
  });
});
