//! Auditor samples: the same seed draws the same items, another seed other
//! items; an attestation citing a sample counts only when its filled
//! checklist lists the items a fresh draw gives, each checked (otherwise
//! the rule is an `error` pointing at the attestation).

use std::path::Path;

use assert_cmd::Command;
use evident::results::Status;

use crate::util::{Fixture, GOOD_BODY, doc, status};

fn evident() -> Command {
    Command::cargo_bin("evident").unwrap()
}

fn draw(dir: &Path, args: &[&str]) -> String {
    let o = evident().arg("sample").arg(dir).args(args).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn items(checklist: &str) -> Vec<String> {
    checklist
        .lines()
        .filter(|l| l.trim_start().starts_with("file:") || l.trim_start().starts_with("row:"))
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn the_same_seed_draws_the_same_records_and_another_seed_others() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme-contact-centre");
    let args = [
        "--rule",
        "copc.rs.1",
        "--site",
        "south",
        "--n",
        "10",
        "--seed",
        "20261101",
    ];
    let a = draw(&example, &args);
    assert_eq!(a, draw(&example, &args), "same seed, same sample");
    let other = draw(
        &example,
        &["--rule", "copc.rs.1", "--site", "south", "--n", "10", "--seed", "7"],
    );
    assert_ne!(items(&a), items(&other), "another seed, another sample");
    assert_eq!(a.matches("  - item: ").count(), 10);
    // Only south's rows, dated in the audit period, of the metric's kind.
    assert_eq!(a.matches("values: {site: \"south\"").count(), 10, "{a}");
    assert!(a.contains("population: 2102") && a.contains("customer-survey"), "{a}");
    assert!(a.contains("sample: 20261101/10"), "the checklist says how to cite it");
    // Records dated after the as-of date have not happened yet.
    let early = draw(&example, &[&args[..], &["--as-of", "2026-06-01"]].concat());
    assert!(early.contains("population: 1043"), "{early}");
    for line in early.lines().filter(|l| l.contains("call_ts: ")) {
        let ts = line.split("call_ts: \"").nth(1).unwrap();
        assert!(ts < "2026-06-02", "{line}");
    }
}

#[test]
fn a_rule_without_metrics_samples_its_documents_and_a_small_population_whole() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme-contact-centre");
    let s = draw(&example, &["--rule", "iso9001.9.3", "--n", "50", "--seed", "1"]);
    assert!(s.contains("population: 2\n"), "{s}");
    assert_eq!(s.matches("  - item: ").count(), 2, "all of a population smaller than n");
    assert!(
        s.contains("file: \"reviews/management-review-2026-03.md\"") && s.contains("sha256: \""),
        "{s}"
    );
    // Never written into the evidence folder.
    let o = evident()
        .arg("sample")
        .arg(&example)
        .args(["--rule", "iso9001.9.3", "--n", "1", "--seed", "1", "--out"])
        .arg(example.join("sample.yaml"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(!example.join("sample.yaml").exists());
    let o = evident()
        .arg("sample")
        .arg(&example)
        .args(["--rule", "iso9001.nope", "--n", "1", "--seed", "1"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    // A judgement with no evidence named has nothing to draw from.
    let o = evident()
        .arg("sample")
        .arg(&example)
        .args(["--rule", "iso18295.4.2.at-contact", "--n", "1", "--seed", "1"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8(o.stderr)
            .unwrap()
            .contains("names no evidence to sample from")
    );
}

/// A pack whose one rule is an auditor's judgement on the `doc` documents.
const RULE: &str = "  - id: t.r\n    section: s\n    title: Documents checked at source\n    severity: major\n    evidence: {kind: doc}\n    checks:\n      - attestation: {max_age: params.cycle}\n";

fn attest(f: &Fixture, sample: &str) {
    f.file(
        "attestations.yaml",
        format!(
            "- rule: t.r\n  result: pass\n  auditor: A. Auditor\n  date: 2026-10-01\n  statement: Checked the sampled documents at source.\n  sample: {sample}\n  evidence: [audit/sample.yaml]\n"
        ),
    );
}

#[test]
fn an_attestation_counts_only_with_the_drawn_items_all_checked() {
    let f = Fixture::new();
    let pack = f.pack(RULE);
    for name in ["a", "b", "c", "d", "e"] {
        f.file(
            &format!("{name}.md"),
            doc("owner: A\napproved_on: 2026-01-01", GOOD_BODY),
        );
    }
    let drawn = {
        let o = evident()
            .arg("sample")
            .arg(f.root())
            .arg("--pack")
            .arg(&pack)
            .args(["--rule", "t.r", "--n", "3", "--seed", "99", "--as-of", "2026-11-01"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let sample_of = |r: &evident::results::Results| r.attestations[0].sample.clone().unwrap();

    // Filled in: every item verified, one of them not as the source says.
    let filled = drawn
        .replacen("    verified:\n", "    verified: yes\n", 2)
        .replacen(
            "    verified:\n",
            "    verified: no\n    note: the approval date differs\n",
            1,
        )
        .replace("    note:\n", "");
    f.file("audit/sample.yaml", &filled);
    attest(&f, "99/3");
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Pass);
    let c = sample_of(&r);
    assert_eq!((c.items, c.verified, c.failed, c.unchecked), (3, 2, 1, 0));
    assert_eq!(c.file.as_deref(), Some("audit/sample.yaml"));
    assert!(c.problem.is_none());
    crate::json::assert_valid(&serde_json::to_value(&r).unwrap());
    // The working papers carry it too.
    let xlsx = evident::report::Renderer::new(&r, None)
        .render(evident::report::Format::Xlsx)
        .unwrap();
    let mut book: calamine::Xlsx<_> = calamine::Reader::new(std::io::Cursor::new(xlsx)).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut book, "Attestations").unwrap();
    assert!(
        sheet
            .rows()
            .flatten()
            .any(|c| c.to_string().contains("2 of 3 items verified, 1 not verified")),
        "the Attestations sheet shows the sample"
    );

    // Not every item checked yet: the judgement is not backed.
    f.file(
        "audit/sample.yaml",
        drawn.replacen("    verified:\n", "    verified: yes\n", 1),
    );
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Error);
    assert!(
        sample_of(&r)
            .problem
            .unwrap()
            .contains("2 of its 3 items are not checked yet")
    );
    let finding = &crate::util::rule(&r, "t.r").findings[0];
    assert!(
        finding.message.contains("cites a sample that does not back it"),
        "{finding:?}"
    );
    assert_eq!(finding.location().as_deref(), Some("attestations.yaml:1"));

    // Items swapped for others (cherry-picked): the fresh draw disagrees.
    let first = drawn.lines().find(|l| l.contains("file: ")).unwrap().to_string();
    let other = ["a.md", "b.md", "c.md", "d.md", "e.md"]
        .iter()
        .map(|n| format!("    file: \"{n}\""))
        .find(|l| !drawn.contains(l.as_str()))
        .unwrap();
    f.file("audit/sample.yaml", filled.replace(&first, &other));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Error);
    assert!(sample_of(&r).problem.unwrap().contains("not the ones seed 99 draws"));

    // Citing another draw than the checklist's.
    f.file("audit/sample.yaml", &filled);
    attest(&f, "98/3");
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Error);
    assert!(
        sample_of(&r)
            .problem
            .unwrap()
            .contains("not the one the attestation cites")
    );

    // The report shows it.
    attest(&f, "99/3");
    let o = evident()
        .arg("check")
        .arg(f.root())
        .arg("--pack")
        .arg(&pack)
        .args(["--as-of", "2026-11-01", "--report", "md=-"])
        .output()
        .unwrap();
    let md = String::from_utf8(o.stdout).unwrap();
    assert!(
        md.contains("sample 99/3 (audit/sample.yaml): 2 of 3 items verified, 1 not verified"),
        "{md}"
    );
}

#[test]
fn a_malformed_sample_citation_is_refused_at_its_line() {
    let f = Fixture::new();
    let pack = f.pack(RULE);
    f.file("a.md", doc("owner: A\napproved_on: 2026-01-01", GOOD_BODY));
    attest(&f, "twenty/3");
    let d = f.diagnostics(&pack);
    assert!(d.contains("`sample: twenty/3` is not SEED/N"), "{d}");
}
