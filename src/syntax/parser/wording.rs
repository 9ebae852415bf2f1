//! pest's failures in words about the language: "expected a condition or a value, found `&&`",
//! with a label and a help line, instead of a list of grammar rules.

use super::{Cx, Rule, DECLARATION_WORDS};
use crate::source::Span;
use crate::suggest::closest;
use crate::syntax::errors::SyntaxError;
use pest::error::{ErrorVariant, InputLocation};

/// Words the grammar reserves (its `keyword` rule): they cannot name columns, tables or parameters.
const RESERVED_WORDS: [&str; 36] = [
    "use",
    "param",
    "entity",
    "facts",
    "key",
    "of",
    "from",
    "at",
    "segment",
    "on",
    "owner",
    "tags",
    "where",
    "and",
    "or",
    "not",
    "in",
    "between",
    "is",
    "missing",
    "present",
    "starts",
    "ends",
    "with",
    "contains",
    "matches",
    "within",
    "before",
    "after",
    "ago",
    "since",
    "distinct",
    "true",
    "false",
    "when",
    "otherwise",
];

/// Punctuation worth naming in "expected ..." (not the quotes, signs and underscores inside tokens).
const STRUCTURAL_TOKENS: [&str; 11] = ["]", ")", "}", ",", "(", "[", "{", ":", "=", ".", "?"];

impl Cx {
    /// A chunk that did not parse → one `E0001` saying what was expected and what was found.
    pub(super) fn syntax_error(&self, chunk: &str, e: pest::error::Error<Rule>) -> SyntaxError {
        let pos = match e.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((s, _)) => s,
        };
        let found_text = token_at(chunk, pos);
        let span_len = found_text.len().max(if pos < chunk.len() { 1 } else { 0 });
        let span = Span::new(self.file, self.offset + pos, self.offset + pos + span_len);
        let found = if found_text.is_empty() {
            "the end of the file".to_string()
        } else {
            format!("`{found_text}`")
        };
        // Punctuation the grammar would accept here (`]`, `,`, `)`): pest reports literal tokens
        // only through its parse attempts, recorded when a chunk fails (`detail::parse_file`).
        let symbols: Vec<String> = e
            .parse_attempts()
            .map(|a| a.expected_tokens())
            .unwrap_or_default()
            .into_iter()
            .map(|t| t.to_string())
            .filter(|t| STRUCTURAL_TOKENS.contains(&t.as_str()))
            .collect();
        let positives = match e.variant {
            ErrorVariant::ParsingError { positives, .. } => positives,
            ErrorVariant::CustomError { .. } => Vec::new(),
        };
        let mut expectation = Expectation::from_rules(&positives);
        let found_punctuation = found_text.starts_with(|c: char| !c.is_alphanumeric() && c != '"');
        if found_punctuation && !symbols.is_empty() {
            // After a number, a unit is only one reading; a closing bracket is the likelier one.
            expectation.unit = false;
        }
        for symbol in symbols {
            if symbol == "(" && expectation.value {
                continue; // a parenthesised condition is already "a condition"
            }
            let shown = format!("`{symbol}`");
            if !expectation.symbols.contains(&shown) {
                expectation.symbols.push(shown);
            }
        }
        let previous = chunk[..pos].trim_end().chars().next_back();
        SyntaxError::Unexpected {
            span,
            expected: expectation.describe(),
            found,
            label: expectation.label().to_string(),
            help: expectation.help(found_text, previous),
        }
    }
}

/// The word, number or symbol starting at `pos`, for "found `x`".
fn token_at(text: &str, pos: usize) -> &str {
    let rest = text.get(pos..).unwrap_or("");
    let mut end = 0;
    for (i, c) in rest.char_indices() {
        if c.is_alphanumeric() || c == '_' {
            end = i + c.len_utf8();
        } else {
            if i == 0 {
                end = c.len_utf8();
                if "=<>!&|/".contains(c) {
                    // An operator-like run such as `==`, `&&` or `///`.
                    end = rest
                        .char_indices()
                        .find(|(_, x)| !"=<>!&|/".contains(*x))
                        .map(|(j, _)| j)
                        .unwrap_or(rest.len());
                }
                if c == '"' {
                    // Show a whole string literal when one starts here.
                    if let Some(close) = rest[1..].find(['"', '\n']) {
                        end = close + 2;
                    }
                }
            }
            break;
        }
    }
    rest[..end].trim_end_matches('\n')
}

/// What the parser wanted at the point of failure, grouped into words a user knows.
#[derive(Default)]
struct Expectation {
    declaration: bool,
    name: bool,
    value: bool,
    test: bool,
    connective: bool,
    unit: bool,
    type_name: bool,
    string: bool,
    number: bool,
    segment_entry: bool,
    agg_func: bool,
    symbols: Vec<String>,
    words: Vec<&'static str>,
}

impl Expectation {
    /// Groups the rules pest would have accepted into what they mean to a user.
    fn from_rules(rules: &[Rule]) -> Expectation {
        let mut e = Expectation::default();
        for rule in rules {
            match rule {
                Rule::use_decl | Rule::param_decl | Rule::entity_decl | Rule::facts_decl
                | Rule::consents_decl | Rule::segment_decl | Rule::kw_use | Rule::kw_param
                | Rule::kw_entity | Rule::kw_facts | Rule::kw_consents | Rule::kw_segment
                | Rule::suppressions_decl | Rule::segmentation_decl | Rule::test_decl
                | Rule::kw_suppressions | Rule::kw_segmentation | Rule::kw_test
                | Rule::rfm_decl | Rule::clv_decl | Rule::kw_rfm | Rule::kw_clv
                | Rule::trait_decl | Rule::kw_trait
                | Rule::kpi_decl | Rule::kw_kpi
                | Rule::time_zone_decl | Rule::kw_time
                | Rule::lookup_decl | Rule::kw_lookup
                | Rule::costs_decl | Rule::kw_costs
                | Rule::doc_line => e.declaration = true,
                Rule::EOI => e.words.push("the end of the file"),
                Rule::ident | Rule::name | Rule::column | Rule::key_column | Rule::kw_key => {
                    e.name = true
                }
                Rule::value | Rule::literal | Rule::date | Rule::decimal | Rule::boolean
                | Rule::days_since | Rule::age | Rule::aggregate | Rule::ago | Rule::kw_days
                | Rule::days_until | Rule::date_part | Rule::date_part_name | Rule::anniversary
                | Rule::kw_quarter | Rule::kw_weekday | Rule::kw_anniversary
                | Rule::text_func | Rule::text_func_name | Rule::kw_lower | Rule::kw_upper
                | Rule::kw_trim | Rule::kw_length
                | Rule::kw_age | Rule::kw_true | Rule::kw_false | Rule::expr | Rule::and_expr
                | Rule::not_expr | Rule::negation | Rule::kw_not | Rule::group
                | Rule::segment_ref | Rule::predicate | Rule::model_field | Rule::func_word => {
                    e.value = true
                }
                Rule::count => e.number = true,
                Rule::model_window | Rule::rfm_scores | Rule::rfm_metric | Rule::metric_name
                | Rule::kw_window | Rule::kw_scores | Rule::kw_recency | Rule::kw_frequency
                | Rule::kw_monetary | Rule::clv_amount | Rule::clv_margin | Rule::clv_lifespan
                | Rule::kw_amount | Rule::kw_margin | Rule::kw_lifespan => e.words.push(
                    "a model entry (`window last N days`, `scores K`, `recency`, `frequency`, `monetary sum(column)`, `amount`, `margin`, `lifespan`)",
                ),
                Rule::scoring | Rule::kw_quantiles | Rule::kw_thresholds => {
                    e.words.push("`quantiles` or `thresholds [...]`")
                }
                Rule::measure => e.words.push("`sum(column)` or `avg(column)`"),
                Rule::kw_over => e.words.push("`over FACTS`"),
                Rule::grid_clause | Rule::kw_grid => e.words.push("`grid MODEL`"),
                Rule::int => e.number = true,
                Rule::string | Rule::string_inner => e.string = true,
                Rule::compare | Rule::compare_op | Rule::in_list | Rule::not_in_list
                | Rule::between | Rule::is_missing | Rule::is_present | Rule::starts_with
                | Rule::ends_with | Rule::contains | Rule::matches | Rule::within_last | Rule::within_next
                | Rule::before | Rule::after | Rule::kw_in | Rule::kw_between | Rule::kw_is
                | Rule::kw_starts | Rule::kw_ends | Rule::kw_contains | Rule::kw_matches
                | Rule::kw_within | Rule::kw_before | Rule::kw_after | Rule::followed_by
                | Rule::kw_followed => e.test = true,
                Rule::kw_by => e.words.push("`by`"),
                Rule::step_args | Rule::same_column | Rule::kw_same | Rule::kw_as => e.words.push(
                    "a step argument (`where ...`, a window such as `last 30 days`, or `same column`)",
                ),
                // Never suggested: it only follows a test of equality or of text.
                Rule::ignoring_case | Rule::kw_ignoring | Rule::kw_case => {}
                Rule::kw_and | Rule::kw_or => e.connective = true,
                Rule::unit | Rule::kw_day | Rule::kw_weeks | Rule::kw_week | Rule::kw_months
                | Rule::kw_month | Rule::kw_years | Rule::kw_year => e.unit = true,
                Rule::type_name | Rule::decimal_type | Rule::enum_type | Rule::simple_type
                | Rule::kw_decimal | Rule::kw_enum | Rule::kw_string | Rule::kw_int
                | Rule::kw_bool | Rule::kw_date | Rule::kw_timestamp => e.type_name = true,
                Rule::owner_entry | Rule::tags_entry | Rule::where_entry | Rule::kw_owner
                | Rule::kw_tags | Rule::kw_where | Rule::channel_entry | Rule::kw_channel
                | Rule::holdout_entry | Rule::kw_holdout => {
                    e.segment_entry = true
                }
                Rule::agg_func | Rule::kw_count | Rule::kw_sum | Rule::kw_avg | Rule::kw_min
                | Rule::kw_max | Rule::kw_first | Rule::kw_last | Rule::kw_any | Rule::kw_all
                | Rule::kw_none => e.agg_func = true,
                Rule::nullable => e.symbols.push("`?`".into()),
                Rule::flag | Rule::kw_pii | Rule::kw_special => e.words.push("a flag (`pii`, `special`)"),
                Rule::link | Rule::kw_of => e.words.push("`of ENTITY(column)`"),
                Rule::reference => e.words.push("`-> LOOKUP`"),
                Rule::kw_on => e.words.push("`on ENTITY`"),
                Rule::table_clause | Rule::kw_from => e.words.push("`from \"schema.table\"`"),
                Rule::time_clause | Rule::kw_at => e.words.push("`at time_column`"),
                Rule::kw_ago => e.words.push("`ago`"),
                Rule::kw_since => e.words.push("`since`"),
                Rule::kw_zone => e.words.push("`zone`"),
                Rule::kw_with => e.words.push("`with`"),
                Rule::kw_missing | Rule::kw_present => e.words.push("`missing` or `present`"),
                Rule::kw_distinct => e.words.push("`distinct`"),
                Rule::list => e.words.push("a list `[...]`"),
                Rule::row_filter | Rule::window_last | Rule::window_next | Rule::window_before
                | Rule::window_after
                | Rule::window_between | Rule::distinct_column | Rule::column_arg => {
                    e.words.push("an aggregate argument (a column, `where ...`, or a window such as `last 30 days`)")
                }
                _ => {}
            }
        }
        e.words.dedup();
        e
    }

    /// "a condition or a value, `]` or `,`": the expectation as a list of words.
    fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.declaration {
            parts.push(
                "a declaration (`entity`, `facts`, `lookup`, `consents`, `suppressions`, `param`, `trait`, `kpi`, `segment`, `segmentation`, `rfm`, `clv`, `test`, `time zone` or `use`)".into(),
            );
        }
        if self.segment_entry && !self.connective {
            parts.push("`owner`, `tags`, `channel` or `where`".into());
        }
        if self.type_name {
            parts.push("a type (`string`, `int`, `decimal(p, s)`, `bool`, `date`, `timestamp`, `enum(...)`)".into());
        }
        if self.agg_func {
            parts.push(
                "an aggregate (`count`, `sum`, `avg`, `min`, `max`, `first`, `last`) or a quantifier (`any`, `all`, `none`)"
                    .into(),
            );
        }
        if self.test {
            parts.push("a test (`=`, `<`, `in [...]`, `between`, `is missing`, `contains`, `within last`, ...)".into());
        }
        if self.connective {
            parts.push("`and` or `or`".into());
        }
        if self.value {
            parts.push("a condition or a value".into());
        } else if self.name {
            parts.push("a name".into());
        }
        if self.unit {
            parts.push("a time unit (`days`, `weeks`, `months`, `years`)".into());
        }
        if self.number && !self.value {
            parts.push("a whole number".into());
        }
        if self.string && !self.value {
            parts.push("a string in double quotes".into());
        }
        parts.extend(self.symbols.iter().cloned());
        parts.extend(self.words.iter().map(|s| s.to_string()));
        parts.dedup();
        match parts.len() {
            0 => "something else".into(),
            1 => parts.remove(0),
            _ => {
                let last = parts.pop().unwrap_or_default();
                format!("{} or {}", parts.join(", "), last)
            }
        }
    }

    /// The short label under the span.
    fn label(&self) -> &'static str {
        if self.unit {
            "a time unit goes here"
        } else if self.test || self.connective {
            "the condition cannot continue like this"
        } else if self.value {
            "a condition goes here"
        } else if self.type_name {
            "a type goes here"
        } else if self.declaration {
            "not the start of a declaration"
        } else {
            "unexpected here"
        }
    }

    /// A help line: a fix for a known slip (`&&`, `==`, a reserved word, a typo), else the
    /// general shape of what goes here.
    fn help(&self, found: &str, previous: Option<char>) -> String {
        let fixed = match found {
            "&&" | "&" => Some("seglang spells conjunction `and`"),
            "||" | "|" => Some("seglang spells disjunction `or`"),
            "!" => Some("seglang spells negation `not`; inequality is `!=`"),
            "==" => Some("equality is a single `=`"),
            "=" if previous == Some('=') => Some("equality is a single `=`"),
            "'" => Some("strings are written in double quotes: \"text\""),
            "}" if self.value => Some("the condition is incomplete before the closing brace"),
            "}" | "" if self.symbols.iter().any(|s| s == "`]`") => {
                Some("a list `[...]` is not closed: add `]` after its last item")
            }
            "}" | "" if self.symbols.iter().any(|s| s == "`)`") => {
                Some("a parenthesis is not closed: add `)` where the group ends")
            }
            _ => None,
        };
        if let Some(text) = fixed {
            return text.to_string();
        }
        if self.name && RESERVED_WORDS.contains(&found) {
            return format!("`{found}` is a reserved word of seglang; choose another name");
        }
        if found.starts_with("///") {
            return "a `///` doc comment must stand right before the declaration or column it documents; use `//` for other comments".into();
        }
        if found.starts_with('"') && !found[1..].contains('"') {
            return "this string is not closed: add a `\"` before the end of the line".into();
        }
        if self.type_name && found.starts_with(|c: char| c.is_alphabetic()) {
            let types = [
                "string",
                "int",
                "decimal",
                "bool",
                "date",
                "timestamp",
                "enum",
            ];
            if let Some(word) = closest(found, types) {
                return format!("did you mean `{word}`?");
            }
        }
        if self.declaration && found.starts_with(|c: char| c.is_alphabetic()) {
            if let Some(word) = closest(found, DECLARATION_WORDS) {
                return format!("did you mean `{word}`?");
            }
        }
        let general = if self.unit {
            "relative time is written `30 days`, `6 weeks`, `3 months` or `2 years`"
        } else if self.type_name {
            "declare columns as `name: type`, e.g. `amount: decimal(12, 2)` or `region: enum(\"IDF\", \"PACA\")?`"
        } else if self.segment_entry {
            "a segment body holds `owner \"team\"`, `tags [\"a\", \"b\"]`, `channel email` lines and one `where` condition"
        } else if self.declaration {
            "each top-level item starts with `entity`, `facts`, `lookup`, `consents`, `suppressions`, `param`, `trait`, `kpi`, `segment`, `segmentation`, `rfm`, `clv`, `test`, `time zone` or `use`"
        } else if self.test || self.connective {
            "join conditions with `and` / `or`, and write tests as `value = 1`, `value in [\"a\", \"b\"]`, `value is missing`"
        } else if self.value {
            "a condition compares a column, an aggregate such as `orders.count()`, or a derived value such as `age(birth_date)`"
        } else if self.string {
            "strings are written in double quotes: \"text\""
        } else if !self.symbols.is_empty() {
            "check the brackets and commas just before this point"
        } else {
            "see docs/language.md for the syntax"
        };
        general.to_string()
    }
}
