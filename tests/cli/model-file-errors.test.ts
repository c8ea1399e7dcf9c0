/**
 * Every error of a model file starts with the file's path (docs/cli.md: "Errors of validate and
 * evaluate start with the model file's path"; psa and dsa name it the same way), then the kind of
 * error and the place in the file. Defects (s28): a model whose `{"csv": ...}` table had no key or lay
 * outside its folder said "invalid model: m.json: tables.life.key: ..." where an invalid inline table
 * said "m.json: invalid model: tables.life.columns.q[1]: ..."; psa and dsa gave a bad cell of the
 * table as "cannot read table: life.csv row 3 column q: ..." without the model file. Expected
 * texts are written by hand from the files written here.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cartecon } from "../helpers/cli.js";
import { model } from "../input/helpers.js";

const dir = mkdtempSync(join(tmpdir(), "cartecon-model-errors-"));
writeFileSync(join(dir, "life.csv"), "age,q\n0,0.01\n1,abc\n");

/** The two-state model reading its death probability from table `life`, given as `table`; returns its path. */
function withTable(name: string, table: unknown): string {
  const m = model();
  m.tables = { life: table };
  m.parameters.p_die = 'lookup("life", "q", cycle)';
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(m, null, 1));
  return f;
}

const cases: Array<[string, string, (f: string) => string]> = [
  [
    "a CSV table without its key",
    withTable("no-key.json", { csv: "life.csv" }),
    (f) =>
      `error: ${f}: invalid model: tables.life.key: a table read from a CSV file needs the name of its key column (the column looked up, e.g. age); expected "key": one of the columns of life.csv: age, q\n`,
  ],
  [
    "a CSV table outside the model's folder",
    withTable("outside.json", { csv: "../life.csv", key: "age" }),
    (f) =>
      `error: ${f}: invalid model: tables.life.csv: a table file must be in the model file's folder or below it (got "../life.csv"); expected a path inside ${dir} (or pass --allow-outside-tables)\n`,
  ],
  [
    "a bad cell in a CSV table",
    withTable("bad-cell.json", { csv: "life.csv", key: "age" }),
    (f) =>
      `error: ${f}: cannot read table: life.csv row 3 column q: not a number (got "abc"); expected a decimal number\n`,
  ],
  [
    "a bad cell in an inline table",
    withTable("inline.json", { key: "age", columns: { age: [0, 1], q: [0.01, "abc"] } }),
    (f) =>
      `error: ${f}: invalid model: tables.life.columns.q[1]: not a finite number (got "abc"); expected a number in every row\n`,
  ],
];

describe("errors of a model file start with its path", { timeout: 240_000 }, () => {
  for (const [what, file, message] of cases)
    it(`${what}: validate, evaluate, psa and dsa say "${file.slice(dir.length + 1)}: ..." first`, () => {
      for (const command of ["validate", "evaluate", "psa", "dsa"]) {
        const r = cartecon(command, file);
        expect(r.code, `${command}: ${r.err}`).toBe(1);
        expect(r.err, command).toBe(message(file));
      }
    });
});

describe("an empty model file", { timeout: 240_000 }, () => {
  // Was "cannot read model: e.json line 1 column 1: malformed JSON: unexpected end of file"; the CSV
  // readers say "the file is empty". The file is named once, after the kind of error, as a JSON
  // syntax error's place is.
  it("is named as empty, the file once, in validate, evaluate, psa and dsa", () => {
    for (const [name, text] of [
      ["empty.json", ""],
      ["blank.json", " \n\n"],
    ]) {
      const f = join(dir, name);
      writeFileSync(f, text);
      for (const command of ["validate", "evaluate", "psa", "dsa"]) {
        const r = cartecon(command, f);
        expect(r.code, `${command}: ${r.err}`).toBe(1);
        expect(r.err, command).toBe(
          `error: cannot read model: ${f}: the file is empty (got ${JSON.stringify(text)}); expected a JSON document (a model is an object: { ... })\n`,
        );
      }
    }
  });
});
