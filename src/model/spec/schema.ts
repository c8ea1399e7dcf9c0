/**
 * The closed shape of a model file as a JSON Schema (draft-07), checked with ajv: every object
 * lists its fields and `additionalProperties: false`, so a misspelt field ("parameter" for
 * "parameters", "daed" for "dead", "stratgies") is an error that names its path and the nearest
 * known field, never a silently different model. Ranges and references between parts (a strategy
 * overriding a parameter that exists, a transition to a declared state) stay in `spec.ts`, whose
 * messages say more than a schema can.
 */
import AjvModule, { type ErrorObject, type ValidateFunction } from "ajv";
import type { Problems } from "../errors.js";
// The fields a distribution object may carry are the ones the PSA reads (dist/fromspec.ts).
import { DISTRIBUTION_FIELDS } from "../dist/fromspec.js";
import { nearest } from "./near.js";

const expr = { type: ["number", "string"] };
const text = { type: "string" };
const number = { type: "number" };
/** An object of id to number or formula (values of a state, overrides, init, one-off values). */
const exprMap = { type: "object", additionalProperties: expr };
/**
 * Longest id of a parameter, state, value, strategy, cohort or table: far above any modeller's
 * name, and short enough for every message, CSV header and terminal line an id goes into (a
 * 100,000-character id went into each of them whole).
 */
export const MAX_ID_LENGTH = 200;

/**
 * A strategy or cohort id: 1 to 200 characters, at least one not blank, no control characters
 * (they would reach terminals and file names), not "__proto__" (spec.ts `whyBadLabelId` says why).
 */
const labelId = {
  type: "string",
  minLength: 1,
  maxLength: MAX_ID_LENGTH,
  pattern: "^[^\\u0000-\\u001f\\u007f-\\u009f]*\\S[^\\u0000-\\u001f\\u007f-\\u009f]*$",
  not: { const: "__proto__" },
};
const closed = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: "object",
  properties,
  required,
  additionalProperties: false,
});

const parameter = {
  type: ["number", "string", "object"],
  properties: {
    value: expr,
    low: number,
    high: number,
    distribution: {
      type: ["string", "object"],
      properties: { type: text, ...Object.fromEntries(DISTRIBUTION_FIELDS.map((f) => [f, number])) },
      required: ["type"],
      additionalProperties: false,
    },
    unit: text,
    currency: text,
    priceYear: number,
    source: text,
    status: text,
    description: text,
  },
  required: ["value"],
  additionalProperties: false,
};

export const MODEL_SCHEMA = closed(
  {
    name: text,
    description: text,
    version: text,
    source: text,
    settings: closed(
      {
        cycleLength: {
          type: ["number", "object"],
          properties: { years: number, months: number, weeks: number, days: number },
          additionalProperties: false,
        },
        horizon: closed({ cycles: number, years: number, untilAge: number }),
        startAge: number,
        discount: closed({ costs: number, outcomes: number }, ["costs", "outcomes"]),
        method: text,
        weights: { type: ["array", "string"], items: number },
        correctTransitionValues: { type: "boolean" },
        currency: text,
        priceYear: number,
        wtp: number,
        effect: text,
      },
      ["cycleLength", "horizon", "discount", "method"],
    ),
    parameters: { type: "object", additionalProperties: parameter },
    tables: {
      type: "object",
      additionalProperties: closed(
        {
          key: text,
          columns: { type: "object", additionalProperties: { type: "array", items: number } },
          source: text,
          description: text,
        },
        ["key", "columns"],
      ),
    },
    values: {
      type: "array",
      items: closed(
        {
          id: text,
          kind: text,
          label: text,
          description: text,
          per: text,
          unit: text,
          discount: { enum: ["costs", "outcomes", "none"] },
        },
        ["id", "kind"],
      ),
    },
    states: {
      type: "array",
      items: closed(
        {
          id: text,
          label: text,
          description: text,
          dead: { type: "boolean" },
          values: exprMap,
          timeInState: { type: ["boolean", "object"], properties: { limit: number }, additionalProperties: false },
        },
        ["id"],
      ),
    },
    transitions: { type: ["object", "array"], items: { type: "array", items: expr }, additionalProperties: exprMap },
    transitionValues: {
      type: "array",
      items: closed({ from: text, to: text, values: exprMap }, ["from", "to", "values"]),
    },
    oneOff: exprMap,
    init: exprMap,
    strategies: {
      type: "array",
      items: closed({ id: labelId, label: text, description: text, parameters: exprMap }, ["id"]),
    },
    correlations: closed({
      parameters: { type: "array", items: text },
      matrix: { type: "array", items: { type: "array", items: number } },
      pairs: {
        type: "array",
        items: closed({ parameters: { type: "array", items: text }, rho: number }, ["parameters", "rho"]),
      },
      source: text,
      description: text,
    }),
    cohorts: {
      type: "array",
      items: closed(
        {
          id: labelId,
          label: text,
          description: text,
          weight: number,
          startAge: number,
          attributes: { type: "object", additionalProperties: { type: ["number", "string"] } },
          parameters: exprMap,
        },
        ["id", "weight"],
      ),
    },
  },
  ["name", "settings", "values", "states", "transitions", "init"],
);

type AjvClass = typeof AjvModule.default;
let validator: ValidateFunction | undefined;
function validate(raw: unknown): ErrorObject[] {
  if (!validator) {
    // ajv is published as CommonJS; its class is the default export's `default` under Node's ESM.
    const Ajv = ((AjvModule as unknown as { default?: AjvClass }).default ?? AjvModule) as AjvClass;
    // ownProperties: a key such as "constructor" or "__proto__" is looked up on the object itself only.
    validator = new Ajv({
      allErrors: true,
      verbose: true,
      ownProperties: true,
      strict: true,
      allowUnionTypes: true,
    }).compile(MODEL_SCHEMA);
  }
  return validator(raw) ? [] : (validator.errors ?? []);
}

/** A JSON pointer as a path in the style of the other problems: `strategies[1].parameters`. */
export function pathOf(pointer: string): string {
  let out = "";
  for (const seg of pointer.split("/").slice(1)) {
    const key = seg.replace(/~1/g, "/").replace(/~0/g, "~");
    out += /^\d+$/.test(key) ? `[${key}]` : out === "" ? key : `.${key}`;
  }
  return out;
}

const JSON_TYPES: Record<string, string> = {
  number: "a number",
  string: "text",
  object: "an object",
  array: "an array",
  boolean: "true or false",
};

/**
 * Adds a problem for every schema error. Unknown fields are always reported; a wrong type or a
 * missing field only where `problems` has nothing yet at that path (spec.ts says it better).
 */
export function checkSchema(raw: unknown, problems: Problems): void {
  for (const e of validate(raw)) {
    const at = pathOf(e.instancePath);
    if (e.keyword === "additionalProperties") {
      const field = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((e.parentSchema as { properties?: Record<string, unknown> }).properties ?? {});
      const near = nearest(field, known);
      const where = at === "" ? field : `${at}.${field}`;
      problems.add(
        where,
        near ? `unknown field; did you mean ${near}?` : "unknown field",
        field,
        known.length ? `one of ${known.join(", ")}` : undefined,
      );
      continue;
    }
    if (e.keyword === "required") {
      const field = (e.params as { missingProperty: string }).missingProperty;
      const where = at === "" ? field : `${at}.${field}`;
      if (!covered(problems, where)) problems.add(where, "missing required field", undefined, `a ${field} field`);
      continue;
    }
    if (covered(problems, at)) continue;
    if (e.keyword === "type") {
      const want = ([] as string[])
        .concat((e.params as { type: string | string[] }).type)
        .map((t) => JSON_TYPES[t] ?? t);
      problems.add(at || "(model)", `must be ${want.join(" or ")}`, valueAt(raw, e.instancePath));
    } else problems.add(at || "(model)", e.message ?? "invalid", valueAt(raw, e.instancePath));
  }
}

/** Whether a problem is already listed at `where` or inside or around it. */
function covered(problems: Problems, where: string): boolean {
  return problems.list.some(
    (p) =>
      p.where === where ||
      p.where.startsWith(where + ".") ||
      p.where.startsWith(where + "[") ||
      where.startsWith(p.where + ".") ||
      where.startsWith(p.where + "["),
  );
}

function valueAt(raw: unknown, pointer: string): unknown {
  let v = raw;
  for (const seg of pointer.split("/").slice(1)) {
    const key = seg.replace(/~1/g, "/").replace(/~0/g, "~");
    if (v === null || typeof v !== "object" || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
