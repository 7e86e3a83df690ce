//! Auditor samples: a reproducible random draw of the records or documents
//! behind a rule (ISO 19011 sampling; QA monitoring's "listen to a sample
//! of calls"), written as a checklist an auditor fills in. The same seed
//! over the same evidence draws the same items, so an attestation that
//! cites a sample (`sample: SEED/N`) can be checked against a fresh draw:
//! a checklist whose items were swapped or dropped does not count.
//!
//! The population of a rule with metric checks is the rows of their record
//! kinds that the metric reads (its `counted` conditions, and `where`
//! except for a share, where `where` is what is measured among them), at
//! the site, dated in the audit period when the metric reads a date; of any
//! other rule, the documents its selector picks at the site.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;

use crate::evidence::Index;
use crate::pack::{Kind, Pack, Params, Rule};
use crate::records::{self, BadRow, Cell, Sink};
use crate::results::SampleCheck;

/// What to draw.
#[derive(Debug, Clone)]
pub struct Ask {
    pub rule: String,
    pub site: Option<String>,
    pub n: usize,
    pub seed: u64,
}

/// A drawn sample: the checklist's header and its items.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub rule: String,
    pub title: String,
    pub site: Option<String>,
    pub seed: u64,
    pub n: usize,
    /// How many items the sample was drawn from.
    pub population: u64,
    /// What the population is, in words.
    pub from: String,
    pub as_of: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub file: String,
    /// The row's line (CSV), item (JSON) or spreadsheet row; none for a
    /// document.
    pub row: Option<u64>,
    /// The record's values, or a document's title, kind and hash.
    pub values: Vec<(String, String)>,
}

/// SplitMix64 (Steele, Lea and Flood): written out rather than taken from
/// a crate so that a seed draws the same sample in every version of
/// evident, which a crate's generator does not promise.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (rejection, so no value is favoured).
    fn below(&mut self, n: u64) -> u64 {
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let v = self.next();
            if v < zone {
                return v % n;
            }
        }
    }
}

/// `n` distinct positions of `0..total`, ascending (Floyd's algorithm: one
/// draw per item, whatever the population).
fn choose(total: u64, n: usize, seed: u64) -> Vec<u64> {
    let n = (n as u64).min(total);
    let mut rng = SplitMix(seed);
    let mut chosen = BTreeSet::new();
    for j in total - n..total {
        let t = rng.below(j + 1);
        if !chosen.insert(t) {
            chosen.insert(j);
        }
    }
    chosen.into_iter().collect()
}

/// A cell as the checklist shows it.
fn show(cell: &Cell<'_>) -> String {
    let day = |d: i64| {
        let (y, m, dd) = crate::time::civil_from_days(d as i32);
        format!("{y:04}-{m:02}-{dd:02}")
    };
    match cell {
        Cell::Null => String::new(),
        Cell::Int(i) => i.to_string(),
        Cell::Float(f) => f.to_string(),
        Cell::Bool(b) => b.to_string(),
        Cell::Str(s) => String::from_utf8_lossy(s).into_owned(),
        Cell::Date(d) => day(i64::from(*d)),
        Cell::DateTime { local, .. } => {
            let secs = local.rem_euclid(86_400);
            format!(
                "{}T{:02}:{:02}:{:02}",
                day(local.div_euclid(86_400)),
                secs / 3600,
                secs / 60 % 60,
                secs % 60
            )
        }
        Cell::Duration(s) => format!("{s}s"),
    }
}

/// The rows a sample may draw: those the metric reads, at the site, dated
/// within the period.
struct Filter {
    site: Option<(usize, String)>,
    date: Option<(usize, i64, i64)>,
    conditions: Vec<crate::expr::Compiled>,
}

impl Filter {
    fn keeps(&self, cells: &[Cell<'_>], memo: &mut crate::expr::Memo) -> bool {
        if !self.conditions.iter().all(|c| c.test(cells, memo)) {
            return false;
        }
        let site_ok = self.site.as_ref().is_none_or(|(slot, s)| match cells.get(*slot) {
            Some(Cell::Str(v)) => *v == s.as_bytes(),
            _ => false,
        });
        let date_ok = self.date.is_none_or(|(slot, from, to)| {
            let day = match cells.get(slot) {
                Some(Cell::Date(d)) => i64::from(*d),
                Some(Cell::DateTime { local, .. }) => local.div_euclid(86_400),
                _ => return false,
            };
            (from..=to).contains(&day)
        });
        site_ok && date_ok
    }
}

/// First pass: where the rows that count are; second: the chosen ones.
struct RowSink<'a> {
    filter: &'a Filter,
    memo: crate::expr::Memo,
    /// `None`: count (collect lines); `Some`: keep these lines' values.
    wanted: Option<&'a BTreeSet<u64>>,
    lines: Vec<u64>,
    kept: Vec<(u64, Vec<String>)>,
    bad: u64,
}

impl<'a> RowSink<'a> {
    fn new(filter: &'a Filter, wanted: Option<&'a BTreeSet<u64>>) -> Self {
        RowSink {
            filter,
            memo: Default::default(),
            wanted,
            lines: Vec::new(),
            kept: Vec::new(),
            bad: 0,
        }
    }
}

impl Sink for RowSink<'_> {
    fn row(&mut self, at: u64, cells: &[Cell<'_>]) {
        if !self.filter.keeps(cells, &mut self.memo) {
            return;
        }
        match self.wanted {
            None => self.lines.push(at),
            Some(w) if w.contains(&at) => self.kept.push((at, cells.iter().map(show).collect())),
            Some(_) => {}
        }
    }
    fn bad(&mut self, _bad: BadRow) {
        self.bad += 1;
    }
}

/// Draws the sample of `rule` (of `pack`) from the indexed evidence.
pub fn draw(
    pack: &Pack,
    rule: &Rule,
    params: &Params,
    index: &Index,
    period: Option<(Date, Date)>,
    as_of: Date,
    ask: &Ask,
) -> anyhow::Result<Sample> {
    anyhow::ensure!(ask.n > 0, "a sample needs at least one item (--n)");
    let mut metrics = Vec::new();
    rule.check.metrics(&mut metrics);
    let site = ask.site.as_deref();
    let (population, from, items) = if metrics.is_empty() {
        anyhow::ensure!(
            rule.evidence.kind.is_some() || rule.evidence.path.is_some(),
            "{} names no evidence to sample from: it reads no records, and its `evidence` names no document kind or path",
            rule.id
        );
        documents(rule, index, site, ask)
    } else {
        let mut kinds: Vec<&str> = metrics.iter().map(|m| m.records.as_str()).collect();
        kinds.dedup();
        // Records dated after the as-of date have not happened yet, for the
        // sample as for the metric.
        let period = period.map(|(f, t)| (f, t.min(as_of)));
        rows(pack, &metrics, &kinds, params, index, site, period, ask)?
    };
    anyhow::ensure!(
        population > 0,
        "nothing to sample: {from} is empty; check the rule's evidence with `evident check --explain-evidence`"
    );
    Ok(Sample {
        rule: rule.id.clone(),
        title: rule.title.clone(),
        site: ask.site.clone(),
        seed: ask.seed,
        n: ask.n,
        population,
        from,
        as_of: as_of.to_string(),
        items,
    })
}

fn documents(rule: &Rule, index: &Index, site: Option<&str>, ask: &Ask) -> (u64, String, Vec<Item>) {
    let (ok, bad) = index.select(&rule.evidence, site);
    let mut docs: Vec<&crate::evidence::Document> = ok.into_iter().chain(bad).collect();
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    docs.dedup_by(|a, b| a.path == b.path);
    let what = rule
        .evidence
        .kind
        .as_deref()
        .map_or("documents".into(), |k| format!("`{k}` documents"));
    let from = format!(
        "the {what} the rule selects{}",
        site.map(|s| format!(" at {s}")).unwrap_or_default()
    );
    let chosen = choose(docs.len() as u64, ask.n, ask.seed);
    let items = chosen
        .iter()
        .map(|&i| {
            let d = docs[i as usize];
            let sha = index
                .manifest
                .iter()
                .find(|m| m.path == d.path)
                .map(|m| m.sha256.clone());
            let mut values = vec![("title".to_string(), d.title.clone().unwrap_or_default())];
            values.extend(d.kind.clone().map(|k| ("kind".to_string(), k)));
            values.extend(sha.map(|s| ("sha256".to_string(), s)));
            Item {
                file: d.path.clone(),
                row: None,
                values,
            }
        })
        .collect();
    (docs.len() as u64, from, items)
}

#[allow(clippy::too_many_arguments)]
fn rows(
    pack: &Pack,
    metrics: &[&crate::check::metric::Metric],
    kinds: &[&str],
    params: &Params,
    index: &Index,
    site: Option<&str>,
    period: Option<(Date, Date)>,
    ask: &Ask,
) -> anyhow::Result<(u64, String, Vec<Item>)> {
    let day = |d: Date| {
        i64::from(
            records::cell::days_from_civil(i64::from(d.year()), i64::from(d.month()), i64::from(d.day())).unwrap_or(0),
        )
    };
    // Every kind's files and the rows of each that count, in file order.
    let mut files: Vec<(&str, String, Vec<u64>)> = Vec::new();
    let mut unreadable = 0u64;
    let mut plans = BTreeMap::new();
    for kind_name in kinds {
        let Some(Kind::Records(kind)) = pack.kinds.get(*kind_name) else {
            continue;
        };
        let names: Vec<String> = kind.columns.iter().map(|c| c.name.clone()).collect();
        let needed = records::needed(kind, &names, index.columns.get(*kind_name));
        let slot = |n: &str| needed.iter().position(|x| x.name == n);
        let metric = metrics
            .iter()
            .find(|m| m.records == *kind_name)
            .expect("a metric of the kind");
        let cols: Vec<(String, crate::pack::ColumnType)> = needed.iter().map(|n| (n.name.clone(), n.ty)).collect();
        // A share's `where` is what it measures among the counted rows, so
        // the population is every counted row; other measures read only the
        // counted rows meeting `where`.
        let measured = (metric.measure != crate::check::metric::Measure::Share)
            .then_some(metric.filter.as_ref())
            .flatten();
        let conditions = measured
            .into_iter()
            .chain(metric.counted.iter().map(|(_, e)| e))
            .map(|e| crate::expr::Compiled::new(&e.value, &cols, params))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| anyhow::anyhow!("cannot compile the metric's conditions: {e}"))?;
        let filter = Filter {
            site: site.and_then(|s| slot("site").map(|i| (i, s.to_string()))),
            date: period.and_then(|(f, t)| metric.date_column(kind).and_then(slot).map(|i| (i, day(f), day(t)))),
            conditions,
        };
        for rel in index.records.get(*kind_name).into_iter().flatten() {
            let make = || RowSink::new(&filter, None);
            let scanned = records::scan(
                &index.boundary,
                &index.root.join(rel),
                &needed,
                &kind.sheet,
                &make,
                false,
            )
            .map_err(|p| {
                anyhow::anyhow!(
                    "cannot read `{rel}`: {}; a sample is drawn from readable files only",
                    p.0
                )
            })?;
            unreadable += scanned.sinks.iter().map(|s| s.bad).sum::<u64>();
            let mut lines: Vec<u64> = scanned.sinks.into_iter().flat_map(|s| s.lines).collect();
            lines.sort_unstable();
            files.push((kind_name, rel.clone(), lines));
        }
        plans.insert(*kind_name, (kind, needed, filter));
    }
    let total: u64 = files.iter().map(|f| f.2.len() as u64).sum();
    let chosen = choose(total, ask.n, ask.seed);
    // Each chosen position as (file, line).
    let mut wanted: BTreeMap<usize, BTreeSet<u64>> = BTreeMap::new();
    let (mut start, mut f) = (0u64, 0usize);
    for &c in &chosen {
        while c >= start + files[f].2.len() as u64 {
            start += files[f].2.len() as u64;
            f += 1;
        }
        wanted.entry(f).or_default().insert(files[f].2[(c - start) as usize]);
    }
    let mut items = Vec::new();
    for (f, lines) in &wanted {
        let (kind_name, rel, _) = &files[*f];
        let (kind, needed, filter) = &plans[kind_name];
        let make = || RowSink::new(filter, Some(lines));
        let scanned = records::scan(
            &index.boundary,
            &index.root.join(rel),
            needed,
            &kind.sheet,
            &make,
            false,
        )
        .map_err(|p| anyhow::anyhow!("cannot read `{rel}` again: {}", p.0))?;
        let mut kept: Vec<(u64, Vec<String>)> = scanned.sinks.into_iter().flat_map(|s| s.kept).collect();
        kept.sort_by_key(|k| k.0);
        for (line, values) in kept {
            items.push(Item {
                file: rel.clone(),
                row: Some(line),
                values: needed.iter().map(|n| n.name.clone()).zip(values).collect(),
            });
        }
    }
    // Rows that could not be read are outside the draw: say how many.
    let from = format!(
        "the `{}` records the rule's metric reads{}{}{}",
        kinds.join("`, `"),
        site.map(|s| format!(" at {s}")).unwrap_or_default(),
        if period.is_some() {
            " dated in the audit period"
        } else {
            ""
        },
        if unreadable > 0 {
            format!(" ({unreadable} unreadable rows left out)")
        } else {
            String::new()
        }
    );
    Ok((total, from, items))
}

/// YAML double-quoted text (JSON's escaping is valid YAML).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The checklist an auditor fills in: YAML, one item per drawn record or
/// document, each with `verified:` and `note:` left for the auditor.
pub fn checklist(s: &Sample) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let cite = format!("{}/{}", s.seed, s.n);
    let _ = writeln!(
        out,
        "# evident sample: an auditor's checklist for {}.\n# Check each item against its source; set `verified: yes` or `verified: no` (with a note).\n# Keep the filled checklist in the evidence repository and cite it from the attestation:\n#   sample: {cite}\n#   evidence: [<this file's path>]\n# The same seed over the same evidence draws the same items: evident draws again to check.",
        s.rule
    );
    let _ = writeln!(out, "sample:");
    let _ = writeln!(out, "  rule: {}", quoted(&s.rule));
    let _ = writeln!(out, "  title: {}", quoted(&s.title));
    if let Some(site) = &s.site {
        let _ = writeln!(out, "  site: {}", quoted(site));
    }
    let _ = writeln!(out, "  seed: {}", s.seed);
    let _ = writeln!(out, "  n: {}", s.n);
    let _ = writeln!(out, "  population: {}", s.population);
    let _ = writeln!(out, "  from: {}", quoted(&s.from));
    let _ = writeln!(out, "  drawn_as_of: {}", s.as_of);
    let _ = writeln!(out, "items:");
    for (i, item) in s.items.iter().enumerate() {
        let _ = writeln!(out, "  - item: {}", i + 1);
        let _ = writeln!(out, "    file: {}", quoted(&item.file));
        if let Some(row) = item.row {
            let _ = writeln!(out, "    row: {row}");
        }
        let values: Vec<String> = item.values.iter().map(|(k, v)| format!("{k}: {}", quoted(v))).collect();
        let _ = writeln!(out, "    values: {{{}}}", values.join(", "));
        let _ = writeln!(out, "    verified:");
        let _ = writeln!(out, "    note:");
    }
    out
}

#[derive(serde::Deserialize)]
struct Filled {
    sample: FilledHead,
    #[serde(default)]
    items: Vec<FilledItem>,
}

#[derive(serde::Deserialize)]
struct FilledHead {
    rule: String,
    site: Option<String>,
    seed: u64,
    n: usize,
}

#[derive(serde::Deserialize)]
struct FilledItem {
    file: String,
    row: Option<u64>,
    verified: Option<serde_json::Value>,
}

/// Reads a filled checklist (`text`, from `file`) and checks it against
/// `drawn`, the draw the attestation's seed and size give today: the same
/// items, each verified or not. A checklist of other items, or with items
/// left unchecked, does not back the attestation.
pub fn check_filled(file: &str, text: &str, drawn: &Sample) -> SampleCheck {
    let mut check = SampleCheck {
        seed: drawn.seed,
        n: drawn.n,
        file: Some(file.to_string()),
        items: drawn.items.len(),
        verified: 0,
        failed: 0,
        unchecked: 0,
        problem: None,
    };
    let problem = |c: &mut SampleCheck, why: String| {
        c.problem = Some(format!("{file}: {why}"));
    };
    let filled: Filled = match crate::yaml::parse(crate::diag::FileId(0), text, crate::yaml::Limits::CONFIG, 0)
        .map_err(|d| d.message)
        .and_then(|node| serde_json::from_value(node.to_json()).map_err(|e| e.to_string()))
    {
        Ok(f) => f,
        Err(why) => {
            problem(&mut check, format!("is not an evident sample checklist: {why}"));
            return check;
        }
    };
    let h = &filled.sample;
    if h.rule != drawn.rule || h.site != drawn.site || h.seed != drawn.seed || h.n != drawn.n {
        problem(
            &mut check,
            format!(
                "is the sample {}/{} of {}{}, not the one the attestation cites",
                h.seed,
                h.n,
                h.rule,
                h.site.as_deref().map(|s| format!(" at {s}")).unwrap_or_default()
            ),
        );
        return check;
    }
    let listed: Vec<(&str, Option<u64>)> = filled.items.iter().map(|i| (i.file.as_str(), i.row)).collect();
    let expected: Vec<(&str, Option<u64>)> = drawn.items.iter().map(|i| (i.file.as_str(), i.row)).collect();
    if listed != expected {
        let at = listed
            .iter()
            .zip(&expected)
            .position(|(a, b)| a != b)
            .unwrap_or(listed.len().min(expected.len()));
        problem(
            &mut check,
            format!(
                "its items are not the ones seed {} draws from the evidence now (from item {} on); draw it again with `evident sample`",
                drawn.seed,
                at + 1
            ),
        );
        return check;
    }
    for (i, item) in filled.items.iter().enumerate() {
        use serde_json::Value;
        let said = match &item.verified {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(t)) => match t.trim().to_ascii_lowercase().as_str() {
                "" => Ok(None),
                "yes" | "y" | "true" | "verified" => Ok(Some(true)),
                "no" | "n" | "false" => Ok(Some(false)),
                _ => Err(()),
            },
            Some(_) => Err(()),
        };
        match said {
            Ok(None) => check.unchecked += 1,
            Ok(Some(true)) => check.verified += 1,
            Ok(Some(false)) => check.failed += 1,
            Err(()) => {
                problem(&mut check, format!("item {}: `verified` must be yes or no", i + 1));
                return check;
            }
        }
    }
    if check.unchecked > 0 {
        let why = format!("{} of its {} items are not checked yet", check.unchecked, check.items);
        problem(&mut check, why);
    }
    check
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_draws_the_same_positions_and_another_seed_others() {
        let a = choose(1000, 25, 42);
        assert_eq!(a, choose(1000, 25, 42));
        assert_eq!(a.len(), 25);
        assert!(a.windows(2).all(|w| w[0] < w[1]), "distinct and ascending");
        assert_ne!(a, choose(1000, 25, 43));
        assert_eq!(choose(3, 10, 1), [0, 1, 2], "more than there is: all of it");
        // Fixed forever: a checklist drawn today is checked by later versions.
        assert_eq!(choose(100, 5, 7), choose(100, 5, 7));
        assert_eq!(SplitMix(0).next(), 0xE220_A839_7B1D_CDAF);
    }
}
