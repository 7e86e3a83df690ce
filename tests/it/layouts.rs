//! The layout corpus (`tests/fixtures/layouts/`): one evidence repository
//! per way organisations write documents and exports, each with the status
//! every rule of the `layouts` pack must get and the fields (value and
//! line) and headings the readers must extract. The binary is run as a user
//! runs it: `evident check` for the statuses, `evident evidence show
//! --format json` for what was read.
//!
//! `expected.yaml` in each folder:
//! - `statuses`: every rule of the run, `pass`/`fail`/`error`/... (or
//!   `{site: status}` for a rule with per-site statuses);
//! - `fields`: per file, `field: [value, line]`, `[value, line, placeholder]`
//!   for a value read as unfilled, or `null` for a field that must not be
//!   read (`fields: {}` for a layout of records only);
//! - `headings` (optional): per file, the outline's texts in order;
//! - `findings` (optional): per rule, text (or a list) its findings must
//!   hold, as `file:line: message` — why it passes or fails.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const ROOT: &str = "tests/fixtures/layouts";
const PACK: &str = "tests/fixtures/layouts/pack";

/// The layouts the corpus must hold: a folder removed is a failure, not a
/// layout quietly no longer tested.
const LAYOUTS: &[&str] = &[
    "aliases",
    "blockquote-control",
    "control-table",
    "details-blocks",
    "excel-export",
    "headless-front-matter",
    "mkdocs-material",
    "non-iso-dates",
    "numbered-headings",
    "revision-history",
    "subtitle-lines",
    "unfilled-template",
    "word-document",
];

fn evident() -> Command {
    let mut cmd = Command::cargo_bin("evident").unwrap();
    cmd.env("NO_COLOR", "1").env_remove("SOURCE_DATE_EPOCH");
    cmd
}

fn expected(folder: &Path) -> Result<Value, String> {
    let path = folder.join("expected.yaml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: no expected.yaml ({e})", folder.display()))?;
    let node = evident::yaml::parse(evident::diag::FileId(0), &text, evident::yaml::Limits::CONFIG, 0)
        .map_err(|d| format!("{}: line {}: {}", path.display(), d.span.line, d.message))?;
    Ok(node.to_json())
}

/// Per rule, its status, or its per-site statuses when it has them.
fn statuses(results: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for pack in results["packs"].as_array().into_iter().flatten() {
        for rule in pack["rules"].as_array().into_iter().flatten() {
            let id = rule["id"].as_str().unwrap().to_string();
            let sites = rule["sites"].as_array().filter(|s| !s.is_empty());
            let status = match sites {
                Some(sites) => Value::Object(
                    sites
                        .iter()
                        .map(|s| (s["site"].as_str().unwrap().to_string(), s["status"].clone()))
                        .collect(),
                ),
                None => rule["status"].clone(),
            };
            out.insert(id, status);
        }
    }
    out
}

/// The findings of a rule, `file:line: message`, to say why it got its status.
fn why(results: &Value, id: &str) -> String {
    let rule = results["packs"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|p| p["rules"].as_array().into_iter().flatten())
        .find(|r| r["id"] == id);
    let Some(rule) = rule else { return String::new() };
    crate::util::finding_lines(rule)
        .iter()
        .map(|line| format!("\n      {line}"))
        .collect()
}

fn check(folder: &Path, name: &str, expected: &Value) -> Result<Vec<String>, String> {
    let out_dir = tempfile::tempdir().unwrap();
    let report = out_dir.path().join("results.json");
    let out = evident()
        .arg("check")
        .arg(folder)
        .args(["--pack", PACK, "--report"])
        .arg(format!("json={}", report.display()))
        .output()
        .unwrap();
    if !matches!(out.status.code(), Some(0 | 1)) {
        return Err(format!(
            "{name}: `evident check` exited {:?}:\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let results: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let got = statuses(&results);
    let Some(want) = expected["statuses"].as_object() else {
        return Err(format!("{name}: expected.yaml has no `statuses:` map"));
    };
    let mut problems = Vec::new();
    for (id, status) in &got {
        match want.get(id) {
            None => problems.push(format!(
                "{name}: rule {id} is not in expected.yaml (it got {status}); list every rule of the run"
            )),
            Some(w) if w != status => problems.push(format!(
                "{name}: rule {id}: expected {w}, got {status}{}",
                why(&results, id)
            )),
            Some(_) => {}
        }
    }
    for id in want.keys().filter(|id| !got.contains_key(*id)) {
        problems.push(format!("{name}: rule {id} is expected but the run has no such rule"));
    }
    // Why a rule got its status: the layout's own reason, not another.
    let empty = serde_json::Map::new();
    for (id, texts) in expected["findings"].as_object().unwrap_or(&empty) {
        let findings = why(&results, id);
        let texts = match texts {
            Value::Array(list) => list.clone(),
            one => vec![one.clone()],
        };
        for text in texts.iter().map(|t| t.as_str().unwrap_or_default()) {
            if !findings.contains(text) {
                problems.push(format!(
                    "{name}: rule {id}: expected a finding `{text}`, got:{findings}"
                ));
            }
        }
    }
    Ok(problems)
}

fn show(folder: &Path, name: &str, files: &[&String]) -> Result<BTreeMap<String, Value>, String> {
    let out = evident()
        .args(["evidence", "show", "--format", "json", "--pack", PACK, "--dir"])
        .arg(folder)
        .args(files)
        .output()
        .unwrap();
    if out.status.code() != Some(0) {
        return Err(format!(
            "{name}: `evident evidence show` exited {:?}:\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let doc: Value = serde_json::from_slice(&out.stdout).map_err(|e| format!("{name}: evidence show JSON: {e}"))?;
    Ok(doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap().to_string(), f.clone()))
        .collect())
}

fn read_as_expected(folder: &Path, name: &str, want: &Value) -> Result<Vec<String>, String> {
    let empty = serde_json::Map::new();
    // `fields: {}` says outright that a layout has no documents to read.
    let Some(fields) = want["fields"].as_object() else {
        return Err(format!(
            "{name}: expected.yaml has no `fields:`; say what the readers must extract"
        ));
    };
    let headings = want["headings"].as_object().unwrap_or(&empty);
    let mut files: Vec<&String> = fields.keys().chain(headings.keys()).collect();
    files.sort();
    files.dedup();
    if files.is_empty() {
        return Ok(Vec::new());
    }
    let shown = show(folder, name, &files)?;
    let mut problems = Vec::new();
    for (file, want_fields) in fields {
        let got = &shown[file.as_str()]["fields"];
        for (field, w) in want_fields.as_object().into_iter().flatten() {
            let actual = &got[field.as_str()];
            let actual_text = match actual {
                Value::Null => "not read".to_string(),
                a => {
                    let hole = if a["placeholder"] == true { ", placeholder" } else { "" };
                    format!("{} at line {}{hole}", a["value"], a["line"])
                }
            };
            let matches = match w {
                Value::Null => actual.is_null(),
                Value::Array(v) if (2..=3).contains(&v.len()) => {
                    let placeholder = v.get(2).is_some_and(|p| p == "placeholder");
                    !actual.is_null()
                        && actual["value"] == v[0]
                        && actual["line"] == v[1]
                        && actual["placeholder"] == placeholder
                }
                other => {
                    problems.push(format!(
                        "{name}: {file}: field {field}: expected.yaml says {other}; write [value, line], [value, line, placeholder] or null"
                    ));
                    continue;
                }
            };
            if !matches {
                let w_text = match w {
                    Value::Null => "not read".to_string(),
                    Value::Array(v) => format!(
                        "{} at line {}{}",
                        v[0],
                        v[1],
                        if v.len() == 3 { ", placeholder" } else { "" }
                    ),
                    _ => unreachable!(),
                };
                problems.push(format!(
                    "{name}: {file}: field {field}: expected {w_text}, got {actual_text}"
                ));
            }
        }
    }
    for (file, w) in headings {
        let got: Vec<Value> = shown[file.as_str()]["headings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["text"].clone())
            .collect();
        if w.as_array() != Some(&got) {
            problems.push(format!(
                "{name}: {file}: headings: expected {w}, got {}",
                Value::Array(got)
            ));
        }
    }
    Ok(problems)
}

/// Everything wrong with one layout folder (empty when it is read as expected).
fn verify(folder: &Path) -> Vec<String> {
    let name = folder.file_name().unwrap().to_string_lossy().into_owned();
    let want = match expected(folder) {
        Ok(w) => w,
        Err(e) => return vec![e],
    };
    let mut problems = Vec::new();
    // Each layout must show a rule passing and one not passing because of
    // how it is written, so it can never pass vacuously.
    let listed: Vec<&Value> = want["statuses"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, s)| s)
        .collect();
    let has = |s: &str| {
        listed
            .iter()
            .any(|v| *v == s || v.as_object().is_some_and(|m| m.values().any(|x| x == s)))
    };
    if !has("pass") || !(has("fail") || has("error")) {
        problems.push(format!(
            "{name}: expected.yaml needs a rule that passes and one that fails or is error"
        ));
    }
    for result in [check(folder, &name, &want), read_as_expected(folder, &name, &want)] {
        match result {
            Ok(p) => problems.extend(p),
            Err(e) => problems.push(e),
        }
    }
    problems
}

fn folders() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(ROOT)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() && p.file_name().unwrap() != "pack")
        .collect();
    out.sort();
    out
}

#[test]
fn every_layout_gets_its_statuses_fields_and_headings() {
    let names: Vec<String> = folders()
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut problems: Vec<String> = LAYOUTS
        .iter()
        .filter(|l| !names.iter().any(|n| n == *l))
        .map(|l| format!("the layout folder `{l}` is missing from {ROOT}"))
        .collect();
    problems.extend(folders().iter().flat_map(|f| verify(f)));
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The comparison itself fails: a copied layout with a wrong status, a
/// wrong line, a wrong finding, a rule left out, a rule that does not
/// exist, and no expected.yaml at all are each reported, naming the folder, the rule or
/// file, and expected against actual.
#[test]
fn a_wrong_expectation_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("subtitle-lines");
    crate::util::copy_dir(&Path::new(ROOT).join("subtitle-lines"), &folder);
    let text = std::fs::read_to_string(folder.join("expected.yaml")).unwrap();
    let wrong = text
        .replace("layouts.policy-fresh: fail", "layouts.policy-fresh: pass")
        .replace("layouts.abandonment: fail\n", "layouts.no-such-rule: pass\n")
        .replace(
            r#"["Tom Ellery, Operations Director", 6]"#,
            r#"["Tom Ellery, Operations Director", 7]"#,
        )
        .replace("is 507 days old", "is 506 days old");
    assert_ne!(wrong, text);
    std::fs::write(folder.join("expected.yaml"), wrong).unwrap();
    let problems = verify(&folder).join("\n");
    for want in [
        "subtitle-lines: rule layouts.policy-fresh: expected \"pass\", got \"fail\"",
        "policies/complaint-handling.md:7: `approved_on` 2025-06-12 is",
        "subtitle-lines: rule layouts.abandonment is not in expected.yaml",
        "subtitle-lines: rule layouts.policy-fresh: expected a finding `policies/complaint-handling.md:7: `approved_on` 2025-06-12 is 506 days old`",
        "subtitle-lines: rule layouts.no-such-rule is expected but the run has no such rule",
        "subtitle-lines: policies/complaint-handling.md: field approved_by: expected \"Tom Ellery, Operations Director\" at line 7, got \"Tom Ellery, Operations Director\" at line 6",
    ] {
        assert!(problems.contains(want), "missing `{want}` in:\n{problems}");
    }
    std::fs::remove_file(folder.join("expected.yaml")).unwrap();
    let problems = verify(&folder).join("\n");
    assert!(problems.contains("subtitle-lines: no expected.yaml"), "{problems}");
}
