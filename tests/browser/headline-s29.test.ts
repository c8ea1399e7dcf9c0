// Review s29 (an HTA modeller's first read): the Overview's and the Summary's headlines called CAR T
// cost-effective against standard of care (SoC) alone, although in SLE (US preset) AHSCT is cheaper
// than SoC with more QALYs (dominates it) and bespoke CAR T's ICER against AHSCT, on the Incremental
// analysis page, is above the threshold; the Summary's pairwise "P(cost-effective)" read as the
// all-options CEAC; its cumulative-cost chart was drawn 680 px wide and shrunk to 3–4 px text on a
// phone; three thresholds had no currency. Runs against the built dist/ (`npm run build`).
import { describe, expect, it } from "vitest";
import type { Locator } from "playwright-core";
import { describeProblems, servedReport, svgTextProblems } from "../../tools/browser.js";
import { visits } from "../helpers/report-page.js";

/** The row of the first data table whose first cell is `label`, as {header: cell text}. */
function rowOf(table: Locator, label: string): Promise<Record<string, string>> {
  return table.evaluate((t, label) => {
    const heads = [...t.querySelectorAll("thead th")].map((th) => th.textContent?.trim() ?? "");
    const tr = [...t.querySelectorAll("tbody tr")].find((r) => r.children[0]?.textContent?.trim() === label);
    if (!tr) throw new Error(`no row "${label}"`);
    return Object.fromEntries(heads.map((h, i) => [h, tr.children[i]?.textContent?.trim() ?? ""]));
  }, label);
}

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

describe("headlines name their comparator and the frontier (review s29)", { timeout: 480_000 }, () => {
  const report = servedReport();
  const visit = visits(report);

  it("SLE, US defaults: the Overview's and the Summary's headlines give bespoke CAR T's ICER against AHSCT from the Incremental analysis page", async () => {
    const inc = await visit("incremental.html#disease=sle&preset=us");
    const table = inc.page.locator("table").first();
    await table.waitFor();
    const bespoke = await rowOf(table, "Bespoke autologous CAR T");
    const soc = await rowOf(table, "Lifelong standard of care");
    // AHSCT dominates SoC, and bespoke CAR T's frontier neighbour is AHSCT, above 100,000 USD per QALY.
    expect(soc["Status (QALYs)"]).toBe("dominated");
    expect(soc["Compared with"]).toBe("Autologous haematopoietic stem cell transplantation");
    expect(bespoke["Compared with"]).toBe("Autologous haematopoietic stem cell transplantation");
    const icer = bespoke["ICER per QALY"];
    expect(Number(icer.replace(/,/g, ""))).toBeGreaterThan(100000);
    expect(describeProblems(inc.problems)).toEqual([]);
    await inc.page.close();

    // "AHSCT": the initials of the comparator's name, as the frontier chart labels it.
    const overview = await visit("index.html");
    const answer = squash(await overview.page.locator('#answer p[data-disease="sle"]').innerText());
    expect(answer).toContain("against lifelong standard of care (SoC) alone:");
    expect(answer).toContain(
      `The incremental analysis of every strategy at once changes this: AHSCT dominates SoC; against AHSCT, autologous CAR T's ICER is ${icer} USD per QALY (above the 100,000 USD threshold)`,
    );
    expect(describeProblems(overview.problems)).toEqual([]);
    await overview.page.close();

    const summary = await visit("summary.html#disease=sle&preset=us");
    const headline = squash(
      await summary.page.locator('section[data-disease="sle"] .summary-headline').first().innerText(),
    );
    expect(headline).toMatch(/^Against lifelong standard of care alone, cost-effective at 100,000 USD per QALY gained/);
    expect(headline).toContain(
      `changes this: AHSCT dominates standard of care; against AHSCT, autologous CAR T's ICER is ${icer} USD per QALY (above the 100,000 USD threshold)`,
    );

    // The PSA table's probabilities are pairwise against SoC; the CEAC on the Uncertainty page compares all at once.
    await summary.page.waitForSelector("#summary-psa[data-state=done]", { state: "attached", timeout: 300_000 });
    const heads = (await summary.page.locator("#summary-psa thead th").allInnerTexts()).map(squash);
    expect(heads).toContain("P(higher net benefit than SoC, pairwise) at 100,000 USD per QALY");
    expect(heads.some((h) => /P\(cost-effective\)/.test(h))).toBe(false);
    const caption = summary.page.locator("#summary-psa caption");
    expect(squash(await caption.innerText())).toContain(
      "the probability that a strategy has the highest net benefit of all strategies at once is the cost-effectiveness acceptability curve on the Uncertainty page",
    );
    expect(await caption.locator('a[href="./uncertainty.html"]').count()).toBe(1);
    expect(describeProblems(summary.problems)).toEqual([]);
    await summary.page.close();
  });

  it("summary.html at 390 px: the cumulative-cost chart fits the page and its texts are at least 9 px tall, inside and apart", async () => {
    const { page, problems } = await visit("summary.html#disease=sle&preset=us", { width: 390 });
    const svg = page
      .locator('section[data-disease="sle"] figure', { hasText: "Cumulative discounted cost" })
      .locator(":scope > svg")
      .first();
    await svg.waitFor();
    const geometry = await svg.evaluate((el) => ({
      width: el.getBoundingClientRect().width,
      heights: [...el.querySelectorAll("text")]
        .filter((t) => (t.textContent ?? "").trim() !== "")
        .map((t) => ({ text: (t.textContent ?? "").trim(), h: t.getBoundingClientRect().height })),
    }));
    // 390 px viewport: the chart must not be wider than the page (it was 680 px, scaled down).
    expect(geometry.width).toBeLessThanOrEqual(390);
    expect(geometry.heights.length).toBeGreaterThan(5);
    expect(geometry.heights.filter((t) => t.h < 9)).toEqual([]);
    expect((await svgTextProblems(svg)).problems).toEqual([]);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  });

  it("thresholds carry their currency: the Overview's comparator table and caption, the UK explorer's headline", async () => {
    const overview = await visit("index.html");
    const heads = (await overview.page.locator("table thead th").allTextContents()).map(squash);
    expect(heads).toContain("Cost-effective at 100,000 USD per QALY gained");
    const captions = (await overview.page.locator("table caption").allTextContents()).map(squash);
    expect(captions.some((c) => c.includes("cost-effective at 100,000 USD per QALY gained"))).toBe(true);
    expect(captions.some((c) => /100,000 per QALY/.test(c))).toBe(false);
    await overview.page.close();

    const explorer = await visit("explorer.html#disease=sle&preset=uk");
    const text = squash(await explorer.page.locator("#explorer-headline").innerText());
    expect(text).toContain("net monetary benefit at 25,000 GBP per QALY gained:");
    expect(text).toContain("cost-effective at 25,000 GBP per QALY gained:");
    expect(text).not.toMatch(/25,000 per QALY/);
    expect(describeProblems(explorer.problems)).toEqual([]);
    await explorer.page.close();
  });
});
