//! `document`: enough documents of a kind (or at a path) exist.
//!
//! ```yaml
//! - document: {kind: complaint-procedure, min: 1}
//! ```
//!
//! With no arguments (`- document: {}`) it asks for the rule's own evidence
//! selector. Documents carrying another site's `site:` do not count for a
//! site; documents without `site:` count for every site.

use super::{Ctx, Outcome, ParseCtx, Selection, describe_selector, parse_selector};
use crate::pack::Selector;
use crate::results::{Finding, Status};
use crate::yaml::{Node, Value};

#[derive(Debug, Clone)]
pub struct Document {
    pub selector: Option<Selector>,
}

impl Document {
    pub fn parse(node: &Node, ctx: &mut ParseCtx) -> Option<Document> {
        match &node.value {
            Value::Null => Some(Document { selector: None }),
            Value::Map(e) if e.is_empty() => Some(Document { selector: None }),
            _ => parse_selector(node, ctx).map(|s| Document { selector: Some(s) }),
        }
    }

    /// Existence is decided by the count: once `min` readable documents are
    /// there, unreadable extras are reported but do not undo it.
    pub fn eval(&self, ctx: &Ctx) -> Outcome {
        let sel = self.selector.as_ref().unwrap_or(ctx.selector);
        let selection = Selection::new(ctx, sel);
        if let Some(out) = selection.shortfall(sel) {
            return out;
        }
        let mut findings: Vec<Finding> = selection
            .docs
            .iter()
            .map(|doc| {
                let title = doc.title.as_deref().map(|t| format!(": {t}")).unwrap_or_default();
                let unread = doc
                    .opaque
                    .map(|f| format!(" ({f}: its content was not read, only its presence)"))
                    .unwrap_or_default();
                Finding::pass(format!("found{title}{unread}")).at(&doc.path, None)
            })
            .collect();
        findings.extend(selection.unreadable);
        Outcome::new(Status::Pass, findings)
    }

    pub fn describe(&self) -> String {
        match &self.selector {
            Some(s) => {
                let min = s.min.as_ref().map(ToString::to_string);
                format!(
                    "at least {} {} exist",
                    min.unwrap_or_else(|| "1".into()),
                    describe_selector(s)
                )
            }
            None => "the rule's evidence exists".into(),
        }
    }
}
