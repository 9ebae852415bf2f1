//! Errors and warnings of the check stage. Each variant carries the data its message needs; the
//! wording lives here and nowhere else. Codes are stable and catalogued in docs/diagnostics.md.

use crate::source::Span;
use miette::Diagnostic;
use thiserror::Error;

/// A type or noun with its indefinite article: "an int", "a string".
pub fn a(noun: &str) -> String {
    let vowel = noun.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

/// "did you mean `x`?" when there is a close candidate.
pub fn did_you_mean(candidate: Option<String>) -> Option<String> {
    candidate.map(|c| format!("did you mean `{c}`?"))
}

/// A problem the checker found.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum CheckError {
    #[error("unknown entity `{name}`")]
    #[diagnostic(code(E0100))]
    UnknownEntity {
        #[label("no entity of this name is declared")]
        span: Span,
        name: String,
        #[help]
        help: Option<String>,
    },

    #[error("`{table}` has no column `{name}`")]
    #[diagnostic(code(E0101))]
    UnknownColumn {
        #[label("unknown column")]
        span: Span,
        name: String,
        table: String,
        #[help]
        help: Option<String>,
    },

    #[error("unknown facts table `{name}`")]
    #[diagnostic(code(E0102))]
    UnknownFacts {
        #[label("no facts table of this name belongs to `{entity}`")]
        span: Span,
        name: String,
        entity: String,
        #[help]
        help: Option<String>,
    },

    #[error("unknown segment `{name}`")]
    #[diagnostic(code(E0103))]
    UnknownSegment {
        #[label("no segment of this name is declared")]
        span: Span,
        name: String,
        #[help]
        help: Option<String>,
    },

    #[error("unknown name `{name}`")]
    #[diagnostic(code(E0104))]
    UnknownName {
        #[label("neither a column of `{scope}` nor a parameter")]
        span: Span,
        name: String,
        scope: String,
        #[help]
        help: Option<String>,
    },

    #[error("{kind} `{name}` is declared twice")]
    #[diagnostic(
        code(E0105),
        help("rename one of them; names are shared by every file of a project")
    )]
    DuplicateDeclaration {
        #[label("declared again here")]
        span: Span,
        #[label("first declared here")]
        first: Span,
        kind: &'static str,
        name: String,
    },

    #[error("column `{name}` is declared twice in `{table}`")]
    #[diagnostic(code(E0106), help("remove or rename one of the two columns"))]
    DuplicateColumn {
        #[label("declared again here")]
        span: Span,
        #[label("first declared here")]
        first: Span,
        name: String,
        table: String,
    },

    #[error("entity `{entity}` has no key column")]
    #[diagnostic(
        code(E0107),
        help(
            "mark the column that identifies a member with `key`, e.g. `key customer_id: string`"
        )
    )]
    MissingKey {
        #[label("declared without `key`")]
        span: Span,
        entity: String,
    },

    #[error("`{table}.{column}` is {found} but the key of `{entity}` is {expected}")]
    #[diagnostic(
        code(E0108),
        help("the column that links a table to its entity must have the key's type")
    )]
    LinkTypeMismatch {
        #[label("links to `{entity}`")]
        span: Span,
        table: String,
        column: String,
        entity: String,
        expected: String,
        found: String,
    },

    #[error("`{text}` is not a table name")]
    #[diagnostic(
        code(E0109),
        help("write the table as `name`, `schema.name` or `project.dataset.name`, without empty parts or quotes")
    )]
    InvalidTableName {
        #[label("not a valid table name")]
        span: Span,
        text: String,
    },

    #[error("the consent source `{source_name}` needs a column `{column}` of type {expected}")]
    #[diagnostic(
        code(E0110),
        help("a consent log has one row per grant: `channel`, `granted_at`, and a nullable `withdrawn_at`")
    )]
    ConsentColumn {
        #[label("missing or mistyped `{column}`")]
        span: Span,
        source_name: String,
        column: String,
        expected: &'static str,
    },

    #[error("the key of `{entity}` cannot be nullable")]
    #[diagnostic(code(E0111), help("remove the `?`: every member needs an identifier"))]
    NullableKey {
        #[label("nullable key")]
        span: Span,
        entity: String,
    },

    #[error("entity `{entity}` has more than one key column")]
    #[diagnostic(
        code(E0112),
        help("keep `key` on the one column that identifies a member")
    )]
    MultipleKeys {
        #[label("second key")]
        span: Span,
        #[label("first key")]
        first: Span,
        entity: String,
    },

    #[error("{problem}")]
    #[diagnostic(
        code(E0113),
        help("declare each enum value once, e.g. enum(\"F\", \"M\", \"X\")")
    )]
    InvalidEnum {
        #[label("here")]
        span: Span,
        problem: String,
    },

    #[error("cannot import `{path}`: {reason}")]
    #[diagnostic(
        code(E0114),
        help("paths in `use` are relative to the file that contains the `use`")
    )]
    UnreadableImport {
        #[label("imported here")]
        span: Span,
        path: String,
        reason: String,
    },

    #[error("`{name}` is both a column of `{scope}` and a parameter")]
    #[diagnostic(
        code(E0115),
        help("rename the parameter so that `{name}` means one thing")
    )]
    AmbiguousName {
        #[label("ambiguous")]
        span: Span,
        #[label("parameter declared here")]
        param: Span,
        name: String,
        scope: String,
    },

    #[error("cannot compare {left} with {right}")]
    #[diagnostic(code(E0200))]
    TypeMismatch {
        #[label("{left}")]
        left_span: Span,
        #[label(primary, "{right}")]
        span: Span,
        left: String,
        right: String,
        #[help]
        help: Option<String>,
    },

    #[error("\"{value}\" is not a value of this enum")]
    #[diagnostic(code(E0201))]
    UnknownEnumValue {
        #[label("not one of {declared}")]
        span: Span,
        value: String,
        declared: String,
        #[help]
        help: Option<String>,
    },

    #[error("`{func}` needs {needed}, but `{column}` is {found}")]
    #[diagnostic(code(E0202))]
    AggregateType {
        #[label("{found}")]
        span: Span,
        func: &'static str,
        column: String,
        needed: &'static str,
        found: String,
        #[help]
        help: Option<String>,
    },

    #[error("{problem}")]
    #[diagnostic(code(E0203))]
    NoTimeColumn {
        #[label("needs a time column")]
        span: Span,
        problem: String,
        #[help]
        help: Option<String>,
    },

    #[error("`{name}` can never be missing")]
    #[diagnostic(
        code(E0204),
        help("`is missing` and `is present` apply to nullable values (declared with `?`) and to avg/min/max/first/last")
    )]
    NotNullable {
        #[label("this value is always present")]
        span: Span,
        name: String,
    },

    #[error("{ty} is not a condition")]
    #[diagnostic(code(E0205), help("compare it to something, e.g. `{example}`"))]
    NotACondition {
        #[label("this is {ty}, not true or false")]
        span: Span,
        ty: String,
        example: String,
    },

    #[error("`{test}` works on text, but this is {ty}")]
    #[diagnostic(
        code(E0206),
        help(
            "string tests apply to `string` columns; compare other types with `=`, `<`, `in [...]`"
        )
    )]
    TextTestType {
        #[label("{ty}")]
        span: Span,
        test: &'static str,
        ty: String,
    },

    #[error("{ty} has no order")]
    #[diagnostic(
        code(E0207),
        help("such values can be tested with `=`, `!=` and `in [...]`")
    )]
    NotOrdered {
        #[label("`{op}` needs an ordered type")]
        span: Span,
        op: &'static str,
        ty: String,
    },

    #[error("segment `{name}` is on `{found}`, not on `{expected}`")]
    #[diagnostic(
        code(E0208),
        help("a segment can only refer to segments of the same entity")
    )]
    SegmentOnOtherEntity {
        #[label("a segment on `{found}`")]
        span: Span,
        name: String,
        expected: String,
        found: String,
    },

    #[error("the default of `{name}` is {found}, but the parameter is {expected}")]
    #[diagnostic(code(E0209), help("give a default of the declared type"))]
    ParamDefaultType {
        #[label("{found}")]
        span: Span,
        name: String,
        expected: String,
        found: String,
    },

    #[error("`--param {name}={value}` is not {expected}")]
    #[diagnostic(code(E0210), help("{help}"))]
    InvalidParamValue {
        #[label("declared here as {expected}")]
        span: Span,
        name: String,
        value: String,
        expected: String,
        help: String,
    },

    #[error("{problem}")]
    #[diagnostic(code(E0211))]
    AggregateArguments {
        #[label("{label}")]
        span: Span,
        problem: String,
        label: String,
        #[help]
        help: Option<String>,
    },

    #[error("this aggregate has more than one {what}")]
    #[diagnostic(code(E0212))]
    RepeatedAggregateOption {
        #[label("second {what}")]
        span: Span,
        #[label("first {what}")]
        first: Span,
        what: &'static str,
        #[help]
        help: Option<String>,
    },

    #[error("{problem}")]
    #[diagnostic(
        code(E0213),
        help(
            "write decimal(precision, scale) with 1 <= precision <= 38 and 0 <= scale <= precision"
        )
    )]
    InvalidDecimal {
        #[label("here")]
        span: Span,
        problem: String,
    },

    #[error("a window of {count} {unit} is empty")]
    #[diagnostic(
        code(E0214),
        help("windows count at least one whole unit, e.g. `within last 1 days`")
    )]
    EmptyWindow {
        #[label("must be 1 or more")]
        span: Span,
        count: i64,
        unit: &'static str,
    },

    #[error("this segment has two `{what}` entries")]
    #[diagnostic(
        code(E0215),
        help("keep one; combine conditions with `and` / `or` in a single `where`")
    )]
    RepeatedSegmentEntry {
        #[label("second `{what}`")]
        span: Span,
        what: &'static str,
    },

    #[error("`{what}` needs a date or timestamp, but this is {ty}")]
    #[diagnostic(
        code(E0216),
        help("relative time applies to `date` and `timestamp` values")
    )]
    NotTemporal {
        #[label("{ty}")]
        span: Span,
        what: &'static str,
        ty: String,
    },

    #[error("the bounds of a window must be fixed dates")]
    #[diagnostic(
        code(E0217),
        help("use a date (2026-01-31), a relative date (`90 days ago`) or a date parameter")
    )]
    WindowBound {
        #[label("not a fixed date")]
        span: Span,
    },

    #[error("segments cannot refer to each other in a cycle: {path}")]
    #[diagnostic(
        code(E0300),
        help("break the cycle: a segment cannot depend on itself, directly or through others")
    )]
    SegmentCycle {
        #[label("this reference closes the cycle")]
        span: Span,
        path: String,
    },

    #[error("`{column}` is a special category of personal data (GDPR art. 9) and cannot be used in a criterion")]
    #[diagnostic(
        code(E0400),
        help("GDPR art. 9 forbids processing health, religion, ethnicity, politics, union membership, sexual orientation, biometric and genetic data for marketing; there is no way to allow it")
    )]
    SpecialCategory {
        #[label("declared `special` in `{table}`")]
        span: Span,
        column: String,
        table: String,
    },

    #[error("no consent source records the channel `{channel}` for `{entity}`")]
    #[diagnostic(code(E0401))]
    NoConsentSource {
        #[label("no consent for this channel")]
        span: Span,
        channel: String,
        entity: String,
        #[help]
        help: Option<String>,
    },

    #[error("`{basis}` is not a legal basis {source_name} records")]
    #[diagnostic(code(E0402), help("{help}"))]
    UnknownBasis {
        #[label("unknown basis")]
        span: Span,
        basis: String,
        source_name: String,
        help: String,
    },

    #[error("{problem}")]
    #[diagnostic(code(E0403), help("declare opt-in columns as `consent email = email_optin since email_optin_at`: a bool flag and the date or timestamp it was given"))]
    InvalidConsentColumns {
        #[label("here")]
        span: Span,
        problem: String,
    },

    #[error("channel `{channel}` is listed twice")]
    #[diagnostic(
        code(E0404),
        help("list each channel once, with all the legal bases it accepts")
    )]
    RepeatedChannel {
        #[label("again here")]
        span: Span,
        channel: String,
    },

    #[error("a holdout of {percent}% is not a share of the segment")]
    #[diagnostic(
        code(E0405),
        help("write a percentage strictly between 0 and 100, e.g. `holdout 10%`")
    )]
    InvalidHoldout {
        #[label("between 0% and 100% exclusive")]
        span: Span,
        percent: String,
    },

    #[error("{problem}")]
    #[diagnostic(code(E0406), help("end a segmentation with one `otherwise` stage, so that every entity lands in exactly one stage"))]
    InvalidSegmentation {
        #[label("here")]
        span: Span,
        problem: String,
    },

    #[error("a stage cannot refer to a segment")]
    #[diagnostic(code(E0407), help("write the stage's condition on columns and aggregates; segments may use the segmentation instead: `where lifecycle = \"lapsed\"`"))]
    StageReference {
        #[label("segment reference in a stage")]
        span: Span,
    },

    #[error("stage `{stage}` can never match")]
    #[diagnostic(
        code(W0003),
        severity(Warning),
        help("{reason}; remove the stage or change its condition")
    )]
    UnreachableStage {
        #[label("never reached")]
        span: Span,
        stage: String,
        reason: String,
    },

    #[error("test \"{test}\" does not say {what}")]
    #[diagnostic(code(E0700), help("{help}"))]
    IncompleteTest {
        #[label("in this test")]
        span: Span,
        test: String,
        what: &'static str,
        help: &'static str,
    },

    #[error("unknown table `{name}`")]
    #[diagnostic(code(E0701))]
    UnknownTable {
        #[label("no entity, facts or consents table of this name")]
        span: Span,
        name: String,
        #[help]
        help: Option<String>,
    },

    #[error("{value} does not fit `{table}.{column}`, which is {expected}")]
    #[diagnostic(code(E0702), help("{help}"))]
    BadTestValue {
        #[label("{expected}")]
        span: Span,
        value: String,
        table: String,
        column: String,
        expected: String,
        help: String,
    },

    #[error("this `{table}` row lacks {columns}")]
    #[diagnostic(code(E0703), help("columns declared without `?` need a value in every test row; write `column: null` only for nullable ones"))]
    IncompleteRow {
        #[label("missing {columns}")]
        span: Span,
        table: String,
        columns: String,
    },

    #[error("this test gives `{what}` twice")]
    #[diagnostic(
        code(E0704),
        help("keep one; list all rows of a table in one `rows` block or several")
    )]
    RepeatedTestEntry {
        #[label("second `{what}`")]
        span: Span,
        what: &'static str,
    },

    #[error("expected members are keys, written as strings or whole numbers")]
    #[diagnostic(
        code(E0705),
        help("list the keys of the members, e.g. expect [\"c1\", \"c2\"]")
    )]
    BadExpectedKey {
        #[label("not a key")]
        span: Span,
    },

    #[error("parameter `{name}` is never used")]
    #[diagnostic(
        code(W0001),
        severity(Warning),
        help("remove it, or use it in a segment")
    )]
    UnusedParam {
        #[label("declared here")]
        span: Span,
        name: String,
    },

    #[error("this range is empty: {low} is above {high}")]
    #[diagnostic(
        code(W0002),
        severity(Warning),
        help("`between a and b` includes both bounds and needs a <= b")
    )]
    EmptyRange {
        #[label("never true")]
        span: Span,
        low: String,
        high: String,
    },

    #[error("the standard library has no module `std.{name}`")]
    #[diagnostic(code(E0116))]
    UnknownStdModule {
        #[label("unknown module")]
        span: Span,
        name: String,
        #[help]
        help: Option<String>,
    },

    #[error("`use std.{module}` {problem}")]
    #[diagnostic(code(E0117), help("{help}"))]
    StdSubject {
        #[label("here")]
        span: Span,
        module: String,
        problem: String,
        help: String,
    },

    #[error("model `{model}`: {problem}")]
    #[diagnostic(code(E0118), help("{help}"))]
    InvalidModel {
        #[label("here")]
        span: Span,
        model: String,
        problem: String,
        help: String,
    },

    #[error("{problem}")]
    #[diagnostic(code(E0119))]
    UnknownField {
        #[label("unknown field")]
        span: Span,
        problem: String,
        #[help]
        help: Option<String>,
    },

    #[error("`{name}` is {ty}, not a number of time units")]
    #[diagnostic(
        code(E0218),
        help("a count of days, weeks, months or years is a whole number or an `int` parameter")
    )]
    NotACount {
        #[label("needs an int")]
        span: Span,
        name: String,
        ty: String,
    },

    #[error("grid `{grid}`: {problem}")]
    #[diagnostic(code(E0408), help("{help}"))]
    InvalidGrid {
        #[label("here")]
        span: Span,
        grid: String,
        problem: String,
        help: String,
    },
}

impl CheckError {
    /// The span the error points at first.
    pub fn span(&self) -> Span {
        match self {
            CheckError::UnknownEntity { span, .. }
            | CheckError::UnknownColumn { span, .. }
            | CheckError::UnknownFacts { span, .. }
            | CheckError::UnknownSegment { span, .. }
            | CheckError::UnknownName { span, .. }
            | CheckError::DuplicateDeclaration { span, .. }
            | CheckError::DuplicateColumn { span, .. }
            | CheckError::MissingKey { span, .. }
            | CheckError::LinkTypeMismatch { span, .. }
            | CheckError::InvalidTableName { span, .. }
            | CheckError::ConsentColumn { span, .. }
            | CheckError::NullableKey { span, .. }
            | CheckError::MultipleKeys { span, .. }
            | CheckError::InvalidEnum { span, .. }
            | CheckError::UnreadableImport { span, .. }
            | CheckError::AmbiguousName { span, .. }
            | CheckError::TypeMismatch { span, .. }
            | CheckError::UnknownEnumValue { span, .. }
            | CheckError::AggregateType { span, .. }
            | CheckError::NoTimeColumn { span, .. }
            | CheckError::NotNullable { span, .. }
            | CheckError::NotACondition { span, .. }
            | CheckError::TextTestType { span, .. }
            | CheckError::NotOrdered { span, .. }
            | CheckError::SegmentOnOtherEntity { span, .. }
            | CheckError::ParamDefaultType { span, .. }
            | CheckError::InvalidParamValue { span, .. }
            | CheckError::AggregateArguments { span, .. }
            | CheckError::RepeatedAggregateOption { span, .. }
            | CheckError::InvalidDecimal { span, .. }
            | CheckError::EmptyWindow { span, .. }
            | CheckError::RepeatedSegmentEntry { span, .. }
            | CheckError::NotTemporal { span, .. }
            | CheckError::WindowBound { span, .. }
            | CheckError::SegmentCycle { span, .. }
            | CheckError::SpecialCategory { span, .. }
            | CheckError::NoConsentSource { span, .. }
            | CheckError::UnknownBasis { span, .. }
            | CheckError::InvalidConsentColumns { span, .. }
            | CheckError::RepeatedChannel { span, .. }
            | CheckError::InvalidHoldout { span, .. }
            | CheckError::InvalidSegmentation { span, .. }
            | CheckError::StageReference { span, .. }
            | CheckError::UnreachableStage { span, .. }
            | CheckError::IncompleteTest { span, .. }
            | CheckError::UnknownTable { span, .. }
            | CheckError::BadTestValue { span, .. }
            | CheckError::IncompleteRow { span, .. }
            | CheckError::RepeatedTestEntry { span, .. }
            | CheckError::BadExpectedKey { span, .. }
            | CheckError::UnusedParam { span, .. }
            | CheckError::EmptyRange { span, .. }
            | CheckError::UnknownStdModule { span, .. }
            | CheckError::StdSubject { span, .. }
            | CheckError::InvalidModel { span, .. }
            | CheckError::UnknownField { span, .. }
            | CheckError::InvalidGrid { span, .. }
            | CheckError::NotACount { span, .. } => *span,
        }
    }
}
