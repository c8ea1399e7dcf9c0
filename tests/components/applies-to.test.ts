// appliesTo (src/components/words.js, used by the Parameters page editor): the words after a parameter's id on the Parameters
// page, "c_icu (every CAR T platform and …)"; the expected strings are written out by hand.
import { describe, expect, it } from "vitest";
// @ts-expect-error a plain JS component (its types are JSDoc, checked by tsconfig.components.json)
import { appliesTo } from "../../src/components/words.js";

const labels = {
  autologous: "Bespoke autologous CAR T",
  allogeneic: "Off-the-shelf allogeneic CAR T",
  invivo: "In-vivo CAR T",
  ahsct: "Autologous HSCT",
  alemtuzumab: "Alemtuzumab",
};
const view = (strategy: string, readBy: string[]) => ({ strategy, readBy });

describe("appliesTo", () => {
  it("names the strategies that read a row: the three platforms together, then the comparators", () => {
    expect(appliesTo(view("all", []), labels)).toBe("all strategies");
    expect(appliesTo(view("allogeneic", ["allogeneic"]), labels)).toBe("Off-the-shelf allogeneic CAR T");
    expect(appliesTo(view("autologous", ["autologous", "allogeneic", "invivo"]), labels)).toBe("every CAR T platform");
    expect(appliesTo(view("autologous", ["autologous", "allogeneic", "invivo", "ahsct"]), labels)).toBe(
      "every CAR T platform and Autologous HSCT",
    );
    expect(appliesTo(view("autologous", ["autologous", "invivo", "ahsct"]), labels)).toBe(
      "Bespoke autologous CAR T, In-vivo CAR T and Autologous HSCT",
    );
    // A strategy without a label is named by its id; a view without readers by its row's strategy.
    expect(appliesTo(view("cladribine", []), labels)).toBe("cladribine");
  });
});
