//! Waivers, attestations by site, tailoring, sites and roll-up, scoring
//! models and the gate.

use evident::results::Status;

use crate::util::{Fixture, GOOD_BODY, doc, rule, status};

const FAILING: &str = "  - id: t.r\n    section: s\n    title: T\n    severity: major\n    evidence: {kind: doc}\n    checks: [{fields: [approved_by]}]\n";

fn waiver(expires: &str) -> String {
    format!("- rule: t.r\n  reason: Being rewritten.\n  owner: Q lead\n  approver: Director\n  expires: {expires}\n")
}

#[test]
fn active_waiver_turns_fail_into_waived() {
    let f = Fixture::new();
    let pack = f.pack(FAILING);
    f.file("a.md", doc("owner: A", GOOD_BODY))
        .file("waivers.yaml", waiver("2026-12-31"));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Waived);
    assert_eq!(rule(&r, "t.r").waiver.as_ref().unwrap().expires, "2026-12-31");
    assert_eq!(
        (
            r.waivers[0].state.as_str(),
            r.waivers[0].applied,
            r.waivers[0].days_left
        ),
        ("active", true, Some(60))
    );
}

#[test]
fn expired_waiver_no_longer_applies_and_says_so() {
    let f = Fixture::new();
    let pack = f.pack(FAILING);
    f.file("a.md", doc("owner: A", GOOD_BODY))
        .file("waivers.yaml", waiver("2026-10-31"));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Fail);
    assert!(
        rule(&r, "t.r")
            .findings
            .iter()
            .any(|x| x.message.contains("waiver expired on 2026-10-31"))
    );
    assert_eq!((r.waivers[0].state.as_str(), r.waivers[0].applied), ("expired", false));
}

#[test]
fn malformed_waiver_date_fails_closed() {
    let f = Fixture::new();
    let pack = f.pack(FAILING);
    f.file("a.md", doc("owner: A", GOOD_BODY))
        .file("waivers.yaml", waiver("end of year"));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Fail);
    assert_eq!(r.waivers[0].state, "invalid");
}

#[test]
fn waiver_for_an_unknown_rule_is_a_located_diagnostic() {
    let f = Fixture::new();
    let pack = f.pack(FAILING);
    f.file("a.md", doc("owner: A", GOOD_BODY)).file(
        "waivers.yaml",
        "- rule: t.nope\n  reason: x\n  owner: y\n  approver: z\n  expires: 2026-12-31\n",
    );
    let mut opts = evident::AuditOptions::new(f.root());
    opts.packs.paths.push(pack);
    opts.as_of = Some(jiff::civil::date(2026, 11, 1));
    let audit = evident::audit(&opts).unwrap();
    let text = audit.diagnostics.render(&audit.sources, false);
    assert!(
        text.contains("warning[unknown-rule]: waiver for `t.nope`, which no loaded pack defines"),
        "{text}"
    );
    assert!(text.contains("waivers.yaml:1:9"), "{text}");
    assert!(audit.results.is_some(), "a warning does not stop the run");
}

#[test]
fn a_rule_marked_not_waivable_stays_failed() {
    let f = Fixture::new();
    let pack = f.pack(&FAILING.replace("severity: major", "severity: major\n    waivable: false"));
    f.file("a.md", doc("owner: A", GOOD_BODY))
        .file("waivers.yaml", waiver("2026-12-31"));
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::Fail);
    assert_eq!(r.waivers[0].state, "not_waivable");
}

#[test]
fn a_waiver_for_one_site_leaves_the_other_failing() {
    let f = Fixture::new();
    let pack = f.pack_text(&format!(
        "{}\nrules:\n{FAILING}",
        crate::util::HEADER.replace("scope: organisation", "scope: site")
    ));
    f.file("a.md", doc("owner: A", GOOD_BODY))
        .file("evident.yaml", "sites: [north, south]\n")
        .file("waivers.yaml", format!("{}  site: north\n", waiver("2026-12-31")));
    let r = f.audit(&pack);
    let p = &r.packs[0];
    assert_eq!(p.sites[0].rules[0].status, Status::Waived);
    assert_eq!(p.sites[1].rules[0].status, Status::Fail);
    assert_eq!(p.rules[0].status, Status::Fail, "the organisation takes the worst site");
}

#[test]
fn tailoring_excludes_with_a_justification_and_refuses_without() {
    let f = Fixture::new();
    let pack = f.pack(FAILING);
    f.file("a.md", doc("owner: A", GOOD_BODY)).file(
        "evident.yaml",
        "packs:\n  - id: t\n    exclude:\n      - rule: t.*\n        justification: Design is fixed by each client.\n",
    );
    let r = f.audit(&pack);
    assert_eq!(status(&r, "t.r"), Status::NotApplicable);
    assert_eq!(
        r.packs[0].exclusions[0].justification,
        "Design is fixed by each client."
    );
    assert_eq!(r.packs[0].summary.score, None, "nothing applicable: no score");
    assert!(!r.packs[0].summary.assessed && !r.gate.passed);

    f.file("evident.yaml", "packs:\n  - id: t\n    exclude:\n      - rule: t.r\n");
    let text = f.diagnostics(&pack);
    assert!(
        text.contains("error[missing-justification]: excluding `t.r` needs a justification"),
        "{text}"
    );
    assert!(text.contains("evident.yaml:4:15"), "{text}");
}

#[test]
fn profile_params_override_pack_defaults_and_are_type_checked() {
    let f = Fixture::new();
    let pack = f.pack("  - id: t.r\n    section: s\n    title: T\n    severity: major\n    evidence: {kind: doc}\n    checks: [{fresh: {field: approved_on, max_age: params.cycle}}]\n");
    f.file("a.md", doc("approved_on: 2025-06-01", GOOD_BODY));
    assert_eq!(status(&f.audit(&pack), "t.r"), Status::Fail);
    f.file("evident.yaml", "packs: [{id: t, params: {cycle: 2y}}]\n");
    assert_eq!(status(&f.audit(&pack), "t.r"), Status::Pass);
    f.file("evident.yaml", "packs: [{id: t, params: {cycle: 12}}]\n");
    assert!(f.diagnostics(&pack).contains("parameter `cycle` is a duration"));
    f.file("evident.yaml", "packs: [{id: t, params: {cycel: 2y}}]\n");
    assert!(f.diagnostics(&pack).contains("pack `t` has no parameter `cycel`"));
}

const LEVELS: &str = r#"
pack: {id: t, title: Levels, version: 1.0.0, source: tests, scoring: levels, scope: organisation,
       levels: [{id: 1, title: One}, {id: 2, title: Two}, {id: 3, title: Three}],
       dimensions: [{id: intention, title: Intention}, {id: implementation, title: Implementation}]}
kinds:
  a-doc: {document: {}}
  b-doc: {document: {}}
  c-doc: {document: {}}
sections: [{id: s, title: S}]
rules:
  - {id: t.one, section: s, title: One, severity: major, level: 1, dimension: intention, checks: [{document: {kind: a-doc}}]}
  - {id: t.two, section: s, title: Two, severity: major, level: 2, dimension: implementation, checks: [{document: {kind: b-doc}}]}
  - {id: t.three, section: s, title: Three, severity: major, level: 3, dimension: implementation, checks: [{document: {kind: c-doc}}]}
"#;

#[test]
fn levels_are_reached_and_blocked_by_a_lower_levels_failure() {
    let f = Fixture::new();
    let pack = f.pack_text(LEVELS);
    f.file("a.md", "---\nkind: a-doc\n---\n")
        .file("c.md", "---\nkind: c-doc\n---\n");
    let r = f.audit(&pack);
    let level = r.packs[0].summary.level.as_ref().unwrap();
    assert_eq!(
        (level.achieved, level.blocked_by.clone()),
        (1, vec!["t.two".to_string()]),
        "level 3 passes but 2 blocks it"
    );
    let dims: Vec<_> = r.packs[0]
        .summary
        .dimensions
        .iter()
        .map(|d| (d.id.as_str(), d.score))
        .collect();
    assert_eq!(dims, vec![("intention", Some(100.0)), ("implementation", Some(50.0))]);
    f.file("b.md", "---\nkind: b-doc\n---\n");
    let r = f.audit(&pack);
    assert_eq!(r.packs[0].summary.level.as_ref().unwrap().achieved, 3);
    assert_eq!(
        r.packs[0].summary.level.as_ref().unwrap().title.as_deref(),
        Some("Three")
    );
}

#[test]
fn min_level_gates_the_run() {
    let f = Fixture::new();
    let pack = f.pack_text(LEVELS);
    f.file("a.md", "---\nkind: a-doc\n---\n")
        .file("evident.yaml", "gate: {min_level: 2, fail_on: critical}\n");
    let r = f.audit(&pack);
    assert!(!r.gate.passed);
    assert_eq!(r.gate.reasons, vec!["t: level 1 reached, 2 required"]);
}

const CRITERIA: &str = r#"
pack: {id: t, title: Criteria, version: 1.0.0, source: tests, scoring: criteria, scope: site}
params: {validity: 1y}
kinds:
  a-doc: {document: {}}
  b-doc: {document: {}}
sections: [{id: s, title: S}]
rules:
  - {id: t.critical, section: s, title: C, severity: critical, weight: 3, checks: [{document: {kind: a-doc}}]}
  - {id: t.minor, section: s, title: M, severity: minor, checks: [{document: {kind: b-doc}}]}
"#;

#[test]
fn sites_are_certified_separately_and_the_organisation_only_when_all_are() {
    let f = Fixture::new();
    let pack = f.pack_text(CRITERIA);
    f.file(
        "evident.yaml",
        "sites: [north, south]\nperiod: {from: 2026-01-01, to: 2026-10-31}\n",
    )
    .file("north/a.md", "---\nkind: a-doc\nsite: north\n---\n");
    let r = f.audit(&pack);
    let p = &r.packs[0];
    let north = p.sites[0].summary.certification.as_ref().unwrap();
    assert!(north.certified, "the minor rule's failure does not block certification");
    assert_eq!(
        north.valid_until.as_deref(),
        Some("2027-10-31"),
        "one year from the end of the period"
    );
    assert_eq!(p.sites[0].summary.score, Some(75.0), "weights 3 of 4");
    let south = p.sites[1].summary.certification.as_ref().unwrap();
    assert_eq!(
        (south.certified, south.blocked_by.clone()),
        (false, vec!["t.critical".to_string()])
    );
    let org = p.summary.certification.as_ref().unwrap();
    assert_eq!(
        (org.certified, org.blocked_by.clone()),
        (false, vec!["site south".to_string()])
    );
    assert_eq!(
        p.rules[0].sites.iter().map(|s| s.status).collect::<Vec<_>>(),
        vec![Status::Pass, Status::Fail]
    );

    f.file("a.md", "---\nkind: a-doc\n---\n");
    let r = f.audit(&pack);
    assert!(
        r.packs[0].summary.certification.as_ref().unwrap().certified,
        "an organisation-wide document serves every site"
    );
}

#[test]
fn weighted_scores_per_section_and_gate_on_fail_under_and_severity() {
    let f = Fixture::new();
    let text = CRITERIA.replace(
        "scoring: criteria, scope: site",
        "scoring: weighted, scope: organisation",
    );
    let pack = f.pack_text(&text);
    f.file("b.md", "---\nkind: b-doc\n---\n");
    let r = f.audit(&pack);
    assert_eq!(r.packs[0].summary.score, Some(25.0));
    assert_eq!(r.packs[0].summary.sections[0].score, Some(25.0));
    assert!(!r.gate.passed);
    assert!(r.gate.reasons[0].contains("1 rule(s) fail"), "{:?}", r.gate.reasons);

    let mut opts = evident::AuditOptions::new(f.root());
    opts.packs.paths.push(pack.clone());
    opts.as_of = Some(jiff::civil::date(2026, 11, 1));
    opts.gate.fail_under = Some(20.0);
    opts.gate.fail_on = Some(evident::pack::Severity::Info);
    f.file("a.md", "---\nkind: a-doc\n---\n");
    f.file("b.md", "---\nkind: zzz\n---\n");
    let r = evident::audit(&opts).unwrap().results.unwrap();
    assert_eq!(r.packs[0].summary.score, Some(75.0));
    assert_eq!(
        r.gate.reasons.len(),
        1,
        "the minor failure gates at fail_on info: {:?}",
        r.gate.reasons
    );
}

#[test]
fn a_weighted_pack_certifies_on_its_own_severity_bar_and_minimum_score() {
    let f = Fixture::new();
    let text = CRITERIA
        .replace(
            "scoring: criteria, scope: site}",
            "scoring: weighted, scope: organisation,\n  certify: {severity: minor, min_score: params.pass_mark}}",
        )
        .replace("params: {validity: 1y}", "params: {validity: 2y, pass_mark: 80}");
    let pack = f.pack_text(&text);
    f.file("a.md", "---\nkind: a-doc\n---\n");
    let r = f.audit(&pack);
    let c = r.packs[0].summary.certification.as_ref().unwrap();
    assert!(!c.certified, "a failing minor rule blocks at `severity: minor`");
    assert_eq!(c.blocked_by, ["t.minor"]);
    assert_eq!(c.min_score, Some(80.0));

    f.file("b.md", "---\nkind: b-doc\n---\n");
    let r = f.audit(&pack);
    let c = r.packs[0].summary.certification.as_ref().unwrap();
    assert!(c.certified);
    assert_eq!(
        c.valid_until.as_deref(),
        Some("2028-11-01"),
        "validity runs from the as-of date"
    );

    // Every rule at the bar passes, but the score is under the pass mark.
    let strict = text.replace("certify: {severity: minor", "certify: {severity: critical");
    let pack = f.pack_text(&strict);
    f.file("b.md", "---\nkind: other\n---\n");
    let r = f.audit(&pack);
    assert_eq!(r.packs[0].summary.score, Some(75.0));
    let c = r.packs[0].summary.certification.as_ref().unwrap();
    assert!(!c.certified && c.blocked_by.is_empty(), "the score alone blocks: {c:?}");
}

#[test]
fn certify_is_validated_with_locations() {
    let f = Fixture::new();
    let text = CRITERIA.replace(
        "scoring: criteria, scope: site}",
        "scoring: weighted, certify: {severity: grave, min_score: params.nope}}",
    );
    let d = f.diagnostics(&f.pack_text(&text));
    assert!(d.contains("`severity` cannot be `grave`"), "{d}");
}
