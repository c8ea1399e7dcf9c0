// Node and Chromium give identical bits for the engine's exp, log, log10 and pow (src/model/math.ts)
// on the 80,000 inputs of the 50-digit reference (tests/fixtures/math-reference.json.gz), so a
// report computed in the browser matches the CLI to the last bit. The page runs src/model/math.ts
// bundled for the browser by esbuild (as Framework bundles it for the report), served from a temp dir.
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { exp, log, log10, pow } from "../../src/model/math.js";
import { loadMathReference } from "../helpers/math-reference.js";
import { servedBlankSite } from "../helpers/blank-site.js";
import { describeProblems } from "../../tools/browser.js";

const reference = loadMathReference();
const inputs = {
  exp: reference.exp.x,
  ln: reference.ln.x,
  log10: reference.log10.x,
  powX: reference.pow.x,
  powY: reference.pow.y!,
};
type Results = Record<"exp" | "ln" | "log10" | "pow", string>;

/** The results as one base64 string of little-endian doubles per function: compares bits, NaN and -0 included. */
function base64Of(values: number[]): string {
  return Buffer.from(new Float64Array(values).buffer).toString("base64");
}
function inNode(f: {
  exp: (x: number) => number;
  log: (x: number) => number;
  log10: (x: number) => number;
  pow: (x: number, y: number) => number;
}): Results {
  return {
    exp: base64Of(inputs.exp.map(f.exp)),
    ln: base64Of(inputs.ln.map(f.log)),
    log10: base64Of(inputs.log10.map(f.log10)),
    pow: base64Of(inputs.powX.map((x, i) => f.pow(x, inputs.powY[i]))),
  };
}
/** How many results differ in their bits between two runs. */
function differing(a: string, b: string): number {
  const x = new Float64Array(Buffer.from(a, "base64").buffer.slice(0));
  const y = new Float64Array(Buffer.from(b, "base64").buffer.slice(0));
  expect(x.length).toBe(y.length);
  const xb = new BigUint64Array(x.buffer);
  const yb = new BigUint64Array(y.buffer);
  let n = 0;
  for (let i = 0; i < xb.length; i++) if (xb[i] !== yb[i]) n++;
  return n;
}

const site = servedBlankSite("math bits", async (dir) => {
  await build({
    entryPoints: ["src/model/math.ts"],
    bundle: true,
    format: "esm",
    platform: "browser",
    outfile: join(dir, "math.js"),
    logLevel: "warning",
  });
});

describe("deterministic maths in the browser", () => {
  it("Chromium gives the same bits as Node for exp, log, log10 and pow on 80,000 inputs", async () => {
    const { page, problems } = await site.open();
    await page.goto(`${site.origin}/index.html`);
    // A module script, not import() inside evaluate (vitest rewrites import() in this file's code).
    await page.addScriptTag({ type: "module", content: 'import * as m from "/math.js"; window.cartMath = m;' });
    await page.waitForFunction(() => "cartMath" in window);
    const run = (useMath: boolean) =>
      page.evaluate(
        async ({ inputs, useMath }) => {
          type F = (x: number) => number;
          const m: { exp: F; log: F; log10: F; pow: (x: number, y: number) => number } = useMath
            ? { exp: Math.exp, log: Math.log, log10: Math.log10, pow: Math.pow }
            : (window as unknown as { cartMath: never }).cartMath;
          const b64 = (v: number[]) => {
            const bytes = new Uint8Array(new Float64Array(v).buffer);
            let s = "";
            for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
            return btoa(s);
          };
          return {
            exp: b64(inputs.exp.map((x: number) => m.exp(x))),
            ln: b64(inputs.ln.map((x: number) => m.log(x))),
            log10: b64(inputs.log10.map((x: number) => m.log10(x))),
            pow: b64(inputs.powX.map((x: number, i: number) => m.pow(x, inputs.powY[i]))),
          };
        },
        { inputs, useMath },
      );
    const chromium = await run(false);
    const node = inNode({ exp, log, log10, pow });
    for (const k of ["exp", "ln", "log10", "pow"] as const) expect(differing(chromium[k], node[k]), k).toBe(0);

    // Why the engine does not use Math: the engines' own functions may differ in their last bits.
    const chromiumMath = await run(true);
    const nodeMath = inNode({ exp: Math.exp, log: Math.log, log10: Math.log10, pow: Math.pow });
    console.log(
      "results of Math.* whose bits differ between Chromium and Node: " +
        (["exp", "ln", "log10", "pow"] as const)
          .map((k) => `${k} ${differing(chromiumMath[k], nodeMath[k])}`)
          .join(", "),
    );
    expect(describeProblems(problems)).toEqual([]);
    await page.close();
  }, 120_000);
});
