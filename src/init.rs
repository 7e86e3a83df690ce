//! `evident init`: a new evidence repository laid out for chosen packs —
//! the profile, a skeleton per document kind (every field a visible
//! placeholder, every required heading with a note of what goes under it),
//! a header-only file per record kind, and commented waivers and
//! attestations. Skeletons are unfilled templates, so no rule passes on
//! them: the repository fails closed until someone writes the evidence.
//! Nothing that exists is overwritten.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::check::Check;
use crate::pack::{Kind, Pack};

/// What `init` did: files written and files left alone because they exist.
#[derive(Debug, Default)]
pub struct Scaffold {
    pub written: Vec<PathBuf>,
    pub skipped: Vec<PathBuf>,
}

/// Writes the repository's files under `dir` for `packs`.
pub fn scaffold(dir: &Path, packs: &[&Pack], sites: &[String]) -> anyhow::Result<Scaffold> {
    let mut files: Vec<(PathBuf, String)> = vec![
        (PathBuf::from(crate::evidence::PROFILE), profile(packs, sites)),
        (PathBuf::from(crate::waiver::FILE), WAIVERS.to_string()),
        (PathBuf::from(crate::attestation::FILE), ATTESTATIONS.to_string()),
    ];
    let (documents, records) = kinds_used(packs);
    for (kind, (fields, headings)) in &documents {
        files.push((
            PathBuf::from("documents").join(format!("{kind}.md")),
            document(kind, fields, headings),
        ));
    }
    for (kind, columns) in &records {
        files.push((
            PathBuf::from("records").join(kind).join(format!("{kind}.csv")),
            format!("{}\n", columns.join(",")),
        ));
    }
    let mut out = Scaffold::default();
    for (rel, text) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| cannot(parent, e))?;
        }
        // `create_new`: a file that exists, or appears meanwhile, is kept.
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut f) => {
                std::io::Write::write_all(&mut f, text.as_bytes()).map_err(|e| cannot(&path, e))?;
                out.written.push(rel);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => out.skipped.push(rel),
            Err(e) => return Err(cannot(&path, e)),
        }
    }
    Ok(out)
}

fn cannot(path: &Path, e: std::io::Error) -> anyhow::Error {
    anyhow::anyhow!(
        "cannot write `{}`: {}; choose a folder evident can write",
        path.display(),
        crate::diag::io_reason(&e)
    )
}

/// Document kinds (with the fields and headings their rules require) and
/// record kinds (with their columns) that the packs' rules read.
#[allow(clippy::type_complexity)]
fn kinds_used(
    packs: &[&Pack],
) -> (
    BTreeMap<String, (BTreeSet<String>, Vec<String>)>,
    BTreeMap<String, Vec<String>>,
) {
    let mut documents: BTreeMap<String, (BTreeSet<String>, Vec<String>)> = BTreeMap::new();
    let mut records = BTreeMap::new();
    for pack in packs {
        for rule in &pack.rules {
            let mut add_doc = |kind: Option<&String>, fields: &[String], headings: &[String]| {
                let Some(kind) = kind else { return };
                let Some(Kind::Document(d)) = pack.kinds.get(kind) else {
                    return;
                };
                let entry = documents.entry(kind.clone()).or_default();
                entry.0.extend(d.fields.iter().chain(fields).cloned());
                for h in d.headings.iter().chain(headings) {
                    if !entry.1.contains(h) {
                        entry.1.push(h.clone());
                    }
                }
            };
            fn own<'a>(sel: &'a Option<crate::pack::Selector>, rule: &'a crate::pack::Rule) -> Option<&'a String> {
                sel.as_ref()
                    .and_then(|s| s.kind.as_ref())
                    .or(rule.evidence.kind.as_ref())
            }
            add_doc(rule.evidence.kind.as_ref(), &[], &[]);
            rule.check.leaves(&mut |c| match c {
                Check::Document(d) => add_doc(own(&d.selector, rule), &[], &[]),
                Check::Fields(f) => {
                    let named: Vec<String> = (f.required.iter().flatten())
                        .chain(f.bounds.keys())
                        .chain(f.equals.keys())
                        .cloned()
                        .collect();
                    add_doc(own(&f.evidence, rule), &named, &[]);
                }
                Check::Fresh(f) => add_doc(own(&f.evidence, rule), std::slice::from_ref(&f.field), &[]),
                Check::Headings(h) => add_doc(own(&h.evidence, rule), &[], h.required.as_deref().unwrap_or_default()),
                Check::Text(t) => add_doc(own(&t.evidence, rule), &[], &[]),
                Check::Register(r) => add_doc(own(&r.evidence, rule), &[], &[]),
                Check::Metric(m) => {
                    for kind in std::iter::once(&m.records).chain(m.population.as_ref().map(|p| &p.records)) {
                        if let Some(Kind::Records(r)) = pack.kinds.get(kind) {
                            records.insert(kind.clone(), r.columns.iter().map(|c| c.name.clone()).collect());
                        }
                    }
                }
                _ => {}
            });
        }
    }
    (documents, records)
}

fn profile(packs: &[&Pack], sites: &[String]) -> String {
    let mut out = String::from(
        "# The audit profile: who is audited, against which packs, and how this repository is laid out.\n\
         # `evident check` reads it; the README's \"Profile\" section lists every key.\n\
         organisation: New organisation   # your organisation's name\n",
    );
    if !sites.is_empty() {
        let _ = writeln!(out, "sites: [{}]", sites.join(", "));
    }
    out.push_str(
        "# The audit period: metric checks read the records within it, month by month.\n\
         # period: {from: 2026-01-01, to: 2026-12-31}\n\
         packs:\n",
    );
    for p in packs {
        let _ = writeln!(out, "  - {}   # {}", p.id, p.title);
    }
    out.push_str(
        "# Leave a rule, or every rule with a tag, out with the reason (your Statement of Applicability):\n\
         #  - id: <pack>\n\
         #    exclude:\n\
         #      - {rule: <rule id>, justification: Why this requirement does not apply here.}\n\
         #      - {tag: <tag>, justification: Why none of the rules with this tag apply here.}   # `evident packs show <pack>` lists the tags\n",
    );
    out
}

/// A document kind's skeleton: every field a placeholder and every heading
/// a note, so it is an unfilled template and no rule takes it as evidence.
fn document(kind: &str, fields: &BTreeSet<String>, headings: &[String]) -> String {
    let mut out = format!("---\nkind: {kind}\ntitle: \"[Title]\"\n");
    for f in fields {
        // Dates show the form they take; the rest say they are to be done.
        let date = f.ends_with("_on") || f == "review_by";
        let hole = if date { "YYYY-MM-DD" } else { "TBD" };
        let _ = writeln!(out, "{f}: {hole}");
    }
    let title = kind.replace('-', " ");
    let _ = writeln!(out, "---\n# [Title: {title}]\n");
    if headings.is_empty() {
        out.push_str("[Write the document here.]\n");
    }
    for h in headings {
        let _ = writeln!(out, "## {h}\n\n[Write what this section needs.]\n");
    }
    out
}

const WAIVERS: &str = "\
# Waivers: accepted gaps, each with an owner, an approver and an expiry.
# A waived rule is reported as waived until the expiry date, then fails again.
# - rule: <rule id>
#   site: <site>            # optional: one site only
#   reason: Why the gap is accepted for now, and what will close it.
#   owner: <who closes it>
#   approver: <who accepted it>
#   expires: 2026-12-31
[]
";

const ATTESTATIONS: &str = "\
# Attestations: what an auditor observed, for rules that need a person's judgement.
# - rule: <rule id>
#   result: pass            # pass or fail
#   auditor: <name and role>
#   date: 2026-01-31
#   statement: What was observed and sampled.
[]
";
