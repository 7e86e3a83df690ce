//! Same inputs, same bytes: float aggregates do not depend on how many
//! threads read the records; and the as-of date bounds what is counted.

use std::path::Path;

use super::harness::Hostile;

const MEAN_PACK: &str = r#"
pack: {id: m, title: Mean test pack, version: 1.0.0, source: tests, scoring: weighted, scope: organisation}
kinds:
  readings:
    records:
      columns: {site: string, day: date, value: float}
sections: [{id: s, title: Section}]
rules:
  - id: m.mean
    section: s
    title: The mean reading is at least 0.5
    severity: major
    checks:
      - metric: {records: readings, measure: mean, value: value, expect: ">= 0.5"}
  - id: m.total
    section: s
    title: The readings sum to something
    severity: minor
    checks:
      - metric: {records: readings, measure: sum, value: value, by: month(day), expect: "> 0"}
"#;

/// Float values whose sum rounds differently in different orders, in a file
/// of several read blocks.
fn readings() -> String {
    let mut out = String::from("site,day,value\n");
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..600_000u64 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let v = (state % 1_000_000_007) as f64 / 1_000_000_007.0 * 10f64.powi((i % 7) as i32 - 3);
        out.push_str(&format!("north,2026-{:02}-15,{v:e}\n", 1 + i % 10));
    }
    out
}

#[test]
fn json_is_byte_identical_on_1_2_and_8_threads() {
    let h = Hostile::new();
    h.good().file("records/readings/2026.csv", readings());
    let pack = h.dir.path().join("packs/m");
    std::fs::create_dir_all(&pack).unwrap();
    std::fs::write(pack.join("pack.yaml"), MEAN_PACK).unwrap();
    let mut outputs = Vec::new();
    for threads in ["1", "2", "8"] {
        let out = h.dir.path().join(format!("out/{threads}.json"));
        let args = [
            "check".to_string(),
            h.root().display().to_string(),
            "--pack".into(),
            pack.display().to_string(),
            "--report".into(),
            format!("json={}", out.display()),
        ];
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/bounded.sh");
        let run = std::process::Command::new("bash")
            .arg(script)
            .arg(env!("CARGO_BIN_EXE_evident"))
            .args(&args)
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(
            run.status.code().is_some_and(|c| c < 2),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        outputs.push(std::fs::read(out).unwrap());
    }
    assert!(outputs[0] == outputs[1], "1 and 2 threads differ");
    assert!(outputs[0] == outputs[2], "1 and 8 threads differ");
}

#[test]
fn an_as_of_date_before_the_period_stops_the_run() {
    let h = Hostile::new();
    h.good();
    h.check(&["--as-of", "2025-12-01"])
        .expect(2)
        .says("the as-of date 2025-12-01 is before the audit period starts (2026-01-01)");
}

#[test]
fn records_dated_after_the_as_of_date_are_not_counted() {
    let h = Hostile::new();
    // A failing month after the as-of date: inside the period, but not yet
    // happened as far as the audit knows.
    h.good().file(
        "records/calls/2026.csv",
        "site,day,offered,answered\nnorth,2026-02-01,10,10\nnorth,2026-09-01,10,0\nnorth,2026-09-02,10,0\n",
    );
    let run = h.check(&["--as-of", "2026-08-31", "--report", &h.json_arg()]);
    run.expect(0).says("falls inside the audit period");
    assert_eq!(h.status("h.answered"), "pass");
    h.check(&["--report", &h.json_arg()]).expect(1);
    assert_eq!(h.status("h.answered"), "fail");
}
