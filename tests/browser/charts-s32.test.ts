// Report defects of a review (s32), each kept fixed, read from the built pages (`npm run build`): the
// Durability chart's "pay back within … years" drawn over the line at 390 px; the Access page's ICER
// column left-aligned when every row is a word; the threshold charts' tips cutting the price's name;
// the Uncertainty page's EVPPI groups editor listing parameters by id.
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { describeProblems, servedReport } from "../../tools/browser.js";
import { visits } from "../helpers/report-page.js";

type Box = { left: number; right: number; top: number; bottom: number };

const boxOf = (l: Locator): Promise<Box> =>
  l.evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
  });

/** Whether the segment from a to b passes within `pad` px of `box`: points every 0.25 px along it. */
function segmentNearBox(a: [number, number], b: [number, number], box: Box, pad: number): boolean {
  const steps = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / 0.25));
  for (let i = 0; i <= steps; i++) {
    const [x, y] = [a[0] + ((b[0] - a[0]) * i) / steps, a[1] + ((b[1] - a[1]) * i) / steps];
    if (x >= box.left - pad && x <= box.right + pad && y >= box.top - pad && y <= box.bottom + pad) return true;
  }
  return false;
}

/** The lines of the tip Plot shows while the pointer is on the centre of `dot`, and whether any carries a <title> (Plot's mark of a cut line). */
async function tipAt(page: Page, figure: Locator, dot: Locator): Promise<{ lines: string[]; cut: boolean }> {
  await dot.scrollIntoViewIfNeeded();
  const b = (await dot.boundingBox())!;
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  const tip = figure.locator("[aria-label=tip] text").first();
  await tip.waitFor();
  return tip.evaluate((t) => ({
    // Each line is a <tspan> starting with a zero-width space (Plot's, for double-click selection).
    lines: [...t.children].map((l) => (l.textContent ?? "").replace("\u200b", "")),
    cut: t.querySelector("title") !== null,
  }));
}

describe("report defects (review s32)", { timeout: 600_000 }, () => {
  const report = servedReport();
  const visit = visits(report);

  for (const width of [1280, 390]) {
    it(`durability.html at ${width} px: "pay back within 10 years" is beside its rule clear of the line and its dots, or in the legend`, async () => {
      const { page, problems } = await visit("durability.html", { width });
      const figure = page.locator("figure", { hasText: "Cost-parity year of in-vivo CAR T" }).first();
      await figure.locator("svg .parity-reached circle").first().waitFor();
      const onChart = figure.locator("svg text", { hasText: "pay back within 10 years" });
      const inLegend = figure.locator(".chart-legend", { hasText: "pay back within 10 years" });
      // Said once: on the chart, or (where the line leaves no room beside the rule) in the legend.
      expect((await onChart.count()) + (await inLegend.count())).toBe(1);
      // At 1280 px the line leaves the rule's left end clear above it; at 390 px (before: the name
      // above the rule's left end, under the dot at 0.225 and its line) it may take the legend.
      if (width === 1280) expect(await onChart.count()).toBe(1);
      if ((await onChart.count()) === 0) {
        expect(await inLegend.locator(".payback-target-legend svg path[stroke-dasharray]").count()).toBe(1);
        expect(describeProblems(problems)).toEqual([]);
        return;
      }
      const label = await boxOf(onChart);
      // The dashed rule at 10 years (the page's default target), drawn in the target's red.
      const rule = await boxOf(figure.locator('svg g[aria-label=rule][stroke="#b91c1c"] line'));
      const dots = (
        await figure.locator("svg .parity-reached circle").evaluateAll((cs) =>
          cs.map((c) => {
            const r = c.getBoundingClientRect();
            return [(r.left + r.right) / 2, (r.top + r.bottom) / 2, r.width / 2] as const;
          }),
        )
      ).sort((a, b) => a[0] - b[0]);
      // SLE, US defaults: parity for the 13 lowest relapse rates, 0 to 0.3 (the page's table), one run.
      expect(dots).toHaveLength(13);
      // Before: at 390 px the name ran from the frame's left end to x = 190 px above the rule, and the
      // dot at 0.225 (9.6 years) and the line from it to the one at 0.25 crossed its last word.
      for (let i = 0; i < dots.length; i++) {
        const [x, y, r] = dots[i];
        expect(segmentNearBox([x, y], [x, y], label, r + 1), `dot ${i} on the label`).toBe(false);
        if (i > 0)
          expect(
            segmentNearBox([dots[i - 1][0], dots[i - 1][1]], [x, y], label, 1),
            `line from dot ${i - 1} to ${i} through the label`,
          ).toBe(false);
      }
      // Beside its rule: within 20 px of it above or below, inside the rule's length.
      const ruleY = (rule.top + rule.bottom) / 2;
      expect(Math.min(Math.abs(label.bottom - ruleY), Math.abs(label.top - ruleY))).toBeLessThanOrEqual(20);
      expect(label.left).toBeGreaterThanOrEqual(rule.left);
      expect(label.right).toBeLessThanOrEqual(rule.right);
      expect(describeProblems(problems)).toEqual([]);
    });

    it(`durability.html at ${width} px: with a target the line crosses everywhere, "pay back within" goes to the legend`, async () => {
      const { page, problems } = await visit("durability.html", { width });
      await page.locator("figure", { hasText: "Cost-parity year of in-vivo CAR T" }).first().waitFor();
      // The chart as the page imports it; a string, so vitest does not rewrite this import() as its own.
      await page.evaluate(
        `import(document.querySelector('link[rel=modulepreload][href*="/components/charts."]').href).then((m) => { window.chartsModule = m; })`,
      );
      // A zigzag across the target (5 and 15 years in turn) at every one of 41 rates: no 130 px of the
      // rule, above or below, is clear of it.
      const r = await page.evaluate((w) => {
        const m = (window as unknown as { chartsModule: { parityScanChart: Function } }).chartsModule;
        const rows = Array.from({ length: 41 }, (_, i) => ({ x: i, parity_year: i % 2 ? 15 : 5 }));
        const fig = m.parityScanChart(rows, { width: w - 32, height: 300, target: 10, title: "zigzag" });
        document.body.append(fig);
        return {
          onChart: [...fig.querySelectorAll("svg text")].filter((t: Element) => t.textContent?.includes("pay back"))
            .length,
          legend: fig.querySelector(".chart-legend")?.textContent?.replace(/\s+/g, " ").trim(),
        };
      }, width);
      expect(r.onChart).toBe(0);
      expect(r.legend).toBe("year of cost parity pay back within 10 years");
      expect(describeProblems(problems)).toEqual([]);
    });
  }

  for (const hash of [
    "",
    // Type 1 diabetes at a low price: "dominated" in every row (incremental QALYs below 0 under every
    // payment model): before, the column had no number in it and was set left-aligned.
    "#disease=t1d&preset=us&platform=autologous&p.c_price=1000",
  ]) {
    it(`access.html${hash}: the payment models' ICER column is right-aligned, heading and every cell, numbers or words`, async () => {
      const { page, problems } = await visit(`access.html${hash}`, { width: 1280 });
      const table = page.locator("table.data-table", { has: page.locator("th", { hasText: "ICER (per QALY)" }) });
      await table.locator("tbody tr").first().waitFor();
      const cells = await table.evaluate((t) =>
        [...t.querySelectorAll("tr")].map((r) => {
          const c = r.lastElementChild!;
          return { text: c.textContent!.trim(), align: getComputedStyle(c).textAlign };
        }),
      );
      expect(cells[0].text).toBe("ICER (per QALY)");
      expect(cells.length).toBe(4); // the heading and three payment models
      if (hash) expect(cells.slice(1).map((c) => c.text)).toEqual(["dominated", "dominated", "dominated"]);
      expect(cells.map((c) => c.align)).toEqual(cells.map(() => "right"));
      expect(describeProblems(problems)).toEqual([]);
    });
  }

  for (const width of [1280, 390]) {
    it(`example-thresholds.html at ${width} px: a dot's tip names the price in full with its unit, nothing cut`, async () => {
      const { page, problems } = await visit("example-thresholds.html", { width });
      const figure = page.locator("figure", { hasText: "Price per infusion at which" }).first();
      const dot = figure.locator("svg [aria-label=dot] circle").first();
      await dot.waitFor();
      // Before: "Cost-effective price per infusion (GBP…" with the price only in the cut line's <title>.
      const tip = await tipAt(page, figure, dot);
      expect(tip.cut).toBe(false);
      expect(tip.lines.join("\n")).not.toContain("…");
      // The page's preset is the UK's, prices in GBP of 2024 (data/cart: UK rows' price year).
      expect(tip.lines[0]).toMatch(/^Cost-effective price per infusion \(GBP 2024\) −?\d{1,3}(,\d{3})*$/);
      expect(describeProblems(problems)).toEqual([]);
    });
  }

  it("index.html at 390 px: the threshold chart's tip names the price in full with its unit, nothing cut", async () => {
    const { page, problems } = await visit("index.html", { width: 390 });
    const figure = page.locator("figure", { hasText: "Threshold product prices" }).first();
    const dot = figure.locator("svg .mark-effective circle").first();
    await dot.waitFor();
    const tip = await tipAt(page, figure, dot);
    expect(tip.cut).toBe(false);
    expect(tip.lines.join("\n")).not.toContain("…");
    expect(tip.lines.some((l) => /^Price per infusion \(USD 2025\) −?\d{1,3}(,\d{3})*$/.test(l))).toBe(true);
    expect(describeProblems(problems)).toEqual([]);
  });

  for (const width of [1280, 390])
    it(`uncertainty.html at ${width} px: the EVPPI groups editor lists parameters by name, ids in their titles; the link keeps the ids`, async () => {
      const { page, problems } = await visit("uncertainty.html#disease=sle&preset=us&n=40&seed=1", { width });
      const options = page.locator(".groups-editor option");
      await options.first().waitFor({ state: "attached" });
      const listed = await options.evaluateAll((os) =>
        os.map((o) => ({
          id: (o as HTMLOptionElement).value,
          text: o.textContent!.trim(),
          title: o.getAttribute("title"),
        })),
      );
      expect(listed.length).toBeGreaterThan(20);
      for (const o of listed) {
        // Before: the option's text was its id ("r_relapse__allogeneic"), with no title.
        expect(o.text, `option ${o.id}`).not.toBe(o.id);
        expect(o.text, `option ${o.id}`).not.toMatch(/__|^[a-z]+_[a-z_]+$/);
        expect(o.title).toBe(o.id);
      }
      // Every name is listed once: two parameters never look the same.
      expect(new Set(listed.map((o) => o.text)).size).toBe(listed.length);
      // The dictionary's description of r_relapse before its colon, with the platform's name
      // (src/cart/dictionary.ts r_relapse: "Relapse rate in remission: Weibull scale (…)").
      const allo = listed.find((o) => o.id === "r_relapse__allogeneic");
      expect(allo?.text).toBe("Relapse rate in remission (Off-the-shelf allogeneic CAR T)");
      // The list, of names longer than the ids, stays inside the page.
      const select = await boxOf(page.getByLabel("Parameters of a new group"));
      expect(select.right).toBeLessThanOrEqual(await page.evaluate(() => document.documentElement.clientWidth));
      const ids = ["r_relapse__allogeneic", "r_relapse__invivo"];
      await page.getByLabel("Parameters of a new group").selectOption(ids);
      await page.getByRole("button", { name: "Add group" }).click();
      await expect.poll(() => page.evaluate(() => location.hash)).toContain(`groups=${ids.join(",")}`);
      const group = page.locator(".evppi-groups li").first();
      expect(await group.locator(".group").innerText()).toBe(
        "Relapse rate in remission (Off-the-shelf allogeneic CAR T) + Relapse rate in remission (In-vivo CAR T)",
      );
      expect(await group.locator(".group").getAttribute("title")).toBe(ids.join(" + "));
      expect(await group.locator("small").innerText()).toBe(`(${ids.join(", ")})`);
      expect(describeProblems(problems)).toEqual([]);
    });
});
