/**
 * The floor of the CAR T model's remission tunnel chain: the least arithmetic its formulas need in
 * a PSA draw, written as one tight loop with no closures, no checks and no bookkeeping, so that no
 * engine that evaluates the formulas exactly (the engine's deterministic `exp`, every tunnel in
 * every cycle whose inputs change) can do this part of a draw in less time on this machine.
 *
 * The counts are those counted in the engine (docs/performance.md, "What a draw does, counted":
 * SLE, US preset, batches of 8): 530 evaluations of the chain a draw (8 lanes that reach
 * Remission × 65 life-table years, plus cycle 1; the standard-of-care lanes never reach it), over
 * 60 tunnels, 219,000 vector elements in all (7 an evaluation and tunnel). Per tunnel and
 * evaluation the loop does what the chain's formulas must: the competing-risk factor
 * g = (1 − exp(−h)) / h of the total hazard h (one `exp`, one division), then 6 multiply-adds for
 * the other elements (the exits' products and the hazard's sum). Beside the propagation floor
 * (floor.ts) it says what the formulas add to a draw at best.
 */
import { loadavg } from "node:os";
import { exp } from "../src/model/math.js";

const EVALUATIONS = 530;
const TUNNELS = 60;
const ELEMENTS = 219_000;

export function chainFloor(rounds = 7): Record<string, unknown> {
  const perTunnel = Math.round(ELEMENTS / EVALUATIONS / TUNNELS);
  // Hazards by time in state (fixed for the run), and the vectors of the chain's formulas.
  const hTis = Float64Array.from({ length: TUNNELS }, (_, i) => 0.002 + i * 1e-4);
  const V = Array.from({ length: perTunnel }, () => new Float64Array(TUNNELS));
  let sink = 0;
  const draw = (b: number) => {
    for (let e = 0; e < EVALUATIONS; e++) {
      // The part of the hazard that changes with age (background mortality): a new value each evaluation.
      const s = b + e * 1e-6;
      const g = V[0];
      for (let i = 0; i < TUNNELS; i++) {
        const h = hTis[i] + s;
        g[i] = (1 - exp(-h)) / h;
      }
      for (let j = 1; j < perTunnel; j++) {
        const v = V[j];
        const u = V[j - 1];
        for (let i = 0; i < TUNNELS; i++) v[i] = u[i] * hTis[i] + s;
      }
      sink += V[perTunnel - 1][TUNNELS - 1];
    }
  };
  for (let i = 0; i < 200; i++) draw(i * 1e-4); // warm-up (the JIT's optimising tier)
  const ms: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < 500; i++) draw(i * 1e-4);
    const c = process.cpuUsage(c0);
    ms.push((c.user + c.system) / 1000 / 500);
  }
  ms.sort((x, y) => x - y);
  if (!(sink > 0)) throw new Error("the chain floor's loop produced no values");
  return {
    case: `PSA floor: CAR T model's remission tunnel chain alone (${EVALUATIONS} evaluations x ${TUNNELS} tunnels a draw, one exp and one division a tunnel, ${ELEMENTS} elements), one tight loop, CPU-ms a draw (median of ${rounds} rounds)`,
    expCallsPerDraw: EVALUATIONS * TUNNELS,
    elementsPerDraw: EVALUATIONS * TUNNELS * perTunnel,
    cpuMsPerDraw: Number(ms[Math.floor(rounds / 2)].toFixed(3)),
    cpuMsPerDrawFastest: Number(ms[0].toFixed(3)),
    loadAverage: Number(loadavg()[0].toFixed(1)),
  };
}
