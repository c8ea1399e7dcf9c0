/** Issue [7] (12), point 4: durability as uncertain as the data. */
import { describe, expect, it } from "vitest";
import {
  buildCartModel,
  durabilityScenario,
  poissonRateInterval,
  PRESETS,
  runCart,
  weibullFromShares,
  weibullScaleForShare,
  weibullShare,
} from "../../src/cart/index.js";
import { compileModel, evaluate } from "../../src/model/index.js";
import { loadEvidence, loadLifeTable } from "../../src/cart/load.js";

const evidence = loadEvidence();
const lifeTable = loadLifeTable();

describe("poissonRateInterval(events, personYears)", () => {
  it("with no events the one-sided 95% upper bound is -ln(0.05)/PY (about 0.3 per year for 10 patient-years)", () => {
    const b = poissonRateInterval(0, 10, 0.95, 1);
    expect(b.upper).toBeCloseTo(-Math.log(0.05) / 10, 8); // 0.29957
    expect(b.lower).toBe(0);
    expect(poissonRateInterval(0, 10).upper).toBeCloseTo(-Math.log(0.025) / 10, 8); // two-sided: 0.36889
  });
  it("with one event in 10 patient-years matches the chi-square closed form", () => {
    // chi2(0.025; 2) = -2 ln(0.975) = 0.0506356; chi2(0.975; 4) = 11.143287 (tables) -> / (2 x 10)
    const b = poissonRateInterval(1, 10);
    expect(b.lower).toBeCloseTo((-2 * Math.log(0.975)) / 20, 8);
    expect(b.upper).toBeCloseTo(11.143287 / 20, 5);
  });
  it("the autologous relapse range reaches the exact bound of the observed patient-years", () => {
    // 8 SLE patients followed for a median of 15 months (MULLER2024): about 10 patient-years, no relapse.
    const row = evidence.parameters.find(
      (r) => r.id === "r_relapse" && r.strategy === "autologous" && r.disease === "all",
    )!;
    // One-sided 95% upper bound with no events in 10 patient-years: -ln(0.05) / 10 = 0.29957 per year.
    expect(row.high!).toBeCloseTo(-Math.log(0.05) / 10, 2);
  });
});

describe("Weibull relapse curve entered as shares in remission", () => {
  it("weibullFromShares reproduces the two shares", () => {
    const { r, k } = weibullFromShares(0.835, 0.624);
    expect(weibullShare(r, k, 2)).toBeCloseTo(0.835, 10);
    expect(weibullShare(r, k, 5)).toBeCloseTo(0.624, 10);
  });
  it("varying the shape with weibullScaleForShare holds the 5-year share fixed", () => {
    for (const k of [0.6, 1, 1.4]) expect(weibullShare(weibullScaleForShare(0.6, 5, k), k, 5)).toBeCloseTo(0.6, 12);
    // shape < 1 with the 5-year share held: more early relapse (lower 2-year share) than shape 1
    expect(weibullShare(weibullScaleForShare(0.6, 5, 0.6), 0.6, 2)).toBeLessThan(
      weibullShare(weibullScaleForShare(0.6, 5, 1), 1, 2),
    );
  });
  it("the analysis reports the shares its relapse parameters imply (shape 1: exp(-5 r) at 5 years)", () => {
    const a = runCart(evidence, "sle", PRESETS.us, lifeTable);
    const auto = a.durabilityShares.find((x) => x.strategy === "autologous")!;
    expect(auto.at5).toBeCloseTo(Math.exp(-5 * 0.05), 10);
    expect(a.durabilityShares.map((x) => x.strategy)).toContain("ahsct");
  });
});

describe("structural durability scenarios", () => {
  const remissionShare = (d: ReturnType<typeof durabilityScenario>, years: number) => {
    // p_retreat 0: a retreated patient starts a new time since infusion (the limit applies per infusion)
    const built = buildCartModel(evidence, "ms", PRESETS.us, lifeTable, {
      intentionToTreat: false,
      durability: d,
      overrides: { p_retreat: 0 },
    });
    const r = evaluate(compileModel(built.spec), { trace: true, perCycle: false });
    const s = r.strategies.find((x) => x.id === "autologous")!;
    const states = r.states;
    const t = Math.round(years * 12);
    let sum = 0;
    states.forEach((id, i) => {
      if (id.startsWith("Remission") || id.startsWith("Cured")) sum += s.trace![t * states.length + i];
    });
    return sum;
  };
  it("limited-5: nobody is in remission after 5 years and 1 month; before 5 years the base case is unchanged", () => {
    const base = durabilityScenario("weibull");
    const lim = durabilityScenario("limited-5");
    expect(remissionShare(lim, 4.5)).toBeCloseTo(remissionShare(base, 4.5), 10);
    expect(remissionShare(lim, 5 + 2 / 12)).toBeLessThan(1e-12);
    expect(remissionShare(base, 5 + 2 / 12)).toBeGreaterThan(0.1);
  });
  it("cure: more people stay in remission than in the base case, and everything else equal at the start", () => {
    expect(remissionShare(durabilityScenario("cure", 0.5), 10)).toBeGreaterThan(
      remissionShare(durabilityScenario("weibull"), 10),
    );
    expect(remissionShare(durabilityScenario("cure", 0), 10)).toBeCloseTo(
      remissionShare(durabilityScenario("weibull"), 10),
      10,
    );
  });
  it("rejects an unknown scenario or a cure fraction outside [0, 1]", () => {
    expect(() => durabilityScenario("forever")).toThrow(/unknown durability scenario "forever"/);
    expect(() => durabilityScenario("cure", 1.5)).toThrow(/--cure-fraction/);
  });
});
