// Exported charts of the Access & budget page stand alone (issue [10], item 1: "an exported PNG/SVG
// contains its legend, title, units and the scenario line"): each SVG downloaded in Chromium carries
// the chart's title, every legend entry the page shows, its axis units (currency and price year for
// money), and the scenario and access settings that made it, with the link that reproduces it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeProblems, servedReport } from "../../tools/browser.js";

// Titles and legends as src/components/access-charts.js defines them; money axes carry "USD 2025"
// (the US preset's currency and price year, src/cart/presets.ts).
const CHARTS = [
  {
    file: "access-treated-sle-us-autologous",
    title: "Treated vs eligible over time",
    texts: [
      "Eligible so far (prevalent + incident)",
      "Treated, cumulative",
      "Treated with unlimited capacity, cumulative",
      "Patients",
    ],
  },
  {
    file: "access-queue-sle-us-autologous",
    title: "Queue: patients waiting, and harm while waiting",
    texts: ["Waiting at year end", "Died while waiting (in the year)", "Patients"],
  },
  {
    file: "budget-impact-sle-us-autologous",
    title: "Budget impact by component per year (undiscounted unless stated)",
    texts: ["Annual amount (USD 2025)", "black line: net budget impact"],
  },
  {
    file: "access-wait-sle-us-autologous",
    title: "Wait from referral to a treatment slot",
    texts: ["Median wait", "90th-percentile wait", "Wait (months)"],
  },
  {
    file: "payments-sle-us-autologous",
    title: "Cash flow for the product by payment model",
    texts: ["Payments for the product (USD 2025)"],
  },
  {
    file: "access-platforms-sle-us",
    title: "What a budget buys, by platform",
    texts: [
      "Patients per 100 million USD 2025",
      "Patients treated per 100 million of CAR T spend",
      "Bespoke autologous CAR T",
      "In-vivo CAR T",
      "% reached",
    ],
  },
];

describe("Access & budget chart exports in chromium", { timeout: 240_000 }, () => {
  const report = servedReport();

  it("every exported SVG has its title, the page's legend entries, units with currency and year, and the scenario and access lines", async () => {
    const { page, problems } = await report.open();
    await page.goto(`${report.origin}/access.html#disease=sle&preset=us`, { waitUntil: "networkidle" });
    await page.waitForSelector("#access-status", { state: "attached" });
    for (const c of CHARTS) {
      // The legend entries the page shows for this chart (Plot's swatches), all of which the file must carry.
      const legend = await page.evaluate((file) => {
        const card = document.querySelector(`button[aria-label="Download ${file} as SVG"]`)?.closest(".card");
        return [...(card?.querySelectorAll('[class$="-swatch"]') ?? [])].map((e) => e.textContent?.trim() ?? "");
      }, c.file);
      const [d] = await Promise.all([
        page.waitForEvent("download", { timeout: 60_000 }),
        page.getByRole("button", { name: `Download ${c.file} as SVG` }).click(),
      ]);
      const text = readFileSync(await d.path(), "utf8");
      const parsed = await page.evaluate((t) => {
        const doc = new DOMParser().parseFromString(t, "image/svg+xml");
        return {
          error: doc.querySelector("parsererror")?.textContent ?? null,
          texts: [...doc.querySelectorAll("text")].map((x) => x.textContent ?? ""),
          title: [...doc.querySelectorAll("text.chart-title")].map((x) => x.textContent).join(" "),
          scenario: [...doc.querySelectorAll("text.scenario-line")].map((x) => x.textContent).join(" "),
        };
      }, text);
      expect(parsed.error, c.file).toBeNull();
      expect(parsed.title, `${c.file}: title`).toBe(c.title);
      // Long lines are wrapped to the chart's width: rejoined with spaces they read as written.
      const all = parsed.texts.join(" ");
      for (const t of c.texts) expect(all, `${c.file}: ${t}`).toContain(t);
      for (const l of legend) expect(parsed.texts, `${c.file}: legend entry ${l}`).toContain(l);
      if (c.file !== "access-platforms-sle-us")
        expect(legend.length, `${c.file}: legend on the page`).toBeGreaterThan(0);
      expect(parsed.scenario).toContain(
        "Scenario: Refractory systemic lupus erythematosus / lupus nephritis; United States (ICER) preset, USD 2025",
      );
      expect(parsed.scenario).toContain("Access: Bespoke autologous CAR T;");
      expect(parsed.scenario).toMatch(/reproduce: http:\/\/127\.0\.0\.1:\d+\/access\.html/);
    }
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });
});
