/**
 * cartecon: the command-line interface (docs/cli.md). This module defines the commands and their
 * options only; each command's work is in a module loaded when the command runs (`await import`),
 * so `--help` and `--version` load commander and this list, not the engine (esbuild splits the
 * bundle at those imports: tools/build-cli.mjs). `validate` checks a model (structure, formulas,
 * and one full evaluation); `evaluate` prints per-strategy totals and the incremental analysis.
 * Exit codes: 0 success, 1 a problem in the user's input (message, no stack trace), 2 a usage
 * error, 3 an internal error (a bug: the stack trace is printed).
 */
import { resolve } from "node:path";
import { Command, CommanderError } from "commander";
import { ModelError } from "../model/errors.js";
import { DEFAULT_MAX_CELLS, DEFAULT_MAX_FILE_MB } from "../model/defaults.js";
import { DEFAULT_DRAWS, MAX_DRAWS } from "../uncertainty/limits.js";
import { DURABILITY_SCENARIOS } from "../cart/durability.js";
import {
  collect,
  collectCartSet,
  collectSet,
  fractionArg,
  groupMethodArg,
  numberArg,
  positive,
  positiveInteger,
  quoted,
  rateArg,
  seedArg,
  bracketArg,
  twoWayArg,
  TARGET_HELP,
  wtpArg,
} from "./args.js";
import { escapeTerminal } from "./format.js";
import type { CartFlags, EvaluateFlags, LimitFlags } from "./main.js";
import type { BudgetFlags } from "./commands/budget.js";
import type { DsaFlags } from "./commands/dsa.js";
import type { EvppiFlags } from "./commands/evppi.js";
import type { PsaFlags } from "./commands/psa.js";
import type { VoiFlags } from "./commands/voi.js";
// Imported, not read at run time, so the compiled bundle (build/cli.js) carries the version.
import packageJson from "../../package.json" with { type: "json" };

const VERSION: string = packageJson.version;

/** The commands of validate, evaluate and cart (loaded on first use). */
const main = () => import("./main.js");

export async function cli(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name("cartecon")
    .description(
      "Cohort state-transition models for health economics: validate, evaluate, and the CAR T vs lifelong-therapy model.",
    )
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(escapeTerminal(s)),
      writeOut: (s) => process.stdout.write(escapeTerminal(s)),
    });
  const limitOptions = (c: Command, tables = true) => {
    c.option("--max-cells <n>", `largest cycles × expanded states (default ${DEFAULT_MAX_CELLS})`, positive);
    c.option("--max-file-mb <mb>", `largest file read, in MB (default ${DEFAULT_MAX_FILE_MB})`, positive);
    if (tables) c.option("--allow-outside-tables", "let the model's table files lie outside the model file's folder");
    return c;
  };
  limitOptions(
    program
      .command("validate")
      .description("check a model file: structure, formulas, and one full evaluation")
      .argument("<model.json>", "model specification (docs/model-spec.md)"),
  ).action(async (file: string, flags: LimitFlags) => (await main()).runValidate(file, flags));
  const evaluateCommand = program
    .command("evaluate")
    .description("evaluate every strategy: totals, incremental analysis, CSV files")
    .argument("<model.json>", "model specification (docs/model-spec.md)")
    .option("--json", "print the results as JSON instead of tables")
    .option(
      "--out <results.csv>",
      "per-strategy totals, components and incremental results (CSV; assumptions in <file>.meta.json)",
    )
    .option("--details <details.csv>", "long table: every value by component, health state and transition")
    .option("--trace <trace.csv>", "cohort trace: counts by health state at each cycle")
    .option("--per-cycle <per-cycle.csv>", "values per cycle with running totals of cost")
    .option(
      "--wtp <amount>",
      "willingness to pay per unit of effect (default: settings.wtp, else 50000)",
      wtpArg("evaluate"),
    )
    .option(
      "--effect <effect>",
      'effect for the incremental analysis: "qalys", "lifeYears" or a value id (default: settings.effect, else qalys)',
    )
    .option(
      "--comparator <strategy>",
      "strategy that incremental net monetary benefit is measured against (default: the first)",
    )
    .option("--strategies <ids>", "comma-separated strategy ids to evaluate (default: all)")
    .option("--set <name=value>", "override a parameter (repeatable)", collectSet, {});
  limitOptions(evaluateCommand).action(async (file: string, flags: EvaluateFlags) =>
    (await main()).runEvaluate(file, flags),
  );

  const cartCommand = program
    .command("cart")
    .description("the CAR T vs lifelong-therapy model: results, cost-parity year and threshold prices per disease")
    .option("--disease <id>", "one disease (default: all): sle, ms, mg, aav, graves, t1d")
    .option("--preset <id>", "jurisdiction preset: us or uk (default us)")
    .option(
      "--scenario <file.json>",
      "a scenario saved from the report (disease, preset, overrides, discount rates, horizon, WTP); --set applies on top",
    )
    .option(
      "--params <file.csv>",
      "a complete parameter table replacing data/cart/parameters-*.csv (see --export-params)",
    )
    .option(
      "--set <name=value>",
      "override a parameter, e.g. p_response__invivo=0.6 (repeatable; checked against its range)",
      collectCartSet,
    )
    .option("--life-table <file.csv>", "another life table (columns Age, Female, Male: annual death rates)")
    .option("--wtp <amount>", "willingness to pay per QALY (default: the preset's first threshold)", wtpArg("cart"))
    .option("--per-infused", "also report results per infused patient (besides intention to treat)")
    .option(
      "--durability-scenario <id>",
      "structural durability scenario: weibull (default), cure, limited-5, limited-10",
    )
    .option(
      "--cure-fraction <x>",
      "share of responders who never relapse in the cure scenario, in [0, 1] (default 0.5)",
      fractionArg,
    )
    .option("--json", "print the results as JSON")
    .option("--out <results.csv>", "one row per disease × population × strategy (assumptions in <file>.meta.json)")
    .option("--thresholds <file.csv>", "threshold prices per offset scenario")
    .option("--states <file.csv>", "life years, QALYs and costs by health state")
    .option("--parameters <file.csv>", "every parameter used, converted, with its source row")
    .option("--export-params <file.csv>", "write the shipped parameter rows as one table to edit, then exit")
    .option("--max-file-mb <mb>", `largest file read, in MB (default ${DEFAULT_MAX_FILE_MB})`, positive);
  cartCommand.hook("preAction", (command) => refuseCureFractionClash(command));
  cartCommand.action(async (flags: CartFlags) => (await main()).runCartCommand(flags));
  refuseEmptyValues(program);
  registerDsa(program);
  registerPsa(program);
  registerEvppi(program);
  registerVoi(program);
  registerBudget(program, VERSION);
  refuseRepeatedValues(program);

  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof ModelError) {
      // The message lists at most the first 100 problems and the count of the rest (errors.ts).
      process.stderr.write(escapeTerminal(`error: ${err.message}\n`));
      return 1;
    }
    process.stderr.write(`internal error (please report it): ${(err as Error).stack ?? err}\n`);
    return 3;
  }
}
/**
 * An empty value of any option ("" or blanks) is a usage error (exit 2) naming the option: it was
 * taken as the option left out (cart --scenario "", psa --correlation "", budget --members "" and
 * dsa --threshold "" ran with the defaults, exit 0).
 */
function refuseEmptyValues(program: Command): void {
  program.hook("preAction", (_program, command) => {
    for (const option of command.options) {
      const value: unknown = command.getOptionValue(option.attributeName());
      // A repeatable option (--parameters "") collects its values in an array: each is checked.
      const blank = (v: unknown) => typeof v === "string" && v.trim() === "";
      if (blank(value) || (Array.isArray(value) && value.some(blank)))
        command.error(
          `error: option '${option.flags}' argument '${Array.isArray(value) ? value.find(blank) : value}' is invalid. expected a value (leave the option out for its default)`,
          { exitCode: 2, code: "commander.invalidArgument" },
        );
    }
  });
}

/**
 * Options that collect every occurrence (name=value overrides, EVPPI groups), known by their collecting
 * parser rather than their name: cart's `--parameters <file.csv>` is one output file, evppi's and voi's
 * `--parameters <a,b>` a repeatable group.
 */
const COLLECTORS = new Set<unknown>([collect, collectSet, collectCartSet]);

/** An option whose value is a file: its placeholder names a .csv or .json file (`--out <results.csv>`). */
const PATH_OPTION = /<[^>]*\.(?:csv|json)>/;

/** Two values as an option parser returns them: numbers and text by Object.is, lists (dsa's --bracket lo,hi and --two-way a,b) member by member. */
function sameParsed(x: unknown, y: unknown): boolean {
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
  return Object.is(x, y);
}

/**
 * An option that takes one value, given twice with different values (`--seed 2 --seed 3`, `--wtp
 * 20000 --wtp 30000`, `--out a.csv --out b.csv`), is a usage error (exit 2) naming both: the last one
 * was taken without a word. The same value twice is harmless and accepted: the same file however
 * written (`--out ./a.csv --out a.csv`, compared as resolved paths; was refused as two values) and
 * the same number (`--seed 2 --seed " 2"`, compared as read).
 */
function refuseRepeatedValues(program: Command): void {
  for (const command of program.commands)
    for (const option of command.options) {
      if (COLLECTORS.has(option.parseArg) || !(option.required || option.optional)) continue;
      // Commander reads the value (option.parseArg, which throws on a bad one) before this listener runs.
      const same = (a: string, b: string) =>
        PATH_OPTION.test(option.flags)
          ? resolve(a) === resolve(b)
          : option.parseArg
            ? sameParsed(option.parseArg(a, undefined), option.parseArg(b, undefined))
            : a === b;
      let first: string | undefined;
      command.on(`option:${option.name()}`, (value: string) => {
        if (first !== undefined && !same(value, first))
          command.error(
            `error: option '${option.flags}' given twice, ${quoted(first)} and ${quoted(value)}: it takes one value (give it once)`,
            { exitCode: 2, code: "cartecon.repeatedOption" },
          );
        first = value;
      });
    }
}

/**
 * The options psa, evppi and dsa share: the model (a file argument or --cart with --preset), the
 * WTP and the effect; with `draws`, the PSA's --n, --seed, --threads and --correlation too.
 */
function modelOptions(c: Command, { draws }: { draws: boolean }): Command {
  c.argument("[model.json]", "model specification (or --cart <disease>)")
    .option("--cart <disease>", TARGET_HELP.cart)
    .option("--preset <id>", TARGET_HELP.preset, "us");
  if (draws)
    c.option("--n <draws>", `number of draws (1 to ${MAX_DRAWS})`, positiveInteger(MAX_DRAWS), DEFAULT_DRAWS)
      .option("--seed <seed>", "random seed (whole number); the same seed gives byte-identical draws", seedArg, 1)
      .option("--threads <T>", "worker threads (results identical for any T)", positiveInteger(64), 1)
      .option(
        "--correlation <file.csv>",
        "correlated draws: CSV with header parameter,<id>,… and one row per parameter (normal-scale correlations of a Gaussian copula; positive definite, or exactly ±1 for one shared quantile); overrides and extends the model's correlations",
      );
  // What to run is a usage error when missing or given twice (exit 2, as evaluate's missing model): it
  // was exit 1, after the option parsing, as if a file had been read and found wrong.
  c.hook("preAction", (command) => {
    const file = command.args[0];
    const cart = command.getOptionValueSource("cart") === "cli";
    if (!file && !cart)
      command.error(
        `error: missing the model: give a model file (cartecon ${c.name()} model.json) or --cart <disease>`,
        {
          exitCode: 2,
          code: "commander.missingArgument",
        },
      );
    if (file && cart)
      command.error(
        `error: give either a model file or --cart <disease>, not both (got ${JSON.stringify(file)} and --cart ${JSON.stringify(command.getOptionValue("cart"))})`,
        { exitCode: 2, code: "cartecon.targetClash" },
      );
  });
  return c
    .option(
      "--wtp <amount>",
      "willingness to pay per unit of effect (default: settings.wtp or the preset's first)",
      wtpArg(c.name()),
    )
    .option("--effect <effect>", 'effect: "qalys", "lifeYears" or a value id (default: settings.effect, else qalys)');
}

/** The VOI options evppi and voi share: groups, population scaling, standard errors, metamodel. */
function voiOptions(c: Command): Command {
  return c
    .option(
      "--parameters <a,b>",
      "a group of parameters for a joint EVPPI (repeatable; CSV quoting for a name with a comma: '\"cost, drug\",p_x')",
      collect,
      [],
    )
    .option("--population <n>", "patients facing the decision each year (population EVPI/EVPPI)", numberArg)
    .option("--horizon <years>", "years the decision applies (population VOI)", positiveInteger(200), 10)
    .option("--discount <rate>", "annual discount rate for future patients, in [0, 1]", rateArg, 0.035)
    .option(
      "--se-samples <M>",
      "posterior draws for EVPPI standard errors (2 or more: one draw has no spread)",
      positiveInteger(10000, 2),
      50,
    )
    .option(
      "--group-method <m>",
      "EVPPI metamodel for groups: auto (P-splines up to 4 parameters, Gaussian process beyond), pspline or gp",
      groupMethodArg,
      "auto",
    )
    .option("--out <evppi.csv>", "EVPPI table as CSV")
    .hook("preAction", (command) => refusePopulationClashes(command));
}

/**
 * --horizon and --discount scale the population VOI: without --population they were read and
 * ignored without a word (exit 0, per-patient figures only). Usage errors, as dsa's clashes.
 */
function refusePopulationClashes(command: Command): void {
  if (command.getOptionValueSource("population") === "cli") return;
  for (const [key, option] of [
    ["horizon", "--horizon"],
    ["discount", "--discount"],
  ])
    if (command.getOptionValueSource(key) === "cli")
      command.error(
        `error: ${option} applies to the population VOI: give --population <patients a year> with it, or leave ${option} out`,
        { exitCode: 2, code: "cartecon.populationClash" },
      );
}

function registerPsa(program: Command): void {
  modelOptions(
    program
      .command("psa")
      .description(
        "probabilistic sensitivity analysis: seeded draws of every parameter with a distribution, costs and effects per draw, CEAC, EVPI",
      ),
    { draws: true },
  )
    .option("--out <draws.csv>", "draws table: inputs and each strategy's cost and effect (seed in <file>.meta.json)")
    .option("--ceac <ceac.csv>", "CEAC, CEAF and expected loss on a grid of WTP values")
    .option("--no-progress", "no progress bar on stderr")
    .option("--json", "print the summary as JSON")
    .action(async (file: string | undefined, flags: PsaFlags) =>
      (await import("./commands/psa.js")).runPsaCommand(file, flags),
    );
}

function registerDsa(program: Command): void {
  modelOptions(
    program
      .command("dsa")
      .description(
        "deterministic sensitivity: one-way tornado (sorted by swing), --two-way grid, --threshold by root finding",
      ),
    { draws: false },
  )
    .option("--strategy <id>", "strategy whose incremental results are analysed (default: the second)")
    .option("--comparator <id>", "comparator (default: the first strategy)")
    .option("--two-way <a,b>", "grid over two parameters' low..high: optimal strategy and NMB per cell", twoWayArg)
    .option("--steps <k>", "grid points per parameter for --two-way (2 to 101)", positiveInteger(101, 2), 11)
    .option("--threshold <parameter>", "value of the parameter at which the decision changes")
    .option("--bracket <lo,hi>", "search range for --threshold (default: the parameter's low,high)", bracketArg)
    .option("--out <file.csv>", "tornado table, two-way grid or threshold (one row) as CSV")
    .option("--json", "print as JSON")
    .hook("preAction", (command) => refuseDsaClashes(command))
    .action(async (file: string | undefined, flags: DsaFlags) =>
      (await import("./commands/dsa.js")).runDsa(file, flags),
    );
}

/**
 * dsa runs one analysis: --two-way with --threshold ran the threshold alone, and --steps without
 * --two-way or --bracket without --threshold were ignored without a word (exit 0). Usage errors.
 */
function refuseDsaClashes(command: Command): void {
  const given = (name: string) => command.getOptionValueSource(name) === "cli";
  const refuse = (message: string) => command.error(`error: ${message}`, { exitCode: 2, code: "cartecon.dsaClash" });
  if (given("twoWay") && given("threshold"))
    refuse("--two-way and --threshold are two analyses: give one of them (run dsa once for each)");
  if (given("steps") && !given("twoWay"))
    refuse("--steps is the number of grid points of --two-way: give --two-way a,b, or leave --steps out");
  if (given("bracket") && !given("threshold"))
    refuse("--bracket is the search range of --threshold: give --threshold <parameter>, or leave --bracket out");
}

function registerEvppi(program: Command): void {
  voiOptions(
    modelOptions(
      program.command("evppi").description("PSA, then EVPI and EVPPI per parameter and group (regression metamodel)"),
      { draws: true },
    ),
  )
    .option("--no-progress", "no progress bar")
    .option("--json", "print as JSON")
    // One draw has no value of information to estimate: it printed an empty table and an EVPI of 0, exit 0.
    .hook("preAction", (command) => {
      if ((command.getOptionValue("n") as number) < 2)
        command.error(
          `error: option '--n <draws>' argument '${command.getOptionValue("n")}' is invalid. expected at least 2 draws for value of information (it compares draws; in practice 1,000 or more)`,
          { exitCode: 2, code: "commander.invalidArgument" },
        );
    })
    .action(async (file: string | undefined, flags: EvppiFlags) =>
      (await import("./commands/evppi.js")).runEvppi(file, flags),
    );
}

function registerVoi(program: Command): void {
  voiOptions(
    program
      .command("voi")
      .description(
        "value of information from PSA samples of any model (one row per draw, or long tables of one row per draw and strategy as hesim and heemod write them): EVPI, EVPPI per parameter and group, CEAC",
      )
      .option(
        "--inputs <params.csv>",
        "one row per draw and one column per parameter, or a long table (without it: EVPI and CEAC only, no EVPPI)",
      )
      .option(
        "--nb <nb.csv>",
        "net benefit: one column per strategy, or a long table; rows as in --inputs, or matched by draw id",
      )
      .option("--costs <costs.csv>", "costs: one column per strategy, or a long table (with --effects and --wtp)")
      .option("--effects <effects.csv>", "effects: the same strategy columns as --costs, or a long table")
      .option("--wtp <amount>", "willingness to pay per unit of effect (one value)", wtpArg("voi")),
  )
    .option("--json", "print the results as JSON")
    .hook("preAction", (command) => refuseVoiClashes(command))
    .action(async (flags: VoiFlags) => (await import("./commands/voi.js")).runVoi(flags));
}

/**
 * --cure-fraction is the cure scenario's: with another durability scenario it was ignored, exit 0 and
 * the base case's results (a --scenario file's own scenario is checked against it in main.ts).
 */
function refuseCureFractionClash(command: Command): void {
  const given = (name: string) => command.getOptionValueSource(name) === "cli";
  const scenario = command.getOptionValue("durabilityScenario") as string | undefined;
  // An unknown scenario ("cuer") is left to its own message, which names the ones there are.
  const known = scenario === undefined || Object.hasOwn(DURABILITY_SCENARIOS, scenario);
  if (given("cureFraction") && !given("scenario") && known && scenario !== "cure")
    command.error(
      `error: --cure-fraction is the share of responders cured in the cure durability scenario, which is not chosen (${scenario === undefined ? "the default is weibull" : `--durability-scenario ${scenario}`}): it would change nothing; expected --durability-scenario cure with it, or no --cure-fraction`,
      { exitCode: 2, code: "cartecon.cartClash" },
    );
}

/**
 * voi's options that cannot go together, or that need another: usage errors (exit 2), refused before
 * any file is read, as dsa's clashes. The outcomes are a net-benefit table or costs and effects at a
 * WTP: --nb beside --costs or --effects, or beside --wtp, was refused only after the files were read,
 * below a note about them ("no inputs file: ..."). EVPPI groups and the EVPPI table need --inputs.
 */
function refuseVoiClashes(command: Command): void {
  const given = (name: string) => command.getOptionValueSource(name) === "cli";
  const refuse = (message: string) => command.error(`error: ${message}`, { exitCode: 2, code: "cartecon.voiClash" });
  const value = (name: string) => JSON.stringify(String(command.getOptionValue(name)));
  if (given("nb")) {
    const others = ["costs", "effects"].filter(given).map((o) => `--${o}`);
    if (others.length > 0)
      refuse(
        `--nb with ${others.join(" and ")}: the outcomes are given two ways; give either the net-benefit table (--nb) or the costs and effects tables (--costs, --effects, with --wtp), not both`,
      );
    if (given("wtp"))
      refuse(
        `--wtp: a net-benefit table already holds the net benefit at the willingness to pay it was computed with: a WTP cannot change it (got ${command.getOptionValue("wtp")}); expected no --wtp with --nb, or costs and effects tables (--costs, --effects) with --wtp`,
      );
  } else if (!(given("costs") && given("effects"))) {
    refuse("options: give --nb nb.csv, or --costs c.csv with --effects e.csv and --wtp");
  } else if (!given("wtp")) {
    refuse("--wtp: --costs/--effects need --wtp (the net benefit is effect × wtp − cost)");
  }
  if (!given("inputs") && given("parameters"))
    refuse(
      `--parameters: EVPPI groups need --inputs (the EVPPI regresses the net benefit on the parameters' draws) (got ${JSON.stringify((command.getOptionValue("parameters") as string[]).join(" "))}); expected --inputs params.csv, or no --parameters (the EVPI and CEAC need no inputs)`,
    );
  // Without inputs there is no EVPPI: an --out file would hold the header alone.
  if (!given("inputs") && given("out"))
    refuse(
      `--out: the EVPPI table needs --inputs (without it only the EVPI and CEAC are computed) (got ${value("out")}); expected --inputs params.csv, or no --out (the EVPI prints to stdout; --json adds the CEAC)`,
    );
}

function registerBudget(program: Command, version: string): void {
  program
    .command("budget")
    .description(
      "budget impact and access: patients treated and waiting, annual budget by component, payment models, affordability threshold, access per platform",
    )
    .option("--disease <id>", "disease: sle, ms, mg, aav, graves, t1d", "sle")
    .option("--preset <id>", "jurisdiction preset (population, capacity, currency, threshold): us or uk", "us")
    .option("--platform <id>", "CAR T platform: autologous, allogeneic or invivo", "autologous")
    .option("--years <n>", "budget horizon in years (1-15)", "5")
    .option(
      "--capacity <spec>",
      "patients per year: MANUFACTURING[,CENTRE[,GROWTH]] or unlimited (default: data/access/capacity.csv)",
    )
    .option(
      "--uptake <curve>",
      "cumulative uptake: constant:L, linear:START,L,RAMP_YEARS, logistic:L,MIDPOINT,SLOPE or step:START,L,YEAR (default logistic:0.5,3,1.2)",
    )
    .option(
      "--rule <rule>",
      "slot allocation: fcfs (first come first served) or severity (active disease first)",
      "fcfs",
    )
    .option("--payment <spec>", "upfront, instalments:COUNT,RATE,stop|continue or outcomes:SHARE,YEARS", "upfront")
    .option("--budget-cap <amount>", "annual cap on gross CAR T spend (slots stop when a year would exceed it)")
    .option(
      "--access-budget <amount>",
      "annual budget for the access comparison across platforms (default: the threshold)",
    )
    .option("--discount <rate>", "annual discount rate of the budget table (default 0: undiscounted, ISPOR)")
    .option("--members <n>", "payer members for per-member-per-month figures (default 1000000)")
    .option("--json", "print every table as JSON")
    .option("--out <budget.csv>", "budget impact by year (assumptions in <file>.meta.json)")
    .option(
      "--patients <file.csv>",
      "patients by year: referred, treated, waiting, waits, deaths and damage while waiting, QALYs lost",
    )
    .option("--components <file.csv>", "budget impact by year and cost component")
    .option("--payments <file.csv>", "product cash flow by payment model and year, with present values")
    .option("--access <file.csv>", "access under a budget by platform")
    .option("--access-years <file.csv>", "patients treated per platform and year under the access budget")
    .action(async (flags: BudgetFlags, command: Command) =>
      (await import("./commands/budget.js")).runBudgetCommand(flags, version, (message) =>
        // A malformed or out-of-range option value is a usage error (exit 2), as in every other command.
        command.error(escapeTerminal(`error: ${message}`), { exitCode: 2, code: "cartecon.budgetOption" }),
      ),
    );
}
