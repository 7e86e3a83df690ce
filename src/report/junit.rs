//! JUnit XML for CI systems: a test suite per pack (per site for a
//! site-scoped pack), a test case per rule. `fail` is a failure, `error` an
//! error, and `waived`, `not_applicable` and `pending` are skipped with the
//! reason, so a dashboard shows what was not judged and why.

use std::fmt::Write as _;

use crate::results::{Finding, Results, RuleResult, Status};
use crate::text::sanitize;

pub fn render(r: &Results) -> anyhow::Result<String> {
    let mut suites = Vec::new();
    for p in &r.packs {
        if p.sites.is_empty() {
            suites.push((p.id.clone(), &p.rules));
        } else {
            for s in &p.sites {
                suites.push((format!("{}/{}", p.id, s.site), &s.rules));
            }
        }
    }
    let count = |st: &[Status]| {
        suites
            .iter()
            .flat_map(|(_, rules)| rules.iter())
            .filter(|x| st.contains(&x.status))
            .count()
    };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"evident {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
        esc(&r.as_of),
        suites.iter().map(|(_, rules)| rules.len()).sum::<usize>(),
        count(&[Status::Fail]),
        count(&[Status::Error]),
        count(&[Status::Waived, Status::NotApplicable, Status::Pending]),
    );
    for (name, rules) in &suites {
        let n = |st: &[Status]| rules.iter().filter(|x| st.contains(&x.status)).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" timestamp=\"{}\">",
            esc(name),
            rules.len(),
            n(&[Status::Fail]),
            n(&[Status::Error]),
            n(&[Status::Waived, Status::NotApplicable, Status::Pending]),
            esc(&r.as_of),
        );
        for rule in rules.iter() {
            case(&mut out, name, rule);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    Ok(out)
}

fn case(out: &mut String, suite: &str, rule: &RuleResult) {
    let _ = write!(
        out,
        "    <testcase classname=\"{}\" name=\"{}: {}\"",
        esc(suite),
        esc(&rule.id),
        esc(&rule.title)
    );
    let of_status: Vec<&Finding> = rule.findings.iter().filter(|f| f.status == rule.status).collect();
    let body = of_status
        .iter()
        .map(|f| match f.location() {
            Some(l) => format!("{l}: {}", f.message),
            None => f.message.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let first = of_status
        .first()
        .map(|f| f.message.as_str())
        .unwrap_or(rule.status.name());
    let (tag, message) = match rule.status {
        Status::Pass => {
            out.push_str("/>\n");
            return;
        }
        Status::Fail => ("failure", format!("{} rule fails: {first}", rule.severity.name())),
        Status::Error => ("error", format!("evidence could not be read: {first}")),
        Status::Waived => (
            "skipped",
            rule.waiver.as_ref().map_or_else(
                || "waived".to_string(),
                |w| format!("waived until {}: {}", w.expires, w.reason),
            ),
        ),
        Status::NotApplicable => (
            "skipped",
            format!("not applicable: {}", rule.justification.as_deref().unwrap_or(first)),
        ),
        Status::Pending => ("skipped", format!("pending a person's judgement: {first}")),
    };
    let _ = writeln!(
        out,
        ">\n      <{tag} message=\"{}\">{}</{tag}>\n    </testcase>",
        esc(&message),
        esc(&body)
    );
}

/// Escapes text for XML, sanitized, without the characters XML 1.0 cannot hold.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in sanitize(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}
