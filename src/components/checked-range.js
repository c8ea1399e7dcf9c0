// A slider with a text box whose typed values pass a check before they count. Hand-written rather
// than Inputs.range because Inputs.range leaves an out-of-range typed entry in its box while its
// value silently keeps the previous number, and clamps a start value outside [min, max] to the
// nearest end without a word. Here a refused entry gets a message next to the box and the box shows
// the value in force again; the slider's span widens to hold a valid start value instead of
// clamping it. Same shape as Inputs.range for pages: `.value`, "input" events, Generators.input.

import {displayNumber} from "./format.js";

/**
 * checkedRange([min, max], {label, value, step, check, format}): `check(x)` returns null when x
 * may be used, else a message saying why not (naming the allowed range). `value` must pass it.
 * The box shows the value rounded for reading (`format`, default displayNumber); `.value` stays exact.
 */
export function checkedRange([min, max], {label, value, step, check = () => null, format = displayNumber} = {}) {
  const form = document.createElement("form");
  form.className = "checked-range";
  const id = `checked-range-${Math.random().toString(36).slice(2)}`;
  const labelEl = document.createElement("label");
  labelEl.textContent = label;
  labelEl.htmlFor = id;
  const row = document.createElement("div");
  row.className = "checked-range-row";
  const box = document.createElement("input");
  box.type = "text";
  box.inputMode = "decimal";
  box.id = id;
  box.size = 9;
  const slider = document.createElement("input");
  slider.type = "range";
  slider.step = step === undefined ? "any" : String(step);
  slider.setAttribute("aria-label", label);
  const error = document.createElement("div");
  error.className = "input-error";
  error.setAttribute("role", "alert");
  error.id = `${id}-error`;
  box.setAttribute("aria-describedby", error.id);
  row.append(box, slider);
  form.append(labelEl, row, error);
  form.addEventListener("submit", (event) => event.preventDefault());

  // The slider spans [min, max] widened to hold the value in force (never clamps it).
  const show = (x) => {
    slider.min = String(Math.min(min, x));
    slider.max = String(Math.max(max, x));
    slider.value = String(x);
    box.value = format(x);
  };
  form.value = value;
  show(value);

  const accept = (x) => {
    error.textContent = "";
    box.removeAttribute("aria-invalid");
    form.value = x;
    show(x);
    form.dispatchEvent(new Event("input", {bubbles: true}));
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
    accept(Number(typed.trim()));
  });
  return form;
}
