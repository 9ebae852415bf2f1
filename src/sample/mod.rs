//! Deterministic sample data for the `retail` and `b2b` examples, built around [`DEMO_AS_OF`].
//!
//! [`generate`] returns one CSV file per declared table. Every random value comes from a
//! SplitMix64 stream derived from (seed, table, row): one seed always gives the same bytes, and a
//! change to one table never shifts another. Beside the random bulk, each data set holds fixed,
//! seed-independent edge rows (the `*_EDGE_*` texts closing each part, each group commented)
//! lying exactly on the boundaries of the example segments: window ends, the as-of day,
//! future-dated rows, ties, exact thresholds, NULL versus empty text, and text with `'`, `%`,
//! `_`, `\`, quotes and commas.
//! Facts and consent files put their implied link column first. No special-category value is
//! ever generated (`religion` is always NULL).

mod b2b;
mod b2b_edges;
mod calendar;
mod consents;
mod csv;
mod names;
mod random;
mod retail;
mod retail_costs;
mod retail_edges;
mod retail_products;
#[cfg(test)]
mod tests;

/// The example projects that have generated sample data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Demo {
    /// `examples/retail`: a fashion retailer's customers, orders, events and consents.
    Retail,
    /// `examples/b2b`: a software vendor's accounts, pipeline, invoices, web visits, and the
    /// accounts' contacts with their activities and consents.
    B2b,
}

impl Demo {
    /// Recognises an example by the name of its directory (`retail`, `b2b`).
    pub fn from_name(name: &str) -> Option<Demo> {
        match name {
            "retail" => Some(Demo::Retail),
            "b2b" => Some(Demo::B2b),
            _ => None,
        }
    }
}

/// The evaluation date the data is built around (use 2026-11-22 for both).
pub const DEMO_AS_OF: &str = "2026-11-22";

/// The files of a demo data set: `(file name, CSV text)`, one per declared table, named after the
/// table's declared name (`customers.csv`, `orders.csv`, `events.csv`, `consents.csv`; for b2b:
/// `accounts.csv`, `contacts.csv`, `contact_activities.csv`, ... and the consent table's declared
/// name), deterministic for a seed. Columns follow the schema's declaration order, an implied link column first.
pub fn generate(demo: Demo, seed: u64) -> Vec<(String, String)> {
    let tables = match demo {
        Demo::Retail => retail::retail(seed),
        Demo::B2b => b2b::b2b(seed),
    };
    let csv = |t: &csv::Table| (format!("{}.csv", t.name), t.csv());
    tables.iter().map(csv).collect()
}
