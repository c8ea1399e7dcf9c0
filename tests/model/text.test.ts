/** decodeText(bytes, file, what): the one reader of file bytes as text, in the CLI and the page's upload worker. */
import { describe, expect, it } from "vitest";
import { decodeText, firstInvalidUtf8 } from "../../src/model/io/text.js";

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "utf8")] : p)));

describe("decodeText", () => {
  it("decodeText(bytes) returns UTF-8 text with its BOM kept and letters outside ASCII intact", () => {
    // EF BB BF is the UTF-8 BOM; "é" is C3 A9, "😀" F0 9F 98 80 (Unicode 15, table 3-7).
    const b = bytes([0xef, 0xbb, 0xbf], "Café,😀\n1,2\n");
    expect(decodeText(b, "nb.csv", "net benefits")).toBe("\uFEFFCafé,😀\n1,2\n");
  });
  it("decodeText(bytes) refuses a Windows-1252 file naming the file, the line, the byte and the line's text", () => {
    // "Thérapie" saved as Windows-1252: é is the single byte E9, on line 3 of the file.
    const b = bytes('A,B\r\n0,1\r\n"Th', [0xe9], 'rapie",1\r\n');
    expect(() => decodeText(b, "nb.csv", "net benefits")).toThrow(
      "nb.csv: cannot read net benefits: is not UTF-8 text: line 3 has the byte 0xE9, which UTF-8 does not allow there " +
        "(a Windows-1252 or Latin-1 export, as Excel's plain 'CSV (Comma delimited)' saves one, where 0xE9 is \"é\") " +
        '(got "\\"Thérapie\\",1"); expected a UTF-8 text file',
    );
  });
  it("decodeText(bytes) counts lines ended by CR alone (classic Mac) as lines", () => {
    const b = bytes("A,B\r0,1\r", [0x96], "\r");
    expect(() => decodeText(b, "f.csv", "costs")).toThrow("line 3 has the byte 0x96");
  });
  it("decodeText(bytes) names a workbook and UTF-16 as what they are", () => {
    expect(() => decodeText(bytes([0x50, 0x4b, 0x03, 0x04, 0, 0]), "c.xlsx", "costs")).toThrow(
      "c.xlsx: cannot read costs: is a ZIP archive, such as an Excel workbook (.xlsx) or .ods, not a text file",
    );
    expect(() => decodeText(bytes([0xff, 0xfe, 0x41, 0]), "c.csv", "costs")).toThrow(
      "c.csv: cannot read costs: is UTF-16 text (as Excel's 'Unicode Text' saves it), not UTF-8",
    );
  });
});

describe("firstInvalidUtf8", () => {
  it("firstInvalidUtf8(bytes) is -1 for well-formed UTF-8 of 1 to 4 bytes a character", () => {
    expect(firstInvalidUtf8(bytes("a é € 😀"))).toBe(-1);
  });
  it("firstInvalidUtf8(bytes) finds a lone continuation byte, an overlong form, a surrogate and a truncated sequence", () => {
    // RFC 3629 section 3/4: C0 80 is an overlong NUL, ED A0 80 the surrogate U+D800, E2 82 a cut-off €.
    expect(firstInvalidUtf8(bytes("ab", [0x80]))).toBe(2);
    expect(firstInvalidUtf8(bytes("a", [0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(bytes("a", [0xed, 0xa0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(bytes("abc", [0xe2, 0x82]))).toBe(3);
    expect(firstInvalidUtf8(bytes([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // above U+10FFFF
  });
});
