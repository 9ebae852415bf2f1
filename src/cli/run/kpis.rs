//! The KPIs of `seg run --kpis`: a table for people (each treatment group followed by its
//! comparison with its control group), or CSV rows for spreadsheets.

use seglang::kpis::{KpiReport, KpiRow};
use seglang::stats::{Comparison, Method};

/// The KPIs as a table.
pub(super) fn table(report: &KpiReport) -> String {
    let mut out = String::from("kpis\n");
    let kpi_width = width(report, |r| r.kpi.len(), 3);
    let segment_width = width(report, |r| r.segment.len(), 7);
    out.push_str(&format!(
        "{:<kpi_width$}  {:<segment_width$}  {:>12}  {:>9}\n",
        "kpi", "segment", "value", "over"
    ));
    for row in &report.kpis {
        out.push_str(&format!(
            "{:<kpi_width$}  {:<segment_width$}  {:>12}  {:>9}\n",
            row.kpi, row.segment, row.group.shown, row.group.n
        ));
        if let Some(u) = &row.uplift {
            let pad = kpi_width + 2;
            out.push_str(&format!(
                "{:pad$}vs control: {} over {}; difference {}; {}\n",
                "",
                u.control.shown,
                u.control.n,
                u.difference_shown,
                match (&u.test, &u.no_test) {
                    (Some(t), _) => test_words(t, row.measure == "share"),
                    (None, Some(why)) => format!("no test: {why}"),
                    (None, None) => "no test".to_string(),
                }
            ));
        }
    }
    out
}

/// The widest of a column, at least `min`.
fn width(report: &KpiReport, of: impl Fn(&KpiRow) -> usize, min: usize) -> usize {
    report.kpis.iter().map(of).max().unwrap_or(min).max(min)
}

/// `Welch's t = 2.10 (df 41.3), p = 0.0412, 95% interval 0.31 to 5.92`, with its cautions; a
/// share's interval in percentage points.
fn test_words(t: &Comparison, share: bool) -> String {
    let statistic = match (t.method, t.degrees_of_freedom) {
        (Method::WelchT, Some(df)) => format!("Welch's t = {:.2} (df {df:.1})", t.statistic),
        (Method::WelchT, None) => format!("Welch's t = {:.2}", t.statistic),
        (Method::TwoProportionZ, _) => format!("two-proportion z = {:.2}", t.statistic),
        (Method::DeltaMethodZ, _) => format!("delta-method z = {:.2}", t.statistic),
    };
    let interval = match share {
        true => format!(
            "{:.1} pt to {:.1} pt",
            t.interval.0 * 100.0,
            t.interval.1 * 100.0
        ),
        false => format!("{:.2} to {:.2}", t.interval.0, t.interval.1),
    };
    let mut words = format!(
        "{statistic}, p = {}, 95% interval {interval}",
        p_value(t.p_value)
    );
    if !t.cautions.is_empty() {
        words.push_str(" (small groups: read with care)");
    }
    words
}

/// A p-value with four digits, or `< 0.0001`.
fn p_value(p: f64) -> String {
    match p < 0.0001 {
        true => "< 0.0001".to_string(),
        false => format!("{p:.4}"),
    }
}

/// One CSV line per KPI and rule; the comparison's columns are empty without a control group.
pub(super) fn csv(report: &KpiReport) -> String {
    let mut out = String::from(
        "kpi,measure,entity,segment,members,n,value,control_members,control_n,control_value,difference,method,statistic,p_value,interval_low,interval_high\n",
    );
    for row in &report.kpis {
        let g = &row.group;
        let mut fields = vec![
            row.kpi.clone(),
            row.measure.to_string(),
            row.entity.clone(),
            row.segment.clone(),
            g.members.to_string(),
            g.n.to_string(),
            g.value.clone().unwrap_or_default(),
        ];
        match &row.uplift {
            Some(u) => {
                fields.extend([
                    u.control.members.to_string(),
                    u.control.n.to_string(),
                    u.control.value.clone().unwrap_or_default(),
                    u.difference.clone().unwrap_or_default(),
                ]);
                match &u.test {
                    Some(t) => fields.extend([
                        t.method.name().to_string(),
                        format!("{}", t.statistic),
                        format!("{}", t.p_value),
                        format!("{}", t.interval.0),
                        format!("{}", t.interval.1),
                    ]),
                    None => fields.extend(std::iter::repeat_n(String::new(), 5)),
                }
            }
            None => fields.extend(std::iter::repeat_n(String::new(), 9)),
        }
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}
