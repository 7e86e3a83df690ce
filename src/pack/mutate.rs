//! Mutation testing of packs: a rule is proven only when it fails on bad
//! evidence. `evident packs test --mutate` takes a pack's `all-pass` fixture
//! and breaks its evidence in the ways real evidence goes bad — a kind of
//! document removed, made unreadable, backdated, emptied under its headings
//! or left as a template; a record kind emptied, made unreadable or missing
//! its last month; attestations gone stale — and asks that every rule whose
//! evidence a mutation touches stop passing. A rule that still passes is a
//! survivor: the pack accepts evidence an auditor would reject.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::check::Check;
use crate::check::metric::Measure;
use crate::pack::load::LoadedPacks;
use crate::pack::{Pack, Rule};
use crate::results::{Results, Status};

/// A fixture's evidence broken in one way.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mutation {
    /// What was done: `remove`, `unreadable`, `backdate`, ...
    pub op: &'static str,
    /// The evidence kind it was done to (`attestations` for those).
    pub kind: String,
    /// The files it changed, relative to the fixture.
    pub files: Vec<String>,
    /// For `drop-member`: the member column and the member whose rows go.
    pub member: Option<(String, String)>,
}

impl std::fmt::Display for Mutation {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{} {}", self.op, self.kind)?;
        match &self.member {
            Some((column, value)) => write!(f, " ({column} {value})"),
            None => Ok(()),
        }
    }
}

/// A rule that passed the mutated evidence it reads.
#[derive(Debug, Clone)]
pub struct Survivor {
    pub rule: String,
    pub mutation: Mutation,
}

/// The mutation score of one pack.
#[derive(Debug, Default)]
pub struct Report {
    pub pack: String,
    pub mutations: usize,
    /// (rule, mutation) pairs where the mutation touches the rule's evidence
    /// and the rule passed before it.
    pub applicable: usize,
    pub killed: usize,
    pub survivors: Vec<Survivor>,
}

impl Report {
    pub fn score(&self) -> f64 {
        if self.applicable == 0 {
            return 0.0;
        }
        100.0 * self.killed as f64 / self.applicable as f64
    }
}

/// What one rule reads, for deciding which mutations touch it.
#[derive(Default)]
struct Reads {
    /// Document kinds its document checks select.
    present: BTreeSet<String>,
    fresh: BTreeSet<String>,
    fields: BTreeSet<String>,
    content: BTreeSet<String>,
    /// Document kinds whose registers it reads.
    registers: BTreeSet<String>,
    records: BTreeSet<String>,
    /// Record kinds it measures per time bucket.
    bucketed: BTreeSet<String>,
    /// Record kinds it measures per member of a population.
    populated: BTreeSet<String>,
    /// Record kinds it measures against a base that can be zero: a ratio's
    /// denominator, or a share whose condition scales by another column
    /// (`answered_in_sl >= 0.8 * offered`).
    based: BTreeSet<String>,
    attested: bool,
}

/// What a rule reads through checks it cannot do without: a check under
/// `any` or `at_least` has alternatives, so breaking its evidence alone
/// need not fail the rule.
fn reads(rule: &Rule) -> Reads {
    fn necessary<'a>(c: &'a Check, out: &mut Vec<&'a Check>) {
        match c {
            Check::All(cs) => cs.iter().for_each(|c| necessary(c, out)),
            Check::Any(cs) if cs.len() == 1 => necessary(&cs[0], out),
            Check::Any(_) | Check::AtLeast(_) => {}
            leaf => out.push(leaf),
        }
    }
    let mut leaves = Vec::new();
    necessary(&rule.check, &mut leaves);
    let mut r = Reads::default();
    let kind_of = |own: &Option<crate::pack::Selector>| {
        own.as_ref()
            .and_then(|s| s.kind.clone())
            .or_else(|| rule.evidence.kind.clone())
    };
    leaves.into_iter().for_each(|c| match c {
        Check::Document(d) => r.present.extend(kind_of(&d.selector)),
        Check::Fields(x) => {
            r.present.extend(kind_of(&x.evidence));
            r.fields.extend(kind_of(&x.evidence));
        }
        Check::Fresh(x) => {
            r.present.extend(kind_of(&x.evidence));
            r.fresh.extend(kind_of(&x.evidence));
        }
        Check::Headings(x) => {
            r.present.extend(kind_of(&x.evidence));
            r.content.extend(kind_of(&x.evidence));
        }
        Check::Text(x) => {
            r.present.extend(kind_of(&x.evidence));
            if !x.matches.is_empty() {
                r.content.extend(kind_of(&x.evidence));
            }
        }
        Check::Metric(m) => {
            r.records.insert(m.records.clone());
            if m.population.is_some() {
                r.populated.insert(m.records.clone());
            }
            let scaled = |w: &crate::yaml::Located<String>| w.value.contains('*') || w.value.contains('/');
            if m.measure == Measure::Ratio || (m.measure == Measure::Share && m.filter.as_ref().is_some_and(scaled)) {
                r.based.insert(m.records.clone());
            }
            // A pool over the whole period does not miss one month.
            let judged_by_period = !m.pooled || m.consecutive.is_some();
            if m.time_column().is_some() && judged_by_period {
                r.bucketed.insert(m.records.clone());
            }
        }
        Check::Register(x) => {
            r.present.extend(kind_of(&x.evidence));
            r.content.extend(kind_of(&x.evidence));
            r.registers.extend(kind_of(&x.evidence));
        }
        Check::Attestation(_) => r.attested = true,
        Check::All(_) | Check::Any(_) | Check::AtLeast(_) => {}
    });
    r
}

fn touches(r: &Reads, m: &Mutation) -> bool {
    match m.op {
        "remove" if m.kind == "attestations" => r.attested,
        "remove" | "unreadable-document" => r.present.contains(&m.kind),
        "backdate" => r.fresh.contains(&m.kind),
        "placeholders" => r.fields.contains(&m.kind) || r.fresh.contains(&m.kind),
        "empty-sections" => r.content.contains(&m.kind),
        "drop-register-row" | "blank-register-cell" => r.registers.contains(&m.kind),
        "no-rows" | "unreadable-records" => r.records.contains(&m.kind),
        "drop-last-month" => r.bucketed.contains(&m.kind),
        "drop-member" => r.populated.contains(&m.kind),
        "zero-denominator" => r.based.contains(&m.kind),
        "stale" => r.attested,
        _ => false,
    }
}

/// Runs every mutation of the `all-pass` fixture at `case` against `pack`.
pub fn run(pack: &Pack, pack_dir: &Path, case: &Path) -> anyhow::Result<Report> {
    // The pack is loaded once, as the fixture runner loads it (built-in
    // packs beside it, for its crosswalks), and shared by every mutant.
    let loaded = Arc::new(crate::pack::load_packs(&crate::pack::load::PackSources {
        paths: vec![pack_dir.to_path_buf()],
        ..Default::default()
    }));
    let baseline = audit(pack, &loaded, case)?;
    let passing: BTreeSet<String> = statuses(&baseline, &pack.id)
        .into_iter()
        .filter(|(_, s)| *s == Status::Pass)
        .map(|(id, _)| id)
        .collect();
    let as_of = crate::time::parse_date(&baseline.as_of).ok_or_else(|| anyhow::anyhow!("bad as-of date"))?;
    let last_month = baseline
        .period
        .as_ref()
        .map_or_else(|| baseline.as_of[..7].to_string(), |p| p.to[..7].to_string());
    let mut mutations = mutations(&baseline);
    mutations.extend(member_mutations(pack, &baseline, case));
    let reads: BTreeMap<&str, Reads> = pack.rules.iter().map(|r| (r.id.as_str(), reads(r))).collect();
    let mut report = Report {
        pack: pack.id.clone(),
        mutations: mutations.len(),
        ..Report::default()
    };
    // Mutants are independent: each runs on its own copy, on every core.
    let outcomes: Vec<(Mutation, Vec<&str>, BTreeMap<String, Status>)> = mutations
        .into_par_iter()
        .filter_map(|m| {
            let touched: Vec<&str> = pack
                .rules
                .iter()
                .map(|r| r.id.as_str())
                .filter(|id| passing.contains(*id) && touches(&reads[id], &m))
                .collect();
            (!touched.is_empty()).then_some((m, touched))
        })
        .map(|(m, touched)| -> anyhow::Result<_> {
            let dir = tempfile::tempdir()?;
            let root = dir.path().join("case");
            copy_tree(case, &root)?;
            apply(&m, &root, as_of, &last_month)?;
            let after = statuses(&audit(pack, &loaded, &root)?, &pack.id);
            Ok((m, touched, after))
        })
        .collect::<anyhow::Result<_>>()?;
    for (m, touched, after) in outcomes {
        for id in touched {
            report.applicable += 1;
            if after.get(id) == Some(&Status::Pass) {
                report.survivors.push(Survivor {
                    rule: id.to_string(),
                    mutation: m.clone(),
                });
            } else {
                report.killed += 1;
            }
        }
    }
    Ok(report)
}

fn audit(pack: &Pack, loaded: &Arc<LoadedPacks>, root: &Path) -> anyhow::Result<Results> {
    let mut opts = crate::AuditOptions::new(root);
    opts.preloaded = Some(Arc::clone(loaded));
    opts.select.push(pack.id.clone());
    opts.skip_record_hashes = true;
    let audit = crate::audit(&opts)?;
    audit.results.ok_or_else(|| {
        anyhow::anyhow!(
            "the fixture `{}` does not load:\n{}",
            root.display(),
            audit.diagnostics.render(&audit.sources, false)
        )
    })
}

/// Each rule's organisation-wide status.
fn statuses(results: &Results, pack: &str) -> BTreeMap<String, Status> {
    results
        .packs
        .iter()
        .filter(|p| p.id == pack)
        .flat_map(|p| &p.rules)
        .map(|r| (r.id.clone(), r.status))
        .collect()
}

/// The mutations a fixture's evidence allows: per document kind (Markdown
/// files), per record kind (CSV files), and of its attestations.
/// Per population a metric names: every row of its first member dropped
/// from the measured records, as if one agent had never been evaluated.
fn member_mutations(pack: &Pack, results: &Results, case: &Path) -> Vec<Mutation> {
    let csv_files = |kind: &str| -> Vec<String> {
        results
            .manifest
            .iter()
            .filter(|e| {
                e.role == "records" && e.kind.as_deref() == Some(kind) && e.path.to_ascii_lowercase().ends_with(".csv")
            })
            .map(|e| e.path.clone())
            .collect()
    };
    let mut out: Vec<Mutation> = Vec::new();
    for rule in &pack.rules {
        let mut metrics = Vec::new();
        rule.check.metrics(&mut metrics);
        for (m, pop) in metrics.iter().filter_map(|m| m.population.as_ref().map(|p| (m, p))) {
            let first = csv_files(&pop.records)
                .iter()
                .find_map(|f| first_value(&case.join(f), &pop.member));
            let files = csv_files(&m.records);
            if let (Some(member), false) = (first, files.is_empty()) {
                let mutation = Mutation {
                    op: "drop-member",
                    kind: m.records.clone(),
                    files,
                    member: Some((pop.key.clone(), member)),
                };
                if !out.contains(&mutation) {
                    out.push(mutation);
                }
            }
        }
    }
    out
}

/// A CSV file whose every number is 0: each row keeps its dates, sites and
/// ids, but has nothing offered, nothing answered, no one employed — a base
/// of zero, which is no value, never a target met.
fn zeroed(text: &str) -> std::io::Result<String> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut wtr = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    for (n, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(std::io::Error::other)?;
        let row: Vec<&str> = rec
            .iter()
            .map(|c| {
                if n > 0 && c.trim().parse::<f64>().is_ok() {
                    "0"
                } else {
                    c
                }
            })
            .collect();
        wtr.write_record(&row).map_err(std::io::Error::other)?;
    }
    String::from_utf8(wtr.into_inner().map_err(std::io::Error::other)?).map_err(std::io::Error::other)
}

/// The first value of `column` in a CSV file.
fn first_value(path: &Path, column: &str) -> Option<String> {
    let mut rdr = csv::Reader::from_path(path).ok()?;
    let i = rdr.headers().ok()?.iter().position(|h| h.trim() == column)?;
    rdr.records().flatten().find_map(|r| r.get(i).map(str::to_string))
}

/// A CSV file without the rows whose `column` is `value`.
fn without_member(text: &str, column: &str, value: &str) -> std::io::Result<String> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut wtr = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    let mut index = None;
    for (n, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(std::io::Error::other)?;
        if n == 0 {
            index = rec.iter().position(|h| h.trim() == column);
        } else if index.and_then(|i| rec.get(i)) == Some(value) {
            continue;
        }
        wtr.write_record(&rec).map_err(std::io::Error::other)?;
    }
    String::from_utf8(wtr.into_inner().map_err(std::io::Error::other)?).map_err(std::io::Error::other)
}

fn mutations(results: &Results) -> Vec<Mutation> {
    let mut docs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut records: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut attestations = None;
    for e in &results.manifest {
        let lower = e.path.to_ascii_lowercase();
        match (e.role.as_str(), &e.kind) {
            // A file holding several kinds (`a+b`) is evidence of each.
            ("document", Some(k)) if lower.ends_with(".md") => {
                for kind in k.split('+') {
                    docs.entry(kind.to_string()).or_default().push(e.path.clone());
                }
            }
            ("records", Some(k)) if lower.ends_with(".csv") => {
                records.entry(k.clone()).or_default().push(e.path.clone())
            }
            ("attestations", _) => attestations = Some(e.path.clone()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (kind, files) in docs {
        for op in [
            "remove",
            "unreadable-document",
            "backdate",
            "placeholders",
            "empty-sections",
            "drop-register-row",
            "blank-register-cell",
        ] {
            out.push(Mutation {
                op,
                kind: kind.clone(),
                files: files.clone(),
                member: None,
            });
        }
    }
    for (kind, files) in records {
        for op in ["no-rows", "unreadable-records", "drop-last-month", "zero-denominator"] {
            out.push(Mutation {
                op,
                kind: kind.clone(),
                files: files.clone(),
                member: None,
            });
        }
    }
    if let Some(file) = attestations {
        for op in ["remove", "stale"] {
            out.push(Mutation {
                op,
                kind: "attestations".into(),
                files: vec![file.clone()],
                member: None,
            });
        }
    }
    out
}

fn apply(m: &Mutation, root: &Path, as_of: jiff::civil::Date, last_month: &str) -> std::io::Result<()> {
    let long_ago = crate::time::add(as_of, jiff::Span::new().years(-10)).to_string();
    for rel in &m.files {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path)?;
        let new = match m.op {
            "remove" if m.kind == "attestations" => "[]\n".to_string(),
            "remove" => {
                std::fs::remove_file(&path)?;
                continue;
            }
            "unreadable-document" => format!("{text}\n\u{0}"),
            "unreadable-records" => {
                // A link to nowhere: the boundary refuses it.
                std::fs::remove_file(&path)?;
                #[cfg(unix)]
                std::os::unix::fs::symlink(root.join("no-such-file"), &path)?;
                continue;
            }
            "backdate" => map_front_matter(&text, |_, v| crate::time::parse_date(v).map(|_| long_ago.clone())),
            "placeholders" => map_front_matter(&text, |k, _| {
                (!matches!(k, "kind" | "site" | "title")).then(|| "TBD".into())
            }),
            "empty-sections" => empty_sections(&text),
            "drop-register-row" => last_table_row(&text, |_| None),
            "blank-register-cell" => last_table_row(&text, |row| {
                let cells: Vec<&str> = row.trim().trim_matches('|').split('|').collect();
                let last = cells.len().saturating_sub(1);
                let blanked: Vec<&str> = cells
                    .iter()
                    .enumerate()
                    .map(|(i, c)| if i == last { " TBD " } else { c })
                    .collect();
                Some(format!("|{}|", blanked.join("|")))
            }),
            "no-rows" => text.lines().next().map(|h| format!("{h}\n")).unwrap_or_default(),
            "zero-denominator" => zeroed(&text)?,
            "drop-member" => match &m.member {
                Some((column, value)) => without_member(&text, column, value)?,
                None => text,
            },
            "drop-last-month" => text
                .lines()
                .enumerate()
                .filter(|(i, l)| *i == 0 || !l.contains(&format!("{last_month}-")))
                .map(|(_, l)| format!("{l}\n"))
                .collect(),
            "stale" => text
                .lines()
                .map(|l| match l.trim_start().strip_prefix("date:") {
                    Some(v) if crate::time::parse_date(v.trim().trim_matches(['"', '\''])).is_some() => {
                        format!("{}date: {long_ago}\n", &l[..l.len() - l.trim_start().len()])
                    }
                    _ => format!("{l}\n"),
                })
                .collect(),
            _ => text,
        };
        std::fs::write(&path, new)?;
    }
    Ok(())
}

/// Rewrites top-level `key: value` lines of a Markdown file's front matter.
fn map_front_matter(text: &str, f: impl Fn(&str, &str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fences = 0;
    for line in text.lines() {
        if line.trim_end() == "---" && fences < 2 {
            fences += 1;
            out.push_str(line);
        } else if fences == 1
            && !line.starts_with([' ', '\t', '-'])
            && let Some((k, v)) = line.split_once(':')
            && let Some(new) = f(k.trim(), v.trim().trim_matches(['"', '\'']))
        {
            out.push_str(&format!("{k}: {new}"));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// The last row of the document's last pipe table replaced (or dropped,
/// when `f` gives nothing): one entry of a register gone or incomplete.
fn last_table_row(text: &str, f: impl Fn(&str) -> Option<String>) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let is_row = |l: &str| l.trim_start().starts_with('|');
    // A body row: a table line below the header and the delimiter line.
    let last = (2..lines.len())
        .rev()
        .find(|&i| is_row(lines[i]) && is_row(lines[i - 1]) && is_row(lines[i - 2]));
    let mut out = String::with_capacity(text.len());
    for (i, line) in lines.iter().enumerate() {
        let line = if Some(i) == last {
            f(line)
        } else {
            Some(line.to_string())
        };
        if let Some(l) = line {
            out.push_str(&l);
            out.push('\n');
        }
    }
    out
}

/// Keeps front matter and headings, drops everything written under them.
fn empty_sections(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fences = 0;
    for line in text.lines() {
        let in_front = fences == 1;
        if line.trim_end() == "---" && fences < 2 && (fences == 1 || out.is_empty()) {
            fences += 1;
        } else if !in_front && !line.trim_start().starts_with('#') && !line.trim().is_empty() {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for e in walkdir::WalkDir::new(from) {
        let e = e.map_err(std::io::Error::other)?;
        let rel = e.path().strip_prefix(from).map_err(std::io::Error::other)?;
        let target = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else {
            std::fs::copy(e.path(), &target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_members_rows_are_dropped() {
        let csv = "site,agent_id,n\nnorth,A1,1\nnorth,\"A2\",2\nnorth,A1,3\n";
        assert_eq!(
            without_member(csv, "agent_id", "A1").unwrap(),
            "site,agent_id,n\nnorth,A2,2\n"
        );
    }

    #[test]
    fn numbers_are_zeroed_and_the_rest_kept() {
        let csv = "site,interval_start,offered,answered\nnorth,2026-10-01T08:00:00Z,12,10.5\n";
        assert_eq!(
            zeroed(csv).unwrap(),
            "site,interval_start,offered,answered\nnorth,2026-10-01T08:00:00Z,0,0\n"
        );
    }

    #[test]
    fn a_registers_last_row_is_dropped_or_blanked() {
        let doc = "# SoA\n\n| Control | Why |\n| --- | --- |\n| 1.1 | a |\n| 1.2 | b |\n\nEnd.\n";
        assert_eq!(
            last_table_row(doc, |_| None),
            "# SoA\n\n| Control | Why |\n| --- | --- |\n| 1.1 | a |\n\nEnd.\n"
        );
        assert!(last_table_row(doc, |r| Some(r.replace(" b ", " TBD "))).contains("| 1.2 | TBD |\n"));
    }

    #[test]
    fn front_matter_and_sections_are_rewritten_in_place() {
        let doc =
            "---\nkind: policy\napproved_on: 2026-03-01\nowner: A\n---\n# Title\n\nWords here.\n\n## Scope\nMore.\n";
        let backdated = map_front_matter(doc, |_, v| crate::time::parse_date(v).map(|_| "2016-03-01".into()));
        assert!(backdated.contains("approved_on: 2016-03-01\nowner: A\n"));
        assert_eq!(
            empty_sections(doc),
            "---\nkind: policy\napproved_on: 2026-03-01\nowner: A\n---\n# Title\n\n\n## Scope\n"
        );
    }
}
