//! Tags: groups of rules a pack author names (contact-centre, voice,
//! security), so an organisation tailors a group with one justified
//! exclusion instead of one per rule. A pack declares its vocabulary with a
//! description of each tag; a rule may carry only declared tags, so a typo
//! never leaves a rule silently outside the group it was meant for.

use std::collections::BTreeMap;

use super::kind::is_kebab;
use super::{Pack, Rule};
use crate::diag::{Code, Diagnostic, Diagnostics, FileId};
use crate::yaml::{self, Located, Node, Value};

/// A declared tag, with where it was declared (for the unused warning).
pub type Declared = Vec<(Located<String>, String)>;

/// The pack header's `tags: {tag: description}`.
pub fn parse_vocabulary(node: &Node, file: FileId, diags: &mut Diagnostics) -> Declared {
    let Value::Map(entries) = &node.value else {
        diags.push(yaml::wrong_type(
            file,
            node,
            "tags",
            "a mapping of tag: description",
            &node.value,
        ));
        return Vec::new();
    };
    let mut out: Declared = Vec::new();
    for (k, v) in entries {
        let Some(tag) = yaml::expect_str(k, file, "tag", diags) else {
            continue;
        };
        if !is_kebab(&tag.value) {
            diags.push(
                Diagnostic::error(Code::InvalidId, format!("tag `{}` is not kebab-case", tag.value))
                    .at(file, tag.span)
                    .note("tags are lowercase letters, digits and `-`, like `contact-centre` or `voice`"),
            );
            continue;
        }
        let Some(description) = yaml::expect_str(v, file, "tag description", diags) else {
            continue;
        };
        if description.value.trim().is_empty() {
            diags.push(
                Diagnostic::error(Code::InvalidValue, format!("tag `{}` has no description", tag.value))
                    .at(file, description.span)
                    .note("say which rules the tag groups: profiles exclude by it"),
            );
            continue;
        }
        out.push((tag, description.value.trim().to_string()));
    }
    out
}

/// A rule's `tags: [..]`: each declared by the pack, none twice.
pub fn parse_rule_tags(node: &Node, file: FileId, pack: &Pack, diags: &mut Diagnostics) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in yaml::str_list(node, file, "tags", diags).unwrap_or_default() {
        if !pack.tags.contains_key(&tag.value) {
            let known: Vec<&str> = pack.tags.keys().map(String::as_str).collect();
            let mut d = Diagnostic::error(
                Code::UnknownTag,
                format!("tag `{}` is not declared in the pack header", tag.value),
            )
            .at(file, tag.span)
            .note(if known.is_empty() {
                "declare the pack's tags with a description each: `pack: {tags: {contact-centre: ...}}`".to_string()
            } else {
                format!("declared tags: {}", known.join(", "))
            });
            if let Some(c) = yaml::closest(&tag.value, &known) {
                d = d.note(format!("did you mean `{c}`?"));
            }
            diags.push(d);
        } else if out.contains(&tag.value) {
            diags.push(
                Diagnostic::error(Code::DuplicateId, format!("tag `{}` is given twice", tag.value)).at(file, tag.span),
            );
        } else {
            out.push(tag.value);
        }
    }
    out
}

/// A declared tag no rule carries groups nothing: a profile excluding by it
/// would exclude nothing, so the author hears of it.
pub fn warn_unused(declared: &Declared, rules: &[Rule], file: FileId, diags: &mut Diagnostics) {
    for (tag, _) in declared {
        if !rules.iter().any(|r| r.has_tag(&tag.value)) {
            diags.push(
                Diagnostic::warning(Code::UnknownTag, format!("no rule carries tag `{}`", tag.value))
                    .at(file, tag.span)
                    .note("tag the rules it groups, or drop it from `tags:`"),
            );
        }
    }
}

/// The declared tags as the pack keeps them: tag → description.
pub fn vocabulary(declared: &Declared) -> BTreeMap<String, String> {
    declared.iter().map(|(t, d)| (t.value.clone(), d.clone())).collect()
}
