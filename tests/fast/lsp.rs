//! `seg lsp` spoken to as an editor speaks to it: JSON-RPC frames on the real binary's standard
//! input and output, over a project written to a throw-away directory.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

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
  where in northern and value.r >= 4 and life = "regular"
}
"#;

/// The server, and what it sent that no one has asked for yet.
struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    unread: Vec<Value>,
    next_id: i64,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_seg"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("seg lsp starts");
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Server {
            child,
            stdin,
            messages,
            unread: Vec::new(),
            next_id: 1,
        }
    }

    fn send_raw(&mut self, body: &str) {
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.stdin
            .write_all(frame.as_bytes())
            .and_then(|()| self.stdin.flush())
            .expect("the server reads its input");
    }

    fn notify(&mut self, method: &str, params: Value) {
        let message = json!({ "jsonrpc": "2.0", "method": method, "params": params });
        self.send_raw(&message.to_string());
    }

    /// Sends a request and waits for its response (with `result` or `error`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let message = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
        self.send_raw(&message.to_string());
        self.wait(|m| m["id"] == id && m.get("method").is_none())
    }

    /// The diagnostics published next for a document.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let published = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        published["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.unread.iter().position(&wanted) {
            return self.unread.remove(i);
        }
        loop {
            let message = self
                .messages
                .recv_timeout(Duration::from_secs(60))
                .unwrap_or_else(|e| {
                    panic!("no answer from seg lsp ({e}); unread: {:?}", self.unread)
                });
            if wanted(&message) {
                return message;
            }
            self.unread.push(message);
        }
    }
}

fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri_of(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = text.replace(' ', "%20");
    match text.starts_with('/') {
        true => format!("file://{text}"),
        false => format!("file:///{text}"),
    }
}

/// The LSP position (line, UTF-16 column) of the `nth` occurrence of `needle` in `text`, plus
/// `shift` characters.
fn position(text: &str, needle: &str, nth: usize, shift: usize) -> Value {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i + shift)
        .unwrap_or_else(|| panic!("`{needle}` is in the text"));
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let column: usize = before
        .rsplit('\n')
        .next()
        .unwrap_or("")
        .chars()
        .map(char::len_utf16)
        .sum();
    json!({ "line": line, "character": column })
}

fn at(uri: &str, text: &str, needle: &str, nth: usize, shift: usize) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position(text, needle, nth, shift) })
}

fn labels(completion: &Value) -> Vec<String> {
    let items = match &completion["result"] {
        Value::Array(items) => items.clone(),
        other => other["items"].as_array().cloned().unwrap_or_default(),
    };
    items
        .iter()
        .filter_map(|i| i["label"].as_str().map(str::to_string))
        .collect()
}

fn change(server: &mut Server, uri: &str, version: i64, text: &str) {
    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": version },
            "contentChanges": [{ "text": text }],
        }),
    );
}

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

    let init = server.request(
        "initialize",
        json!({ "processId": null, "rootUri": uri_of(dir.path()), "capabilities": {} }),
    );
    let capabilities = &init["result"]["capabilities"];
    assert_eq!(capabilities["hoverProvider"], true, "{init}");
    assert_eq!(capabilities["renameProvider"], true);
    assert_eq!(capabilities["documentFormattingProvider"], true);
    server.notify("initialized", json!({}));

    // Opened with a typo (not yet saved): the checker's code, at the typo's span.
    let typo = SEGMENTS.replace("where region", "where regoin");
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "seg", "version": 1, "text": typo } }),
    );
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
    change(&mut server, &uri, 2, SEGMENTS);
    assert_eq!(server.diagnostics(&uri), Vec::<Value>::new());

    // Hover: a column's type, flags and doc, from the other file.
    let hover = server.request("textDocument/hover", at(&uri, SEGMENTS, "region", 0, 2));
    let text = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        text.contains(r#"customers.region: enum("north", "south")?"#),
        "{text}"
    );
    assert!(
        text.contains("pii") && text.contains("Where the customer lives."),
        "{text}"
    );
    // A segment's doc, owner and plain words, where it is used.
    let hover = server.request(
        "textDocument/hover",
        at(&uri, SEGMENTS, "in northern", 0, 4),
    );
    let text = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string();
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
    let hover = server.request("textDocument/hover", at(&uri, SEGMENTS, "min_orders", 1, 0));
    let text = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        text.contains("param min_orders: int = 2") && text.contains("default: `2`"),
        "{text}"
    );

    // Definition across files.
    let definition = server.request(
        "textDocument/definition",
        at(&uri, SEGMENTS, "region", 0, 0),
    );
    assert_eq!(
        definition["result"]["uri"],
        schema_uri.as_str(),
        "{definition}"
    );
    assert_eq!(
        definition["result"]["range"]["start"],
        position(SCHEMA, "region", 0, 0)
    );
    let definition = server.request(
        "textDocument/definition",
        at(&uri, SEGMENTS, "orders.", 0, 1),
    );
    assert_eq!(
        definition["result"]["uri"],
        schema_uri.as_str(),
        "{definition}"
    );
    assert_eq!(
        definition["result"]["range"]["start"],
        position(SCHEMA, "orders", 0, 0)
    );

    // The file a `use` names.
    let definition = server.request(
        "textDocument/definition",
        at(&uri, SEGMENTS, "schema.seg", 0, 2),
    );
    assert_eq!(
        definition["result"]["uri"],
        schema_uri.as_str(),
        "{definition}"
    );
    assert_eq!(
        definition["result"]["range"]["start"],
        json!({ "line": 0, "character": 0 })
    );

    // A model and a stage (named by a string), declared in a file that is not open.
    let definition = server.request(
        "textDocument/definition",
        at(&models_uri, MODELS, "value.r", 0, 2),
    );
    assert_eq!(
        definition["result"]["uri"],
        models_uri.as_str(),
        "{definition}"
    );
    assert_eq!(
        definition["result"]["range"]["start"],
        position(MODELS, "value on", 0, 0)
    );
    let definition = server.request(
        "textDocument/definition",
        at(&models_uri, MODELS, "\"regular\"", 0, 3),
    );
    assert_eq!(
        definition["result"]["range"]["start"],
        position(MODELS, "regular otherwise", 0, 0)
    );
    let hover = server.request(
        "textDocument/hover",
        at(&models_uri, MODELS, "value.r", 0, 0),
    );
    let text = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string();
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
    let mut params = at(&uri, SEGMENTS, "min_orders", 1, 0);
    params["newName"] = json!("least_orders");
    let rename = server.request("textDocument/rename", params);
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
    let mut params = at(&uri, SEGMENTS, "northern on", 0, 0);
    params["newName"] = json!("north_regulars");
    let rename = server.request("textDocument/rename", params);
    for (file, count) in [(&uri, 2), (&models_uri, 1)] {
        let edits = rename["result"]["changes"][file.as_str()]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(edits.len(), count, "{file}: {rename}");
        assert!(edits.iter().all(|e| e["newText"] == "north_regulars"));
    }
    // A column is not renamed from here, and a keyword is not a name.
    let mut params = at(&uri, SEGMENTS, "region", 0, 0);
    params["newName"] = json!("area");
    assert!(server.request("textDocument/rename", params)["error"].is_object());
    let mut params = at(&uri, SEGMENTS, "northern", 0, 0);
    params["newName"] = json!("where");
    assert!(server.request("textDocument/rename", params)["error"].is_object());
    // Nor is a parameter given a column's name, or a segment another segment's.
    let mut params = at(&uri, SEGMENTS, "min_orders", 0, 0);
    params["newName"] = json!("amount");
    assert!(server.request("textDocument/rename", params)["error"].is_object());
    let mut params = at(&uri, SEGMENTS, "northern", 0, 0);
    params["newName"] = json!("recent_northern");
    assert!(server.request("textDocument/rename", params)["error"].is_object());

    // Formatting: the whole text in `seg fmt`'s layout.
    let untidy = SEGMENTS.replace(
        "segment northern on customers {",
        "segment   northern on customers{",
    );
    change(&mut server, &uri, 3, &untidy);
    assert_eq!(server.diagnostics(&uri), Vec::<Value>::new());
    let formatting = server.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let edits = formatting["result"].as_array().cloned().unwrap_or_default();
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
    change(&mut server, &uri, 4, garbage);
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
    let formatting = server.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(
        formatting["result"],
        json!([]),
        "a document that does not parse is left alone"
    );

    let shutdown = server.request("shutdown", json!(null));
    assert_eq!(shutdown["result"], Value::Null, "{shutdown}");
    server.notify("exit", json!(null));
    let status = server.child.wait().expect("seg lsp exits");
    assert_eq!(status.code(), Some(0));
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
  where accounts.sector = "J" and role = "dm"
}

segment with_dm on accounts {
  where contacts.any(where role = "dm")
}
"#;

#[test]
fn linked_entities_hover_and_go_to_the_owner() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("linked.seg"), LINKED).expect("written");
    let uri = uri_of(&dir.path().join("linked.seg"));
    let mut server = Server::start();
    server.request(
        "initialize",
        json!({ "processId": null, "rootUri": uri_of(dir.path()), "capabilities": {} }),
    );
    server.notify("initialized", json!({}));
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "seg", "version": 1, "text": LINKED } }),
    );
    assert_eq!(server.diagnostics(&uri), Vec::<Value>::new());
    // `of accounts(…)` goes to the owner's declaration.
    let definition = server.request(
        "textDocument/definition",
        at(&uri, LINKED, "of accounts", 0, 4),
    );
    assert_eq!(
        definition["result"]["range"]["start"],
        position(LINKED, "accounts {", 0, 0),
        "{definition}"
    );
    // The owner's column read on a contact.
    let hover = server.request(
        "textDocument/hover",
        at(&uri, LINKED, "accounts.sector", 0, 10),
    );
    let text = hover["result"]["contents"]["value"].as_str().unwrap_or("");
    assert!(text.contains("accounts.sector: string?"), "{hover}");
    assert!(text.contains("The NAF section."), "{text}");
    let shutdown = server.request("shutdown", json!(null));
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    server.notify("exit", json!(null));
}
