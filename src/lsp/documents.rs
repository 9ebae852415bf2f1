//! The documents the editor has open: their text as typed, which overrides the file on disk,
//! and the `file:` URIs the protocol names files by.

use lsp_types::Uri;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The open documents, by path.
#[derive(Debug, Default)]
pub struct Documents {
    open: BTreeMap<PathBuf, String>,
}

impl Documents {
    /// Opens a document, or replaces its whole text (the server asks for full syncs).
    pub fn set(&mut self, path: PathBuf, text: String) {
        self.open.insert(path, text);
    }

    /// Closes a document: its file on disk counts again.
    pub fn close(&mut self, path: &Path) {
        self.open.remove(path);
    }

    /// The text of an open document.
    pub fn text(&self, path: &Path) -> Option<&str> {
        self.open.get(path).map(String::as_str)
    }

    /// The paths of the open documents.
    pub fn paths(&self) -> impl Iterator<Item = &PathBuf> {
        self.open.keys()
    }
}

/// The path a `file:` URI names, percent-decoded; `None` for other schemes, which have no
/// project on disk.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file://host/path`: only the local host, written as nothing or `localhost`.
    let path = match rest.strip_prefix("localhost") {
        Some(path) => path,
        None => rest,
    };
    if !path.starts_with('/') {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode(path)?;
    // `/C:/dir` on Windows is the drive path `C:/dir`.
    let bytes = decoded.as_bytes();
    let windows_drive =
        bytes.len() >= 3 && bytes[0] == b'/' && bytes[1].is_ascii_alphabetic() && bytes[2] == b':';
    match windows_drive {
        true => Some(PathBuf::from(&decoded[1..])),
        false => Some(PathBuf::from(decoded)),
    }
}

/// The `file:` URI of a path, `None` when the path is not absolute (a standard-library module's
/// name, such as `std.rfm for value`, is no file).
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let text = path.to_str()?.replace('\\', "/");
    let text = match text.as_bytes().get(1) {
        Some(b':') => format!("/{text}"),
        _ => text,
    };
    if !text.starts_with('/') {
        return None;
    }
    let mut uri = String::from("file://");
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                uri.push(char::from(byte))
            }
            other => uri.push_str(&format!("%{other:02X}")),
        }
    }
    Uri::from_str(&uri).ok()
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> Uri {
        Uri::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn a_path_survives_the_round_trip_through_its_uri() {
        let path = Path::new("/home/ana/my segments/été.seg");
        let Some(u) = path_to_uri(path) else {
            panic!("an absolute path has a URI")
        };
        assert_eq!(
            u.as_str(),
            "file:///home/ana/my%20segments/%C3%A9t%C3%A9.seg"
        );
        assert_eq!(uri_to_path(&u).as_deref(), Some(path));
    }

    #[test]
    fn windows_drives_and_other_schemes() {
        assert_eq!(
            uri_to_path(&uri("file:///c%3A/projects/a.seg")),
            Some(PathBuf::from("c:/projects/a.seg"))
        );
        assert_eq!(uri_to_path(&uri("untitled:Untitled-1")), None);
        assert_eq!(path_to_uri(Path::new("std.rfm for value")), None);
    }
}
