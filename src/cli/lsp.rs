//! `seg lsp`: the language server (`seglang::lsp`) on standard input and output, for editors.
//! This file is its IO: it frames the protocol's messages on stdio itself, rather than with
//! `lsp-server`'s stdio transport, because that transport stops reading at the first malformed
//! message; here such a message is reported on stderr (the editor's log) and skipped.

use super::commands::cli_error;
use super::config;
use super::files;
use super::Outcome;
use lsp_server::{Connection, Message};
use seglang::lsp::{serve, Files, ProjectSettings};
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};

/// Runs the server until the editor shuts it down (exit code 0), or the connection breaks
/// (E0530, exit code 2).
pub fn lsp() -> Outcome {
    let (server, client) = Connection::memory();
    let Connection {
        sender: to_server,
        receiver: from_server,
    } = client;
    // Detached: it blocks on stdin, and the process ends without waiting for it.
    std::thread::spawn(move || {
        let mut input = io::stdin().lock();
        loop {
            match read_message(&mut input) {
                Ok(Some(Frame::Message(message))) => {
                    if to_server.send(message).is_err() {
                        break;
                    }
                }
                Ok(Some(Frame::Malformed(reason))) => {
                    eprintln!("seg lsp: skipped a malformed message: {reason}");
                }
                // End of input or a broken pipe: the server sees the connection close.
                Ok(None) | Err(_) => break,
            }
        }
    });
    let writer = std::thread::spawn(move || {
        let mut output = io::stdout().lock();
        for message in from_server {
            if message.write(&mut output).is_err() {
                break;
            }
        }
    });
    let result = serve(&server, &DiskFiles);
    // The writer ends once the server's sender is gone and every message is written.
    drop(server);
    let _ = writer.join();
    match result {
        Ok(()) => Outcome::Success,
        Err(e) => {
            cli_error(e);
            Outcome::Failure
        }
    }
}

/// The file system.
struct DiskFiles;

impl Files for DiskFiles {
    fn seg_files(&self, dir: &Path) -> Vec<PathBuf> {
        files::expand(&[dir.to_path_buf()]).unwrap_or_default()
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        files::read(path)
    }

    fn project_settings(&self, dir: &Path) -> Result<ProjectSettings, String> {
        config::project_settings(dir)
    }
}

/// One framed message, or why its content could not be read as one.
enum Frame {
    Message(Message),
    Malformed(String),
}

/// Reads `Content-Length: N` headers, a blank line and N bytes of JSON. `None` at the end of
/// the input. A frame whose headers or JSON are wrong is `Malformed`; reading goes on after it.
fn read_message(input: &mut impl BufRead) -> io::Result<Option<Frame>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            match length {
                Some(_) => break,
                // Blank lines between frames.
                None => continue,
            }
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("Content-Length") {
                length = Some(
                    value
                        .trim()
                        .parse()
                        .map_err(|_| format!("`{header}` is not a length")),
                );
            }
        }
    }
    let length = match length {
        Some(Ok(length)) => length,
        Some(Err(reason)) => return Ok(Some(Frame::Malformed(reason))),
        None => return Ok(Some(Frame::Malformed("no Content-Length".to_string()))),
    };
    let mut body = Vec::new();
    input.take(length as u64).read_to_end(&mut body)?;
    if body.len() < length {
        return Ok(None);
    }
    match serde_json::from_slice::<Message>(&body) {
        Ok(message) => Ok(Some(Frame::Message(message))),
        Err(e) => Ok(Some(Frame::Malformed(e.to_string()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_frame_is_skipped_and_the_next_one_read() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized"}"#;
        let text = format!(
            "Content-Length: 5\r\n\r\n{{oops\
             Content-Length: x\r\n\r\n\
             Content-Length: {}\r\n\r\n{good}",
            good.len()
        );
        let mut input = io::Cursor::new(text.as_bytes().to_vec());
        let mut frames = Vec::new();
        while let Ok(Some(frame)) = read_message(&mut input) {
            frames.push(frame);
        }
        assert!(matches!(frames[0], Frame::Malformed(_)));
        assert!(matches!(frames[1], Frame::Malformed(_)));
        assert!(
            matches!(&frames[2], Frame::Message(Message::Notification(n)) if n.method == "initialized")
        );
        assert_eq!(frames.len(), 3);
    }
}
