/** Named scenario files (issue [10], item 2): text -> read -> same scenario; every problem named; the CLI runs one. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cartSummaryTable, runScenario, type Scenario } from "../../src/cart/index.js";
import { loadEvidence, loadPresetLifeTables } from "../../src/cart/load.js";
import { DEFAULT_SCENARIO, SCENARIO_KEYS } from "../../src/cart/scenario.js";
import { readScenarioFile, scenarioFileText } from "../../src/cart/scenario-file.js";
import { toCsv } from "../../src/model/io/csv.js";
import { runCli } from "../helpers/cli.js";

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
    // The file is named once, at the head, then each of the 8 problems (disease, preset, 3 overrides, wtp,
    // horizonAge, extra) by its JSON path alone.
    expect(m).toMatch(/^s\.json is not a usable scenario: 8 problems\n/);
    expect(m.split("s.json").length - 1).toBe(1);
    expect(m).toContain('\n  - scenario.disease: unknown disease (got "lupus")');
    expect(m).toContain('\n  - scenario.preset: unknown preset (got "de")');
    expect(m).toContain(
      "\n  - scenario.overrides.p_response: p_response is out of range (got 1.7); expected a number in [0, 1]",
    );
    expect(m).toContain('unknown parameter "c_prize"; did you mean c_price?');
    expect(m).toContain('\n  - scenario.overrides.r_relapse: not a number (got "0.1")');
    expect(m).toContain("\n  - scenario.wtp: out of range (got -5)");
    expect(m).toContain('\n  - scenario.horizonAge: not a number (got "90")');
    expect(m).toContain("\n  - scenario.extra: unknown key");
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
  const cartecon = (...args: string[]) => runCli(["cart", ...args], { timeoutMs: 90_000 });

  it("writes the results the report computes for the same scenario, byte for byte", () => {
    const file = join(tmp, "mine.json");
    writeFileSync(file, scenarioFileText({ name: "mine", scenario: mine }));
    const out = join(tmp, "out.csv");
    const r = cartecon("--scenario", file, "--out", out);
    expect(r.code, r.err).toBe(0);
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
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `error: ${bad} is not a usable scenario: scenario.overrides.p_response: p_response is out of range (got 2); expected a number in [0, 1]\n`,
    );
    expect(r.err.split(bad).length - 1, r.err).toBe(1);
    expect(r.err).not.toMatch(/\n\s+at /);
    // Several problems: the file once at the head, then each problem by its JSON path.
    writeFileSync(
      bad,
      JSON.stringify({ format: "cartecon-scenario", version: 1, name: "b", scenario: { disease: "lupus", wtp: -5 } }),
    );
    const several = cartecon("--scenario", bad);
    expect(several.code).toBe(1);
    expect(several.err).toContain(
      `error: ${bad} is not a usable scenario: 2 problems\n` +
        '  - scenario.disease: unknown disease (got "lupus"); expected one of sle, ms, mg, aav, graves, t1d\n' +
        "  - scenario.wtp: out of range (got -5); expected an amount per QALY in [0, 10,000,000]\n",
    );
    expect(several.err.split(bad).length - 1, several.err).toBe(1);
    const good = join(tmp, "good.json");
    writeFileSync(good, scenarioFileText({ name: "g", scenario: mine }));
    const c = cartecon("--scenario", good, "--preset", "us");
    expect(c.code).toBe(1);
    expect(c.err).toContain(`--preset: contradicts the scenario file ${good} (got "us"); expected uk`);
    const d = cartecon("--scenario", good, "--durability-scenario", "cure");
    expect(d.code).toBe(1);
    expect(d.err).toContain(
      `--durability-scenario: contradicts the scenario file ${good} (got "cure"); expected weibull`,
    );
  });

  it("runs the file's durability scenario and cure fraction (not the default Weibull)", () => {
    const cure: Scenario = { ...mine, durability: "cure", cureFraction: 0.9 };
    const file = join(tmp, "cure.json");
    writeFileSync(file, scenarioFileText({ name: "cure 90%", scenario: cure }));
    const out = join(tmp, "cure.csv");
    const r = cartecon("--scenario", file, "--out", out);
    expect(r.code, r.err).toBe(0);
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
    expect(message).toMatch(/^c\.json is not a usable scenario: 2 problems\n/);
    expect(message).toContain("\n  - scenario.durability: unknown durability scenario");
    expect(message).toContain("\n  - scenario.cureFraction: out of range");
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
      "s.json is not a usable scenario: scenario.horizon: unknown key; expected disease, preset, platform, wtp, discountCosts, discountOutcomes, horizonAge, durability, cureFraction, overrides",
    );
  });
});

describe("scenarioFileText and readScenarioFile corners (mutation testing)", () => {
  it("writes the documented layout: format, version, name, then the scenario's keys, overrides sorted by name", () => {
    const s: Scenario = { ...DEFAULT_SCENARIO, overrides: { r_relapse: 0.1, c_price: 2, k_relapse: 1.5 } };
    // The shape of docs/cli.md (`--scenario`), typed here: two-space JSON, keys in that order, one
    // trailing newline (two saves are byte-identical), overrides in name order.
    expect(scenarioFileText({ name: "n", scenario: s })).toBe(
      [
        "{",
        '  "format": "cartecon-scenario",',
        '  "version": 1,',
        '  "name": "n",',
        '  "scenario": {',
        '    "disease": "sle",',
        '    "preset": "us",',
        '    "platform": "autologous",',
        '    "wtp": null,',
        '    "discountCosts": null,',
        '    "discountOutcomes": null,',
        '    "horizonAge": 100,',
        '    "durability": "weibull",',
        '    "cureFraction": null,',
        '    "overrides": {',
        '      "c_price": 2,',
        '      "k_relapse": 1.5,',
        '      "r_relapse": 0.1',
        "    }",
        "  }",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("sorts override names by code unit (upper case before lower case), as the text comparison does", () => {
    // "B" (66) sorts before "a" (97); two equal names cannot occur in an object.
    const s: Scenario = { ...DEFAULT_SCENARIO, overrides: { b: 1, a: 2, B: 3 } };
    const text = scenarioFileText({ name: "n", scenario: s });
    expect(Object.keys(JSON.parse(text).scenario.overrides)).toEqual(["B", "a", "b"]);
  });

  it("removes a byte-order mark only at the start: one inside the name stays", () => {
    const doc = { format: "cartecon-scenario", version: 1, name: "a\uFEFFb", scenario: { disease: "ms" } };
    expect(readScenarioFile(JSON.stringify(doc), "s.json", diseases).name).toBe("a\uFEFFb");
  });

  it("reads a file that starts with a byte-order mark, and a file with only the disease (the rest default)", () => {
    const doc = { format: "cartecon-scenario", version: 1, name: "  only MS  ", scenario: { disease: "ms" } };
    const r = readScenarioFile("\uFEFF" + JSON.stringify(doc), "s.json", diseases);
    expect(r).toEqual({ name: "only MS", scenario: { ...DEFAULT_SCENARIO, disease: "ms", overrides: {} } });
  });

  it("says what a scenario file is when the text is not JSON or not an object", () => {
    expect(why("{nope")).toMatch(
      /^s\.json: not JSON \(.+\); expected a scenario file exported by the report \(format "cartecon-scenario"\)$/,
    );
    const object = `s.json: not a JSON object; expected {"format": "cartecon-scenario", "version": 1, "name": ..., "scenario": {...}}`;
    for (const text of ["[1]", "null", '"text"', "3"]) expect(why(text), text).toBe(object);
  });

  const ok = { format: "cartecon-scenario", version: 1, name: "x", scenario: { disease: "ms" } };
  /** The one problem of `doc` after the head that names the file, which must be its only mention ("" if `doc` reads). */
  const one = (doc: unknown) => {
    const m = why(doc);
    if (m) expect(m.split("s.json").length - 1, m).toBe(1);
    return m.replace(/^s\.json is not a usable scenario: /, "");
  };

  it("refuses each wrong top-level entry alone, with the path, the value and what was expected", () => {
    expect(why(ok)).toBe("");
    expect(one({ ...ok, format: "x" })).toBe('format: not a scenario file (got "x"); expected "cartecon-scenario"');
    expect(one({ ...ok, version: "1" })).toBe('version: unsupported version (got "1"); expected 1');
    expect(one({ ...ok, name: "   " })).toBe(
      'name: not a usable name (got "   "); expected text of 1 to 80 characters',
    );
    expect(one({ ...ok, name: 7 })).toBe("name: not a usable name (got 7); expected text of 1 to 80 characters");
    expect(why({ ...ok, name: "n".repeat(80) })).toBe("");
    expect(one({ ...ok, name: "n".repeat(81) })).toMatch(
      /^name: not a usable name \(got "n+"\.\.\. \(81 characters\)\)/,
    );
    expect(one({ ...ok, extra: 1 })).toBe("extra: unknown key; expected format, version, name, scenario");
    expect(one({ ...ok, scenario: [1] })).toBe(
      "scenario: missing or not an object (got [1]); expected an object with disease, preset, platform, overrides, ...",
    );
    expect(one({ format: ok.format, version: 1, name: "x" })).toBe(
      "scenario: missing or not an object; expected an object with disease, preset, platform, overrides, ...",
    );
  });

  it("refuses each wrong scenario entry alone, with the path, the value and what was expected", () => {
    const sc = (extra: Record<string, unknown>) => one({ ...ok, scenario: { disease: "ms", ...extra } });
    expect(one({ ...ok, scenario: {} })).toBe(
      "scenario.disease: missing; expected one of sle, ms, mg, aav, graves, t1d",
    );
    expect(sc({ disease: 3 })).toBe(
      "scenario.disease: unknown disease (got 3); expected one of sle, ms, mg, aav, graves, t1d",
    );
    expect(sc({ preset: null })).toBe("scenario.preset: unknown preset (got null); expected one of us, uk");
    expect(sc({ platform: "car" })).toBe(
      'scenario.platform: unknown platform (got "car"); expected one of autologous, allogeneic, invivo',
    );
    expect(sc({ discountOutcomes: 0.5 })).toBe(
      "scenario.discountOutcomes: out of range (got 0.5); expected an annual rate in [0, 0.2]",
    );
    // null is "the preset's default" for the rates and the threshold, but the horizon has no null.
    expect(sc({ wtp: null, discountCosts: null, discountOutcomes: null })).toBe("");
    expect(sc({ horizonAge: null })).toBe("scenario.horizonAge: not a number (got null); expected a number");
    expect(sc({ durability: 5 })).toBe("scenario.durability: not text (got 5); expected a durability scenario id");
    expect(sc({ cureFraction: "0.5" })).toBe('scenario.cureFraction: not a number (got "0.5"); expected a number');
    expect(sc({ cureFraction: null })).toBe("");
    expect(sc({ overrides: [] })).toBe(
      'scenario.overrides: not an object (got []); expected {"parameter": number, ...}',
    );
    expect(sc({ overrides: { p_male: null } })).toBe(
      "scenario.overrides.p_male: not a number (got null); expected a number",
    );
  });

  it("reads each valid entry into the scenario", () => {
    const scenario = {
      disease: "aav",
      preset: "uk",
      platform: "allogeneic",
      wtp: 0,
      discountCosts: 0.2,
      discountOutcomes: 0,
      horizonAge: 1,
      durability: "cure",
      cureFraction: 1,
      overrides: { p_male: 0 },
    };
    expect(readScenarioFile(JSON.stringify({ ...ok, scenario }), "s.json", diseases).scenario).toEqual(scenario);
    // limited-5 with no cure fraction is valid too.
    const limited = { ...scenario, durability: "limited-5", cureFraction: null };
    expect(readScenarioFile(JSON.stringify({ ...ok, scenario: limited }), "s.json", diseases).scenario).toEqual(
      limited,
    );
  });

  it("a cure fraction with another durability scenario (it has no effect) is dropped, not refused", () => {
    // The Explorer before 7 December 2026 saved such scenarios; refusing them erased them from the list.
    const scenario = { disease: "sle", durability: "limited-5", cureFraction: 0.4 };
    const read = readScenarioFile(JSON.stringify({ ...ok, scenario }), "s.json", diseases).scenario;
    expect(read.durability).toBe("limited-5");
    expect(read.cureFraction).toBeNull();
  });
});
