/**
 * Every error of a model file starts with the file's path, once (docs/cli.md: "Errors of a model
 * file (validate, evaluate, and psa, dsa and evppi on a model file) start with the model file's
 * path"), then the kind of error and the place in the file. Defects (s28): a model whose `{"csv": ...}` table had no key or lay
 * outside its folder said "invalid model: m.json: tables.life.key: ..." where an invalid inline table
 * said "m.json: invalid model: tables.life.columns.q[1]: ..."; psa and dsa gave a bad cell of the
 * table as "cannot read table: life.csv row 3 column q: ..." without the model file. Expected
 * texts are written by hand from the files written here.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
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

/** How many times `needle` occurs in `text`. */
const count = (text: string, needle: string) => text.split(needle).length - 1;

/** A file in the scratch folder holding `text`; returns its path. */
function written(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

// Defect (s29): a missing file read "m.json: cannot read model: no such file" but an empty or
// malformed one "cannot read model: m.json line 3 column 1: ...", the file after the kind of error.
// Every kind now reads "<path>: <kind of error>: ...", the path once. Texts written by hand.
const notJson = written("trailing-comma.json", '{\n "name": "x",\n}');
const folder = join(dir, "folder.json");
mkdirSync(folder);
const unknownField = (() => {
  const m = model();
  m.stratgies = [{ id: "x" }];
  return written("unknown-field.json", JSON.stringify(m));
})();
/** What is wrong, the file, the message's head, and the commands run (default: all five). */
const readCases: Array<[what: string, file: string, message: (f: string) => string, commands?: string[][]]> = [
  ["a missing file", join(dir, "missing.json"), (f) => `${f}: cannot read model: no such file`],
  ["a folder", folder, (f) => `${f}: cannot read model: is a folder, not a file`],
  [
    "an empty file",
    written("empty.json", ""),
    (f) =>
      `${f}: cannot read model: the file is empty (got ""); expected a JSON document (a model is an object: { ... })`,
  ],
  [
    "a file of blanks",
    written("blank.json", " \n\n"),
    (f) =>
      `${f}: cannot read model: the file is empty (got " \\n\\n"); expected a JSON document (a model is an object: { ... })`,
  ],
  [
    // Line 3 column 1 is the "}" after the comma that ends line 2.
    "malformed JSON",
    notJson,
    (f) =>
      `${f}: cannot read model: line 3 column 1: malformed JSON: trailing comma before } (got "}"); expected valid JSON`,
  ],
  [
    // 2 bytes ("{}") above a limit of 1 byte, 0.000001 MB.
    "a file above --max-file-mb",
    written("big.json", "{}"),
    (f) =>
      `${f}: cannot read model: the file is 0.000002 MB, above the limit (got 2); expected at most 0.000001 MB (raise it with --max-file-mb)`,
    // psa, dsa and evppi read at most 50 MB (DEFAULT_MAX_FILE_MB), with no option to lower it.
    [
      ["validate", "--max-file-mb", "0.000001"],
      ["evaluate", "--max-file-mb", "0.000001"],
    ],
  ],
  [
    // psa, dsa and evppi stopped with an internal error (exit 3) on `[]` and `null`.
    "a JSON array",
    written("array.json", "[]"),
    (f) => `${f}: invalid model: (model): a model must be a JSON object (got "an array")`,
  ],
  [
    "JSON null",
    written("null.json", "null"),
    (f) => `${f}: invalid model: (model): a model must be a JSON object (got null)`,
  ],
  [
    "a number",
    written("number.json", "42"),
    (f) => `${f}: invalid model: (model): a model must be a JSON object (got 42)`,
  ],
  [
    "a schema problem",
    unknownField,
    // The misspelt name is the value, the model's fields what was expected (tests/input/model-json.test.ts).
    (f) =>
      `${f}: invalid model: stratgies: unknown field; did you mean strategies? (got "stratgies"); expected one of `,
  ],
];

describe("every kind of model-file error starts with the file's path, named once", { timeout: 240_000 }, () => {
  const all = ["validate", "evaluate", "psa", "dsa", "evppi"].map((c) => [c]);
  for (const [what, file, message, commands = all] of readCases)
    it(`${what}: "${file.slice(dir.length + 1)}: ..." in ${commands.map((c) => c[0]).join(", ")}`, () => {
      for (const [command, ...options] of commands) {
        const progress = ["psa", "evppi"].includes(command) ? ["--no-progress"] : [];
        const r = cartecon(command, file, ...options, ...progress);
        expect(r.code, `${command}: ${r.err}`).toBe(1);
        expect(r.err.startsWith(`error: ${file}: `), `${command}: ${r.err}`).toBe(true);
        expect(count(r.err, file), `${command}: ${r.err}`).toBe(1);
        const head = `error: ${message(file)}`;
        expect(r.err.slice(0, head.length), command).toBe(head);
      }
    });
});
