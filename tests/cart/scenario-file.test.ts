/** Named scenario files (issue [10], item 2): text -> read -> same scenario; every problem named; the CLI runs one. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cartSummaryTable, runScenario, type Scenario } from "../../src/cart/index.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import { DEFAULT_SCENARIO, SCENARIO_KEYS } from "../../src/cart/scenario.js";
import { readScenarioFile, scenarioFileText } from "../../src/cart/scenario-file.js";
import { toCsv } from "../../src/model/io/csv.js";

const evidence = loadEvidence();
const lifeTables = loadPresetLifeTables();
const diseases = evidence.diseases.map((d) => d.disease);
const tmp = mkdtempSync(join(tmpdir(), "cartecon-scenario-"));

const mine: Scenario = {
  disease: "ms",
  preset: "uk",
  platform: "invivo",
  overrides: { r_relapse: 0.05, c_price__invivo: 60000 },
  wtp: 30000,
  discountCosts: 0.015,
  discountOutcomes: null,
  horizonAge: 90,
  durability: "weibull",
  cureFraction: null,
};

/** The ModelError message of reading `doc`, or "" if it reads. */
function why(doc: unknown): string {
  try {
    readScenarioFile(typeof doc === "string" ? doc : JSON.stringify(doc), "s.json", diseases);
    return "";
  } catch (e) {
    return (e as Error).message;
  }
}

describe("readScenarioFile(text, file, diseases)", () => {
  it("reads back what scenarioFileText wrote, and writing again gives the same bytes", () => {
    const text = scenarioFileText({ name: "MS, NICE, in vivo at 60k", scenario: mine });
    const back = readScenarioFile(text, "s.json", diseases);
    expect(back).toEqual({ name: "MS, NICE, in vivo at 60k", scenario: mine });
    expect(scenarioFileText(back)).toBe(text);
  });

  it("names every problem with its JSON path, the value and the expected range, refusing the file whole", () => {
    const m = why({
      format: "cartecon-scenario",
      version: 1,
      name: "x",
      scenario: {
        disease: "lupus",
        preset: "de",
        overrides: { p_response: 1.7, c_prize: 1, r_relapse: "0.1" },
        wtp: -5,
        horizonAge: "90",
        extra: 1,
      },
    });
    expect(m).toContain("s.json is not a usable scenario");
    expect(m).toContain('s.json: scenario.disease: unknown disease (got "lupus")');
    expect(m).toContain('s.json: scenario.preset: unknown preset (got "de")');
    expect(m).toContain(
      "s.json: scenario.overrides.p_response: p_response is out of range (got 1.7); expected a number in [0, 1]",
    );
    expect(m).toContain('unknown parameter "c_prize"; did you mean c_price?');
    expect(m).toContain('s.json: scenario.overrides.r_relapse: not a number (got "0.1")');
    expect(m).toContain("s.json: scenario.wtp: out of range (got -5)");
    expect(m).toContain('s.json: scenario.horizonAge: not a number (got "90")');
    expect(m).toContain("s.json: scenario.extra: unknown key");
  });

  it("refuses text that is not JSON, not an object, or another kind of file", () => {
    expect(why("{nope")).toContain("s.json: not JSON");
    expect(why("[1]")).toContain("not a JSON object");
    expect(why({ format: "cartecon-model", version: 1, name: "x", scenario: { disease: "ms" } })).toContain(
      'format: not a scenario file (got "cartecon-model")',
    );
    expect(why({ format: "cartecon-scenario", version: 2, name: "", scenario: { disease: "ms" } })).toMatch(
      /version: unsupported version \(got 2\)[\s\S]*name: not a usable name/,
    );
  });

  it("reads __proto__ as an unknown parameter, never as a prototype", () => {
    const m = why(
      '{"format":"cartecon-scenario","version":1,"name":"x","scenario":{"disease":"ms","overrides":{"__proto__":1}}}',
    );
    expect(m).toContain('unknown parameter "__proto__"');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("cartecon cart --scenario FILE", { timeout: 120_000 }, () => {
  const cartecon = (...args: string[]) =>
    spawnSync(process.execPath, ["bin/cartecon.js", "cart", ...args], { encoding: "utf8", timeout: 90_000 });

  it("writes the results the report computes for the same scenario, byte for byte", () => {
    const file = join(tmp, "mine.json");
    writeFileSync(file, scenarioFileText({ name: "mine", scenario: mine }));
    const out = join(tmp, "out.csv");
    const r = cartecon("--scenario", file, "--out", out);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(toCsv(cartSummaryTable([runScenario(evidence, lifeTables, mine)])));
    const meta = JSON.parse(readFileSync(`${out}.meta.json`, "utf8"));
    expect(meta.scenario.name).toBe("mine");
    expect(meta.scenario.discountCosts).toBe(0.015);
  });

  it("exits 1 naming the file, path and value for a bad scenario, and for a --preset that contradicts it", () => {
    const bad = join(tmp, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({
        format: "cartecon-scenario",
        version: 1,
        name: "b",
        scenario: { disease: "ms", overrides: { p_response: 2 } },
      }),
    );
    const r = cartecon("--scenario", bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${bad}: scenario.overrides.p_response: p_response is out of range (got 2)`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const good = join(tmp, "good.json");
    writeFileSync(good, scenarioFileText({ name: "g", scenario: mine }));
    const c = cartecon("--scenario", good, "--preset", "us");
    expect(c.status).toBe(1);
    expect(c.stderr).toContain(`--preset: contradicts the scenario file ${good} (got "us"); expected uk`);
    const d = cartecon("--scenario", good, "--durability-scenario", "cure");
    expect(d.status).toBe(1);
    expect(d.stderr).toContain(
      `--durability-scenario: contradicts the scenario file ${good} (got "cure"); expected weibull`,
    );
  });

  it("runs the file's durability scenario and cure fraction (not the default Weibull)", () => {
    const cure: Scenario = { ...mine, durability: "cure", cureFraction: 0.9 };
    const file = join(tmp, "cure.json");
    writeFileSync(file, scenarioFileText({ name: "cure 90%", scenario: cure }));
    const out = join(tmp, "cure.csv");
    const r = cartecon("--scenario", file, "--out", out);
    expect(r.status, r.stderr).toBe(0);
    const csv = readFileSync(out, "utf8");
    // The report's own run of the same scenario is the reference; the Weibull run must differ from it.
    expect(csv).toBe(toCsv(cartSummaryTable([runScenario(evidence, lifeTables, cure)])));
    expect(csv).not.toBe(toCsv(cartSummaryTable([runScenario(evidence, lifeTables, mine)])));
  });
});

describe("the durability scenario in a scenario file", () => {
  it("round-trips the cure scenario with its fraction, and names a bad durability id and fraction", () => {
    const cure: Scenario = { ...mine, durability: "cure", cureFraction: 0.3 };
    const text = scenarioFileText({ name: "cure 30%", scenario: cure });
    expect(readScenarioFile(text, "c.json", diseases).scenario).toEqual(cure);
    const bad = text
      .replace('"durability": "cure"', '"durability": "forever"')
      .replace('"cureFraction": 0.3', '"cureFraction": 1.5');
    let message = "";
    try {
      readScenarioFile(bad, "c.json", diseases);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("c.json: scenario.durability: unknown durability scenario");
    expect(message).toContain("c.json: scenario.cureFraction: out of range");
  });
});

describe("SCENARIO_KEYS, the one list of a scenario's keys", () => {
  // Every key away from its default, so a key the writer or the reader skipped comes back changed.
  const everyKey: Scenario = { ...mine, discountOutcomes: 0.035, durability: "cure", cureFraction: 0.3 };

  it("names exactly the keys of a Scenario (those of DEFAULT_SCENARIO)", () => {
    expect([...SCENARIO_KEYS].sort()).toEqual(Object.keys(DEFAULT_SCENARIO).sort());
  });

  it("a scenario with every key set away from its default round-trips through the file format", () => {
    for (const k of SCENARIO_KEYS) expect(everyKey[k], k).not.toEqual(DEFAULT_SCENARIO[k]);
    const text = scenarioFileText({ name: "every key", scenario: everyKey });
    expect(Object.keys(JSON.parse(text).scenario)).toEqual([...SCENARIO_KEYS]);
    expect(readScenarioFile(text, "every.json", diseases)).toEqual({ name: "every key", scenario: everyKey });
  });

  it("an unknown key is refused with the list of the known ones", () => {
    const doc = JSON.parse(scenarioFileText({ name: "x", scenario: everyKey }));
    doc.scenario.horizon = 90;
    expect(why(doc)).toContain(
      "s.json: scenario.horizon: unknown key; expected disease, preset, platform, wtp, discountCosts, discountOutcomes, horizonAge, durability, cureFraction, overrides",
    );
  });
});
