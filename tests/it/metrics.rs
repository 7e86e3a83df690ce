//! The metric check: measures, buckets, windows, the audit period, the site
//! split, record formats, types and bad rows; property tests against naive
//! recomputation; query (a) of the peer benchmark against an independent
//! computation.

use evident::results::MetricTable;
use evident::results::{Results, Status};
use proptest::prelude::*;
use sha2::Digest as _;

use crate::util::{Fixture, rule, status};

fn pack(scope: &str, checks: &str) -> String {
    format!(
        r#"
pack: {{id: t, title: T, version: 1.0.0, source: tests, scoring: weighted, scope: {scope}}}
params: {{target: 0.5, months: 3}}
kinds:
  obs:
    records:
      columns: {{site: string, day: date, ts: datetime, score: int, ok: bool}}
      optional: {{wait: duration, team: string, closed: date}}
sections: [{{id: s, title: S}}]
rules:
  - id: t.m
    section: s
    title: M
    severity: major
    checks:
      - metric:
{checks}
"#
    )
}

fn table<'a>(r: &'a Results, id: &str) -> &'a MetricTable {
    &rule(r, id).metrics[0]
}

/// Whether rule `t.m` has a finding with exactly this message.
fn says(r: &Results, message: &str) -> bool {
    rule(r, "t.m").findings.iter().any(|x| x.message == message)
}

const HEADER: &str = "site,day,ts,score,ok,wait,team\n";

/// Rows: (site, day, score, ok, wait).
fn csv(rows: &[(&str, &str, i64, &str, &str)]) -> String {
    let mut s = HEADER.to_string();
    for (site, day, score, ok, wait) in rows {
        s.push_str(&format!("{site},{day},{day}T12:00:00,{score},{ok},{wait},a\n"));
    }
    s
}

fn values(t: &MetricTable) -> Vec<(String, u64, Option<f64>, bool)> {
    t.groups
        .iter()
        .map(|g| (g.key.join("|"), g.n, g.value.map(|v| (v * 1e6).round() / 1e6), g.pass))
        .collect()
}

#[test]
fn every_measure() {
    let rows = [
        ("n", "2026-01-05", 1, "Y", "10"),
        ("n", "2026-01-06", 2, "N", "20"),
        ("n", "2026-01-07", 3, "yes", "00:00:30"),
        ("n", "2026-01-08", 4, "true", "40s"),
        ("n", "2026-01-09", 5, "0", "50"),
    ];
    let cases = [
        ("measure: count\n          where: ok", 3.0),
        ("measure: share\n          where: ok", 0.6),
        ("measure: sum\n          value: score", 15.0),
        ("measure: mean\n          value: score\n          where: ok", 8.0 / 3.0),
        ("measure: min\n          value: wait", 10.0),
        ("measure: max\n          value: wait", 50.0),
        ("measure: p50\n          value: score", 3.0),
        ("measure: p80\n          value: score", 4.0),
        ("measure: p99\n          value: score", 5.0),
        (
            "measure: ratio\n          value: wait\n          per: score",
            150.0 / 15.0,
        ),
    ];
    for (spec, want) in cases {
        let f = Fixture::new();
        f.file("records/obs/a.csv", csv(&rows));
        let p = f.pack_text(&pack(
            "organisation",
            &format!("          records: obs\n          {spec}\n          expect: \">= 0\""),
        ));
        let r = f.audit(&p);
        let t = table(&r, "t.m");
        assert_eq!(t.groups.len(), 1, "{spec}");
        assert!(
            (t.groups[0].value.unwrap() - want).abs() < 1e-9,
            "{spec}: {:?}",
            t.groups[0]
        );
    }
}

#[test]
fn time_buckets_label_and_group() {
    let rows = [
        ("n", "2025-12-31", 1, "Y", ""),
        ("n", "2026-01-01", 1, "Y", ""),
        ("n", "2026-01-04", 1, "Y", ""),
        ("n", "2026-01-05", 1, "Y", ""),
        ("n", "2026-04-01", 1, "Y", ""),
    ];
    let want = [
        (
            "day",
            vec!["2025-12-31", "2026-01-01", "2026-01-04", "2026-01-05", "2026-04-01"],
        ),
        (
            "week",
            vec!["week of 2025-12-29", "week of 2026-01-05", "week of 2026-03-30"],
        ),
        ("month", vec!["2025-12", "2026-01", "2026-04"]),
        ("quarter", vec!["2025-Q4", "2026-Q1", "2026-Q2"]),
        // 2026 is still running on the as-of date (2026-11-01): not judged.
        ("year", vec!["2025"]),
    ];
    for (bucket, keys) in want {
        let f = Fixture::new();
        f.file("records/obs/a.csv", csv(&rows));
        let col = if bucket == "day" { "day" } else { "ts" };
        let p = f.pack_text(&pack(
            "organisation",
            &format!("          records: obs\n          measure: count\n          by: [\"{bucket}({col})\"]\n          expect: \">= 1\"\n          missing: skip\n          missing_reason: only the labels of buckets with rows are tested here"),
        ));
        let r = f.audit(&p);
        let got: Vec<String> = table(&r, "t.m").groups.iter().map(|g| g.key[0].clone()).collect();
        assert_eq!(got, keys, "{bucket}");
    }
}

fn monthly(shares: &[(&str, usize, usize)]) -> String {
    // (month, passing rows, failing rows)
    let mut rows = Vec::new();
    for (month, good, bad) in shares {
        for i in 0..*good {
            rows.push(("n".to_string(), format!("{month}-{:02}", 1 + i % 28), "Y"));
        }
        for i in 0..*bad {
            rows.push(("n".to_string(), format!("{month}-{:02}", 1 + i % 28), "N"));
        }
    }
    let mut s = HEADER.to_string();
    for (site, day, ok) in rows {
        s.push_str(&format!("{site},{day},{day}T08:00:00,3,{ok},,a\n"));
    }
    s
}

#[test]
fn windows_every_group_consecutive_and_pooled() {
    // Jan 60%, Feb 60%, Mar 40%, Apr (none), May 60%, Jun 60%, Jul 60%.
    let data = monthly(&[
        ("2026-01", 6, 4),
        ("2026-02", 6, 4),
        ("2026-03", 4, 6),
        ("2026-05", 6, 4),
        ("2026-06", 6, 4),
        ("2026-07", 6, 4),
    ]);
    let base = "          records: obs\n          where: ok\n          measure: share\n          by: [month(ts)]\n          expect: \"> params.target\"\n";
    let f = Fixture::new();
    f.file("records/obs/a.csv", &data);
    let every = f.audit(&f.pack_text(&pack("organisation", base)));
    assert_eq!(status(&every, "t.m"), Status::Fail);
    assert!(says(&every, "2026-03: 40.0% over 10 records, needs > 50.0%"));

    let run = f.audit(&f.pack_text(&pack(
        "organisation",
        &format!("{base}          window: {{consecutive: params.months}}\n"),
    )));
    assert_eq!(status(&run, "t.m"), Status::Pass, "May-July is a run of 3");
    assert_eq!(table(&run, "t.m").longest_run, Some(3));
    let run4 = f.audit(&f.pack_text(&pack(
        "organisation",
        &format!("{base}          window: {{consecutive: 4}}\n"),
    )));
    assert_eq!(
        status(&run4, "t.m"),
        Status::Fail,
        "April has no records, so it breaks the run"
    );

    let pooled = f.audit(&f.pack_text(&pack(
        "organisation",
        &format!("{base}          window: {{pooled: true, consecutive: 3}}\n"),
    )));
    let t = table(&pooled, "t.m");
    assert_eq!((t.pooled.as_ref().unwrap().n, t.longest_run), (60, Some(3)));
    assert!((t.pooled.as_ref().unwrap().value.unwrap() - 34.0 / 60.0).abs() < 1e-12);
    assert_eq!(status(&pooled, "t.m"), Status::Pass);
    let pooled6 = f.audit(&f.pack_text(&pack(
        "organisation",
        &format!("{base}          window: {{pooled: true, consecutive: 6}}\n"),
    )));
    assert_eq!(
        status(&pooled6, "t.m"),
        Status::Fail,
        "six months are not covered without a gap"
    );
}

#[test]
fn min_sample_and_the_audit_period() {
    let f = Fixture::new();
    f.file(
        "records/obs/a.csv",
        monthly(&[("2025-12", 1, 0), ("2026-01", 6, 4), ("2026-02", 1, 0)]),
    );
    let spec = "          records: obs\n          where: ok\n          measure: share\n          by: [month(ts)]\n          expect: \"> params.target\"\n          min_sample: 5\n";
    let p = f.pack_text(&pack("organisation", spec));
    let r = f.audit(&p);
    assert_eq!(
        values(table(&r, "t.m")).iter().filter(|v| !v.3).count(),
        2,
        "two months under the minimum sample"
    );
    f.file("evident.yaml", "period: {from: 2026-01-01, to: 2026-01-31}\n");
    let r = f.audit(&p);
    assert_eq!(values(table(&r, "t.m")), vec![("2026-01".into(), 10, Some(0.6), true)]);
    assert_eq!(status(&r, "t.m"), Status::Pass);
    // December's and February's rows are not dropped silently.
    assert_eq!(table(&r, "t.m").not_counted.get("outside the period"), Some(&2));
    assert!(says(&r, "2 record(s) did not count (outside the period: 2)"));
}

#[test]
fn counted_conditions_are_reported_by_name() {
    let f = Fixture::new();
    f.file(
        "records/obs/a.csv",
        csv(&[
            ("n", "2026-01-05", 1, "Y", ""),
            ("n", "2026-01-05", 5, "Y", ""),
            ("n", "2026-01-05", 5, "N", ""),
        ]),
    );
    let p = f.pack_text(&pack(
        "organisation",
        "          records: obs\n          counted: {high: \"score >= 3\", answered: ok}\n          measure: count\n          expect: \">= 1\"",
    ));
    let r = f.audit(&p);
    let t = table(&r, "t.m");
    assert_eq!(t.not_counted.get("high"), Some(&1));
    assert_eq!(t.not_counted.get("answered"), Some(&1));
    assert!(says(&r, "2 record(s) did not count (answered: 1, high: 1)"));
}

#[test]
fn site_scoped_packs_split_by_site_and_pool_for_the_organisation() {
    let f = Fixture::new();
    f.file(
        "records/obs/a.csv",
        csv(&[
            ("north", "2026-01-05", 1, "Y", ""),
            ("north", "2026-01-06", 1, "Y", ""),
            ("south", "2026-01-05", 1, "N", ""),
        ]),
    );
    let p = f.pack_text(&pack(
        "site",
        "          records: obs\n          where: ok\n          measure: share\n          expect: \"> params.target\"",
    ));
    let r = f.audit(&p);
    assert_eq!(r.sites, vec!["north", "south"], "sites come from the records");
    let pack = &r.packs[0];
    assert_eq!(pack.sites[0].rules[0].status, Status::Pass);
    assert_eq!(pack.sites[1].rules[0].status, Status::Fail);
    assert_eq!(pack.rules[0].status, Status::Fail);
    assert_eq!(pack.rules[0].metrics.len(), 2, "each site's table");
    assert_eq!(pack.sites[0].rules[0].metrics[0].groups[0].n, 2);
}

#[test]
fn json_json_lines_and_yaml_records() {
    for (name, text) in [
        (
            "a.json",
            r#"[{"site": "n", "day": "2026-01-05", "ts": "2026-01-05T10:00:00+01:00", "score": 4, "ok": true}]"#,
        ),
        (
            "a.jsonl",
            "{\"site\": \"n\", \"day\": \"2026-01-05\", \"ts\": \"2026-01-05 10:00\", \"score\": \"4\", \"ok\": \"Y\"}\n",
        ),
        (
            "a.yaml",
            "- {site: n, day: 2026-01-05, ts: 2026-01-05T10:00:00Z, score: 4, ok: yes}\n",
        ),
    ] {
        let f = Fixture::new();
        f.file(&format!("records/obs/{name}"), text);
        let p = f.pack_text(&pack(
            "organisation",
            "          records: obs\n          measure: mean\n          value: score\n          expect: \"== 4\"",
        ));
        let r = f.audit(&p);
        assert_eq!(
            status(&r, "t.m"),
            Status::Pass,
            "{name}: {:?}",
            rule(&r, "t.m").findings
        );
        let entry = r.manifest.iter().find(|m| m.role == "records").unwrap();
        let want = sha2::Sha256::digest(text.as_bytes());
        assert_eq!(
            entry.sha256,
            evident::evidence::hex(&want),
            "{name}: the manifest hashes the file as read"
        );
        assert_eq!(entry.size, text.len() as u64);
    }
}

#[test]
fn bad_rows_are_errors_with_their_place_unless_skipped() {
    let f = Fixture::new();
    f.file("records/obs/a.csv", format!("{HEADER}n,2026-01-05,2026-01-05T10:00:00,4,Y,,a\nn,2026-01-05,2026-01-05T10:00:00,four,Y,,a\nn,2026-02-30,2026-01-05T10:00:00,4,Y,,a\n"));
    // Only the columns a metric reads are parsed: `score` and `day` here.
    let spec = "          records: obs\n          measure: sum\n          value: score\n          expect: \">= 1\"";
    let r = f.audit(&f.pack_text(&pack("organisation", spec)));
    assert_eq!(status(&r, "t.m"), Status::Error);
    let msgs: Vec<String> = rule(&r, "t.m")
        .findings
        .iter()
        .map(|x| {
            format!(
                "{}:{}: {}",
                x.file.as_deref().unwrap_or(""),
                x.line.unwrap_or(0),
                x.message
            )
        })
        .collect();
    assert!(
        msgs[0].contains("2 row(s) of `obs` records could not be read"),
        "{msgs:?}"
    );
    assert!(
        msgs.contains(&"records/obs/a.csv:3: row at line 3: column `score` `four` is not a valid int".to_string()),
        "{msgs:?}"
    );
    assert!(
        msgs.contains(&"records/obs/a.csv:4: row at line 4: column `day` `2026-02-30` is not a valid date".to_string()),
        "{msgs:?}"
    );

    let r = f.audit(&f.pack_text(&pack("organisation", &format!("{spec}\n          on_bad_row: skip"))));
    assert_eq!(status(&r, "t.m"), Status::Pass);
    assert_eq!(table(&r, "t.m").skipped_rows, 2);
    assert!(says(&r, "2 unreadable row(s) skipped (on_bad_row: skip)"));
}

#[test]
fn missing_columns_and_missing_records() {
    let f = Fixture::new();
    let p = f.pack_text(&pack(
        "organisation",
        "          records: obs\n          measure: count\n          expect: \">= 1\"",
    ));
    let r = f.audit(&p);
    assert_eq!(status(&r, "t.m"), Status::Fail);
    assert!(
        rule(&r, "t.m").findings[0]
            .message
            .starts_with("no `obs` records found (looked for files at records/obs/**;")
    );
    // Where the profile says they are kept is where they were looked for.
    f.file(
        "evident.yaml",
        "organisation: T\nrecords: {obs: [\"exports/obs-*.csv\"]}\n",
    );
    let r = f.audit(&p);
    let msg = &rule(&r, "t.m").findings[0].message;
    assert!(msg.contains("looked for files at exports/obs-*.csv;"), "{msg}");
    std::fs::remove_file(f.root().join("evident.yaml")).unwrap();
    let p = f.pack_text(&pack("organisation", "          records: obs\n          where: ok\n          measure: count\n          by: [month(ts)]\n          expect: \">= 1\""));
    f.file("records/obs/a.csv", "site,day,score\nn,2026-01-05,4\n");
    let r = f.audit(&p);
    assert_eq!(status(&r, "t.m"), Status::Error);
    let msg = &rule(&r, "t.m").findings[0].message;
    assert!(
        msg.contains("missing column(s) `ok`, `ts`; the header has: site, day, score"),
        "{msg}"
    );
}

/// An optional column the metric reads that a file does not have is an
/// error naming the column and the file — never empty cells read as data
/// (a service level with no short abandons column is not a service level).
/// A metric that does not read it is not affected, and empty cells in a
/// column that is there are allowed.
#[test]
fn an_optional_column_a_metric_reads_must_be_in_the_file() {
    let f = Fixture::new();
    let reads_wait = "          records: obs\n          where: \"wait <= minutes(5)\"\n          measure: share\n          expect: \">= 0.5\"";
    let p = f.pack_text(&pack("organisation", reads_wait));
    f.file(
        "records/obs/a.csv",
        "site,day,ts,score,ok\nn,2026-01-05,2026-01-05T10:00:00,4,true\n",
    );
    let r = f.audit(&p);
    assert_eq!(status(&r, "t.m"), Status::Error);
    let msg: Vec<String> = rule(&r, "t.m")
        .findings
        .iter()
        .map(|x| format!("{:?} {}", x.file, x.message))
        .collect();
    assert!(
        msg.iter()
            .any(|m| m.contains("records/obs/a.csv") && m.contains("has no column `wait`")),
        "{msg:?}"
    );
    let p = f.pack_text(&pack(
        "organisation",
        "          records: obs\n          measure: count\n          expect: \">= 1\"",
    ));
    assert_eq!(
        status(&f.audit(&p), "t.m"),
        Status::Pass,
        "a metric that reads no `wait`"
    );
    f.file("records/obs/a.csv", "site,day,ts,score,ok,wait\nn,2026-01-05,2026-01-05T10:00:00,4,true,PT1M\nn,2026-01-06,2026-01-06T10:00:00,4,true,\n");
    let p = f.pack_text(&pack("organisation", reads_wait));
    let r = f.audit(&p);
    assert_ne!(status(&r, "t.m"), Status::Error, "{:?}", rule(&r, "t.m").findings);
}

#[test]
fn unknown_columns_in_expressions_are_located_diagnostics() {
    let f = Fixture::new();
    let p = f.pack_text(&pack("organisation", "          records: obs\n          where: \"scroe >= params.trget\"\n          measure: count\n          by: [month(site)]\n          expect: \">= 1\""));
    let text = f.diagnostics(&p);
    assert!(
        text.contains("in `scroe >= params.trget`: `scroe` is not a column of this record kind; did you mean `score`?"),
        "{text}"
    );
    assert!(text.contains("parameter `trget` is not declared"), "{text}");
    assert!(text.contains("`site` is not a date or datetime column"), "{text}");
    assert!(text.contains("pack.yaml:18:19"), "{text}");
}

/// A naive recomputation of one metric over generated rows.
fn naive(scores: &[(u8, bool)], measure: &str) -> Option<f64> {
    let vals: Vec<f64> = scores
        .iter()
        .filter(|(_, ok)| *ok)
        .map(|(s, _)| f64::from(*s))
        .collect();
    match measure {
        "share" => (!scores.is_empty()).then(|| vals.len() as f64 / scores.len() as f64),
        "mean" => (!vals.is_empty()).then(|| vals.iter().sum::<f64>() / vals.len() as f64),
        p => {
            let p: f64 = p[1..].parse().unwrap();
            let mut v = vals.clone();
            v.sort_by(f64::total_cmp);
            let rank = ((p / 100.0) * v.len() as f64).ceil().max(1.0) as usize;
            v.get(rank - 1).copied()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn share_mean_and_percentiles_equal_a_naive_recomputation(
        rows in proptest::collection::vec((1u8..=10, any::<bool>()), 1..300),
        measure in prop_oneof![Just("share"), Just("mean"), Just("p50"), Just("p90"), Just("p25")],
    ) {
        let f = Fixture::new();
        let mut text = HEADER.to_string();
        for (score, ok) in &rows {
            text.push_str(&format!("n,2026-01-05,2026-01-05T10:00:00,{score},{},,a\n", if *ok { "Y" } else { "N" }));
        }
        f.file("records/obs/a.csv", text);
        let value = if measure == "share" { "" } else { "\n          value: score" };
        let p = f.pack_text(&pack("organisation", &format!("          records: obs\n          where: ok\n          measure: {measure}{value}\n          expect: \">= 0\"")));
        let r = f.audit(&p);
        let got = table(&r, "t.m").groups.first().and_then(|g| g.value);
        let want = naive(&rows, measure);
        match (got, want) {
            (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-9, "{measure}: {a} vs {b}"),
            (a, b) => prop_assert_eq!(a, b),
        }
    }
}

/// Query (a) of the peer benchmark on a generated survey file, every group
/// checked against a computation written here from the raw text.
#[test]
fn query_a_matches_an_independent_computation() {
    let f = Fixture::new();
    let mut text =
        String::from("site,call_id,call_ts,survey_ts,overall_sat,resolved,csr_sat,questions,agent_id,call_type\n");
    let mut seed: u64 = 42;
    let mut next = |n: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let mut expected: std::collections::BTreeMap<(String, String), (u64, u64, u64)> = Default::default();
    for i in 0..20_000 {
        let site = format!("SITE-{:02}", 1 + next(4));
        let (month, day) = (1 + next(12), 1 + next(25));
        let call_secs = next(86_400);
        let lag_secs = next(60 * 60 * 60);
        let at = |secs: u64| {
            format!(
                "2024-{month:02}-{:02}T{:02}:{:02}:{:02}",
                day + secs / 86_400,
                (secs / 3600) % 24,
                (secs / 60) % 60,
                secs % 60
            )
        };
        let (call, survey) = (at(call_secs), at(call_secs + lag_secs));
        let (o, res, c) = (1 + next(5), if next(3) > 0 { "Y" } else { "N" }, 1 + next(5));
        text.push_str(&format!(
            "{site},C{i},{call},{survey},{o},{res},{c},{},A1,sales\n",
            8 + next(5)
        ));
        // The same row judged here: the survey within 10 minutes to 48 hours.
        let lag_ok = (600..=48 * 3600).contains(&lag_secs);
        let e = expected.entry((site, format!("2024-{month:02}"))).or_default();
        e.0 += 1;
        e.1 += u64::from(o == 5 && res == "Y" && c == 5);
        e.2 += u64::from(lag_ok);
    }
    f.file("records/customer-survey/s.csv", text);
    let bench = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/packs/bench-surveys");
    let mut opts = evident::AuditOptions::new(f.root());
    opts.packs.paths.push(bench);
    let r = evident::audit(&opts).unwrap().results.unwrap();
    let mut seen = 0;
    for (id, which) in [("bench-surveys.world-class", 1), ("bench-surveys.lag", 2)] {
        for site in &r.packs[0].sites {
            let t = &site.rules.iter().find(|x| x.id == id).unwrap().metrics[0];
            for g in &t.groups {
                let e = expected[&(site.site.clone(), g.key[0].clone())];
                let want = [e.0, e.1, e.2][which] as f64 / e.0 as f64;
                assert_eq!(g.n, e.0, "{id} {} {}", site.site, g.key[0]);
                assert!(
                    (g.value.unwrap() - want).abs() < 1e-12,
                    "{id} {} {}: {:?} vs {want}",
                    site.site,
                    g.key[0],
                    g.value
                );
                seen += 1;
            }
        }
    }
    assert_eq!(seen, 2 * expected.len());
}

#[test]
fn expressions_compare_dates_with_the_as_of_date() {
    // The fixture audits as of 2026-11-01: three days are on or before it;
    // the two after it are outside every metric.
    let rows = [
        ("n", "2026-10-30", 1, "Y", "10"),
        ("n", "2026-10-31", 2, "Y", "10"),
        ("n", "2026-11-01", 3, "Y", "10"),
        ("n", "2026-11-02", 4, "Y", "10"),
        ("n", "2026-12-01", 5, "Y", "10"),
    ];
    for (spec, want) in [
        // Natively lowered, and through minijinja (a filter forces the fallback).
        ("where: \"day >= as_of\"", 1.0),
        ("where: \"day < as_of - 1\"", 1.0),
        ("where: \"(day | int) >= as_of - 1\"", 2.0),
    ] {
        let f = Fixture::new();
        f.file("records/obs/a.csv", csv(&rows));
        let p = f.pack_text(&pack(
            "organisation",
            &format!("          records: obs\n          measure: count\n          {spec}\n          expect: \">= 0\""),
        ));
        let r = f.audit(&p);
        assert_eq!(table(&r, "t.m").groups[0].value, Some(want), "{spec}");
    }
}

#[test]
fn a_bucket_of_the_period_without_records_fails_unless_skipped_with_a_reason() {
    let rows = [("n", "2026-01-10", 1, "Y", ""), ("n", "2026-03-10", 1, "Y", "")];
    let f = Fixture::new();
    f.file("records/obs/a.csv", csv(&rows)).file(
        "evident.yaml",
        "as_of: 2026-11-01\nperiod: {from: 2026-01-01, to: 2026-03-31}\n",
    );
    let spec =
        "          records: obs\n          measure: count\n          by: [\"month(day)\"]\n          expect: \">= 1\"";
    let p = f.pack_text(&pack("organisation", spec));
    let r = f.audit(&p);
    assert_eq!(status(&r, "t.m"), Status::Fail);
    let keys: Vec<String> = table(&r, "t.m").groups.iter().map(|g| g.key[0].clone()).collect();
    assert_eq!(keys, ["2026-01", "2026-02", "2026-03"]);
    assert!(says(&r, "2026-02: no records, needs >= 1"));
    let p = f.pack_text(&pack(
        "organisation",
        &format!("{spec}\n          missing: skip\n          missing_reason: February is the annual shutdown"),
    ));
    let r = f.audit(&p);
    assert_eq!(status(&r, "t.m"), Status::Pass);
    assert!(
        rule(&r, "t.m")
            .findings
            .iter()
            .any(|x| x.message.contains("February is the annual shutdown"))
    );
}

/// A member of the population with no rows in a month they were active in
/// is a failing group; before they started and after they left, nothing is
/// asked of them.
#[test]
fn population_members_without_rows_are_failing_groups() {
    let f = Fixture::new();
    let rows = "site,day,ts,score,ok,wait,team\nn,2026-01-05,2026-01-05T10:00:00,1,Y,,red\nn,2026-02-05,2026-02-05T10:00:00,1,Y,,red\nn,2026-03-05,2026-03-05T10:00:00,1,Y,,red\nn,2026-02-07,2026-02-07T10:00:00,1,Y,,blue\n";
    f.file("records/obs/a.csv", rows).file(
        "evident.yaml",
        "as_of: 2026-11-01\nperiod: {from: 2026-01-01, to: 2026-03-31}\n",
    );
    let roster = |blue_left: &str| {
        format!(
            "site,team,start_date,end_date\nn,red,2025-01-01,\nn,blue,2026-02-01,{blue_left}\nn,green,2026-03-01,\n"
        )
    };
    let text = pack(
        "organisation",
        "          records: obs\n          measure: count\n          by: [team, \"month(day)\"]\n          expect: \">= 1\"\n          population: {records: roster, from: start_date, to: end_date}",
    )
    .replace(
        "sections:",
        "  roster:\n    records:\n      columns: {site: string, team: string, start_date: date}\n      optional: {end_date: date}\nsections:",
    );
    let p = f.pack_text(&text);
    // Blue (from February) has no rows in March; green (from March) none at all.
    f.file("records/roster/r.csv", roster(""));
    let r = f.audit(&p);
    assert_eq!(status(&r, "t.m"), Status::Fail);
    let failing: Vec<String> = table(&r, "t.m")
        .groups
        .iter()
        .filter(|g| !g.pass)
        .map(|g| g.key.join(" "))
        .collect();
    assert_eq!(failing, ["blue 2026-03", "green 2026-03"]);
    // Blue left in February and green never joined: everyone active was seen.
    f.file(
        "records/roster/r.csv",
        "site,team,start_date,end_date\nn,red,2025-01-01,\nn,blue,2026-02-01,2026-02-28\n",
    );
    assert_eq!(status(&f.audit(&p), "t.m"), Status::Pass);
    // No roster at all: who must appear is unknown.
    std::fs::remove_file(f.root().join("records/roster/r.csv")).unwrap();
    let r = f.audit(&p);
    assert_ne!(status(&r, "t.m"), Status::Pass);
}

/// A population whose kind names its members otherwise (a roster's
/// `team_name` for the records' `team`) says so with `member:`; without
/// it, the column is missing and the pack is refused at load.
#[test]
fn a_population_may_name_its_member_column_otherwise() {
    let f = Fixture::new();
    let rows = "site,day,ts,score,ok,wait,team\nn,2026-01-05,2026-01-05T10:00:00,1,Y,,red\nn,2026-02-05,2026-02-05T10:00:00,1,Y,,red\n";
    f.file("records/obs/a.csv", rows).file(
        "evident.yaml",
        "as_of: 2026-11-01\nperiod: {from: 2026-01-01, to: 2026-02-28}\n",
    );
    f.file(
        "records/roster/r.csv",
        "site,team_name,start_date\nn,red,2025-01-01\nn,blue,2026-02-01\n",
    );
    let text = |population: &str| {
        pack(
            "organisation",
            &format!("          records: obs\n          measure: count\n          by: [team, \"month(day)\"]\n          expect: \">= 1\"\n          population: {population}"),
        )
        .replace(
            "sections:",
            "  roster:\n    records:\n      columns: {site: string, team_name: string, start_date: date}\nsections:",
        )
    };
    let p = f.pack_text(&text("{records: roster, member: team_name, from: start_date}"));
    let r = f.audit(&p);
    // Blue, on the roster from February, has no rows: a failing group.
    assert_eq!(status(&r, "t.m"), Status::Fail);
    let failing: Vec<String> = table(&r, "t.m")
        .groups
        .iter()
        .filter(|g| !g.pass)
        .map(|g| g.key.join(" "))
        .collect();
    assert_eq!(failing, ["blue 2026-02"]);
    let p = f.pack_text(&text("{records: roster, from: start_date}"));
    assert!(
        f.diagnostics(&p)
            .contains("the population `roster` has no column `team`")
    );
}

/// An export as an organisation keeps it: headers in their own words and
/// spacing, and no site column in a one-site export. The profile's
/// `columns:` maps it; without the mapping the run names what is missing.
#[test]
fn the_profile_maps_an_exports_columns() {
    let f = Fixture::new();
    let p = f.pack_text(&pack(
        "organisation",
        "          records: obs\n          where: ok\n          measure: share\n          by: [month(ts)]\n          expect: \">= 0.5\"",
    ));
    f.file(
        "records/obs/export.csv",
        "Day,Time Stamp,Quality Score,O.K.\n2026-01-05,2026-01-05T10:00:00,4,true\n2026-01-06,2026-01-06T10:00:00,3,false\n",
    );
    let r = f.audit(&p);
    assert_eq!(status(&r, "t.m"), Status::Error);
    let msg = &rule(&r, "t.m").findings[0].message;
    assert!(
        msg.contains("missing column(s) `site`") && msg.contains("`columns:`"),
        "{msg}"
    );
    f.file(
        "evident.yaml",
        "organisation: T\ncolumns:\n  obs:\n    site: {value: north}\n    ts: Time Stamp\n    score: {from: Quality Score}\n",
    );
    let r = f.audit(&p);
    assert_eq!(status(&r, "t.m"), Status::Pass, "{:?}", rule(&r, "t.m").findings);
    let t = table(&r, "t.m");
    assert_eq!(
        values(t),
        vec![("2026-01".to_string(), 2, Some(0.5), true)],
        "`Time Stamp` is `ts`, loosely"
    );
    // A mapping to a column the kind does not have is refused with its place.
    f.file(
        "evident.yaml",
        "organisation: T\ncolumns:\n  obs:\n    sight: {value: north}\n",
    );
    let d = f.diagnostics(&p);
    assert!(
        d.contains("record kind `obs` has no column `sight`") && d.contains("evident.yaml:4"),
        "{d}"
    );
}

/// A bucket after the period's last complete one is not judged: a month
/// still running on the as-of date (or running past the period's end) can
/// neither fail a rule nor pass it on a few days of data. Its rows are not
/// dropped: they are counted as `incomplete <bucket>` and a finding names it.
#[test]
fn an_incomplete_trailing_bucket_is_not_judged_and_its_rows_are_counted() {
    let d = jiff::civil::date;
    let f = Fixture::new();
    f.file("evident.yaml", "period: {from: 2026-08-01, to: 2026-10-31}\n");
    let base = "          records: obs\n          where: ok\n          measure: share\n          by: [month(ts)]\n          expect: \"> params.target\"\n";
    let every = f.pack_text(&pack("organisation", base));
    let anywhere = f.pack_text(&pack(
        "organisation",
        &format!("{base}          window: {{consecutive: 1, anchor: any}}\n"),
    ));
    let left_out = |r: &Results| {
        says(
            r,
            "2026-10 is not judged: the month is not complete on the as-of date 2026-10-15",
        )
    };

    // August and September pass; October's first days fail: not a failing month.
    f.file(
        "records/obs/a.csv",
        monthly(&[("2026-08", 6, 4), ("2026-09", 6, 4), ("2026-10", 0, 5)]),
    );
    let r = f.audit_as_of(&every, d(2026, 10, 15));
    let t = table(&r, "t.m");
    assert_eq!(
        values(t),
        vec![
            ("2026-08".into(), 10, Some(0.6), true),
            ("2026-09".into(), 10, Some(0.6), true)
        ]
    );
    assert_eq!(t.not_counted.get("incomplete 2026-10"), Some(&5));
    assert!(left_out(&r), "{:#?}", rule(&r, "t.m").findings);
    assert_eq!(status(&r, "t.m"), Status::Pass);
    assert!(says(&r, "5 record(s) did not count (incomplete 2026-10: 5)"));
    // Rows dated after the as-of date have not happened yet: counted apart.
    f.file(
        "records/obs/b.csv",
        csv(&[("n", "2026-10-16", 1, "N", ""), ("n", "2026-10-30", 1, "N", "")]),
    );
    let r = f.audit_as_of(&every, d(2026, 10, 15));
    assert_eq!(status(&r, "t.m"), Status::Pass);
    assert_eq!(table(&r, "t.m").not_counted.get("after the as-of date"), Some(&2));
    std::fs::remove_file(f.root().join("records/obs/b.csv")).unwrap();
    // Pooled, October's rows are not in the pool either.
    let pooled = f.audit_as_of(
        &f.pack_text(&pack(
            "organisation",
            &format!("{base}          window: {{pooled: true, consecutive: 2}}\n"),
        )),
        d(2026, 10, 15),
    );
    assert_eq!(table(&pooled, "t.m").pooled.as_ref().map(|p| p.n), Some(20));
    assert_eq!(status(&pooled, "t.m"), Status::Pass);

    // The other way round: only October's first days pass; they cannot
    // make the run a rule asks for.
    f.file(
        "records/obs/a.csv",
        monthly(&[("2026-08", 4, 6), ("2026-09", 4, 6), ("2026-10", 5, 0)]),
    );
    let r = f.audit_as_of(&anywhere, d(2026, 10, 15));
    assert_eq!(status(&r, "t.m"), Status::Fail);
    assert!(left_out(&r));
    assert!(table(&r, "t.m").groups.iter().all(|g| g.key[0] != "2026-10"));

    // As of a date after the period's end, October is complete and judged.
    f.file(
        "records/obs/a.csv",
        monthly(&[("2026-08", 6, 4), ("2026-09", 6, 4), ("2026-10", 0, 5)]),
    );
    let r = f.audit_as_of(&every, d(2026, 11, 1));
    assert_eq!(status(&r, "t.m"), Status::Fail);
    assert_eq!(
        values(table(&r, "t.m")).last(),
        Some(&("2026-10".into(), 5, Some(0.0), false))
    );
    assert!(table(&r, "t.m").not_counted.is_empty());

    // A period that ends before its last month does: that month is not complete in it.
    f.file("evident.yaml", "period: {from: 2026-08-01, to: 2026-10-20}\n");
    let r = f.audit_as_of(&every, d(2026, 11, 1));
    assert_eq!(status(&r, "t.m"), Status::Pass);
    assert_eq!(table(&r, "t.m").not_counted.get("incomplete 2026-10"), Some(&5));
    assert!(says(
        &r,
        "2026-10 is not judged: the month runs past the period's end 2026-10-20"
    ));

    // No complete month at all: nothing to judge is a failure, never a pass.
    f.file("evident.yaml", "period: {from: 2026-10-01, to: 2026-10-31}\n");
    f.file("records/obs/a.csv", monthly(&[("2026-10", 5, 0)]));
    let r = f.audit_as_of(&every, d(2026, 10, 15));
    assert_eq!(status(&r, "t.m"), Status::Fail);
    assert!(table(&r, "t.m").groups.is_empty());
    assert_eq!(table(&r, "t.m").not_counted.get("incomplete 2026-10"), Some(&5));
}

/// Weeks (Monday to Sunday) and quarters stop at their last complete one too.
#[test]
fn incomplete_weeks_and_quarters_are_not_judged() {
    let d = jiff::civil::date;
    let f = Fixture::new();
    let spec = |bucket: &str| {
        format!(
            "          records: obs\n          where: ok\n          measure: share\n          by: [\"{bucket}(day)\"]\n          expect: \"> params.target\"\n"
        )
    };
    // Weeks of 2026-09-28 and 2026-10-05 pass; the week of 2026-10-12 fails.
    f.file("evident.yaml", "period: {from: 2026-09-28, to: 2026-10-31}\n");
    f.file(
        "records/obs/a.csv",
        csv(&[
            ("n", "2026-09-29", 1, "Y", ""),
            ("n", "2026-10-06", 1, "Y", ""),
            ("n", "2026-10-12", 1, "N", ""),
            ("n", "2026-10-14", 1, "N", ""),
        ]),
    );
    let week = f.pack_text(&pack("organisation", &spec("week")));
    // Thursday 2026-10-15: the week of 2026-10-12 is still running.
    let r = f.audit_as_of(&week, d(2026, 10, 15));
    assert_eq!(status(&r, "t.m"), Status::Pass, "{:#?}", rule(&r, "t.m").findings);
    let keys: Vec<String> = table(&r, "t.m").groups.iter().map(|g| g.key[0].clone()).collect();
    assert_eq!(keys, ["week of 2026-09-28", "week of 2026-10-05"]);
    assert_eq!(
        table(&r, "t.m").not_counted.get("incomplete week of 2026-10-12"),
        Some(&2)
    );
    // Sunday 2026-10-18 ends it: the week is complete and judged.
    let r = f.audit_as_of(&week, d(2026, 10, 18));
    assert_eq!(status(&r, "t.m"), Status::Fail);
    assert!(says(&r, "week of 2026-10-12: 0.0% over 2 records, needs > 50.0%"));

    // Q3 passes; Q4's first half month fails and is not judged on 2026-10-15.
    f.file("evident.yaml", "period: {from: 2026-07-01, to: 2026-12-31}\n");
    f.file(
        "records/obs/a.csv",
        csv(&[("n", "2026-08-03", 1, "Y", ""), ("n", "2026-10-02", 1, "N", "")]),
    );
    let quarter = f.pack_text(&pack("organisation", &spec("quarter")));
    let r = f.audit_as_of(&quarter, d(2026, 10, 15));
    assert_eq!(status(&r, "t.m"), Status::Pass, "{:#?}", rule(&r, "t.m").findings);
    assert_eq!(table(&r, "t.m").not_counted.get("incomplete 2026-Q4"), Some(&1));
    assert!(says(
        &r,
        "2026-Q4 is not judged: the quarter is not complete on the as-of date 2026-10-15"
    ));
}

/// A row with no date in the column that places rows in the period cannot
/// be placed in it: it does not count, and the count names the column.
#[test]
fn rows_without_a_date_are_counted_by_the_column_they_lack() {
    let f = Fixture::new();
    f.file(
        "records/obs/a.csv",
        "site,day,ts,score,ok,closed\nn,2026-01-05,2026-01-05T10:00:00,1,Y,2026-02-01\nn,2026-01-06,2026-01-06T10:00:00,1,N,\nn,2026-01-07,2026-01-07T10:00:00,1,N,\n",
    )
    .file("evident.yaml", "period: {from: 2026-01-01, to: 2026-10-31}\n");
    let p = f.pack_text(&pack(
        "organisation",
        "          records: obs\n          where: ok\n          measure: share\n          date: closed\n          expect: \">= 1\"",
    ));
    let r = f.audit(&p);
    let t = table(&r, "t.m");
    assert_eq!(values(t), vec![(String::new(), 1, Some(1.0), true)]);
    assert_eq!(t.not_counted.get("no closed"), Some(&2));
    assert!(says(&r, "2 record(s) did not count (no closed: 2)"));
}
