//! Unit tests of the sample data: determinism, files and headers, the edge rows whatever the
//! seed, and the date, money and quoting helpers.

use super::b2b::siren;
use super::calendar::{add_months, age, fmt_day, fmt_time, parse_time, AS_OF, DAY};
use super::csv::{field, money};
use super::random::pick;
use super::{generate, Demo};
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// The files of an example for seed 1, the committed data, generated once for every test.
fn seed_one(demo: Demo) -> &'static Vec<(String, String)> {
    static RETAIL: OnceLock<Vec<(String, String)>> = OnceLock::new();
    static B2B: OnceLock<Vec<(String, String)>> = OnceLock::new();
    let files = match demo {
        Demo::Retail => &RETAIL,
        Demo::B2b => &B2B,
    };
    files.get_or_init(|| generate(demo, 1))
}

type Parsed = Vec<Vec<Option<String>>>;

fn parse_day(s: &str) -> i64 {
    parse_time(s) / DAY
}

/// A strict RFC 4180 reader: an empty unquoted field is NULL, `""` the empty string.
fn parse(text: &str) -> Parsed {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut inside) = (false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, inside) {
            ('"', true) if chars.peek() == Some(&'"') => field.push(chars.next().unwrap_or('"')),
            ('"', true) => inside = false,
            ('"', false) => (inside, quoted) = (true, true),
            (',' | '\n', false) => {
                row.push((quoted || !field.is_empty()).then(|| std::mem::take(&mut field)));
                quoted = false;
                if c == '\n' {
                    rows.push(std::mem::take(&mut row));
                }
            }
            _ => field.push(c),
        }
    }
    rows
}

fn file(files: &[(String, String)], name: &str) -> Parsed {
    let text = files
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, t)| t.as_str());
    parse(text.unwrap_or(""))
}

/// The rows whose column `col` is `key`, as text (`<NULL>` for NULL).
fn rows(table: &Parsed, col: usize, key: &str) -> Vec<Vec<String>> {
    let text = |c: &Option<String>| c.clone().unwrap_or("<NULL>".into());
    let rows = table.iter().filter(|r| r[col].as_deref() == Some(key));
    rows.map(|r| r.iter().map(text).collect()).collect()
}

fn cents(v: &str) -> i64 {
    let (units, frac) = v.split_once('.').unwrap_or((v, "00"));
    let sign = pick(units.starts_with('-'), -1, 1);
    units.parse::<i64>().unwrap_or(0) * 100 + sign * frac.parse::<i64>().unwrap_or(0)
}

/// Sum of the amounts (column `amount`) of rows dated (column `at`) in the last 365 days.
fn last_year_sum(rows: &[Vec<String>], at: usize, amount: usize) -> i64 {
    let window = |r: &&Vec<String>| ("2025-11-23".."2026-11-23").contains(&r[at].as_str());
    rows.iter().filter(window).map(|r| cents(&r[amount])).sum()
}

const HEADERS: &str = "\
customers.csv customer_id,email,first_name,birth_date,gender,region,pcs_group,signup_at,\
loyalty_card,preferred_device,religion
orders.csv customer_id,order_id,ordered_at,amount,channel,discount_used,category
order_lines.csv order_id,category,quantity,unit_price,product_id
products.csv product_id,brand,label,premium
events.csv customer_id,occurred_at,kind,detail
consents.csv customer_id,channel,granted_at,withdrawn_at,basis,source
suppressions.csv customer_id,recorded_at,channel,reason
marketing_costs.csv spent_on,channel,campaign,amount
accounts.csv account_id,company_name,naf_code,naf_section,headcount_band,annual_revenue,region,\
created_at,is_customer,contact_email
contacts.csv contact_id,account_id,first_name,last_name,email,job_title,role,department,created_at,\
is_active
contact_activities.csv contact_id,occurred_at,kind
opportunities.csv account_id,opportunity_id,created_at,closed_at,stage,amount,product
invoices.csv account_id,invoice_id,issued_at,due_at,paid_at,amount,paid
web_events.csv account_id,occurred_at,kind,page
contact_consents.csv contact_id,channel,granted_at,withdrawn_at,basis";

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    for demo in [Demo::Retail, Demo::B2b] {
        let files = seed_one(demo);
        assert_eq!(*files, generate(demo, 1));
        assert_ne!(*files, generate(demo, 2));
    }
    assert_eq!(Demo::from_name("b2b"), Some(Demo::B2b));
    assert_eq!(Demo::from_name("retail"), Some(Demo::Retail));
    assert_eq!(Demo::from_name("Retail"), None);
}

#[test]
fn files_headers_ids_and_sizes() {
    let (retail, b2b) = (seed_one(Demo::Retail), seed_one(Demo::B2b));
    let files: Vec<_> = retail.iter().chain(b2b).collect();
    assert_eq!(files.len(), HEADERS.lines().count());
    for ((name, csv), expected) in files.iter().zip(HEADERS.lines()) {
        assert_eq!(
            format!("{name} {}", csv.lines().next().unwrap_or("")),
            expected
        );
        let width = expected.split(',').count();
        assert!(parse(csv).iter().all(|row| row.len() == width), "{name}");
    }
    let size: usize = retail.iter().map(|(_, t)| t.len()).sum();
    assert!(size < 6_000_000, "{size}");
    let count = |name| file(retail, name).len() - 1;
    assert!((3_000..3_100).contains(&count("customers.csv")));
    assert!((20_000..30_000).contains(&count("orders.csv")));
    assert!((35_000..45_000).contains(&count("events.csv")));
    // Three paid channels a day from 2025-11-01 to 2026-12-06, the campaigns and the edges.
    assert_eq!(count("marketing_costs.csv"), 401 * 3 + 5 + 4);
    let keys = [(retail, "customers.csv", 0), (retail, "orders.csv", 1)];
    let keys = keys
        .into_iter()
        .chain([(b2b, "accounts.csv", 0), (b2b, "invoices.csv", 1)]);
    for (files, name, col) in keys.chain([(b2b, "opportunities.csv", 1)]) {
        let table = file(files, name);
        let ids: BTreeSet<_> = table.iter().map(|r| r[col].clone()).collect();
        assert!(
            table.len() > 800 && ids.len() == table.len(),
            "{name} keys are unique"
        );
    }
    let customers = file(retail, "customers.csv");
    assert!(
        customers.iter().skip(1).all(|r| r[10].is_none()),
        "religion stays NULL"
    );
    for row in file(b2b, "accounts.csv").iter().skip(1) {
        let id = row[0].clone().unwrap_or_default();
        assert_eq!(siren(id[..8].parse().unwrap_or(0)), id, "Luhn check digit");
    }
}

#[test]
fn retail_edge_rows_whatever_the_seed() {
    let (a, b) = (seed_one(Demo::Retail), &generate(Demo::Retail, 99));
    let orders = file(a, "orders.csv");
    let vip = rows(&orders, 0, "C900001");
    assert_eq!(vip, rows(&file(b, "orders.csv"), 0, "C900001"));
    assert_eq!(last_year_sum(&vip, 2, 3), 500 * 100);
    assert_eq!(rows(&orders, 1, "O9000009")[0][2], "2026-11-22 23:59:59");
    assert_eq!(rows(&orders, 1, "O9000010")[0][2], "2026-11-23 00:00:00");
    let tie = rows(&orders, 0, "C900006");
    assert_eq!((tie.len(), &tie[0][2]), (2, &tie[1][2]));
    let customers = file(a, "customers.csv");
    assert_eq!(rows(&customers, 0, "C900014")[0][1..3], ["<NULL>", ""]);
    assert_eq!(rows(&customers, 0, "C900012")[0][2], "D'Artagnan");
    assert_eq!(rows(&customers, 0, "C900013")[0][2], "Marie_Lou 100% \\o/");
    assert_eq!(rows(&customers, 0, "C900015")[0][2], "Jean \"Jojo\", fils");
    let events = file(a, "events.csv");
    for term in [
        "50% off",
        "l'été",
        "back\\slash",
        "manteau \"oversize\", noir",
        "",
    ] {
        assert!(
            events.iter().any(|r| r[3].as_deref() == Some(term)),
            "{term}"
        );
    }
    let consents = file(a, "consents.csv");
    assert_eq!(rows(&consents, 0, "C900001")[0][3], "2026-11-22 10:00:00");
    assert_eq!(rows(&consents, 0, "C900004").len(), 2);
}

#[test]
fn b2b_edge_rows() {
    let files = generate(Demo::B2b, 3);
    let accounts = file(&files, "accounts.csv");
    assert_eq!(rows(&accounts, 0, "900000043")[0][5], "1000000.00");
    assert_eq!(
        rows(&accounts, 0, "900000043")[0][1],
        "\"Le Comptoir\", Lyon SAS"
    );
    assert_eq!(rows(&accounts, 0, "900000175")[0][9], "");
    assert_eq!(rows(&accounts, 0, "900000183")[0][9], "<NULL>");
    let invoices = file(&files, "invoices.csv");
    assert_eq!(
        last_year_sum(&rows(&invoices, 0, "900000118"), 2, 5),
        20_000 * 100
    );
    assert_eq!(
        rows(&invoices, 1, "F9000006")[0][3..5],
        ["2026-10-23", "<NULL>"]
    );
    let opportunities = file(&files, "opportunities.csv");
    let tie = rows(&opportunities, 0, "900000126");
    assert_eq!(tie[0][2], tie[1][2]);
    assert_eq!(
        rows(&opportunities, 1, "P9000002")[0][2],
        "2026-12-01 09:00:00"
    );
    assert_eq!(rows(&opportunities, 0, "900000217")[0][4], "negotiation");
    let consents = file(&files, "contact_consents.csv");
    assert_eq!(rows(&consents, 0, "CT9000002")[0][3], "2026-11-22 10:00:00");
    assert_eq!(rows(&consents, 0, "CT9000020").len(), 2);
    let contacts = file(&files, "contacts.csv");
    assert_eq!(rows(&contacts, 0, "CT9000003")[0][1], "<NULL>");
    assert_eq!(rows(&contacts, 0, "CT9000004")[0][1], "900000993");
    let activities = file(&files, "contact_activities.csv");
    assert_eq!(
        rows(&activities, 0, "CT9000001")[0][1],
        "2026-05-22 10:00:00"
    );
    assert_eq!(
        rows(&activities, 0, "CT9000002")[0][1],
        "2026-11-22 23:59:59"
    );
}

/// Contacts: unique keys, every account_id an account's but the planted dangling one, 0-6 an
/// account and more in bigger companies, addresses at the company's domain; activities and
/// consents only of known contacts, activities in the history and not after the as-of day but
/// the planted one.
#[test]
fn b2b_contacts_belong_to_accounts() {
    let files = seed_one(Demo::B2b);
    let (accounts, contacts) = (file(files, "accounts.csv"), file(files, "contacts.csv"));
    let bands: std::collections::BTreeMap<_, _> = accounts
        .iter()
        .skip(1)
        .map(|r| {
            (
                r[0].clone().unwrap_or_default(),
                r[4].clone().unwrap_or_default(),
            )
        })
        .collect();
    let ids: BTreeSet<_> = contacts.iter().skip(1).map(|r| r[0].clone()).collect();
    assert!(
        contacts.len() > 1_500 && ids.len() == contacts.len() - 1,
        "contact keys are unique"
    );
    let mut per_account = std::collections::BTreeMap::<String, usize>::new();
    let mut orphans = 0;
    for row in contacts.iter().skip(1) {
        let Some(account) = row[1].clone() else {
            orphans += 1;
            continue;
        };
        let known = bands.contains_key(&account);
        assert!(
            known || account == "900000993",
            "dangling account {account}"
        );
        *per_account.entry(account).or_default() += 1;
        let id = row[0].clone().unwrap_or_default();
        if let (Some(email), false) = (&row[4], id.starts_with("CT9")) {
            assert!(email.contains('@') && email.ends_with(".fr"), "{email}");
        }
    }
    assert!(
        (20..120).contains(&orphans),
        "{orphans} contacts without an account"
    );
    assert!(per_account.values().all(|&n| n <= 6));
    let mean = |band: &str| {
        let of_band = bands.iter().filter(|(_, b)| b.as_str() == band);
        let counts: Vec<usize> = of_band
            .map(|(a, _)| per_account.get(a).copied().unwrap_or(0))
            .collect();
        counts.iter().sum::<usize>() as f64 / counts.len().max(1) as f64
    };
    assert!(mean("1-9") < mean("50-249") && mean("50-249") < mean("1000+"));
    for name in ["contact_activities.csv", "contact_consents.csv"] {
        let table = file(files, name);
        assert!(table.len() > 1_000, "{name}");
        assert!(
            table.iter().skip(1).all(|r| ids.contains(&r[0])),
            "{name} rows belong to contacts"
        );
    }
    let activities = file(files, "contact_activities.csv");
    let late = activities
        .iter()
        .skip(1)
        .filter(|r| r[1].as_deref().is_some_and(|t| t >= "2026-11-23"));
    assert_eq!(
        late.count(),
        1,
        "only the planted activity after the as-of day"
    );
    assert!(
        (activities.iter().skip(1)).all(|r| r[1].as_deref() >= Some("2024-01-01")),
        "activities start with the history"
    );
    let roles: BTreeSet<_> = contacts.iter().skip(1).map(|r| r[6].clone()).collect();
    assert_eq!(roles.len(), 4, "{roles:?}");
}

#[test]
fn dates_money_and_quoting() {
    assert_eq!(fmt_day(AS_OF - 365), "2025-11-22");
    assert_eq!(
        fmt_time(parse_time("2008-02-29 23:59:59")),
        "2008-02-29 23:59:59"
    );
    assert_eq!(
        (age(parse_day("2008-11-22")), age(parse_day("2008-11-23"))),
        (18, 17)
    );
    assert_eq!(
        fmt_day(add_months(parse_day("2026-01-31"), 1)),
        "2026-02-28"
    );
    assert_eq!(money(-8990), "-89.90");
    assert_eq!(field(&Some("a\"b,c".into())), "\"a\"\"b,c\"");
}
