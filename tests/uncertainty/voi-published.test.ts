// Other groups' PSA samples checked against the VOI figures they publish: the R packages voi
// (chemotherapy model) and BCEA (Vaccine, Smoking). Provenance, the published text and the licence:
// tests/fixtures/{voi-chemo10000,bcea-vaccine1000,bcea-smoking500}/README.md. The files are what a
// user gets from R's write.csv (a row-name column first, strategy names with spaces, MCMC node names
// with brackets and constant nodes), read and computed as `cartecon voi` and the page's upload do.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import type { EvppiResult } from "../../src/uncertainty/evppi.js";
import { parseGroup } from "../../src/uncertainty/groups.js";
import { readVoiSamples } from "../../src/uncertainty/samples.js";
import { voiReport } from "../../src/uncertainty/voi.js";

const fixture = (dir: string) => {
  const text = (f: string) =>
    gunzipSync(readFileSync(new URL(`../fixtures/${dir}/${f}.csv.gz`, import.meta.url))).toString("utf8");
  return { parameters: text("parameters"), costs: text("costs"), effects: text("effects") };
};
const load = (f: ReturnType<typeof fixture>) =>
  readVoiSamples({
    inputs: ["parameters.csv", f.parameters],
    costs: ["costs.csv", f.costs],
    effects: ["effects.csv", f.effects],
  });

/**
 * EVPI = mean over draws of max_s NB − max_s of mean NB, NB = k·effect − cost, from R's write.csv
 * text by a split on commas (no number holds one; the header and the row-name column are skipped):
 * nothing shared with readNumericCsv or decisionSummary.
 */
function evpiByHand(costs: string, effects: string, k: number): number {
  const rows = (t: string) =>
    t
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => line.split(",").slice(1).map(Number));
  const c = rows(costs);
  const e = rows(effects);
  const n = c.length;
  const means = new Array<number>(c[0].length).fill(0);
  let meanOfMax = 0;
  for (let i = 0; i < n; i++) {
    let best = -Infinity;
    for (let s = 0; s < means.length; s++) {
      const nb = k * e[i][s] - c[i][s];
      means[s] += nb / n;
      best = Math.max(best, nb);
    }
    meanOfMax += best / n;
  }
  return meanOfMax - Math.max(...means);
}

const row = (rows: EvppiResult[], names: string[]) => rows.find((r) => r.parameters.join() === names.join())!;
const rowNote = (file: string, n: number) =>
  `${file}: the first column has no name and holds 1 to ${n}, as R's write.csv writes row names: read as the draw numbers, not as a parameter or strategy`;

describe("voi's chemotherapy samples (10,000 draws, 14 parameters, 2 strategies)", () => {
  const f = fixture("voi-chemo10000");
  const t2 = ["p_side_effects_t2"];
  const pair = ["p_side_effects_t2", "logor_side_effects"];
  let at20: ReturnType<typeof voiReport>;
  let at30: ReturnType<typeof voiReport>;
  beforeAll(() => {
    at20 = voiReport(load(f), { wtp: 20_000, groups: [pair] });
    at30 = voiReport(load(f), { wtp: 30_000 });
  }, 120_000);

  it("R's write.csv files are read as they are: row names as draw numbers, the 14 parameters in order", () => {
    const s = load(f);
    expect(s.inputs.rows).toBe(10_000);
    expect(s.inputs.columns).toEqual([
      "p_side_effects_t1",
      "p_side_effects_t2",
      "c_home_care",
      "c_hospital",
      "c_death",
      "u_recovery",
      "u_home_care",
      "u_hospital",
      "logor_side_effects",
      "p_hospitalised_total",
      "p_died",
      "lambda_home",
      "lambda_hosp",
      "rate_longterm",
    ]);
    expect(s.strategies).toEqual(["SoC", "Novel"]);
    expect(s.notes).toEqual(["parameters.csv", "costs.csv", "effects.csv"].map((x) => rowNote(x, 10_000)));
  });

  it("EVPI at £10,000–£50,000 is voi's published evpi(chemo_cea) and the same by hand", () => {
    // voi tests/testthat/test_evpi.R. The package computes from the .rda's doubles, we from write.csv's
    // 15 significant digits: agreement to 1e-8 (measured: at most 2.4e-10).
    const published = [8.76486716445652, 368.605096225918, 206.468704777362, 150.472904023947, 126.983450042782];
    [10_000, 20_000, 30_000, 40_000, 50_000].forEach((k, i) => {
      const evpi = voiReport(load(f), { wtp: k, groups: [], seSamples: 0 }).evpi;
      expect(evpi).toBeCloseTo(published[i], 8);
      // The plain sums by hand lose ~1e-9 to rounding on 10,000 net benefits of ~10⁵: 1e-6.
      expect(evpi).toBeCloseTo(evpiByHand(f.costs, f.effects, k), 6);
    });
    expect(at20.evpi).toBeCloseTo(368.6051, 4);
  }, 120_000);

  it("EVPPI of p_side_effects_t2 at £20,000 is within one of our SEs of every published estimate", () => {
    // voi tests/testthat/test_evppi.R: GAM te(·, bs='cr') 262.1109 (its SE 2.51), thin-plate 261.8708,
    // earth 265.1299, Strong & Oakley 261.6701 (20 blocks) and 262.3276 (40), Sadatsafavi 262.8047.
    // Ours (P-spline, 261.90 ± 4.79) is 0.21 from the GAM; 3.23 from earth, the farthest.
    const r = row(at20.evppi, t2);
    expect(r.se).toBeGreaterThan(2);
    for (const published of [262.1109, 261.8708, 265.1299, 261.6701, 262.3276, 262.8047])
      expect(Math.abs(r.evppi - published)).toBeLessThanOrEqual(r.se!);
  });

  it("EVPPI of p_side_effects_t2 at £30,000 is within one SE of voi's Strong & Oakley estimates", () => {
    // evppi(chemo_cea, ..., method = "so")$evppi[3]: 118.0415 (20 blocks), 118.3353 (40); ours 117.87 ± 4.87.
    const r = row(at30.evppi, t2);
    for (const published of [118.0415, 118.3353]) expect(Math.abs(r.evppi - published)).toBeLessThanOrEqual(r.se!);
  });

  it("EVPPI of (p_side_effects_t2, logor_side_effects) at £20,000 is within one SE of voi's GAM and earth", () => {
    // GAM te(·,·, bs='cr') 333.4516, GAM s() + s() 333.8265, earth 334.0442; ours (tensor P-spline)
    // 334.32 ± 2.90. voi's BART (324.2451) and INLA (323.7706) are ~10 lower, as they are than its
    // own GAM: not used.
    const r = row(at20.evppi, pair);
    expect(r.method).toBe("tensor-pspline");
    for (const published of [333.4516, 333.8265, 334.0442])
      expect(Math.abs(r.evppi - published)).toBeLessThanOrEqual(r.se!);
    expect(r.evppi).toBeLessThanOrEqual(at20.evpi);
  });
});

describe("BCEA's Vaccine samples (1,000 MCMC draws, 77 nodes of which 14 fixed, 2 strategies)", () => {
  const f = fixture("bcea-vaccine1000");
  const beta = ["beta.1.", "beta.2."];
  const nPhi = ["n.2.2.", "phi"];
  const ks = [15_000, 20_000, 25_000, 30_000, 40_000, 50_000];
  // BCEA tests/testthat/testdata/EVPPI_GAM_default.RData and EVPPI_gam.RData (README): evi, and the
  // EVPPI of each pair, at the k above.
  const evi = [1.42398996899, 2.45475044014, 2.45384950976, 2.43728707679, 2.50946173259, 2.66564728935];
  const betaPublished = [0.382960654973, 1.02423427373, 0.737429174259, 0.501211000759, 0.250493477134, 0.145765023328];
  const nPhiPublished = [0, 0.173759270492, 0.0129605006142, 0.000170677387529, 0, 0];
  let reports: ReturnType<typeof voiReport>[];
  beforeAll(() => {
    const s = load(f);
    reports = ks.map((k) => voiReport(s, { wtp: k, groups: [beta, nPhi] }));
  }, 120_000);

  it("the JAGS matrix is read whole: its 14 fixed nodes are left out with a note naming each and its value", () => {
    const s = load(f);
    expect(s.inputs.rows).toBe(1000);
    expect(s.inputs.columns).toHaveLength(77 - 14);
    expect(s.strategies).toEqual(["Status quo", "Vaccination"]);
    expect(s.notes.slice(0, 3)).toEqual(["parameters.csv", "costs.csv", "effects.csv"].map((x) => rowNote(x, 1000)));
    expect(s.notes[3]).toBe(
      "parameters.csv: 14 columns are the same in all 1000 draws and not regressed: a parameter that does not vary has no value of information, so each is listed with EVPPI 0 (method constant): Death.1.2. = 0, GP.1.2. = 0, Hospital.1.2. = 0, Infected.1.2. = 0, Mild.Compl.1.2. = 0, Pneumonia.1.2. = 0, Repeat.GP.1.2. = 0, Trt.1.1.2. = 0, Trt.2.1.2. = 0, n.1.1. = 100000, n.2.1. = 0, q.2. = 0, q.3. = 0, rho.1. = 0",
    );
  });

  it("EVPI at £15,000–£50,000 is BCEA's published evi and the same by hand", () => {
    // BCEA stores doubles, we read write.csv's 15 digits; the figures are given here to 12: 1e-10.
    reports.forEach((r, i) => {
      expect(r.evpi).toBeCloseTo(evi[i], 10);
      expect(r.evpi).toBeCloseTo(evpiByHand(f.costs, f.effects, ks[i]), 12);
    });
  });

  it("EVPPI of (beta.1., beta.2.) is within one of our SEs of BCEA's GAM up to £40,000, within two at £50,000", () => {
    // Measured |ours − BCEA| / our SE: 0.36, 0.30, 0.03, 0.20, 0.76, 1.24. At £50,000 the EVPPI is
    // near 0 (BCEA 0.146, ours 0.053 ± 0.074, our GP 0.002): BCEA fits the incremental effects and
    // costs once each (GAM; R² 0.11 and 0.08) and uses k·ĝₑ − ĝ꜀ at every k (its saved fits
    // reproduce its figures exactly), so the effect fit's noise grows with k and the mean of
    // max(0, ·) is biased upward; ours refits the net benefit at each k.
    reports.forEach((r, i) => {
      const ours = row(r.evppi, beta);
      const sds = ks[i] === 50_000 ? 2 : 1;
      expect(Math.abs(ours.evppi - betaPublished[i])).toBeLessThanOrEqual(sds * ours.se!);
    });
  });

  it("EVPPI of (n.2.2., phi) is within one of our SEs of BCEA's GAM at every k", () => {
    // Measured: 0 vs 0 at £15,000, £40,000 and £50,000; 0.212 ± 0.103 vs 0.174 at £20,000.
    reports.forEach((r, i) => {
      const ours = row(r.evppi, nPhi);
      expect(Math.abs(ours.evppi - nPhiPublished[i])).toBeLessThanOrEqual(ours.se!);
    });
  });
});

describe("BCEA's Smoking samples (500 MCMC draws, 4 strategies named with spaces)", () => {
  const f = fixture("bcea-smoking500");

  it("strategy names with spaces, bracketed node names and 5 constant nodes are read as written", () => {
    const s = load(f);
    expect(s.strategies).toEqual(["No treatment", "Self-help", "Individual counselling", "Group counselling"]);
    expect(s.inputs.columns).toHaveLength(76 - 5);
    expect(s.inputs.columns.slice(0, 4)).toEqual(["d[2]", "d[3]", "d[4]", "deviance"]);
    expect(s.inputs.columns).toContain("rr[2,1]");
    expect(s.notes[3]).toContain("5 columns are the same in all 500 draws");
    expect(s.notes[3]).toContain(": d[1] = 0, rr[1,1] = 1, rr[2,2] = 1, rr[3,3] = 1, rr[4,4] = 1");
  });

  it("EVPI at 150, 250 and 500 per life-year is BCEA's published evi and the same by hand", () => {
    // BCEA tests/testthat/testdata/EVPPI_smoke.RData, evi (printed to 12 digits: 1e-9).
    const published = [20.8675424822, 45.7740775957, 54.495250865];
    const s = load(f);
    [150, 250, 500].forEach((k, i) => {
      const evpi = voiReport(s, { wtp: k, seSamples: 0 }).evpi;
      expect(evpi).toBeCloseTo(published[i], 9);
      expect(evpi).toBeCloseTo(evpiByHand(f.costs, f.effects, k), 10);
    });
  }, 120_000);

  it("a group written as a user would ('\"rr[2,1]\",d[3]': a name holding a comma in quotes) is computed", () => {
    const g = parseGroup('"rr[2,1]",d[3]', "--parameters");
    expect(g).toEqual(["rr[2,1]", "d[3]"]);
    const r = voiReport(load(f), { wtp: 150, groups: [g], seSamples: 0 });
    expect(row(r.evppi, g).method).toBe("tensor-pspline");
  }, 120_000);

  it("EVPPI at 150 per life-year: 0 ≤ EVPPI ≤ EVPI; each group is at least each member within the group's SE, and the three d's at least the pair", () => {
    // Issue [8]'s acceptance (docs/uncertainty.md, Tests): EVPPI of a group ≥ EVPPI of any subset, so
    // an estimate may fall short of a member's only by its own error. k = 150, not 250: at 250 every
    // member's EVPPI is 0 and the check could not fail; at 150, rr[2,1], d[2] and d[3] are positive
    // (asserted below so the check keeps its content).
    // Published figures: none found. BCEA's vignette 'EVPPI plots' (giabaio/BCEA vignettes/evppi.Rmd)
    // runs evppi(m, c(2, 3), createInputs(smoking_output)$mat, h.value = 5e-7) on these data but shows
    // only a plot; BCEA's help pages print no Smoking EVPPI. The numbers in BCEA's test data
    // (EVPPI_smoke.RData) belong to a skipped test and are not used: tests/fixtures/bcea-smoking500/README.md.
    const groups = [
      ["rr[2,1]", "d[3]"],
      ["d[3]", "d[4]"],
      ["d[2]", "d[3]", "d[4]"],
    ];
    const r = voiReport(load(f), { wtp: 150, groups, seSamples: 50 });
    for (const x of r.evppi) {
      expect(x.evppi, x.parameters.join()).toBeGreaterThanOrEqual(0);
      expect(x.evppi, x.parameters.join()).toBeLessThanOrEqual(r.evpi);
    }
    const members = ["rr[2,1]", "d[2]", "d[3]"].map((id) => row(r.evppi, [id]));
    for (const m of members) expect(m.evppi, m.parameters[0]).toBeGreaterThan(0);
    for (const names of groups) {
      const group = row(r.evppi, names);
      expect(group.se, names.join()).toBeGreaterThan(0);
      for (const id of names)
        expect(group.evppi + group.se!, `${names.join()} vs ${id}`).toBeGreaterThanOrEqual(row(r.evppi, [id]).evppi);
    }
    const three = row(r.evppi, groups[2]);
    expect(three.evppi + three.se!).toBeGreaterThanOrEqual(row(r.evppi, groups[1]).evppi);
  }, 120_000);
});
