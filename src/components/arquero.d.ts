// Types for ./arquero.js: the arquero namespace, typed from the package's own declarations.
import type * as Arquero from "arquero";

declare const aq: typeof Arquero;
export default aq;
