/**
 * One mistake, one message: a check that depends on an earlier failed one is skipped. Defects
 * pinned (s27): a semicolon-separated costs file for `cartecon voi` was reported as such and also as
 * "the strategy columns differ from costs.csv's" (effects) and "needs one column per strategy, at
 * least two" (costs), both read from a header that was never split into columns; a column named
 * twice in `cart --params` was reported and also "missing column disease" (the name written in its
 * place). Expected texts are the reader's own messages for the root problem, written by hand.
 */
import { describe, expect, it } from "vitest";
import { cartecon } from "../helpers/cli.js";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-root-"));
const file = (name: string, text: string) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};

describe("voi: a file whose header cannot be read is that one problem", () => {
  const effects = file("effects.csv", "soc,cart\n1,2\n3,4\n5,6\n");
  it(
    "semicolon costs: the separator only, not 'columns differ' nor 'at least two' (exit 1)",
    { timeout: 120_000 },
    () => {
      const costs = file("costs.csv", "soc;cart\n1;2\n3;4\n5;6\n");
      const r = cartecon("voi", "--costs", costs, "--effects", effects, "--wtp", "1000");
      expect(r.code, r.err).toBe(1);
      expect(r.err).toContain(`error: PSA samples: ${costs} row 1: the file is separated by semicolons`);
      expect(r.err).not.toMatch(/problems|differ|at least two/);
    },
  );
  it("semicolon effects, and a semicolon --nb: the separator only", { timeout: 120_000 }, () => {
    const semi = file("semi.csv", "soc;cart\n1;2\n3;4\n5;6\n");
    const a = cartecon("voi", "--costs", effects, "--effects", semi, "--wtp", "1000");
    expect(a.code, a.err).toBe(1);
    expect(a.err).toContain(`error: PSA samples: ${semi} row 1: the file is separated by semicolons`);
    expect(a.err).not.toMatch(/problems|differ|at least two/);
    const b = cartecon("voi", "--nb", semi);
    expect(b.code, b.err).toBe(1);
    expect(b.err).toContain(`error: PSA samples: ${semi} row 1: the file is separated by semicolons`);
    expect(b.err).not.toMatch(/problems|at least two/);
  });
  it("a column named twice in costs: the duplicate only, not 'columns differ'", { timeout: 120_000 }, () => {
    const costs = file("dup-costs.csv", "soc,soc\n1,2\n3,4\n5,6\n");
    const r = cartecon("voi", "--costs", costs, "--effects", effects, "--wtp", "1000");
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain(`error: PSA samples: ${costs} row 1 column 2: duplicate column name (got "soc")`);
    expect(r.err).not.toMatch(/problems|differ/);
  });
});

describe("tables read by the strict CSV reader: a blank or repeated column name is not also a missing column", () => {
  it("cart --params with 'id' written twice (for disease): the duplicate only (exit 1)", { timeout: 120_000 }, () => {
    const exported = join(tmp, "params.csv");
    expect(cartecon("cart", "--export-params", exported).code).toBe(0);
    const [header, ...rows] = readFileSync(exported, "utf8").split("\n");
    expect(header.startsWith("id,disease,")).toBe(true);
    const dup = file("dup-params.csv", [header.replace("id,disease,", "id,id,"), ...rows].join("\n"));
    const r = cartecon("cart", "--params", dup, "--disease", "sle");
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain(
      `error: invalid evidence tables: ${dup} row 1 column 2: column "id" appears twice (also column 1) (got "id"); expected each column once`,
    );
    expect(r.err).not.toContain("missing column");
  });
  it("cart --life-table with Age twice (for Female): the duplicate only", { timeout: 120_000 }, () => {
    const lt = file("lt.csv", "Age,Age,Male\n0,0.1,0.1\n");
    const r = cartecon("cart", "--disease", "sle", "--life-table", lt);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain(
      `${lt} row 1 column 2: duplicate column name "Age" (got "Age"); expected each column name once`,
    );
    expect(r.err).not.toContain("missing column");
  });
});
