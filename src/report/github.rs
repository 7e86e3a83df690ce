//! GitHub Actions workflow annotations: one `::error`/`::warning`/`::notice`
//! command per finding that explains a gap, placed at the file and line
//! (from the repository root) so the run's summary and a pull request's
//! files show it. The levels are SARIF's.

use super::view;
use crate::results::Results;

pub fn render(r: &Results) -> anyhow::Result<String> {
    let prefix = r.repository_path.as_deref().unwrap_or_default();
    let mut out = String::new();
    for f in view::located(r) {
        let level = match super::sarif::level(f.rule) {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        let mut props = format!("file={}", property(&format!("{prefix}{}", f.file)));
        if let Some(line) = f.line {
            props.push_str(&format!(",line={line}"));
        }
        props.push_str(&format!(
            ",title={}",
            property(&format!("{} ({})", f.rule.id, f.rule.severity.name()))
        ));
        out.push_str(&format!("::{level} {props}::{}\n", data(&f.text())));
    }
    Ok(out)
}

/// A command's message: `%`, CR and LF escaped, as the runner reads them.
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A command's property value: the message escapes, and `:` and `,`, which
/// would end it.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_cannot_be_broken_out_of() {
        assert_eq!(data("50% done\n::error::x"), "50%25 done%0A::error::x");
        assert_eq!(property("a,b: c"), "a%2Cb%3A c");
    }
}
