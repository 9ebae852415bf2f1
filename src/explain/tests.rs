//! Tests of `seg explain`: the wording of each section and the line width.

use super::text::{width, WIDTH};
use super::*;
use crate::check::CheckOptions;

const SCHEMA: &str = r#"
/// Customers.
entity customers from "crm.customers" {
  key customer_id: string
  email: string? pii
  region: enum("IDF", "PACA", "OCC")?
  birth_date: date?
  signup_at: timestamp
  loyalty_card: bool
}

facts orders of customers(customer_id) from "crm.orders" at ordered_at {
  ordered_at: timestamp
  amount: decimal(12, 2)
  category: string
}

facts events of customers(customer_id) from "crm.events" at occurred_at {
  occurred_at: timestamp
  kind: enum("email_open", "cart_add")
  detail: string?
}
"#;

const CONSENT_LOG: &str = r#"
consents of customers(customer_id) from "crm.consents" {
  channel: enum("email", "sms", "post")
  granted_at: timestamp
  withdrawn_at: timestamp?
  basis: enum("consent", "legitimate_interest")
  source: string
}

suppressions of customers(customer_id) from "crm.suppressions" at recorded_at {
  recorded_at: timestamp
  channel: enum("email", "sms", "post")?
  reason: string
}
"#;

/// The explanation of segment `name` in `SCHEMA` + `extra`.
fn explain(extra: &str, name: &str) -> String {
    let source = format!("{SCHEMA}\n{extra}");
    let analysis = crate::analyze_sources(&[("s.seg", source.as_str())], &CheckOptions::default());
    let Some(program) = analysis.program else {
        panic!("does not check: {:#?}", analysis.diagnostics);
    };
    let id = program.segment(name).expect("the segment is declared");
    let text = explain_segment(&program, id);
    assert_short_lines(&text);
    text
}

fn assert_short_lines(text: &str) {
    for line in text.lines() {
        assert!(width(line) <= WIDTH, "line too long: {line}");
    }
}

/// Asserts that `text` contains `phrase`, ignoring how lines were wrapped.
fn assert_says(text: &str, phrase: &str) {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(phrase), "missing {phrase:?} in:\n{text}");
}

#[test]
fn nested_and_or_not_are_indented_lists() {
    let text = explain(
        r#"segment s on customers {
  where loyalty_card
    or (region = "IDF" and not (email is missing or email contains "50%"))
    or (region not in ["OCC"] and not region in ["PACA", "IDF"])
    or not (signup_at within last 30 days and age(birth_date) between 18 and 25)
}"#,
        "s",
    );
    assert_says(
        &text,
        "customers for whom at least one of the following holds",
    );
    assert!(text.contains("\n  - `loyalty_card` is true\n"), "{text}");
    assert!(text.contains("\n  - all of the following:\n    - `region` is \"IDF\"\n"));
    assert!(text.contains("\n    - none of the following:\n      - `email` is missing\n"));
    assert_says(&text, "- `email` contains the text \"50%\"");
    assert_says(&text, "`region` is present and is none of \"OCC\"");
    assert_says(&text, "not: `region` is one of \"PACA\", \"IDF\"");
    assert_says(
        &text,
        "not all of the following (it holds when at least one fails):",
    );
    assert_says(
        &text,
        "`signup_at` falls within the last 30 days up to and including the evaluation date",
    );
    assert_says(
        &text,
        "the age in whole years from `birth_date` is between 18 and 25, both included",
    );
    assert_says(&text, "a negated test holds when its value is missing");
    assert_says(&text, "Parameters: none.");
}

#[test]
fn parameters_show_their_value_and_name() {
    let text = explain(
        r#"/// Yearly spend of a VIP.
param vip_spend: decimal = 500
param lapse_days: int = 90
segment vips on customers {
  where orders.sum(amount, last 365 days) >= vip_spend
    and orders.last(ordered_at) before 90 days ago
    and days since orders.last(ordered_at) >= lapse_days
}"#,
        "vips",
    );
    assert_says(
        &text,
        "- the sum of `amount` of their orders over the last 365 days is at least 500 \
         (parameter vip_spend)",
    );
    assert_says(
        &text,
        "- the time of their last order is on or before 90 days before the evaluation date",
    );
    assert_says(
        &text,
        "the number of days since the time of their last order is at least 90 (parameter \
         lapse_days)",
    );
    assert_says(&text, "- vip_spend = 500: Yearly spend of a VIP.");
    assert_says(&text, "- lapse_days = 90");
    assert_says(&text, "A sum over no orders is 0.");
    assert_says(
        &text,
        "Customers with no orders have no last order, so tests on it are false.",
    );
}

#[test]
fn window_aggregates_show_their_filter_and_window() {
    let text = explain(
        r#"segment s on customers {
  where events.count(where kind = "cart_add", last 30 days) >= 1
    and orders.count(between 364 days ago and 2026-01-31) = 0
    and orders.count(distinct category, before 365 days ago) >= 3
    and orders.avg(amount, after 1 month ago, where category matches "sh_e%") > 20
    and events.first(detail) starts with "promo"
}"#,
        "s",
    );
    assert_says(
        &text,
        "the number of their events over the last 30 days where `kind` is \"cart_add\" is \
         at least 1",
    );
    assert_says(
        &text,
        "the number of their orders dated between 364 days before the evaluation date and \
         2026-01-31, both included, is 0",
    );
    assert_says(
        &text,
        "the number of distinct `category` values of their orders dated on or before 365 \
         days before the evaluation date is at least 3",
    );
    assert_says(
        &text,
        "the average `amount` of their orders dated after 1 month before the evaluation \
         date where `category` matches the pattern \"sh_e%\" (% = any text, _ = one \
         character) is more than 20",
    );
    assert_says(
        &text,
        "the `detail` of their first event with `detail` present starts with \"promo\"",
    );
    assert_says(
        &text,
        "Their events dated after the evaluation date are ignored.",
    );
}

#[test]
fn segment_references_name_the_segment_and_its_doc() {
    let text = explain(
        r#"/// Staff members, recognised by their company address.
/// Second line.
segment employees on customers {
  where email ends with "@maison-exemple.fr"
}
segment campaign on customers {
  where loyalty_card and not in employees
}
segment staff_only on customers {
  where in employees
}"#,
        "campaign",
    );
    assert_says(
        &text,
        "- they are not in segment employees (staff members, recognised by their company \
         address)",
    );
    assert!(!text.contains("Second line"), "{text}");
}

#[test]
fn references_to_channel_segments_carry_their_consent() {
    let source = format!(
        "{CONSENT_LOG}\nsegment mailable on customers {{\n  channel email\n}}\n\
         segment unreachable on customers {{\n  where not in mailable\n}}"
    );
    let text = explain(&source, "unreachable");
    assert_says(
        &text,
        "they are not in segment mailable; membership of mailable includes its channel \
         rules: valid consent for email and no suppression",
    );
    assert_says(&text, "Channel: none.");
}

#[test]
fn analytics_only_segments_say_so() {
    let text = explain(
        "segment all_customers on customers {\n  owner \"analytics\"\n}",
        "all_customers",
    );
    assert_says(&text, "Segment all_customers (customers) — s.seg:");
    assert_says(&text, "Owner: analytics.");
    assert_says(
        &text,
        "Who is in it: all customers (the segment has no `where`).",
    );
    assert_says(
        &text,
        "Channel: none. This segment is for analysis only: seg refuses to export it for \
         activation.",
    );
}

#[test]
fn log_channels_state_consent_basis_and_suppressions() {
    let source = format!(
        "{CONSENT_LOG}\nsegment mail on customers {{\n  channel email\n  \
         channel post basis consent, legitimate_interest\n  where loyalty_card\n}}"
    );
    let text = explain(&source, "mail");
    assert_says(&text, "Channels: email, post.");
    assert_says(
        &text,
        "a member needs valid consent for every channel listed",
    );
    assert_says(
        &text,
        "email: consent is recorded in the consent log consents (crm.consents). Only people \
         whose most recent email grant dated on or before the evaluation date is still in \
         force: not withdrawn on or before that date, and given on the legal basis consent; \
         a grant dated after the evaluation date does not count; people with no grant are \
         out.",
    );
    assert_says(
        &text,
        "given on one of the legal bases consent or legitimate_interest",
    );
    assert_says(
        &text,
        "people recorded in suppressions (crm.suppressions) on or before the evaluation date \
         are excluded (a row with a `channel` excludes that channel only; a row without one \
         excludes every channel).",
    );
}

#[test]
fn opt_in_columns_state_flag_and_date() {
    let text = explain(
        r#"entity people {
  key person_id: string
  email_optin: bool
  email_optin_at: timestamp?
  sms_optin: bool?
  consent email = email_optin since email_optin_at
  consent sms = sms_optin
}
segment newsletter on people {
  channel email
  channel sms
}"#,
        "newsletter",
    );
    assert_says(&text, "Channels: email, sms.");
    assert_says(
        &text,
        "Only people whose `sms_optin` is true; no `since` column is declared, so when the \
         opt-in was given is not checked. A missing `sms_optin` means no consent.",
    );
    assert_says(
        &text,
        "Only people whose `email_optin` is true with `email_optin_at` on or before the \
         evaluation date; a missing date means no consent.",
    );
    assert_says(&text, "No suppression list is declared for people.");
}

#[test]
fn long_words_are_cut_to_the_width() {
    let mut text = Text::default();
    text.item(1, &format!("short {} end", "x".repeat(150)));
    assert_short_lines(&text.out);
    assert_eq!(text.out.lines().count(), 3, "{}", text.out);
}

/// Prints every retail segment's explanation (`-- --nocapture` shows them).
#[test]
#[allow(
    clippy::print_stdout,
    reason = "the sample output is for a human reading the test"
)]
fn retail_examples() {
    let files = [
        (
            "examples/retail/segments.seg",
            include_str!("../../examples/retail/segments.seg"),
        ),
        (
            "examples/retail/schema.seg",
            include_str!("../../examples/retail/schema.seg"),
        ),
    ];
    let analysis = crate::analyze_sources(&files, &CheckOptions::default());
    let Some(program) = analysis.program else {
        panic!("does not check: {:#?}", analysis.diagnostics);
    };
    for i in 0..program.segments.len() {
        let text = explain_segment(&program, SegmentId(i));
        assert_short_lines(&text);
        println!("{text}\n----------------------------------------");
    }
    let id = program.segment("lapsing_vips").expect("declared");
    let text = explain_segment(&program, id);
    assert_says(
        &text,
        "Segment lapsing_vips (customers) — examples/retail/segments.seg:27",
    );
    assert_says(&text, "- they are not in segment employees (staff members");
}

/// Every b2b segment explains within the width (facts without a time column, ties, the rows of
/// their account and of their contacts, ...).
#[test]
fn b2b_examples_fit_the_width() {
    let files = [
        (
            "examples/b2b/segments.seg",
            include_str!("../../examples/b2b/segments.seg"),
        ),
        (
            "examples/b2b/schema.seg",
            include_str!("../../examples/b2b/schema.seg"),
        ),
        (
            "examples/b2b/contacts.seg",
            include_str!("../../examples/b2b/contacts.seg"),
        ),
    ];
    let analysis = crate::analyze_sources(&files, &CheckOptions::default());
    let Some(program) = analysis.program else {
        panic!("does not check: {:#?}", analysis.diagnostics);
    };
    for i in 0..program.segments.len() {
        let text = explain_segment(&program, SegmentId(i));
        assert_short_lines(&text);
        assert!(!text.contains("`?`") && !text.contains("  \n"), "{text}");
    }
}

#[test]
fn arithmetic_keeps_the_order_of_operations_in_words() {
    let text = explain(
        r#"segment s on customers {
  where orders.count(where category = "shoes") / orders.count() >= 0.5
    and (orders.sum(amount) - 10) * 2 > orders.sum(amount, last 90 days)
    and round(orders.avg(amount) otherwise 0, 1) = 12.5
    and greatest(abs(orders.min(amount)), -orders.max(amount)) < 100
}"#,
        "s",
    );
    for phrase in [
        "divided by",
        "(exact; missing where",
        "is 0)",
        "(the sum of `amount` of their orders minus 10) times 2",
        "rounded to 1 digit after the point (halves away from zero)",
        "(the average `amount` of their orders, or 0 where that is missing) rounded",
        "the largest of the absolute value of",
        "minus the largest `amount` of their orders",
        "(missing where any is)",
    ] {
        assert_says(&text, phrase);
    }
}

#[test]
fn a_declared_time_zone_is_the_calendar_of_days_and_today() {
    let zoned = explain(
        "time zone \"Europe/Paris\"\nsegment recent on customers { where signup_at within last 7 days }",
        "recent",
    );
    let zoned = zoned.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        zoned.contains("current date in Europe/Paris.")
            && zoned.contains("calendar day in Europe/Paris."),
        "{zoned}"
    );
    let utc = explain(
        "segment recent on customers { where signup_at within last 7 days }",
        "recent",
    );
    assert!(utc.contains("calendar day in UTC"), "{utc}");
}

#[test]
fn quantifiers_read_as_at_least_one_every_and_no_row() {
    let text = explain(
        r#"segment s on customers {
  where orders.any(where category = "organic", last 90 days)
    and orders.all(where amount > 0, last 365 days)
    and orders.none(where category = "toys")
    and not orders.any(where amount > 500)
    and not orders.none(last 30 days)
    and not orders.all(where category != "toys")
}"#,
        "s",
    );
    assert_says(
        &text,
        "at least one order over the last 90 days where `category` is \"organic\"",
    );
    assert_says(
        &text,
        "every order over the last 365 days is one where `amount` is more than 0 (true when \
         there is no such order)",
    );
    assert_says(&text, "no order where `category` is \"toys\"");
    assert_says(&text, "no order where `amount` is more than 500");
    assert_says(&text, "at least one order over the last 30 days");
    assert_says(
        &text,
        "at least one order where not: `category` is not \"toys\"",
    );
    // Quantifiers are never missing: no note about members without orders.
    assert!(!text.contains("Missing values"), "{text}");
}
