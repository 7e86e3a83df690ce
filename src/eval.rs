//! Evaluation: packs × sites × rules against the evidence index, with the
//! profile's tailoring, attestations and waivers applied, into the one
//! results model. Rules are evaluated in parallel and collected in pack
//! order, so results are the same on every run.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::attestation::{self, Attestations};
use crate::check::Ctx;
use crate::evidence::Index;
use crate::pack::{Pack, ParamValue, Params, Rule, Scope, id_matches};
use crate::profile::Profile;
use crate::results::{
    AppliedWaiver, AttestationResult, EvidenceSelector, Exclusion, Finding, PackResult, RuleResult, SiteResult,
    SiteStatus, Status, WaiverResult,
};
use crate::score;
use crate::waiver::Waiver;

/// Everything one evaluation reads.
pub struct Inputs<'a> {
    pub packs: Vec<&'a Pack>,
    pub profile: &'a Profile,
    pub index: &'a Index,
    pub attestations: &'a Attestations,
    pub waivers: &'a [Waiver],
    pub as_of: Date,
    /// Aggregates of every metric check, read before rules are evaluated.
    pub metrics: &'a crate::metrics::Aggregates,
    /// Only these sites are evaluated, when any are named (`--site`).
    pub only_sites: &'a [String],
}

/// What evaluation produced, before the run's framing (manifest, gate).
pub struct Evaluated {
    pub packs: Vec<PackResult>,
    pub sites: Vec<String>,
    pub waivers: Vec<WaiverResult>,
    pub attestations: Vec<AttestationResult>,
}

pub fn evaluate(inp: &Inputs) -> Evaluated {
    let sites: Vec<String> = if inp.profile.sites.is_empty() {
        let mut found = inp.index.sites();
        found.extend(inp.metrics.sites.keys().cloned());
        found.into_iter().collect()
    } else {
        inp.profile.sites.clone()
    };
    let sites: Vec<String> = sites
        .into_iter()
        .filter(|s| inp.only_sites.is_empty() || inp.only_sites.contains(s))
        .collect();
    let mut applied: BTreeMap<usize, bool> = BTreeMap::new();
    let mut packs = Vec::new();
    for pack in &inp.packs {
        let (result, used) = evaluate_pack(pack, &sites, inp);
        for i in used {
            applied.insert(i, true);
        }
        packs.push(result);
    }
    let waivers = waiver_results(inp, &applied);
    let attestations = attestation_results(inp);
    Evaluated {
        packs,
        sites,
        waivers,
        attestations,
    }
}

/// Parameter values in force: defaults with the profile's overrides.
pub fn params_for(pack: &Pack, profile: &Profile) -> Params {
    let mut params = pack.params.clone();
    if let Some(u) = profile.pack_use(&pack.id) {
        for (name, value) in &u.params {
            if params.contains_key(&name.value) {
                params.insert(name.value.clone(), value.clone());
            }
        }
    }
    params
}

fn evaluate_pack(pack: &Pack, sites: &[String], inp: &Inputs) -> (PackResult, Vec<usize>) {
    let params = params_for(pack, inp.profile);
    let excludes = inp
        .profile
        .pack_use(&pack.id)
        .map(|u| u.exclude.as_slice())
        .unwrap_or_default();
    let exclusion = |rule: &Rule| excludes.iter().find(|e| e.covers(rule));
    let exclusions: Vec<Exclusion> = pack
        .rules
        .iter()
        .filter_map(|r| {
            exclusion(r).map(|e| Exclusion {
                rule: r.id.clone(),
                title: r.title.clone(),
                justification: e.justification.clone(),
                tag: e.tag().map(String::from),
            })
        })
        .collect();

    let excluded: std::collections::BTreeSet<String> = exclusions.iter().map(|e| e.rule.clone()).collect();
    let run_site = |site: Option<&str>| -> Vec<(RuleResult, Option<usize>)> {
        pack.rules
            .par_iter()
            .map(|rule| {
                let justification = exclusion(rule).map(|e| e.justification.clone());
                evaluate_rule(rule, site, justification, &params, pack, &excluded, inp)
            })
            .collect()
    };
    let mut used = Vec::new();
    let mut take = |evaluated: Vec<(RuleResult, Option<usize>)>| -> Vec<RuleResult> {
        evaluated
            .into_iter()
            .map(|(r, w)| {
                used.extend(w);
                r
            })
            .collect()
    };

    let period_end = inp.profile.period.map(|p| p.1);
    let (rules, summary, site_results) = if pack.scope == Scope::Site && !sites.is_empty() {
        let per_site: Vec<SiteResult> = sites
            .iter()
            .map(|s| {
                let rules = take(run_site(Some(s)));
                let summary = score::summarise(pack, &rules, &params, inp.as_of, period_end);
                SiteResult {
                    site: s.clone(),
                    summary,
                    rules,
                }
            })
            .collect();
        let (rules, summary) = organisation(pack, &params, &per_site, inp.as_of, period_end);
        (rules, summary, per_site)
    } else {
        let mut rules = take(run_site(None));
        document(pack, &mut rules);
        let summary = score::summarise(pack, &rules, &params, inp.as_of, period_end);
        (rules, summary, Vec::new())
    };
    let result = PackResult {
        id: pack.id.clone(),
        title: pack.title.clone(),
        version: pack.version.clone(),
        source: pack.source.clone(),
        provenance: pack.provenance.clone(),
        scoring: pack.scoring,
        scope: pack.scope,
        params: params.clone(),
        summary,
        sites: site_results,
        rules,
        exclusions,
        profile_line: inp.profile.pack_use(&pack.id).map(|u| u.id.span.line),
    };
    (result, used)
}

/// A rule's result before (or without) judging it: its identity from the
/// pack, the status given, no findings.
pub fn unjudged(rule: &Rule, status: Status) -> RuleResult {
    RuleResult {
        id: rule.id.clone(),
        title: rule.title.clone(),
        section: rule.section.clone(),
        severity: rule.severity,
        weight: rule.weight,
        level: rule.level,
        dimension: rule.dimension.clone(),
        status,
        evidence: EvidenceSelector {
            kind: rule.evidence.kind.clone(),
            path: rule.evidence.path.as_ref().map(|g| g.pattern.clone()),
            matching: rule.evidence.matching,
        },
        findings: Vec::new(),
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

/// Evaluates one rule for one site; returns the result and the index of the
/// waiver it applied, if any.
fn evaluate_rule(
    rule: &Rule,
    site: Option<&str>,
    excluded: Option<String>,
    params: &Params,
    pack: &Pack,
    excluded_rules: &std::collections::BTreeSet<String>,
    inp: &Inputs,
) -> (RuleResult, Option<usize>) {
    let mut result = unjudged(rule, Status::NotApplicable);
    if let Some(j) = excluded {
        result.findings.push(Finding::new(
            Status::NotApplicable,
            format!("excluded by the profile: {j}"),
        ));
        result.justification = Some(j);
        return (result, None);
    }
    let ctx = Ctx {
        index: inp.index,
        attestations: inp.attestations,
        as_of: inp.as_of,
        period: inp.profile.period,
        site,
        params,
        rule_id: &rule.id,
        selector: &rule.evidence,
        kinds: &pack.kinds,
        metrics: Some(inp.metrics),
        only: None,
        rules: &pack.rules,
        excluded: excluded_rules,
        headings: &inp.profile.headings,
    };
    let outcome = crate::check::judge(&rule.check, &ctx);
    result.status = outcome.status;
    result.findings = outcome.findings;
    // Several checks over one missing document say the same thing; once is enough.
    let mut seen = std::collections::BTreeSet::new();
    result.findings.retain(|f| seen.insert(f.clone()));
    result.metrics = outcome.tables;
    let mut applied = None;
    if result.status == Status::Fail {
        let candidates = inp
            .waivers
            .iter()
            .enumerate()
            .filter(|(_, w)| w.applies_to(&rule.id, site));
        for (i, w) in candidates {
            if !rule.waivable {
                result.findings.push(
                    Finding::fail(format!(
                        "waiver not applied: the pack does not allow waiving `{}`",
                        rule.id
                    ))
                    .at(crate::waiver::FILE, Some(w.line)),
                );
            } else if w.is_active(inp.as_of) {
                result.status = Status::Waived;
                result.findings.push(
                    Finding::new(Status::Waived, format!("waived until {}: {}", w.expires_text, w.reason))
                        .at(crate::waiver::FILE, Some(w.line)),
                );
                result.waiver = Some(AppliedWaiver {
                    reason: w.reason.clone(),
                    owner: w.owner.clone(),
                    approver: w.approver.clone(),
                    expires: w.expires_text.clone(),
                });
                applied = Some(i);
                break;
            } else if w.expires.is_some() {
                result.findings.push(
                    Finding::fail(format!("waiver expired on {}; renew it or fix the gap", w.expires_text))
                        .at(crate::waiver::FILE, Some(w.line)),
                );
            } else {
                result.findings.push(
                    Finding::fail(format!(
                        "waiver not applied: its expiry `{}` is not a date",
                        w.expires_text
                    ))
                    .at(crate::waiver::FILE, Some(w.line)),
                );
            }
        }
    }
    (result, applied)
}

/// The organisation's result of a site-scoped pack from its sites' results
/// (a run's, or several runs' merged by `aggregate`): the roll-up, scored,
/// certified only when every site is.
pub fn organisation(
    pack: &Pack,
    params: &Params,
    sites: &[SiteResult],
    as_of: Date,
    period_end: Option<Date>,
) -> (Vec<RuleResult>, crate::results::Summary) {
    let mut rules = roll_up(sites);
    document(pack, &mut rules);
    let mut summary = score::summarise(pack, &rules, params, as_of, period_end);
    if let Some(cert) = summary.certification.as_mut() {
        // The organisation is certified only when every site is.
        let uncertified: Vec<String> = sites
            .iter()
            .filter(|s| !s.summary.certification.as_ref().is_some_and(|c| c.certified))
            .map(|s| format!("site {}", s.site))
            .collect();
        if !uncertified.is_empty() {
            cert.certified = false;
            cert.valid_until = None;
            cert.blocked_by = uncertified;
        }
    }
    (rules, summary)
}

/// Carries each rule's documentation on the organisation's results, the
/// one place every report reads it from.
pub fn document(pack: &Pack, rules: &mut [RuleResult]) {
    for result in rules {
        if let Some(rule) = pack.rules.iter().find(|r| r.id == result.id) {
            result.guidance = rule.guidance.clone();
            result.remediation = rule.remediation.clone();
        }
    }
}

/// The organisation's view of a site-scoped pack: each rule takes its worst
/// status across sites, with every site's findings labelled.
fn roll_up(sites: &[SiteResult]) -> Vec<RuleResult> {
    let Some(first) = sites.first() else {
        return Vec::new();
    };
    (0..first.rules.len())
        .map(|i| {
            let mut rule = first.rules[i].clone();
            rule.findings.clear();
            rule.metrics.clear();
            rule.waiver = None;
            rule.status = sites
                .iter()
                .map(|s| s.rules[i].status)
                .max_by_key(|s| s.badness())
                .unwrap_or(Status::Pass);
            for s in sites {
                let r = &s.rules[i];
                if rule.waiver.is_none() && r.status == Status::Waived {
                    rule.waiver = r.waiver.clone();
                }
                rule.metrics.extend(r.metrics.iter().cloned());
                rule.sites.push(SiteStatus {
                    site: s.site.clone(),
                    status: r.status,
                });
                rule.findings.extend(r.findings.iter().cloned().map(|mut f| {
                    f.site = Some(s.site.clone());
                    f
                }));
            }
            rule
        })
        .collect()
}

fn waiver_results(inp: &Inputs, applied: &BTreeMap<usize, bool>) -> Vec<WaiverResult> {
    // Not waivable only when no rule it names may be waived: a pattern over
    // waivable and unwaivable rules still applies to the waivable ones.
    let waivable = |w: &Waiver| {
        inp.packs
            .iter()
            .flat_map(|p| &p.rules)
            .filter(|r| id_matches(&w.rule, &r.id))
            .any(|r| r.waivable)
    };
    inp.waivers
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let state = match w.expires {
                None => "invalid",
                Some(_) if !waivable(w) => "not_waivable",
                Some(_) if w.is_active(inp.as_of) => "active",
                Some(_) => "expired",
            };
            WaiverResult {
                rule: w.rule.clone(),
                site: w.site.clone(),
                reason: w.reason.clone(),
                owner: w.owner.clone(),
                approver: w.approver.clone(),
                expires: w.expires_text.clone(),
                state: state.into(),
                days_left: w.expires.map(|e| crate::time::days_between(inp.as_of, e)),
                applied: applied.contains_key(&i),
                line: w.line,
            }
        })
        .collect()
}

fn attestation_results(inp: &Inputs) -> Vec<AttestationResult> {
    inp.attestations
        .entries
        .iter()
        .map(|e| {
            let validity = attestation::validity(e, inp.as_of, None);
            let valid_until = match validity {
                attestation::Validity::Current { until } | attestation::Validity::Stale { until } => {
                    Some(until.to_string())
                }
                _ => None,
            };
            AttestationResult {
                rule: e.rule.clone(),
                site: e.site.clone(),
                result: if e.passed { "pass" } else { "fail" }.into(),
                auditor: e.auditor.clone(),
                date: e.date_text.clone(),
                statement: e.statement.clone(),
                evidence: e.evidence.clone(),
                state: validity.name().into(),
                valid_until,
                line: e.line,
                sample: e.sample_check.clone(),
            }
        })
        .collect()
}

/// Looks a parameter up as a duration, for scoring's validity period.
pub fn param_duration(params: &Params, name: &str) -> Option<(jiff::Span, String)> {
    match params.get(name) {
        Some(ParamValue::Text(t)) => crate::time::parse_duration(t).map(|s| (s, t.clone())),
        _ => None,
    }
}
