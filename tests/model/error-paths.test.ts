/**
 * Every error path of the model checks is reached by a test: one bad input per check, and the error
 * must name the place (`where`) and say what is wrong (`message`). Each case starts from the same small
 * valid model and breaks one thing.
 */
import { describe, expect, it, vi } from "vitest";
import { compileModel, evaluate, parseJson, type ModelSpec } from "../../src/model/index.js";
import { modelError } from "../helpers/errors.js";

// Runs whole models: sized for a loaded 2-core machine, not vitest's 5 s default.
vi.setConfig({ testTimeout: 60_000 });

const valid = (): ModelSpec => ({
  name: "three states",
  settings: {
    cycleLength: 1,
    horizon: { cycles: 5 },
    startAge: 50,
    discount: { costs: 0.03, outcomes: 0.03 },
    method: "half-cycle",
  },
  tables: { lt: { key: "age", columns: { age: [0, 60], q: [0.01, 0.02] } } },
  parameters: { p_sick: { value: 0.1, low: 0.05, high: 0.2 }, p_die: 0.05, c_sick: 1000 },
  values: [
    { id: "c", kind: "cost" },
    { id: "u", kind: "utility" },
  ],
  states: [
    { id: "Healthy", values: { u: 1 } },
    { id: "Sick", values: { c: "c_sick", u: 0.6 } },
    { id: "Dead", dead: true },
  ],
  transitions: {
    Healthy: { Healthy: "C", Sick: "p_sick", Dead: 'lookup("lt", "q", age)' },
    Sick: { Sick: "C", Dead: "p_die" },
    Dead: { Dead: 1 },
  },
  init: { Healthy: 1 },
});

type Case = [name: string, breakIt: (m: any) => void, where: string, message: string];

/** Checks of the shape of a model file (spec/spec.ts) and of its compilation (compile/, formula/). */
const COMPILE_CASES: Case[] = [
  ["a model that is not an object", (m) => (m.__array = true), "(model)", "a model must be a JSON object"],
  ["no name", (m) => (m.name = " "), "name", "the model needs a name"],
  [
    "parameters not an object",
    (m) => (m.parameters = [1]),
    "parameters",
    "must be an object of parameter id to definition",
  ],
  ["tables not an object", (m) => (m.tables = 3), "tables", "must be an object of table name to table"],
  ["values not a list", (m) => (m.values = {}), "values", "must declare its values"],
  ["a value that is not an object", (m) => m.values.push(3), "values[2]", "must be an object {id, kind}"],
  ["an invalid value id", (m) => (m.values[0].id = "1c"), "values[0].id", "invalid value id"],
  ["a duplicate value id", (m) => m.values.push({ id: "c", kind: "cost" }), "values[2].id", "duplicate value id"],
  ["an unknown value kind", (m) => (m.values[0].kind = "money"), "values[0].kind", "unknown value kind"],
  ["an unknown period", (m) => (m.values[0].per = "month"), "values[0].per", "unknown period"],
  ["no states", (m) => (m.states = []), "states", "the model has no states"],
  ["a state that is not an object", (m) => (m.states[1] = "Sick"), "states[1]", "must be an object {id, ...}"],
  ["an invalid state id", (m) => (m.states[1].id = "Sick one"), "states[1].id", "invalid state id"],
  ["a duplicate state id", (m) => (m.states[1].id = "Healthy"), "states[1].id", "duplicate state id"],
  ["dead not a boolean", (m) => (m.states[2].dead = "yes"), "states[2].dead", "must be true or false"],
  [
    "state values not an object",
    (m) => (m.states[0].values = [1]),
    "states[0].values",
    "must be an object of value id to number or formula",
  ],
  [
    "a state value for an undeclared value",
    (m) => (m.states[0].values.q = 1),
    "states[0].values.q",
    'unknown value "q"',
  ],
  [
    "a state value that is empty text",
    (m) => (m.states[0].values.u = " "),
    "states[0].values.u",
    "must be a number or a formula",
  ],
  [
    "timeInState not an object",
    (m) => (m.states[1].timeInState = 3),
    "states[1].timeInState",
    "must be true or an object {limit}",
  ],
  [
    "a time-in-state limit of 0",
    (m) => (m.states[1].timeInState = { limit: 0 }),
    "states[1].timeInState.limit",
    "positive whole number",
  ],
  [
    "transitionValues not a list",
    (m) => (m.transitionValues = {}),
    "transitionValues",
    "must be an array of {from, to, values}",
  ],
  [
    "a transition value that is not an object",
    (m) => (m.transitionValues = [1]),
    "transitionValues[0]",
    "must be an object {from, to, values}",
  ],
  [
    "a transition value from an unknown state",
    (m) => (m.transitionValues = [{ from: "X", to: "Sick", values: { c: 1 } }]),
    "transitionValues[0].from",
    "unknown state",
  ],
  [
    "a transition value to an unknown state",
    (m) => (m.transitionValues = [{ from: "Healthy", to: "X", values: { c: 1 } }]),
    "transitionValues[0].to",
    "unknown state",
  ],
  [
    "a transition value for staying",
    (m) => (m.transitionValues = [{ from: "Sick", to: "Sick", values: { c: 1 } }]),
    "transitionValues[0]",
    "two different states",
  ],
  [
    "transition values not an object",
    (m) => (m.transitionValues = [{ from: "Healthy", to: "Sick", values: 1 }]),
    "transitionValues[0].values",
    "must be an object",
  ],
  [
    "a transition value for an undeclared value",
    (m) => (m.transitionValues = [{ from: "Healthy", to: "Sick", values: { q: 1 } }]),
    "transitionValues[0].values.q",
    'unknown value "q"',
  ],
  [
    "a transition value that is not a number",
    (m) => (m.transitionValues = [{ from: "Healthy", to: "Sick", values: { c: true } }]),
    "transitionValues[0].values.c",
    "must be a number or a formula",
  ],
  [
    "a transition value between states with no transition",
    (m) => (m.transitionValues = [{ from: "Sick", to: "Healthy", values: { c: 1 } }]),
    "transitionValues[0]",
    "there is no transition",
  ],
  ["oneOff not an object", (m) => (m.oneOff = 5), "oneOff", "must be an object of value id to number or formula"],
  ["a one-off for an undeclared value", (m) => (m.oneOff = { q: 1 }), "oneOff.q", 'unknown value "q"'],
  ["a one-off that is not a number", (m) => (m.oneOff = { c: null }), "oneOff.c", "must be a number or a formula"],
  ["no init", (m) => delete m.init, "init", "the model needs an initial distribution"],
  ["an initial count in an unknown state", (m) => (m.init.X = 1), "init.X", "unknown state"],
  ["a negative initial count", (m) => (m.init.Sick = -1), "init.Sick", "initial count must be a number >= 0"],
  ["initial counts summing to 0", (m) => (m.init = { Healthy: 0 }), "init", "the initial counts sum to 0"],
  [
    "an initial count that depends on time",
    (m) => (m.init = { Healthy: "1 + cycle" }),
    "init.Healthy",
    "an initial count cannot depend on time",
  ],
  [
    "an initial count that depends on time through a strategy's parameter",
    (m) => {
      m.parameters.n0 = 1;
      m.init = { Healthy: "n0" };
      m.strategies = [{ id: "a" }, { id: "b", parameters: { n0: "1 + cycle" } }];
    },
    "init.Healthy",
    "an initial count cannot depend on time",
  ],
  ["strategies empty", (m) => (m.strategies = []), "strategies", "must be a non-empty array"],
  [
    "a strategy that is not an object",
    (m) => (m.strategies = [1]),
    "strategies[0]",
    "must be an object {id, parameters}",
  ],
  ["a strategy without an id", (m) => (m.strategies = [{ id: "" }]), "strategies[0].id", "invalid strategy id"],
  [
    "a duplicate strategy id",
    (m) => (m.strategies = [{ id: "a" }, { id: "a" }]),
    "strategies[1].id",
    "duplicate strategy id",
  ],
  [
    "strategy parameters not an object",
    (m) => (m.strategies = [{ id: "a", parameters: 3 }]),
    "strategies[0].parameters",
    "must be an object of parameter id",
  ],
  [
    "a strategy override that is not a number",
    (m) => (m.strategies = [{ id: "a", parameters: { p_die: [] } }]),
    "strategies[0].parameters.p_die",
    "must be a number or a formula",
  ],
  ["cohorts empty", (m) => (m.cohorts = []), "cohorts", "must be a non-empty array of {id, weight}"],
  ["a cohort that is not an object", (m) => (m.cohorts = [1]), "cohorts[0]", "must be an object {id, weight}"],
  ["a cohort without an id", (m) => (m.cohorts = [{ id: "", weight: 1 }]), "cohorts[0].id", "invalid cohort id"],
  [
    "a duplicate cohort id",
    (m) =>
      (m.cohorts = [
        { id: "a", weight: 0.5 },
        { id: "a", weight: 0.5 },
      ]),
    "cohorts[1].id",
    "duplicate cohort id",
  ],
  [
    "a cohort weight above 1",
    (m) => (m.cohorts = [{ id: "a", weight: 1.5 }]),
    "cohorts[0].weight",
    "cohort weight must be in [0, 1]",
  ],
  [
    "a negative cohort start age",
    (m) => (m.cohorts = [{ id: "a", weight: 1, startAge: -3 }]),
    "cohorts[0].startAge",
    "start age must be a number >= 0",
  ],
  [
    "cohort weights not summing to 1",
    (m) =>
      (m.cohorts = [
        { id: "a", weight: 0.5 },
        { id: "b", weight: 0.4 },
      ]),
    "cohorts",
    "cohort weights must sum to 1",
  ],
  ["no settings", (m) => delete m.settings, "settings", "the model needs settings"],
  [
    "two cycle-length units",
    (m) => (m.settings.cycleLength = { months: 1, weeks: 2 }),
    "settings.cycleLength",
    "give exactly one of years, months, weeks or days",
  ],
  [
    "a cycle length in text",
    (m) => (m.settings.cycleLength = { months: "1" }),
    "settings.cycleLength.months",
    "must be a number",
  ],
  ["no cycle length", (m) => delete m.settings.cycleLength, "settings.cycleLength", "missing or not a number"],
  [
    "a zero cycle length",
    (m) => (m.settings.cycleLength = 0),
    "settings.cycleLength",
    "the cycle length must be positive",
  ],
  ["no horizon", (m) => delete m.settings.horizon, "settings.horizon", "missing"],
  [
    "two horizons",
    (m) => (m.settings.horizon = { cycles: 5, years: 5 }),
    "settings.horizon",
    "give exactly one of cycles, years or untilAge",
  ],
  [
    "a negative horizon",
    (m) => (m.settings.horizon = { years: -1 }),
    "settings.horizon.years",
    "must be a positive number",
  ],
  [
    "a fractional number of cycles",
    (m) => (m.settings.horizon = { cycles: 2.5 }),
    "settings.horizon.cycles",
    "must be a whole number of cycles",
  ],
  [
    "untilAge without a start age",
    (m) => (delete m.settings.startAge, (m.settings.horizon = { untilAge: 60 })),
    "settings.horizon.untilAge",
    "needs settings.startAge",
  ],
  [
    "a horizon that is not a whole number of cycles",
    (m) => (m.settings.horizon = { years: 2.5 }),
    "settings.horizon",
    "the horizon is not a whole number of cycles",
  ],
  [
    "a horizon shorter than a cycle",
    (m) => ((m.settings.cycleLength = 2), (m.settings.horizon = { years: 0.5 })),
    "settings.horizon",
    "shorter than one cycle",
  ],
  ["a negative start age", (m) => (m.settings.startAge = -1), "settings.startAge", "must be a number >= 0"],
  ["no discount", (m) => delete m.settings.discount, "settings.discount", "missing"],
  [
    "a discount rate in text",
    (m) => (m.settings.discount.costs = "3%"),
    "settings.discount.costs",
    "missing or not a number",
  ],
  [
    "a discount rate of 3.5 (percent, not a rate)",
    (m) => (m.settings.discount.outcomes = 3.5),
    "settings.discount.outcomes",
    "discount rate out of range",
  ],
  ["an unknown counting method", (m) => (m.settings.method = "midpoint"), "settings.method", "unknown counting method"],
  ["a price year that is not a year", (m) => (m.settings.priceYear = 2024.5), "settings.priceYear", "must be a year"],
  [
    "a negative willingness to pay",
    (m) => (m.settings.wtp = -1),
    "settings.wtp",
    "willingness to pay must be a number >= 0",
  ],
  ["an effect that is not text", (m) => (m.settings.effect = 1), "settings.effect", "must be"],
  ["an invalid parameter id", (m) => (m.parameters["2x"] = 1), "parameters.2x", "invalid parameter id"],
  ["a reserved parameter id", (m) => (m.parameters.age = 1), "parameters.age", "is a reserved name"],
  [
    "a parameter that is neither number, formula nor object",
    (m) => (m.parameters.p_die = true),
    "parameters.p_die",
    "must be a number, a formula, or an object",
  ],
  [
    "a parameter object without a value",
    (m) => (m.parameters.p_sick = { low: 0 }),
    "parameters.p_sick.value",
    "missing or not a number/formula",
  ],
  ["a low bound in text", (m) => (m.parameters.p_sick.low = "0"), "parameters.p_sick.low", "must be a number"],
  [
    "low above high",
    (m) => ((m.parameters.p_sick.low = 0.3), (m.parameters.p_sick.value = 0.3)),
    "parameters.p_sick",
    "low is above high",
  ],
  ["a value below low", (m) => (m.parameters.p_sick.value = 0.01), "parameters.p_sick.value", "value is below low"],
  ["a value above high", (m) => (m.parameters.p_sick.value = 0.5), "parameters.p_sick.value", "value is above high"],
  [
    "an unknown distribution",
    (m) => (m.parameters.p_sick.distribution = { type: "cauchy" }),
    "parameters.p_sick.distribution",
    "unknown distribution",
  ],
  [
    "a probability parameter above 1",
    (m) => (m.parameters.p_die = { value: 1.5, unit: "probability" }),
    "parameters.p_die.value",
    "a probability must be in [0, 1]",
  ],
  [
    "a parameter price year that is not a year",
    (m) => (m.parameters.c_sick = { value: 1, priceYear: "2024" }),
    "parameters.c_sick.priceYear",
    "must be a year",
  ],
  [
    "parameters that refer to each other in a circle",
    (m) => ((m.parameters.a = "b"), (m.parameters.b = "a")),
    "parameters.",
    "refer to each other in a circle",
  ],
  ["a table that is not an object", (m) => (m.tables.lt = 1), "tables.lt", "must be an object {key, columns}"],
  [
    "table columns not an object",
    (m) => (m.tables.lt.columns = []),
    "tables.lt.columns",
    "must be an object of column name",
  ],
  [
    "a table key that is not a column",
    (m) => (m.tables.lt.key = "year"),
    "tables.lt.key",
    "must name one of the columns",
  ],
  [
    "a table column that is not an array",
    (m) => (m.tables.lt.columns.q = 0.01),
    "tables.lt.columns.q",
    "must be an array of numbers",
  ],
  [
    "table columns of different lengths",
    (m) => (m.tables.lt.columns.q = [0.01]),
    "tables.lt.columns.q",
    "has 1 rows; other columns have 2",
  ],
  [
    "a table cell that is not a number",
    (m) => (m.tables.lt.columns.q = [0.01, "x"]),
    "tables.lt.columns.q[1]",
    "not a finite number",
  ],
  ["an empty table", (m) => (m.tables.lt.columns = { age: [], q: [] }), "tables.lt.columns", "the table has no rows"],
  [
    "a table key that does not ascend",
    (m) => (m.tables.lt.columns.age = [60, 0]),
    "tables.lt.columns.age[1]",
    "key column must be strictly ascending",
  ],
  [
    "a transition matrix with too few rows",
    (m) => (m.transitions = [["C", 0.1, 0.05]]),
    "transitions",
    "the matrix has 1 rows but there are 3 states",
  ],
  [
    "a matrix entry that is not a number",
    (m) =>
      (m.transitions = [
        ["C", 0.1, 0.05],
        [0, "C", null],
        [0, 0, 1],
      ]),
    "transitions[1][2]",
    "must be a number, a formula or",
  ],
  ["no transitions", (m) => delete m.transitions, "transitions", "missing"],
  ["a row for an unknown state", (m) => (m.transitions.X = { X: 1 }), "transitions.X", "unknown state"],
  [
    "a row that is not an object",
    (m) => (m.transitions.Sick = [1]),
    "transitions.Sick",
    "must be an object of destination state to probability",
  ],
  ["a transition to an unknown state", (m) => (m.transitions.Sick.X = 0.1), "transitions.Sick.X", "unknown state"],
  [
    "a transition that is not a number",
    (m) => (m.transitions.Sick.Dead = false),
    "transitions.Sick.Dead",
    "must be a number, a formula or",
  ],
  ["a state without a row", (m) => delete m.transitions.Dead, "transitions.Dead", "state has no row of transitions"],
  ["two complements in a row", (m) => (m.transitions.Sick.Dead = "C"), "transitions.Sick", "at most one complement"],
  ["a formula with a syntax error", (m) => (m.transitions.Sick.Dead = "p_die *"), "transitions.Sick", "formula error"],
  ["a formula with an unknown name", (m) => (m.states[1].values.c = "c_sik"), "states", 'unknown name "c_sik"'],
  [
    "timeInState in a state that does not declare it",
    (m) => (m.states[1].values.c = "c_sick * timeInState"),
    "states",
    "does not declare timeInState",
  ],
  [
    "a parameter formula with an error",
    (m) => (m.parameters.c_sick = "1000 +* 2"),
    "parameters.c_sick",
    "formula error",
  ],
  [
    "text where a number is needed",
    (m) => (m.transitions.Sick.Dead = '"p_die"'),
    "transitions.Sick",
    "a formula must be a number, not text",
  ],
  [
    "a look-up without a quoted table name",
    (m) => (m.transitions.Healthy.Dead = 'lookup(lt, "q", age)'),
    "transitions.Healthy",
    "needs the table name in quotes",
  ],
  [
    "a look-up without a quoted column name",
    (m) => (m.transitions.Healthy.Dead = 'lookup("lt", q, age)'),
    "transitions.Healthy",
    "needs a column name in quotes",
  ],
  [
    "a look-up of an unknown table",
    (m) => (m.transitions.Healthy.Dead = 'lookup("lx", "q", age)'),
    "transitions.Healthy",
    'unknown table "lx"',
  ],
  [
    "a look-up of an unknown column",
    (m) => (m.transitions.Healthy.Dead = 'lookup("lt", "qx", age)'),
    "transitions.Healthy",
    'has no column "qx"',
  ],
  [
    "a function called with too many arguments",
    (m) => (m.transitions.Sick.Dead = "exp(1, 2)"),
    "transitions.Sick",
    "exp() takes 1 argument, not 2",
  ],
  ["an unknown function", (m) => (m.transitions.Sick.Dead = "expo(1)"), "transitions.Sick", 'unknown function "expo"'],
  // (this check never fired for a model without cohorts before this test: [].every() is true)
  [
    "age used without a start age",
    (m) => delete m.settings.startAge,
    "settings.startAge",
    "formulas use age, but no start age is given",
  ],
  [
    "an unknown discount choice",
    (m) => (m.values[0].discount = "cost"),
    "values[0].discount",
    "unknown discount choice",
  ],
  [
    "the custom method without weights",
    (m) => (m.settings.method = "custom"),
    "settings.weights",
    "the custom counting method needs weights",
  ],
  [
    "weights with another method",
    (m) => (m.settings.weights = [1, 1, 1, 1, 1, 1]),
    "settings.weights",
    'weights are used only with "method": "custom"',
  ],
  [
    "a weight that is not a number",
    (m) => ((m.settings.method = "custom"), (m.settings.weights = [1, 1, "1", 1, 1, 1])),
    "settings.weights[2]",
    "not a finite number",
  ],
  [
    "weights that are neither a list nor a formula",
    (m) => ((m.settings.method = "custom"), (m.settings.weights = " ")),
    "settings.weights",
    "must be a list of numbers or a formula",
  ],
  [
    "a list of weights of the wrong length",
    (m) => ((m.settings.method = "custom"), (m.settings.weights = [1, 1, 1])),
    "settings.weights",
    "needs one weight per count k = 0 … T: 6 for 5 cycles, not 3",
  ],
  [
    "a weight formula with an error",
    (m) => ((m.settings.method = "custom"), (m.settings.weights = "cycle % age")),
    "settings.weights",
    'formula error: unknown name "age"',
  ],
  [
    "a weight formula that is not finite",
    (m) => ((m.settings.method = "custom"), (m.settings.weights = "1 / cycle")),
    "settings.weights",
    "the weight of count 0 is not a finite number",
  ],
  [
    "correctTransitionValues not true or false",
    (m) => (m.settings.correctTransitionValues = "yes"),
    "settings.correctTransitionValues",
    "must be true or false",
  ],
  [
    "cohort attributes not an object",
    (m) => (m.cohorts = [{ id: "a", weight: 1, attributes: ["Male"] }]),
    "cohorts[0].attributes",
    "must be an object of attribute name to number or text",
  ],
  [
    "an invalid attribute name",
    (m) => (m.cohorts = [{ id: "a", weight: 1, attributes: { "1sex": "Male" } }]),
    "cohorts[0].attributes.1sex",
    "invalid attribute name",
  ],
  [
    "a reserved attribute name",
    (m) => (m.cohorts = [{ id: "a", weight: 1, attributes: { age: 3 } }]),
    "cohorts[0].attributes.age",
    '"age" is a reserved name',
  ],
  [
    "an attribute named like a parameter",
    (m) => (m.cohorts = [{ id: "a", weight: 1, attributes: { p_die: 0.1 } }]),
    "cohorts[0].attributes.p_die",
    '"p_die" is already a parameter',
  ],
  [
    "an attribute that is neither a number nor a text",
    (m) => (m.cohorts = [{ id: "a", weight: 1, attributes: { sex: "" } }]),
    "cohorts[0].attributes.sex",
    "must be a number or a non-empty text",
  ],
  [
    "an attribute one cohort lacks",
    (m) =>
      (m.cohorts = [
        { id: "a", weight: 0.5, attributes: { sex: "Male" } },
        { id: "b", weight: 0.5 },
      ]),
    "cohorts[1].attributes.sex",
    'every cohort must give the attribute "sex"',
  ],
  [
    "an attribute that is a text in one cohort and a number in another",
    (m) =>
      (m.cohorts = [
        { id: "a", weight: 0.5, attributes: { sex: "Male" } },
        { id: "b", weight: 0.5, attributes: { sex: 1 } },
      ]),
    "cohorts[1].attributes.sex",
    'attribute "sex" is a text in another cohort',
  ],
  [
    "a text attribute used as a number",
    (m) => (
      (m.cohorts = [{ id: "a", weight: 1, attributes: { sex: "q" } }]),
      (m.transitions.Sick.Dead = "sex * p_die")
    ),
    "transitions.Sick",
    'the cohort attribute "sex" is a text',
  ],
  [
    "a look-up column named by an attribute that is not a column",
    (m) => (
      (m.cohorts = [{ id: "a", weight: 1, attributes: { sex: "Female" } }]),
      (m.transitions.Healthy.Dead = 'lookup("lt", sex, age)')
    ),
    "transitions.Healthy",
    'has no column "Female"',
  ],
  [
    "a strategy id with a control character (schema)",
    (m) => (m.strategies = [{ id: "a\u0007b" }]),
    "strategies[0].id",
    "invalid strategy id",
  ],
  [
    "age used without a start age in one of two cohorts",
    (m) => (
      delete m.settings.startAge,
      (m.cohorts = [
        { id: "a", weight: 0.5, startAge: 40 },
        { id: "b", weight: 0.5 },
      ])
    ),
    "settings.startAge",
    "formulas use age",
  ],
];

describe("every check of a model file is reached (compileModel, or evaluate for checks per strategy)", () => {
  it.each(COMPILE_CASES.map(([name, breakIt, where, message]) => ({ name, breakIt, where, message })))(
    "$name: names $where and says what is wrong",
    ({ breakIt, where, message }) => {
      const m = valid() as any;
      breakIt(m);
      const input = m.__array ? [1, 2] : m;
      const e = modelError(() => evaluate(compileModel(input)));
      const hit = e.problems.find((p) => p.where.startsWith(where) && p.message.includes(message));
      expect(hit, `no problem at ${where} saying "${message}"; got:\n${e.message}`).toBeDefined();
    },
  );
});

describe("errors during evaluation name the transition, the strategy, the cycle and the value", () => {
  // The complement C of a row is 1 - (the other entries): entries in [0, 1] that sum above 1 make it
  // negative. Within 1e-9 of 0 it is rounding and set to 0 (docs/model-spec.md, "Transitions").
  const overfull = (sick: string | number): ModelSpec => {
    const m = valid();
    (m.transitions as Record<string, Record<string, string | number>>).Healthy = {
      Healthy: "C",
      Sick: sick,
      Dead: 0.5,
    };
    return m;
  };
  for (const kernel of ["wasm", "js"] as const) {
    describe(kernel === "wasm" ? "with the WebAssembly kernel" : "with the TypeScript loops", () => {
      it("a constant row whose entries other than C sum to 1.1 is rejected for every cycle", () => {
        const e = modelError(() => evaluate(compileModel(overfull(0.6)), { kernel }));
        expect(e.problems[0].where).toContain("transitions from Healthy");
        expect(e.problems[0].where).toContain("every cycle");
        expect(e.problems[0].message).toContain("the probabilities other than the complement C sum to more than 1");
        expect(e.problems[0].value).toBeCloseTo(1.1, 12);
      });
      it("a row whose entries other than C first sum above 1 in cycle 3 is rejected in cycle 3", () => {
        const e = modelError(() => evaluate(compileModel(overfull("cycle >= 3 ? 0.7 : 0.1")), { kernel }));
        expect(e.problems[0].where).toContain("transitions from Healthy");
        expect(e.problems[0].where).toContain("cycle 3");
        expect(e.problems[0].where).toContain('strategy "base"');
        expect(e.problems[0].message).toContain("sum to more than 1");
        expect(e.problems[0].value).toBeCloseTo(1.2, 12);
      });
      it("a complement of -5e-10 is rounding: set to 0 and the run goes on; -2e-9 is an error", () => {
        const r = evaluate(compileModel(overfull("0.5 + 5e-10")), { kernel });
        const S = r.states.length;
        expect(r.strategies[0].trace![1 * S + 0]).toBe(0); // nobody stays Healthy: C = 0, not -5e-10
        const e = modelError(() => evaluate(compileModel(overfull("cycle >= 2 ? 0.5 + 2e-9 : 0.1")), { kernel }));
        expect(e.problems[0].where).toContain("cycle 2");
        expect(e.problems[0].message).toContain("sum to more than 1");
      });
    });
  }
  it("with several cohorts the error names the cohort", () => {
    const m = overfull("male ? 0.7 : 0.1");
    m.parameters!.male = 0;
    m.cohorts = [
      { id: "women", weight: 0.5 },
      { id: "men", weight: 0.5, parameters: { male: 1 } },
    ];
    const e = modelError(() => evaluate(compileModel(m)));
    expect(e.problems[0].where).toContain('cohort "men"');
  });
  it("a parameter override that is not a finite number is rejected by evaluate", () => {
    const e = modelError(() => evaluate(compileModel(valid()), { parameters: { p_die: NaN } }));
    expect(e.problems[0].where).toBe("parameter p_die");
    expect(e.problems[0].message).toContain("override is not a finite number");
  });
});

describe("malformed JSON is reported with line and column", () => {
  it.each([
    ['{"a": 1,}', "trailing comma before }"],
    ["[1, 2,]", "trailing comma before ]"],
    ["{'a': 1}", "expected a property name in double quotes"],
    ['{"a" 1}', 'expected ":" after the property name'],
    ['{"a": 1 "b": 2}', 'expected "," or "}"'],
    ["[1 2]", 'expected "," or "]"'],
    ['{"a": ', "unexpected end of file"],
    ["['a']", "strings need double quotes"],
    ['{"a": "x\ny"}', "line break inside a string"],
    ['{"a": "x', "unterminated string"],
    ["{} x", "unexpected text after the end of the JSON value"],
  ])("%s: %s", (text, message) => {
    const e = modelError(() => parseJson(text, "model.json"));
    expect(e.problems[0].where).toMatch(/^line \d+ column \d+$/);
    expect(e.problems[0].message).toContain(message);
    // The file first and once, as every error of a model file (docs/cli.md).
    expect(e.message).toMatch(/^model\.json: cannot read model: line \d+ column \d+: /);
    expect(e.message.split("model.json")).toHaveLength(2);
  });
});

describe("an empty JSON file is named as empty (as the CSV readers name theirs), not malformed", () => {
  it.each(["", "  \n\t\r\n"])("%j", (text) => {
    const e = modelError(() => parseJson(text, "model.json"));
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0].where).toBe("model.json");
    expect(e.problems[0].message).toBe("cannot read model: the file is empty");
    expect(e.message).toMatch(/^model\.json: cannot read model: the file is empty /);
    expect(e.message.split("model.json")).toHaveLength(2);
  });
});
