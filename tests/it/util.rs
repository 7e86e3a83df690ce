//! A temporary evidence folder and pack, built inline by each test.

use std::path::{Path, PathBuf};

use evident::results::{Results, RuleResult, Status};

pub struct Fixture {
    dir: tempfile::TempDir,
}

/// Header shared by the test packs: an organisation-wide weighted pack `t`
/// with one section and a document kind `doc`.
pub const HEADER: &str = r#"
pack: {id: t, title: Test pack, version: 1.0.0, source: tests, scoring: weighted, scope: organisation}
params: {cycle: 365d, two: 2}
kinds:
  doc:
    document: {fields: [owner, approved_on], headings: [Purpose, Scope]}
sections: [{id: s, title: Section}]
"#;

impl Fixture {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("evidence")).unwrap();
        Fixture { dir }
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("evidence")
    }

    /// Writes an evidence file (parents created).
    pub fn file(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    /// Writes the test pack: `HEADER` plus `rules`.
    pub fn pack(&self, rules: &str) -> PathBuf {
        self.pack_text(&format!("{HEADER}\nrules:\n{rules}"))
    }

    pub fn pack_text(&self, text: &str) -> PathBuf {
        let dir = self.dir.path().join("packs").join("t");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("pack.yaml"), text).unwrap();
        dir
    }

    /// Audits the evidence with the pack at `pack_dir`, as of 2026-11-01.
    pub fn audit(&self, pack_dir: &Path) -> Results {
        self.audit_as_of(pack_dir, jiff::civil::date(2026, 11, 1))
    }

    /// Audits the evidence with the pack at `pack_dir`, as of `as_of`.
    pub fn audit_as_of(&self, pack_dir: &Path, as_of: jiff::civil::Date) -> Results {
        let mut opts = evident::AuditOptions::new(self.root());
        opts.packs.paths.push(pack_dir.to_path_buf());
        opts.as_of = Some(as_of);
        let audit = evident::audit(&opts).expect("audit runs");
        match audit.results {
            Some(r) => r,
            None => panic!("diagnostics:\n{}", audit.diagnostics.render(&audit.sources, false)),
        }
    }

    /// Diagnostics rendered, for configurations that must be refused.
    pub fn diagnostics(&self, pack_dir: &Path) -> String {
        let mut opts = evident::AuditOptions::new(self.root());
        opts.packs.paths.push(pack_dir.to_path_buf());
        opts.as_of = Some(jiff::civil::date(2026, 11, 1));
        let audit = evident::audit(&opts).expect("audit runs");
        assert!(audit.results.is_none(), "expected the run to be refused");
        audit.diagnostics.render(&audit.sources, false)
    }
}

pub fn rule<'a>(r: &'a Results, id: &str) -> &'a RuleResult {
    r.packs
        .iter()
        .flat_map(|p| &p.rules)
        .find(|x| x.id == id)
        .unwrap_or_else(|| panic!("no rule {id}"))
}

pub fn status(r: &Results, id: &str) -> Status {
    rule(r, id).status
}

/// A document of kind `doc` with front matter and body.
pub fn doc(front: &str, body: &str) -> String {
    format!("---\nkind: doc\n{front}\n---\n{body}")
}

pub const GOOD_BODY: &str = "# Title\n\n## Purpose\n\nWhy this exists in plain words here.\n\n## Scope\n\nEvery site and channel we run today.\n";

/// Copies a folder tree (evidence, a pack) into a temporary place to alter it.
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = e.path().strip_prefix(from).unwrap();
        if e.file_type().is_dir() {
            std::fs::create_dir_all(to.join(rel)).unwrap();
        } else {
            std::fs::copy(e.path(), to.join(rel)).unwrap();
        }
    }
}

/// A rule's findings in JSON results as `file:line: message`, the way a
/// person reads them in a failure message.
pub fn finding_lines(rule: &serde_json::Value) -> Vec<String> {
    rule["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let at = match (f["file"].as_str(), f["line"].as_u64()) {
                (Some(file), Some(line)) => format!("{file}:{line}: "),
                (Some(file), None) => format!("{file}: "),
                _ => String::new(),
            };
            format!("{}{}", at, f["message"].as_str().unwrap_or_default())
        })
        .collect()
}
