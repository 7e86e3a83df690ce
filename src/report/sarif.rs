//! SARIF 2.1.0, in the shape GitHub code scanning accepts: every rule of
//! the evaluated packs as a reporting descriptor (its title, guidance and
//! remediation — the rule's one documentation), and a result per finding
//! that explains a gap, located in the evidence file at fault or, when the
//! evidence is missing, in the profile.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::view;
use crate::evidence::hex;
use crate::pack::Severity;
use crate::results::{Finding, Results, RuleResult, Status};

/// Where findings without a file point: the evidence is missing, and the
/// profile is what names the packs that ask for it.
const PROFILE: &str = "evident.yaml";

pub fn render(r: &Results) -> anyhow::Result<String> {
    let mut rules = Vec::new();
    let mut index = BTreeMap::new();
    for p in &r.packs {
        for rule in &p.rules {
            index.insert(rule.id.as_str(), rules.len());
            rules.push(descriptor(&p.id, rule));
        }
    }
    let mut results = Vec::new();
    // Ordinals keep fingerprints unique when one rule has several findings
    // in one file, without tying them to message text that changes with data.
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    for (_, rule) in view::gaps(&r.packs) {
        let findings = view::explaining(rule);
        let located: Vec<Finding> = if findings.is_empty() {
            vec![Finding::new(
                rule.status,
                format!("{}: {}", rule.status.name(), rule.title),
            )]
        } else {
            findings.into_iter().cloned().collect()
        };
        for f in located {
            let (site, file, line, message) = (f.site.as_deref(), f.file.as_deref(), f.line, f.message);
            let uri = file.unwrap_or(PROFILE);
            let key = format!("{}\u{1f}{}\u{1f}{uri}", rule.id, site.unwrap_or(""));
            let n = seen.entry(key.clone()).or_default();
            *n += 1;
            let fingerprint = hex(&Sha256::digest(format!("{key}\u{1f}{n}").as_bytes()))[..32].to_string();
            let text = match site {
                Some(s) => format!("[{s}] {message}"),
                None => message,
            };
            let mut physical = json!({"artifactLocation": {"uri": uri, "uriBaseId": "EVIDENCE_ROOT"}});
            if let Some(l) = line {
                physical["region"] = json!({"startLine": l});
            }
            results.push(json!({
                "ruleId": rule.id,
                "ruleIndex": index[rule.id.as_str()],
                "level": level(rule),
                "message": {"text": format!("{} — {}", rule.title, text)},
                "locations": [{"physicalLocation": physical}],
                "partialFingerprints": {"evidentFinding/v1": fingerprint},
                "properties": {"status": rule.status.name(), "severity": rule.severity.name(), "site": site},
            }));
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": r.tool.name,
                "version": r.tool.version,
                "rules": rules,
            }},
            "originalUriBaseIds": {"EVIDENCE_ROOT": {"description": {"text": format!("The evidence repository ({})", r.evidence_root)}}},
            "properties": {"asOf": r.as_of, "organisation": r.organisation},
            "results": results,
        }],
    });
    Ok(serde_json::to_string_pretty(&log)? + "\n")
}

fn descriptor(pack: &str, rule: &RuleResult) -> Value {
    let guidance = rule.guidance.as_deref().unwrap_or(&rule.title);
    let mut help = format!("What the auditor looks for: {guidance}");
    let mut markdown = format!("**What the auditor looks for:** {guidance}");
    if let Some(fix) = &rule.remediation {
        help.push_str(&format!("\n\nWhat to do: {fix}"));
        markdown.push_str(&format!("\n\n**What to do:** {fix}"));
    }
    json!({
        "id": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": guidance},
        "help": {"text": help, "markdown": markdown},
        "defaultConfiguration": {"level": severity_level(rule.severity)},
        "properties": {"tags": [pack, rule.section, rule.severity.name()]},
    })
}

/// Failing rules take their severity's level; unreadable evidence is always
/// an error; a judgement not yet made is a warning.
fn level(rule: &RuleResult) -> &'static str {
    match rule.status {
        Status::Error => "error",
        Status::Pending => "warning",
        _ => severity_level(rule.severity),
    }
}

fn severity_level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::Major => "error",
        Severity::Minor => "warning",
        Severity::Info => "note",
    }
}
