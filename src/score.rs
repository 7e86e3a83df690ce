//! Scoring models and the gate.
//!
//! - `weighted`: score = 100 × Σ weight of passing rules ÷ Σ weight of
//!   applicable rules. `not_applicable` and `waived` rules are left out of
//!   both sums; `fail`, `error` and `pending` count against.
//! - `levels`: the achieved level is the highest level whose rules, and the
//!   rules of every level below it, all pass (or are waived or tailored
//!   out). Dimension scores (weighted, per dimension) are shown beside it.
//! - `criteria`: certified when every applicable critical rule passes (or is
//!   waived); valid for the pack's `validity` parameter (default one year)
//!   from the end of the audit period, or from the as-of date.
//! - any model may add `certify: {severity, min_score}`: the same decision
//!   with another severity bar and, optionally, a minimum weighted score.
//!
//! The gate fails a run on a score under `fail_under`, a `fail` or `error`
//! at or above `fail_on` (default `minor`: info rules never fail a run), or
//! a level under `min_level`.

use jiff::civil::Date;

use crate::pack::{Pack, Params, Scoring, Severity};
use crate::results::{
    Certification, Counts, DimensionScore, GateResult, LevelResult, PackResult, RuleResult, SectionScore, Status,
    Summary,
};

/// The severity at and above which a failing rule fails the gate by default.
pub const DEFAULT_FAIL_ON: Severity = Severity::Minor;

fn counts(rules: &[&RuleResult]) -> Counts {
    let mut c = Counts::default();
    rules.iter().for_each(|r| c.add(r.status));
    c
}

/// Weighted share of applicable rules that pass, rounded to one decimal;
/// `None` when nothing applies.
fn weighted(rules: &[&RuleResult]) -> Option<f64> {
    let applicable = |r: &&&RuleResult| !matches!(r.status, Status::NotApplicable | Status::Waived);
    let total: f64 = rules.iter().filter(applicable).map(|r| r.weight).sum();
    let passed: f64 = rules
        .iter()
        .filter(applicable)
        .filter(|r| r.status == Status::Pass)
        .map(|r| r.weight)
        .sum();
    // An empty float sum is -0.0; adding 0.0 keeps "-0.0" out of reports.
    (total > 0.0).then(|| (passed / total * 1000.0).round() / 10.0 + 0.0)
}

fn satisfied(s: Status) -> bool {
    matches!(s, Status::Pass | Status::Waived | Status::NotApplicable)
}

pub fn summarise(pack: &Pack, rules: &[RuleResult], params: &Params, as_of: Date, period_end: Option<Date>) -> Summary {
    let all: Vec<&RuleResult> = rules.iter().collect();
    let sections = pack
        .sections
        .iter()
        .map(|s| {
            let under: Vec<&RuleResult> = rules.iter().filter(|r| pack.in_section(&r.section, &s.id)).collect();
            SectionScore {
                id: s.id.clone(),
                title: s.title.clone(),
                provenance: s.provenance.clone(),
                depth: s.depth,
                score: weighted(&under),
                counts: counts(&under),
            }
        })
        .collect();
    let score = weighted(&all);
    let mut summary = Summary {
        assessed: score.is_some(),
        score,
        sections,
        level: None,
        dimensions: Vec::new(),
        certification: None,
        counts: counts(&all),
    };
    if !summary.assessed {
        // No level, no certification: a decision needs a rule that applies.
        return summary;
    }
    match pack.scoring {
        Scoring::Weighted => {}
        Scoring::Levels => {
            let mut achieved = 0;
            let mut blocked_by = Vec::new();
            for level in &pack.levels {
                let failing: Vec<String> = rules
                    .iter()
                    .filter(|r| r.level == Some(level.id) && !satisfied(r.status))
                    .map(|r| r.id.clone())
                    .collect();
                if failing.is_empty() {
                    achieved = level.id;
                } else {
                    blocked_by = failing;
                    break;
                }
            }
            let title = pack.levels.iter().find(|l| l.id == achieved).map(|l| l.title.clone());
            summary.level = Some(LevelResult {
                achieved,
                title,
                of: pack.levels.len() as u32,
                blocked_by,
            });
            summary.dimensions = pack
                .dimensions
                .iter()
                .map(|d| {
                    let under: Vec<&RuleResult> =
                        rules.iter().filter(|r| r.dimension.as_deref() == Some(&d.id)).collect();
                    DimensionScore {
                        id: d.id.clone(),
                        title: d.title.clone(),
                        score: weighted(&under),
                    }
                })
                .collect();
        }
        Scoring::Criteria => {}
    }
    if let Some(c) = &pack.certify {
        let blocked_by: Vec<String> = rules
            .iter()
            .filter(|r| r.severity >= c.severity && !satisfied(r.status))
            .map(|r| r.id.clone())
            .collect();
        let min_score = c.min_score.as_ref().map(|m| m.resolve(params));
        let certified = blocked_by.is_empty() && min_score.is_none_or(|m| summary.score.is_some_and(|s| s >= m));
        let validity = crate::eval::param_duration(params, "validity")
            .map(|v| v.0)
            .unwrap_or_else(|| jiff::Span::new().years(1));
        let start = period_end.unwrap_or(as_of);
        summary.certification = Some(Certification {
            certified,
            valid_until: certified.then(|| crate::time::add(start, validity).to_string()),
            blocked_by,
            min_score,
        });
    }
    summary
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Gate {
    pub fail_under: Option<f64>,
    pub fail_on: Option<Severity>,
    pub min_level: Option<u32>,
    /// A pack or site with no applicable rule passes the gate (it fails it
    /// unless the profile says so).
    pub allow_not_assessed: bool,
}

pub fn gate(packs: &[PackResult], g: Gate) -> GateResult {
    let fail_on = g.fail_on.unwrap_or(DEFAULT_FAIL_ON);
    let mut reasons = Vec::new();
    for p in packs {
        let unassessed: Vec<&str> = p
            .sites
            .iter()
            .filter(|s| !s.summary.assessed)
            .map(|s| s.site.as_str())
            .collect();
        if !g.allow_not_assessed && (!p.summary.assessed || !unassessed.is_empty()) {
            let which = if p.summary.assessed {
                format!("site(s) {}", unassessed.join(", "))
            } else {
                "the pack".into()
            };
            reasons.push(format!(
                "{}: not assessed: no rule applies to {which} (every rule tailored out or waived); set `gate: {{allow_not_assessed: true}}` in the profile if that is intended",
                p.id
            ));
        }
        if let (Some(min), Some(score)) = (g.fail_under, p.summary.score)
            && score < min
        {
            reasons.push(format!("{}: score {score:.1} is under {min}", p.id));
        }
        let failing: Vec<&RuleResult> = p
            .rules
            .iter()
            .filter(|r| matches!(r.status, Status::Fail | Status::Error) && r.severity >= fail_on)
            .collect();
        if !failing.is_empty() {
            let worst = failing.iter().map(|r| r.severity).max().unwrap_or(fail_on);
            reasons.push(format!(
                "{}: {} rule(s) fail or could not be evaluated at {fail_on} or above (worst: {worst})",
                p.id,
                failing.len()
            ));
        }
        if let (Some(min), Some(level)) = (g.min_level, &p.summary.level)
            && level.achieved < min
        {
            reasons.push(format!("{}: level {} reached, {min} required", p.id, level.achieved));
        }
    }
    GateResult {
        passed: reasons.is_empty(),
        fail_under: g.fail_under,
        fail_on,
        min_level: g.min_level,
        allow_not_assessed: g.allow_not_assessed,
        reasons,
        baseline: None,
    }
}
