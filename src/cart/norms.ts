/**
 * EQ-5D-3L population norms by age (and, for England, sex): for England (the NICE severity modifier's QALY shortfall, and
 * the UK preset's age adjustment and cap of health-state utilities, u_age_multiplier and u_utility_cap in
 * src/cart/model.ts) and for the United States (the US preset's age adjustment and cap).
 *
 * England:
 * Source: Hernández Alava M, Pudney S, Wailoo A. Estimating EQ-5D by age and sex for the UK. NICE DSU
 * report, 2022 (the source NICE DSU recommends for the severity modifier): expected EQ-5D-3L (MVH value
 * set) by single year of age and sex from the ALDVMM model of the Health Survey for England 2014, as
 * tabulated to 4 decimals in the QALY Shortfall Calculator (Schneider et al.; column dsu_2014). Source
 * id HERNANDEZALAVA2022 in data/cart/sources.csv; the same table, with its provenance, is
 * data/norms/uk-eq5d3l-hse2014-dsu.csv (tests/cart/severity.test.ts checks that they agree).
 * It is a module rather than a file read at run time so that the report's pages use it without a
 * loader. Ages 16-100; younger ages use the value at 16 and older ages the value at 100.
 */
import type { TableSpec } from "../model/spec/spec.js";

/** First age of the table (years). */
export const NORMS_FIRST_AGE = 16;

const FEMALE = [
  0.9103, 0.9109, 0.9112, 0.9114, 0.9115, 0.9113, 0.9111, 0.9106, 0.9101, 0.9094, 0.9086, 0.9077, 0.9066, 0.9055,
  0.9042, 0.9028, 0.9013, 0.8998, 0.8981, 0.8963, 0.8945, 0.8925, 0.8905, 0.8883, 0.8861, 0.8838, 0.8814, 0.879, 0.8764,
  0.8738, 0.871, 0.8682, 0.8654, 0.8624, 0.8594, 0.8562, 0.853, 0.8498, 0.8464, 0.8429, 0.8394, 0.8358, 0.8321, 0.8283,
  0.8245, 0.8206, 0.8165, 0.8124, 0.8082, 0.8039, 0.7996, 0.7951, 0.7905, 0.7859, 0.7812, 0.7763, 0.7714, 0.7664,
  0.7613, 0.7561, 0.7507, 0.7453, 0.7398, 0.7342, 0.7285, 0.7227, 0.7167, 0.7107, 0.7045, 0.6983, 0.692, 0.6855, 0.6789,
  0.6723, 0.6655, 0.6587, 0.6517, 0.6447, 0.6376, 0.6304, 0.6231, 0.6158, 0.6084, 0.6009, 0.5934,
];
const MALE = [
  0.9446, 0.9433, 0.942, 0.9406, 0.9392, 0.9378, 0.9363, 0.9348, 0.9332, 0.9317, 0.93, 0.9284, 0.9267, 0.925, 0.9232,
  0.9214, 0.9196, 0.9177, 0.9158, 0.9138, 0.9118, 0.9098, 0.9077, 0.9056, 0.9034, 0.9012, 0.899, 0.8967, 0.8943, 0.8919,
  0.8895, 0.887, 0.8845, 0.882, 0.8793, 0.8767, 0.874, 0.8712, 0.8684, 0.8656, 0.8627, 0.8598, 0.8568, 0.8538, 0.8507,
  0.8476, 0.8444, 0.8412, 0.8379, 0.8346, 0.8313, 0.8278, 0.8244, 0.8209, 0.8174, 0.8138, 0.8101, 0.8065, 0.8027, 0.799,
  0.7952, 0.7913, 0.7875, 0.7835, 0.7796, 0.7756, 0.7715, 0.7675, 0.7634, 0.7592, 0.755, 0.7508, 0.7466, 0.7424, 0.7381,
  0.7338, 0.7295, 0.7252, 0.7208, 0.7165, 0.7121, 0.7077, 0.7033, 0.699, 0.6946,
];

/** The norms as a model table: key Age (16-100), columns Female and Male (EQ-5D-3L utility). */
export const UK_EQ5D3L_NORMS: TableSpec = {
  key: "Age",
  columns: { Age: FEMALE.map((_, i) => NORMS_FIRST_AGE + i), Female: FEMALE, Male: MALE },
  source: "data/norms/uk-eq5d3l-hse2014-dsu.csv (Hernández Alava, Pudney & Wailoo 2022, NICE DSU; HSE 2014)",
};

/**
 * US EQ-5D-3L index population norms (US TTO value set), by age group, both sexes together: Szende A,
 * Janssen B, Cabasés J (eds). Self-Reported Population Health: An International Perspective based on
 * EQ-5D. Springer 2014, chapter 3, Table 3.6 "EQ-5D index population norms (country-specific TTO value
 * sets)", United States (survey data of 2000-2002). Source id SZENDE2014 in data/cart/sources.csv; the same
 * table, with its provenance, is data/norms/us-eq5d3l-szende2014-tto.csv (tests/cart/age-utility.test.ts
 * checks that they agree). The table does not give men and women apart, so both columns are the same:
 * the US preset's cap and age ratio do not differ by sex. Age groups 18-24, ..., 65-74, 75+; ages below
 * 18 read the 18-24 value.
 */
const US_TTO = [0.924, 0.912, 0.889, 0.855, 0.83, 0.817, 0.755];

/** The US norms as a model table: key Age (the first age of each group), columns Female and Male (the same). */
export const US_EQ5D3L_NORMS: TableSpec = {
  key: "Age",
  columns: { Age: [18, 25, 35, 45, 55, 65, 75], Female: [...US_TTO], Male: [...US_TTO] },
  source: "data/norms/us-eq5d3l-szende2014-tto.csv (Szende, Janssen & Cabasés 2014, Table 3.6, US TTO value set)",
};

/** A jurisdiction's population norms for health-state utilities: the table and how the report names it. */
export interface PopulationNorms {
  table: TableSpec;
  /** Short name in sentences: "EQ-5D-3L norms for England (HSE 2014)". */
  label: string;
  /** Source id in data/cart/sources.csv. */
  sourceId: string;
}

export const ENGLAND_NORMS: PopulationNorms = {
  table: UK_EQ5D3L_NORMS,
  label: "EQ-5D-3L norms for England (HSE 2014)",
  sourceId: "HERNANDEZALAVA2022",
};

export const US_NORMS: PopulationNorms = {
  table: US_EQ5D3L_NORMS,
  label: "US EQ-5D-3L norms (US TTO value set, 2000-2002; not by sex)",
  sourceId: "SZENDE2014",
};

/**
 * A table's value for `age` in one column, as the model's formulas read it: the last row whose age is at
 * most `age` (the engine's lookup, docs/model-spec.md, Tables), and the first row for ages below it (the
 * formulas clamp the age with max(age, first age), as the engine's lookup refuses a key below the first).
 */
export function normAtAge(norms: TableSpec, column: "Female" | "Male", age: number): number {
  const ages = norms.columns[norms.key];
  let i = 0;
  while (i + 1 < ages.length && ages[i + 1] <= age) i++;
  return norms.columns[column][i];
}
