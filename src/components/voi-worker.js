// Module Web Worker of the Uncertainty page's "value of information for any model" section: reads
// the uploaded CSV files (File objects, read here so the page's main thread never parses them),
// checks them, and computes EVPI, the decision at the WTP, the EVPPI of every input column and each
// group (when an inputs file was chosen), and the CEAC —
// with src/uncertainty/voi.ts, the function `cartecon voi` calls, so the numbers are the CLI's.
// Posts {kind: "summary"} (EVPI), then {kind: "progress", row, done, total} after each EVPPI, then
// {kind: "done", report}; the page cancels by terminating the worker.
import { readVoiSamples } from "../uncertainty/samples.js";
import { voiReport } from "../uncertainty/voi.js";

/**
 * @typedef {object} VoiRequest
 * @property {{inputs?: File, nb?: File, costs?: File, effects?: File}} files inputs optional, as
 *   `cartecon voi --inputs`: without it the EVPI, CEAC, CEAF and expected loss, no EVPPI
 * @property {number} [wtp] willingness to pay per unit of effect (costs and effects only)
 * @property {string[][]} [groups]
 */

/** @param {File} f @returns {Promise<[string, string]>} */
const read = async (f) => [f.name, await f.text()];

self.onmessage = async (/** @type {MessageEvent<VoiRequest>} */ { data }) => {
  try {
    const { files, wtp, groups = [] } = data;
    const samples = readVoiSamples({
      inputs: files.inputs ? await read(files.inputs) : undefined,
      nb: files.nb ? await read(files.nb) : undefined,
      costs: files.costs ? await read(files.costs) : undefined,
      effects: files.effects ? await read(files.effects) : undefined,
    });
    const report = voiReport(
      samples,
      { wtp, groups, groupsLabel: "EVPPI groups field, group" },
      (row, done, total) => self.postMessage({ kind: "progress", row, done, total }),
      (summary) => self.postMessage({ kind: "summary", summary }),
    );
    self.postMessage({ kind: "done", report });
  } catch (error) {
    self.postMessage({ kind: "error", message: error instanceof Error ? error.message : String(error) });
  }
};
