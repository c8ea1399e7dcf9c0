/**
 * Text of a file from its bytes, the same in the CLI (files.ts) and in the browser (the Uncertainty
 * page's upload worker): UTF-8 only, a BOM allowed. A workbook, UTF-16, a binary file or bytes that
 * are not UTF-8 (a Windows-1252/Latin-1 export, Excel's plain 'CSV (Comma delimited)') are refused
 * naming what the file is, instead of being read as text with U+FFFD in place of the bytes: a
 * strategy `Café` became `Caf�` without a word, and the page read UTF-16 the CLI refused.
 * Also the one place a byte-order mark is removed from text (stripBom).
 */
import { ModelError } from "../errors.js";

/** How to save a file the readers accept (said with every refusal). */
export const SAVE_AS_UTF8 =
  "a UTF-8 text file: CSV (in Excel: File > Save As > 'CSV UTF-8 (Comma delimited)') or JSON, whichever the input expects";

/**
 * What a file that is not UTF-8 text is, from its first bytes: an .xlsx given where a CSV is expected was
 * read as text and reported as dozens of rows of binary garbage (voi), an "unterminated quote" on
 * line 51 (a life table) or 561 problems (a parameter table). Undefined for text (UTF-8, a BOM allowed).
 */
export function binaryKind(bytes: Uint8Array): string | undefined {
  const starts = (...b: number[]) => b.every((x, i) => bytes[i] === x);
  if (starts(0x50, 0x4b, 0x03, 0x04))
    return "is a ZIP archive, such as an Excel workbook (.xlsx) or .ods, not a text file";
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1))
    return "is an old Office file, such as an Excel .xls, not a text file";
  if (starts(0x25, 0x50, 0x44, 0x46)) return "is a PDF, not a text file";
  if (starts(0x1f, 0x8b)) return "is gzip-compressed, not a text file";
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) return "is UTF-16 text (as Excel's 'Unicode Text' saves it), not UTF-8";
  // Any NUL in the first 8 KB: no CSV or JSON holds one.
  if (bytes.subarray(0, 8192).includes(0)) return "is a binary file (it holds NUL bytes), not a text file";
  return undefined;
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (RFC 3629), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  const cont = (k: number) => k < n && (bytes[k] & 0xc0) === 0x80;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let len = 0;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) len = 3;
    else if (b >= 0xf0 && b <= 0xf4) len = 4;
    if (len === 0) return i;
    for (let k = 1; k < len; k++) if (!cont(i + k)) return i;
    const b1 = bytes[i + 1];
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF.
    if (
      (b === 0xe0 && b1 < 0xa0) ||
      (b === 0xed && b1 > 0x9f) ||
      (b === 0xf0 && b1 < 0x90) ||
      (b === 0xf4 && b1 > 0x8f)
    )
      return i;
    i += len;
  }
  return -1;
}

/**
 * The UTF-8 text of `bytes` (a leading BOM kept, as the CSV and JSON readers expect), or a ModelError
 * naming `file`, what it was read as (`what`), and, for bytes that are not UTF-8, the line, the byte
 * and the line's text as Windows-1252 reads it.
 */
export function decodeText(bytes: Uint8Array, file: string, what: string): string {
  const fail = (why: string, value?: unknown): never => {
    throw new ModelError({ where: file, message: `cannot read ${what}: ${why}`, value, expected: SAVE_AS_UTF8 });
  };
  const binary = binaryKind(bytes);
  if (binary) fail(binary);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const bad = Math.max(0, firstInvalidUtf8(bytes));
    let start = bad;
    while (start > 0 && bytes[start - 1] !== 0x0a && bytes[start - 1] !== 0x0d) start--;
    let line = 1;
    for (let k = 0; k < start; k++) if (bytes[k] === 0x0a || (bytes[k] === 0x0d && bytes[k + 1] !== 0x0a)) line++;
    let end = bad;
    while (end < bytes.length && end - start < 80 && bytes[end] !== 0x0a && bytes[end] !== 0x0d) end++;
    const cp1252 = new TextDecoder("windows-1252");
    const hex = bytes[bad].toString(16).toUpperCase().padStart(2, "0");
    return fail(
      `is not UTF-8 text: line ${line} has the byte 0x${hex}, which UTF-8 does not allow there ` +
        `(a Windows-1252 or Latin-1 export, as Excel's plain 'CSV (Comma delimited)' saves one, ` +
        `where 0x${hex} is "${cp1252.decode(bytes.subarray(bad, bad + 1))}")`,
      cp1252.decode(bytes.subarray(start, end)),
    );
  }
}

/**
 * `text` without a leading UTF-8 byte-order mark (U+FEFF), which Windows Notepad and Excel's
 * "CSV UTF-8" write first: left in, it is an invisible character at the start of the first column
 * name or JSON token. The one place the mark is removed; every reader of a file's text calls it.
 */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
