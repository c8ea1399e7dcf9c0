// Layout helpers of the report's charts (src/components/charts.js, compare-charts.js): where the
// cost-parity labels go, the ticks under them, and coincident points of the Compare page's plane.
// Expected values are hand calculations given in the comments.
import { describe, expect, it } from "vitest";
// @ts-expect-error a plain JS component (its types are JSDoc, checked by tsconfig.components.json)
import { noParityRadius, parityBand, targetLabelPlace, ticksUpTo } from "../../src/components/charts.js";
// @ts-expect-error a plain JS component
import { coincidentNote, spreadCoincident } from "../../src/components/compare-charts.js";
// @ts-expect-error a plain JS component
import { fitText, plotTextWidth } from "../../src/components/text-width.js";

describe("parityBand(maxCost, count, frameHeight)", () => {
  it("puts every label row above the highest curve, 14 px apart, inside the domain", () => {
    // Band: 2 rows × 14 px + 6 px = 34 px of a 256 px frame, so top = 1.4M / (1 − 34/256) = 1,614,414.4;
    // one px = top / 256 = 6,306.3; rows at top − 7 px and top − 21 px.
    const b = parityBand(1.4e6, 2, 256);
    const top = 1.4e6 / (1 - 34 / 256);
    const px = top / 256;
    expect(b.domain[0]).toBe(0);
    expect(b.domain[1]).toBeCloseTo(top, 6);
    expect(b.rows[0]).toBeCloseTo(top - 7 * px, 6);
    expect(b.rows[1]).toBeCloseTo(top - 21 * px, 6);
    expect(b.ruleTop).toBeCloseTo(1.4e6 + 3 * px, 6);
    // The lowest row's text (half a row, 7 px, under its centre) stays above the rules and curves.
    expect(b.rows[1] - 7 * px).toBeGreaterThan(b.ruleTop);
  });
  it("adds no band when there is no label", () => {
    expect(parityBand(1e6, 0, 256)).toEqual({ domain: [0, 1e6], rows: [], ruleTop: 1e6 });
  });
});

describe("ticksUpTo(max, count)", () => {
  it("gives round ticks from 0 that end at or below max", () => {
    // 1.45M / 7 ≈ 207k: of the steps 100k, 200k, 500k, 200k gives 7.25 ticks, nearest 7.
    expect(ticksUpTo(1.45e6, 7)).toEqual([0, 2e5, 4e5, 6e5, 8e5, 1e6, 1.2e6, 1.4e6]);
    // 17.5 / 6 ≈ 2.9: of 1, 2, 5, 10, a step of 5 gives 3.5 ticks (|3.5 − 6| = 2.5 < |8.75 − 6|).
    expect(ticksUpTo(17.5, 6)).toEqual([0, 5, 10, 15]);
    expect(ticksUpTo(0, 6)).toEqual([0]);
  });
});

describe("noParityRadius(xs, plotPx)", () => {
  // d3's symbolTriangle of area πr² (Plot's dot): y = -√(πr² / (3√3)), corners at x = ±√3·y, so the
  // base is 2√3·|y| = r·√(4π/√3) = 2.6935 r wide; with the 1.5 px stroke and a 3 px gap the step
  // must hold 2.6935 r + 4.5 px.
  const rates = Array.from({ length: 21 }, (_, i) => i * 0.025); // the Durability page's scan
  it("keeps 5 px where the scan's points are far apart (1280 px)", () => {
    // 804 px / 20 steps = 40.2 px a step: (40.2 - 4.5) / 2.6935 = 13.3, capped at 5.
    expect(noParityRadius(rates, 804)).toBe(5);
  });
  it("shrinks the triangles so neighbours 11.5 px apart keep a 3 px gap (390 px)", () => {
    // 230 px / 20 steps = 11.5 px: r = (11.5 - 4.5) / 2.6935 = 2.599; base 7.0 px + 1.5 stroke + 3 = 11.5.
    expect(noParityRadius(rates, 230)).toBeCloseTo(2.6, 2);
    // Out of order and repeated x values give the same step.
    expect(noParityRadius([...rates].reverse().concat([0.1]), 230)).toBeCloseTo(2.6, 2);
  });
  it("never goes under 2.5 px, and is 5 px for a single point", () => {
    expect(noParityRadius(rates, 100)).toBe(2.5); // 5 px a step
    expect(noParityRadius([0.3], 230)).toBe(5);
  });
});

describe("targetLabelPlace(segments, frame)", () => {
  // A rule at y = 100 px across a frame from x = 60 to 330 px; a label 120 × 12 px, 4 px in from the
  // ends, 3 px off the rule, 3 px clear of the line. Above-left: x 64..184, y 85..97; above-right:
  // x 206..326; below-left: y 103..115.
  const frame = { y: 100, left: 60, right: 330, w: 120, h: 12 };
  it("puts the label above the rule at the left end when the line is clear of it", () => {
    // A line under the rule there: y 140 to 120 px, more than 4 px below 97 + the label.
    const p = targetLabelPlace([[64, 140, 184, 120]], frame);
    expect(p).toEqual({
      x: 64,
      baseline: 85 + 0.79 * 12,
      anchor: "start",
      box: { left: 64, right: 184, top: 85, bottom: 97 },
    });
  });
  it("moves it to the right end when the line crosses the left end above the rule (Durability at 390 px)", () => {
    // From (150, 110) to (190, 80): at x = 170 it is at y = 95, inside 85..97.
    const p = targetLabelPlace([[150, 110, 190, 80]], frame);
    expect(p.anchor).toBe("end");
    expect(p.x).toBe(326);
    expect(p.box).toEqual({ left: 206, right: 326, top: 85, bottom: 97 });
  });
  it("goes under the rule when the line crosses both ends above it", () => {
    // Two runs above the rule only (y 90 px): one at x 100, one at x 300; below-left is clear.
    const p = targetLabelPlace(
      [
        [90, 90, 110, 90],
        [290, 90, 310, 90],
      ],
      frame,
    );
    expect(p.box).toEqual({ left: 64, right: 184, top: 103, bottom: 115 });
  });
  it("counts a lone point (a segment of length 0) and a dot 3 px off the box", () => {
    // A point at (186, 92): 2 px right of the above-left box, inside its 3 px clearance.
    expect(targetLabelPlace([[186, 92, 186, 92]], frame).anchor).toBe("end");
    // At (188, 92): 4 px off, clear.
    expect(targetLabelPlace([[188, 92, 188, 92]], frame).anchor).toBe("start");
  });
  it("finds the leftmost clear place between the ends, else none", () => {
    // Upright lines across the rule at x = 100 and 300 px: the ends are taken; above the rule, the
    // first left edge (in 2 px steps from 64) more than 3 px right of x = 100 is 104, and 104 + 120 + 3
    // = 227 < 300.
    const upright = (x: number): [number, number, number, number] => [x, 60, x, 140];
    expect(targetLabelPlace([upright(100), upright(300)], frame)).toEqual({
      x: 104,
      baseline: 85 + 0.79 * 12,
      anchor: "start",
      box: { left: 104, right: 224, top: 85, bottom: 97 },
    });
    // A third at x = 200: gaps of 100 px, narrower than 120 + 2 × 3.
    expect(targetLabelPlace([upright(100), upright(200), upright(300)], frame)).toBe(null);
    // A frame narrower than the label.
    expect(targetLabelPlace([], { ...frame, right: 180 })).toBe(null);
  });
});

describe("spreadCoincident(rows) and coincidentNote(groups)", () => {
  const row = (name: string, label: string, q: number, c: number) => ({
    name,
    label,
    incremental_qalys: q,
    incremental_cost: c,
  });
  it("offsets points with the same QALYs and cost side by side, centred on the point, and names them", () => {
    const rows = [
      row("A", "Autologous", 2.3, -180000),
      row("A", "In-vivo", 1.2, -76000),
      row("B", "Autologous", 2.3, 10000),
      row("B", "In-vivo", 1.2, -76000),
    ];
    const s = spreadCoincident(rows);
    // Two coincident points 10 px apart: offsets −5 and +5 px; the others stay at 0.
    expect(s.rows.map((r: { offset: number }) => r.offset)).toEqual([0, -5, 0, 5]);
    expect(s.groups).toHaveLength(1);
    expect(coincidentNote(s.groups)).toBe("Same point, drawn side by side: In-vivo in A = B.");
  });
  it("treats points less than 0.0001 QALYs and 1 money unit apart as one point", () => {
    // |1.00001 - 1.00002| = 0.00001 < 0.0001 and |5000.2 - 4999.9| = 0.3 < 1.
    const s = spreadCoincident([row("A", "X", 1.00001, 5000.2), row("B", "X", 1.00002, 4999.9)]);
    expect(s.groups).toHaveLength(1);
    // 0.001 QALYs apart, or 1.5 money units apart: two points.
    expect(spreadCoincident([row("A", "X", 1.0, 5000), row("B", "X", 1.001, 5000)]).groups).toHaveLength(0);
    expect(spreadCoincident([row("A", "X", 1.0, 5000), row("B", "X", 1.0, 5001.5)]).groups).toHaveLength(0);
  });
  it("groups points either side of 0 QALYs (negative zero) and either side of a rounding step", () => {
    // toFixed(4) wrote -0.00001 as "-0.0000" and 0.00002 as "0.0000": two groups for one spot.
    // |-0.00001 - 0.00002| = 0.00003 < 0.0001; costs 100 and 100.4 differ by 0.4 < 1.
    const zero = spreadCoincident([row("A", "X", -0.00001, 100), row("B", "X", 0.00002, 100.4)]);
    expect(zero.groups).toHaveLength(1);
    expect(zero.rows.map((r: { offset: number }) => r.offset)).toEqual([-5, 5]);
    expect(spreadCoincident([row("A", "X", -0, -0), row("B", "X", 0, 0)]).groups).toHaveLength(1);
    // 1.00004 and 1.00006 round to 1.0000 and 1.0001 but are 0.00002 apart.
    expect(spreadCoincident([row("A", "X", 1.00004, 7), row("B", "X", 1.00006, 7)]).groups).toHaveLength(1);
  });
  it("joins a chain of near points into one group, drawn in input order around the point", () => {
    // A~C (0.00006 apart) and C~B (0.00006), A and B 0.00012 apart: one group A, B, C by input
    // order, offsets (k - 1) × 10 px = -10, 0, +10.
    const s = spreadCoincident([row("A", "X", 0, 0), row("B", "X", 0.00012, 0), row("C", "X", 0.00006, 0)]);
    expect(s.groups.map((g: { name: string }[]) => g.map((r) => r.name))).toEqual([["A", "B", "C"]]);
    expect(s.rows.map((r: { offset: number }) => r.offset)).toEqual([-10, 0, 10]);
  });
  it("names two strategies of one scenario as A = B, and writes no note without coincident points", () => {
    expect(coincidentNote([[row("S", "Allogeneic", 1, 1), row("S", "In-vivo", 1, 1)]])).toBe(
      "Same point, drawn side by side: Allogeneic = In-vivo in S.",
    );
    expect(coincidentNote([])).toBe("");
  });
});

describe("plotTextWidth(text)", () => {
  it("is 6 px a character where no canvas can measure (Node)", () => {
    // Node has no OffscreenCanvas: "pay back within 10 years" is 24 characters × 6 px = 144 px.
    expect(typeof OffscreenCanvas).toBe("undefined");
    expect(plotTextWidth("pay back within 10 years")).toBe(144);
    expect(plotTextWidth("")).toBe(0);
  });
  it("scales the fallback with the font size", () => {
    // 11 px: 6 × 11 / 10 = 6.6 px a character; 24 characters = 158.4 px, rounded up to 159.
    expect(plotTextWidth("pay back within 10 years", 11)).toBe(159);
  });
});

describe("fitText(text, width, size)", () => {
  it("keeps a text that fits and cuts one that does not at the longest start that fits with '…'", () => {
    // Fallback at 11 px: 6.6 px a character. "Relapse rate" (12 characters) = 79.2 → 80 px.
    expect(fitText("Relapse rate", 80, 11)).toBe("Relapse rate");
    // 79 px: 11 characters = 72.6 → 73 px fits; "Relapse rat" + "…" = 12 characters = 80 px does not,
    // "Relapse ra…" = 11 characters = 73 px does.
    expect(fitText("Relapse rate", 79, 11)).toBe("Relapse ra…");
    // Narrower than two characters: one character and "…".
    expect(fitText("Relapse rate", 3, 11)).toBe("R…");
  });
});
