#!/usr/bin/env python3
"""
Independent cross-check for tests/validation/heemod-hiv-homogeneous.test.ts.

What it is: heemod's vignette 'Markov models: homogeneous' (c_homogeneous), the HIV model with
rr = .509 for all 50 cycles and lamivudine 2086 throughout, recomputed from the inputs the vignette
prints (transition matrix, costs, 1,000 persons in A, 50 yearly cycles). The trace is built by
plain matrix-vector products; costs and life years are then summed by three rules:

  undiscounted      v * (m[t-1] + m[t]) / 2                        (life-table / trapezoid counts)
  heemod's 6%       v * (m[t-1] + m[t]) / 2 * 1.06^-(t-1)          (heemod's discount() under life-table
                                                                    counting: the start of cycle t)
  engine's own 6%   v * (m[t-1] * 1.06^-(t-1) + m[t] * 1.06^-t) / 2 (half-cycle counting, each count
                                                                    discounted at its own time)

It shares nothing with the engine: plain Python 3, standard library only, no file of the repository
is read; the inputs are typed below from the vignette. The test does not run it (CI does not depend
on Python); its comments quote the figures this prints.

How to run: python3 tests/validation/scripts/heemod-hiv.py

Figures the test takes from it (mono, per 1,000 persons):
  engine's own 6%, total cost          47,415,148.507   (printed 47415148.507344...)
  undiscounted total cost              67,321,736.621785 (printed 67321736.621785...)
The heemod-rule lines reproduce the vignette's printed totals (48762093, 92984848, ...) and so check
this script against heemod itself; the test takes those from data/validation/expected.json.
"""

STATES = ["A", "B", "C", "D"]  # D is death
# mat_mono as printed in the vignette (rows: from A, B, C, D).
MONO = [
    [0.721, 0.202, 0.067, 0.010],
    [0.0, 0.581, 0.407, 0.012],
    [0.0, 0.0, 0.750, 0.250],
    [0.0, 0.0, 0.0, 1.0],
]
RR = 0.509  # combination: every move to a worse state times rr, the rest stays (complement)
COST_HEALTH = [2756.0, 3052.0, 9007.0, 0.0]
COST_ZIDO = 2278.0
COST_LAMI = 2086.0
N = 1000.0
CYCLES = 50
RATE = 0.06


def combination_matrix(rr):
    p = [[0.0] * 4 for _ in range(4)]
    for i in range(4):
        for j in range(4):
            if j > i:
                p[i][j] = MONO[i][j] * rr
        if i == 3:
            p[i][i] = 1.0
        else:
            p[i][i] = 1.0 - sum(p[i][j] for j in range(4) if j != i)
    return p


def trace(p):
    m = [N, 0.0, 0.0, 0.0]
    rows = [m]
    for _ in range(CYCLES):
        m = [sum(m[i] * p[i][j] for i in range(4)) for j in range(4)]
        rows.append(m)
    return rows


def totals(rows, drug_cost):
    """(health, drugs, total, life years) for the cohort under each rule."""
    value_health = COST_HEALTH
    value_drugs = [drug_cost, drug_cost, drug_cost, 0.0]
    out = {rule: [0.0, 0.0] for rule in ("undiscounted", "heemod", "engine")}
    ly = 0.0
    for t in range(1, CYCLES + 1):
        for j in range(4):
            a, b = rows[t - 1][j], rows[t][j]
            w = {
                "undiscounted": (a + b) / 2,
                "heemod": (a + b) / 2 * (1 + RATE) ** -(t - 1),
                "engine": (a * (1 + RATE) ** -(t - 1) + b * (1 + RATE) ** -t) / 2,
            }
            for rule in out:
                out[rule][0] += value_health[j] * w[rule]
                out[rule][1] += value_drugs[j] * w[rule]
            if j < 3:
                ly += (a + b) / 2
    return {rule: (h, d, h + d, ly) for rule, (h, d) in out.items()}


def main():
    mono = totals(trace(MONO), COST_ZIDO)
    comb = totals(trace(combination_matrix(RR)), COST_ZIDO + COST_LAMI)
    print("Per 1,000 persons: cost_health, cost_drugs, cost_total, life years (undiscounted)")
    for rule, label in (
        ("heemod", "heemod's 6% (vignette prints mono 33891136 14870957 48762093 8585.843)"),
        ("engine", "engine's own 6%, half-cycle"),
        ("undiscounted", "undiscounted"),
    ):
        print(f"  {label}")
        for name, r in (("mono", mono[rule]), ("comb", comb[rule])):
            print(f"    {name}: " + " ".join(f"{x:.6f}" for x in r))
    h_m, h_c = mono["heemod"], comb["heemod"]
    dc = (h_c[2] - h_m[2]) / N
    de = (h_c[3] - h_m[3]) / N
    print("heemod's 6%, comb vs mono per person (vignette prints 44222.75 8.671094 5100.02):")
    print(f"  {dc:.6f} {de:.6f} {dc / de:.6f}")
    print("Figures quoted in the test (mono):")
    print(f"  engine's own 6%, cost_total: {mono['engine'][2]:.6f}")
    print(f"  undiscounted, cost_total:    {mono['undiscounted'][2]:.6f}")


if __name__ == "__main__":
    main()
