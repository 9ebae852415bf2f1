//! What a comparison returns: the estimates, the test's statistic and p-value, the interval, the
//! cautions; or why the two groups cannot be compared.

use serde::Serialize;
use std::fmt;

/// The test a comparison ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Two proportions: z from the pooled proportion, interval from the unpooled standard error.
    TwoProportionZ,
    /// Two means: Welch's t with Welch–Satterthwaite degrees of freedom.
    WelchT,
    /// Two ratios of totals: z from the delta method's standard error.
    DeltaMethodZ,
}

impl Method {
    /// The method's name in JSON and CSV, as `Serialize` writes it.
    pub fn name(self) -> &'static str {
        match self {
            Method::TwoProportionZ => "two_proportion_z",
            Method::WelchT => "welch_t",
            Method::DeltaMethodZ => "delta_method_z",
        }
    }
}

/// One of the two groups of a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// The members the campaign reached.
    Treatment,
    /// The holdout: members kept from the campaign.
    Control,
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Group::Treatment => "treatment",
            Group::Control => "control",
        })
    }
}

/// Groups smaller than this get [`Caution::SmallGroup`] from the mean and ratio tests.
pub const SMALL_GROUP: u64 = 30;

/// Fewer successes (or failures) than this in a group get [`Caution::FewSuccesses`]
/// ([`Caution::FewFailures`]) from the proportion test.
pub const FEW_OUTCOMES: u64 = 5;

/// Why a result, computed as asked, leans on an approximation that the data may not support.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Caution {
    /// Fewer than [`SMALL_GROUP`] members: a skewed KPI's mean is not yet near normal.
    SmallGroup { group: Group, n: u64 },
    /// Fewer than [`FEW_OUTCOMES`] successes: the normal approximation of the count fails.
    FewSuccesses { group: Group, successes: u64 },
    /// Fewer than [`FEW_OUTCOMES`] failures: the same, from the other side.
    FewFailures { group: Group, failures: u64 },
}

/// A treatment group compared with its control group on one KPI.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub method: Method,
    /// The treatment group's estimate: its proportion, mean or ratio.
    pub treatment: f64,
    /// The control group's estimate.
    pub control: f64,
    /// `treatment − control`.
    pub difference: f64,
    /// `difference ÷ control` (the uplift), `None` when the control's estimate is 0.
    pub relative: Option<f64>,
    /// The test statistic: z, or Welch's t.
    pub statistic: f64,
    /// Welch–Satterthwaite degrees of freedom, for a t statistic; `None` for z.
    pub degrees_of_freedom: Option<f64>,
    /// Two-sided: the probability of a difference at least this large were there none.
    pub p_value: f64,
    /// The 95 % confidence interval of `difference`.
    pub interval: (f64, f64),
    /// Empty when the test's approximations hold; otherwise why they may not.
    pub cautions: Vec<Caution>,
}

/// Why two groups cannot be compared: no result, rather than a NaN or an infinity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NotComparable {
    #[error("the {group} group has no members")]
    EmptyGroup { group: Group },
    #[error("the {group} group has {n} member(s): a variance needs at least 2")]
    TooFewForVariance { group: Group, n: u64 },
    #[error(
        "neither group varies: with every member alike, no test can tell a difference from noise"
    )]
    NoVariation,
    #[error("the {group} group's denominator has mean 0: its ratio is undefined")]
    ZeroDenominator { group: Group },
    #[error("the {group} group has {successes} successes of {n} members")]
    MoreSuccessesThanMembers {
        group: Group,
        n: u64,
        successes: u64,
    },
    #[error("the {group} group's statistics are not all finite numbers")]
    NotFinite { group: Group },
    #[error("the {group} group's variance is negative")]
    NegativeVariance { group: Group },
    #[error("the {group} group's covariance is larger than its variances allow")]
    InconsistentCovariance { group: Group },
    #[error("the result is too large for a floating-point number")]
    Overflow,
}

/// What a test computed, before the common arithmetic and checks of [`Parts::finish`].
pub(super) struct Parts {
    pub method: Method,
    pub treatment: f64,
    pub control: f64,
    pub statistic: f64,
    pub degrees_of_freedom: Option<f64>,
    pub p_value: f64,
    /// The critical value times the interval's standard error.
    pub half_width: f64,
    pub cautions: Vec<Caution>,
}

impl Parts {
    /// The comparison, or [`NotComparable::Overflow`] if any number in it is not finite.
    pub fn finish(self) -> Result<Comparison, NotComparable> {
        let difference = self.treatment - self.control;
        let relative = (self.control != 0.0).then(|| difference / self.control);
        let comparison = Comparison {
            method: self.method,
            treatment: self.treatment,
            control: self.control,
            difference,
            relative,
            statistic: self.statistic,
            degrees_of_freedom: self.degrees_of_freedom,
            p_value: self.p_value,
            interval: (difference - self.half_width, difference + self.half_width),
            cautions: self.cautions,
        };
        let numbers = [
            comparison.treatment,
            comparison.control,
            comparison.difference,
            comparison.relative.unwrap_or(0.0),
            comparison.statistic,
            comparison.degrees_of_freedom.unwrap_or(1.0),
            comparison.p_value,
            comparison.interval.0,
            comparison.interval.1,
        ];
        match numbers.iter().all(|x| x.is_finite()) {
            true => Ok(comparison),
            false => Err(NotComparable::Overflow),
        }
    }
}

/// [`Caution::SmallGroup`] for each group below [`SMALL_GROUP`] members.
pub(super) fn small_groups(treatment: u64, control: u64) -> Vec<Caution> {
    [(Group::Treatment, treatment), (Group::Control, control)]
        .into_iter()
        .filter(|&(_, n)| n < SMALL_GROUP)
        .map(|(group, n)| Caution::SmallGroup { group, n })
        .collect()
}
