// The page components built with htl (src/components/*.js) produce the DOM the pages rely on:
// the model diagram on the Methods page (every box, arrow and label, at both layouts), accessible
// tables with numeric columns marked, and download buttons. Runs against the built dist/.
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { download } from "../helpers/report-page.js";
import { describeProblems, servedReport } from "../../tools/browser.js";

describe("components in the built report", () => {
  const report = servedReport();

  for (const [width, layout, arrows] of [
    [1280, "wide", 13],
    [390, "narrow", 11],
  ] as const) {
    it(`the model diagram (${layout} layout at ${width}px) has its 7 states, the CAR T group, ${arrows} arrows with labels, a title and a description`, async () => {
      const { page, problems } = await report.open();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${report.origin}/methods.html`);
      const svg = page.locator('svg[aria-labelledby^="model-diagram-"]');
      await svg.waitFor();
      const d = await svg.evaluate((el) => ({
        rects: el.querySelectorAll(":scope > rect").length,
        polylines: [...el.querySelectorAll("polyline")].map((p) => p.getAttribute("marker-end")),
        texts: el.querySelectorAll(":scope > text").length,
        title: el.querySelector("title")?.textContent,
        described: document.getElementById(el.getAttribute("aria-labelledby")!.split(" ")[1])?.textContent?.length ?? 0,
        states: [...el.querySelectorAll("text tspan[font-weight='700']")].map((t) => t.textContent),
        viewBox: el.getAttribute("viewBox"),
      }));
      expect(d.rects).toBe(8); // the dashed CAR T group and 7 states
      expect(d.polylines.length).toBe(arrows);
      for (const m of d.polylines) expect(m).toMatch(/^url\(#model-diagram-\d+-arrow\)$/);
      expect(d.texts).toBe(1 + 7 + arrows); // group label, one per state, one per arrow label
      expect(d.title).toBe("Structure of the CAR T vs lifelong-therapy model");
      expect(d.described).toBeGreaterThan(200);
      expect(d.states).toEqual(["Waiting", "Infusion", "Remission", "Controlled", "Active", "Damage", "Dead"]);
      expect(d.viewBox).toBe(layout === "wide" ? "0 0 780 430" : "0 0 360 590");
      expect(describeProblems(problems)).toEqual([]);
      await page.close();
    });
  }

  it("tables have a heading row, row headers, numeric cells marked and no empty class attributes", async () => {
    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/methods.html`);
    await page.locator("table.data-table").first().waitFor();
    const t = await page.evaluate(() =>
      [...document.querySelectorAll("table.data-table")].map((table) => ({
        cols: table.querySelectorAll("thead th[scope=col]").length,
        rowHeads: table.querySelectorAll("tbody th[scope=row]").length,
        rows: table.querySelectorAll("tbody tr").length,
        numCells: table.querySelectorAll("td.num").length,
        badClass: table.querySelectorAll('[class="null"], [class=""], [class="false"]').length,
      })),
    );
    expect(t.length).toBeGreaterThanOrEqual(5);
    for (const x of t) {
      expect(x.cols).toBeGreaterThan(0);
      expect(x.rowHeads).toBe(x.rows);
      expect(x.badClass).toBe(0);
    }
    expect(t.some((x) => x.numCells > 0)).toBe(true);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("dataTable right-aligns an ICER column (icerFormat) that reads 'dominated' in every row, with no align option", async () => {
    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/methods.html`);
    await page.locator("table.data-table").first().waitFor();
    // The module the page loaded; a string, so vitest does not rewrite this import() as its own.
    await page.evaluate(
      `import(document.querySelector('link[rel=modulepreload][href*="/components/table."]').href).then((m) => { window.tableModule = m; })`,
    );
    const t = await page.evaluate(() => {
      type Format = (x: unknown, i: number) => string;
      const m = (window as unknown as { tableModule: Record<string, Function> }).tableModule;
      // Both dearer than SoC and no better (icer.ts: ΔC ≥ 0, ΔQ ≤ 0): "dominated"; the icer column is null in both.
      const rows = [
        { label: "A", incremental_cost: 1000, incremental_qalys: -0.1, icer: null },
        { label: "B", incremental_cost: 5, incremental_qalys: 0, icer: null },
      ];
      const read = (format: Format) => {
        const box = m.dataTable(rows, { columns: ["label", "icer"], format: { icer: format } }) as HTMLElement;
        document.body.append(box);
        const cells = [box.querySelector("thead th:nth-child(2)")!, ...box.querySelectorAll("tbody td")];
        const out = cells.map((c) => [c.textContent!.trim(), c.className, getComputedStyle(c).textAlign]);
        box.remove();
        return out;
      };
      // The same words from a plain format: nothing says the column holds numbers.
      return { icer: read(m.icerFormat(rows) as Format), words: read(() => "dominated") };
    });
    expect(t.icer).toEqual([
      ["icer", "num", "right"],
      ["dominated", "num", "right"],
      ["dominated", "num", "right"],
    ]);
    expect(t.words.map(([text, cls]) => [text, cls])).toEqual([
      ["icer", ""],
      ["dominated", ""],
      ["dominated", ""],
    ]);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("download buttons are labelled buttons that save a file when clicked", async () => {
    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/methods.html`);
    const button = page.locator("span.downloads button").first();
    await button.waitFor();
    expect(await button.getAttribute("type")).toBe("button");
    expect(await button.getAttribute("aria-label")).toMatch(/\.csv$/);
    expect(basename(await download(page, button))).toMatch(/\.csv$/);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("a chart sized to a slot narrower than its margins is drawn 240 px wide: no negative SVG sizes, no console errors", async () => {
    // Seen during a full-page capture in Chromium, which briefly lays the page out 1 px wide: the
    // Explorer's outcomes chart was redrawn about 117 px wide, narrower than its margins (80 + 70 px),
    // and Plot wrote a negative width for each of its 10 bars (Chromium logged one error per bar).
    // Here the chart's card is made 120 px wide instead.
    const { page, problems } = await report.open();
    page.setDefaultTimeout(120_000);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${report.origin}/explorer.html`);
    const title = "Discounted QALYs and life years per patient";
    const card = page.locator(".card", { has: page.locator("figure > h2", { hasText: title }) });
    const svg = card.locator("figure > svg");
    await svg.waitFor();
    expect(Number(await svg.getAttribute("width"))).toBeGreaterThan(240);
    await card.evaluate((el) => ((el as HTMLElement).style.width = "120px"));
    await page.waitForFunction((t) => {
      const fig = [...document.querySelectorAll("figure")].find(
        (f) => f.querySelector(":scope > h2")?.textContent === t,
      );
      return Number(fig?.querySelector(":scope > svg")?.getAttribute("width")) <= 240;
    }, title);
    const d = await card.evaluate((el) => ({
      width: el.querySelector("figure > svg")?.getAttribute("width"),
      negative: [...el.querySelectorAll("svg rect")].filter(
        (r) => Number(r.getAttribute("width")) < 0 || Number(r.getAttribute("height")) < 0,
      ).length,
      bars: el.querySelectorAll("figure > svg rect").length,
    }));
    expect(d.width).toBe("240"); // MIN_CHART_WIDTH in src/components/sized.js
    expect(d.bars).toBeGreaterThanOrEqual(10); // 5 strategies x (life years, QALYs)
    expect(d.negative).toBe(0);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  }, 180_000);
});
