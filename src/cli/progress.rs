//! The progress line on stderr, drawn by `indicatif`: a spinner with the current step and the
//! time elapsed, or a bar with position, length and ETA over the dates of a multi-date command.
//! Shown only when stderr is a terminal and `--quiet` was not given.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// `--quiet`, for the whole process. A global flag set once by `cli::main` before a command
/// runs, so that the commands, whose arguments other options fill, need no parameter for it.
static QUIET: AtomicBool = AtomicBool::new(false);

/// How often the spinner turns and the elapsed time is redrawn while a query runs.
const TICK: Duration = Duration::from_millis(120);

/// Silences every progress line of this process (`--quiet`).
pub fn silence() {
    QUIET.store(true, Ordering::Relaxed);
}

/// Reports what a long command is doing; draws nothing when stderr is not a terminal or under
/// `--quiet`.
pub struct Progress {
    visible: bool,
    started: Instant,
    /// The line on screen: a spinner (no length) or a bar, cleared by [`Progress::finish`].
    bar: Option<ProgressBar>,
}

/// The dates of a multi-date command, counted on the progress bar as each is done.
pub struct Dates {
    bar: ProgressBar,
    /// Whether the bar counts: a single date is a step, with a spinner and no bar.
    counted: bool,
}

impl Progress {
    /// A progress line on stderr, if it is a terminal and the user did not ask for quiet.
    pub fn new() -> Progress {
        Progress {
            visible: std::io::stderr().is_terminal() && !QUIET.load(Ordering::Relaxed),
            started: Instant::now(),
            bar: None,
        }
    }

    /// Shows the current step with a spinner and the time since the command started.
    pub fn step(&mut self, what: &str) {
        match &self.bar {
            Some(bar) if bar.length().is_none() => bar.set_message(what.to_string()),
            _ => {
                self.show(None, spinner_style(), "", what);
            }
        }
    }

    /// Switches to a bar of `total` dates, labelled `what` ("materializing"), which the returned
    /// handle advances; one date (or none) stays a spinner step, since a bar of one says nothing.
    pub fn dates(&mut self, total: usize, what: &str) -> Dates {
        let counted = total > 1;
        let bar = match counted {
            true => self.show(Some(total as u64), bar_style(), what, ""),
            false => {
                self.step(what);
                self.bar.clone().unwrap_or_else(ProgressBar::hidden)
            }
        };
        Dates { bar, counted }
    }

    /// Clears the line; a later step draws a new one.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }

    /// Replaces the line with a new one of this length, style, prefix and message, made whole
    /// before it is drawn (each setter of a drawn bar draws it) and timed from the command's
    /// start.
    fn show(
        &mut self,
        length: Option<u64>,
        style: ProgressStyle,
        prefix: &str,
        message: &str,
    ) -> ProgressBar {
        self.finish();
        let target = match self.visible {
            true => ProgressDrawTarget::stderr(),
            false => ProgressDrawTarget::hidden(),
        };
        let bar = ProgressBar::with_draw_target(length, target)
            .with_style(style)
            .with_prefix(prefix.to_string())
            .with_message(message.to_string())
            .with_elapsed(self.started.elapsed());
        if self.visible {
            bar.enable_steady_tick(TICK);
        }
        self.bar = Some(bar.clone());
        bar
    }
}

impl Drop for Progress {
    /// An early return (an error) clears the line too, before the error is printed.
    fn drop(&mut self) {
        self.finish();
    }
}

impl Dates {
    /// Counts one more date done, `label` (the date) shown beside the bar.
    pub fn advance(&self, label: &str) {
        if self.counted {
            self.bar.inc(1);
            self.bar.set_message(label.to_string());
        }
    }

    /// Runs `print` with the bar cleared, and draws it again afterwards: for a message that must
    /// not be drawn over.
    pub fn suspend<R>(&self, print: impl FnOnce() -> R) -> R {
        self.bar.suspend(print)
    }
}

/// A step: `⠋ loading data (3s)`. The message is cut to the terminal's width (a long path), so
/// that the line never wraps.
const SPINNER: &str = "{spinner} {wide_msg} ({elapsed})";

/// Dates: `⠋ materializing [====>     ] 12/52 2026-03-22 (41s, ETA 2m)`, the label cut alike.
const BAR: &str = "{spinner} {prefix} [{bar:20}] {pos}/{len} {wide_msg} ({elapsed}, ETA {eta})";

fn spinner_style() -> ProgressStyle {
    // `with_template` fails only on an unknown key or a malformed brace, which the test below
    // rules out for these constants; indicatif's default is the fallback all the same.
    ProgressStyle::with_template(SPINNER).unwrap_or_else(|_| ProgressStyle::default_spinner())
}

fn bar_style() -> ProgressStyle {
    ProgressStyle::with_template(BAR)
        .map(|style| style.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_templates_are_valid() {
        assert!(ProgressStyle::with_template(SPINNER).is_ok());
        assert!(ProgressStyle::with_template(BAR).is_ok());
    }

    #[test]
    fn a_single_date_is_a_step_and_several_are_counted() {
        let mut progress = Progress {
            visible: false,
            started: Instant::now(),
            bar: None,
        };
        let one = progress.dates(1, "materializing");
        one.advance("2026-11-22");
        assert_eq!(one.bar.length(), None);
        let many = progress.dates(3, "materializing");
        many.advance("2026-11-20");
        many.advance("2026-11-21");
        assert_eq!((many.bar.position(), many.bar.length()), (2, Some(3)));
        assert_eq!(many.bar.message(), "2026-11-21");
        progress.finish();
        assert!(progress.bar.is_none());
    }
}
