//! `text`: a document's body contains (or avoids) patterns.
//!
//! ```yaml
//! - text: {matches: ["(?i)complaint", "retention period of \\d+ years"]}
//! - text: {not_matches: ["\\bTODO\\b"]}
//! ```
//!
//! Patterns are regular expressions with linear-time matching; `^` and `$`
//! match at line ends. The body is the document after its front matter.
//! The evidence index looks for every pattern of every loaded rule in its
//! one pass over each file, so a text check only reads the answer.

use super::{Ctx, DocResult, Outcome, ParseCtx};
use crate::evidence::Document;
use crate::pack::Selector;
use crate::results::Finding;
use crate::yaml::{Node, Table, Value};

#[derive(Debug, Clone, Default)]
pub struct Text {
    pub matches: Vec<String>,
    pub not_matches: Vec<String>,
    pub evidence: Option<Selector>,
}

pub const KEYS: &[&str] = &["matches", "not_matches", "evidence"];

impl Text {
    pub fn parse(node: &Node, ctx: &mut ParseCtx) -> Option<Text> {
        let mut t = Table::new(node, ctx.file, "text check", ctx.diags)?;
        let mut out = Text::default();
        let mut written = 0;
        let errors_before = ctx.diags.items.len();
        for (key, list) in [("matches", &mut out.matches), ("not_matches", &mut out.not_matches)] {
            let Some(n) = t.get(key) else { continue };
            written += 1;
            let items: Vec<&Node> = match &n.value {
                Value::Seq(items) => items.iter().collect(),
                _ => vec![n],
            };
            list.extend(items.into_iter().filter_map(|i| ctx.regex(i, key)));
        }
        out.evidence = t.get("evidence").and_then(|e| ctx.selector(e));
        t.finish(ctx.diags, KEYS);
        if written == 0 {
            ctx.diags.push(
                crate::diag::Diagnostic::error(
                    crate::diag::Code::MissingKey,
                    "a text check needs `matches` or `not_matches`",
                )
                .at(ctx.file, node.span),
            );
            return None;
        }
        if out.matches.is_empty() && out.not_matches.is_empty() {
            // A pattern that did not compile was reported where it stands;
            // empty lists are reported here.
            if ctx.diags.items.len() == errors_before {
                ctx.diags.push(
                    crate::diag::Diagnostic::error(
                        crate::diag::Code::InvalidValue,
                        "a text check needs at least one pattern",
                    )
                    .at(ctx.file, node.span),
                );
            }
            return None;
        }
        Some(out)
    }

    pub fn eval(&self, ctx: &Ctx) -> Outcome {
        super::per_document(ctx, self.evidence.as_ref(), |doc| self.check_doc(doc, ctx))
    }

    fn check_doc(&self, doc: &Document, ctx: &Ctx) -> DocResult {
        let mut findings = Vec::new();
        for p in &self.matches {
            match ctx.index.first_match(doc, p) {
                Some(line) => findings.push(Finding::pass(format!("matches `{p}`")).at(&doc.path, Some(line))),
                None => findings.push(Finding::fail(format!("does not mention `{p}`")).at(&doc.path, None)),
            }
        }
        for p in &self.not_matches {
            match ctx.index.first_match(doc, p) {
                Some(line) => findings.push(Finding::fail(format!("contains `{p}`")).at(&doc.path, Some(line))),
                None => findings.push(Finding::pass(format!("free of `{p}`")).at(&doc.path, None)),
            }
        }
        DocResult::from(findings)
    }

    pub fn patterns<'a>(&'a self, out: &mut Vec<&'a str>) {
        out.extend(self.matches.iter().map(String::as_str));
        out.extend(self.not_matches.iter().map(String::as_str));
    }

    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.matches.is_empty() {
            parts.push(format!("the text matches {}", quoted(&self.matches)));
        }
        if !self.not_matches.is_empty() {
            parts.push(format!("the text has none of {}", quoted(&self.not_matches)));
        }
        parts.join("; ")
    }
}

fn quoted(list: &[String]) -> String {
    list.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
}
