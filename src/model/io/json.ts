/**
 * JSON reading that never guesses and never overflows the stack. `JSON.parse` keeps the last of two
 * equal keys (a model with two "parameters" blocks would silently lose the first) and, in Node 20,
 * does not say where a syntax error is. So one iterative scan (no recursion: a file nested 100,000
 * deep gets a named error, not a stack overflow) checks the syntax, the nesting depth and duplicate
 * keys, with line and column; only then does `JSON.parse` build the value.
 * Hand-written because no JSON reader in our dependencies reports duplicate keys with a position.
 */
import { ModelError } from "../errors.js";

/** Deepest nesting of objects and arrays a model file may have (a model needs about 6). */
export const MAX_JSON_DEPTH = 100;

/**
 * The value of the JSON text of model file `file`, or a ModelError worded as every error of a model
 * file, the file's path first, once: "m.json: cannot read model: the file is empty ...",
 * "m.json: cannot read model: line 2 column 28: malformed JSON: ..." (as readText's "m.json: cannot
 * read model: no such file" and the CLI's "m.json: invalid model: tables.lt.key: ..."). They read
 * "cannot read model: m.json line 2 column 28: ...", the file after the kind of error.
 */
export function parseJson(text: string, file: string): unknown {
  // An empty file (or one of blanks) is named as empty, as the CSV readers name theirs, not as
  // "malformed JSON: unexpected end of file" at line 1.
  if (text.trim() === "")
    throw new ModelError({
      where: file,
      message: "cannot read model: the file is empty",
      value: text,
      expected: "a JSON document (a model is an object: { ... })",
    });
  const found = scanJson(text);
  if (found) {
    const { line, column } = lineColumn(text, found.offset);
    const near = found.key ?? text.slice(found.offset, found.offset + 20).split("\n")[0];
    throw new ModelError(
      {
        where: `line ${line} column ${column}`,
        message: found.duplicate
          ? `duplicate key "${found.key}" in the same object: keep one (JSON readers disagree on which wins)`
          : `malformed JSON: ${found.reason}`,
        value: near === "" ? "(end of file)" : near,
        expected: found.duplicate
          ? "each key once per object"
          : found.depth
            ? `at most ${MAX_JSON_DEPTH} levels of nesting`
            : "valid JSON",
      },
      `${file}: cannot read model`,
    );
  }
  return JSON.parse(text);
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}

/** Offset and reason of the first syntax error in a JSON text (the text is known to be invalid). */
export function firstJsonError(text: string): { offset: number; reason: string } {
  return scanJson(text) ?? { offset: text.length, reason: "invalid JSON" };
}

interface Finding {
  offset: number;
  reason: string;
  duplicate?: boolean;
  depth?: boolean;
  key?: string;
}

const WS = new Set([" ", "\t", "\n", "\r"]);
const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

/**
 * The first problem in `text` (syntax, nesting deeper than {@link MAX_JSON_DEPTH}, a duplicate key),
 * or null if it is valid JSON.
 */
function scanJson(text: string): Finding | null {
  return new JsonScanner(text).scan();
}

/**
 * One pass over a JSON text with a cursor `i`, alternating between reading a value and what may
 * follow it. Containers are kept on an explicit stack (no recursion): `keys` is the set of keys seen
 * in an object, null for an array.
 */
class JsonScanner {
  private i = 0;
  private readonly n: number;
  private readonly stack: Array<Set<string> | null> = [];

  constructor(private readonly text: string) {
    this.n = text.length;
  }

  scan(): Finding | null {
    for (;;) {
      const v = this.value();
      if (v === "opened") continue;
      if (v !== "read") return v;
      const next = this.afterValue();
      if (next === "end") return null;
      if (next !== "next") return next;
    }
  }

  private ws(): void {
    while (this.i < this.n && WS.has(this.text[this.i])) this.i++;
  }

  /** A value at the cursor: "read" when it is whole, "opened" when a non-empty object or array begins (its first value follows). */
  private value(): Finding | "read" | "opened" {
    const { text, stack } = this;
    this.ws();
    const c = text[this.i];
    if (c === "{" || c === "[") {
      if (stack.length >= MAX_JSON_DEPTH)
        return { offset: this.i, reason: `nested deeper than ${MAX_JSON_DEPTH} levels`, depth: true };
      this.i++;
      this.ws();
      if (text[this.i] === (c === "{" ? "}" : "]")) {
        this.i++;
        return "read";
      }
      const keys = c === "{" ? new Set<string>() : null;
      stack.push(keys);
      return keys ? (this.key(keys) ?? "opened") : "opened";
    }
    if (c === '"') {
      const s = this.string();
      return typeof s === "string" ? "read" : s;
    }
    LITERAL.lastIndex = this.i;
    const lit = LITERAL.exec(text);
    if (lit) {
      this.i += lit[0].length;
      return "read";
    }
    if (this.i >= this.n) return { offset: this.i, reason: "unexpected end of file" };
    return {
      offset: this.i,
      reason: c === "'" ? "strings need double quotes" : `unexpected character ${JSON.stringify(c)}`,
    };
  }

  /** After a value: closing brackets, then a comma ("next": a value follows) or the end of the text ("end"). */
  private afterValue(): Finding | "next" | "end" {
    const { text, stack } = this;
    for (;;) {
      this.ws();
      if (stack.length === 0) {
        if (this.i < this.n) return { offset: this.i, reason: "unexpected text after the end of the JSON value" };
        return "end";
      }
      const top = stack[stack.length - 1];
      const close = top === null ? "]" : "}";
      if (text[this.i] === close) {
        this.i++;
        stack.pop();
        continue;
      }
      if (text[this.i] === ",") {
        this.i++;
        this.ws();
        if (top !== null) {
          if (text[this.i] === "}") return { offset: this.i, reason: "trailing comma before }" };
          return this.key(top) ?? "next";
        }
        if (text[this.i] === "]") return { offset: this.i, reason: "trailing comma before ]" };
        return "next";
      }
      if (this.i >= this.n) return { offset: this.i, reason: "unexpected end of file" };
      return { offset: this.i, reason: `expected "," or "${close}"` };
    }
  }

  /** Reads `"key" :` in an object whose keys so far are `keys`. */
  private key(keys: Set<string>): Finding | null {
    this.ws();
    const { text, i, n } = this;
    if (text[i] !== '"')
      return { offset: i, reason: i >= n ? "unexpected end of file" : "expected a property name in double quotes" };
    const k = this.string();
    if (typeof k !== "string") return k;
    if (keys.has(k)) return { offset: i, reason: "duplicate key", duplicate: true, key: k };
    keys.add(k);
    this.ws();
    if (text[this.i] !== ":") return { offset: this.i, reason: 'expected ":" after the property name' };
    this.i++;
    return null;
  }

  /** Reads a string starting at text[i] === '"'; returns its decoded value or a Finding. */
  private string(): string | Finding {
    const { text, n } = this;
    const start = this.i;
    let i = start + 1;
    let escaped = false;
    while (i < n && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c === 92) {
        escaped = true;
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            return { offset: i, reason: "\\u must be followed by 4 hexadecimal digits" };
          i += 6;
          continue;
        }
        if (e === undefined || !ESCAPES.has(e)) return { offset: i, reason: "invalid escape in a string" };
        i += 2;
        continue;
      }
      if (c === 10) return { offset: i, reason: "line break inside a string" };
      if (c < 32) return { offset: i, reason: "control character inside a string (write it as \\u00XX)" };
      i++;
    }
    if (i >= n) return { offset: start, reason: "unterminated string" };
    this.i = ++i;
    const raw = text.slice(start + 1, i - 1);
    return escaped ? (JSON.parse(text.slice(start, i)) as string) : raw;
  }
}
