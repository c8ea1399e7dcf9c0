/**
 * `cartecon cart` words the ICER column as the report does (src/cart/icer.ts, icerLabel): a ratio
 * only for a strategy that costs more and gains QALYs, "dominant" / "dominated" otherwise, and for a
 * cheaper strategy with fewer QALYs "saves <ratio> per QALY lost". Defect pinned (s30): the CLI had
 * its own wording, "196,448 (saves per unit lost)", where the report says "saves 196,448 per QALY lost".
 *
 * Case: SLE, US preset, with aHSCT's transplant-related mortality raised to 30%
 * (`--set p_trm__ahsct=0.3`; shipped 3%, range 0 to 1 for a probability). aHSCT was already cheaper
 * than standard of care; so many deaths in the first year leave it with fewer QALYs too, i.e. in
 * the south-west quadrant, where the ratio is a saving per QALY lost.
 *
 * Hand check of the number: the table prints incr. cost and incr. QALYs rounded to 1 and 0.001, so
 * the true ratio lies between (|ΔC| − 0.5) / (|ΔQ| + 0.0005) and (|ΔC| + 0.5) / (|ΔQ| − 0.0005);
 * e.g. for the printed −407,822 and −2.076: 196,398 to 196,494. The label must fall in that band
 * (rounded to 1 either way).
 */
import { describe, expect, it } from "vitest";
import { cartecon } from "../helpers/cli.js";

const parse = (x: string) => Number(x.replace(/,/g, ""));

describe("cartecon cart: ICER words as in the report", () => {
  it(
    'a cheaper strategy with fewer QALYs reads "saves <ratio> per QALY lost"; cheaper with more QALYs "dominant"',
    { timeout: 120_000 },
    () => {
      const r = cartecon("cart", "--disease", "sle", "--set", "p_trm__ahsct=0.3");
      expect(r.code, r.err).toBe(0);
      expect(r.out).not.toContain("per unit lost");

      // strategy, cost, QALYs, life years, incr. cost, incr. QALYs, the ICER cell, NMB (columns 2+ spaces apart).
      const row = (id: string) => {
        const m = r.out.match(
          new RegExp(
            `^${id} +[\\d,]+ +[\\d.]+ +[\\d.]+ +(-?[\\d,]+) +(-?[\\d.]+) +(.+?) {2,}-?[\\d,]+( {2,}.*)?$`,
            "m",
          ),
        );
        expect(m, `${id} row in:\n${r.out}`).not.toBeNull();
        return { dC: parse(m![1]), dQ: parse(m![2]), icer: m![3] };
      };

      const ahsct = row("ahsct");
      expect(ahsct.dC).toBeLessThan(0);
      expect(ahsct.dQ).toBeLessThan(0);
      const saves = ahsct.icer.match(/^saves ([\d,]+) per QALY lost$/);
      expect(saves, ahsct.icer).not.toBeNull();
      const low = (Math.abs(ahsct.dC) - 0.5) / (Math.abs(ahsct.dQ) + 0.0005);
      const high = (Math.abs(ahsct.dC) + 0.5) / (Math.abs(ahsct.dQ) - 0.0005);
      expect(parse(saves![1])).toBeGreaterThanOrEqual(Math.floor(low));
      expect(parse(saves![1])).toBeLessThanOrEqual(Math.ceil(high));

      // Allogeneic CAR T in the shipped SLE inputs: cheaper than SoC with more QALYs.
      const allogeneic = row("allogeneic");
      expect(allogeneic.dC).toBeLessThan(0);
      expect(allogeneic.dQ).toBeGreaterThan(0);
      expect(allogeneic.icer).toBe("dominant");
    },
  );
});
