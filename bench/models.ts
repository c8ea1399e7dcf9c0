/** Small model specifications shared by the engine tests. */
import type { ModelSpec } from "../src/model/index.js";

// The closed-form models are defined once, with the build-time validation checks that also use them.
export { aliveDead, sonnenbergBeck } from "../src/data/validation-checks.js";

/** A six-state model with age-dependent background mortality from a life table, for black-box checks and benchmarks. */
export function sixState(opts: { cycles?: number; monthly?: boolean; method?: string } = {}): ModelSpec {
  const { monthly = true, method = "half-cycle" } = opts;
  const cycles = opts.cycles ?? (monthly ? 720 : 60);
  const ages = Array.from({ length: 111 }, (_, a) => a);
  // Gompertz-like annual death rates: 0.0005 * exp(0.085 (age - 20)), a smooth stand-in for a life table.
  const rate = ages.map((a) => Math.min(0.0005 * Math.exp(0.085 * (a - 20)), 5));
  return {
    name: "six-state with age-dependent mortality",
    settings: {
      cycleLength: monthly ? { months: 1 } : { years: 1 },
      horizon: { cycles },
      startAge: 40,
      discount: { costs: 0.035, outcomes: 0.035 },
      method,
      currency: "USD",
      priceYear: 2024,
    },
    tables: { lt: { key: "age", columns: { age: ages, rate } } },
    parameters: {
      r_flare: { value: 0.3, unit: "rate/year" },
      r_remit: { value: 1.2, unit: "rate/year" },
      r_damage: { value: 0.05, unit: "rate/year" },
      hr_damage_death: { value: 2, unit: "hazard ratio" },
      smr: { value: 1.5, unit: "ratio" },
      trt_effect: { value: 1, unit: "hazard ratio" },
      c_drug: { value: 12000, unit: "USD/year" },
      c_flare: { value: 3000, unit: "USD/event" },
      c_damage: { value: 20000, unit: "USD/year" },
      c_once: { value: 0 },
      u_ctrl: 0.8,
      u_active: 0.6,
      u_damage: 0.5,
      u_remission: 0.85,
      p_die: 'rateToProb(lookup("lt", "rate", age) * smr, cycleLength)',
      p_die_damage: 'rateToProb(lookup("lt", "rate", age) * smr * hr_damage_death, cycleLength)',
      p_flare: "rateToProb(r_flare * trt_effect, cycleLength)",
      p_remit: "rateToProb(r_remit, cycleLength)",
      p_damage: "rateToProb(r_damage * trt_effect, cycleLength)",
      p_cure: { value: 0.0, unit: "probability/cycle" },
    },
    values: [
      { id: "c_drugs", kind: "cost", per: "year" },
      { id: "c_events", kind: "cost" },
      { id: "c_care", kind: "cost", per: "year" },
      { id: "u", kind: "utility" },
    ],
    states: [
      { id: "Controlled", values: { c_drugs: "c_drug", u: "u_ctrl" } },
      { id: "Active", values: { c_drugs: "c_drug", c_care: "c_damage / 4", u: "u_active" } },
      { id: "Remission", values: { u: "u_remission" } },
      { id: "Damage", values: { c_drugs: "c_drug", c_care: "c_damage", u: "u_damage" } },
      { id: "Severe", values: { c_drugs: "c_drug", c_care: "2 * c_damage", u: "u_damage * 0.8" } },
      { id: "Dead", dead: true },
    ],
    transitions: {
      Controlled: { Controlled: "C", Active: "p_flare", Remission: "p_cure", Damage: "p_damage", Dead: "p_die" },
      Active: { Active: "C", Controlled: "p_remit", Damage: "2 * p_damage", Dead: "p_die" },
      Remission: { Remission: "C", Active: "p_flare / 4", Dead: "p_die" },
      Damage: { Damage: "C", Severe: "p_damage", Dead: "p_die_damage" },
      Severe: { Severe: "C", Dead: "p_die_damage" },
      Dead: { Dead: 1 },
    },
    transitionValues: [{ from: "Controlled", to: "Active", values: { c_events: "c_flare" } }],
    oneOff: { c_events: "c_once" },
    init: { Controlled: 1 },
    strategies: [
      { id: "soc", label: "Standard of care" },
      { id: "better_drug", label: "Better drug", parameters: { trt_effect: 0.7, c_drug: 18000 } },
      { id: "cure_low", label: "One-off therapy, modest", parameters: { c_once: 150000, p_cure: 0.02 } },
      { id: "cure_high", label: "One-off therapy, strong", parameters: { c_once: 300000, p_cure: 0.05 } },
    ],
  };
}

/**
 * A CAR T-shaped model for benchmarks: 4 strategies, monthly cycles over 60 years, a remission state
 * whose relapse hazard depends on the month since infusion for 120 months (then constant), B-cell
 * aplasia costs in the first months, age-dependent background mortality from a life table.
 */
export function cartShaped(): ModelSpec {
  const ages = Array.from({ length: 111 }, (_, a) => a);
  const rate = ages.map((a) => Math.min(0.0005 * Math.exp(0.085 * (a - 20)), 5));
  return {
    name: "CAR T-shaped benchmark",
    settings: {
      cycleLength: { months: 1 },
      horizon: { years: 60 },
      startAge: 35,
      discount: { costs: 0.03, outcomes: 0.03 },
      method: "half-cycle",
      currency: "USD",
      priceYear: 2025,
    },
    tables: { lt: { key: "age", columns: { age: ages, rate } } },
    parameters: {
      smr: 2.5,
      smr_damage: 5,
      smr_rem: 1.3,
      r_flare: 0.4,
      r_control: 1.5,
      r_damage: 0.03,
      r_relapse: 0.08,
      k_relapse: 0.7,
      p_response: 0.85,
      p_infuse: 0,
      p_retreat: 0.3,
      c_price: 0,
      c_soc: 30000,
      c_active: 15000,
      c_damage: 200000,
      c_follow: 3000,
      c_ivig: 40000,
      m_bcell: 4,
      u_ctrl: 0.75,
      u_act: 0.55,
      u_dam: 0.4,
      u_rem: 0.85,
      is_cart: 0,
    },
    values: [
      { id: "c_drug", kind: "cost", per: "year" },
      { id: "c_care", kind: "cost", per: "year" },
      { id: "c_cart", kind: "cost" },
      { id: "u", kind: "utility" },
    ],
    states: [
      { id: "Waiting", values: { c_drug: "c_soc", u: "u_act" } },
      {
        id: "Remission",
        timeInState: { limit: 120 },
        values: { c_care: "c_follow + (timeInState <= m_bcell ? c_ivig : 0)", u: "u_rem" },
      },
      { id: "Controlled", values: { c_drug: "c_soc", u: "u_ctrl" } },
      { id: "Active", values: { c_drug: "c_soc", c_care: "c_active", u: "u_act" } },
      { id: "Damage", values: { c_drug: "c_soc", c_care: "c_damage", u: "u_dam" } },
      { id: "Dead", dead: true },
    ],
    transitions: {
      Waiting: {
        Waiting: "C",
        Remission: "p_infuse * p_response",
        Active: "p_infuse * (1 - p_response)",
        Damage: "(1 - p_infuse) * rateToProb(r_damage, cycleLength)",
        Dead: '(1 - p_infuse) * rateToProb(lookup("lt", "rate", age) * smr, cycleLength)',
      },
      Remission: {
        Remission: "C",
        Waiting:
          "p_retreat * (1 - exp(r_relapse * (yearsInState ^ k_relapse - (yearsInState + cycleLength) ^ k_relapse)))",
        Active:
          "(1 - p_retreat) * (1 - exp(r_relapse * (yearsInState ^ k_relapse - (yearsInState + cycleLength) ^ k_relapse)))",
        Dead: 'rateToProb(lookup("lt", "rate", age) * smr_rem, cycleLength)',
      },
      Controlled: {
        Controlled: "C",
        Active: "rateToProb(r_flare, cycleLength)",
        Damage: "rateToProb(r_damage, cycleLength)",
        Dead: 'rateToProb(lookup("lt", "rate", age) * smr, cycleLength)',
      },
      Active: {
        Active: "C",
        Controlled: "rateToProb(r_control, cycleLength)",
        Damage: "rateToProb(3 * r_damage, cycleLength)",
        Dead: 'rateToProb(lookup("lt", "rate", age) * smr, cycleLength)',
      },
      Damage: { Damage: "C", Dead: 'rateToProb(lookup("lt", "rate", age) * smr_damage, cycleLength)' },
      Dead: { Dead: 1 },
    },
    transitionValues: [
      { from: "Waiting", to: "Remission", values: { c_cart: "c_price" } },
      { from: "Waiting", to: "Active", values: { c_cart: "c_price" } },
    ],
    init: { Waiting: "is_cart", Active: "1 - is_cart" },
    strategies: [
      { id: "soc", label: "Standard of care" },
      { id: "autologous", parameters: { is_cart: 1, p_infuse: 0.6, c_price: 450000 } },
      { id: "allogeneic", parameters: { is_cart: 1, p_infuse: 1, c_price: 200000, r_relapse: 0.15, p_response: 0.75 } },
      {
        id: "invivo",
        parameters: { is_cart: 1, p_infuse: 1, c_price: 100000, r_relapse: 0.2, p_response: 0.7, p_retreat: 0.8 },
      },
    ],
  };
}

/** DARTH-style state-residence model: Sick with a Weibull progression hazard by time in Sick, 75 annual tunnels. */
export function stateResidence75(): ModelSpec {
  return {
    name: "Sick-Sicker state residence, 75 tunnels",
    settings: {
      cycleLength: 1,
      horizon: { cycles: 75 },
      startAge: 25,
      discount: { costs: 0.03, outcomes: 0.03 },
      method: "simpson",
    },
    parameters: {
      p_HS: 0.15,
      p_SH: 0.5,
      p_die: 0.005,
      hr_S: 3,
      hr_SS: 10,
      lambda: 0.08,
      gamma: 1.1,
      c_H: 2000,
      c_S: 4000,
      c_SS: 15000,
      c_trt: 0,
      u_H: 1,
      u_S: 0.75,
      u_SS: 0.5,
    },
    values: [
      { id: "c", kind: "cost", per: "year" },
      { id: "u", kind: "utility" },
    ],
    states: [
      { id: "H", values: { c: "c_H", u: "u_H" } },
      { id: "S", values: { c: "c_S + c_trt", u: "u_S" }, timeInState: { limit: 75 } },
      { id: "SS", values: { c: "c_SS + c_trt", u: "u_SS" } },
      { id: "D", dead: true },
    ],
    transitions: {
      H: { H: "C", S: "p_HS", D: "p_die" },
      S: {
        S: "C",
        H: "p_SH",
        SS: "1 - exp(lambda * ((timeInState - 1) ^ gamma - timeInState ^ gamma))",
        D: "rateToProb(probToRate(p_die) * hr_S)",
      },
      SS: { SS: "C", D: "rateToProb(probToRate(p_die) * hr_SS)" },
      D: { D: 1 },
    },
    init: { H: 1 },
    strategies: [
      { id: "soc" },
      { id: "A", parameters: { c_trt: 12000, u_S: 0.95 } },
      { id: "B", parameters: { c_trt: 13000, gamma: 0.9 } },
      { id: "AB", parameters: { c_trt: 25000, u_S: 0.95, gamma: 0.9 } },
    ],
  };
}
