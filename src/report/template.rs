//! The Markdown and HTML gap reports: minijinja templates over the view
//! model. The templates ship inside the binary; `--templates-dir` puts a
//! house style in their place. Undefined values are errors, so a misspelled
//! field fails the tests instead of rendering empty.

use std::borrow::Cow;
use std::path::Path;

use anyhow::{Context as _, bail};
use minijinja::{AutoEscape, Environment, ErrorKind, Output, State, UndefinedBehavior, Value, escape_formatter};

use super::view;
use crate::results::Results;
use crate::text;

pub const MARKDOWN: &str = "report.md.j2";
pub const HTML: &str = "report.html.j2";
pub const TREND: &str = "trend.html.j2";
/// The house style, included by the HTML templates.
const STYLE: &str = "_style.css.j2";

const BUILT_IN: &[(&str, &str)] = &[
    (MARKDOWN, include_str!("../../templates/report.md.j2")),
    (HTML, include_str!("../../templates/report.html.j2")),
    (TREND, include_str!("../../templates/trend.html.j2")),
    (STYLE, include_str!("../../templates/_style.css.j2")),
];

/// The view model as template context: built once, shared by every template
/// rendered in a run.
pub fn context(results: &Results) -> Value {
    Value::from(minijinja::value::Serde(view::build(results)))
}

/// A template's budget, so that a `--templates-dir` template that loops
/// without end or builds huge values ends with an error in seconds and
/// bounded memory. Fuel is about one unit per instruction and per 64 bytes a
/// template creates, so it bounds time and memory alike (here about 640 MB);
/// the built-in templates spend some 0.2 to 0.4 units per byte of report
/// (150 000 for the example's HTML report), so this allows reports of
/// tens of megabytes.
const FUEL: u64 = 10_000_000;

/// The largest report, or value in one, a template may write.
const MAX_OUTPUT: usize = 64 << 20;

/// The auto-escape mode of Markdown templates, handled by [`format`].
const MARKDOWN_ESCAPE: &str = "markdown";

/// Renders template `name` (one of [`MARKDOWN`], [`HTML`]) over the context,
/// taking it from `dir` when that folder has a file of that name. One there
/// that cannot be read is an error, never a quiet fall back to the built-in.
pub fn render(context: &Value, name: &str, dir: Option<&Path>) -> anyhow::Result<String> {
    let path = dir.map(|d| d.join(name));
    let (label, source) = match path.as_deref().map(|p| (p, read_custom(p))) {
        Some((path, Ok(Some(source)))) => (path.display().to_string(), source),
        Some((path, Err(why))) => bail!(
            "cannot read the template `{}`: {why}; make it a readable UTF-8 file, or remove it to use the built-in template",
            path.display()
        ),
        _ => (name.to_string(), built_in(name).to_string()),
    };
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .build()?,
    );
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html.j2") {
            AutoEscape::Html
        } else {
            AutoEscape::Custom(MARKDOWN_ESCAPE.into())
        }
    });
    env.set_formatter(format);
    env.add_filter("code", code);
    env.add_filter("spans", spans);
    env.add_template_owned(name.to_string(), source)
        .with_context(|| format!("the template `{label}` does not parse"))?;
    if name != STYLE {
        let style = dir
            .map(|d| read_custom(&d.join(STYLE)))
            .transpose()
            .map_err(|why| anyhow::anyhow!("cannot read the template `{STYLE}`: {why}"))?
            .flatten()
            .unwrap_or_else(|| built_in(STYLE).to_string());
        env.add_template_owned(STYLE, style)?;
    }
    let mut out = Capped::default();
    match env.get_template(name)?.render_captured_to(context, &mut out) {
        Ok(_) => Ok(String::from_utf8(out.bytes)?),
        Err(e) if e.kind() == ErrorKind::OutOfFuel => bail!(
            "cannot render the template `{label}`: it went over its fuel budget ({FUEL} units, about one \
             per step and per 64 bytes it builds), as a loop without end or a huge value does"
        ),
        Err(_) if out.over => bail!("cannot render the template `{label}`: {}", over_size()),
        Err(e) => Err(anyhow::Error::new(e).context(format!("cannot render the template `{label}`"))),
    }
}

fn built_in(name: &str) -> &'static str {
    BUILT_IN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| *s)
        .expect("a built-in template's name")
}

/// A `--templates-dir` template: `None` when there is none. Only a regular
/// file is opened, so a FIFO of that name cannot hang the run.
fn read_custom(path: &Path) -> Result<Option<String>, String> {
    let reason = |e: std::io::Error| crate::diag::io_reason(&e);
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => std::fs::read_to_string(path).map(Some).map_err(reason),
        Ok(_) => Err("not a regular file".into()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(reason(e)),
    }
}

/// The report as it is written, refused past [`MAX_OUTPUT`].
#[derive(Default)]
struct Capped {
    bytes: Vec<u8>,
    over: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT {
            self.over = true;
            return Err(std::io::Error::other(over_size()));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes a value into a report: sanitized (see [`text`]), then escaped for
/// the template's format, so evidence text never becomes markup whichever
/// template prints it. What a template marks safe is written as it is.
fn format(out: &mut Output, state: &mut State, value: &Value) -> Result<(), minijinja::Error> {
    let s = match value.as_str() {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(value.to_string()),
    };
    // Refused before it is escaped, which would copy it.
    if s.len() > MAX_OUTPUT {
        return Err(minijinja::Error::new(ErrorKind::InvalidOperation, over_size()));
    }
    if value.is_safe() || value.is_number() {
        return out.write_str(&s).map_err(Into::into);
    }
    if matches!(state.auto_escape(), AutoEscape::Custom(mode) if mode == MARKDOWN_ESCAPE) {
        return out.write_str(&markdown(&s)).map_err(Into::into);
    }
    escape_formatter(out, state, &Value::from(text::sanitize(&s).as_ref()))
}

fn over_size() -> String {
    format!("the report went over its size budget of {} MiB", MAX_OUTPUT >> 20)
}

/// Text as Markdown that renders as the same text: the characters that
/// would open a link, an image, emphasis, strikethrough, raw HTML or a
/// table cell are escaped, as is a block marker at the start (a value may
/// start a line), and newlines become spaces (a value may be a table cell).
/// Code spans are kept — evident's own messages quote names and values in
/// them, and nothing inside one is markup — with their pipes escaped.
/// Characters that only form markup beside others (`!`, `(`, `#` past the
/// start, `_` inside a word) are left alone, so prose stays readable.
pub(crate) fn markdown(s: &str) -> Cow<'_, str> {
    let s = text::sanitize(s);
    if !s.contains(['\\', '`', '*', '_', '[', ']', '|', '~', '<', '\n', '\r']) && block_marker(&s).is_none() {
        return s;
    }
    let mut out = String::with_capacity(s.len() + 8);
    let marker = block_marker(&s);
    let mut prev = None;
    let mut rest: &str = &s;
    while let Some(c) = rest.chars().next() {
        let at = s.len() - rest.len();
        if c == '`' {
            let run = rest.len() - rest.trim_start_matches('`').len();
            match closing(&rest[run..], run) {
                Some(end) => {
                    out.push_str(&rest[..run]);
                    out.push_str(&rest[run..run + end].replace(['\n', '\r'], " ").replace('|', "\\|"));
                    out.push_str(&rest[..run]);
                    rest = &rest[run + end + run..];
                }
                None => {
                    out.push_str(&"\\`".repeat(run));
                    rest = &rest[run..];
                }
            }
            prev = Some('`');
            continue;
        }
        rest = &rest[c.len_utf8()..];
        let intraword = || prev.is_some_and(char::is_alphanumeric) && rest.starts_with(char::is_alphanumeric);
        match c {
            '\\' | '*' | '[' | ']' | '|' | '~' => out.extend(['\\', c]),
            '_' if !intraword() => out.push_str("\\_"),
            '<' => out.push_str("&lt;"),
            '\n' | '\r' => out.push(' '),
            _ if marker == Some(at) => out.extend(['\\', c]),
            _ => out.push(c),
        }
        prev = Some(c);
    }
    Cow::Owned(out)
}

/// Where the backtick run of length `n` that closes a code span starts in `s`.
fn closing(s: &str, n: usize) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find('`') {
        let start = from + i;
        let len = s[start..].len() - s[start..].trim_start_matches('`').len();
        if len == n {
            return Some(start);
        }
        from = start + len;
    }
    None
}

/// The byte to escape when `s`, starting a line, would open a heading, a
/// quote, a list item, a thematic break or a setext underline.
fn block_marker(s: &str) -> Option<usize> {
    let start = s.len() - s.trim_start_matches(' ').len();
    let t = &s[start..];
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let mut chars = t[digits..].chars();
    let c = chars.next()?;
    let ends = chars.next().is_none_or(|a| a == ' ' || a == '\t');
    let hit = match c {
        '#' | '>' => digits == 0,
        '-' | '+' | '=' => digits == 0 && (ends || t.trim_end().chars().all(|x| x == c)),
        '.' | ')' => digits > 0 && ends,
        _ => false,
    };
    hit.then_some(start + digits)
}

/// `{{ value | code }}`: the value as a Markdown code span, whatever
/// backticks it holds (a fence longer than any run inside).
fn code(value: &str) -> Value {
    let s = text::sanitize(value).replace(['\n', '\r'], " ").replace('|', "\\|");
    if s.is_empty() {
        return Value::from_safe_string(s);
    }
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    Value::from_safe_string(format!("{fence}{pad}{s}{pad}{fence}"))
}

/// HTML text whose `code spans` show as code, as they read in Markdown:
/// everything escaped first, then each pair of backticks becomes
/// `<code>`; an unpaired backtick stays a backtick.
fn spans(value: &str) -> Value {
    let escaped = minijinja::HtmlEscape(&text::sanitize(value)).to_string();
    let parts: Vec<&str> = escaped.split('`').collect();
    let mut out = String::with_capacity(escaped.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        let paired = i % 2 == 1 && i + 1 < parts.len();
        let unpaired_tick = i % 2 == 1 && i + 1 == parts.len();
        if paired {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        } else {
            if unpaired_tick {
                out.push('`');
            }
            out.push_str(part);
        }
    }
    Value::from_safe_string(out)
}

#[cfg(test)]
mod tests {
    use super::{code, markdown, spans};

    #[test]
    fn html_code_spans_after_escaping() {
        assert_eq!(
            spans("`approved_on` <b>is</b> old, `x").to_string(),
            "<code>approved_on</code> &lt;b&gt;is&lt;&#x2f;b&gt; old, `x"
        );
    }

    #[test]
    fn markdown_text_is_inert_and_readable() {
        for (input, want) in [
            (
                "ISO 9001:2015, e.g. a_b (see 4.1)!",
                "ISO 9001:2015, e.g. a_b (see 4.1)!",
            ),
            ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
            ("![t](http://t/p.png)", "!\\[t\\](http://t/p.png)"),
            (
                "**b** _i_ ~~s~~ a|b <img>",
                "\\*\\*b\\*\\* \\_i\\_ \\~\\~s\\~\\~ a\\|b &lt;img>",
            ),
            ("`approved_on` is `a|b`", "`approved_on` is `a\\|b`"),
            ("a ` b `` c", "a \\` b \\`\\` c"),
            ("C:\\x\\[y]", "C:\\\\x\\\\\\[y\\]"),
            ("# h", "\\# h"),
            ("> q", "\\> q"),
            ("- item", "\\- item"),
            ("---", "\\---"),
            ("1. one", "1\\. one"),
            ("-5 and 1.5", "-5 and 1.5"),
            ("line\nbreak", "line break"),
        ] {
            assert_eq!(markdown(input), want, "{input:?}");
        }
    }

    #[test]
    fn code_spans_hold_any_backticks() {
        assert_eq!(code("a_b*c").as_str(), Some("`a_b*c`"));
        assert_eq!(code("a`b").as_str(), Some("``a`b``"));
        assert_eq!(code("`a|b").as_str(), Some("`` `a\\|b ``"));
    }
}
