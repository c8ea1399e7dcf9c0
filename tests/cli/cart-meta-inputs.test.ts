/**
 * With `--cart`, the parameter table and the life table change every result, yet no .meta.json said
 * which were read (review s29). Each .meta.json (psa's, evppi's, dsa's: one targetMeta) now names
 * both, as their paths in the package: the US preset reads the US 2015 life table and the UK preset
 * ONS 2018-2020 (docs/methods.md, data/lifetables/).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { dataStamp } from "../../src/cart/load.js";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-cart-meta-"));
const cartecon = (...args: string[]) => runCli(args, { timeoutMs: 170_000 });
const meta = (out: string) => JSON.parse(readFileSync(out + ".meta.json", "utf8"));

describe("--cart runs: the .meta.json names the parameter table and life table", { timeout: 360_000 }, () => {
  it("psa (US preset) and dsa (UK preset) name the shipped tables they read", () => {
    const out = join(tmp, "psa.csv");
    const r = cartecon("psa", "--cart", "sle", "--n", "2", "--seed", "3", "--out", out);
    expect(r.code, r.err).toBe(0);
    // The structural rows, whose tables give a distribution, said to be held (values as in
    // data/cart/parameters-sle.csv: age_start 35, p_male 0.13; parameters-platforms.csv: 60 months).
    expect(r.out).toContain(
      'note: held at their base value, not drawn (the cohort modelled and the model\'s structure; docs/methods.md, "Probabilistic analysis inputs"): age_start = 35, p_male = 0.13, m_relapse_horizon = 60',
    );
    expect(meta(out).fixed).toEqual(["age_start", "p_male", "m_relapse_horizon"]);
    expect(meta(out)).toMatchObject({
      disease: "sle",
      preset: "us",
      parameterTable: "shipped: data/cart/parameters-*.csv",
      lifeTable: "shipped: data/lifetables/us-2015-all-cause-mortality.csv",
      // The report's data stamp, as the pages' links and downloads carry it (review s37).
      dataStamp: dataStamp(),
    });
    const dsaOut = join(tmp, "dsa.csv");
    const d = cartecon("dsa", "--cart", "sle", "--preset", "uk", "--out", dsaOut);
    expect(d.code, d.err).toBe(0);
    expect(meta(dsaOut)).toMatchObject({
      disease: "sle",
      preset: "uk",
      lifeTable: "shipped: data/lifetables/uk-ons-2018-2020-mx.csv",
      dataStamp: dataStamp(),
    });
    // cart --out: the stamp with the shipped tables; none with a user's parameter table (other data).
    const cartOut = join(tmp, "cart.csv");
    expect(cartecon("cart", "--disease", "sle", "--out", cartOut).code).toBe(0);
    expect(meta(cartOut).dataStamp).toBe(dataStamp());
    const params = join(tmp, "params.csv");
    expect(cartecon("cart", "--export-params", params).code).toBe(0);
    expect(cartecon("cart", "--disease", "sle", "--params", params, "--out", cartOut).code).toBe(0);
    expect(meta(cartOut).dataStamp).toBeNull();
  });
});
