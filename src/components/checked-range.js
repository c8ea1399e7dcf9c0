// A slider with a text box whose typed values pass a check before they count. Hand-written rather
// than Inputs.range because Inputs.range leaves an out-of-range typed entry in its box while its
// value silently keeps the previous number, and clamps a start value outside [min, max] to the
// nearest end without a word. Here a refused entry gets a message next to the box and the box shows
// the value in force again; the slider's span widens to hold a valid start value instead of
// clamping it. Same shape as Inputs.range for pages: `.value`, "input" events, Generators.input.

import { html } from "htl";
import { displayNumber } from "./format.js";

/**
 * @typedef {object} CheckedRangeOptions
 * @property {string} label text of the label (also the slider's accessible name)
 * @property {number} value the start value; it must pass `check`
 * @property {number} [step] slider step (default: any)
 * @property {(typed: string) => string | null} [check] null when the typed text may be used, else why not (naming the allowed range)
 * @property {(x: number) => string} [format] how the box shows a number
 * @property {(typed: string) => number} [parse] the number a typed text that passed `check` stands for (default: Number of the trimmed text; e.g. "unlimited" for Infinity)
 * @property {boolean} [slider] false: a text box only (amounts with no useful slider span); default true
 */

/**
 * checkedRange([min, max], {label, value, step, check, format}): `check(x)` returns null when x
 * may be used, else a message saying why not (naming the allowed range). `value` must pass it.
 * The box shows the value rounded for reading (`format`, default displayNumber); `.value` stays exact.
 * @param {[number, number]} span the slider's range before widening
 * @param {CheckedRangeOptions} options
 * @returns {HTMLFormElement & {value: number}} a form whose `value` is the number in force
 */
export function checkedRange(
  [min, max],
  {
    label,
    value,
    step,
    check = () => null,
    format = displayNumber,
    parse = (t) => Number(t.trim()),
    slider: withSlider = true,
  },
) {
  const id = `checked-range-${Math.random().toString(36).slice(2)}`;
  /** @type {HTMLInputElement} */
  const box = html`<input type="text" inputmode="decimal" id=${id} size="9" aria-describedby=${`${id}-error`} />`;
  /** @type {HTMLInputElement} */
  const slider = html`<input type="range" step=${step === undefined ? "any" : String(step)} aria-label=${label} />`;
  /** @type {HTMLDivElement} */
  const error = html`<div class="input-error" role="alert" id=${`${id}-error`}></div>`;
  /** @type {HTMLFormElement & {value: number}} */
  // Observable Inputs' classes (inputs-3a86ea…), so it is laid out and lettered as the Inputs beside it
  // (their stylesheet: src/style.css); the message goes under the box and slider.
  const form = html`<form class="inputs-3a86ea checked-range">
    <label for=${id}>${label}</label>
    <div class="checked-range-body">
      <div class="inputs-3a86ea-input">${box}${withSlider ? slider : null}</div>
      ${error}
    </div>
  </form>`;
  form.addEventListener("submit", (event) => event.preventDefault());

  // The slider spans [min, max] widened to hold the value in force (never clamps it); an infinite value
  // (unlimited) puts it at its end, the box says which.
  /** @param {number} x */
  const show = (x) => {
    const finite = Number.isFinite(x);
    slider.min = String(finite ? Math.min(min, x) : min);
    slider.max = String(finite ? Math.max(max, x) : max);
    slider.value = String(finite ? x : x > 0 ? max : min);
    box.value = format(x);
  };
  form.value = value;
  show(value);

  /** @param {number} x */
  const accept = (x) => {
    error.textContent = "";
    box.removeAttribute("aria-invalid");
    form.value = x;
    show(x);
    form.dispatchEvent(new Event("input", { bubbles: true }));
  };
  slider.addEventListener("input", (event) => {
    event.stopPropagation();
    accept(Number(slider.value));
  });
  box.addEventListener("input", (event) => event.stopPropagation());
  box.addEventListener("change", () => {
    const typed = box.value;
    const why = check(typed);
    if (why) {
      error.textContent = `Refused ${JSON.stringify(typed.slice(0, 40))}: ${why}. The value in force stays: ${format(form.value)}.`;
      box.setAttribute("aria-invalid", "true");
      box.value = format(form.value);
      return;
    }
    accept(parse(typed));
  });
  return form;
}
