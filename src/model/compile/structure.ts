/**
 * Compile step 5, structure: the transitions over the expanded states in compressed sparse rows
 * (for the row check and results) and columns (for the propagation m_t = m_{t-1} P_t), the
 * transition values attached to their entries, and the state values as (state, value) pairs.
 * A time-in-state state's tunnel k moves to tunnel k + 1 on staying (the last tunnel stays).
 */
import type { Problems } from "../errors.js";
import type { DeclEntry, DeclTrans, DeclValue } from "./declarations.js";
import type { Src, TunnelInstances } from "./tunnels.js";
import type { CompiledModel, DeclaredState, ValueInfo } from "./types.js";

export type Structure = Pick<
  CompiledModel,
  | "rowStart"
  | "entryTo"
  | "entrySrc"
  | "entryFrom"
  | "entryDeclFrom"
  | "entryDeclTo"
  | "entryTunnel"
  | "rowComplement"
  | "colStart"
  | "colSrc"
  | "entryPos"
  | "expandedState"
  | "transValues"
  | "transDecl"
  | "pairs"
>;

export interface Resolved {
  rows: Array<Array<DeclEntry & { r: Src | null }>>;
  values: Array<DeclValue & { r: Src }>;
  trans: Array<DeclTrans & { r: Src }>;
}

export function structureOf(
  states: DeclaredState[],
  values: ValueInfo[],
  nExpanded: number,
  resolved: Resolved,
  tunnels: TunnelInstances,
  problems: Problems,
): Structure {
  const rowStartArr: number[] = [0];
  const eTo: number[] = [];
  const eSrc: number[] = [];
  const eFrom: number[] = [];
  const eDeclFrom: number[] = [];
  const eDeclTo: number[] = [];
  const eTunnel: number[] = [];
  const rowComplement = new Int32Array(nExpanded).fill(-1);
  const expandedState = new Int32Array(nExpanded);
  const transValues: CompiledModel["transValues"] = [];
  states.forEach((st, s) => {
    for (let k = 1; k <= st.tunnels; k++) {
      const i = st.base + k - 1;
      expandedState[i] = s;
      for (const e of resolved.rows[s]) {
        let to: number;
        if (e.to === s) to = st.timeInState ? st.base + Math.min(k, st.tunnels - 1) : st.base;
        else to = states[e.to].base;
        const entry = eTo.length;
        eTo.push(to);
        eFrom.push(i);
        eDeclFrom.push(s);
        eDeclTo.push(e.to);
        eTunnel.push(st.timeInState ? k : 0);
        if (e.complement) {
          eSrc.push(-1);
          rowComplement[i] = entry;
        } else {
          const base = tunnels.srcOf(e.r!, s);
          eSrc.push(e.r!.tis ? base + k - 1 : base);
        }
        resolved.trans.forEach((t, decl) => {
          if (t.from === s && t.to === e.to) {
            const b = tunnels.srcOf(t.r, s);
            transValues.push({ entry, value: t.value, src: t.r.tis ? b + k - 1 : b, decl });
          }
        });
      }
      rowStartArr.push(eTo.length);
    }
  });
  // A transition value on a move the model never makes is almost certainly a mistake.
  resolved.trans.forEach((t) => {
    if (!resolved.rows[t.from].some((e) => e.to === t.to)) {
      problems.add(
        t.where,
        `there is no transition from "${states[t.from].id}" to "${states[t.to].id}" in the matrix`,
        `${states[t.from].id} -> ${states[t.to].id}`,
      );
    }
  });
  problems.throwIfAny("invalid model");
  return {
    rowStart: Int32Array.from(rowStartArr),
    entryTo: Int32Array.from(eTo),
    entrySrc: Int32Array.from(eSrc),
    entryFrom: Int32Array.from(eFrom),
    entryDeclFrom: Int32Array.from(eDeclFrom),
    entryDeclTo: Int32Array.from(eDeclTo),
    entryTunnel: Int32Array.from(eTunnel),
    rowComplement,
    ...columns(nExpanded, eTo, eFrom),
    expandedState,
    transValues,
    transDecl: resolved.trans.map((t) => ({ from: states[t.from].id, to: states[t.to].id, value: values[t.value].id })),
    pairs: resolved.values.map((v) => ({
      state: v.state,
      value: v.value,
      src: tunnels.srcOf(v.r, v.state),
      perTunnel: v.r.tis,
      text: v.text,
    })),
  };
}

/** Compressed sparse columns of the expanded transition entries (stable within each column). */
function columns(
  nExpanded: number,
  to: number[],
  from: number[],
): { colStart: Int32Array; colSrc: Int32Array; entryPos: Int32Array } {
  const colStart = new Int32Array(nExpanded + 1);
  for (const j of to) colStart[j + 1]++;
  for (let j = 0; j < nExpanded; j++) colStart[j + 1] += colStart[j];
  const fill = colStart.slice(0, nExpanded);
  const colSrc = new Int32Array(to.length);
  const entryPos = new Int32Array(to.length);
  for (let e = 0; e < to.length; e++) {
    const q = fill[to[e]]++;
    colSrc[q] = from[e];
    entryPos[e] = q;
  }
  return { colStart, colSrc, entryPos };
}
