//! The Markdown and HTML gap reports: minijinja templates over the view
//! model. The templates ship inside the binary; `--templates-dir` puts a
//! house style in their place. Undefined values are errors, so a misspelled
//! field fails the tests instead of rendering empty.

use std::path::Path;

use anyhow::Context as _;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value, escape_formatter};

use super::view;
use crate::results::Results;

pub const MARKDOWN: &str = "report.md.j2";
pub const HTML: &str = "report.html.j2";

const BUILT_IN: &[(&str, &str)] = &[
    (MARKDOWN, include_str!("../../templates/report.md.j2")),
    (HTML, include_str!("../../templates/report.html.j2")),
];

/// The view model as template context: built once, shared by every template
/// rendered in a run.
pub fn context(results: &Results) -> Value {
    Value::from(minijinja::value::Serde(view::build(results)))
}

/// Renders template `name` (one of [`MARKDOWN`], [`HTML`]) over the context,
/// taking it from `dir` when that folder has a file of that name.
pub fn render(context: &Value, name: &str, dir: Option<&Path>) -> anyhow::Result<String> {
    let source = match dir.map(|d| d.join(name)).filter(|p| p.is_file()) {
        Some(path) => {
            std::fs::read_to_string(&path).with_context(|| format!("cannot read the template `{}`", path.display()))?
        }
        None => BUILT_IN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| (*s).to_string())
            .with_context(|| format!("no template named `{name}`"))?,
    };
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .build()?,
    );
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html.j2") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    if name == MARKDOWN {
        // Evidence text must not break a table row or smuggle in markup.
        env.set_formatter(|out, state, value| match value.as_str() {
            Some(s) if !value.is_safe() && s.contains(['|', '<', '\n', '\r']) => {
                out.write_str(&markdown_escape(s)).map_err(Into::into)
            }
            Some(s) if !value.is_safe() => out.write_str(s).map_err(Into::into),
            _ => escape_formatter(out, state, value),
        });
    }
    env.add_template_owned(name.to_string(), source)
        .with_context(|| format!("the template `{name}` does not parse"))?;
    env.get_template(name)?
        .render(context)
        .with_context(|| format!("cannot render the template `{name}`"))
}

fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
