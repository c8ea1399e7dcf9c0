/**
 * The treatment queue: eligible patients ask for CAR T (uptake), wait on standard of care for a
 * treatment slot (capacity), and while they wait they move between the standard-of-care states,
 * accrue irreversible damage (and so leave the eligible population) and die at the rates of the
 * cohort model's standard-of-care arm (`WaitingDynamics`, built from the engine by engine.ts).
 * Expected counts (a deterministic "fluid" queue), one period = one cycle of the cohort model.
 *
 * Order within period m (m = 0, 1, ...): (1) incident patients join the pool not yet referred;
 * (2) referrals bring the cumulative number referred up to u(t_m) x (prevalent + incident so far);
 * (3) slots are allocated (first come first served, or the most severe state first); (4) everyone
 * still waiting or not referred spends the period on standard of care (moves, damage, death).
 * Identity in every period (tested to 1e-9 of a patient):
 *   prevalent + incident so far = treated + waiting + on SoC by choice (not referred)
 *                                  + left with damage + dead  (damage and death: waiting or not referred).
 */
import { ModelError, Problems } from "../model/errors.js";
import { pow } from "../model/math.js";

/** Standard-of-care dynamics of a patient waiting (or not referred), per period. */
export interface WaitingDynamics {
  /** Live eligible states (e.g. "female Controlled"); patients leave eligibility by damage or death. */
  states: string[];
  /** Mix of a new eligible patient over `states` (sums to 1). */
  entry: Float64Array;
  /** Priority for the "most severe first" rule: higher is served first. */
  severity: number[];
  /**
   * Transition probabilities of period m (0-based) from live state i: `move[m][i * S + j]` to live
   * state j, `damage[m][i]` to irreversible damage, `dead[m][i]` to death; each row sums to 1.
   */
  move: Float64Array[];
  damage: Float64Array[];
  dead: Float64Array[];
}

export type AllocationRule = "fcfs" | "severity";

export interface QueueInput {
  /** Periods to run (months for the CAR T model). */
  periods: number;
  /** Periods per year (12). */
  perYear: number;
  /** Eligible patients at the start. */
  prevalent: number;
  /** New eligible patients per period, by period. */
  incident: Float64Array;
  /** Cumulative uptake share u(t) at the start of each period. */
  uptake: Float64Array;
  /** Patients who can be given a slot in each period (Infinity: unlimited). */
  capacity: Float64Array;
  rule: AllocationRule;
  dynamics: WaitingDynamics;
  /** Optional further limit in period m (e.g. an annual budget cap): at most this many slots; `commit` is told how many were used. */
  limit?: { max(m: number): number; commit(m: number, n: number): void };
}

export interface QueueResult {
  periods: number;
  perYear: number;
  /** Per period (after the period's events): */
  incident: Float64Array;
  referred: Float64Array;
  treated: Float64Array;
  waiting: Float64Array;
  /** On standard of care by choice: eligible, alive, not referred. */
  notReferred: Float64Array;
  diedWaiting: Float64Array;
  damagedWaiting: Float64Array;
  diedNotReferred: Float64Array;
  damagedNotReferred: Float64Array;
  /** Waits (periods from referral to slot) of the patients treated in each period: median and 90th percentile (null when none). */
  waitMedian: Array<number | null>;
  waitP90: Array<number | null>;
  /** Treated by the period they were referred in and the period treated: treatedFrom[m] = list of [referral period, count]. */
  waitsByPeriod: Array<Array<[number, number]>>;
}

export function checkQueueInput(q: QueueInput): Problems {
  const p = new Problems();
  if (!(Number.isInteger(q.periods) && q.periods >= 1)) p.add("horizon", "the horizon must be at least one period", q.periods, "a whole number of periods >= 1 (years >= 1)");
  if (!(q.prevalent >= 0)) p.add("prevalent", "negative or missing number of patients", q.prevalent, "patients >= 0");
  const each = (name: string, xs: Float64Array, ok: (x: number) => boolean, expected: string) => {
    if (xs.length < q.periods) p.add(name, `has ${xs.length} periods`, xs.length, `${q.periods} periods`);
    for (let m = 0; m < Math.min(xs.length, q.periods); m++) if (!ok(xs[m])) return p.add(`${name} in period ${m + 1}`, "out of range", xs[m], expected);
  };
  each("incident", q.incident, (x) => x >= 0 && Number.isFinite(x), "patients >= 0");
  each("uptake", q.uptake, (x) => x >= 0 && x <= 1, "a share in [0, 1] (0% to 100%)");
  each("capacity", q.capacity, (x) => x >= 0, "patients per period >= 0 (Infinity for unlimited)");
  if (q.rule !== "fcfs" && q.rule !== "severity") p.add("rule", "unknown allocation rule", q.rule, "fcfs or severity");
  const d = q.dynamics;
  const S = d.states.length;
  if (d.entry.length !== S || d.severity.length !== S) p.add("dynamics", "entry mix and severity must have one value per state", `${d.entry.length}, ${d.severity.length}`, `${S}`);
  if (d.move.length < q.periods || d.damage.length < q.periods || d.dead.length < q.periods) p.add("dynamics", "fewer periods of transition probabilities than the horizon", d.move.length, `>= ${q.periods} (a horizon within the cohort model's)`);
  return p;
}

/** Runs the queue; throws a ModelError naming every bad input before computing anything. */
export function runQueue(q: QueueInput): QueueResult {
  checkQueueInput(q).throwIfAny("invalid queue input");
  const { periods: T, dynamics: d } = q;
  const S = d.states.length;
  const out: QueueResult = {
    periods: T,
    perYear: q.perYear,
    incident: new Float64Array(T),
    referred: new Float64Array(T),
    treated: new Float64Array(T),
    waiting: new Float64Array(T),
    notReferred: new Float64Array(T),
    diedWaiting: new Float64Array(T),
    damagedWaiting: new Float64Array(T),
    diedNotReferred: new Float64Array(T),
    damagedNotReferred: new Float64Array(T),
    waitMedian: [],
    waitP90: [],
    waitsByPeriod: [],
  };
  // Patients not referred (by state) and one waiting cohort per referral period (by state).
  const pool = Float64Array.from(d.entry, (x) => x * q.prevalent);
  const cohorts: Array<{ from: number; n: Float64Array }> = [];
  const sum = (v: Float64Array) => v.reduce((a, b) => a + b, 0);
  let eligibleSoFar = q.prevalent;
  let referredSoFar = 0;
  const order = [...d.severity.keys()].sort((a, b) => d.severity[b] - d.severity[a]);
  const next = new Float64Array(S);

  for (let m = 0; m < T; m++) {
    // (1) incident patients
    const inc = q.incident[m];
    for (let i = 0; i < S; i++) pool[i] += inc * d.entry[i];
    eligibleSoFar += inc;
    out.incident[m] = inc;

    // (2) referrals up to the cumulative uptake share, never more than the pool holds
    const poolSize = sum(pool);
    const want = Math.min(poolSize, Math.max(0, q.uptake[m] * eligibleSoFar - referredSoFar));
    if (want > 0 && poolSize > 0) {
      const f = want / poolSize;
      const n = new Float64Array(S);
      for (let i = 0; i < S; i++) {
        n[i] = pool[i] * f;
        pool[i] -= n[i];
      }
      cohorts.push({ from: m, n });
    }
    referredSoFar += want;
    out.referred[m] = want;

    // (3) slots
    let slots = q.capacity[m];
    if (q.limit) slots = Math.min(slots, Math.max(0, q.limit.max(m)));
    const waits: Array<[number, number]> = [];
    let treated = 0;
    const take = (c: { from: number; n: Float64Array }, states: number[]) => {
      for (const i of states) {
        if (slots <= 0) return;
        const k = Math.min(slots, c.n[i]);
        if (k <= 0) continue;
        c.n[i] -= k;
        slots -= k;
        treated += k;
        const last = waits[waits.length - 1];
        if (last && last[0] === c.from) last[1] += k;
        else waits.push([c.from, k]);
      }
    };
    const all = [...Array(S).keys()];
    if (q.rule === "fcfs") for (const c of cohorts) take(c, all);
    else for (const i of order) for (const c of cohorts) take(c, [i]);
    if (q.limit) q.limit.commit(m, treated);
    out.treated[m] = treated;
    out.waitsByPeriod.push(waits);
    const ws = waits.map(([from, n]) => [m - from, n] as [number, number]).sort((a, b) => a[0] - b[0]);
    out.waitMedian.push(quantile(ws, 0.5));
    out.waitP90.push(quantile(ws, 0.9));

    // (4) a period on standard of care for everyone waiting or not referred
    const mv = d.move[m], dm = d.damage[m], dd = d.dead[m];
    const step = (v: Float64Array): [number, number] => {
      next.fill(0);
      let died = 0, damaged = 0;
      for (let i = 0; i < S; i++) {
        const x = v[i];
        if (x === 0) continue;
        for (let j = 0; j < S; j++) next[j] += x * mv[i * S + j];
        damaged += x * dm[i];
        died += x * dd[i];
      }
      v.set(next);
      return [died, damaged];
    };
    const [dp, gp] = step(pool);
    out.diedNotReferred[m] = dp;
    out.damagedNotReferred[m] = gp;
    let dw = 0, gw = 0, w = 0;
    for (const c of cohorts) {
      const [a, b] = step(c.n);
      dw += a;
      gw += b;
      w += sum(c.n);
    }
    out.diedWaiting[m] = dw;
    out.damagedWaiting[m] = gw;
    out.waiting[m] = w;
    out.notReferred[m] = sum(pool);
    // Cohorts served in full are dropped, so a long run stays linear in the number of cohorts waiting.
    for (let k = cohorts.length - 1; k >= 0; k--) if (sum(cohorts[k].n) === 0) cohorts.splice(k, 1);
  }
  return out;
}

/** Weighted quantile of (value, weight) pairs sorted by value: the smallest value whose cumulative weight reaches q of the total. */
function quantile(xs: Array<[number, number]>, q: number): number | null {
  const total = xs.reduce((a, [, w]) => a + w, 0);
  if (!(total > 0)) return null;
  let acc = 0;
  for (const [v, w] of xs) {
    acc += w;
    if (acc >= q * total - 1e-12 * total) return v;
  }
  return xs[xs.length - 1][0];
}

/** Median (q = 0.5) or other quantile of the waits, in periods, of the patients treated in periods [from, to). */
export function waitQuantile(r: QueueResult, from: number, to: number, q: number): number | null {
  const waits: Array<[number, number]> = [];
  for (let m = from; m < Math.min(to, r.periods); m++) for (const [ref, n] of r.waitsByPeriod[m]) waits.push([m - ref, n]);
  waits.sort((a, b) => a[0] - b[0]);
  return quantile(waits, q);
}

/** Per-period capacity (patients per period) from annual capacities growing geometrically: c(m) = base x (1 + g)^floor(m / perYear) / perYear. */
export function capacitySeries(perYear: number, periods: number, basePerYear: number, growth: number, where = "capacity"): Float64Array {
  if (!(basePerYear >= 0)) throw new ModelError({ where, message: "negative or missing capacity", value: basePerYear, expected: "patients per year >= 0 (Infinity for unlimited)" });
  if (!(growth >= -1)) throw new ModelError({ where: `${where} growth`, message: "growth below -100%", value: growth, expected: "an annual growth >= -1" });
  const out = new Float64Array(periods);
  for (let m = 0; m < periods; m++) out[m] = (basePerYear * pow(1 + growth, Math.floor(m / perYear))) / perYear;
  return out;
}

/** Totals by year (sums of per-period series); years = ceil(periods / perYear). */
export function byYear(xs: Float64Array, perYear: number): number[] {
  const out: number[] = [];
  for (let m = 0; m < xs.length; m++) {
    const y = Math.floor(m / perYear);
    out[y] = (out[y] ?? 0) + xs[m];
  }
  return out;
}
