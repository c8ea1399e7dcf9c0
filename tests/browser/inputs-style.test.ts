// The report's controls are laid out by Observable Inputs' stylesheet, which the pages did not load
// (they import Inputs by bare name; Framework adds the stylesheet only for its CDN-fetched Inputs):
// labels ran into their controls ("DiseaseSLE / lupus nephritis") and the hand-written boxes
// (checkedRange) had serif labels twice the size of the Inputs' beside them. Runs against the built
// dist/ (`npm run build`).
import type { Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { describeProblems, servedReport } from "../../tools/browser.js";
import { visits } from "../helpers/report-page.js";

/** The form whose label reads `label` exactly. */
const formLabelled = (scope: Locator, label: string) =>
  scope.locator("form", { has: scope.page().locator(`label:text-is("${label}")`) }).first();

/** Computed width and font size of a form's label, and the label's and the control's boxes. */
const layout = (form: Locator, control: string) =>
  form.evaluate((f, control) => {
    const label = f.querySelector(":scope > label")!;
    const style = getComputedStyle(label);
    const l = label.getBoundingClientRect();
    const c = f.querySelector(control)!.getBoundingClientRect();
    return {
      labelWidth: l.width,
      fontSize: parseFloat(style.fontSize),
      labelRight: l.right,
      labelBottom: l.bottom,
      controlLeft: c.left,
      controlTop: c.top,
    };
  }, control);

describe("controls laid out by Observable Inputs' stylesheet", { timeout: 300_000 }, () => {
  const visit = visits(servedReport());

  it("uncertainty.html at 1280 px: each label is Inputs' 120 px column in its 13 px type, its control beside it", async () => {
    const { page, problems } = await visit("uncertainty.html", { width: 1280 });
    const main = page.locator("#observablehq-main");
    // An Inputs.select and a checkedRange (Draws) alike; --label-width is 120px in Inputs' stylesheet.
    for (const [label, control] of [
      ["Disease", "select"],
      ["Draws", 'input[type="text"]'],
    ]) {
      const form = formLabelled(main, label);
      const l = await layout(form, control);
      expect(l.labelWidth, label).toBeCloseTo(120, 0);
      expect(l.fontSize, label).toBe(13);
      // Beside, not under: the control starts right of the label (Inputs' 6.5 px gap).
      expect(l.controlLeft, label).toBeGreaterThanOrEqual(l.labelRight);
      expect(l.controlTop, label).toBeLessThan(l.labelBottom);
    }
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("uncertainty.html: every button and the groups editor's words in the type of Inputs' labels (13 px sans-serif)", async () => {
    const { page, problems } = await visit("uncertainty.html", { width: 1280 });
    const main = page.locator("#observablehq-main");
    const label = await formLabelled(main, "Disease")
      .locator(":scope > label")
      .evaluate((l) => getComputedStyle(l).fontFamily);
    // Before: "Download all tables (Excel)" in the page's serif, "Run PSA" in the browser's default.
    const buttons = await main.locator("button").evaluateAll((bs) =>
      bs.map((b) => ({
        text: (b.textContent ?? "").trim(),
        family: getComputedStyle(b).fontFamily,
        size: getComputedStyle(b).fontSize,
      })),
    );
    expect(buttons.map((b) => b.text)).toEqual(expect.arrayContaining(["Add group", "Download all tables (Excel)"]));
    for (const b of buttons)
      expect({ text: b.text, family: b.family, size: b.size }).toEqual({ text: b.text, family: label, size: "13px" });
    const editor = await main.locator(".groups-editor").evaluate((e) => getComputedStyle(e).fontFamily);
    expect(editor).toBe(label);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("explorer.html at 390 px: labels above their controls, in the same 13 px type for Inputs and checkedRange", async () => {
    const { page, problems } = await visit("explorer.html", { width: 390 });
    const main = page.locator("#observablehq-main");
    for (const [label, control] of [
      ["Disease", "select"],
      ["Relapse rate in remission (per year)", 'input[type="text"]'],
    ]) {
      const l = await layout(formLabelled(main, label), control);
      expect(l.fontSize, label).toBe(13);
      expect(l.controlTop, label).toBeGreaterThanOrEqual(l.labelBottom - 0.5);
    }
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });
});
