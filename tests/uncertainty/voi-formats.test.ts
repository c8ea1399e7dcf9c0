/** readVoiSamples on outcome files as other tools export them: one problem, one message. */
import { describe, expect, it } from "vitest";
import { readVoiSamples } from "../../src/uncertainty/samples.js";

const message = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
};

describe("readVoiSamples", () => {
  it("readVoiSamples names a semicolon-separated costs file once, without the strategy-name and one-strategy problems that follow from it", () => {
    // European Excel: "SoC;New" with decimal commas. The header split on commas is the single name
    // "SoC;New", so the effects' names "differ" and "one strategy" was said too: 3 problems, 2 of
    // them not the user's mistake.
    const m = message(() =>
      readVoiSamples({
        costs: ["costs.csv", "SoC;New\n1000,5;1500,25\n1100;1400\n"],
        effects: ["effects.csv", "SoC,New\n1,1.1\n1,1.2\n"],
      }),
    );
    expect(m).toBe(
      'PSA samples: costs.csv row 1: the file is separated by semicolons (a European spreadsheet export) (got "SoC;New"); ' +
        "expected comma-separated columns with '.' decimals: save as 'CSV (comma delimited)' with a '.' decimal separator",
    );
  });
  it("readVoiSamples names a tab-separated net-benefit file once, without 'at least two strategies'", () => {
    const m = message(() => readVoiSamples({ nb: ["nb.tsv", "A\tB\n0\t1\n0\t-1\n"] }));
    expect(m).toBe(
      'PSA samples: nb.tsv row 1: the file is separated by tabs (got "A\\tB"); expected comma-separated columns: in R write.csv(x), or write.table(x, sep = ","); from a spreadsheet \'CSV (comma delimited)\'',
    );
  });
});
