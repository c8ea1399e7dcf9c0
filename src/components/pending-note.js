// A note where a section of a page waits for something (the Uncertainty page: the model's
// parameters, listed by the worker in seconds on a busy machine), so the section is not empty with
// no word meanwhile. The page places it; it hides itself when the promise settles.
import { html } from "htl";

/**
 * A muted note saying `text` until `promise` settles, then hidden (kept in place, so a test or a
 * reader's tool finds the same element). A rejection hides it too: the cells that read the value
 * show the error.
 * @param {Promise<unknown>} promise
 * @param {string} text
 * @returns {HTMLParagraphElement}
 */
export function pendingNote(promise, text) {
  /** @type {HTMLParagraphElement} */
  const note = html`<p class="pending-note">${text}</p>`;
  const hide = () => {
    note.hidden = true;
  };
  promise.then(hide, hide);
  return note;
}
