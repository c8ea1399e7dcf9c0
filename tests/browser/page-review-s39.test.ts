// Page review leftovers of sessions 37 and 38, fixed in session 39 and kept fixed here. Runs against the
// built dist/ (npm run build first).
import { describe, expect, it } from "vitest";
import { describeProblems, servedReport } from "../../tools/browser.js";
import { visits } from "../helpers/report-page.js";

describe("page review s37/s38 leftovers", { timeout: 300_000 }, () => {
  const visit = visits(servedReport());

  it("explorer.html at 390 px: a results table scrolled to its decision columns keeps the strategy in view", async () => {
    const { page, problems } = await visit("explorer.html", { width: 390 });
    const box = page.locator(".table-box", { hasText: "ICER (per QALY)" }).first();
    await box.waitFor();
    // Measured when in view (content-visibility: auto skips a table below the fold).
    await box.scrollIntoViewIfNeeded();
    await expect.poll(() => box.getAttribute("class"), { timeout: 60_000 }).toContain("scrolls");
    const wrap = box.locator(".table-wrap");
    // Scrolled to the far right, where the ICER, NMB and cost parity are (off-screen before scrolling).
    await wrap.evaluate((w) => (w.scrollLeft = w.scrollWidth));
    await page.waitForTimeout(200);
    const edge = (await wrap.boundingBox())!;
    const name = (await box.locator("tbody tr:first-child > :first-child").boundingBox())!;
    const last = (await box.locator("thead th:last-child").boundingBox())!;
    // The first cell (the strategy) still at the box's left edge; the last column beside it, inside the box.
    expect(Math.abs(name.x - edge.x)).toBeLessThanOrEqual(1);
    expect(last.x).toBeGreaterThanOrEqual(name.x + name.width - 1);
    expect(last.x + last.width).toBeLessThanOrEqual(edge.x + edge.width + 1);
    // Nothing under the strategy's cell shows through it: it has a background.
    const bg = await box
      .locator("tbody tr:first-child > :first-child")
      .evaluate((c) => getComputedStyle(c).backgroundColor);
    expect(bg).not.toBe("rgba(0, 0, 0, 0)");
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("index.html at 390 px: the headline table names diseases short, in a first column that stays in view", async () => {
    const { page, problems } = await visit("index.html", { width: 390 });
    const box = page.locator(".table-box", { hasText: "Cost-effective price" }).first();
    await box.waitFor();
    await box.scrollIntoViewIfNeeded();
    await expect.poll(() => box.getAttribute("class"), { timeout: 60_000 }).toContain("scrolls");
    // src/cart/dictionary.ts DISEASE_SHORT_LABELS, the first rows' disease (the full name took a third of the box).
    const first = box.locator("tbody tr:first-child > :first-child");
    expect((await first.innerText()).trim()).toBe("SLE / lupus nephritis");
    await box.locator(".table-wrap").evaluate((w) => (w.scrollLeft = w.scrollWidth));
    await page.waitForTimeout(200);
    const edge = (await box.locator(".table-wrap").boundingBox())!;
    expect(Math.abs((await first.boundingBox())!.x - edge.x)).toBeLessThanOrEqual(1);
    // A coloured (cost-effective or cost-saving) row keeps its colour in the cell that stays.
    const row = box.locator("tbody tr.cost-effective, tbody tr.cost-saving").first();
    const [cellBg, nextBg] = await row.evaluate((tr) => [
      getComputedStyle(tr.children[0]).backgroundColor,
      getComputedStyle(tr.children[1]).backgroundColor,
    ]);
    expect(cellBg).toBe(nextBg);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("access.html at 390 px: the budget chart leaves the threshold's name to its subtitle (it lay over the bars)", async () => {
    const { page, problems } = await visit("access.html", { width: 390 });
    const fig = page.locator("figure", { hasText: "Budget impact by component per year" }).first();
    await fig.locator("svg").first().waitFor();
    expect(await fig.innerText()).toContain("dashed red: affordability threshold");
    expect(await fig.locator("svg text", { hasText: /^affordability threshold$/ }).count()).toBe(0);
    await page.setViewportSize({ width: 1280, height: 900 });
    // Wide enough again: named on the line, over a white halo where it crosses a bar.
    const label = fig.locator("svg text", { hasText: /^affordability threshold$/ });
    await expect.poll(() => label.count(), { timeout: 60_000 }).toBe(1);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });
});
