//! Evidence text that would be live markup, terminal control or a broken
//! URI in a report, and `--templates-dir` templates that would run without
//! end: every report shows the text inert, and a runaway template ends with
//! exit 2 and a message within the caps.

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::harness::{Hostile, PACK, Run};

/// A Markdown link and image, emphasis, a table pipe, raw HTML, an ANSI
/// colour, an OSC 8 hyperlink, a C1 CSI, DEL and BEL.
const HOSTILE: &str = "[click](javascript:alert(1)) ![t](http://tracker.example/p.png) **bold** | pipe <img src=x> \
                       \x1b[31mred\x1b[0m \x1b]8;;http://evil.example/\x07link\x1b]8;;\x07 \u{9b}1m\u{7f}end";

/// What a reader sees of it: the text, without the controls.
const SHOWN: &str =
    "[click](javascript:alert(1)) ![t](http://tracker.example/p.png) **bold** | pipe <img src=x> red link end";

/// Characters no report may carry: C0 (but newline, tab and carriage
/// return, which the formats' own layout uses), DEL and C1.
fn controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| (c.is_control() && !matches!(c, '\n' | '\t' | '\r')) || ('\u{7f}'..='\u{9f}').contains(&c))
        .collect()
}

/// `s` as a YAML double-quoted scalar (controls as `\xNN`).
fn yaml(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The harness evidence plus the hostile text as a document title, a field
/// value a finding quotes, a waiver's reason and an attestation's auditor
/// and statement, with the date field typed so the finding quotes it.
fn hostile() -> Hostile {
    let h = Hostile::new();
    h.good();
    std::fs::write(
        h.pack_dir().join("pack.yaml"),
        PACK.replace(
            "required: [owner, approved_on]}",
            "required: [owner, approved_on], types: {approved_on: date}}",
        ),
    )
    .unwrap();
    let q = yaml(HOSTILE);
    h.file(
        "hostile.md",
        format!("---\nkind: doc\ntitle: {q}\nowner: {q}\napproved_on: {q}\n---\n# Notes\n\nWords.\n"),
    )
    .file(
        "waivers.yaml",
        format!(
            "- rule: h.answered\n  reason: {q}\n  owner: {q}\n  approver: x\n  expires: 2026-12-01\n\
             - rule: {q}\n  reason: r\n  owner: o\n  approver: a\n  expires: 2026-12-01\n"
        ),
    )
    .file(
        "attestations.yaml",
        format!("- rule: h.doc\n  result: pass\n  auditor: {q}\n  date: 2020-01-01\n  statement: {q}\n"),
    );
    h
}

/// Runs the check writing `format` beside the evidence root; the report's text.
fn report(h: &Hostile, format: &str, extra: &[&str]) -> (Run, String) {
    let path = h.outside(&format!("report.{format}"));
    let spec = format!("{format}={}", path.display());
    let mut args = vec!["--report", &spec];
    args.extend(extra);
    let run = h.check(&args);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("no report\n{}", run.transcript()));
    (run, text)
}

#[test]
fn markdown_shows_evidence_markup_as_text() {
    let h = hostile();
    let (run, md) = report(&h, "md", &[]);
    run.expect(1);
    assert_eq!(controls(&md), [], "{md}");
    let mut text = String::new();
    let mut in_strong = false;
    for event in Parser::new_ext(&md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => panic!("a live link to {dest_url}\n{md}"),
            Event::Start(Tag::Image { dest_url, .. }) => panic!("a live image from {dest_url}\n{md}"),
            Event::Html(t) | Event::InlineHtml(t) => panic!("live HTML {t:?}\n{md}"),
            Event::Start(Tag::Strong) => in_strong = true,
            Event::End(_) => in_strong = false,
            Event::Text(t) if in_strong => assert!(!t.contains("bold"), "evidence emphasis is live\n{md}"),
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            _ => {}
        }
    }
    // The manifest row keeps its title in one cell, as written.
    assert!(text.contains(SHOWN), "the title is shown as written\n{md}");
}

#[test]
fn html_escapes_evidence_and_drops_controls() {
    let h = hostile();
    let (run, html) = report(&h, "html", &[]);
    run.expect(1);
    assert_eq!(controls(&html), [], "{html}");
    assert!(!html.contains("<img src=x>"), "{html}");
    assert!(html.contains("&lt;img src=x&gt;"), "{html}");
    assert!(
        !html.contains("[31m") && !html.contains("]8;;"),
        "no sequence is left half-removed"
    );
}

#[test]
fn json_sarif_and_junit_carry_no_control_characters() {
    let h = hostile();
    for format in ["json", "sarif", "junit"] {
        let (run, text) = report(&h, format, &[]);
        run.expect(1);
        assert_eq!(controls(&text), [], "{format}\n{text}");
        for residue in ["\\u001b", "\\u0007", "\\u009b", "\\u007f", "[31m", "]8;;", "1m\u{7f}"] {
            assert!(!text.contains(residue), "{format}: {residue:?} in\n{text}");
        }
        assert!(text.contains("red link"), "{format}: the text itself stays\n{text}");
    }
}

#[test]
fn the_terminal_summary_plays_no_evidence_escape_sequence() {
    let h = hostile();
    let run = h.check(&["--color", "always"]);
    run.expect(1);
    let out = run.stdout();
    for seq in ["\x1b[31mred", "\x1b]", "\x07", "\u{9b}", "\u{7f}"] {
        assert!(!out.contains(seq), "{seq:?} reached the terminal\n{out}");
    }
    assert!(out.contains("red link"), "{out}");
    // The summary's own colours are still there.
    assert!(out.contains("\x1b["), "{out}");
}

#[test]
fn sarif_uris_are_percent_encoded() {
    let h = Hostile::new();
    h.good()
        .file("a #1/ü %41 doc?.md", "---\nkind: doc\nowner: Q\n---\n# Doc\n\nWords.\n");
    let (run, sarif) = report(&h, "sarif", &[]);
    run.expect(1);
    let log: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let uris: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains(&"a%20%231/%C3%BC%20%2541%20doc%3F.md"), "{uris:?}");
}

/// Templates that would run without end or allocate without bound, and
/// what the error says.
const RUNAWAY: &[(&str, &str)] = &[
    (
        "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}",
        "went over its fuel budget",
    ),
    (
        // Marked safe, so the test spends its time on the cap, not on escaping.
        "{% for a in range(100000) %}{{ ('x' * 4000000) | safe }}{% endfor %}",
        "size budget of 64 MiB",
    ),
    ("{{ 'x' * 99000000 }}", "size budget of 64 MiB"),
    ("{{ 'x' * 1000000000 }}", "went over its fuel budget"),
    ("{{ 'x' | indent(1000000000) }}", "went over its fuel budget"),
    ("{{ '%1000000000s' | format('x') }}", "went over its fuel budget"),
    (
        "{% set ns = namespace(s='x') %}{% for a in range(100) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "went over its fuel budget",
    ),
    (
        "{% for a in range(1000000000) %}x{% endfor %}",
        "range has too many elements",
    ),
    (
        "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}",
        "recursion limit exceeded",
    ),
];

#[test]
fn a_runaway_template_ends_with_exit_2_and_a_message() {
    let h = Hostile::new();
    h.good();
    let dir = h.dir.path().join("templates");
    std::fs::create_dir_all(&dir).unwrap();
    for (template, says) in RUNAWAY {
        std::fs::write(dir.join("report.md.j2"), template).unwrap();
        let out = h.outside("report.md");
        // Time is bounded by `bounded.sh`'s timeout, never by a timed assertion.
        let run = h.check(&[
            "--report",
            &format!("md={}", out.display()),
            "--templates-dir",
            &dir.display().to_string(),
        ]);
        run.expect(2).says("report.md.j2").says(says);
        assert!(!out.exists(), "{template}: no partial report");
    }
}
