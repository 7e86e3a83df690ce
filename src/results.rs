//! The results model: the one contract between evaluation and every
//! renderer (terminal, JSON and the reports to come). Renderers read it and
//! hold no logic of their own; the JSON output is this model serialized.

use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use crate::pack::{Mapping, Matching, Scope, Scoring, Severity};
use crate::time::Bucket;

/// Bumped when the JSON shape changes incompatibly.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    /// Evidence could not be read or parsed; never counted as a pass.
    Error,
    /// An accepted, unexpired exception turned a fail into this.
    Waived,
    /// Tailored out by the profile, with a justification.
    NotApplicable,
    /// Needs a person's judgement (an attestation) that is not on record.
    Pending,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Pass,
        Status::Fail,
        Status::Error,
        Status::Waived,
        Status::NotApplicable,
        Status::Pending,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Error => "error",
            Status::Waived => "waived",
            Status::NotApplicable => "not_applicable",
            Status::Pending => "pending",
        }
    }
    /// How bad a status is, for ordering gaps and rolling sites up.
    pub fn badness(self) -> u8 {
        match self {
            Status::Fail => 5,
            Status::Error => 4,
            Status::Pending => 3,
            Status::Waived => 2,
            Status::Pass => 1,
            Status::NotApplicable => 0,
        }
    }
}

/// One thing checked and what was found, with where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Finding {
    pub status: Status,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// For a freshness check: the last day the dated evidence counts as
    /// fresh (its date plus the maximum age), so reports can say when it
    /// goes stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

impl Finding {
    pub fn new(status: Status, message: impl Into<String>) -> Self {
        Finding {
            status,
            message: message.into(),
            file: None,
            line: None,
            site: None,
            expires: None,
        }
    }
    pub fn pass(message: impl Into<String>) -> Self {
        Finding::new(Status::Pass, message)
    }
    pub fn fail(message: impl Into<String>) -> Self {
        Finding::new(Status::Fail, message)
    }
    pub fn error(message: impl Into<String>) -> Self {
        Finding::new(Status::Error, message)
    }
    pub fn pending(message: impl Into<String>) -> Self {
        Finding::new(Status::Pending, message)
    }
    pub fn at(mut self, file: &str, line: Option<u32>) -> Self {
        self.file = Some(file.to_string());
        self.line = line;
        self
    }
    /// `file:line` or `file`, for one-line displays.
    pub fn location(&self) -> Option<String> {
        self.file.as_ref().map(|f| match self.line {
            Some(l) => format!("{f}:{l}"),
            None => f.clone(),
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Results {
    pub schema_version: u32,
    pub tool: Tool,
    pub as_of: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generated_at: Option<String>,
    pub period: Option<Period>,
    pub evidence_root: String,
    /// The evidence root's folder in the repository holding it (`""` at its
    /// root, else ending in `/`), when known: reports for code hosts place
    /// files from the repository root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repository_path: Option<String>,
    /// The profile read, from the evidence root (`evident.yaml`, or a
    /// `--profile` file, `../` steps and all).
    pub profile_path: String,
    pub organisation: Option<String>,
    pub sites: Vec<String>,
    pub packs: Vec<PackResult>,
    pub waivers: Vec<WaiverResult>,
    pub attestations: Vec<AttestationResult>,
    pub manifest: Vec<ManifestEntry>,
    /// Files under the evidence root that no kind claims and that are not
    /// read: evidence a profile's `documents:` or `records:` may be missing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmatched: Vec<String>,
    pub gate: GateResult,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Period {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PackResult {
    pub id: String,
    pub title: String,
    pub version: String,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<String>,
    pub scoring: Scoring,
    pub scope: Scope,
    /// Parameter values in force after the profile's overrides.
    pub params: std::collections::BTreeMap<String, crate::pack::ParamValue>,
    /// The organisation's result (for site-scoped packs, the roll-up).
    pub summary: Summary,
    pub sites: Vec<SiteResult>,
    pub rules: Vec<RuleResult>,
    /// Rules tailored out, with why (the Statement of Applicability).
    pub exclusions: Vec<Exclusion>,
    /// The line of the profile that names the pack, where findings about
    /// missing evidence point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_line: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SiteResult {
    pub site: String,
    pub summary: Summary,
    pub rules: Vec<RuleResult>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    /// False when no rule applies (all tailored out or waived): then there
    /// is no score, level or certification — nothing was assessed, and
    /// nothing may be claimed.
    pub assessed: bool,
    /// 0-100, weighted over applicable rules (waived rules are left out);
    /// null when not assessed.
    pub score: Option<f64>,
    pub sections: Vec<SectionScore>,
    /// Achieved level, for `levels` scoring (0 when no level is reached).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<LevelResult>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dimensions: Vec<DimensionScore>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certification: Option<Certification>,
    pub counts: Counts,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SectionScore {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<String>,
    pub depth: u32,
    /// `None` when no rule under the section applies.
    pub score: Option<f64>,
    pub counts: Counts,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LevelResult {
    pub achieved: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub of: u32,
    /// What keeps the next level out of reach.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocked_by: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DimensionScore {
    pub id: String,
    pub title: String,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Certification {
    pub certified: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// Rules at or above the pack's certification severity that stand in the way.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocked_by: Vec<String>,
    /// The weighted score the decision also asks for, when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_score: Option<f64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub pass: u32,
    pub fail: u32,
    pub error: u32,
    pub waived: u32,
    pub not_applicable: u32,
    pub pending: u32,
}

impl Counts {
    pub fn add(&mut self, s: Status) {
        *self.slot(s) += 1;
    }
    pub fn get(&self, s: Status) -> u32 {
        match s {
            Status::Pass => self.pass,
            Status::Fail => self.fail,
            Status::Error => self.error,
            Status::Waived => self.waived,
            Status::NotApplicable => self.not_applicable,
            Status::Pending => self.pending,
        }
    }
    fn slot(&mut self, s: Status) -> &mut u32 {
        match s {
            Status::Pass => &mut self.pass,
            Status::Fail => &mut self.fail,
            Status::Error => &mut self.error,
            Status::Waived => &mut self.waived,
            Status::NotApplicable => &mut self.not_applicable,
            Status::Pending => &mut self.pending,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleResult {
    pub id: String,
    pub title: String,
    pub section: String,
    pub severity: Severity,
    pub weight: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
    pub status: Status,
    pub evidence: EvidenceSelector,
    pub findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver: Option<AppliedWaiver>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub maps_to: Vec<Mapping>,
    /// The pack's tags on the rule (contact-centre, voice, security, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The rule's own documentation, carried on the organisation's results
    /// (not repeated per site) so every report reads it from one place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guidance: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remediation: Option<String>,
    /// What the rule's metric checks measured (per site in a roll-up).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<MetricTable>,
    /// For a site-scoped pack's organisation roll-up: the rule's status at
    /// each site.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<SiteStatus>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SiteStatus {
    pub site: String,
    pub status: Status,
}

/// The rule's evidence selector as written, so readers know what was looked at.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EvidenceSelector {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(rename = "match")]
    pub matching: Matching,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AppliedWaiver {
    pub reason: String,
    pub owner: String,
    pub approver: String,
    pub expires: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Exclusion {
    pub rule: String,
    pub title: String,
    pub justification: String,
    /// The tag the profile excluded it by, when it did not name the rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WaiverResult {
    pub rule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    pub reason: String,
    pub owner: String,
    pub approver: String,
    pub expires: String,
    /// `active`, `expired`, `invalid` (unreadable date: fails closed) or
    /// `not_waivable` (the pack forbids a waiver on that rule).
    pub state: String,
    /// Days from the as-of date to expiry (negative once expired).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_left: Option<i64>,
    /// Whether it turned a fail into `waived` in this run.
    pub applied: bool,
    pub line: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AttestationResult {
    pub rule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    pub result: String,
    pub auditor: String,
    pub date: String,
    pub statement: String,
    pub evidence: Vec<String>,
    /// `current`, `stale`, `future` (dated after the as-of date) or
    /// `invalid` (unreadable date).
    pub state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    pub line: u32,
    /// The auditor's sample the attestation cites (`sample: SEED/N`),
    /// checked against a fresh draw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<SampleCheck>,
}

/// A filled sample checklist, checked against the draw its seed gives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SampleCheck {
    pub seed: u64,
    pub n: usize,
    /// The checklist, among the attestation's evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub items: usize,
    pub verified: usize,
    pub failed: usize,
    pub unchecked: usize,
    /// Why the sample does not back the attestation (which then does not
    /// count), when it does not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub path: String,
    /// `document`, `records`, `profile`, `waivers`, `attestations`.
    pub role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// How a document's kind was decided (front matter, a metadata line, a
    /// profile glob).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind_from: Option<String>,
    /// A document's title (front matter, else its first heading).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved_on: Option<String>,
    pub size: u64,
    pub sha256: String,
    /// Why the file could not be used, when it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GateResult {
    pub passed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_under: Option<f64>,
    pub fail_on: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_level: Option<u32>,
    /// The profile lets a pack or site that assessed nothing pass the gate.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_not_assessed: bool,
    /// Why the gate failed, one line each.
    pub reasons: Vec<String>,
    /// The run compared with an earlier one (`check --baseline`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineResult>,
}

/// The gate's comparison with a baseline run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BaselineResult {
    /// The baseline's results file, as given.
    pub file: String,
    pub as_of: String,
    /// Whether the regressions alone decided the gate.
    pub fail_on_regression: bool,
    /// Rules worse than in the baseline, one line each.
    pub regressions: Vec<String>,
    pub improvements: Vec<String>,
    /// With `fail_on_regression`: what the gate would have said without the
    /// baseline, kept so a report still shows where the run stands.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub standing: Vec<String>,
}

/// One group of a metric's table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRow {
    pub key: Vec<String>,
    pub n: u64,
    pub value: Option<f64>,
    pub pass: bool,
}

/// A measured value as people read it: shares, and ratios whose target is
/// a fraction (service level, availability), in percent; other measures to
/// three decimals at most.
pub fn display_value(percent: bool, v: f64) -> String {
    if percent {
        format!("{:.1}%", v * 100.0)
    } else {
        format!("{}", (v * 1000.0).round() / 1000.0)
    }
}

/// What a metric measured, for reports and charts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricTable {
    pub records: String,
    pub measure: String,
    pub expect: String,
    /// The number `expect` compares with, resolved, for charts.
    pub threshold: f64,
    /// The time bucket among the key columns, when there is one: the axis
    /// a chart plots.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Bucket>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// Names of the key columns, in order.
    pub by: Vec<String>,
    pub groups: Vec<GroupRow>,
    /// The pool, when the window is pooled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pooled: Option<GroupRow>,
    /// The longest run of consecutive periods (that pass, or with records
    /// when pooled), when a window asks for one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longest_run: Option<u64>,
    /// Rows that did not count, by reason: the first condition they failed,
    /// or why they were not placed in a judged period (`outside the
    /// period`, `after the as-of date`, `no <column>`, `incomplete <bucket>`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub not_counted: BTreeMap<String, u64>,
    /// Rows that could not be read and were skipped (`on_bad_row: skip`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub skipped_rows: u64,
    /// Values read as percentages (see [`in_percent`]).
    pub percent: bool,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}
