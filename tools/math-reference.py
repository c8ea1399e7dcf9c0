#!/usr/bin/env python3
"""
Reference values for tests/model/math.test.ts: exp, ln, log10 and pow on 20,000 inputs each,
computed with Python's decimal module at 50 significant digits from the exact value of each double
input (Decimal(float) is exact), independently of the JavaScript code under test.

Writes tests/fixtures/math-reference.json.gz. For each function and input it stores
  r: the reference rounded to the nearest double (Python's float(Decimal) rounds correctly),
  d: (reference - r) / ulp(r), the part of the reference below r's last bit, in ulps (|d| <= 0.5),
     to 4 decimals, so a test can compute a result's error in ulps: (f - r) / ulp(r) - d.
Inputs come from a seeded generator (random.Random(20261204)); rerunning gives the same file.

Usage: python3 tools/math-reference.py
"""
import gzip
import json
import math
import os
import random
from decimal import Decimal, getcontext, localcontext

getcontext().prec = 50
N = 20_000
rng = random.Random(20261204)
DBL_MAX = 1.7976931348623157e308
MAX = Decimal(DBL_MAX)


def ulp(r: float) -> Decimal:
    """Spacing of doubles at r (2^-1074 for subnormals and zero), exactly."""
    a = abs(r)
    if a == 0 or a < 2.2250738585072014e-308:
        return Decimal(2) ** -1074
    return Decimal(math.ulp(a))


def entry(ref: Decimal):
    """(r, d) for an exact-enough reference value."""
    if abs(ref) > MAX * (1 + Decimal(2) ** -54):
        return (math.inf if ref > 0 else -math.inf), 0.0
    r = float(ref)
    with localcontext() as ctx:
        ctx.prec = 60
        d = (ref - Decimal(r)) / ulp(r)
    return r, round(float(d), 4)


def random_double(lo_exp: int, hi_exp: int) -> float:
    """A positive double with a uniformly drawn binary exponent and a random 52-bit significand."""
    e = rng.randint(lo_exp, hi_exp)
    m = 1 + rng.getrandbits(52) / 2**52
    return math.ldexp(m, e)


def exp_inputs():
    xs = []
    for i in range(N):
        k = i % 4
        if k == 0:
            x = rng.uniform(-745.0, 709.7)  # the whole range, subnormal results included
        elif k == 1:
            x = rng.uniform(-5.0, 5.0)  # hazards, rates times time
        elif k == 2:
            x = -random_double(-40, 9) if rng.random() < 0.5 else random_double(-40, 9)
            x = max(min(x, 709.7), -745.0)
        else:
            x = rng.uniform(-0.35, 0.35)  # exp's small-argument branch
        xs.append(x)
    return xs


def log_inputs():
    xs = []
    for i in range(N):
        k = i % 4
        if k == 0:
            x = random_double(-1074, 1023) if rng.random() < 0.98 else rng.getrandbits(52) * 2.0**-1074 or 5e-324
            x = min(x, DBL_MAX)
        elif k == 1:
            x = rng.uniform(0.5, 2.0)  # near 1, where the logarithm's relative error is hardest
        elif k == 2:
            x = rng.uniform(1e-6, 1.0)  # probabilities
        else:
            x = random_double(-30, 30)
        xs.append(x)
    return xs


def pow_inputs():
    pairs = []
    while len(pairs) < N:
        k = len(pairs) % 6
        if k == 0:
            x, y = math.exp(rng.uniform(math.log(1e-6), math.log(1e6))), rng.uniform(-100.0, 100.0)
        elif k == 1:
            x, y = rng.uniform(1.0, 1.1), -rng.uniform(0.0, 200.0)  # discount factors (1 + r)^-t
        elif k == 2:
            x, y = rng.uniform(0.0, 1.0), rng.uniform(0.0, 5.0)  # survival and Weibull terms
        elif k == 3:
            x, y = rng.uniform(0.5, 2.0), rng.uniform(-1000.0, 1000.0)  # x near 1, large exponents
        elif k == 4:
            x, y = -rng.uniform(0.01, 100.0), float(rng.randint(-60, 60))  # negative base, integer exponent
        else:
            # exponents that @stdlib's pow answers by a shortcut (products, square roots)
            y = rng.choice([2.0, 3.0, 4.0, -1.0, 0.5, -0.5])
            x = math.exp(rng.uniform(-40.0, 40.0))
            if y in (2.0, 3.0, 4.0, -1.0) and rng.random() < 0.5:
                x = -x
        if x == 0:
            continue
        ref = Decimal(x) ** Decimal(y)
        if ref != 0 and (abs(ref) > MAX or abs(ref) < Decimal(2) ** -1074):
            continue  # keep results inside the double range (overflow and underflow are checked in the test)
        pairs.append((x, y))
    return pairs


def main():
    out = {"generator": "tools/math-reference.py", "digits": 50, "seed": 20261204}
    xs = exp_inputs()
    out["exp"] = {"x": xs, **columns([entry(Decimal(x).exp()) for x in xs])}
    xs = log_inputs()
    out["ln"] = {"x": xs, **columns([entry(Decimal(x).ln()) for x in xs])}
    xs = log_inputs()
    out["log10"] = {"x": xs, **columns([entry(Decimal(x).log10()) for x in xs])}
    pairs = pow_inputs()
    out["pow"] = {
        "x": [p[0] for p in pairs],
        "y": [p[1] for p in pairs],
        **columns([entry(Decimal(x) ** Decimal(y)) for x, y in pairs]),
    }
    path = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "math-reference.json.gz")
    text = json.dumps(out, separators=(",", ":"), allow_nan=False)
    with gzip.GzipFile(path, "wb", mtime=0) as f:  # mtime 0: same bytes on every run
        f.write(text.encode())
    print(f"wrote {path}: {len(text)} bytes of JSON")


def columns(entries):
    return {"r": [e[0] for e in entries], "d": [e[1] for e in entries]}


if __name__ == "__main__":
    main()
