/**
 * `evppi --out F` and `voi --out F` write F.meta.json with every setting that made F: defect (s29),
 * evppi's recorded the draws, the WTP and the effect but not the `--parameters` groups,
 * `--group-method`, `--se-samples` or the population options, which voi's recorded (but for the
 * groups). Each value read back is the one passed on the command line. Defect (s30): neither
 * recorded the seed of the standard errors' posterior draws (`seSeed`, the same 1 in every run).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { drawnTwoStateModel } from "../fixtures/two-state.js";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-evppi-meta-"));
const cartecon = (...args: string[]) => runCli(args, { timeoutMs: 110_000 });
const file = (name: string, text: string) => {
  const f = join(tmp, name);
  writeFileSync(f, text);
  return f;
};
const meta = (out: string) => JSON.parse(readFileSync(out + ".meta.json", "utf8"));

const model = file("model.json", JSON.stringify(drawnTwoStateModel()));

describe("evppi --out: the .meta.json records every setting of the run", { timeout: 240_000 }, () => {
  it("the groups, group method, SE samples, population, horizon and discount as passed, with the draws, seed and WTP", () => {
    const out = join(tmp, "evppi.csv");
    const r = cartecon(
      "evppi",
      model,
      "--n",
      "60",
      "--seed",
      "7",
      "--wtp",
      "25000",
      "--parameters",
      "p_die,c_alive",
      "--parameters",
      "u_alive,p_die",
      "--group-method",
      "pspline",
      "--se-samples",
      "5",
      "--population",
      "1000",
      "--horizon",
      "5",
      "--discount",
      "0.05",
      "--out",
      out,
      "--no-progress",
    );
    expect(r.code, r.err).toBe(0);
    const m = meta(out);
    expect(m.parameters).toEqual([
      ["p_die", "c_alive"],
      ["u_alive", "p_die"],
    ]);
    expect(m.groupMethod).toBe("pspline");
    expect(m.seSamples).toBe(5);
    expect(m.population).toBe(1000);
    expect(m.horizon).toBe(5);
    expect(m.discount).toBe(0.05);
    expect(m.draws).toBe(60);
    expect(m.seed).toBe(7);
    // The SE draws' seed is EVPPI_SE_SEED (1, src/uncertainty/evppi.ts), not --seed: voiTable passes none.
    expect(m.seSeed).toBe(1);
    expect(m.seSeedNote).toContain("not --seed");
    expect(m.wtp).toBe(25000);
    expect(m.effect).toBe("qalys");
    expect(m.model).toBe(model);
  });
  it("without --population: population, horizon and discount null; the defaults of the others", () => {
    const out = join(tmp, "evppi-defaults.csv");
    const r = cartecon("evppi", model, "--n", "60", "--out", out, "--no-progress");
    expect(r.code, r.err).toBe(0);
    const m = meta(out);
    // Defaults as docs/cli.md gives them: --se-samples 50, --group-method auto, --seed 1; the WTP the model's.
    expect(m.parameters).toEqual([]);
    expect(m.groupMethod).toBe("auto");
    expect(m.seSamples).toBe(50);
    expect(m.population).toBeNull();
    expect(m.horizon).toBeNull();
    expect(m.discount).toBeNull();
    expect(m.seed).toBe(1);
    expect(m.wtp).toBe(30000);
  });
});

describe("voi --out: the .meta.json records the --parameters groups as evppi's does", { timeout: 240_000 }, () => {
  it("the groups, group method, SE samples and population options as passed", () => {
    // Deterministic inputs: x_k = (37k mod 101)/101, y_k = (53k mod 97)/97, k = 0..199; B's net
    // benefit over A is 100(x − 0.5) + 50(y − 0.5).
    const n = 200;
    const rows = Array.from({ length: n }, (_, k) => [((37 * k) % 101) / 101, ((53 * k) % 97) / 97]);
    const inputs = file("inputs.csv", "x,y\n" + rows.map(([x, y]) => `${x},${y}`).join("\n") + "\n");
    const nb = file(
      "nb.csv",
      "A,B\n" + rows.map(([x, y]) => `0,${100 * (x - 0.5) + 50 * (y - 0.5)}`).join("\n") + "\n",
    );
    const out = join(tmp, "voi.csv");
    const r = cartecon(
      "voi",
      "--inputs",
      inputs,
      "--nb",
      nb,
      "--parameters",
      "x,y",
      "--group-method",
      "gp",
      "--se-samples",
      "7",
      "--population",
      "250",
      "--horizon",
      "3",
      "--discount",
      "0",
      "--out",
      out,
    );
    expect(r.code, r.err).toBe(0);
    const m = meta(out);
    expect(m.parameters).toEqual([["x", "y"]]);
    expect(m.groupMethod).toBe("gp");
    expect(m.seSamples).toBe(7);
    expect(m.population).toBe(250);
    expect(m.horizon).toBe(3);
    expect(m.discount).toBe(0);
    expect(m.draws).toBe(n);
    expect(m.seSeed).toBe(1);
    expect(m.inputs).toBe(inputs);
    expect(m.nb).toBe(nb);
  });
});
