// Defects found using the report pages as a health economist would (review s23), each kept fixed:
// the frontier chart's labels inside the chart and off each other; the frontier downloads carrying
// their assumptions; the Access page restoring a link's settings as they are (no clamping to a
// slider) and refusing hostile typed values with a message; its platform and wait charts readable
// at 390 px; stacked cards as tall as their content. Runs against the built dist/ (`npm run build`).
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import * as aq from "arquero";
import type { Page } from "playwright-core";
import { describeProblems, servedReport, svgTextProblems, textProblems } from "../../tools/browser.js";
import { columnOf, download, visits } from "../helpers/report-page.js";

const chartCard = (page: Page, title: string) =>
  page.locator(".card", { has: page.locator("figure > h2", { hasText: title }) }).first();

describe("report pages used as a health economist would", { timeout: 240_000 }, () => {
  const visit = visits(servedReport());

  for (const width of [1280, 390]) {
    it(`incremental.html at ${width} px: the frontier's labels and axis texts stay inside the chart and off each other`, async () => {
      // SLE, US defaults: 'Lifelong standard of care' is the top dot (its label covered the y-axis label)
      // and 'Bespoke autologous CAR T' the rightmost (its label ran past the right edge).
      const { page, problems } = await visit("incremental.html#disease=sle&preset=us", { width });
      const svg = "#frontier-chart figure > svg";
      await page.locator(svg).waitFor();
      const t = await textProblems(page, svg);
      expect(t.texts).toBeGreaterThan(10); // ticks, axis labels and a label per strategy
      expect(t.problems).toEqual([]);
      // A label may be wrapped: its lines are tspans.
      const labels = await page.$$eval(`${svg} text`, (ts) =>
        ts
          .map((x) => (x.children.length ? [...x.children].map((l) => l.textContent).join(" ") : x.textContent))
          .join(" | "),
      );
      expect(labels).toContain("Lifelong standard of care");
      expect(describeProblems(problems)).toEqual([]);
      await page.close();
    });
  }

  it("incremental.html: the frontier CSV comes with its assumptions and the chart's SVG with its scenario line", async () => {
    const { page, problems } = await visit("incremental.html#disease=sle&preset=us&p.c_price=300000");
    const meta = page.getByRole("button", { name: "Assumptions behind frontier-sle-us.csv" });
    const json = await download(page, meta);
    expect(basename(json)).toBe("frontier-sle-us.meta.json");
    const m = JSON.parse(readFileSync(json, "utf8"));
    expect(m).toMatchObject({ disease: "sle", preset: "us", currency: "USD", overrides: { c_price: 300000 } });
    expect(typeof m.priceYear).toBe("number");
    expect(m.population).toContain("infused");
    const svgText = readFileSync(await download(page, "Download frontier-sle-us as SVG"), "utf8");
    // The scenario line may be wrapped onto several <text> lines: read them as one text.
    const words = svgText.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(words).toContain("Changed from the defaults: CAR T product price (c_price) = 300000");
    expect(svgText).toContain("intention to treat");
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("incremental.html: a comparator's changed input is named in the scenario line by the comparator's label", async () => {
    // p_trm__ahsct: aHSCT's treatment-related death (src/cart/dictionary.ts p_trm), its label from
    // data/cart/comparators.csv (SLE row), not its id "ahsct".
    const { page, problems } = await visit("incremental.html#disease=sle&preset=us&p.p_trm__ahsct=0.3");
    const words = readFileSync(await download(page, "Download frontier-sle-us as SVG"), "utf8")
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " ");
    expect(words).toContain(
      "Changed from the defaults: Treatment-related death within the infusion month (Autologous haematopoietic stem cell transplantation) (p_trm__ahsct) = 0.3",
    );
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  // The notebook examples' CSVs hold prices and costs: their assumptions file says in which currency and
  // price year (the UK preset's GBP 2024 and the US preset's USD 2025, src/cart/presets.ts).
  for (const [pageName, file, currency, priceYear] of [
    ["example-thresholds", "threshold-prices-uk.csv", "GBP", 2024],
    ["example-presets", "presets-sle.csv", "GBP", 2024],
    ["durability", "invivo-durability-sle.csv", "USD", 2025],
  ] as const) {
    it(`${pageName}.html: the assumptions of ${file} name its currency and price year`, async () => {
      const { page, problems } = await visit(`${pageName}.html`);
      const json = await download(page, `Assumptions behind ${file}`);
      expect(JSON.parse(readFileSync(json, "utf8"))).toMatchObject({ currency, priceYear });
      expect(describeProblems(problems)).toEqual([]);
      await page.close();
    });
  }

  it("summary.html: the cumulative cost chart names strategies (legend and parity labels), never by id", async () => {
    // Before: the legend read soc, autologous, allogeneic, invivo and a label "invivo: parity at 7.6 y".
    const { page, problems } = await visit("summary.html#disease=sle&preset=us", { settle: false });
    const section = page.locator('section.summary-disease[data-disease="sle"]');
    await section.locator("figure svg").first().waitFor();
    const legend = await section.locator('figure [class$="-swatch"]').allTextContents();
    expect(legend.map((t) => t.trim())).toEqual([
      "Lifelong standard of care",
      "Bespoke autologous CAR T",
      "Off-the-shelf allogeneic CAR T",
      "In-vivo CAR T",
    ]);
    const texts = (await section.locator("figure svg text").allTextContents()).join(" | ");
    expect(texts).toContain("In-vivo CAR T: parity at");
    expect(texts).not.toMatch(/\b(soc|autologous|allogeneic|invivo):/);
    await page.close();
    expect(describeProblems(problems)).toEqual([]);
  });

  it("explorer.html: a dominated platform's headline says dominated, not a negative ICER", async () => {
    // Type 1 diabetes, US defaults: bespoke CAR T costs more and gains no QALYs; the headline read
    // "incremental QALYs -0.000, ICER -2,493,607,596 USD 2025 per QALY".
    const { page, problems } = await visit("explorer.html#disease=t1d&preset=us");
    await page.waitForSelector("#explorer-status", { state: "attached" });
    const d = await page.$eval("#explorer-status", (el) => ({ ...(el as HTMLElement).dataset }));
    expect(Number(d.cost)).toBeGreaterThan(0);
    expect(Number(d.qalys)).toBeLessThanOrEqual(0);
    const text = await page.locator("#explorer-headline").innerText();
    expect(text).toContain("dominated (no cheaper and no more QALYs than standard of care; no ICER)");
    expect(text).not.toContain("ICER -");
    expect(text).not.toMatch(/-0\.000(?!\d)/);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("access.html restores a link's settings beyond the sliders' spans as they are, and keeps them in the link and the stored scenario", async () => {
    // Before: price 2,000,000 -> 1,500,000 (and saved so to the shared scenario), capacity unlimited ->
    // 60,000, growth 2 -> 1, discount 0.5 -> 0.1, all without a notice.
    const { page, problems } = await visit("access.html?capacity=unlimited,100000,2&discount=0.5#p.c_price=2000000");
    await page.waitForSelector("#access-status", { state: "attached" });
    const box = (label: string) =>
      page
        .locator("form.checked-range", { has: page.locator("label", { hasText: label }) })
        .locator('input[type="text"]');
    expect(await box("Product price").inputValue()).toBe("2000000");
    expect(await box("Manufacturing slots a year").inputValue()).toBe("unlimited");
    expect(await box("Treatment-centre starts a year").inputValue()).toBe("100000");
    expect(await box("Capacity growth a year").inputValue()).toBe("2");
    expect(await box("Discount rate of the budget table").inputValue()).toBe("0.5");
    const q = new URLSearchParams(new URL(page.url()).search);
    expect(q.get("capacity")).toBe("unlimited,100000,2");
    expect(q.get("discount")).toBe("0.5");
    expect(new URL(page.url()).hash).toContain("p.c_price=2000000");
    expect(await page.evaluate(() => localStorage.getItem("cartecon-scenario"))).toContain("p.c_price=2000000");
    expect(await page.locator(".notice-link").count()).toBe(0);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("access.html refuses a blank, negative, huge, text or comma-decimal typed setting with a message, and the value in force stays", async () => {
    const { page, problems } = await visit("access.html?payment=outcomes:0.5,3");
    const form = (label: string) =>
      page.locator("form.checked-range", { has: page.locator("label", { hasText: label }) });
    const cases: Array<[string, string, string, string]> = [
      ["Rebate share of the price", "-5", "rebateShare: out of range (got -5)", "0.5"],
      ["Rebate share of the price", "0,5", "rebateShare: decimal comma", "0.5"],
      ["Annual budget cap on CAR T spend", "1e308", "cap: out of range (got 1e+308)", "0"],
      ["Payer members", "", 'members: blank cell (got "")', "1000000"],
      ["Budget horizon (years)", "ten", 'years: not a number (got "ten")', "10"],
    ];
    for (const [label, typed, message, inForce] of cases) {
      const f = form(label);
      await f.locator('input[type="text"]').fill(typed);
      await f.locator('input[type="text"]').press("Enter");
      await f.locator(".input-error").filter({ hasText: message }).waitFor();
      expect(await f.locator(".input-error").innerText()).toContain(`The value in force stays: ${inForce}.`);
      expect(await f.locator('input[type="text"]').inputValue()).toBe(inForce);
    }
    // The link still holds the settings in force.
    const q = new URLSearchParams(new URL(page.url()).search);
    expect(q.get("payment")).toBe("outcomes:0.5,3");
    expect(q.get("cap")).toBeNull();
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("access.html at 390 px: the platform chart's texts stay inside it, the wait chart of an empty queue has a readable axis, and cards are as tall as their content", async () => {
    // Unlimited capacity: nobody waits, every wait is 0 (the axis read a single tick "0.000000").
    const { page, problems } = await visit("access.html?capacity=unlimited,unlimited#disease=sle&preset=us", {
      width: 390,
    });
    const reach = chartCard(page, "What a budget buys, by platform");
    await reach.locator("figure > svg").waitFor();
    const t = await textProblems(
      page,
      `.card:has(figure > h2:text-is("What a budget buys, by platform")) figure > svg`,
    );
    expect(t.problems).toEqual([]);
    expect(await reach.locator("figure > svg").textContent()).toContain("% reached");
    const wait = chartCard(page, "Wait from referral to a treatment slot");
    await wait.locator("figure > svg").waitFor();
    const ticks = await wait.locator('figure > svg g[aria-label="y-axis tick label"] text').allTextContents();
    expect(new Set(ticks).size).toBeGreaterThanOrEqual(2);
    for (const tick of ticks) expect(tick).toMatch(/^-?\d+(\.\d{1,2})?$/);
    // Stacked at 390 px, a card is its content's height (padding and buttons), not the tallest chart's.
    for (const card of [wait, reach]) {
      const d = await card.evaluate((el) => {
        const fig = el.querySelector("figure")!.getBoundingClientRect();
        const buttons = el.querySelector(".downloads")!.getBoundingClientRect();
        return { card: el.getBoundingClientRect().height, content: buttons.bottom - fig.top };
      });
      expect(d.card - d.content).toBeLessThan(80);
    }
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });
});

// Review s26: defects seen in the screenshots of every page at 1280 and 390 px, each kept fixed.
describe("report pages used as a health economist would (review s26)", { timeout: 240_000 }, () => {
  const visit = visits(servedReport());

  for (const width of [1280, 390]) {
    it(`example-scenarios.html at ${width} px: the NMB chart names each scenario's panel inside the chart, off the other texts`, async () => {
      // Before: Plot's facet labels sat right of the frame and were cut at the SVG's edge ("UK de", "In-vivo").
      const { page, problems } = await visit("example-scenarios.html", { width });
      const svg = "figure > svg";
      await page.locator(svg).first().waitFor();
      const t = await textProblems(page, svg);
      expect(t.problems).toEqual([]);
      const texts = await page.locator(svg).first().locator("text").allTextContents();
      expect(texts).toContain("UK defaults");
      expect(texts).toContain("In-vivo at 40,000");
      expect(describeProblems(problems)).toEqual([]);
      await page.close();
    });

    it(`validation.html at ${width} px: every model's name on the tolerance chart is whole and inside the chart`, async () => {
      // Before: "DARTH state-residence, constant rate" ran past the left edge (read "state-residence, constant
      // rate" at 1280 px; "heemod homogeneous HIV" read "emod homogeneous HIV" at 390 px).
      const { page, problems } = await visit("validation.html", { width });
      const card = page.locator("figure", { has: page.locator("h2", { hasText: "How close each check came" }) });
      const svg = card.locator(":scope > svg");
      await svg.waitFor();
      const t = await svgTextProblems(svg);
      expect(t.problems).toEqual([]);
      // A wrapped name is one text with a tspan per line.
      const names = await svg.evaluate((el) =>
        [...el.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((x) =>
          x.children.length ? [...x.children].map((l) => l.textContent).join(" ") : x.textContent,
        ),
      );
      expect(names).toContain("DARTH state-residence, constant rate");
      expect(names).toContain("heemod homogeneous HIV");
      expect(describeProblems(problems)).toEqual([]);
      await page.close();
    });
  }

  // Every chart's texts at both widths (tick labels, axis labels, legends drawn in the SVG): before, the
  // bottom axis label's box sat on the rightmost tick labels in every chart with Plot's default 30 px
  // bottom margin ("60" on "Years from the treatment decision →"). The Methods page's transition grid
  // (rotated column names, whose boxes overlap though the glyphs do not) is left out.
  for (const [pageName, hash] of [
    ["explorer", "#disease=sle&preset=us"],
    ["access", "#disease=sle&preset=us"],
    ["compare", ""],
    ["index", ""],
    ["methods", ""],
    ["durability", ""],
    ["example-thresholds", ""],
  ] as const)
    for (const width of [1280, 390])
      it(`${pageName}.html at ${width} px: no chart's text overlaps another or leaves its SVG`, async () => {
        const { page, problems } = await visit(`${pageName}.html${hash}`, { width });
        const figures = page.locator("figure", { has: page.locator(":scope > h2") });
        await figures.first().locator(":scope > svg").waitFor();
        const found: string[] = [];
        let charts = 0;
        for (const figure of await figures.all()) {
          const title = (await figure.locator(":scope > h2").innerText()).trim();
          if (title.startsWith("Possible transitions")) continue;
          const svg = figure.locator(":scope > svg");
          if ((await svg.count()) !== 1) continue;
          charts++;
          for (const p of (await svgTextProblems(svg)).problems) found.push(`${title}: ${p}`);
        }
        expect(charts).toBeGreaterThan(0);
        expect(found).toEqual([]);
        expect(describeProblems(problems)).toEqual([]);
        await page.close();
      });

  it("compare.html: every point of the cost-effectiveness plane lies inside the axes, not on the frame's edge", async () => {
    // The example comparison (defaults vs bespoke at 250,000): the bespoke points, the largest QALY gain
    // and the highest and lowest cost, were drawn centred on the frame's right, top and bottom edges,
    // outside the last grid line.
    const { page, problems } = await visit("compare.html");
    const figure = page.locator("figure", { has: page.locator("h2", { hasText: "Incremental cost and QALYs" }) });
    await figure.locator(":scope > svg").waitFor();
    const d = await figure.evaluate((fig) => {
      // The frame's edges: the rule at zero cost spans its width, the rule at zero QALYs its height.
      const lines = [...fig.querySelectorAll('svg g[aria-label="rule"] line')].map((l) =>
        ["x1", "x2", "y1", "y2"].map((a) => Number(l.getAttribute(a))),
      );
      const across = lines.find(([, , y1, y2]) => y1 === y2)!;
      const down = lines.find(([x1, x2]) => x1 === x2)!;
      const [x0, x1] = [Math.min(across[0], across[1]), Math.max(across[0], across[1])];
      const [y0, y1] = [Math.min(down[2], down[3]), Math.max(down[2], down[3])];
      const dots = [...fig.querySelectorAll('svg g[aria-label="dot"] path')].map((p) => {
        const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(p.getAttribute("transform") ?? "");
        return m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
      });
      return { x0, x1, y0, y1, dots };
    });
    expect(d.dots.length).toBe(6); // two scenarios x three CAR T platforms (the legend's three symbols)
    const r = 5; // the dots' radius in compare-charts.js
    for (const [x, y] of d.dots) {
      expect(x - r).toBeGreaterThan(d.x0);
      expect(x + r).toBeLessThan(d.x1);
      expect(y - r).toBeGreaterThan(d.y0);
      expect(y + r).toBeLessThan(d.y1);
    }
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("incremental.html: the 'Compared with' column names the comparator a strategy is measured against, never by id", async () => {
    // SLE, US defaults: SoC is dominated by AHSCT and bespoke CAR T's ICER is against AHSCT; the column read "ahsct".
    const { page, problems } = await visit("incremental.html#disease=sle&preset=us");
    const table = page.locator("table", { has: page.locator("th", { hasText: "Compared with" }) }).first();
    await table.waitFor();
    const column = await columnOf(table, "Compared with");
    const named = column.filter((c) => c !== "");
    expect(named.length).toBeGreaterThanOrEqual(2);
    for (const c of named) expect(c).toBe("Autologous haematopoietic stem cell transplantation");
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("durability.html: rates with no cost parity are drawn above the years' axis, not at 0 years or on a year, and the CSV says its currency", async () => {
    // Before: an open dot at y = 0 read as "pays back at once", the opposite of "no parity within the
    // horizon"; then (review s30) open dots at the top of the frame sat on its last tick, 18 years. The
    // CSV's incremental_cost had no currency or price year.
    const { page, problems } = await visit("durability.html");
    const figure = page.locator("figure", { has: page.locator("h2", { hasText: "Cost-parity year" }) });
    await figure.locator(":scope > svg").waitFor();
    const d = await figure.evaluate((fig) => {
      const y = (v: Element) => Number(/translate\([-\d.]+,([-\d.]+)\)/.exec(v.getAttribute("transform") ?? "")?.[1]);
      return {
        // The y axis' ticks (each a path moved to its value) and the points that reach parity (circles).
        ticks: [...fig.querySelectorAll('svg g[aria-label="y-axis tick"] path')].map(y),
        filled: [...fig.querySelectorAll("svg .parity-reached circle")].map((c) => Number(c.getAttribute("cy"))),
        none: [...fig.querySelectorAll("svg .parity-none path")].map(y),
      };
    });
    // SLE, US defaults: parity within the horizon up to 0.3 a year (13 rates), none from 0.325 to 0.5 (8).
    expect(d.filled.length).toBe(13);
    expect(d.none.length).toBe(8);
    const topTick = Math.min(...d.ticks); // px, y down
    for (const c of d.filled) expect(c).toBeGreaterThanOrEqual(topTick);
    // Above the last year by more than a marker's size (r = 5 px).
    for (const c of d.none) expect(c).toBeLessThan(topTick - 5);
    expect(await figure.locator("svg text", { hasText: "no parity" }).count()).toBe(1);
    expect(await figure.locator(".chart-legend").innerText()).toContain("no cost parity within the horizon");
    const lines = readFileSync(await download(page, "Download CSV: invivo-durability-sle.csv"), "utf8")
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe("relapse_rate,parity_year,incremental_cost,currency,price_year");
    expect(lines.length).toBe(22);
    for (const line of lines.slice(1)) expect(line).toMatch(/,USD,2025$/);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });
});

// Review s27: leftovers seen in the screenshots at 1280 and 390 px, each failing on the page before its fix.
describe("report pages used as a health economist would (review s27)", { timeout: 360_000 }, () => {
  const visit = visits(servedReport());

  it("explorer.html: the cost-by-component legend is true for every bar (no 'CAR T product' for AHSCT) and its table uses the same names", async () => {
    // SLE, US defaults: the AHSCT bar's product cost was labelled "CAR T product" in the legend.
    const { page, problems } = await visit("explorer.html#disease=sle&preset=us");
    const figure = page.locator("figure", { has: page.locator("h2", { hasText: "by component" }) });
    await figure.locator(":scope > svg").waitFor();
    const legend = (await figure.locator('[class$="-swatch"]').allTextContents()).map((t) => t.trim());
    expect(legend).toContain("One-time treatment: price");
    expect(legend.length).toBeLessThanOrEqual(10);
    for (const l of legend) expect(l).not.toMatch(/CAR T/);
    // The bars include AHSCT's (a one-time comparator of SLE, data/cart/comparators.csv).
    expect(await figure.locator(":scope > svg").textContent()).toMatch(/AHSCT|haematopoietic/);
    const table = page.locator("table", { has: page.locator("th", { hasText: /^Component$/ }) }).first();
    await table.scrollIntoViewIfNeeded();
    const components = await columnOf(table, "Component");
    expect([...new Set(components)].sort()).toEqual([...legend].sort());
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("explorer.html: a cost paid on a transition names both states by their labels; the ids sit in the State id column", async () => {
    // Before: "On the transition Waiting → Infusion (not a state)".
    const { page, problems } = await visit("explorer.html#disease=sle&preset=us");
    const table = page.locator("table", { has: page.locator("th", { hasText: "Health state" }) }).first();
    await table.scrollIntoViewIfNeeded();
    const [strategies, labels, ids] = [
      await columnOf(table, "Strategy"),
      await columnOf(table, "Health state"),
      await columnOf(table, "State id"),
    ];
    const rows = labels.map((label, k) => ({ strategy: strategies[k], label, id: ids[k] }));
    // The state labels of src/cart/model.ts (cartStates).
    expect(rows).toContainEqual({
      strategy: "Bespoke autologous CAR T",
      label: "Moving from Waiting for the product (on standard of care) to Infusion month (not a state)",
      id: "Waiting → Infusion",
    });
    for (const r of rows) expect(r.label).not.toContain("→");
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("explorer.html (MS): no bracket inside a bracket, e.g. '(Alemtuzumab (immune reconstitution))'", async () => {
    const { page, problems } = await visit("explorer.html#disease=ms&preset=us");
    await page
      .locator("table", { has: page.locator("th", { hasText: "Health state" }) })
      .first()
      .waitFor();
    const texts = await page.evaluate(() =>
      [...document.querySelectorAll("main td, main th, main p, main li, main caption")]
        .filter((e) => !e.querySelector("td, th, p, li"))
        .map((e) => e.textContent ?? ""),
    );
    // Alemtuzumab and cladribine are one-time comparators of MS whose labels hold brackets (comparators.csv).
    expect(texts.filter((t) => /\([^()]*\(/.test(t))).toEqual([]);
    expect(texts.some((t) => t.includes("after treatment (Alemtuzumab – immune reconstitution)"))).toBe(true);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("summary.html: the headline table lists every strategy of the uncertainty table (AHSCT in both)", async () => {
    const { page, problems } = await visit("summary.html#disease=sle&preset=us", { settle: false });
    await page.waitForSelector("#summary-psa[data-state=done]", { state: "attached", timeout: 300_000 });
    const section = page.locator('section.summary-disease[data-disease="sle"]');
    const names = (table: ReturnType<Page["locator"]>) =>
      table.locator("tbody th").evaluateAll((ths) => ths.map((th) => th.textContent?.trim()));
    // The section's first table is the headline table (src/summary.md).
    const headline = await names(section.locator("table.summary-table").first());
    const psa = await names(section.locator("table.summary-psa-table"));
    expect(psa).toContain("Autologous haematopoietic stem cell transplantation");
    expect(headline).toEqual(psa);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  for (const width of [1280, 390]) {
    it(`index.html at ${width} px: the preset radios keep clear of the heading below them`, async () => {
      const { page, problems } = await visit("index.html", { width });
      const gap = await page.evaluate(() => {
        const radios = [...document.querySelectorAll('input[type="radio"]')];
        const h2 = [...document.querySelectorAll("h2")].find((h) => h.textContent?.includes("The answer"))!;
        const form = radios[0].closest("form")!;
        const bottom = Math.max(
          form.getBoundingClientRect().bottom,
          ...radios.map((r) => r.getBoundingClientRect().bottom),
        );
        return h2.getBoundingClientRect().top - bottom;
      });
      // Before: 0 px (the heading's box began where the radios' form ended).
      expect(gap).toBeGreaterThanOrEqual(12);
      expect(describeProblems(problems)).toEqual([]);
      await page.close();
    });

    it(`methods.html at ${width} px: the transition grid's column names overlap neither each other nor the SVG's edge, in every disease`, async () => {
      const { page, problems } = await visit("methods.html", { width });
      const select = page.getByRole("combobox", { name: "Disease" });
      const options = await select.locator("option").allTextContents();
      expect(options.length).toBeGreaterThanOrEqual(6);
      const found: string[] = [];
      for (const option of options) {
        await select.selectOption({ label: option });
        const svg = page.locator(
          `svg[aria-label="Possible transitions between the health states of the ${option} model"]`,
        );
        await svg.waitFor();
        const t = await svgTextProblems(svg);
        expect(t.texts).toBeGreaterThan(10);
        for (const p of t.problems) found.push(`${option}: ${p}`);
      }
      // Before: at -35° the names' boxes overlapped ("Remission" on "Waiting_2").
      expect(found).toEqual([]);
      expect(describeProblems(problems)).toEqual([]);
      await page.close();
    });
  }

  it("parameters.html at 1280 px: the Source column is either whole in view or the table says it scrolls sideways", async () => {
    // Before: the table was cut at the card's edge ("ASSUMPTI") with no hint that it scrolls.
    const { page, problems } = await visit("parameters.html", { width: 1280 });
    const editor = page.locator(".parameter-editor");
    await editor.locator("tbody tr").first().waitFor();
    const d = await editor.evaluate((el) => {
      const wrap = el.querySelector("table")!.closest(".table-wrap")!;
      const view = wrap.getBoundingClientRect();
      const source = [...el.querySelectorAll("thead th")].find((th) => th.textContent?.trim() === "Source")!;
      const hint = el.querySelector(".scroll-hint");
      return {
        sourceInView: source.getBoundingClientRect().right <= view.right + 1,
        hintShown: hint !== null && getComputedStyle(hint).display !== "none",
        hintText: hint?.textContent ?? "",
      };
    });
    expect(d.sourceInView || d.hintShown).toBe(true);
    if (!d.sourceInView) expect(d.hintText).toContain("scroll sideways");
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });
});

describe("report pages used as a health economist would (review s28)", { timeout: 360_000 }, () => {
  const visit = visits(servedReport());

  it("parameters.html at 1280 px: the whole table fits its card in every disease and preset (no sideways scroll), with all ten columns", async () => {
    // Before: SLE's table was 996 px in a 875 px box; the Source column and the Reset buttons were
    // cut off at the card's edge and the page said "Table wider than the screen: scroll sideways".
    const { page, problems } = await visit("parameters.html", { width: 1280 });
    const select = page.getByRole("combobox", { name: "Disease" });
    const diseases = await select.locator("option").allTextContents();
    expect(diseases.length).toBeGreaterThanOrEqual(6);
    const found: string[] = [];
    for (const preset of ["United States (ICER)", "United Kingdom (NICE)"]) {
      await page.getByRole("radio", { name: preset }).check();
      for (const disease of diseases) {
        await select.selectOption({ label: disease });
        const editor = page.locator(".parameter-editor");
        await editor.locator("tbody tr").first().waitFor();
        await page.waitForTimeout(1000); // the new table, and the box's ResizeObserver setting or clearing its "scrolls" class
        const d = await editor.evaluate((el) => {
          const table = el.querySelector("table")!;
          const wrap = table.closest(".table-wrap")!;
          const hint = el.querySelector(".scroll-hint")!;
          return {
            heads: [...table.querySelectorAll("thead th")].map((th) => th.textContent?.trim()),
            table: table.getBoundingClientRect().width,
            box: wrap.clientWidth,
            hint: getComputedStyle(hint).display !== "none",
            resetInView:
              el.querySelector("tbody tr td:last-child button")!.getBoundingClientRect().right <=
              wrap.getBoundingClientRect().right + 1,
          };
        });
        expect(d.heads).toEqual([
          "Parameter",
          "Applies to",
          "Value",
          "Default",
          "Low – high",
          "Distribution",
          "Unit",
          "Status",
          "Source",
          "",
        ]);
        if (d.table > d.box + 1 || d.hint || !d.resetInView)
          found.push(
            `${disease}, ${preset}: table ${Math.round(d.table)} px in a ${d.box} px box, hint shown: ${d.hint}`,
          );
      }
    }
    expect(found).toEqual([]);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("uncertainty.html: the tornado's legend says the bars are the parameter at its low and at its high value", async () => {
    // Before: the legend read "low" and "high", which a reader took for low and high INMB.
    const { page, problems } = await visit("uncertainty.html#disease=sle&preset=us", {
      timeout: 240_000,
      settle: false,
    });
    await page.getByRole("button", { name: /Compute tornado/ }).click();
    const figure = page.locator(".tornado-results figure");
    await figure.locator(":scope > svg").waitFor();
    const legend = (await figure.locator('[class$="-swatch"]').allTextContents()).map((t) => t.trim());
    expect(legend).toEqual(["Parameter at its low value", "Parameter at its high value"]);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });
  it("uncertainty.html: under MG's tornado, a line names the utilities the cap at the population norms holds", async () => {
    // MG (UK): u_remission's range 0.89-0.97 (data/cart/parameters-mg.csv) lies above the EQ-5D-3L norms at 50
    // (women 0.859, men 0.879), so its bar is 0: the page says it is the cap, not an input that does not matter.
    const { page, problems } = await visit("uncertainty.html#disease=mg&preset=uk", {
      timeout: 240_000,
      settle: false,
    });
    await page.getByRole("button", { name: /Compute tornado/ }).click();
    await page.locator(".tornado-results figure > svg").waitFor({ timeout: 240_000 });
    const note = (await page.locator(".tornado-held").textContent()) ?? "";
    expect(note).toContain("u_remission (its whole range, low 0.8900 and high 0.9700)");
    expect(note).toContain("f_utility_cap");
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });
  it("explorer.html: the 'by health state' CSV has the rows the page shows, the product price's transition row included", async () => {
    // Before: the table showed 69 rows for SLE (US) and its CSV 55 (the state rows only): the rows
    // for costs paid on a transition (the product, on Waiting → Infusion) and at the start were lost.
    const { page, problems } = await visit("explorer.html#disease=sle&preset=us");
    const table = page.locator("table", { has: page.locator("th", { hasText: "Health state" }) }).first();
    await table.scrollIntoViewIfNeeded();
    const states = await columnOf(table, "State id");
    const shown = (await columnOf(table, "Health state")).map((label, k) => ({ label, state: states[k] }));
    const csv = aq.fromCSV(readFileSync(await download(page, /: cart-states-sle-us\.csv$/), "utf8"), {
      autoType: false,
    });
    expect(csv.numRows()).toBe(shown.length);
    const rows = csv.objects() as Array<Record<string, string>>;
    expect(rows.map((r) => ({ label: r.label, state: r.state ?? "" }))).toEqual(shown);
    const move = rows.find((r) => r.strategy === "autologous" && r.state === "Waiting → Infusion")!;
    expect(move.kind).toBe("transition");
    expect(Number(move.cost_discounted)).toBeGreaterThan(100_000);
    expect(move.qalys_discounted ?? "").toBe(""); // not a state: blank, never 0
    expect([move.currency, move.price_year]).toEqual(["USD", "2025"]);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });
  it("example-scenarios.html: the table's headers give units and the NMB's willingness to pay, and its CSV holds the rows shown", async () => {
    // Before: the headers were the column ids (incremental_cost, nmb: at which threshold?) and the only
    // CSV was the second scenario's full results, not the table's two scenarios.
    const { page, problems } = await visit("example-scenarios.html");
    const table = page.locator("table.data-table").first();
    await table.locator("tbody tr").first().waitFor();
    const heads = (await table.locator("thead th").allTextContents()).map((t) => t.trim());
    // The UK preset: GBP, price year 2024, first threshold 25,000 per QALY (src/cart/presets.ts).
    expect(heads).toEqual([
      "Scenario",
      "Platform",
      "Incr. cost (GBP 2024)",
      "Incr. QALYs",
      "Incr. NMB at 25,000 per QALY (GBP 2024)",
    ]);
    const shown = await table
      .locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent?.trim() ?? "")));
    const csv = aq.fromCSV(readFileSync(await download(page, "Download CSV: scenarios-mg.csv"), "utf8"), {
      autoType: false,
    });
    expect(csv.columnNames()).toEqual([
      "scenario",
      "platform",
      "incremental_cost",
      "incremental_qalys",
      "nmb",
      "wtp",
      "currency",
      "price_year",
    ]);
    const rows = csv.objects() as Array<Record<string, string>>;
    expect(rows.length).toBe(shown.length);
    expect(rows.map((r) => r.scenario)).toEqual(shown.map((r) => r[0]));
    // The shown NMB is the file's, rounded to a whole pound ("-12,345" for -12345.4).
    expect(rows.map((r) => Math.round(Number(r.nmb)).toLocaleString("en-US"))).toEqual(
      shown.map((r) => r[4].replace("−", "-")),
    );
    expect(new Set(rows.map((r) => `${r.wtp} ${r.currency} ${r.price_year}`))).toEqual(new Set(["25000 GBP 2024"]));
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });
  it("incremental.html: the frontier's legend lists only the statuses of the strategies on the chart", async () => {
    // SLE, US defaults: no two strategies are identical, yet the legend showed an "identical" swatch.
    const { page, problems } = await visit("incremental.html#disease=sle&preset=us");
    const figure = page.locator("#frontier-chart figure");
    await figure.locator(":scope > svg").waitFor();
    const legend = (await figure.locator('[class$="-swatch"]').allTextContents()).map((t) => t.trim());
    // The statuses the page's own table gives (its "Status (QALYs)" column), in the legend's order.
    const table = page.locator("table", { has: page.locator("th", { hasText: "Status (QALYs)" }) }).first();
    const statuses = await columnOf(table, "Status (QALYs)");
    expect(legend).not.toContain("identical");
    expect(legend.length).toBeGreaterThanOrEqual(3);
    // The legend's words are the table's (it said "reference" where the table says "reference (cheapest)").
    expect(legend).toContain("reference (cheapest)");
    for (const l of legend) expect(statuses, `${l} in the table's statuses`).toContain(l);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });
});
