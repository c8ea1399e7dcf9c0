/**
 * Black-box verification in the spirit of TECH-VER (Büyükkaramikli et al., PharmacoEconomics
 * 2019;37:1391): extreme values and invariants any correct cohort model must satisfy.
 */
import { describe, expect, it } from "vitest";
import { compileModel, evaluate, incrementalAnalysis, type ModelSpec } from "../../src/model/index.js";
import { sixState } from "../../bench/models.js";

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe(
  "TECH-VER black-box checks on a six-state, 720-cycle model with age-dependent mortality",
  { timeout: 60_000 },
  () => {
    const spec = sixState();
    const model = compileModel(spec);

    it("with every utility 1, QALYs equal life years (discounted and undiscounted)", () => {
      const r = evaluate(model, { parameters: { u_ctrl: 1, u_active: 1, u_damage: 1, u_remission: 1 } });
      // Severe has utility u_damage * 0.8, so set it through a spec edit instead
      const s2 = clone(spec);
      s2.states[4].values!.u = "u_damage";
      const r2 = evaluate(compileModel(s2), { parameters: { u_ctrl: 1, u_active: 1, u_damage: 1, u_remission: 1 } });
      for (const s of r2.strategies) {
        expect(s.qalys.discounted).toBeCloseTo(s.lifeYears.discounted, 10);
        expect(s.qalys.undiscounted).toBeCloseTo(s.lifeYears.undiscounted, 10);
      }
      expect(r.strategies[0].qalys.discounted).toBeLessThan(r.strategies[0].lifeYears.discounted);
    });

    it("with zero discount rates, discounted totals equal undiscounted totals", () => {
      const r = evaluate(model, { discount: { costs: 0, outcomes: 0 } });
      for (const s of r.strategies) {
        expect(s.cost.discounted).toBeCloseTo(s.cost.undiscounted, 8);
        expect(s.qalys.discounted).toBeCloseTo(s.qalys.undiscounted, 10);
        expect(s.lifeYears.discounted).toBeCloseTo(s.lifeYears.undiscounted, 10);
        for (const v of Object.values(s.values)) expect(v.discounted).toBeCloseTo(v.undiscounted, 8);
      }
    });

    it("every row of every cycle's matrix sums to 1 and every entry is in [0, 1]", () => {
      let rows = 0;
      evaluate(model, {
        trace: false,
        perCycle: false,
        onCycle: ({ p }) => {
          for (let i = 0; i < model.nExpanded; i++) {
            let sum = 0;
            for (let e = model.rowStart[i]; e < model.rowStart[i + 1]; e++) {
              expect(p[e]).toBeGreaterThanOrEqual(0);
              expect(p[e]).toBeLessThanOrEqual(1);
              sum += p[e];
            }
            if (Math.abs(sum - 1) > 1e-12) throw new Error(`row ${i} sums to ${sum}`);
            rows++;
          }
        },
      });
      expect(rows).toBe(4 * 720 * model.nExpanded);
    });

    it("the trace sums to the cohort size at every time point", () => {
      const s = clone(spec);
      s.init = { Controlled: 800, Active: 200 };
      const r = evaluate(compileModel(s));
      for (const st of r.strategies) {
        for (let k = 0; k <= r.nCycles; k++) {
          let sum = 0;
          for (let j = 0; j < r.states.length; j++) sum += st.trace![k * r.states.length + j];
          expect(sum).toBeCloseTo(1000, 9);
        }
      }
    });

    it("a lifetime horizon leaves less than 0.1% of the cohort alive", () => {
      const s = clone(spec);
      s.settings.horizon = { untilAge: 110 };
      const r = evaluate(compileModel(s));
      const S = r.states.length;
      const dead = r.states.indexOf("Dead");
      for (const st of r.strategies) {
        const alive = 1 - st.trace![r.nCycles * S + dead];
        expect(alive).toBeLessThan(0.001);
      }
    });

    it("identical strategies give identical results", () => {
      const s = clone(spec);
      s.strategies = [
        { id: "a", parameters: { c_drug: 15000 } },
        { id: "b", parameters: { c_drug: 15000 } },
      ];
      const [a, b] = evaluate(compileModel(s)).strategies;
      expect(b.cost).toEqual(a.cost);
      expect(b.qalys).toEqual(a.qalys);
      expect(b.lifeYears).toEqual(a.lifeYears);
      expect(Array.from(b.trace!)).toEqual(Array.from(a.trace!));
      const inc = incrementalAnalysis(
        [
          { id: "a", cost: a.cost.discounted, effect: a.qalys.discounted },
          { id: "b", cost: b.cost.discounted, effect: b.qalys.discounted },
        ],
        { wtp: 50000 },
      );
      expect(inc.map((r) => r.status)).toEqual(["reference", "identical"]);
    });

    it("a higher drug price gives a higher cost and leaves QALYs unchanged", () => {
      const lo = evaluate(model, { parameters: { c_drug: 12000 } }).strategies[0];
      const hi = evaluate(model, { parameters: { c_drug: 12001 } }).strategies[0];
      expect(hi.cost.discounted).toBeGreaterThan(lo.cost.discounted);
      expect(hi.qalys.discounted).toBe(lo.qalys.discounted);
      // cost is linear in the drug price: the difference is the discounted years on the drug, which
      // under standard of care (no remission) are all the discounted life years
      const yearsOnDrug = hi.cost.discounted - lo.cost.discounted;
      expect(yearsOnDrug).toBeCloseTo(hi.lifeYears.discounted, 8);
    });

    it("a higher one-off price gives a higher cost by exactly the price difference", () => {
      const r1 = evaluate(model, { strategies: ["cure_low"] }).strategies[0];
      const s = clone(spec);
      s.strategies![2].parameters!.c_once = 150001;
      const r2 = evaluate(compileModel(s), { strategies: ["cure_low"] }).strategies[0];
      expect(r2.cost.discounted - r1.cost.discounted).toBeCloseTo(1, 8);
    });

    it("results do not depend on evaluation order or repetition", () => {
      const a = evaluate(model);
      evaluate(model, { parameters: { c_drug: 1, smr: 3 } });
      const b = evaluate(model);
      expect(b.strategies.map((s) => s.cost.discounted)).toEqual(a.strategies.map((s) => s.cost.discounted));
    });

    it("costs split by component and by state add up to the total", () => {
      const r = evaluate(model);
      for (const s of r.strategies) {
        let byValue = 0;
        for (const v of r.values) if (v.kind === "cost") byValue += s.values[v.id].discounted;
        expect(byValue).toBeCloseTo(s.cost.discounted, 6);
        let byState = 0;
        for (const st of s.byState)
          for (const v of r.values) if (v.kind === "cost") byState += st.values[v.id].discounted;
        let byTrans = 0;
        for (const t of s.byTransition) byTrans += t.amount.discounted;
        let oneOff = 0;
        for (const v of r.values) if (v.kind === "cost") oneOff += s.oneOff[v.id];
        expect(byState + byTrans + oneOff).toBeCloseTo(s.cost.discounted, 6);
        let ly = 0;
        for (const st of s.byState) ly += st.lifeYears.discounted;
        expect(ly).toBeCloseTo(s.lifeYears.discounted, 10);
      }
    });

    it("per-cycle series add up to the totals", () => {
      const r = evaluate(model);
      for (const s of r.strategies) {
        for (const v of r.values) {
          const series = s.perCycle!.values[v.id];
          expect(series.discounted.reduce((a, b) => a + b, 0)).toBeCloseTo(s.values[v.id].discounted, 6);
          expect(series.undiscounted.reduce((a, b) => a + b, 0)).toBeCloseTo(s.values[v.id].undiscounted, 6);
        }
      }
    });

    it("a cohort split into two identical weighted cohorts gives the same results as one", () => {
      const s = clone(spec) as ModelSpec;
      s.cohorts = [
        { id: "f", weight: 0.3 },
        { id: "m", weight: 0.7 },
      ];
      const a = evaluate(model).strategies[1];
      const b = evaluate(compileModel(s)).strategies[1];
      expect(b.cost.discounted).toBeCloseTo(a.cost.discounted, 8);
      expect(b.qalys.discounted).toBeCloseTo(a.qalys.discounted, 12);
    });
  },
);
