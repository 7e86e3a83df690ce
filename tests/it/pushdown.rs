//! Push-down: metric checks as partial aggregates computed by an SQL engine
//! (`evident sql`, `check --aggregates`), and Parquet records. The engine
//! comparisons run DuckDB and sqlglot from Python; they skip without them,
//! unless `EVIDENT_REQUIRE_TOOLS=1` (set by `.ci/run`).

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;

use crate::util::copy_dir;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const FIXTURE: &str = "tests/fixtures/pushdown";

fn evident() -> Command {
    let mut cmd = Command::cargo_bin("evident").unwrap();
    cmd.current_dir(ROOT).env("NO_COLOR", "1");
    cmd
}

/// `evident COMMAND EVIDENCE --pack <the fixture pack> ARGS` exits 2
/// and says `text` on standard error.
fn refused(command: &str, evidence: impl AsRef<Path>, args: &[&str], text: &str) {
    let run = evident()
        .arg(command)
        .arg(evidence.as_ref())
        .args(["--pack", &pack()])
        .args(args)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&run.get_output().stderr);
    assert!(err.contains(text), "{err}");
}

fn pack() -> String {
    format!("{FIXTURE}/pack")
}

/// Runs `evident check` with `args`, expecting exit `code`; the JSON results.
fn results(evidence: &Path, args: &[&str], code: i32) -> Value {
    let out = tempfile::tempdir().unwrap();
    let json = out.path().join("r.json");
    evident()
        .arg("check")
        .arg(evidence)
        .args(["--pack", &pack(), "-q", "--report"])
        .arg(format!("json={}", json.display()))
        .args(args)
        .assert()
        .code(code);
    serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap()
}

/// Results as decisions: without what names files and folders.
fn decisions(mut r: Value) -> Value {
    for k in ["manifest", "evidence_root", "repository_path"] {
        r.as_object_mut().unwrap().remove(k);
    }
    r
}

fn fixture() -> PathBuf {
    Path::new(ROOT).join(FIXTURE).join("evidence")
}

#[test]
fn parquet_records_decide_as_the_csv_they_replace() {
    let csv = results(&fixture(), &[], 1);
    let parquet = results(&Path::new(ROOT).join(FIXTURE).join("parquet-evidence"), &[], 1);
    assert_eq!(decisions(csv), decisions(parquet.clone()));
    let files: Vec<&str> = parquet["manifest"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["role"] == "records")
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert!(files.contains(&"records/ticket/tickets.parquet"), "{files:?}");
}

#[test]
fn an_unreadable_parquet_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&Path::new(ROOT).join(FIXTURE).join("parquet-evidence"), dir.path());
    let file = dir.path().join("records/ticket/tickets.parquet");
    let bytes = std::fs::read(&file).unwrap();
    // Cut short: the footer that says where the columns are is gone.
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    let r = results(dir.path(), &[], 1);
    let rule = r["packs"][0]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == "pushdown-test.p90")
        .unwrap();
    assert_eq!(rule["status"], "error");
    let text = rule.to_string();
    assert!(
        text.contains("tickets.parquet") && text.contains("not a readable Parquet file"),
        "{text}"
    );
}

/// A Parquet file damaged anywhere (a byte changed, or cut short) is an
/// error naming it or is read as it now is: never a crash or a hang.
#[test]
fn damaged_parquet_files_never_crash_the_run() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&Path::new(ROOT).join(FIXTURE).join("parquet-evidence"), dir.path());
    let file = dir.path().join("records/ticket/tickets.parquet");
    let good = std::fs::read(&file).unwrap();
    let mut seed: u64 = 0x5eed_0016;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..60 {
        let mut bytes = good.clone();
        match round % 3 {
            0 => bytes.truncate((next() as usize) % good.len()),
            _ => {
                for _ in 0..(1 + next() % 4) {
                    let at = (next() as usize) % bytes.len();
                    bytes[at] = next() as u8;
                }
            }
        }
        std::fs::write(&file, &bytes).unwrap();
        let out = evident()
            .arg("check")
            .arg(dir.path())
            .args(["--pack", &pack(), "-q"])
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            matches!(out.status.code(), Some(0 | 1)) && !err.contains("panicked"),
            "round {round}: {:?} {err}",
            out.status
        );
    }
}

#[test]
fn a_parquet_codec_the_build_leaves_out_says_how_to_export() {
    if !python_with("duckdb") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&Path::new(ROOT).join(FIXTURE).join("parquet-evidence"), dir.path());
    let file = dir.path().join("records/ticket/tickets.parquet");
    let zstd = dir.path().join("records/ticket/zstd.parquet");
    let script = format!(
        "import duckdb; duckdb.connect().execute(\"COPY (FROM read_parquet('{}')) TO '{}' (FORMAT PARQUET, COMPRESSION ZSTD)\")",
        file.display(),
        zstd.display()
    );
    assert!(
        Process::new("python3")
            .args(["-c", &script])
            .status()
            .unwrap()
            .success()
    );
    std::fs::remove_file(&file).unwrap();
    let r = results(dir.path(), &[], 1).to_string();
    assert!(
        r.contains("is compressed with ZSTD, which evident does not read; export it with Snappy"),
        "{r}"
    );
}

#[test]
fn saved_partials_decide_as_the_native_run_in_every_format_the_engines_export() {
    let work = tempfile::tempdir().unwrap();
    let saved = work.path().join("native");
    let native = results(&fixture(), &["--save-aggregates", saved.to_str().unwrap()], 1);
    let csv = std::fs::read_to_string(saved.join("ticket.csv")).unwrap();
    assert!(csv.starts_with("query,metric,site,k1,k2,k3,k4,reason,v,n,hits,vals,sum,per,min,max\n"));

    // As JSON Lines (numbers as the engines write them, a decimal as text),
    // and as a folder of two part files, as Spark writes.
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let jsonl_dir = work.path().join("jsonl");
    std::fs::create_dir_all(&jsonl_dir).unwrap();
    let mut lines = String::new();
    for row in &rows {
        let obj: serde_json::Map<String, Value> = header
            .iter()
            .zip(row.iter())
            .map(|(h, v)| {
                let value = match (h, v) {
                    (_, "") => Value::Null,
                    ("n" | "hits" | "vals", v) => Value::from(v.parse::<u64>().unwrap()),
                    ("v" | "min" | "max", v) => Value::from(v.parse::<f64>().unwrap()),
                    (_, v) => Value::from(v),
                };
                (h.to_string(), value)
            })
            .collect();
        lines.push_str(&Value::Object(obj).to_string());
        lines.push('\n');
    }
    std::fs::write(jsonl_dir.join("ticket.jsonl"), lines).unwrap();
    let parts = work.path().join("parts").join("ticket");
    std::fs::create_dir_all(&parts).unwrap();
    let (first, second) = rows.split_at(rows.len() / 2);
    for (name, half) in [("part-00000.csv", first), ("part-00001.csv", second)] {
        let mut w = csv::Writer::from_path(parts.join(name)).unwrap();
        w.write_record(&header).unwrap();
        for r in half {
            w.write_record(r).unwrap();
        }
        w.flush().unwrap();
    }
    std::fs::write(parts.join("_SUCCESS"), "").unwrap();

    for dir in [saved.clone(), jsonl_dir, work.path().join("parts")] {
        let pushed = results(&fixture(), &["--aggregates", dir.to_str().unwrap()], 1);
        assert_eq!(
            decisions(native.clone()),
            decisions(pushed.clone()),
            "{}",
            dir.display()
        );
        // The partials and their query stand in the manifest for the raw
        // ticket files; the roster, read as a population, stays.
        let manifest = pushed["manifest"].as_array().unwrap();
        let roles: Vec<(&str, &str)> = manifest
            .iter()
            .filter(|e| e["kind"] == "ticket" || e["kind"] == "ticket-roster")
            .map(|e| (e["role"].as_str().unwrap(), e["kind"].as_str().unwrap()))
            .collect();
        assert!(roles.contains(&("query", "ticket")), "{roles:?}");
        assert!(roles.contains(&("aggregates", "ticket")), "{roles:?}");
        assert!(roles.contains(&("records", "ticket-roster")), "{roles:?}");
        assert!(!roles.contains(&("records", "ticket")), "{roles:?}");
        let query = manifest.iter().find(|e| e["role"] == "query").unwrap();
        assert_eq!(query["sha256"].as_str().unwrap().len(), 64);
        assert!(csv.contains(&query["sha256"].as_str().unwrap()[..16]));
    }
}

#[test]
fn partials_of_another_query_are_refused() {
    let work = tempfile::tempdir().unwrap();
    let saved = work.path().join("native");
    results(&fixture(), &["--save-aggregates", saved.to_str().unwrap()], 1);
    // Another as-of date is another audit: the partials do not answer it.
    refused(
        "check",
        fixture(),
        &["--as-of", "2026-05-01", "--aggregates", saved.to_str().unwrap()],
        "run `evident sql` again",
    );
    // A row that does not add up is named with its file and row.
    let file = saved.join("ticket.csv");
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut fields: Vec<String> = lines[3].split(',').map(String::from).collect();
    fields[9] = "many".into();
    lines[3] = fields.join(",");
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    refused(
        "check",
        fixture(),
        &["--aggregates", saved.to_str().unwrap()],
        "ticket.csv: row 4: `n` is `many`, not a number",
    );
}

#[test]
fn two_exports_of_one_kind_are_refused_not_added() {
    let work = tempfile::tempdir().unwrap();
    let saved = work.path().join("native");
    results(&fixture(), &["--save-aggregates", saved.to_str().unwrap()], 1);
    std::fs::create_dir_all(saved.join("ticket")).unwrap();
    std::fs::copy(saved.join("ticket.csv"), saved.join("ticket/part-0.csv")).unwrap();
    refused(
        "check",
        fixture(),
        &["--aggregates", saved.to_str().unwrap()],
        "each would be counted; keep one export",
    );
    std::fs::remove_file(saved.join("ticket.csv")).unwrap();
    std::fs::remove_file(saved.join("ticket/part-0.csv")).unwrap();
    refused(
        "check",
        fixture(),
        &["--aggregates", saved.to_str().unwrap()],
        "holds no partials",
    );
}

#[test]
fn partials_are_never_written_into_the_evidence() {
    let inside = fixture().join("partials");
    refused(
        "check",
        fixture(),
        &["--save-aggregates", inside.to_str().unwrap()],
        "inside the evidence folder",
    );
    assert!(!inside.exists());
}

#[test]
fn sql_names_the_rule_and_expression_it_cannot_translate_and_writes_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let pack_dir = dir.path().join("pack");
    copy_dir(&Path::new(ROOT).join(FIXTURE).join("pack"), &pack_dir);
    let text = std::fs::read_to_string(pack_dir.join("pack.yaml")).unwrap();
    let extra = r#"
  - id: pushdown-test.titled
    section: t
    title: Agents' names are written as titles
    severity: minor
    checks:
      - metric:
          records: ticket-roster
          where: "(agent | title) == agent"
          measure: share
          expect: ">= 0.5"
"#;
    std::fs::write(pack_dir.join("pack.yaml"), format!("{text}{extra}")).unwrap();
    let out = dir.path().join("sql");
    let assert = evident()
        .arg("sql")
        .arg(fixture())
        .arg("--pack")
        .arg(&pack_dir)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("rule pushdown-test.titled")
            && stderr.contains("`(agent | title) == agent`")
            && stderr.contains("ticket-roster"),
        "{stderr}"
    );
    // The kind that translates is written; the one that does not is not.
    assert!(out.join("ticket.sql").is_file());
    assert!(!out.join("ticket-roster.sql").exists());
}

#[test]
fn sql_refuses_a_column_the_profile_reads_with_a_format() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(), dir.path());
    let profile = std::fs::read_to_string(dir.path().join("evident.yaml")).unwrap();
    std::fs::write(
        dir.path().join("evident.yaml"),
        format!("{profile}columns:\n  ticket:\n    closed_on: {{format: \"%d.%m.%Y\"}}\n"),
    )
    .unwrap();
    refused(
        "sql",
        dir.path(),
        &[],
        "column `closed_on` of `ticket` records has a `format:`",
    );
}

#[test]
fn sql_reads_each_kind_once_from_the_relation_named_for_it() {
    let assert = evident()
        .arg("sql")
        .arg(fixture())
        .args(["--pack", &pack(), "--dialect", "bigquery", "--table"])
        .arg("ticket=`proj.support.tickets`")
        .assert()
        .success();
    let sql = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert_eq!(sql.matches("FROM `proj.support.tickets`").count(), 1, "{sql}");
    assert!(sql.contains("UNNEST([0, 1, 2, 3, 4, 5, 6, 7])"), "{sql}");
    refused(
        "sql",
        fixture(),
        &["--table", "tickets=x"],
        "no metric check of these packs reads `tickets` records",
    );
}

/// Python with the modules a comparison needs, or why not.
fn python_with(modules: &str) -> bool {
    let ok = Process::new("python3")
        .args(["-c", &format!("import {modules}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("EVIDENT_REQUIRE_TOOLS").is_none(),
            "EVIDENT_REQUIRE_TOOLS is set but python3 with {modules} is not installed"
        );
        eprintln!("python3 with {modules} is not installed; skipping");
    }
    ok
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("evident")
}

/// For every metric rule of every shipped pack, on each pack's fixtures and
/// on the example (as of its date and of one inside its period), and on the
/// push-down fixture: the partials DuckDB computes with the emitted SQL
/// equal the native ones, and `check --aggregates` decides the same.
#[test]
fn duckdb_partials_and_decisions_equal_the_native_ones() {
    if !python_with("duckdb, yaml, openpyxl") {
        return;
    }
    let mut cases = vec![
        "examples/acme-contact-centre".to_string(),
        "examples/acme-contact-centre@2026-09-15".to_string(),
        format!("{FIXTURE}/evidence:{FIXTURE}/pack"),
        format!("{FIXTURE}/evidence:{FIXTURE}/pack@2026-04-02"),
    ];
    let mut fixtures = 0;
    for pack in std::fs::read_dir(Path::new(ROOT).join("standards")).unwrap().flatten() {
        let Ok(tests) = std::fs::read_dir(pack.path().join("tests")) else {
            continue;
        };
        for case in tests.flatten() {
            if case.path().join("evident.yaml").is_file() {
                let rel = case.path().strip_prefix(ROOT).unwrap().display().to_string();
                cases.push(format!("{rel}:{}", pack.file_name().to_string_lossy()));
                fixtures += 1;
            }
        }
    }
    assert!(fixtures > 300, "{fixtures} fixtures");
    let out = Process::new("python3")
        .current_dir(ROOT)
        .arg("tests/pushdown/compare.py")
        .arg(bin())
        .args(&cases)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let bad: Vec<&str> = stdout.lines().filter(|l| !l.starts_with("ok ")).collect();
    assert!(
        out.status.success() && bad.is_empty(),
        "{}\n{}",
        bad.join("\n"),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout.lines().count(), cases.len());
}

#[test]
fn every_dialect_parses_with_sqlglot() {
    if !python_with("sqlglot") {
        return;
    }
    for args in [
        vec!["examples/acme-contact-centre".to_string()],
        vec![format!("{FIXTURE}/evidence"), pack()],
    ] {
        let out = Process::new("python3")
            .current_dir(ROOT)
            .arg("tests/pushdown/dialects.py")
            .arg(bin())
            .args(&args)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(stdout.lines().filter(|l| l.starts_with("ok ")).count(), 6, "{stdout}");
    }
}
