//! A client of `seg lsp` for the tests: the real binary started with piped standard input and
//! output, JSON-RPC frames written and read, and the steps an editor repeats (initialize, open,
//! change, hover, definition, rename, format, shut down) as one call each.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// The server, and what it sent that no one has asked for yet.
pub(crate) struct Server {
    pub child: Child,
    pub stdin: ChildStdin,
    messages: Receiver<Value>,
    unread: Vec<Value>,
    next_id: i64,
}

impl Server {
    pub fn start() -> Server {
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

    pub fn send_raw(&mut self, body: &str) {
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.stdin
            .write_all(frame.as_bytes())
            .and_then(|()| self.stdin.flush())
            .expect("the server reads its input");
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        let message = json!({ "jsonrpc": "2.0", "method": method, "params": params });
        self.send_raw(&message.to_string());
    }

    /// Sends a request and waits for its response (with `result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let message = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
        self.send_raw(&message.to_string());
        self.wait(|m| m["id"] == id && m.get("method").is_none())
    }

    /// The diagnostics published next for a document.
    pub fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let published = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        published["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
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

    /// `initialize` with `root` as the workspace (none when `None`), then `initialized`; the
    /// server's capabilities.
    pub fn initialize(&mut self, root: Option<&Path>) -> Value {
        let root = root.map(uri_of);
        let init = self.request(
            "initialize",
            json!({ "processId": null, "rootUri": root, "capabilities": {} }),
        );
        self.notify("initialized", json!({}));
        init["result"]["capabilities"].clone()
    }

    /// `didOpen` of a document with `text`, at version 1.
    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "seg", "version": 1, "text": text } }),
        );
    }

    /// `didChange` of a whole document to `text`.
    pub fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "text": text }],
            }),
        );
    }

    /// The markdown of a hover at `params` (empty when there is none).
    pub fn hover(&mut self, params: Value) -> String {
        let hover = self.request("textDocument/hover", params);
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// The `uri` and start of the definition at `params`.
    pub fn definition(&mut self, params: Value) -> (Value, Value) {
        let definition = self.request("textDocument/definition", params);
        (
            definition["result"]["uri"].clone(),
            definition["result"]["range"]["start"].clone(),
        )
    }

    /// The answer to a rename at `params` to `new_name`.
    pub fn rename(&mut self, params: Value, new_name: &str) -> Value {
        let mut params = params;
        params["newName"] = json!(new_name);
        self.request("textDocument/rename", params)
    }

    /// The edits of formatting the document `uri`.
    pub fn format(&mut self, uri: &str) -> Value {
        let formatting = self.request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
        );
        formatting["result"].clone()
    }

    /// `shutdown`, answered without an error, then `exit`: the server's exit code.
    pub fn shut_down(mut self) -> Option<i32> {
        let shutdown = self.request("shutdown", json!(null));
        assert_eq!(shutdown["result"], Value::Null, "{shutdown}");
        self.notify("exit", json!(null));
        self.child.wait().expect("seg lsp exits").code()
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

/// The `file://` URI of a path.
pub(crate) fn uri_of(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = text.replace(' ', "%20");
    match text.starts_with('/') {
        true => format!("file://{text}"),
        false => format!("file:///{text}"),
    }
}

/// The LSP position (line, UTF-16 column) of the `nth` occurrence of `needle` in `text`, plus
/// `shift` characters.
pub(crate) fn position(text: &str, needle: &str, nth: usize, shift: usize) -> Value {
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

/// The parameters of a request at the `nth` `needle` of a document, plus `shift` characters.
pub(crate) fn at(uri: &str, text: &str, needle: &str, nth: usize, shift: usize) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position(text, needle, nth, shift) })
}

/// The labels of a completion's items, in the order given.
pub(crate) fn labels(completion: &Value) -> Vec<String> {
    let items = match &completion["result"] {
        Value::Array(items) => items.clone(),
        other => other["items"].as_array().cloned().unwrap_or_default(),
    };
    items
        .iter()
        .filter_map(|i| i["label"].as_str().map(str::to_string))
        .collect()
}
