// The reader's names of the CAR T model's parameters on the Uncertainty page: one list of the
// strategies' names and one naming rule, so the tornado, the EVPPI bars and groups table, the two-way
// menus and axes and the EVPPI groups editor name a parameter alike. The page's worker sends what to
// name (`ParameterNaming`) with every answer; ids stay in titles, the link and the CSVs.
import { parameterLabel } from "../cart/dictionary.js";

/**
 * @typedef {object} ParameterNaming what the Uncertainty page names, as its worker sends it
 * @property {string[]} ids every parameter the page can name (ranged for the tornado and two-way map,
 *   drawn for the EVPPI): two of them whose short labels read the same are told apart in every view
 * @property {{strategy: string, label: string}[]} comparators every strategy's id and name (comparatorList)
 */

/**
 * Each strategy's id and name, for the names of comparators' variants (`r_relapse__alemtuzumab` →
 * "Relapse rate in remission (Alemtuzumab – immune reconstitution)"); `labels[i]` names `ids[i]`, a
 * strategy without a label is named by its id.
 * @param {readonly string[]} ids
 * @param {readonly (string | null | undefined)[]} [labels] none, or one per id
 * @returns {{strategy: string, label: string}[]}
 */
export function comparatorList(ids, labels = []) {
  if (labels.length > 0 && labels.length !== ids.length)
    throw new Error(`comparatorList: ${labels.length} labels for ${ids.length} strategies (${ids.join(", ")})`);
  return ids.map((strategy, i) => ({ strategy, label: labels[i] ?? strategy }));
}

/**
 * The reader's name of a parameter: its short dictionary label (`parameterLabel`, src/cart/dictionary.ts;
 * a comparator's variant by the comparator's name from `comparators`); where two of `ids` have the same
 * short label, their full descriptions, and where those are the same too, the description and the id.
 * The rule looks at all of `ids`, so a view that shows only one of two such parameters names it as
 * the others do. An id outside `ids` gets its short label.
 * @param {readonly string[]} ids
 * @param {readonly {strategy: string, label: string}[]} [comparators]
 * @returns {(id: string) => string}
 */
export function parameterNamer(ids, comparators = []) {
  const unique = [...new Set(ids)];
  const short = (/** @type {string} */ id) => parameterLabel(id, { short: true, comparators });
  const long = (/** @type {string} */ id) => parameterLabel(id, { comparators });
  /** @param {(id: string) => string} f */
  const counts = (f) => unique.reduce((m, id) => m.set(f(id), (m.get(f(id)) ?? 0) + 1), new Map());
  const [shortN, longN] = [counts(short), counts(long)];
  const names = new Map(
    unique.map((id) => [
      id,
      shortN.get(short(id)) === 1 ? short(id) : longN.get(long(id)) === 1 ? long(id) : `${long(id)} [${id}]`,
    ]),
  );
  return (id) => names.get(id) ?? short(id);
}
