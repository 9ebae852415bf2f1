//! `seg lsp` spoken to as an editor speaks to it: JSON-RPC frames on the real binary's standard
//! input and output, over a project written to a throw-away directory.

use crate::lsp_client::{at, labels, position, uri_of, Server};
use serde_json::{json, Value};
use std::process::{Command, Stdio};

const SCHEMA: &str = r#"entity customers {
  key id: string
  /// Where the customer lives.
  region: enum("north", "south")? pii
}

facts orders of customers(id) at ordered_at {
  ordered_at: date
  amount: decimal(12, 2)
}

consents of customers(id) {
  channel: enum("email", "post")
  granted_at: timestamp
  withdrawn_at: timestamp?
  basis: enum("consent", "legitimate_interest")
  source: string
}
"#;

const SEGMENTS: &str = r#"use "schema.seg"

/// Orders that make a regular.
param min_orders: int = 2

/// Northern regulars.
segment northern on customers {
  owner "crm-team"
  channel post basis consent, legitimate_interest
  where region = "north" and orders.count() >= min_orders
}

segment recent_northern on customers {
  owner "crm-team"
  where in northern and orders.count(last min_orders days) >= 1
}
"#;

const MODELS: &str = r#"use "schema.seg"

/// Scores of two years of orders.
rfm value on customers over orders {
  window last 730 days
  scores 5
  monetary sum(amount)
}

/// Where a customer stands.
segmentation life on customers {
  fresh when orders.count() = 0
  regular otherwise
}

segment top_northern on customers {
  owner "crm-team"
  where in northern and value.r >= 4 and life = "regular"
}
"#;

#[test]
fn an_editor_session_from_initialize_to_exit() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("schema.seg"), SCHEMA).expect("written");
    std::fs::write(dir.path().join("segments.seg"), SEGMENTS).expect("written");
    std::fs::write(dir.path().join("models.seg"), MODELS).expect("written");
    let schema_uri = uri_of(&dir.path().join("schema.seg"));
    let models_uri = uri_of(&dir.path().join("models.seg"));
    let uri = uri_of(&dir.path().join("segments.seg"));
    let mut server = Server::start();

    let capabilities = server.initialize(Some(dir.path()));
    assert_eq!(capabilities["hoverProvider"], true, "{capabilities}");
    assert_eq!(capabilities["renameProvider"], true);
    assert_eq!(capabilities["documentFormattingProvider"], true);

    // Opened with a typo (not yet saved): the checker's code, at the typo's span.
    let typo = SEGMENTS.replace("where region", "where regoin");
    server.open(&uri, &typo);
    let diagnostics = server.diagnostics(&uri);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["code"], "E0104", "{diagnostics:?}");
    assert_eq!(diagnostics[0]["severity"], 1);
    assert_eq!(
        diagnostics[0]["range"]["start"],
        position(&typo, "regoin", 0, 0)
    );
    assert_eq!(
        diagnostics[0]["range"]["end"],
        position(&typo, "regoin", 0, 6)
    );
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("help:")),
        "the help line comes with the message: {diagnostics:?}"
    );
    // The schema is a file of the project too: clean.
    assert_eq!(server.diagnostics(&schema_uri), Vec::<Value>::new());

    // Fixed: the diagnostics are cleared.
    server.change(&uri, 2, SEGMENTS);
    assert_eq!(server.diagnostics(&uri), Vec::<Value>::new());

    // Hover: a column's type, flags and doc, from the other file.
    let text = server.hover(at(&uri, SEGMENTS, "region", 0, 2));
    assert!(
        text.contains(r#"customers.region: enum("north", "south")?"#),
        "{text}"
    );
    assert!(
        text.contains("pii") && text.contains("Where the customer lives."),
        "{text}"
    );
    // A segment's doc, owner and plain words, where it is used.
    let text = server.hover(at(&uri, SEGMENTS, "in northern", 0, 4));
    assert!(text.contains("segment northern on customers"), "{text}");
    assert!(
        text.contains("Northern regulars.") && text.contains("owner: crm-team"),
        "{text}"
    );
    assert!(
        text.contains("- `channel post basis consent, legitimate_interest`\n"),
        "{text}"
    );
    assert!(
        text.contains("Segment northern"),
        "the seg explain text: {text}"
    );
    // A parameter's default.
    let text = server.hover(at(&uri, SEGMENTS, "min_orders", 1, 0));
    assert!(
        text.contains("param min_orders: int = 2") && text.contains("default: `2`"),
        "{text}"
    );

    // Definition across files.
    let (file, start) = server.definition(at(&uri, SEGMENTS, "region", 0, 0));
    assert_eq!(file, schema_uri.as_str());
    assert_eq!(start, position(SCHEMA, "region", 0, 0));
    let (file, start) = server.definition(at(&uri, SEGMENTS, "orders.", 0, 1));
    assert_eq!(file, schema_uri.as_str());
    assert_eq!(start, position(SCHEMA, "orders", 0, 0));

    // The file a `use` names.
    let (file, start) = server.definition(at(&uri, SEGMENTS, "schema.seg", 0, 2));
    assert_eq!(file, schema_uri.as_str());
    assert_eq!(start, json!({ "line": 0, "character": 0 }));

    // A model and a stage (named by a string), declared in a file that is not open.
    let (file, start) = server.definition(at(&models_uri, MODELS, "value.r", 0, 2));
    assert_eq!(file, models_uri.as_str());
    assert_eq!(start, position(MODELS, "value on", 0, 0));
    let (_, start) = server.definition(at(&models_uri, MODELS, "\"regular\"", 0, 3));
    assert_eq!(start, position(MODELS, "regular otherwise", 0, 0));
    let text = server.hover(at(&models_uri, MODELS, "value.r", 0, 0));
    assert!(
        text.contains("rfm value on customers over orders") && text.contains("Scores of two years"),
        "{text}"
    );

    // References of a segment, declaration included, across files.
    let mut params = at(&uri, SEGMENTS, "northern on", 0, 0);
    params["context"] = json!({ "includeDeclaration": true });
    let references = server.request("textDocument/references", params);
    let mut found: Vec<(String, Value)> = references["result"]
        .as_array()
        .map(|r| {
            r.iter()
                .map(|l| {
                    (
                        l["uri"].as_str().unwrap_or("").to_string(),
                        l["range"]["start"].clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort_by_key(|(uri, start)| (uri.clone(), start.to_string()));
    let mut expected = vec![
        (models_uri.clone(), position(MODELS, "in northern", 0, 3)),
        (uri.clone(), position(SEGMENTS, "northern on", 0, 0)),
        (uri.clone(), position(SEGMENTS, "in northern", 0, 3)),
    ];
    expected.sort_by_key(|(uri, start)| (uri.clone(), start.to_string()));
    assert_eq!(found, expected, "{references}");
    let mut params = at(&uri, SEGMENTS, "northern on", 0, 0);
    params["context"] = json!({ "includeDeclaration": false });
    let references = server.request("textDocument/references", params);
    assert_eq!(
        references["result"].as_array().map(Vec::len),
        Some(2),
        "{references}"
    );

    // The outline: declarations, a table's columns under it.
    let outline = server.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": schema_uri } }),
    );
    let names: Vec<&str> = outline["result"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, ["customers", "orders"], "{outline}");
    let columns: Vec<&str> = outline["result"][1]["children"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(columns, ["ordered_at", "amount"]);

    // Completion: the columns in scope, a table's aggregates, the values of an enum.
    let top = labels(&server.request(
        "textDocument/completion",
        at(&uri, SEGMENTS, "where ", 0, 6),
    ));
    assert!(
        top.contains(&"region".to_string()) && top.contains(&"orders".to_string()),
        "{top:?}"
    );
    let aggregates = labels(&server.request(
        "textDocument/completion",
        at(&uri, SEGMENTS, "orders.", 0, 7),
    ));
    assert!(
        aggregates.contains(&"count".to_string()) && aggregates.contains(&"amount".to_string())
    );
    let values = labels(&server.request(
        "textDocument/completion",
        at(&uri, SEGMENTS, "\"north\"", 0, 1),
    ));
    assert_eq!(values, ["north", "south"]);
    let segments = labels(&server.request(
        "textDocument/completion",
        at(&uri, SEGMENTS, "in northern", 0, 3),
    ));
    assert_eq!(segments, ["top_northern", "northern", "recent_northern"]);
    let stages = labels(&server.request(
        "textDocument/completion",
        at(&models_uri, MODELS, "\"regular\"", 0, 1),
    ));
    assert_eq!(stages, ["fresh", "regular"]);

    // Rename a parameter: its declaration and its uses.
    let rename = server.rename(at(&uri, SEGMENTS, "min_orders", 1, 0), "least_orders");
    let edits = rename["result"]["changes"][uri.as_str()]
        .as_array()
        .cloned()
        .unwrap_or_default();
    // The declaration, a value and a window's count.
    assert_eq!(edits.len(), 3, "{rename}");
    assert!(edits.iter().all(|e| e["newText"] == "least_orders"));
    let count = &edits[2]["range"];
    assert_eq!(
        count["start"],
        position(SEGMENTS, "min_orders", 2, 0),
        "{rename}"
    );
    assert_eq!(
        count["end"],
        position(SEGMENTS, "min_orders", 2, 10),
        "{rename}"
    );
    // Rename a segment: in both files that name it.
    let rename = server.rename(at(&uri, SEGMENTS, "northern on", 0, 0), "north_regulars");
    for (file, count) in [(&uri, 2), (&models_uri, 1)] {
        let edits = rename["result"]["changes"][file.as_str()]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(edits.len(), count, "{file}: {rename}");
        assert!(edits.iter().all(|e| e["newText"] == "north_regulars"));
    }
    // A column is not renamed from here, and a keyword is not a name.
    // Nor is a parameter given a column's name, or a segment another segment's.
    for (needle, new_name) in [
        ("region", "area"),
        ("northern", "where"),
        ("min_orders", "amount"),
        ("northern", "recent_northern"),
    ] {
        let refused = server.rename(at(&uri, SEGMENTS, needle, 0, 0), new_name);
        assert!(
            refused["error"].is_object(),
            "{needle} to {new_name}: {refused}"
        );
    }

    // Formatting: the whole text in `seg fmt`'s layout.
    let untidy = SEGMENTS.replace(
        "segment northern on customers {",
        "segment   northern on customers{",
    );
    server.change(&uri, 3, &untidy);
    assert_eq!(server.diagnostics(&uri), Vec::<Value>::new());
    let formatting = server.format(&uri);
    let edits = formatting.as_array().cloned().unwrap_or_default();
    assert_eq!(edits.len(), 1, "{formatting}");
    assert_eq!(edits[0]["newText"], SEGMENTS);

    // Nothing kills it: a frame that is not JSON, parameters that do not fit, a method it does
    // not know, a document that does not parse at all.
    server.send_raw("{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\"");
    let bad = server.request("textDocument/hover", json!({ "textDocument": 3 }));
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    let unknown = server.request("seg/unknown", json!(null));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let garbage = "segment {{{ \"\n\u{0}😀 where ((( and";
    server.change(&uri, 4, garbage);
    let diagnostics = server.diagnostics(&uri);
    assert!(
        !diagnostics.is_empty() && diagnostics.iter().all(|d| d["code"] == "E0001"),
        "{diagnostics:?}"
    );
    let end = json!({ "line": 1, "character": 14 });
    for method in [
        "textDocument/hover",
        "textDocument/completion",
        "textDocument/definition",
    ] {
        let answer = server.request(
            method,
            json!({ "textDocument": { "uri": uri }, "position": end }),
        );
        assert!(answer.get("result").is_some(), "{method}: {answer}");
    }
    assert_eq!(
        server.format(&uri),
        json!([]),
        "a document that does not parse is left alone"
    );
    assert_eq!(server.shut_down(), Some(0));
}

#[test]
fn a_closed_connection_without_shutdown_is_error_e0530() {
    let mut server = Server::start();
    server.request(
        "initialize",
        json!({ "processId": null, "capabilities": {} }),
    );
    drop(server.stdin);
    let output = server.child.wait_with_output().expect("seg lsp exits");
    assert_eq!(output.status.code(), Some(2));

    // Before initialize, with the reason on stderr.
    let output = Command::new(env!("CARGO_BIN_EXE_seg"))
        .arg("lsp")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("seg lsp runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("E0530") && stderr.contains("the editor closed the connection"),
        "{stderr}"
    );
}

const LINKED: &str = r#"entity accounts {
  key account_id: string
  /// The NAF section.
  sector: string?
}

entity contacts of accounts(account_id) {
  key contact_id: string
  role: string?
}

segment it_contacts on contacts {
  owner "sales"
  where accounts.sector = "J" and role = "dm"
}

segment with_dm on accounts {
  owner "sales"
  where contacts.any(where role = "dm")
}
"#;

#[test]
fn linked_entities_hover_and_go_to_the_owner() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("linked.seg"), LINKED).expect("written");
    let uri = uri_of(&dir.path().join("linked.seg"));
    let mut server = Server::start();
    server.initialize(Some(dir.path()));
    server.open(&uri, LINKED);
    assert_eq!(server.diagnostics(&uri), Vec::<Value>::new());
    // `of accounts(…)` goes to the owner's declaration.
    let (_, start) = server.definition(at(&uri, LINKED, "of accounts", 0, 4));
    assert_eq!(start, position(LINKED, "accounts {", 0, 0));
    // The owner's column read on a contact.
    let text = server.hover(at(&uri, LINKED, "accounts.sector", 0, 10));
    assert!(text.contains("accounts.sector: string?"), "{text}");
    assert!(text.contains("The NAF section."), "{text}");
    assert_eq!(server.shut_down(), Some(0));
}

const UNOWNED: &str = r#"use "../schema.seg"

segment big_spenders on customers {
  where orders.sum(amount) > 1000
}
"#;

#[test]
fn lints_and_params_of_the_seg_toml_above_are_applied_as_seg_check_applies_them() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("schema.seg"), SCHEMA).expect("written");
    std::fs::write(
        dir.path().join("seg.toml"),
        "[lints]\nmissing_owner = \"deny\"\n",
    )
    .expect("written");
    // The document is one directory below seg.toml: the server walks up to it, as seg check.
    let project = dir.path().join("segments");
    std::fs::create_dir(&project).expect("created");
    let file = project.join("unowned.seg");
    std::fs::write(&file, UNOWNED).expect("written");
    let uri = uri_of(&file);
    let mut server = Server::start();
    server.initialize(Some(dir.path()));
    server.open(&uri, UNOWNED);
    let published = server.diagnostics(&uri);
    let found: Vec<(Value, Value, Value)> = published
        .iter()
        .map(|d| {
            let line = d["range"]["start"]["line"].as_u64().map(|l| l + 1);
            (d["code"].clone(), d["severity"].clone(), json!(line))
        })
        .collect();
    // Denied: an error, as `seg check` reports it.
    assert_eq!(
        found,
        [(json!("W0004"), json!(1), json!(3))],
        "{published:?}"
    );
    let check = Command::new(env!("CARGO_BIN_EXE_seg"))
        .args(["check", "--format", "json"])
        .arg(&project)
        .output()
        .expect("seg check runs");
    let checked: Value = serde_json::from_slice(&check.stdout).expect("JSON");
    let checked: Vec<(Value, Value, Value)> = checked
        .as_array()
        .map(|all| {
            let severity = |s: &Value| json!(if s == "error" { 1 } else { 2 });
            all.iter()
                .map(|d| {
                    (
                        d["code"].clone(),
                        severity(&d["severity"]),
                        d["line"].clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(found, checked);

    // Near miss: the same segment allowed inline publishes nothing; with an owner, nothing.
    let allowed = UNOWNED.replace("segment big", "// seg: allow(missing_owner)\nsegment big");
    server.change(&uri, 2, &allowed);
    assert_eq!(server.diagnostics(&uri), Vec::<Value>::new());
    server.change(&uri, 3, UNOWNED);
    assert_eq!(server.diagnostics(&uri).len(), 1);
    let owned = UNOWNED.replace("{\n  where", "{\n  owner \"crm-team\"\n  where");
    server.change(&uri, 4, &owned);
    assert_eq!(server.diagnostics(&uri), Vec::<Value>::new());

    // Without seg.toml the lint has its default level: a warning.
    std::fs::remove_file(dir.path().join("seg.toml")).expect("removed");
    server.change(&uri, 5, UNOWNED);
    let published = server.diagnostics(&uri);
    assert_eq!(published.len(), 1, "{published:?}");
    assert_eq!(published[0]["severity"], 2, "{published:?}");

    // seg.toml's parameter values are checked too, as by seg check: here one that is no int.
    std::fs::write(
        dir.path().join("seg.toml"),
        "[params]\nmin_spend = \"lots\"\n",
    )
    .expect("written");
    let with_param = owned
        .replace("segment big", "param min_spend: int = 1000\n\nsegment big")
        .replace("> 1000", "> min_spend");
    server.change(&uri, 6, &with_param);
    let published = server.diagnostics(&uri);
    assert_eq!(published.len(), 1, "{published:?}");
    assert_eq!(published[0]["code"], "E0210", "{published:?}");
    assert_eq!(server.shut_down(), Some(0));
}
