//! Progress bars for the long stages: drawn only when stdout is a terminal, silent otherwise
//! (pipes, files, tests).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// Makes progress bars, or hidden ones when stdout is not a terminal.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    visible: bool,
}

impl Progress {
    /// Visible when stdout is a terminal.
    pub fn for_stdout() -> Self {
        Progress {
            visible: std::io::stdout().is_terminal(),
        }
    }

    /// Never visible.
    pub fn hidden() -> Self {
        Progress { visible: false }
    }

    /// A bar of `len` steps labelled `label`.
    pub fn bar(&self, label: &'static str, len: usize) -> Bar {
        if !self.visible {
            return Bar(ProgressBar::hidden());
        }
        let bar = ProgressBar::new(u64::try_from(len).unwrap_or(u64::MAX));
        if let Ok(style) = ProgressStyle::with_template("{msg:24} [{bar:40}] {pos}/{len} {elapsed}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(label);
        Bar(bar)
    }
}

/// One progress bar.
#[derive(Debug)]
pub struct Bar(ProgressBar);

impl Bar {
    /// Advances by `n` steps.
    pub fn inc(&self, n: usize) {
        self.0.inc(u64::try_from(n).unwrap_or(u64::MAX));
    }

    /// Ends the bar, leaving it on screen.
    pub fn finish(&self) {
        self.0.finish();
    }
}
