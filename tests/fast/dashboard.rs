//! `seg report`'s pure renderer (`seglang::dashboard`): the page of a small fixed model in both
//! languages (snapshots), user text never becoming markup, every chart with its title, axis
//! labels and table, and every number on the page equal to the one in the JSON.

use seglang::dashboard::{
    render_html, render_json, ChannelCoverage, Consent, Dashboard, EntityRows, Flow, History, Lang,
    Lifecycle, Overlap, Rfm, RfmGrid, Section, SegmentSize, Series, Sizes, StageSizes,
};

/// A small report with every section; `name` and `docs` are used for a segment and a stage.
fn model(name: &str, docs: &str) -> Dashboard {
    let stage = |stage: &str, docs: Option<&str>, members: u64| SegmentSize {
        segment: format!("lifecycle:{stage}"),
        entity: "customers".into(),
        docs: docs.map(String::from),
        members,
        share: members as f64 / 12_345.0,
    };
    let label = |r: u32, f: u32| match (r, f) {
        (3, 3) => Some("champions".to_string()),
        (1, _) => Some(name.to_string()),
        _ => None,
    };
    Dashboard {
        project: "examples/retail".into(),
        as_of: "2026-11-22".into(),
        from: Some("2026-05-22".into()),
        source: "embedded DuckDB, 7 files".into(),
        sections: vec![
            Section::Sizes(Sizes {
                entities: vec![EntityRows {
                    entity: "customers".into(),
                    rows: 12_345,
                }],
                segments: vec![
                    SegmentSize {
                        segment: name.into(),
                        entity: "customers".into(),
                        docs: Some(docs.into()),
                        members: 1_543,
                        share: 0.125,
                    },
                    SegmentSize {
                        segment: "win_back:control".into(),
                        entity: "customers".into(),
                        docs: None,
                        members: 17,
                        share: 0.0013770757391656541,
                    },
                ],
                segmentations: vec![StageSizes {
                    segmentation: "lifecycle".into(),
                    entity: "customers".into(),
                    docs: Some(docs.into()),
                    stages: vec![
                        stage("new", None, 2_000),
                        stage(name, Some(docs), 9_000),
                        stage("lapsed", Some("Gone quiet."), 1_345),
                    ],
                }],
            }),
            Section::Overlap(Overlap {
                segments: vec![name.into(), "win_back".into()],
                matrix: vec![vec![1_543, 120], vec![120, 900]],
            }),
            Section::Consent(Consent {
                channels: vec![ChannelCoverage {
                    entity: "customers".into(),
                    channel: "email".into(),
                    bases: vec!["consent".into()],
                    rows: 12_345,
                    reachable: 8_000,
                    no_grant: 3_000,
                    withdrawn: 900,
                    basis_not_accepted: 300,
                    suppressed: 145,
                }],
            }),
            Section::Rfm(Rfm {
                models: vec![RfmGrid {
                    model: "value".into(),
                    entity: "customers".into(),
                    k: 3,
                    segmentation: Some("rfm_segment".into()),
                    cells: vec![vec![10, 20, 30], vec![5, 0, 7], vec![1, 2, 300]],
                    labels: (1..=3)
                        .map(|r| (1..=3).map(|f| label(r, f)).collect())
                        .collect(),
                    unscored: 42,
                }],
            }),
            Section::Lifecycle(Lifecycle {
                from: Some("2026-05-22".into()),
                to: "2026-11-22".into(),
                flows: vec![Flow {
                    segmentation: "lifecycle".into(),
                    stages: vec!["new".into(), name.into(), "lapsed".into()],
                    matrix: vec![vec![10, 5, 0], vec![0, 40, 12], vec![1, 2, 30]],
                }],
            }),
            Section::History(History {
                available: true,
                dates: vec!["2026-11-15".into(), "2026-11-22".into()],
                series: vec![Series {
                    segment: name.into(),
                    members: vec![1_500, 1_543],
                }],
            }),
        ],
    }
}

/// The page with a line break between adjacent tags, so a snapshot's diff shows what changed.
fn one_tag_a_line(html: &str) -> String {
    html.replace("><", ">\n<")
}

#[test]
fn the_page_of_a_small_report_in_english() {
    let html = render_html(&model("lapsing_vips", "Lapsing VIPs."), Lang::En);
    insta::assert_snapshot!("report_en", one_tag_a_line(&html));
}

#[test]
fn the_page_of_a_small_report_in_french() {
    let html = render_html(&model("lapsing_vips", "VIP en perte de vitesse."), Lang::Fr);
    assert!(
        html.contains("12\u{202f}345"),
        "French groups thousands with a narrow space"
    );
    assert!(html.contains("12,5\u{202f}%"), "and writes 12,5 %");
    assert!(html.contains("Taille des segments"));
    insta::assert_snapshot!("report_fr", one_tag_a_line(&html));
}

#[test]
fn user_text_never_becomes_markup() {
    let hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&";
    for lang in [Lang::En, Lang::Fr] {
        let html = render_html(&model(hostile, hostile), lang);
        assert!(!html.contains("<script"), "a script tag got through");
        assert!(!html.contains("<img"), "an img tag got through");
        assert!(
            !html.contains("\"'&"),
            "quotes or an ampersand got through raw"
        );
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }
}

/// The text of every element `<tag ...>...</tag>` of `html`, opening tag included.
fn elements<'a>(html: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(open) {
        let from = &rest[start..];
        let Some(end) = from.find(close) else { break };
        out.push(&from[..end + close.len()]);
        rest = &from[end + close.len()..];
    }
    out
}

#[test]
fn every_chart_has_a_title_axis_labels_and_a_table_of_its_numbers() {
    for lang in [Lang::En, Lang::Fr] {
        let html = render_html(&model("a", "b"), lang);
        let figures = elements(&html, "<figure", "</figure>");
        // Sizes, one segmentation's stages, overlap, consent, one RFM grid, one flow, history.
        assert_eq!(figures.len(), 7);
        for figure in figures {
            let caption = elements(figure, "<figcaption>", "</figcaption>");
            assert!(caption.len() == 1 && caption[0].len() > 30, "{figure}");
            assert!(
                figure.contains("<svg") && figure.contains("<title>"),
                "{figure}"
            );
            assert!(
                figure.matches("class=\"axis-label\"").count() >= 2,
                "{figure}"
            );
            let table = elements(figure, "<details class=\"numbers\">", "</details>");
            assert_eq!(table.len(), 1, "{figure}");
            assert!(table[0].contains("<summary>") && table[0].contains("<td class=\"num\""));
        }
        let legends = html.matches("class=\"legend-scale\"").count();
        assert_eq!(legends, 2, "each heat map has a colour legend");
    }
}

/// `name="value"` of the attribute `name` in `element`.
fn attribute<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = element.find(&key)? + key.len();
    let end = element[start..].find('"')?;
    Some(&element[start..start + end])
}

#[test]
fn every_number_on_the_page_is_the_one_in_the_json() {
    let model = model("lapsing_vips", "Lapsing VIPs.");
    let json: serde_json::Value =
        serde_json::from_str(&render_json(&model)).expect("the JSON parses");
    let html = render_html(&model, Lang::Fr);
    let mut checked = 0;
    for piece in html.split('<').filter(|p| p.contains(" data-metric=\"")) {
        let path = attribute(piece, "data-path").expect("a data-path");
        let value = attribute(piece, "data-value").expect("a data-value");
        let expected = json
            .pointer(path)
            .unwrap_or_else(|| panic!("{path} is in the JSON"));
        let shown: serde_json::Value = serde_json::from_str(value).expect("a number");
        assert_eq!(&shown, expected, "{path}");
        checked += 1;
    }
    // Sizes (1 entity, 2 bars, 2 × 2 in the table), stages (3 bars, 3 × 2 in the table),
    // overlap (4 cells, 4 in the table), consent (5 parts, 6 in the table), RFM (9 cells, 9 in
    // the table, the unscored), flow (7 non-empty bands, 9 in the table), history (2 points, 2
    // in the table).
    assert_eq!(checked, 7 + 9 + 8 + 11 + 19 + 16 + 4);
}

#[test]
fn sections_without_data_say_how_to_get_it() {
    let mut model = model("a", "b");
    model.from = None;
    for section in &mut model.sections {
        match section {
            Section::Lifecycle(l) => {
                l.from = None;
                l.flows.clear();
            }
            Section::History(h) => {
                h.available = false;
                h.dates.clear();
                h.series.clear();
            }
            _ => {}
        }
    }
    let html = render_html(&model, Lang::En);
    assert!(html.contains("--from DATE"));
    assert!(html.contains("seg materialize"));
    assert_eq!(elements(&html, "<figure", "</figure>").len(), 5);
}

/// A report of one KPI section: a share on a segment, its control group and a stage, and the
/// segment's uplift; `docs` is the KPI's doc comment.
fn kpi_model(docs: &str) -> Dashboard {
    use seglang::dashboard::{KpiGroup, KpiUplift, KpiValues, Kpis};
    let group = |segment: &str, group: &str, value: Option<f64>, shown: &str| KpiGroup {
        segment: segment.into(),
        group: group.into(),
        members: 200,
        n: 200,
        value,
        shown: shown.into(),
    };
    Dashboard {
        project: "examples/retail".into(),
        as_of: "2026-11-22".into(),
        from: None,
        source: "embedded DuckDB".into(),
        sections: vec![Section::Kpis(Kpis {
            kpis: vec![KpiValues {
                kpi: "email_openers".into(),
                docs: Some(docs.into()),
                measure: "share".into(),
                groups: vec![
                    group("win_back", "segment", Some(0.157895), "15.8%"),
                    group("win_back:control", "control", Some(0.08), "8.0%"),
                    group("lifecycle:lapsed", "stage", None, "–"),
                ],
            }],
            uplifts: vec![KpiUplift {
                kpi: "email_openers".into(),
                measure: "share".into(),
                segment: "win_back".into(),
                treatment: Some(0.157895),
                control: Some(0.08),
                treatment_shown: "15.8%".into(),
                control_shown: "8.0%".into(),
                difference: Some(0.077895),
                difference_shown: "7.8 pt".into(),
                relative: Some(0.973684),
                interval: Some((-0.0385, 0.1943)),
                p_value: Some(0.3007),
                method: Some("two_proportion_z".into()),
                caution: true,
                no_test: None,
            }],
        })],
    }
}

#[test]
fn the_kpi_section_charts_segments_and_uplift_with_every_number_from_the_json() {
    let hostile = "<script>alert(1)</script>";
    let model = kpi_model(hostile);
    let json: serde_json::Value =
        serde_json::from_str(&render_json(&model)).expect("the JSON parses");
    for lang in [Lang::En, Lang::Fr] {
        let html = render_html(&model, lang);
        assert!(!html.contains("<script"), "the KPI's docs became markup");
        let figures = elements(&html, "<figure", "</figure>");
        // The KPI's bars (the segment only: no control group, no missing value) and the uplift.
        assert_eq!(figures.len(), 2);
        assert_eq!(figures[0].matches("<rect").count(), 1, "{}", figures[0]);
        assert_eq!(figures[1].matches("class=\"whisker\"").count(), 3);
        for figure in &figures {
            assert!(figure.matches("class=\"axis-label\"").count() >= 2);
            assert!(figure.contains("<details class=\"numbers\">"));
        }
        let mut checked = 0;
        for piece in html.split('<').filter(|p| p.contains(" data-metric=\"")) {
            let path = attribute(piece, "data-path").expect("a data-path");
            let value: serde_json::Value =
                serde_json::from_str(attribute(piece, "data-value").expect("a value"))
                    .expect("a number");
            assert_eq!(json.pointer(path), Some(&value), "{path}");
            checked += 1;
        }
        // Bar, table: 2 values and 3 counts; uplift bar, its p-value in the table.
        assert_eq!(checked, 1 + 2 + 3 + 1 + 1);
    }
    let french = render_html(&model, Lang::Fr);
    assert!(french.contains("15,8\u{202f}%") && french.contains("p = 0,30"));
}
