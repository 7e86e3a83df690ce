//! Never a false pass, as a property: random evidence trees in which any
//! files are unreadable (bytes that are not UTF-8, NUL bytes, a link out of
//! the root, a broken link, a FIFO, front matter never closed or not YAML),
//! or replaced by a folder of the same name, audited through the library.
//!
//! A rule passes at a site only when the readable evidence alone justifies
//! it. So a rule that needs every document it selects (`match: each`) or
//! every record of its kind (a metric) never passes beside an unreadable
//! file it could select: one whose kind is the selector's, or unknown
//! because the file was not read far enough to learn it. `match: any` and
//! existence are decided by what was read: a readable document that passes
//! settles them whatever an unreadable one holds (the three-valued logic of
//! `src/check/compose.rs`). With no fault in the tree, a rule passes exactly
//! when the model says it should, so the property is never vacuous.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt as _;
use std::os::unix::fs::symlink;
use std::path::Path;

use evident::pack::load::PackSources;
use evident::results::{ManifestEntry, Results, Status};
use proptest::prelude::*;

use super::harness::Hostile;

/// Kinds `a` and `b` (`b` also by location, under `register/`), a record
/// kind, and a rule for each way a selector can be satisfied.
const PACK: &str = r#"
pack: {id: p, title: Property pack, version: 1.0.0, source: tests, scope: site}
kinds:
  a: {document: {fields: [owner]}}
  b: {document: {fields: [owner]}}
  calls:
    records:
      columns: {site: string, day: date, offered: int, answered: int}
sections: [{id: s, title: Rules}]
rules:
  - {id: p.each-a, section: s, title: Each a, severity: major, evidence: {kind: a}, checks: [{fields: {required: [owner]}}]}
  - {id: p.two-a, section: s, title: Two a, severity: major, evidence: {kind: a, min: 2}, checks: [{fields: {required: [owner]}}]}
  - {id: p.any-b, section: s, title: Any b, severity: major, evidence: {kind: b, match: any}, checks: [{fields: {required: [owner]}}]}
  - {id: p.policies, section: s, title: Policies, severity: major, evidence: {path: "policies/**"}, checks: [{fields: {required: [owner]}}]}
  - {id: p.any-two-a-policies, section: s, title: Two a policies, severity: major, evidence: {kind: a, path: "policies/**", min: 2, match: any}, checks: [{fields: {required: [owner]}}]}
  - {id: p.b-exists, section: s, title: B exists, severity: major, checks: [{document: {kind: b}}]}
  - {id: p.each-a-and-b, section: s, title: Each a and a b, severity: major, evidence: {kind: a}, checks: [{all: [{fields: {required: [owner]}}, {document: {kind: b}}]}]}
  - id: p.answered
    section: s
    title: Calls are answered
    severity: major
    checks: [{metric: {records: calls, measure: share, where: "answered >= offered", expect: ">= 0.9"}}]
"#;

const PROFILE: &str = "organisation: Property Ltd\nas_of: 2026-11-01\nperiod: {from: 2026-01-01, to: 2026-10-31}\n\
                       sites: [north, south]\ndocuments: {b: [\"register/**\"]}\n";

const SITES: [&str; 2] = ["north", "south"];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Fault {
    NotUtf8,
    Nul,
    LinkOut,
    BrokenLink,
    Fifo,
    /// Documents: front matter never closed; records: a quote never closed.
    Unclosed,
    /// Documents only: front matter that is not YAML.
    BadYaml,
    /// A folder where the file would be: no file at all.
    Folder,
}

const DOC_FAULTS: [Fault; 8] = [
    Fault::NotUtf8,
    Fault::Nul,
    Fault::LinkOut,
    Fault::BrokenLink,
    Fault::Fifo,
    Fault::Unclosed,
    Fault::BadYaml,
    Fault::Folder,
];
const RECORD_FAULTS: [Fault; 7] = [
    Fault::NotUtf8,
    Fault::Nul,
    Fault::LinkOut,
    Fault::BrokenLink,
    Fault::Fifo,
    Fault::Unclosed,
    Fault::Folder,
];

impl Fault {
    /// The file is there but cannot be read (a folder is simply no file).
    fn unreadable(fault: Option<Fault>) -> bool {
        fault.is_some_and(|f| f != Fault::Folder)
    }
}

#[derive(Debug, Clone)]
struct Doc {
    dir: &'static str,
    kind: &'static str,
    site: Option<&'static str>,
    /// Has its `owner`.
    good: bool,
    fault: Option<Fault>,
}

#[derive(Debug, Clone)]
struct RecordFile {
    /// (site, answered every call offered)
    rows: Vec<(&'static str, bool)>,
    fault: Option<Fault>,
}

#[derive(Debug, Clone)]
struct Tree {
    docs: Vec<Doc>,
    records: Vec<RecordFile>,
}

fn doc() -> impl Strategy<Value = Doc> {
    (
        prop::sample::select(vec!["policies", "other", "register"]),
        prop::sample::select(vec!["a", "b"]),
        prop::sample::select(vec![None, Some("north"), Some("south")]),
        prop::bool::weighted(0.8),
        prop::option::weighted(0.35, prop::sample::select(DOC_FAULTS.to_vec())),
    )
        .prop_map(|(dir, kind, site, good, fault)| Doc {
            dir,
            // Under `register/` the profile says the kind, not the file.
            kind: if dir == "register" { "b" } else { kind },
            site,
            good,
            fault,
        })
}

fn record_file() -> impl Strategy<Value = RecordFile> {
    (
        prop::collection::vec((prop::sample::select(SITES.to_vec()), prop::bool::weighted(0.85)), 1..5),
        prop::option::weighted(0.35, prop::sample::select(RECORD_FAULTS.to_vec())),
    )
        .prop_map(|(rows, fault)| RecordFile { rows, fault })
}

fn tree() -> impl Strategy<Value = Tree> {
    (
        prop::collection::vec(doc(), 1..=8),
        prop::collection::vec(record_file(), 0..=3),
    )
        .prop_map(|(docs, records)| Tree { docs, records })
}

fn doc_path(i: usize, d: &Doc) -> String {
    format!("{}/d{i}.md", d.dir)
}

fn record_path(i: usize) -> String {
    format!("records/calls/f{i}.csv")
}

fn mkfifo(path: &Path) {
    let c = CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo reads nothing else.
    assert_eq!(
        unsafe { libc::mkfifo(c.as_ptr(), 0o644) },
        0,
        "mkfifo {}",
        path.display()
    );
}

/// `text` with `byte` in its first "10" (a document's body, a record's
/// first `offered` cell).
fn spoil(text: &str, byte: &[u8]) -> Vec<u8> {
    let at = text.find("10").expect("a 10 to spoil") + 1;
    [&text.as_bytes()[..at], byte, &text.as_bytes()[at..]].concat()
}

/// Puts `text` at `rel`, or the fault in its place.
fn place(h: &Hostile, rel: &str, text: &str, fault: Option<Fault>, outside: &str) {
    let path = h.root().join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    match fault {
        None | Some(Fault::Unclosed | Fault::BadYaml) => std::fs::write(&path, text).unwrap(),
        Some(Fault::NotUtf8) => std::fs::write(&path, spoil(text, b"\xff")).unwrap(),
        Some(Fault::Nul) => std::fs::write(&path, spoil(text, b"\0")).unwrap(),
        Some(Fault::LinkOut) => symlink(h.outside(outside), &path).unwrap(),
        Some(Fault::BrokenLink) => symlink(h.root().join("missing/nowhere"), &path).unwrap(),
        Some(Fault::Fifo) => mkfifo(&path),
        Some(Fault::Folder) => std::fs::create_dir_all(&path).unwrap(),
    }
}

fn write(h: &Hostile, t: &Tree) {
    h.file("evident.yaml", PROFILE);
    for (i, d) in t.docs.iter().enumerate() {
        let mut meta = String::new();
        if d.dir != "register" {
            meta.push_str(&format!("kind: {}\n", d.kind));
        }
        if let Some(s) = d.site {
            meta.push_str(&format!("site: {s}\n"));
        }
        if d.good {
            meta.push_str("owner: Head of Quality\n");
        }
        let close = match d.fault {
            Some(Fault::Unclosed) => "",
            Some(Fault::BadYaml) => "owner: [\n---\n",
            _ => "---\n",
        };
        let text = format!("---\n{meta}{close}# Document {i}\n\nReviewed 10 times.\n");
        place(h, &doc_path(i, d), &text, d.fault, "secret.txt");
    }
    for (i, r) in t.records.iter().enumerate() {
        let mut text = String::from("site,day,offered,answered\n");
        for (n, (site, good)) in r.rows.iter().enumerate() {
            let quote = if n == 0 && r.fault == Some(Fault::Unclosed) {
                "\""
            } else {
                ""
            };
            text.push_str(&format!("{site},2026-02-01,{quote}10,{}\n", if *good { 10 } else { 5 }));
        }
        place(h, &record_path(i), &text, r.fault, "calls.csv");
    }
}

/// Whether the readable evidence justifies a pass, and the first unreadable
/// file that forbids one outright.
type Justified = (bool, Option<String>);

/// How a part of a rule is satisfied by the documents it selects.
#[derive(Clone, Copy)]
enum Verdict {
    /// Every selected document passes (an unreadable one might not).
    Each,
    /// One selected document passes.
    Any,
    /// Enough documents exist.
    Exists,
}

struct Part {
    kind: Option<&'static str>,
    policies: bool,
    min: usize,
    verdict: Verdict,
}

const fn part(kind: Option<&'static str>, policies: bool, min: usize, verdict: Verdict) -> Part {
    Part {
        kind,
        policies,
        min,
        verdict,
    }
}

/// The document rules of `PACK`: each passes when all its parts do.
const RULES: &[(&str, &[Part])] = &[
    ("p.each-a", &[part(Some("a"), false, 1, Verdict::Each)]),
    ("p.two-a", &[part(Some("a"), false, 2, Verdict::Each)]),
    ("p.any-b", &[part(Some("b"), false, 1, Verdict::Any)]),
    ("p.policies", &[part(None, true, 1, Verdict::Each)]),
    ("p.any-two-a-policies", &[part(Some("a"), true, 2, Verdict::Any)]),
    ("p.b-exists", &[part(Some("b"), false, 1, Verdict::Exists)]),
    (
        "p.each-a-and-b",
        &[
            part(Some("a"), false, 1, Verdict::Each),
            part(Some("b"), false, 1, Verdict::Exists),
        ],
    ),
];

impl Part {
    fn path_ok(&self, rel: &str) -> bool {
        !self.policies || rel.starts_with("policies/")
    }

    /// Whether the readable documents alone justify a pass at `site`. The
    /// second value: an unreadable file this part could select at `site`,
    /// which forbids a pass outright under `Each`.
    fn justified(&self, t: &Tree, manifest: &[ManifestEntry], site: &str) -> Justified {
        let mut readable = Vec::new();
        let mut unreadable = None;
        for (i, d) in t.docs.iter().enumerate() {
            let rel = doc_path(i, d);
            if !self.path_ok(&rel) {
                continue;
            }
            if Fault::unreadable(d.fault) {
                // What the engine learned of it before it failed (front
                // matter's `kind:` and `site:` lines, a profile glob), or
                // what it was meant to be: either could be true.
                let entry = manifest.iter().find(|e| e.path == rel);
                let kind_ok = match (self.kind, entry.and_then(|e| e.kind.as_deref())) {
                    (None, _) | (_, None) => true,
                    (Some(k), Some(learned)) => k == learned || k == d.kind,
                };
                let site_ok = match entry.and_then(|e| e.site.as_deref()) {
                    None => true,
                    Some(learned) => learned == site || d.site.is_none_or(|s| s == site),
                };
                if kind_ok && site_ok && unreadable.is_none() {
                    unreadable = Some(rel);
                }
            } else if d.fault.is_none() && self.kind.is_none_or(|k| k == d.kind) && d.site.is_none_or(|s| s == site) {
                readable.push(d.good);
            }
        }
        let enough = readable.len() >= self.min;
        let ok = match self.verdict {
            Verdict::Each => unreadable.is_none() && enough && readable.iter().all(|g| *g),
            Verdict::Any => enough && readable.iter().any(|g| *g),
            Verdict::Exists => enough,
        };
        let forbidding = matches!(self.verdict, Verdict::Each).then_some(unreadable).flatten();
        (ok, forbidding)
    }
}

/// Whether the records alone justify a pass of the metric at `site`, and
/// the first unreadable record file (which forbids one).
fn metric_justified(t: &Tree, site: &str) -> Justified {
    let unreadable = (0..t.records.len())
        .find(|&i| Fault::unreadable(t.records[i].fault))
        .map(record_path);
    let rows: Vec<bool> = t
        .records
        .iter()
        .filter(|r| r.fault.is_none())
        .flat_map(|r| r.rows.iter().filter(|(s, _)| *s == site).map(|(_, g)| *g))
        .collect();
    let good = rows.iter().filter(|g| **g).count();
    let ok = unreadable.is_none() && !rows.is_empty() && good as f64 / rows.len() as f64 >= 0.9;
    (ok, unreadable)
}

fn audit(h: &Hostile) -> Results {
    let opts = evident::AuditOptions {
        packs: PackSources {
            paths: vec![h.dir.path().join("packs/p")],
            dirs: Vec::new(),
            no_builtin: true,
            only: None,
        },
        ..evident::AuditOptions::new(h.root())
    };
    let audit = evident::audit(&opts).expect("the evidence folder is readable");
    match audit.results {
        Some(r) => r,
        None => panic!("no results:\n{}", audit.diagnostics.render(&audit.sources, false)),
    }
}

fn status(r: &Results, site: Option<&str>, id: &str) -> Status {
    let pack = &r.packs[0];
    let rules = match site {
        Some(s) => {
            &pack
                .sites
                .iter()
                .find(|x| x.site == s)
                .expect("a result per site")
                .rules
        }
        None => &pack.rules,
    };
    rules.iter().find(|x| x.id == id).expect("every rule").status
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn no_rule_passes_beside_an_unreadable_file_it_could_select(t in tree()) {
        let h = Hostile::new();
        std::fs::create_dir_all(h.dir.path().join("packs/p")).unwrap();
        std::fs::write(h.dir.path().join("packs/p/pack.yaml"), PACK).unwrap();
        write(&h, &t);
        let r = audit(&h);
        let faulty = t.docs.iter().any(|d| d.fault.is_some()) || t.records.iter().any(|f| f.fault.is_some());

        // Unreadable evidence is kept, with its problem, never dropped.
        for (i, d) in t.docs.iter().enumerate().filter(|(_, d)| Fault::unreadable(d.fault)) {
            let rel = doc_path(i, d);
            let entry = r.manifest.iter().find(|e| e.path == rel);
            prop_assert!(entry.is_some_and(|e| e.problem.is_some()), "{rel} ({:?}) is not kept with its problem", d.fault);
        }

        let mut verdicts: Vec<(&str, Vec<Justified>)> = RULES
            .iter()
            .map(|(id, parts)| (*id, SITES.iter().map(|s| {
                parts.iter().map(|p| p.justified(&t, &r.manifest, s)).fold((true, None), |(ok, why), (o, w)| (ok && o, why.or(w)))
            }).collect()))
            .collect();
        verdicts.push(("p.answered", SITES.iter().map(|s| metric_justified(&t, s)).collect()));

        for (id, per_site) in &verdicts {
            for (site, (justified, forbidding)) in SITES.iter().zip(per_site) {
                let got = status(&r, Some(site), id);
                if let Some(file) = forbidding {
                    prop_assert_ne!(got, Status::Pass, "{} passes at {} beside the unreadable {}", id, site, file);
                }
                prop_assert!(got != Status::Pass || *justified, "{} passes at {} without the readable evidence to justify it", id, site);
                if !faulty {
                    prop_assert_eq!(got == Status::Pass, *justified, "{} at {} with no fault in the tree", id, site);
                }
            }
            let org = status(&r, None, id);
            prop_assert!(org != Status::Pass || per_site.iter().all(|(j, _)| *j), "{} passes for the organisation", id);
        }
    }
}
