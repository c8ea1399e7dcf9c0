/**
 * Reading the evidence and life tables from disk (src/cart/load.ts). Expected file lists and values are
 * read from the files here with node:fs, independently of the code under test.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  EVIDENCE_DIR,
  LIFE_TABLE,
  loadEvidence,
  loadEvidenceFiles,
  loadLifeTable,
  loadPresetLifeTables,
} from "../../src/cart/load.js";

const dir = mkdtempSync(join(tmpdir(), "cartecon-load-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The shipped parameter tables as one file (one header), with MG's start age changed from 50 to 44. */
function oneParameterFile(): string {
  const files = readdirSync("data/cart")
    .filter((f) => f.startsWith("parameters"))
    .map((f) => readFileSync(join("data/cart", f), "utf8").trimEnd().split("\n"));
  const text = [files[0][0], ...files.flatMap((lines) => lines.slice(1))].join("\n") + "\n";
  const edited = text.replace("\nage_start,mg,all,50,", "\nage_start,mg,all,44,");
  expect(edited).not.toBe(text); // the row is there
  return edited;
}

describe("loadEvidenceFiles(dir)", () => {
  it("reads every CSV of the folder, sorted by name and keyed by path; other files are left alone", () => {
    const copy = join(dir, "evidence");
    cpSync("data/cart", copy, { recursive: true });
    writeFileSync(join(copy, "README.txt"), "not a table");
    writeFileSync(join(copy, "notes.csv.bak"), "not a table either");
    const files = loadEvidenceFiles(copy);
    const expected = readdirSync("data/cart")
      .filter((f) => f.endsWith(".csv"))
      .sort();
    expect(Object.keys(files)).toEqual(expected.map((f) => join(copy, f)));
    expect(files[join(copy, "sources.csv")]).toBe(readFileSync("data/cart/sources.csv", "utf8"));
  });
  it("a CSV that cannot be read is an input error naming it as an evidence table", () => {
    const copy = join(dir, "evidence-broken");
    cpSync("data/cart", copy, { recursive: true });
    mkdirSync(join(copy, "broken.csv"));
    expect(() => loadEvidenceFiles(copy)).toThrow(`${join(copy, "broken.csv")}: cannot read evidence table`);
  });
  it("reads data/cart by default", () => {
    expect(EVIDENCE_DIR).toBe("data/cart");
    expect(Object.keys(loadEvidenceFiles())).toContain("data/cart/diseases.csv");
  });
});

describe("loadEvidence(dir, userParameters)", { timeout: 60_000 }, () => {
  it("without a user table: the shipped parameter tables (MG's start age 50)", () => {
    const e = loadEvidence();
    const row = e.parameters.find((p) => p.id === "age_start" && p.disease === "mg")!;
    expect(row.value).toBe(50);
  });
  it("a user's table replaces every shipped parameter table: MG's start age is the edited 44", () => {
    const user = join(dir, "my-parameters.csv");
    writeFileSync(user, oneParameterFile());
    const e = loadEvidence(EVIDENCE_DIR, user);
    const rows = e.parameters.filter((p) => p.id === "age_start" && p.disease === "mg");
    expect(rows.map((r) => r.value)).toEqual([44]);
    expect(rows[0].file).toBe(user);
    // The other tables (diseases, sources, exchange rates) still come from the folder.
    expect(e.diseases.map((d) => d.disease)).toEqual(loadEvidence().diseases.map((d) => d.disease));
  });
  it("the user's table may have any name (a download renamed by the user): it is read as the parameter table", () => {
    const user = join(dir, "edited.csv");
    writeFileSync(user, oneParameterFile());
    const rows = loadEvidence(EVIDENCE_DIR, user).parameters.filter((p) => p.id === "age_start" && p.disease === "mg");
    expect(rows.map((r) => [r.value, r.file])).toEqual([[44, user]]);
  });
  it("a missing user table is an input error naming the file and what it is", () => {
    const missing = join(dir, "nope.csv");
    expect(() => loadEvidence(EVIDENCE_DIR, missing)).toThrow(`${missing}: cannot read parameter table: no such file`);
  });
  it("passes the size limit on to the user's table", () => {
    const user = join(dir, "big-parameters.csv");
    writeFileSync(user, oneParameterFile());
    expect(() => loadEvidence(EVIDENCE_DIR, user, { maxFileMb: 0.001 })).toThrow(
      /cannot read parameter table: the file is/,
    );
  });
});

describe("loadLifeTable(file) and loadPresetLifeTables()", () => {
  it("reads the US 2015 table by default: ages 0-100, the rates of the file", () => {
    expect(LIFE_TABLE).toBe("data/lifetables/us-2015-all-cause-mortality.csv");
    const t = loadLifeTable();
    const lines = readFileSync(LIFE_TABLE, "utf8").trim().split("\n");
    expect(t.columns.Age.length).toBe(lines.length - 1);
    expect(t.source).toContain(LIFE_TABLE);
  });
  it("a missing life table names the file; the size limit is passed on", () => {
    expect(() => loadLifeTable(join(dir, "none.csv"))).toThrow(/none\.csv: cannot read life table: no such file/);
    expect(() => loadLifeTable(LIFE_TABLE, { maxFileMb: 0.0001 })).toThrow(/cannot read life table: the file is/);
  });
  it("gives each preset its own jurisdiction's table", () => {
    const t = loadPresetLifeTables();
    expect(Object.keys(t)).toEqual(["us", "uk"]);
    expect(t.us.source).toContain("us-2015-all-cause-mortality.csv");
    expect(t.uk.source).toContain("uk-ons-2018-2020-mx.csv");
  });
});
