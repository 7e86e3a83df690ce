//! Pack fixtures: evidence folders shipped with a pack, each with the
//! status every rule must get. `evident packs test` runs them, and so does
//! `cargo test` for every shipped pack, so a rule cannot drift silently.
//!
//! ```text
//! standards/cc-baseline/tests/all-pass/
//!   expected.yaml        # the expected status of every rule
//!   evident.yaml         # the fixture's profile (as_of, sites, ...)
//!   policies/...         # its evidence
//! ```
//!
//! `expected.yaml`:
//!
//! ```yaml
//! rules:
//!   cc-baseline.governance.quality-policy: pass
//!   cc-baseline.service.satisfaction: {north: pass, south: fail}   # per site
//! ```
//!
//! Every rule of the pack must be listed: a rule without an expectation is
//! a failure of the fixture, not a silent gap. An optional `summary:` pins
//! the organisation's outcome too, where the rule statuses alone do not
//! show a scoring model's boundary:
//!
//! ```yaml
//! summary: {level: 2, certified: false}
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic, Diagnostics, FileId, Sources, io_reason};
use crate::results::{Results, Status};
use crate::yaml::{self, Limits, Table, Value};

pub const EXPECTED: &str = "expected.yaml";

/// One fixture's verdict.
#[derive(Debug)]
pub struct CaseResult {
    pub pack: String,
    pub case: String,
    pub rules: usize,
    /// One line per mismatch.
    pub problems: Vec<String>,
}

/// Expected status of a rule: one for all, or one per site.
#[derive(Debug, Clone)]
enum Expect {
    All(Status),
    Sites(BTreeMap<String, Status>),
}

/// What a fixture expects of the pack's organisation summary.
#[derive(Debug, Default)]
struct SummaryExpect {
    level: Option<u32>,
    certified: Option<bool>,
}

/// The fixture folders of the pack at `pack_dir` (`<pack_dir>/tests/*`);
/// none when it has no `tests/`. One that cannot be read is an error, not
/// a pack without fixtures.
pub fn cases(pack_dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let tests = pack_dir.join("tests");
    let cannot = |path: &Path, e: std::io::Error| {
        anyhow::anyhow!(
            "cannot read the fixtures `{}`: {}; give evident read access to it",
            path.display(),
            io_reason(&e)
        )
    };
    let entries = match std::fs::read_dir(&tests) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(cannot(&tests, e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let case = entry.map_err(|e| cannot(&tests, e))?.path();
        match std::fs::metadata(case.join(EXPECTED)) {
            Ok(m) if m.is_file() => out.push(case),
            Ok(_) => {}
            // Not a fixture: no `expected.yaml`, or not a folder at all.
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) => {}
            Err(e) => return Err(cannot(&case.join(EXPECTED), e)),
        }
    }
    out.sort();
    Ok(out)
}

fn parse_status(s: &str) -> Option<Status> {
    Status::ALL.into_iter().find(|x| x.name() == s)
}

/// Reads `expected.yaml`, pushing diagnostics for anything malformed.
fn read_expected(
    dir: &Path,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> (BTreeMap<String, Expect>, SummaryExpect) {
    let path = dir.join(EXPECTED);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            let file = sources.add(path.display().to_string(), "");
            diags.push(
                Diagnostic::error(Code::Unreadable, format!("cannot read {EXPECTED}: {}", io_reason(&e)))
                    .at(file, crate::diag::Span::unknown())
                    .note(format!("keep `{EXPECTED}` as a UTF-8 file evident can read")),
            );
            return Default::default();
        }
    };
    let file = sources.add(path.display().to_string(), text.as_str());
    let node = match yaml::parse(file, &text, Limits::CONFIG, 0) {
        Ok(n) => n,
        Err(d) => {
            diags.push(d);
            return Default::default();
        }
    };
    let Some(mut t) = Table::new(&node, file, "fixture expectation", diags) else {
        return Default::default();
    };
    let rules = t.required("rules", diags);
    let summary = t
        .get("summary")
        .map(|n| read_summary(n, file, diags))
        .unwrap_or_default();
    t.finish(diags, &["rules", "summary"]);
    (read_rules(rules, file, diags), summary)
}

fn read_summary(node: &yaml::Node, file: FileId, diags: &mut Diagnostics) -> SummaryExpect {
    let Some(mut t) = Table::new(node, file, "summary expectation", diags) else {
        return SummaryExpect::default();
    };
    let level = t.get("level").and_then(|n| {
        let v = yaml::expect_number(n, file, "level", diags)?;
        if v >= 0.0 && v.fract() == 0.0 {
            Some(v as u32)
        } else {
            diags.push(
                Diagnostic::error(Code::InvalidValue, format!("level {v} is not a level number"))
                    .at(file, n.span)
                    .note("levels are whole numbers: 0 when none is reached"),
            );
            None
        }
    });
    let certified = t.bool("certified", diags);
    t.finish(diags, &["level", "certified"]);
    SummaryExpect { level, certified }
}

fn read_rules(rules: Option<&yaml::Node>, file: FileId, diags: &mut Diagnostics) -> BTreeMap<String, Expect> {
    let mut out = BTreeMap::new();
    let Some(rules) = rules else { return out };
    let Value::Map(entries) = &rules.value else {
        diags.push(yaml::wrong_type(
            file,
            rules,
            "rules",
            "a mapping of rule: status",
            &rules.value,
        ));
        return out;
    };
    let bad_status = |s: &yaml::Located<String>| {
        Diagnostic::error(Code::InvalidValue, format!("`{}` is not a status", s.value))
            .at(file, s.span)
            .note("expected one of: pass, fail, error, waived, not_applicable, pending")
    };
    for (k, v) in entries {
        let Some(rule) = yaml::expect_str(k, file, "rule", diags) else {
            continue;
        };
        let expect = match &v.value {
            Value::Map(sites) => {
                let mut per = BTreeMap::new();
                for (sk, sv) in sites {
                    let (Some(site), Some(st)) = (
                        yaml::expect_str(sk, file, "site", diags),
                        yaml::expect_str(sv, file, "status", diags),
                    ) else {
                        continue;
                    };
                    match parse_status(&st.value) {
                        Some(s) => {
                            per.insert(site.value, s);
                        }
                        None => diags.push(bad_status(&st)),
                    }
                }
                Expect::Sites(per)
            }
            _ => {
                let Some(st) = yaml::expect_str(v, file, "status", diags) else {
                    continue;
                };
                match parse_status(&st.value) {
                    Some(s) => Expect::All(s),
                    None => {
                        diags.push(bad_status(&st));
                        continue;
                    }
                }
            }
        };
        out.insert(rule.value, expect);
    }
    out
}

/// Runs one fixture of the pack at `pack_dir`.
pub fn run_case(
    pack_dir: &Path,
    pack_id: &str,
    case: &Path,
) -> anyhow::Result<Result<CaseResult, (Diagnostics, Sources)>> {
    let mut opts = crate::AuditOptions::new(case);
    opts.packs.paths.push(pack_dir.to_path_buf());
    opts.select.push(pack_id.to_string());
    let audit = crate::audit(&opts)?;
    let mut sources = audit.sources;
    let mut diags = audit.diagnostics;
    let (expected, summary) = read_expected(case, &mut sources, &mut diags);
    let Some(results) = audit.results.filter(|_| !diags.has_errors()) else {
        return Ok(Err((diags, sources)));
    };
    let name = case
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Ok(compare(&results, pack_id, &name, &expected, &summary)))
}

fn compare(
    results: &Results,
    pack_id: &str,
    case: &str,
    expected: &BTreeMap<String, Expect>,
    summary: &SummaryExpect,
) -> CaseResult {
    let mut problems = Vec::new();
    let Some(pack) = results.packs.iter().find(|p| p.id == pack_id) else {
        return CaseResult {
            pack: pack_id.into(),
            case: case.into(),
            rules: 0,
            problems: vec!["the pack was not evaluated".into()],
        };
    };
    for rule in &pack.rules {
        let site_status = |site: &str| {
            pack.sites
                .iter()
                .find(|s| s.site == site)
                .and_then(|s| s.rules.iter().find(|r| r.id == rule.id))
                .map(|r| r.status)
        };
        let why = || {
            rule.findings
                .iter()
                .find(|f| f.status == rule.status && f.status != Status::Pass)
                .map(|f| format!(" ({})", f.message))
                .unwrap_or_default()
        };
        match expected.get(&rule.id) {
            None => problems.push(format!(
                "{}: no expected status (it is {})",
                rule.id,
                rule.status.name()
            )),
            Some(Expect::All(want)) if *want != rule.status => problems.push(format!(
                "{}: expected {}, got {}{}",
                rule.id,
                want.name(),
                rule.status.name(),
                why()
            )),
            Some(Expect::All(_)) => {}
            Some(Expect::Sites(per)) => {
                for (site, want) in per {
                    match site_status(site) {
                        Some(got) if got == *want => {}
                        Some(got) => problems.push(format!(
                            "{} [{site}]: expected {}, got {}",
                            rule.id,
                            want.name(),
                            got.name()
                        )),
                        None => problems.push(format!("{} [{site}]: no such site in the results", rule.id)),
                    }
                }
            }
        }
    }
    if let Some(want) = summary.level {
        match &pack.summary.level {
            Some(got) if got.achieved == want => {}
            Some(got) => problems.push(format!("summary: expected level {want}, got level {}", got.achieved)),
            None => problems.push(format!("summary: expected level {want}, but the pack has no levels")),
        }
    }
    if let Some(want) = summary.certified {
        match &pack.summary.certification {
            Some(got) if got.certified == want => {}
            Some(got) => problems.push(format!(
                "summary: expected certified: {want}, got {}{}",
                got.certified,
                if got.blocked_by.is_empty() {
                    String::new()
                } else {
                    format!(" (blocked by {})", got.blocked_by.join(", "))
                }
            )),
            None => problems.push(format!(
                "summary: expected certified: {want}, but the pack makes no certification decision"
            )),
        }
    }
    for id in expected.keys().filter(|id| !pack.rules.iter().any(|r| &r.id == *id)) {
        problems.push(format!("{id}: expected, but the pack has no such rule"));
    }
    CaseResult {
        pack: pack_id.into(),
        case: case.into(),
        rules: pack.rules.len(),
        problems,
    }
}
