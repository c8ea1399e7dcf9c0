/**
 * Compile step 4, time in state: which sources may depend on time in state (directly or through a
 * parameter under some strategy or cohort), the check that they are used only in states that
 * declare time in state, and one instance per tunnel of each such source (positions in the
 * environment after all slots).
 */
import type { Problems } from "../errors.js";
import type { Sources } from "./sources.js";
import { TIS_DEPENDENT, type DeclaredState, type Node } from "./types.js";

/** A resolved source: a slot, or (tis) a node instanced per tunnel of the state it is used in. */
export type Src = { src: number; node: Node | null; tis: boolean };

export class TunnelInstances {
  /** Nodes instanced per tunnel, with their state, in order of request. */
  readonly requests: Array<{ node: Node; state: number }> = [];
  /** First instance position per `${node.slot}|${state}` (-1 until `place`). */
  readonly instanceOf = new Map<string, number>();
  /** Nodes standing for a bare parameter reference, so that it can be instanced per tunnel. */
  readonly aliasNodes = new Map<number, Node>();
  private readonly tisMemo = new Map<string, boolean>();

  constructor(
    private readonly sources: Sources,
    private readonly paramDefs: Map<string, Node[]>,
    private readonly states: DeclaredState[],
    private readonly problems: Problems,
  ) {}

  /** Whether parameter `id` may depend on time in state under some strategy or cohort. */
  private paramMayUseTis(id: string, stack: Set<string> = new Set()): boolean {
    if (this.tisMemo.has(id)) return this.tisMemo.get(id)!;
    if (stack.has(id)) return false;
    stack.add(id);
    const r = (this.paramDefs.get(id) ?? []).some((n) => this.namesMayUseTis(n.names, stack));
    stack.delete(id);
    this.tisMemo.set(id, r);
    return r;
  }

  private namesMayUseTis(names: Set<string>, stack?: Set<string>): boolean {
    for (const nm of names) {
      if (TIS_DEPENDENT.has(nm)) return true;
      if ((this.sources.paramIndex.has(nm) || this.sources.derivedSlots.has(nm)) && this.paramMayUseTis(nm, stack))
        return true;
    }
    return false;
  }

  private srcMayUseTis(src: number, node: Node | null): boolean {
    if (node) return this.namesMayUseTis(node.names);
    const p = this.sources.parameters.find((q) => q.slot === src);
    return p ? this.paramMayUseTis(p.id) : false;
  }

  /** Whether the source may depend on time in state; a problem if it does where `state` (null: no state) does not declare it. */
  check(src: number, node: Node | null, where: string, state: number | null, what: string): boolean {
    if (!this.srcMayUseTis(src, node)) return false;
    const { states } = this;
    if (state === null || !states[state].timeInState) {
      const stateName = state === null ? "" : ` state "${states[state].id}"`;
      this.problems.add(
        where,
        `${what} depends on timeInState, but${stateName || " this place"} does not declare timeInState`,
        node?.text ?? this.sources.parameters.find((p) => p.slot === src)?.id,
        state === null ? "no timeInState here" : `add "timeInState": {"limit": n} to state "${states[state].id}"`,
      );
    }
    return true;
  }

  private aliasNode(src: number): Node {
    let n = this.aliasNodes.get(src);
    if (!n) {
      const p = this.sources.parameters.find((q) => q.slot === src)!;
      const slot = src;
      n = {
        slot: this.sources.nSlots++,
        fn: (env) => env[slot],
        ast: { type: "name", name: p.id, start: 0, end: p.id.length },
        text: p.id,
        names: new Set([p.id]),
        where: [],
      };
      this.aliasNodes.set(src, n);
      this.sources.nodes.push(n);
    }
    return n;
  }

  /** The source as used in `state`: instanced per tunnel when it depends on time in state (positions assigned by `place`). */
  resolve(src: number, node: Node | null, where: string, state: number | null, what: string): Src {
    const tis = this.check(src, node, where, state, what);
    if (!tis || state === null || !this.states[state].timeInState) return { src, node, tis: false };
    const n = node ?? this.aliasNode(src);
    const k = `${n.slot}|${state}`;
    if (!this.instanceOf.has(k)) {
      this.instanceOf.set(k, -1);
      this.requests.push({ node: n, state });
    }
    return { src: -1, node: n, tis: true };
  }

  /** Places the instances after the slots; returns the size of the environment. */
  place(nSlots: number): number {
    let workSize = nSlots;
    for (const req of this.requests) {
      this.instanceOf.set(`${req.node.slot}|${req.state}`, workSize);
      workSize += this.states[req.state].tunnels;
    }
    return workSize;
  }

  /** The slot of a resolved source in `state` (for a tunnel instance: the position of tunnel 1). */
  srcOf(r: Src, state: number): number {
    return r.tis ? this.instanceOf.get(`${r.node!.slot}|${state}`)! : r.src;
  }
}
