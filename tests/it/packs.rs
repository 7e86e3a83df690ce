//! Broken pack files: each exits 2 with a message that names the file, line
//! and column. The rendered diagnostics are snapshotted, one per file.

use assert_cmd::Command;

#[test]
fn broken_packs_exit_2_with_file_line_and_column() {
    insta::glob!("../fixtures/packs/invalid", "*.yaml", |path| {
        let rel = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap()
            .display()
            .to_string();
        let out = Command::cargo_bin("evident")
            .unwrap()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["packs", "lint", &rel])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(2), "{rel}: {stderr}");
        let located = regex::Regex::new(&format!("{}:\\d+:\\d+", regex::escape(&rel))).unwrap();
        assert!(located.is_match(&stderr), "{rel} has no file:line:column:\n{stderr}");
        insta::assert_snapshot!(stderr);
    });
}

#[test]
fn valid_packs_lint_clean() {
    for dir in [
        "standards",
        "standards/cc-baseline",
        "tests/fixtures/packs/valid/minimal.yaml",
    ] {
        let out = Command::cargo_bin("evident")
            .unwrap()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["packs", "lint", dir])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{dir}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_folder_of_packs_lints_with_its_own_catalogue_and_a_broken_one_is_the_only_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let copy = |from: &str, to: &str| {
        let to = dir.path().join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(format!("{root}/{from}"), to).unwrap();
    };
    copy("standards/sqm-wcc/pack.yaml", "sqm-wcc/pack.yaml");
    let kinds = std::fs::read_to_string(format!("{root}/standards/kinds.yaml")).unwrap();
    // A kind on disk may differ from the built-in one of that name: it replaces it.
    let edited = kinds.replace(
        "optional: {agent_id: string, call_type: string}",
        "optional: {agent_id: string, call_type: string, channel: string}",
    );
    std::fs::write(dir.path().join("kinds.yaml"), &edited).unwrap();
    let lint = || {
        Command::cargo_bin("evident")
            .unwrap()
            .args(["packs", "lint"])
            .arg(dir.path())
            .output()
            .unwrap()
    };
    let out = lint();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("sqm-wcc: ok"));

    std::fs::write(dir.path().join("kinds.yaml"), format!("{edited}\n  broken: [")).unwrap();
    let out = lint();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("error[").count(), 1, "no cascade of unknown kinds: {err}");
}

#[test]
fn a_section_carries_its_own_provenance_into_the_results() {
    let f = super::util::Fixture::new();
    let pack = f.pack_text(&super::util::HEADER.replace(
        "sections: [{id: s, title: Section}]",
        "sections: [{id: s, title: Section, provenance: Reconstructed from a summary}]",
    ));
    std::fs::write(
        pack.join("pack.yaml"),
        std::fs::read_to_string(pack.join("pack.yaml")).unwrap()
            + "rules:\n  - {id: t.one, section: s, title: One, severity: minor, checks: [{attestation: {}}]}\n",
    )
    .unwrap();
    let results = f.audit(&pack);
    let section = &results.packs[0].summary.sections[0];
    assert_eq!(section.provenance.as_deref(), Some("Reconstructed from a summary"));
}

#[test]
fn lint_warns_when_a_major_rule_passes_empty_sections() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.yaml");
    std::fs::write(
        &path,
        "pack: {id: w, title: W, version: 1.0.0, source: tests, scoring: weighted, scope: organisation}\nkinds:\n  doc:\n    document: {headings: [Purpose]}\nsections: [{id: s, title: S}]\nrules:\n  - id: w.r\n    section: s\n    title: Has a purpose\n    severity: major\n    evidence: {kind: doc}\n    checks:\n      - headings: {min_words: 0}\n",
    )
    .unwrap();
    let out = Command::cargo_bin("evident")
        .unwrap()
        .args(["packs", "lint"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("its headings check passes empty sections"), "{stderr}");
}

/// `packs lint --format json`: every broken pack's diagnostics as data
/// with file, line and column, the same ones the text form shows; exit 2.
#[test]
fn lint_json_gives_each_problem_with_its_place() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/invalid");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let rel = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap()
            .display()
            .to_string();
        let lint = |format: &str| {
            Command::cargo_bin("evident")
                .unwrap()
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .args(["packs", "lint", &rel, "--format", format])
                .output()
                .unwrap()
        };
        let out = lint("json");
        assert_eq!(out.status.code(), Some(2), "{rel}");
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["ok"], false);
        let diags = doc["diagnostics"].as_array().unwrap();
        let errors: Vec<&serde_json::Value> = diags.iter().filter(|d| d["severity"] == "error").collect();
        assert!(!errors.is_empty(), "{rel}");
        let text = String::from_utf8_lossy(&lint("text").stderr).to_string();
        for d in errors {
            if d["file"] == rel.as_str() {
                let place = format!("{}:{}:{}", rel, d["line"], d["column"]);
                assert!(text.contains(&place), "{place} is in the text form too:\n{text}");
            }
            assert!(text.contains(d["message"].as_str().unwrap()), "{rel}: {d}");
        }
        seen += 1;
    }
    assert!(seen > 5);
    let out = Command::cargo_bin("evident")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["packs", "lint", "standards", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["ok"], true);
    assert_eq!(doc["packs"].as_array().unwrap().len(), 14);
}

/// Pack text reaches users (explain, reports, OSCAL): it names public
/// sources and says how sure it is in words, never our internal notes.
#[test]
fn shipped_pack_text_never_cites_internal_notes() {
    let loaded = evident::pack::load_packs(&evident::pack::load::PackSources::default());
    let notes = regex::Regex::new(r"(?i)frameworks\.md|reference/|\bseeds? ?0?0?\d\b|\[[VKI]\]|\bthe brief\b").unwrap();
    let mut bad = Vec::new();
    for p in &loaded.packs {
        let mut texts: Vec<(String, &str)> = vec![("source".into(), &p.source)];
        texts.extend(p.provenance.as_deref().map(|t| ("provenance".to_string(), t)));
        for s in &p.sections {
            texts.push((format!("section {}", s.id), &s.title));
            texts.extend(s.provenance.as_deref().map(|t| (format!("section {}", s.id), t)));
        }
        for r in &p.rules {
            texts.push((r.id.clone(), &r.title));
            texts.extend(r.guidance.as_deref().map(|t| (r.id.clone(), t)));
            texts.extend(r.remediation.as_deref().map(|t| (r.id.clone(), t)));
        }
        for (at, text) in texts {
            if let Some(m) = notes.find(text) {
                bad.push(format!("{}: {at}: `{}`", p.id, m.as_str()));
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}
