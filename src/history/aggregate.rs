//! Runs of separate site repositories (a CI matrix, a batch scheduler)
//! merged into one organisation result. Site-scoped packs roll up exactly
//! as in one run, from the packs' own definitions: the organisation is
//! certified only when every site is. Organisation-scoped results must
//! agree between runs; where they do not, the worst status stands and the
//! disagreement is a finding. Runs of different pack versions, as-of dates
//! or audit periods are refused unless the caller allows it.
//!
//! The runs are folded in one at a time ([`Fold`]): each is read, checked
//! against the first and moved into the merged result before the next is
//! read, so memory holds the merged result and one run, never every run.

use std::collections::{BTreeMap, BTreeSet};

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

/// Merges the runs, in the order given, into one result. Each run is read
/// as it is folded in: the first that cannot be read, or is not like the
/// first, stops the merge.
pub fn aggregate(
    runs: impl IntoIterator<Item = anyhow::Result<Run>>,
    loaded: &LoadedPacks,
    allow: Allow,
) -> anyhow::Result<Results> {
    let mut runs = runs.into_iter();
    let Some(first) = runs.next().transpose()? else {
        bail!("no results to merge")
    };
    let mut fold = Fold::new(&first, loaded, allow)?;
    fold.add(first)?;
    for run in runs {
        fold.add(run?)?;
    }
    fold.finish()
}

/// The merged result so far. What the output keeps is moved in; of an
/// organisation-wide rule only the worst result so far is kept, with every
/// run's status for the disagreement finding.
struct Fold<'a> {
    allow: Allow,
    /// The first run's settings, which every run must share (its lists are
    /// empty: they are folded in like any run's).
    head: Results,
    /// Every run's name, in order.
    names: Vec<String>,
    /// The run (by index) that audited each site.
    site_runs: BTreeMap<String, usize>,
    as_of: String,
    period: Option<Period>,
    same_generated_at: bool,
    same_repository_path: bool,
    /// Every run so far read the first run's evidence root. Once one did
    /// not, the runs are separate repositories and every file is named from
    /// its run's root, the files of runs folded in already included.
    one_root: bool,
    sites: Vec<String>,
    packs: Vec<PackFold<'a>>,
    waivers: Vec<WaiverResult>,
    attestations: Vec<AttestationResult>,
    /// In the runs' own (walk) order; a file read by two runs is listed
    /// once, at its place in `manifest` by path.
    manifest: Vec<ManifestEntry>,
    manifest_at: BTreeMap<String, usize>,
    unmatched: BTreeSet<String>,
}

/// One pack's merged result so far.
struct PackFold<'a> {
    pack: &'a Pack,
    /// The first run's result for the pack without rules and sites: the
    /// settings every run must share; its exclusions are those so far.
    head: PackResult,
    merged: Merged,
}

enum Merged {
    /// Organisation-wide rules (and a site-scoped pack while no run has
    /// given its sites): per rule, the worst result so far (the later run's
    /// on a tie) and each run's status.
    Agree {
        worst: Vec<Option<RuleResult>>,
        statuses: Vec<Vec<Status>>,
    },
    /// A site-scoped pack's sites in run order, each marked when a rule its
    /// run did not evaluate was added: its summary is recomputed once the
    /// merged as-of date is known.
    Sites(Vec<(SiteResult, bool)>),
}

impl<'a> Fold<'a> {
    fn new(first: &Run, loaded: &'a LoadedPacks, allow: Allow) -> anyhow::Result<Self> {
        let f = &first.results;
        let mut packs = Vec::new();
        for p in &f.packs {
            let Some(pack) = loaded.get(&p.id) else {
                bail!(
                    "the pack {} of the runs is not loaded; pass --packs-dir or --pack with it",
                    p.id
                )
            };
            let head = PackResult {
                id: p.id.clone(),
                title: p.title.clone(),
                version: pack.version.clone(),
                source: p.source.clone(),
                provenance: p.provenance.clone(),
                scoring: p.scoring,
                scope: p.scope,
                params: p.params.clone(),
                summary: p.summary.clone(),
                sites: Vec::new(),
                rules: Vec::new(),
                exclusions: Vec::new(),
                profile_line: p.profile_line,
            };
            let merged = Merged::Agree {
                worst: vec![None; pack.rules.len()],
                statuses: vec![Vec::new(); pack.rules.len()],
            };
            packs.push(PackFold { pack, head, merged });
        }
        let head = Results {
            schema_version: f.schema_version,
            tool: f.tool.clone(),
            as_of: f.as_of.clone(),
            generated_at: f.generated_at.clone(),
            period: f.period.clone(),
            evidence_root: f.evidence_root.clone(),
            repository_path: f.repository_path.clone(),
            profile_path: f.profile_path.clone(),
            organisation: f.organisation.clone(),
            sites: Vec::new(),
            packs: Vec::new(),
            waivers: Vec::new(),
            attestations: Vec::new(),
            manifest: Vec::new(),
            unmatched: Vec::new(),
            gate: f.gate.clone(),
        };
        Ok(Fold {
            allow,
            as_of: head.as_of.clone(),
            period: head.period.clone(),
            head,
            names: Vec::new(),
            site_runs: BTreeMap::new(),
            same_generated_at: true,
            same_repository_path: true,
            one_root: true,
            sites: Vec::new(),
            packs,
            waivers: Vec::new(),
            attestations: Vec::new(),
            manifest: Vec::new(),
            manifest_at: BTreeMap::new(),
            unmatched: BTreeSet::new(),
        })
    }

    /// Refuses a run not made like the first (and a site already merged).
    fn check(&self, run: &Run) -> anyhow::Result<()> {
        let (f, r) = (&self.head, &run.results);
        let first = self.names.first().map_or_else(|| name(run), Clone::clone);
        let differ = |what: &str, a: String, b: String, flag: &str| -> anyhow::Result<()> {
            ensure!(
                a == b,
                "`{first}` has {what} {a} and `{}` has {b}; merge runs made alike{}",
                name(run),
                if flag.is_empty() {
                    String::new()
                } else {
                    format!(", or pass --allow-mismatch {flag}")
                }
            );
            Ok(())
        };
        if !self.allow.as_of {
            differ("as-of date", f.as_of.clone(), r.as_of.clone(), "as-of")?;
        }
        if !self.allow.period {
            let p = |p: &Option<Period>| {
                p.as_ref()
                    .map_or("no period".into(), |p| format!("the period {} to {}", p.from, p.to))
            };
            differ("", p(&f.period), p(&r.period), "period")?;
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
        let ids = r.packs.iter().map(|p| p.id.as_str()).collect::<Vec<_>>().join(", ");
        let first_ids = self
            .packs
            .iter()
            .map(|p| p.head.id.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        differ("the packs", first_ids, ids, "")?;
        let mut seen = BTreeSet::new();
        for s in &r.sites {
            let other = self.site_runs.get(s).map(|&i| &self.names[i]);
            // A run that lists a site twice is in both places itself.
            let other = other.cloned().or_else(|| (!seen.insert(s)).then(|| name(run)));
            if let Some(other) = other {
                bail!(
                    "the site {s} is in both `{other}` and `{}`; give each run its own sites (`check --site`)",
                    name(run)
                );
            }
        }
        for (pf, p) in self.packs.iter().zip(&r.packs) {
            ensure!(
                self.allow.pack_version || p.version == pf.pack.version,
                "`{}` used {} {} and the loaded pack is {}; merge with the pack version the runs used, or pass --allow-mismatch pack-version",
                name(run),
                p.id,
                p.version,
                pf.pack.version
            );
            ensure!(
                p.params == pf.head.params,
                "`{first}` and `{}` ran {} with different parameters; merge runs with the same profile settings",
                name(run),
                p.id
            );
        }
        Ok(())
    }

    /// Checks the run and moves what the merged result keeps into it.
    fn add(&mut self, run: Run) -> anyhow::Result<()> {
        self.check(&run)?;
        let index = self.names.len();
        let run_name = name(&run);
        let r = run.results;
        if self.one_root && r.evidence_root != self.head.evidence_root {
            self.one_root = false;
            let root = self.head.evidence_root.clone();
            self.relocate_so_far(&root);
        }
        // Runs of separate repositories: their files are told apart by root.
        let root = (!self.one_root).then_some(r.evidence_root.as_str());
        let place = |path: String| match root {
            Some(root) => placed(root, &path),
            None => path,
        };
        self.as_of = self.as_of.clone().max(r.as_of);
        if let Some(p) = r.period {
            self.period = Some(match self.period.take() {
                Some(m) => Period {
                    from: m.from.min(p.from),
                    to: m.to.max(p.to),
                },
                None => p,
            });
        }
        self.same_generated_at &= r.generated_at == self.head.generated_at;
        self.same_repository_path &= r.repository_path == self.head.repository_path;
        for s in &r.sites {
            self.site_runs.insert(s.clone(), index);
        }
        self.sites.extend(r.sites);
        for (pf, p) in self.packs.iter_mut().zip(r.packs) {
            pf.add(p, &run_name, root);
        }
        for w in r.waivers {
            // Each run applies a waiver only at its own sites.
            match self.waivers.iter_mut().find(|x| same_waiver(x, &w)) {
                Some(x) => x.applied |= w.applied,
                None => self.waivers.push(w),
            }
        }
        for a in r.attestations {
            if !self.attestations.iter().any(|x| same_attestation(x, &a)) {
                self.attestations.push(a);
            }
        }
        for mut e in r.manifest {
            e.path = place(e.path);
            match self.manifest_at.get(&e.path) {
                // One repository read twice: its record hashes may be left
                // out of one run and not the other.
                Some(&i) if self.manifest[i].sha256.is_empty() => self.manifest[i] = e,
                Some(_) => {}
                None => {
                    self.manifest_at.insert(e.path.clone(), self.manifest.len());
                    self.manifest.push(e);
                }
            }
        }
        self.unmatched.extend(r.unmatched.into_iter().map(place));
        self.names.push(run_name);
        Ok(())
    }

    /// The runs so far all read `root`, and the next one did not: their
    /// files are named from it from now on.
    fn relocate_so_far(&mut self, root: &str) {
        for pf in &mut self.packs {
            match &mut pf.merged {
                Merged::Agree { worst, .. } => {
                    for rule in worst.iter_mut().flatten() {
                        relocate(std::slice::from_mut(rule), root);
                    }
                }
                Merged::Sites(sites) => {
                    for (s, _) in sites {
                        relocate(&mut s.rules, root);
                    }
                }
            }
        }
        for e in &mut self.manifest {
            e.path = placed(root, &e.path);
        }
        self.manifest_at = std::mem::take(&mut self.manifest_at)
            .into_iter()
            .map(|(path, i)| (placed(root, &path), i))
            .collect();
        self.unmatched = std::mem::take(&mut self.unmatched)
            .into_iter()
            .map(|u| placed(root, &u))
            .collect();
    }

    fn finish(self) -> anyhow::Result<Results> {
        let as_of_date: Date = self
            .as_of
            .parse()
            .map_err(|_| anyhow::anyhow!("`{}` has no valid as-of date", self.names[0]))?;
        let period_end = self.period.as_ref().and_then(|p| p.to.parse::<Date>().ok());
        let packs: Vec<PackResult> = self
            .packs
            .into_iter()
            .map(|pf| pf.finish(&self.names, as_of_date, period_end))
            .collect();
        let f = self.head;
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
            tool: f.tool,
            as_of: self.as_of,
            generated_at: f.generated_at.filter(|_| self.same_generated_at),
            period: self.period,
            evidence_root: if self.one_root { f.evidence_root } else { ".".into() },
            repository_path: f.repository_path.filter(|_| self.same_repository_path),
            profile_path: f.profile_path,
            organisation: f.organisation,
            sites: self.sites,
            packs,
            waivers: self.waivers,
            attestations: self.attestations,
            manifest: self.manifest,
            unmatched: self.unmatched.into_iter().collect(),
            gate,
        })
    }
}

impl PackFold<'_> {
    /// Folds in one run's result for the pack; `root` names its files when
    /// the runs are separate repositories.
    fn add(&mut self, p: PackResult, run: &str, root: Option<&str>) {
        for e in p.exclusions {
            if !self.head.exclusions.iter().any(|x| x.rule == e.rule) {
                self.head.exclusions.push(e);
            }
        }
        let pack = self.pack;
        if pack.scope == Scope::Site && !p.sites.is_empty() && matches!(self.merged, Merged::Agree { .. }) {
            // Site results, once any run has them, are what the pack's
            // result rolls up from.
            self.merged = Merged::Sites(Vec::new());
        }
        match &mut self.merged {
            Merged::Sites(sites) => {
                // A site scored by another version of the pack is scored
                // again by the loaded one: a rule it lacked (an `error` now)
                // must count against it.
                let other_version = p.version != pack.version;
                for s in p.sites {
                    let mut rules = aligned(pack, s.rules, run, Some(&s.site));
                    if let Some(root) = root {
                        relocate(&mut rules, root);
                    }
                    let stale = other_version;
                    let site = SiteResult {
                        site: s.site,
                        summary: s.summary,
                        rules,
                    };
                    sites.push((site, stale));
                }
            }
            Merged::Agree { worst, statuses } => {
                let mut rules = aligned(pack, p.rules, run, None);
                if let Some(root) = root {
                    relocate(&mut rules, root);
                }
                for ((rule, kept), said) in rules.into_iter().zip(worst.iter_mut()).zip(statuses.iter_mut()) {
                    said.push(rule.status);
                    if kept
                        .as_ref()
                        .is_none_or(|k| rule.status.badness() >= k.status.badness())
                    {
                        *kept = Some(rule);
                    }
                }
            }
        }
    }

    fn finish(self, runs: &[String], as_of: Date, period_end: Option<Date>) -> PackResult {
        let (pack, mut head) = (self.pack, self.head);
        let params = &head.params;
        match self.merged {
            Merged::Sites(sites) => {
                let sites: Vec<SiteResult> = sites
                    .into_iter()
                    .map(|(mut s, stale)| {
                        if stale {
                            s.summary = score::summarise(pack, &s.rules, params, as_of, period_end);
                        }
                        s
                    })
                    .collect();
                let (rules, summary) = eval::organisation(pack, params, &sites, as_of, period_end);
                (head.rules, head.summary, head.sites) = (rules, summary, sites);
            }
            Merged::Agree { worst, statuses } => {
                let mut rules: Vec<RuleResult> = worst
                    .into_iter()
                    .zip(statuses)
                    .map(|(rule, said)| agree(rule.expect("at least one run"), &said, runs))
                    .collect();
                eval::document(pack, &mut rules);
                head.summary = score::summarise(pack, &rules, params, as_of, period_end);
                head.rules = rules;
            }
        }
        head
    }
}

/// A file as named in the merged result of separate repositories.
fn placed(root: &str, path: &str) -> String {
    format!("{}/{path}", root.trim_end_matches('/'))
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

/// The pack's rules in its own order, each the run's result where it has
/// one (moved, the first of an id); a rule the run's pack version did not
/// have is an `error` there.
fn aligned(pack: &Pack, rules: Vec<RuleResult>, run: &str, site: Option<&str>) -> Vec<RuleResult> {
    let mut rules: Vec<Option<RuleResult>> = rules.into_iter().map(Some).collect();
    pack.rules
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            // Runs of the loaded pack list its rules in its order.
            let found = match rules.get_mut(i) {
                Some(r) if r.as_ref().is_some_and(|r| r.id == rule.id) => r.take(),
                _ => rules
                    .iter_mut()
                    .find(|r| r.as_ref().is_some_and(|r| r.id == rule.id))
                    .and_then(Option::take),
            };
            found.unwrap_or_else(|| not_evaluated(rule, run, site))
        })
        .collect()
}

/// A rule the run's version of the pack did not have: an `error`, never a
/// pass.
fn not_evaluated(rule: &crate::pack::Rule, run: &str, site: Option<&str>) -> RuleResult {
    let mut f = Finding::error(format!(
        "not evaluated: the run `{run}` used a version of the pack without this rule"
    ));
    f.site = site.map(String::from);
    let mut result = eval::unjudged(rule, Status::Error);
    result.findings.push(f);
    result
}

/// Findings name files from the evidence root their run read.
fn relocate(rules: &mut [RuleResult], root: &str) {
    for f in rules.iter_mut().flat_map(|r| r.findings.iter_mut()) {
        if let Some(file) = &f.file {
            f.file = Some(placed(root, file));
        }
    }
}

/// One organisation-wide rule as the runs judged it (`said`: each run's
/// status, in run order): the worst result, with the disagreement as a
/// finding when they do not agree.
fn agree(mut rule: RuleResult, said: &[Status], runs: &[String]) -> RuleResult {
    if said.iter().any(|s| *s != said[0]) {
        let said: Vec<String> = said
            .iter()
            .zip(runs)
            .map(|(status, run)| format!("{} in `{run}`", status.name()))
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
