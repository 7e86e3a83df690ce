//! OSCAL assessment results: the run as one result. Reviewed controls are
//! each pack's applicable rules (tailored-out ones excluded, with why);
//! an observation per evidence file a finding cites; a finding per rule and
//! site, satisfied or not; a risk per failing rule at or above the gate's
//! severity, and one per applied waiver as an approved deviation. The ids
//! are those `evident export oscal-catalog` gives the same rules.

use std::collections::{BTreeMap, BTreeSet};

use percent_encoding::utf8_percent_encode;
use serde_json::{Value, json};

use super::template::markdown as md;
use super::{sarif::PATH, text, view};
use crate::oscal::{VERSION, catalog_href, catalog_uuid, control_id, line, midnight, prop, prune, uuid};
use crate::results::{ManifestEntry, PackResult, Results, RuleResult, Status};

pub fn render(r: &Results) -> anyhow::Result<String> {
    // Everything is named from the run's inputs: the same inputs and as-of
    // date give the same UUIDs.
    let run = run_name(r);
    let name = |kind: &str, parts: &[&str]| uuid(&format!("{run}\u{0}{kind}\u{0}{}", parts.join("\u{0}")));
    let plan = name("plan", &[]);
    let party = r
        .organisation
        .as_deref()
        .and_then(line)
        .map(|org| json!({"uuid": name("party", &[&org]), "type": "organization", "name": org}));

    let observations = observations(r, &name);
    let by_path: BTreeMap<&str, &str> = observations
        .iter()
        .map(|(p, o)| (*p, o["uuid"].as_str().unwrap_or_default()))
        .collect();
    let mut findings = Vec::new();
    let mut risks = Vec::new();
    for p in &r.packs {
        for (site, rule) in assessed(p) {
            let org_rule = p.rules.iter().find(|x| x.id == rule.id).unwrap_or(rule);
            let site_name = site.unwrap_or("");
            let related: BTreeSet<&str> = rule
                .findings
                .iter()
                .filter_map(|f| f.file.as_deref())
                .filter(|f| by_path.contains_key(f))
                .collect();
            let related: Vec<Value> = related
                .into_iter()
                .map(|f| json!({"observation-uuid": by_path[f]}))
                .collect();
            let risk = risk(r, p, org_rule, rule, site, &related, &name);
            let risk_uuid = risk.as_ref().map(|x| x["uuid"].clone());
            risks.extend(risk);
            findings.push(finding(p, org_rule, rule, site_name, related, risk_uuid, &name));
        }
    }

    let start = r.period.as_ref().map(|p| p.from.as_str()).unwrap_or(&r.as_of);
    let end = r.period.as_ref().map(|p| p.to.as_str()).unwrap_or(&r.as_of);
    let mut back_matter = vec![plan_resource(r, &plan)];
    back_matter.extend(r.packs.iter().map(|p| catalog_resource(p, &name)));
    let mut doc = json!({"assessment-results": {
        "uuid": name("assessment-results", &[]),
        "metadata": {
            "title": format!("Assessment results: {}, as of {}", org_or_root(r), r.as_of),
            "last-modified": r.generated_at.clone().unwrap_or_else(|| midnight(&r.as_of)),
            "version": r.as_of,
            "oscal-version": VERSION,
            "props": [
                prop("as-of", &r.as_of),
                prop("tool", &format!("{} {}", r.tool.name, r.tool.version)),
                prop("gate", if r.gate.passed { "passed" } else { "failed" }),
            ],
            "parties": [party],
            "remarks": gate_remarks(r),
        },
        "import-ap": {
            "href": format!("#{plan}"),
            "remarks": "evident keeps no separate assessment plan: the plan is the run's profile and packs, described by the back-matter resource this points to.",
        },
        "results": [{
            "uuid": name("result", &[]),
            "title": format!("evident run as of {}", r.as_of),
            "description": description(r),
            "start": midnight(start),
            "end": format!("{end}T23:59:59Z"),
            "props": r.sites.iter().map(|s| prop("site", s)).collect::<Vec<_>>(),
            "reviewed-controls": {"control-selections": r.packs.iter().map(|p| selection(p, &name)).collect::<Vec<_>>()},
            "observations": observations.into_iter().map(|(_, o)| o).collect::<Vec<_>>(),
            "risks": risks,
            "findings": findings,
        }],
        "back-matter": {"resources": back_matter},
    }});
    prune(&mut doc);
    text::to_json(&doc)
}

/// What names the run: the evidence, the profile, the as-of date and the
/// bytes of every file read.
fn run_name(r: &Results) -> String {
    let mut s = format!("{}\u{0}{}\u{0}{}", r.evidence_root, r.profile_path, r.as_of);
    for e in &r.manifest {
        s.push('\u{0}');
        s.push_str(&e.path);
        s.push('\u{0}');
        s.push_str(&e.sha256);
    }
    s
}

fn org_or_root(r: &Results) -> String {
    let name = r.organisation.as_deref().and_then(line);
    md(name.as_deref().unwrap_or(&r.evidence_root)).into_owned()
}

fn description(r: &Results) -> String {
    let packs: Vec<String> = r.packs.iter().map(|p| format!("{} {}", p.id, p.version)).collect();
    format!(
        "evident evaluated the evidence repository {} (profile {}) against {} as of {}.",
        md(&r.evidence_root),
        md(&r.profile_path),
        packs.join(", "),
        r.as_of
    )
}

fn gate_remarks(r: &Results) -> String {
    let mut s = format!(
        "The gate {} (fail on {} and worse).\n",
        if r.gate.passed { "passed" } else { "failed" },
        r.gate.fail_on
    );
    for reason in &r.gate.reasons {
        s.push_str(&format!("\n- {}", md(reason)));
    }
    s
}

/// The rules with a finding: each rule of an organisation-wide pack, each
/// rule at each site of a site-scoped one; tailored-out rules are excluded
/// from the reviewed controls instead.
fn assessed(p: &PackResult) -> Vec<(Option<&str>, &RuleResult)> {
    let pairs: Vec<(Option<&str>, &RuleResult)> = if p.sites.is_empty() {
        p.rules.iter().map(|rule| (None, rule)).collect()
    } else {
        p.sites
            .iter()
            .flat_map(|s| s.rules.iter().map(move |rule| (Some(s.site.as_str()), rule)))
            .collect()
    };
    pairs
        .into_iter()
        .filter(|(_, rule)| rule.status != Status::NotApplicable)
        .collect()
}

/// A pack's reviewed controls: the applicable rules, the tailored-out ones
/// excluded with their justification, and a link to the pack's catalog.
fn selection(p: &PackResult, name: &impl Fn(&str, &[&str]) -> String) -> Value {
    let include: Vec<Value> = p
        .rules
        .iter()
        .filter(|rule| rule.status != Status::NotApplicable)
        .map(|rule| json!({"control-id": control_id(&rule.id)}))
        .collect();
    let exclude: Vec<Value> = p
        .rules
        .iter()
        .filter(|rule| rule.status == Status::NotApplicable)
        .map(|rule| json!({"control-id": control_id(&rule.id)}))
        .collect();
    let mut why: Vec<String> = p
        .exclusions
        .iter()
        .map(|e| format!("- {}: {}", e.rule, md(e.justification.trim())))
        .collect();
    // A rule tailored out at one site only is reviewed, without a finding
    // for that site.
    let applicable = |id: &str| p.rules.iter().any(|x| x.id == id && x.status != Status::NotApplicable);
    for site in &p.sites {
        for rule in site
            .rules
            .iter()
            .filter(|x| x.status == Status::NotApplicable && applicable(&x.id))
        {
            let j = rule.justification.as_deref().unwrap_or("no justification recorded");
            why.push(format!("- {} at site {}: {}", rule.id, md(&site.site), md(j.trim())));
        }
    }
    json!({
        "description": format!("{} ({} {})", line(&p.title).unwrap_or_default(), p.id, p.version),
        "props": [prop("pack-id", &p.id), prop("pack-version", &p.version)],
        "links": [{"href": format!("#{}", name("catalog", &[&p.id])), "rel": "reference", "text": format!("{} as an OSCAL catalog", p.id)}],
        "include-controls": include,
        "exclude-controls": exclude,
        "remarks": (!why.is_empty()).then(|| format!("Tailored out:\n\n{}", why.join("\n"))),
    })
}

/// An observation per evidence file some finding cites, keyed by its path.
/// It expires on the earliest day a freshness check on it says it goes
/// stale.
fn observations<'a>(r: &'a Results, name: &impl Fn(&str, &[&str]) -> String) -> Vec<(&'a str, Value)> {
    let mut cited: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    let findings = r
        .packs
        .iter()
        .flat_map(|p| p.rules.iter().chain(p.sites.iter().flat_map(|s| &s.rules)))
        .flat_map(|rule| &rule.findings);
    for f in findings {
        if let Some(file) = f.file.as_deref() {
            let expires = cited.entry(file).or_default();
            if let Some(date) = f.expires.as_deref() {
                *expires = Some(expires.map_or(date, |d| d.min(date)));
            }
        }
    }
    r.manifest
        .iter()
        .filter_map(|e| cited.get(e.path.as_str()).map(|expires| (e, *expires)))
        .map(|(e, expires)| (e.path.as_str(), observation(r, e, expires, name)))
        .collect()
}

fn observation(
    r: &Results,
    e: &ManifestEntry,
    expires: Option<&str>,
    name: &impl Fn(&str, &[&str]) -> String,
) -> Value {
    // Records are measured (tested); documents and registers of record are
    // read (examined).
    let method = if e.role == "records" { "TEST" } else { "EXAMINE" };
    let approved = e
        .approved_on
        .as_deref()
        .filter(|d| crate::time::parse_date(d).is_some());
    let collected = midnight(approved.unwrap_or(&r.as_of));
    let what = match &e.kind {
        Some(kind) => format!("{} of kind `{kind}`", e.role),
        None => e.role.clone(),
    };
    let mut description = format!("{}: {what}", md(&e.path));
    if let Some(title) = e.title.as_deref().and_then(line) {
        description.push_str(&format!(", \"{}\"", md(&title)));
    }
    description.push_str(match approved {
        Some(_) => "; collected on its approval date.",
        None => "; no approval date, so collected as of the run's date.",
    });
    json!({
        "uuid": name("observation", &[&e.path]),
        "title": line(&e.path),
        "description": description,
        "props": [e.site.as_deref().and_then(|s| prop("site", s))],
        "methods": [method],
        "relevant-evidence": [{
            "href": utf8_percent_encode(&e.path, PATH).to_string(),
            "description": format!("{}, {} bytes, sha256 {}", md(&e.path), e.size, e.sha256),
            "props": [prop("sha256", &e.sha256)],
        }],
        "collected": collected,
        "expires": expires.map(|d| format!("{d}T23:59:59Z")),
        "remarks": e.problem.as_deref().map(|p| format!("evident could not use this file: {}", md(p))),
    })
}

/// A rule at a site: satisfied when it passes; otherwise not satisfied,
/// with what explains it. OSCAL has two states only, so an error, a
/// pending judgement and a waiver are `not-satisfied` with reason `other`
/// and a remark saying which.
fn finding(
    p: &PackResult,
    org_rule: &RuleResult,
    rule: &RuleResult,
    site: &str,
    related: Vec<Value>,
    risk: Option<Value>,
    name: &impl Fn(&str, &[&str]) -> String,
) -> Value {
    let (state, reason) = match rule.status {
        Status::Pass => ("satisfied", "pass"),
        Status::Fail => ("not-satisfied", "fail"),
        _ => ("not-satisfied", "other"),
    };
    let remark = match rule.status {
        Status::Error => {
            Some("error: the evidence could not be read or evaluated, so the rule is not satisfied".to_string())
        }
        Status::Pending => {
            Some("pending: the rule needs a person's judgement (an attestation) that is not on record".to_string())
        }
        Status::Waived => Some(match &rule.waiver {
            Some(w) => format!(
                "waived: the rule fails, and an exception is accepted until {} (owner {}, approved by {}): {}",
                md(&w.expires),
                md(&w.owner),
                md(&w.approver),
                md(&w.reason)
            ),
            None => "waived: the rule fails, and an accepted exception covers it".to_string(),
        }),
        _ => None,
    };
    let explained: Vec<String> = view::explaining(rule)
        .into_iter()
        .map(|f| match f.location() {
            Some(at) => format!("- {} ({})", md(&f.message), md(&at)),
            None => format!("- {}", md(&f.message)),
        })
        .collect();
    let mut description = format!("{}: {}.", rule.id, rule.status.name());
    if !explained.is_empty() {
        description.push_str(&format!("\n\n{}", explained.join("\n")));
    }
    if let Some(j) = &rule.justification {
        description.push_str(&format!("\n\n{}", md(j)));
    }
    let title = match site {
        "" => format!("{}: {}", rule.id, rule.title),
        s => format!("{}: {} (site {s})", rule.id, rule.title),
    };
    json!({
        "uuid": name("finding", &[&p.id, &rule.id, site]),
        "title": line(&title),
        "description": description,
        "props": [
            prop("status", rule.status.name()),
            prop("severity", org_rule.severity.name()),
            prop("site", site),
        ],
        "target": {
            "type": "objective-id",
            "target-id": control_id(&rule.id),
            "status": {"state": state, "reason": reason, "remarks": remark},
        },
        "related-observations": related,
        "related-risks": [risk.map(|u| json!({"risk-uuid": u}))],
    })
}

/// A failing or unreadable rule at or above the gate's severity is an open
/// risk, with the rule's remediation as a recommended response. An applied
/// waiver, whatever the severity, is a risk whose deviation is approved
/// until the waiver expires: OSCAL records an accepted exception that way.
fn risk(
    r: &Results,
    p: &PackResult,
    org_rule: &RuleResult,
    rule: &RuleResult,
    site: Option<&str>,
    related: &[Value],
    name: &impl Fn(&str, &[&str]) -> String,
) -> Option<Value> {
    let status = match rule.status {
        Status::Fail | Status::Error if org_rule.severity >= r.gate.fail_on => "open",
        Status::Waived => "deviation-approved",
        _ => return None,
    };
    let at = site.map(|s| format!(" at site {s}")).unwrap_or_default();
    let uuid = name("risk", &[&p.id, &rule.id, site.unwrap_or("")]);
    Some(json!({
        "uuid": uuid,
        "title": line(&format!("{}{at}: {}", rule.id, rule.title)),
        "description": format!("The {} rule {} has the status {}{at}.", org_rule.severity, rule.id, rule.status.name()),
        "statement": org_rule.guidance.clone().unwrap_or_else(|| rule.title.clone()),
        "props": [prop("severity", org_rule.severity.name()), prop("site", site.unwrap_or(""))],
        "status": status,
        "deadline": rule.waiver.as_ref().filter(|_| status == "deviation-approved").map(|w| midnight(&w.expires)),
        "remediations": [org_rule.remediation.as_ref().map(|fix| json!({
            "uuid": name("remediation", &[&p.id, &rule.id, site.unwrap_or("")]),
            "lifecycle": "recommendation",
            "title": "What to do",
            "description": fix,
        }))],
        "related-observations": related,
    }))
}

/// The run's plan: evident has no assessment plan of its own, so the
/// results import this description of the profile and packs.
fn plan_resource(r: &Results, plan: &str) -> Value {
    let period = r
        .period
        .as_ref()
        .map(|p| format!(" for the period {} to {}", p.from, p.to))
        .unwrap_or_default();
    let packs: Vec<String> = r.packs.iter().map(|p| format!("{} {}", p.id, p.version)).collect();
    json!({
        "uuid": plan,
        "title": "Assessment plan: the evident profile and packs of this run",
        "description": format!(
            "The profile {} of the evidence repository {}, assessed as of {}{period} against {}. Sites: {}.",
            md(&r.profile_path),
            md(&r.evidence_root),
            r.as_of,
            packs.join(", "),
            if r.sites.is_empty() { "none".to_string() } else { md(&r.sites.join(", ")).into_owned() }
        ),
        "rlinks": [{"href": utf8_percent_encode(&r.profile_path, PATH).to_string(), "media-type": "application/yaml"}],
    })
}

/// Where each pack's catalog is: the file `evident export oscal-catalog`
/// writes, named by the catalog's UUID.
fn catalog_resource(p: &PackResult, name: &impl Fn(&str, &[&str]) -> String) -> Value {
    json!({
        "uuid": name("catalog", &[&p.id]),
        "title": format!("{} as an OSCAL catalog", p.id),
        "description": format!(
            "The catalog `evident export oscal-catalog {} --out {}` writes; its uuid is {}.",
            p.id,
            catalog_href(&p.id),
            catalog_uuid(&p.id, &p.version)
        ),
        "props": [prop("catalog-uuid", &catalog_uuid(&p.id, &p.version))],
        "rlinks": [{"href": catalog_href(&p.id), "media-type": "application/oscal.catalog+json"}],
    })
}
