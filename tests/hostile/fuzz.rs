//! Fuzzing on stable: random and mutated inputs, built from the pieces
//! that make each format interesting, through the readers in process.
//! Every input must end in a result or a diagnostic, never a panic, and
//! the results must stay inside the input (a heading's line is a line of
//! the document). Case counts are fixed so the file runs in seconds.

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use evident::evidence::{IndexOptions, Patterns, docx, markdown, metadata};
use evident::expr::{Compiled, Memo, validate};
use evident::pack::{ColumnType, ParamValue, Params};
use evident::records::Cell;

/// One of `pieces`, or random printable text.
fn piece(pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(pieces).prop_map(str::to_string),
        1 => "\\PC{0,12}",
    ]
}

/// `text` with up to `n` random edits: a character inserted, removed or replaced.
fn mutated(text: impl Strategy<Value = String>, n: usize) -> impl Strategy<Value = String> {
    (
        text,
        proptest::collection::vec((any::<usize>(), 0u8..3, any::<char>()), 0..=n),
    )
        .prop_map(|(text, edits)| {
            let mut chars: Vec<char> = text.chars().collect();
            for (at, op, c) in edits {
                let i = if chars.is_empty() { 0 } else { at % chars.len() };
                match op {
                    0 => chars.insert(i, c),
                    1 if !chars.is_empty() => {
                        chars.remove(i);
                    }
                    _ if !chars.is_empty() => chars[i] = c,
                    _ => {}
                }
            }
            chars.into_iter().collect()
        })
}

const KEYS: &[&str] = &[
    "kind",
    "owner",
    "approved_on",
    "approved_by",
    "site",
    "title",
    "review_by",
    "x",
    "\"q\"",
    "? k",
];
const VALUES: &[&str] = &[
    "doc",
    "Jane Doe",
    "2026-03-01",
    "[Name]",
    "{{owner}}",
    "{owner}",
    "",
    "~",
    "null",
    "[a, [b, {c: d}]]",
    "&a x",
    "*a",
    "!!binary aGk=",
    "|",
    ">",
    "'unclosed",
    "\"esc\\u00e9\"",
    "N/A",
    "TBD.",
    "__________",
    "<date>",
    "- a",
    "0x1F",
    "1e400",
    "yes",
    "{",
    "]",
    ":",
    "#",
    "@x",
    "`y`",
];
const LINES: &[&str] = &[
    "# Title",
    "## Scope",
    "### Deep",
    "####### Seven",
    "Scope\n=====",
    "Words and more words.",
    "<!--",
    "-->",
    "<!-- a comment -->",
    "<!-->",
    "```",
    "~~~",
    "    indented code",
    "| Key | Value |",
    "| --- | --- |",
    "| Owner | [Name] |",
    "**Owner:** TBD",
    "Approved by: Jane",
    "> quote <!-- x",
    "- item",
    "1. item",
    "<div>",
    "</div>",
    "[ref]: http://example.org \"retention period of 6 years\"",
    "retention period of 6 years",
    "---",
    "",
    "\r",
    "\u{feff}",
    "&amp; &#0; &#x110000;",
];

/// A Markdown document: maybe front matter of random keys and values, then
/// random lines; then a few random edits.
fn document() -> impl Strategy<Value = String> {
    let front = proptest::collection::vec((piece(KEYS), piece(VALUES)), 0..6);
    let body = proptest::collection::vec(piece(LINES), 0..24);
    let text = (any::<bool>(), front, body).prop_map(|(has_front, front, body)| {
        let mut t = String::new();
        if has_front {
            t.push_str("---\n");
            for (k, v) in front {
                t.push_str(&format!("{k}: {v}\n"));
            }
            t.push_str("---\n");
        }
        t.push_str(&body.join("\n"));
        t
    });
    mutated(text, 4)
}

fn options() -> IndexOptions<'static> {
    IndexOptions {
        patterns: &[],
        records: Vec::new(),
        documents: Vec::new(),
        aliases: metadata::Aliases::default(),
        placeholders: vec![regex::Regex::new("^(?:tbd|x+)$").unwrap()],
        tables: true,
        columns: Default::default(),
        date_formats: Vec::new(),
        metadata: Default::default(),
    }
}

const COLUMNS: &[&str] = &["overall_sat", "resolved", "call_type", "call_ts", "wait"];
const LEAVES: &[&str] = &[
    "overall_sat",
    "resolved",
    "call_type",
    "call_ts",
    "wait",
    "params.top",
    "params.name",
    "params.flag",
    "params.nope",
    "as_of",
    "nope",
    "0",
    "5",
    "-1",
    "2.5",
    "1e308",
    "9223372036854775807",
    "100000000000",
    "'billing'",
    "''",
    "\"x\"",
    "true",
    "none",
    "[1, 'a']",
    "{'k': 1}",
    "date('2026-01-31')",
    "date('bad')",
    "loop",
    "self",
];
const OPERATORS: &[&str] = &[
    "+", "-", "*", "/", "//", "%", "**", "~", "==", "!=", "<", "<=", ">", ">=", "and", "or", "in", "not in",
];
const FILTERS: &[&str] = &[
    "lower",
    "upper",
    "length",
    "int",
    "float",
    "abs",
    "round",
    "round(2)",
    "default(0)",
    "first",
    "sum",
    "string",
    "slice(100000000000)",
    "indent(1000000000)",
    "batch(100000000000)",
    "join",
    "center(1000000000)",
    "replace('a', 'bb')",
    "list",
    "unique",
];
const TESTS: &[&str] = &[
    "defined",
    "number",
    "divisibleby(0)",
    "divisibleby(3)",
    "string",
    "filter",
    "sameas(1)",
];
const CALLS: &[&str] = &[
    "minutes",
    "hours",
    "days",
    "weeks",
    "date",
    "range",
    "namespace",
    "lipsum",
    "dict",
];

/// Expressions built by the grammar (most of them load), or anything.
fn expression() -> impl Strategy<Value = String> {
    let leaf = proptest::sample::select(LEAVES).prop_map(str::to_string);
    let tree = leaf.prop_recursive(4, 24, 3, |inner| {
        let pick = |list: &'static [&'static str]| proptest::sample::select(list);
        prop_oneof![
            (inner.clone(), pick(OPERATORS), inner.clone()).prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            inner.clone().prop_map(|a| format!("not {a}")),
            inner.clone().prop_map(|a| format!("-{a}")),
            (inner.clone(), pick(FILTERS)).prop_map(|(a, f)| format!("{a} | {f}")),
            (inner.clone(), pick(TESTS)).prop_map(|(a, t)| format!("{a} is {t}")),
            (inner.clone(), inner.clone(), inner.clone()).prop_map(|(a, b, c)| format!("({a} if {b} else {c})")),
            (pick(CALLS), inner.clone()).prop_map(|(f, a)| format!("{f}({a})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a}[{b}]")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a}[{b}:]")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("[{a}, {b}]")),
        ]
    });
    prop_oneof![
        8 => tree.clone(),
        2 => mutated(tree, 3),
        1 => "\\PC{0,40}",
    ]
}

fn columns() -> Vec<(String, ColumnType)> {
    [
        ColumnType::Int,
        ColumnType::Bool,
        ColumnType::String,
        ColumnType::Datetime,
        ColumnType::Duration,
    ]
    .into_iter()
    .zip(COLUMNS)
    .map(|(t, n)| (n.to_string(), t))
    .collect()
}

fn params() -> Params {
    [
        ("top".to_string(), ParamValue::Number(5.0)),
        ("name".to_string(), ParamValue::Text("billing".into())),
        ("flag".to_string(), ParamValue::Bool(true)),
        ("\u{0}as_of".to_string(), ParamValue::Number(20_000.0)),
    ]
    .into()
}

/// Rows of every kind of cell, extremes included.
fn rows() -> Vec<[Cell<'static>; 5]> {
    vec![
        [
            Cell::Int(5),
            Cell::Bool(true),
            Cell::Str(b"billing"),
            Cell::DateTime {
                utc: 1_000,
                local: 1_000,
            },
            Cell::Duration(30),
        ],
        [Cell::Null, Cell::Null, Cell::Null, Cell::Null, Cell::Null],
        [
            Cell::Int(i64::MIN),
            Cell::Bool(false),
            Cell::Str(b"\xff\xfe not utf-8"),
            Cell::DateTime {
                utc: i64::MAX,
                local: i64::MIN,
            },
            Cell::Duration(i64::MAX),
        ],
        [
            Cell::Float(f64::NAN),
            Cell::Int(1),
            Cell::Str(b""),
            Cell::Date(-1),
            Cell::Float(f64::INFINITY),
        ],
    ]
}

const HEADERS: &[&str] = &[
    "site,day,offered,answered",
    "\u{feff}site,day,offered,answered",
    "answered,offered,day,site",
    "site,day,offered",
    "site,day,offered,answered,answered",
    "\"site\",\"day\",\"offered\",\"answered\"",
    "",
];
const CELLS: &[&str] = &[
    "north",
    "2026-02-01",
    "2026-13-45",
    "10",
    "0",
    "-5",
    "9223372036854775808",
    "1e3",
    "3.5",
    "",
    "\"\"",
    "\"a,b\"",
    "\"line\nbreak\"",
    "\"unclosed",
    "n/a",
    "\u{0}",
    "2026-02-01T10:00:00Z",
    "true",
];

fn csv() -> impl Strategy<Value = String> {
    let row = proptest::collection::vec(piece(CELLS), 0..6).prop_map(|c| c.join(","));
    let text = (piece(HEADERS), proptest::collection::vec(row, 0..12), any::<bool>()).prop_map(|(h, rows, crlf)| {
        let nl = if crlf { "\r\n" } else { "\n" };
        format!("{h}{nl}{}", rows.join(nl))
    });
    mutated(text, 3)
}

const JSON_VALUES: &[&str] = &[
    "\"north\"",
    "\"2026-02-01\"",
    "10",
    "-1",
    "1e999",
    "null",
    "true",
    "[]",
    "{}",
    "\"\\ud800\"",
    "18446744073709551616",
    "0.5",
    "\"10\"",
];

fn json() -> impl Strategy<Value = (String, String)> {
    let field = (
        proptest::sample::select(&["site", "day", "offered", "answered", "x"][..]),
        piece(JSON_VALUES),
    )
        .prop_map(|(k, v)| format!("\"{k}\": {v}"));
    let object = proptest::collection::vec(field, 0..6).prop_map(|f| format!("{{{}}}", f.join(", ")));
    let objects = proptest::collection::vec(object, 0..8);
    let text = (objects, any::<bool>()).prop_map(|(objects, lines)| {
        if lines {
            ("jsonl".to_string(), objects.join("\n"))
        } else {
            ("json".to_string(), format!("[{}]", objects.join(", ")))
        }
    });
    (text, 0usize..4).prop_flat_map(|((ext, text), n)| (Just(ext), mutated(Just(text), n)))
}

const XML: &[&str] = &[
    "<w:p>",
    "</w:p>",
    "<w:r>",
    "</w:r>",
    "<w:t>",
    "</w:t>",
    "<w:t/>",
    "text",
    "retention",
    "<w:tbl>",
    "</w:tbl>",
    "<w:tr>",
    "</w:tr>",
    "<w:tc>",
    "</w:tc>",
    "<w:del>",
    "</w:del>",
    "<w:moveFrom>",
    "</w:moveFrom>",
    "<w:rPr><w:vanish/></w:rPr>",
    "<w:vanish w:val=\"0\"/>",
    "<w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>",
    "<w:pPr>",
    "</w:pPr>",
    "<w:outlineLvl w:val=\"255\"/>",
    "<w:pStyle w:val=\"Heading255\"/>",
    "<w:tab/>",
    "&amp;",
    "&#0;",
    "&bogus;",
    "<w:rPrChange>",
    "</w:rPrChange>",
    "<![CDATA[x]]>",
    "<!-- c -->",
    "<?pi x?>",
    "|",
];

const STYLES: &[&str] = &[
    "Title",
    "Heading1",
    "Heading9",
    "Heading255",
    "heading 2",
    "Normal",
    "",
    "Heading-1",
];
const OUTLINES: &[&str] = &["", "0", "8", "9", "255", "-1", "x"];
const RUN_PROPS: &[&str] = &[
    "",
    "<w:rPr><w:vanish/></w:rPr>",
    "<w:rPr><w:vanish w:val=\"0\"/></w:rPr>",
    "<w:rPr><w:rPrChange><w:rPr><w:vanish/></w:rPr></w:rPrChange></w:rPr>",
];
const WRAPS: &[(&str, &str)] = &[
    ("", ""),
    ("<w:del>", "</w:del>"),
    ("<w:moveFrom>", "</w:moveFrom>"),
    ("<w:ins>", "</w:ins>"),
    ("<w:tbl><w:tr><w:tc>", "</w:tc></w:tr></w:tbl>"),
    ("<w:tr><w:tc>", "</w:tc></w:tr>"),
];

/// A Word body: paragraphs with styles, outline levels and runs, some
/// hidden, wrapped in deletions, moves or tables, with loose XML between.
fn word_body() -> impl Strategy<Value = String> {
    let pick = |list: &'static [&'static str]| proptest::sample::select(list);
    let run = (pick(RUN_PROPS), piece(LINES)).prop_map(|(props, text)| format!("<w:r>{props}<w:t>{text}</w:t></w:r>"));
    let para = (
        pick(STYLES),
        pick(OUTLINES),
        proptest::collection::vec(run, 0..4),
        proptest::sample::select(WRAPS),
        piece(XML),
    )
        .prop_map(|(style, outline, runs, (open, close), noise)| {
            format!(
                r#"{open}<w:p><w:pPr><w:pStyle w:val="{style}"/><w:outlineLvl w:val="{outline}"/></w:pPr>{}</w:p>{close}{noise}"#,
                runs.concat()
            )
        });
    mutated(proptest::collection::vec(para, 0..12).prop_map(|p| p.concat()), 2)
}

/// A temporary evidence folder with a record file, checked by a one-rule pack.
fn audit_records(ext: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("evidence");
    std::fs::create_dir_all(root.join("records/calls")).unwrap();
    std::fs::write(root.join(format!("records/calls/data.{ext}")), bytes).unwrap();
    std::fs::write(root.join("evident.yaml"), "organisation: F\nas_of: 2026-11-01\n").unwrap();
    let pack = dir.path().join("pack.yaml");
    std::fs::write(&pack, PACK).unwrap();
    let mut opts = evident::AuditOptions::new(&root);
    opts.packs.paths.push(pack);
    opts.packs.no_builtin = true;
    let audit = evident::audit(&opts).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let results = audit.results.expect("the pack and profile are valid");
    for r in &results.packs[0].rules {
        let unreadable = r.findings.iter().any(|f| f.status == evident::results::Status::Error);
        prop_assert!(r.status != evident::results::Status::Pass || !unreadable, "{r:?}");
    }
    Ok(())
}

const PACK: &str = r#"
pack: {id: f, title: Fuzz, version: 1.0.0, source: tests, scoring: weighted, scope: organisation}
kinds:
  calls:
    records:
      columns: {site: string, day: date, offered: int, answered: int}
sections: [{id: s, title: S}]
rules:
  - {id: f.share, section: s, title: Share, severity: major, checks: [{metric: {records: calls, measure: share, where: "answered >= offered", by: [month(day)], expect: ">= 0.5", on_bad_row: skip}}]}
  - {id: f.sum, section: s, title: Sum, severity: major, checks: [{metric: {records: calls, measure: p90, value: "offered - answered", expect: "<= 3"}}]}
"#;

/// Fixed case counts: the whole file in well under 20 s in a debug build.
fn cases(n: u32) -> ProptestConfig {
    ProptestConfig {
        cases: n,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(cases(5000))]

    #[test]
    fn markdown_documents(text in document()) {
        let patterns = Patterns::new(&["(?i)retention period of \\d+ years", "^## ", "TODO"]).unwrap();
        let doc = markdown::read("fuzz.md".into(), &text, &patterns, &options());
        let lines = text.split('\n').count() as u32;
        for h in &doc.headings {
            prop_assert!((1..=lines).contains(&h.line), "heading {h:?} outside {lines} lines");
        }
        for (_, line) in &doc.hits {
            prop_assert!((1..=lines).contains(line), "hit at {line} outside {lines} lines");
        }
        for (name, f) in &doc.fields {
            prop_assert!((1..=lines).contains(&f.line), "field {name} at {} outside {lines} lines", f.line);
        }
    }

}

proptest! {
    #![proptest_config(cases(8000))]

    #[test]
    fn expressions(text in expression()) {
        let names: Vec<&str> = COLUMNS.to_vec();
        if validate(&text, &names, &params()).is_ok() {
            // What loads must compile and run on any row (fuel bounds the
            // time; a timed assertion would only measure the machine).
            let compiled = Compiled::new(&text, &columns(), &params());
            prop_assert!(compiled.is_ok(), "validated but does not compile: {text}: {:?}", compiled.err());
            let compiled = compiled.unwrap();
            for row in rows() {
                let _ = compiled.eval(&row, &mut Memo::default());
                let _ = compiled.test(&row, &mut Memo::default());
            }
        }
    }

}

proptest! {
    #![proptest_config(cases(3000))]

    #[test]
    fn word_documents(body in word_body()) {
        let xml = format!(r#"<w:document xmlns:w="w"><w:body>{body}</w:body></w:document>"#);
        let bytes = crate::office::docx_with(crate::office::Part::Bytes("word/document.xml", xml.clone().into_bytes()));
        match docx::read(&bytes) {
            Ok(d) => {
                let patterns = Patterns::new(&["retention"]).unwrap();
                let _ = markdown::read("fuzz.docx".into(), &d.markdown, &patterns, &options());
            }
            // The reader's panic net caught one of ours.
            Err(e) => prop_assert!(e != "the Word document is malformed", "{xml}"),
        }
    }
}

proptest! {
    #![proptest_config(cases(250))]

    #[test]
    fn csv_records(text in csv()) {
        audit_records("csv", text.as_bytes())?;
    }

    #[test]
    fn json_records((ext, text) in json()) {
        audit_records(&ext, text.as_bytes())?;
    }

    #[test]
    fn random_bytes_as_records(bytes in proptest::collection::vec(any::<u8>(), 0..200), ext in proptest::sample::select(&["csv", "json", "jsonl", "yaml", "xlsx"][..])) {
        audit_records(ext, &bytes)?;
    }
}
