// The Scenario explorer recomputes on every input change and hands the kept parameter edits to
// keptEditsWriter each time; only a change of the edits is written to storage. A fake storage
// counts the writes.
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain JavaScript page component without type declarations
import { EDITS_KEY, keptEditsWriter } from "../../src/components/state.js";

/** A storage that records every setItem; `full` makes it refuse them as a full localStorage does. */
class CountingStorage {
  writes: Array<[string, string]> = [];
  full = false;
  setItem(key: string, value: string) {
    if (this.full) throw new DOMException("quota exceeded", "QuotaExceededError");
    this.writes.push([key, value]);
  }
}

describe("keptEditsWriter(storage)", () => {
  it("writes the first edits, then nothing while the same edits come again (new but equal objects)", () => {
    const storage = new CountingStorage();
    const write = keptEditsWriter(storage);
    expect(write({ "sle|us": { c_price: 250000 } })).toBe(true);
    // Three recomputations for a new WTP, discount rate and horizon: the page rebuilds the object each time.
    for (let i = 0; i < 3; i++) expect(write({ "sle|us": { c_price: 250000 } })).toBe(false);
    expect(storage.writes).toEqual([[EDITS_KEY, '{"sle|us":{"c_price":250000}}']]);
  });

  it("writes again when a value, a parameter or a disease's set changes, once per change", () => {
    const storage = new CountingStorage();
    const write = keptEditsWriter(storage);
    const steps = [
      { "sle|us": { c_price: 250000 } }, // written
      { "sle|us": { c_price: 250000 } }, // same: skipped
      { "sle|us": { c_price: 300000 } }, // new value: written
      { "sle|us": { c_price: 300000, r_relapse: 0.1 } }, // new parameter: written
      { "sle|us": { c_price: 300000, r_relapse: 0.1 }, "ms|uk": { age_start: 40 } }, // new disease: written
      { "sle|us": { c_price: 300000, r_relapse: 0.1 }, "ms|uk": { age_start: 40 } }, // same: skipped
    ];
    expect(steps.map((kept) => write(kept))).toEqual([true, false, true, true, true, false]);
    expect(storage.writes.map(([, v]) => JSON.parse(v))).toEqual([steps[0], steps[2], steps[3], steps[4]]);
  });

  it("treats an empty set as absent, as stored: dropping one disease's last edit is a change, an empty set added is not", () => {
    const storage = new CountingStorage();
    const write = keptEditsWriter(storage);
    expect(write({ "sle|us": { c_price: 250000 }, "ms|us": { age_start: 40 } })).toBe(true);
    expect(write({ "sle|us": { c_price: 250000 }, "ms|us": {} })).toBe(true);
    expect(write({ "sle|us": { c_price: 250000 }, "ms|us": {}, "mg|uk": {} })).toBe(false);
    expect(storage.writes.map(([, v]) => v)).toEqual([
      '{"sle|us":{"c_price":250000},"ms|us":{"age_start":40}}',
      '{"sle|us":{"c_price":250000}}',
    ]);
  });

  it("a write the storage refused (full) is tried again on the next call, and does not throw", () => {
    const storage = new CountingStorage();
    const write = keptEditsWriter(storage);
    storage.full = true;
    expect(write({ "sle|us": { c_price: 250000 } })).toBe(false);
    storage.full = false;
    expect(write({ "sle|us": { c_price: 250000 } })).toBe(true);
    expect(storage.writes).toHaveLength(1);
  });

  it("each writer remembers only its own writes (a page load starts with none)", () => {
    const storage = new CountingStorage();
    const kept = { "sle|us": { c_price: 250000 } };
    keptEditsWriter(storage)(kept);
    keptEditsWriter(storage)(kept);
    expect(storage.writes).toHaveLength(2);
  });
});
