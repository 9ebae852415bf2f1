//! The retail example's product catalogue (the `products` lookup) and the product of each order
//! line: mostly a listed product, sometimes none (a line keyed by hand), a product the catalogue
//! does not list (a dangling reference), or the one product listed twice (a duplicated key).

use super::csv::Table;
use super::random::Rng;

pub(super) const PRODUCTS: (&str, &str) = ("products", "product_id,brand,label,premium");
/// Products `P0001` to `P0040`.
const PRODUCT_COUNT: u64 = 40;
const BRANDS: &str = "Maison Aube:40|Verdure:25|Nordlys:20|Tissé:15";
const LABELS: &str = "robe lin|chemise oxford|jean brut|baskets toile|sac cabas|maillot une pièce|\
pull mérinos|manteau laine|écharpe coton|t-shirt bio";
/// A product listed a second time under another brand: its key identifies neither row, so its
/// lines look up no product (no brand, never premium).
const RETAIL_EDGE_PRODUCTS: &str =
    "# P0013 listed twice (a duplicated key): its lines look up no product
P0013|Nordlys|écharpe coton|true";
/// The product of a line that the catalogue does not list.
const UNLISTED: &str = "P0999";

/// The catalogue for a seed.
pub(super) fn products(seed: u64) -> Table {
    let lines = (1..=PRODUCT_COUNT)
        .map(|i| {
            let mut r = Rng::new(seed, PRODUCTS.0, i);
            let brand = r.weighted(BRANDS);
            let label = r.word(LABELS);
            let premium = r.chance(250);
            (0, format!("P{i:04}|{brand}|{label}|{premium}"))
        })
        .collect();
    Table::new(PRODUCTS, lines)
        .edges(RETAIL_EDGE_PRODUCTS, None)
        .finish(None)
}

/// The `product_id` of line `line` of order row `order` (`~` for none), from a stream of its
/// own, so the lines' other columns do not change with it.
pub(super) fn line_product(seed: u64, order: usize, line: i64) -> String {
    let mut r = Rng::new(
        seed,
        "order_lines.product_id",
        order as u64 * 4 + line as u64,
    );
    match r.below(1000) {
        0..=19 => "~".to_string(),
        20..=29 => UNLISTED.to_string(),
        _ => format!("P{:04}", 1 + r.below(PRODUCT_COUNT)),
    }
}
