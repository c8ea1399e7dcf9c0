/**
 * Input files that are not the CSV a command expects, as a health economist hands them over. Defects
 * found in s26 (each test fails on the code before it):
 *   - an Excel workbook (.xlsx) given where a CSV is expected was read as text: `voi --nb` listed 72
 *     problems of binary garbage, `cart --life-table` "a quoted cell is never closed" on line 51,
 *     `cart --params` 561 problems, `psa --correlation` three problems about its header.
 *   - `psa --correlation`: a trailing empty line (what most editors save) was read as a row of blanks
 *     and refused; a semicolon-separated file was not named as one (three problems about its
 *     header); a row with an extra cell was accepted, the cell dropped without a word (d3's csvParse);
 *     an empty file was "the first column must be "parameter"".
 * Every file sits in a folder whose name holds a space.
 */
import { describe, expect, it } from "vitest";
import { cartecon } from "../helpers/cli.js";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";

const tmp = join(mkdtempSync(join(tmpdir(), "cartecon-files-")), "my files");
mkdirSync(tmp);
// One spawn is killed at 100 s, inside the tests' 120 s, so a hung command fails with its output.
const HIV = "data/models/hiv-chancellor-1997.json";
const noStack = (err: string) => expect(err).not.toMatch(/^\s+at /m);
const file = (name: string, text: string) => {
  const f = join(tmp, name);
  writeFileSync(f, text);
  return f;
};

describe("an Excel workbook where a CSV is expected", () => {
  it("is named as a workbook, with how to save it as CSV: one message, exit 1", { timeout: 240_000 }, async () => {
    // A real .xlsx (exceljs writes the same ZIP container Excel does), holding what the CSV would.
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("nb");
    sheet.addRow(["mono", "combo"]);
    sheet.addRow([1, 2]);
    sheet.addRow([3, 4]);
    const xlsx = join(tmp, "net benefit.xlsx");
    await book.xlsx.writeFile(xlsx);
    const runs: Array<[string, string[]]> = [
      ["net benefits", ["voi", "--nb", xlsx]],
      ["life table", ["cart", "--disease", "sle", "--life-table", xlsx]],
      ["parameter table", ["cart", "--disease", "sle", "--params", xlsx]],
      ["correlation matrix", ["psa", HIV, "--n", "5", "--no-progress", "--correlation", xlsx]],
    ];
    for (const [what, args] of runs) {
      const r = cartecon(...args);
      expect(r.code, r.err).toBe(1);
      expect(r.err).toBe(
        `error: ${xlsx}: cannot read ${what}: is a ZIP archive, such as an Excel workbook (.xlsx) or .ods, not a text file; ` +
          `expected a UTF-8 text file: CSV (in Excel: File > Save As > 'CSV UTF-8 (Comma delimited)') or JSON, whichever the input expects\n`,
      );
      expect(r.out).toBe("");
    }
  });
  it("UTF-16 text (Excel's 'Unicode Text') is named as such, not read as garbage", { timeout: 120_000 }, () => {
    const f = join(tmp, "nb16.csv");
    writeFileSync(f, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("mono,combo\n1,2\n3,4\n", "utf16le")]));
    const r = cartecon("voi", "--nb", f);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain(
      `${f}: cannot read net benefits: is UTF-16 text (as Excel's 'Unicode Text' saves it), not UTF-8`,
    );
    noStack(r.err);
  });
});

describe("cartecon psa --correlation: the file read strictly, as every other table", () => {
  // rr_combo and c_dmA are drawn in the HIV model's PSA (lognormal and gamma).
  const matrix = "parameter,rr_combo,c_dmA\nrr_combo,1,0.3\nc_dmA,0.3,1\n";
  it("a trailing empty line is no row: the matrix is read as written", { timeout: 120_000 }, () => {
    const f = file("corr trailing.csv", matrix + "\n");
    const out = join(tmp, "draws.csv");
    const r = cartecon("psa", HIV, "--n", "5", "--no-progress", "--correlation", f, "--out", out);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(readFileSync(out + ".meta.json", "utf8")).correlation).toEqual({
      ids: ["rr_combo", "c_dmA"],
      matrix: [
        [1, 0.3],
        [0.3, 1],
      ],
    });
  });
  it("a semicolon-separated file is named as one, in one message", { timeout: 120_000 }, () => {
    const f = file("corr semi.csv", matrix.replace(/,/g, ";"));
    const r = cartecon("psa", HIV, "--n", "5", "--no-progress", "--correlation", f);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toMatch(
      new RegExp(
        `^error: invalid correlation file: ${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} row 1: the file is separated by semicolons, not commas`,
      ),
    );
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });
  it("a row with an extra cell is refused with its row (was dropped silently)", { timeout: 120_000 }, () => {
    const f = file("corr ragged.csv", "parameter,rr_combo,c_dmA\nrr_combo,1,0.3,0.9\nc_dmA,0.3,1\n");
    const r = cartecon("psa", HIV, "--n", "5", "--no-progress", "--correlation", f);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain(`${f} row 2: has 4 cells; the header has 3`);
  });
  it("an empty file says it is empty", { timeout: 120_000 }, () => {
    const f = file("corr empty.csv", "");
    const r = cartecon("psa", HIV, "--n", "5", "--no-progress", "--correlation", f);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toBe(
      `error: invalid correlation file: ${f}: the file is empty; expected a header row, then the data rows\n`,
    );
  });
});

describe("cartecon cart --params: a table with no rows read", () => {
  // Defect (s26): a header-only table (or an empty or semicolon one) was followed by 560 problems,
  // "missing required parameter age_start for disease sle", ..., one per parameter and disease; the
  // header-only file itself was never named.
  it("a header-only table is named in one message", { timeout: 120_000 }, () => {
    const header =
      "id,disease,strategy,value,low,high,distribution,unit,currency,price_year,status,source_id,note,price_kind\n";
    const f = file("params header.csv", header);
    const r = cartecon("cart", "--disease", "sle", "--params", f);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toBe(
      `error: invalid evidence tables: ${f}: the parameter table has a header but no rows; expected one row per parameter\n`,
    );
    const semi = file("params semi.csv", header.replace(/,/g, ";"));
    const s = cartecon("cart", "--disease", "sle", "--params", semi);
    expect(s.code, s.err).toBe(1);
    expect(s.err).toContain(`${semi} row 1: the file is separated by semicolons`);
    expect(s.err).not.toContain("missing required parameter");
  });
});

describe("an output file that is one of the run's inputs", () => {
  // Defect (s26): `evaluate model.json --out model.json` replaced the model with the results (exit 0).
  it("evaluate --out <the model file> is refused before the run; the model is unchanged", { timeout: 120_000 }, () => {
    const model = readFileSync(HIV, "utf8");
    const f = file("my model.json", model);
    const r = cartecon("evaluate", f, "--out", f);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toBe(
      `error: --out: the same file as the model file: writing it would destroy that input (got "${f}"); expected a new file name for the output\n`,
    );
    expect(readFileSync(f, "utf8")).toBe(model);
  });
  it(
    "cart --parameters or --out naming a shipped table is refused; the table is unchanged",
    { timeout: 120_000 },
    () => {
      // Defect (s26 review): `cart --disease ms --parameters data/cart/parameters-ms.csv` replaced the
      // shipped MS parameter table with the converted parameter table (exit 0); the life table likewise.
      for (const [option, path, shipped] of [
        ["--parameters", "data/cart/parameters-ms.csv", "data/cart/parameters-ms.csv"],
        [
          "--out",
          "./data/lifetables/us-2015-all-cause-mortality.csv",
          "data/lifetables/us-2015-all-cause-mortality.csv",
        ],
      ]) {
        const before = readFileSync(shipped, "utf8");
        const r = cartecon("cart", "--disease", "ms", option, path);
        expect(r.code, r.err).toBe(1);
        expect(r.err).toBe(
          `error: ${option}: the same file as the shipped table ${shipped}: writing it would destroy that input (got "${path}"); expected a new file name for the output\n`,
        );
        expect(readFileSync(shipped, "utf8")).toBe(before);
      }
    },
  );
});

describe("a model file with a byte-order mark", () => {
  // Defect (s26): a BOM (Notepad, Excel) was "malformed JSON: unexpected character" at an invisible
  // character; JSON with a BOM and CRLF line ends is read as the same model.
  it("is read: validate says OK, as for the file without it", { timeout: 120_000 }, () => {
    const f = file("bom model.json", "\uFEFF" + readFileSync(HIV, "utf8").replace(/\n/g, "\r\n"));
    const r = cartecon("validate", f);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^OK: "HIV: zidovudine monotherapy vs zidovudine \+ lamivudine/);
  });
});
