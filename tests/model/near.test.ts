/**
 * editDistance(a, b, options) and nearest(name, known): the one Levenshtein distance of the project
 * (schema field names, VOI columns, CAR T parameter ids). Expected distances are worked by hand in
 * the comments (insertions, deletions and substitutions cost 1 each).
 */
import { describe, expect, test } from "vitest";
import { editDistance, nearest } from "../../src/model/spec/near.js";

describe("editDistance(a, b)", () => {
  test("editDistance(a, b) is the textbook distance of kitten and sitting", () => {
    // kitten -> sitten (k->s), sitten -> sittin (e->i), sittin -> sitting (insert g): 3, and no
    // shorter path exists because the lengths differ by 1 and two of the six aligned letters differ.
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("sitting", "kitten")).toBe(3);
  });

  test("editDistance(a, b) of an empty string is the other's length", () => {
    // "" -> "abc": three insertions.
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("abc", "")).toBe(3);
    expect(editDistance("", "")).toBe(0);
  });

  test("editDistance(a, b) ignores case by default and counts it with caseSensitive", () => {
    // "Cost" vs "cost": lower-cased they are equal (0); as typed only C/c differs (1 substitution).
    expect(editDistance("Cost", "cost")).toBe(0);
    expect(editDistance("Cost", "cost", { caseSensitive: true })).toBe(1);
    // "P_Response" vs "p_respons": lower-cased, one deletion of the final e (1); case-sensitive,
    // also P/p and R/r are substitutions (1 + 2 = 3).
    expect(editDistance("P_Response", "p_respons")).toBe(1);
    expect(editDistance("P_Response", "p_respons", { caseSensitive: true })).toBe(3);
  });

  test("editDistance(a, b, {maxLengthDifference}) is Infinity only when the lengths differ by more", () => {
    // "p_respon" (8) vs "p_response" (10): two insertions (2); lengths differ by exactly 2.
    expect(editDistance("p_respon", "p_response", { maxLengthDifference: 2 })).toBe(2);
    // "p_respo" (7) vs "p_response" (10): three insertions would be 3, but 10 - 7 = 3 > 2.
    expect(editDistance("p_respo", "p_response")).toBe(3);
    expect(editDistance("p_respo", "p_response", { maxLengthDifference: 2 })).toBe(Infinity);
  });

  test("editDistance(a, b, {maxLength}) is Infinity when a is longer than the cap", () => {
    // "a" * 65 vs "a" * 64: one deletion (1) without the cap; a has 65 > 64 characters.
    const a65 = "a".repeat(65);
    expect(editDistance(a65, "a".repeat(64))).toBe(1);
    expect(editDistance(a65, "a".repeat(64), { maxLength: 64 })).toBe(Infinity);
    // 64 characters is within the cap: "a" * 64 vs "a" * 63 + "b" is one substitution.
    expect(editDistance("a".repeat(64), "a".repeat(63) + "b", { maxLength: 64 })).toBe(1);
  });

  test("editDistance(a, b, options) applies the caps after lower-casing when case is ignored", () => {
    // "U_ACTVIE" vs "u_active": lower-cased, "actvie" -> "active" swaps v and i, two substitutions (2);
    // same length, so maxLengthDifference 0 does not apply.
    expect(editDistance("U_ACTVIE", "u_active", { maxLengthDifference: 0 })).toBe(2);
    // Case-sensitive, the two share only "_" (upper- and lower-case letters differ), in the same
    // place: 7 substitutions, and no path is shorter since equal lengths need at least 8 - 1 edits.
    expect(editDistance("U_ACTVIE", "u_active", { caseSensitive: true })).toBe(7);
  });
});

describe("nearest(name, known)", () => {
  test("nearest(name, known) suggests a name within max(2, length / 3) edits, ignoring case", () => {
    // "Horizn" vs "horizon": one insertion of o (1 <= 2).
    expect(nearest("Horizn", ["horizon", "states"])).toBe("horizon");
    // "xyz" vs "horizon": at least 7 - 3 = 4 edits, more than max(2, 1) = 2.
    expect(nearest("xyz", ["horizon"])).toBeUndefined();
  });
});
