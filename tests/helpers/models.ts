/** Small model specifications shared by the engine tests. */
import type { ModelSpec } from "../../src/model/index.js";

/** Alive/dead with a constant per-cycle death probability p: closed forms are geometric series. */
export function aliveDead(opts: { p?: number; r?: number; cycles?: number; method?: string } = {}): ModelSpec {
  const { p = 0.05, r = 0.035, cycles = 40, method = "beginning" } = opts;
  return {
    name: "alive-dead",
    settings: { cycleLength: 1, horizon: { cycles }, discount: { costs: r, outcomes: r }, method },
    parameters: { p_die: p, c_alive: 1000 },
    values: [
      { id: "c", kind: "cost" },
      { id: "u", kind: "utility" },
    ],
    states: [
      { id: "Alive", values: { c: "c_alive", u: 1 } },
      { id: "Dead", dead: true },
    ],
    transitions: { Alive: { Alive: "C", Dead: "p_die" }, Dead: { Dead: 1 } },
    init: { Alive: 1 },
  };
}

/** Sonnenberg & Beck (Med Decis Making 1993;13:322) three-state chain, utility 1 (Well) and 0.7 (Disabled). */
export function sonnenbergBeck(method: string, cycles = 200): ModelSpec {
  return {
    name: "Sonnenberg & Beck 1993",
    settings: { cycleLength: 1, horizon: { cycles }, discount: { costs: 0, outcomes: 0 }, method },
    values: [{ id: "u", kind: "utility" }],
    states: [
      { id: "Well", values: { u: 1 } },
      { id: "Disabled", values: { u: 0.7 } },
      { id: "Dead", dead: true },
    ],
    transitions: [
      [0.6, 0.2, 0.2],
      [0, 0.6, 0.4],
      [0, 0, 1],
    ],
    init: { Well: 1 },
  };
}

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
      p_die: "rateToProb(lookup(\"lt\", \"rate\", age) * smr, cycleLength)",
      p_die_damage: "rateToProb(lookup(\"lt\", \"rate\", age) * smr * hr_damage_death, cycleLength)",
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
