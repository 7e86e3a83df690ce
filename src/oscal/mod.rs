//! OSCAL (NIST's Open Security Controls Assessment Language) output: a pack
//! as a catalog ([`catalog`]) and a run as assessment results
//! (`report::oscal`). What both must agree on lives here — how a rule id
//! becomes an OSCAL id, and the name-based UUIDs — so a finding's target is
//! always the control the exported catalog holds.

pub mod catalog;

use serde_json::{Map, Value, json};

/// The OSCAL version the documents claim. compliance-trestle 5.2 reads
/// 1.2.0 and 1.2.1; the tests validate against NIST's 1.2.3 schemas, a
/// later patch release of the same model.
pub const VERSION: &str = "1.2.1";

/// The namespace of evident's own properties and parts: OSCAL reserves
/// names without `ns` for the ones it defines.
pub const NS: &str = "https://evident.dev/ns/oscal";

/// A name-based (v5) UUID in evident's namespace: the same name gives the
/// same UUID on every run and machine, so documents are byte-identical.
pub fn uuid(name: &str) -> String {
    let ns = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, NS.as_bytes());
    uuid::Uuid::new_v5(&ns, name.as_bytes()).to_string()
}

/// A catalog's UUID, from the pack's id and version: the assessment
/// results name the catalog of each pack they assessed by it.
pub fn catalog_uuid(pack: &str, version: &str) -> String {
    uuid(&format!("catalog\u{0}{pack}\u{0}{version}"))
}

/// Where the assessment results expect a pack's catalog: `evident export
/// oscal-catalog ID --out ID.catalog.json` beside them.
pub fn catalog_href(pack: &str) -> String {
    format!("{pack}.catalog.json")
}

/// A rule id as an OSCAL control id. OSCAL ids are tokens (a letter or
/// `_` first, then letters, digits, `.`, `-`, `_`), and rule ids already
/// are: the pack id starts with a lowercase letter and the parser allows
/// only those characters after it. So the control id is the rule id, the
/// one an auditor knows.
pub fn control_id(rule: &str) -> String {
    rule.to_string()
}

/// A section as a group id: the pack id, `_`, then the section id (free
/// text, `4.1` or `Leadership & planning`) with anything but ASCII letters,
/// digits, `.` and `-` written `_<hex>_`. Pack ids hold no `_`, so a group
/// id is never a rule's.
pub fn group_id(pack: &str, section: &str) -> String {
    format!("{pack}_{}", escape(section))
}

/// A pack parameter as a catalog parameter id: the pack id, `__`, the name.
pub fn param_id(pack: &str, name: &str) -> String {
    format!("{pack}__{}", escape(name))
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
            out.push(c);
        } else {
            out.push_str(&format!("_{:x}_", c as u32));
        }
    }
    out
}

/// Text as an OSCAL string or markup-line: one line, whitespace runs as one
/// space, none at the ends; `None` when nothing is left (OSCAL strings are
/// never empty).
pub fn line(s: &str) -> Option<String> {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// A `YYYY-MM-DD` date as an OSCAL date-time at midnight UTC.
pub fn midnight(date: &str) -> String {
    format!("{date}T00:00:00Z")
}

/// One of evident's properties (in [`NS`]); `None` for an empty value.
pub fn prop(name: &str, value: &str) -> Option<Value> {
    line(value).map(|v| json!({"name": name, "ns": NS, "value": v}))
}

/// Drops empty arrays, empty objects and nulls, deepest first: OSCAL
/// forbids empty arrays, and building every object whole reads better than
/// a condition per optional field.
pub fn prune(v: &mut Value) {
    match v {
        Value::Array(items) => {
            items.iter_mut().for_each(prune);
            items.retain(|i| !empty(i));
        }
        Value::Object(map) => {
            map.values_mut().for_each(prune);
            let keep: Map<String, Value> = std::mem::take(map).into_iter().filter(|(_, v)| !empty(v)).collect();
            *map = keep;
        }
        _ => {}
    }
}

fn empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_tokens_and_keep_rule_ids() {
        assert_eq!(control_id("iso9001.7.5.1"), "iso9001.7.5.1");
        assert_eq!(group_id("iso9001", "7.5"), "iso9001_7.5");
        assert_eq!(group_id("acme", "a b_c"), "acme_a_20_b_5f_c");
        assert_ne!(group_id("acme", "a_b"), group_id("acme", "a b"));
        assert_eq!(param_id("copc", "release"), "copc__release");
    }

    #[test]
    fn uuids_are_v5_and_stable() {
        let a = uuid("x");
        assert_eq!(a, uuid("x"));
        assert_ne!(a, uuid("y"));
        assert_eq!(&a[14..15], "5");
    }

    #[test]
    fn prune_drops_empty_arrays_and_nulls() {
        let mut v = json!({"a": [], "b": null, "c": [{"d": []}], "e": 1});
        prune(&mut v);
        assert_eq!(v, json!({"e": 1}));
    }

    #[test]
    fn lines_are_single_and_non_empty() {
        assert_eq!(line(" a\n b  c "), Some("a b c".into()));
        assert_eq!(line(" \n"), None);
    }
}
