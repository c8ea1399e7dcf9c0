// The report's defects of issue [10] (issue 14), each with the browser check that would have caught
// it: the Overview's threshold chart draws its three mark kinds; the Overview says its answer in words
// generated from the results; exported charts stand alone; nothing overflows a 390 px screen; edits
// survive a disease switch; numbers are rounded for display and exact in downloads. Runs against the
// built dist/ (npm run build first).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { csvParse } from "d3-dsv";
import { describeProblems, distDir, servedReport } from "../../tools/browser.js";
import { download, settle } from "../helpers/report-page.js";
import { defaultValues, runScenario, DISEASE_SHORT_LABELS, PRESETS } from "../../src/cart/index.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();
const diseaseName = (id: string) => evidence.diseases.find((d) => d.disease === id)!.label;

interface OverviewRow {
  disease: string;
  preset: string;
  strategy: string;
  incremental_cost: number;
  incremental_qalys: number;
  cost_neutral_price: number;
  cost_effective_price: number;
  current_price: number;
  wtp: number;
  remission_5y: number | null;
}
/** The headline results the Overview shows, as the build wrote them (src/data/overview.json.ts). */
function overviewRows(): OverviewRow[] {
  const dir = join(distDir, "_file/data");
  const file = readdirSync(dir).find((f) => /^overview\.[0-9a-f]+\.json$/.test(f));
  if (!file) throw new Error(`no overview.*.json in ${dir}: run npm run build`);
  return JSON.parse(readFileSync(join(dir, file), "utf8")).rows;
}

/** "838,838" as the report's fmt(x, 0) writes it (en-US grouping). */
const thousands = (x: number) => new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 }).format(x);

describe("issue [10] defects in the built report", () => {
  const report = servedReport();

  for (const preset of ["us", "uk"]) {
    it(`Overview (${preset}): the threshold chart draws a cost-neutral dot, a cost-effective open dot and a default-price cross for every disease × platform, and its legend tells the three apart`, async () => {
      const rows = overviewRows().filter((r) => r.preset === preset);
      expect(rows.length).toBe(18); // 6 diseases × 3 platforms
      const { page, problems } = await report.open();
      await page.goto(`${report.origin}/index.html`, { waitUntil: "networkidle" });
      await settle(page);
      if (preset === "uk") await page.getByLabel("United Kingdom (NICE)").check();
      await page.waitForFunction(
        (cur) => document.querySelector("#threshold-chart h2")?.textContent?.includes(cur),
        PRESETS[preset].currency,
      );
      const counts = await page.$eval("#threshold-chart", (el) => ({
        neutral: el.querySelectorAll(".mark-neutral circle").length,
        effective: el.querySelectorAll(".mark-effective circle").length,
        defaults: el.querySelectorAll(".mark-default path").length,
        effectiveFills: [
          ...new Set([...el.querySelectorAll(".mark-effective circle")].map((c) => getComputedStyle(c).fill)),
        ],
        neutralFills: [
          ...new Set([...el.querySelectorAll(".mark-neutral circle")].map((c) => getComputedStyle(c).fill)),
        ],
        legend: [...el.querySelectorAll(".legend-swatch")].map((s) => ({
          text: s.textContent?.trim(),
          fill: s.querySelector("circle")?.getAttribute("fill") ?? null,
          cross: !!s.querySelector("path"),
        })),
      }));
      expect(counts.neutral, "filled cost-neutral dots").toBe(rows.length);
      expect(counts.effective, "open cost-effective dots").toBe(rows.length);
      expect(counts.defaults, "default-price crosses").toBe(rows.length);
      expect(counts.effectiveFills, "the cost-effective dots are open (white inside)").toEqual(["rgb(255, 255, 255)"]);
      expect(counts.neutralFills, "the cost-neutral dots are filled").not.toContain("rgb(255, 255, 255)");
      expect(counts.neutralFills).not.toContain("none");
      expect(counts.legend.map((l) => l.text)).toEqual([
        "cost-neutral price (costs the same as SoC)",
        `cost-effective price at ${thousands(PRESETS[preset].wtp[0])} per QALY`,
        "default price",
      ]);
      expect(counts.legend[0].fill).not.toBe(counts.legend[1].fill); // filled vs open
      expect(counts.legend[2].cross).toBe(true);
      expect(describeProblems(problems)).toEqual([]);
      await page.close();
    });
  }

  it("Overview: one sentence block per disease generated from the results (threshold price, verdict, durability), cost-saving and cost-effective rows marked, negative prices explained", async () => {
    const all = overviewRows();
    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/index.html`, { waitUntil: "networkidle" });
    await settle(page);
    for (const preset of ["us", "uk"]) {
      if (preset === "uk") await page.getByLabel("United Kingdom (NICE)").check();
      const P = PRESETS[preset];
      await page.waitForFunction(
        (cur) => document.querySelector("#answer")?.textContent?.includes(cur),
        `${P.currency} ${P.priceYear}`,
      );
      const rows = all.filter((r) => r.preset === preset);
      const answers = await page.$$eval("#answer p", (ps) =>
        ps.map((p) => ({ disease: (p as HTMLElement).dataset.disease!, text: p.textContent! })),
      );
      expect(answers.map((a) => a.disease)).toEqual([...new Set(rows.map((r) => r.disease))]);
      for (const a of answers) {
        expect(
          a.text.startsWith(`In ${DISEASE_SHORT_LABELS[a.disease]} (${P.label} preset, ${P.currency} ${P.priceYear})`),
          a.text,
        ).toBe(true);
        expect(a.text).not.toMatch(/dominant/i); // never without the durability it assumes
        for (const r of rows.filter((x) => x.disease === a.disease)) {
          // the default price and the durability of every platform; the threshold price where one exists
          expect(a.text).toContain(`default ${thousands(r.current_price)}:`);
          expect(a.text).toContain(`${Math.round(r.remission_5y! * 100)}% (`);
          if (r.incremental_qalys > 0 && r.cost_effective_price > 0)
            expect(a.text).toContain(`${thousands(r.cost_effective_price)} ${P.currency}`);
        }
        const negative = rows.filter((x) => x.disease === a.disease && !(x.cost_neutral_price > 0));
        expect(
          a.text.includes("No positive price makes"),
          `${a.disease}: "no positive price" explained exactly when a cost-neutral price is negative`,
        ).toBe(negative.length > 0);
      }
      // Rows marked in the table: cost-saving = cheaper and more QALYs; cost-effective = NMB >= 0 otherwise.
      const saving = rows.filter((r) => r.incremental_cost <= 0 && r.incremental_qalys > 0).length;
      const effective = rows.filter(
        (r) =>
          !(r.incremental_cost <= 0 && r.incremental_qalys > 0) &&
          r.wtp * r.incremental_qalys - r.incremental_cost >= 0,
      ).length;
      expect(await page.locator("tr.cost-saving").count()).toBe(saving);
      expect(await page.locator("tr.cost-effective").count()).toBe(effective);
      const negativeCells = rows.reduce(
        (n, r) => n + (r.cost_neutral_price < 0 ? 1 : 0) + (r.cost_effective_price < 0 ? 1 : 0),
        0,
      );
      expect(await page.locator("td", { hasText: "(no positive price)" }).count()).toBe(negativeCells);
    }
    if (preset0Saving(all) === 0)
      throw new Error("fixture changed: no cost-saving row under the US preset, the marking is untested");
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("exported charts stand alone: the SVG has its title, legend, axis units with currency and year, and the scenario line; no strategy id is shown; the PNG is the same picture", async () => {
    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/explorer.html#disease=sle&preset=uk`, { waitUntil: "networkidle" });
    await page.waitForSelector("#explorer-status", { state: "attached" });
    const charts = [
      {
        file: "cost-components-sle-uk",
        title: "Discounted cost per patient by component",
        legend: ["One-time treatment: price", "Lifelong therapy: drugs"],
      },
      {
        file: "cumulative-cost-sle-uk",
        title: "Cumulative discounted cost per patient",
        legend: [
          "Lifelong standard of care",
          "Bespoke autologous CAR T",
          "Off-the-shelf allogeneic CAR T",
          "In-vivo CAR T",
          "Autologous haematopoietic stem cell transplantation",
        ],
      },
      {
        file: "outcomes-sle-uk",
        title: "Discounted QALYs and life years per patient",
        legend: ["Lifelong standard of care", "In-vivo CAR T"],
      },
    ];
    for (const c of charts) {
      const svgText = readFileSync(await download(page, `Download ${c.file} as SVG`), "utf8");
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, "image/svg+xml");
        const root = doc.documentElement;
        return {
          error: doc.querySelector("parsererror")?.textContent ?? null,
          width: Number(root.getAttribute("width")),
          height: Number(root.getAttribute("height")),
          texts: [...doc.querySelectorAll("text")].map((t) => t.textContent ?? ""),
          title: [...doc.querySelectorAll("text.chart-title")].map((t) => t.textContent).join(" "),
          scenario: [...doc.querySelectorAll("text.scenario-line")].map((t) => t.textContent).join(" "),
        };
      }, svgText);
      expect(parsed.error).toBeNull();
      const all = parsed.texts.join(" | ");
      expect(parsed.title, "title (wrapped to the chart's width)").toBe(c.title);
      for (const l of c.legend) expect(parsed.texts, `legend entry ${l}`).toContain(l);
      if (c.file !== "outcomes-sle-uk") expect(all).toContain("GBP 2024"); // money axis: currency and price year
      expect(parsed.scenario).toContain(
        "Scenario: Refractory systemic lupus erythematosus / lupus nephritis; United Kingdom (NICE) preset, GBP 2024",
      );
      expect(parsed.scenario).toContain("reproduce:");
      for (const id of ["soc", "invivo", "autologous", "allogeneic", "ahsct"])
        expect(
          parsed.texts.map((t) => t.trim()),
          `internal id ${id} shown`,
        ).not.toContain(id);
      expect(all).not.toMatch(/\bparity (soc|invivo|autologous|allogeneic)\b/);
      const png = readFileSync(await download(page, `Download ${c.file} as PNG`));
      // PNG IHDR: width and height (big-endian) at bytes 16 and 20; drawn at twice the SVG's size.
      expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
      expect(png.readUInt32BE(16)).toBe(parsed.width * 2);
      expect(png.readUInt32BE(20)).toBe(parsed.height * 2);
    }
    // The Overview's chart: its own legend of the three kinds goes into the export too.
    await page.goto(`${report.origin}/index.html`, { waitUntil: "networkidle" });
    await settle(page);
    const text = readFileSync(await download(page, "Download threshold-prices-us as SVG"), "utf8");
    for (const s of [
      "Threshold product prices per infusion (USD 2025)",
      "cost-neutral price (costs the same as SoC)",
      "cost-effective price at 100,000 per QALY",
      "default price",
      "Bespoke autologous CAR T",
      "United States (ICER) preset, USD 2025",
    ])
      expect(text).toContain(s);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  const pages = readdirSync(distDir)
    .filter((f) => f.endsWith(".html"))
    .sort();
  for (const path of pages) {
    it(`${path} at 390px: no element reaches past the screen's right edge (except inside a box that scrolls and says so), captions fit`, async () => {
      const { page, problems } = await report.open();
      await page.setViewportSize({ width: 390, height: 900 });
      await page.goto(`${report.origin}/${path}`, { waitUntil: "networkidle" });
      await settle(page);
      // Lay out every table now, as a reader scrolling down would (content-visibility: auto).
      await page.addStyleTag({ content: ".table-wrap { content-visibility: visible !important; }" });
      await page.waitForTimeout(300);
      const r = await page.evaluate(() => {
        const W = window.innerWidth;
        const scrolls = (el: Element) => ["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(el).overflowX);
        const offenders: string[] = [];
        for (const el of document.querySelectorAll("main *, #observablehq-main *")) {
          const rect = el.getBoundingClientRect();
          if (rect.width === 0 || rect.right <= W + 1) continue;
          let a = el.parentElement;
          let contained = false;
          while (a && a !== document.body) {
            if (scrolls(a) && a.getBoundingClientRect().right <= W + 1) {
              contained = true;
              break;
            }
            a = a.parentElement;
          }
          if (!contained)
            offenders.push(
              `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} right=${Math.round(rect.right)} "${(el.textContent ?? "").trim().slice(0, 40)}"`,
            );
        }
        const hidden = (el: Element | null) => !el || getComputedStyle(el).display === "none";
        const wraps = [...document.querySelectorAll(".table-wrap")].filter(
          (w) => w.scrollWidth > w.clientWidth + 1 && !w.closest(".parameter-editor"),
        );
        return {
          scrollWidth: document.documentElement.scrollWidth,
          offenders: [...new Set(offenders)].slice(0, 10),
          silentScrollers: wraps.filter((w) => hidden(w.closest(".table-box")?.querySelector(".scroll-hint") ?? null))
            .length,
          cutCaptions: [...document.querySelectorAll(".table-caption")].filter(
            (c) => c.getBoundingClientRect().right > W + 1,
          ).length,
        };
      });
      expect(r.scrollWidth, "page width").toBeLessThanOrEqual(390);
      expect(r.offenders).toEqual([]);
      expect(r.silentScrollers, "tables that scroll sideways without saying so").toBe(0);
      expect(r.cutCaptions).toBe(0);
      expect(describeProblems(problems)).toEqual([]);
      await page.close();
    });
  }

  it("Parameters at 390px: every value box is on screen without scrolling sideways", async () => {
    const { page } = await report.open();
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(`${report.origin}/parameters.html`, { waitUntil: "networkidle" });
    await page.waitForSelector("tr[data-parameter] input");
    const boxes = await page.$$eval("tr[data-parameter] input[type=text]", (inputs) =>
      inputs.map((i) => {
        const r = i.getBoundingClientRect();
        return { left: r.left, right: r.right };
      }),
    );
    expect(boxes.length).toBeGreaterThan(50);
    for (const b of boxes) {
      expect(b.left).toBeGreaterThanOrEqual(0);
      expect(b.right).toBeLessThanOrEqual(390);
    }
    await page.close();
  });

  for (const width of [1280, 390]) {
    it(`Explorer at ${width}px: the cost-parity labels do not overlap and name strategies by label`, async () => {
      const { page } = await report.open();
      await page.setViewportSize({ width, height: 900 });
      // Myasthenia gravis (US): allogeneic and in-vivo reach parity; SLE (US): all three, at 6.3, 9.9 and 19.2 years.
      for (const link of ["#disease=sle", "#disease=mg"]) {
        await page.goto(`${report.origin}/explorer.html${link}`, { waitUntil: "networkidle" });
        await page.waitForSelector("#cost-chart .parity-label text");
        const boxes = await page.$$eval("#cost-chart .parity-label text", (ts) =>
          ts.map((t) => {
            const r = t.getBoundingClientRect();
            return { text: t.textContent ?? "", x0: r.left, x1: r.right, y0: r.top, y1: r.bottom };
          }),
        );
        expect(boxes.length).toBeGreaterThanOrEqual(2);
        for (let i = 0; i < boxes.length; i++) {
          expect(boxes[i].text).toMatch(
            /^(Bespoke autologous CAR T|Off-the-shelf allogeneic CAR T|In-vivo CAR T|Autologous|Allogeneic|In-vivo|Autologous haematopoietic stem cell transplantation|AHSCT): parity at \d+\.\d y$/,
          );
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i],
              b = boxes[j];
            const overlap = a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
            expect(overlap, `"${a.text}" overlaps "${b.text}"`).toBe(false);
          }
        }
      }
      await page.close();
    });
  }

  it("Parameters: edits are kept per disease: switch disease and back, or reload, and they are still there", async () => {
    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/parameters.html`, { waitUntil: "networkidle" });
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${report.origin}/parameters.html#disease=sle`, { waitUntil: "networkidle" });
    const box = (p: string) => page.locator(`tr[data-parameter='${p}'] input`);
    await box("c_price").fill("333000");
    await box("c_price").press("Enter");
    await page.waitForSelector("tr[data-parameter='c_price'].edited");
    await page.getByLabel("Disease", { exact: true }).selectOption({ label: diseaseName("ms") });
    await page.waitForFunction(() => location.hash.includes("disease=ms"));
    await page.waitForSelector("tr[data-parameter='c_price']:not(.edited)");
    expect(await page.textContent("#kept-elsewhere")).toContain(
      "Refractory systemic lupus erythematosus / lupus nephritis, United States (ICER): 1 value",
    );
    await box("age_start").fill("42");
    await box("age_start").press("Enter");
    await page.waitForSelector("tr[data-parameter='age_start'].edited");
    await page.getByLabel("Disease", { exact: true }).selectOption({ label: diseaseName("sle") });
    await page.waitForSelector("tr[data-parameter='c_price'].edited");
    expect(await box("c_price").inputValue()).toBe("333000");
    expect(page.url()).toContain("p.c_price=333000");
    // a fresh visit without a link: the last scenario (SLE) and the MS edits kept in the browser
    await page.goto(`${report.origin}/parameters.html`, { waitUntil: "networkidle" });
    await page.evaluate(() => (location.hash = ""));
    await page.reload({ waitUntil: "networkidle" });
    await page.getByLabel("Disease", { exact: true }).selectOption({ label: diseaseName("ms") });
    await page.waitForSelector("tr[data-parameter='age_start'].edited");
    expect(await box("age_start").inputValue()).toBe("42");
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("numbers in input boxes and tables are rounded for display; the downloaded parameter CSV keeps them exact; DOIs are links", async () => {
    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/parameters.html#disease=sle&preset=uk`, { waitUntil: "networkidle" });
    await page.waitForSelector("tr[data-parameter] input");
    // UK costs are converted from other currencies and price years: their defaults have long decimals.
    const defaults = defaultValues(evidence, lifeTables, "sle", "uk");
    const long = [...defaults.values()].filter((p) => String(p.value).replace(/^-?\d*\.?/, "").length > 6);
    expect(long.length, "defaults with more than 6 decimals (the case to round)").toBeGreaterThan(0);
    const values = await page.$$eval("input[type=text]", (is) => is.map((i) => (i as HTMLInputElement).value));
    for (const v of values)
      expect(v, "an input box shows at most 6 significant digits after the point").toMatch(/^-?\d+(\.\d{1,6})?$/);
    const cells = await page.$$eval(".data-table td, .data-table th", (cs) => cs.map((c) => c.textContent ?? ""));
    for (const c of cells) expect(c).not.toMatch(/\d\.\d{7,}/);
    const csv = csvParse(readFileSync(await download(page, /Download CSV: cart-parameters-sle-uk\.csv/), "utf8"));
    for (const p of long) {
      const row = csv.find((r) => r.parameter === p.parameter);
      expect(Number(row?.value), `${p.parameter} exact in the download`).toBe(p.value);
    }
    const dois = await page.$$eval("a[href^='https://doi.org/10.']", (as) => as.length);
    const sources = readFileSync("data/cart/sources.csv", "utf8");
    expect(dois).toBeGreaterThan(0);
    expect(dois).toBeLessThanOrEqual((sources.match(/,doi:10\./g) ?? []).length);
    // The durability notebook page's relapse rates (0.075 was 0.07500000000000001).
    await page.goto(`${report.origin}/durability.html`, { waitUntil: "networkidle" });
    await page.waitForSelector(".data-table td");
    const rates = await page.$$eval(".data-table tbody tr th", (ths) => ths.map((t) => t.textContent));
    expect(rates).toContain("0.075");
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("Explorer: cost per evLYG beside cost per QALY (US), results per infused patient on request, and cost by health state that adds up", async () => {
    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/explorer.html#disease=sle&preset=us`, { waitUntil: "networkidle" });
    await page.waitForSelector("#explorer-status", { state: "attached" });
    await expect.poll(() => page.locator("th", { hasText: "Cost per evLYG" }).count()).toBeGreaterThan(0);
    await page.locator("#per-infused summary").click();
    await page.waitForSelector("#per-infused .data-table");
    const scenario = JSON.parse(
      decodeURIComponent((await page.$eval("#explorer-status", (el) => (el as HTMLElement).dataset.scenario))!),
    );
    const infused = runScenario(evidence, lifeTables, scenario, false);
    const v = infused.versusSoc.find((x) => x.strategy === "autologous")!;
    const row = await page.locator("#per-infused tr", { hasText: "Bespoke autologous CAR T" }).innerText();
    expect(row).toContain(thousands(v.incrementalCost));
    expect(
      // The states by their labels (src/cart/model.ts cartStates; review s27), ids in the State id column.
      await page
        .locator("td", {
          hasText: "Moving from Waiting for the product (on standard of care) to Infusion month (not a state)",
        })
        .count(),
    ).toBeGreaterThan(0);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });
});

/** Cost-saving rows under the US preset (the Overview test needs at least one to be meaningful). */
function preset0Saving(rows: OverviewRow[]): number {
  return rows.filter((r) => r.preset === "us" && r.incremental_cost <= 0 && r.incremental_qalys > 0).length;
}
