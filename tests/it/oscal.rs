//! OSCAL: every shipped pack's catalog and the example's assessment results
//! are valid against NIST's OSCAL JSON schemas (vendored in
//! `tests/fixtures/oscal/`) and load in compliance-trestle; a rule failing at
//! one site is a not-satisfied finding for that site alone.

use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;

use crate::util::Fixture;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn schema(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(Path::new(ROOT).join("tests/fixtures/oscal").join(name)).unwrap();
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect()
}

fn shipped_packs() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(Path::new(ROOT).join("standards"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("pack.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    assert!(ids.len() >= 5, "{ids:?}");
    ids
}

fn export(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("evident")
        .unwrap()
        .current_dir(ROOT)
        .args(["export", "oscal-catalog"])
        .args(args)
        .output()
        .unwrap()
}

fn catalog(id: &str) -> Vec<u8> {
    let out = export(&[id]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn assessment_results() -> Vec<u8> {
    let out = Command::cargo_bin("evident")
        .unwrap()
        .current_dir(ROOT)
        .args(["check", "examples/acme-contact-centre", "--report", "oscal=-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// Loads files with compliance-trestle (`tests/oscal/trestle_load.py`).
/// Skipped only when trestle is missing and `CI` is unset.
fn trestle(model: &str, files: &[&Path]) {
    let out = Process::new("python3")
        .arg(Path::new(ROOT).join("tests/oscal/trestle_load.py"))
        .arg(model)
        .args(files)
        .output();
    let out = match out {
        Ok(out) => out,
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("python3 cannot run ({e}); skipping the compliance-trestle check");
            return;
        }
        Err(e) => panic!("CI is set but python3 cannot run: {e}"),
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() == Some(3) {
        assert!(std::env::var_os("CI").is_none(), "CI is set but {stderr}");
        eprintln!("{stderr}; skipping the compliance-trestle check");
        return;
    }
    assert!(out.status.success(), "compliance-trestle rejects the {model}: {stderr}");
}

#[test]
fn every_shipped_pack_exports_a_catalog_valid_against_nists_schema() {
    let validator = schema("oscal_catalog_schema.json");
    let loaded = evident::pack::load_packs(&evident::pack::load::PackSources::default());
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for id in shipped_packs() {
        let bytes = catalog(&id);
        let doc: Value = serde_json::from_slice(&bytes).unwrap();
        let errs = errors(&validator, &doc);
        assert!(errs.is_empty(), "{id}: {errs:#?}");
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert_eq!(
            text.matches("\"name\": \"statement\"").count(),
            loaded.get(&id).unwrap().rules.len(),
            "{id}: a control per rule, each with its statement"
        );
        let path = dir.path().join(format!("{id}.catalog.json"));
        std::fs::write(&path, &bytes).unwrap();
        files.push(path);
    }
    let files: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    trestle("catalog", &files);
}

#[test]
fn the_assessment_results_are_valid_against_nists_schema_and_load_in_trestle() {
    let bytes = assessment_results();
    assert_eq!(bytes, assessment_results(), "same inputs, same bytes");
    let doc: Value = serde_json::from_slice(&bytes).unwrap();
    let errs = errors(&schema("oscal_assessment-results_schema.json"), &doc);
    assert!(errs.is_empty(), "{errs:#?}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("assessment-results.json");
    std::fs::write(&path, &bytes).unwrap();
    trestle("assessment-results", &[&path]);
}

/// The checks above can fail: a finding whose state OSCAL does not know,
/// or a catalog without a title, is refused by the schema and by trestle.
#[test]
fn the_schemas_and_trestle_refuse_a_broken_document() {
    let mut ar: Value = serde_json::from_slice(&assessment_results()).unwrap();
    ar["assessment-results"]["results"][0]["findings"][0]["target"]["status"]["state"] = "maybe".into();
    let errs = errors(&schema("oscal_assessment-results_schema.json"), &ar);
    assert!(!errs.is_empty(), "the schema accepts an unknown finding state");
    let mut cat: Value = serde_json::from_slice(&catalog("iso9001")).unwrap();
    cat["catalog"]["metadata"].as_object_mut().unwrap().remove("title");
    let errs = errors(&schema("oscal_catalog_schema.json"), &cat);
    assert!(!errs.is_empty(), "the schema accepts a catalog without a title");
    let mut cat: Value = serde_json::from_slice(&catalog("iso9001")).unwrap();
    cat["catalog"]["groups"][0]["id"] = "4.1".into();
    let errs = errors(&schema("oscal_catalog_schema.json"), &cat);
    assert!(!errs.is_empty(), "the schema accepts an id that is no OSCAL token");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(&path, serde_json::to_vec(&ar).unwrap()).unwrap();
    let out = Process::new("python3")
        .arg(Path::new(ROOT).join("tests/oscal/trestle_load.py"))
        .args(["assessment-results"])
        .arg(&path)
        .output();
    if let Ok(out) = out
        && out.status.code() != Some(3)
    {
        assert_eq!(out.status.code(), Some(1), "trestle accepts an unknown finding state");
    }
}

const SITE_PACK: &str = r#"
pack: {id: t, title: Sites, version: 1.0.0, source: tests, scoring: criteria, scope: site}
kinds:
  a-doc: {document: {}}
sections: [{id: s, title: S}]
rules:
  - id: t.critical
    section: s
    title: The A document is on file
    severity: critical
    guidance: The auditor looks for the A document.
    remediation: Write the A document and file it.
    checks: [{document: {kind: a-doc}}]
"#;

fn rendered(f: &Fixture) -> Value {
    oscal_of(f, &f.pack_text(SITE_PACK))
}

/// The OSCAL assessment results of auditing the fixture with a pack.
fn oscal_of(f: &Fixture, pack: &Path) -> Value {
    let r = f.audit(pack);
    let text = evident::report::Renderer::new(&r, None)
        .render(evident::report::Format::Oscal)
        .unwrap();
    serde_json::from_slice(&text).unwrap()
}

fn site_of(finding: &Value) -> Option<&str> {
    finding["props"]
        .as_array()?
        .iter()
        .find(|p| p["name"] == "site")
        .and_then(|p| p["value"].as_str())
}

#[test]
fn a_rule_failing_at_one_site_is_a_not_satisfied_finding_for_that_site() {
    let f = Fixture::new();
    f.file("evident.yaml", "sites: [north, south]\n")
        .file("north/a.md", "---\nkind: a-doc\nsite: north\n---\n");
    let doc = rendered(&f);
    let result = &doc["assessment-results"]["results"][0];
    let findings = result["findings"].as_array().unwrap();
    let states: Vec<(Option<&str>, &str, &str)> = findings
        .iter()
        .map(|x| {
            (
                site_of(x),
                x["target"]["target-id"].as_str().unwrap(),
                x["target"]["status"]["state"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        states,
        vec![
            (Some("north"), "t.critical", "satisfied"),
            (Some("south"), "t.critical", "not-satisfied"),
        ]
    );
    let south = &findings[1];
    assert_eq!(south["target"]["status"]["reason"], "fail");
    // The failing critical rule is an open risk with the rule's remediation.
    let risks = result["risks"].as_array().unwrap();
    assert_eq!(risks.len(), 1, "{risks:#?}");
    assert_eq!(risks[0]["status"], "open");
    assert_eq!(south["related-risks"][0]["risk-uuid"], risks[0]["uuid"]);
    assert_eq!(
        risks[0]["remediations"][0]["description"],
        "Write the A document and file it."
    );
    // North's finding cites the file it passed on, as an observation.
    let observation = &result["observations"][0];
    assert_eq!(observation["relevant-evidence"][0]["href"], "north/a.md");
    assert_eq!(
        findings[0]["related-observations"][0]["observation-uuid"],
        observation["uuid"]
    );
    let errs = errors(&schema("oscal_assessment-results_schema.json"), &doc);
    assert!(errs.is_empty(), "{errs:#?}");

    // With the document at both sites, both findings are satisfied, and
    // no risk is left.
    f.file("south/a.md", "---\nkind: a-doc\nsite: south\n---\n");
    let doc = rendered(&f);
    let result = &doc["assessment-results"]["results"][0];
    assert!(
        result["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["target"]["status"]["state"] == "satisfied")
    );
    assert!(result.get("risks").is_none());
}

#[test]
fn errors_pending_and_waived_rules_are_not_satisfied_with_a_remark() {
    let doc: Value = serde_json::from_slice(&assessment_results()).unwrap();
    let result = &doc["assessment-results"]["results"][0];
    let by_status = |status: &str| -> Vec<&Value> {
        result["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| {
                x["props"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|p| p["name"] == "status" && p["value"] == status)
            })
            .collect()
    };
    for (status, remark) in [("pending", "pending: "), ("waived", "waived: ")] {
        let found = by_status(status);
        assert!(!found.is_empty(), "the example has {status} rules");
        for x in found {
            assert_eq!(x["target"]["status"]["state"], "not-satisfied", "{x:#?}");
            assert_eq!(x["target"]["status"]["reason"], "other");
            assert!(
                x["target"]["status"]["remarks"].as_str().unwrap().starts_with(remark),
                "{x:#?}"
            );
        }
    }
    let waived = by_status("waived")[0];
    let risk_uuid = &waived["related-risks"][0]["risk-uuid"];
    let risk = result["risks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| &r["uuid"] == risk_uuid)
        .expect("a waived rule's risk");
    assert_eq!(risk["status"], "deviation-approved");
    assert_eq!(risk["deadline"], "2027-01-31T00:00:00Z", "until the waiver expires");
    // Tailored-out rules are excluded from the reviewed controls, not found.
    let selections = result["reviewed-controls"]["control-selections"].as_array().unwrap();
    assert!(selections.iter().any(|s| s.get("exclude-controls").is_some()));
}

#[test]
fn a_catalog_maps_a_rule_to_a_control_with_its_parts_params_and_crosswalk() {
    let doc: Value = serde_json::from_slice(&catalog("iso9001")).unwrap();
    let cat = &doc["catalog"];
    assert_eq!(cat["metadata"]["oscal-version"], "1.2.1");
    assert_eq!(cat["metadata"]["last-modified"], "1970-01-01T00:00:00Z");
    let text = serde_json::to_string(cat).unwrap();
    assert!(text.contains(r#""id":"iso9001.7.5.1""#), "rule ids are control ids");
    assert!(text.contains(r#""name":"guidance""#));
    assert!(text.contains(r#""name":"remediation","ns":"https://evident.dev/ns/oscal""#));
    assert!(text.contains(r#""rel":"intersects-with""#) || text.contains(r#""rel":"equivalent-to""#));
    assert_eq!(catalog("iso9001"), catalog("iso9001"), "byte-identical");

    // A section id that is no OSCAL token is escaped into one, and the
    // section id is kept as the group's label.
    let f = Fixture::new();
    let pack = f.pack_text(
        &(crate::util::HEADER.replace("{id: s,", "{id: \"4 x\",")
            + "rules:\n  - {id: t.r, section: \"4 x\", title: R, severity: minor, checks: [{document: {kind: doc}}]}\n"),
    );
    let out = export(&[pack.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let group = &doc["catalog"]["groups"][0];
    assert_eq!(group["id"], "t_4_20_x");
    assert_eq!(group["props"][0]["value"], "4 x");
    assert_eq!(group["controls"][0]["id"], "t.r");
    assert_eq!(doc["catalog"]["params"][0]["values"][0], "365d");
    let errs = errors(&schema("oscal_catalog_schema.json"), &doc);
    assert!(errs.is_empty(), "{errs:#?}");
}

#[test]
fn an_unknown_pack_is_refused() {
    let out = export(&["no-such-pack"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no pack `no-such-pack`"));
}

const FRESH: &str = "  - id: t.fresh\n    section: s\n    title: Reviewed within the cycle\n    severity: major\n    evidence: {kind: doc}\n    checks:\n      - fresh: {field: approved_on, max_age: 365d}\n";

/// The observation and finding of a document at `path` approved on `date`,
/// under a rule that wants it no older than 365 days.
fn observation_of(f: &Fixture, path: &str, date: &str) -> (Value, Value) {
    f.file(
        path,
        crate::util::doc(&format!("owner: A\napproved_on: {date}"), crate::util::GOOD_BODY),
    );
    let doc = oscal_of(f, &f.pack(FRESH));
    let result = &doc["assessment-results"]["results"][0];
    (result["observations"][0].clone(), result["findings"][0].clone())
}

#[test]
fn an_observation_is_collected_on_its_approval_date_and_expires_when_freshness_lapses() {
    let f = Fixture::new();
    let (observation, finding) = observation_of(&f, "a.md", "2026-02-10");
    assert_eq!(observation["collected"], "2026-02-10T00:00:00Z");
    assert_eq!(observation["expires"], "2027-02-10T23:59:59Z", "365 days on");
    assert_eq!(observation["methods"][0], "EXAMINE");
    assert_eq!(finding["target"]["status"]["state"], "satisfied");

    // Approved too long ago: the observation expired before the as-of date
    // and the finding is not satisfied.
    let (observation, finding) = observation_of(&f, "a.md", "2025-06-30");
    assert_eq!(observation["expires"], "2026-06-30T23:59:59Z");
    assert_eq!(finding["target"]["status"]["state"], "not-satisfied");
    assert_eq!(finding["target"]["status"]["reason"], "fail");
}

#[test]
fn evidence_text_in_oscal_markup_stays_text() {
    let f = Fixture::new();
    let (observation, _) = observation_of(&f, "a [x](javascript:y) <b>.md", "2026-02-10");
    let description = observation["description"].as_str().unwrap();
    assert!(
        description.starts_with(r"a \[x\](javascript:y) &lt;b>.md: document"),
        "{description}"
    );
    assert_eq!(
        observation["relevant-evidence"][0]["href"], "a%20%5Bx%5D(javascript%3Ay)%20%3Cb%3E.md",
        "a relative reference, never a scheme"
    );
}
