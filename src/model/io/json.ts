/**
 * JSON reading with errors that say where: JSON.parse in Node 20 does not report the position of
 * a syntax error, so on failure a small scanner finds the first offending character and reports
 * its line and column.
 */
import { ModelError } from "../errors.js";

export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const { offset, reason } = firstJsonError(text);
    const { line, column } = lineColumn(text, offset);
    const near = text.slice(offset, offset + 20).split("\n")[0];
    throw new ModelError(
      { where: `${file} line ${line} column ${column}`, message: `malformed JSON: ${reason}`, value: near === "" ? "(end of file)" : near, expected: "valid JSON" },
      "cannot read model",
    );
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/** Offset and reason of the first syntax error in a JSON text (the text is known to be invalid). */
export function firstJsonError(text: string): { offset: number; reason: string } {
  let i = 0;
  class Stop {
    constructor(
      readonly offset: number,
      readonly reason: string,
    ) {}
  }
  const fail = (reason: string, at = i): never => {
    throw new Stop(at, reason);
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(text[i] === "}" ? "trailing comma before }" : "expected a property name in double quotes");
        string();
        ws();
        if (text[i] !== ":") fail('expected ":" after the property name');
        i++;
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        fail('expected "," or "}"');
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] === "]") fail("trailing comma before ]");
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return string();
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (lit) {
      i += lit[0].length;
      return;
    }
    if (i >= text.length) fail("unexpected end of file");
    fail(c === "'" ? "strings need double quotes" : `unexpected character ${JSON.stringify(c)}`);
  };
  const string = () => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") i++;
      else if (text[i] === "\n") fail("line break inside a string");
      i++;
    }
    if (i >= text.length) fail("unterminated string", start);
    i++;
  };
  try {
    value();
    ws();
    if (i < text.length) fail("unexpected text after the end of the JSON value");
  } catch (e) {
    if (e instanceof Stop) return { offset: e.offset, reason: e.reason };
    throw e;
  }
  return { offset: text.length, reason: "invalid JSON" };
}
