//! No silent drops: unreadable files, swallowed rows, unlisted sites,
//! ambiguous columns and keys all surface as errors.

use super::harness::Hostile;

const TWO_SITES: &str =
    "organisation: Drops Ltd\nsites: [north]\nas_of: 2026-11-01\nperiod: {from: 2026-01-01, to: 2026-10-31}\n";

#[test]
fn records_of_a_site_the_profile_does_not_list_stop_the_run() {
    let h = Hostile::new();
    // Site by site, rows of `North` would belong to no site's result.
    let pack = h.pack_dir().join("pack.yaml");
    let text = std::fs::read_to_string(&pack).unwrap();
    std::fs::write(&pack, text.replace("scope: organisation", "scope: site")).unwrap();
    h.good().file("evident.yaml", TWO_SITES).file(
        "records/calls/south.csv",
        "site,day,offered,answered\nNorth,2026-02-01,10,0\nNorth,2026-03-01,10,0\n",
    );
    h.check(&[])
        .expect(2)
        .says("[unknown-site]")
        .says("rows of this record file name site `North`, which the profile does not list")
        .says("did you mean `north`?")
        .says("records/calls/south.csv");
}

#[test]
fn a_document_of_a_site_the_profile_does_not_list_stops_the_run() {
    let h = Hostile::new();
    h.good().file("evident.yaml", TWO_SITES).file(
        "south/policy.md",
        "---\nkind: doc\nsite: sout\nowner: A\napproved_on: 2026-01-01\n---\n# P\n",
    );
    h.check(&[])
        .expect(2)
        .says("[unknown-site]")
        .says("south/policy.md:3")
        .says("this document names site `sout`");
}

#[test]
fn an_unreadable_second_document_is_an_error_not_dropped() {
    let h = Hostile::new();
    let mut bad = b"---\nkind: doc\n---\n# Policy without an owner\n".to_vec();
    bad.push(0xff);
    h.good().file("zz-second.md", bad);
    h.check(&["--report", &h.json_arg()]).expect(1);
    assert_eq!(h.status("h.doc"), "error");
    assert!(h.results().to_string().contains("zz-second.md"));
}

#[test]
fn an_unclosed_quote_that_would_swallow_rows_is_an_error() {
    let h = Hostile::new();
    h.good().file(
        "records/calls/2026.csv",
        "site,day,offered,answered,note\nnorth,2026-02-01,10,10,\"fine\nnorth,2026-03-01,10,0,missed\nnorth,2026-04-01,10,0,missed\n",
    );
    h.check(&["--report", &h.json_arg()]).expect(1);
    assert_eq!(h.status("h.answered"), "error");
    let text = h.results().to_string();
    assert!(
        text.contains("line 2: a quoted field opens and is never closed"),
        "{text}"
    );
}

#[test]
fn a_column_named_twice_is_an_error() {
    let h = Hostile::new();
    h.good().file(
        "records/calls/2026.csv",
        "site,day,offered,answered,answered\nnorth,2026-02-01,10,0,10\n",
    );
    h.check(&["--report", &h.json_arg()]).expect(1);
    assert_eq!(h.status("h.answered"), "error");
    assert!(
        h.results()
            .to_string()
            .contains("names column `answered` more than once (columns 4 and 5)")
    );
}

#[test]
fn a_key_named_twice_in_json_records_is_an_error() {
    for (name, text) in [
        (
            "2026.jsonl",
            "{\"site\":\"north\",\"day\":\"2026-02-01\",\"offered\":10,\"answered\":0,\"answered\":10}\n",
        ),
        (
            "2026.json",
            "[{\"site\":\"north\",\"day\":\"2026-02-01\",\"offered\":10,\"answered\":0,\"answered\":10}]",
        ),
    ] {
        let h = Hostile::new();
        h.good();
        std::fs::remove_file(h.root().join("records/calls/2026.csv")).unwrap();
        h.file(&format!("records/calls/{name}"), text);
        h.check(&["--report", &h.json_arg()]).expect(1);
        assert_eq!(h.status("h.answered"), "error", "{name}");
        assert!(
            h.results().to_string().contains("the key `answered` appears twice"),
            "{name}"
        );
    }
}

#[test]
fn broken_front_matter_does_not_take_a_nested_kind() {
    let h = Hostile::new();
    // Not valid YAML (a tab), and a nested `kind:` that is not the document's.
    h.good().file(
        "zz-broken.md",
        "---\nkind: doc\nowner:\n  kind: other\n\tapproved_on: 2026-01-01\n---\n# Policy\n",
    );
    h.check(&["--report", &h.json_arg()]).expect(1);
    assert_eq!(h.status("h.doc"), "error");
    // Two top-level kinds that disagree: unknown, so an error for every rule.
    h.file("zz-broken.md", "---\nkind: other\nkind: doc\nowner: [\n---\n# Policy\n");
    h.check(&["--report", &h.json_arg()]).expect(1);
    assert_eq!(h.status("h.doc"), "error");
}
