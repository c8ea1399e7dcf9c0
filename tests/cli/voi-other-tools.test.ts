/**
 * `cartecon voi` on PSA samples as other tools (SAVI, BCEA, voi, Excel) export them: options a VOI
 * analyst reaches for and files saved in other encodings. Expected values are hand calculations shown
 * in comments.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { drawnTwoStateModel } from "../fixtures/two-state.js";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-voi-tools-"));
const cartecon = (...args: string[]) => runCli(args, { timeoutMs: 240_000 });
const file = (name: string, body: string | Buffer) => {
  const f = join(tmp, name);
  writeFileSync(f, body);
  return f;
};

// Three draws, two strategies. By hand: mean NB A = 0, B = (1 − 1 + 1)/3 = 1/3; mean of the row
// maxima = (1 + 0 + 1)/3 = 2/3; EVPI = 2/3 − 1/3 = 1/3. The parameter x equals NB_B, so it
// determines the decision: its EVPPI is the EVPI.
const nb = "A,B\n0,1\n0,-1\n0,1\n";
const inputs = "x,y\n1,5\n-1,6\n1,7\n";

describe("cartecon voi --population", () => {
  it("voi --population 0 gives a population EVPI and EVPPI of 0, not none", () => {
    const r = cartecon("voi", "--nb", file("nb.csv", nb), "--population", "0", "--json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { evpi: number; populationEvpi: number | null };
    expect(j.evpi).toBeCloseTo(1 / 3, 12);
    // 0 patients a year: 0 × EVPI × Σ 1/1.035^t = 0.
    expect(j.populationEvpi).toBe(0);
    const text = cartecon("voi", "--nb", file("nb.csv", nb), "--population", "0");
    expect(text.code, text.err).toBe(0);
    // 1/3 to 3 significant digits (decimalsFor); 0 as 0.
    expect(text.out).toContain("EVPI per patient: 0.333 (in the net-benefit table's unit); population: 0\n");
    const out = join(tmp, "evppi0.csv");
    const withOut = cartecon(
      "voi",
      "--inputs",
      file("in.csv", inputs),
      "--nb",
      file("nb.csv", nb),
      "--population",
      "0",
      "--out",
      out,
    );
    expect(withOut.code, withOut.err).toBe(0);
    const rows = readFileSync(out, "utf8").trim().split("\n");
    expect(rows[0]).toBe("parameters,evppi,se,method,population_evppi");
    // Every row's population EVPPI is 0 × its EVPPI = 0, written as 0, not left blank.
    for (const row of rows.slice(1)) expect(row.split(",")[4]).toBe("0");
  }, 120_000);
  it("evppi --population 0 gives a population EVPI of 0, not none", () => {
    const model = drawnTwoStateModel();
    const r = cartecon(
      "evppi",
      file("model.json", JSON.stringify(model)),
      "--n",
      "50",
      "--seed",
      "1",
      "--population",
      "0",
      "--json",
      "--no-progress",
    );
    expect(r.code, r.err).toBe(0);
    // 0 patients a year: 0 × EVPI × Σ 1/1.035^t = 0.
    expect((JSON.parse(r.out) as { populationEvpi: number | null }).populationEvpi).toBe(0);
  }, 120_000);
});

describe("cartecon voi and evppi: --horizon and --discount scale the population VOI", () => {
  // They were read and ignored without --population: `voi --horizon 5` printed the per-patient
  // figures alone, exit 0, as if the horizon had been used.
  for (const opt of [
    ["--horizon", "5"],
    ["--discount", "0.05"],
  ])
    it(`voi ${opt.join(" ")} without --population: usage error (exit 2) naming both options`, () => {
      const r = cartecon("voi", "--nb", file("nb.csv", nb), ...opt);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toBe(
        `error: ${opt[0]} applies to the population VOI: give --population <patients a year> with it, or leave ${opt[0]} out\n`,
      );
      expect(r.out).toBe("");
    }, 120_000);
  it("evppi --horizon without --population: usage error (exit 2)", () => {
    const r = cartecon("evppi", "--cart", "sle", "--n", "10", "--horizon", "5", "--no-progress");
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain("error: --horizon applies to the population VOI");
  }, 120_000);
  it("voi --population 1000 --horizon 5 --discount 0.03 scales the EVPI by Σ_{t=0}^{4} 1000/1.03^t", () => {
    const r = cartecon(
      "voi",
      "--nb",
      file("nb.csv", nb),
      "--population",
      "1000",
      "--horizon",
      "5",
      "--discount",
      "0.03",
      "--json",
    );
    expect(r.code, r.err).toBe(0);
    // 1000 × (1 + 0.970873786 + 0.942595909 + 0.915141659 + 0.888487048) = 1000 × 4.717098402;
    // × EVPI 1/3 = 1572.366134.
    expect((JSON.parse(r.out) as { populationEvpi: number }).populationEvpi).toBeCloseTo(1572.366134, 5);
  }, 120_000);
});

describe("cartecon voi: files that are not UTF-8", () => {
  it("a Windows-1252 export (Excel's plain 'CSV (Comma delimited)') is refused naming file, line, byte and text, not read with U+FFFD", () => {
    // Strategy "Thérapie" saved as Windows-1252: é is the one byte E9, on line 1. It was read as
    // "Th\uFFFDrapie" and printed as such, exit 0.
    const f = file(
      "nb1252.csv",
      Buffer.concat([Buffer.from("SoC,Th"), Buffer.from([0xe9]), Buffer.from("rapie\r\n0,1\r\n0,-1\r\n0,1\r\n")]),
    );
    const r = cartecon("voi", "--nb", f);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toBe(
      `error: ${f}: cannot read net benefits: is not UTF-8 text: line 1 has the byte 0xE9, which UTF-8 does not allow there ` +
        `(a Windows-1252 or Latin-1 export, as Excel's plain 'CSV (Comma delimited)' saves one, where 0xE9 is "é") ` +
        `(got "SoC,Thérapie"); expected a UTF-8 text file: CSV (in Excel: File > Save As > 'CSV UTF-8 (Comma delimited)') or JSON, whichever the input expects\n`,
    );
  }, 120_000);
  it("the same names saved as UTF-8 are read as written", () => {
    // By hand as for nb above: EVPI = 2/3 − 1/3.
    const r = cartecon("voi", "--nb", file("nb8.csv", "SoC,Thérapie\r\n0,1\r\n0,-1\r\n0,1\r\n"), "--json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { strategies: string[]; evpi: number };
    expect(j.strategies).toEqual(["SoC", "Thérapie"]);
    expect(j.evpi).toBeCloseTo(1 / 3, 12);
  }, 120_000);
});
