//! Runs of separate site repositories (a CI matrix, a batch scheduler)
//! merged into one organisation result. Site-scoped packs roll up exactly
//! as in one run, from the packs' own definitions: the organisation is
//! certified only when every site is. Organisation-scoped results must
//! agree between runs; where they do not, the worst status stands and the
//! disagreement is a finding. Runs of different pack versions, as-of dates
//! or audit periods are refused unless the caller allows it.

use std::collections::BTreeMap;

use anyhow::{bail, ensure};
use jiff::civil::Date;

use super::Run;
use crate::pack::{LoadedPacks, Pack, Scope};
use crate::results::{
    AttestationResult, Finding, ManifestEntry, PackResult, Period, Results, RuleResult, SiteResult, Status,
    WaiverResult,
};
use crate::{eval, score};

/// Differences between runs the caller accepts (`--allow-mismatch`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Allow {
    /// The latest as-of date is the merged run's.
    pub as_of: bool,
    /// The merged period spans every run's.
    pub period: bool,
    /// Rules are matched by id against the loaded pack; a rule a run did
    /// not evaluate is an `error` at that run's sites.
    pub pack_version: bool,
}

impl Allow {
    pub const NAMES: &'static [&'static str] = &["as-of", "period", "pack-version"];
}

fn name(run: &Run) -> String {
    run.path.display().to_string()
}

/// Merges the runs, in the order given, into one result.
pub fn aggregate(runs: &[Run], loaded: &LoadedPacks, allow: Allow) -> anyhow::Result<Results> {
    let Some(first) = runs.first() else {
        bail!("no results to merge")
    };
    let f = &first.results;
    for run in &runs[1..] {
        let r = &run.results;
        let differ = |what: &str, a: String, b: String, flag: &str| -> anyhow::Result<()> {
            ensure!(
                a == b,
                "`{}` has {what} {a} and `{}` has {b}; merge runs made alike{}",
                name(first),
                name(run),
                if flag.is_empty() {
                    String::new()
                } else {
                    format!(", or pass --allow-mismatch {flag}")
                }
            );
            Ok(())
        };
        if !allow.as_of {
            differ("as-of date", f.as_of.clone(), r.as_of.clone(), "as-of")?;
        }
        if !allow.period {
            let p = |r: &Results| {
                r.period
                    .as_ref()
                    .map_or("no period".into(), |p| format!("the period {} to {}", p.from, p.to))
            };
            differ("", p(f), p(r), "period")?;
        }
        let org = |r: &Results| r.organisation.clone().unwrap_or_else(|| "no organisation".into());
        differ("the organisation", org(f), org(r), "")?;
        let gate = |r: &Results| {
            format!(
                "gate settings fail_under {:?}, fail_on {}, min_level {:?}, allow_not_assessed {}",
                r.gate.fail_under, r.gate.fail_on, r.gate.min_level, r.gate.allow_not_assessed
            )
        };
        differ("", gate(f), gate(r), "")?;
        let packs = |r: &Results| r.packs.iter().map(|p| p.id.clone()).collect::<Vec<_>>().join(", ");
        differ("the packs", packs(f), packs(r), "")?;
    }
    // A site audited twice would be counted twice.
    let mut site_runs: BTreeMap<&str, &Run> = BTreeMap::new();
    for run in runs {
        for s in &run.results.sites {
            if let Some(other) = site_runs.insert(s, run) {
                bail!(
                    "the site {s} is in both `{}` and `{}`; give each run its own sites (`check --site`)",
                    name(other),
                    name(run)
                );
            }
        }
    }

    let as_of = runs.iter().map(|r| r.results.as_of.clone()).max().unwrap_or_default();
    let period = merged_period(runs);
    let as_of_date: Date = as_of
        .parse()
        .map_err(|_| anyhow::anyhow!("`{}` has no valid as-of date", name(first)))?;
    let period_end = period.as_ref().and_then(|p| p.to.parse::<Date>().ok());
    let roots: Vec<&str> = runs.iter().map(|r| r.results.evidence_root.as_str()).collect();
    let one_root = roots.iter().all(|r| *r == roots[0]);
    // Runs of separate repositories: their files are told apart by root.
    let place = |run: &Run, path: &str| {
        if one_root {
            path.to_string()
        } else {
            format!("{}/{path}", run.results.evidence_root.trim_end_matches('/'))
        }
    };

    let mut packs = Vec::new();
    for (i, fp) in f.packs.iter().enumerate() {
        let mine: Vec<(&Run, &PackResult)> = runs.iter().map(|r| (r, &r.results.packs[i])).collect();
        let Some(pack) = loaded.get(&fp.id) else {
            bail!(
                "the pack {} of the runs is not loaded; pass --packs-dir or --pack with it",
                fp.id
            )
        };
        for (run, p) in &mine {
            ensure!(
                allow.pack_version || p.version == pack.version,
                "`{}` used {} {} and the loaded pack is {}; merge with the pack version the runs used, or pass --allow-mismatch pack-version",
                name(run),
                p.id,
                p.version,
                pack.version
            );
            ensure!(
                p.params == fp.params,
                "`{}` and `{}` ran {} with different parameters; merge runs with the same profile settings",
                name(first),
                name(run),
                p.id
            );
        }
        packs.push(merge_pack(pack, &mine, as_of_date, period_end, &place));
    }

    let mut waivers: Vec<WaiverResult> = Vec::new();
    for w in runs.iter().flat_map(|r| &r.results.waivers) {
        // Each run applies a waiver only at its own sites.
        match waivers.iter_mut().find(|x| same_waiver(x, w)) {
            Some(x) => x.applied |= w.applied,
            None => waivers.push(w.clone()),
        }
    }
    let mut attestations: Vec<AttestationResult> = Vec::new();
    for a in runs.iter().flat_map(|r| &r.results.attestations) {
        if !attestations.iter().any(|x| same_attestation(x, a)) {
            attestations.push(a.clone());
        }
    }
    // In the runs' own (walk) order; a file read by two runs is listed once.
    let mut manifest: Vec<ManifestEntry> = Vec::new();
    let mut at: BTreeMap<String, usize> = BTreeMap::new();
    for run in runs {
        for e in &run.results.manifest {
            let mut e = e.clone();
            e.path = place(run, &e.path);
            match at.get(&e.path) {
                // One repository read twice: its record hashes may be left
                // out of one run and not the other.
                Some(&i) if manifest[i].sha256.is_empty() => manifest[i] = e,
                Some(_) => {}
                None => {
                    at.insert(e.path.clone(), manifest.len());
                    manifest.push(e);
                }
            }
        }
    }
    let mut unmatched: Vec<String> = runs
        .iter()
        .flat_map(|r| r.results.unmatched.iter().map(move |u| place(r, u)))
        .collect();
    unmatched.sort();
    unmatched.dedup();
    let gate = score::gate(
        &packs,
        score::Gate {
            fail_under: f.gate.fail_under,
            fail_on: Some(f.gate.fail_on),
            min_level: f.gate.min_level,
            allow_not_assessed: f.gate.allow_not_assessed,
        },
    );
    Ok(Results {
        schema_version: f.schema_version,
        tool: f.tool.clone(),
        as_of,
        generated_at: runs
            .iter()
            .all(|r| r.results.generated_at == f.generated_at)
            .then(|| f.generated_at.clone())
            .flatten(),
        period,
        evidence_root: if one_root { roots[0].to_string() } else { ".".into() },
        repository_path: runs
            .iter()
            .all(|r| r.results.repository_path == f.repository_path)
            .then(|| f.repository_path.clone())
            .flatten(),
        profile_path: f.profile_path.clone(),
        organisation: f.organisation.clone(),
        sites: runs.iter().flat_map(|r| r.results.sites.iter().cloned()).collect(),
        packs,
        waivers,
        attestations,
        manifest,
        unmatched,
        gate,
    })
}

fn merged_period(runs: &[Run]) -> Option<Period> {
    let from = runs
        .iter()
        .filter_map(|r| r.results.period.as_ref())
        .map(|p| p.from.clone())
        .min()?;
    let to = runs
        .iter()
        .filter_map(|r| r.results.period.as_ref())
        .map(|p| p.to.clone())
        .max()?;
    Some(Period { from, to })
}

fn same_waiver(a: &WaiverResult, b: &WaiverResult) -> bool {
    (
        &a.rule,
        &a.site,
        &a.reason,
        &a.owner,
        &a.approver,
        &a.expires,
        &a.state,
        a.line,
    ) == (
        &b.rule,
        &b.site,
        &b.reason,
        &b.owner,
        &b.approver,
        &b.expires,
        &b.state,
        b.line,
    )
}

fn same_attestation(a: &AttestationResult, b: &AttestationResult) -> bool {
    (
        &a.rule,
        &a.site,
        &a.result,
        &a.auditor,
        &a.date,
        &a.statement,
        &a.state,
        a.line,
    ) == (
        &b.rule,
        &b.site,
        &b.result,
        &b.auditor,
        &b.date,
        &b.statement,
        &b.state,
        b.line,
    )
}

/// The pack's rules in its own order, each run's result where it has one;
/// a rule the run's pack version did not have is an `error` there.
fn aligned(pack: &Pack, rules: &[RuleResult], run: &str, site: Option<&str>) -> Vec<RuleResult> {
    pack.rules
        .iter()
        .map(|rule| match rules.iter().find(|r| r.id == rule.id) {
            Some(r) => r.clone(),
            None => {
                let mut f = Finding::error(format!(
                    "not evaluated: the run `{run}` used a version of the pack without this rule"
                ));
                f.site = site.map(String::from);
                RuleResult {
                    id: rule.id.clone(),
                    title: rule.title.clone(),
                    section: rule.section.clone(),
                    severity: rule.severity,
                    weight: rule.weight,
                    level: rule.level,
                    dimension: rule.dimension.clone(),
                    status: Status::Error,
                    evidence: crate::results::EvidenceSelector {
                        kind: None,
                        path: None,
                        matching: Default::default(),
                    },
                    findings: vec![f],
                    waiver: None,
                    justification: None,
                    maps_to: rule.maps_to.clone(),
                    tags: rule.tags.clone(),
                    guidance: None,
                    remediation: None,
                    metrics: Vec::new(),
                    sites: Vec::new(),
                }
            }
        })
        .collect()
}

/// Findings name files from the evidence root their run read.
fn relocate(rules: &mut [RuleResult], run: &Run, place: &dyn Fn(&Run, &str) -> String) {
    for f in rules.iter_mut().flat_map(|r| r.findings.iter_mut()) {
        if let Some(file) = &f.file {
            f.file = Some(place(run, file));
        }
    }
}

fn merge_pack(
    pack: &Pack,
    mine: &[(&Run, &PackResult)],
    as_of: Date,
    period_end: Option<Date>,
    place: &dyn Fn(&Run, &str) -> String,
) -> PackResult {
    let (_, fp) = mine[0];
    let params = fp.params.clone();
    let mut exclusions = Vec::new();
    for (_, p) in mine {
        for e in &p.exclusions {
            if !exclusions.iter().any(|x: &crate::results::Exclusion| x.rule == e.rule) {
                exclusions.push(e.clone());
            }
        }
    }
    let (rules, summary, sites) = if pack.scope == Scope::Site && mine.iter().any(|(_, p)| !p.sites.is_empty()) {
        let params = &params;
        let sites: Vec<SiteResult> = mine
            .iter()
            .flat_map(|(run, p)| {
                p.sites.iter().map(move |s| {
                    let mut rules = aligned(pack, &s.rules, &name(run), Some(&s.site));
                    relocate(&mut rules, run, place);
                    let summary = if rules.len() == s.rules.len() {
                        s.summary.clone()
                    } else {
                        score::summarise(pack, &rules, params, as_of, period_end)
                    };
                    SiteResult {
                        site: s.site.clone(),
                        summary,
                        rules,
                    }
                })
            })
            .collect();
        let (rules, summary) = eval::organisation(pack, params, &sites, as_of, period_end);
        (rules, summary, sites)
    } else {
        let per_run: Vec<(&Run, Vec<RuleResult>)> = mine
            .iter()
            .map(|(run, p)| {
                let mut rules = aligned(pack, &p.rules, &name(run), None);
                relocate(&mut rules, run, place);
                (*run, rules)
            })
            .collect();
        let mut rules: Vec<RuleResult> = (0..pack.rules.len()).map(|i| agree(&per_run, i)).collect();
        eval::document(pack, &mut rules);
        let summary = score::summarise(pack, &rules, &params, as_of, period_end);
        (rules, summary, Vec::new())
    };
    PackResult {
        id: fp.id.clone(),
        title: fp.title.clone(),
        version: pack.version.clone(),
        source: fp.source.clone(),
        provenance: fp.provenance.clone(),
        scoring: fp.scoring,
        scope: fp.scope,
        params,
        summary,
        sites,
        rules,
        exclusions,
        profile_line: fp.profile_line,
    }
}

/// One organisation-wide rule as the runs judged it: their common result,
/// or the worst of them with the disagreement as a finding.
fn agree(per_run: &[(&Run, Vec<RuleResult>)], i: usize) -> RuleResult {
    let statuses: Vec<Status> = per_run.iter().map(|(_, rules)| rules[i].status).collect();
    let worst = per_run
        .iter()
        .max_by_key(|(_, rules)| rules[i].status.badness())
        .map(|(_, rules)| &rules[i])
        .expect("at least one run");
    let mut rule = worst.clone();
    if statuses.iter().any(|s| *s != statuses[0]) {
        let said: Vec<String> = per_run
            .iter()
            .map(|(run, rules)| format!("{} in `{}`", rules[i].status.name(), name(run)))
            .collect();
        rule.findings.insert(
            0,
            Finding::new(
                rule.status,
                format!(
                    "the runs disagree on this organisation-wide rule ({}); the worst stands. Organisation-wide evidence should be the same in every site's repository",
                    said.join(", ")
                ),
            ),
        );
    }
    rule
}
