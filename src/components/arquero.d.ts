// Types for ./arquero.js: the arquero namespace, typed from the package's own declarations.
import type * as Arquero from "arquero";

declare const aq: typeof Arquero;
export default aq;
export declare const table: typeof Arquero.table;
export declare const from: typeof Arquero.from;
export declare const fromCSV: typeof Arquero.fromCSV;
export declare const toCSV: typeof Arquero.toCSV;
export declare const op: typeof Arquero.op;
export declare const desc: typeof Arquero.desc;
export declare const escape: typeof Arquero.escape;
export declare const not: typeof Arquero.not;
export declare const all: typeof Arquero.all;
