/**
 * Entry point: the CLI's resource bounds. A model too large to run, a path that is not a regular
 * file (/dev/zero, a FIFO, a folder), a file above the size limit and a table outside the model's
 * folder each end at once with a named error and exit 1 (docs/cli.md), write nothing, and can be
 * allowed with a flag where that makes sense. Nothing is timed (a hang fails by the test timeout;
 * speed is measured by `npm run bench`, not asserted).
 */
import { describe, expect, it, vi } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { compileModel, DEFAULT_MAX_CELLS } from "../../src/model/index.js";
import { loadModelFile, readText, DEFAULT_MAX_FILE_MB } from "../../src/model/io/files.js";
import { cartecon, file, model, modelError, STACK, tmp } from "./helpers.js";

vi.setConfig({ testTimeout: 120_000 });

/** Runs the CLI (evaluate with --out) and checks: exit 1, the message, no stack trace, nothing written. */
let outs = 0;
function refused(args: string[], message: string | RegExp) {
  const out = join(tmp, `out-${++outs}.csv`);
  const r = cartecon(...args, ...(args[0] === "evaluate" ? ["--out", out] : []));
  expect(r.code).toBe(1);
  if (typeof message === "string") expect(r.err).toContain(message);
  else expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(STACK);
  expect(existsSync(out)).toBe(false);
  return r;
}

describe("cycles × expanded states", () => {
  it("horizon.cycles 1e9 is refused before anything is allocated", () => {
    const m = model();
    m.settings.horizon = { cycles: 1e9 };
    const e = modelError(() => compileModel(m));
    expect(e.problems[0].where).toBe("settings.horizon");
    expect(e.problems[0].value).toBe(2e9);
    expect(e.problems[0].expected).toBe(
      `at most ${DEFAULT_MAX_CELLS} cells (raise the limit with --max-cells, or option maxCells)`,
    );
    refused(
      ["evaluate", file("huge.json", m)],
      "model too large: settings.horizon: the model is too large: 1000000000 cycles × 2 states",
    );
  });
  it("time-in-state tunnels count: 2,000 monthly cycles with a tunnel state of 2,000 tunnels is 4,002,000 cells", () => {
    const m = model();
    m.settings.horizon = { cycles: 2000 };
    m.states[0].timeInState = true;
    const e = modelError(() => compileModel(m, { maxCells: 4_001_999 }));
    expect(e.problems[0].value).toBe(2000 * 2001);
  });
  it("--max-cells lowers or raises the limit", () => {
    const f = file("small.json", model()); // 40 cycles × 2 states = 80 cells
    refused(["evaluate", f, "--max-cells", "79"], "at most 79 cells");
    expect(cartecon("validate", f, "--max-cells", "80").code).toBe(0);
  });
  it("a malformed --max-cells or --max-file-mb is a usage error (exit 2)", () => {
    const f = file("small2.json", model());
    for (const args of [
      ["--max-cells", "0x10"],
      ["--max-file-mb", "-1"],
      ["--max-cells", ""],
    ]) {
      const r = cartecon("validate", f, ...args);
      expect(r.code).toBe(2);
      expect(r.err).toContain("expected a decimal number > 0");
    }
  });
});

describe("only regular files are read", () => {
  it("/dev/zero as the model: a named error at once", () => {
    const e = modelError(() => readText("/dev/zero", "model"));
    expect(e.problems[0]).toMatchObject({
      where: "/dev/zero",
      message: "cannot read model: is a device, not a regular file",
    });
    refused(["evaluate", "/dev/zero"], "/dev/zero: cannot read model: is a device, not a regular file");
  });
  it("a FIFO as the model: a named error, not a hang", () => {
    const fifo = join(tmp, "model.fifo");
    const mk = spawnSync("mkfifo", [fifo], { timeout: 10_000 });
    expect(mk.status).toBe(0);
    const e = modelError(() => readText(fifo, "model"));
    expect(e.problems[0].message).toBe("cannot read model: is a named pipe (FIFO), not a regular file");
    refused(["evaluate", fifo], "cannot read model: is a named pipe (FIFO), not a regular file");
  });
  it("a folder as the model: a named error", () => {
    const dir = join(tmp, "folder.json");
    mkdirSync(dir, { recursive: true });
    refused(["validate", dir], "cannot read model: is a folder, not a file");
  });
  it("a table {csv: /dev/zero}, even when outside tables are allowed: a named error at once", () => {
    const m = model();
    m.tables = { t: { csv: "/dev/zero", key: "age" } };
    const f = file("zero-table.json", m);
    const e = modelError(() => loadModelFile(f, { allowOutsideTables: true }));
    expect(e.problems[0].message).toBe('cannot read table "t": is a device, not a regular file');
    refused(["evaluate", f, "--allow-outside-tables"], 'cannot read table "t": is a device, not a regular file');
  });
});

describe("file size", () => {
  it(`a model file above --max-file-mb (default ${DEFAULT_MAX_FILE_MB}) is refused before it is read`, () => {
    const m = model();
    m.description = "x".repeat(1_200_000);
    const f = file("big.json", m);
    const e = modelError(() => readText(f, "model", { maxFileMb: 1 }));
    expect(e.problems[0].message).toBe("cannot read model: the file is 1.2 MB, above the limit");
    expect(e.problems[0].expected).toBe("at most 1 MB (raise it with --max-file-mb)");
    refused(["validate", f, "--max-file-mb", "1"], "above the limit");
    // Below 0.05 MB one decimal read "0.0 MB, above the limit" (s28): the size is given in full.
    const small = file("small.json", "x".repeat(20_311));
    expect(modelError(() => readText(small, "model", { maxFileMb: 0.01 })).problems[0].message).toBe(
      "cannot read model: the file is 0.020311 MB, above the limit",
    );
    expect(cartecon("validate", f, "--max-file-mb", "2").code).toBe(0);
  });
});

describe("table files stay in the model's folder", () => {
  const inner = join(tmp, "models");
  mkdirSync(inner, { recursive: true });
  const table = file("outside-table.csv", "age,q\n0,0.01\n1,0.02\n");
  const withTable = (csv: string) => {
    const m = model();
    m.tables = { life: { csv, key: "age" } };
    m.parameters.p_die = 'lookup("life", "q", cycle)';
    return file(join("models", `uses-${csv.replace(/\W/g, "_")}.json`), m);
  };
  it("../outside.csv is refused with the path and the flag that allows it", () => {
    const f = withTable("../outside-table.csv");
    const e = modelError(() => loadModelFile(f));
    expect(e.problems[0].where).toBe("tables.life.csv");
    expect(e.message.startsWith(`${f}: invalid model: tables.life.csv: `)).toBe(true);
    expect(e.problems[0].value).toBe("../outside-table.csv");
    expect(e.problems[0].expected).toContain("--allow-outside-tables");
    refused(["evaluate", f], "a table file must be in the model file's folder or below it");
    expect(cartecon("validate", f, "--allow-outside-tables").code).toBe(0);
    expect(readFileSync(table, "utf8")).toContain("age,q");
  });
  it("a symbolic link inside the folder that points outside it is refused too", () => {
    const link = join(inner, "linked.csv");
    if (!existsSync(link)) symlinkSync(table, link);
    const f = withTable("linked.csv");
    const e = modelError(() => loadModelFile(f));
    expect(e.problems[0].message).toBe("a table file must be in the model file's folder or below it");
    expect(e.problems[0].value).toBe("linked.csv");
  });
  it("/etc/passwd is refused without reading it; with the flag, at most a short excerpt is shown", () => {
    const f = withTable("/etc/passwd");
    const r = refused(["validate", f], "a table file must be in the model file's folder");
    expect(r.err).not.toContain("root:");
    const passwd = readFileSync("/etc/passwd", "utf8").split("\n");
    const r2 = refused(["validate", f, "--allow-outside-tables"], /cannot read table/);
    for (const line of passwd.slice(1)) if (line.length > 0) expect(r2.err).not.toContain(line);
    expect(r2.err.length).toBeLessThan(600);
  });
});

describe("problem lists on the terminal", () => {
  it("a 480,000-row table with a bad cell in every row prints 100 problems and the count of the rest", () => {
    const m = model();
    m.tables = { life: { csv: "bad-rows.csv", key: "age" } };
    file("bad-rows.csv", "age,q\n" + Array.from({ length: 480_000 }, (_, i) => `${i},0x1`).join("\n"));
    const r = refused(["validate", file("bad-rows.json", m)], "480000 problems");
    expect(r.err).toContain("... and 479900 more (the first 100 are listed)");
    expect(r.err.length).toBeLessThan(20_000);
  });
});
