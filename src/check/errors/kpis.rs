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

    #[error("`{table}` is a costs table: only the spend of a kpi's `cost` reads it")]
    #[diagnostic(
        code(E0266),
        help("a costs table books spend by day and channel or campaign, not per member: sum it in a spend, e.g. `kpi acquisition_cost on customers = cost({table}.sum(amount, last 30 days) per signup_at within last 30 days)`; a spend adds, subtracts, multiplies and divides such sums, numbers and parameters")
    )]
    CostsOutsideSpend { table: String },

    #[error("a spend reads costs table `{table}` with `sum`, not `{func}`")]
    #[diagnostic(
        code(E0267),
        help("a spend is an amount of money: `{table}.sum(COLUMN, where …, last 30 days)`, COLUMN an `int` or `decimal` column of `{table}`")
    )]
    SpendNotASum { table: String, func: &'static str },
}

impl KpiError {
    /// The text of the label at the error's span.
    pub(super) fn label(&self) -> String {
        match self {
            Self::NotANumber { found, .. } => format!("{found}, not a number"),
            Self::SpendNotFixed { .. } => "differs from member to member".into(),
            Self::SpendInvalid { .. } => "not a spend".into(),
            Self::RowsAfterEvaluation => "after the evaluation date".into(),
            Self::CostsOutsideSpend { .. } => "not per member".into(),
            Self::SpendNotASum { .. } => "not a sum".into(),
        }
    }
}
