//! `fields`: a document's metadata fields are present, filled in and valid.
//!
//! ```yaml
//! - fields: [owner, approved_by]             # shorthand for `required`
//! - fields:
//!     required: [owner, approved_by, approved_on]
//!     types: {approved_on: date, version: number}
//!     equals: {status: approved}
//!     one_of: {classification: [internal, confidential]}
//!     pattern: {doc_id: "^QP-[0-9]{3}$"}
//!     at_least: {questions: params.min_questions}
//!     at_most: {open_actions: 0}
//! ```
//!
//! With no `required` list, the fields that the document's kind declares are
//! required. A field holding a placeholder (`TBD`, `YYYY-MM-DD`, `[Name]`,
//! empty) counts as missing. Every document the rule selects must pass
//! (or one, with `match: any`).

use std::collections::BTreeMap;

use super::{Ctx, DocResult, Outcome, ParseCtx};
use crate::diag::{Code, Diagnostic};
use crate::evidence::Document;
use crate::pack::{Kind, Num, Selector};
use crate::results::Finding;
use crate::yaml::{self, Node, Table, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Date,
    Number,
    String,
    Bool,
    List,
}

impl FieldType {
    pub const NAMES: &'static [&'static str] = &["date", "number", "string", "bool", "list"];
    fn parse(s: &str) -> Option<FieldType> {
        Some(match s {
            "date" => FieldType::Date,
            "number" => FieldType::Number,
            "string" => FieldType::String,
            "bool" => FieldType::Bool,
            "list" => FieldType::List,
            _ => return None,
        })
    }
    fn accepts(self, v: &serde_json::Value) -> bool {
        use serde_json::Value as J;
        match self {
            FieldType::Date => v.as_str().and_then(crate::time::parse_date).is_some(),
            FieldType::Number => v.is_number() || v.as_str().is_some_and(|s| s.trim().parse::<f64>().is_ok()),
            FieldType::String => v.is_string(),
            FieldType::Bool => matches!(v, J::Bool(_)),
            FieldType::List => v.is_array(),
        }
    }
    fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

#[derive(Debug, Clone, Default)]
pub struct Fields {
    /// `None`: the fields the document's kind declares.
    pub required: Option<Vec<String>>,
    pub types: BTreeMap<String, FieldType>,
    pub equals: BTreeMap<String, String>,
    pub one_of: BTreeMap<String, Vec<String>>,
    pub pattern: BTreeMap<String, (String, regex::Regex)>,
    /// Numeric bounds, inclusive: `(at_least, at_most)`.
    pub bounds: BTreeMap<String, (Option<Num>, Option<Num>)>,
    pub evidence: Option<Selector>,
}

pub const KEYS: &[&str] = &[
    "required", "types", "equals", "one_of", "pattern", "at_least", "at_most", "evidence",
];

impl Fields {
    pub fn parse(node: &Node, ctx: &mut ParseCtx) -> Option<Fields> {
        let mut f = Fields::default();
        if let Value::Seq(_) = node.value {
            f.required = yaml::str_list(node, ctx.file, "fields", ctx.diags).map(names);
            if f.required.as_ref().is_some_and(Vec::is_empty) {
                ctx.diags.push(super::headings::empty_list(ctx.file, node, "fields"));
                return None;
            }
            return Some(f);
        }
        if let Value::Null = node.value {
            return Some(f);
        }
        let mut t = Table::new(node, ctx.file, "fields check", ctx.diags)?;
        f.required = t.str_list("required", ctx.diags).map(names);
        if f.required.as_ref().is_some_and(Vec::is_empty) {
            ctx.diags.push(super::headings::empty_list(ctx.file, node, "fields"));
        }
        for (field, ty) in map_of(t.get("types"), ctx, "types") {
            match FieldType::parse(&ty.value) {
                Some(ft) => {
                    f.types.insert(field, ft);
                }
                None => ctx.diags.push(
                    Diagnostic::error(Code::InvalidValue, format!("unknown field type `{}`", ty.value))
                        .at(ctx.file, ty.span)
                        .note(format!("expected one of: {}", FieldType::NAMES.join(", "))),
                ),
            }
        }
        for (field, v) in map_of(t.get("equals"), ctx, "equals") {
            f.equals.insert(field, v.value);
        }
        if let Some(n) = t.get("one_of") {
            if let Value::Map(entries) = &n.value {
                for (k, v) in entries {
                    let (Some(k), Some(vs)) = (
                        yaml::expect_str(k, ctx.file, "field", ctx.diags),
                        yaml::str_list(v, ctx.file, "one_of", ctx.diags),
                    ) else {
                        continue;
                    };
                    f.one_of.insert(k.value, names(vs));
                }
            } else {
                ctx.diags.push(yaml::wrong_type(
                    ctx.file,
                    n,
                    "one_of",
                    "a mapping of field: [values]",
                    &n.value,
                ));
            }
        }
        if let Some(n) = t.get("pattern") {
            if let Value::Map(entries) = &n.value {
                for (k, v) in entries {
                    let Some(k) = yaml::expect_str(k, ctx.file, "field", ctx.diags) else {
                        continue;
                    };
                    if let Some(p) = ctx.regex(v, "pattern")
                        && let Ok(re) = super::compile_regex(&p)
                    {
                        f.pattern.insert(k.value, (p, re));
                    }
                }
            } else {
                ctx.diags.push(yaml::wrong_type(
                    ctx.file,
                    n,
                    "pattern",
                    "a mapping of field: regex",
                    &n.value,
                ));
            }
        }
        for (key, upper) in [("at_least", false), ("at_most", true)] {
            let Some(n) = t.get(key) else { continue };
            let Value::Map(entries) = &n.value else {
                ctx.diags.push(yaml::wrong_type(
                    ctx.file,
                    n,
                    key,
                    "a mapping of field: number",
                    &n.value,
                ));
                continue;
            };
            for (k, v) in entries {
                let (Some(k), Some(bound)) = (yaml::expect_str(k, ctx.file, "field", ctx.diags), ctx.num(v, key))
                else {
                    continue;
                };
                let slot = f.bounds.entry(k.value).or_default();
                if upper {
                    slot.1 = Some(bound);
                } else {
                    slot.0 = Some(bound);
                }
            }
        }
        if let Some(e) = t.get("evidence") {
            f.evidence = ctx.selector(e);
        }
        t.finish(ctx.diags, KEYS);
        Some(f)
    }

    pub fn eval(&self, ctx: &Ctx) -> Outcome {
        super::per_document(ctx, self.evidence.as_ref(), |doc| self.check_doc(doc, ctx))
    }

    fn check_doc(&self, doc: &Document, ctx: &Ctx) -> DocResult {
        let declared;
        let required: &[String] = match &self.required {
            Some(r) => r,
            None => {
                declared = doc
                    .kind
                    .as_ref()
                    .and_then(|k| ctx.kinds.get(k))
                    .map(|k| match k {
                        Kind::Document(d) => d.fields.clone(),
                        Kind::Records(_) => Vec::new(),
                    })
                    .unwrap_or_default();
                &declared
            }
        };
        let mut findings = Vec::new();
        let mut checked = Vec::new();
        let mut all_names: Vec<&String> = required.iter().collect();
        all_names.extend(self.types.keys());
        all_names.extend(self.equals.keys());
        all_names.extend(self.one_of.keys());
        all_names.extend(self.pattern.keys());
        all_names.extend(self.bounds.keys());
        all_names.sort();
        all_names.dedup();
        for name in all_names {
            let must = required.contains(name);
            let field = doc.fields.get(name.as_str());
            let text = field.map(|f| f.text());
            let (file, line) = field.map_or((doc.path.as_str(), Some(doc.meta_line)), |f| f.place(doc));
            match (field, &text) {
                (None, _) if must => {
                    findings.push(Finding::fail(format!("`{name}` is missing")).at(file, line));
                    continue;
                }
                (None, _) => continue,
                (Some(f), Some(t)) if f.placeholder => {
                    if must {
                        findings.push(
                            Finding::fail(format!("`{name}` holds a placeholder (`{t}`), not a value")).at(file, line),
                        );
                    }
                    continue;
                }
                _ => {}
            }
            let (field, text) = (field.expect("present"), text.unwrap_or_default());
            if let Some(ty) = self.types.get(name)
                && !ty.accepts(&field.value)
            {
                findings.push(Finding::fail(format!("`{name}` is `{text}`, not a {}", ty.name())).at(file, line));
                continue;
            }
            if let Some(want) = self.equals.get(name)
                && text != *want
            {
                findings.push(Finding::fail(format!("`{name}` is `{text}`, expected `{want}`")).at(file, line));
                continue;
            }
            if let Some(allowed) = self.one_of.get(name)
                && !allowed.contains(&text)
            {
                findings.push(
                    Finding::fail(format!("`{name}` is `{text}`, expected one of: {}", allowed.join(", ")))
                        .at(file, line),
                );
                continue;
            }
            if let Some((p, re)) = self.pattern.get(name)
                && !re.is_match(&text)
            {
                findings
                    .push(Finding::fail(format!("`{name}` is `{text}`, which does not match `{p}`")).at(file, line));
                continue;
            }
            if let Some((low, high)) = self.bounds.get(name) {
                let Ok(v) = text.trim().parse::<f64>() else {
                    findings.push(Finding::fail(format!("`{name}` is `{text}`, not a number")).at(file, line));
                    continue;
                };
                let low = low.as_ref().map(|n| n.resolve(ctx.params));
                let high = high.as_ref().map(|n| n.resolve(ctx.params));
                if let Some(l) = low.filter(|l| v < *l) {
                    findings.push(Finding::fail(format!("`{name}` is {v}, under {l}")).at(file, line));
                    continue;
                }
                if let Some(h) = high.filter(|h| v > *h) {
                    findings.push(Finding::fail(format!("`{name}` is {v}, over {h}")).at(file, line));
                    continue;
                }
            }
            checked.push(name.as_str());
        }
        DocResult::unless_short(doc, findings, &checked, "fields")
    }

    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        match &self.required {
            Some(r) if !r.is_empty() => parts.push(format!("fields {} are filled in", r.join(", "))),
            Some(_) => {}
            None => parts.push("the fields its kind declares are filled in".into()),
        }
        parts.extend(self.types.iter().map(|(k, t)| format!("`{k}` is a {}", t.name())));
        parts.extend(self.equals.iter().map(|(k, v)| format!("`{k}` is `{v}`")));
        parts.extend(
            self.one_of
                .iter()
                .map(|(k, v)| format!("`{k}` is one of {}", v.join(", "))),
        );
        parts.extend(self.pattern.iter().map(|(k, (p, _))| format!("`{k}` matches `{p}`")));
        for (k, (low, high)) in &self.bounds {
            match (low, high) {
                (Some(l), Some(h)) => parts.push(format!("`{k}` is between {l} and {h}")),
                (Some(l), None) => parts.push(format!("`{k}` is at least {l}")),
                (None, Some(h)) => parts.push(format!("`{k}` is at most {h}")),
                (None, None) => {}
            }
        }
        parts.join("; ")
    }
}

fn names(list: Vec<yaml::Located<String>>) -> Vec<String> {
    list.into_iter().map(|s| s.value).collect()
}

fn map_of(node: Option<&Node>, ctx: &mut ParseCtx, key: &str) -> Vec<(String, yaml::Located<String>)> {
    let Some(node) = node else { return Vec::new() };
    let Value::Map(entries) = &node.value else {
        ctx.diags.push(yaml::wrong_type(
            ctx.file,
            node,
            key,
            "a mapping of field: value",
            &node.value,
        ));
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|(k, v)| {
            let k = yaml::expect_str(k, ctx.file, "field", ctx.diags)?;
            let v = yaml::expect_str(v, ctx.file, key, ctx.diags)?;
            Some((k.value, v))
        })
        .collect()
}
