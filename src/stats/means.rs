//! Welch's t-test of two means, with Welch–Satterthwaite degrees of freedom.

use super::comparison::{small_groups, Comparison, Group, NotComparable, Parts};
use super::distributions::{t_critical, t_two_sided_p};
use super::samples::Sample;
use super::Method;

/// Compares the treatment's mean with the control's; see the module documentation of
/// [`crate::stats`] for the formulas and when the test holds.
pub fn compare_means(treatment: Sample, control: Sample) -> Result<Comparison, NotComparable> {
    let v_t = squared_error(Group::Treatment, treatment)?;
    let v_c = squared_error(Group::Control, control)?;
    let variance = v_t + v_c;
    if variance <= 0.0 {
        return Err(NotComparable::NoVariation);
    }
    let standard_error = variance.sqrt();
    let statistic = (treatment.mean - control.mean) / standard_error;
    let df = variance * variance
        / (v_t * v_t / (treatment.n - 1) as f64 + v_c * v_c / (control.n - 1) as f64);
    let (Some(p_value), Some(critical)) = (t_two_sided_p(statistic, df), t_critical(df)) else {
        return Err(NotComparable::Overflow);
    };
    Parts {
        method: Method::WelchT,
        treatment: treatment.mean,
        control: control.mean,
        statistic,
        degrees_of_freedom: Some(df),
        p_value,
        half_width: critical * standard_error,
        cautions: small_groups(treatment.n, control.n),
    }
    .finish()
}

/// The squared standard error of a group's mean, s² / n, once the group is known to have one.
fn squared_error(group: Group, sample: Sample) -> Result<f64, NotComparable> {
    match sample.n {
        0 => return Err(NotComparable::EmptyGroup { group }),
        1 => return Err(NotComparable::TooFewForVariance { group, n: 1 }),
        _ => {}
    }
    if !(sample.mean.is_finite() && sample.variance.is_finite()) {
        return Err(NotComparable::NotFinite { group });
    }
    if sample.variance < 0.0 {
        return Err(NotComparable::NegativeVariance { group });
    }
    Ok(sample.variance / sample.n as f64)
}
