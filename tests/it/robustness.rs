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
