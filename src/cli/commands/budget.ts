/**
 * `cartecon budget`: budget impact and access for one disease and platform (src/access). Prints the
 * patients and budget by year, the affordability-threshold check and access under a budget per
 * platform; writes CSV files with their assumptions. Output shapes: docs/cli.md.
 */
import { ModelError } from "../../model/errors.js";
import { parseDecimal, whyNotDecimal } from "../../model/io/number.js";
import { rowsToCsv } from "../../model/io/csv.js";
import { PLATFORMS, requirePreset, runCart, type PlatformId } from "../../cart/index.js";
import { dataStamp, loadEvidence, loadLifeTable } from "../../cart/load.js";
import { loadAccessData } from "../../access/load.js";
import { rangeText } from "../../access/ranges.js";
import {
  accessYearTable,
  budgetComponentTable,
  budgetMetadata,
  budgetYearTable,
  checkBudgetOptions,
  describePayment,
  formatUptake,
  parsePayment,
  parseUptake,
  paymentTable,
  paymentIncrementalTable,
  platformYearTable,
  platformAccessTable,
  runBudget,
  readCapacity,
  thresholdTable,
  type BudgetOptions,
  type BudgetResult,
  ACCESS_FILES,
} from "../../access/index.js";
import { num, printOut, textTable } from "../format.js";
import { checkOutputs, outWithMeta, shippedInputs, writeOut } from "./target.js";

export interface BudgetFlags {
  disease: string;
  preset: string;
  platform: string;
  years: string;
  capacity?: string;
  uptake?: string;
  rule: string;
  payment: string;
  budgetCap?: string;
  accessBudget?: string;
  discount?: string;
  members?: string;
  json?: boolean;
  out?: string;
  patients?: string;
  components?: string;
  payments?: string;
  access?: string;
  accessYears?: string;
}

function decimal(text: string, option: string, expected: string): number {
  const x = parseDecimal(text);
  if (x === undefined) throw new ModelError({ where: option, message: whyNotDecimal(text), value: text, expected });
  return x;
}

/** The flag that gives each budget option. */
const BUDGET_FLAGS = {
  platform: "--platform",
  years: "--years",
  uptake: "--uptake",
  capacity: "--capacity",
  payment: "--payment",
  discountRate: "--discount",
  members: "--members",
  budgetCap: "--budget-cap",
  accessBudget: "--access-budget",
  rule: "--rule",
} as const;

/**
 * Runs `cartecon budget`. `usage` reports a malformed or out-of-range option value (--years 0,
 * --members 1.5, --rule x, --uptake constant:1.5, ...) as a usage error, exit 2, as the other
 * commands' option parsers do (it was exit 1); an unknown disease, preset or platform, as in `cart`,
 * and the files, are input errors (exit 1).
 */
export function runBudgetCommand(flags: BudgetFlags, version: string, usage: (message: string) => never): void {
  const preset = requirePreset(flags.preset, "--preset");
  const options = checkedBudgetOptions(flags, usage);
  checkOutputs(
    [
      ...outWithMeta(flags.out),
      ["--patients", flags.patients],
      ["--components", flags.components],
      ["--payments", flags.payments],
      ["--access", flags.access],
      ["--access-years", flags.accessYears],
    ],
    shippedInputs(Object.values(ACCESS_FILES)),
  );
  const evidence = loadEvidence();
  if (!evidence.diseases.some((d) => d.disease === flags.disease))
    throw new ModelError({
      where: "--disease",
      message: "unknown disease",
      value: flags.disease,
      expected: evidence.diseases.map((d) => d.disease).join(", "),
    });
  const data = loadAccessData();
  // The preset's own life table (the UK preset: ONS 2018–2020), as `cartecon cart` uses.
  const analysis = runCart(evidence, flags.disease, preset, loadLifeTable(preset.lifeTable.file));
  const r = runBudget(analysis, data, { ...options, priceIndex: evidence });
  if (flags.json) printOut(budgetJson(budgetTables(r, version)) + "\n");
  else {
    const label = evidence.diseases.find((d) => d.disease === r.disease)!.label;
    printOut(budgetText(r, `${label} — ${preset.label}`, analysis.result.discount.costs).join("\n"));
  }
  writeBudgetFiles(r, flags, version);
}

/**
 * The options read and checked, every bad value reported before the model runs, named by its flag:
 * through `usage` (exit 2), except an unknown platform (exit 1, as an unknown disease).
 */
function checkedBudgetOptions(flags: BudgetFlags, usage: (message: string) => never): BudgetOptions {
  requirePlatform(flags.platform);
  try {
    const options = budgetOptions(flags);
    checkBudgetOptions(options, BUDGET_FLAGS).throwIfAny("invalid budget options");
    return options;
  } catch (err) {
    if (err instanceof ModelError) return usage(err.message);
    throw err;
  }
}

function requirePlatform(platform: string): void {
  if (!(PLATFORMS as readonly string[]).includes(platform))
    throw new ModelError({
      where: "--platform",
      message: "unknown platform",
      value: platform,
      expected: PLATFORMS.join(", "),
    });
}

/** The options of the budget run, each read from its flag (the platform checked by requirePlatform). */
function budgetOptions(flags: BudgetFlags): BudgetOptions {
  const options: BudgetOptions = {
    platform: flags.platform as PlatformId,
    years: decimal(flags.years, "--years", rangeText("years")),
    rule: flags.rule as BudgetOptions["rule"],
    payment: parsePayment(flags.payment, "--payment"),
  };
  if (flags.capacity) {
    const c = readCapacity(flags.capacity);
    if (c.problems.length)
      throw new ModelError(
        c.problems.map((p) => ({ where: `--capacity${p.part ? ` ${p.part}` : ""}`, message: p.message })),
        "invalid budget options",
      );
    options.capacity = c.capacity;
  }
  if (flags.uptake) options.uptake = parseUptake(flags.uptake, "--uptake");
  if (flags.budgetCap) options.budgetCap = decimal(flags.budgetCap, "--budget-cap", rangeText("cap"));
  if (flags.accessBudget)
    options.accessBudget = decimal(flags.accessBudget, "--access-budget", rangeText("accessBudget"));
  if (flags.discount) options.discountRate = decimal(flags.discount, "--discount", rangeText("discount"));
  if (flags.members) options.members = decimal(flags.members, "--members", rangeText("members"));
  return options;
}

/** Every table of the run (what --json prints), with the assumptions. */
function budgetTables(r: BudgetResult, version: string) {
  return {
    meta: budgetMetadata(r, version, { data: dataStamp() }),
    patients: accessYearTable(r),
    budget: budgetYearTable(r),
    components: budgetComponentTable(r),
    payments: paymentTable(r),
    incrementalByPayment: paymentIncrementalTable(r),
    threshold: thresholdTable(r),
    access: platformAccessTable(r),
    accessByYear: platformYearTable(r),
  };
}

/** JSON with unlimited capacity (Infinity, which JSON cannot hold) written as the string "Infinity". */
function budgetJson(value: unknown): string {
  return JSON.stringify(value, (_, v) => (v === Infinity ? "Infinity" : v), 2);
}

/** The text report: heading, patients and budget by year, threshold check, access, payment models. */
function budgetText(r: BudgetResult, heading: string, discountCosts: number): string[] {
  const money = `${r.currency} ${r.priceYear}`;
  const o = r.options;
  return [
    `${heading}; ${r.platform}; ${r.years} years; ${money}; budget-holder perspective, ${o.discountRate ? `discounted ${num(o.discountRate * 100, 1)}%` : "undiscounted"}`,
    `Eligible: ${num(r.population.prevalent)} prevalent + ${num(r.population.incidentPerYear)} a year (${r.population.row.status}; ${r.population.row.sourceId}). Uptake ${formatUptake(o.uptake)}; capacity ${num(o.capacity.manufacturingPerYear)} manufacturing / ${num(o.capacity.centrePerYear)} centre a year, +${num(o.capacity.growthPerYear * 100)}% a year; ${o.rule === "fcfs" ? "first come first served" : "most severe first"}; ${describePayment(o.payment)}.`,
    "",
    yearText(r),
    `* net above the ${r.threshold.kind} (${num(r.threshold.amount)} a year, ${r.threshold.year}; ${r.threshold.sourceId}). PMPM for ${num(o.members)} members.`,
    "",
    ...thresholdAndAccessText(r),
    "",
    ...paymentText(r, money, discountCosts),
    "",
  ];
}

/** Per year: patients referred, treated and waiting, harm while waiting, and the budget (* above the threshold). */
function yearText(r: BudgetResult): string {
  return textTable(
    [
      { header: "year" },
      { header: "referred", right: true },
      { header: "treated", right: true },
      { header: "waiting", right: true },
      { header: "wait median/p90 (months)", right: true },
      { header: "died waiting", right: true },
      { header: "damage waiting", right: true },
      { header: "QALYs lost (cum.)", right: true },
      { header: "gross CAR T", right: true },
      { header: "of which retreat.", right: true },
      { header: "offsets", right: true },
      { header: "net", right: true },
      { header: "cumulative", right: true },
      { header: "PMPM", right: true },
    ],
    r.yearRows.map((y, i) => {
      const b = r.budgetYears[i];
      return [
        String(y.year),
        num(y.referred),
        num(y.treated),
        num(y.waitingEnd),
        y.waitMedianMonths === null ? "" : `${y.waitMedianMonths}/${y.waitP90Months}`,
        num(y.diedWaiting, 1),
        num(y.damagedWaiting, 1),
        num(y.qalysLostToWaiting, 1),
        num(b.gross),
        num(b.retreatment),
        num(b.offsets),
        num(b.net) + (b.overThreshold ? " *" : ""),
        num(b.cumulativeNet),
        num(b.pmpm, 2),
      ];
    }),
  );
}

/** Share of eligible patients treatable within the threshold, then access per platform under the access budget. */
function thresholdAndAccessText(r: BudgetResult): string[] {
  return [
    "Share of eligible patients treatable within the threshold (5-year average net cost per patient):",
    textTable(
      [
        { header: "price" },
        { header: "per infusion", right: true },
        { header: "net per patient-year", right: true },
        { header: "patients a year", right: true },
        { header: "share", right: true },
      ],
      r.threshold.rows.map((x) => [
        x.label,
        num(x.price),
        num(x.perPatientAnnual),
        num(x.patientsPerYear),
        `${num(x.shareTreatable * 100, 1)}%`,
      ]),
    ),
    "",
    `Access under an annual budget of ${num(r.options.accessBudget)} (gross CAR T spend) over ${r.years} years:`,
    textTable(
      [
        { header: "platform" },
        { header: "treated", right: true },
        { header: "per 100 million", right: true },
        { header: "share reached", right: true },
        { header: "QALYs bought", right: true },
      ],
      r.access.map((x) => [
        x.platform,
        num(x.treated),
        num(x.perHundredMillion, 1),
        `${num(x.shareReached * 100, 1)}%`,
        num(x.qalysBought),
      ]),
    ),
  ];
}

/** Product payments by payment model, and the incremental analysis per eligible patient under each. */
function paymentText(r: BudgetResult, money: string, discountCosts: number): string[] {
  return [
    "Product payments by payment model (patients treated within the horizon):",
    textTable(
      [
        { header: "payment model" },
        { header: "within horizon", right: true },
        { header: "after horizon", right: true },
        { header: `present value (${num(discountCosts * 100, 1)}%)`, right: true },
      ],
      r.payments.map((p) => [p.label, num(p.total - p.afterHorizon), num(p.afterHorizon), num(p.presentValue)]),
    ),
    "",
    `Incremental analysis per eligible patient against SoC under each payment model (discounted; ${money}):`,
    textTable(
      [
        { header: "payment model" },
        { header: "product PV", right: true },
        { header: "incr. cost", right: true },
        { header: "incr. QALYs", right: true },
        { header: "ICER", right: true },
      ],
      r.incrementalByPayment.map((x) => [
        x.label,
        num(x.productPresentValue),
        num(x.incrementalCost),
        num(x.incrementalQalys, 3),
        x.icer === null ? "" : x.incrementalQalys > 0 && x.incrementalCost <= 0 ? "dominant" : num(x.icer),
      ]),
    ),
  ];
}

/** --out (with its .meta.json), --patients, --components, --payments, --access and --access-years. */
function writeBudgetFiles(r: BudgetResult, flags: BudgetFlags, version: string): void {
  if (flags.out) {
    writeOut(flags.out, rowsToCsv(budgetYearTable(r)), "budget impact by year");
    writeOut(
      `${flags.out}.meta.json`,
      budgetJson(budgetMetadata(r, version, { data: dataStamp() })) + "\n",
      "assumptions",
    );
  }
  if (flags.patients) writeOut(flags.patients, rowsToCsv(accessYearTable(r)), "patients by year");
  if (flags.components) writeOut(flags.components, rowsToCsv(budgetComponentTable(r)), "budget impact by component");
  if (flags.payments) writeOut(flags.payments, rowsToCsv(paymentTable(r)), "cash flow by payment model");
  if (flags.access) writeOut(flags.access, rowsToCsv(platformAccessTable(r)), "access under a budget by platform");
  if (flags.accessYears)
    writeOut(
      flags.accessYears,
      rowsToCsv(platformYearTable(r)),
      "patients treated per platform and year under the access budget",
    );
}

/** Column-oriented table from rows (what the CSV writer takes). */
