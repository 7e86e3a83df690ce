//! GitLab Code Quality: the JSON array of issues a merge request's Code
//! Quality widget reads (`artifacts: reports: codequality:`), one per
//! finding that explains a gap, with its path from the repository root and
//! a fingerprint that stays put while the gap does.

use serde::Serialize;

use super::{text, view};
use crate::pack::Severity;
use crate::results::{Results, Status};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

pub fn render(r: &Results) -> anyhow::Result<String> {
    let prefix = r.repository_path.as_deref().unwrap_or_default();
    let issues: Vec<Issue> = view::located(r)
        .into_iter()
        .map(|f| Issue {
            description: f.text(),
            check_name: &f.rule.id,
            severity: severity(f.rule.severity, f.rule.status),
            location: Location {
                path: format!("{prefix}{}", f.file),
                lines: Lines {
                    begin: f.line.unwrap_or(1),
                },
            },
            fingerprint: f.fingerprint,
        })
        .collect();
    text::to_json(&issues)
}

/// GitLab's scale is info, minor, major, critical, blocker: a failing
/// critical rule blocks certification; evidence that cannot be read is at
/// least major, whatever the rule.
fn severity(s: Severity, status: Status) -> &'static str {
    match (s, status) {
        (Severity::Critical, _) => "blocker",
        (Severity::Major, _) | (_, Status::Error) => "major",
        (Severity::Minor, _) => "minor",
        (Severity::Info, _) => "info",
    }
}
