//! SARIF 2.1.0, in the shape GitHub code scanning accepts: every rule of
//! the evaluated packs as a reporting descriptor (its title, guidance and
//! remediation — the rule's one documentation), and a result per finding
//! that explains a gap, located in the evidence file at fault or, when the
//! evidence is missing, in the profile.

use std::collections::BTreeMap;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::{Value, json};

use super::{text, view};
use crate::pack::Severity;
use crate::results::{Results, RuleResult, Status};

/// The bytes a URI reference's path keeps as they are: RFC 3986's
/// unreserved characters, sub-delimiters, `@` and the `/` between segments.
/// Everything else — spaces, `%`, `#`, `?`, `:` (which would make a first
/// segment a scheme) and every byte of a non-ASCII character — is
/// percent-encoded.
pub(crate) const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b'@')
    .remove(b'/');

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    original_uri_base_ids: Value,
    properties: Value,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
struct Driver<'a> {
    name: &'a str,
    version: &'a str,
    rules: Vec<Descriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    short_description: Text<'a>,
    full_description: Text<'a>,
    help: Help,
    default_configuration: Level,
    properties: Tags<'a>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Level {
    level: &'static str,
}

/// A rule's properties: tags code scanning filters on (the pack, the
/// section, the severity and the rule's own tags) and, for a rule tagged
/// `security`, the score code scanning ranks security alerts by.
#[derive(Serialize)]
struct Tags<'a> {
    tags: Vec<&'a str>,
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: [Location; 1],
    partial_fingerprints: Fingerprints,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: Physical,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical {
    artifact_location: Artifact,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Artifact {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "evidentFinding/v1")]
    evident_finding: String,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    status: &'static str,
    severity: &'static str,
    site: Option<&'a str>,
}

pub fn render(r: &Results) -> anyhow::Result<String> {
    let mut rules = Vec::new();
    let mut index = BTreeMap::new();
    for p in &r.packs {
        for rule in &p.rules {
            index.insert(rule.id.as_str(), rules.len());
            rules.push(descriptor(&p.id, rule));
        }
    }
    let results = view::located(r)
        .into_iter()
        .map(|f| SarifResult {
            rule_id: &f.rule.id,
            rule_index: index[f.rule.id.as_str()],
            level: level(f.rule),
            message: Message { text: f.text() },
            locations: [Location {
                physical_location: Physical {
                    artifact_location: Artifact {
                        uri: utf8_percent_encode(f.file, PATH).to_string(),
                        uri_base_id: "EVIDENCE_ROOT",
                    },
                    region: f.line.map(|start_line| Region { start_line }),
                },
            }],
            partial_fingerprints: Fingerprints {
                evident_finding: f.fingerprint,
            },
            properties: ResultProperties {
                status: f.rule.status.name(),
                severity: f.rule.severity.name(),
                site: f.site,
            },
        })
        .collect();
    // Code scanning places a file from the repository root: the evidence
    // root is a folder of it, when known.
    let root_text = format!("The evidence repository ({})", r.evidence_root);
    let base_ids = match &r.repository_path {
        Some(path) => json!({
            "EVIDENCE_ROOT": {
                "uri": utf8_percent_encode(if path.is_empty() { "./" } else { path }, PATH).to_string(),
                "uriBaseId": "SRCROOT",
                "description": {"text": root_text}
            },
            "SRCROOT": {"description": {"text": "The root of the repository holding the evidence"}}
        }),
        None => json!({"EVIDENCE_ROOT": {"description": {"text": root_text}}}),
    };
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: &r.tool.name,
                    version: &r.tool.version,
                    rules,
                },
            },
            original_uri_base_ids: base_ids,
            properties: json!({"asOf": r.as_of, "organisation": r.organisation}),
            results,
        }],
    };
    text::to_json(&log)
}

fn descriptor<'a>(pack: &'a str, rule: &'a RuleResult) -> Descriptor<'a> {
    let guidance = rule.guidance.as_deref().unwrap_or(&rule.title);
    let mut text = format!("What the auditor looks for: {guidance}");
    let mut markdown = format!("**What the auditor looks for:** {guidance}");
    if let Some(fix) = &rule.remediation {
        text.push_str(&format!("\n\nWhat to do: {fix}"));
        markdown.push_str(&format!("\n\n**What to do:** {fix}"));
    }
    Descriptor {
        id: &rule.id,
        short_description: Text { text: &rule.title },
        full_description: Text { text: guidance },
        help: Help { text, markdown },
        default_configuration: Level {
            level: severity_level(rule.severity),
        },
        properties: Tags {
            tags: descriptor_tags(pack, rule),
            security_severity: rule
                .tags
                .iter()
                .any(|t| t == "security")
                .then(|| security_severity(rule.severity)),
        },
    }
}

/// Failing rules take their severity's level; unreadable evidence is always
/// an error; a judgement not yet made is a warning.
pub fn level(rule: &RuleResult) -> &'static str {
    match rule.status {
        Status::Error => "error",
        Status::Pending => "warning",
        _ => severity_level(rule.severity),
    }
}

/// The pack, the section, the severity, then the rule's own tags; SARIF
/// tags are unique, and a section may share a tag's name (`security`).
fn descriptor_tags<'a>(pack: &'a str, rule: &'a RuleResult) -> Vec<&'a str> {
    let mut tags = vec![pack, rule.section.as_str(), rule.severity.name()];
    for t in &rule.tags {
        if !tags.contains(&t.as_str()) {
            tags.push(t);
        }
    }
    tags
}

/// GitHub ranks a security alert by this score: 9.0 and up critical, 7.0
/// high, 4.0 medium, below that low. Each severity takes the bottom of its
/// band, so a rule never ranks above what its pack says.
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.0",
        Severity::Major => "7.0",
        Severity::Minor => "4.0",
        Severity::Info => "1.0",
    }
}

fn severity_level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::Major => "error",
        Severity::Minor => "warning",
        Severity::Info => "note",
    }
}
