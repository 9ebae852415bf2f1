//! Two ratios of totals (Σx / Σy), compared with a z-test on the delta method's standard error.

use super::comparison::{small_groups, Comparison, Group, NotComparable, Parts};
use super::distributions::{normal_critical, normal_two_sided_p};
use super::samples::RatioSample;
use super::Method;

/// Below this fraction of the terms it subtracts, a ratio's delta-method variance is taken for
/// rounding noise and read as 0: x exactly proportional to y.
const ROUNDING: f64 = 1e-12;

/// Compares the treatment's ratio of totals with the control's; see the module documentation of
/// [`crate::stats`] for the formulas and when the test holds.
pub fn compare_ratios(
    treatment: RatioSample,
    control: RatioSample,
) -> Result<Comparison, NotComparable> {
    let (r_t, v_t) = delta(Group::Treatment, treatment)?;
    let (r_c, v_c) = delta(Group::Control, control)?;
    let variance = v_t + v_c;
    if variance <= 0.0 {
        return Err(NotComparable::NoVariation);
    }
    let standard_error = variance.sqrt();
    let statistic = (r_t - r_c) / standard_error;
    Parts {
        method: Method::DeltaMethodZ,
        treatment: r_t,
        control: r_c,
        statistic,
        degrees_of_freedom: None,
        p_value: normal_two_sided_p(statistic),
        half_width: normal_critical() * standard_error,
        cautions: small_groups(treatment.n, control.n),
    }
    .finish()
}

/// A group's ratio R = x̄ / ȳ and the delta method's variance of it,
/// (var_x − 2R·cov + R²·var_y) / (n·ȳ²).
fn delta(group: Group, s: RatioSample) -> Result<(f64, f64), NotComparable> {
    match s.n {
        0 => return Err(NotComparable::EmptyGroup { group }),
        1 => return Err(NotComparable::TooFewForVariance { group, n: 1 }),
        _ => {}
    }
    let numbers = [s.mean_x, s.mean_y, s.var_x, s.var_y, s.cov_xy];
    if !numbers.iter().all(|x| x.is_finite()) {
        return Err(NotComparable::NotFinite { group });
    }
    if s.var_x < 0.0 || s.var_y < 0.0 {
        return Err(NotComparable::NegativeVariance { group });
    }
    // Cauchy–Schwarz, with room for the rounding of a perfect correlation.
    if s.cov_xy * s.cov_xy > s.var_x * s.var_y * (1.0 + 1e-9) {
        return Err(NotComparable::InconsistentCovariance { group });
    }
    if s.mean_y == 0.0 {
        return Err(NotComparable::ZeroDenominator { group });
    }
    let ratio = s.mean_x / s.mean_y;
    let terms = s.var_x + ratio * ratio * s.var_y;
    let spread = s.var_x - 2.0 * ratio * s.cov_xy + ratio * ratio * s.var_y;
    let spread = match spread <= ROUNDING * terms {
        true => 0.0,
        false => spread,
    };
    Ok((ratio, spread / (s.n as f64 * s.mean_y * s.mean_y)))
}
