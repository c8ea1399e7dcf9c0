// Arquero for code that runs in the browser (pages and components):
//   import * as aq from "./components/arquero.js";
//
// Not `import * as aq from "arquero"`: Framework 1.13.4 bundles that entry for the browser
// with arquero's Node file reader inside (src/format/stream/byte-stream.js, which imports
// node:fs/promises and node:stream), because rollup-plugin-esbuild resolves the relative
// import before @rollup/plugin-node-resolve can apply arquero's package.json "browser"
// mapping to byte-stream-web.js. The browser then cannot load the module and every cell
// that uses arquero fails. arquero's own UMD build (dist/arquero.js, same version, with
// @uwdata/flechette inside) is browser-ready; Framework bundles it from node_modules as a
// CommonJS module whose default export is the arquero namespace. This file re-exports the
// parts the pages use as named exports, so pages import it like the package itself.
//
// Browser only: under Node this UMD file loads as an ES module without exports, so code
// that runs in Node (engine, CLI, tests) imports "arquero" itself.
import arquero from "arquero/dist/arquero.js";

export const table = arquero.table;
export const from = arquero.from;
export const fromCSV = arquero.fromCSV;
export const toCSV = arquero.toCSV;
export const op = arquero.op;
export const desc = arquero.desc;
export const escape = arquero.escape;
export const not = arquero.not;
export const all = arquero.all;
export default arquero;
