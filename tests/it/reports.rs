//! The report formats on the example repository: snapshots of each, SARIF
//! against the official 2.1.0 schema, JUnit through a JUnit reader, the
//! template override and its strict undefined, the GitHub job summary, and
//! evidence text escaped.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// Relative, as a user types it: reports show the evidence root as given.
const EXAMPLE: &str = "examples/acme-contact-centre";

/// An evidence title that would run if a report forgot to escape it.
pub const XSS: &str = "<script>alert(1)</script>";

fn evident() -> Command {
    let mut cmd = Command::cargo_bin("evident").unwrap();
    cmd.env_remove("GITHUB_STEP_SUMMARY").env("NO_COLOR", "1");
    cmd
}

/// The example's two site-scoped packs keep the snapshots readable; the
/// schema and reader tests below take every pack.
fn report(format: &str, all_packs: bool) -> String {
    let mut cmd = evident();
    cmd.args(["check", EXAMPLE, "--report", &format!("{format}=-")]);
    if !all_packs {
        cmd.args(["--pack", "cc-baseline", "--pack", "sqm-wcc"]);
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn markdown_report_on_the_example() {
    insta::assert_snapshot!(report("md", false));
}

#[test]
fn html_report_on_the_example() {
    insta::assert_snapshot!(report("html", false));
}

#[test]
fn sarif_report_on_the_example() {
    insta::assert_snapshot!(report("sarif", false));
}

#[test]
fn junit_report_on_the_example() {
    insta::assert_snapshot!(report("junit", false));
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let schema: serde_json::Value = serde_json::from_str(include_str!("../schemas/sarif-2.1.0.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let sarif: serde_json::Value = serde_json::from_str(&report("sarif", true)).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // Code scanning ranks security alerts by `security-severity`: every rule
    // tagged `security` has one for its severity, and no other rule has one.
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let mut security = 0;
    for rule in rules {
        let props = &rule["properties"];
        let tags: Vec<&str> = props["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        let expected = tags.contains(&"security").then(|| match tags[2] {
            "critical" => "9.0",
            "major" => "7.0",
            "minor" => "4.0",
            _ => "1.0",
        });
        assert_eq!(props["security-severity"].as_str(), expected, "{}", rule["id"]);
        security += usize::from(expected.is_some());
    }
    assert!(security > 134, "every bs7799 rule and some of other packs: {security}");
    // Fingerprints identify a finding across runs, so they must not collide.
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    let prints: std::collections::BTreeSet<&str> = results
        .iter()
        .map(|r| r["partialFingerprints"]["evidentFinding/v1"].as_str().unwrap())
        .collect();
    assert_eq!(prints.len(), results.len(), "fingerprints are unique");
    for r in results {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(
            Path::new(EXAMPLE).join(uri).is_file(),
            "{uri} is a file under the evidence root"
        );
    }
}

#[test]
fn junit_is_read_by_a_junit_reader() {
    let xml = report("junit", true);
    let suites = junit_parser::from_reader(std::io::Cursor::new(xml.as_bytes())).expect("valid JUnit");
    let json: serde_json::Value = serde_json::from_str(&report("json", true)).unwrap();
    let mut expected_suites = 0;
    let mut tests = 0;
    let mut failures = 0;
    for p in json["packs"].as_array().unwrap() {
        let groups: Vec<&serde_json::Value> = match p["sites"].as_array() {
            Some(s) if !s.is_empty() => s.iter().collect(),
            _ => vec![p],
        };
        for g in groups {
            expected_suites += 1;
            let rules = g["rules"].as_array().unwrap();
            tests += rules.len() as u64;
            failures += rules.iter().filter(|r| r["status"] == "fail").count() as u64;
        }
    }
    assert_eq!(suites.suites.len(), expected_suites);
    assert_eq!(suites.tests, tests);
    assert_eq!(suites.failures, failures);
    let south = suites
        .suites
        .iter()
        .find(|s| s.name == "sqm-wcc/south")
        .expect("a suite per site");
    assert!(south.cases.iter().any(|c| c.status.is_failure()));
    assert!(
        suites
            .suites
            .iter()
            .flat_map(|s| &s.cases)
            .any(|c| c.status.is_skipped()),
        "waived and pending rules are skipped"
    );
}

#[test]
fn a_templates_dir_replaces_a_template_and_undefined_fields_fail() {
    let dir = tempfile::tempdir().unwrap();
    let render = |template: &str| {
        std::fs::write(dir.path().join("report.md.j2"), template).unwrap();
        evident()
            .args([
                "check",
                EXAMPLE,
                "--pack",
                "sqm-wcc",
                "--report",
                "md=-",
                "--templates-dir",
            ])
            .arg(dir.path())
            .output()
            .unwrap()
    };
    let out = render("{{ organisation }}: {% for p in packs %}{{ p.id }}={{ p.score }} {% endfor %}\n");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Acme Contact Services: sqm-wcc=60.0 \n"
    );

    let out = render("{{ packs[0].scroe }}\n");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("report.md.j2") && err.contains("undefined"), "{err}");
}

#[test]
fn github_summary_is_appended_when_the_variable_is_set() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    evident()
        .args(["check", EXAMPLE, "--pack", "sqm-wcc", "-q", "--github-summary"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .assert()
        .code(1);
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.starts_with("earlier step\n# Compliance gap report"), "{text}");
    // Without the variable the flag is a no-op, not an error.
    evident()
        .args(["check", EXAMPLE, "--pack", "sqm-wcc", "-q", "--github-summary"])
        .assert()
        .code(1);
}

/// A copy of the example with a document and a waiver carrying hostile text.
pub fn xss_evidence(dir: &Path) -> PathBuf {
    let root = dir.join("evidence");
    super::util::copy_dir(Path::new(EXAMPLE), &root);
    std::fs::write(
        root.join("policies/hostile.md"),
        format!("---\ntitle: \"{XSS}\"\nowner: \"{XSS}\"\n---\n# Notes\n\nNothing here.\n"),
    )
    .unwrap();
    let mut waivers = std::fs::read_to_string(root.join("waivers.yaml")).unwrap();
    waivers.push_str(&format!(
        "- rule: sqm-wcc.performance.world-class\n  site: south\n  reason: \"{XSS}\"\n  owner: x\n  approver: y\n  expires: 2026-11-20\n"
    ));
    std::fs::write(root.join("waivers.yaml"), waivers).unwrap();
    root
}

#[test]
fn evidence_text_is_escaped_in_html_and_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let root = xss_evidence(dir.path());
    for (format, escaped) in [
        ("html", "&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
        ("md", "&lt;script>alert(1)&lt;/script>"),
    ] {
        let out = evident()
            .arg("check")
            .arg(&root)
            .args(["--report", &format!("{format}=-")])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(escaped), "{format}: the title is shown, escaped");
        assert!(!text.contains(XSS), "{format}: the title is never raw");
    }
}

#[test]
fn reports_are_byte_identical_across_runs() {
    for format in ["md", "html", "sarif", "junit"] {
        assert_eq!(report(format, true), report(format, true), "{format}");
    }
}

/// The example lives in a folder of this repository: reports for code
/// hosts place files from the repository root.
const IN_REPO: &str = "examples/acme-contact-centre/";

#[test]
fn github_annotations_are_workflow_commands_at_real_files() {
    let text = report("github", true);
    let command =
        regex::Regex::new(r"^::(error|warning|notice) file=([^,:]+)(,line=(\d+))?,title=([^,:]+)::(.+)$").unwrap();
    let mut n = 0;
    for line in text.lines() {
        let c = command
            .captures(line)
            .unwrap_or_else(|| panic!("not a workflow command: {line}"));
        let file = &c[2];
        assert!(file.starts_with(IN_REPO), "{file} is placed from the repository root");
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        assert!(path.is_file(), "{file} exists");
        if let Some(line) = c.get(4) {
            let lines = std::fs::read_to_string(&path).unwrap().lines().count();
            let at: usize = line.as_str().parse().unwrap();
            assert!(at >= 1 && at <= lines, "{file}:{at} is a line of it");
        }
        n += 1;
    }
    let json: serde_json::Value = serde_json::from_str(&report("sarif", true)).unwrap();
    assert_eq!(
        n,
        json["runs"][0]["results"].as_array().unwrap().len(),
        "one per SARIF result"
    );
}

#[test]
fn gitlab_code_quality_is_valid_and_placed_from_the_repository_root() {
    let schema: serde_json::Value = serde_json::from_str(include_str!("../schemas/gitlab-codequality.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let issues: serde_json::Value = serde_json::from_str(&report("gitlab", true)).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&issues)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let issues = issues.as_array().unwrap();
    assert!(!issues.is_empty());
    let prints: std::collections::BTreeSet<&str> = issues.iter().map(|i| i["fingerprint"].as_str().unwrap()).collect();
    assert_eq!(prints.len(), issues.len(), "GitLab shows one issue per fingerprint");
    for i in issues {
        let path = i["location"]["path"].as_str().unwrap();
        assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join(path).is_file(), "{path}");
    }
    // A schema that accepted anything would prove nothing.
    assert!(!validator.is_valid(&serde_json::json!([{"description": "x", "check_name": "y", "severity": "high", "fingerprint": "f", "location": {"path": "a", "lines": {"begin": 1}}}])));
}

/// Evidence in a subfolder of a repository: SARIF's `EVIDENCE_ROOT` is that
/// folder from `SRCROOT`, so code scanning finds the files; missing evidence
/// points at the profile line naming the pack.
#[test]
fn sarif_places_evidence_in_a_subfolder_of_the_repository() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    let evidence = repo.path().join("audits/2026 evidence");
    super::util::copy_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE).as_path(), &evidence);
    let sarif = |extra: &[&str]| -> serde_json::Value {
        let out = evident()
            .arg("check")
            .arg(&evidence)
            .args(["--report", "sarif=-"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let log = sarif(&[]);
    let base = &log["runs"][0]["originalUriBaseIds"]["EVIDENCE_ROOT"];
    assert_eq!(base["uri"], "audits/2026%20evidence/");
    assert_eq!(base["uriBaseId"], "SRCROOT");
    let profile = std::fs::read_to_string(evidence.join("evident.yaml")).unwrap();
    for r in log["runs"][0]["results"].as_array().unwrap() {
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap().replace("%20", " ");
        let file = repo.path().join("audits/2026 evidence").join(&uri);
        assert!(file.is_file(), "{uri} resolves under the repository");
        if uri == "evident.yaml" {
            let line = loc["region"]["startLine"]
                .as_u64()
                .expect("a profile finding has its line") as usize;
            let pack = r["ruleId"].as_str().unwrap().split('.').next().unwrap();
            let text = profile.lines().nth(line - 1).unwrap();
            assert!(text.contains(pack), "line {line} `{text}` names {pack}");
        }
    }
    // An explicit root wins, and one that does not hold the evidence is refused.
    let log = sarif(&["--repo-root", repo.path().join("audits").to_str().unwrap()]);
    assert_eq!(
        log["runs"][0]["originalUriBaseIds"]["EVIDENCE_ROOT"]["uri"],
        "2026%20evidence/"
    );
    let out = evident()
        .arg("check")
        .arg(&evidence)
        .args(["--report", "sarif=-", "--repo-root"])
        .arg(std::env::temp_dir().join("no-such-folder-evident"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// A profile kept outside the evidence (`--profile`): the run reads it, as
/// it would the folder's own, and findings about missing evidence point at
/// it, from the evidence root.
#[test]
fn a_profile_outside_the_evidence_is_read_and_pointed_at() {
    let dir = tempfile::tempdir().unwrap();
    let evidence = dir.path().join("evidence");
    super::util::copy_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE).as_path(), &evidence);
    std::fs::create_dir(dir.path().join("profiles")).unwrap();
    std::fs::rename(evidence.join("evident.yaml"), dir.path().join("profiles/acme.yaml")).unwrap();
    let out = evident()
        .arg("check")
        .arg(&evidence)
        .arg("--profile")
        .arg(dir.path().join("profiles/acme.yaml"))
        .args(["--report", "sarif=-"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("no-profile"), "{stderr}");
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let uris: std::collections::BTreeSet<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains("../profiles/acme.yaml"), "{uris:?}");
    assert!(!uris.contains("evident.yaml"));
    let out = evident()
        .arg("check")
        .arg(&evidence)
        .args(["--profile", "no/such/profile.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
