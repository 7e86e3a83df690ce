//! Attestations: auditors' recorded judgements, read from
//! `attestations.yaml` at the evidence root.
//!
//! ```yaml
//! - rule: acme.floor.observed
//!   site: north              # optional: absent = the whole organisation
//!   result: pass             # pass | fail
//!   auditor: J. Okafor (lead auditor)
//!   date: 2026-09-14
//!   statement: Sat with four agents for two hours; scripts followed.
//!   evidence: [records/qa/observations-2026-09.csv]
//!   valid_for: 365d          # optional
//!   sample: 20261101/25      # optional: the checklist `evident sample` drew,
//!                            # filled in and listed among `evidence`
//! ```
//!
//! An attestation goes stale: it is current until `date` plus the shorter of
//! its `valid_for` and the check's `max_age` (365 days when neither is said).

use jiff::civil::Date;

use crate::diag::{Code, Diagnostic, Diagnostics, FileId};
use crate::time;
use crate::yaml::{self, Node, Table, Value};

/// Where attestations live, relative to the evidence root.
pub const FILE: &str = "attestations.yaml";

#[derive(Debug, Clone)]
pub struct Entry {
    pub rule: String,
    pub site: Option<String>,
    pub passed: bool,
    pub auditor: String,
    pub date_text: String,
    pub date: Option<Date>,
    pub statement: String,
    pub evidence: Vec<String>,
    pub valid_for: Option<(jiff::Span, String)>,
    /// The auditor's sample cited (`sample: SEED/N`): seed and size.
    pub sample: Option<(u64, usize)>,
    /// The cited sample checked against a fresh draw, once the evidence is
    /// indexed; a problem makes the attestation invalid.
    pub sample_check: Option<crate::results::SampleCheck>,
    pub line: u32,
    pub span: crate::diag::Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    Current { until: Date },
    Stale { until: Date },
    Future,
    Invalid,
}

impl Validity {
    pub fn name(self) -> &'static str {
        match self {
            Validity::Current { .. } => "current",
            Validity::Stale { .. } => "stale",
            Validity::Future => "future",
            Validity::Invalid => "invalid",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Attestations {
    pub entries: Vec<Entry>,
    pub file: Option<FileId>,
}

pub const KEYS: &[&str] = &[
    "rule",
    "site",
    "result",
    "auditor",
    "date",
    "statement",
    "evidence",
    "valid_for",
    "sample",
];
pub const RESULTS: &[&str] = &["pass", "fail"];

impl Attestations {
    pub fn parse(node: &Node, file: FileId, diags: &mut Diagnostics) -> Attestations {
        let mut out = Attestations {
            entries: Vec::new(),
            file: Some(file),
        };
        let items = match &node.value {
            Value::Seq(items) => items.as_slice(),
            Value::Null => &[],
            other => {
                diags.push(yaml::wrong_type(
                    file,
                    node,
                    "attestations",
                    "a list of attestations",
                    other,
                ));
                return out;
            }
        };
        for item in items {
            let Some(mut t) = Table::new(item, file, "attestation", diags) else {
                continue;
            };
            let rule = t.required_str("rule", diags);
            let site = t.str("site", diags).map(|s| s.value);
            let result = t.required_str("result", diags);
            let auditor = t.required_str("auditor", diags);
            let date = t.required_str("date", diags);
            let statement = t.required_str("statement", diags);
            let evidence = t
                .str_list("evidence", diags)
                .unwrap_or_default()
                .into_iter()
                .map(|s| s.value)
                .collect();
            let valid_for = t
                .str("valid_for", diags)
                .and_then(|v| match time::parse_duration(&v.value) {
                    Some(span) => Some((span, v.value)),
                    None => {
                        diags.push(
                            Diagnostic::error(Code::InvalidDate, format!("`{}` is not a duration", v.value))
                                .at(file, v.span)
                                .note("write a duration such as `365d` or `1y`"),
                        );
                        None
                    }
                });
            let sample = t.str("sample", diags).and_then(|v| {
                let parsed = v
                    .value
                    .split_once('/')
                    .and_then(|(seed, n)| Some((seed.trim().parse::<u64>().ok()?, n.trim().parse::<usize>().ok()?)))
                    .filter(|(_, n)| *n > 0);
                if parsed.is_none() {
                    diags.push(
                        Diagnostic::error(Code::InvalidValue, format!("`sample: {}` is not SEED/N", v.value))
                            .at(file, v.span)
                            .note(
                                "cite the checklist `evident sample --seed SEED --n N` drew, as `sample: 20261101/25`",
                            ),
                    );
                }
                parsed
            });
            t.finish(diags, KEYS);
            let passed = match result.as_ref().map(|r| r.value.as_str()) {
                Some("pass") => true,
                Some("fail") => false,
                Some(other) => {
                    let r = result.as_ref().expect("some");
                    diags.push(
                        Diagnostic::error(
                            Code::InvalidValue,
                            format!("`result` must be `pass` or `fail`, found `{other}`"),
                        )
                        .at(file, r.span),
                    );
                    continue;
                }
                None => continue,
            };
            let (Some(rule), Some(auditor), Some(date), Some(statement)) = (rule, auditor, date, statement) else {
                continue;
            };
            let parsed = time::parse_date(&date.value);
            if parsed.is_none() {
                diags.push(
                    Diagnostic::warning(
                        Code::InvalidDate,
                        format!("`{}` is not a date; this attestation will not count", date.value),
                    )
                    .at(file, date.span)
                    .note("write the date as YYYY-MM-DD"),
                );
            }
            out.entries.push(Entry {
                rule: rule.value,
                site,
                passed,
                auditor: auditor.value,
                date_text: date.value,
                date: parsed,
                statement: statement.value,
                evidence,
                valid_for,
                sample,
                sample_check: None,
                line: item.span.line,
                span: rule.span,
            });
        }
        out
    }

    /// Attestations of `rule` that apply to `site`, newest first, each with
    /// its validity at `as_of`. A site's evaluation takes its own and the
    /// organisation's attestations; the organisation's takes all.
    pub fn for_rule<'a>(
        &'a self,
        rule: &str,
        site: Option<&str>,
        as_of: Date,
        max_age: Option<&(jiff::Span, String)>,
    ) -> Vec<(&'a Entry, Validity)> {
        let mut out: Vec<(&Entry, Validity)> = self
            .entries
            .iter()
            .filter(|e| e.rule == rule && (site.is_none() || e.site.is_none() || e.site.as_deref() == site))
            .map(|e| (e, validity(e, as_of, max_age.map(|m| m.0))))
            .collect();
        out.sort_by(|a, b| b.0.date.cmp(&a.0.date).then(a.0.line.cmp(&b.0.line)));
        out
    }
}

pub fn validity(e: &Entry, as_of: Date, max_age: Option<jiff::Span>) -> Validity {
    let Some(date) = e.date else {
        return Validity::Invalid;
    };
    // A cited sample that does not hold up leaves the judgement unsupported.
    if e.sample.is_some() && e.sample_check.as_ref().is_none_or(|c| c.problem.is_some()) {
        return Validity::Invalid;
    }
    if date > as_of {
        return Validity::Future;
    }
    let default = jiff::Span::new().days(365);
    let ends = [e.valid_for.as_ref().map(|v| v.0), max_age];
    let until = ends
        .iter()
        .flatten()
        .map(|s| time::add(date, *s))
        .min()
        .unwrap_or_else(|| time::add(date, default));
    if until < as_of {
        Validity::Stale { until }
    } else {
        Validity::Current { until }
    }
}
