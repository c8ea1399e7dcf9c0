/**
 * The one reader of numbers typed by people (CSV cells, link values, form fields, CLI options).
 * It never guesses: `Number()` would read "" and " " as 0 and "0x10" as 16, and a European
 * spreadsheet's "0,5" is not a number here either (the caller says how to export a comma CSV).
 */

/** Plain decimal notation with an optional exponent: `-12`, `0.5`, `.5`, `1e-3`, `1.2E+06`. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number with comma thousands separators and '.' decimals, as a spreadsheet displays it: `1,234,567.5`. */
const THOUSANDS = /^[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/;

/** The finite number written in `text` (surrounding spaces allowed), or `undefined` if it is not one. */
export function parseDecimal(text: string): number | undefined {
  const t = text.trim();
  if (!DECIMAL.test(t)) return undefined;
  const x = Number(t);
  // A nonzero number written below the smallest double ("1e-400") reads as 0: refused as "1e400" is,
  // not silently changed to zero.
  if (x === 0 && /[1-9]/.test(t.replace(/[eE].*$/, ""))) return undefined;
  return Number.isFinite(x) ? x : undefined;
}

/** Why `text` is not a decimal number, in words, for an error message. */
export function whyNotDecimal(text: string): string {
  const t = text.trim();
  if (t === "") return "blank cell";
  if (/^(NA|N\/A|NaN|null|NULL|#N\/A)$/i.test(t))
    return "missing value: every cell needs a number (NA is never read as 0 or skipped)";
  if (/^[+-]?(Inf|Infinity|#DIV\/0!)$/i.test(t)) return "not a finite number";
  // Spreadsheets save a cell as displayed: "1,234.56" (thousands separators), "1.234,56" (European).
  // "1,000" may be either; "0,035" only a decimal comma (no number is written with a leading 0 group).
  if (/^[+-]?[1-9]\d{0,2},\d{3}$/.test(t))
    return `a comma inside a number: a thousands separator (${t} = ${t.replace(",", "")}) or a decimal comma (${t} = ${t.replace(",", ".")})? Write the number without separators, with '.' decimals`;
  if (THOUSANDS.test(t))
    return `thousands separators (write the number without them, with '.' decimals: ${t.replace(/,/g, "")}; in a spreadsheet format the cells as numbers without the 1000 separator before saving)`;
  if (/^[+-]?[1-9]\d{0,2}(?:\.\d{3})+,\d+$/.test(t))
    return `European number format (thousands '.', decimal ','): write ${t.replace(/\./g, "").replace(",", ".")}, with no separators and '.' decimals`;
  if (/^[+-]?\d+,\d+$/.test(t))
    return "decimal comma (use a point: export the file as a comma-separated CSV with '.' decimals)";
  if (/^[+-]?0[xXbBoO]/.test(t)) return "not a decimal number (hexadecimal, binary and octal are not read)";
  // A cell saved as a spreadsheet displays it: a currency, a percentage, an accounting negative, a
  // typographic minus, a space between thousands. Each named with the number to write, when there is one.
  const plain = (x: string) => {
    const y = x.trim();
    if (DECIMAL.test(y)) return y;
    const z = THOUSANDS.test(y) ? y.replace(/,/g, "") : y;
    return DECIMAL.test(z) ? z : undefined;
  };
  const money = /^([+-]?)\s*(?:[£$€¥]|US\$|USD|GBP|EUR)\s*(.+)$|^([+-]?)(.+?)\s*(?:[£$€¥]|USD|GBP|EUR)$/i.exec(t);
  if (money) {
    const n = plain((money[1] ?? money[3] ?? "") + (money[2] ?? money[4]));
    return `a currency sign or code in the cell: write the number alone${n ? ` (${n})` : ""}, the currency is not read from cells`;
  }
  const percent = /^(.+?)\s*%$/.exec(t);
  if (percent) {
    const n = plain(percent[1]);
    return `a percent sign: write the number alone${n ? ` (${n}, or ${Number((Number(n) / 100).toPrecision(15))} if the model's value is a fraction)` : ""}`;
  }
  const accounting = /^\((.+)\)$/.exec(t);
  if (accounting && plain(accounting[1]))
    return `a negative number in accounting format (brackets): write -${plain(accounting[1])}`;
  if (/^[\u2212\u2013\u2012\u2014]/.test(t) && plain(t.slice(1)))
    return `a typographic minus or dash (U+${t.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}) before the number: write it with '-', -${plain(t.slice(1))}`;
  if (/^[+-]?\d{1,3}(?:[ \u00a0\u202f']\d{3})+(?:[.,]\d+)?$/.test(t))
    return `a space or apostrophe between thousands: write the number without it (${t.replace(/[ \u00a0\u202f']/g, "").replace(",", ".")}), with '.' decimals`;
  // "1e400": written as a decimal, but it overflows a double to Infinity.
  if (DECIMAL.test(t) && Number(t) === 0)
    return "too small for a double (below about 5e-324, it would read as 0): write 0 if 0 is meant";
  if (DECIMAL.test(t)) return "not a finite number (beyond the largest double, about 1.8e308)";
  return "not a number";
}

/**
 * Whether a decimal text (as parseDecimal reads it) is a whole number: no nonzero digit after the
 * point, exponent applied. Checked on the text, not the double: 9007199254740990.5 and
 * 1000.00000000000001 read as whole doubles, and were taken as 9007199254740990 and 1000.
 */
export function wholeDecimalText(text: string): boolean {
  const m = /^\s*[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!m) return true; // another form parseDecimal reads: its double was checked
  const digits = m[1] + (m[2] ?? "");
  const point = m[1].length + Number(m[3] ?? 0);
  return /^0*$/.test(digits.slice(Math.max(0, point)));
}
