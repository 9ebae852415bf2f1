//! Parsing a chunk with pest's error detail only when it fails.
//!
//! The detail (the tokens pest expected where a parse failed, which `wording.rs` turns into
//! "expected `]`") doubles the cost of every parse, and matters only for one that fails. So a
//! chunk is parsed without it, and again with it only when that parse fails: what a successful
//! parse returns does not depend on it, and the second parse meets the same failure.
//!
//! pest keeps the setting in one process-wide flag, read when a parse starts. A lock held around
//! each parse keeps threads parsing at the same time (the test harness's, a caller's) from
//! changing the flag under each other's parse.

use super::{Rule, SegParser};
use pest::error::Error;
use pest::iterators::Pairs;
use pest::Parser;
use std::sync::{Mutex, PoisonError};

/// Held while pest's error-detail flag is set and a parse that reads it runs.
static ERROR_DETAIL_FLAG: Mutex<()> = Mutex::new(());

/// Parses `chunk` as a `file`; on failure, the error carries pest's detail.
pub(super) fn parse_file(chunk: &str) -> Result<Pairs<'_, Rule>, Error<Rule>> {
    // A parse that panicked leaves nothing to repair: the flag is set again before each parse.
    let _flag = ERROR_DETAIL_FLAG
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    pest::set_error_detail(false);
    match SegParser::parse(Rule::file, chunk) {
        Ok(pairs) => Ok(pairs),
        Err(_) => {
            pest::set_error_detail(true);
            SegParser::parse(Rule::file, chunk)
        }
    }
}
