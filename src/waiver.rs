//! Waivers: accepted exceptions, read from `waivers.yaml` at the evidence
//! root.
//!
//! ```yaml
//! - rule: acme.training.records
//!   site: south                # optional: absent = every site
//!   reason: New LMS migration; records re-imported by December.
//!   owner: Training lead
//!   approver: Head of Quality
//!   expires: 2026-12-31
//! ```
//!
//! An active waiver turns a `fail` into `waived` (nothing else: an `error`
//! still needs its evidence fixed). An expired one stops applying and is
//! reported as expired; one whose date cannot be read applies to nothing
//! (it fails closed); a pack can mark a rule `waivable: false`.

use jiff::civil::Date;

use crate::diag::{Code, Diagnostic, Diagnostics, FileId, Span};
use crate::time;
use crate::yaml::{self, Node, Table, Value};

/// Where waivers live, relative to the evidence root.
pub const FILE: &str = "waivers.yaml";

#[derive(Debug, Clone)]
pub struct Waiver {
    /// A rule id, or a pattern with `*`.
    pub rule: String,
    pub site: Option<String>,
    pub reason: String,
    pub owner: String,
    pub approver: String,
    pub expires_text: String,
    pub expires: Option<Date>,
    /// Meant to cover more than one section.
    pub broad: bool,
    pub line: u32,
    pub file: FileId,
    pub span: Span,
}

impl Waiver {
    pub fn is_active(&self, as_of: Date) -> bool {
        self.expires.is_some_and(|e| as_of <= e)
    }
    pub fn applies_to(&self, rule: &str, site: Option<&str>) -> bool {
        crate::pack::id_matches(&self.rule, rule) && (self.site.is_none() || self.site.as_deref() == site)
    }
}

pub const KEYS: &[&str] = &["rule", "site", "reason", "owner", "approver", "expires", "broad"];

pub fn parse(node: &Node, file: FileId, diags: &mut Diagnostics) -> Vec<Waiver> {
    let items = match &node.value {
        Value::Seq(items) => items.as_slice(),
        Value::Null => &[],
        other => {
            diags.push(yaml::wrong_type(file, node, "waivers", "a list of waivers", other));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for item in items {
        let Some(mut t) = Table::new(item, file, "waiver", diags) else {
            continue;
        };
        let rule = t.required_str("rule", diags);
        let site = t.str("site", diags).map(|s| s.value);
        let reason = t.required_str("reason", diags);
        let owner = t.required_str("owner", diags);
        let approver = t.required_str("approver", diags);
        let expires = t.required_str("expires", diags);
        let broad = t.bool("broad", diags).unwrap_or(false);
        t.finish(diags, KEYS);
        let (Some(rule), Some(reason), Some(owner), Some(approver), Some(expires)) =
            (rule, reason, owner, approver, expires)
        else {
            continue;
        };
        let date = time::parse_date(&expires.value);
        if date.is_none() {
            diags.push(
                Diagnostic::warning(
                    Code::InvalidDate,
                    format!("`{}` is not a date; this waiver will not apply", expires.value),
                )
                .at(file, expires.span)
                .note("write the expiry as YYYY-MM-DD"),
            );
        }
        out.push(Waiver {
            rule: rule.value,
            site,
            reason: reason.value,
            owner: owner.value,
            approver: approver.value,
            expires_text: expires.value,
            expires: date,
            broad,
            line: item.span.line,
            file,
            span: rule.span,
        });
    }
    out
}
