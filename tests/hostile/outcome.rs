//! Rule statuses from a run's JSON report, written outside the evidence.

use crate::harness::{Hostile, Run};

/// `evident check` with `extra` arguments and a JSON report; the run and
/// the report (null when the run wrote none).
pub fn check_json(h: &Hostile, extra: &[&str]) -> (Run, serde_json::Value) {
    let path = h.dir.path().join("report.json");
    let _ = std::fs::remove_file(&path);
    let report = format!("json={}", path.display());
    let mut args = vec!["--report", report.as_str()];
    args.extend_from_slice(extra);
    let run = h.check(&args);
    let json = std::fs::read_to_string(&path).map_or(serde_json::Value::Null, |t| serde_json::from_str(&t).unwrap());
    (run, json)
}

/// A rule's status and its findings' messages, one per line.
pub fn rule(report: &serde_json::Value, id: &str) -> (String, String) {
    let rule = report["packs"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|p| p["rules"].as_array().into_iter().flatten())
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no rule {id} in the report"));
    let findings = rule["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            format!(
                "{} {}",
                f["file"].as_str().unwrap_or(""),
                f["message"].as_str().unwrap_or("")
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    (rule["status"].as_str().unwrap_or("").to_string(), findings)
}
