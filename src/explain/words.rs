//! English helpers: lists joined with "or", singulars, doc-comment sentences and capitals.

/// "a", "a or b", "a, b or c".
pub(super) fn or_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} or {}", init.join(", "), last.as_ref())
        }
    }
}

/// The singular of a table name for "their last order"; `None` when it is not a plain plural.
pub(super) fn singular(plural: &str) -> Option<String> {
    if let Some(stem) = plural.strip_suffix("ies") {
        return Some(format!("{stem}y"));
    }
    for ending in ["sses", "xes", "ches", "shes"] {
        if plural.ends_with(ending) {
            return Some(plural[..plural.len() - 2].to_string());
        }
    }
    match plural.strip_suffix('s') {
        Some(stem) if !stem.is_empty() && !stem.ends_with('s') => Some(stem.to_string()),
        _ => None,
    }
}

/// The first sentence of a doc comment, as a phrase to put in parentheses.
pub(super) fn first_sentence(docs: &str) -> Option<String> {
    let joined = one_line(docs);
    let sentence = match joined.find(". ") {
        Some(end) => &joined[..end],
        None => joined.trim_end_matches('.'),
    };
    (!sentence.is_empty()).then(|| decapitalized(sentence))
}

/// A doc comment's lines joined into one.
pub(super) fn one_line(docs: &str) -> String {
    let lines: Vec<&str> = docs
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join(" ")
}

/// `text` with a lowercase first letter, unless it starts an acronym ("VIPs").
pub(super) fn decapitalized(text: &str) -> String {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    match chars.next().is_some_and(char::is_uppercase) {
        true => text.to_string(),
        false => format!("{}{}", first.to_lowercase(), &text[first.len_utf8()..]),
    }
}

pub(super) fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => format!("{}{}", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}
