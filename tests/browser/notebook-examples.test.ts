// docs/notebook.md's examples are runnable pages (src/example-*.md): each is built, opened in
// chromium, renders its chart and table without errors, offers its downloads, and is screenshotted;
// every code block the doc gives for an example appears verbatim in that page, so the doc and the
// pages cannot drift apart. Run after `npm run build`.
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeProblems, servedReport } from "../../tools/browser.js";
import { download, settle } from "../helpers/report-page.js";

const doc = readFileSync("docs/notebook.md", "utf8");
const shots = mkdtempSync(join(tmpdir(), "cartecon-examples-"));

/** The ```js blocks of docs/notebook.md that follow each `<!-- example: PAGE -->` marker, up to the next heading. */
function docBlocks(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const sections = doc.split(/<!-- example: (src\/[\w-]+\.md) -->/);
  for (let i = 1; i < sections.length; i += 2) {
    const body = sections[i + 1].split(/\n#{2,3} /)[0];
    const blocks = [...body.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1].trim());
    out.set(sections[i], [...(out.get(sections[i]) ?? []), ...blocks]);
  }
  return out;
}

const examples = [
  {
    page: "example-thresholds",
    chart: true,
    table: "Per infusion, GBP 2024",
    downloads: ["threshold-prices-uk.csv", "cost-effective-prices-uk"],
  },
  {
    page: "example-presets",
    chart: false,
    table: "Cost-effective price per infusion in SLE",
    downloads: ["presets-sle.csv"],
  },
  {
    page: "example-scenarios",
    chart: true,
    table: "Per patient, GBP 2024",
    downloads: ["scenario-mg-invivo.csv", "scenarios-mg"],
  },
];

describe("notebook examples (docs/notebook.md)", () => {
  const report = servedReport();

  it("every example page the doc names has its code blocks, verbatim", () => {
    const blocks = docBlocks();
    expect([...blocks.keys()].sort()).toEqual([
      "src/example-presets.md",
      "src/example-scenarios.md",
      "src/example-thresholds.md",
    ]);
    for (const [page, code] of blocks) {
      expect(code.length, `${page}: code blocks in the doc`).toBeGreaterThan(0);
      const source = readFileSync(page, "utf8");
      for (const block of code)
        expect(
          source.includes(block),
          `${page} contains the doc's block starting ${JSON.stringify(block.slice(0, 60))}`,
        ).toBe(true);
    }
  });

  for (const ex of examples) {
    it(`${ex.page}.html renders ${ex.chart ? "its chart, " : ""}its table and its downloads without errors, and is screenshotted`, async () => {
      const { page, problems } = await report.open();
      await page.setViewportSize({ width: 1280, height: 900 });
      const response = await page.goto(`${report.origin}/${ex.page}.html`, { waitUntil: "networkidle" });
      expect(response?.status()).toBe(200);
      await settle(page);
      await page.locator(".table-caption", { hasText: ex.table }).waitFor();
      expect(await page.locator(".data-table tbody tr").count()).toBeGreaterThan(2);
      if (ex.chart) {
        const marks = await page.locator('svg[class^="plot"]').last().locator("circle, rect").count();
        expect(marks, "marks drawn").toBeGreaterThan(5);
      }
      for (const d of ex.downloads) {
        const button = d.endsWith(".csv")
          ? page.getByRole("button", { name: `Download CSV: ${d}` })
          : page.getByRole("button", { name: `Download ${d} as SVG` });
        expect(readFileSync(await download(page, button), "utf8").length, `${d} has content`).toBeGreaterThan(200);
      }
      const file = join(shots, `${ex.page}-1280.png`);
      await page.screenshot({ path: file, fullPage: true });
      expect(statSync(file).size, "screenshot written").toBeGreaterThan(20_000);
      expect(describeProblems(problems)).toEqual([]);
      await page.close();
    });
  }
});
