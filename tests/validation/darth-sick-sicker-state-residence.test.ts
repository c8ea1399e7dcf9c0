/**
 * Validation of the engine's time-in-state tunnels: the state-residence (time in Sick) dependent
 * Sick-Sicker model of
 *   Alarid-Escudero F, Krijkamp EM, Enns EA, Yang A, Hunink MGM, Pechlivanoglou P, Jalal H.
 *   A Tutorial on Time-Dependent Cohort State-Transition Models in R Using a Cost-Effectiveness
 *   Analysis Example. Med Decis Making 2023;43(1):21-41. doi:10.1177/0272989X221121747
 * written from docs/model-spec.md as data/models/darth-sick-sicker-state-residence.json (S1 with
 * "timeInState": {"limit": 75}, the tutorial's 75 tunnel states S1_1Yr..S1_75Yr).
 *
 * WHAT IS PUBLISHED. The article prints no result of this example: its cost-effectiveness table
 * (tab:table-cea), the text around it and the PSA are those of the simulation-time example
 * (manuscript/cSTM_Tutorial_TimeDep.tex and .Rmd, and every earlier version of them in the authors'
 * repository github.com/DARTH-git/cohort-modeling-tutorial-timedep; the PSA chunk of the .Rmd sources
 * R/Functions_cSTM_time_dep_simulation.R). The published parts of this example are its parameters
 * (table tab:param-table: Weibull scale 0.08, shape 1.10) and its equations (eq:H-weibull ..
 * eq:tp-from-H-weibull, algorithm alg:fill-tunnels, n_tunnels = n_T = 75, 78 states). So the expected
 * values here come from two places, neither of them this engine:
 *
 * 1. REFERENCE = the authors' own script analysis/cSTM_time_dep_state_residence.R at commit 45dfd7d
 *    (2025-11-07), run unchanged from its start to its `df_cea <- calculate_icers(...)` line (plot
 *    calls left out, dplyr loaded) with R 4.2.2 and dplyr 1.0.10 (Debian packages), printed with
 *    `print(x, digits = 15)`: v_tot_cost, v_tot_qaly, df_cea, v_p_S1S2_tunnels[1:5] and rows of the
 *    aggregated traces m_M_tunnels_SoC_sum / m_M_tunnels_strB_sum. These numbers are the authors'
 *    implementation's output, not printed in the article. The totals and the incremental analysis are
 *    typed once, in data/validation/expected.json (model "darth-sick-sicker-state-residence", source
 *    "authors-code"), which the Validation page reads too; the traces and the tunnel probability here.
 * 2. PUBLISHED = with the Weibull shape set to 1 and the scale to the simulation-time example's
 *    constant rate r_S1S2 = 0.105, every tunnel's rate is 0.105 and the model is the simulation-time
 *    example, whose published table tab:table-cea (data/validation/expected.json, model
 *    "darth-sick-sicker-age-dependent") it must reproduce to the printed digits.
 *
 * Tolerances: the reference was printed to 15 significant digits; R's exp/pow (C library) and the
 * engine's (@stdlib) may differ by 1 ulp, so costs are compared to 1e-6 USD and QALYs and trace
 * shares to 1e-10: a thousand times looser than those rounding differences, and a million times
 * tighter than any change of convention (the SoC cost moves by USD 2,364 if the first cycle in S1
 * were tau = 2, by USD 15,116 if it were tau = 0, and by USD 2,520 with a single tunnel, limit 1).
 */
import { describe, expect, it } from "vitest";
import { compileModel, type ModelSpec } from "../../src/model/index.js";
import {
  byId,
  clone,
  expectPublished,
  expectSickSickerFrontier,
  loadSpec,
  PUBLISHED,
  run,
  traceRow,
} from "./published.js";

const MODEL = "darth-sick-sicker-state-residence";
const spec = loadSpec(`${MODEL}.json`);
const result = run(spec);
const s = byId(result);

/** The authors' script's value `key` (data/validation/expected.json), at its precision. */
const ref = (x: number, key: string) => expectPublished(x, MODEL, key);
const REFERENCE_SOC_COST = PUBLISHED.value(MODEL, "SoC-cost").value;

const S1 = (m: ModelSpec) => m.states.find((x) => x.id === "S1")!;

describe("DARTH Sick-Sicker with state-residence dependence (tunnels) (Alarid-Escudero et al., MDM 2023)", () => {
  it("has the tutorial's tunnel structure: S1 expanded into 75 tunnels (n_tunnels = n_T = 75), Weibull scale 0.08 and shape 1.1", () => {
    expect(S1(spec).timeInState).toEqual({ limit: 75 });
    const p = spec.parameters as Record<string, { value: unknown }>;
    expect(p.r_S1S2_scale.value).toBe(0.08);
    expect(p.r_S1S2_shape.value).toBe(1.1);
    expect(p.n_cycles_darth.value).toBe(75);
    // "75 S1 tunnel states plus 3 more states (H, S2, D) resulting in a total of n_S_tunnels = 78" (manuscript).
    expect(compileModel(spec).nExpanded).toBe(78);
  });

  it("first cycle in S1 (tau = 1): S1 to S2 is (1 - p_S1D) * v_p_S1S2_tunnels[1] = 1 - exp(-0.08^1.1)", () => {
    const fromS1 = clone(spec);
    fromS1.init = { S1: 1 };
    const r = run(fromS1, { strategies: ["SoC"] });
    const row1 = traceRow(r, r.strategies[0], 1);
    // v_p_S1S2_tunnels[1] printed by the authors' script: 0.0602524172588758. p_S1D at age 25: the
    // US 2015 rate 0.001014 (age 25) times hr_S1 = 3, p = 1 - exp(-0.003042).
    const pS1D = 1 - Math.exp(-3 * 0.001014);
    expect(row1.S2).toBeCloseTo((1 - pS1D) * 0.0602524172588758, 12);
    expect(row1.D).toBeCloseTo(pS1D, 12);
  });

  it("reproduces the authors' cohort traces (H, S1 summed over its tunnels, S2, D) at rows 1, 2, 5, 10 and 75 under SoC and 5 and 75 under B", () => {
    // m_M_tunnels_SoC_sum[c(1, 2, 3, 6, 11, 76), ] and m_M_tunnels_strB_sum[c(6, 76), ] (rows named 0..75).
    const expected: [string, number, number[]][] = [
      ["SoC", 1, [0.859835660875689, 0.13915085304859, 0, 0.00101348607572105]],
      ["SoC", 2, [0.793916203022547, 0.195436267686448, 0.00835908550233976, 0.0022884437886661]],
      ["SoC", 5, [0.721310475578443, 0.222454078500909, 0.0486024596267587, 0.00763298629388919]],
      ["SoC", 10, [0.657763020843101, 0.205865593261664, 0.115298912872429, 0.0210724730228048]],
      ["SoC", 75, [0.00194662761723588, 0.000433519355388094, 0.000016629973386425, 0.997603223053988]],
      ["B", 5, [0.728218007218187, 0.23397335490265, 0.0303768352978356, 0.00743180258132741]],
      ["B", 75, [0.00275648899319831, 0.000626128735175914, 0.0000146501654851484, 0.99660273210614]],
    ];
    for (const [id, k, [H, s1, S2, D]] of expected) {
      const row = traceRow(result, s[id], k);
      expect(row.H, `${id} row ${k} H`).toBeCloseTo(H, 10);
      expect(row.S1, `${id} row ${k} S1`).toBeCloseTo(s1, 10);
      expect(row.S2, `${id} row ${k} S2`).toBeCloseTo(S2, 10);
      expect(row.D, `${id} row ${k} D`).toBeCloseTo(D, 10);
    }
  });

  it("reproduces the authors' discounted costs (to 1e-6 USD) and QALYs (to 1e-10) of SoC, A, B and AB", () => {
    for (const id of ["SoC", "A", "B", "AB"]) {
      ref(s[id].cost.discounted, `${id}-cost`);
      ref(s[id].qalys.discounted, `${id}-qalys`);
    }
  });

  it("reproduces the authors' incremental analysis: frontier SoC -> B -> AB, A dominated, ICERs 75,678.25 and 88,667.96 USD/QALY", () => {
    // df_cea printed by the authors' script: Inc_Cost, Inc_Effect, ICER.
    expectSickSickerFrontier(result, MODEL);
  });

  it("gives the same totals with the Weibull rate written into the S1 row, evaluated with the cycle's death probability for all tunnels at once", () => {
    const inline = clone(spec);
    const rate =
      "((timeInState * r_S1S2_scale) ^ r_S1S2_shape - ((timeInState - 1) * r_S1S2_scale) ^ r_S1S2_shape) * (trtB ? hr_S1S2_trtB : 1)";
    const pS1S2 = `(1 - exp(-(${rate}) * cycleLength))`;
    const rows = inline.transitions as Record<string, Record<string, string>>;
    rows.S1 = {
      H: "(1 - p_S1D) * p_S1H",
      S1: `(1 - p_S1D) * (1 - (p_S1H + ${pS1S2}))`,
      S2: `(1 - p_S1D) * ${pS1S2}`,
      D: "p_S1D",
    };
    const x = byId(run(inline));
    for (const id of ["SoC", "A", "B", "AB"]) {
      ref(x[id].cost.discounted, `${id}-cost`);
      ref(x[id].qalys.discounted, `${id}-qalys`);
    }
  });

  it("with a constant S1 to S2 rate (Weibull shape 1, scale 0.105) reproduces the simulation-time example's published table tab:table-cea", () => {
    const constant = clone(spec);
    const p = constant.parameters as Record<string, { value: unknown }>;
    p.r_S1S2_shape.value = 1;
    p.r_S1S2_scale.value = 0.105;
    const rc = run(constant);
    const c = byId(rc);
    const AGE = "darth-sick-sicker-age-dependent";
    for (const id of ["SoC", "A", "B", "AB"]) {
      expectPublished(c[id].cost.discounted, AGE, `${id}-cost`);
      expectPublished(c[id].qalys.discounted, AGE, `${id}-qalys`);
    }
    expectSickSickerFrontier(rc, AGE);
  });

  it("the last tunnel's self-transition changes no result: limit true (76 tunnels) or 74 gives the same totals as limit 75", () => {
    // The earliest entry into S1 is in cycle 1, so tunnel 75 is first occupied at trace row 75, the
    // last row the tutorial counts: its self-transition (the tutorial's S1_75Yr -> S1_75Yr) would
    // only move members into row 76, which has no weight. With limit 74 the members in tunnel 74 at
    // row 74 stay in it with the probabilities of tau = 74, as they move on to tunnel 75 with limit 75.
    for (const limit of [true, { limit: 74 }] as const) {
      const other = clone(spec);
      S1(other).timeInState = limit;
      const o = byId(run(other));
      for (const id of ["SoC", "A", "B", "AB"]) {
        expect(o[id].cost.discounted, `${JSON.stringify(limit)} ${id}`).toBeCloseTo(s[id].cost.discounted, 9);
        expect(o[id].qalys.discounted, `${JSON.stringify(limit)} ${id}`).toBeCloseTo(s[id].qalys.discounted, 12);
      }
    }
  });

  it("is sensitive to the tunnel index and count: tau + 1 in the first cycle in S1, or a single tunnel, moves the SoC cost by more than USD 2,000", () => {
    const shifted = clone(spec);
    const p = shifted.parameters as Record<string, { value: unknown }>;
    p.r_S1S2_tunnel.value =
      "((timeInState + 1) * r_S1S2_scale) ^ r_S1S2_shape - (timeInState * r_S1S2_scale) ^ r_S1S2_shape";
    expect(Math.abs(byId(run(shifted)).SoC.cost.discounted - REFERENCE_SOC_COST)).toBeGreaterThan(2000);
    const one = clone(spec);
    S1(one).timeInState = { limit: 1 };
    expect(Math.abs(byId(run(one)).SoC.cost.discounted - REFERENCE_SOC_COST)).toBeGreaterThan(2000);
  });
});
