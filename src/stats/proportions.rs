//! The two-proportion z-test: pooled proportion for the statistic, unpooled standard error for
//! the interval.

use super::comparison::{Caution, Comparison, Group, NotComparable, Parts, FEW_OUTCOMES};
use super::distributions::{normal_critical, normal_two_sided_p};
use super::samples::Proportion;
use super::Method;

/// Compares the treatment's proportion with the control's; see the module documentation of
/// [`crate::stats`] for the formulas and when the test holds.
pub fn compare_proportions(
    treatment: Proportion,
    control: Proportion,
) -> Result<Comparison, NotComparable> {
    validate(Group::Treatment, treatment)?;
    validate(Group::Control, control)?;
    let (n_t, n_c) = (treatment.n as f64, control.n as f64);
    let (p_t, p_c) = (
        treatment.successes as f64 / n_t,
        control.successes as f64 / n_c,
    );
    let pooled = (treatment.successes as f64 + control.successes as f64) / (n_t + n_c);
    let pooled_variance = pooled * (1.0 - pooled) * (1.0 / n_t + 1.0 / n_c);
    if pooled_variance <= 0.0 {
        return Err(NotComparable::NoVariation);
    }
    let statistic = (p_t - p_c) / pooled_variance.sqrt();
    let unpooled = (p_t * (1.0 - p_t) / n_t + p_c * (1.0 - p_c) / n_c).sqrt();
    Parts {
        method: Method::TwoProportionZ,
        treatment: p_t,
        control: p_c,
        statistic,
        degrees_of_freedom: None,
        p_value: normal_two_sided_p(statistic),
        half_width: normal_critical() * unpooled,
        cautions: cautions(treatment, control),
    }
    .finish()
}

/// A group with members, and no more successes than members.
fn validate(group: Group, p: Proportion) -> Result<(), NotComparable> {
    match (p.n, p.successes) {
        (0, _) => Err(NotComparable::EmptyGroup { group }),
        (n, successes) if successes > n => Err(NotComparable::MoreSuccessesThanMembers {
            group,
            n,
            successes,
        }),
        _ => Ok(()),
    }
}

/// Each group's successes and failures below [`FEW_OUTCOMES`].
fn cautions(treatment: Proportion, control: Proportion) -> Vec<Caution> {
    let mut cautions = Vec::new();
    for (group, p) in [(Group::Treatment, treatment), (Group::Control, control)] {
        let failures = p.n - p.successes;
        if p.successes < FEW_OUTCOMES {
            cautions.push(Caution::FewSuccesses {
                group,
                successes: p.successes,
            });
        }
        if failures < FEW_OUTCOMES {
            cautions.push(Caution::FewFailures { group, failures });
        }
    }
    cautions
}
