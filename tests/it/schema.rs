//! The schemas of the YAML files people write: the committed `schema/*.json`
//! are what `evident packs schema --write` produces.

use std::path::Path;

use assert_cmd::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn committed_schemas_are_what_the_tool_writes() {
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("evident")
        .unwrap()
        .args(["packs", "schema", "--write"])
        .arg(dir.path())
        .assert()
        .success();
    for name in evident::schema::NAMES {
        let file = format!("{name}.schema.json");
        let written = std::fs::read_to_string(dir.path().join(&file)).unwrap();
        let committed = std::fs::read_to_string(Path::new(ROOT).join("schema").join(&file)).unwrap_or_default();
        assert!(
            written == committed,
            "schema/{file} is out of date; run `cargo run -- packs schema --write schema`"
        );
        let printed = Command::cargo_bin("evident")
            .unwrap()
            .args(["packs", "schema", name])
            .output()
            .unwrap();
        assert_eq!(String::from_utf8(printed.stdout).unwrap(), written, "{name}");
    }
}

#[test]
fn an_unknown_schema_name_is_a_usage_error() {
    Command::cargo_bin("evident")
        .unwrap()
        .args(["packs", "schema", "packs"])
        .assert()
        .code(2);
}
