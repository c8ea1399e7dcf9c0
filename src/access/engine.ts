/**
 * What the access analysis takes from the cohort model, computed by the same engine with the same
 * parameter values as the CAR T analysis (so the queue and the budget never use numbers of their own):
 * - the standard-of-care transition probabilities of each cycle and cohort (sex), read with the
 *   engine's `onCycle` hook, for patients waiting for a slot or not referred;
 * - per-patient series by cycle for an eligible patient (the model evaluated with f_damage0 = 0:
 *   everyone starts free of irreversible damage, which is who is eligible), per strategy:
 *   undiscounted cost components, survival, and discounted QALYs;
 * - the first-course part of the one-time CAR T costs (product, episode, bridging) per platform: the
 *   same evaluation with p_retreat = 0. Waiting is entered only at the start, the retreatment
 *   courses' Waiting_k only by retreatment (Remission -> Waiting_k), and no exit of either depends on
 *   p_retreat, so with p_retreat = 0 these
 *   series are exactly the first course's; the full series minus them is the retreatment's.
 */
import { evaluate, type StrategyResult } from "../model/run/evaluate.js";
import { ModelError } from "../model/errors.js";
import { PLATFORMS, type PlatformId } from "../cart/dictionary.js";
import type { CartAnalysis } from "../cart/analysis.js";
import type { WaitingDynamics } from "./queue.js";

/** Per eligible patient starting the strategy at cycle 0; index 0 = costs at time 0, index k = cycle k. */
export interface PatientSeries {
  strategy: string;
  /** Undiscounted cost per cycle of each cost value of the model. */
  costs: Record<string, Float64Array>;
  /** Share alive at times 0..T. */
  alive: Float64Array;
  /** Discounted QALYs and costs per patient over the model's horizon (preset rates). */
  qalys: number;
  cost: number;
  /** CAR T platforms only: undiscounted first-course cost per cycle of each value in RETREATMENT_VALUES (the evaluation with p_retreat = 0). */
  firstCourse?: Record<string, Float64Array>;
}

/** One-time CAR T cost values that a retreatment after relapse incurs again (the product is paid per infusion). */
export const RETREATMENT_VALUES = ["c_cart_product", "c_cart_episode", "c_cart_bridging"] as const;

export interface AccessModel {
  analysis: CartAnalysis;
  dynamics: WaitingDynamics;
  /** Per strategy id (soc and every platform). */
  series: Record<string, PatientSeries>;
  /** Parameter values of the analysis (overrides applied), e.g. prices and relapse parameters. */
  value(id: string): number;
  /** Monthly cycles of the model (accessModel refuses any other length): the budget's periods. */
  nCycles: number;
}

/** The model parameter of a platform parameter: `id` for autologous, `id__allogeneic`, `id__invivo` (src/cart/model.ts). */
export const platformParam = (id: string, p: PlatformId) => (p === "autologous" ? id : `${id}__${p}`);

/** Builds the access model from a CAR T analysis: three more evaluations of the same compiled model (eligible cohort; SoC probabilities by cycle; first course without retreatment). */
export function accessModel(a: CartAnalysis): AccessModel {
  const model = a.compiled;
  // The queue, payments and budget count 12 periods a year (PER_YEAR in budget.ts, monthOfIndex in
  // payment.ts): a model with other cycles would be read as monthly without a word.
  if (Math.abs(model.cycleYears * 12 - 1) > 1e-9)
    throw new ModelError({
      where: "CAR T model",
      message: "the access analysis needs monthly cycles",
      value: model.cycleYears,
      expected: "a cycle of 1/12 year",
    });
  const values = { ...a.result.parameters };
  const value = (id: string): number => {
    if (id in values) return values[id];
    const p = model.paramIndex.get(id);
    if (!p || typeof p.value !== "number")
      throw new ModelError({ where: `parameter ${id}`, message: "not a numeric parameter of the CAR T model" });
    return p.value;
  };
  const eligible = evaluate(model, {
    parameters: { ...values, f_damage0: 0 },
    discount: a.result.discount,
    trace: true,
    perCycle: true,
  });
  const series: Record<string, PatientSeries> = {};
  const dead = eligible.states.indexOf("Dead");
  const S = eligible.states.length;
  for (const s of eligible.strategies) series[s.id] = seriesOf(s, eligible.values, S, dead);
  const noRetreat: Record<string, number> = { ...values, f_damage0: 0 };
  for (const p of PLATFORMS) noRetreat[platformParam("p_retreat", p)] = 0;
  const first = evaluate(model, {
    parameters: noRetreat,
    strategies: [...PLATFORMS],
    discount: a.result.discount,
    trace: false,
    perCycle: true,
  });
  for (const s of first.strategies)
    series[s.id].firstCourse = Object.fromEntries(
      RETREATMENT_VALUES.map((id) => [id, s.perCycle!.values[id].undiscounted]),
    );

  // Standard-of-care probabilities by cycle and cohort, from the engine.
  const live = ["Controlled", "Active"];
  const declared = live.map((id) => model.states.findIndex((s) => s.id === id));
  const damage = model.states.findIndex((s) => s.id === "Damage");
  const deadDecl = model.states.findIndex((s) => s.id === "Dead");
  if (declared.some((i) => i < 0) || damage < 0 || deadDecl < 0)
    throw new ModelError({
      where: "CAR T model",
      message: "the access analysis needs states Controlled, Active, Damage and Dead",
    });
  const cohorts = model.cohorts.filter((c) => c.weight > 0);
  const states = cohorts.flatMap((c) => live.map((s) => `${c.id} ${s}`));
  const L = states.length;
  const T = model.nCycles;
  const move = Array.from({ length: T }, () => new Float64Array(L * L));
  const dmg = Array.from({ length: T }, () => new Float64Array(L));
  const die = Array.from({ length: T }, () => new Float64Array(L));
  const fc = value("f_controlled0");
  const entry = new Float64Array(L);
  cohorts.forEach((c, ci) => {
    entry[ci * 2] = c.weight * fc;
    entry[ci * 2 + 1] = c.weight * (1 - fc);
  });
  const totalWeight = cohorts.reduce((x, c) => x + c.weight, 0);
  for (let i = 0; i < L; i++) entry[i] /= totalWeight;
  const expandedOf = declared.map((d) => model.expandedState.indexOf(d));
  evaluate(model, {
    parameters: { ...values, f_damage0: 0 },
    strategies: ["soc"],
    discount: a.result.discount,
    trace: false,
    perCycle: false,
    onCycle: ({ cohort, cycle, p }) => {
      const ci = cohorts.findIndex((c) => c.id === cohort);
      const m = cycle - 1;
      for (let e = 0; e < p.length; e++) {
        const i = expandedOf.indexOf(model.entryFrom[e]);
        if (i < 0) continue;
        const to = model.expandedState[model.entryTo[e]];
        const row = ci * 2 + i;
        const j = declared.indexOf(to);
        if (j >= 0) move[m][row * L + ci * 2 + j] += p[e];
        else if (to === damage) dmg[m][row] += p[e];
        else if (to === deadDecl) die[m][row] += p[e];
        else
          throw new ModelError({
            where: "CAR T model",
            message: `standard of care moves patients from ${live[i]} to ${model.states[to].id}; the queue knows Controlled, Active, Damage and Dead only`,
          });
      }
    },
  });
  return {
    analysis: a,
    dynamics: {
      states,
      entry,
      severity: states.map((s) => (s.endsWith("Active") ? 1 : 0)),
      move,
      damage: dmg,
      dead: die,
    },
    series,
    value,
    nCycles: T,
  };
}

function seriesOf(
  s: StrategyResult,
  values: Array<{ id: string; kind: string }>,
  S: number,
  dead: number,
): PatientSeries {
  const costs: Record<string, Float64Array> = {};
  for (const v of values) if (v.kind === "cost") costs[v.id] = s.perCycle!.values[v.id].undiscounted;
  const tr = s.trace!;
  const n = tr.length / S;
  const alive = new Float64Array(n);
  for (let k = 0; k < n; k++) alive[k] = 1 - tr[k * S + dead];
  return { strategy: s.id, costs, alive, qalys: s.qalys.discounted, cost: s.cost.discounted };
}
