/** EVPPI speed: 14 single parameters and 3 groups on 10,000 PSA draws of a synthetic 3-strategy decision; a 5-parameter GP group on 1,000 and 5,000 draws. */
import { drawParameters, fromMeanSe } from "../src/model/index.js";
import { evppiRegression } from "../src/uncertainty/evppi.js";

export function evppiBench(seSamples = 0): Record<string, unknown> {
  const n = 10_000;
  const params = Array.from({ length: 14 }, (_, j) => ({
    id: `x${j + 1}`,
    distribution: j % 2 ? fromMeanSe("gamma", 1, 0.3) : fromMeanSe("beta", 0.5, 0.15),
  }));
  const d = drawParameters(params, n, 2026);
  const x = params.map((p) => d.get(p.id)!);
  const nb = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  for (let k = 0; k < n; k++) {
    let a = 0;
    let b = 0;
    for (let j = 0; j < 14; j++) {
      a += (j + 1) * 100 * (x[j][k] - (j % 2 ? 1 : 0.5));
      b += (14 - j) * 80 * (x[j][k] - (j % 2 ? 1 : 0.5)) * (j < 3 ? x[j + 1][k] : 1);
    }
    nb[1][k] = a + 50;
    nb[2][k] = b - 30;
  }
  const groups = [
    [0, 1],
    [2, 3, 4],
    [5, 6, 7, 8],
  ];
  const t0 = performance.now();
  for (let j = 0; j < 14; j++) evppiRegression([params[j].id], [x[j]], nb, { seSamples });
  const t1 = performance.now();
  for (const g of groups)
    evppiRegression(
      g.map((j) => params[j].id),
      g.map((j) => x[j]),
      nb,
      { seSamples },
    );
  const t2 = performance.now();
  // A 5-parameter group goes to the Gaussian process (SE covariance, ML hyperparameters on 200 draws,
  // posterior mean from min(n, 2,000) draws): timed on the first 1,000 and on 5,000 of the draws (in the no-SE run only).
  const gp5 = [9, 10, 11, 12, 13];
  const gpSeconds: Record<string, number> = {};
  for (const m of seSamples ? [] : [1000, 5000]) {
    const t = performance.now();
    evppiRegression(
      gp5.map((j) => params[j].id),
      gp5.map((j) => x[j].subarray(0, m)),
      nb.map((c) => c.subarray(0, m)),
    );
    gpSeconds[`gp5Draws${m}Seconds`] = Number(((performance.now() - t) / 1000).toFixed(3));
  }
  return {
    case: `EVPPI: 14 single parameters + groups of 2, 3, 4 on ${n} draws, 3 strategies${seSamples ? `, SE from ${seSamples} posterior draws` : ", no SE"}`,
    singlesSeconds: Number(((t1 - t0) / 1000).toFixed(3)),
    groupsSeconds: Number(((t2 - t1) / 1000).toFixed(3)),
    totalSeconds: Number(((t2 - t0) / 1000).toFixed(3)),
    ...gpSeconds,
    goal: "< 2 s in all",
  };
}
