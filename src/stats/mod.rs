//! Campaign uplift statistics: is a KPI's difference between a segment's treatment group and its
//! holdout (the control group) more than noise? Part of the ground floor: pure arithmetic on
//! each group's sufficient statistics, which a query computes; it uses nothing of the crate.
//!
//! # The three comparisons
//!
//! Each takes the treatment group first and the control group second and returns a
//! [`Comparison`]: both estimates, their difference (treatment − control), the difference
//! relative to the control, the test statistic, a two-sided p-value, a 95 % confidence interval
//! of the difference and the [`Caution`]s that apply; or a [`NotComparable`] saying why no test
//! can be made. Every number of a comparison is finite.
//!
//! The distributions are `statrs`'s. Its normal tail (erfc) is accurate to about 10⁻¹⁰ relative,
//! its Student's t tail and quantile to about 10⁻¹², which is what `tests/fast/stats.rs` finds
//! against SciPy: far finer than the sampling error of any p-value.
//!
//! | KPI | input per group | test | function |
//! | --- | --- | --- | --- |
//! | a rate (converted, churned) | [`Proportion`]: n, successes | two-proportion z | [`compare_proportions`] |
//! | a mean per member (spend) | [`Sample`]: n, mean, variance | Welch's t | [`compare_means`] |
//! | a ratio of totals (revenue ÷ orders) | [`RatioSample`]: n, means, variances, covariance | delta-method z | [`compare_ratios`] |
//!
//! ## Two proportions
//!
//! With p̂_t = s_t/n_t and p̂_c = s_c/n_c, the statistic uses the pooled proportion
//! p̂ = (s_t + s_c)/(n_t + n_c), the best estimate of the common rate under the null hypothesis that
//! the campaign changed nothing:
//!
//! ```text
//! z = (p̂_t − p̂_c) / √( p̂(1 − p̂) (1/n_t + 1/n_c) )        p = 2 · P(Z ≥ |z|)
//! ```
//!
//! The interval does not assume the null hypothesis, so it uses the unpooled standard error:
//!
//! ```text
//! (p̂_t − p̂_c) ± z₀.₉₇₅ · √( p̂_t(1 − p̂_t)/n_t + p̂_c(1 − p̂_c)/n_c )       z₀.₉₇₅ ≈ 1.959964
//! ```
//!
//! The two standard errors differ, so near the threshold the interval may just exclude 0 while
//! p is just above 0.05, or the reverse; this is the textbook pairing (the score test, and the
//! Wald interval).
//!
//! ## Two means
//!
//! Welch's t-test, which does not assume the groups have equal variances (a campaign often
//! changes the spread as well as the mean). With unbiased variances s_t², s_c² (divided by n − 1)
//! and v_t = s_t²/n_t, v_c = s_c²/n_c:
//!
//! ```text
//! t = (x̄_t − x̄_c) / √(v_t + v_c)
//! ν = (v_t + v_c)² / ( v_t²/(n_t − 1) + v_c²/(n_c − 1) )         (Welch–Satterthwaite)
//! p = 2 · P(T_ν ≥ |t|)      interval: (x̄_t − x̄_c) ± t_ν,0.975 · √(v_t + v_c)
//! ```
//!
//! ν need not be a whole number; Student's t is defined for any positive ν. A query gives n,
//! Σx and Σx²: [`Sample::from_sums`] turns them into a [`Sample`] and says how much precision the
//! subtraction in the variance loses, [`Sample::from_shifted_sums`] how to keep it, and
//! [`Sample::from_values`] computes it from the values themselves.
//!
//! ## Two ratios of totals
//!
//! A ratio of totals R = Σx/Σy = x̄/ȳ (revenue per order: x a member's revenue, y their orders)
//! is not a mean of members: its members are the units sampled, and their x and y vary together.
//! The delta method linearises R around the means, which gives, with the unbiased variances and
//! covariance of the members' x and y,
//!
//! ```text
//! Var(R) ≈ ( var_x − 2R·cov_xy + R²·var_y ) / ( n · ȳ² )
//! z = (R_t − R_c) / √( Var(R_t) + Var(R_c) )        p = 2 · P(Z ≥ |z|)
//! interval: (R_t − R_c) ± z₀.₉₇₅ · √( Var(R_t) + Var(R_c) )
//! ```
//!
//! This is the variance of the mean of each member's linearised value (x − R·y)/ȳ. A
//! numerator below 10⁻¹² of var_x + R²·var_y is rounding noise and is read as 0 (x proportional
//! to y). [`RatioSample::from_pairs`] and [`RatioSample::from_sums`] build the input.
//!
//! # Assumptions
//!
//! - **Independent members.** Each member is in one group, assigned at random (the holdout's
//!   hash), and one member's outcome does not depend on another's. Households, shared accounts
//!   or a KPI counted per order instead of per member break this, and the p-values come out too
//!   small. For a KPI per order, compare a ratio of totals per member instead.
//! - **Large-sample normality.** The z-tests take each group's estimate to be normal, which the
//!   central limit theorem gives for large groups; Welch's t takes each mean to be normal, which
//!   holds exactly for normal data and approximately for large groups of any data of finite
//!   variance. Revenue is skewed, and a few large spenders can make a mean far from normal even
//!   at a few hundred members.
//! - **One test.** A p-value is the chance of a difference this large if the campaign did
//!   nothing, for one KPI looked at once. Looking at many KPIs, or again each day until one is
//!   significant, finds differences that are noise; correct for it or fix the KPI beforehand.
//!
//! # When a result is not to be trusted
//!
//! A comparison is still computed when an approximation is doubtful, with a [`Caution`] naming
//! the group and the reason, for the report to show beside it:
//!
//! - [`Caution::FewSuccesses`] / [`Caution::FewFailures`] (proportions): fewer than
//!   [`FEW_OUTCOMES`] (5) successes or failures in a group, the usual condition for the normal
//!   approximation of a binomial count (n·p ≥ 5 and n·(1 − p) ≥ 5). An exact test (Fisher's,
//!   Barnard's) is the alternative. A rate test has no member count rule of its own: this one
//!   covers it.
//! - [`Caution::SmallGroup`] (means and ratios): fewer than [`SMALL_GROUP`] (30) members in a
//!   group, below which a mean of skewed data is rarely close to normal.
//!
//! No caution is no guarantee: a heavy-tailed KPI may need far more than 30 members.
//!
//! # When no comparison can be made
//!
//! [`NotComparable`] says why: a group is empty; a group has fewer than 2 members, so no
//! variance (means and ratios); neither group varies (every member alike in both, so the
//! standard error is 0: both rates 0 % or both 100 %, both variances 0); a ratio's denominator
//! has mean 0; the input is inconsistent (more successes than members, a negative variance, a
//! covariance beyond what the variances allow, a NaN or an infinity); or the result overflows.
//! One group without variation is fine: only its sampling error is 0.

mod comparison;
mod distributions;
mod means;
mod proportions;
mod ratios;
mod samples;
#[cfg(test)]
mod tests;

pub use comparison::{
    Caution, Comparison, Group, Method, NotComparable, FEW_OUTCOMES, SMALL_GROUP,
};
pub use distributions::CONFIDENCE;
pub use means::compare_means;
pub use proportions::compare_proportions;
pub use ratios::compare_ratios;
pub use samples::{Proportion, RatioSample, RatioSums, Sample};
