//! The report's data model: every number the page shows, and nothing else. `--format json`
//! writes it as is and the HTML is rendered from it alone, so the two cannot disagree.
//!
//! A report is a list of [`Section`]s in page order; a new kind of section (KPIs with their
//! uplift, say) is one more variant and one more renderer in `page.rs`.

use serde::Serialize;

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dashboard {
    /// What the report is about: the project's path as given.
    pub project: String,
    /// The evaluation date (`YYYY-MM-DD`).
    pub as_of: String,
    /// The earlier date lifecycle moves start from, when given.
    pub from: Option<String>,
    /// Where the data came from, in words (`embedded DuckDB, 7 files…`).
    pub source: String,
    /// The sections, in page order.
    pub sections: Vec<Section>,
}

/// One section of the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Section {
    Sizes(Sizes),
    Kpis(Kpis),
    Overlap(Overlap),
    Consent(Consent),
    Rfm(Rfm),
    Lifecycle(Lifecycle),
    History(History),
}

/// Each segment's members and share of its entity, then each segmentation's stages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sizes {
    /// Rows of each entity, in the order segments first name them.
    pub entities: Vec<EntityRows>,
    pub segments: Vec<SegmentSize>,
    /// The stages of every segmentation, in declaration order, as `seg run` lists them.
    pub segmentations: Vec<StageSizes>,
}

/// The members of each stage of one segmentation: each row of the entity is in the first stage
/// whose condition it meets, or in the `otherwise` stage, so in one stage at most.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageSizes {
    pub segmentation: String,
    pub entity: String,
    /// The segmentation's doc comment, first paragraph.
    pub docs: Option<String>,
    /// One per stage, in declaration order; `segment` is the stage's name in `seg run`'s
    /// output (`lifecycle:active`), `docs` the stage's doc comment.
    pub stages: Vec<SegmentSize>,
}

/// The rows of one entity table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityRows {
    pub entity: String,
    pub rows: u64,
}

/// One segment's size.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentSize {
    pub segment: String,
    pub entity: String,
    /// The segment's doc comment, first paragraph.
    pub docs: Option<String>,
    pub members: u64,
    /// `members` over the entity's rows (0 for an empty entity).
    pub share: f64,
}

/// How many members each pair of segments shares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overlap {
    pub segments: Vec<String>,
    /// `matrix[i][j]`: members of both `segments[i]` and `segments[j]`; the diagonal is the
    /// segment's size.
    pub matrix: Vec<Vec<u64>>,
}

/// Consent coverage of every channel the segments use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Consent {
    pub channels: Vec<ChannelCoverage>,
}

/// Of an entity's rows, how many one channel reaches, and why the others are out: one reason
/// per person, in the precedence order of the fields (no grant, withdrawn, basis not accepted,
/// suppressed). `reachable` plus the reasons is `rows`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelCoverage {
    pub entity: String,
    pub channel: String,
    /// The legal bases the segments using the channel accept.
    pub bases: Vec<String>,
    pub rows: u64,
    pub reachable: u64,
    pub no_grant: u64,
    pub withdrawn: u64,
    pub basis_not_accepted: u64,
    pub suppressed: u64,
}

/// The RFM grid of every RFM model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rfm {
    pub models: Vec<RfmGrid>,
}

/// One model's members per (recency, frequency) score pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RfmGrid {
    pub model: String,
    pub entity: String,
    /// Scores run 1..=k.
    pub k: u32,
    /// The `grid` segmentation over this model whose stages label the cells, if any.
    pub segmentation: Option<String>,
    /// `cells[r - 1][f - 1]`: members with recency score r and frequency score f.
    pub cells: Vec<Vec<u64>>,
    /// `labels[r - 1][f - 1]`: the stage of `segmentation` that the cell belongs to.
    pub labels: Vec<Vec<Option<String>>>,
    /// Entity rows without scores (nothing in the model's window).
    pub unscored: u64,
}

/// Moves between the stages of each segmentation from `from` to `to`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lifecycle {
    /// `None` when no earlier date was given: the section then says how to get it.
    pub from: Option<String>,
    pub to: String,
    pub flows: Vec<Flow>,
}

/// One segmentation's moves.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flow {
    pub segmentation: String,
    pub stages: Vec<String>,
    /// `matrix[i][j]`: entities in `stages[i]` at `from` and in `stages[j]` at `to`.
    pub matrix: Vec<Vec<u64>>,
}

/// Members per segment per materialized date, from `seg materialize`'s history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct History {
    /// False when the database holds no membership history: the section then says how to get
    /// it.
    pub available: bool,
    /// The materialized dates, ascending.
    pub dates: Vec<String>,
    pub series: Vec<Series>,
}

/// One segment's members at each of [`History::dates`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub segment: String,
    pub members: Vec<u64>,
}

/// The project's KPIs on every segment (docs/kpis.md), and each holdout's uplift.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kpis {
    pub kpis: Vec<KpiValues>,
    /// One per KPI and segment with a holdout: its treatment group against its control group.
    pub uplifts: Vec<KpiUplift>,
}

/// One KPI on every group it covers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiValues {
    pub kpi: String,
    /// The KPI's doc comment, first paragraph.
    pub docs: Option<String>,
    /// `mean`, `total`, `ratio`, `share` or `cost`.
    pub measure: String,
    pub groups: Vec<KpiGroup>,
}

/// One KPI on one group of members.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiGroup {
    /// `win_back`, `win_back:control`, `lifecycle:active`.
    pub segment: String,
    /// `segment`, `control` or `stage`.
    pub group: String,
    pub members: u64,
    /// What the value is over (`seg run --kpis`'s `n`).
    pub n: u64,
    /// The exact value rounded to 6 digits, as a number; `None` where it is missing.
    pub value: Option<f64>,
    /// The value as `seg run --kpis` shows it.
    pub shown: String,
}

/// A segment's treatment group against its control group on one KPI.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiUplift {
    pub kpi: String,
    pub measure: String,
    pub segment: String,
    pub treatment: Option<f64>,
    pub control: Option<f64>,
    pub treatment_shown: String,
    pub control_shown: String,
    pub difference: Option<f64>,
    pub difference_shown: String,
    /// Difference ÷ control.
    pub relative: Option<f64>,
    /// The 95 % interval of the difference.
    pub interval: Option<(f64, f64)>,
    pub p_value: Option<f64>,
    /// `two_proportion_z`, `welch_t` or `delta_method_z`.
    pub method: Option<String>,
    /// Whether a group is too small for the test's approximations.
    pub caution: bool,
    /// Why there is no test, when there is none.
    pub no_test: Option<String>,
}
