//! `seg explain --kpi`: a KPI in plain words — what it measures over a group of members, for
//! which segments, how a treatment group is compared with its control group, and how the value
//! is rounded.

use super::text::Text;
use super::Explainer;
use crate::check::typed::{CostSum, Kpi, KpiMeasure, Program, Scope, Spend};

/// A plain-language description of a KPI.
pub fn explain_kpi(program: &Program, kpi: &Kpi) -> String {
    let words = Explainer::of_entity(program, kpi.entity);
    let entity = &program.schema.entity(kpi.entity).name;
    let mut text = Text::default();
    text.para(&format!(
        "KPI {} ({entity}) — {}",
        kpi.name,
        program.sources.location(kpi.decl_span)
    ));
    if let Some(docs) = &kpi.docs {
        text.para(docs);
    }
    text.blank();
    text.para("What it measures, over the members of each segment:");
    text.item(0, &words.measure(&kpi.measure));
    text.blank();
    let segments: Vec<&str> = (kpi.segments.iter())
        .map(|s| program.segments[s.0].name.as_str())
        .collect();
    text.para(&match segments.is_empty() {
        true => format!(
            "Computed for every segment of {entity}, every control group and every stage of its \
             segmentations (`seg run --kpis`)."
        ),
        false => format!(
            "Computed for {} (and their control groups) (`seg run --kpis`).",
            segments.join(", ")
        ),
    });
    text.blank();
    text.para(&format!(
        "Treatment against control: {}",
        comparison(&kpi.measure)
    ));
    text.blank();
    text.para(
        "Values are exact: the engine adds up the members' values without rounding (a \
         per-member quotient is first rounded half away from zero to 9 digits), and the KPI is \
         computed from those sums. It is missing, never an error, when it would divide by zero: \
         an empty segment, no member with a value.",
    );
    let mut out = text.out;
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

impl Explainer<'_> {
    /// The measure, worded.
    fn measure(&self, m: &KpiMeasure) -> String {
        let scope = Scope::Entity(self.entity_id);
        match m {
            KpiMeasure::Mean(v) => format!(
                "the average of {} over the members for whom it is known",
                self.value(v, scope)
            ),
            KpiMeasure::Total(v) => format!(
                "the sum of {} over the members (0 when no member has one)",
                self.value(v, scope)
            ),
            KpiMeasure::Ratio(x, y) => format!(
                "the sum over the members of {}, divided by the sum of {}, over the members for \
                 whom both are known",
                self.value(x, scope),
                self.value(y, scope)
            ),
            KpiMeasure::Share { holds, among } => match among {
                None => format!(
                    "the share of the members who meet: {}",
                    condition(self.grouped(holds, scope))
                ),
                Some(a) => format!(
                    "among the members who meet: {}; the share who also meet: {}",
                    condition(self.grouped(a, scope)),
                    condition(self.grouped(holds, scope))
                ),
            },
            KpiMeasure::Cost {
                spend,
                spend_text,
                per,
            } => {
                let spend = match spend {
                    Spend::Amount(amount) => format!("{amount} ({spend_text})"),
                    _ => {
                        let sums: Vec<String> =
                            spend.sums().into_iter().map(|s| self.cost_sum(s)).collect();
                        format!(
                            "`{spend_text}`, one amount for every group, where {}",
                            sums.join("; ")
                        )
                    }
                };
                format!(
                    "a spend of {spend}, divided by the number of members who meet: {}",
                    condition(self.grouped(per, scope))
                )
            }
        }
    }
}

impl Explainer<'_> {
    /// A sum booked in a costs table: its column over the rows its window and `where` keep.
    fn cost_sum(&self, sum: &CostSum) -> String {
        let costs = self.program.schema.costs(sum.costs);
        let mut out = format!(
            "`{}` is the sum of `{}` over the rows of costs table `{}`",
            sum.source, costs.columns[sum.column].name, costs.name
        );
        match &sum.window {
            Some(w) => {
                out.push(' ');
                out.push_str(&self.window(w));
            }
            None => out.push_str(" dated up to the evaluation date"),
        }
        if let Some(f) = &sum.filter {
            out.push_str(" where ");
            out.push_str(&condition(self.grouped(f, Scope::Costs(sum.costs))));
        }
        out.push_str(" (0 when no row is kept)");
        out
    }
}

/// A condition's words inside a sentence, without the comma a leaf may end with.
fn condition(words: String) -> String {
    words.trim_end_matches(',').to_string()
}

/// How the measure's treatment and control groups are compared.
fn comparison(m: &KpiMeasure) -> &'static str {
    match m {
        KpiMeasure::Share { .. } => {
            "for a segment with a holdout, the two shares, their difference in percentage points \
             and a two-proportion z-test (pooled proportion; interval from the unpooled standard \
             error)."
        }
        KpiMeasure::Mean(_) => {
            "for a segment with a holdout, the two averages, their difference and Welch's t-test \
             (unequal variances, Welch–Satterthwaite degrees of freedom)."
        }
        KpiMeasure::Ratio(..) => {
            "for a segment with a holdout, the two ratios, their difference and a z-test on the \
             delta method's standard error."
        }
        KpiMeasure::Total(_) => {
            "the two totals side by side, without a test: a total grows with the group's size, so \
             compare a `mean` instead."
        }
        KpiMeasure::Cost { .. } => {
            "the two costs side by side, without a test: a cost is one spend over a count, not a \
             sample of members."
        }
    }
}
