//! The retail example's edge rows: fixed, seed-independent rows on the boundaries of its
//! segments (window ends, the as-of day, future rows, ties, thresholds, NULL versus empty text,
//! awkward characters), each group commented.

/// Fixed suppression rows: recorded on the evaluation day (counts), the day after (does not).
pub(super) const RETAIL_EDGE_SUPPRESSIONS: &str = "\
# email hard bounce on the evaluation day itself: C900001 is suppressed for email
C900001|2026-11-22 10:00:00|email|hard_bounce
# objection recorded the day after the evaluation date: C900011 is not suppressed yet
C900011|2026-11-23 08:00:00|~|objection_art21";
pub(super) const RETAIL_EDGE_CUSTOMERS: &str = r#"
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
pub(super) const RETAIL_EDGE_ORDERS: &str = r#"
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
pub(super) const RETAIL_EDGE_EVENTS: &str = r#"
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
pub(super) const RETAIL_EDGE_CONSENTS: &str = r#"
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
