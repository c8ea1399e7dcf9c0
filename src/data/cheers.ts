/**
 * The CHEERS 2022 reporting checklist (Husereau D, Drummond M, Augustovski F, et al. Consolidated
 * Health Economic Evaluation Reporting Standards 2022 (CHEERS 2022) statement: updated reporting
 * guidance for health economic evaluations. BMJ 2022;376:e067975, doi:10.1136/bmj-2021-067975;
 * also Value Health 2022;25(1):3-9), 28 items, with where this toolkit addresses each one.
 *
 * The guidance column paraphrases each item briefly; read the statement for its wording. This is a
 * toolkit, not a study: items about a particular study (abstract, analysis plan, funding, conflicts
 * of interest) are for the analyst who reports a study made with it. The status says honestly what
 * the toolkit provides today. The data loader checks that every file and page named here exists.
 */

export type CheersStatus = "Reported" | "Partly reported" | "Not reported";

export interface CheersItem {
  item: number;
  section: string;
  topic: string;
  guidance: string;
  status: CheersStatus;
  /** Where the toolkit addresses the item: pages of the report and files of the repository. */
  pages: string[];
  files: string[];
  note: string;
}

export const CHEERS_CITATION =
  "Husereau D, Drummond M, Augustovski F, et al. Consolidated Health Economic Evaluation Reporting Standards 2022 (CHEERS 2022) statement: updated reporting guidance for health economic evaluations. BMJ 2022;376:e067975. doi:10.1136/bmj-2021-067975";

export const CHEERS_2022: CheersItem[] = [
  {
    item: 1,
    section: "Title",
    topic: "Title",
    guidance: "Identify the study as an economic evaluation; name the interventions compared.",
    status: "Partly reported",
    pages: ["/index"],
    files: ["observablehq.config.ts"],
    note: "The report and every results table name the comparison (three CAR T platforms vs lifelong standard of care). A study made with the toolkit needs its own title.",
  },
  {
    item: 2,
    section: "Abstract",
    topic: "Abstract",
    guidance: "Structured summary: context, key methods, results, alternative analyses.",
    status: "Not reported",
    pages: ["/index"],
    files: ["README.md"],
    note: "The Overview and the README summarise the toolkit, not a study; there is no structured abstract.",
  },
  {
    item: 3,
    section: "Introduction",
    topic: "Background and objectives",
    guidance: "Context, study question, relevance for decisions.",
    status: "Reported",
    pages: ["/index"],
    files: ["README.md", "docs/methods.md"],
    note: "The question (at what price, for whom and with what durability one-time CAR T beats lifelong therapy) and the decision problem per disease.",
  },
  {
    item: 4,
    section: "Methods",
    topic: "Health economic analysis plan",
    guidance: "Whether an analysis plan was developed, and where it is available.",
    status: "Not reported",
    pages: [],
    files: ["docs/model-spec.md", "docs/methods.md"],
    note: "No health economic analysis plan was written or registered. The model specification and the methods document describe the model; they are not a pre-specified plan.",
  },
  {
    item: 5,
    section: "Methods",
    topic: "Study population",
    guidance: "Characteristics of the population (age, sex, clinical characteristics).",
    status: "Reported",
    pages: ["/parameters"],
    files: ["data/cart/diseases.csv"],
    note: "Population per disease (diseases.csv); age_start, p_male, f_damage0 and f_controlled0 per disease in the parameter tables. Mostly assumptions (see the evidence gaps above).",
  },
  {
    item: 6,
    section: "Methods",
    topic: "Setting and location",
    guidance: "Context that may influence the findings.",
    status: "Partly reported",
    pages: ["/explorer"],
    files: ["src/cart/presets.ts", "docs/methods.md", "data/lifetables/README.md"],
    note: "Two jurisdictions through presets (United States, United Kingdom), each with its own life table (US 2015; ONS 2018–2020 for the UK), population, capacity and threshold; resource use is not setting-specific beyond currency and price-year conversion.",
  },
  {
    item: 7,
    section: "Methods",
    topic: "Comparators",
    guidance: "Interventions or strategies compared, and why.",
    status: "Reported",
    pages: ["/methods", "/explorer"],
    files: ["docs/methods.md", "data/cart/diseases.csv"],
    note: "Lifelong standard of care (comparator regimen per disease) vs bespoke autologous, off-the-shelf allogeneic and in-vivo CAR T.",
  },
  {
    item: 8,
    section: "Methods",
    topic: "Perspective",
    guidance: "Perspective(s) adopted, and why.",
    status: "Reported",
    pages: ["/methods"],
    files: ["src/cart/presets.ts", "docs/methods.md"],
    note: "US: health-care sector (ICER reference case); UK: NHS and personal social services (NICE reference case). No societal perspective (productivity, carers) is implemented.",
  },
  {
    item: 9,
    section: "Methods",
    topic: "Time horizon",
    guidance: "Time horizon, and why it is appropriate.",
    status: "Reported",
    pages: ["/methods", "/explorer"],
    files: ["docs/methods.md"],
    note: "Lifetime (to age 100 by default; the explorer changes it): the comparator is lifelong therapy and CAR T a one-time treatment, so costs and effects accrue over the remaining lifetime.",
  },
  {
    item: 10,
    section: "Methods",
    topic: "Discount rate",
    guidance: "Discount rate(s), and why chosen.",
    status: "Reported",
    pages: ["/methods", "/explorer"],
    files: ["src/cart/presets.ts"],
    note: "US 3% for costs and outcomes (ICER); UK 3.5% (NICE), with the 1.5% scenario; both adjustable in the explorer.",
  },
  {
    item: 11,
    section: "Methods",
    topic: "Selection of outcomes",
    guidance: "Outcomes used as measures of benefit and harm.",
    status: "Reported",
    pages: ["/methods"],
    files: ["docs/methods.md"],
    note: "QALYs, life years, evLYG (US), costs by component; harms: treatment-related death, CRS, ICANS, infections and IVIG during B-cell aplasia, infusion QALY loss.",
  },
  {
    item: 12,
    section: "Methods",
    topic: "Measurement of outcomes",
    guidance: "How the outcomes capturing benefit and harm were measured.",
    status: "Partly reported",
    pages: ["/parameters"],
    files: ["data/cart/sources.csv"],
    note: "Remission, relapse, damage and safety inputs come from case series, registries and assumptions, each row with its source and status; there was no systematic review or evidence synthesis.",
  },
  {
    item: 13,
    section: "Methods",
    topic: "Valuation of outcomes",
    guidance: "Population and methods used to value outcomes.",
    status: "Partly reported",
    pages: ["/parameters"],
    files: ["data/cart/sources.csv"],
    note: "Health-state utilities per disease from published studies or assumptions, with the source per row; no single instrument or value set is enforced across diseases.",
  },
  {
    item: 14,
    section: "Methods",
    topic: "Measurement and valuation of resources and costs",
    guidance: "How resource use and costs were valued.",
    status: "Reported",
    pages: ["/parameters"],
    files: ["data/cart/sources.csv", "data/README.md"],
    note: "Every cost row states its unit (per year, per infusion, per episode), currency, price year, source and status.",
  },
  {
    item: 15,
    section: "Methods",
    topic: "Currency, price date, and conversion",
    guidance: "Dates of resource quantities and unit costs; currency and year of conversion.",
    status: "Reported",
    pages: ["/methods"],
    files: ["data/cart/exchange-rates.csv", "data/cart/price-index.csv", "docs/methods.md"],
    note: "Annual average exchange rate of the row's price year, then the target currency's price index to USD 2025 (US) or GBP 2024 (UK); every cost the report shows states its currency and price year.",
  },
  {
    item: 16,
    section: "Methods",
    topic: "Rationale and description of model",
    guidance: "Model described in detail, why it was used, whether it is publicly available.",
    status: "Reported",
    pages: ["/methods"],
    files: ["docs/methods.md", "docs/model-spec.md", "src/cart/model.ts"],
    note: "Cohort state-transition model with monthly cycles and tunnel states for time since infusion (diagram and equations above); open source code; the model is an ordinary JSON specification run by the general engine.",
  },
  {
    item: 17,
    section: "Methods",
    topic: "Analytics and assumptions",
    guidance: "Methods of analysis; structural and other assumptions.",
    status: "Reported",
    pages: ["/methods", "/validation"],
    files: ["docs/methods.md", "docs/validation.md"],
    note: "Equations and structural assumptions above; engine checks against closed forms and published examples on the Validation page.",
  },
  {
    item: 18,
    section: "Methods",
    topic: "Characterising heterogeneity",
    guidance: "How results vary between subgroups.",
    status: "Partly reported",
    pages: ["/index", "/explorer"],
    files: ["src/cart/model.ts"],
    note: "Results per disease (six parameter sets), women and men as weighted cohorts, intention-to-treat and per-infused-patient results, age at treatment in the explorer. No subgroup analyses within a disease.",
  },
  {
    item: 19,
    section: "Methods",
    topic: "Characterising distributional effects",
    guidance: "How impacts are distributed across individuals; adjustments for priority populations.",
    status: "Partly reported",
    pages: ["/access"],
    files: ["docs/methods.md", "data/access/sources.csv"],
    note: "Who gets CAR T when manufacturing and treatment centres limit it is modelled on the Access page (first come first served or most severe first; waits, deaths and irreversible damage while waiting, by platform). No distributional cost-effectiveness analysis or equity weights; the NICE severity modifier (UK) is a QALY weight, not a distributional analysis.",
  },
  {
    item: 20,
    section: "Methods",
    topic: "Characterising uncertainty",
    guidance: "Methods used to characterise sources of uncertainty.",
    status: "Reported",
    pages: ["/uncertainty", "/explorer", "/parameters", "/durability"],
    files: ["data/cart/sources.csv", "docs/uncertainty.md"],
    note: "Every parameter has a low/high range and a distribution, and is labelled seen, calculated or assumption; one-way (tornado), two-way and threshold analyses, probabilistic sensitivity analysis (seeded, reproducible from the link) with acceptability curves and value of information (EVPI, EVPPI by regression metamodel); scenario analyses (durability, cost-offset scenarios, discount rates, presets) and interactive changes of any input.",
  },
  {
    item: 21,
    section: "Methods",
    topic: "Approach to engagement with patients and others affected by the study",
    guidance: "Any approach to engage patients, the public, communities or stakeholders in the design.",
    status: "Not reported",
    pages: [],
    files: [],
    note: "No patients, carers, clinicians or other stakeholders were engaged in designing the model.",
  },
  {
    item: 22,
    section: "Results",
    topic: "Study parameters",
    guidance: "Values, ranges, references and distributions of all parameters.",
    status: "Reported",
    pages: ["/parameters"],
    files: ["data/cart/sources.csv", "data/cart/diseases.csv"],
    note: "data/cart/parameters-*.csv: value, low, high, distribution, unit, currency, price year, status and source for every row; shown and editable on the Parameters page.",
  },
  {
    item: 23,
    section: "Results",
    topic: "Summary of main results",
    guidance: "Mean costs and outcomes of the main categories, and the overall measure.",
    status: "Reported",
    pages: ["/index", "/explorer"],
    files: ["docs/cli.md"],
    note: "Costs by component, QALYs, life years, incremental results, ICER or dominance, net monetary benefit, cost-parity year and threshold prices, per scenario; also from the CLI (cartecon cart).",
  },
  {
    item: 24,
    section: "Results",
    topic: "Effect of uncertainty",
    guidance: "How uncertainty about judgements, inputs or projections affects the findings.",
    status: "Reported",
    pages: ["/uncertainty", "/summary", "/explorer", "/durability"],
    files: ["docs/uncertainty.md"],
    note: "Tornado, two-way map, cost-effectiveness plane, acceptability curves and frontier, expected loss, EVPI and EVPPI (Uncertainty page); the PSA's means and intervals beside the deterministic results (Summary); threshold prices under each cost-offset scenario, the effect of any input changed in the explorer, and the durability scenarios.",
  },
  {
    item: 25,
    section: "Results",
    topic: "Effect of engagement with patients and others affected by the study",
    guidance: "What difference engagement made to the approach or findings.",
    status: "Not reported",
    pages: [],
    files: [],
    note: "No engagement took place (item 21).",
  },
  {
    item: 26,
    section: "Discussion",
    topic: "Study findings, limitations, generalisability, and current knowledge",
    guidance: "Key findings, limitations, ethical or equity considerations, and what they mean for patients, policy or practice.",
    status: "Partly reported",
    pages: ["/index", "/methods"],
    files: ["docs/methods.md"],
    note: "Limitations are stated: the defaults are exploratory, most CAR T inputs are assumptions, no published CEA of CAR T in autoimmune disease exists to compare with, one life table for both presets. The toolkit draws no study conclusions.",
  },
  {
    item: 27,
    section: "Other relevant information",
    topic: "Source of funding",
    guidance: "How the study was funded and the funder's role.",
    status: "Not reported",
    pages: [],
    files: [],
    note: "To be stated by the analyst reporting a study made with the toolkit.",
  },
  {
    item: 28,
    section: "Other relevant information",
    topic: "Conflicts of interest",
    guidance: "Authors' conflicts of interest.",
    status: "Not reported",
    pages: [],
    files: [],
    note: "To be stated by the analyst reporting a study made with the toolkit.",
  },
];

/** Page names where the sidebar (observablehq.config.ts) does not list a page. */
export const PAGE_NAMES: Record<string, string> = {
  "/index": "Overview",
  "/explorer": "Scenario explorer",
  "/parameters": "Parameters",
  "/methods": "Methods",
  "/validation": "Validation",
  "/durability": "Notebook example: durability",
};

/** Problems with the checklist: wrong numbering, or a file or page it names that does not exist. */
export function cheersProblems(items: CheersItem[], fileExists: (path: string) => boolean, pages: string[]): string[] {
  const problems: string[] = [];
  items.forEach((x, i) => {
    if (x.item !== i + 1) problems.push(`item ${x.item} is in position ${i + 1}`);
    for (const f of x.files) if (!fileExists(f)) problems.push(`item ${x.item}: no file ${f}`);
    for (const p of x.pages) if (!pages.includes(p)) problems.push(`item ${x.item}: no page ${p} (src${p}.md)`);
  });
  if (items.length !== 28) problems.push(`${items.length} items; CHEERS 2022 has 28`);
  return problems;
}
