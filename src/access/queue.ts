/**
 * The treatment queue: eligible patients ask for CAR T (uptake), wait on standard of care for a
 * treatment slot (capacity), and while they wait they move between the standard-of-care states,
 * accrue irreversible damage (and so leave the eligible population) and die at the rates of the
 * cohort model's standard-of-care arm (`WaitingDynamics`, built from the engine by engine.ts).
 * Expected counts (a deterministic "fluid" queue), one period = one cycle of the cohort model.
 *
 * Every patient enters at the disease's baseline age (the cohort model's start age): the prevalent at
 * launch, an incident patient in the period of entry e, who then moves with the probabilities of
 * cycle m - e in period m (entry groups, see `Rows`).
 * Order within period m (m = 0, 1, ...): (1) incident patients join the pool not yet referred;
 * (2) referrals bring the cumulative number referred up to u(t_m) x (prevalent + incident so far);
 * (3) slots are allocated (first come first served, or the most severe state first); (4) everyone
 * still waiting or not referred spends the period on standard of care (moves, damage, death).
 * Identity in every period, reported as `entered`, `treatedSoFar`, `waiting`, `notReferred`,
 * `leftEligibility` and `dead` (tested to 1e-9 of a patient):
 *   prevalent + incident so far = treated + waiting + on SoC by choice (not referred)
 *                                  + left eligibility (irreversible damage) + dead  (both while waiting or not referred).
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
  /**
   * The conservation identity's stocks at the end of each period (patients):
   * entered = treated + waiting + notReferred + leftEligibility + dead, to 1e-9 of a patient.
   * entered: prevalent + incident so far; treatedSoFar: given a slot so far; leftEligibility: left the
   * eligible population so far (irreversible damage while waiting or not referred); dead: died so far
   * while waiting or not referred.
   */
  entered: Float64Array;
  treatedSoFar: Float64Array;
  leftEligibility: Float64Array;
  dead: Float64Array;
  /** Treated by the period they were referred in and the period treated: waitsByPeriod[m] = list of [referral period, count] (waitQuantile reads the waits of any span of periods). */
  waitsByPeriod: Array<Array<[number, number]>>;
  /** Left the queue in period m by death or irreversible damage while waiting, by referral period: list of [referral period, count]. */
  leftWaitingByPeriod: Array<Array<[number, number]>>;
}

export function checkQueueInput(q: QueueInput): Problems {
  const p = new Problems();
  if (!(Number.isInteger(q.periods) && q.periods >= 1))
    p.add(
      "horizon",
      "the horizon must be at least one period",
      q.periods,
      "a whole number of periods >= 1 (years >= 1)",
    );
  if (!(q.prevalent >= 0)) p.add("prevalent", "negative or missing number of patients", q.prevalent, "patients >= 0");
  const each = (name: string, xs: Float64Array, ok: (x: number) => boolean, expected: string) => {
    if (xs.length < q.periods) p.add(name, `has ${xs.length} periods`, xs.length, `${q.periods} periods`);
    for (let m = 0; m < Math.min(xs.length, q.periods); m++)
      if (!ok(xs[m])) return p.add(`${name} in period ${m + 1}`, "out of range", xs[m], expected);
  };
  each("incident", q.incident, (x) => x >= 0 && Number.isFinite(x), "patients >= 0");
  each("uptake", q.uptake, (x) => x >= 0 && x <= 1, "a share in [0, 1] (0% to 100%)");
  each("capacity", q.capacity, (x) => x >= 0, "patients per period >= 0 (Infinity for unlimited)");
  if (q.rule !== "fcfs" && q.rule !== "severity") p.add("rule", "unknown allocation rule", q.rule, "fcfs or severity");
  const d = q.dynamics;
  const S = d.states.length;
  if (d.entry.length !== S || d.severity.length !== S)
    p.add(
      "dynamics",
      "entry mix and severity must have one value per state",
      `${d.entry.length}, ${d.severity.length}`,
      `${S}`,
    );
  // A new patient's mix over the live states must be a distribution, or the conservation identity fails.
  const mix = d.entry.reduce((a, b) => a + b, 0);
  if (d.entry.some((x) => !(x >= 0)) || !(Math.abs(mix - 1) <= 1e-9))
    p.add(
      "dynamics entry mix",
      "shares of a new patient by state must be >= 0 and sum to 1",
      Array.from(d.entry).join(", "),
      "shares >= 0 summing to 1",
    );
  if (d.move.length < q.periods || d.damage.length < q.periods || d.dead.length < q.periods)
    p.add(
      "dynamics",
      "fewer periods of transition probabilities than the horizon",
      d.move.length,
      `>= ${q.periods} (a horizon within the cohort model's)`,
    );
  return p;
}

/**
 * Patients by month of entry into the eligible population (row e of a flat rows x S array, e = 0 the
 * prevalent at launch and month 0's incident) and live state. Everyone enters at the disease's
 * baseline age (the cohort model's start age), so in calendar period m row e moves with the cohort
 * model's probabilities of cycle m - e, not those of the prevalent cohort's current age.
 * Flat typed arrays rather than objects per row: the number of rows grows with the horizon in every
 * waiting cohort, and this loop is what the page recomputes on each slider change.
 */
interface Rows {
  n: Float64Array;
  rows: number;
}

/**
 * One period on standard of care for rows 0..rows-1 of `v` (row e at cycle m - e); adds the deaths and
 * damage to `acc` ([died, damaged]) and returns the patients left alive and eligible.
 */
function stepRows(
  v: Rows,
  m: number,
  d: WaitingDynamics,
  next: Float64Array,
  acc: Float64Array,
  total?: Float64Array,
): number {
  const S = d.states.length;
  let left = 0;
  // `total` (a cohort's patients per state) is summed here, in row order, rather than in a second
  // pass over the rows: the same additions (all-zero rows add nothing) at half the memory traffic.
  total?.fill(0);
  for (let e = 0; e < v.rows; e++) {
    const o = e * S;
    const mv = d.move[m - e],
      dm = d.damage[m - e],
      dd = d.dead[m - e];
    let any = false;
    for (let j = 0; j < S; j++) next[j] = 0;
    for (let i = 0; i < S; i++) {
      const x = v.n[o + i];
      if (x === 0) continue;
      any = true;
      for (let j = 0; j < S; j++) next[j] += x * mv[i * S + j];
      acc[1] += x * dm[i];
      acc[0] += x * dd[i];
    }
    if (!any) continue;
    for (let j = 0; j < S; j++) {
      v.n[o + j] = next[j];
      left += next[j];
    }
    if (total) for (let j = 0; j < S; j++) total[j] += next[j];
  }
  return left;
}

/** The patients referred in one period and still waiting, by month of entry and state, with their total per state. */
interface Cohort extends Rows {
  from: number;
  total: Float64Array;
}

/** Takes up to `slots` patients in state i from a cohort, from every entry month in proportion; returns the number taken. */
function takeState(c: Cohort, i: number, slots: number, S: number): number {
  const have = c.total[i];
  const k = Math.min(slots, have);
  if (!(k > 0)) return 0;
  const keep = k === have ? 0 : 1 - k / have;
  for (let e = 0; e < c.rows; e++) c.n[e * S + i] *= keep;
  c.total[i] = keep === 0 ? 0 : have - k;
  return k;
}

/** Runs the queue; throws a ModelError naming every bad input before computing anything. */
export function runQueue(q: QueueInput): QueueResult {
  checkQueueInput(q).throwIfAny("invalid queue input");
  const { periods: T, dynamics: d } = q;
  const S = d.states.length;
  const series = () => new Float64Array(T);
  const out: QueueResult = {
    periods: T,
    perYear: q.perYear,
    incident: series(),
    referred: series(),
    treated: series(),
    waiting: series(),
    notReferred: series(),
    diedWaiting: series(),
    damagedWaiting: series(),
    diedNotReferred: series(),
    damagedNotReferred: series(),
    entered: series(),
    treatedSoFar: series(),
    leftEligibility: series(),
    dead: series(),
    waitsByPeriod: [],
    leftWaitingByPeriod: [],
  };
  // Patients not referred (by month of entry), and one waiting cohort per referral period.
  const pool: Rows = { n: new Float64Array(T * S), rows: 0 };
  for (let i = 0; i < S; i++) pool.n[i] = d.entry[i] * q.prevalent;
  let poolSize = q.prevalent;
  const cohorts: Cohort[] = [];
  let eligibleSoFar = q.prevalent;
  let referredSoFar = 0;
  const order = [...d.severity.keys()].sort((a, b) => d.severity[b] - d.severity[a]);
  const all = [...Array(S).keys()];
  const next = new Float64Array(S);
  const acc = new Float64Array(2);

  for (let m = 0; m < T; m++) {
    // (1) incident patients, at the baseline age
    const inc = q.incident[m];
    for (let i = 0; i < S; i++) pool.n[m * S + i] += inc * d.entry[i];
    pool.rows = m + 1;
    poolSize += inc;
    eligibleSoFar += inc;
    out.incident[m] = inc;

    // (2) referrals up to the cumulative uptake share, never more than the pool holds, from every entry month in proportion
    const want = Math.min(poolSize, Math.max(0, q.uptake[m] * eligibleSoFar - referredSoFar));
    if (want > 0 && poolSize > 0) {
      const f = want / poolSize;
      const c: Cohort = { from: m, rows: m + 1, n: new Float64Array((m + 1) * S), total: new Float64Array(S) };
      for (let e = 0, x = 0; e <= m; e++)
        for (let i = 0; i < S; i++, x++) {
          const r = f === 1 ? pool.n[x] : pool.n[x] * f;
          c.n[x] = r;
          pool.n[x] = f === 1 ? 0 : pool.n[x] - r;
          c.total[i] += r;
        }
      cohorts.push(c);
    }
    referredSoFar += want;
    out.referred[m] = want;

    // (3) slots
    let slots = q.capacity[m];
    if (q.limit) slots = Math.min(slots, Math.max(0, q.limit.max(m)));
    const waits: Array<[number, number]> = [];
    let treated = 0;
    const take = (c: Cohort, states: number[]) => {
      for (const i of states) {
        if (slots <= 0) return;
        const k = takeState(c, i, slots, S);
        if (k <= 0) continue;
        slots -= k;
        treated += k;
        const last = waits[waits.length - 1];
        if (last && last[0] === c.from) last[1] += k;
        else waits.push([c.from, k]);
      }
    };
    if (q.rule === "fcfs") for (const c of cohorts) take(c, all);
    else for (const i of order) for (const c of cohorts) take(c, [i]);
    if (q.limit) q.limit.commit(m, treated);
    out.treated[m] = treated;
    out.waitsByPeriod.push(waits);

    // (4) a period on standard of care for everyone waiting or not referred, each entry month at its own cycle
    acc.fill(0);
    poolSize = stepRows(pool, m, d, next, acc);
    out.diedNotReferred[m] = acc[0];
    out.damagedNotReferred[m] = acc[1];
    acc.fill(0);
    let w = 0;
    const left: Array<[number, number]> = [];
    for (const c of cohorts) {
      const before = acc[0] + acc[1];
      w += stepRows(c, m, d, next, acc, c.total);
      const n = acc[0] + acc[1] - before;
      if (n > 0) left.push([c.from, n]);
    }
    out.leftWaitingByPeriod.push(left);
    out.diedWaiting[m] = acc[0];
    out.damagedWaiting[m] = acc[1];
    out.waiting[m] = w;
    out.notReferred[m] = poolSize;
    const before = (x: Float64Array) => (m > 0 ? x[m - 1] : 0);
    out.entered[m] = eligibleSoFar;
    out.treatedSoFar[m] = before(out.treatedSoFar) + treated;
    out.leftEligibility[m] = before(out.leftEligibility) + out.damagedWaiting[m] + out.damagedNotReferred[m];
    out.dead[m] = before(out.dead) + out.diedWaiting[m] + out.diedNotReferred[m];
    // Cohorts served in full are dropped, so a long run stays linear in the number of cohorts waiting.
    for (let k = cohorts.length - 1; k >= 0; k--) if (cohorts[k].total.every((x) => x === 0)) cohorts.splice(k, 1);
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
  for (let m = from; m < Math.min(to, r.periods); m++)
    for (const [ref, n] of r.waitsByPeriod[m]) waits.push([m - ref, n]);
  waits.sort((a, b) => a[0] - b[0]);
  return quantile(waits, q);
}

/**
 * QALYs lost to waiting in each period, discounted to launch at the outcomes rate r (per year): each
 * patient's loss against unlimited capacity, in which a referred patient gets a slot in the period of
 * referral (s) and the CAR T gain dQ (discounted from the start of treatment) from then on:
 *   treated in period m after waiting from s:        dQ ((1 + r)^(-s/perYear) - (1 + r)^(-m/perYear)),
 *   died or damaged while waiting in period m:       dQ (1 + r)^(-s/perYear) (the whole gain forgone).
 * Every term is >= 0, so the running sum never falls. A patient still waiting is counted when the wait
 * ends (slot, death or damage); with r = 0 only death and damage while waiting lose QALYs.
 */
export function qalysLostToWaiting(q: QueueResult, dQ: number, r: number): Float64Array {
  const d = (m: number) => pow(1 + r, -m / q.perYear);
  const out = new Float64Array(q.periods);
  for (let m = 0; m < q.periods; m++) {
    let lost = 0;
    for (const [s, n] of q.waitsByPeriod[m]) lost += n * dQ * (d(s) - d(m));
    for (const [s, n] of q.leftWaitingByPeriod[m]) lost += n * dQ * d(s);
    out[m] = lost;
  }
  return out;
}

/** Per-period capacity (patients per period) from annual capacities growing geometrically: c(m) = base x (1 + g)^floor(m / perYear) / perYear. */
export function capacitySeries(
  perYear: number,
  periods: number,
  basePerYear: number,
  growth: number,
  where = "capacity",
): Float64Array {
  if (!(basePerYear >= 0))
    throw new ModelError({
      where,
      message: "negative or missing capacity",
      value: basePerYear,
      expected: "patients per year >= 0 (Infinity for unlimited)",
    });
  if (!(growth >= -1))
    throw new ModelError({
      where: `${where} growth`,
      message: "growth below -100%",
      value: growth,
      expected: "an annual growth >= -1",
    });
  const out = new Float64Array(periods);
  for (let m = 0; m < periods; m++) out[m] = (basePerYear * pow(1 + growth, Math.floor(m / perYear))) / perYear;
  return out;
}

export interface CapacitySetting {
  /** Manufacturing slots per year in year 1: manufacturing runs started, a re-manufacture included (Infinity: unlimited). */
  manufacturingPerYear: number;
  /** Patients treatment centres can start per year in year 1: apheresis/conditioning bookings, each a treatment slot (Infinity: unlimited). */
  centrePerYear: number;
  /** Annual growth of both capacities (0.2 = +20% a year). */
  growthPerYear: number;
}

/**
 * Patients who can be given a slot in each period. Both limits bind at the slot, the month the
 * patient starts apheresis/conditioning, not at the infusion after the vein-to-vein time: the centre
 * books its bed and team for the patient then, and manufacturing starts then.
 *   slots(m) = min(M(y) / (1 + p_fail p_reman), C(y)) / perYear,  y = floor(m / perYear),
 * with M(y) = M0 (1 + g)^y manufacturing runs a year (a slotted patient uses 1 + p_fail p_reman in
 * expectation: a failed run is repeated with probability p_reman) and C(y) = C0 (1 + g)^y patients the
 * centres can start a year (one each, whatever the manufacture's outcome).
 */
export function slotCapacity(
  perYear: number,
  periods: number,
  c: CapacitySetting,
  pFail: number,
  pReman: number,
): Float64Array {
  const p = new Problems();
  if (!(pFail >= 0 && pFail <= 1))
    p.add("p_mfg_fail", "manufacturing failure probability out of range", pFail, "a probability in [0, 1]");
  if (!(pReman >= 0 && pReman <= 1))
    p.add("p_remanufacture", "re-manufacture probability out of range", pReman, "a probability in [0, 1]");
  p.throwIfAny("invalid capacity input");
  const mfg = capacitySeries(perYear, periods, c.manufacturingPerYear, c.growthPerYear, "capacity (manufacturing)");
  const ctr = capacitySeries(perYear, periods, c.centrePerYear, c.growthPerYear, "capacity (treatment centres)");
  const out = new Float64Array(periods);
  for (let m = 0; m < periods; m++) out[m] = Math.min(mfg[m] / (1 + pFail * pReman), ctr[m]);
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
