// The Uncertainty page's VOI upload with files as other tools save them (SAVI, BCEA and voi users'
// exports, Excel): a BOM, CRLF or CR line ends, quoted headers, a trailing empty line, scientific
// notation give the numbers of `cartecon voi --json` on the same files (tolerance 0: both call
// voiReport, and the CSV writer writes each double's shortest round-trip text); the EVPI is also
// recomputed here by its definition. Files the CLI refuses get the CLI's message on the page, word
// for word (same file names: the CLI runs in the files' folder).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
// The page shows amounts to 3 significant digits (at least 2 decimals), as the CLI prints them.
import { decimalsFor } from "../../src/uncertainty/precision.js";
import { describeProblems, servedReport } from "../../tools/browser.js";
import { runCli } from "../helpers/cli.js";
import { download } from "../helpers/report-page.js";
import { openVoi, textOf, voiChooser, type VoiRole } from "../helpers/uncertainty-page.js";

const tmp = mkdtempSync(join(tmpdir(), "cartecon-voi-formats-"));

/** `cartecon voi` run in tmp on files named relative to it, as a user in that folder would. */
const cli = (args: string[]) => runCli(["voi", ...args], { cwd: tmp, timeoutMs: 240_000 });
const put = (name: string, body: string | Buffer) => {
  writeFileSync(join(tmp, name), body);
  return name;
};

// 200 deterministic draws: x and y are Weyl sequences in (−0.5, 0.5) (no random generator).
const N = 200;
const x = Array.from({ length: N }, (_, k) => (((k + 1) * 0.6180339887) % 1) - 0.5);
const y = Array.from({ length: N }, (_, k) => (((k + 1) * 0.7548776662) % 1) - 0.5);
// Net benefit: strategy A 0, strategy B 0.1 + x (x decides; y plays no part).
const nbB = x.map((v) => 0.1 + v);
/** EVPI by its definition: mean over draws of the best net benefit − the best mean net benefit. */
const evpiByHand = () => {
  const meanMax = nbB.reduce((s, v) => s + Math.max(0, v), 0) / N;
  const meanB = nbB.reduce((s, v) => s + v, 0) / N;
  return meanMax - Math.max(0, meanB);
};

/** Chooses the files (the others cleared), sets the WTP and computes. */
async function compute(page: Page, files: Partial<Record<VoiRole, string>>, wtp = "") {
  for (const role of ["inputs", "nb", "costs", "effects"] as const)
    await voiChooser(page, role).setInputFiles(files[role] ? join(tmp, files[role]) : []);
  await page.getByLabel("WTP per unit of effect").fill(wtp);
  await page.getByRole("button", { name: "Compute EVPI and EVPPI" }).click();
}

describe("Uncertainty page: VOI upload of files saved by other tools", () => {
  const report = servedReport();

  it("a BOM, CRLF, quoted headers, a trailing empty line, CR-only lines and scientific notation give `cartecon voi --json`'s EVPI, EVPPI and SE (tolerance 0)", async () => {
    const inputs = put(
      "inputs bom crlf.csv",
      "\uFEFF" + ['"x","y"', ...x.map((v, k) => `${v},${y[k]}`)].join("\r\n") + "\r\n\r\n",
    );
    const nb = put("nb sci cr.csv", ['"A","B"', ...nbB.map((v) => `0.0e0,${v.toExponential(17)}`)].join("\r") + "\r");
    const r = cli(["--inputs", inputs, "--nb", nb, "--json"]);
    expect(r.code, r.err).toBe(0);
    const want = JSON.parse(r.out) as {
      evpi: number;
      evppi: { parameters: string[]; evppi: number; se: number; method: string }[];
    };
    // toExponential(17) keeps every double exactly, so the CLI read the very values used here.
    expect(want.evpi).toBeCloseTo(evpiByHand(), 12);
    const { page, problems } = await openVoi(report);
    await compute(page, { inputs, nb });
    const button = page.getByRole("button", { name: /Download EVPPI \(CSV\)/ });
    await button.waitFor({ timeout: 240_000 });
    expect(await textOf(page, ".voi-summary")).toContain(
      `${N} draws, strategies A, B; EVPI per patient ${want.evpi.toFixed(decimalsFor(want.evpi))}`,
    );
    const rows = readFileSync(await download(page, button, "page-evppi.csv"), "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split(","));
    expect(rows[0]).toEqual(["parameters", "kind", "evppi", "se", "method"]);
    expect(
      rows
        .slice(1)
        .map((c) => ({ parameters: [c[0]], evppi: Number(c[2]), se: Number(c[3]), method: c[4] }))
        .sort((a, b) => a.parameters[0].localeCompare(b.parameters[0])),
    ).toEqual(
      want.evppi
        .map((e) => ({ parameters: e.parameters, evppi: e.evppi, se: e.se, method: e.method }))
        .sort((a, b) => a.parameters[0].localeCompare(b.parameters[0])),
    );
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  }, 400_000);

  it("files the CLI refuses (European Excel, NA, Windows-1252, UTF-16, a workbook, row counts, strategy names) get the CLI's message on the page", async () => {
    const inputs = put("inputs.csv", ["x,y", ...x.map((v, k) => `${v},${y[k]}`)].join("\n") + "\n");
    const nb = put("nb.csv", ["A,B", ...nbB.map((v) => `0,${v}`)].join("\n") + "\n");
    const costs = put("costs.csv", ["SoC,New", ...x.map((v) => `1000,${1100 + 100 * v}`)].join("\n") + "\n");
    const effects = put("effects.csv", ["SoC,New", ...x.map((v) => `1,${1.01 + 0.01 * v}`)].join("\n") + "\n");
    const cases: [string, Partial<Record<VoiRole, string>>, string][] = [
      [
        "semicolons and decimal commas",
        {
          inputs: put(
            "inputs eu.csv",
            ["x;y", ...x.map((v, k) => `${v};${y[k]}`.replace(/\./g, ","))].join("\r\n") + "\r\n",
          ),
          nb,
        },
        "",
      ],
      [
        "R's NA",
        {
          inputs: put("inputs na.csv", ["x,y", ...x.map((v, k) => (k === 41 ? `${v},NA` : `${v},${y[k]}`))].join("\n")),
          nb,
        },
        "",
      ],
      [
        "Windows-1252",
        { nb: put("nb 1252.csv", Buffer.from(["SoC,Th\xe9rapie", "0,1", "0,-1"].join("\r\n"), "latin1")) },
        "",
      ],
      [
        "UTF-16",
        {
          nb: put(
            "nb 16.csv",
            Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("A,B\r\n0,1\r\n0,-1\r\n", "utf16le")]),
          ),
        },
        "",
      ],
      ["a workbook", { nb: put("nb.xlsx", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0])) }, ""],
      [
        "row counts",
        {
          inputs,
          costs,
          effects: put("effects short.csv", readFileSync(join(tmp, effects), "utf8").replace(/\n[^\n]*\n$/, "\n")),
        },
        "20000",
      ],
      [
        "strategy names",
        {
          inputs,
          costs,
          effects: put("effects names.csv", readFileSync(join(tmp, effects), "utf8").replace("SoC,New", "SoC,Novel")),
        },
        "20000",
      ],
    ];
    const { page, problems } = await openVoi(report);
    for (const [what, files, wtp] of cases) {
      const args = Object.entries(files).flatMap(([role, f]) => [`--${role}`, f!]);
      const r = cli(wtp ? [...args, "--wtp", wtp] : args);
      expect(r.code, `${what}: ${r.out}`).toBe(1);
      const message = r.err.replace(/^error: /, "").trim();
      await compute(page, files, wtp);
      await expect.poll(() => textOf(page, ".voi-results .error"), { timeout: 60_000, message: what }).toBe(message);
    }
    // By hand for the Windows-1252 file: é is the one byte E9 on line 1.
    expect(cli(["--nb", "nb 1252.csv"]).err).toContain("line 1 has the byte 0xE9");
    // The same page then reads good files (nothing left over from the refusals).
    await compute(page, { nb });
    await expect
      .poll(() => textOf(page, ".voi-summary"), { timeout: 60_000 })
      .toContain(`EVPI per patient ${evpiByHand().toFixed(decimalsFor(evpiByHand()))};`);
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  }, 600_000);
});
