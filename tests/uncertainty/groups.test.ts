// EVPPI groups as typed (src/uncertainty/groups.ts): one CSV record per group (RFC 4180 quoting), so
// a column named `cost, drug` can be named. Expected names are written out by hand from the text.
import { describe, expect, it } from "vitest";
import { formatGroup, joinGroup, parseGroup, parseGroupLines } from "../../src/uncertainty/groups.js";
import { checkGroupMembers } from "../../src/uncertainty/voi.js";

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error("expected an error");
};

describe("parseGroup(text, where)", () => {
  it("parseGroup reads a quoted name holding a comma as one name", () => {
    expect(parseGroup('"cost, drug",p_x', "--parameters")).toEqual(["cost, drug", "p_x"]);
    expect(parseGroup('p_x,"cost, drug"', "--parameters")).toEqual(["p_x", "cost, drug"]);
  });
  it("parseGroup drops spaces around unquoted names and reads a doubled quote as one quote", () => {
    expect(parseGroup(" a , b ", "--parameters")).toEqual(["a", "b"]);
    expect(parseGroup('"say ""hi""",b', "--parameters")).toEqual(['say "hi"', "b"]);
  });
  it("parseGroup of a name list without quotes is the plain comma split it always was", () => {
    expect(parseGroup("p1,p2,p3,p4,p5", "--parameters")).toEqual(["p1", "p2", "p3", "p4", "p5"]);
    expect(parseGroup("", "--parameters")).toEqual([]);
  });
  it("parseGroup names the option, the name's position and the text for a quoting mistake", () => {
    expect(message(() => parseGroup('"cost, drug', "--parameters"))).toMatch(
      /^--parameters name 1: unterminated quote.*\(got "\\"cost, drug"\); expected names separated by commas/,
    );
    expect(message(() => parseGroup('a,"b"c', "--parameters"))).toMatch(
      /^--parameters name 2: text after a closing quote/,
    );
    // RFC 4180: a quote opens a quoted name only as its first character.
    expect(message(() => parseGroup('a, "b,c"', "--parameters"))).toMatch(
      /^--parameters name 2: a quote inside an unquoted cell.*no space before the opening quote/,
    );
  });
  it("parseGroup refuses a blank name (never silently dropped) and a line break", () => {
    expect(message(() => parseGroup("a,,b", "--parameters"))).toMatch(/^--parameters name 2: blank name/);
    expect(message(() => parseGroup("a,b,", "--parameters"))).toMatch(/^--parameters name 3: blank name/);
    expect(message(() => parseGroup("a,b\nc", "--parameters"))).toMatch(
      /^--parameters: a line break inside one group.*one group per --parameters/,
    );
  });
});

describe("parseGroupLines(text, where) (the Uncertainty page's groups field)", () => {
  it("parseGroupLines reads one group per line, skipping blank lines, CRLF or LF", () => {
    expect(parseGroupLines('a,b\n\n"c, d",e\r\nf,g\n', "EVPPI groups")).toEqual([
      ["a", "b"],
      ["c, d", "e"],
      ["f", "g"],
    ]);
    expect(parseGroupLines("", "EVPPI groups")).toEqual([]);
  });
  it("parseGroupLines names the line of a quoting mistake", () => {
    expect(message(() => parseGroupLines('a,b\nc,"d', "EVPPI groups"))).toMatch(
      /^EVPPI groups line 2 name 2: unterminated quote.*\(got "c,\\"d"\)/,
    );
  });
});

describe("formatGroup(names)", () => {
  it("formatGroup quotes only names that need it, and parseGroup reads it back", () => {
    const names = ["cost, drug", "p_x", 'q"x', " pad"];
    const text = formatGroup(names);
    expect(text).toBe('"cost, drug",p_x,"q""x"," pad"');
    // " pad" keeps its quotes when written but is trimmed when read, as input column names are.
    expect(parseGroup(text, "--parameters")).toEqual(["cost, drug", "p_x", 'q"x', "pad"]);
  });
});

describe("checkGroupMembers with names holding commas", () => {
  const names = ["cost, drug", "p_x", "u"];
  it("checkGroupMembers accepts a group naming a column with a comma", () => {
    expect(() => checkGroupMembers(names, [["cost, drug", "p_x"]], "--parameters group")).not.toThrow();
  });
  it("checkGroupMembers names the option, the group as written, the near name and every column", () => {
    expect(message(() => checkGroupMembers(names, [["cost, drug", "p_y"]], "--parameters group"))).toBe(
      '--parameters group 1 ("cost, drug",p_y): unknown parameter "p_y" (did you mean p_x?) (got "p_y"); ' +
        'expected one of "cost, drug", p_x, u (a name holding a comma in double quotes: "cost, drug",p_x)',
    );
    // The page's old "a,b; c,d" form reads as the names "a", "b; c", "d": the ";" is explained.
    expect(message(() => checkGroupMembers(["a", "b", "c", "d"], parseGroupLines("a,b; c,d", "EVPPI groups")))).toMatch(
      /unknown parameter "b; c" \(";" does not separate groups: one group per line, or per --parameters\)/,
    );
    // The unquoted form splits at the comma: "cost" is unknown and not near any column.
    expect(message(() => checkGroupMembers(names, [parseGroup("cost, drug,p_x", "--parameters")]))).toMatch(
      /^EVPPI group 1 \(cost,drug,p_x\): unknown parameter "cost" \(got "cost"\); expected one of "cost, drug", p_x, u/,
    );
  });
});

describe("joinGroup(names)", () => {
  it("joins by + and quotes only a name that would not split back (a +, a quote, edge spaces, blank)", () => {
    // Defect (s33 CLI review): the EVPPI CSV's `parameters` cell joined names by "+" as they were, so a
    // group of "1+p" and "two" read "1+p+two": three names or two? Written out by hand:
    expect(joinGroup(["p_x", "cost, drug"])).toBe("p_x+cost, drug");
    expect(joinGroup(["1+p", "two"])).toBe('"1+p"+two');
    expect(joinGroup(['say "hi"', " b"])).toBe('"say ""hi"""+" b"');
    expect(joinGroup(["alone"])).toBe("alone");
  });
});
