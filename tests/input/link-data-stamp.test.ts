/**
 * Links say which data they were made from (session 37): before, a link made before a data update
 * reproduced other numbers under the same settings without a word. Every page's link carries
 * `data=<stamp>` (12 hex digits of the SHA-256 of data/cart, data/access and data/lifetables); a page
 * opened from a link with another stamp says so, and still reads the settings.
 */
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { dataStamp, loadEvidence, loadLifeTable } from "../../src/cart/load.js";
import { DEFAULT_SCENARIO, decodeScenario, encodeScenario } from "../../src/cart/scenario.js";
import { decodeComparison, encodeComparison } from "../../src/cart/compare.js";
import { DATA_STAMP, dataChanged } from "../../src/model/io/query.js";
import { scenarioFromHash, scenarioHash } from "../../src/uncertainty/scenario.js";
// @ts-expect-error: a plain JavaScript page component without type declarations
import { loadScenario, STORAGE_KEY } from "../../src/components/state.js";

const diseases = ["sle", "ms"];
const OLD = "0123456789ab";

describe("the data stamp", () => {
  it("is the SHA-256 of every data CSV's path and text, in path order (computed here independently)", () => {
    // Every CSV under the three folders, by a recursive listing sorted on the whole path (dataStamp
    // walks folder by folder; the orders agree while no name sorts between a folder and its files).
    const files = ["data/cart", "data/access", "data/lifetables"].flatMap((dir) =>
      (readdirSync(dir, { recursive: true }) as string[])
        .map((f) => join(dir, f).split("\\").join("/"))
        .filter((f) => statSync(f).isFile() && f.endsWith(".csv"))
        .sort(),
    );
    expect(files.length).toBeGreaterThan(15);
    const h = createHash("sha256");
    for (const f of files) h.update(Buffer.concat([Buffer.from(`${f}\0`), readFileSync(f), Buffer.from("\0")]));
    // The shipped CSVs have \n line ends (checked here), so their bytes are the text dataStamp hashes.
    for (const f of files) expect(readFileSync(f, "utf8").includes("\r"), f).toBe(false);
    expect(dataStamp()).toBe(h.digest("hex").slice(0, 12));
    expect(dataStamp()).toMatch(DATA_STAMP.pattern);
  });

  it("is the same for a \\r\\n checkout and with a README or backup file added; a changed value changes it", () => {
    const root = mkdtempSync(join(tmpdir(), "stamp-"));
    try {
      cpSync("data", join(root, "data"), { recursive: true });
      expect(dataStamp(root)).toBe(dataStamp());
      const sle = join(root, "data/cart/parameters-sle.csv");
      const text = readFileSync(sle, "utf8");
      writeFileSync(sle, text.replace(/\n/g, "\r\n"));
      writeFileSync(join(root, "data/cart/NOTES.md"), "my notes\n");
      writeFileSync(join(root, "data/access/population.csv~"), "backup\n");
      expect(dataStamp(root)).toBe(dataStamp());
      // One digit of one value: the first decimal number in the SLE table gains a trailing 1.
      writeFileSync(sle, text.replace(/(\d\.\d+)/, "$11"));
      expect(dataStamp(root)).not.toBe(dataStamp());
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("dataChanged: a sentence when the stamps differ; nothing when they agree or the link has none", () => {
    expect(dataChanged(OLD, "bbbbbbbbbbbb")).toBe(
      "This link was made from other data (data 0123456789ab; this report: data bbbbbbbbbbbb): the evidence, life or access tables have changed since, so its results may differ from those its author saw. Its settings are read as written.",
    );
    expect(dataChanged(OLD, OLD)).toBeNull();
    expect(dataChanged(undefined, OLD)).toBeNull();
    expect(dataChanged(OLD, undefined)).toBeNull();
  });
});

describe("each page's link carries it", () => {
  const s = { ...DEFAULT_SCENARIO, overrides: { c_price: 250000 } };

  it("scenario fragment: written last, read back without a problem; a malformed one is named", () => {
    const text = encodeScenario(s, OLD);
    expect(text).toBe(`disease=sle&p.c_price=250000&data=${OLD}`);
    expect(decodeScenario(text, diseases)).toEqual({ scenario: s, problems: [], total: 0, data: OLD });
    expect(encodeScenario(s)).toBe("disease=sle&p.c_price=250000");
    expect(decodeScenario("disease=sle&data=xyz", diseases).problems).toEqual([
      'data: not a data stamp (got "xyz"); expected 12 hexadecimal digits',
    ]);
  });

  it("comparison: once for the whole link", () => {
    const text = encodeComparison(
      [
        { name: "A", scenario: s },
        { name: "B", scenario: { ...s, disease: "ms" } },
      ],
      OLD,
    );
    expect(text.endsWith(`&data=${OLD}`)).toBe(true);
    const back = decodeComparison(text, diseases);
    expect(back.problems).toEqual([]);
    expect(back.data).toBe(OLD);
    expect(decodeComparison(`${text}x`, diseases).problems).toEqual([
      `data: not a data stamp (got "${OLD}x"); expected 12 hexadecimal digits`,
    ]);
  });

  it("Uncertainty fragment", () => {
    const p = { disease: "sle", preset: "us", n: 1000, seed: 1, data: OLD };
    expect(scenarioHash(p)).toBe(`#disease=sle&preset=us&n=1000&seed=1&data=${OLD}`);
    const back = scenarioFromHash(
      scenarioHash(p),
      { disease: "ms", preset: "uk", n: 5, seed: 2 },
      {
        diseases,
        presets: ["us", "uk"],
      },
    );
    expect(back).toEqual({ scenario: p, ignored: [] });
    expect(scenarioFromHash("#data=12", p, { diseases, presets: ["us"] }).ignored).toEqual([
      "data=12: not a data stamp; expected 12 hexadecimal digits",
    ]);
  });
});

describe("loadScenario tells the reader, once for a stored scenario", () => {
  afterEach(() => vi.unstubAllGlobals());
  const memory = (items: Map<string, string>) => ({
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
  });
  const inputs = () => ({ evidence: loadEvidence(), lifeTable: loadLifeTable(), stamp: "feedfeedfeed" });

  it("a link from other data: the settings load and otherData says so", () => {
    vi.stubGlobal("localStorage", memory(new Map()));
    vi.stubGlobal("location", { hash: `#disease=ms&wtp=50000&data=${OLD}`, pathname: "/explorer.html", search: "" });
    const r = loadScenario(diseases, inputs());
    expect(r.scenario.disease).toBe("ms");
    expect(r.scenario.wtp).toBe(50000);
    expect(r.problems).toEqual([]);
    expect(r.otherData).toContain(`This link was made from other data (data ${OLD}; this report: data feedfeedfeed)`);
    vi.stubGlobal("location", { hash: "#disease=ms&data=feedfeedfeed", pathname: "/explorer.html", search: "" });
    expect(loadScenario(diseases, inputs()).otherData).toBeNull();
  });

  it("a stored scenario from other data: said once, then stored again with this report's stamp", () => {
    const items = new Map([[STORAGE_KEY, `disease=ms&data=${OLD}`]]);
    vi.stubGlobal("localStorage", memory(items));
    vi.stubGlobal("location", { hash: "", pathname: "/summary.html", search: "" });
    const first = loadScenario(diseases, inputs());
    expect(first.otherData).toContain("The scenario saved in this browser was made from other data");
    expect(items.get(STORAGE_KEY)).toBe("disease=ms&data=feedfeedfeed");
    expect(loadScenario(diseases, inputs()).otherData).toBeNull();
  });
});
