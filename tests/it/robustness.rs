//! No panic on any input: random text as a pack, as a profile and as a
//! document, and mutations of a real pack, all end in a result or a
//! diagnostic.

use proptest::prelude::*;

const PACK: &str = include_str!("../../standards/cc-baseline/pack.yaml");

fn load(text: &str) -> evident::pack::LoadedPacks {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.yaml");
    std::fs::write(&path, text).unwrap();
    evident::pack::load_packs(&evident::pack::load::PackSources {
        paths: vec![path],
        no_builtin: true,
        dirs: vec![],
        only: None,
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn any_text_as_a_pack(text in "\\PC{0,400}") {
        let loaded = load(&text);
        let _ = loaded.diags.render(&loaded.sources, false);
    }

    #[test]
    fn a_real_pack_with_lines_dropped_or_repeated(drop in proptest::collection::vec(0usize..230, 1..6), dup in 0usize..230) {
        let mut lines: Vec<&str> = PACK.lines().collect();
        if dup < lines.len() {
            let l = lines[dup];
            lines.insert(dup, l);
        }
        for d in drop {
            if d < lines.len() {
                lines.remove(d);
            }
        }
        let loaded = load(&lines.join("\n"));
        let rendered = loaded.diags.render(&loaded.sources, false);
        prop_assert!(loaded.packs.len() == 1 || loaded.diags.has_errors(), "{}", rendered);
    }

    #[test]
    fn damaged_office_files_are_errors_not_crashes(
        which in 0usize..5,
        cuts in proptest::collection::vec((0usize..60_000, any::<u8>()), 1..8),
        truncate in proptest::option::of(0usize..60_000),
    ) {
        let names = ["quality-policy.docx", "unfilled-template.docx", "acd.xlsx", "acd.xls", "acd.ods"];
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/office");
        let mut bytes = std::fs::read(dir.join(names[which])).unwrap();
        for (at, b) in cuts {
            if !bytes.is_empty() {
                let i = at % bytes.len();
                bytes[i] = b;
            }
        }
        if let Some(t) = truncate {
            bytes.truncate(t.min(bytes.len()));
        }
        let f = crate::util::Fixture::new();
        let ext = names[which].rsplit('.').next().unwrap();
        f.file(&format!("docs/policy.{ext}"), &bytes)
            .file(&format!("records/acd/data.{ext}"), &bytes)
            .file("evident.yaml", "documents: {doc: [\"docs/*\"]}\n");
        let pack = f.pack_text(&format!("{}{}", crate::util::HEADER.replace(
            "kinds:\n",
            "kinds:\n  acd:\n    records:\n      columns: {site: string, offered: int}\n      path: [\"records/acd/*\"]\n",
        ), "rules:\n  - {id: t.d, section: s, title: D, severity: major, evidence: {kind: doc}, checks: [{fields: {}}, {headings: {}}]}\n  - {id: t.m, section: s, title: M, severity: major, checks: [{metric: {records: acd, measure: count, expect: \">= 0\"}}]}\n"));
        let mut opts = evident::AuditOptions::new(f.root());
        opts.packs.paths.push(pack);
        let audit = evident::audit(&opts).unwrap();
        let results = audit.results.expect("the pack and profile are valid");
        // Whatever survived the damage, nothing unreadable passes.
        for r in &results.packs[0].rules {
            prop_assert!(r.status != evident::results::Status::Pass || r.findings.iter().all(|x| x.status != evident::results::Status::Error), "{:?}", r);
        }
    }

    #[test]
    fn any_bytes_as_a_document_and_a_profile(body in proptest::collection::vec(any::<u8>(), 0..300), profile in "\\PC{0,200}") {
        let f = crate::util::Fixture::new();
        let mut doc = b"---\nkind: doc\n".to_vec();
        doc.extend(&body);
        f.file("a.md", &doc).file("b.md", &body).file("evident.yaml", &profile);
        let pack = f.pack("  - {id: t.r, section: s, title: T, severity: major, evidence: {kind: doc}, checks: [{fields: {}}, {headings: {}}, {text: {matches: [x]}}]}\n");
        let mut opts = evident::AuditOptions::new(f.root());
        opts.packs.paths.push(pack);
        let audit = evident::audit(&opts).unwrap();
        prop_assert!(audit.results.is_some() || audit.diagnostics.has_errors());
    }
}
