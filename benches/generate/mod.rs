//! Projects generated in memory for the compile benchmark: the same shapes at any size, so that
//! each curve (cost against size) can be read for linearity.
//!
//! Every project is a list of `(file name, text)` pairs that `seglang::analyze_sources` reads.

/// The retail example's schema: customers, orders, events, consents and suppressions.
const RETAIL_SCHEMA: &str = include_str!("../../examples/retail/schema.seg");

/// A one-entity schema for the reference and condition shapes.
const SMALL_SCHEMA: &str = r#"entity customers from "crm.customers" {
  key id: string
  spend: int?
}
"#;

/// The project shapes the benchmark measures.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// Segments written like the retail example's: aggregates with windows and filters,
    /// channels (so consent and suppressions), a holdout, references to earlier segments.
    Realistic,
    /// `s0 … s{n-1}`, each `spend >= i and not in s{i-1}`: a priority chain.
    Chain,
    /// `d0 … d{n-1}`, each `(in d{i-1} or in d{i-2}) and spend != i`.
    Diamond,
    /// One segment of `n` comparisons joined by `and`.
    AndChain,
    /// One segment of `n` comparisons joined by `or`.
    OrChain,
    /// One segment testing `spend in [0, 1, …, n-1]`.
    InList,
}

impl Shape {
    /// The shape's name in benchmark ids.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Realistic => "realistic",
            Shape::Chain => "chain",
            Shape::Diamond => "diamond",
            Shape::AndChain => "and_terms",
            Shape::OrChain => "or_terms",
            Shape::InList => "in_list_items",
        }
    }

    /// The project of size `n`: segments, terms or list items, depending on the shape.
    pub fn project(self, n: usize) -> Vec<(&'static str, String)> {
        let (schema, segments) = match self {
            Shape::Realistic => (RETAIL_SCHEMA, realistic(n)),
            Shape::Chain => (SMALL_SCHEMA, chain(n)),
            Shape::Diamond => (SMALL_SCHEMA, diamond(n)),
            Shape::AndChain => (SMALL_SCHEMA, one_segment(&terms(n, "!=", " and "))),
            Shape::OrChain => (SMALL_SCHEMA, one_segment(&terms(n, "=", " or "))),
            Shape::InList => (SMALL_SCHEMA, one_segment(&in_list(n))),
        };
        vec![
            ("schema.seg", schema.to_string()),
            ("segments.seg", format!("use \"schema.seg\"\n\n{segments}")),
        ]
    }
}

/// Segments cycling through six patterns drawn from the retail example. Windows and thresholds
/// vary with the index within small ranges, so some aggregates are shared between segments and
/// most are not, as in a real project.
fn realistic(n: usize) -> String {
    let mut text = String::from("param vip_spend: decimal = 500\n\n");
    for i in 0..n {
        let days = 30 * (1 + i % 12);
        let body = match i % 6 {
            0 => format!(
                "  channel email\n  where orders.sum(amount, last {days} days) >= vip_spend\n    \
                 and orders.last(ordered_at) before {} days ago\n    \
                 and days since orders.last(ordered_at) >= {}",
                30 + i % 60,
                60 + i % 30
            ),
            1 => format!(
                "  channel sms\n  where signup_at within last {} days\n    \
                 and orders.count() = 0\n    \
                 and events.count(where kind = \"cart_add\", last 30 days) >= {}",
                30 + i % 60,
                1 + i % 3
            ),
            2 => format!(
                "  tags [\"regional\"]\n  where region in [\"PACA\", \"OCC\", \"COR\"]\n    \
                 and orders.count(where category = \"c{}\", last 2 years) >= 1\n    \
                 and not in r{}",
                i % 40,
                i - 1
            ),
            3 => format!(
                "  where pcs_group = \"cadres\" and orders.avg(amount, last {days} days) >= {}\n    \
                 and not (in r{} or in r{})",
                50 + i % 100,
                i - 2,
                i - 3
            ),
            4 => format!(
                "  channel email\n  holdout 10%\n  where orders.count() = {} \
                 and days since orders.last(ordered_at) > {}",
                1 + i % 3,
                90 + i % 180
            ),
            _ => format!(
                "  where events.count(where kind = \"email_click\", last {days} days) >= 2\n    \
                 and orders.count(where discount_used, last 365 days) >= {}\n    \
                 and email is present and loyalty_card",
                1 + i % 5
            ),
        };
        text.push_str(&format!(
            "/// Generated segment {i}.\nsegment r{i} on customers {{\n  owner \"crm-team\"\n{body}\n}}\n\n"
        ));
    }
    text
}

fn chain(n: usize) -> String {
    let mut text = String::from("segment s0 on customers { where spend >= 0 }\n");
    for i in 1..n {
        text.push_str(&format!(
            "segment s{i} on customers {{ where spend >= {i} and not in s{} }}\n",
            i - 1
        ));
    }
    text
}

fn diamond(n: usize) -> String {
    let mut text = String::from(
        "segment d0 on customers { where spend >= 0 }\n\
         segment d1 on customers { where spend >= 1 }\n",
    );
    for i in 2..n {
        text.push_str(&format!(
            "segment d{i} on customers {{ where (in d{} or in d{}) and spend != {i} }}\n",
            i - 1,
            i - 2
        ));
    }
    text
}

/// `spend OP 0 JOIN spend OP 1 …`, `n` terms.
fn terms(n: usize, op: &str, join: &str) -> String {
    (0..n)
        .map(|i| format!("spend {op} {i}"))
        .collect::<Vec<_>>()
        .join(join)
}

/// `spend in [0, 1, …]`, `n` items.
fn in_list(n: usize) -> String {
    let items: Vec<String> = (0..n).map(|i| i.to_string()).collect();
    format!("spend in [{}]", items.join(", "))
}

fn one_segment(condition: &str) -> String {
    format!("segment big on customers {{\n  where {condition}\n}}\n")
}
