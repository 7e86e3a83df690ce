//! A hostile evidence folder beside an "outside" folder holding a secret,
//! and the binary run under memory and time caps.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sha2::{Digest, Sha256};

/// Text that must never appear in any output: it lives outside the root.
pub const SECRET: &str = "OUTSIDE-SECRET-7f3a";

pub struct Hostile {
    pub dir: tempfile::TempDir,
}

/// A minimal organisation-wide pack with one document rule and one metric
/// rule, so every class has something to pass or fail.
pub const PACK: &str = r#"
pack: {id: h, title: Hostile test pack, version: 1.0.0, source: tests, scoring: weighted, scope: organisation}
kinds:
  doc:
    document: {fields: [owner, approved_on]}
  calls:
    records:
      columns: {site: string, day: date, offered: int, answered: int}
sections: [{id: s, title: Documents}, {id: m, title: Metrics}]
rules:
  - id: h.doc
    section: s
    title: Every document is approved
    severity: major
    evidence: {kind: doc}
    checks:
      - fields: {required: [owner, approved_on]}
  - id: h.answered
    section: m
    title: Calls are answered
    severity: major
    checks:
      - metric: {records: calls, measure: share, where: "answered >= offered", expect: ">= 0.9"}
"#;

impl Hostile {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        for d in ["evidence", "outside", "packs/h"] {
            std::fs::create_dir_all(dir.path().join(d)).unwrap();
        }
        std::fs::write(dir.path().join("packs/h/pack.yaml"), PACK).unwrap();
        let secret = format!("owner: {SECRET}\n{SECRET}\n");
        std::fs::write(dir.path().join("outside/secret.txt"), &secret).unwrap();
        std::fs::write(dir.path().join("outside/secret.yaml"), format!("{SECRET}: [\n")).unwrap();
        std::fs::write(
            dir.path().join("outside/calls.csv"),
            format!("site,day,offered,answered\n{SECRET},2026-01-01,1,1\n"),
        )
        .unwrap();
        Hostile { dir }
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("evidence")
    }

    pub fn outside(&self, name: &str) -> PathBuf {
        self.dir.path().join("outside").join(name)
    }

    pub fn pack_dir(&self) -> PathBuf {
        self.dir.path().join("packs/h")
    }

    /// Writes an evidence file (parents created).
    pub fn file(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    /// A good document and good records, so that a run passes before the attack.
    pub fn good(&self) -> &Self {
        self.file(
            "evident.yaml",
            "organisation: Hostile Ltd\nas_of: 2026-11-01\nperiod: {from: 2026-01-01, to: 2026-10-31}\n",
        )
        .file(
            "policy.md",
            "---\nkind: doc\nowner: Head of Quality\napproved_on: 2026-03-01\n---\n# Policy\n\nWords.\n",
        )
        .file(
            "records/calls/2026.csv",
            "site,day,offered,answered\nnorth,2026-02-01,10,10\nnorth,2026-03-01,10,10\n",
        )
    }

    /// `evident check` on the evidence with the test pack, under the caps.
    /// The JSON results of the last run that wrote `out/results.json`.
    pub fn results(&self) -> serde_json::Value {
        let text = std::fs::read_to_string(self.dir.path().join("out/results.json")).expect("results written");
        serde_json::from_str(&text).unwrap()
    }

    /// `--report json=...` arguments writing outside the evidence root.
    pub fn json_arg(&self) -> String {
        format!("json={}", self.dir.path().join("out/results.json").display())
    }

    /// A rule's status in the last results.
    pub fn status(&self, id: &str) -> String {
        let v = self.results();
        v["packs"][0]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| r["status"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("no rule {id}"))
    }

    pub fn check(&self, extra: &[&str]) -> Run {
        self.run(&self.check_args(extra))
    }

    /// The arguments of `evident check` on the evidence with the test pack.
    pub fn check_args(&self, extra: &[&str]) -> Vec<String> {
        let pack = self.pack_dir();
        let mut args = vec!["check".to_string(), self.root().display().to_string()];
        args.extend(["--pack".into(), pack.display().to_string()]);
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    }

    /// The binary with `args`, under `bounded.sh`, from the temporary folder.
    pub fn run(&self, args: &[String]) -> Run {
        let before = tree_hash(&self.root());
        let out = bounded(args, self.dir.path());
        let after = tree_hash(&self.root());
        let run = Run { out };
        assert_eq!(before, after, "the evidence tree changed\n{}", run.transcript());
        run.assert_no_secret();
        run
    }
}

/// Runs the binary under `bounded.sh` in `cwd`.
pub fn bounded(args: &[String], cwd: &Path) -> Output {
    command(args, cwd).output().expect("run the binary")
}

/// The binary with `args` under `bounded.sh` in `cwd`, not yet run.
pub fn command(args: &[String], cwd: &Path) -> Command {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/bounded.sh");
    let mut cmd = Command::new("bash");
    cmd.arg(script)
        .arg(env!("CARGO_BIN_EXE_evident"))
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .env_remove("SOURCE_DATE_EPOCH")
        .env("RAYON_NUM_THREADS", "2")
        .stdin(std::process::Stdio::null());
    cmd
}

pub struct Run {
    pub out: Output,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.out.status.code().unwrap_or(-1)
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }
    pub fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code(),
            self.stdout(),
            self.stderr()
        )
    }
    /// Asserts the exit code, showing the whole run when it differs.
    pub fn expect(&self, code: i32) -> &Self {
        assert_eq!(self.code(), code, "{}", self.transcript());
        self
    }
    /// Asserts that `needle` is on standard output or standard error.
    pub fn says(&self, needle: &str) -> &Self {
        let t = self.transcript();
        assert!(t.contains(needle), "expected {needle:?} in\n{t}");
        self
    }
    fn assert_no_secret(&self) {
        assert!(
            !self.transcript().contains(SECRET),
            "outside content reached the output\n{}",
            self.transcript()
        );
    }
}

/// sha256 over every path, file type and content under `root` (symlinks
/// not followed), to prove a run wrote nothing there.
pub fn tree_hash(root: &Path) -> String {
    let mut h = Sha256::new();
    for e in walkdir::WalkDir::new(root).sort_by_file_name() {
        let e = e.unwrap();
        h.update(e.path().to_string_lossy().as_bytes());
        let t = e.file_type();
        h.update([t.is_file() as u8, t.is_dir() as u8, t.is_symlink() as u8]);
        if t.is_file() {
            h.update(std::fs::read(e.path()).unwrap());
        }
    }
    evident::evidence::hex(&h.finalize())
}
