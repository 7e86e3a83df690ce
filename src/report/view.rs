//! The view model of the gap reports: everything the Markdown and HTML
//! templates show, decided here — orderings, verdict wording, which findings
//! explain a gap, chart geometry, waiver and attestation flags — so the
//! templates only lay it out and the terminal summary agrees with them.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::results::{
    Certification, Counts, Finding, ManifestEntry, PackResult, Period, Results, RuleResult, Status, Summary, Tool,
};
use crate::results::{MetricTable, display_value};

/// Waivers this close to expiry are highlighted.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

#[derive(Debug, Serialize)]
pub struct View<'a> {
    pub organisation: Option<&'a str>,
    pub tool: &'a Tool,
    pub as_of: &'a str,
    pub generated_at: Option<&'a str>,
    pub period: Option<&'a Period>,
    pub evidence_root: &'a str,
    pub gate: GateView<'a>,
    pub packs: Vec<PackView<'a>>,
    pub gaps: Vec<GapView<'a>>,
    pub metrics: Vec<MetricView<'a>>,
    pub crosswalk: Vec<CrossView<'a>>,
    /// Mappings to packs this run did not evaluate, counted per pack.
    pub crosswalk_elsewhere: Vec<(String, usize)>,
    pub manifest: Vec<ManifestView<'a>>,
    pub waivers: Vec<WaiverView<'a>>,
    pub attestations: Vec<AttestationView<'a>>,
    pub exclusions: Vec<ExclusionView<'a>>,
    /// The values the HTML filters offer.
    pub filters: Filters,
}

#[derive(Debug, Serialize)]
pub struct GateView<'a> {
    pub passed: bool,
    pub reasons: &'a [String],
    pub baseline: Option<&'a crate::results::BaselineResult>,
}

#[derive(Debug, Serialize)]
pub struct PackView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub version: &'a str,
    pub source: &'a str,
    pub provenance: Option<&'a str>,
    pub scoring: &'static str,
    pub score: String,
    pub verdict: String,
    /// `pass` when certified or at a level above 0, `fail` otherwise, `none`
    /// for a plain weighted score: the colour of the verdict.
    pub outcome: &'static str,
    pub counts: &'a Counts,
    pub dimensions: Vec<(String, String)>,
    pub sites: Vec<SiteLine<'a>>,
    pub sections: Vec<SectionLine<'a>>,
    pub rules: Vec<RuleLine<'a>>,
}

#[derive(Debug, Serialize)]
pub struct SiteLine<'a> {
    pub site: &'a str,
    pub score: String,
    pub verdict: String,
    pub outcome: &'static str,
    pub counts: &'a Counts,
}

#[derive(Debug, Serialize)]
pub struct SectionLine<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub provenance: Option<&'a str>,
    pub depth: u32,
    pub score: String,
    pub counts: &'a Counts,
}

#[derive(Debug, Serialize)]
pub struct RuleLine<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub section: &'a str,
    pub severity: &'static str,
    pub status: &'static str,
    pub weight: f64,
    /// Site statuses of a site-scoped pack, `site: status`.
    pub sites: Vec<(&'a str, &'static str)>,
    /// Space-separated sites, for the HTML site filter.
    pub site_list: String,
    /// For a passing rule, what satisfied it: the first passing finding,
    /// at its file and line when it has one.
    pub basis: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct GapView<'a> {
    pub pack: &'a str,
    pub id: &'a str,
    pub title: &'a str,
    pub severity: &'static str,
    pub status: &'static str,
    pub weight: f64,
    /// Sites where the rule has the gap's status (empty: organisation-wide).
    pub sites: Vec<&'a str>,
    pub site_list: String,
    pub findings: Vec<FindingView<'a>>,
    pub guidance: Option<&'a str>,
    pub remediation: Option<&'a str>,
    pub waiver_note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct FindingView<'a> {
    pub site: Option<&'a str>,
    pub location: Option<String>,
    pub message: &'a str,
}

/// One metric check of one rule, every site's table side by side.
#[derive(Debug, Serialize)]
pub struct MetricView<'a> {
    pub pack: &'a str,
    pub rule: &'a str,
    pub title: &'a str,
    pub status: &'static str,
    pub records: &'a str,
    pub measure: &'a str,
    pub expect: &'a str,
    pub by: String,
    pub tables: Vec<TableView<'a>>,
    pub chart: Option<Chart>,
    pub site_list: String,
}

#[derive(Debug, Serialize)]
pub struct TableView<'a> {
    pub site: Option<&'a str>,
    pub rows: Vec<RowView>,
    pub pooled: Option<RowView>,
    pub longest_run: Option<u64>,
    pub not_counted: String,
    pub skipped_rows: u64,
}

#[derive(Debug, Serialize)]
pub struct RowView {
    pub key: String,
    pub n: u64,
    pub value: String,
    pub pass: bool,
}

/// An SVG line chart, laid out here so the template only draws it.
#[derive(Debug, Serialize)]
pub struct Chart {
    pub width: u32,
    pub height: u32,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub threshold_y: Option<f64>,
    pub threshold_label: Option<String>,
    pub x_labels: Vec<Label>,
    pub y_labels: Vec<Label>,
    pub series: Vec<Series>,
}

#[derive(Debug, Serialize)]
pub struct Label {
    pub x: f64,
    pub y: f64,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct Series {
    pub name: String,
    /// `x,y x,y ...` for a polyline.
    pub points: String,
    pub dots: Vec<Dot>,
}

#[derive(Debug, Serialize)]
pub struct Dot {
    pub x: f64,
    pub y: f64,
    pub pass: bool,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct CrossView<'a> {
    pub pack: &'a str,
    pub rule: &'a str,
    pub title: &'a str,
    pub status: &'static str,
    pub targets: Vec<TargetView<'a>>,
}

#[derive(Debug, Serialize)]
pub struct TargetView<'a> {
    pub rule: &'a str,
    pub relation: String,
    /// The target's status and title (its pack was evaluated in this run).
    pub status: &'static str,
    pub title: &'a str,
}

/// A manifest entry with every field present (null when unknown), as the
/// templates' strict undefined needs.
#[derive(Debug, Serialize)]
pub struct ManifestView<'a> {
    pub path: &'a str,
    pub role: &'a str,
    pub kind: Option<&'a str>,
    pub title: Option<&'a str>,
    pub site: Option<&'a str>,
    pub approved_on: Option<&'a str>,
    pub size: u64,
    pub sha256: &'a str,
    pub problem: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct WaiverView<'a> {
    pub rule: &'a str,
    pub site: Option<&'a str>,
    pub reason: &'a str,
    pub owner: &'a str,
    pub approver: &'a str,
    pub expires: &'a str,
    pub state: &'a str,
    pub days_left: Option<i64>,
    pub applied: bool,
    /// `expired`, `expiring` (within [`EXPIRY_WARNING_DAYS`]), `invalid`,
    /// `not_waivable` or empty.
    pub flag: &'static str,
    pub line: u32,
}

#[derive(Debug, Serialize)]
pub struct AttestationView<'a> {
    pub rule: &'a str,
    pub site: Option<&'a str>,
    pub result: &'a str,
    pub auditor: &'a str,
    pub date: &'a str,
    pub statement: &'a str,
    pub state: &'a str,
    pub valid_until: Option<&'a str>,
    /// Whether the state needs attention (anything but `current`).
    pub flagged: bool,
    pub line: u32,
    /// The cited sample: what its checklist says, or why it does not count.
    pub sample: Option<String>,
}

/// A cited sample in one line: `sample 7/10 (audit/s.yaml): 9 verified, 1 not verified`.
pub fn sample_line(c: &crate::results::SampleCheck) -> String {
    let file = c.file.as_deref().map(|f| format!(" ({f})")).unwrap_or_default();
    match &c.problem {
        Some(p) => format!("sample {}/{}{file} does not count: {p}", c.seed, c.n),
        None => format!(
            "sample {}/{}{file}: {} of {} items verified, {} not verified",
            c.seed, c.n, c.verified, c.items, c.failed
        ),
    }
}

#[derive(Debug, Serialize)]
pub struct ExclusionView<'a> {
    pub pack: &'a str,
    pub rule: &'a str,
    pub title: &'a str,
    pub justification: &'a str,
    /// The tag the profile excluded the rule by, if any.
    pub tag: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct Filters {
    pub statuses: Vec<&'static str>,
    pub severities: Vec<&'static str>,
    pub packs: Vec<String>,
    pub sites: Vec<String>,
}

pub fn build(r: &Results) -> View<'_> {
    let packs: Vec<PackView> = r.packs.iter().map(pack_view).collect();
    let gaps = gaps(&r.packs).into_iter().map(|(p, rule)| gap_view(p, rule)).collect();
    let metrics = r
        .packs
        .iter()
        .flat_map(|p| p.rules.iter().flat_map(move |rule| metric_views(p, rule)))
        .collect();
    let (crosswalk, crosswalk_elsewhere) = crosswalk(r);
    let waivers = r
        .waivers
        .iter()
        .map(|w| WaiverView {
            rule: &w.rule,
            site: w.site.as_deref(),
            reason: &w.reason,
            owner: &w.owner,
            approver: &w.approver,
            expires: &w.expires,
            state: &w.state,
            days_left: w.days_left,
            applied: w.applied,
            flag: match w.state.as_str() {
                "expired" => "expired",
                "invalid" => "invalid",
                "not_waivable" => "not_waivable",
                _ if w.days_left.is_some_and(|d| d <= EXPIRY_WARNING_DAYS) => "expiring",
                _ => "",
            },
            line: w.line,
        })
        .collect();
    let attestations = r
        .attestations
        .iter()
        .map(|a| AttestationView {
            rule: &a.rule,
            site: a.site.as_deref(),
            result: &a.result,
            auditor: &a.auditor,
            date: &a.date,
            statement: &a.statement,
            state: &a.state,
            valid_until: a.valid_until.as_deref(),
            flagged: a.state != "current",
            line: a.line,
            sample: a.sample.as_ref().map(sample_line),
        })
        .collect();
    let exclusions = r
        .packs
        .iter()
        .flat_map(|p| {
            p.exclusions.iter().map(move |e| ExclusionView {
                pack: &p.id,
                rule: &e.rule,
                title: &e.title,
                justification: &e.justification,
                tag: e.tag.as_deref(),
            })
        })
        .collect();
    let filters = Filters {
        statuses: Status::ALL.iter().map(|s| s.name()).collect(),
        severities: ["critical", "major", "minor", "info"].into(),
        packs: r.packs.iter().map(|p| p.id.clone()).collect(),
        sites: r.sites.clone(),
    };
    View {
        organisation: r.organisation.as_deref(),
        tool: &r.tool,
        as_of: &r.as_of,
        generated_at: r.generated_at.as_deref(),
        period: r.period.as_ref(),
        evidence_root: &r.evidence_root,
        gate: GateView {
            passed: r.gate.passed,
            reasons: &r.gate.reasons,
            baseline: r.gate.baseline.as_ref(),
        },
        packs,
        gaps,
        metrics,
        crosswalk,
        crosswalk_elsewhere,
        manifest: r.manifest.iter().map(manifest_view).collect(),
        waivers,
        attestations,
        exclusions,
        filters,
    }
}

fn manifest_view(m: &ManifestEntry) -> ManifestView<'_> {
    ManifestView {
        path: &m.path,
        role: &m.role,
        kind: m.kind.as_deref(),
        title: m.title.as_deref(),
        site: m.site.as_deref(),
        approved_on: m.approved_on.as_deref(),
        size: m.size,
        sha256: &m.sha256,
        problem: m.problem.as_deref(),
    }
}

/// A summary's verdict in words: the level, the certification, or the model.
pub fn verdict(s: &Summary) -> String {
    if !s.assessed {
        return "not assessed".into();
    }
    if let Some(l) = &s.level {
        let title = l.title.as_deref().map(|t| format!(" {t}")).unwrap_or_default();
        return format!("level {} of {}{title}", l.achieved, l.of);
    }
    if let Some(Certification {
        certified, valid_until, ..
    }) = &s.certification
    {
        return match (certified, valid_until) {
            (true, Some(u)) => format!("certified until {u}"),
            (true, None) => "certified".into(),
            (false, _) => "not certified".into(),
        };
    }
    "weighted".into()
}

fn outcome(s: &Summary) -> &'static str {
    if !s.assessed {
        return "fail";
    }
    match (&s.level, &s.certification) {
        (Some(l), _) if l.achieved > 0 => "pass",
        (Some(_), _) => "fail",
        (None, Some(c)) if c.certified => "pass",
        (None, Some(_)) => "fail",
        (None, None) => "none",
    }
}

fn score_text(score: Option<f64>) -> String {
    score.map_or_else(|| "–".into(), |s| format!("{s:.1}"))
}

fn pack_view(p: &PackResult) -> PackView<'_> {
    let s = &p.summary;
    PackView {
        id: &p.id,
        title: &p.title,
        version: &p.version,
        source: &p.source,
        provenance: p.provenance.as_deref(),
        scoring: p.scoring.name(),
        score: score_text(s.score),
        verdict: verdict(s),
        outcome: outcome(s),
        counts: &s.counts,
        dimensions: s
            .dimensions
            .iter()
            .map(|d| (d.title.clone(), score_text(d.score)))
            .collect(),
        sites: p
            .sites
            .iter()
            .map(|site| SiteLine {
                site: &site.site,
                score: score_text(site.summary.score),
                verdict: verdict(&site.summary),
                outcome: outcome(&site.summary),
                counts: &site.summary.counts,
            })
            .collect(),
        sections: s
            .sections
            .iter()
            .map(|sec| SectionLine {
                id: &sec.id,
                title: &sec.title,
                provenance: sec.provenance.as_deref(),
                depth: sec.depth,
                score: score_text(sec.score),
                counts: &sec.counts,
            })
            .collect(),
        rules: p
            .rules
            .iter()
            .map(|r| {
                let sites: Vec<(&str, &'static str)> =
                    r.sites.iter().map(|s| (s.site.as_str(), s.status.name())).collect();
                RuleLine {
                    id: &r.id,
                    title: &r.title,
                    section: &r.section,
                    severity: r.severity.name(),
                    status: r.status.name(),
                    weight: r.weight,
                    site_list: sites.iter().map(|s| s.0).collect::<Vec<_>>().join(" "),
                    sites,
                    basis: basis(r),
                }
            })
            .collect(),
    }
}

/// What satisfied a passing rule, as one line: its first passing finding,
/// with the file and line it points at.
fn basis(r: &RuleResult) -> Option<String> {
    if r.status != Status::Pass {
        return None;
    }
    let f = r.findings.iter().find(|f| f.status == Status::Pass)?;
    let site = f.site.as_deref().map(|s| format!("[{s}] ")).unwrap_or_default();
    Some(match (&f.file, f.line) {
        (Some(file), Some(line)) => format!("{site}{file}:{line}: {}", f.message),
        (Some(file), None) => format!("{site}{file}: {}", f.message),
        _ => format!("{site}{}", f.message),
    })
}

/// Organisation-level rules that need attention, worst first: by status,
/// then severity, then weight.
pub fn gaps(packs: &[PackResult]) -> Vec<(&PackResult, &RuleResult)> {
    let mut gaps: Vec<(&PackResult, &RuleResult)> = packs
        .iter()
        .flat_map(|p| p.rules.iter().map(move |r| (p, r)))
        .filter(|(_, r)| matches!(r.status, Status::Fail | Status::Error | Status::Pending))
        .collect();
    gaps.sort_by(|(_, a), (_, b)| {
        b.status
            .badness()
            .cmp(&a.status.badness())
            .then(b.severity.cmp(&a.severity))
            .then(b.weight.total_cmp(&a.weight))
            .then_with(|| crate::text::natural_cmp(&a.id, &b.id))
    });
    gaps
}

/// One place a gap shows, for the formats that annotate files (SARIF,
/// workflow annotations, GitLab Code Quality): each explaining finding, or
/// the rule itself when none does. A finding without a file points at the
/// profile line that names the pack (the evidence is missing, and the
/// profile is what asks for it).
pub struct Located<'a> {
    pub pack: &'a PackResult,
    pub rule: &'a RuleResult,
    pub site: Option<&'a str>,
    /// Relative to the evidence root.
    pub file: &'a str,
    pub line: Option<u32>,
    pub message: String,
    /// Stable across runs while the gap stays in the same place: rule, site,
    /// file and the finding's ordinal there, never the message's data.
    pub fingerprint: String,
}

/// The gaps of `r` where they show: findings without a file point at the
/// profile's line naming the pack.
pub fn located(r: &Results) -> Vec<Located<'_>> {
    let packs = &r.packs;
    use sha2::Digest as _;
    let mut out = Vec::new();
    let mut seen: std::collections::BTreeMap<String, u32> = std::collections::BTreeMap::new();
    for (pack, rule) in gaps(packs) {
        let findings = explaining(rule);
        // (site, file, line, message)
        type Part<'a> = (Option<&'a str>, Option<&'a str>, Option<u32>, String);
        let parts: Vec<Part> = if findings.is_empty() {
            vec![(None, None, None, format!("{}: {}", rule.status.name(), rule.title))]
        } else {
            findings
                .into_iter()
                .map(|f| (f.site.as_deref(), f.file.as_deref(), f.line, f.message.clone()))
                .collect()
        };
        for (site, file, line, message) in parts {
            let (file, line) = match file {
                Some(f) => (f, line),
                None => (r.profile_path.as_str(), pack.profile_line),
            };
            let key = format!("{}\u{1f}{}\u{1f}{file}", rule.id, site.unwrap_or(""));
            let n = seen.entry(key.clone()).or_default();
            *n += 1;
            let digest = sha2::Sha256::digest(format!("{key}\u{1f}{n}").as_bytes());
            out.push(Located {
                pack,
                rule,
                site,
                file,
                line,
                message,
                fingerprint: crate::evidence::hex(&digest)[..32].to_string(),
            });
        }
    }
    out
}

impl Located<'_> {
    /// The message with its site, as one line.
    pub fn text(&self) -> String {
        match self.site {
            Some(s) => format!("{} — [{s}] {}", self.rule.title, self.message),
            None => format!("{} — {}", self.rule.title, self.message),
        }
    }
}

/// The findings that explain a gap: of the rule's status, and from sites
/// where the rule has it (a passing site's pending alternative is no gap).
pub fn explaining(rule: &RuleResult) -> Vec<&Finding> {
    let site_has_status = |site: &Option<String>| match site {
        Some(s) => rule.sites.iter().any(|x| &x.site == s && x.status == rule.status),
        None => true,
    };
    rule.findings
        .iter()
        .filter(|f| f.status == rule.status && site_has_status(&f.site))
        .collect()
}

fn gap_view<'a>(p: &'a PackResult, rule: &'a RuleResult) -> GapView<'a> {
    let sites: Vec<&str> = rule
        .sites
        .iter()
        .filter(|s| s.status == rule.status)
        .map(|s| s.site.as_str())
        .collect();
    GapView {
        pack: &p.id,
        id: &rule.id,
        title: &rule.title,
        severity: rule.severity.name(),
        status: rule.status.name(),
        weight: rule.weight,
        site_list: sites.join(" "),
        sites,
        findings: explaining(rule)
            .into_iter()
            .map(|f| FindingView {
                site: f.site.as_deref(),
                location: f.location(),
                message: &f.message,
            })
            .collect(),
        guidance: rule.guidance.as_deref(),
        remediation: rule.remediation.as_deref(),
        waiver_note: rule
            .waiver
            .as_ref()
            .map(|w| format!("waived until {} ({}, approved by {})", w.expires, w.owner, w.approver)),
    }
}

/// A rule's metric tables grouped by the check that produced them (one
/// table per site and check), each group with its chart.
fn metric_views<'a>(p: &'a PackResult, rule: &'a RuleResult) -> Vec<MetricView<'a>> {
    let mut groups: Vec<Vec<&MetricTable>> = Vec::new();
    for t in &rule.metrics {
        let same = |g: &Vec<&MetricTable>| {
            let f = g[0];
            f.records == t.records && f.measure == t.measure && f.expect == t.expect && f.by == t.by
        };
        match groups.iter_mut().find(|g| same(g)) {
            Some(g) => g.push(t),
            None => groups.push(vec![t]),
        }
    }
    groups
        .into_iter()
        .map(|tables| {
            let first = tables[0];
            let sites: BTreeSet<&str> = tables.iter().filter_map(|t| t.site.as_deref()).collect();
            MetricView {
                pack: &p.id,
                rule: &rule.id,
                title: &rule.title,
                status: rule.status.name(),
                records: &first.records,
                measure: &first.measure,
                expect: &first.expect,
                by: first.by.join(", "),
                chart: chart(&tables),
                site_list: sites.into_iter().collect::<Vec<_>>().join(" "),
                tables: tables.iter().map(|t| table_view(t)).collect(),
            }
        })
        .collect()
}

fn row_view(percent: bool, g: &crate::results::GroupRow) -> RowView {
    RowView {
        key: if g.key.is_empty() {
            "all".into()
        } else {
            g.key.join(" · ")
        },
        n: g.n,
        value: g.value.map_or_else(|| "no value".into(), |v| display_value(percent, v)),
        pass: g.pass,
    }
}

fn table_view(t: &MetricTable) -> TableView<'_> {
    TableView {
        site: t.site.as_deref(),
        rows: t.groups.iter().map(|g| row_view(t.percent, g)).collect(),
        pooled: t.pooled.as_ref().map(|g| row_view(t.percent, g)),
        longest_run: t.longest_run,
        not_counted: t
            .not_counted
            .iter()
            .map(|(c, n)| format!("{c}: {n}"))
            .collect::<Vec<_>>()
            .join(", "),
        skipped_rows: t.skipped_rows,
    }
}

const CHART_W: u32 = 640;
const CHART_H: u32 = 220;
const MARGIN: (f64, f64, f64, f64) = (56.0, 32.0, 14.0, 30.0);

/// A chart of the measured value per period against the threshold, one line
/// per site — only for metrics keyed by a time bucket alone.
fn chart(tables: &[&MetricTable]) -> Option<Chart> {
    let first = tables[0];
    // The target in the axis's unit (80.0%, not 0.8).
    let target = format!(
        "target {} {}",
        first.expect.split_whitespace().next().unwrap_or_default(),
        display_value(first.percent, first.threshold)
    );
    draw(tables, Some((first.threshold, target)))
}

/// Lays out a line chart of tables keyed by one period column, one series
/// per table, with the target line when there is one.
fn draw(tables: &[&MetricTable], target: Option<(f64, String)>) -> Option<Chart> {
    let first = tables[0];
    if first.period.is_none() || first.by.len() != 1 {
        return None;
    }
    let periods: BTreeSet<&str> = tables
        .iter()
        .flat_map(|t| t.groups.iter().filter_map(|g| g.key.first().map(String::as_str)))
        .collect();
    if periods.len() < 2 {
        return None;
    }
    let periods: Vec<&str> = periods.into_iter().collect();
    let values: Vec<f64> = tables
        .iter()
        .flat_map(|t| t.groups.iter().filter_map(|g| g.value))
        .collect();
    // A metric with no value has nothing to draw.
    if values.is_empty() {
        return None;
    }
    let ticks = 4;
    let start = target.as_ref().map_or(values[0], |t| t.0);
    let (mut lo, mut hi) = values
        .iter()
        .fold((start, start), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    let never_negative = lo >= 0.0;
    let pad = ((hi - lo) * 0.1).max(if first.percent { 0.01 } else { 1.0 });
    lo -= pad;
    hi += pad;
    if first.percent || first.measure == "count" {
        // Counts and shares are read from zero.
        lo = 0.0;
    } else if never_negative {
        lo = lo.max(0.0);
    }
    if first.measure == "share" {
        hi = hi.min(1.0);
    }
    if first.measure == "score" {
        (lo, hi) = (0.0, 100.0);
    }
    if first.measure == "count" {
        // Whole-number ticks: the span a multiple of the tick count.
        let step = ((hi - lo) / f64::from(ticks)).ceil().max(1.0);
        hi = lo + step * f64::from(ticks);
    }
    let (ml, mr, mt, mb) = MARGIN;
    let (w, h) = (f64::from(CHART_W), f64::from(CHART_H));
    let x_of = |i: usize| ml + (w - ml - mr) * i as f64 / (periods.len() - 1) as f64;
    let y_of = |v: f64| round1(mt + (h - mt - mb) * (hi - v) / (hi - lo));
    let series = tables
        .iter()
        .map(|t| {
            let dots: Vec<Dot> = t
                .groups
                .iter()
                .filter_map(|g| {
                    let v = g.value?;
                    let i = periods
                        .iter()
                        .position(|p| Some(*p) == g.key.first().map(String::as_str))?;
                    Some(Dot {
                        x: round1(x_of(i)),
                        y: y_of(v),
                        pass: g.pass,
                        title: format!(
                            "{}{}: {} (n={})",
                            t.site.as_deref().map(|s| format!("{s} ")).unwrap_or_default(),
                            g.key.join(" "),
                            display_value(t.percent, v),
                            g.n
                        ),
                    })
                })
                .collect();
            Series {
                name: t.site.clone().unwrap_or_else(|| "all".into()),
                points: dots
                    .iter()
                    .map(|d| format!("{},{}", d.x, d.y))
                    .collect::<Vec<_>>()
                    .join(" "),
                dots,
            }
        })
        .collect();
    Some(Chart {
        width: CHART_W,
        height: CHART_H,
        left: ml,
        right: w - mr,
        top: mt,
        bottom: h - mb,
        threshold_y: target.as_ref().map(|t| y_of(t.0)),
        threshold_label: target.map(|t| t.1),
        x_labels: periods
            .iter()
            .enumerate()
            .map(|(i, p)| Label {
                x: round1(x_of(i)),
                y: h - mb + 16.0,
                text: (*p).to_string(),
            })
            .collect(),
        y_labels: (0..=ticks)
            .map(|k| {
                let v = lo + (hi - lo) * f64::from(k) / f64::from(ticks);
                Label {
                    x: ml - 6.0,
                    y: y_of(v),
                    text: display_value(first.percent, v),
                }
            })
            .collect(),
        series,
    })
}

/// `evident trend` laid out: a chart and a table per pack (scores per
/// site over the runs) and per chosen metric.
#[derive(Debug, Serialize)]
pub struct TrendView<'a> {
    pub organisation: Option<&'a str>,
    pub points: &'a [crate::history::trend::Point],
    pub sections: Vec<TrendSection>,
}

#[derive(Debug, Serialize)]
pub struct TrendSection {
    pub title: String,
    pub chart: Option<Chart>,
    /// `(row label, one cell per run)`.
    pub rows: Vec<(String, Vec<String>)>,
}

pub fn trend(t: &crate::history::trend::Trend) -> TrendView<'_> {
    use crate::history::trend::Series;
    let place = |s: &Series| s.site.clone().unwrap_or_else(|| "organisation".into());
    let cell = |s: &Series, v: Option<f64>| match (s.measure.as_str(), v) {
        (_, None) => String::new(),
        ("certified", Some(v)) => if v > 0.0 { "certified" } else { "not certified" }.into(),
        ("score", Some(v)) => format!("{v:.1}"),
        (_, Some(v)) => display_value(s.percent, v),
    };
    // A series as a table keyed by run, so the metric chart draws it.
    let table = |s: &Series| MetricTable {
        records: String::new(),
        measure: s.measure.clone(),
        expect: s.expect.clone().unwrap_or_default(),
        threshold: s.target.unwrap_or_default(),
        period: Some(crate::time::Bucket::Day),
        site: Some(place(s)),
        by: vec!["as_of".into()],
        groups: t
            .points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                s.values[i].map(|v| crate::results::GroupRow {
                    key: vec![p.as_of.clone()],
                    n: s.n[i].unwrap_or(0),
                    value: Some(v),
                    pass: s.pass[i].unwrap_or(true),
                })
            })
            .collect(),
        pooled: None,
        longest_run: None,
        not_counted: Default::default(),
        skipped_rows: 0,
        percent: s.percent,
    };
    let mut sections = Vec::new();
    let mut packs: Vec<&str> = t.series.iter().map(|s| s.pack.as_str()).collect();
    packs.dedup();
    for pack in packs {
        let of_pack: Vec<&Series> = t
            .series
            .iter()
            .filter(|s| s.pack == pack && s.measure != "metric")
            .collect();
        let scores: Vec<MetricTable> = of_pack
            .iter()
            .filter(|s| s.measure == "score")
            .map(|s| table(s))
            .collect();
        let refs: Vec<&MetricTable> = scores.iter().collect();
        let rows = of_pack
            .iter()
            .filter(|s| matches!(s.measure.as_str(), "score" | "level" | "certified" | "fail"))
            .map(|s| {
                (
                    format!(
                        "{} {}",
                        place(s),
                        if s.measure == "fail" {
                            "failing rules"
                        } else {
                            &s.measure
                        }
                    ),
                    s.values.iter().map(|v| cell(s, *v)).collect(),
                )
            })
            .collect();
        sections.push(TrendSection {
            title: format!("{pack}: score per run"),
            chart: if refs.is_empty() { None } else { draw(&refs, None) },
            rows,
        });
    }
    let metrics: Vec<&Series> = t.series.iter().filter(|s| s.measure == "metric").collect();
    let mut labels: Vec<(&str, &str)> = metrics
        .iter()
        .map(|s| {
            (
                s.rule.as_deref().unwrap_or_default(),
                s.label.as_deref().unwrap_or_default(),
            )
        })
        .collect();
    labels.sort();
    labels.dedup();
    for (rule, label) in labels {
        let these: Vec<&Series> = metrics
            .iter()
            .copied()
            .filter(|s| s.rule.as_deref() == Some(rule) && s.label.as_deref() == Some(label))
            .collect();
        let tables: Vec<MetricTable> = these.iter().map(|s| table(s)).collect();
        let refs: Vec<&MetricTable> = tables.iter().collect();
        sections.push(TrendSection {
            title: format!("{rule}: {label}"),
            chart: chart(&refs),
            rows: these
                .iter()
                .map(|s| (place(s), s.values.iter().map(|v| cell(s, *v)).collect()))
                .collect(),
        });
    }
    TrendView {
        organisation: t.organisation.as_deref(),
        points: &t.points,
        sections,
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// What each rule's evidence also covers in the other packs evaluated in
/// this run; mappings to packs the run did not evaluate are only counted,
/// per pack (a row per mapping would say "not evaluated" hundreds of times).
fn crosswalk(r: &Results) -> (Vec<CrossView<'_>>, Vec<(String, usize)>) {
    let by_id: std::collections::HashMap<&str, &RuleResult> = r
        .packs
        .iter()
        .flat_map(|p| &p.rules)
        .map(|x| (x.id.as_str(), x))
        .collect();
    let mut elsewhere: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut rows = Vec::new();
    for p in &r.packs {
        for rule in p.rules.iter().filter(|rule| !rule.maps_to.is_empty()) {
            let mut targets = Vec::new();
            for m in &rule.maps_to {
                match by_id.get(m.rule.as_str()) {
                    Some(t) => targets.push(TargetView {
                        rule: &m.rule,
                        relation: m.relation.to_string(),
                        status: t.status.name(),
                        title: &t.title,
                    }),
                    None => {
                        let pack = m.rule.split('.').next().unwrap_or_default();
                        *elsewhere.entry(pack.to_string()).or_default() += 1;
                    }
                }
            }
            if !targets.is_empty() {
                rows.push(CrossView {
                    pack: &p.id,
                    rule: &rule.id,
                    title: &rule.title,
                    status: rule.status.name(),
                    targets,
                });
            }
        }
    }
    (rows, elsewhere.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::chart;
    use crate::results::{GroupRow, MetricTable};
    use crate::time::Bucket;

    fn table(measure: &str, expect: &str, threshold: f64, values: &[Option<f64>]) -> MetricTable {
        MetricTable {
            records: "r".into(),
            measure: measure.into(),
            expect: expect.into(),
            threshold,
            period: Some(Bucket::Month),
            site: None,
            by: vec!["month(ts)".into()],
            groups: values
                .iter()
                .enumerate()
                .map(|(i, v)| GroupRow {
                    key: vec![format!("2026-0{}", i + 1)],
                    n: 10,
                    value: *v,
                    pass: true,
                })
                .collect(),
            pooled: None,
            longest_run: None,
            not_counted: Default::default(),
            skipped_rows: 0,
            percent: measure == "share",
        }
    }

    /// Charts as people read them: no chart without a value, counts and
    /// shares from zero, whole-number ticks for counts, the target in the
    /// axis's unit.
    #[test]
    fn charts_start_at_zero_tick_whole_counts_and_label_the_target_in_its_unit() {
        assert!(chart(&[&table("count", ">= 3", 3.0, &[None, None])]).is_none());
        let c = chart(&[&table("count", ">= 3", 3.0, &[Some(5.0), Some(6.0)])]).unwrap();
        let ticks: Vec<&str> = c.y_labels.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(ticks.first(), Some(&"0"));
        assert!(ticks.iter().all(|t| !t.contains('.')), "{ticks:?}");
        let c = chart(&[&table("share", ">= 0.8", 0.8, &[Some(0.9), Some(0.95)])]).unwrap();
        assert_eq!(c.threshold_label.as_deref(), Some("target >= 80.0%"));
        assert_eq!(c.y_labels[0].text, "0.0%");
        let c = chart(&[&table("mean", "<= 300", 300.0, &[Some(250.0), Some(260.0)])]).unwrap();
        assert!(
            c.y_labels.iter().all(|l| !l.text.starts_with('-')),
            "a time is never negative"
        );
    }
}
