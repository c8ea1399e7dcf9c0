/**
 * Reference values for the elementary functions, computed independently of the code under test:
 * Python's decimal module at 50 digits from the exact value of each input (tools/math-reference.py
 * wrote tests/fixtures/math-reference.json.gz). For each input, `r` is the reference rounded to the
 * nearest double and `d` the rest of it in ulps of r (|d| <= 0.5), so a result f is off by
 * |(f − r) / ulp(r) − d| ulps (f − r is exact: f and r are within a few ulps of each other).
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

export interface ReferenceColumn {
  x: number[];
  /** pow's exponents */
  y?: number[];
  r: number[];
  d: number[];
}

export interface MathReference {
  exp: ReferenceColumn;
  ln: ReferenceColumn;
  log10: ReferenceColumn;
  pow: ReferenceColumn;
}

export function loadMathReference(): MathReference {
  return JSON.parse(gunzipSync(readFileSync("tests/fixtures/math-reference.json.gz")).toString("utf8"));
}
