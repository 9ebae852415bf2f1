//! The `retail` example's data: a fashion retailer's customers, their orders (with returns) and
//! their lines, the product catalogue, web, app and email events, consents, suppressions and the
//! marketing spend.

use super::calendar::{age, civil, closed, days, fmt_day, fmt_time, AS_OF, DAY, HOUR, LAST_SECOND};
use super::consents::consents;
use super::csv::{facts, money, opt, Line, Member, Table};
use super::names::{slug, FEMALE, MALE, SURNAMES};
use super::random::{pick, Rng};
use super::retail_costs::marketing_costs;
use super::retail_edges::*;
use super::retail_products::{line_product, products};
use std::collections::BTreeSet;

const RETAIL_CUSTOMERS: u64 = 3_000;
/// The first day a customer may have signed up (unless recently).
const SIGNUPS_FROM: i64 = days(2019, 1, 1);
/// The first day of the order history.
const ORDERS_FROM: i64 = days(2022, 1, 1);
/// The first day of the event history.
const EVENTS_FROM: i64 = days(2024, 1, 1);
const CUSTOMERS: (&str, &str) = (
    "customers",
    "customer_id,email,first_name,birth_date,gender,region,pcs_group,signup_at,loyalty_card,\
preferred_device,religion",
);
const ORDERS: (&str, &str) = (
    "orders",
    "customer_id,order_id,ordered_at,amount,channel,discount_used,category",
);
const EVENTS: (&str, &str) = ("events", "customer_id,occurred_at,kind,detail");
const ORDER_LINES: (&str, &str) = (
    "order_lines",
    "order_id,category,quantity,unit_price,product_id",
);
/// The sourcing category of an order line.
const LINE_CATEGORIES: &str = "standard:78|organic:14|recycled:8";
/// A line whose order does not exist (a dangling link): no customer counts it.
const RETAIL_EDGE_LINES: &str = "# dangling: order O9999999 does not exist
O9999999|organic|1|10.00|P0001";
const CONSENTS: (&str, &str) = (
    "consents",
    "customer_id,channel,granted_at,withdrawn_at,basis,source",
);
const SUPPRESSIONS: (&str, &str) = ("suppressions", "customer_id,recorded_at,channel,reason");
/// Suppressions: `channel-or-~ reason weight`; about 4% of customers have one.
const RETAIL_SUPPRESSIONS: &str =
    "~ objection_art21:40|email hard_bounce:35|sms sms_stop:15|post return_to_sender:10";

/// Consent channels: `channel chance‰ basis-weights source-weights`.
const RETAIL_CHANNELS: &str = "email 700 consent:88|legitimate_interest:12 \
web_form:40|newsletter_footer:30|store_signup:20|checkout:10
sms 300 consent:95|contract:5 store_signup:50|checkout:50
push 200 consent app_onboarding
post 150 consent:40|legitimate_interest:60 store_signup:60|web_form:40
phone 80 consent customer_service_call:60|store_signup:40";

/// 2016 regions weighted by population (thousands), with a few unknown.
const REGIONS: &str = "IDF:12300|ARA:8100|NAQ:6100|OCC:6000|HDF:6000|GES:5600|PACA:5100|PDL:3900|\
BRE:3400|NOR:3300|BFC:2800|CVL:2600|COR:350|~:2000";

const PCS_WORKING: &str = "agriculteurs:10|artisans_commercants:60|cadres:190|intermediaires:230|\
employes:260|ouvriers:150|retraites:30|sans_activite:70";

const PCS_OLD: &str = "retraites:880|cadres:40|artisans_commercants:40|sans_activite:40";

const PCS_YOUNG: &str = "sans_activite:550|employes:250|ouvriers:100|intermediaires:100";

/// Relative sales per month (January and July sales, Black Friday, Christmas).
const SEASON: [u64; 12] = [11, 7, 8, 8, 9, 11, 11, 7, 8, 9, 13, 15];

const CAMPAIGNS: &str = "newsletter|soldes|nouveautes|black_friday|fete_des_meres|rentree|noel|\
ventes_privees|relance_panier";

const SHOP_PAGES: &str = "/|/fr/femme|/fr/homme|/fr/femme/robes|/fr/homme/chemises|/fr/soldes|\
/fr/nouveautes|/fr/magasins|/fr/compte|/fr/panier|/fr/femme/maillots-de-bain|/fr/homme/manteaux";

const SEARCHES: &str = r#"robe longue|robe noire|chemise lin|jean slim|baskets blanches|
maillot de bain|pull col roulé|manteau laine|sac bandoulière|taille 38|50% off|l'été|back\slash|
robe_longue|manteau "oversize", noir|soldes -50%|t-shirt|escarpins|doudoune|écharpe"#;
const CATEGORIES: &str = "dresses|shirts|trousers|shoes|accessories|swimwear|knitwear|coats";

const CATEGORIES_SUMMER: &str = "dresses:18|shirts:14|trousers:10|shoes:14|accessories:16|\
swimwear:20|knitwear:3|coats:2";

const CATEGORIES_MID: &str = "dresses:16|shirts:16|trousers:15|shoes:15|accessories:16|\
swimwear:6|knitwear:9|coats:6";

const CATEGORIES_WINTER: &str = "dresses:12|shirts:13|trousers:14|shoes:15|accessories:16|\
swimwear:2|knitwear:16|coats:14";

const EVENT_KINDS: &str = "email_open:34|email_click:9|web_visit:30|cart_add:12|search:15";

const EVENT_KINDS_NO_EMAIL: &str = "web_visit:55|cart_add:20|search:25";

struct Customer {
    id: String,
    signup: i64,
    email: bool,
    pcs: &'static str,
    device: &'static str,
}

impl Member for Customer {
    fn key(&self) -> &str {
        &self.id
    }
}

/// The tables of the retail example for a seed.
pub(super) fn retail(seed: u64) -> Vec<Table> {
    let edge_emails = RETAIL_EDGE_CUSTOMERS
        .lines()
        .filter_map(|l| l.split('|').nth(1));
    let mut taken: BTreeSet<String> = edge_emails.map(str::to_string).collect();
    let (people, lines): (Vec<Customer>, Vec<Line>) = (1..=RETAIL_CUSTOMERS)
        .map(|i| customer(seed, i, &mut taken))
        .unzip();
    let consent = |r: &mut Rng, c: &Customer| consents(r, RETAIL_CHANNELS, c.email, c.signup);
    let orders = facts(seed, ORDERS, &people, customer_orders)
        .edges(RETAIL_EDGE_ORDERS, Some(2))
        .finish(Some((1, "O")));
    let lines_of_orders = order_lines(seed, &orders);
    vec![
        Table::new(CUSTOMERS, lines)
            .edges(RETAIL_EDGE_CUSTOMERS, None)
            .finish(None),
        orders,
        lines_of_orders,
        products(seed),
        facts(seed, EVENTS, &people, customer_events)
            .edges(RETAIL_EDGE_EVENTS, Some(1))
            .finish(None),
        facts(seed, CONSENTS, &people, consent)
            .edges(RETAIL_EDGE_CONSENTS, Some(2))
            .finish(None),
        facts(seed, SUPPRESSIONS, &people, customer_suppressions)
            .edges(RETAIL_EDGE_SUPPRESSIONS, Some(1))
            .finish(None),
        marketing_costs(seed),
    ]
}

/// At most one suppression: an objection (all channels) or a channel's bounce or opt-out,
/// recorded between sign-up and a month after the evaluation date.
fn customer_suppressions(r: &mut Rng, c: &Customer) -> Vec<Line> {
    if !r.chance(40) {
        return Vec::new();
    }
    let (channel, reason) = r
        .weighted(RETAIL_SUPPRESSIONS)
        .split_once(' ')
        .unwrap_or(("~", "objection_art21"));
    let at = r.range(c.signup, (AS_OF + 30) * DAY);
    vec![(at, format!("{}|{channel}|{reason}", fmt_time(at)))]
}

fn customer(seed: u64, i: u64, taken: &mut BTreeSet<String>) -> (Customer, Line) {
    let mut r = Rng::new(seed, "customers", i);
    let gender = r.weighted("F:560|M:410|X:12|~:18");
    let male = gender == "M" || (gender != "F" && r.chance(500));
    let first = r.word(pick(male, MALE, FEMALE));
    let last = r.word(SURNAMES);
    let staff = r.chance(10);
    let email = (staff || r.chance(880)).then(|| {
        let domain = pick(staff, "maison-exemple.fr", "example.fr");
        let local = format!("{}.{}", slug(first), slug(last));
        let mut address = format!("{local}@{domain}");
        if taken.contains(&address) {
            address = format!("{local}{i}@{domain}");
        }
        taken.insert(address.clone());
        address
    });
    let born = (!r.chance(80)).then(|| {
        let y = (r.range(1945, 2008) + r.range(1945, 2008)) / 2;
        days(y, 1, 1) + r.range(0, 364)
    });
    let pcs_list = match born.map(age) {
        Some(a) if a >= 65 => PCS_OLD,
        Some(a) if a < 23 => PCS_YOUNG,
        _ => PCS_WORKING,
    };
    let pcs = pick(r.chance(40), "~", r.weighted(pcs_list));
    let region = r.weighted(REGIONS);
    let recent = r.chance(40);
    let day = r.range(pick(recent, AS_OF - 59, SIGNUPS_FROM), AS_OF);
    let signup = day * DAY + r.range(7 * HOUR, 23 * HOUR);
    let card = r.chance(400);
    let device = r.weighted("mobile:520|desktop:300|tablet:90|~:90");
    let id = format!("C{i:06}");
    let (mail, birth, at) = (opt(email.clone()), opt(born.map(fmt_day)), fmt_time(signup));
    let row = format!("{id}|{mail}|{first}|{birth}|{gender}|{region}|{pcs}|{at}|{card}|{device}|~");
    let email = email.is_some();
    (
        Customer {
            id,
            signup,
            email,
            pcs,
            device,
        },
        (0, row),
    )
}

fn customer_orders(r: &mut Rng, c: &Customer) -> Vec<Line> {
    let (first, today) = (ORDERS_FROM, AS_OF);
    let start = (c.signup / DAY).max(first);
    let n = match r.weighted("none:120|one:320|few:350|regular:155|heavy:55") {
        "none" => 0,
        "one" => 1,
        "few" => r.range(2, 14),
        "regular" => r.range(10, 40),
        _ => r.range(40, 150),
    };
    // Fewer orders for a shorter history; half of the newest sign-ups have not bought yet.
    let n = if n == 0 || (today - start < 60 && r.chance(500)) {
        0
    } else {
        (n * (today - start + 1) / (today - first + 1)).max(1)
    };
    let churned = r.chance(300);
    let end = r.range(pick(churned, start, today), today);
    let channels = match (c.pcs, c.device) {
        ("retraites", _) => "store:75|web:20|app:5",
        (_, "mobile") => "store:40|web:25|app:35",
        _ => "store:50|web:38|app:12",
    };
    let promo = r.number("40:30|150:40|300:20|850:10") as u64;
    let mut out = Vec::new();
    for _ in 0..n {
        let channel = r.weighted(channels);
        // Shops close on Sundays, 1 January, 1 May and Christmas: the last open day, or the next.
        let drawn = seasonal_day(r, start, end);
        let open = |d: &i64| channel != "store" || !closed(*d);
        let mut days = (start..=drawn).rev().chain(drawn + 1..=end);
        let day = days.find(open).unwrap_or(drawn);
        let opening = pick(
            channel == "store",
            (9 * HOUR + 1800, 19 * HOUR + 1800),
            (7 * HOUR, DAY - 1),
        );
        let at = (day * DAY + r.range(opening.0, opening.1)).max(c.signup + 600);
        let category = r.weighted(categories(civil(day).1));
        let discount = r.chance(promo);
        let items = r.number("1:62|2:27|3:11");
        let mut cents: i64 = (0..items).map(|_| price(r, category)).sum();
        if discount {
            cents = cents * r.range(70, 85) / 100;
        }
        out.push(order(at, cents, channel, discount, category));
        let back = at + r.range(2, 30) * DAY;
        let shift = (0..7).find(|k| !closed(back / DAY + k)).unwrap_or(0);
        let back = back + shift * DAY;
        if r.chance(55) && back <= LAST_SECOND {
            out.push(order(back, -cents, "store", discount, category));
        }
    }
    out
}

/// One to three lines per order (none for a return, a negative amount), each with a sourcing
/// category; their time is their order's. Drawn per order from the finished orders, so the
/// orders themselves do not change.
fn order_lines(seed: u64, orders: &Table) -> Table {
    let mut out = Vec::new();
    for (i, row) in orders.rows().enumerate() {
        let cell = |c: usize| row.get(c).cloned().flatten().unwrap_or_default();
        let (id, amount) = (cell(1), cell(3));
        if amount.starts_with('-') {
            continue;
        }
        let mut r = Rng::new(seed, ORDER_LINES.0, i as u64);
        for line in 0..r.number("1:62|2:27|3:11") {
            let category = r.weighted(LINE_CATEGORIES);
            let quantity = r.number("1:80|2:15|3:5");
            let price = money(r.range(500, 12_000));
            let product = line_product(seed, i, line);
            out.push((0, format!("{id}|{category}|{quantity}|{price}|{product}")));
        }
    }
    Table::new(ORDER_LINES, out)
        .edges(RETAIL_EDGE_LINES, None)
        .finish(None)
}

fn order(at: i64, cents: i64, channel: &str, discount: bool, category: &str) -> Line {
    let (time, amount) = (fmt_time(at), money(cents));
    let row = format!("~|{time}|{amount}|{channel}|{discount}|{category}");
    (at, row)
}

/// A day in `lo..=hi`, more likely in busy months.
fn seasonal_day(r: &mut Rng, lo: i64, hi: i64) -> i64 {
    let mut day = r.range(lo, hi);
    for _ in 0..8 {
        if r.below(15) < SEASON[(civil(day).1 - 1) as usize] {
            break;
        }
        day = r.range(lo, hi);
    }
    day
}

fn categories(month: i64) -> &'static str {
    match month {
        5..=8 => CATEGORIES_SUMMER,
        3 | 4 | 9 => CATEGORIES_MID,
        _ => CATEGORIES_WINTER,
    }
}

/// One item's price in cents: whole euros, or ending in .99 or .90.
fn price(r: &mut Rng, category: &str) -> i64 {
    let (lo, hi) = match category {
        "dresses" => (39, 149),
        "shirts" => (25, 79),
        "trousers" => (35, 99),
        "shoes" => (49, 189),
        "accessories" => (9, 69),
        "swimwear" => (19, 79),
        "knitwear" => (35, 129),
        _ => (89, 349),
    };
    r.range(lo, hi) * 100 - r.number("0:40|1:30|10:30")
}

fn customer_events(r: &mut Rng, c: &Customer) -> Vec<Line> {
    let (today, start) = (AS_OF, (c.signup / DAY).max(EVENTS_FROM));
    let n = match r.weighted("none:15|few:35|some:35|many:15") {
        "none" => 0,
        "few" => r.range(1, 7),
        "some" => r.range(8, 20),
        _ => r.range(21, 70),
    };
    let kinds = pick(c.email, EVENT_KINDS, EVENT_KINDS_NO_EMAIL);
    let mut out = Vec::new();
    for _ in 0..n.min(2 * (today - start + 1)) {
        let day = r.range(start, today);
        let at = (day * DAY + r.range(6 * HOUR, DAY - 1)).max(c.signup + 60);
        let kind = r.weighted(kinds);
        let detail = opt(event_detail(r, kind, day));
        out.push((at, format!("{}|{kind}|{detail}", fmt_time(at))));
    }
    out
}

fn event_detail(r: &mut Rng, kind: &str, day: i64) -> Option<String> {
    let (y, m, _) = civil(day);
    let (list, null_per_mille) = match kind {
        "web_visit" => (SHOP_PAGES, 200),
        "cart_add" => (CATEGORIES, 50),
        "search" => (SEARCHES, 30),
        _ => (CAMPAIGNS, 100),
    };
    let word = (!r.chance(null_per_mille)).then(|| r.word(list));
    let campaign = kind.starts_with("email");
    word.map(|w| pick(campaign, format!("nl_{y}_{m:02}_{w}"), w.to_string()))
}
