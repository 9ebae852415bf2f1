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

use std::collections::BTreeSet;

/// The example projects that have generated sample data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Demo {
    /// `examples/retail`: a fashion retailer's customers, orders, events and consents.
    Retail,
    /// `examples/b2b`: a software vendor's accounts, pipeline, invoices, web visits and consents.
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
/// `accounts.csv`, `opportunities.csv`, ... and the consent table's declared name), deterministic
/// for a seed. Columns follow the schema's declaration order, an implied link column first.
pub fn generate(demo: Demo, seed: u64) -> Vec<(String, String)> {
    let tables = match demo {
        Demo::Retail => retail(seed),
        Demo::B2b => b2b(seed),
    };
    let csv = |t: &Table| (format!("{}.csv", t.name), t.csv());
    tables.iter().map(csv).collect()
}

// ---------------------------------------------------------------------------------------------
// Random numbers, dates, text

/// SplitMix64: tiny, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    /// The stream of one row of one table, independent of every other (table, row).
    fn new(seed: u64, table: &str, row: u64) -> Rng {
        let mut h = mix(seed ^ 0x243F_6A88_85A3_08D3);
        for b in table.bytes() {
            h = mix(h ^ u64::from(b));
        }
        Rng(mix(h ^ row.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// A whole number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i64
    }
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
    /// One word of a `|`-separated list, all equally likely (line breaks in the list are ignored).
    fn word(&mut self, list: &'static str) -> &'static str {
        let n = list.split('|').count() as u64;
        list.split('|')
            .nth(self.below(n) as usize)
            .unwrap_or("")
            .trim()
    }
    /// One word of a `word:weight|...` list, drawn by weight (no weight means 1).
    fn weighted(&mut self, list: &'static str) -> &'static str {
        let entries = || {
            list.split('|').map(|e| match e.rsplit_once(':') {
                Some((w, n)) => (w, n.parse::<u64>().unwrap_or(0)),
                None => (e, 1),
            })
        };
        let mut x = self.below(entries().map(|e| e.1).sum());
        for (w, n) in entries() {
            if x < n {
                return w;
            }
            x -= n;
        }
        ""
    }
    /// A number drawn by weight from a `number:weight|...` list.
    fn number(&mut self, list: &'static str) -> i64 {
        self.weighted(list).parse().unwrap_or(0)
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `a` if `yes`, else `b`; both are evaluated (a draw in either is always made).
fn pick<T>(yes: bool, a: T, b: T) -> T {
    if yes {
        a
    } else {
        b
    }
}

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days(y: i64, m: i64, d: i64) -> i64 {
    let y = y - i64::from(m <= 2);
    let (era, doy) = (y.div_euclid(400), (153 * ((m + 9) % 12) + 2) / 5 + d - 1);
    let yoe = y - era * 400;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// The civil date `(year, month, day)` of a day number.
fn civil(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = pick(mp < 10, mp + 3, mp - 9);
    (
        yoe + era * 400 + i64::from(m <= 2),
        m,
        doy - (153 * mp + 2) / 5 + 1,
    )
}

/// Seconds since the epoch of `YYYY-MM-DD[ HH:MM:SS]`.
fn parse_time(s: &str) -> i64 {
    let n = |from: usize, to: usize| s.get(from..to).and_then(|x| x.parse().ok()).unwrap_or(0);
    days(n(0, 4), n(5, 7), n(8, 10)) * DAY + n(11, 13) * HOUR + n(14, 16) * 60 + n(17, 19)
}

fn parse_day(s: &str) -> i64 {
    parse_time(s) / DAY
}

fn fmt_day(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{y:04}-{m:02}-{d:02}")
}

fn fmt_time(t: i64) -> String {
    let (day, s) = (fmt_day(t.div_euclid(DAY)), t.rem_euclid(DAY));
    format!("{day} {:02}:{:02}:{:02}", s / HOUR, s / 60 % 60, s % 60)
}

/// `n` months after `day`, on day 28 at the latest (every month has it).
fn add_months(day: i64, n: i64) -> i64 {
    let (y, m, d) = civil(day);
    let t = y * 12 + m - 1 + n;
    days(t.div_euclid(12), t.rem_euclid(12) + 1, d.min(28))
}

fn as_of() -> i64 {
    parse_day(DEMO_AS_OF)
}

/// The last second of the as-of day.
fn last_second() -> i64 {
    (as_of() + 1) * DAY - 1
}

/// Whole years from `born` to the as-of day.
fn age(born: i64) -> i64 {
    let ((y, m, d), (ay, am, ad)) = (civil(born), civil(as_of()));
    ay - y - i64::from((am, ad) < (m, d))
}

/// An exact decimal with two places, from cents.
fn money(cents: i64) -> String {
    let sign = pick(cents < 0, "-", "");
    format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
}

/// Lower-case ASCII for e-mail addresses and domains: accents dropped, spaces become `-`.
fn slug(text: &str) -> String {
    let plain = |c: char| match c {
        'à' | 'â' | 'ä' => Some('a'),
        'é' | 'è' | 'ê' | 'ë' => Some('e'),
        'î' | 'ï' => Some('i'),
        'ô' | 'ö' => Some('o'),
        'ù' | 'û' | 'ü' => Some('u'),
        'ç' => Some('c'),
        ' ' | '-' => Some('-'),
        c => c.is_ascii_alphanumeric().then_some(c),
    };
    text.chars()
        .flat_map(char::to_lowercase)
        .filter_map(plain)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Tables and CSV

/// A CSV value: `None` is NULL (an empty field), `Some("")` the empty string (`""`).
type Cell = Option<String>;
/// A row being generated, with its sort key (its time in seconds, 0 for entities). Rows are
/// written like the edge rows: `|` between fields, `~` for NULL (no generated value has either).
type Line = (i64, String);

/// `~` (NULL) or the value.
fn opt(v: Option<String>) -> String {
    v.unwrap_or_else(|| "~".to_string())
}

struct Table {
    name: &'static str,
    header: &'static str,
    rows: Vec<(i64, Vec<Cell>)>,
}

impl Table {
    fn new((name, header): (&'static str, &'static str), lines: Vec<Line>) -> Table {
        let split = |(at, text): Line| (at, text.split('|').map(cell).collect());
        let rows = lines.into_iter().map(split).collect();
        Table { name, header, rows }
    }

    /// Adds fixed rows (one a line, `#` starts a comment) sorted by the time in column `time`.
    fn edges(mut self, text: &str, time: Option<usize>) -> Table {
        for line in text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let row: Vec<Cell> = line.split('|').map(cell).collect();
            let at = time.and_then(|c| row.get(c).cloned().flatten());
            self.rows.push((at.map_or(0, |t| parse_time(&t)), row));
        }
        self
    }

    /// Sorts by time then content, and numbers the rows whose `id` column is still NULL.
    fn finish(mut self, id: Option<(usize, &str)>) -> Table {
        self.rows.sort();
        if let Some((col, prefix)) = id {
            let mut n = 0;
            for (_, row) in &mut self.rows {
                if let Some(c @ None) = row.get_mut(col) {
                    n += 1;
                    *c = Some(format!("{prefix}{n:07}"));
                }
            }
        }
        self
    }

    fn csv(&self) -> String {
        let mut out = format!("{}\n", self.header);
        for (_, row) in &self.rows {
            let fields: Vec<String> = row.iter().map(field).collect();
            out.push_str(&fields.join(","));
            out.push('\n');
        }
        out
    }
}

fn cell(v: &str) -> Cell {
    (v != "~").then(|| v.to_string())
}

/// RFC 4180 quoting; the empty string is quoted so that it differs from NULL.
fn field(c: &Cell) -> String {
    match c {
        None => String::new(),
        Some(v) if v.is_empty() || v.contains([',', '"', '\n', '\r']) => {
            format!("\"{}\"", v.replace('"', "\"\""))
        }
        Some(v) => v.clone(),
    }
}

/// An entity row that owns facts.
trait Member {
    fn key(&self) -> &str;
}

/// A facts or consent table: `each` makes one member's rows, the link column is put first.
fn facts<T: Member>(
    seed: u64,
    table: (&'static str, &'static str),
    members: &[T],
    each: impl Fn(&mut Rng, &T) -> Vec<Line>,
) -> Table {
    let mut lines = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let mut r = Rng::new(seed, table.0, i as u64 + 1);
        let rows = each(&mut r, m).into_iter();
        lines.extend(rows.map(|(at, row)| (at, format!("{}|{row}", m.key()))));
    }
    Table::new(table, lines)
}

/// Consent rows for the channels of `spec` (one a line: `channel chance‰ basis-weights
/// [source-weights]`), at most three per member. `email` tells whether there is an address.
fn consents(r: &mut Rng, spec: &'static str, email: bool, start: i64) -> Vec<Line> {
    let mut out = Vec::new();
    for f in spec.lines().map(|l| l.split(' ').collect::<Vec<_>>()) {
        let (Some(&channel), Some(chance), Some(&basis)) = (f.first(), f.get(1), f.get(2)) else {
            continue;
        };
        if !r.chance(chance.parse().unwrap_or(0)) || (channel == "email" && !email) {
            continue;
        }
        let delay = pick(r.chance(600), r.range(0, 900), r.range(1, 700) * DAY);
        for (granted, withdrawn) in grants(r, start + delay, last_second()) {
            let (at, until) = (fmt_time(granted), opt(withdrawn.map(fmt_time)));
            let mut row = format!("{channel}|{at}|{until}|{}", r.weighted(basis));
            if let Some(&source) = f.get(3) {
                row = format!("{row}|{}", r.weighted(source));
            }
            out.push((granted, row));
        }
    }
    out.truncate(3);
    out
}

/// Grants of one channel, `(granted_at, withdrawn_at)`: maybe withdrawn, maybe granted again.
fn grants(r: &mut Rng, first: i64, end: i64) -> Vec<(i64, Option<i64>)> {
    let mut out = Vec::new();
    let mut granted = first;
    while granted <= end && out.len() < 3 {
        let w = granted + r.range(1, 900) * DAY + r.range(0, DAY - 1);
        let withdrawn = (w <= end && r.chance(200)).then_some(w);
        out.push((granted, withdrawn));
        match withdrawn {
            Some(w) if r.chance(350) => granted = w + r.range(1, 300) * DAY + r.range(0, DAY - 1),
            _ => break,
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Word lists (`|`-separated; `word:weight` where weighted; `~` is NULL)

const FEMALE: &str = "Marie|Camille|Léa|Manon|Chloé|Emma|Inès|Sarah|Julie|Laura|Pauline|Anaïs|\
Céline|Nathalie|Isabelle|Sylvie|Catherine|Christine|Monique|Françoise|Hélène|Valérie|Sandrine|\
Stéphanie|Aurélie|Élodie|Zoé|Lina|Jade|Louise|Alice|Gaëlle|Brigitte|Martine|Nicole|Agnès|Océane|\
Margaux|Clémence|Maëlys|Fatima|Amina|Yasmine|Nadia|Sophie|Anne|Émilie|Mélanie";
const MALE: &str = "Jean|Pierre|Michel|Philippe|Alain|Nicolas|Julien|Thomas|Antoine|Maxime|Lucas|\
Hugo|Louis|Gabriel|Arthur|Nathan|Théo|Mathis|Kévin|Sébastien|Laurent|Stéphane|Christophe|Frédéric|\
Éric|Patrick|Jérôme|François|Benoît|Loïc|Yannick|Mehdi|Karim|Olivier|Bernard|Daniel|Noé|Raphaël|\
Baptiste|Rémi|Youssef|Mohamed|Luc|David|Vincent|Guillaume|Romain|Adrien";
const SURNAMES: &str = "Martin|Bernard|Thomas|Petit|Robert|Richard|Durand|Dubois|Moreau|Laurent|\
Simon|Michel|Lefebvre|Leroy|Roux|David|Bertrand|Morel|Fournier|Girard|Bonnet|Dupont|Lambert|\
Fontaine|Rousseau|Vincent|Muller|Lefèvre|Faure|André|Mercier|Blanc|Guérin|Boyer|Garnier|Chevalier|\
François|Legrand|Gauthier|Garcia|Perrin|Robin|Clément|Morin|Nicolas|Henry|Roussel|Mathieu|Masson|\
Marchand|Duval|Denis|Dumont|Lemaire|Noël|Meyer|Dufour|Meunier|Brun|Blanchard|Giraud|Joly|Rivière|\
Lucas|Brunet|Gaillard|Barbier|Arnaud|Martinez|Gérard|Roche|Renard|Schmitt|Roy|Leroux|Colin|Vidal|\
Caron|Picard|Roger|Fabre|Aubert|Lemoine|Renaud|Dumas|Lacroix|Olivier|Bourgeois|Rey|Leclerc|Payet|\
Benali|Haddad|Nguyen|Da Silva|Le Gall|Le Goff|Hoarau|Grondin|Diallo|Traoré|Kaya|Ferreira";
const CITIES: &str = "Lyon|Nantes|Rennes|Lille|Bordeaux|Toulouse|Grenoble|Dijon|Tours|Rouen|Metz|\
Brest|Angers|Nîmes|Ajaccio|Limoges|Amiens|Pau";
/// 2016 regions weighted by population (thousands), with a few unknown.
const REGIONS: &str = "IDF:12300|ARA:8100|NAQ:6100|OCC:6000|HDF:6000|GES:5600|PACA:5100|PDL:3900|\
BRE:3400|NOR:3300|BFC:2800|CVL:2600|COR:350|~:2000";
/// Head offices: Île-de-France over-represented, overseas regions present.
const REGIONS_B2B: &str = "IDF:3000|ARA:1300|HDF:700|GES:650|NAQ:700|OCC:700|PACA:650|PDL:550|\
BRE:450|NOR:400|BFC:350|CVL:300|COR:40|GP:40|MQ:40|GF:15|RE:80|YT:5|~:200";
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
const CATEGORIES_SUMMER: &str = "dresses:18|shirts:14|trousers:10|shoes:14|accessories:16|\
swimwear:20|knitwear:3|coats:2";
const CATEGORIES_MID: &str = "dresses:16|shirts:16|trousers:15|shoes:15|accessories:16|\
swimwear:6|knitwear:9|coats:6";
const CATEGORIES_WINTER: &str = "dresses:12|shirts:13|trousers:14|shoes:15|accessories:16|\
swimwear:2|knitwear:16|coats:14";
const EVENT_KINDS: &str = "email_open:34|email_click:9|web_visit:30|cart_add:12|search:15";
const EVENT_KINDS_NO_EMAIL: &str = "web_visit:55|cart_add:20|search:25";
const PRODUCTS_UPSELL: &str = "platform:20|analytics:50|premium_support:30";
const PRODUCTS_NEW: &str = "platform:85|analytics:10|premium_support:5";
const OPEN_STAGES: &str = "qualification:35|discovery:25|proposal:25|negotiation:15";
const WEB_KINDS: &str =
    "page_view:700|pricing_view:110|whitepaper_download:80|webinar_signup:60|demo_request:50";

// ---------------------------------------------------------------------------------------------
// Retail

const RETAIL_CUSTOMERS: u64 = 3_000;
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
const CONSENTS: (&str, &str) = (
    "consents",
    "customer_id,channel,granted_at,withdrawn_at,basis,source",
);
const SUPPRESSIONS: (&str, &str) = ("suppressions", "customer_id,recorded_at,channel,reason");
/// Suppressions: `channel-or-~ reason weight`; about 4% of customers have one.
const RETAIL_SUPPRESSIONS: &str =
    "~ objection_art21:40|email hard_bounce:35|sms sms_stop:15|post return_to_sender:10";
/// Fixed suppression rows: recorded on the evaluation day (counts), the day after (does not).
const RETAIL_EDGE_SUPPRESSIONS: &str = "\
# email hard bounce on the evaluation day itself: C900001 is suppressed for email
C900001|2026-11-22 10:00:00|email|hard_bounce
# objection recorded the day after the evaluation date: C900011 is not suppressed yet
C900011|2026-11-23 08:00:00|~|objection_art21";

/// Consent channels: `channel chance‰ basis-weights source-weights`.
const RETAIL_CHANNELS: &str = "email 700 consent:88|legitimate_interest:12 \
web_form:40|newsletter_footer:30|store_signup:20|checkout:10
sms 300 consent:95|contract:5 store_signup:50|checkout:50
push 200 consent app_onboarding
post 150 consent:40|legitimate_interest:60 store_signup:60|web_form:40
phone 80 consent customer_service_call:60|store_signup:40";

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

fn retail(seed: u64) -> Vec<Table> {
    let edge_emails = RETAIL_EDGE_CUSTOMERS
        .lines()
        .filter_map(|l| l.split('|').nth(1));
    let mut taken: BTreeSet<String> = edge_emails.map(str::to_string).collect();
    let (people, lines): (Vec<Customer>, Vec<Line>) = (1..=RETAIL_CUSTOMERS)
        .map(|i| customer(seed, i, &mut taken))
        .unzip();
    let consent = |r: &mut Rng, c: &Customer| consents(r, RETAIL_CHANNELS, c.email, c.signup);
    vec![
        Table::new(CUSTOMERS, lines)
            .edges(RETAIL_EDGE_CUSTOMERS, None)
            .finish(None),
        facts(seed, ORDERS, &people, customer_orders)
            .edges(RETAIL_EDGE_ORDERS, Some(2))
            .finish(Some((1, "O"))),
        facts(seed, EVENTS, &people, customer_events)
            .edges(RETAIL_EDGE_EVENTS, Some(1))
            .finish(None),
        facts(seed, CONSENTS, &people, consent)
            .edges(RETAIL_EDGE_CONSENTS, Some(2))
            .finish(None),
        facts(seed, SUPPRESSIONS, &people, customer_suppressions)
            .edges(RETAIL_EDGE_SUPPRESSIONS, Some(1))
            .finish(None),
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
    let at = r.range(c.signup, (as_of() + 30) * DAY);
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
    let day = r.range(pick(recent, as_of() - 59, parse_day("2019-01-01")), as_of());
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
    let (first, today) = (parse_day("2022-01-01"), as_of());
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
        if r.chance(55) && back <= last_second() {
            out.push(order(back, -cents, "store", discount, category));
        }
    }
    out
}

fn order(at: i64, cents: i64, channel: &str, discount: bool, category: &str) -> Line {
    let (time, amount) = (fmt_time(at), money(cents));
    let row = format!("~|{time}|{amount}|{channel}|{discount}|{category}");
    (at, row)
}

fn closed(day: i64) -> bool {
    let (_, m, d) = civil(day);
    (day + 4).rem_euclid(7) == 0 || matches!((m, d), (1, 1) | (5, 1) | (12, 25))
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
    let (today, start) = (as_of(), (c.signup / DAY).max(parse_day("2024-01-01")));
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

const RETAIL_EDGE_CUSTOMERS: &str = r#"
# customer_id|email|first_name|birth_date|gender|region|pcs_group|signup_at|loyalty_card|preferred_device|religion
# C900001 lapsing_vips on the threshold: exactly 500.00 over the last 365 days, last order exactly
#   90 days ago (+ a future order).
C900001|camille.lefort@example.fr|Camille|1979-04-12|F|IDF|cadres|2021-03-02 10:15:00|true|desktop|~
# C900002 naturally_reactivated: orders exactly 365 days ago (23:59:59) and 29 days ago (00:00:00).
C900002|julien.marchand@example.fr|Julien|1985-09-30|M|ARA|intermediaires|2020-06-11 09:00:00|false|mobile|~
# C900003 not reactivated: its recent order is exactly 30 days ago, in the middle window.
C900003|sophie.garnier@example.fr|Sophie|1990-01-05|F|NAQ|employes|2020-02-17 14:20:00|true|mobile|~
# C900004 reactivated by an order on the as-of day at 23:59:59; another order the next second
#   (future).
C900004|marc.roux@example.fr|Marc|1968-07-21|M|PACA|artisans_commercants|2019-05-04 11:00:00|true|desktop|~
# C900005 new_not_converting: signed up 59 days ago, cart_add 2 days ago, only a future-dated order.
C900005|ines.benali@example.fr|Inès|1998-03-14|F|HDF|employes|2026-09-24 08:30:00|false|mobile|~
# C900006 two orders and two events at the same timestamp (ties).
C900006|hugo.blanc@example.fr|Hugo|1992-11-02|M|BRE|intermediaires|2022-01-09 19:45:00|false|tablet|~
# C900007 cadres_high_basket: average exactly 120.00 over the last 365 days (500.00 exactly 365
#   days ago).
C900007|aurelie.caron@example.fr|Aurélie|1983-06-18|F|IDF|cadres|2023-04-01 12:00:00|true|desktop|~
# C900008 one order exactly 180 days ago (not one_time_buyers); C900009 one order 181 days ago
#   (member).
C900008|luc.perrin@example.fr|Luc|1975-02-08|M|GES|ouvriers|2022-03-15 10:00:00|false|desktop|~
C900009|nadia.haddad@example.fr|Nadia|1987-12-24|F|OCC|employes|2022-03-15 11:00:00|false|mobile|~
# C900010 staff with a lapsing-VIP profile (excluded); C900011 the staff domain in capitals: not
#   staff, lapsing VIP.
C900010|thomas.girard@maison-exemple.fr|Thomas|1980-10-10|M|IDF|cadres|2019-02-01 09:00:00|true|desktop|~
C900011|Claire.Petit@MAISON-EXEMPLE.FR|Claire|1977-05-05|F|IDF|cadres|2019-03-01 09:00:00|true|desktop|~
# C900012..C900015 awkward text: apostrophe; % _ \; empty first name (not NULL) with every
#   nullable column NULL; quotes and comma.
C900012|d'artagnan.gascon@example.fr|D'Artagnan|1995-08-15|M|OCC|intermediaires|2024-06-01 10:00:00|false|mobile|~
C900013|marie_lou%promo@example.fr|Marie_Lou 100% \o/|1999-07-14|F|IDF|sans_activite|2025-01-10 18:00:00|false|mobile|~
C900014|~||~|~|~|~|2019-01-01 00:00:00|false|~|~
C900015|jean.fils@example.fr|Jean "Jojo", fils|1960-01-01|M|NOR|retraites|2019-09-09 09:09:09|true|~|~
# C900016..C900020 young_app_shoppers, one app order each: born 2008-11-22 (18 on the as-of day:
#   member), 2008-11-23 (17),
# 2000-11-22 (26 on the as-of day), 2000-11-23 (25: member), 2008-02-29 (18: member).
C900016|lina.morel@example.fr|Lina|2008-11-22|F|PDL|sans_activite|2025-05-01 10:00:00|false|mobile|~
C900017|noah.fabre@example.fr|Noah|2008-11-23|M|PDL|sans_activite|2025-05-01 11:00:00|false|mobile|~
C900018|emma.rey@example.fr|Emma|2000-11-22|F|CVL|employes|2025-05-01 12:00:00|false|mobile|~
C900019|yanis.kaya@example.fr|Yanis|2000-11-23|M|CVL|employes|2025-05-01 13:00:00|false|mobile|~
C900020|jade.payet@example.fr|Jade|2008-02-29|F|BFC|sans_activite|2025-05-01 14:00:00|false|mobile|~
# C900021 discount_hunters: three discounted orders in the last 365 days (one 364 days ago); full
#   price exactly 365 days ago.
C900021|paul.joly@example.fr|Paul|1972-03-03|M|HDF|employes|2021-01-01 10:00:00|true|desktop|~
# C900022 COR, swimwear exactly 2 years ago (outside); C900023 OCC, 2 years minus a day (inside);
#   C900024 PACA, "Swimwear".
C900022|lisa.vidal@example.fr|Lisa|1991-06-06|F|COR|employes|2022-05-05 10:00:00|false|mobile|~
C900023|eva.roche@example.fr|Eva|1993-07-07|F|OCC|cadres|2022-05-05 11:00:00|false|mobile|~
C900024|zoe.renard@example.fr|Zoé|1994-08-08|F|PACA|intermediaires|2022-05-05 12:00:00|false|mobile|~
# C900025 engaged_non_buyers: clicks 89 and 10 days ago; C900026 clicks 90 and 10 days ago (one in
#   the window).
C900025|leo.brunet@example.fr|Léo|1988-09-09|M|BRE|cadres|2023-01-01 10:00:00|false|desktop|~
C900026|ana.dias@example.fr|Ana|1989-10-10|F|BRE|cadres|2023-01-01 11:00:00|false|desktop|~
# C900027 signed up exactly 60 days ago with a recent cart_add: not within the last 60 days.
C900027|tom.colin@example.fr|Tom|2001-01-01|M|IDF|employes|2026-09-23 00:00:00|false|mobile|~
# C900028 retirees_in_store: store orders 364 days ago and this spring; a third exactly 365 days
#   ago.
C900028|monique.aubert@example.fr|Monique|1950-02-02|F|NAQ|retraites|2019-04-04 10:00:00|true|~|~
"#;
const RETAIL_EDGE_ORDERS: &str = r#"
# customer_id|order_id|ordered_at|amount|channel|discount_used|category
C900001|O9000001|2025-11-22 10:00:00|300.00|store|false|coats
C900001|O9000002|2026-01-15 16:20:00|250.00|web|false|dresses
C900001|O9000003|2026-08-24 18:30:00|250.00|store|false|shoes
C900001|O9000039|2027-03-01 10:00:00|180.00|web|false|coats
C900002|O9000004|2025-11-22 23:59:59|89.90|web|false|shirts
C900002|O9000005|2026-10-24 00:00:00|59.00|app|false|accessories
C900003|O9000006|2024-05-10 11:00:00|120.00|store|false|knitwear
C900003|O9000007|2026-10-23 12:00:00|45.50|web|true|accessories
C900004|O9000008|2024-02-10 15:30:00|210.00|store|false|coats
C900004|O9000009|2026-11-22 23:59:59|75.00|web|false|shirts
C900004|O9000010|2026-11-23 00:00:00|64.90|web|false|trousers
C900005|O9000011|2026-12-05 10:00:00|129.00|web|false|dresses
C900006|O9000012|2026-06-14 15:42:07|89.90|web|false|dresses
C900006|O9000013|2026-06-14 15:42:07|45.00|web|true|accessories
C900007|O9000014|2025-11-22 09:00:00|500.00|store|false|coats
C900007|O9000015|2026-03-03 13:00:00|100.00|store|false|shirts
C900007|O9000016|2026-09-10 17:00:00|140.00|web|false|trousers
C900008|O9000017|2026-05-26 12:00:00|79.00|store|false|knitwear
C900009|O9000018|2026-05-25 12:00:00|79.00|store|false|knitwear
C900010|O9000019|2025-12-20 11:00:00|400.00|store|false|coats
C900010|O9000020|2026-07-25 15:00:00|150.00|store|false|shoes
C900011|O9000021|2026-02-14 16:00:00|620.00|store|false|coats
# C900012 an order and its full return (negative amount).
C900012|O9000022|2026-10-01 10:00:00|89.00|web|false|shoes
C900012|O9000038|2026-10-10 10:00:00|-89.00|store|false|shoes
C900016|O9000023|2026-09-01 18:00:00|29.99|app|false|shirts
C900017|O9000024|2026-09-01 18:00:00|29.99|app|false|shirts
C900018|O9000025|2026-09-01 18:00:00|29.99|app|false|shirts
C900019|O9000026|2026-09-01 18:00:00|29.99|app|false|shirts
C900020|O9000027|2026-09-01 18:00:00|29.99|app|false|shirts
C900021|O9000028|2025-11-22 12:00:00|60.00|store|false|trousers
C900021|O9000029|2025-11-23 12:00:00|35.00|web|true|shirts
C900021|O9000030|2026-03-15 12:00:00|42.00|app|true|accessories
C900021|O9000031|2026-11-01 12:00:00|28.50|web|true|accessories
C900022|O9000032|2024-11-22 14:00:00|55.00|web|false|swimwear
C900023|O9000033|2024-11-23 10:00:00|49.90|web|false|swimwear
C900024|O9000034|2026-07-01 10:00:00|39.90|store|false|Swimwear
C900028|O9000035|2025-11-22 10:00:00|80.00|store|false|knitwear
C900028|O9000036|2025-11-23 10:00:00|65.00|store|false|knitwear
C900028|O9000037|2026-04-02 10:00:00|95.00|store|false|dresses
"#;
const RETAIL_EDGE_EVENTS: &str = r#"
# customer_id|occurred_at|kind|detail
C900004|2026-11-22 23:59:59|cart_add|shirts
C900004|2026-11-23 08:00:00|web_visit|/fr/femme
C900005|2026-11-20 21:14:00|cart_add|dresses
C900006|2026-06-14 15:40:00|web_visit|/fr/femme/robes
C900006|2026-06-14 15:40:00|cart_add|dresses
C900012|2026-10-02 10:00:00|search|50% off
C900012|2026-10-02 10:01:00|search|l'été
C900013|2026-10-03 10:00:00|search|back\slash
C900013|2026-10-03 10:02:00|search|robe_longue
C900014|2026-10-05 10:00:00|search|
C900014|2026-10-05 10:05:00|web_visit|~
C900015|2026-10-04 10:00:00|search|manteau "oversize", noir
C900025|2026-08-25 08:00:00|email_click|nl_2026_08_rentree
C900025|2026-11-12 09:30:00|email_click|nl_2026_11_black_friday
C900026|2026-08-24 08:00:00|email_click|nl_2026_08_rentree
C900026|2026-11-12 09:30:00|email_click|nl_2026_11_black_friday
C900027|2026-11-15 20:00:00|cart_add|shoes
"#;
const RETAIL_EDGE_CONSENTS: &str = r#"
# customer_id|channel|granted_at|withdrawn_at|basis|source
# Withdrawn on the as-of day (C900001), the day before (C900002), the day after (C900003);
#   re-granted (C900004);
# granted after the as-of day (C900005 sms); granted on the as-of day (C900006); re-granted then
#   withdrawn again (C900007);
# withdrawn at the instant of the grant (C900014).
C900001|email|2024-03-01 10:00:00|2026-11-22 10:00:00|consent|web_form
C900002|email|2022-05-01 10:00:00|2026-11-21 18:00:00|consent|newsletter_footer
C900003|email|2022-05-01 10:00:00|2026-11-23 09:00:00|consent|newsletter_footer
C900004|email|2023-01-10 10:00:00|2025-06-01 12:00:00|consent|store_signup
C900004|email|2026-02-10 15:00:00|~|consent|web_form
C900005|email|2026-09-24 08:30:00|~|consent|web_form
C900005|sms|2026-11-25 10:00:00|~|consent|checkout
C900006|push|2026-11-22 14:00:00|~|consent|app_onboarding
C900007|email|2023-04-01 12:00:00|2024-01-01 00:00:00|consent|web_form
C900007|email|2024-06-01 12:00:00|2026-10-01 08:00:00|consent|newsletter_footer
C900008|post|2022-03-15 10:00:00|~|legitimate_interest|store_signup
C900009|email|2022-03-15 11:00:00|~|legitimate_interest|checkout
C900011|email|2019-03-01 09:00:00|~|consent|web_form
C900013|email|2025-07-01 10:00:00|~|consent|jeu_concours l'été 100%
C900014|sms|2025-01-01 10:00:00|2025-01-01 10:00:00|consent|store_signup
C900025|email|2023-01-01 10:00:00|~|consent|web_form
C900026|email|2023-01-01 11:00:00|~|consent|web_form
"#;

// ---------------------------------------------------------------------------------------------
// B2B

const B2B_ACCOUNTS: u64 = 800;
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
const CONTACT_CONSENTS: (&str, &str) = (
    "contact_consents",
    "account_id,channel,granted_at,withdrawn_at,basis",
);
/// Prospecting consents of the contact: `channel chance‰ basis-weights`.
const B2B_CHANNELS: &str = "email 550 consent:45|legitimate_interest:55
phone 250 consent:20|legitimate_interest:80";

struct Account {
    id: String,
    created: i64,
    customer: bool,
    band: usize,
    email: bool,
    deals: Vec<Deal>,
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

fn b2b(seed: u64) -> Vec<Table> {
    let (accounts, lines): (Vec<Account>, Vec<Line>) =
        (1..=B2B_ACCOUNTS).map(|i| account(seed, i)).unzip();
    let consent = |r: &mut Rng, a: &Account| consents(r, B2B_CHANNELS, a.email, a.created);
    vec![
        Table::new(ACCOUNTS, lines)
            .edges(B2B_EDGE_ACCOUNTS, None)
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
        facts(seed, CONTACT_CONSENTS, &accounts, consent)
            .edges(B2B_EDGE_CONSENTS, Some(2))
            .finish(None),
    ]
}

/// A SIREN-like identifier: 8 digits and a Luhn check digit.
fn siren(n: u64) -> String {
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
    let created = r.range(parse_day("2015-01-01"), as_of()) * DAY + r.range(8 * HOUR, 19 * HOUR);
    let customer = r.chance(300);
    let names = pick(r.chance(500), FEMALE, MALE);
    let (first, last, domain) = (slug(r.word(names)), slug(r.word(SURNAMES)), slug(&name));
    let email = (!r.chance(200)).then(|| format!("{first}.{last}@{domain}.fr"));
    let id = siren(i * 48_271 + 12_345_678);
    let (band_name, at, mail) = (BANDS[band], fmt_time(created), opt(email.clone()));
    let head = format!("{id}|{name}{form}|{code}|{section}|{band_name}|{revenue}");
    let row = format!("{head}|{region}|{at}|{customer}|{mail}");
    let deals = deals(seed, i, created, customer, band);
    let email = email.is_some();
    (
        Account {
            id,
            created,
            customer,
            band,
            email,
            deals,
        },
        (0, row),
    )
}

/// The contracts an account signed: customers have 1-3, a few prospects are former customers.
fn deals(seed: u64, i: u64, created: i64, customer: bool, band: usize) -> Vec<Deal> {
    let mut r = Rng::new(seed, "deals", i);
    let today = as_of();
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
    let today = as_of();
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
        let (first, end) = (d.closed / DAY + r.range(0, 20), d.end.min(as_of()));
        let dates = (0..).map(|k| add_months(first, k * months));
        for issued in dates.take_while(|&day| day <= end) {
            let cents = d.cents * months / 12;
            let paid = payment(r, issued, issued + terms, payer);
            out.push(invoice(issued, issued + terms, paid, cents));
            let note = issued + r.range(3, 40);
            if r.chance(30) && note <= as_of() {
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
    (day <= as_of() && !(payer == "bad" && r.chance(250))).then_some(day)
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
    let (today, start) = (as_of(), (a.created / DAY).max(parse_day("2024-01-01")));
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

const B2B_EDGE_ACCOUNTS: &str = r#"
# account_id|company_name|naf_code|naf_section|headcount_band|annual_revenue|region|created_at|is_customer|contact_email
# 900000019 software_midmarket_no_open_opportunity: a lost deal, and an open one created after the
#   as-of day (ignored).
900000019|Les Ateliers d'Ici SAS|62.01Z|J|50-249|8500000.00|ARA|2021-04-01 09:00:00|false|claire.dumas@ateliers-dici.fr
# 900000027 an open opportunity created on the as-of day at 23:59:59 (not a member); name with %
#   and _.
900000027|100% Bio_Logique SARL|58.29C|J|250-999|~|PDL|2020-02-03 10:00:00|false|~
# 900000035 legacy NAF code without the dot ("6201Z" does not start with "62."); name with a
#   backslash.
900000035|Back\Slash Conseil|6201Z|J|50-249|12000000.00|IDF|2022-09-12 14:00:00|false|paul.renaud@backslash-conseil.fr
# 900000043 key_accounts: revenue exactly 1000000.00 (not above); name with quotes and a comma;
#   software_midmarket member.
900000043|"Le Comptoir", Lyon SAS|58.29A|J|50-249|1000000.00|ARA|2019-06-03 10:00:00|true|achats@lecomptoir-lyon.fr
# 900000050 key_accounts: revenue 1000000.01, one invoice 12 months minus a day ago (also
#   churn_risk).
900000050|Durand & Fils SA|28.29B|C|1000+|1000000.01|ARA|2019-11-04 09:00:00|true|marc.durand@durand-fils.fr
# 900000068 churn_risk: last invoice exactly 6 months ago; 900000076 a day later (not churn_risk).
900000068|Morel Logistique SAS|49.41A|H|10-49|4200000.00|HDF|2023-01-10 09:00:00|true|lea.morel@morel-logistique.fr
900000076|Fabre Santé SARL|86.10Z|Q|50-249|~|OCC|2023-02-10 09:00:00|true|~
# 900000084 unpaid invoice due exactly 30 days ago (not late); 900000092 due 31 days ago
#   (late_payers).
900000084|Lambert Bâtiment SAS|41.20A|F|10-49|2300000.00|BRE|2022-05-05 09:00:00|true|sophie.lambert@lambert-batiment.fr
900000092|Guérin Négoce SARL|46.90Z|G|10-49|~|NAQ|2021-07-07 09:00:00|true|~
# 900000100 late_payers: three invoices of the last 12 months paid a day late, a fourth paid on
#   its due day.
900000100|Roussel Conseil SAS|70.22Z|M|1-9|650000.00|IDF|2020-10-01 09:00:00|true|anne.roussel@roussel-conseil.fr
# 900000118 expansion_targets: invoices of the last 12 months sum to exactly 20000.00 (credit note
#   included).
900000118|Mercier Analytics SAS|70.22Z|M|50-249|15000000.00|PACA|2021-01-15 09:00:00|true|julie.mercier@mercier-analytics.fr
# 900000126 new_customers: first win 89 days ago; two opportunities created at the same instant.
900000126|Blanchard Assurances SA|66.22Z|K|250-999|90000000.00|IDF|2024-02-01 09:00:00|true|olivier.blanchard@blanchard-assurances.fr
# 900000134 first win exactly 90 days ago, a later win does not move the min: not new_customers.
900000134|Caron Transports SAS|49.41A|H|50-249|22000000.00|NOR|2024-03-01 09:00:00|true|~
# 900000142 new_customers: won on the as-of day at 23:59:59; an invoice on the as-of day and a
#   future one.
900000142|Commune de Saint-Denis|84.11Z|O|250-999|~|RE|2025-06-01 09:00:00|true|m.payet@saint-denis.re
# 900000159 dormant_prospects_web_active: lost deal created exactly 12 months ago, pricing view 29
#   days ago.
900000159|Leroy Plasturgie SAS|22.29A|C|50-249|18000000.00|ARA|2023-03-01 09:00:00|false|marc.leroy@leroy-plasturgie.fr
# 900000167 the same, but the pricing view is exactly 30 days ago.
900000167|Vidal Conseil SARL|70.22Z|M|10-49|~|OCC|2023-03-02 09:00:00|false|eva.vidal@vidal-conseil.fr
# 900000175 contact_email is "" (present), demo request on the as-of day at 23:59:59: member.
900000175|Hoarau Distribution SAS|46.90Z|G|10-49|3100000.00|RE|2022-04-04 09:00:00|false|
# 900000183 contact_email NULL with a webinar sign-up: not a member.
900000183|Schmitt Industrie SA|25.62B|C|250-999|75000000.00|GES|2021-09-09 09:00:00|false|~
# 900000191 created exactly 1 year ago (member); 900000209 created a day later (not).
900000191|Payet Informatique SARL|62.02A|J|1-9|~|MQ|2025-11-22 09:00:00|false|kevin.payet@payet-info.fr
900000209|Klein Ingénierie SAS|71.12B|M|10-49|2700000.00|GES|2025-11-23 09:00:00|false|nina.klein@klein-ingenierie.fr
# 900000217 regional_industry_prospects: manufacturing, 250-999, ARA, prospect; 900000225 the same
#   with region NULL.
900000217|Fonderies Rhône-Alpes SA|25.62B|C|250-999|120000000.00|ARA|2018-05-14 09:00:00|false|yves.martin@fonderies-ra.fr
900000225|Aciéries du Centre SA|24.10Z|C|1000+|800000000.00|~|2018-05-15 09:00:00|false|~
"#;
const B2B_EDGE_OPPORTUNITIES: &str = r#"
# account_id|opportunity_id|created_at|closed_at|stage|amount|product
900000019|P9000001|2024-03-10 10:00:00|2024-06-30 17:00:00|lost|45000.00|platform
900000019|P9000002|2026-12-01 09:00:00|~|qualification|60000.00|platform
900000027|P9000003|2026-11-22 23:59:59|~|qualification|80000.00|platform
900000043|P9000004|2019-09-01 10:00:00|2019-12-15 12:00:00|won|24000.00|platform
900000050|P9000005|2019-12-02 10:00:00|2020-03-31 18:00:00|won|150000.00|platform
900000068|P9000006|2023-01-20 10:00:00|2023-03-15 12:00:00|won|12000.00|platform
900000076|P9000007|2023-02-20 10:00:00|2023-04-10 12:00:00|won|16000.00|platform
900000084|P9000008|2022-06-01 10:00:00|2022-07-01 12:00:00|won|18000.00|platform
900000092|P9000009|2021-08-01 10:00:00|2021-09-15 12:00:00|won|18000.00|platform
900000100|P9000010|2020-11-01 10:00:00|2020-12-20 12:00:00|won|10000.00|platform
900000118|P9000011|2025-09-01 10:00:00|2025-11-01 12:00:00|won|24000.00|platform
900000126|P9000012|2026-06-01 09:00:00|2026-08-25 10:00:00|won|36000.00|platform
900000126|P9000013|2026-06-01 09:00:00|2026-07-15 10:00:00|lost|9000.00|analytics
900000134|P9000014|2026-05-02 10:00:00|2026-08-24 16:00:00|won|30000.00|platform
900000134|P9000015|2026-09-01 10:00:00|2026-10-01 11:00:00|won|8000.00|premium_support
900000142|P9000016|2026-10-01 09:00:00|2026-11-22 23:59:59|won|15000.00|analytics
900000159|P9000017|2025-11-22 09:00:00|2026-01-20 17:00:00|lost|20000.00|platform
900000167|P9000018|2025-11-22 09:00:00|2026-01-20 17:00:00|lost|20000.00|platform
"#;
const B2B_EDGE_INVOICES: &str = r#"
# account_id|invoice_id|issued_at|due_at|paid_at|amount|paid
900000043|F9000001|2026-10-01|2026-10-31|2026-10-20|2000.00|true
900000050|F9000002|2025-11-23|2025-12-23|2025-12-19|150000.00|true
900000068|F9000003|2026-02-22|2026-03-24|2026-03-20|3000.00|true
900000068|F9000004|2026-05-22|2026-06-21|2026-06-15|3000.00|true
900000076|F9000005|2026-05-23|2026-06-22|2026-06-22|4000.00|true
900000084|F9000006|2026-09-23|2026-10-23|~|1500.00|false
900000092|F9000007|2026-09-22|2026-10-22|~|1500.00|false
900000100|F9000008|2026-01-05|2026-02-04|2026-02-05|2500.00|true
900000100|F9000009|2026-04-05|2026-05-05|2026-05-06|2500.00|true
900000100|F9000010|2026-07-05|2026-08-04|2026-08-05|2500.00|true
900000100|F9000011|2026-10-05|2026-11-04|2026-11-04|2500.00|true
900000118|F9000012|2025-11-22|2025-12-22|2025-12-10|6000.00|true
900000118|F9000013|2025-12-01|2025-12-31|2025-12-20|6000.00|true
900000118|F9000014|2026-03-01|2026-03-31|2026-03-20|6000.00|true
900000118|F9000015|2026-06-01|2026-07-01|2026-06-20|6000.00|true
900000118|F9000016|2026-09-01|2026-10-01|2026-09-20|6000.00|true
900000118|F9000017|2026-09-15|2026-09-15|2026-09-15|-4000.00|true
900000126|F9000018|2026-09-01|2026-10-01|2026-09-28|3000.00|true
900000142|F9000019|2026-11-22|2026-12-22|~|1250.00|false
900000142|F9000020|2026-12-01|2026-12-31|~|1250.00|false
"#;
const B2B_EDGE_WEB_EVENTS: &str = r#"
# account_id|occurred_at|kind|page
900000159|2026-10-24 14:00:00|pricing_view|/fr/tarifs
900000159|2026-10-24 14:00:00|page_view|/blog/l'ia-au-service-des-pme
900000167|2026-10-23 14:00:00|pricing_view|/fr/tarifs
900000167|2026-11-21 10:00:00|page_view|/recherche?q="erp", pme
900000175|2026-11-22 23:59:59|demo_request|/demo?utm_campaign=100%_remise
900000183|2026-11-10 11:00:00|webinar_signup|/webinaires/back\office
900000183|2026-11-23 08:00:00|pricing_view|/fr/tarifs
900000191|2026-11-01 11:00:00|webinar_signup|~
900000209|2026-11-01 11:00:00|webinar_signup|/webinaires/data_et_ia
"#;
const B2B_EDGE_CONSENTS: &str = r#"
# account_id|channel|granted_at|withdrawn_at|basis
# Withdrawn on the as-of day, the day before, the day after; re-granted; granted after / on the
#   as-of day; withdrawn twice.
900000159|email|2023-03-01 10:00:00|2026-11-22 10:00:00|consent
900000167|email|2023-03-02 10:00:00|2026-11-21 10:00:00|consent
900000175|email|2022-04-04 10:00:00|2026-11-23 10:00:00|legitimate_interest
900000183|phone|2021-09-09 10:00:00|2025-01-10 10:00:00|consent
900000183|phone|2025-06-01 10:00:00|~|consent
900000191|email|2026-11-25 10:00:00|~|consent
900000209|phone|2026-11-22 14:00:00|~|consent
900000217|phone|2018-06-01 10:00:00|~|legitimate_interest
900000019|email|2021-04-01 09:00:00|2022-01-01 09:00:00|consent
900000019|email|2023-01-01 09:00:00|2026-06-01 09:00:00|consent
"#;

#[cfg(test)]
mod tests {
    use super::*;

    type Parsed = Vec<Vec<Option<String>>>;

    /// A strict RFC 4180 reader: an empty unquoted field is NULL, `""` the empty string.
    fn parse(text: &str) -> Parsed {
        let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
        let (mut quoted, mut inside) = (false, false);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, inside) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    field.push(chars.next().unwrap_or('"'))
                }
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
events.csv customer_id,occurred_at,kind,detail
consents.csv customer_id,channel,granted_at,withdrawn_at,basis,source
suppressions.csv customer_id,recorded_at,channel,reason
accounts.csv account_id,company_name,naf_code,naf_section,headcount_band,annual_revenue,region,\
created_at,is_customer,contact_email
opportunities.csv account_id,opportunity_id,created_at,closed_at,stage,amount,product
invoices.csv account_id,invoice_id,issued_at,due_at,paid_at,amount,paid
web_events.csv account_id,occurred_at,kind,page
contact_consents.csv account_id,channel,granted_at,withdrawn_at,basis";

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        for demo in [Demo::Retail, Demo::B2b] {
            let files = generate(demo, 7);
            assert_eq!(files, generate(demo, 7));
            assert_ne!(files, generate(demo, 8));
        }
        assert_eq!(Demo::from_name("b2b"), Some(Demo::B2b));
        assert_eq!(Demo::from_name("retail"), Some(Demo::Retail));
        assert_eq!(Demo::from_name("Retail"), None);
    }

    #[test]
    fn files_headers_ids_and_sizes() {
        let (retail, b2b) = (generate(Demo::Retail, 1), generate(Demo::B2b, 1));
        let files: Vec<_> = retail.iter().chain(&b2b).collect();
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
        let count = |name| file(&retail, name).len() - 1;
        assert!((3_000..3_100).contains(&count("customers.csv")));
        assert!((20_000..30_000).contains(&count("orders.csv")));
        assert!((35_000..45_000).contains(&count("events.csv")));
        let keys = [(&retail, "customers.csv", 0), (&retail, "orders.csv", 1)];
        let keys = keys
            .into_iter()
            .chain([(&b2b, "accounts.csv", 0), (&b2b, "invoices.csv", 1)]);
        for (files, name, col) in keys.chain([(&b2b, "opportunities.csv", 1)]) {
            let table = file(files, name);
            let ids: BTreeSet<_> = table.iter().map(|r| r[col].clone()).collect();
            assert!(
                table.len() > 800 && ids.len() == table.len(),
                "{name} keys are unique"
            );
        }
        let customers = file(&retail, "customers.csv");
        assert!(
            customers.iter().skip(1).all(|r| r[10].is_none()),
            "religion stays NULL"
        );
        for row in file(&b2b, "accounts.csv").iter().skip(1) {
            let id = row[0].clone().unwrap_or_default();
            assert_eq!(siren(id[..8].parse().unwrap_or(0)), id, "Luhn check digit");
        }
    }

    #[test]
    fn retail_edge_rows_whatever_the_seed() {
        let (a, b) = (generate(Demo::Retail, 1), generate(Demo::Retail, 99));
        let orders = file(&a, "orders.csv");
        let vip = rows(&orders, 0, "C900001");
        assert_eq!(vip, rows(&file(&b, "orders.csv"), 0, "C900001"));
        assert_eq!(last_year_sum(&vip, 2, 3), 500 * 100);
        assert_eq!(rows(&orders, 1, "O9000009")[0][2], "2026-11-22 23:59:59");
        assert_eq!(rows(&orders, 1, "O9000010")[0][2], "2026-11-23 00:00:00");
        let tie = rows(&orders, 0, "C900006");
        assert_eq!((tie.len(), &tie[0][2]), (2, &tie[1][2]));
        let customers = file(&a, "customers.csv");
        assert_eq!(rows(&customers, 0, "C900014")[0][1..3], ["<NULL>", ""]);
        assert_eq!(rows(&customers, 0, "C900012")[0][2], "D'Artagnan");
        assert_eq!(rows(&customers, 0, "C900013")[0][2], "Marie_Lou 100% \\o/");
        assert_eq!(rows(&customers, 0, "C900015")[0][2], "Jean \"Jojo\", fils");
        let events = file(&a, "events.csv");
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
        let consents = file(&a, "consents.csv");
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
        let consents = file(&files, "contact_consents.csv");
        assert_eq!(rows(&consents, 0, "900000159")[0][3], "2026-11-22 10:00:00");
    }

    #[test]
    fn dates_money_and_quoting() {
        assert_eq!(fmt_day(as_of() - 365), "2025-11-22");
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
}
