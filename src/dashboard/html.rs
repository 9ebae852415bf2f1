//! Writing HTML safely: every text the user wrote (segment names, doc comments, stage names)
//! goes through [`escape`], and every number the page shows carries its value and its place in
//! the JSON model in `data-*` attributes ([`Datum`]), so a test can compare the two.

/// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities: safe in element content and in
/// quoted attribute values alike.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A number of the model as the page shows it: what it is (`segment-members`), where it is in
/// the JSON (a JSON pointer such as `/sections/0/segments/2/members`), its exact value, and the
/// names it is about (`segment`, `channel`…).
#[derive(Debug, Clone)]
pub struct Datum {
    pub metric: &'static str,
    pub path: String,
    /// The value as JSON writes it (`123`, `0.125`).
    pub value: String,
    pub about: Vec<(&'static str, String)>,
}

impl Datum {
    /// A whole number at `path`.
    pub fn int(metric: &'static str, path: String, value: u64) -> Datum {
        Datum {
            metric,
            path,
            value: value.to_string(),
            about: Vec::new(),
        }
    }

    /// A fraction at `path`, written as Rust and JSON both write an `f64` (shortest round trip).
    pub fn float(metric: &'static str, path: String, value: f64) -> Datum {
        Datum {
            metric,
            path,
            value: format_float(value),
            about: Vec::new(),
        }
    }

    /// The same number, also said to be about `name = value`.
    pub fn about(mut self, name: &'static str, value: &str) -> Datum {
        self.about.push((name, value.to_string()));
        self
    }

    /// The attributes, with a leading space: ` data-metric="…" data-path="…" data-value="…"`.
    pub fn attributes(&self) -> String {
        let mut out = format!(
            " data-metric=\"{}\" data-path=\"{}\" data-value=\"{}\"",
            self.metric,
            escape(&self.path),
            self.value
        );
        for (name, value) in &self.about {
            out.push_str(&format!(" data-{name}=\"{}\"", escape(value)));
        }
        out
    }
}

/// An `f64` as serde_json writes it: integers keep a `.0`, others their shortest round trip.
fn format_float(value: f64) -> String {
    match serde_json::to_string(&value) {
        Ok(text) => text,
        Err(_) => "null".to_string(),
    }
}

/// A `<table>` of header cells and rows of already-rendered cells (each a whole `<td>` or
/// `<th>`), inside a `<details>` whose summary is `summary`: the numbers of a chart for readers
/// who cannot see it.
pub fn fallback_table(summary: &str, header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = format!(
        "<details class=\"numbers\"><summary>{}</summary><table><thead><tr>",
        escape(summary)
    );
    for h in header {
        out.push_str(&format!("<th scope=\"col\">{}</th>", escape(h)));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            out.push_str(cell);
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></details>");
    out
}

/// A row header cell.
pub fn th(text: &str) -> String {
    format!("<th scope=\"row\">{}</th>", escape(text))
}

/// A number cell: the formatted text shown, the datum in its attributes.
pub fn td(shown: &str, datum: &Datum) -> String {
    format!(
        "<td class=\"num\"{}>{}</td>",
        datum.attributes(),
        escape(shown)
    )
}

#[cfg(test)]
mod tests {
    use super::{escape, Datum};

    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }

    #[test]
    fn a_datum_writes_its_value_as_json_does() {
        let d = Datum::float("segment-share", "/a".into(), 0.5).about("segment", "a\"b");
        assert_eq!(
            d.attributes(),
            " data-metric=\"segment-share\" data-path=\"/a\" data-value=\"0.5\" data-segment=\"a&quot;b\""
        );
        assert_eq!(Datum::float("x", String::new(), 1.0).value, "1.0");
    }
}
