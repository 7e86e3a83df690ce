//! A pack as an OSCAL catalog: sections become groups (nested as they
//! nest), rules become controls, a rule's title its `statement` part, its
//! guidance the `guidance` part (both names OSCAL defines for controls) and
//! its remediation a `remediation` part in evident's namespace (OSCAL
//! defines no part for what to do on a failure). Parameters keep their
//! defaults as values; severity, weight, level, dimension and tags are
//! properties; crosswalks are links named by the OSCAL mapping model's
//! relationships.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::{NS, VERSION, catalog_href, catalog_uuid, control_id, group_id, line, param_id, prop, prune};
use crate::pack::{Pack, Relation, Rule, Section};

/// A pack carries no date of its own and the export must not depend on the
/// clock, so every catalog is dated the Unix epoch; its `version` is the
/// pack's.
pub const LAST_MODIFIED: &str = "1970-01-01T00:00:00Z";

/// The catalog as pretty JSON; an error when two of the pack's names map to
/// one OSCAL id (which OSCAL forbids within a catalog).
pub fn render(pack: &Pack) -> anyhow::Result<String> {
    let mut doc = json!({ "catalog": catalog(pack) });
    prune(&mut doc);
    if let Some(id) = duplicate_id(&doc) {
        anyhow::bail!(
            "cannot export pack `{}` as an OSCAL catalog: two of its sections, rules or parameters both become the OSCAL id `{id}`; rename one",
            pack.id
        );
    }
    crate::report::text::to_json(&doc)
}

fn catalog(pack: &Pack) -> Value {
    let mut remarks = format!("Source: {}", pack.source.trim());
    if let Some(p) = &pack.provenance {
        remarks.push_str(&format!("\n\nProvenance: {}", p.trim()));
    }
    remarks.push_str(&format!(
        "\n\nExported from the evident pack `{}` ({}). A pack has no date of its own, so last-modified is fixed at {LAST_MODIFIED}; the version is the pack's.",
        pack.id, pack.origin
    ));
    let mut props: Vec<Option<Value>> = vec![
        prop("pack-id", &pack.id),
        pack.edition.as_deref().and_then(|e| prop("edition", e)),
        prop("scoring", pack.scoring.name()),
        prop("scope", pack.scope.name()),
    ];
    props.extend(
        pack.levels
            .iter()
            .map(|l| prop("level", &format!("{}: {}", l.id, l.title))),
    );
    props.extend(pack.tags.iter().map(|(t, what)| prop("tag", &format!("{t}: {what}"))));
    let params: Vec<Value> = pack
        .params
        .iter()
        .map(|(name, value)| {
            json!({
                "id": param_id(&pack.id, name),
                "label": name,
                "props": [prop("type", value.type_name().trim_start_matches("a ").trim_start_matches("an "))],
                "values": [line(&value.to_string())],
            })
        })
        .collect();
    let top: Vec<Value> = pack
        .sections
        .iter()
        .filter(|s| s.parent.is_none())
        .map(|s| group(pack, s))
        .collect();
    json!({
        "uuid": catalog_uuid(&pack.id, &pack.version),
        "metadata": {
            "title": line(&pack.title).unwrap_or_else(|| pack.id.clone()),
            "last-modified": LAST_MODIFIED,
            "version": line(&pack.version).unwrap_or_else(|| "0".into()),
            "oscal-version": VERSION,
            "props": props,
            "remarks": remarks,
        },
        "params": params,
        "groups": top,
    })
}

fn group(pack: &Pack, section: &Section) -> Value {
    let groups: Vec<Value> = pack
        .sections
        .iter()
        .filter(|s| s.parent.as_deref() == Some(section.id.as_str()))
        .map(|s| group(pack, s))
        .collect();
    let controls: Vec<Value> = pack
        .rules
        .iter()
        .filter(|r| r.section == section.id)
        .map(control)
        .collect();
    json!({
        "id": group_id(&pack.id, &section.id),
        "title": line(&section.title).unwrap_or_else(|| section.id.clone()),
        "props": [
            line(&section.id).map(|id| json!({"name": "label", "value": id})),
            section.provenance.as_deref().and_then(|p| prop("provenance", p)),
        ],
        "controls": controls,
        "groups": groups,
    })
}

fn control(rule: &Rule) -> Value {
    let id = control_id(&rule.id);
    let mut props = vec![
        Some(json!({"name": "label", "value": rule.id})),
        prop("severity", rule.severity.name()),
        prop("weight", &rule.weight.to_string()),
        rule.level.and_then(|l| prop("level", &l.to_string())),
        rule.dimension.as_deref().and_then(|d| prop("dimension", d)),
        (!rule.waivable).then(|| prop("waivable", "false")).flatten(),
    ];
    props.extend(rule.tags.iter().map(|t| prop("tag", t)));
    let links: Vec<Value> = rule
        .maps_to
        .iter()
        .map(|m| {
            let target_pack = m.rule.split('.').next().unwrap_or(&m.rule);
            json!({
                "href": format!("{}#{}", catalog_href(target_pack), control_id(&m.rule)),
                "rel": relationship(m.relation),
                "text": m.rule,
            })
        })
        .collect();
    json!({
        "id": id,
        "title": line(&rule.title).unwrap_or_else(|| rule.id.clone()),
        "props": props,
        "links": links,
        "parts": [
            {"id": format!("{id}_smt"), "name": "statement", "prose": rule.title.trim()},
            rule.guidance.as_ref().map(|g| json!({"id": format!("{id}_gdn"), "name": "guidance", "prose": g})),
            rule.remediation.as_ref().map(|r| json!({"id": format!("{id}_rem"), "name": "remediation", "ns": NS, "prose": r})),
        ],
    })
}

/// The relationship names of OSCAL's mapping model, for a crosswalk.
fn relationship(r: Relation) -> &'static str {
    match r {
        Relation::Equal => "equivalent-to",
        Relation::Subset => "subset-of",
        Relation::Superset => "superset-of",
        Relation::Intersects => "intersects-with",
    }
}

/// The first `id` that occurs twice anywhere in the document.
fn duplicate_id(v: &Value) -> Option<String> {
    fn walk(v: &Value, seen: &mut BTreeSet<String>) -> Option<String> {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(id)) = map.get("id")
                    && !seen.insert(id.clone())
                {
                    return Some(id.clone());
                }
                map.values().find_map(|x| walk(x, seen))
            }
            Value::Array(items) => items.iter().find_map(|x| walk(x, seen)),
            _ => None,
        }
    }
    walk(v, &mut BTreeSet::new())
}
