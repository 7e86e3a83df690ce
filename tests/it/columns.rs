//! The profile's `columns:` for exports as ACD platforms, CRMs and Excel
//! write them: dates in a declared format, a date and a time in two
//! columns, Excel serial numbers, and columns computed from others. Each
//! form reads right, and each fails loudly (a bad row, or exit 2 at the
//! profile's line) when the evidence or the profile is wrong.

use std::path::PathBuf;

use assert_cmd::Command;
use evident::results::MetricTable;
use evident::results::{Results, Status};

use crate::util::{Fixture, rule, status};

/// A pack with one metric over `calls`, summing `value` per month of `ts`.
fn pack(value: &str, ts: &str) -> String {
    format!(
        r#"
pack: {{id: t, title: T, version: 1.0.0, source: tests, scoring: weighted, scope: organisation}}
kinds:
  calls:
    records:
      columns: {{call_ts: datetime, offered: int, answered: int}}
      optional: {{day: date, wait: duration, abandoned: int, site: string, late: bool}}
sections: [{{id: s, title: S}}]
rules:
  - {{id: t.m, section: s, title: M, severity: major, checks: [{{metric: {{records: calls, measure: sum, value: {value}, by: ["month({ts})"], expect: ">= 0"}}}}]}}
"#
    )
}

/// (month, rows, value) per group of the metric.
type Groups = Vec<(String, u64, Option<f64>)>;

fn month(m: &str, n: u64, v: f64) -> (String, u64, Option<f64>) {
    (m.to_string(), n, Some(v))
}

/// The test pack over one export, audited with a profile's `columns:`.
struct Case {
    f: Fixture,
    pack: PathBuf,
}

impl Case {
    fn new(value: &str) -> Case {
        let f = Fixture::new();
        let pack = f.pack_text(&pack(value, "call_ts"));
        Case { f, pack }
    }

    /// Writes the export (`records/calls/export.*`).
    fn export(&self, name: &str, contents: impl AsRef<[u8]>) -> &Self {
        self.f.file(&format!("records/calls/{name}"), contents);
        self
    }

    /// Writes the profile with these `columns:` lines for `calls`.
    fn columns(&self, lines: &[&str]) -> &Self {
        let body: String = lines.iter().map(|l| format!("    {l}\n")).collect();
        self.f
            .file("evident.yaml", format!("organisation: T\ncolumns:\n  calls:\n{body}"));
        self
    }

    /// The metric passes; its groups.
    fn passes(&self) -> Groups {
        let r = self.f.audit(&self.pack);
        assert_eq!(status(&r, "t.m"), Status::Pass, "{}", findings(&r));
        let t: &MetricTable = &rule(&r, "t.m").metrics[0];
        t.groups.iter().map(|g| (g.key.join("|"), g.n, g.value)).collect()
    }

    /// The metric is `error`, never a pass, with findings saying `says`.
    fn fails(&self, says: &[&str]) {
        let r = self.f.audit(&self.pack);
        assert_eq!(status(&r, "t.m"), Status::Error, "{}", findings(&r));
        for s in says {
            assert!(findings(&r).contains(s), "{s}:\n{}", findings(&r));
        }
    }
}

fn findings(r: &Results) -> String {
    rule(r, "t.m")
        .findings
        .iter()
        .map(|f| format!("{:?}:{:?}: {}", f.file, f.line, f.message))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn dates_in_a_declared_format_read_like_iso_dates() {
    let c = Case::new("offered");
    c.export(
        "iso.csv",
        "call_ts,offered,answered\n2026-01-31 23:30,10,9\n2026-02-01 00:15,7,7\n2026-02-20 14:05,5,4\n",
    );
    let iso = c.passes();
    assert_eq!(iso, [month("2026-01", 1, 10.0), month("2026-02", 2, 12.0)]);
    std::fs::remove_file(c.f.root().join("records/calls/iso.csv")).unwrap();
    c.export(
        "export.csv",
        "Reported,offered,answered\n31.01.2026 23:30,10,9\n01.02.2026 00:15,7,7\n20.02.2026 14:05,5,4\n",
    );
    // Without the format the day-first dates are bad rows: an error, never a pass.
    c.columns(&["call_ts: Reported"]).fails(&[
        "3 row(s) of `calls` records could not be read",
        "Some(\"records/calls/export.csv\"):Some(2): row at line 2: column `call_ts` `31.01.2026 23:30` is not a valid datetime",
    ]);
    c.columns(&["call_ts: {from: Reported, format: \"%d.%m.%Y %H:%M\"}"]);
    assert_eq!(c.passes(), iso);
    // A cell that does not match the format is a bad cell, named with the format.
    c.export(
        "export.csv",
        "Reported,offered,answered\n31.01.2026 23:30,10,9\n2026/02/01 00:15,7,7\n",
    )
    .fails(&[
        "row at line 3: column `call_ts` `2026/02/01 00:15` is not a valid datetime in the format `%d.%m.%Y %H:%M`",
    ]);
}

#[test]
fn a_date_and_a_time_column_combine_into_one_datetime() {
    let c = Case::new("offered");
    c.export(
        "export.csv",
        "Date,Time,offered,answered\n31.01.2026,23:30,10,9\n01.02.2026,00:15,7,7\n",
    )
    .columns(&["call_ts: {from: [Date, Time], format: \"%d.%m.%Y %H:%M\"}"]);
    assert_eq!(c.passes(), [month("2026-01", 1, 10.0), month("2026-02", 1, 7.0)]);
    // A missing time is a bad row, not midnight.
    c.export(
        "export.csv",
        "Date,Time,offered,answered\n31.01.2026,23:30,10,9\n01.02.2026,,7,7\n",
    )
    .fails(&["row at line 3: column `call_ts` `01.02.2026 ` is not a valid datetime"]);
    // A file without one of the headers names it.
    c.export("export.csv", "Date,offered,answered\n31.01.2026,10,9\n")
        .fails(&["missing column(s) `Time` (for `call_ts`)"]);
}

/// A spreadsheet with a date cell and a time-of-day cell (and a time typed
/// as text) joins them into one datetime, with or without a declared
/// format, and as Excel serials that add up with `format: excel`.
#[test]
fn a_date_cell_and_a_time_cell_combine_in_a_spreadsheet() {
    let c = Case::new("offered");
    c.export(
        "split.xlsx",
        std::fs::read("tests/fixtures/office/calls-split.xlsx").unwrap(),
    );
    for how in ["", ", format: \"%d.%m.%Y %H:%M\""] {
        c.columns(&[&format!("call_ts: {{from: [Date, Time]{how}}}")]);
        assert_eq!(
            c.passes(),
            [month("2026-01", 1, 10.0), month("2026-02", 2, 12.0)],
            "{how}"
        );
    }
    // As serials the text time cannot add up: a bad row, named with its sheet.
    c.columns(&["call_ts: {from: [Date, Time], format: excel}"]).fails(&[
        "1 row(s) of `calls` records could not be read",
        "sheet `Calls`, row 4: column `call_ts` `46073 14:05` is not a valid datetime as an Excel serial",
    ]);
}

#[test]
fn excel_serials_read_only_when_declared() {
    let c = Case::new("wait");
    c.export(
        "export.csv",
        "call_ts,offered,answered,wait\n46027.5,10,9,0.0625\n46053,7,7,0.5\n",
    );
    // Bare numbers in a duration or datetime column are bad cells, not
    // guessed serials.
    c.fails(&["row at line 2: column `wait` `0.0625` is not a valid duration"]);
    c.columns(&["wait: {format: excel}"])
        .fails(&["row at line 2: column `call_ts` `46027.5` is not a valid datetime"]);
    c.columns(&["call_ts: {format: excel}", "wait: {format: excel}"]);
    // 46027.5 is 2026-01-05 12:00, 46053 is 2026-01-31; 0.0625 of a day is 5400 s.
    assert_eq!(c.passes(), [month("2026-01", 2, 5400.0 + 43200.0)]);
    // Serials before 1900-03-01 fall on Excel's 1900 leap-year error: refused.
    c.export(
        "export.csv",
        "call_ts,offered,answered,wait\n46027.5,10,9,0.0625\n60,7,7,0.5\n",
    )
    .fails(&["row at line 3: column `call_ts` `60` is not a valid datetime as an Excel serial"]);
}

#[test]
fn a_derived_column_feeds_a_metric() {
    let c = Case::new("abandoned");
    c.export(
        "export.csv",
        "call_ts,offered,answered\n2026-01-05 10:00,10,9\n2026-01-06 10:00,7,4\n2026-02-01 10:00,5,5\n",
    )
    .columns(&["abandoned: {expr: \"offered - answered\"}"]);
    assert_eq!(c.passes(), [month("2026-01", 2, 4.0), month("2026-02", 1, 0.0)]);
    // A bad input cell is a bad row, named by the column that did not read.
    c.export(
        "export.csv",
        "call_ts,offered,answered\n2026-01-05 10:00,10,9\n2026-01-06 10:00,7,x\n",
    )
    .fails(&["row at line 3: column `answered` `x` is not a valid int"]);
    // A value an int column cannot hold is a bad row too.
    c.export(
        "export.csv",
        "call_ts,offered,answered\n2026-01-05 10:00,10,5\n2026-01-06 10:00,7,2\n",
    )
    .columns(&["abandoned: {expr: \"offered / answered\"}"])
    .fails(&["row at line 3: column `abandoned` `offered / answered` gives 3.5, not a whole number"]);
}

fn refused(profile: &str) -> String {
    let c = Case::new("offered");
    c.export("a.csv", "call_ts,offered,answered\n2026-01-05 10:00,10,9\n");
    c.f.file("evident.yaml", profile);
    let out = Command::cargo_bin("evident")
        .unwrap()
        .arg("check")
        .arg(c.f.root())
        .arg("--pack")
        .arg(&c.pack)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    stderr
}

#[test]
fn a_derived_column_naming_an_unknown_column_exits_2_at_its_line() {
    let d = refused("organisation: T\ncolumns:\n  calls:\n    abandoned: {expr: \"offerd - answered\"}\n");
    assert!(
        d.contains("`offerd` is not a column of this record kind; did you mean `offered`?"),
        "{d}"
    );
    assert!(d.contains("evident.yaml:4:24"), "{d}");
}

#[test]
fn a_format_without_the_year_exits_2_at_its_line() {
    let d = refused("organisation: T\ncolumns:\n  calls:\n    call_ts: {format: \"%d.%m %H:%M\"}\n");
    assert!(d.contains("`%d.%m %H:%M` is not a datetime format"), "{d}");
    assert!(d.contains("evident.yaml:4:23"), "{d}");
}

#[test]
fn column_forms_that_cannot_hold_are_refused() {
    for (profile, says) in [
        // A format only means something for dates, datetimes and durations.
        (
            "offered: {format: excel}",
            "`format` reads dates, datetimes and durations; `offered` is int",
        ),
        // A strftime format for a duration: durations have their own forms.
        (
            "wait: {format: \"%H:%M\"}",
            "a duration column takes `format: excel` (day fractions) only",
        ),
        // Several headers join a date and a time, nothing else.
        (
            "site: {from: [A, B]}",
            "`from` names several headers only for a date or datetime column",
        ),
        // The type of a derived value must be the column's.
        (
            "late: {expr: \"offered - answered\"}",
            "`offered - answered` gives a number; `late` is bool",
        ),
        (
            "wait: {expr: \"call_ts - day\"}",
            "cannot subtract a date from a datetime",
        ),
        (
            "abandoned: {expr: \"offered | abs\"}",
            "a derived column is arithmetic, comparisons and logic",
        ),
        ("abandoned: {expr: \"offered -\"}", "in `offered -`"),
        (
            "abandoned: {expr: \"offered\", value: 3}",
            "one of `from`, `value` or `expr`",
        ),
        // Day-first and month-first together would guess.
        (
            "day: {format: [\"%d/%m/%Y\", \"%m/%d/%Y\"]}",
            "`%d/%m/%Y` and `%m/%d/%Y` read 03/04/2026 as different dates",
        ),
        (
            "day: {format: \"%Y-%d-%m\"}",
            "`%Y-%d-%m` and `%Y-%m-%d` read 2026-03-04 as different dates",
        ),
    ] {
        let d = refused(&format!("organisation: T\ncolumns:\n  calls:\n    {profile}\n"));
        assert!(d.contains(says), "{profile}: {d}");
        assert!(d.contains("evident.yaml:4:"), "{profile}: {d}");
    }
}
