// Module Web Worker of the Uncertainty page's "value of information for any model" section: reads
// the uploaded CSV files (File objects, read here so the page's main thread never parses them),
// checks them, and computes EVPI, the decision at the WTP, the EVPPI of every input column and each
// group (when an inputs file was chosen), and the CEAC —
// with src/uncertainty/voi.ts, the function `cartecon voi` calls, so the numbers are the CLI's.
// Posts {kind: "summary"} (EVPI), then {kind: "progress", row, done, total} after each EVPPI, then
// {kind: "done", report}; the page cancels by terminating the worker.
import { readVoiSamples } from "../uncertainty/samples.js";
import { voiReport } from "../uncertainty/voi.js";
import { decodeText } from "../model/io/text.js";

/**
 * @typedef {object} VoiRequest
 * @property {{inputs?: File, nb?: File, costs?: File, effects?: File}} files inputs optional, as
 *   `cartecon voi --inputs`: without it the EVPI, CEAC, CEAF and expected loss, no EVPPI
 * @property {number} [wtp] willingness to pay per unit of effect (costs and effects only)
 * @property {string[][]} [groups]
 */

/**
 * The file's name and text, read as `cartecon voi` reads it (src/model/io/text.ts): UTF-8 only, so a
 * workbook, UTF-16 or a Windows-1252 export is named, not decoded (File.text() read UTF-16 the CLI
 * refuses and turned Windows-1252 letters into U+FFFD).
 * @param {File} f @param {string} what @returns {Promise<[string, string]>}
 */
const read = async (f, what) => [f.name, decodeText(new Uint8Array(await f.arrayBuffer()), f.name, what)];

self.onmessage = async (/** @type {MessageEvent<VoiRequest>} */ { data }) => {
  try {
    const { files, wtp, groups = [] } = data;
    const samples = readVoiSamples({
      inputs: files.inputs ? await read(files.inputs, "PSA inputs") : undefined,
      nb: files.nb ? await read(files.nb, "net benefits") : undefined,
      costs: files.costs ? await read(files.costs, "costs") : undefined,
      effects: files.effects ? await read(files.effects, "effects") : undefined,
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
