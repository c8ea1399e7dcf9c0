// Mutation score of a large scope estimated from a seeded random sample of its mutants.
//
// Why: Stryker instruments src/model with about 9,400 mutants; at 3–10 s a mutant on this 2-core
// machine a full run takes 8–25 CPU-hours. A simple random sample of n mutants gives the score with
// a stated 95% interval for a fraction of that (n = 600: about ±3 points). Stryker has no option
// to run chosen mutants, but it accepts line:column ranges in `mutate` and selects every mutant
// whose location lies inside a range; the range of a sampled mutant is its own location, so the run
// also tests the mutants nested inside it (a removed block contains the mutants of its body). Only
// the sampled mutants count in the estimate; the others are extra work, printed by `plan`.
//
//   npx tsx tools/mutation-sample.ts plan [--dir src/model] [--exclude a.ts,b.ts] [--lines 200] [--multi 12] [--seed 20261205]
//   MUTATE_TESTS="..." npx stryker run reports/mutation-sample/stryker.config.json
//   npx tsx tools/mutation-sample.ts score
//
// `plan` lists every mutant of the scope with Stryker's own instrumenter (the same mutators and
// locations as `stryker run`), draws n of them without replacement (the project's seeded stream,
// src/model/dist/rng.ts, under the id "mutation-sample") and writes reports/mutation-sample/
// {plan.json, stryker.config.json}. `score` reads Stryker's JSON report of that run and prints the
// sampled mutants' statuses, the score (killed + timed out over killed + timed out + survived + no
// coverage, as Stryker counts it) with its Wilson 95% interval, and the survivors. Static mutants
// (`ignoreStatic`) come back "Ignored" and leave the sample, as they leave a full run's score.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { Instrumenter } from "@stryker-mutator/instrumenter";
import { sampleWithoutReplacement, uniformStream } from "../src/model/dist/rng.js";

const OUT_DIR = "reports/mutation-sample";

/** A mutant as the instrumenter reports it: 0-based lines and columns, end exclusive. */
export interface SampledMutant {
  file: string;
  mutatorName: string;
  replacement: string;
  start: { line: number; column: number };
  end: { line: number; column: number };
}

/** Stryker's `mutate` range for a mutant's own location: lines 1-based, columns 0-based (ProjectReader). */
export function mutateRange(m: SampledMutant): string {
  return `${m.file}:${m.start.line + 1}:${m.start.column}-${m.end.line + 1}:${m.end.column}`;
}

/** Draws k distinct indices of 0..n−1 (the seeded stream of `id`, without replacement), in ascending order. */
export function sampleIndices(n: number, k: number, seed: number, id = "mutation-sample"): number[] {
  if (!Number.isInteger(k) || k < 1 || k > n)
    throw new RangeError(`sample size must be an integer in [1, ${n}], got ${k}`);
  return Array.from(sampleWithoutReplacement(n, k, uniformStream(seed, id))).sort((a, b) => a - b);
}

const quietLogger = {
  isTraceEnabled: () => false,
  isDebugEnabled: () => false,
  isInfoEnabled: () => false,
  isWarnEnabled: () => true,
  isErrorEnabled: () => true,
  isFatalEnabled: () => true,
  trace() {},
  debug() {},
  info() {},
  warn: (...a: unknown[]) => console.warn(...a),
  error: (...a: unknown[]) => console.error(...a),
  fatal: (...a: unknown[]) => console.error(...a),
};

/** Every mutant of `files`, or of the given ranges, listed by Stryker's instrumenter. */
export async function listMutants(files: string[], ranges?: Map<string, SampledMutant[]>): Promise<SampledMutant[]> {
  // The Instrumenter's logger type is Stryker's Logger; the quiet one above has its methods.
  const instrumenter = new Instrumenter(quietLogger as unknown as ConstructorParameters<typeof Instrumenter>[0]);
  const input = files.map((name) => ({
    name,
    content: readFileSync(name, "utf8"),
    mutate: ranges ? (ranges.get(name) ?? []).map((m) => ({ start: m.start, end: m.end })) : (true as const),
  }));
  const result = await instrumenter.instrument(input, { plugins: null, excludedMutations: [], ignorers: [] });
  return result.mutants.map((m) => ({
    file: m.fileName,
    mutatorName: m.mutatorName,
    replacement: m.replacement,
    start: { line: m.location.start.line, column: m.location.start.column },
    end: { line: m.location.end.line, column: m.location.end.column },
  }));
}

const key = (m: SampledMutant) =>
  `${m.file}|${m.start.line}:${m.start.column}-${m.end.line}:${m.end.column}|${m.mutatorName}|${m.replacement}`;

function tsFiles(dir: string, exclude: Set<string>): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(path, exclude));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") && !exclude.has(relative(".", path)))
      out.push(relative(".", path));
  }
  return out.sort();
}

const fileLine = (m: SampledMutant) => `${m.file}:${m.start.line}`;

async function plan(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      dir: { type: "string", default: "src/model" },
      exclude: { type: "string", default: "src/model/kernel/kernel-wasm.ts" },
      lines: { type: "string", default: "200" },
      multi: { type: "string", default: "12" },
      seed: { type: "string", default: "20261205" },
    },
  });
  const dir = values.dir;
  const exclude = new Set(values.exclude.split(",").filter((s) => s !== ""));
  const [lines, multi, seed] = [Number(values.lines), Number(values.multi), Number(values.seed)];
  const files = tsFiles(dir, exclude);
  const population = await listMutants(files);
  // Stratum S: mutants within one line, sampled as whole lines (a line's range selects exactly them).
  // Stratum M: mutants over several lines (blocks, object literals), sampled one by one.
  const single = population.filter((m) => m.start.line === m.end.line);
  const several = population.filter((m) => m.start.line !== m.end.line);
  const lineIds = [...new Set(single.map(fileLine))];
  const sampledLines = sampleIndices(lineIds.length, lines, seed, "mutation-sample:lines").map((i) => lineIds[i]);
  const sampledMulti = sampleIndices(several.length, multi, seed, "mutation-sample:multi").map((i) => several[i]);
  const ranges = [
    ...sampledLines.map((id) => {
      const [file, line] = [id.slice(0, id.lastIndexOf(":")), Number(id.slice(id.lastIndexOf(":") + 1))];
      return `${file}:${line + 1}-${line + 1}`;
    }),
    ...sampledMulti.map(mutateRange),
  ];
  // What the ranges make Stryker run: the sampled lines' mutants, the sampled multi-line mutants and
  // every mutant nested inside those.
  const byFile = new Map<string, SampledMutant[]>();
  const lineSet = new Set(sampledLines);
  const lineMutants = single.filter((m) => lineSet.has(fileLine(m)));
  const add = (m: SampledMutant) => byFile.set(m.file, [...(byFile.get(m.file) ?? []), m]);
  lineMutants.forEach(add);
  sampledMulti.forEach(add);
  const run = await listMutants([...byFile.keys()], byFile);
  const runKeys = new Set(run.map(key));
  const missing = [...lineMutants, ...sampledMulti].filter((m) => !runKeys.has(key(m)));
  if (missing.length > 0) throw new Error(`${missing.length} sampled mutants are not selected by their own ranges`);
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(
    join(OUT_DIR, "plan.json"),
    JSON.stringify(
      {
        dir,
        exclude: [...exclude],
        seed,
        population: population.length,
        singleLine: { mutants: single.length, lines: lineIds.length, sampledLines, sampledMutants: lineMutants.length },
        multiLine: { mutants: several.length, sample: sampledMulti },
        run: run.length,
      },
      null,
      1,
    ) + "\n",
  );
  const base = JSON.parse(readFileSync("stryker.config.json", "utf8"));
  const config = {
    ...base,
    _comment: `Generated by tools/mutation-sample.ts plan (seed ${seed}; ${lines} lines, ${multi} multi-line mutants of ${dir}).`,
    mutate: ranges,
    incrementalFile: join(OUT_DIR, "stryker-incremental.json"),
    reporters: ["clear-text", "progress", "json"],
    jsonReporter: { fileName: join(OUT_DIR, "mutation.json") },
  };
  writeFileSync(join(OUT_DIR, "stryker.config.json"), JSON.stringify(config, null, 1) + "\n");
  console.log(
    `${population.length} mutants in ${files.length} files of ${dir}: ${single.length} within one line ` +
      `(on ${lineIds.length} lines), ${several.length} over several. Sampled ${lines} lines ` +
      `(${lineMutants.length} mutants) and ${multi} multi-line mutants (seed ${seed}); the ranges select ` +
      `${run.length} mutants (with those nested in the multi-line ones). ` +
      `Next: npx stryker run ${join(OUT_DIR, "stryker.config.json")}`,
  );
}

interface ReportMutant {
  mutatorName: string;
  replacement: string;
  status: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}

/** Detected (killed, timed out) and valid (detected, survived, no coverage) counts of a set of statuses. */
export function tally(statuses: string[]): { detected: number; valid: number } {
  const detected = statuses.filter((s) => s === "Killed" || s === "Timeout").length;
  const valid = detected + statuses.filter((s) => s === "Survived" || s === "NoCoverage").length;
  return { detected, valid };
}

/**
 * Stratified estimate of a score. Stratum S is a simple random sample of k of K clusters (lines),
 * each with d_i detected of v_i valid mutants: ratio estimator p_S = Σd/Σv, variance
 * (1 − k/K)/(k (k − 1) v̄²) Σ (d_i − p_S v_i)² (Cochran, Sampling Techniques, 3rd ed., §6.8).
 * Stratum M is a simple random sample of m of M mutants, d of v valid detected: p_M = d/v, variance
 * (1 − m/M) p_M (1 − p_M)/(v − 1). The strata are weighted by their estimated numbers of valid
 * mutants, W_S = N_S·(Σv/Σn) over the sampled lines' n mutants, and likewise for M.
 */
export function stratifiedScore(
  s: {
    clusters: { detected: number; valid: number; mutants: number }[];
    populationClusters: number;
    populationMutants: number;
  },
  m: { detected: number; valid: number; sampled: number; populationMutants: number },
): { p: number; se: number; pS: number; seS: number; pM: number; seM: number; wS: number } {
  const k = s.clusters.length;
  const sumD = s.clusters.reduce((a, c) => a + c.detected, 0);
  const sumV = s.clusters.reduce((a, c) => a + c.valid, 0);
  const sumN = s.clusters.reduce((a, c) => a + c.mutants, 0);
  if (k < 2 || sumV === 0) throw new RangeError("stratifiedScore: need at least two lines with valid mutants");
  const pS = sumD / sumV;
  const vBar = sumV / k;
  const ss = s.clusters.reduce((a, c) => a + (c.detected - pS * c.valid) ** 2, 0);
  const varS = ((1 - k / s.populationClusters) * ss) / (k * (k - 1) * vBar * vBar);
  const pM = m.valid > 0 ? m.detected / m.valid : 0;
  const varM = m.valid > 1 ? ((1 - m.sampled / m.populationMutants) * pM * (1 - pM)) / (m.valid - 1) : 0;
  const nS = s.populationMutants * (sumV / sumN);
  const nM = m.sampled > 0 ? m.populationMutants * (m.valid / m.sampled) : 0;
  const wS = nS / (nS + nM);
  const p = wS * pS + (1 - wS) * pM;
  const se = Math.sqrt(wS * wS * varS + (1 - wS) * (1 - wS) * varM);
  return { p, se, pS, seS: Math.sqrt(varS), pM, seM: Math.sqrt(varM), wS };
}

async function score(): Promise<void> {
  const planned = JSON.parse(readFileSync(join(OUT_DIR, "plan.json"), "utf8")) as {
    dir: string;
    seed: number;
    population: number;
    singleLine: { mutants: number; lines: number; sampledLines: string[]; sampledMutants: number };
    multiLine: { mutants: number; sample: SampledMutant[] };
  };
  const report = JSON.parse(readFileSync(join(OUT_DIR, "mutation.json"), "utf8")) as {
    files: Record<string, { mutants: ReportMutant[] }>;
  };
  // The report's locations are 1-based in line and column (mutation-testing-report-schema).
  const reported: (SampledMutant & { status: string })[] = [];
  for (const [file, { mutants }] of Object.entries(report.files))
    for (const m of mutants)
      reported.push({
        file: relative(".", file),
        mutatorName: m.mutatorName,
        replacement: m.replacement,
        start: { line: m.location.start.line - 1, column: m.location.start.column - 1 },
        end: { line: m.location.end.line - 1, column: m.location.end.column - 1 },
        status: m.status,
      });
  const byKey = new Map(reported.map((m) => [key(m), m.status]));
  const byLine = new Map<string, (SampledMutant & { status: string })[]>();
  for (const m of reported)
    if (m.start.line === m.end.line) byLine.set(fileLine(m), [...(byLine.get(fileLine(m)) ?? []), m]);
  const counts: Record<string, number> = {};
  const survivors: string[] = [];
  const note = (m: SampledMutant, status: string) => {
    counts[status] = (counts[status] ?? 0) + 1;
    if (status === "Survived" || status === "NoCoverage")
      survivors.push(
        `${m.file}:${m.start.line + 1}:${m.start.column + 1} ${m.mutatorName} → ${JSON.stringify(m.replacement)} (${status})`,
      );
  };
  const clusters = planned.singleLine.sampledLines.map((id) => {
    const ms = byLine.get(id) ?? [];
    ms.forEach((m) => note(m, m.status));
    return { ...tally(ms.map((m) => m.status)), mutants: ms.length };
  });
  const mutantsOnLines = clusters.reduce((a, c) => a + c.mutants, 0);
  if (mutantsOnLines !== planned.singleLine.sampledMutants)
    throw new Error(
      `the report has ${mutantsOnLines} mutants on the sampled lines, the plan ${planned.singleLine.sampledMutants}`,
    );
  const multiStatuses = planned.multiLine.sample.map((m) => {
    const status = byKey.get(key(m));
    if (status === undefined) throw new Error(`sampled mutant not in the report: ${key(m)}`);
    note(m, status);
    return status;
  });
  const est = stratifiedScore(
    { clusters, populationClusters: planned.singleLine.lines, populationMutants: planned.singleLine.mutants },
    { ...tally(multiStatuses), sampled: multiStatuses.length, populationMutants: planned.multiLine.mutants },
  );
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const ci = (p: number, se: number) =>
    `${pct(p)} (95% interval ${pct(p - 1.959964 * se)}–${pct(Math.min(1, p + 1.959964 * se))})`;
  const sTally = {
    detected: clusters.reduce((a, c) => a + c.detected, 0),
    valid: clusters.reduce((a, c) => a + c.valid, 0),
  };
  const mTally = tally(multiStatuses);
  console.log(`Sample of ${planned.dir} (${planned.population} mutants; seed ${planned.seed}):`);
  console.log(
    `  within one line: ${planned.singleLine.sampledLines.length} of ${planned.singleLine.lines} lines, ` +
      `${sTally.detected} of ${sTally.valid} valid mutants detected: ${ci(est.pS, est.seS)}`,
  );
  console.log(
    `  over several lines: ${multiStatuses.length} of ${planned.multiLine.mutants} mutants, ` +
      `${mTally.detected} of ${mTally.valid} valid detected: ${ci(est.pM, est.seM)}`,
  );
  console.log(`  statuses: ${JSON.stringify(counts)}`);
  console.log(`Score of ${planned.dir}: ${ci(est.p, est.se)} (strata weighted ${pct(est.wS)} / ${pct(1 - est.wS)})`);
  console.log(`Survivors and uncovered (${survivors.length}):\n${survivors.join("\n")}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, ...args] = process.argv.slice(2);
  if (command === "plan") await plan(args);
  else if (command === "score") await score();
  else {
    console.error(
      "usage: npx tsx tools/mutation-sample.ts plan [--dir D] [--exclude a,b] [--lines K] [--multi M] [--seed S] | score",
    );
    process.exit(2);
  }
}
