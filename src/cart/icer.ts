/**
 * Where an increment against a comparator sits on the cost-effectiveness plane (Drummond et al.,
 * Methods for the Economic Evaluation of Health Care Programmes, 4th ed., 2015, ch. 4), so no table
 * or CSV prints a negative ratio: ΔC / ΔQ < 0 mixes "cheaper and better" with "dearer and worse".
 */

/** "ICER" (more costly, more QALYs), "dominant", "dominated", or cheaper with fewer QALYs (the ratio is a saving per QALY lost). */
export type IcerStatus = "ICER" | "dominant" | "dominated" | "cheaper, fewer QALYs";

/** "dominant", "dominated" or the ratio ΔC / ΔQ of an increment (cheaper with fewer QALYs: the saving per QALY lost). */
export function icerOf(dC: number, dQ: number): number | "dominant" | "dominated" {
  // Cheaper at the same QALYs dominates too (it gave dC / 0 = -Infinity); the same cost and QALYs gains nothing.
  if (dQ >= 0 && dC <= 0 && (dQ > 0 || dC < 0)) return "dominant";
  return dQ <= 0 && dC >= 0 ? "dominated" : dC / dQ;
}

/** The quadrant of an increment, in the words of IcerStatus (same boundaries as icerOf). */
export function icerStatus(dC: number, dQ: number): IcerStatus {
  const x = icerOf(dC, dQ);
  if (typeof x === "string") return x;
  return dQ > 0 ? "ICER" : "cheaper, fewer QALYs";
}

/**
 * The `icer` and `icer_status` columns of a results table: the ratio only where it is an ICER
 * (more costly and more QALYs), null otherwise; both null when there is no increment (SoC's own row).
 */
export function icerColumns(
  dC: number | null | undefined,
  dQ: number | null | undefined,
): { icer: number | null; icer_status: IcerStatus | null } {
  if (dC == null || dQ == null) return { icer: null, icer_status: null };
  const status = icerStatus(dC, dQ);
  return { icer: status === "ICER" ? dC / dQ : null, icer_status: status };
}

/**
 * What a table's ICER column shows for an increment: the ICER written by `num`, "dominant",
 * "dominated", or for a cheaper strategy with fewer QALYs "saves <ratio> per QALY lost"; never a
 * negative number. `unit` names the effect for that saving when it is not the QALY (e.g. "evLY").
 */
export function icerLabel(dC: number, dQ: number, num: (x: number) => string, unit = "QALY"): string {
  const status = icerStatus(dC, dQ);
  if (status === "ICER") return num(dC / dQ);
  if (status === "cheaper, fewer QALYs") return `saves ${num(dC / dQ)} per ${unit} lost`;
  return status;
}
