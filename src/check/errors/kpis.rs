//! The wording of errors in `kpi` declarations.

use miette::Diagnostic;
use thiserror::Error;

/// A KPI declaration that cannot be computed as written.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum KpiError {
    #[error("`{measure}` of kpi `{kpi}` needs a number, found {found}")]
    #[diagnostic(
        code(E0262),
        help("`mean`, `total` and `ratio` add up numbers: give an `int` or `decimal` value such as `orders.sum(amount, last 365 days)`; for the share of members with a property, use `share(condition)`")
    )]
    NotANumber {
        kpi: String,
        measure: &'static str,
        found: String,
    },

    #[error("the spend of kpi `{kpi}` reads {what}; a spend is one amount for the whole segment")]
    #[diagnostic(
        code(E0263),
        help("write the spend as a number or a `decimal` parameter (`param email_spend: decimal = 1200.00`), set per run with `--param email_spend=…`")
    )]
    SpendNotFixed { kpi: String, what: String },

    #[error("the spend of kpi `{kpi}` is {problem}")]
    #[diagnostic(
        code(E0264),
        help("a spend is an amount of money of at least 0: check the parameter's value")
    )]
    SpendInvalid { kpi: String, problem: String },

    #[error("`next` reads rows after the evaluation date, which only a KPI's measure may read")]
    #[diagnostic(
        code(E0265),
        help("a segment is evaluated with the data up to its evaluation date: write `last N days`; to measure what members did after it (a campaign's conversions), declare a `kpi … = share(orders.any(next 14 days))`, outside any sequence")
    )]
    RowsAfterEvaluation,
}

impl KpiError {
    /// The text of the label at the error's span.
    pub(super) fn label(&self) -> String {
        match self {
            Self::NotANumber { found, .. } => format!("{found}, not a number"),
            Self::SpendNotFixed { .. } => "differs from member to member".into(),
            Self::SpendInvalid { .. } => "not a spend".into(),
            Self::RowsAfterEvaluation => "after the evaluation date".into(),
        }
    }
}
