"""SciPy's answers for the uplift comparisons of src/stats/, which tests/fast/stats.rs checks.

Generates each case's raw data from a fixed seed, computes the expected comparison independently
of the Rust code, and prints one JSON document: the raw data and the expected numbers, or the
reason the groups cannot be compared.

- Means: scipy.stats.ttest_ind(equal_var=False) on the raw values (its statistic, p-value,
  degrees of freedom and confidence interval).
- Proportions: the two-proportion z-test written with scipy.stats.norm (pooled proportion for z,
  unpooled standard error for the interval).
- Ratios of totals: the delta method as the variance of each member's linearised value
  (x - R*y) / mean(y), in numpy, a different route to the formula the Rust code uses.
"""

import json
import sys
import warnings

try:
    import numpy as np
    from scipy import stats
except ImportError as missing:
    print(f"{missing}: install it with `python3 -m pip install scipy`", file=sys.stderr)
    sys.exit(3)

SMALL_GROUP = 30
FEW_OUTCOMES = 5
Z = stats.norm.ppf(0.975)

# SciPy warns of cancellation on a constant group (whose variance is exactly 0 here); the output
# is the JSON on stdout, and stderr is for real failures.
warnings.filterwarnings("ignore", category=RuntimeWarning)


def small_groups(n_t, n_c):
    return [f"small_group:{g}" for g, n in (("treatment", n_t), ("control", n_c)) if n < SMALL_GROUP]


def not_comparable(kind):
    return {"not_comparable": kind}


def finite(values):
    return all(np.isfinite(v) for v in values)


def means(t, c):
    t, c = np.asarray(t, dtype=float), np.asarray(c, dtype=float)
    for group, values in (("treatment", t), ("control", c)):
        if len(values) == 0:
            return not_comparable("empty_group")
        if len(values) < 2:
            return not_comparable("too_few_for_variance")
    if np.var(t, ddof=1) == 0 and np.var(c, ddof=1) == 0:
        return not_comparable("no_variation")
    result = stats.ttest_ind(t, c, equal_var=False)
    low, high = result.confidence_interval(0.95)
    mean_t, mean_c = float(np.mean(t)), float(np.mean(c))
    return {
        "treatment": mean_t,
        "control": mean_c,
        "difference": mean_t - mean_c,
        "statistic": float(result.statistic),
        "degrees_of_freedom": float(result.df),
        "p_value": float(result.pvalue),
        "interval": [float(low), float(high)],
        "cautions": small_groups(len(t), len(c)),
    }


def proportions(t, c):
    (n_t, s_t), (n_c, s_c) = (t["n"], t["successes"]), (c["n"], c["successes"])
    if n_t == 0 or n_c == 0:
        return not_comparable("empty_group")
    p_t, p_c = s_t / n_t, s_c / n_c
    pooled = (s_t + s_c) / (n_t + n_c)
    if pooled in (0.0, 1.0):
        return not_comparable("no_variation")
    z = (p_t - p_c) / np.sqrt(pooled * (1 - pooled) * (1 / n_t + 1 / n_c))
    half = Z * np.sqrt(p_t * (1 - p_t) / n_t + p_c * (1 - p_c) / n_c)
    cautions = []
    for group, n, s in (("treatment", n_t, s_t), ("control", n_c, s_c)):
        if s < FEW_OUTCOMES:
            cautions.append(f"few_successes:{group}")
        if n - s < FEW_OUTCOMES:
            cautions.append(f"few_failures:{group}")
    return {
        "treatment": p_t,
        "control": p_c,
        "difference": p_t - p_c,
        "statistic": float(z),
        "degrees_of_freedom": None,
        "p_value": float(2 * stats.norm.sf(abs(z))),
        "interval": [float(p_t - p_c - half), float(p_t - p_c + half)],
        "cautions": cautions,
    }


def ratio_and_variance(x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    ratio = x.mean() / y.mean()
    linearised = (x - ratio * y) / y.mean()
    return ratio, np.var(linearised, ddof=1) / len(x)


def ratios(t, c):
    for x, y in (t, c):
        if len(x) == 0:
            return not_comparable("empty_group")
        if len(x) < 2:
            return not_comparable("too_few_for_variance")
        if np.mean(y) == 0:
            return not_comparable("zero_denominator")
    (r_t, v_t), (r_c, v_c) = ratio_and_variance(*t), ratio_and_variance(*c)
    se = np.sqrt(v_t + v_c)
    z = (r_t - r_c) / se
    return {
        "treatment": float(r_t),
        "control": float(r_c),
        "difference": float(r_t - r_c),
        "statistic": float(z),
        "degrees_of_freedom": None,
        "p_value": float(2 * stats.norm.sf(abs(z))),
        "interval": [float(r_t - r_c - Z * se), float(r_t - r_c + Z * se)],
        "cautions": small_groups(len(t[0]), len(c[0])),
    }


rng = np.random.default_rng(20261204)


def normal(n, mean, sd):
    return rng.normal(mean, sd, n).round(4).tolist()


def lognormal(n, mu, sigma):
    return rng.lognormal(mu, sigma, n).round(2).tolist()


def poisson(n, lam):
    return rng.poisson(lam, n).astype(float).tolist()


def bernoulli(n, p):
    return {"n": n, "successes": int(rng.binomial(1, p, n).sum())}


def spend_per_order(n, orders, spend):
    """Each member's orders (Poisson) and revenue (a lognormal amount per order)."""
    y = rng.poisson(orders, n)
    x = [float(rng.lognormal(spend, 0.6, k).round(2).sum()) for k in y]
    return [x, y.astype(float).tolist()]


MEANS = {
    "normal_500_vs_500_small_effect": (normal(500, 50.0, 12.0), normal(500, 48.5, 12.0)),
    "lognormal_revenue_2000_vs_1800": (lognormal(2000, 3.2, 1.1), lognormal(1800, 3.1, 1.1)),
    "unequal_sizes_and_spreads": (normal(40, 10.0, 1.0), normal(300, 9.0, 5.0)),
    "small_groups_8_vs_12": (normal(8, 5.0, 2.0), normal(12, 4.0, 3.0)),
    "smallest_groups_2_vs_3": ([1.5, 4.25], [0.5, 2.0, 7.75]),
    "constant_treatment": ([7.0] * 50, normal(60, 6.0, 2.0)),
    "large_mean_small_spread": (normal(400, 10000.0, 1.0), normal(400, 9999.7, 1.2)),
    "poisson_counts_with_zeros": (poisson(3000, 0.4), poisson(2500, 0.35)),
    "strong_effect_tiny_p_value": (normal(800, 20.0, 3.0), normal(700, 18.0, 3.0)),
    "identical_groups": ([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0],) * 2,
    "both_constant": ([2.0] * 10, [3.0] * 12),
    "single_member_control": (normal(20, 1.0, 1.0), [4.0]),
}

PROPORTIONS = {
    "conversion_10000_vs_10000": (bernoulli(10000, 0.055), bernoulli(10000, 0.05)),
    "rare_successes_with_caution": (bernoulli(200, 0.015), bernoulli(210, 0.04)),
    "no_success_in_control": ({"n": 500, "successes": 12}, {"n": 480, "successes": 0}),
    "every_treatment_member_succeeds": ({"n": 60, "successes": 60}, {"n": 70, "successes": 52}),
    "millions_of_members": (bernoulli(2_000_000, 0.1203), bernoulli(1_500_000, 0.1188)),
    "both_all_successes": ({"n": 40, "successes": 40}, {"n": 30, "successes": 30}),
    "empty_control": ({"n": 40, "successes": 4}, {"n": 0, "successes": 0}),
}

RATIOS = {
    "revenue_per_order_1500_vs_1400": (spend_per_order(1500, 1.4, 3.0), spend_per_order(1400, 1.3, 3.0)),
    "small_groups_20_vs_25": (spend_per_order(20, 2.0, 3.5), spend_per_order(25, 2.0, 3.2)),
    "mostly_members_without_orders": (spend_per_order(3000, 0.15, 3.0), spend_per_order(2800, 0.12, 3.1)),
    "no_orders_in_control": (spend_per_order(30, 1.0, 3.0), [[0.0] * 10, [0.0] * 10]),
}

cases = []
for kind, table, expect in (
    ("means", MEANS, means),
    ("proportions", PROPORTIONS, proportions),
    ("ratios", RATIOS, ratios),
):
    for name, (treatment, control) in table.items():
        cases.append(
            {
                "name": name,
                "kind": kind,
                "treatment": treatment,
                "control": control,
                "expected": expect(treatment, control),
            }
        )

json.dump({"scipy": __import__("scipy").__version__, "cases": cases}, sys.stdout)
