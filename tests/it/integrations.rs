//! Where users run evident: the composite GitHub Action (`action.yml`), the
//! release workflow whose archives it downloads, the Dockerfile, and the
//! pre-commit hooks (`.pre-commit-hooks.yaml`, run with `pre-commit
//! try-repo`). The workflows and the Dockerfile are linted by `.ci/run`
//! (actionlint, hadolint); these tests check what the linters cannot: that
//! the pieces agree with each other and with the README, and that the
//! action's scripts and the hooks do what they say when run.
//!
//! The tests that need `pre-commit` or `bash` say so and pass without them,
//! unless `EVIDENT_REQUIRE_TOOLS=1` (set by `.ci/run`).

use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn yaml(rel: &str) -> Value {
    let text = std::fs::read_to_string(root().join(rel)).unwrap();
    serde_saphyr::from_str::<Value>(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn text(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap()
}

/// The README section under `## {title}`, up to the next `## `.
fn readme_section(title: &str) -> String {
    let readme = text("README.md");
    let start = readme
        .find(&format!("\n## {title}\n"))
        .unwrap_or_else(|| panic!("README has no section {title}"));
    let rest = &readme[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    rest[..end].to_string()
}

/// Whether `tool` runs; if not, the test is skipped (with a message) unless
/// `EVIDENT_REQUIRE_TOOLS` is set.
fn have(tool: &str) -> bool {
    let ok = Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("EVIDENT_REQUIRE_TOOLS").is_none(),
            "EVIDENT_REQUIRE_TOOLS is set but {tool} is not installed"
        );
        eprintln!("{tool} is not installed; skipping");
    }
    ok
}

/// `PATH` with the folder of the evident binary under test first.
fn path_with_evident() -> std::ffi::OsString {
    let bin = assert_cmd::cargo::cargo_bin("evident");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs = std::iter::once(bin.parent().unwrap().to_path_buf()).chain(std::env::split_paths(&path));
    std::env::join_paths(dirs).unwrap()
}

fn show(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn steps(action: &Value) -> &Vec<Value> {
    action["runs"]["steps"].as_array().expect("runs.steps")
}

fn step<'a>(action: &'a Value, id_or_name: &str) -> &'a Value {
    steps(action)
        .iter()
        .find(|s| s["id"] == id_or_name || s["name"] == id_or_name)
        .unwrap_or_else(|| panic!("no step {id_or_name}"))
}

#[test]
fn the_action_is_a_well_formed_composite_action() {
    let action = yaml("action.yml");
    assert!(action["name"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(action["description"].as_str().is_some_and(|s| !s.is_empty()));
    assert_eq!(action["runs"]["using"], "composite");

    let inputs = action["inputs"].as_object().expect("inputs");
    for (name, input) in inputs {
        assert!(
            input["description"].as_str().is_some_and(|s| !s.is_empty()),
            "input {name} has no description"
        );
        assert!(input.get("default").is_some(), "input {name} has no default");
    }
    let source = text("action.yml");
    let used: BTreeSet<&str> = source
        .match_indices("inputs.")
        .map(|(i, m)| {
            let rest = &source[i + m.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect();
    for name in &used {
        assert!(inputs.contains_key(*name), "inputs.{name} is used but not declared");
    }
    for name in inputs.keys() {
        assert!(used.contains(name.as_str()), "input {name} is declared but never used");
    }

    let ids: BTreeSet<&str> = steps(&action).iter().filter_map(|s| s["id"].as_str()).collect();
    for (name, output) in action["outputs"].as_object().expect("outputs") {
        let value = output["value"].as_str().unwrap();
        let id = value
            .strip_prefix("${{ steps.")
            .and_then(|v| v.split('.').next())
            .unwrap_or_else(|| panic!("output {name}: {value}"));
        assert!(ids.contains(id), "output {name} reads step {id}, which does not exist");
    }
    for s in steps(&action) {
        if s.get("run").is_some() {
            assert!(s["shell"].is_string(), "a run step without shell: {s}");
        }
        if let Some(uses) = s["uses"].as_str() {
            assert!(uses.contains('@'), "{uses} is not pinned to a version");
        }
    }

    let check = step(&action, "check")["run"].as_str().unwrap();
    for arg in ["--report github=-", "--github-summary", "sarif=$SARIF"] {
        assert!(check.contains(arg), "the check step does not pass {arg}");
    }
    let upload = step(&action, "Upload SARIF to code scanning");
    assert_eq!(upload["uses"], "github/codeql-action/upload-sarif@v3");
    let cond = upload["if"].as_str().unwrap();
    assert!(
        cond.contains("always()") && cond.contains("inputs.upload-sarif == 'true'"),
        "{cond}"
    );
    let install = step(&action, "Install evident")["run"].as_str().unwrap();
    assert!(install.contains("cargo install --locked --path \"$ACTION_PATH\""));

    // Every input is documented in the README, where users copy from.
    let use_in_ci = readme_section("Use in CI");
    for name in inputs.keys() {
        assert!(
            use_in_ci.contains(&format!("`{name}`")),
            "README's Use in CI does not document the input {name}"
        );
    }
}

/// The release workflow builds, and the action downloads, the same targets
/// under the same archive names.
#[test]
fn the_action_downloads_what_the_release_workflow_publishes() {
    let release = yaml(".github/workflows/release.yml");
    assert_eq!(release["on"]["push"]["tags"][0], "v*");
    let built: BTreeSet<String> = release["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["target"].as_str().unwrap().to_string())
        .collect();
    for t in [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(built.contains(t), "the release does not build {t}");
    }
    let action = text("action.yml");
    let downloaded: BTreeSet<String> = action
        .match_indices("target=")
        .map(|(i, m)| {
            let rest = &action[i + m.len()..];
            rest[..rest.find(' ').unwrap()].to_string()
        })
        .collect();
    assert_eq!(built, downloaded);

    let workflow = text(".github/workflows/release.yml");
    assert!(workflow.contains(r#"name="evident-$TAG-$TARGET""#));
    assert!(workflow.contains("SHA256SUMS"));
    assert!(action.contains(r#"name="evident-$version-$target""#));
    assert!(action.contains("--pattern SHA256SUMS"));
}

/// Runs one of the action's `run` scripts with bash, the environment its
/// step declares (expressions replaced by `vars`), and `extra` variables.
fn run_step(name: &str, vars: &[(&str, &str)], extra: &[(&str, &Path)], path: &std::ffi::OsStr) -> Output {
    let action = yaml("action.yml");
    let s = step(&action, name);
    let mut cmd = Command::new("bash");
    cmd.arg("-c").arg(s["run"].as_str().unwrap()).env("PATH", path);
    for (key, value) in s["env"].as_object().unwrap() {
        let expr = value.as_str().unwrap();
        let v = vars
            .iter()
            .find(|(k, _)| *k == key)
            .map_or_else(|| panic!("no value for {key} ({expr})"), |(_, v)| *v);
        cmd.env(key, v);
    }
    for (key, value) in extra {
        cmd.env(key, value);
    }
    cmd.current_dir(root()).output().unwrap()
}

#[test]
fn the_action_check_step_reports_and_passes_on_the_exit_code() {
    if !have("bash") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("evident.sarif");
    let md = dir.path().join("gaps.md");
    let summary = dir.path().join("summary.md");
    let output = dir.path().join("output");
    let md_report = format!("md={}", md.display());
    let out = run_step(
        "check",
        &[
            ("EVIDENCE", "examples/acme-contact-centre"),
            ("PACKS", "cc-baseline\nsqm-wcc"),
            ("SARIF", sarif.to_str().unwrap()),
            ("REPORTS", &md_report),
            ("FAIL_ON", "critical"),
            ("ARGS", "--as-of 2026-11-01  --quiet"),
        ],
        &[("GITHUB_STEP_SUMMARY", &summary), ("GITHUB_OUTPUT", &output)],
        &path_with_evident(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("::error file=examples/acme-contact-centre/"),
        "{}",
        show(&out)
    );
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "exit-code=1\n");
    let sarif: Value = serde_json::from_slice(&std::fs::read(&sarif).unwrap()).unwrap();
    let rules: BTreeSet<&str> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().split('.').next().unwrap())
        .collect();
    assert_eq!(rules, BTreeSet::from(["cc-baseline", "sqm-wcc"]));
    assert!(std::fs::read_to_string(&md).unwrap().contains("cc-baseline"));
    assert!(std::fs::read_to_string(&summary).unwrap().contains("sqm-wcc"));
}

#[test]
fn the_action_installs_a_release_archive_after_checking_its_sum() {
    if !have("bash") || !have("tar") || !have("sha256sum") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // A release as release.yml lays it out, served by a stand-in for `gh`.
    let release = dir.path().join("release");
    let name = "evident-v9.9.9-x86_64-unknown-linux-musl";
    std::fs::create_dir_all(release.join(name)).unwrap();
    // A stand-in for the binary: what is tested is the install script.
    let stand_in = release.join(name).join("evident");
    std::fs::write(&stand_in, "#!/bin/sh\necho evident 9.9.9\n").unwrap();
    std::fs::set_permissions(&stand_in, std::fs::Permissions::from_mode(0o755)).unwrap();
    let tar = Command::new("tar")
        .args(["-czf", &format!("{name}.tar.gz"), name])
        .current_dir(&release)
        .status()
        .unwrap();
    assert!(tar.success());
    std::fs::remove_dir_all(release.join(name)).unwrap();
    let sums = Command::new("sha256sum")
        .arg(format!("{name}.tar.gz"))
        .current_dir(&release)
        .output()
        .unwrap();
    std::fs::write(release.join("SHA256SUMS"), &sums.stdout).unwrap();

    let fake = dir.path().join("fake-bin");
    std::fs::create_dir_all(&fake).unwrap();
    let gh = fake.join("gh");
    std::fs::write(
        &gh,
        format!(
            "#!/bin/sh\n# gh release view TAG / gh release download TAG --repo R --dir D ...\n\
             [ \"$1 $2 $3\" = 'release view v9.9.9' ] && exit 0\n\
             [ \"$1 $2 $3 $4 $5\" = 'release download v9.9.9 --repo acme/evident' ] || exit 1\n\
             cp {}/* \"$7\"\n",
            release.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&gh, std::fs::Permissions::from_mode(0o755)).unwrap();
    let outer = std::env::var_os("PATH").unwrap_or_default();
    let path = std::env::join_paths(std::iter::once(fake.clone()).chain(std::env::split_paths(&outer))).unwrap();

    let temp = dir.path().join("runner-temp");
    std::fs::create_dir_all(&temp).unwrap();
    let github_path = dir.path().join("github-path");
    let run = |sums: &[u8]| {
        std::fs::write(release.join("SHA256SUMS"), sums).unwrap();
        run_step(
            "Install evident",
            &[
                ("INSTALL", "auto"),
                ("VERSION", ""),
                ("RELEASE_REPO", ""),
                ("ACTION_PATH", "/home/runner/work/_actions/acme/evident/v9.9.9"),
                ("GH_TOKEN", "unused"),
            ],
            &[
                ("RUNNER_TEMP", &temp),
                ("GITHUB_PATH", &github_path),
                ("RUNNER_OS", Path::new("Linux")),
                ("RUNNER_ARCH", Path::new("X64")),
            ],
            &path,
        )
    };
    // A tampered archive (a wrong sum) is refused.
    let mut wrong = sums.stdout.clone();
    wrong[..64].fill(b'0');
    let out = run(&wrong);
    assert_ne!(out.status.code(), Some(0), "{}", show(&out));
    assert!(!temp.join("evident/bin/evident").exists());

    let out = run(&sums.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("evident 9.9.9"),
        "{}",
        show(&out)
    );
    let bin_dir: PathBuf = temp.join("evident/bin");
    assert_eq!(
        std::fs::read_to_string(&github_path).unwrap(),
        format!("{}\n", bin_dir.display())
    );
    assert!(bin_dir.join("evident").is_file());
}

/// The build stage copies exactly the top-level entries of the packaged
/// crate (but for the unit tests' fixture), so what builds from `cargo
/// package` builds in the image.
#[test]
fn the_dockerfile_copies_what_the_crate_packages() {
    let dockerfile = text("Dockerfile");
    let copied: BTreeSet<String> = dockerfile
        .lines()
        .filter_map(|l| l.strip_prefix("COPY "))
        .filter(|l| !l.starts_with("--from"))
        .flat_map(|l| {
            let mut words: Vec<&str> = l.split_whitespace().collect();
            words.pop(); // the destination
            words.into_iter().map(str::to_string)
        })
        .collect();
    let out = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", show(&out));
    let packaged: BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        // tests/ holds only what src/'s unit tests include; a release build
        // does not read it.
        .filter(|l| !matches!(*l, ".cargo_vcs_info.json" | "Cargo.toml.orig") && !l.starts_with("tests/"))
        .map(|l| l.split('/').next().unwrap().to_string())
        .collect();
    assert_eq!(copied, packaged);
    for line in [
        "ENTRYPOINT [\"evident\"]",
        "WORKDIR /evidence",
        "cargo build --release --locked",
    ] {
        assert!(dockerfile.contains(line), "the Dockerfile lacks {line}");
    }
    let user = dockerfile.lines().rfind(|l| l.starts_with("USER ")).expect("a USER");
    assert!(!user.contains("root") && !user.ends_with(" 0"), "{user}");
    let ignore = text(".dockerignore");
    assert!(ignore.lines().any(|l| l == "standards/*/tests/"));
}

/// A git command in `dir`, with an identity for commits.
fn git(dir: &Path, args: &[&str]) {
    let st = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "evident tests")
        .env("GIT_AUTHOR_EMAIL", "tests@evident.invalid")
        .env("GIT_COMMITTER_NAME", "evident tests")
        .env("GIT_COMMITTER_EMAIL", "tests@evident.invalid")
        .status()
        .unwrap();
    assert!(st.success(), "git {args:?}");
}

/// Makes `dir` a git repository with every file staged.
fn git_init(dir: &Path) {
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
}

/// `pre-commit try-repo HOOKS evident-system --all-files` in `repo`, with
/// the evident under test first on PATH.
fn try_repo(hooks: &Path, repo: &Path, home: &Path) -> Output {
    Command::new("pre-commit")
        .args(["try-repo", hooks.to_str().unwrap(), "evident-system", "--all-files"])
        .current_dir(repo)
        .env("PATH", path_with_evident())
        .env("PRE_COMMIT_HOME", home)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn the_pre_commit_hook_fails_on_gaps_and_passes_a_passing_gate() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let ids: Vec<&str> = hooks
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["evident", "evident-system"]);
    for h in hooks.as_array().unwrap() {
        assert_eq!(h["entry"], "evident check");
        assert_eq!(h["pass_filenames"], false);
    }
    assert_eq!(hooks[0]["language"], "rust");
    assert_eq!(hooks[1]["language"], "system");
    if !have("pre-commit") || !have("git") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("pre-commit-home");
    // The hook repository: this one's hooks file, committed (pre-commit
    // clones it). A system hook needs nothing else from it, and a clone of
    // the whole source tree would take seconds.
    let hooks = dir.path().join("hooks");
    std::fs::create_dir_all(&hooks).unwrap();
    std::fs::copy(
        root().join(".pre-commit-hooks.yaml"),
        hooks.join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    git_init(&hooks);
    git(&hooks, &["commit", "-q", "-m", "hooks"]);

    let failing = dir.path().join("failing");
    super::util::copy_dir(&root().join("examples/acme-contact-centre"), &failing);
    git_init(&failing);
    let out = try_repo(&hooks, &failing, &home);
    let shown = show(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(shown.contains("Failed") && shown.contains("Gate: failed"), "{shown}");

    let passing = dir.path().join("passing");
    super::util::copy_dir(&root().join("standards/cc-baseline/tests/all-pass"), &passing);
    let profile = passing.join("evident.yaml");
    let mut text = std::fs::read_to_string(&profile).unwrap();
    text.push_str("packs: [cc-baseline]\n");
    std::fs::write(&profile, text).unwrap();
    std::fs::remove_file(passing.join("expected.yaml")).unwrap();
    git_init(&passing);
    let out = try_repo(&hooks, &passing, &home);
    let shown = show(&out);
    assert_eq!(out.status.code(), Some(0), "{shown}");
    assert!(shown.contains("Passed"), "{shown}");
}
