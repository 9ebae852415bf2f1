//! The b2b example's edge rows: fixed, seed-independent accounts, deals, invoices, visits,
//! contacts, their activities and consents on the boundaries of its segments, each group
//! commented.

pub(super) const B2B_EDGE_ACCOUNTS: &str = r#"
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
pub(super) const B2B_EDGE_OPPORTUNITIES: &str = r#"
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
# buying_committee_open_deal: a deal in negotiation at 900000217, one in proposal at 900000225.
900000217|P9000019|2026-10-05 10:00:00|~|negotiation|150000.00|platform
900000225|P9000020|2026-09-14 10:00:00|~|proposal|320000.00|platform
"#;
pub(super) const B2B_EDGE_INVOICES: &str = r#"
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
pub(super) const B2B_EDGE_WEB_EVENTS: &str = r#"
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
pub(super) const B2B_EDGE_CONTACTS: &str = r#"
# contact_id|account_id|first_name|last_name|email|job_title|role|department|created_at|is_active
# it_decision_makers_email: CT9000001 a decision maker of a J company of 50-249 with a standing
#   e-mail consent (member); CT9000002 the same whose consent was withdrawn on the as-of day;
#   CT9000003 a lead without an account; CT9000004 an account_id that no account has (the only
#   dangling links of the data); CT9000005 a J company of 1-9; CT9000006 no longer active.
CT9000001|900000019|Claire|Dumas|claire.dumas@ateliers-dici.fr|Directrice des systèmes d'information|decision_maker|it|2021-04-01 09:30:00|true
CT9000002|900000035|Paul|Renaud|paul.renaud@backslash-conseil.fr|Gérant|decision_maker|management|2022-09-12 14:30:00|true
CT9000003|~|Léa|Fontaine|lea.fontaine@gmail.com|DSI|decision_maker|it|2024-01-01 09:00:00|true
CT9000004|900000993|Marc|Girard|marc.girard@girard-numerique.fr|Directeur technique|decision_maker|it|2024-01-01 09:00:00|true
CT9000005|900000191|Kévin|Payet|kevin.payet@payet-info.fr|Gérant|decision_maker|management|2025-11-22 09:30:00|true
CT9000006|900000027|Nadia|Benali|~|Présidente|decision_maker|management|2020-02-03 10:30:00|false
# decision_makers_not_reached: 900000019's decision maker met exactly 6 months ago (member);
#   900000043's was called 6 months minus a day ago (not); 900000050's only opened an e-mail
#   while its influencer met (member); 900000035's clicked on the as-of day at 23:59:59 (not);
#   900000191's meeting is the day after the as-of day (member); 900000027's only decision
#   maker left (not).
CT9000007|900000043|Olivier|Blanc|olivier.blanc@lecomptoir-lyon.fr|Directeur général|decision_maker|management|2019-06-03 10:30:00|true
CT9000008|900000050|Marc|Durand|marc.durand@durand-fils.fr|PDG|decision_maker|management|2019-11-04 09:30:00|true
CT9000009|900000050|Sébastien|Roche|sebastien.roche@durand-fils.fr|Responsable des achats|influencer|purchasing|2019-11-04 09:30:00|true
# late_payer_billing_contacts: the billing contact of 900000092 (an invoice 31 days late; its
#   consent is withdrawn the day after the as-of day: member), of 900000084 (due exactly 30
#   days ago: not); 900000092's user (not billing).
CT9000010|900000092|Martine|Guérin|compta@guerin-negoce.fr|Comptable fournisseurs|billing|finance|2021-07-07 09:30:00|true
CT9000011|900000084|Sophie|Lambert|sophie.lambert@lambert-batiment.fr|Assistante de gestion|billing|finance|2022-05-05 09:30:00|true
CT9000012|900000092|Rémi|Guérin|remi.guerin@guerin-negoce.fr|Commercial|user|sales|2021-07-07 09:30:00|true
# buying_committee_open_deal: three active decision makers and influencers at 900000217 (the
#   three are members, its user is not); at 900000225 two, and a third no longer active (none).
CT9000013|900000217|Yves|Martin|yves.martin@fonderies-ra.fr|Directeur industriel|decision_maker|operations|2018-05-14 09:30:00|true
CT9000014|900000217|Camille|Bonnet|camille.bonnet@fonderies-ra.fr|Responsable informatique|influencer|it|2018-05-14 09:30:00|true
CT9000015|900000217|Aurélie|Faure|aurelie.faure@fonderies-ra.fr|Contrôleuse de gestion|influencer|finance|2018-05-14 09:30:00|true
CT9000016|900000217|Hugo|Lucas|hugo.lucas@fonderies-ra.fr|Technicien méthodes|user|operations|2018-05-14 09:30:00|true
CT9000017|900000225|Bernard|Masson|bernard.masson@acieries-centre.fr|Directeur général|decision_maker|management|2018-05-15 09:30:00|true
CT9000018|900000225|Inès|Haddad|ines.haddad@acieries-centre.fr|DSI|influencer|it|2018-05-15 09:30:00|true
CT9000019|900000225|Luc|Perrin|luc.perrin@acieries-centre.fr|Acheteur|influencer|purchasing|2018-05-15 09:30:00|false
# webinar_attendees_to_call: a prospect's contact at a webinar 29 days ago, phone consent granted
#   again after a withdrawal (member); one at a webinar exactly 30 days ago, phone consent granted
#   on the as-of day (not); a lead without an account (not: `accounts.is_customer = false` is
#   false without an account); a customer's contact (not); a prospect's contact called since.
CT9000020|900000183|Frédéric|Schmitt|frederic.schmitt@schmitt-industrie.fr|Responsable maintenance|influencer|operations|2021-09-09 09:30:00|true
CT9000021|900000209|Nina|Klein|nina.klein@klein-ingenierie.fr|Ingénieure d'études|user|it|2025-11-23 09:30:00|true
CT9000022|~|Gaëlle|Le Gall|gaelle.legall@orange.fr|Consultante|influencer|it|2025-03-01 09:00:00|true
CT9000023|900000043|Agnès|Roussel|agnes.roussel@lecomptoir-lyon.fr|Responsable marketing|influencer|marketing|2019-06-03 10:30:00|true
CT9000024|900000159|Marc|Leroy|marc.leroy@leroy-plasturgie.fr|Directeur des opérations|decision_maker|operations|2023-03-01 09:30:00|true
"#;
pub(super) const B2B_EDGE_CONTACT_ACTIVITIES: &str = r#"
# contact_id|occurred_at|kind
# decision_makers_not_reached, in the order of the contacts above.
CT9000001|2026-05-22 10:00:00|meeting
CT9000007|2026-05-23 09:00:00|call
CT9000008|2026-11-21 10:00:00|email_open
CT9000009|2026-11-21 10:00:00|meeting
CT9000002|2026-11-22 23:59:59|email_click
CT9000005|2026-11-23 09:00:00|meeting
# webinar_attendees_to_call, in the order of the contacts above.
CT9000020|2026-10-24 10:00:00|webinar_attended
CT9000021|2026-10-23 10:00:00|webinar_attended
CT9000022|2026-11-21 10:00:00|webinar_attended
CT9000023|2026-11-21 10:00:00|webinar_attended
CT9000024|2026-11-10 10:00:00|webinar_attended
CT9000024|2026-11-15 10:00:00|call
"#;
pub(super) const B2B_EDGE_CONSENTS: &str = r#"
# contact_id|channel|granted_at|withdrawn_at|basis
# Withdrawn on the as-of day, the day before, the day after; re-granted; granted after / on the
#   as-of day; withdrawn twice.
CT9000002|email|2022-09-12 15:00:00|2026-11-22 10:00:00|consent
CT9000012|email|2021-07-07 10:00:00|2026-11-21 10:00:00|consent
CT9000010|email|2021-07-07 10:00:00|2026-11-23 10:00:00|legitimate_interest
CT9000020|phone|2021-09-09 10:00:00|2025-01-10 10:00:00|consent
CT9000020|phone|2025-06-01 10:00:00|~|consent
CT9000005|email|2026-11-25 10:00:00|~|consent
CT9000021|phone|2026-11-22 14:00:00|~|consent
CT9000013|phone|2018-06-01 10:00:00|~|legitimate_interest
CT9000006|email|2021-04-01 09:00:00|2022-01-01 09:00:00|consent
CT9000006|email|2023-01-01 09:00:00|2026-06-01 09:00:00|consent
# Standing e-mail consents of the members above and of the contacts that only their account or
#   their role keeps out; phone consents of the webinar attendees.
CT9000001|email|2021-04-01 10:00:00|~|legitimate_interest
CT9000003|email|2024-01-01 09:00:00|~|consent
CT9000004|email|2024-01-01 09:00:00|~|consent
CT9000011|email|2022-05-05 10:00:00|~|legitimate_interest
CT9000013|email|2018-06-01 10:00:00|~|legitimate_interest
CT9000014|email|2018-06-01 10:00:00|~|legitimate_interest
CT9000015|email|2018-06-01 10:00:00|~|consent
CT9000016|email|2018-06-01 10:00:00|~|legitimate_interest
CT9000017|email|2018-06-01 10:00:00|~|legitimate_interest
CT9000018|email|2018-06-01 10:00:00|~|legitimate_interest
CT9000019|email|2018-06-01 10:00:00|~|legitimate_interest
CT9000022|phone|2025-03-01 09:00:00|~|consent
CT9000023|phone|2019-06-03 11:00:00|~|legitimate_interest
CT9000024|phone|2023-03-01 10:00:00|~|legitimate_interest
"#;
