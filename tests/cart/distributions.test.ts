/** Issue [7] (12), point 7: every parameter has a PSA distribution whose mean is its base value (within 1%). */
import { describe, expect, it } from "vitest";
import { buildCartModel, CORRELATED_PARAMETERS, psaDistribution, PRESETS } from "../../src/cart/index.js";
import { loadEvidence, loadLifeTable, loadPresetLifeTables } from "../../src/cart/load.js";
import { distributionOf, specDistributions } from "../../src/model/dist/fromspec.js";
import { psaDraws } from "../../src/uncertainty/psa.js";
import { readCorrelationCsv } from "../../src/uncertainty/correlation.js";
import { readFileSync } from "node:fs";
import { ranks } from "../helpers/ranks.js";

const evidence = loadEvidence();

/** Textbook means from the distributions' own parameters (not from the base value). */
function meanOf(kind: string, p: Record<string, number>): number {
  if (kind === "beta") return p.alpha / (p.alpha + p.beta);
  if (kind === "gamma") return p.shape * p.scale;
  if (kind === "lognormal") return Math.exp(p.mu + (p.sigma * p.sigma) / 2);
  if (kind === "normal") return p.mean;
  return p.value;
}

describe("PSA distributions", () => {
  it("the engine fits every parameter of every built model (disease x preset) from its range: no PSA stops on an impossible interval", () => {
    // A PSA of the CAR T model draws through the engine (specDistributions), which matches the 95% interval
    // by quantiles and refuses one no distribution of that mean can have (e.g. a beta of mean 0.0007 up to 0.01).
    const lifeTables = loadPresetLifeTables();
    const refused: string[] = [];
    for (const d of evidence.diseases)
      for (const [id, preset] of Object.entries(PRESETS)) {
        const built = buildCartModel(evidence, d.disease, preset, lifeTables[id]);
        for (const [pid, p] of Object.entries(built.spec.parameters ?? {})) {
          try {
            distributionOf(pid, p);
          } catch (e) {
            refused.push(`${d.disease} ${id} ${(e as Error).message}`);
          }
        }
      }
    expect(refused).toEqual([]);
  }, 120_000);
  it("every parameter row has a beta, gamma, log-normal, normal or fixed distribution whose mean is its base value within 1%", () => {
    for (const r of evidence.parameters) {
      const d = psaDistribution(r, `${r.file} row ${r.row}`);
      expect(["beta", "gamma", "lognormal", "normal", "fixed"]).toContain(d.kind);
      const mean = meanOf(d.kind, d.params);
      if (r.value === 0) expect(mean, `${r.file} row ${r.row}`).toBe(0);
      else expect(Math.abs(mean / r.value - 1), `${r.file} row ${r.row} ${r.id}`).toBeLessThan(0.01);
      if (d.kind !== "fixed") {
        expect(d.se).toBeGreaterThan(0);
        expect(d.reason).toMatch(/95% interval/);
      }
    }
  });
  it("what a PSA draws: every drawn parameter of every built model (disease x preset) has its base value as mean", () => {
    // The model file carries each fit as the family's own parameters (psaSpecDistribution), so the PSA
    // draws these and not the engine's interval rules for a bare name (whose log-normal is centred on
    // the interval's geometric midpoint: k_relapse 1 in 0.6-1.4 had mean 0.938). Textbook means from
    // the drawn distribution's own parameters.
    const lifeTables = loadPresetLifeTables();
    let checked = 0;
    for (const d of evidence.diseases)
      for (const [id, preset] of Object.entries(PRESETS)) {
        const built = buildCartModel(evidence, d.disease, preset, lifeTables[id]);
        for (const { id: pid, distribution: x } of specDistributions(built.spec)) {
          const value = (built.spec.parameters![pid] as { value: number }).value;
          const mean =
            x.type === "beta"
              ? x.alpha / (x.alpha + x.beta)
              : x.type === "gamma"
                ? x.shape * x.scale
                : x.type === "lognormal"
                  ? Math.exp(x.meanlog + (x.sdlog * x.sdlog) / 2)
                  : x.type === "normal"
                    ? x.mean
                    : NaN;
          expect(Math.abs(mean / value - 1), `${d.disease} ${id} ${pid} (${x.type})`).toBeLessThan(1e-9);
          checked++;
        }
      }
    expect(checked).toBeGreaterThan(1000);
  }, 120_000);
  it("a row edited so that no distribution of its family fits (a beta of mean 1) still builds and runs; the PSA refuses it by name", () => {
    const edited = {
      ...evidence,
      parameters: evidence.parameters.map((r) =>
        r.id === "p_response" && r.strategy === "autologous" ? { ...r, value: 1, high: 1 } : r,
      ),
    };
    const built = buildCartModel(edited, "sle", PRESETS.us, loadLifeTable());
    expect(built.spec.parameters!.p_response).toMatchObject({ value: 1, distribution: "beta" });
    expect(() => specDistributions(built.spec)).toThrow(/p_response/);
  });
  it("a gamma from a value of 1000 and interval 500-1500 has SE (1500 - 500) / 3.92 = 255.1", () => {
    const d = psaDistribution({ value: 1000, low: 500, high: 1500, distribution: "gamma" });
    expect(d.se).toBeCloseTo(1000 / (2 * 1.959963984540054), 6);
    expect(d.params.shape).toBeCloseTo((1000 / d.se) ** 2, 6);
  });
  it("a beta whose interval is too wide for its mean keeps the mean and caps the variance", () => {
    const d = psaDistribution({ value: 0.02, low: 0, high: 0.9, distribution: "beta" });
    expect(d.params.alpha / (d.params.alpha + d.params.beta)).toBeCloseTo(0.02, 12);
    expect(d.params.alpha).toBeGreaterThan(0);
  });
  it("names the correlated parameters, and they exist in the model", () => {
    const built = buildCartModel(evidence, "sle", PRESETS.us, loadLifeTable());
    expect(CORRELATED_PARAMETERS.length).toBeGreaterThan(0);
    for (const g of CORRELATED_PARAMETERS)
      for (const id of g.parameters) expect(built.spec.parameters![id], id).toBeDefined();
  });
  it("the model file draws the related groups independently; the utilities scenario file draws them at one quantile, ordered", () => {
    const file = "data/cart/correlations/utilities-one-quantile.csv";
    const scenario = readCorrelationCsv(readFileSync(file, "utf8"), file);
    const tables = loadPresetLifeTables();
    const n = 400;
    for (const preset of Object.values(PRESETS))
      for (const d of evidence.diseases) {
        const built = buildCartModel(evidence, d.disease, preset, tables[preset.id]);
        expect(built.spec.correlations, `${preset.id} ${d.disease}`).toBeUndefined();
        const draws = psaDraws(built.spec, { n, seed: 1, correlation: scenario });
        const [a, c, r] = ["u_active", "u_controlled", "u_remission"].map((id) => draws.inputs.get(id)!);
        const [ra, rc, rr] = [a, c, r].map(ranks);
        for (let k = 0; k < n; k++) {
          const at = `${preset.id} ${d.disease} draw ${k + 1}`;
          expect(rc[k], at).toBe(ra[k]);
          expect(rr[k], at).toBe(ra[k]);
          // Worse health, lower utility (with independent draws SLE US had 141 of 1,000 draws with
          // u_controlled above u_remission, multiple sclerosis 424).
          expect(a[k], at).toBeLessThanOrEqual(c[k]);
          expect(c[k], at).toBeLessThanOrEqual(r[k]);
        }
        // The other groups stay independent: the platforms' relapse rates do not share ranks.
        const [r1, r2] = ["r_relapse", "r_relapse__allogeneic"].map((id) => ranks(draws.inputs.get(id)!));
        expect(r1.some((x, k) => x !== r2[k])).toBe(true);
      }
  }, 120_000);
  it("a parameter the PSA holds fixed leaves the model's correlations; the others keep one quantile", () => {
    const built = buildCartModel(evidence, "sle", PRESETS.uk, loadLifeTable());
    const spec = {
      ...built.spec,
      correlations: {
        pairs: [
          { parameters: ["u_active", "u_controlled"] as [string, string], rho: 1 },
          { parameters: ["u_active", "u_remission"] as [string, string], rho: 1 },
          { parameters: ["u_controlled", "u_remission"] as [string, string], rho: 1 },
        ],
      },
    };
    const draws = psaDraws(spec, { n: 50, seed: 3, exclude: ["u_controlled"] });
    expect(draws.inputs.has("u_controlled")).toBe(false);
    expect(draws.correlation!.ids).toEqual(["u_active", "u_remission"]);
  });
  it("rejects a distribution that cannot have the base value as its mean, naming the row", () => {
    expect(() => psaDistribution({ value: 0, low: 0, high: 1, distribution: "gamma" }, "t.csv row 3")).toThrow(
      /t\.csv row 3.*no gamma distribution with mean 0/,
    );
  });
});
