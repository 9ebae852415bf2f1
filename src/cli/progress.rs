//! A one-line progress indicator on stderr, shown only when stderr is a terminal.

use std::io::{IsTerminal, Write};
use std::time::Instant;

/// Reports the current step of a long command; silent when stderr is not a terminal.
pub struct Progress {
    enabled: bool,
    started: Instant,
}

impl Progress {
    /// A progress line on stderr if it is a terminal.
    pub fn new() -> Progress {
        Progress {
            enabled: std::io::stderr().is_terminal(),
            started: Instant::now(),
        }
    }

    /// Replaces the line with the current step.
    pub fn step(&mut self, what: &str) {
        if self.enabled {
            let secs = self.started.elapsed().as_secs_f32();
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K… {what} ({secs:.1}s)");
            let _ = err.flush();
        }
    }

    /// Clears the line.
    pub fn finish(&mut self) {
        if self.enabled {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}
