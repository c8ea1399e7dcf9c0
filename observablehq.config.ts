// Observable Framework 1.13.4 configuration. The options below were checked against
// node_modules/@observablehq/framework/dist/config.js (normalizeConfig), not the docs site.
export default {
  root: "src",
  title: "CAR T cost & access",

  // Framework's default globalStylesheets load Source Serif 4 from a web-font service at
  // run time; offline readers would see a failed request. The theme's fallback serif is used.
  globalStylesheets: [],
  style: "style.css",

  // Shipped in src/ so the browser never asks for a missing /favicon.ico. Framework copies
  // local files referenced from `head` into dist/_file/ with a content hash.
  head: '<link rel="icon" href="favicon.svg" type="image/svg+xml">',

  // `cleanUrls: false` is deprecated in 1.13.4 (it prints a warning); these two options are
  // its replacement. Links then point at real files (./index.html, ./foo.html), so the built
  // site works from any static host, or from disk, without URL rewriting.
  preserveExtension: true,
  preserveIndex: true,

  pages: [
    { name: "Overview", path: "/index" },
    { name: "Scenario explorer", path: "/explorer" },
    { name: "Compare scenarios", path: "/compare" },
    { name: "Incremental analysis", path: "/incremental" },
    { name: "Summary (print)", path: "/summary" },
    { name: "Access & budget", path: "/access" },
    { name: "Parameters", path: "/parameters" },
    { name: "Uncertainty", path: "/uncertainty" },
    { name: "Methods", path: "/methods" },
    { name: "Validation", path: "/validation" },
    { name: "Notebook example: durability", path: "/durability" },
  ],

  footer: "cartecon — CAR T cost &amp; access modelling toolkit.",

  // Off until there are enough pages to search; it would add a client-side index.
  search: false,
};
