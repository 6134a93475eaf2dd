#!/usr/bin/env python3
"""Reference values for the Statistics module, computed with scipy.

Writes Tests/StatisticsTests/Fixtures/reference.json, which the Swift tests
(Tests/StatisticsTests) read and compare against. Run from anywhere:

    python3 scripts/reference/statistics_reference.py

Needs numpy and scipy. Wilson, Newcombe, Katz and Holm are written out by hand here from
their textbook formulas (scipy has no function for them); when statsmodels is importable the
script also cross-checks those against statsmodels and stops if they disagree:

    python3 -m venv --system-site-packages /tmp/stats-venv
    /tmp/stats-venv/bin/pip install statsmodels
    /tmp/stats-venv/bin/python scripts/reference/statistics_reference.py

Non-finite numbers are written as the strings "inf", "-inf" and "nan" (JSON has no literal
for them); the Swift decoder maps them back.
"""

import json
import math
import pathlib
import sys

import numpy as np
import scipy
from scipy import special, stats

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "Tests" / "StatisticsTests" / "Fixtures" / "reference.json"


def num(x):
    """A float for JSON: finite values as numbers, the rest as strings."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


# ---------------------------------------------------------------- formulas written out


def wilson(k, n, confidence):
    """Wilson score interval, as statsmodels proportion_confint(method='wilson')."""
    z = stats.norm.isf((1 - confidence) / 2)
    p = k / n
    denom = 1 + z * z / n
    center = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return center - half, center + half


def newcombe(k1, n1, k2, n2, confidence):
    """Newcombe's hybrid score interval for p1 - p2 (method 10)."""
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson(k1, n1, confidence)
    l2, u2 = wilson(k2, n2, confidence)
    d = p1 - p2
    return d, d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def katz(k1, n1, k2, n2, confidence):
    """Katz log interval for p1 / p2; adds 0.5 to every cell when any cell is 0."""
    corrected = 0 in (k1, n1 - k1, k2, n2 - k2)
    h = 0.5 if corrected else 0.0
    a, b, c, d = k1 + h, n1 - k1 + h, k2 + h, n2 - k2 + h
    rr = (a / (a + b)) / (c / (c + d))
    se = math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))
    z = stats.norm.isf((1 - confidence) / 2)
    return rr, math.exp(math.log(rr) - z * se), math.exp(math.log(rr) + z * se), corrected


def ztest(k1, n1, k2, n2, alternative):
    """Pooled two-proportion z-test, as statsmodels proportions_ztest; degenerate -> z 0, p 1."""
    pooled = (k1 + k2) / (n1 + n2)
    if pooled in (0.0, 1.0):
        return 0.0, 1.0, True
    z = (k1 / n1 - k2 / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if alternative == "two-sided":
        p = 2 * stats.norm.sf(abs(z))
    elif alternative == "greater":
        p = stats.norm.sf(z)
    else:
        p = stats.norm.cdf(z)
    return z, p, False


def holm(ps):
    """Holm step-down adjusted p-values, as statsmodels multipletests(method='holm')."""
    m = len(ps)
    order = sorted(range(m), key=lambda i: (ps[i], i))
    out = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * ps[i]))
        out[i] = running
    return out


# ---------------------------------------------------------------- cases

ALTERNATIVES = ["two-sided", "greater", "less"]

WILSON = [(k, n, 0.95) for k, n in [
    (0, 1), (1, 1), (0, 2), (1, 2), (0, 10), (3, 10), (10, 10), (1, 20), (7, 23), (50, 100),
    (99, 100), (0, 100000), (1, 100000), (49999, 100000), (99999, 100000), (100000, 100000),
]] + [(3, 10, c) for c in (0.5, 0.8, 0.9, 0.99, 0.999, 0.999999)] + [(0, 5, 0.99), (5, 5, 0.9)]

BINOMIAL = [
    (0, 10, 0.0), (3, 10, 0.0), (0, 10, 0.01), (1, 100, 0.01), (2, 100, 0.01), (15, 100, 0.01),
    (31, 100, 0.01), (3, 10, 0.5), (5, 10, 0.5), (7, 10, 0.5), (10, 10, 0.5), (0, 1, 0.5),
    (1, 1, 0.5), (2, 30, 0.02), (3, 10, 0.3), (3, 30, 0.1), (300, 1000, 0.25), (997, 1000, 0.5),
    (100, 100000, 0.001), (150, 100000, 0.001), (60, 100000, 0.001), (4, 100, 0.02),
    (99, 100, 0.99), (1, 10, 1.0), (10, 10, 1.0), (6, 20, 0.31), (20, 50, 0.4), (1, 7, 0.9),
]

ZTEST = [
    (15, 100, 2, 100), (5, 50, 5, 50), (0, 10, 0, 10), (10, 10, 10, 10), (0, 20, 5, 20),
    (1, 3, 2, 5), (500, 1000, 450, 1000), (50000, 100000, 49000, 100000), (30, 100000, 10, 100000),
    (997, 1000, 2, 1000), (3, 10, 7, 10), (10, 10, 0, 10), (80, 90, 60, 90),
]

FISHER = [
    (8, 2, 1, 5), (1, 9, 11, 3), (0, 10, 10, 0), (5, 0, 0, 5), (0, 5, 0, 5), (3, 3, 3, 3),
    (0, 100, 3, 97), (15, 85, 2, 98), (100, 0, 98, 2), (2, 7, 8, 2), (500, 500, 450, 550),
    (1000, 99000, 1200, 98800), (0, 0, 5, 5), (10, 0, 0, 0), (20, 80, 0, 100), (0, 3, 4, 0),
    (1, 1, 1, 1), (7, 12, 0, 15), (3, 17, 9, 11), (99, 1, 50, 50), (4, 6, 6, 4), (1, 0, 0, 1),
]

COMBINE = [
    [0.01, 0.2, 0.5], [0.5], [0.04], [1.0, 1.0, 1.0], [0.0, 0.5], [1e-10, 1e-12, 0.3], [0.04] * 10,
    [0.9, 0.95, 0.99], [1e-300, 1e-300], [0.05, 0.05], [0.3, 0.6, 0.01, 0.2, 0.9, 0.45, 0.02, 0.5],
    [1e-5] * 20,
]

rng = np.random.default_rng(20260216)
ADJUST = [
    [], [0.5], [0.01, 0.04, 0.03, 0.005], [0.2, 0.2, 0.2], [0.001, 0.9, 0.04, 0.04, 0.3, 0.0],
    [0.6, 0.7, 0.8], [1.0, 0.0], [0.01, 0.01, 0.02, 0.5, 0.03],
    [float(x) for x in rng.uniform(0, 0.2, 30)],
    [float(x) for x in rng.uniform(0, 1, 25) ** 3],
]

RISK_DIFFERENCE = [(k1, n1, k2, n2, 0.95) for k1, n1, k2, n2 in [
    (15, 100, 2, 100), (0, 10, 0, 10), (10, 10, 0, 10), (0, 10, 10, 10), (5, 50, 10, 50),
    (1, 3, 2, 5), (499, 1000, 450, 1000), (1, 100000, 0, 100000), (10, 10, 10, 10), (1, 1, 0, 1),
    (80, 90, 60, 90),
]] + [(3, 10, 7, 10, 0.9), (30, 100, 10, 100, 0.99)]

RISK_RATIO = [(k1, n1, k2, n2, 0.95) for k1, n1, k2, n2 in [
    (15, 100, 2, 100), (0, 10, 5, 10), (5, 10, 0, 10), (0, 10, 0, 10), (10, 10, 5, 10),
    (10, 10, 10, 10), (30, 100, 10, 100), (300, 1000, 100, 1000), (2, 100000, 1, 100000),
    (1, 2, 1, 3), (50, 100, 49, 100),
]] + [(7, 23, 3, 31, 0.99), (30, 100, 10, 100, 0.8)]

NORMAL_X = [-38.0, -20.0, -10.0, -5.0, -1.959963984540054, -1.0, -0.1, 0.0, 0.5, 1.0, 1.6448536269514722,
            3.0, 8.3, 10.0, 20.0, 38.0]
NORMAL_P = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.025, 0.1, 0.3, 0.425, 0.5, 0.575, 0.7,
            0.975, 0.999, 1 - 1e-10, 1 - 2 ** -53, 0.0, 1.0]
GAMMA = [(0.5, 0.1), (1.0, 1.0), (2.5, 3.0), (10.0, 5.0), (10.0, 20.0), (100.0, 90.0), (100.0, 120.0),
         (1000.0, 1100.0), (3.0, 1e-5), (0.1, 50.0), (5.0, 5.999), (5.0, 6.001), (40.0, 0.5)]
CHI2 = [(3.841458820694124, 1), (0.0, 2), (10.0, 4), (100.0, 10), (1000.0, 20), (2763.1021, 4), (0.001, 6),
        (50.0, 50), (5.991464547107979, 2), (1e-8, 2), (30.0, 7)]
LOG_GAMMA = [0.5, 1.0, 1.5, 2.0, 10.0, 100.5, 100001.0, 1e7, 0.001]
BINOM_PMF = [(0, 10, 0.3), (3, 10, 0.3), (10, 10, 0.3), (50000, 100000, 0.5), (1, 100000, 1e-5),
             (100000, 100000, 0.999), (0, 5, 0.0), (1, 5, 0.0), (5, 5, 1.0), (4, 5, 1.0), (11, 10, 0.5),
             (150, 100000, 0.001)]
BINOM_CDF = [(3, 10, 0.3), (0, 10, 0.3), (9, 10, 0.3), (100, 100000, 0.001), (150, 100000, 0.001),
             (50, 100000, 0.001), (500, 1000, 0.5), (5, 20, 0.9), (19, 20, 0.1)]
HYPERGEOM = [(8, 16, 10, 9), (1, 16, 10, 9), (3, 20, 5, 10), (0, 20, 5, 10), (5, 20, 5, 10),
             (1000, 200000, 100000, 2200), (1100, 200000, 100000, 2200), (2, 10, 4, 3), (6, 10, 4, 3)]


def build():
    out = {
        "generator": "scripts/reference/statistics_reference.py",
        "scipy_version": scipy.__version__,
        "numpy_version": np.__version__,
    }

    out["wilson"] = []
    for k, n, conf in WILSON:
        lo, hi = wilson(k, n, conf)
        out["wilson"].append({"successes": k, "trials": n, "confidence": conf, "lower": lo, "upper": hi})

    out["binomial_test"] = []
    for k, n, p in BINOMIAL:
        for alt in ALTERNATIVES:
            r = stats.binomtest(k, n, p, alternative=alt)
            out["binomial_test"].append(
                {"successes": k, "trials": n, "null_rate": p, "alternative": alt, "p_value": float(r.pvalue)})

    out["two_proportion_z_test"] = []
    for k1, n1, k2, n2 in ZTEST:
        for alt in ALTERNATIVES:
            z, p, degenerate = ztest(k1, n1, k2, n2, alt)
            out["two_proportion_z_test"].append({
                "successes1": k1, "trials1": n1, "successes2": k2, "trials2": n2, "alternative": alt,
                "z": z, "p_value": p, "degenerate": degenerate})

    out["fisher_exact"] = []
    for a, b, c, d in FISHER:
        table = np.array([[a, b], [c, d]])
        sample = stats.contingency.odds_ratio(table, kind="sample").statistic
        conditional = stats.contingency.odds_ratio(table, kind="conditional").statistic
        for alt in ALTERNATIVES:
            r = stats.fisher_exact(table, alternative=alt)
            out["fisher_exact"].append({
                "table": [a, b, c, d], "alternative": alt, "p_value": float(r.pvalue),
                "sample_odds_ratio": num(sample), "conditional_odds_ratio": num(conditional)})

    out["fisher_combination"] = []
    for ps in COMBINE:
        with np.errstate(divide="ignore"):
            r = stats.combine_pvalues(ps, method="fisher")
        out["fisher_combination"].append(
            {"p_values": ps, "statistic": num(r.statistic), "p_value": float(r.pvalue)})

    out["multiple_comparisons"] = []
    for ps in ADJUST:
        bh = [float(x) for x in stats.false_discovery_control(ps, method="bh")] if ps else []
        bonferroni = [min(1.0, len(ps) * p) for p in ps]
        out["multiple_comparisons"].append(
            {"p_values": ps, "holm": holm(ps), "benjamini_hochberg": bh, "bonferroni": bonferroni})

    out["risk_difference"] = []
    for k1, n1, k2, n2, conf in RISK_DIFFERENCE:
        d, lo, hi = newcombe(k1, n1, k2, n2, conf)
        out["risk_difference"].append({
            "successes1": k1, "trials1": n1, "successes2": k2, "trials2": n2, "confidence": conf,
            "estimate": d, "lower": lo, "upper": hi})

    out["risk_ratio"] = []
    for k1, n1, k2, n2, conf in RISK_RATIO:
        rr, lo, hi, corrected = katz(k1, n1, k2, n2, conf)
        out["risk_ratio"].append({
            "successes1": k1, "trials1": n1, "successes2": k2, "trials2": n2, "confidence": conf,
            "estimate": rr, "lower": lo, "upper": hi, "corrected": corrected})

    out["normal_cdf"] = [{"x": x, "cdf": float(stats.norm.cdf(x)), "survival": float(stats.norm.sf(x))}
                         for x in NORMAL_X]
    out["normal_quantile"] = [{"p": p, "quantile": num(stats.norm.ppf(p))} for p in NORMAL_P]
    out["critical_value"] = [{"confidence": c, "z": float(stats.norm.isf((1 - c) / 2))}
                             for c in (0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 0.999999)]
    out["regularized_gamma"] = [{"a": a, "x": x, "lower": float(special.gammainc(a, x)),
                                 "upper": float(special.gammaincc(a, x))} for a, x in GAMMA]
    out["chi_square"] = [{"x": x, "degrees_of_freedom": df, "survival": float(stats.chi2.sf(x, df)),
                          "cdf": float(stats.chi2.cdf(x, df))} for x, df in CHI2]
    out["log_gamma"] = [{"x": x, "value": float(special.gammaln(x))} for x in LOG_GAMMA]
    out["binomial_pmf"] = []
    for k, n, p in BINOM_PMF:
        with np.errstate(divide="ignore"):
            out["binomial_pmf"].append({"k": k, "trials": n, "probability": p,
                                        "log_pmf": num(stats.binom.logpmf(k, n, p))})
    out["binomial_cdf"] = [{"k": k, "trials": n, "probability": p, "cdf": float(stats.binom.cdf(k, n, p)),
                            "survival": float(stats.binom.sf(k, n, p))} for k, n, p in BINOM_CDF]
    out["hypergeometric"] = [{
        "k": k, "population": M, "successes": n, "draws": N,
        "log_pmf": num(stats.hypergeom.logpmf(k, M, n, N)),
        "cdf": float(stats.hypergeom.cdf(k, M, n, N)), "survival": float(stats.hypergeom.sf(k, M, n, N)),
    } for k, M, n, N in HYPERGEOM]
    return out


def cross_check(out):
    """Checks the hand-written formulas against statsmodels, when it is installed."""
    try:
        from statsmodels.stats import multitest, proportion
    except ImportError:
        print("statsmodels not importable: skipping the cross-check", file=sys.stderr)
        return
    worst = 0.0
    for case in out["wilson"]:
        lo, hi = proportion.proportion_confint(case["successes"], case["trials"], alpha=1 - case["confidence"],
                                               method="wilson")
        worst = max(worst, abs(lo - case["lower"]), abs(hi - case["upper"]))
    for case in out["risk_difference"]:
        lo, hi = proportion.confint_proportions_2indep(
            case["successes1"], case["trials1"], case["successes2"], case["trials2"], method="newcomb",
            compare="diff", alpha=1 - case["confidence"])
        worst = max(worst, abs(lo - case["lower"]), abs(hi - case["upper"]))
    for case in out["risk_ratio"]:
        if case["corrected"]:
            continue
        lo, hi = proportion.confint_proportions_2indep(
            case["successes1"], case["trials1"], case["successes2"], case["trials2"], method="log",
            compare="ratio", alpha=1 - case["confidence"])
        worst = max(worst, abs(math.log(lo) - math.log(case["lower"])), abs(math.log(hi) - math.log(case["upper"])))
    for case in out["two_proportion_z_test"]:
        if case["degenerate"]:
            continue
        alt = {"two-sided": "two-sided", "greater": "larger", "less": "smaller"}[case["alternative"]]
        z, p = proportion.proportions_ztest([case["successes1"], case["successes2"]],
                                            [case["trials1"], case["trials2"]], alternative=alt)
        worst = max(worst, abs(z - case["z"]) / max(1.0, abs(z)), abs(p - case["p_value"]))
    for case in out["multiple_comparisons"]:
        if not case["p_values"]:
            continue
        holm_sm = multitest.multipletests(case["p_values"], method="holm")[1]
        bh_sm = multitest.multipletests(case["p_values"], method="fdr_bh")[1]
        worst = max(worst, max(abs(a - b) for a, b in zip(holm_sm, case["holm"])),
                    max(abs(a - b) for a, b in zip(bh_sm, case["benjamini_hochberg"])))
    print(f"statsmodels cross-check: largest difference {worst:.3g}", file=sys.stderr)
    if worst > 1e-12:
        sys.exit("the hand-written formulas disagree with statsmodels")


def main():
    out = build()
    cross_check(out)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(out, indent=1, allow_nan=False) + "\n")
    counts = {key: len(value) for key, value in out.items() if isinstance(value, list)}
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
