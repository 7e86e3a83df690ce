//! What changed between two runs: rules newly failing and newly passing per
//! site, score, level and certification changes, and evidence files added,
//! removed or changed (by sha256). A baseline gate (`check --baseline`)
//! fails only on the regressions, so a repository that is not yet
//! compliant can still stop getting worse.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use super::{RuleKey, Run};
use crate::pack::Severity;
use crate::results::{BaselineResult, PackResult, Results, RuleResult, Status, Summary};

/// The comparison of two runs; every renderer reads this alone.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub old: RunInfo,
    pub new: RunInfo,
    /// Rules that got worse (a fail where there was a pass, an expired
    /// waiver, a new rule or site that does not pass).
    pub regressions: Vec<RuleChange>,
    /// Rules that got better.
    pub improvements: Vec<RuleChange>,
    /// Status changes that are neither (a fail that became an error, a pass
    /// tailored out).
    pub changes: Vec<RuleChange>,
    pub packs: Vec<PackChange>,
    pub sites_added: Vec<String>,
    pub sites_removed: Vec<String>,
    pub evidence: EvidenceChanges,
}

#[derive(Debug, Clone, Serialize)]
pub struct RunInfo {
    pub file: String,
    pub as_of: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    pub evidence_root: String,
    pub tool_version: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleChange {
    #[serde(flatten)]
    pub key: RuleKey,
    pub title: String,
    pub severity: Severity,
    /// `None`: the rule or site was not in that run.
    pub old: Option<Status>,
    pub new: Option<Status>,
    /// Why the comparison is not one-to-one, when it is not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl RuleChange {
    /// One line: `copc.2.5 @ south: pass -> fail`.
    pub fn line(&self) -> String {
        let at = self.key.site.as_deref().map(|s| format!(" @ {s}")).unwrap_or_default();
        let name = |s: Option<Status>| s.map_or("absent", Status::name);
        let note = self.note.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
        format!("{}{at}: {} -> {}{note}", self.key.rule, name(self.old), name(self.new))
    }
}

/// A pack's results side by side.
#[derive(Debug, Clone, Serialize)]
pub struct PackChange {
    pub id: String,
    pub title: String,
    pub old_version: Option<String>,
    pub new_version: Option<String>,
    /// The organisation's result first, then each site's.
    pub results: Vec<SummaryChange>,
    pub rules_added: Vec<String>,
    pub rules_removed: Vec<String>,
    /// `(old id, new id)` pairs taken as one rule: same title, one removed
    /// and one added.
    pub rules_renamed: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SummaryChange {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    pub old: Option<Decision>,
    pub new: Option<Decision>,
    pub changed: bool,
}

/// What a summary decided, as far as a comparison cares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    pub score: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certified: Option<bool>,
    pub pass: u32,
    pub fail: u32,
}

impl Decision {
    fn of(s: &Summary) -> Self {
        Decision {
            score: s.score,
            level: s.level.as_ref().map(|l| l.achieved),
            certified: s.certification.as_ref().map(|c| c.certified),
            pass: s.counts.pass,
            fail: s.counts.fail + s.counts.error,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct EvidenceChanges {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
    /// Files in both runs whose content cannot be compared: a run left
    /// their hashes out (it wrote no report listing the manifest).
    pub not_hashed: Vec<String>,
}

/// How far a status is from satisfied: a move up is a regression.
fn rank(s: Status) -> u8 {
    match s {
        Status::Pass | Status::NotApplicable => 0,
        Status::Waived => 1,
        Status::Pending => 2,
        Status::Error | Status::Fail => 3,
    }
}

/// The rule results a comparison judges: a site-scoped pack's per-site
/// results (its organisation roll-up only follows from them), else the
/// organisation's.
fn rule_results(p: &PackResult) -> Vec<(Option<&str>, &RuleResult)> {
    if p.sites.is_empty() {
        p.rules.iter().map(|r| (None, r)).collect()
    } else {
        p.sites
            .iter()
            .flat_map(|s| s.rules.iter().map(move |r| (Some(s.site.as_str()), r)))
            .collect()
    }
}

fn info(path: &Path, r: &Results) -> RunInfo {
    RunInfo {
        file: path.display().to_string(),
        as_of: r.as_of.clone(),
        period: r.period.as_ref().map(|p| format!("{} to {}", p.from, p.to)),
        evidence_root: r.evidence_root.clone(),
        tool_version: r.tool.version.clone(),
    }
}

/// Compares two runs, `old` first.
pub fn compare(old: &Run, new: &Run) -> Comparison {
    compare_at((&old.path, &old.results), (&new.path, &new.results))
}

fn compare_at((op, o): (&Path, &Results), (np, n): (&Path, &Results)) -> Comparison {
    let mut cmp = Comparison {
        old: info(op, o),
        new: info(np, n),
        regressions: Vec::new(),
        improvements: Vec::new(),
        changes: Vec::new(),
        packs: Vec::new(),
        sites_added: n.sites.iter().filter(|s| !o.sites.contains(s)).cloned().collect(),
        sites_removed: o.sites.iter().filter(|s| !n.sites.contains(s)).cloned().collect(),
        evidence: evidence(o, n),
    };
    let ids: BTreeSet<&str> = o.packs.iter().chain(&n.packs).map(|p| p.id.as_str()).collect();
    for id in ids {
        let op = o.packs.iter().find(|p| p.id == id);
        let np = n.packs.iter().find(|p| p.id == id);
        cmp.packs.push(compare_pack(
            op,
            np,
            &mut cmp.regressions,
            &mut cmp.improvements,
            &mut cmp.changes,
        ));
    }
    cmp
}

fn compare_pack(
    op: Option<&PackResult>,
    np: Option<&PackResult>,
    regressions: &mut Vec<RuleChange>,
    improvements: &mut Vec<RuleChange>,
    changes: &mut Vec<RuleChange>,
) -> PackChange {
    let any = np.or(op).expect("a pack from one of the runs");
    let titles = |p: Option<&PackResult>| -> BTreeMap<String, String> {
        p.map(|p| p.rules.iter().map(|r| (r.id.clone(), r.title.clone())).collect())
            .unwrap_or_default()
    };
    let (old_rules, new_rules) = (titles(op), titles(np));
    // A pack present in only one run: its rules were not renamed, and are
    // reported as the pack's coming or going, not rule by rule.
    let both = op.is_some() && np.is_some();
    let mut added: Vec<String> = new_rules
        .keys()
        .filter(|r| !old_rules.contains_key(*r))
        .cloned()
        .collect();
    let mut removed: Vec<String> = old_rules
        .keys()
        .filter(|r| !new_rules.contains_key(*r))
        .cloned()
        .collect();
    let mut renamed = Vec::new();
    if both {
        for old_id in removed.clone() {
            let title = &old_rules[&old_id];
            let same: Vec<&String> = added.iter().filter(|a| &new_rules[*a] == title).collect();
            if let [new_id] = same[..] {
                renamed.push((old_id.clone(), new_id.clone()));
            }
        }
        added.retain(|a| !renamed.iter().any(|(_, n)| n == a));
        removed.retain(|r| !renamed.iter().any(|(o, _)| o == r));
    }

    // Status per (rule in the new run's ids, site).
    let old_status: BTreeMap<(String, Option<String>), Status> = op
        .map(|p| {
            rule_results(p)
                .into_iter()
                .map(|(site, r)| {
                    let id = renamed
                        .iter()
                        .find(|(o, _)| o == &r.id)
                        .map_or(r.id.clone(), |(_, n)| n.clone());
                    ((id, site.map(String::from)), r.status)
                })
                .collect()
        })
        .unwrap_or_default();
    if let Some(np) = np {
        for (site, r) in rule_results(np) {
            let key = (r.id.clone(), site.map(String::from));
            let old = old_status.get(&key).copied();
            let note = if let Some((o, _)) = renamed.iter().find(|(_, n)| n == &r.id) {
                Some(format!("renamed from {o}"))
            } else if !both {
                Some("pack not in the old run".into())
            } else if added.contains(&r.id) {
                Some("new rule".into())
            } else if old.is_none() {
                Some("new site".into())
            } else {
                None
            };
            let change = RuleChange {
                key: RuleKey {
                    pack: np.id.clone(),
                    rule: r.id.clone(),
                    site: site.map(String::from),
                },
                title: r.title.clone(),
                severity: r.severity,
                old,
                new: Some(r.status),
                note,
            };
            let before = old.map_or(0, rank);
            match (old, rank(r.status).cmp(&before)) {
                (Some(o), _) if o == r.status => {}
                (_, std::cmp::Ordering::Greater) => regressions.push(change),
                (Some(_), std::cmp::Ordering::Less) => improvements.push(change),
                (Some(_), std::cmp::Ordering::Equal) => changes.push(change),
                // A new rule or site that is satisfied: nothing to say.
                (None, _) => {}
            }
        }
    }

    let decisions = |p: Option<&PackResult>| -> BTreeMap<Option<String>, Decision> {
        let Some(p) = p else { return BTreeMap::new() };
        std::iter::once((None, Decision::of(&p.summary)))
            .chain(p.sites.iter().map(|s| (Some(s.site.clone()), Decision::of(&s.summary))))
            .collect()
    };
    let (od, nd) = (decisions(op), decisions(np));
    let places: BTreeSet<&Option<String>> = od.keys().chain(nd.keys()).collect();
    let results = places
        .into_iter()
        .map(|site| {
            let (old, new) = (od.get(site).cloned(), nd.get(site).cloned());
            SummaryChange {
                site: site.clone(),
                changed: old != new,
                old,
                new,
            }
        })
        .collect();
    PackChange {
        id: any.id.clone(),
        title: any.title.clone(),
        old_version: op.map(|p| p.version.clone()),
        new_version: np.map(|p| p.version.clone()),
        results,
        rules_added: if both { added } else { Vec::new() },
        rules_removed: if both { removed } else { Vec::new() },
        rules_renamed: renamed,
    }
}

fn evidence(o: &Results, n: &Results) -> EvidenceChanges {
    let hashes = |r: &Results| -> BTreeMap<String, String> {
        r.manifest.iter().map(|e| (e.path.clone(), e.sha256.clone())).collect()
    };
    let (oh, nh) = (hashes(o), hashes(n));
    let mut ev = EvidenceChanges::default();
    for (path, new) in &nh {
        match oh.get(path) {
            None => ev.added.push(path.clone()),
            Some(old) if old.is_empty() || new.is_empty() => ev.not_hashed.push(path.clone()),
            Some(old) if old != new => ev.changed.push(path.clone()),
            Some(_) => {}
        }
    }
    ev.removed = oh.keys().filter(|p| !nh.contains_key(*p)).cloned().collect();
    ev
}

/// Sets the run's gate against a baseline: the regressions are recorded,
/// and with `fail_on_regression` they alone decide the gate (what the
/// absolute gate would have said is kept as `standing`).
pub fn apply_baseline(results: &mut Results, baseline: &Run, fail_on_regression: bool) {
    let cmp = compare_at(
        (&baseline.path, &baseline.results),
        (Path::new(&results.evidence_root), results),
    );
    let regressions: Vec<String> = cmp.regressions.iter().map(RuleChange::line).collect();
    let gate = &mut results.gate;
    let standing = if fail_on_regression {
        let standing = std::mem::take(&mut gate.reasons);
        gate.reasons = regressions.iter().map(|r| format!("regression: {r}")).collect();
        gate.passed = regressions.is_empty();
        standing
    } else {
        Vec::new()
    };
    gate.baseline = Some(BaselineResult {
        file: baseline.path.display().to_string(),
        as_of: baseline.results.as_of.clone(),
        fail_on_regression,
        regressions,
        improvements: cmp.improvements.iter().map(RuleChange::line).collect(),
        standing,
    });
}
