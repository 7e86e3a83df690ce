//! `evident explain RULE`: a rule's own fields, the same ones reports and
//! SARIF read, laid out for a person.

use std::fmt::Write as _;

use crate::pack::{LoadedPacks, Pack, Rule};

pub fn render(pack: &Pack, rule: &Rule, loaded: &LoadedPacks) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} — {}", rule.id, rule.title);
    let section = pack
        .section(&rule.section)
        .map(|x| format!("{} {}", x.id, x.title))
        .unwrap_or_else(|| rule.section.clone());
    let _ = writeln!(s, "pack: {} {} ({})", pack.id, pack.version, pack.title);
    let _ = writeln!(s, "section: {section}");
    let mut facts = vec![
        format!("severity: {}", rule.severity),
        format!("weight: {}", rule.weight),
    ];
    if let Some(l) = rule.level {
        let title = pack
            .levels
            .iter()
            .find(|x| x.id == l)
            .map(|x| format!(" ({})", x.title))
            .unwrap_or_default();
        facts.push(format!("level: {l}{title}"));
    }
    if let Some(d) = &rule.dimension {
        facts.push(format!("dimension: {d}"));
    }
    if !rule.waivable {
        facts.push("cannot be waived".into());
    }
    let _ = writeln!(s, "{}", facts.join(" · "));
    if !rule.tags.is_empty() {
        let _ = writeln!(s, "tags: {}", rule.tags.join(", "));
    }
    if let Some(g) = &rule.guidance {
        let _ = writeln!(s, "\nWhat the auditor looks for\n  {}", g.replace('\n', "\n  "));
    }
    if let Some(r) = &rule.remediation {
        let _ = writeln!(s, "\nWhat to do when it fails\n  {}", r.replace('\n', "\n  "));
    }
    let evidence = crate::check::describe_selector(&rule.evidence);
    let _ = writeln!(s, "\nChecks (evidence: {evidence})");
    let checks: Vec<&crate::check::Check> = match &rule.check {
        crate::check::Check::All(cs) => cs.iter().collect(),
        other => vec![other],
    };
    for c in checks {
        let _ = writeln!(s, "  - {}: {}", c.kind(), c.describe());
    }
    if !rule.maps_to.is_empty() {
        let _ = writeln!(s, "\nMaps to");
        for m in &rule.maps_to {
            let title = loaded
                .rule(&m.rule)
                .map(|(_, r)| format!(" — {}", r.title))
                .unwrap_or_default();
            let _ = writeln!(s, "  - {} ({}){title}", m.rule, m.relation);
        }
    }
    s
}
