// Labels of the cost-effectiveness plane (src/components/frontier-chart.js): placed inside the frame,
// off each other. Expected boxes are hand calculations from the placer's constants: 6 px per
// character, 10 px per line plus 2, 8 px from the dot's centre, dots of radius 5.
import { describe, expect, it } from "vitest";
// @ts-expect-error a plain JS component (its types are JSDoc, checked by tsconfig.components.json)
import { placeLabels, wrapLabel } from "../../src/components/frontier-chart.js";

type Box = { x0: number; y0: number; x1: number; y1: number };
const frame: Box = { x0: 0, y0: 0, x1: 200, y1: 100 };
const overlap = (a: Box, b: Box) =>
  Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) * Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));

describe("frontier chart labels", () => {
  it("wrapLabel(text, max) breaks at spaces into lines of at most max characters", () => {
    // "Autologous haematopoietic" is 25 characters (> 20); "haematopoietic stem" 19; "cell transplantation" 20.
    expect(wrapLabel("Autologous haematopoietic stem cell transplantation", 20)).toEqual([
      "Autologous",
      "haematopoietic stem",
      "cell transplantation",
    ]);
    expect(wrapLabel("Lifelong standard of care", 40)).toEqual(["Lifelong standard of care"]);
  });

  it("placeLabels(points, frame) puts the label of a dot at the frame's right edge on its left, inside the frame", () => {
    // "Bespoke autologous" is 18 characters = 108 px wide, 12 px high. Above: 141..249 (past 200);
    // right: past 200; left: ends 8 px left of the dot at 187, starts at 79; centred on y = 50.
    const [p] = placeLabels([{ px: 195, py: 50, lines: ["Bespoke autologous"] }], frame);
    expect(p.side.side).toBe("left");
    expect(p.box).toEqual({ x0: 79, y0: 44, x1: 187, y1: 56 });
  });

  it("placeLabels(points, frame) puts the label of a dot at the frame's top below it (it used to overlap the y-axis label)", () => {
    // At y = 2, above ends at -6 and left/right span -4..8: all leave the frame. Below: 10..22.
    const [p] = placeLabels([{ px: 100, py: 2, lines: ["Lifelong SoC"] }], frame);
    expect(p.side.side).toBe("below");
    expect(p.box).toEqual({ x0: 64, y0: 10, x1: 136, y1: 22 });
  });

  it("placeLabels(points, frame) keeps the labels of two close dots apart", () => {
    // First (13 characters, 78 px) above its dot: 61..139 x 30..42. The second's (19 characters,
    // 114 px) above would overlap it, right (118..232) and left (-12..102) leave the frame: below, 58..70.
    const placed = placeLabels(
      [
        { px: 100, py: 50, lines: ["In-vivo CAR T"] },
        { px: 110, py: 50, lines: ["Off-the-shelf CAR T"] },
      ],
      frame,
    );
    expect(placed.map((p: { side: { side: string } }) => p.side.side)).toEqual(["above", "below"]);
    expect(placed[1].box).toEqual({ x0: 53, y0: 58, x1: 167, y1: 70 });
    expect(overlap(placed[0].box, placed[1].box)).toBe(0);
  });
});
