//! Embeds the shipped packs (`standards/**.yaml`, without their test
//! fixtures) so the binary works on its own.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect(&root.join("standards"), "", &mut files);
    files.sort();
    let mut out = String::from("pub static STANDARDS: &[(&str, &str)] = &[\n");
    for (rel, abs) in &files {
        writeln!(out, "    ({rel:?}, include_str!({abs:?})),").unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(dest, out).unwrap();
    println!("cargo::rerun-if-changed=standards");
}

fn collect(dir: &Path, prefix: &str, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        println!("cargo::rerun-if-changed={}", path.display());
        if path.is_dir() {
            if name != "tests" {
                collect(&path, &format!("{prefix}{name}/"), out);
            }
        } else if name.ends_with(".yaml") {
            out.push((format!("{prefix}{name}"), path.display().to_string()));
        }
    }
}
