//! The packaged crate (`cargo package`, what `cargo install` from a registry
//! builds) holds everything the build embeds or reads: the build script, the
//! sources, every pack file `build.rs` embeds, the report templates, and none
//! of the packs' test fixtures (they are large, and the binary never reads
//! them).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn packaged_files() -> BTreeSet<String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo package --list failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.replace('\\', "/"))
        .collect()
}

/// What `build.rs` embeds: every `.yaml` under `standards/` outside a
/// `tests` folder, as paths from the crate root.
fn embedded(dir: &Path, rel: &str, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if path.is_dir() {
            if name != "tests" {
                embedded(&path, &format!("{rel}{name}/"), out);
            }
        } else if name.ends_with(".yaml") {
            out.insert(format!("{rel}{name}"));
        }
    }
}

#[test]
fn the_package_holds_what_the_build_embeds_and_no_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let listed = packaged_files();

    let mut expected = BTreeSet::new();
    embedded(&root.join("standards"), "standards/", &mut expected);
    for name in [
        "build.rs",
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        "src/main.rs",
        "src/lib.rs",
    ] {
        expected.insert(name.to_string());
    }
    for entry in std::fs::read_dir(root.join("templates")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        expected.insert(format!("templates/{name}"));
    }
    assert!(expected.contains("standards/kinds.yaml"));
    let packs: Vec<_> = expected.iter().filter(|p| p.ends_with("/pack.yaml")).collect();
    assert!(packs.len() >= 6, "{packs:?}");
    assert!(expected.iter().any(|p| p.starts_with("templates/")));

    let missing: Vec<_> = expected.difference(&listed).collect();
    assert!(missing.is_empty(), "not packaged: {missing:?}");

    let fixtures: Vec<_> = listed
        .iter()
        .filter(|p| p.starts_with("standards/") && p.contains("/tests/"))
        .collect();
    assert!(fixtures.is_empty(), "fixtures packaged: {fixtures:?}");
    for dir in ["examples/", "bench/", "target/", ".ci/", ".github/"] {
        assert!(!listed.iter().any(|p| p.starts_with(dir)), "{dir} is packaged");
    }
    // Every file a packaged source pulls in with include_str! or
    // include_bytes! is packaged too, and nothing else from tests/.
    let mut included: BTreeSet<String> = BTreeSet::new();
    for rs in listed.iter().filter(|p| p.starts_with("src/") && p.ends_with(".rs")) {
        let text = std::fs::read_to_string(root.join(rs)).unwrap();
        for rest in text
            .match_indices("include_str!(\"")
            .chain(text.match_indices("include_bytes!(\""))
            .map(|(i, m)| &text[i + m.len()..])
        {
            let target = &rest[..rest.find('"').unwrap()];
            let mut parts: Vec<&str> = rs.split('/').collect();
            parts.pop();
            for part in target.split('/') {
                match part {
                    ".." => {
                        parts.pop();
                    }
                    "." => {}
                    p => parts.push(p),
                }
            }
            let resolved = parts.join("/");
            assert!(
                listed.contains(&resolved),
                "{rs} includes {resolved}, which is not packaged"
            );
            included.insert(resolved);
        }
    }
    let stray: Vec<_> = listed
        .iter()
        .filter(|p| p.starts_with("tests/") && !included.contains(*p))
        .collect();
    assert!(
        stray.is_empty(),
        "test files packaged that no source includes: {stray:?}"
    );
}
