/**
 * Text as read from a file, before any parsing. Node and the browser both: no I/O here.
 */

/**
 * `text` without a leading UTF-8 byte-order mark (U+FEFF), which Windows Notepad and Excel's
 * "CSV UTF-8" write first: left in, it is an invisible character at the start of the first column
 * name or JSON token. The one place the mark is removed; every reader of a file's text calls it.
 */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
