//! Checks: the closed set of tests a rule can make against evidence.
//!
//! Each kind lives in its own file with its semantics documented there, and
//! has the same two entry points: `parse` (from the spanned YAML, validating
//! and compiling everything it can at load time) and `eval` (against the
//! evidence index, with nothing left to validate). A check is written as a
//! one-key mapping naming its kind: `- fields: {required: [owner]}`.
//!
//! Outcomes combine in three-valued logic: a definite `fail` decides an
//! `all`, a definite `pass` decides an `any`, and otherwise an `error` (the
//! evidence could not be read) or `pending` (a person has not judged yet)
//! stays visible instead of turning into a pass.

pub mod attestation;
pub mod compose;
pub mod document;
pub mod fields;
pub mod fresh;
pub mod headings;
pub mod metric;
pub mod register;
pub mod text;

use jiff::civil::Date;

use crate::attestation::Attestations;
use crate::diag::{Code, Diagnostic, Diagnostics, FileId, Span};
use crate::evidence::{Document, Index};
use crate::pack::param::{Dur, Num};
use crate::pack::{Glob, Matching, Params, Selector};
use crate::results::{Finding, Status};
use crate::yaml::{self, Node, Table, Value};

#[derive(Debug, Clone)]
pub enum Check {
    Document(document::Document),
    Fields(fields::Fields),
    Fresh(fresh::Fresh),
    Headings(headings::Headings),
    Text(text::Text),
    Attestation(attestation::Attestation),
    Metric(metric::Metric),
    Register(register::Register),
    All(Vec<Check>),
    Any(Vec<Check>),
    AtLeast(compose::AtLeast),
}

/// Names of the check kinds, as written in packs.
pub const KINDS: &[&str] = &[
    "document",
    "fields",
    "fresh",
    "headings",
    "text",
    "attestation",
    "metric",
    "register",
    "all",
    "any",
    "at_least",
];

impl Check {
    pub fn kind(&self) -> &'static str {
        match self {
            Check::Document(_) => "document",
            Check::Fields(_) => "fields",
            Check::Fresh(_) => "fresh",
            Check::Headings(_) => "headings",
            Check::Text(_) => "text",
            Check::Attestation(_) => "attestation",
            Check::Metric(_) => "metric",
            Check::Register(_) => "register",
            Check::All(_) => "all",
            Check::Any(_) => "any",
            Check::AtLeast(_) => "at_least",
        }
    }

    pub fn eval(&self, ctx: &Ctx) -> Outcome {
        match self {
            Check::Document(c) => c.eval(ctx),
            Check::Fields(c) => c.eval(ctx),
            Check::Fresh(c) => c.eval(ctx),
            Check::Headings(c) => c.eval(ctx),
            Check::Text(c) => c.eval(ctx),
            Check::Attestation(c) => c.eval(ctx),
            Check::Metric(c) => c.eval(ctx),
            Check::Register(c) => c.eval(ctx),
            Check::All(cs) => compose::all(cs, ctx),
            Check::Any(cs) => compose::any(cs, ctx),
            Check::AtLeast(c) => c.eval(ctx),
        }
    }

    /// A one-line description for `explain` and reports.
    pub fn describe(&self) -> String {
        match self {
            Check::Document(c) => c.describe(),
            Check::Fields(c) => c.describe(),
            Check::Fresh(c) => c.describe(),
            Check::Headings(c) => c.describe(),
            Check::Text(c) => c.describe(),
            Check::Attestation(c) => c.describe(),
            Check::Metric(c) => c.describe(),
            Check::Register(c) => c.describe(),
            Check::All(cs) => format!("all of: {}", compose::describe_list(cs)),
            Check::Any(cs) => format!("any of: {}", compose::describe_list(cs)),
            Check::AtLeast(c) => c.describe(),
        }
    }

    /// The metric checks within this check.
    /// Calls `f` on every check that is not a composition.
    pub fn leaves<'a>(&'a self, f: &mut impl FnMut(&'a Check)) {
        match self {
            Check::All(cs) | Check::Any(cs) => cs.iter().for_each(|c| c.leaves(f)),
            Check::AtLeast(c) => c.of.iter().for_each(|c| c.leaves(f)),
            leaf => f(leaf),
        }
    }

    pub fn metrics<'a>(&'a self, out: &mut Vec<&'a metric::Metric>) {
        self.leaves(&mut |c| {
            if let Check::Metric(m) = c {
                out.push(m);
            }
        });
    }

    /// Every text pattern the check needs the evidence index to look for.
    pub fn patterns<'a>(&'a self, out: &mut Vec<&'a str>) {
        self.leaves(&mut |c| {
            if let Check::Text(t) = c {
                t.patterns(out);
            }
        });
    }

    /// The selectors of the checks that judge documents one by one (fields,
    /// fresh, headings, text, register): their own `evidence:`, else the rule's.
    fn document_selectors<'a>(&'a self, rule: &'a Selector) -> Vec<&'a Selector> {
        let mut out = Vec::new();
        self.leaves(&mut |c| {
            let own = match c {
                Check::Fields(x) => &x.evidence,
                Check::Fresh(x) => &x.evidence,
                Check::Headings(x) => &x.evidence,
                Check::Text(x) => &x.evidence,
                Check::Register(x) => &x.evidence,
                _ => return,
            };
            out.push(own.as_ref().unwrap_or(rule));
        });
        out
    }

    /// Whether some headings check of this rule lets an empty section pass.
    pub fn accepts_empty_sections(&self) -> bool {
        let mut found = false;
        self.leaves(&mut |c| found |= matches!(c, Check::Headings(h) if h.accepts_empty()));
        found
    }
}

/// What a check or rule found.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub status: Status,
    pub findings: Vec<Finding>,
    /// What metric checks measured.
    pub tables: Vec<crate::results::MetricTable>,
}

impl Outcome {
    pub fn new(status: Status, findings: Vec<Finding>) -> Self {
        Outcome {
            status,
            findings,
            tables: Vec::new(),
        }
    }
    pub fn with_tables(status: Status, findings: Vec<Finding>, tables: Vec<crate::results::MetricTable>) -> Self {
        Outcome {
            status,
            findings,
            tables,
        }
    }
    /// The findings and tables of several outcomes under one status.
    pub fn combine(status: Status, parts: Vec<Outcome>) -> Self {
        let mut out = Outcome::new(status, Vec::new());
        for p in parts {
            out.findings.extend(p.findings);
            out.tables.extend(p.tables);
        }
        out
    }
}

/// Everything parsing a check needs: where it is, the pack's declarations,
/// and a place to report problems and the kinds it refers to.
pub struct ParseCtx<'a> {
    pub file: FileId,
    pub diags: &'a mut Diagnostics,
    pub params: &'a Params,
    /// Evidence kinds named by checks, validated once the pack is read.
    pub kind_refs: Vec<(String, Span)>,
}

impl ParseCtx<'_> {
    /// A number, or `params.<name>` naming a declared numeric parameter.
    pub fn num(&mut self, node: &Node, key: &str) -> Option<Num> {
        if let Some(name) = node.as_str().and_then(|s| s.strip_prefix("params.")) {
            return self.param(name, node.span, "a number").map(Num::Param);
        }
        yaml::expect_number(node, self.file, key, self.diags).map(Num::Lit)
    }

    /// A whole number of at least `least` (a count: documents, words,
    /// periods), or a numeric parameter whose default is one. Anything
    /// else would make a check vacuous.
    pub fn count(&mut self, node: &Node, key: &str, least: f64) -> Option<Num> {
        let n = self.num(node, key)?;
        let value = match &n {
            Num::Lit(v) => *v,
            Num::Param(p) => match self.params.get(p) {
                Some(crate::pack::ParamValue::Number(v)) => *v,
                _ => return Some(n),
            },
        };
        if value < least || value.fract() != 0.0 {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("`{key}` must be a whole number of at least {least}, found {value}"),
                )
                .at(self.file, node.span),
            );
            return None;
        }
        Some(n)
    }

    /// A duration (`365d`), or `params.<name>` naming a duration parameter.
    pub fn dur(&mut self, node: &Node, key: &str) -> Option<Dur> {
        let text = yaml::expect_str(node, self.file, key, self.diags)?;
        if let Some(name) = text.value.strip_prefix("params.") {
            return self.param(name, node.span, "a duration").map(Dur::Param);
        }
        if crate::time::parse_duration(&text.value).is_none() {
            self.diags.push(
                Diagnostic::error(Code::InvalidDate, format!("`{}` is not a duration", text.value))
                    .at(self.file, node.span)
                    .note("write a duration such as `365d`, `12 months`, `1y` or `P90D`"),
            );
            return None;
        }
        Some(Dur::Lit(text.value))
    }

    fn param(&mut self, name: &str, span: Span, expected: &str) -> Option<String> {
        match self.params.get(name) {
            Some(v) if v.type_name() == expected => Some(name.to_string()),
            Some(v) => {
                self.diags.push(
                    Diagnostic::error(
                        Code::WrongType,
                        format!("parameter `{name}` is {}, but {expected} is needed here", v.type_name()),
                    )
                    .at(self.file, span),
                );
                None
            }
            None => {
                let known: Vec<&str> = self.params.keys().map(String::as_str).collect();
                let mut d = Diagnostic::error(Code::UnknownParam, format!("parameter `{name}` is not declared"))
                    .at(self.file, span)
                    .note("declare it under `params:` with a default value");
                if let Some(c) = yaml::closest(name, &known) {
                    d = d.note(format!("did you mean `params.{c}`?"));
                }
                self.diags.push(d);
                None
            }
        }
    }

    /// A regular expression compiled for text checks: linear time, a size
    /// cap, `^`/`$` matching at line ends.
    pub fn regex(&mut self, node: &Node, key: &str) -> Option<String> {
        let text = yaml::expect_str(node, self.file, key, self.diags)?;
        match compile_regex(&text.value) {
            Ok(_) => Some(text.value),
            Err(e) => {
                self.diags.push(
                    Diagnostic::error(
                        Code::InvalidRegex,
                        format!("invalid regular expression `{}`", text.value),
                    )
                    .at(self.file, node.span)
                    .note(e),
                );
                None
            }
        }
    }

    /// An optional `evidence:` narrowing of the rule's selector.
    pub fn selector(&mut self, node: &Node) -> Option<Selector> {
        parse_selector(node, self)
    }
}

/// A text or field pattern: `^`/`$` at line ends, within the size caps
/// and the load's budget (see [`crate::pack::regexes`]).
pub fn compile_regex(pattern: &str) -> Result<regex::Regex, String> {
    crate::pack::regexes::compile(pattern, true)
}

pub const SELECTOR_KEYS: &[&str] = &["kind", "path", "min", "match", "date", "within", "per"];
pub const MATCHING: &[&str] = &["each", "any", "latest"];

/// Parses `{kind, path, min, match}`.
pub fn parse_selector(node: &Node, ctx: &mut ParseCtx) -> Option<Selector> {
    let mut t = Table::new(node, ctx.file, "evidence selector", ctx.diags)?;
    let mut sel = Selector::default();
    if let Some(kind) = t.str("kind", ctx.diags) {
        ctx.kind_refs.push((kind.value.clone(), kind.span));
        sel.kind = Some(kind.value);
    }
    if let Some(path) = t.str("path", ctx.diags) {
        match Glob::new(&path.value) {
            Ok(g) => sel.path = Some(g),
            Err(e) => ctx.diags.push(
                Diagnostic::error(Code::InvalidGlob, format!("invalid glob `{}`", path.value))
                    .at(ctx.file, path.span)
                    .note(e),
            ),
        }
    }
    if let Some(min) = t.get("min") {
        sel.min = ctx.count(min, "min", 1.0);
    }
    if let Some(m) = t.str("match", ctx.diags) {
        match m.value.as_str() {
            "each" => sel.matching = Matching::Each,
            "any" => sel.matching = Matching::Any,
            "latest" => sel.matching = Matching::Latest,
            _ => ctx.diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("`match` must be `each`, `any` or `latest`, found `{}`", m.value),
                )
                .at(ctx.file, m.span),
            ),
        }
    }
    sel.date = t.str("date", ctx.diags).map(|d| d.value);
    sel.within = t.get("within").and_then(|n| ctx.dur(n, "within"));
    sel.per = t.get("per").and_then(|n| {
        let per = ctx.dur(n, "per")?;
        if let Dur::Lit(text) = &per
            && crate::time::parse_duration(text).is_some_and(|s| s.is_zero())
        {
            ctx.diags.push(
                Diagnostic::error(Code::InvalidValue, "`per` must be a span longer than zero").at(ctx.file, n.span),
            );
            return None;
        }
        Some(per)
    });
    t.finish(ctx.diags, SELECTOR_KEYS);
    if sel.kind.is_none() && sel.path.is_none() {
        ctx.diags.push(
            Diagnostic::error(Code::MissingKey, "an evidence selector needs a `kind` or a `path`")
                .at(ctx.file, node.span),
        );
    }
    Some(sel)
}

/// Parses one check: a one-key mapping naming its kind.
pub fn parse(node: &Node, ctx: &mut ParseCtx) -> Option<Check> {
    let Value::Map(entries) = &node.value else {
        ctx.diags.push(
            Diagnostic::error(
                Code::WrongType,
                format!(
                    "a check must be a mapping like `fields: ...`, found {}",
                    node.value.type_name()
                ),
            )
            .at(ctx.file, node.span)
            .note(format!("check kinds: {}", KINDS.join(", "))),
        );
        return None;
    };
    if entries.len() != 1 {
        ctx.diags.push(
            Diagnostic::error(
                Code::InvalidValue,
                format!("a check names exactly one kind, found {} keys", entries.len()),
            )
            .at(ctx.file, node.span)
            .note("write each check as its own list item: `- fields: ...`"),
        );
        return None;
    }
    let (key, body) = &entries[0];
    let name = yaml::expect_str(key, ctx.file, "check kind", ctx.diags)?;
    match name.value.as_str() {
        "document" => document::Document::parse(body, ctx).map(Check::Document),
        "fields" => fields::Fields::parse(body, ctx).map(Check::Fields),
        "fresh" => fresh::Fresh::parse(body, ctx).map(Check::Fresh),
        "headings" => headings::Headings::parse(body, ctx).map(Check::Headings),
        "text" => text::Text::parse(body, ctx).map(Check::Text),
        "attestation" => attestation::Attestation::parse(body, ctx).map(Check::Attestation),
        "metric" => metric::Metric::parse(body, ctx).map(Check::Metric),
        "register" => register::Register::parse(body, ctx).map(Check::Register),
        "all" => compose::parse_list(body, ctx, "all").map(Check::All),
        "any" => compose::parse_list(body, ctx, "any").map(Check::Any),
        "at_least" => compose::AtLeast::parse(body, ctx).map(Check::AtLeast),
        other => {
            let mut d = Diagnostic::error(Code::UnknownCheck, format!("unknown check kind `{other}`"))
                .at(ctx.file, key.span)
                .label("not a check kind");
            if let Some(c) = yaml::closest(other, KINDS) {
                d = d.note(format!("did you mean `{c}`?"));
            }
            ctx.diags.push(d.note(format!("expected one of: {}", KINDS.join(", "))));
            None
        }
    }
}

/// What a check is evaluated against: one rule, for one site (or the
/// organisation), at one as-of date.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub index: &'a Index,
    pub attestations: &'a Attestations,
    pub as_of: Date,
    /// The audit period: metric buckets must cover it.
    pub period: Option<(Date, Date)>,
    /// The site being evaluated; `None` for the organisation.
    pub site: Option<&'a str>,
    pub params: &'a Params,
    pub rule_id: &'a str,
    pub selector: &'a Selector,
    /// The pack's evidence kinds, for checks that default to a kind's
    /// declared fields or headings.
    pub kinds: &'a std::collections::BTreeMap<String, crate::pack::Kind>,
    /// Aggregates of the run's metric checks, read before rules run.
    pub metrics: Option<&'a crate::metrics::Aggregates>,
    /// The one document that checks selecting like this selector judge
    /// (see [`judge`]).
    pub only: Option<(&'a Selector, &'a Document)>,
    /// The pack's rules, and those the profile excludes (registers list
    /// entries named by rules, and must agree with the exclusions).
    pub rules: &'a [crate::pack::Rule],
    pub excluded: &'a std::collections::BTreeSet<String>,
    /// The profile's names for required headings, per document kind.
    pub headings: &'a std::collections::BTreeMap<String, std::collections::BTreeMap<String, Vec<String>>>,
}

/// Evaluates a rule's check, one document per judgement: under `match: any`
/// a rule whose checks read its documents passes only when one and the same
/// document passes them all. This year's review without the words and a
/// review from three years ago with them are two halves, not evidence.
///
/// Checks judge together when their selectors pick the same documents (the
/// rule's, or equal `evidence:` of their own); the first such group under
/// `match: any` with two checks or more is judged this way.
pub fn judge(check: &Check, ctx: &Ctx) -> Outcome {
    let selectors = check.document_selectors(ctx.selector);
    let group = selectors
        .iter()
        .copied()
        .find(|s| s.matching == Matching::Any && selectors.iter().filter(|o| o.same_documents(s)).count() >= 2);
    let Some(sel) = group else {
        return check.eval(ctx);
    };
    let selection = Selection::new(ctx, sel);
    if let Some(out) = selection.shortfall(sel) {
        return out;
    }
    let mut statuses: Vec<Status> = selection.unreadable.iter().map(|_| Status::Error).collect();
    let mut findings = Vec::new();
    let mut tables = Vec::new();
    for doc in &selection.docs {
        let out = check.eval(&Ctx {
            only: Some((sel, doc)),
            ..*ctx
        });
        if out.status == Status::Pass {
            let mut judged = vec![
                Finding::pass(format!("{} passes every check of the rule on its own", doc.path)).at(&doc.path, None),
            ];
            judged.extend(out.findings);
            return Outcome::with_tables(Status::Pass, judged, out.tables);
        }
        statuses.push(out.status);
        findings.extend(out.findings);
        tables = out.tables;
    }
    let status = compose::or(statuses.into_iter());
    let mut all = vec![Finding::new(
        status,
        format!(
            "no single one of the {} {} passes every check of the rule",
            selection.docs.len(),
            describe_selector(sel)
        ),
    )];
    all.extend(selection.unreadable);
    all.extend(selection.templates);
    all.extend(findings);
    Outcome::with_tables(status, all, tables)
}

/// The result of a check on one document.
pub struct DocResult {
    pub status: Status,
    pub findings: Vec<Finding>,
}

impl DocResult {
    pub fn pass(f: Finding) -> Self {
        DocResult {
            status: Status::Pass,
            findings: vec![f],
        }
    }
    pub fn from(findings: Vec<Finding>) -> Self {
        DocResult {
            status: compose::and(findings.iter().map(|f| f.status)),
            findings,
        }
    }
    /// The shortfalls if there are any, else a pass saying what the
    /// document has (`what` when nothing was asked of it).
    pub fn unless_short(doc: &Document, findings: Vec<Finding>, has: &[&str], what: &str) -> Self {
        if !findings.is_empty() {
            return DocResult::from(findings);
        }
        let msg = if has.is_empty() {
            format!("no {what} required")
        } else {
            format!("has {}", has.join(", "))
        };
        DocResult::pass(Finding::pass(msg).at(&doc.path, None))
    }
}

/// The documents a selector picks for the site being evaluated.
pub struct Selection<'a> {
    pub docs: Vec<&'a Document>,
    /// `error` findings for selected documents that could not be read.
    pub unreadable: Vec<Finding>,
    /// `fail` findings for selected documents that are unfilled templates.
    pub templates: Vec<Finding>,
    pub min: usize,
    /// What `within` left out and which document `match: latest` judged.
    pub notes: Vec<Finding>,
    /// With `per`: each span of the period short of `min` documents.
    pub short_spans: Vec<Finding>,
}

/// The newest document by a date field, with the date. Documents whose
/// field is missing or not a date sort as oldest: the document in force
/// has its date.
fn latest<'d>(docs: &[&'d Document], field: &str) -> Option<(&'d Document, String)> {
    docs.iter()
        .filter_map(|d| {
            let f = d.fields.get(field).filter(|f| !f.placeholder)?;
            let date = crate::time::parse_date(&f.text())?;
            Some((date, *d))
        })
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.path.cmp(&a.1.path)))
        .map(|(date, d)| (d, date.to_string()))
}

impl<'a> Selection<'a> {
    pub fn new(ctx: &Ctx<'a>, sel: &Selector) -> Self {
        let (mut docs, unreadable) = ctx.index.select(sel, ctx.site);
        if let Some((_, only)) = ctx.only.filter(|(s, _)| s.same_documents(sel)) {
            docs.retain(|d| std::ptr::eq(*d, only));
            return Selection {
                docs,
                unreadable: Vec::new(),
                templates: Vec::new(),
                min: 1,
                notes: Vec::new(),
                short_spans: Vec::new(),
            };
        }
        let unreadable = unreadable
            .iter()
            .map(|d| {
                let problem = d.problem.as_deref().unwrap_or("unknown problem");
                let msg = if d.kind.is_none() {
                    format!(
                        "could not read: {problem}; its kind is unknown, so it may be evidence for this rule (fix or remove it)"
                    )
                } else {
                    format!("could not read: {problem}")
                };
                Finding::error(msg).at(&d.path, None)
            })
            .collect();
        // An unfilled template is never evidence: it is set aside, and said.
        let (templates, mut docs): (Vec<&Document>, Vec<&Document>) =
            docs.into_iter().partition(|d| d.template.is_some());
        let templates = templates
            .iter()
            .map(|d| {
                Finding::fail(format!(
                    "an unfilled template ({}); it does not count as evidence",
                    d.template.as_deref().unwrap_or_default()
                ))
                .at(&d.path, Some(d.meta_line))
            })
            .collect();
        let min = sel.min.as_ref().map_or(1.0, |m| m.resolve(ctx.params)).max(1.0) as usize;
        let mut notes = Vec::new();
        if let Some(within) = &sel.within {
            // Counting over time: documents dated outside the window (or not
            // dated at all) are history, not evidence of the current cycle.
            let (span, text) = within.resolve(ctx.params);
            let from = crate::time::add(ctx.as_of, span.negate());
            let before = docs.len();
            docs.retain(|d| {
                d.fields
                    .get(sel.date_field())
                    .filter(|f| !f.placeholder)
                    .and_then(|f| crate::time::parse_date(&f.text()))
                    .is_some_and(|date| date >= from && date <= ctx.as_of)
            });
            if docs.len() < before {
                notes.push(Finding::pass(format!(
                    "{} document(s) not dated ({}) within {text} before {} left out",
                    before - docs.len(),
                    sel.date_field(),
                    ctx.as_of
                )));
            }
        }
        let short_spans = sel
            .per
            .as_ref()
            .map_or_else(Vec::new, |per| per_span(ctx, sel, &docs, per, min, &mut notes));
        if sel.matching == Matching::Latest
            && let Some((newest, date)) = latest(&docs, sel.date_field())
        {
            notes.push(
                Finding::pass(format!(
                    "judged the newest document, {} ({} {date}); older ones are history",
                    newest.path,
                    sel.date_field()
                ))
                .at(&newest.path, None),
            );
            docs = vec![newest];
        }
        Selection {
            docs,
            unreadable,
            templates,
            min,
            notes,
            short_spans,
        }
    }

    /// When fewer than `min` readable documents are found: `fail`, or
    /// `error` if some documents could not be read (the missing one may be
    /// among them).
    pub fn shortfall(&self, sel: &Selector) -> Option<Outcome> {
        let short = if sel.per.is_some() {
            !self.short_spans.is_empty()
        } else {
            self.docs.len() < self.min
        };
        if !short {
            return None;
        }
        let mut findings = self.unreadable.clone();
        findings.extend(self.templates.iter().cloned());
        let mut msgs: Vec<String> = self.short_spans.iter().map(|f| f.message.clone()).collect();
        if sel.per.is_none() {
            msgs.push(format!(
                "found {} {}, at least {} needed",
                self.docs.len(),
                describe_selector(sel),
                self.min
            ));
        }
        let status = if !self.unreadable.is_empty() {
            Status::Error
        } else {
            Status::Fail
        };
        findings.extend(msgs.into_iter().map(|m| Finding::new(status, m)));
        Some(Outcome::new(status, findings))
    }
}

/// Counting per span (`per:`): the audit period (without one, the year
/// before the as-of date) cut into spans from its start, the last one at
/// its end. Each span that has ended by the as-of date must hold `min`
/// documents dated in it; a span still running is not judged yet, and a
/// note says so.
fn per_span(
    ctx: &Ctx,
    sel: &Selector,
    docs: &[&Document],
    per: &Dur,
    min: usize,
    notes: &mut Vec<Finding>,
) -> Vec<Finding> {
    let (span, text) = per.resolve(ctx.params);
    let (from, to) = ctx.period.unwrap_or_else(|| {
        (
            crate::time::add(ctx.as_of, jiff::Span::new().years(-1))
                .tomorrow()
                .unwrap_or(ctx.as_of),
            ctx.as_of,
        )
    });
    let dates: Vec<Date> = docs
        .iter()
        .filter_map(|d| {
            let f = d.fields.get(sel.date_field()).filter(|f| !f.placeholder)?;
            crate::time::parse_date(&f.text())
        })
        .collect();
    let mut short = Vec::new();
    let mut start = from;
    // Spans are counted from the period's start (12 months, not 365 days
    // after a leap day), and a zero span cannot loop.
    for i in 1..=10_000i64 {
        if start > to {
            break;
        }
        let Some(next) = scaled(span, i).map(|s| crate::time::add(from, s)) else {
            break;
        };
        let end = next.yesterday().unwrap_or(next).min(to);
        if end > ctx.as_of {
            notes.push(Finding::pass(format!(
                "{start} to {end} is still running; not judged yet"
            )));
            break;
        }
        let n = dates.iter().filter(|d| **d >= start && **d <= end).count();
        if n < min {
            short.push(Finding::fail(format!(
                "{start} to {end}: {n} {} dated ({}) in it, at least {min} needed in each {text}",
                describe_what(sel),
                sel.date_field()
            )));
        }
        if next <= start {
            break;
        }
        start = next;
    }
    short
}

/// `span` times `n`, unit by unit (years, months, weeks, days); `None`
/// past what a date can reach.
fn scaled(span: jiff::Span, n: i64) -> Option<jiff::Span> {
    jiff::Span::new()
        .try_years(i64::from(span.get_years()) * n)
        .and_then(|s| s.try_months(i64::from(span.get_months()) * n))
        .and_then(|s| s.try_weeks(i64::from(span.get_weeks()) * n))
        .and_then(|s| s.try_days(i64::from(span.get_days()) * n))
        .ok()
}

/// Runs a per-document test over the documents a selector picks for this
/// site, applying `min` and `match` (each / any). Documents that could not
/// be read count as `error`.
pub fn per_document(ctx: &Ctx, narrowed: Option<&Selector>, test: impl Fn(&Document) -> DocResult) -> Outcome {
    let sel = narrowed.unwrap_or(ctx.selector);
    let selection = Selection::new(ctx, sel);
    if let Some(out) = selection.shortfall(sel) {
        return out;
    }
    let mut statuses: Vec<Status> = selection.unreadable.iter().map(|_| Status::Error).collect();
    let mut findings = selection.unreadable;
    findings.extend(selection.notes);
    for doc in &selection.docs {
        // Only a PDF's presence is known: a check of its content cannot pass.
        let r = match doc.opaque {
            Some(format) => DocResult {
                status: Status::Error,
                findings: vec![
                    Finding::error(format!(
                        "the content of {format} documents is not read, so this cannot be checked; keep this evidence as Markdown or Word, or attest it"
                    ))
                    .at(&doc.path, None),
                ],
            },
            None => test(doc),
        };
        statuses.push(r.status);
        findings.extend(r.findings);
    }
    let status = match sel.matching {
        Matching::Each | Matching::Latest => compose::and(statuses.into_iter()),
        Matching::Any => compose::or(statuses.into_iter()),
    };
    Outcome::new(status, findings)
}

pub fn describe_selector(sel: &Selector) -> String {
    let mut out = describe_what(sel);
    let param = |d: &Dur| match d {
        Dur::Lit(t) => t.clone(),
        Dur::Param(p) => format!("params.{p}"),
    };
    if let Some(w) = &sel.within {
        out.push_str(&format!(" dated within {}", param(w)));
    }
    if let Some(p) = &sel.per {
        out.push_str(&format!(" in each {} of the period", param(p)));
    }
    out
}

/// The documents a selector names, without its counting.
fn describe_what(sel: &Selector) -> String {
    match (&sel.kind, &sel.path) {
        (Some(k), Some(p)) => format!("`{k}` documents at `{}`", p.pattern),
        (Some(k), None) => format!("`{k}` documents"),
        (None, Some(p)) => format!("documents at `{}`", p.pattern),
        (None, None) => "documents".into(),
    }
}
