//! The working papers: the results laid out as flat tables for the CSV and
//! XLSX reports, which only write them. One place decides the rows, so the
//! CSV and the workbook's Findings sheet cannot drift apart. Rows follow the
//! results' order (already sorted), so two runs give the same papers.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::view::verdict;
use crate::results::{Finding, MetricTable, PackResult, Results, RuleResult, Status, Summary};

/// A cell as its meaning, not its look: each writer chooses how to show it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Text from the packs, the profile or the evidence: untrusted, always
    /// written as text and never as a formula.
    Text(Cow<'a, str>),
    Number(f64),
    /// A fraction, shown as a percentage where the format can.
    Percent(f64),
    /// A status, which the workbook colours (its name is always the text).
    Status(Status),
    Empty,
}

impl<'a> Cell<'a> {
    fn text(s: &'a str) -> Cell<'a> {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(Cow::Borrowed(s))
        }
    }
    fn opt(s: Option<&'a str>) -> Cell<'a> {
        s.map_or(Cell::Empty, Cell::text)
    }
    fn owned(s: String) -> Cell<'a> {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(Cow::Owned(s))
        }
    }
    fn yes_no(b: bool) -> Cell<'a> {
        Cell::Text(Cow::Borrowed(if b { "yes" } else { "no" }))
    }
    fn count(n: impl Into<f64>) -> Cell<'a> {
        Cell::Number(n.into())
    }
}

pub struct Table<'a> {
    /// The workbook's sheet name.
    pub sheet: &'static str,
    /// The header: the columns' names, as written in the file.
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Cell<'a>>>,
}

impl<'a> Table<'a> {
    /// `columns` is the header's names separated by spaces.
    fn new(sheet: &'static str, columns: &'static str, rows: impl IntoIterator<Item = Vec<Cell<'a>>>) -> Table<'a> {
        Table {
            sheet,
            columns: columns.split(' ').collect(),
            rows: rows.into_iter().collect(),
        }
    }
}

pub const FINDINGS: &str = concat!(
    "pack pack_version rule title section severity weight level site status finding_status message file line ",
    "waiver_reason waiver_owner waiver_expires justification tags guidance remediation"
);

/// One row per rule x site x finding, a rule with no finding on one row of
/// its own. The organisation's rows (site empty) come first, then each
/// site's. A site-scoped pack's organisation roll-up repeats every site's
/// findings; its rows keep only the findings tied to no site, so a pivot
/// counts each finding once (the others are on their site's rows).
pub fn findings(r: &Results) -> Table<'_> {
    let mut rows = Vec::new();
    for p in &r.packs {
        let docs = docs(p);
        for (site, rule) in rule_sites(p) {
            let doc = docs.get(rule.id.as_str()).copied().unwrap_or(rule);
            let listed: Vec<&Finding> = rule
                .findings
                .iter()
                .filter(|f| site.is_some() || p.sites.is_empty() || f.site.is_none())
                .collect();
            if listed.is_empty() {
                rows.push(finding_row(p, site, rule, doc, None));
            }
            rows.extend(listed.into_iter().map(|f| finding_row(p, site, rule, doc, Some(f))));
        }
    }
    Table::new("Findings", FINDINGS, rows)
}

/// A row of the Findings table; `doc` is the rule's documentation.
fn finding_row<'a>(
    p: &'a PackResult,
    site: Option<&'a str>,
    rule: &'a RuleResult,
    doc: &'a RuleResult,
    f: Option<&'a Finding>,
) -> Vec<Cell<'a>> {
    let waiver = rule.waiver.as_ref();
    vec![
        Cell::text(&p.id),
        Cell::text(&p.version),
        Cell::text(&rule.id),
        Cell::text(&rule.title),
        Cell::text(&rule.section),
        Cell::text(rule.severity.name()),
        Cell::Number(rule.weight),
        rule.level.map_or(Cell::Empty, Cell::count),
        Cell::opt(site),
        Cell::Status(rule.status),
        f.map_or(Cell::Empty, |f| Cell::Status(f.status)),
        f.map_or(Cell::Empty, |f| Cell::text(&f.message)),
        Cell::opt(f.and_then(|f| f.file.as_deref())),
        f.and_then(|f| f.line).map_or(Cell::Empty, Cell::count),
        Cell::opt(waiver.map(|w| w.reason.as_str())),
        Cell::opt(waiver.map(|w| w.owner.as_str())),
        Cell::opt(waiver.map(|w| w.expires.as_str())),
        Cell::opt(rule.justification.as_deref()),
        Cell::owned(doc.tags.join(", ")),
        Cell::opt(doc.guidance.as_deref()),
        Cell::opt(doc.remediation.as_deref()),
    ]
}

const RULES: &str = "pack rule title section severity weight level site status findings waiver_expires justification";

/// One row per rule x site: the organisation's result (site empty), then
/// each site's.
pub fn rules(r: &Results) -> Table<'_> {
    let rows = r
        .packs
        .iter()
        .flat_map(|p| rule_sites(p).map(move |(site, rule)| (p, site, rule)))
        .map(|(p, site, rule)| {
            vec![
                Cell::text(&p.id),
                Cell::text(&rule.id),
                Cell::text(&rule.title),
                Cell::text(&rule.section),
                Cell::text(rule.severity.name()),
                Cell::Number(rule.weight),
                rule.level.map_or(Cell::Empty, Cell::count),
                Cell::opt(site),
                Cell::Status(rule.status),
                Cell::count(rule.findings.len() as f64),
                Cell::opt(rule.waiver.as_ref().map(|w| w.expires.as_str())),
                Cell::opt(rule.justification.as_deref()),
            ]
        });
    Table::new("Rules", RULES, rows)
}

const SUMMARY: &str = concat!(
    "pack title version scoring site assessed score result level certified valid_until ",
    "pass fail error waived not_applicable pending blocked_by"
);

/// One row per pack (the organisation's result), then one per site.
pub fn summary(r: &Results) -> Table<'_> {
    let rows = r.packs.iter().flat_map(|p| {
        std::iter::once(summary_row(p, None, &p.summary))
            .chain(p.sites.iter().map(move |s| summary_row(p, Some(&s.site), &s.summary)))
    });
    Table::new("Summary", SUMMARY, rows)
}

fn summary_row<'a>(p: &'a PackResult, site: Option<&'a str>, s: &'a Summary) -> Vec<Cell<'a>> {
    let c = &s.counts;
    let mut blocked: Vec<&str> = Vec::new();
    if let Some(l) = &s.level {
        blocked.extend(l.blocked_by.iter().map(String::as_str));
    }
    if let Some(c) = &s.certification {
        blocked.extend(c.blocked_by.iter().map(String::as_str));
    }
    let mut row = vec![
        Cell::text(&p.id),
        Cell::text(&p.title),
        Cell::text(&p.version),
        Cell::text(p.scoring.name()),
        Cell::opt(site),
        Cell::yes_no(s.assessed),
        s.score.map_or(Cell::Empty, Cell::Number),
        Cell::owned(verdict(s)),
        s.level.as_ref().map_or(Cell::Empty, |l| Cell::count(l.achieved)),
        s.certification
            .as_ref()
            .map_or(Cell::Empty, |c| Cell::yes_no(c.certified)),
        Cell::opt(s.certification.as_ref().and_then(|c| c.valid_until.as_deref())),
    ];
    row.extend(Status::ALL.iter().map(|&st| Cell::count(c.get(st))));
    row.push(Cell::owned(blocked.join(", ")));
    row
}

const GATE: &str = "gate reason";

/// The gate's verdict, then why it failed, one reason a row.
pub fn gate(r: &Results) -> Table<'_> {
    let verdict = if r.gate.passed { "passed" } else { "failed" };
    let mut rows = vec![vec![Cell::text(verdict), Cell::Empty]];
    rows.extend(
        r.gate
            .reasons
            .iter()
            .map(|reason| vec![Cell::text(verdict), Cell::text(reason)]),
    );
    Table::new("Summary", GATE, rows)
}

const LEGEND: &str = "status meaning";

/// What each status means: the workbook's colours are a help, the status
/// names the meaning.
pub fn legend() -> Table<'static> {
    let meaning = |s: Status| match s {
        Status::Pass => "the evidence meets the rule",
        Status::Fail => "the evidence does not meet the rule",
        Status::Error => "the evidence could not be read; never counted as a pass",
        Status::Waived => "a fail under an accepted, unexpired waiver",
        Status::NotApplicable => "tailored out by the profile, with a justification",
        Status::Pending => "needs a person's judgement that is not on record",
    };
    Table::new(
        "Summary",
        LEGEND,
        Status::ALL
            .iter()
            .map(|&s| vec![Cell::Status(s), Cell::text(meaning(s))]),
    )
}

const METRICS: &str = "pack rule site records measure expect by group n value threshold meets";

/// One row per group of every metric table (the pool last, as `pooled`).
/// The organisation's rules carry every site's tables, so only they are read.
pub fn metrics(r: &Results) -> Table<'_> {
    let mut rows = Vec::new();
    for p in &r.packs {
        for rule in &p.rules {
            for t in &rule.metrics {
                let groups = t.groups.iter().map(|g| (g.key.join(", "), g));
                let pooled = t.pooled.iter().map(|g| ("pooled".to_string(), g));
                for (group, g) in groups.chain(pooled) {
                    rows.push(vec![
                        Cell::text(&p.id),
                        Cell::text(&rule.id),
                        Cell::opt(t.site.as_deref()),
                        Cell::text(&t.records),
                        Cell::text(&t.measure),
                        Cell::text(&t.expect),
                        Cell::owned(t.by.join(", ")),
                        Cell::owned(if group.is_empty() { "all".into() } else { group }),
                        Cell::count(g.n as f64),
                        g.value
                            .map_or(Cell::Text(Cow::Borrowed("no value")), |v| measured(t, v)),
                        measured(t, t.threshold),
                        Cell::yes_no(g.pass),
                    ]);
                }
            }
        }
    }
    Table::new("Metrics", METRICS, rows)
}

fn measured<'a>(t: &MetricTable, v: f64) -> Cell<'a> {
    if t.percent { Cell::Percent(v) } else { Cell::Number(v) }
}

const WAIVERS: &str = "rule site state applied expires days_left owner approver reason line";

pub fn waivers(r: &Results) -> Table<'_> {
    Table::new(
        "Waivers",
        WAIVERS,
        r.waivers.iter().map(|w| {
            vec![
                Cell::text(&w.rule),
                Cell::opt(w.site.as_deref()),
                Cell::text(&w.state),
                Cell::yes_no(w.applied),
                Cell::text(&w.expires),
                w.days_left.map_or(Cell::Empty, |d| Cell::Number(d as f64)),
                Cell::text(&w.owner),
                Cell::text(&w.approver),
                Cell::text(&w.reason),
                Cell::count(w.line),
            ]
        }),
    )
}

const ATTESTATIONS: &str = "rule site result auditor date state valid_until statement evidence sample line";

pub fn attestations(r: &Results) -> Table<'_> {
    Table::new(
        "Attestations",
        ATTESTATIONS,
        r.attestations.iter().map(|a| {
            vec![
                Cell::text(&a.rule),
                Cell::opt(a.site.as_deref()),
                Cell::text(&a.result),
                Cell::text(&a.auditor),
                Cell::text(&a.date),
                Cell::text(&a.state),
                Cell::opt(a.valid_until.as_deref()),
                Cell::text(&a.statement),
                Cell::owned(a.evidence.join(", ")),
                a.sample
                    .as_ref()
                    .map_or(Cell::Empty, |c| Cell::owned(super::view::sample_line(c))),
                Cell::count(a.line),
            ]
        }),
    )
}

const EVIDENCE: &str = "path role kind kind_from title site approved_on size sha256 problem";

/// The evidence manifest, with each file's hash.
pub fn evidence(r: &Results) -> Table<'_> {
    Table::new(
        "Evidence",
        EVIDENCE,
        r.manifest.iter().map(|e| {
            vec![
                Cell::text(&e.path),
                Cell::text(&e.role),
                Cell::opt(e.kind.as_deref()),
                Cell::opt(e.kind_from.as_deref()),
                Cell::opt(e.title.as_deref()),
                Cell::opt(e.site.as_deref()),
                Cell::opt(e.approved_on.as_deref()),
                Cell::Number(e.size as f64),
                Cell::text(&e.sha256),
                Cell::opt(e.problem.as_deref()),
            ]
        }),
    )
}

/// The organisation's rules (no site), then each site's.
fn rule_sites(p: &PackResult) -> impl Iterator<Item = (Option<&str>, &RuleResult)> {
    let org = p.rules.iter().map(|rule| (None, rule));
    let sites = p
        .sites
        .iter()
        .flat_map(|s| s.rules.iter().map(move |rule| (Some(s.site.as_str()), rule)));
    org.chain(sites)
}

/// The organisation's rules by id: they carry the rule's documentation
/// (tags, guidance, remediation), which a site's results do not repeat.
fn docs(p: &PackResult) -> FxHashMap<&str, &RuleResult> {
    p.rules.iter().map(|r| (r.id.as_str(), r)).collect()
}
