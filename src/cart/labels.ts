/**
 * Labels of health states as a strategy's reader should see them. The CAR T model's states are shared
 * by every one-time strategy (is_cart = 1), so their labels name CAR T ("Drug-free remission after
 * CAR T"); in a one-time comparator's rows (data/cart/comparators.csv, kind one-time: autologous HSCT,
 * alemtuzumab, ...) they name that comparator's own treatment instead. Cost components need no
 * rewording: their labels (CART_VALUES in model.ts) are true for every strategy ("One-time treatment:
 * price"), so a chart's legend and its table say the same. Used by the result tables of the page and
 * the CLI alike.
 */
/** What the labels need of a CartAnalysis: its comparators' ids, labels and kinds. */
interface WithComparators {
  comparators: ReadonlyArray<{ strategy: string; label: string; kind: string }>;
}

/** Wording that names CAR T, most specific first, and what it says for treatment `t`. */
const REWORDING: Array<[string, (t: string) => string]> = [
  ["after CAR T", (t) => `after treatment ${inParentheses(t)}`],
  ["a retreatment product", () => "retreatment"],
  ["the product", () => "treatment"],
  ["Infusion month", () => "Treatment month"],
];

/**
 * `text` in parentheses, readable when it holds parentheses itself: its own bracketed parts become
 * dash-separated, so "Alemtuzumab (immune reconstitution)" reads "(Alemtuzumab – immune
 * reconstitution)", not "(Alemtuzumab (immune reconstitution))".
 */
export function inParentheses(text: string): string {
  const flat = text
    .replace(/\s*\(([^()]*)\)\s*/g, (_, inner: string, at: number, all: string) =>
      at + _.length >= all.length ? ` – ${inner.trim()}` : ` – ${inner.trim()} – `,
    )
    .trim();
  return `(${flat})`;
}

/** `label` reworded for a one-time comparator whose treatment is `treatment`; as it is when `treatment` is undefined. */
export function treatmentLabel(label: string, treatment: string | undefined): string {
  if (treatment === undefined) return label;
  let out = label;
  for (const [from, to] of REWORDING) out = out.split(from).join(to(treatment));
  return out;
}

/** The treatment (comparators.csv label) of each one-time comparator of the analysis, by strategy id. */
export function oneTimeTreatments(a: WithComparators): Map<string, string> {
  return new Map(a.comparators.filter((c) => c.kind === "one-time").map((c) => [c.strategy, c.label]));
}

/** A function giving a component's or state's label in a strategy's rows (see treatmentLabel). */
export function strategyLabeller(a: WithComparators): (strategy: string, label: string) => string {
  const treatments = oneTimeTreatments(a);
  return (strategy, label) => treatmentLabel(label, treatments.get(strategy));
}
