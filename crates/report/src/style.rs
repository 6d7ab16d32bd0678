//! Terminal colour shared by the human-readable renderers (report, alerts, rule catalogue).

use anstyle::{AnsiColor, Color, Style};
use cloudward_model::Severity;

/// `text` in `style` when `color` is on (an empty text stays empty, without escapes).
pub(crate) fn paint(color: bool, style: Style, text: &str) -> String {
    if color && !text.is_empty() {
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_owned()
    }
}

/// The colour of a severity name.
pub(crate) fn severity_style(s: Severity) -> Style {
    match s {
        Severity::Critical => Style::new()
            .bold()
            .fg_color(Some(Color::Ansi(AnsiColor::Magenta))),
        Severity::High => Style::new()
            .bold()
            .fg_color(Some(Color::Ansi(AnsiColor::Red))),
        Severity::Medium => Style::new().fg_color(Some(Color::Ansi(AnsiColor::Yellow))),
        Severity::Low => Style::new().fg_color(Some(Color::Ansi(AnsiColor::Cyan))),
        Severity::Info => Style::new().dimmed(),
    }
}
