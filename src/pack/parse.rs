//! Spanned YAML → validated, compiled [`Pack`]. Every problem is pushed as a
//! diagnostic with its place and the run goes on, so an author sees all of
//! them at once; a pack with any error is not used.

use std::collections::{BTreeMap, BTreeSet};

use super::kind::{self, is_kebab};
use super::param::ParamValue;
use super::tags;
use super::{
    Certify, Dimension, Kind, Level, Mapping, Pack, Params, Relation, Rule, Scope, Scoring, Section, Selector, Severity,
};
use crate::check::{self, Check, ParseCtx};
use crate::diag::{Code, Diagnostic, Diagnostics, FileId, Span};
use crate::yaml::{self, Node, Table, Value};

pub const TOP_KEYS: &[&str] = &["pack", "params", "kinds", "sections", "rules"];
pub const RULE_FILE_KEYS: &[&str] = &["sections", "rules"];
pub const PACK_KEYS: &[&str] = &[
    "id",
    "title",
    "version",
    "edition",
    "source",
    "provenance",
    "scoring",
    "scope",
    "levels",
    "dimensions",
    "certify",
    "placeholders",
    "tags",
];
pub const SECTION_KEYS: &[&str] = &["id", "title", "provenance", "sections"];
pub const RULE_KEYS: &[&str] = &[
    "id",
    "section",
    "title",
    "severity",
    "weight",
    "level",
    "dimension",
    "waivable",
    "guidance",
    "remediation",
    "evidence",
    "checks",
    "maps_to",
    "tags",
];
pub const CERTIFY_KEYS: &[&str] = &["severity", "min_score"];
/// Keys of a level and of a dimension.
pub const LEVEL_KEYS: &[&str] = &["id", "title"];
pub const PARAM_KEYS: &[&str] = &["default", "description"];
pub const MAPPING_KEYS: &[&str] = &["rule", "relation"];
pub const SCORING: &[&str] = &["weighted", "levels", "criteria"];
/// `organization` is accepted as the American spelling.
pub const SCOPES: &[&str] = &["organisation", "organization", "site"];

/// One file of a pack: `pack.yaml` first, then any `rules/*.yaml`.
pub struct PackFile<'a> {
    pub file: FileId,
    pub node: &'a Node,
}

/// Builds a pack from its files, or `None` when it has errors (all of which
/// are in `diags`).
pub fn parse_pack(
    files: &[PackFile],
    catalogue: &BTreeMap<String, Kind>,
    origin: String,
    diags: &mut Diagnostics,
) -> Option<Pack> {
    let before = diags.items.len();
    let main = files.first()?;
    let mut t = Table::new(main.node, main.file, "pack file", diags)?;
    let header = t.required("pack", diags);
    let params_node = t.get("params");
    let kinds_node = t.get("kinds");
    let mut section_nodes: Vec<(FileId, &Node)> = t.get("sections").map(|n| (main.file, n)).into_iter().collect();
    let mut rule_nodes: Vec<(FileId, &Node)> = t.get("rules").map(|n| (main.file, n)).into_iter().collect();
    t.finish(diags, TOP_KEYS);
    for extra in &files[1..] {
        let Some(mut t) = Table::new(extra.node, extra.file, "rule file", diags) else {
            continue;
        };
        section_nodes.extend(t.get("sections").map(|n| (extra.file, n)));
        rule_nodes.extend(t.get("rules").map(|n| (extra.file, n)));
        t.finish(diags, RULE_FILE_KEYS);
    }

    // A broken header is reported, and the rest of the pack is still read
    // so every problem shows in one run.
    let (mut pack, certify_node, tags_node) = match header {
        Some(h) => parse_header(h, main.file, diags),
        None => (placeholder_pack(String::new()), None, None),
    };
    let declared_tags = tags_node
        .map(|n| tags::parse_vocabulary(n, main.file, diags))
        .unwrap_or_default();
    pack.tags = tags::vocabulary(&declared_tags);
    pack.origin = origin;
    pack.params = params_node
        .map(|n| parse_params(n, main.file, diags))
        .unwrap_or_default();
    pack.certify = match certify_node {
        Some(n) => parse_certify(n, main.file, &pack.params, diags),
        None => (pack.scoring == Scoring::Criteria).then_some(Certify {
            severity: Severity::Critical,
            min_score: None,
        }),
    };

    // Kinds: the pack's own, checked against the catalogue's.
    for (name, k) in kinds_node
        .map(|n| kind::parse_kinds(n, main.file, diags))
        .unwrap_or_default()
    {
        if let Some(shared) = catalogue.get(&name)
            && !shared.same_as(&k)
        {
            let (f, s) = k.span();
            diags.push(
                Diagnostic::error(
                    Code::ConflictingKind,
                    format!("kind `{name}` disagrees with the shared declaration in kinds.yaml"),
                )
                .at(f, s)
                .note("use the shared kind as it is (delete this declaration), or give this one another name"),
            );
        }
        pack.kinds.insert(name, k);
    }

    let mut seen_sections = BTreeMap::new();
    for (file, node) in section_nodes {
        parse_sections(node, file, None, 0, &mut pack.sections, &mut seen_sections, diags);
    }

    let mut seen_rules: BTreeMap<String, (FileId, Span)> = BTreeMap::new();
    let mut kind_refs = Vec::new();
    for (file, node) in rule_nodes {
        let Value::Seq(items) = &node.value else {
            diags.push(yaml::wrong_type(file, node, "rules", "a list of rules", &node.value));
            continue;
        };
        for item in items {
            let Some((rule, refs)) = parse_rule(item, file, &pack, diags) else {
                continue;
            };
            if let Some((pf, ps)) = seen_rules.get(&rule.id) {
                diags.push(
                    Diagnostic::error(Code::DuplicateId, format!("rule id `{}` is used twice", rule.id))
                        .at(file, rule.span)
                        .note(format!(
                            "first used at line {} ({})",
                            ps.line,
                            if *pf == file {
                                "this file"
                            } else {
                                "another file of this pack"
                            }
                        )),
                );
                continue;
            }
            seen_rules.insert(rule.id.clone(), (file, rule.span));
            kind_refs.extend(refs.into_iter().map(|(k, s)| (k, file, s)));
            pack.rules.push(rule);
        }
    }

    // Kinds named by rules must be declared here or in the catalogue; the
    // ones taken from the catalogue become part of the pack.
    for (name, file, span) in kind_refs {
        if pack.kinds.contains_key(&name) {
            continue;
        }
        match catalogue.get(&name) {
            Some(k) => {
                pack.kinds.insert(name, k.clone());
            }
            None => {
                let mut known: Vec<&str> = pack.kinds.keys().map(String::as_str).collect();
                known.extend(catalogue.keys().map(String::as_str));
                let mut d = Diagnostic::error(Code::UnknownKind, format!("evidence kind `{name}` is not declared"))
                    .at(file, span)
                    .note("declare it under the pack's `kinds:` or in standards/kinds.yaml");
                if let Some(c) = yaml::closest(&name, &known) {
                    d = d.note(format!("did you mean `{c}`?"));
                }
                diags.push(d);
            }
        }
    }

    // Metric expressions and columns, now that the kinds are known.
    for rule in &pack.rules {
        let mut metrics = Vec::new();
        rule.check.metrics(&mut metrics);
        for m in metrics {
            m.validate(&pack.kinds, &pack.params, rule.file, diags);
        }
        rule.check.leaves(&mut |c| {
            if let Check::Register(r) = c {
                r.validate(&pack.rules, rule.file, diags);
            }
        });
    }

    tags::warn_unused(&declared_tags, &pack.rules, main.file, diags);

    if pack.rules.is_empty()
        && !diags.items[before..]
            .iter()
            .any(|d| d.severity == crate::diag::Severity::Error)
    {
        diags.push(
            Diagnostic::error(Code::MissingKey, format!("pack `{}` has no rules", pack.id))
                .at(main.file, main.node.span),
        );
    }
    let failed = diags.items[before..]
        .iter()
        .any(|d| d.severity == crate::diag::Severity::Error);
    (!failed).then_some(pack)
}

/// A stand-in header so a pack with a broken one can still be read for its
/// other problems (it is never used: its diagnostics are errors).
fn placeholder_pack(id: String) -> Pack {
    Pack {
        id,
        title: String::new(),
        version: String::new(),
        edition: None,
        source: String::new(),
        provenance: None,
        scoring: Scoring::Weighted,
        scope: Scope::Organisation,
        levels: Vec::new(),
        dimensions: Vec::new(),
        certify: None,
        placeholders: Vec::new(),
        tags: BTreeMap::new(),
        params: Params::new(),
        kinds: BTreeMap::new(),
        sections: Vec::new(),
        rules: Vec::new(),
        origin: String::new(),
    }
}

/// The header, with its `certify:` and `tags:` nodes, which are read once
/// the parameters and the rest of the pack are known.
fn parse_header<'n>(
    node: &'n Node,
    file: FileId,
    diags: &mut Diagnostics,
) -> (Pack, Option<&'n Node>, Option<&'n Node>) {
    let Some(mut t) = Table::new(node, file, "pack header", diags) else {
        return (placeholder_pack(String::new()), None, None);
    };
    let id = t.required_str("id", diags);
    let title = t.required_str("title", diags);
    let version = t.required_str("version", diags);
    let edition = t.str("edition", diags).map(|s| s.value);
    let source = t.required_str("source", diags);
    let provenance = t.str("provenance", diags).map(|s| s.value);
    let scoring = t.str("scoring", diags).and_then(|s| {
        let v = match s.value.as_str() {
            "weighted" => Scoring::Weighted,
            "levels" => Scoring::Levels,
            "criteria" => Scoring::Criteria,
            other => {
                diags.push(invalid(file, s.span, "scoring", other, SCORING));
                return None;
            }
        };
        Some(v)
    });
    let scope = t.str("scope", diags).and_then(|s| match s.value.as_str() {
        "organisation" | "organization" => Some(Scope::Organisation),
        "site" => Some(Scope::Site),
        other => {
            diags.push(invalid(file, s.span, "scope", other, &["organisation", "site"]));
            None
        }
    });
    let levels = t
        .get("levels")
        .map(|n| parse_levels(n, file, diags))
        .unwrap_or_default();
    let dimensions = t
        .get("dimensions")
        .map(|n| parse_dimensions(n, file, diags))
        .unwrap_or_default();
    let certify = t.get("certify");
    let tags = t.get("tags");
    let placeholders = t
        .get("placeholders")
        .map(|n| crate::evidence::placeholder::patterns(n, file, diags))
        .unwrap_or_default();
    t.finish(diags, PACK_KEYS);
    let id = id.map(|i| i.value).unwrap_or_default();
    if !id.is_empty() && !is_kebab(&id) {
        diags.push(
            Diagnostic::error(Code::InvalidId, format!("pack id `{id}` is not kebab-case"))
                .at(file, t_span(node, "id"))
                .note("pack ids are lowercase letters, digits and `-`, like `iso9001` or `sqm-wcc`"),
        );
    }
    let scoring = scoring.unwrap_or(Scoring::Weighted);
    if scoring == Scoring::Levels && levels.is_empty() {
        diags.push(
            Diagnostic::error(Code::MissingKey, "`scoring: levels` needs `levels:` in the pack header")
                .at(file, node.span)
                .note("list the levels, lowest first: `levels: [{id: 1, title: ...}, ...]`"),
        );
    }
    let pack = Pack {
        title: title.map(|t| t.value).unwrap_or_default(),
        version: version.map(|t| t.value).unwrap_or_default(),
        edition,
        source: source.map(|t| t.value).unwrap_or_default(),
        provenance,
        scoring,
        scope: scope.unwrap_or(Scope::Organisation),
        levels,
        dimensions,
        placeholders,
        ..placeholder_pack(id)
    };
    (pack, certify, tags)
}

/// `certify: {severity, min_score}`: the certification decision of a pack,
/// read once the parameters are known so `min_score` may name one.
fn parse_certify(node: &Node, file: FileId, params: &Params, diags: &mut Diagnostics) -> Option<Certify> {
    let mut t = Table::new(node, file, "certify", diags)?;
    let severity = t.str("severity", diags);
    let min_score = t.get("min_score");
    t.finish(diags, CERTIFY_KEYS);
    let severity = match severity {
        None => Severity::Critical,
        Some(s) => match Severity::parse(&s.value) {
            Some(v) => v,
            None => {
                diags.push(invalid(file, s.span, "severity", &s.value, Severity::NAMES));
                return None;
            }
        },
    };
    let min_score = match min_score {
        None => None,
        Some(n) => {
            let mut ctx = ParseCtx {
                file,
                diags,
                params,
                kind_refs: Vec::new(),
            };
            Some(ctx.num(n, "min_score")?)
        }
    };
    Some(Certify { severity, min_score })
}

fn invalid(file: FileId, span: Span, key: &str, found: &str, allowed: &[&str]) -> Diagnostic {
    let mut d = Diagnostic::error(Code::InvalidValue, format!("`{key}` cannot be `{found}`"))
        .at(file, span)
        .note(format!("expected one of: {}", allowed.join(", ")));
    if let Some(c) = yaml::closest(found, allowed) {
        d = d.note(format!("did you mean `{c}`?"));
    }
    d
}

fn parse_levels(node: &Node, file: FileId, diags: &mut Diagnostics) -> Vec<Level> {
    let Value::Seq(items) = &node.value else {
        diags.push(yaml::wrong_type(
            file,
            node,
            "levels",
            "a list of {id, title}",
            &node.value,
        ));
        return Vec::new();
    };
    let mut out: Vec<Level> = Vec::new();
    for item in items {
        let Some(mut t) = Table::new(item, file, "level", diags) else {
            continue;
        };
        let id = t
            .required("id", diags)
            .and_then(|n| yaml::expect_number(n, file, "id", diags));
        let title = t.required_str("title", diags);
        t.finish(diags, LEVEL_KEYS);
        let (Some(id), Some(title)) = (id, title) else {
            continue;
        };
        let expected = out.len() as f64 + 1.0;
        if id != expected {
            diags.push(
                Diagnostic::error(
                    Code::InvalidId,
                    format!("level ids count up from 1; expected {expected} here, found {id}"),
                )
                .at(file, item.span),
            );
            continue;
        }
        out.push(Level {
            id: id as u32,
            title: title.value,
        });
    }
    out
}

fn parse_dimensions(node: &Node, file: FileId, diags: &mut Diagnostics) -> Vec<Dimension> {
    let Value::Seq(items) = &node.value else {
        diags.push(yaml::wrong_type(
            file,
            node,
            "dimensions",
            "a list of {id, title}",
            &node.value,
        ));
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let mut t = Table::new(item, file, "dimension", diags)?;
            let id = t.required_str("id", diags);
            let title = t.required_str("title", diags);
            t.finish(diags, LEVEL_KEYS);
            Some(Dimension {
                id: id?.value,
                title: title?.value,
            })
        })
        .collect()
}

/// `params: {name: value}` or `{name: {default: value, description: ...}}`.
fn parse_params(node: &Node, file: FileId, diags: &mut Diagnostics) -> Params {
    let Value::Map(entries) = &node.value else {
        diags.push(yaml::wrong_type(
            file,
            node,
            "params",
            "a mapping of name: default",
            &node.value,
        ));
        return Params::new();
    };
    let mut out = Params::new();
    for (k, v) in entries {
        let Some(name) = yaml::expect_str(k, file, "parameter name", diags) else {
            continue;
        };
        let value_node = match &v.value {
            Value::Map(_) => {
                let Some(mut t) = Table::new(v, file, "parameter", diags) else {
                    continue;
                };
                let d = t.required("default", diags);
                let _ = t.str("description", diags);
                t.finish(diags, PARAM_KEYS);
                match d {
                    Some(d) => d,
                    None => continue,
                }
            }
            _ => v,
        };
        if let Some(value) = param_value(value_node, file, &name.value, diags) {
            out.insert(name.value, value);
        }
    }
    out
}

/// A scalar parameter value (used for profile overrides too).
pub fn param_value(node: &Node, file: FileId, name: &str, diags: &mut Diagnostics) -> Option<ParamValue> {
    match &node.value {
        Value::Bool(b) => Some(ParamValue::Bool(*b)),
        Value::Int(i) => Some(ParamValue::Number(*i as f64)),
        Value::Float(f) => Some(ParamValue::Number(*f)),
        Value::Str(s) => Some(ParamValue::Text(s.clone())),
        other => {
            diags.push(yaml::wrong_type(
                file,
                node,
                name,
                "a number, string, boolean or duration",
                other,
            ));
            None
        }
    }
}

fn parse_sections(
    node: &Node,
    file: FileId,
    parent: Option<&str>,
    depth: u32,
    out: &mut Vec<Section>,
    seen: &mut BTreeMap<String, Span>,
    diags: &mut Diagnostics,
) {
    if depth > 8 {
        diags.push(Diagnostic::error(Code::InvalidValue, "sections nest deeper than 8 levels").at(file, node.span));
        return;
    }
    let Value::Seq(items) = &node.value else {
        diags.push(yaml::wrong_type(
            file,
            node,
            "sections",
            "a list of sections",
            &node.value,
        ));
        return;
    };
    for item in items {
        let Some(mut t) = Table::new(item, file, "section", diags) else {
            continue;
        };
        let id = t.required_str("id", diags);
        let title = t.required_str("title", diags);
        let provenance = t.str("provenance", diags).map(|p| p.value);
        let children = t.get("sections");
        t.finish(diags, SECTION_KEYS);
        let (Some(id), Some(title)) = (id, title) else {
            continue;
        };
        if let Some(first) = seen.get(&id.value) {
            diags.push(
                Diagnostic::error(Code::DuplicateId, format!("section id `{}` is used twice", id.value))
                    .at(file, id.span)
                    .note(format!("first used at line {}", first.line)),
            );
            continue;
        }
        seen.insert(id.value.clone(), id.span);
        out.push(Section {
            id: id.value.clone(),
            title: title.value,
            provenance,
            parent: parent.map(String::from),
            depth,
        });
        if let Some(children) = children {
            parse_sections(children, file, Some(&id.value), depth + 1, out, seen, diags);
        }
    }
}

fn valid_rule_id(pack: &str, id: &str) -> bool {
    id.strip_prefix(pack)
        .and_then(|r| r.strip_prefix('.'))
        .is_some_and(|local| {
            !local.is_empty()
                && local.starts_with(|c: char| c.is_ascii_alphanumeric())
                && local
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
                && !local.ends_with('.')
        })
}

type KindRefs = Vec<(String, Span)>;

fn parse_rule(node: &Node, file: FileId, pack: &Pack, diags: &mut Diagnostics) -> Option<(Rule, KindRefs)> {
    let errors_before = diags
        .items
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .count();
    let mut t = Table::new(node, file, "rule", diags)?;
    let id = t.required_str("id", diags);
    let section = t.required_str("section", diags);
    let title = t.required_str("title", diags);
    let severity = t.required_str("severity", diags);
    let weight = t.number("weight", diags);
    let level = t
        .get("level")
        .and_then(|n| yaml::expect_number(n, file, "level", diags).map(|v| (v, n.span)));
    let dimension = t.str("dimension", diags);
    let waivable = t.bool("waivable", diags).unwrap_or(true);
    let guidance = t.str("guidance", diags).map(|s| s.value.trim().to_string());
    let remediation = t.str("remediation", diags).map(|s| s.value.trim().to_string());
    let evidence_node = t.get("evidence");
    let checks_node = t.required("checks", diags);
    let maps_node = t.get("maps_to");
    let tags_node = t.get("tags");
    t.finish(diags, RULE_KEYS);

    let mut ctx = ParseCtx {
        file,
        diags,
        params: &pack.params,
        kind_refs: Vec::new(),
    };
    let evidence = evidence_node.and_then(|n| check::parse_selector(n, &mut ctx));
    let checks: Option<Vec<Check>> = checks_node.and_then(|n| check::compose::parse_list(n, &mut ctx, "checks"));
    let kind_refs = std::mem::take(&mut ctx.kind_refs);
    let diags = ctx.diags;

    let id = id?;
    if is_kebab(&pack.id) && !valid_rule_id(&pack.id, &id.value) {
        diags.push(
            Diagnostic::error(
                Code::InvalidId,
                format!("rule id `{}` must be `{}.<local id>`", id.value, pack.id),
            )
            .at(file, id.span)
            .note("the local id uses letters, digits, `.`, `-` and `_`, and starts with a letter or digit"),
        );
    }
    let section = section?;
    if !pack.sections.iter().any(|s| s.id == section.value) {
        let known: Vec<&str> = pack.sections.iter().map(|s| s.id.as_str()).collect();
        let mut d = Diagnostic::error(
            Code::UnknownSection,
            format!("section `{}` is not declared", section.value),
        )
        .at(file, section.span)
        .note("add it under `sections:` or use one that exists");
        if let Some(c) = yaml::closest(&section.value, &known) {
            d = d.note(format!("did you mean `{c}`?"));
        }
        diags.push(d);
    }
    let severity = severity.and_then(|s| match Severity::parse(&s.value) {
        Some(v) => Some(v),
        None => {
            diags.push(invalid(file, s.span, "severity", &s.value, Severity::NAMES));
            None
        }
    });
    let weight = weight.unwrap_or(1.0);
    if !(weight > 0.0 && weight.is_finite()) {
        diags.push(
            Diagnostic::error(Code::InvalidValue, "`weight` must be a positive number")
                .at(file, t_span(node, "weight")),
        );
    }
    let level = match level {
        Some((v, _)) if pack.levels.iter().any(|l| l.id as f64 == v) => Some(v as u32),
        Some((v, span)) => {
            diags.push(
                Diagnostic::error(
                    Code::UnknownLevel,
                    format!("level {v} is not declared in the pack header"),
                )
                .at(file, span)
                .note(format!(
                    "declared levels: {}",
                    pack.levels
                        .iter()
                        .map(|l| l.id.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
            None
        }
        None => {
            if pack.scoring == Scoring::Levels {
                diags.push(
                    Diagnostic::error(
                        Code::MissingKey,
                        format!("rule `{}` has no `level`, which `scoring: levels` needs", id.value),
                    )
                    .at(file, id.span),
                );
            }
            None
        }
    };
    let dimension = dimension.and_then(|d| {
        if pack.dimensions.iter().any(|x| x.id == d.value) {
            Some(d.value)
        } else {
            diags.push(
                Diagnostic::error(
                    Code::UnknownLevel,
                    format!("dimension `{}` is not declared in the pack header", d.value),
                )
                .at(file, d.span),
            );
            None
        }
    });
    let maps_to = maps_node.map(|n| parse_maps(n, file, diags)).unwrap_or_default();
    let tags = tags_node
        .map(|n| tags::parse_rule_tags(n, file, pack, diags))
        .unwrap_or_default();
    // A rule is never dropped without saying why.
    let errors_now = diags
        .items
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .count();
    if checks.is_none() && checks_node.is_some() && errors_now == errors_before {
        diags.push(Diagnostic::error(Code::InvalidValue, "the rule's checks could not be read").at(file, node.span));
    }
    let checks = checks?;
    if evidence.is_none()
        && let Some(kind) = checks.iter().find_map(needs_selector)
    {
        diags.push(
            Diagnostic::error(
                Code::MissingKey,
                format!("the `{kind}` check needs documents, but the rule has no `evidence:`"),
            )
            .at(file, id.span)
            .note("add `evidence: {kind: ...}` to the rule, or `evidence:` inside the check"),
        );
    }
    let check = if checks.len() == 1 {
        checks.into_iter().next().expect("one")
    } else {
        Check::All(checks)
    };
    let severity = severity?;
    if severity >= Severity::Major && check.accepts_empty_sections() {
        diags.push(
            Diagnostic::warning(
                Code::InvalidValue,
                format!(
                    "`{}` is {severity}, yet its headings check passes empty sections (`min_words: 0`)",
                    id.value
                ),
            )
            .at(file, id.span)
            .note("a section with nothing under it is not evidence; drop `min_words: 0` or set a real minimum"),
        );
    }
    let rule = Rule {
        id: id.value,
        section: section.value,
        title: title?.value,
        severity,
        weight,
        level,
        dimension,
        waivable,
        guidance,
        remediation,
        evidence: evidence.unwrap_or_else(Selector::default),
        check,
        maps_to,
        tags,
        file,
        span: id.span,
    };
    Some((rule, kind_refs))
}

fn t_span(node: &Node, key: &str) -> Span {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map_or(node.span, |(_, v)| v.span),
        _ => node.span,
    }
}

/// The kind of the first document check that would fall back on the rule's
/// selector, if any.
fn needs_selector(c: &Check) -> Option<&'static str> {
    match c {
        Check::Document(d) if d.selector.is_none() => Some("document"),
        Check::Fields(f) if f.evidence.is_none() => Some("fields"),
        Check::Fresh(f) if f.evidence.is_none() => Some("fresh"),
        Check::Headings(h) if h.evidence.is_none() => Some("headings"),
        Check::Text(t) if t.evidence.is_none() => Some("text"),
        Check::Register(r) if r.evidence.is_none() => Some("register"),
        Check::All(cs) | Check::Any(cs) => cs.iter().find_map(needs_selector),
        Check::AtLeast(a) => a.of.iter().find_map(needs_selector),
        _ => None,
    }
}

fn parse_maps(node: &Node, file: FileId, diags: &mut Diagnostics) -> Vec<Mapping> {
    let Value::Seq(items) = &node.value else {
        diags.push(yaml::wrong_type(
            file,
            node,
            "maps_to",
            "a list of {rule, relation}",
            &node.value,
        ));
        return Vec::new();
    };
    let mut seen = BTreeSet::new();
    items
        .iter()
        .filter_map(|item| {
            let mut t = Table::new(item, file, "mapping", diags)?;
            let rule = t.required_str("rule", diags);
            let relation = t.required_str("relation", diags);
            t.finish(diags, MAPPING_KEYS);
            let (rule, relation) = (rule?, relation?);
            let Some(rel) = Relation::parse(&relation.value) else {
                diags.push(invalid(
                    file,
                    relation.span,
                    "relation",
                    &relation.value,
                    Relation::NAMES,
                ));
                return None;
            };
            if !seen.insert(rule.value.clone()) {
                diags.push(
                    Diagnostic::error(Code::DuplicateId, format!("`{}` is mapped twice", rule.value))
                        .at(file, rule.span),
                );
                return None;
            }
            Some(Mapping {
                rule: rule.value,
                relation: rel,
                span: rule.span,
            })
        })
        .collect()
}
