//! `fresh`: a date field is recent enough at the as-of date.
//!
//! ```yaml
//! - fresh: {field: approved_on, max_age: 365d}
//! - fresh: {field: reviewed_on, max_age: params.review_cycle}
//! ```
//!
//! A missing date or a placeholder fails; a value that is not a date is an
//! `error` (the evidence cannot be read as written); a date after the as-of
//! date fails, because the document did not exist as of the audit.

use super::{Ctx, DocResult, Outcome, ParseCtx};
use crate::evidence::Document;
use crate::pack::Selector;
use crate::pack::param::Dur;
use crate::results::Finding;
use crate::time;
use crate::yaml::{Node, Table};

#[derive(Debug, Clone)]
pub struct Fresh {
    pub field: String,
    pub max_age: Dur,
    pub evidence: Option<Selector>,
}

pub const KEYS: &[&str] = &["field", "max_age", "evidence"];

impl Fresh {
    pub fn parse(node: &Node, ctx: &mut ParseCtx) -> Option<Fresh> {
        let mut t = Table::new(node, ctx.file, "fresh check", ctx.diags)?;
        let field = t.required_str("field", ctx.diags);
        let max_age = t.required("max_age", ctx.diags).and_then(|n| ctx.dur(n, "max_age"));
        let evidence = t.get("evidence").and_then(|e| ctx.selector(e));
        t.finish(ctx.diags, KEYS);
        Some(Fresh {
            field: field?.value,
            max_age: max_age?,
            evidence,
        })
    }

    pub fn eval(&self, ctx: &Ctx) -> Outcome {
        super::per_document(ctx, self.evidence.as_ref(), |doc| self.check_doc(doc, ctx))
    }

    fn check_doc(&self, doc: &Document, ctx: &Ctx) -> DocResult {
        let name = &self.field;
        let (max_age, max_text) = self.max_age.resolve(ctx.params);
        let Some(field) = doc.fields.get(name.as_str()) else {
            return DocResult::from(vec![
                Finding::fail(format!("no `{name}` date")).at(&doc.path, Some(doc.meta_line)),
            ]);
        };
        let text = field.text();
        let (file, line) = field.place(doc);
        let at = |f: Finding| f.at(file, line);
        if field.placeholder {
            return DocResult::from(vec![at(Finding::fail(format!(
                "`{name}` holds a placeholder (`{text}`), not a date"
            )))]);
        }
        let Some(date) = time::parse_date(&text) else {
            let tried: Vec<&str> = std::iter::once("%Y-%m-%d")
                .chain(ctx.index.date_formats.iter().map(String::as_str))
                .collect();
            return DocResult::from(vec![at(Finding::error(format!(
                "`{name}` is `{text}`, which is not a date in any format tried ({}); write it as YYYY-MM-DD, or name its format in the profile's `date_formats:`",
                tried.join(", ")
            )))]);
        };
        if date > ctx.as_of {
            return DocResult::from(vec![at(Finding::fail(format!(
                "`{name}` {date} is after the as-of date {}",
                ctx.as_of
            )))]);
        }
        let age = time::days_between(date, ctx.as_of);
        let expires = time::add(date, max_age);
        let at = |mut f: Finding| {
            f.expires = Some(expires.to_string());
            at(f)
        };
        if expires < ctx.as_of {
            return DocResult::from(vec![at(Finding::fail(format!(
                "`{name}` {date} is {age} days old, older than {max_text}"
            )))]);
        }
        DocResult::pass(at(Finding::pass(format!(
            "`{name}` {date} is {age} days old (max {max_text})"
        ))))
    }

    pub fn describe(&self) -> String {
        let age = match &self.max_age {
            Dur::Lit(t) => t.clone(),
            Dur::Param(p) => format!("params.{p}"),
        };
        format!("`{}` is no older than {age}", self.field)
    }
}
