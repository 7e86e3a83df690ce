//! The profile, `evident.yaml` at the evidence root: who is audited, against
//! which packs, tailored how, as of when, and what gate a run must pass.
//!
//! ```yaml
//! organisation: Acme Contact Services
//! sites: [north, south]
//! as_of: 2026-11-01
//! period: {from: 2026-01-01, to: 2026-10-31}
//! packs:
//!   - id: acme-baseline
//!     exclude:
//!       - rule: acme-baseline.design.*
//!         justification: Service design is fixed by each client.
//!     params: {review_cycle: 18 months}
//! records:
//!   customer-survey: ["exports/surveys/*.csv"]
//! gate: {fail_under: 80, fail_on: major, min_level: 2}
//! ```
//!
//! Problems are diagnostics with their place, like a pack's. Command-line
//! flags override the profile.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::diag::{Code, Diagnostic, Diagnostics, FileId, Span};
use crate::pack::{ColumnType, Glob, LoadedPacks, ParamValue, Rule, Severity, id_matches};
use crate::time;
use crate::yaml::{self, Located, Node, Table, Value};

#[derive(Debug, Default, Clone)]
pub struct Profile {
    pub organisation: Option<String>,
    pub sites: Vec<String>,
    pub as_of: Option<Date>,
    pub period: Option<(Date, Date)>,
    pub packs: Vec<PackUse>,
    /// Where record kinds live when not at `records/<kind>/**`.
    pub records: BTreeMap<String, Vec<Glob>>,
    /// Document kinds by location, for files whose front matter does not
    /// say (Word documents, PDFs, Markdown written for people, registers
    /// kept as spreadsheets). A key may name several kinds joined by `+`
    /// (`audit-plan+audit-report`): a file it matches holds each of them.
    pub documents: BTreeMap<String, Vec<Glob>>,
    /// More spellings of metadata keys: `{approved_by: ["Sign-off"]}`.
    pub aliases: BTreeMap<String, Vec<String>>,
    /// Per document kind: a heading a rule requires → the organisation's
    /// headings that mean it (`headings: {kind: {Scenarios: [Threats]}}`).
    pub headings: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// Per record kind: how the organisation's files hold its columns
    /// (a header of another name, or one value for every row).
    pub columns: crate::evidence::ColumnMaps,
    /// Date formats documents are written in (strftime), besides ISO.
    pub date_formats: Vec<String>,
    /// Metadata of registers kept as spreadsheets, by glob: `{"registers/
    /// risks.xlsx": {owner: Head of Risk}}`, each value with its line.
    pub metadata: crate::evidence::RegisterMetadata,
    /// Where each `columns:` entry was written, for validation.
    column_spans: Vec<ColumnSpan>,
    /// More placeholder patterns (regular expressions over a whole value).
    pub placeholders: Vec<regex::Regex>,
    pub gate: GateConfig,
    pub file: Option<FileId>,
}

#[derive(Debug, Clone)]
pub struct PackUse {
    pub id: Located<String>,
    pub exclude: Vec<Exclude>,
    pub params: Vec<(Located<String>, ParamValue)>,
}

#[derive(Debug, Clone)]
pub struct Exclude {
    /// What is excluded: rules by id or pattern, or every rule with a tag.
    pub target: Target,
    pub justification: String,
    /// The pattern is meant to cover more than one section (and `approver`
    /// says who agreed).
    pub broad: bool,
    pub approver: Option<String>,
}

/// An exclusion names rules one way or the other, never both.
#[derive(Debug, Clone)]
pub enum Target {
    /// A rule id or a pattern with `*`.
    Rule(Located<String>),
    /// Every rule carrying this tag of the pack.
    Tag(Located<String>),
}

impl Exclude {
    /// Whether the exclusion tailors `rule` out.
    pub fn covers(&self, rule: &Rule) -> bool {
        match &self.target {
            Target::Rule(pattern) => id_matches(&pattern.value, &rule.id),
            Target::Tag(tag) => rule.has_tag(&tag.value),
        }
    }
    /// The tag it excludes by, if it does.
    pub fn tag(&self) -> Option<&str> {
        match &self.target {
            Target::Tag(t) => Some(&t.value),
            Target::Rule(_) => None,
        }
    }
    /// How people name it in a message: `iso9001.8.3` or tag `voice`.
    fn describe(target: &Target) -> String {
        match target {
            Target::Rule(r) => format!("`{}`", r.value),
            Target::Tag(t) => format!("tag `{}`", t.value),
        }
    }
}

/// A justification an auditor can read: a sentence, not a word.
pub fn is_sentence(text: &str) -> bool {
    text.split_whitespace().count() >= 4 && text.trim().chars().count() >= 20
}

#[derive(Debug, Default, Clone, Copy)]
pub struct GateConfig {
    pub fail_under: Option<f64>,
    pub fail_on: Option<Severity>,
    pub min_level: Option<u32>,
    pub allow_not_assessed: bool,
}

pub const KEYS: &[&str] = &[
    "organisation",
    "organization",
    "sites",
    "as_of",
    "period",
    "packs",
    "records",
    "documents",
    "aliases",
    "headings",
    "columns",
    "date_formats",
    "metadata",
    "placeholders",
    "gate",
];
pub const PERIOD_KEYS: &[&str] = &["from", "to"];
pub const PACK_USE_KEYS: &[&str] = &["id", "exclude", "params"];
pub const EXCLUDE_KEYS: &[&str] = &["rule", "tag", "justification", "broad", "approver"];
pub const GATE_KEYS: &[&str] = &["fail_under", "fail_on", "min_level", "allow_not_assessed"];

impl Profile {
    pub fn parse(node: &Node, file: FileId, diags: &mut Diagnostics) -> Profile {
        let mut p = Profile {
            file: Some(file),
            ..Profile::default()
        };
        if matches!(node.value, Value::Null) {
            return p;
        }
        let Some(mut t) = Table::new(node, file, "profile", diags) else {
            return p;
        };
        p.organisation = t
            .str("organisation", diags)
            .or_else(|| t.str("organization", diags))
            .map(|s| s.value);
        p.sites = t
            .str_list("sites", diags)
            .unwrap_or_default()
            .into_iter()
            .map(|s| s.value)
            .collect();
        p.as_of = t.str("as_of", diags).and_then(|d| date(&d, file, diags));
        if let Some(n) = t.get("period")
            && let Some(mut pt) = Table::new(n, file, "period", diags)
        {
            let from = pt.required_str("from", diags).and_then(|d| date(&d, file, diags));
            let to = pt.required_str("to", diags).and_then(|d| date(&d, file, diags));
            pt.finish(diags, PERIOD_KEYS);
            if let (Some(from), Some(to)) = (from, to) {
                if from > to {
                    diags.push(
                        Diagnostic::error(
                            Code::InvalidValue,
                            format!("the period starts ({from}) after it ends ({to})"),
                        )
                        .at(file, n.span),
                    );
                } else {
                    p.period = Some((from, to));
                }
            }
        }
        if let Some(n) = t.get("packs") {
            p.packs = parse_packs(n, file, diags);
        }
        if let Some(n) = t.get("records") {
            p.records = parse_kind_globs(n, file, "records", diags);
        }
        if let Some(n) = t.get("documents") {
            p.documents = parse_kind_globs(n, file, "documents", diags);
        }
        if let Some(n) = t.get("aliases") {
            p.aliases = parse_aliases(n, file, diags);
        }
        if let Some(n) = t.get("headings") {
            p.headings = parse_headings(n, file, diags);
        }
        if let Some(n) = t.get("date_formats") {
            p.date_formats = parse_date_formats(n, file, diags);
        }
        if let Some(n) = t.get("metadata") {
            p.metadata = parse_metadata(n, file, diags);
        }
        if let Some(n) = t.get("columns") {
            (p.columns, p.column_spans) = parse_columns(n, file, diags);
        }
        if let Some(n) = t.get("placeholders") {
            p.placeholders = crate::evidence::placeholder::patterns(n, file, diags);
        }
        if let Some(n) = t.get("gate") {
            p.gate = parse_gate(n, file, diags);
        }
        t.finish(diags, KEYS);
        p
    }

    /// Checks the profile against the loaded packs: packs exist, exclusions
    /// name rules and say why, overridden parameters exist and keep their type.
    pub fn validate(&self, packs: &LoadedPacks, diags: &mut Diagnostics) {
        let Some(file) = self.file else { return };
        for entry in &self.column_spans {
            entry.validate(packs, file, diags);
        }
        for use_ in &self.packs {
            let Some(pack) = packs.get(&use_.id.value) else {
                let known: Vec<&str> = packs.packs.iter().map(|p| p.id.as_str()).collect();
                let mut d = Diagnostic::error(
                    Code::UnknownPack,
                    format!("pack `{}` is not built in or loaded", use_.id.value),
                )
                .at(file, use_.id.span)
                .note(format!("available packs: {}", known.join(", ")));
                if let Some(c) = yaml::closest(&use_.id.value, &known) {
                    d = d.note(format!("did you mean `{c}`?"));
                }
                diags.push(d);
                continue;
            };
            for ex in &use_.exclude {
                match &ex.target {
                    Target::Rule(rule) => validate_rule_exclusion(ex, rule, pack, file, diags),
                    Target::Tag(tag) => validate_tag_exclusion(tag, pack, file, diags),
                }
            }
            for (name, value) in &use_.params {
                match pack.params.get(&name.value) {
                    None => {
                        let known: Vec<&str> = pack.params.keys().map(String::as_str).collect();
                        diags.push(
                            Diagnostic::error(
                                Code::UnknownParam,
                                format!("pack `{}` has no parameter `{}`", pack.id, name.value),
                            )
                            .at(file, name.span)
                            .note(format!("its parameters: {}", known.join(", "))),
                        );
                    }
                    Some(default) if !default.accepts(value) => diags.push(
                        Diagnostic::error(
                            Code::WrongType,
                            format!(
                                "parameter `{}` is {} (default `{default}`), but `{value}` is {}",
                                name.value,
                                default.type_name(),
                                value.type_name()
                            ),
                        )
                        .at(file, name.span),
                    ),
                    Some(_) => {}
                }
            }
        }
    }

    pub fn pack_use(&self, id: &str) -> Option<&PackUse> {
        self.packs.iter().find(|p| p.id.value == id)
    }
}

fn validate_rule_exclusion(
    ex: &Exclude,
    rule: &Located<String>,
    pack: &crate::pack::Pack,
    file: FileId,
    diags: &mut Diagnostics,
) {
    if let Some(n) = pack.broad_match(&rule.value)
        && !(ex.broad && ex.approver.is_some())
    {
        diags.push(
            Diagnostic::error(
                Code::BroadPattern,
                format!(
                    "`{}` excludes {n} rules across several sections of pack `{}`",
                    rule.value, pack.id
                ),
            )
            .at(file, rule.span)
            .note("exclude one section at a time, or mark the exclusion `broad: true` with the `approver:` who agreed to it"),
        );
    }
    if !pack.rules.iter().any(|r| id_matches(&rule.value, &r.id)) {
        diags.push(
            Diagnostic::error(
                Code::UnknownRule,
                format!("`{}` matches no rule of pack `{}`", rule.value, pack.id),
            )
            .at(file, rule.span)
            .note("`evident packs show <pack>` lists its rules"),
        );
    }
}

/// A tag is a group the pack author defined on purpose, so it needs no
/// `broad:` approval; one that no rule carries would exclude nothing.
fn validate_tag_exclusion(tag: &Located<String>, pack: &crate::pack::Pack, file: FileId, diags: &mut Diagnostics) {
    if pack.tagged(&tag.value).next().is_some() {
        return;
    }
    let carried: Vec<&str> = pack
        .tags
        .keys()
        .map(String::as_str)
        .filter(|t| pack.tagged(t).next().is_some())
        .collect();
    let mut d = Diagnostic::error(
        Code::UnknownTag,
        format!("no rule of pack `{}` carries tag `{}`", pack.id, tag.value),
    )
    .at(file, tag.span)
    .note(if carried.is_empty() {
        format!("pack `{}` tags no rules; exclude rules by `rule:` instead", pack.id)
    } else {
        format!("its tags: {}", carried.join(", "))
    });
    if let Some(c) = yaml::closest(&tag.value, &carried) {
        d = d.note(format!("did you mean `{c}`?"));
    }
    diags.push(d);
}

fn date(d: &Located<String>, file: FileId, diags: &mut Diagnostics) -> Option<Date> {
    let parsed = time::parse_date(&d.value);
    if parsed.is_none() {
        diags.push(
            Diagnostic::error(Code::InvalidDate, format!("`{}` is not a date", d.value))
                .at(file, d.span)
                .note("write dates as YYYY-MM-DD"),
        );
    }
    parsed
}

fn parse_packs(node: &Node, file: FileId, diags: &mut Diagnostics) -> Vec<PackUse> {
    let Value::Seq(items) = &node.value else {
        diags.push(yaml::wrong_type(
            file,
            node,
            "packs",
            "a list of pack ids or {id, exclude, params}",
            &node.value,
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        if let Value::Str(id) = &item.value {
            out.push(PackUse {
                id: Located {
                    value: id.clone(),
                    span: item.span,
                },
                exclude: vec![],
                params: vec![],
            });
            continue;
        }
        let Some(mut t) = Table::new(item, file, "pack entry", diags) else {
            continue;
        };
        let id = t.required_str("id", diags);
        let exclude = t
            .get("exclude")
            .map(|n| parse_excludes(n, file, diags))
            .unwrap_or_default();
        let mut params = Vec::new();
        if let Some(n) = t.get("params") {
            if let Value::Map(entries) = &n.value {
                for (k, v) in entries {
                    let Some(name) = yaml::expect_str(k, file, "parameter", diags) else {
                        continue;
                    };
                    if let Some(value) = crate::pack::parse::param_value(v, file, &name.value, diags) {
                        params.push((name, value));
                    }
                }
            } else {
                diags.push(yaml::wrong_type(
                    file,
                    n,
                    "params",
                    "a mapping of name: value",
                    &n.value,
                ));
            }
        }
        t.finish(diags, PACK_USE_KEYS);
        if let Some(id) = id {
            out.push(PackUse { id, exclude, params });
        }
    }
    out
}

fn parse_excludes(node: &Node, file: FileId, diags: &mut Diagnostics) -> Vec<Exclude> {
    let Value::Seq(items) = &node.value else {
        diags.push(yaml::wrong_type(
            file,
            node,
            "exclude",
            "a list of {rule or tag, justification}",
            &node.value,
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let Some(mut t) = Table::new(item, file, "exclusion", diags) else {
            continue;
        };
        let rule = t.str("rule", diags);
        let tag = t.str("tag", diags);
        let justification = t.str("justification", diags);
        let broad = t.bool("broad", diags).unwrap_or(false);
        let approver = t.str("approver", diags).map(|a| a.value);
        let broad_span = t.key_span(if broad { "broad" } else { "approver" });
        t.finish(diags, EXCLUDE_KEYS);
        let target = match (rule, tag) {
            (Some(rule), None) => Target::Rule(rule),
            (None, Some(tag)) => Target::Tag(tag),
            (Some(_), Some(tag)) => {
                diags.push(
                    Diagnostic::error(Code::InvalidValue, "an exclusion names `rule` or `tag`, not both")
                        .at(file, tag.span)
                        .note("write two exclusions, one for the rule and one for the tag"),
                );
                continue;
            }
            (None, None) => {
                diags.push(
                    Diagnostic::error(Code::MissingKey, "an exclusion needs `rule:` or `tag:`")
                        .at(file, item.span)
                        .note("`rule:` names a rule id or pattern; `tag:` every rule of the pack carrying that tag"),
                );
                continue;
            }
        };
        if (broad || approver.is_some()) && matches!(target, Target::Tag(_)) {
            diags.push(
                Diagnostic::warning(
                    Code::InvalidValue,
                    "`broad:` and `approver:` have no effect on an exclusion by tag",
                )
                .at(file, broad_span)
                .note("a tag is a group the pack author defined on purpose; it needs no approval to span sections"),
            );
        }
        let what = Exclude::describe(&target);
        let place = match &target {
            Target::Rule(l) | Target::Tag(l) => l.span,
        };
        match justification {
            Some(j) if !crate::evidence::placeholder::is_placeholder(&j.value) && is_sentence(&j.value) => {
                out.push(Exclude { target, justification: j.value.trim().to_string(), broad, approver })
            }
            Some(j) if !crate::evidence::placeholder::is_placeholder(&j.value) => diags.push(
                Diagnostic::error(Code::MissingJustification, format!("`{}` is not a justification for excluding {what}", j.value.trim()))
                    .at(file, j.span)
                    .note("say in a sentence why the requirement does not apply here; auditors read it in the Statement of Applicability"),
            ),
            _ => diags.push(
                Diagnostic::error(Code::MissingJustification, format!("excluding {what} needs a justification"))
                    .at(file, place)
                    .note("say why the requirement does not apply here: `justification: ...`; auditors read it in the Statement of Applicability"),
            ),
        }
    }
    out
}

/// The kinds a `documents:` key names: one, or several joined by `+`.
pub fn kinds_of(key: &str) -> Vec<String> {
    let mut kinds: Vec<String> = key.split('+').map(|k| k.trim().to_string()).collect();
    let mut seen = std::collections::BTreeSet::new();
    kinds.retain(|k| k.is_empty() || seen.insert(k.clone()));
    kinds
}

/// `records:` or `documents:`: kind → globs.
fn parse_kind_globs(
    node: &Node,
    file: FileId,
    key: &'static str,
    diags: &mut Diagnostics,
) -> BTreeMap<String, Vec<Glob>> {
    let Value::Map(entries) = &node.value else {
        diags.push(yaml::wrong_type(
            file,
            node,
            key,
            "a mapping of kind: [globs]",
            &node.value,
        ));
        return BTreeMap::new();
    };
    let mut out = BTreeMap::new();
    for (k, v) in entries {
        let Some(kind) = yaml::expect_str(k, file, "kind", diags) else {
            continue;
        };
        if key == "documents" && kinds_of(&kind.value).iter().any(String::is_empty) {
            diags.push(
                Diagnostic::error(Code::InvalidValue, format!("`{}` names an empty kind", kind.value))
                    .at(file, kind.span)
                    .note("a file holding several kinds names each, joined by `+`: `audit-plan+audit-report`"),
            );
            continue;
        }
        let globs = yaml::str_list(v, file, key, diags).unwrap_or_default();
        let compiled = globs
            .into_iter()
            .filter_map(|g| match Glob::new(&g.value) {
                Ok(glob) => Some(glob),
                Err(e) => {
                    diags.push(
                        Diagnostic::error(Code::InvalidGlob, format!("invalid glob `{}`", g.value))
                            .at(file, g.span)
                            .note(e),
                    );
                    None
                }
            })
            .collect();
        out.insert(kind.value, compiled);
    }
    out
}

/// `aliases:`: field → the spellings that mean it.
fn parse_aliases(node: &Node, file: FileId, diags: &mut Diagnostics) -> BTreeMap<String, Vec<String>> {
    let Value::Map(entries) = &node.value else {
        diags.push(yaml::wrong_type(
            file,
            node,
            "aliases",
            "a mapping of field: [spellings]",
            &node.value,
        ));
        return BTreeMap::new();
    };
    let mut out = BTreeMap::new();
    for (k, v) in entries {
        if let (Some(field), Some(list)) = (
            yaml::expect_str(k, file, "field", diags),
            yaml::str_list(v, file, "aliases", diags),
        ) {
            out.insert(field.value, list.into_iter().map(|s| s.value).collect());
        }
    }
    out
}

/// `metadata:`: `{glob: {field: value}}`, the fields of registers whose
/// file cannot hold them and that have no sidecar. Values are scalars; a
/// bad glob or a nested value is an error at its place.
fn parse_metadata(node: &Node, file: FileId, diags: &mut Diagnostics) -> crate::evidence::RegisterMetadata {
    let Value::Map(entries) = &node.value else {
        diags.push(yaml::wrong_type(
            file,
            node,
            "metadata",
            "a mapping of glob: {field: value}",
            &node.value,
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in entries {
        let Some(pattern) = yaml::expect_str(k, file, "glob", diags) else {
            continue;
        };
        let glob = match Glob::new(&pattern.value) {
            Ok(g) => g,
            Err(e) => {
                diags.push(Diagnostic::error(Code::InvalidValue, e).at(file, k.span));
                continue;
            }
        };
        let Value::Map(fields) = &v.value else {
            diags.push(yaml::wrong_type(
                file,
                v,
                "metadata",
                "a mapping of field: value",
                &v.value,
            ));
            continue;
        };
        let mut values = Vec::new();
        for (name, value) in fields {
            let Some(name) = yaml::expect_str(name, file, "field", diags) else {
                continue;
            };
            match value.scalar_text() {
                Some(text) => values.push((name.value, text, value.span.line)),
                None => diags.push(yaml::wrong_type(
                    file,
                    value,
                    &name.value,
                    "a single value",
                    &value.value,
                )),
            }
        }
        out.push((glob, values));
    }
    out
}

/// `date_formats:`: strftime formats that name a whole date. One that does
/// not (a typo, a time-only format) is an error at its place: it would
/// never match, and dates written that way would silently stay unread.
fn parse_date_formats(node: &Node, file: FileId, diags: &mut Diagnostics) -> Vec<String> {
    yaml::str_list(node, file, "date_formats", diags)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|f| {
            if names_a_date(&f.value, false) {
                Some(f.value)
            } else {
                diags.push(not_a_format(&f, "date", file));
                None
            }
        })
        .collect()
}

/// 2026-02-20 14:05:06, a day that cannot be taken for a month.
fn sample() -> jiff::civil::DateTime {
    jiff::civil::datetime(2026, 2, 20, 14, 5, 6, 0)
}

/// Whether strftime `format` writes and reads back a whole date (and, with
/// `time`, the hour and minute).
fn names_a_date(format: &str, time: bool) -> bool {
    use jiff::fmt::strtime;
    let sample = sample();
    let Some(read) = strtime::format(format, sample)
        .ok()
        .and_then(|text| strtime::parse(format, &text).ok())
    else {
        return false;
    };
    read.to_date().ok() == Some(sample.date())
        && (!time || (read.hour() == Some(sample.hour()) && read.minute() == Some(sample.minute())))
}

fn not_a_format(f: &Located<String>, what: &str, file: FileId) -> Diagnostic {
    let example = if what == "date" {
        "`%d.%m.%Y` or `%B %d, %Y`"
    } else {
        "`%d.%m.%Y %H:%M`"
    };
    Diagnostic::error(Code::InvalidDate, format!("`{}` is not a {what} format", f.value))
        .at(file, f.span)
        .note(format!(
            "write strftime formats that name day, month and year{}, such as {example}",
            if what == "date" { "" } else { ", hour and minute" }
        ))
}

/// Two formats of one column (or a format and ISO) that read one text as
/// two different dates: which one a cell is would be a guess. The date
/// has a day under 13, so a day-first and a month-first format disagree.
fn conflict(formats: &[Located<String>]) -> Option<(usize, String, String)> {
    use jiff::fmt::strtime;
    let date = jiff::civil::datetime(2026, 4, 3, 14, 5, 6, 0);
    let iso = ["%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"];
    let all: Vec<&str> = formats.iter().map(|f| f.value.as_str()).chain(iso).collect();
    for (i, a) in all.iter().enumerate() {
        let Ok(text) = strtime::format(a, date) else { continue };
        for (j, b) in all.iter().enumerate().skip(i + 1) {
            let read = strtime::parse(b, &text).ok().and_then(|r| r.to_date().ok());
            if read.is_some_and(|d| d != date.date()) {
                let at = if j < formats.len() { j } else { i };
                return Some((at, format!("`{a}` and `{b}`"), text));
            }
        }
    }
    None
}

/// The keys of one `columns:` entry written as a mapping.
pub const COLUMN_MAP_KEYS: &[&str] = &["from", "value", "format", "expr"];

/// A profile key that says something per kind per name (`headings:`,
/// `columns:`): `{kind: {name: value}}`, each value read by `value`, every
/// problem reported at its place.
fn per_kind<T>(
    node: &Node,
    file: FileId,
    key: &str,
    shape: &str,
    diags: &mut Diagnostics,
    mut value: impl FnMut(&str, &Located<String>, &Node, &mut Diagnostics) -> Option<T>,
) -> BTreeMap<String, BTreeMap<String, T>> {
    let mut out = BTreeMap::new();
    let Value::Map(kinds) = &node.value else {
        diags.push(yaml::wrong_type(
            file,
            node,
            key,
            &format!("a mapping of kind: {shape}"),
            &node.value,
        ));
        return out;
    };
    for (k, v) in kinds {
        let Some(kind) = yaml::expect_str(k, file, "kind", diags) else {
            continue;
        };
        let Value::Map(entries) = &v.value else {
            diags.push(yaml::wrong_type(file, v, key, &format!("a mapping {shape}"), &v.value));
            continue;
        };
        let mut map = BTreeMap::new();
        for (n, how) in entries {
            let Some(name) = yaml::expect_str(n, file, key, diags) else {
                continue;
            };
            if let Some(t) = value(&kind.value, &name, how, diags) {
                map.insert(name.value, t);
            }
        }
        out.insert(kind.value, map);
    }
    out
}

/// `columns:`: kind → column → a header (`"Calls Offered"`) or a mapping
/// (`{from: header or [headers], format}`, `{value: text}`, `{expr:
/// expression}`); with where each was written, checked against the kinds
/// once the packs are loaded.
fn parse_columns(node: &Node, file: FileId, diags: &mut Diagnostics) -> (crate::evidence::ColumnMaps, Vec<ColumnSpan>) {
    let mut spans = Vec::new();
    let maps = per_kind(
        node,
        file,
        "columns",
        "{column: header}",
        diags,
        |kind, column, how, diags| {
            let mut entry = ColumnSpan {
                kind: kind.to_string(),
                column: column.clone(),
                joined: None,
                formats: Vec::new(),
                expr: None,
            };
            let m = match &how.value {
                Value::Map(_) => column_map(how, file, &mut entry, diags)?,
                _ => crate::records::ColumnMap {
                    from: vec![yaml::expect_str(how, file, "header", diags)?.value],
                    ..Default::default()
                },
            };
            spans.push(entry);
            Some(m)
        },
    );
    (maps, spans)
}

/// One `columns:` entry written as a mapping.
fn column_map(
    how: &Node,
    file: FileId,
    entry: &mut ColumnSpan,
    diags: &mut Diagnostics,
) -> Option<crate::records::ColumnMap> {
    let mut t = Table::new(how, file, "column mapping", diags)?;
    let from = t
        .get("from")
        .map(|n| (n.span, yaml::str_list(n, file, "from", diags).unwrap_or_default()));
    let value = t.get("value").and_then(|n| n.scalar_text());
    entry.formats = t.str_list("format", diags).unwrap_or_default();
    entry.expr = t.str("expr", diags);
    t.finish(diags, COLUMN_MAP_KEYS);
    let sources = usize::from(from.is_some()) + usize::from(value.is_some()) + usize::from(entry.expr.is_some());
    let problem = if sources > 1 {
        Some("a column mapping takes one of `from`, `value` or `expr`")
    } else if sources == 0 && entry.formats.is_empty() {
        Some("a column mapping needs `from`, `value`, `expr` or `format`")
    } else if from.as_ref().is_some_and(|(_, f)| f.is_empty()) {
        Some("`from` names at least one header")
    } else if entry.expr.is_some() && !entry.formats.is_empty() {
        Some("`format` says how a file writes a column; a derived column (`expr`) is computed")
    } else if entry.formats.len() > 1 && entry.formats.iter().any(|f| f.value == "excel") {
        Some("`format: excel` stands alone: a column holds serial numbers or text")
    } else {
        None
    };
    if let Some(p) = problem {
        diags.push(
            Diagnostic::error(Code::InvalidValue, p)
                .at(file, how.span)
                .note("`from: Header in the file` (or `[Date, Time]`) names the column, with an optional `format:`; `value: north` gives every row one value; `expr: offered - answered` computes it"),
        );
        return None;
    }
    let from = from.map(|(span, headers)| {
        if headers.len() > 1 {
            entry.joined = Some(span);
        }
        headers.into_iter().map(|h| h.value).collect()
    });
    Some(crate::records::ColumnMap {
        from: from.unwrap_or_default(),
        value,
        format: (!entry.formats.is_empty())
            .then(|| crate::records::Format::new(entry.formats.iter().map(|f| f.value.clone()).collect())),
        expr: entry.expr.as_ref().map(|e| crate::records::Derivation {
            text: e.value.clone(),
            compile: crate::expr::derive::compile,
        }),
    })
}

/// Where one `columns:` entry was written: what validation needs to point
/// at the line of a mistake.
#[derive(Debug, Clone)]
struct ColumnSpan {
    kind: String,
    column: Located<String>,
    /// `from`, when it names several headers.
    joined: Option<Span>,
    formats: Vec<Located<String>>,
    expr: Option<Located<String>>,
}

impl ColumnSpan {
    /// Checks the entry against the kind the packs declare: the column
    /// exists, and its format, joined headers or expression suit its type.
    fn validate(&self, packs: &LoadedPacks, file: FileId, diags: &mut Diagnostics) {
        let kind = &self.kind;
        let declared = packs.packs.iter().find_map(|p| match p.kinds.get(kind) {
            Some(crate::pack::Kind::Records(r)) => Some(r),
            _ => None,
        });
        let Some(r) = declared else {
            diags.push(
                Diagnostic::error(
                    Code::UnknownKind,
                    format!("`{kind}` is not a record kind of the loaded packs"),
                )
                .at(file, self.column.span),
            );
            return;
        };
        let Some(col) = r.columns.iter().find(|c| c.name == self.column.value) else {
            diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!(
                        "record kind `{kind}` has no column `{}`; its columns: {}",
                        self.column.value,
                        r.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                )
                .at(file, self.column.span),
            );
            return;
        };
        let (name, ty) = (&self.column.value, col.ty);
        let type_name = ColumnType::NAMES[ty as usize];
        let dated = matches!(ty, ColumnType::Date | ColumnType::Datetime);
        if let Some(span) = self.joined
            && !dated
        {
            diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("`from` names several headers only for a date or datetime column; `{name}` is {type_name}"),
                )
                .at(file, span)
                .note("their texts are joined with a space and read as one date or datetime (`from: [Date, Time]`)"),
            );
        }
        self.validate_formats(name, ty, file, diags);
        if let Some(e) = &self.expr {
            let cols: Vec<(String, ColumnType)> = r.columns.iter().map(|c| (c.name.clone(), c.ty)).collect();
            if let Err(errors) = crate::expr::derive::check(&e.value, &cols, name, ty) {
                for err in errors {
                    diags.push(
                        Diagnostic::error(Code::InvalidExpression, err.message)
                            .at(file, e.span_at(err.offset))
                            .note(format!(
                                "columns of `{kind}`: {}",
                                cols.iter().map(|c| c.0.as_str()).collect::<Vec<_>>().join(", ")
                            )),
                    );
                }
            }
        }
    }

    fn validate_formats(&self, name: &str, ty: ColumnType, file: FileId, diags: &mut Diagnostics) {
        let Some(first) = self.formats.first() else { return };
        let type_name = ColumnType::NAMES[ty as usize];
        let excel = first.value == "excel";
        let problem = match ty {
            ColumnType::Duration if !excel => Some(format!(
                "a duration column takes `format: excel` (day fractions) only; `{}` is read as seconds, HH:MM:SS or 90s without one",
                name
            )),
            ColumnType::Date | ColumnType::Datetime | ColumnType::Duration => None,
            _ => Some(format!(
                "`format` reads dates, datetimes and durations; `{name}` is {type_name}"
            )),
        };
        if let Some(p) = problem {
            diags.push(Diagnostic::error(Code::InvalidValue, p).at(file, first.span));
            return;
        }
        if excel {
            return;
        }
        let time = ty == ColumnType::Datetime;
        let mut ok = true;
        for f in &self.formats {
            if !names_a_date(&f.value, time) {
                diags.push(not_a_format(f, type_name, file));
                ok = false;
            }
        }
        if ok && let Some((at, which, text)) = conflict(&self.formats) {
            diags.push(
                Diagnostic::error(
                    Code::InvalidDate,
                    format!("{which} read {text} as different dates"),
                )
                .at(file, self.formats[at].span)
                .note("a day/month order is never guessed: keep the formats the files use, which must not disagree (ISO dates are always read)"),
            );
        }
    }
}

/// `headings:`: kind → required heading → the organisation's headings for it.
fn parse_headings(
    node: &Node,
    file: FileId,
    diags: &mut Diagnostics,
) -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
    per_kind(
        node,
        file,
        "headings",
        "{required heading: [your headings]}",
        diags,
        |_, _, alts, diags| {
            yaml::str_list(alts, file, "headings", diags).map(|l| l.into_iter().map(|a| a.value).collect())
        },
    )
}

fn parse_gate(node: &Node, file: FileId, diags: &mut Diagnostics) -> GateConfig {
    let Some(mut t) = Table::new(node, file, "gate", diags) else {
        return GateConfig::default();
    };
    let mut g = GateConfig {
        fail_under: t.number("fail_under", diags),
        ..GateConfig::default()
    };
    if let Some(s) = t.str("fail_on", diags) {
        g.fail_on = Severity::parse(&s.value);
        if g.fail_on.is_none() {
            diags.push(
                Diagnostic::error(Code::InvalidValue, format!("`fail_on` cannot be `{}`", s.value))
                    .at(file, s.span)
                    .note(format!("expected one of: {}", Severity::NAMES.join(", "))),
            );
        }
    }
    if let Some(n) = t.get("min_level") {
        g.min_level = yaml::expect_number(n, file, "min_level", diags).map(|v| v.max(0.0) as u32);
    }
    if let Some(f) = g.fail_under
        && !(0.0..=100.0).contains(&f)
    {
        diags.push(Diagnostic::error(Code::InvalidValue, "`fail_under` is a score from 0 to 100").at(file, t_span(&t)));
    }
    g.allow_not_assessed = t.bool("allow_not_assessed", diags).unwrap_or(false);
    t.finish(diags, GATE_KEYS);
    g
}

fn t_span(t: &Table) -> Span {
    t.key_span("fail_under")
}
