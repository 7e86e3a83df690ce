//! Working papers: the CSV and XLSX reports on the example, read back with
//! the `csv` crate, calamine and Python's openpyxl and checked against the
//! JSON results of the same run; formula-like evidence text stays text;
//! two runs give the same bytes; a workbook never goes to a terminal.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;

use super::util::copy_dir;

const EXAMPLE: &str = "examples/acme-contact-centre";
const FORMULA: &str = "=HYPERLINK(\"http://attacker.invalid/\",\"open\")";
const FINDINGS_HEADER: &str = concat!(
    "pack pack_version rule title section severity weight level site status finding_status message file line ",
    "waiver_reason waiver_owner waiver_expires justification tags guidance remediation"
);
const SHEETS: &[&str] = &[
    "Summary",
    "Rules",
    "Findings",
    "Metrics",
    "Waivers",
    "Attestations",
    "Evidence",
];

fn evident() -> Command {
    let mut cmd = Command::cargo_bin("evident").unwrap();
    cmd.env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1");
    cmd
}

/// The example with bad evidence added: a policy whose front matter does
/// not parse (an `error` with its file and line) and a waiver whose reason
/// is a spreadsheet formula.
fn hostile_example(dir: &Path) -> PathBuf {
    let root = dir.join("evidence");
    copy_dir(Path::new(EXAMPLE), &root);
    std::fs::write(
        root.join("policies/broken.md"),
        "---\nkind: quality-policy\nowner: [unclosed\n---\n# Quality policy\n",
    )
    .unwrap();
    let mut waivers = std::fs::read_to_string(root.join("waivers.yaml")).unwrap();
    waivers.push_str(&format!(
        "- rule: sqm-wcc.performance.world-class\n  site: south\n  reason: '{FORMULA}'\n  owner: x\n  approver: y\n  expires: 2026-11-20\n"
    ));
    std::fs::write(root.join("waivers.yaml"), waivers).unwrap();
    root
}

struct Run {
    _dir: tempfile::TempDir,
    json: Value,
    csv: PathBuf,
    xlsx: PathBuf,
}

/// One run writing JSON, CSV and XLSX side by side.
fn run(evidence: Option<&Path>) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let (json, csv, xlsx) = (
        dir.path().join("r.json"),
        dir.path().join("r.csv"),
        dir.path().join("r.xlsx"),
    );
    let out = evident()
        .arg("check")
        .arg(evidence.unwrap_or(Path::new(EXAMPLE)))
        .arg("--report")
        .arg(format!("json={}", json.display()))
        .arg("--report")
        .arg(format!("csv={}", csv.display()))
        .arg("--report")
        .arg(format!("xlsx={}", xlsx.display()))
        .arg("-q")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let json = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    Run {
        _dir: dir,
        json,
        csv,
        xlsx,
    }
}

/// Every rule x site of the JSON results with its status: the
/// organisation's result under site "", then each site's.
fn rule_sites(json: &Value) -> BTreeMap<(String, String, String), String> {
    let mut out = BTreeMap::new();
    for p in json["packs"].as_array().unwrap() {
        let pack = p["id"].as_str().unwrap();
        let mut add = |site: &str, rules: &Value| {
            for r in rules.as_array().unwrap() {
                let key = (
                    pack.to_string(),
                    r["id"].as_str().unwrap().to_string(),
                    site.to_string(),
                );
                out.insert(key, r["status"].as_str().unwrap().to_string());
            }
        };
        add("", &p["rules"]);
        for s in p["sites"].as_array().unwrap() {
            add(s["site"].as_str().unwrap(), &s["rules"]);
        }
    }
    out
}

/// The JSON's findings as (pack, rule, site, status, file, line), each site's
/// under its site; the organisation's roll-up repeats those, so only its
/// findings tied to no site count there.
fn json_findings(json: &Value) -> Vec<[String; 6]> {
    let mut out = Vec::new();
    let s = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    for p in json["packs"].as_array().unwrap() {
        let site_scoped = !p["sites"].as_array().unwrap().is_empty();
        let mut add = |site: &str, rules: &Value, rollup: bool| {
            for r in rules.as_array().unwrap() {
                for f in r["findings"].as_array().unwrap() {
                    if rollup && !f["site"].is_null() {
                        continue;
                    }
                    out.push([
                        s(&p["id"]),
                        s(&r["id"]),
                        site.to_string(),
                        s(&f["status"]),
                        s(&f["file"]),
                        s(&f["line"]),
                    ]);
                }
            }
        };
        add("", &p["rules"], site_scoped);
        for site in p["sites"].as_array().unwrap() {
            add(site["site"].as_str().unwrap(), &site["rules"], false);
        }
    }
    out.sort();
    out
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header.iter().cloned().zip(r.iter().map(String::from)).collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn csv_working_papers_hold_every_rule_site_and_finding_of_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let evidence = hostile_example(dir.path());
    let run = run(Some(&evidence));
    let bytes = std::fs::read(&run.csv).unwrap();
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "RFC 4180 line ends");
    let (header, rows) = read_csv(&run.csv);
    assert_eq!(header, FINDINGS_HEADER.split(' ').collect::<Vec<_>>());

    // Every rule x site, with the same status, and nothing else.
    let want = rule_sites(&run.json);
    let mut have = BTreeMap::new();
    for row in &rows {
        let key = (row["pack"].clone(), row["rule"].clone(), row["site"].clone());
        let previous = have.insert(key.clone(), row["status"].clone());
        assert!(previous.is_none_or(|p| p == row["status"]), "{key:?}: one status");
    }
    assert_eq!(have, want);

    // Every finding, with its status, file and line.
    let mut found: Vec<[String; 6]> = rows
        .iter()
        .filter(|r| !r["finding_status"].is_empty())
        .map(|r| ["pack", "rule", "site", "finding_status", "file", "line"].map(|c| r[c].clone()))
        .collect();
    found.sort();
    assert_eq!(found, json_findings(&run.json));

    // The unreadable policy is an error at its file (the findings above
    // kept the JSON's file and line for every finding).
    let broken: Vec<_> = rows.iter().filter(|r| r["file"] == "policies/broken.md").collect();
    assert!(!broken.is_empty(), "the broken policy is in the papers");
    assert!(
        broken
            .iter()
            .any(|r| r["status"] == "error" && r["finding_status"] == "error"),
        "{broken:#?}"
    );

    // The waiver's formula reason is text: quoted so a spreadsheet shows it.
    let waived: Vec<_> = rows
        .iter()
        .filter(|r| r["waiver_reason"].contains("HYPERLINK"))
        .collect();
    assert!(!waived.is_empty());
    for r in &waived {
        assert_eq!(r["waiver_reason"], format!("'{FORMULA}"));
    }
    assert!(
        rows.iter()
            .flat_map(|r| r.values())
            .all(|v| !v.starts_with(['=', '+', '-', '@', '\t', '\r'])),
        "no cell starts like a formula"
    );
}

#[test]
fn a_finding_message_that_is_a_formula_stays_text_in_csv_and_xlsx() {
    let run = run(None);
    let mut results: evident::results::Results = serde_json::from_value(run.json.clone()).unwrap();
    let finding = results.packs[0].rules[0]
        .findings
        .first_mut()
        .expect("the first rule has a finding");
    finding.message = FORMULA.to_string();
    let rule = results.packs[0].rules[0].id.clone();

    let csv_bytes = evident::report::papers_csv::render(&results).unwrap();
    let mut reader = csv::Reader::from_reader(csv_bytes.as_slice());
    let messages: Vec<String> = reader.records().map(|r| r.unwrap()[11].to_string()).collect();
    assert!(messages.contains(&format!("'{FORMULA}")), "the CSV quotes it");
    assert!(!messages.contains(&FORMULA.to_string()), "never bare");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.xlsx");
    std::fs::write(&path, evident::report::papers_xlsx::render(&results).unwrap()).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let range = book.worksheet_range("Findings").unwrap();
    let row = range
        .rows()
        .any(|r| r[2] == Data::String(rule.clone()) && r[11] == Data::String(FORMULA.into()));
    assert!(row, "the workbook holds the message as a string, as written");
    for sheet in SHEETS {
        let formulas = book.worksheet_formula(sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{sheet}: no cell is a formula"
        );
    }
}

fn sheet(book: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Vec<Vec<Data>> {
    let range = book.worksheet_range(name).unwrap();
    assert_eq!(range.start(), Some((0, 0)), "{name} starts at A1");
    range.rows().map(<[Data]>::to_vec).collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => panic!("unexpected cell {other:?}"),
    }
}

#[test]
fn xlsx_working_papers_agree_with_the_json_and_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let evidence = hostile_example(dir.path());
    let run = run(Some(&evidence));
    let mut book: Xlsx<_> = open_workbook(&run.xlsx).unwrap();
    assert_eq!(book.sheet_names(), SHEETS);

    // Findings: the CSV's table, cell for cell (the CSV quotes formula-like
    // text, which the workbook holds as plain strings).
    let findings = sheet(&mut book, "Findings");
    let (header, rows) = read_csv(&run.csv);
    assert_eq!(findings[0].iter().map(text).collect::<Vec<_>>(), header);
    assert_eq!(findings.len() - 1, rows.len());
    for (cells, row) in findings[1..].iter().zip(&rows) {
        for (cell, name) in cells.iter().zip(&header) {
            let want = row[name].strip_prefix('\'').unwrap_or(&row[name]);
            assert_eq!(text(cell), want, "{name} in {row:?}");
        }
    }
    assert!(
        findings[1..].iter().any(|r| r[14] == Data::String(FORMULA.into())),
        "the formula reason is a string cell"
    );

    // Rules: every rule x site with its status.
    let rules = sheet(&mut book, "Rules");
    let header = "pack rule title section severity weight level site status findings waiver_expires justification";
    assert_eq!(
        rules[0].iter().map(text).collect::<Vec<_>>(),
        header.split(' ').collect::<Vec<_>>()
    );
    let have: BTreeMap<_, _> = rules[1..]
        .iter()
        .map(|r| ((text(&r[0]), text(&r[1]), text(&r[7])), text(&r[8])))
        .collect();
    assert_eq!(have, rule_sites(&run.json));
    assert_eq!(rules.len() - 1, have.len(), "one row per rule x site");

    // Summary: a known row, and the gate's reasons.
    let summary = sheet(&mut book, "Summary");
    let north = summary
        .iter()
        .find(|r| r[0] == Data::String("sqm-wcc".into()) && r[4] == Data::String("north".into()))
        .expect("sqm-wcc at north");
    assert_eq!(text(&north[7]), "certified until 2027-10-31");
    assert_eq!(text(&north[9]), "yes");
    let reasons: Vec<String> = summary
        .iter()
        .filter(|r| r[0] == Data::String("failed".into()))
        .map(|r| text(&r[1]))
        .filter(|r| !r.is_empty())
        .collect();
    let want: Vec<String> = run.json["gate"]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_string())
        .collect();
    assert_eq!(reasons, want);
    assert!(
        summary
            .iter()
            .any(|r| text(&r[0]) == "error" && text(&r[1]).contains("never counted as a pass")),
        "the legend names each status"
    );

    // Evidence: the manifest's hashes.
    let evidence = sheet(&mut book, "Evidence");
    assert_eq!(text(&evidence[0][0]), "path");
    assert_eq!(text(&evidence[0][8]), "sha256");
    let hashes: BTreeMap<String, String> = evidence[1..].iter().map(|r| (text(&r[0]), text(&r[8]))).collect();
    let want: BTreeMap<String, String> = run.json["manifest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["path"].as_str().unwrap().into(), e["sha256"].as_str().unwrap().into()))
        .collect();
    assert_eq!(hashes, want);

    // Metrics: one row per group of every table; shares as numbers.
    let metrics = sheet(&mut book, "Metrics");
    let groups: usize = run.json["packs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["rules"].as_array().unwrap())
        .flat_map(|r| r["metrics"].as_array().into_iter().flatten())
        .map(|t| t["groups"].as_array().unwrap().len() + usize::from(!t["pooled"].is_null()))
        .sum();
    assert_eq!(metrics.len() - 1, groups);
    assert!(
        metrics[1..].iter().all(|r| matches!(r[8], Data::Float(_))),
        "n is a number"
    );

    // Waivers and attestations: as many rows as the results.
    for (name, key) in [("Waivers", "waivers"), ("Attestations", "attestations")] {
        let rows = sheet(&mut book, name);
        assert_eq!(rows.len() - 1, run.json[key].as_array().unwrap().len(), "{name}");
    }
}

#[test]
fn working_papers_are_byte_identical_across_runs_and_dated_from_the_results() {
    let a = run(None);
    let b = run(None);
    for (x, y) in [(&a.csv, &b.csv), (&a.xlsx, &b.xlsx)] {
        assert!(
            std::fs::read(x).unwrap() == std::fs::read(y).unwrap(),
            "{}",
            x.display()
        );
    }
    assert_eq!(
        created(&a.xlsx),
        "2026-11-01T00:00:00Z",
        "the as-of date, not the clock"
    );

    // With --timestamp, the generation time (SOURCE_DATE_EPOCH) dates it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx");
    let out = evident()
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .args(["check", EXAMPLE, "--timestamp", "-q", "--report"])
        .arg(format!("xlsx={}", path.display()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(created(&path), "2026-09-21T14:13:20Z");
}

/// The workbook's creation time, from `docProps/core.xml`.
fn created(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut core = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut core).unwrap();
    let start = core.find("<dcterms:created").unwrap();
    let from = start + core[start..].find('>').unwrap() + 1;
    let to = from + core[from..].find('<').unwrap();
    core[from..to].to_string()
}

#[test]
fn an_xlsx_report_goes_to_a_pipe_but_never_to_a_terminal() {
    let out = evident()
        .args(["check", EXAMPLE, "--report", "xlsx=-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.starts_with(b"PK\x03\x04"), "the workbook, as it is");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.xlsx");
    std::fs::write(&path, &out.stdout).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), SHEETS);
    // Alone in a run, the workbook still has every file's hash, records too.
    let evidence = sheet(&mut book, "Evidence");
    assert!(evidence[1..].iter().any(|r| text(&r[1]) == "records"));
    for row in &evidence[1..] {
        let hash = text(&row[8]);
        assert!(
            hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
            "{}: `{hash}`",
            text(&row[0])
        );
    }

    // `script` gives the command a terminal for its standard output.
    let bin = assert_cmd::cargo::cargo_bin("evident");
    let line = format!("{} check {EXAMPLE} --report xlsx=- ; echo \"exit=$?\"", bin.display());
    let out = Process::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env("NO_COLOR", "1")
        .output()
        .expect("`script` (util-linux) runs");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("exit=2"), "{shown}");
    assert!(shown.contains("standard output is a terminal"), "{shown}");
    assert!(!shown.contains("PK\u{3}\u{4}"), "no workbook bytes on the terminal");
}

/// Python's openpyxl, the reader many working-paper tools use, sees the
/// sheets, frozen headers, filters over each table and coloured statuses.
/// CI installs it; elsewhere the test skips when it is missing.
#[test]
fn openpyxl_reads_the_sheets_panes_filters_and_status_colours() {
    let have = Process::new("python3")
        .args(["-c", "import openpyxl"])
        .status()
        .is_ok_and(|s| s.success());
    if !have {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but python3 cannot import openpyxl"
        );
        eprintln!("openpyxl is not installed; skipping");
        return;
    }
    let run = run(None);
    let script = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": wb.sheetnames, "created": wb.properties.created.isoformat()}
for ws in wb.worksheets:
    status = {}
    for row in ws.iter_rows(min_row=2):
        for c in row:
            if c.value in ("pass", "fail", "error", "waived", "not_applicable", "pending") and c.fill.fgColor.rgb not in (None, "00000000"):
                status[c.value] = c.fill.fgColor.rgb
    out[ws.title] = {"freeze": ws.freeze_panes, "filter": ws.auto_filter.ref, "columns": ws.max_column,
                     "status": status, "width": ws.column_dimensions["A"].width}
print(json.dumps(out))
"#;
    let out = Process::new("python3")
        .args(["-c", script])
        .arg(&run.xlsx)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let seen: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(seen["sheets"], serde_json::json!(SHEETS));
    assert_eq!(seen["created"], "2026-11-01T00:00:00");
    let columns = |n: u64| (b'A' + (n - 1) as u8) as char;
    for name in SHEETS {
        let s = &seen[name];
        assert_eq!(s["freeze"], "A2", "{name}: the header row is frozen");
        let filter = s["filter"].as_str().unwrap_or_else(|| panic!("{name}: an autofilter"));
        let last = columns(s["columns"].as_u64().unwrap());
        assert!(
            filter.starts_with("A1:") && filter[3..].starts_with(last),
            "{name}: the filter {filter} spans the header's {last} columns"
        );
        assert!(s["width"].as_f64().unwrap() > 8.0, "{name}: column widths are set");
    }
    let colours = &seen["Rules"]["status"];
    for status in ["pass", "fail", "not_applicable", "pending", "waived"] {
        assert!(
            colours[status].is_string(),
            "Rules: {status} cells are coloured: {colours}"
        );
    }
    assert_ne!(colours["pass"], colours["fail"], "pass and fail look different");
    let legend: BTreeSet<&str> = seen["Summary"]["status"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(legend.len(), 6, "the legend shows every status: {legend:?}");
}
