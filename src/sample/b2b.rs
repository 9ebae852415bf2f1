//! The `b2b` example's data: a software vendor's accounts, their opportunities and the contracts
//! they won, invoices and credit notes, web visits, and the people who work there: contacts,
//! their activities (e-mails, meetings, calls, webinars) and their consents.

use super::b2b_edges::*;
use super::calendar::{add_months, days, fmt_day, fmt_time, AS_OF, DAY, HOUR};
use super::consents::consents;
use super::csv::{facts, money, opt, Line, Member, Table};
use super::names::{slug, CITIES, FEMALE, MALE, SURNAMES};
use super::random::{pick, Rng};

const B2B_ACCOUNTS: u64 = 800;
/// The first day an account may have been created.
const ACCOUNTS_FROM: i64 = days(2015, 1, 1);
/// The first day of the web analytics.
const WEB_EVENTS_FROM: i64 = days(2024, 1, 1);
const ACCOUNTS: (&str, &str) = (
    "accounts",
    "account_id,company_name,naf_code,naf_section,headcount_band,annual_revenue,region,created_at,\
is_customer,contact_email",
);
const OPPORTUNITIES: (&str, &str) = (
    "opportunities",
    "account_id,opportunity_id,created_at,closed_at,stage,amount,product",
);
const INVOICES: (&str, &str) = (
    "invoices",
    "account_id,invoice_id,issued_at,due_at,paid_at,amount,paid",
);
const WEB_EVENTS: (&str, &str) = ("web_events", "account_id,occurred_at,kind,page");
const CONTACTS: (&str, &str) = (
    "contacts",
    "contact_id,account_id,first_name,last_name,email,job_title,role,department,created_at,\
is_active",
);
const CONTACT_ACTIVITIES: (&str, &str) = ("contact_activities", "contact_id,occurred_at,kind");
const CONTACT_CONSENTS: (&str, &str) = (
    "contact_consents",
    "contact_id,channel,granted_at,withdrawn_at,basis",
);
/// Prospecting consents of the contact: `channel chance‰ basis-weights`.
const B2B_CHANNELS: &str = "email 550 consent:45|legitimate_interest:55
phone 250 consent:20|legitimate_interest:80";
/// Head offices: Île-de-France over-represented, overseas regions present.
const REGIONS_B2B: &str = "IDF:3000|ARA:1300|HDF:700|GES:650|NAQ:700|OCC:700|PACA:650|PDL:550|\
BRE:450|NOR:400|BFC:350|CVL:300|COR:40|GP:40|MQ:40|GF:15|RE:80|YT:5|~:200";

/// NAF rev. 2 codes: `code section activity:weight` (the section letter matches the division).
const NAF: &str = "62.01Z J Informatique:90|62.02A J Consulting:45|62.03Z J Infogérance:20|\
62.09Z J Numérique:15|58.29A J Logiciels:10|58.29C J Software:25|58.29B J Éditions:6|\
63.11Z J Data:15|70.22Z M Conseil:60|69.20Z M Expertise:35|71.12B M Ingénierie:30|\
73.11Z M Communication:20|46.90Z G Négoce:40|46.51Z G Distribution:12|47.91B G Commerce:15|25.62B C Mécanique:25|\
28.29B C Machines:15|10.71C C Boulangerie:8|22.29A C Plasturgie:12|29.32Z C Équipements:10|\
41.20A F Bâtiment:20|43.21A F Électricité:15|64.19Z K Finance:10|66.22Z K Assurances:12|\
68.20B L Immobilier:15|84.11Z O Commune:8|86.10Z Q Clinique:10|85.59A P Formation:18|\
49.41A H Transports:15|55.10Z I Hôtels:8|35.11Z D Énergie:4|38.11Z E Recyclage:5|\
01.11Z A Agricole:3|93.12Z R Sport:4|94.99Z S Association:6|78.20Z N Intérim:10";

const BANDS: [&str; 6] = ["0", "1-9", "10-49", "50-249", "250-999", "1000+"];

/// Yearly revenue range (euros) per head-count band.
const REVENUE: [(i64, i64); 6] = [
    (50_000, 400_000),
    (150_000, 2_000_000),
    (1_000_000, 12_000_000),
    (8_000_000, 60_000_000),
    (40_000_000, 300_000_000),
    (200_000_000, 3_000_000_000),
];

const B2B_PAGES: &str = r#"/|/fr/plateforme|/fr/analytics|/fr/support-premium|/blog/rgpd-et-crm|
/blog/l'ia-au-service-des-pme|/fr/clients|/fr/integrations|/recherche?q=100%_remise|
/docs/windows\installation|/recherche?q="erp", pme|/carrieres"#;

const PRODUCTS_UPSELL: &str = "platform:20|analytics:50|premium_support:30";

const PRODUCTS_NEW: &str = "platform:85|analytics:10|premium_support:5";

const OPEN_STAGES: &str = "qualification:35|discovery:25|proposal:25|negotiation:15";

const WEB_KINDS: &str =
    "page_view:700|pricing_view:110|whitepaper_download:80|webinar_signup:60|demo_request:50";

/// Contacts per account, by head-count band: bigger companies have more people in the CRM.
const CONTACTS_PER_BAND: [&str; 6] = [
    "0:40|1:50|2:10",
    "0:20|1:45|2:30|3:5",
    "1:30|2:40|3:25|4:5",
    "1:10|2:25|3:35|4:20|5:10",
    "2:10|3:25|4:30|5:20|6:15",
    "3:10|4:25|5:30|6:35",
];

/// `title;role;department:weight`: the first contact of an account, usually who signs.
const FIRST_JOBS: &str = "Gérant;decision_maker;management:30|Directeur général;decision_maker;\
management:20|DSI;decision_maker;it:25|Directrice administrative et financière;decision_maker;\
finance:10|Responsable informatique;influencer;it:10|Responsable des achats;influencer;\
purchasing:5";

/// `title;role;department:weight`: the other contacts.
const JOBS: &str = "Directeur des opérations;decision_maker;operations:4|DSI;decision_maker;it:5|\
Directrice marketing;decision_maker;marketing:3|Responsable infrastructure;influencer;it:10|\
Chef de projet SI;influencer;it:10|Contrôleur de gestion;influencer;finance:6|\
Acheteuse;influencer;purchasing:6|Responsable marketing;influencer;marketing:5|\
Développeur;user;it:12|Analyste data;user;it:8|Chargée de communication;user;marketing:5|\
Commercial;user;sales:8|Chargé de recrutement;user;hr:4|Technicien;user;operations:6|\
Comptable fournisseurs;billing;finance:12|Responsable comptabilité;billing;finance:8|\
Assistante de direction;billing;management:4";

/// Kinds of contact activity: e-mails only reach contacts with an address.
const ACTIVITY_KINDS: &str =
    "email_open:450|email_click:130|meeting:60|call:180|webinar_attended:50";
const ACTIVITY_KINDS_NO_EMAIL: &str = "meeting:30|call:60|webinar_attended:10";

/// The first day of the activity history.
const ACTIVITIES_FROM: i64 = days(2024, 1, 1);

struct Account {
    id: String,
    created: i64,
    customer: bool,
    band: usize,
    /// The company's e-mail domain, from its name.
    domain: String,
    deals: Vec<Deal>,
}

/// A person at an account (or a lead not matched to one).
struct Contact {
    id: String,
    created: i64,
    email: bool,
}

impl Member for Contact {
    fn key(&self) -> &str {
        &self.id
    }
}

impl Member for Account {
    fn key(&self) -> &str {
        &self.id
    }
}

/// A won opportunity and the contract it opened, invoiced until `end` (a day).
struct Deal {
    opened: i64,
    closed: i64,
    cents: i64,
    product: &'static str,
    end: i64,
}

/// The tables of the b2b example for a seed.
pub(super) fn b2b(seed: u64) -> Vec<Table> {
    let (accounts, lines): (Vec<Account>, Vec<Line>) =
        (1..=B2B_ACCOUNTS).map(|i| account(seed, i)).unzip();
    let (contacts, contact_lines) = contacts(seed, &accounts);
    let consent = |r: &mut Rng, c: &Contact| consents(r, B2B_CHANNELS, c.email, c.created);
    vec![
        Table::new(ACCOUNTS, lines)
            .edges(B2B_EDGE_ACCOUNTS, None)
            .finish(None),
        Table::new(CONTACTS, contact_lines)
            .edges(B2B_EDGE_CONTACTS, None)
            .finish(None),
        facts(seed, CONTACT_ACTIVITIES, &contacts, contact_activities)
            .edges(B2B_EDGE_CONTACT_ACTIVITIES, Some(1))
            .finish(None),
        facts(seed, OPPORTUNITIES, &accounts, account_opportunities)
            .edges(B2B_EDGE_OPPORTUNITIES, Some(2))
            .finish(Some((1, "P"))),
        facts(seed, INVOICES, &accounts, account_invoices)
            .edges(B2B_EDGE_INVOICES, Some(2))
            .finish(Some((1, "F"))),
        facts(seed, WEB_EVENTS, &accounts, account_web_events)
            .edges(B2B_EDGE_WEB_EVENTS, Some(1))
            .finish(None),
        facts(seed, CONTACT_CONSENTS, &contacts, consent)
            .edges(B2B_EDGE_CONSENTS, Some(2))
            .finish(None),
    ]
}

/// A SIREN-like identifier: 8 digits and a Luhn check digit.
pub(super) fn siren(n: u64) -> String {
    let body = format!("{:08}", n % 100_000_000);
    let digit = |(k, b): (usize, u8)| {
        let d = u32::from(b - b'0') * pick(k % 2 == 0, 2, 1);
        d / 10 + d % 10
    };
    let sum: u32 = body.bytes().rev().enumerate().map(digit).sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

fn account(seed: u64, i: u64) -> (Account, Line) {
    let mut r = Rng::new(seed, "accounts", i);
    let mut naf = r.weighted(NAF).splitn(3, ' ');
    let (code, section) = (naf.next().unwrap_or(""), naf.next().unwrap_or(""));
    let activity = naf.next().unwrap_or("");
    let big = section == "C"; // manufacturers are larger
    let band = r.number(pick(
        big,
        "1:10|2:30|3:35|4:18|5:7",
        "0:8|1:22|2:30|3:24|4:11|5:5",
    ));
    let band = band.clamp(0, 5) as usize;
    let name = match (section, r.chance(650)) {
        ("O", _) => format!("Commune de {}", r.word(CITIES)),
        (_, true) => format!("{} {activity}", r.word(SURNAMES)),
        (_, false) => format!("{activity} {}", r.word(SURNAMES)),
    };
    let form = if section == "O" {
        ""
    } else {
        r.weighted(" SAS:50| SARL:30| SA:12|:8")
    };
    let (lo, hi) = REVENUE[band];
    let published = !r.chance(pick(band < 2, 450, 150));
    let revenue = opt(published.then(|| money(r.range(lo, hi) * 100)));
    let region = r.weighted(REGIONS_B2B);
    let created = r.range(ACCOUNTS_FROM, AS_OF) * DAY + r.range(8 * HOUR, 19 * HOUR);
    let customer = r.chance(300);
    let names = pick(r.chance(500), FEMALE, MALE);
    let (first, last, domain) = (slug(r.word(names)), slug(r.word(SURNAMES)), slug(&name));
    let email = (!r.chance(200)).then(|| format!("{first}.{last}@{domain}.fr"));
    let id = siren(i * 48_271 + 12_345_678);
    let (band_name, at, mail) = (BANDS[band], fmt_time(created), opt(email.clone()));
    let head = format!("{id}|{name}{form}|{code}|{section}|{band_name}|{revenue}");
    let row = format!("{head}|{region}|{at}|{customer}|{mail}");
    let deals = deals(seed, i, created, customer, band);
    (
        Account {
            id,
            created,
            customer,
            band,
            domain,
            deals,
        },
        (0, row),
    )
}

/// The contracts an account signed: customers have 1-3, a few prospects are former customers.
fn deals(seed: u64, i: u64, created: i64, customer: bool, band: usize) -> Vec<Deal> {
    let mut r = Rng::new(seed, "deals", i);
    let today = AS_OF;
    let former = !customer && r.chance(120);
    let n = if customer {
        r.number("1:55|2:30|3:15")
    } else {
        i64::from(former)
    };
    let mut out = Vec::new();
    let mut day = created / DAY + r.range(20, 400);
    for k in 0..n {
        match (day > today, k) {
            (true, 0) => day = r.range(created / DAY, today),
            (true, _) => break,
            _ => {}
        }
        let product = if k == 0 {
            "platform"
        } else {
            r.weighted("analytics:60|premium_support:40")
        };
        let closed = (day * DAY + r.range(9 * HOUR, 18 * HOUR)).max(created + HOUR);
        let opened = (closed - r.range(20, 150) * DAY).max(created);
        let end = pick(former, (day + r.range(365, 1100)).min(today - 30), today);
        let cents = acv(&mut r, band, product);
        out.push(Deal {
            opened,
            closed,
            cents,
            product,
            end,
        });
        day += r.range(60, 500);
    }
    out
}

/// A yearly contract value in cents, by company size and product, rounded to 100 euros.
fn acv(r: &mut Rng, band: usize, product: &str) -> i64 {
    let base = [3_000, 6_000, 15_000, 40_000, 110_000, 300_000][band.min(5)];
    let share = match product {
        "platform" => 100,
        "analytics" => 35,
        _ => 20,
    };
    (base * share / 100 * r.range(60, 160) / 100).max(1_000) / 100 * 10_000
}

fn account_opportunities(r: &mut Rng, a: &Account) -> Vec<Line> {
    let today = AS_OF;
    let won = |d: &Deal| opportunity(d.opened, Some(d.closed), "won", d.cents, d.product);
    let mut out: Vec<Line> = a.deals.iter().map(won).collect();
    let extra = r.number(pick(a.customer, "0:40|1:35|2:20|3:5", "0:30|1:42|2:20|3:8"));
    for _ in 0..extra {
        let day = r.range(a.created / DAY, today);
        let created = (day * DAY + r.range(8 * HOUR, 19 * HOUR)).max(a.created + 60);
        let product = r.weighted(pick(a.customer, PRODUCTS_UPSELL, PRODUCTS_NEW));
        let cents = acv(r, a.band, product);
        let close = day + r.range(15, 240);
        let (stage, closed) = if close > today || (today - day < 150 && r.chance(400)) {
            (r.weighted(OPEN_STAGES), None)
        } else {
            ("lost", Some(close * DAY + r.range(9 * HOUR, 18 * HOUR)))
        };
        out.push(opportunity(created, closed, stage, cents, product));
    }
    out
}

fn opportunity(at: i64, closed: Option<i64>, stage: &str, cents: i64, product: &str) -> Line {
    let (created, closed, amount) = (fmt_time(at), opt(closed.map(fmt_time)), money(cents));
    (
        at,
        format!("~|{created}|{closed}|{stage}|{amount}|{product}"),
    )
}

fn account_invoices(r: &mut Rng, a: &Account) -> Vec<Line> {
    let months = r.number("1:40|3:30|12:30");
    let terms = r.number("30:60|45:25|60:15");
    let payer = r.weighted("good:70|slow:25|bad:5");
    let mut out = Vec::new();
    for d in &a.deals {
        let (first, end) = (d.closed / DAY + r.range(0, 20), d.end.min(AS_OF));
        let dates = (0..).map(|k| add_months(first, k * months));
        for issued in dates.take_while(|&day| day <= end) {
            let cents = d.cents * months / 12;
            let paid = payment(r, issued, issued + terms, payer);
            out.push(invoice(issued, issued + terms, paid, cents));
            let note = issued + r.range(3, 40);
            if r.chance(30) && note <= AS_OF {
                let credit = -cents * r.range(10, 100) / 100;
                out.push(invoice(note, note, Some(note), credit));
            }
        }
    }
    out
}

/// The day an invoice was paid, if it was by the as-of day.
fn payment(r: &mut Rng, issued: i64, due: i64, payer: &str) -> Option<i64> {
    let delay = match payer {
        "good" => r.range(-20, 1),
        "slow" => r.range(-5, 35),
        _ => r.range(5, 120),
    };
    let day = (due + delay).max(issued);
    (day <= AS_OF && !(payer == "bad" && r.chance(250))).then_some(day)
}

fn invoice(issued: i64, due: i64, paid: Option<i64>, cents: i64) -> Line {
    let (on, until, amount) = (fmt_day(issued), fmt_day(due), money(cents));
    let paid_at = opt(paid.map(fmt_day));
    (
        issued * DAY,
        format!("~|{on}|{until}|{paid_at}|{amount}|{}", paid.is_some()),
    )
}

fn account_web_events(r: &mut Rng, a: &Account) -> Vec<Line> {
    let (today, start) = (AS_OF, (a.created / DAY).max(WEB_EVENTS_FROM));
    let n = match r.weighted("none:30|few:40|some:25|many:5") {
        "none" => 0,
        "few" => r.range(1, 10),
        "some" => r.range(11, 40),
        _ => r.range(41, 120),
    };
    let mut out = Vec::new();
    for _ in 0..n {
        let day = r.range(start, today);
        let at = (day * DAY + r.range(7 * HOUR, 20 * HOUR)).max(a.created + HOUR);
        let kind = r.weighted(WEB_KINDS);
        let pages = match kind {
            "page_view" => B2B_PAGES,
            "pricing_view" => "/fr/tarifs|/en/pricing|/fr/tarifs?plan=pro",
            "whitepaper_download" => "/ressources/livre-blanc-rgpd|/ressources/guide-data",
            "webinar_signup" => "/webinaires/data-et-ia|/webinaires/crm-b2b",
            _ => "/demo|/fr/demander-une-demo",
        };
        let page = opt((!r.chance(150)).then(|| r.word(pages).to_string()));
        out.push((at, format!("{}|{kind}|{page}", fmt_time(at))));
    }
    out
}

/// The contacts of every account, numbered in the order of the accounts: 0-6 an account, more
/// in bigger companies; a few leads have lost their account (`account_id` missing).
fn contacts(seed: u64, accounts: &[Account]) -> (Vec<Contact>, Vec<Line>) {
    let (mut out, mut lines) = (Vec::new(), Vec::new());
    for (i, a) in accounts.iter().enumerate() {
        let mut r = Rng::new(seed, "contacts", i as u64 + 1);
        for k in 0..r.number(CONTACTS_PER_BAND[a.band]) {
            let id = format!("CT{:07}", out.len() + 1);
            let mut job = r.weighted(pick(k == 0, FIRST_JOBS, JOBS)).split(';');
            let (title, role) = (job.next().unwrap_or(""), job.next().unwrap_or(""));
            let department = job.next().unwrap_or("");
            let names = pick(r.chance(480), FEMALE, MALE);
            let (first, last) = (r.word(names), r.word(SURNAMES));
            let email =
                (!r.chance(80)).then(|| format!("{}.{}@{}.fr", slug(first), slug(last), a.domain));
            let day = r.range(a.created / DAY, AS_OF);
            let created = (day * DAY + r.range(8 * HOUR, 19 * HOUR)).max(a.created + HOUR);
            let account = pick(r.chance(25), "~", a.id.as_str());
            let active = !r.chance(120);
            let title = opt((!r.chance(60)).then(|| title.to_string()));
            let (mail, at) = (opt(email.clone()), fmt_time(created));
            let head = format!("{id}|{account}|{first}|{last}|{mail}|{title}");
            lines.push((0, format!("{head}|{role}|{department}|{at}|{active}")));
            let email = email.is_some();
            out.push(Contact { id, created, email });
        }
    }
    (out, lines)
}

/// A contact's activities since they were created (and the start of the history): most have a
/// few, some none, a few are very engaged.
fn contact_activities(r: &mut Rng, c: &Contact) -> Vec<Line> {
    let start = (c.created / DAY).max(ACTIVITIES_FROM);
    let n = match r.weighted("none:30|few:45|some:20|many:5") {
        "none" => 0,
        "few" => r.range(1, 6),
        "some" => r.range(7, 20),
        _ => r.range(21, 50),
    };
    let kinds = pick(c.email, ACTIVITY_KINDS, ACTIVITY_KINDS_NO_EMAIL);
    let mut out = Vec::new();
    for _ in 0..n {
        let day = r.range(start, AS_OF);
        let at = (day * DAY + r.range(8 * HOUR, 19 * HOUR)).max(c.created + 60);
        out.push((at, format!("{}|{}", fmt_time(at), r.weighted(kinds))));
    }
    out
}
