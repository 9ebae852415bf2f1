//! The two reference distributions the tests read their p-values and intervals from, through
//! `statrs`: the standard normal (z-tests) and Student's t (Welch's test).

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

/// The confidence level of every interval: 95 %.
pub const CONFIDENCE: f64 = 0.95;

/// The standard normal distribution.
fn standard_normal() -> Normal {
    Normal::standard()
}

/// The two-sided p-value of a z statistic: P(|Z| ≥ |z|) for a standard normal Z.
pub fn normal_two_sided_p(z: f64) -> f64 {
    (2.0 * standard_normal().sf(z.abs())).min(1.0)
}

/// The z for which P(|Z| ≤ z) is [`CONFIDENCE`]: about 1.96.
pub fn normal_critical() -> f64 {
    standard_normal().inverse_cdf(0.5 + CONFIDENCE / 2.0)
}

/// Student's t with `df` degrees of freedom, or `None` when `df` is not a positive number.
fn students_t(df: f64) -> Option<StudentsT> {
    StudentsT::new(0.0, 1.0, df).ok()
}

/// The two-sided p-value of a t statistic with `df` degrees of freedom: P(|T| ≥ |t|).
pub fn t_two_sided_p(t: f64, df: f64) -> Option<f64> {
    students_t(df).map(|dist| (2.0 * dist.sf(t.abs())).min(1.0))
}

/// The t for which P(|T| ≤ t) is [`CONFIDENCE`] with `df` degrees of freedom.
pub fn t_critical(df: f64) -> Option<f64> {
    students_t(df).map(|dist| dist.inverse_cdf(0.5 + CONFIDENCE / 2.0))
}
