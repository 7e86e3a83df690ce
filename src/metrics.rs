//! Metric aggregation: every metric check over a record kind is fed in the
//! same pass over that kind's files (blocks of a file on every core, one
//! accumulator set per worker, merged at the end), before rules are
//! evaluated. A metric check then only finalises its groups for the site
//! being evaluated ([`finalise`]).
//!
//! Memory per metric is one accumulator per (site, group); exact
//! percentiles add one counter per distinct value in a group.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::civil::Date;
use rustc_hash::FxHashMap;
use smallvec::SmallVec;

use crate::check::metric::{By, Measure, Metric, Population, in_percent};
use crate::check::{Ctx, Outcome};
use crate::evidence::Index;
use crate::expr::{Compiled, Memo};
use crate::pack::{ColumnType, Kind, Pack, Params, RecordKind, Scope};
use crate::records::{self, BadRow, Cell, Needed, Sink};
use crate::results::{Finding, Status};
use crate::results::{GroupRow, MetricTable, display_value};
use crate::sum::ExactSum;
use crate::time::Bucket;

/// A part of a group key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyPart {
    Text(String),
    Period(i64),
}

/// Running totals of one group. Small (the counts, and a box for what
/// values add): a count or share metric never allocates one, and a pass
/// over many groups keeps more of them in cache.
#[derive(Debug, Clone, Default)]
pub struct Acc {
    /// Counted rows.
    pub n: u64,
    /// Counted rows meeting `where`.
    pub hits: u64,
    /// Values measured (counted, meeting `where`, with a value).
    pub values: u64,
    /// What the values add up to, from the first value on.
    pub valued: Option<Box<Valued>>,
}

/// What the values of a group add up to.
#[derive(Debug, Clone, Default)]
pub struct Valued {
    /// Exact sums: the same total whatever order blocks are merged in.
    pub sum: ExactSum,
    /// Σ of the `per` expression, for ratios.
    pub per: ExactSum,
    pub min: f64,
    pub max: f64,
    /// Value bits → occurrences, for exact percentiles.
    pub hist: FxHashMap<u64, u64>,
}

impl Acc {
    fn add_value(&mut self, v: f64, keep: bool) {
        let first = self.values == 0;
        let x = self.valued.get_or_insert_with(Box::default);
        if first {
            x.min = v;
            x.max = v;
        } else {
            x.min = x.min.min(v);
            x.max = x.max.max(v);
        }
        self.values += 1;
        x.sum.add(v);
        if keep {
            *x.hist.entry(v.to_bits()).or_default() += 1;
        }
    }

    /// Adds a `per` value to a group that has had a value.
    fn add_per(&mut self, v: f64) {
        if let Some(x) = &mut self.valued {
            x.per.add(v);
        }
    }

    pub(crate) fn merge(&mut self, o: &Acc) {
        if let (Some(ov), true) = (&o.valued, o.values > 0) {
            let first = self.values == 0;
            let x = self.valued.get_or_insert_with(Box::default);
            if first {
                x.min = ov.min;
                x.max = ov.max;
            } else {
                x.min = x.min.min(ov.min);
                x.max = x.max.max(ov.max);
            }
            x.sum.merge(&ov.sum);
            x.per.merge(&ov.per);
            for (k, c) in &ov.hist {
                *x.hist.entry(*k).or_default() += c;
            }
        }
        self.n += o.n;
        self.hits += o.hits;
        self.values += o.values;
    }

    /// The measure's value and the sample it stands on.
    pub fn measure(&self, m: Measure) -> (Option<f64>, u64) {
        let valued = self.valued.as_deref().filter(|_| self.values > 0);
        let sum = || valued.map_or(0.0, |x| x.sum.value());
        match m {
            Measure::Count => (Some(self.hits as f64), self.n),
            Measure::Share => ((self.n > 0).then(|| self.hits as f64 / self.n as f64), self.n),
            Measure::Sum => (Some(sum()), self.values),
            Measure::Mean => (valued.map(|_| sum() / self.values as f64), self.values),
            Measure::Min => (valued.map(|x| x.min), self.values),
            Measure::Max => (valued.map(|x| x.max), self.values),
            Measure::Ratio => {
                let per = valued.map_or(0.0, |x| x.per.value());
                ((per != 0.0).then(|| sum() / per), self.values)
            }
            Measure::P(p) => (valued.and_then(|x| percentile(&x.hist, self.values, p)), self.values),
        }
    }
}

/// Nearest-rank percentile: the smallest value with at least p% of the
/// values at or below it.
fn percentile(hist: &FxHashMap<u64, u64>, n: u64, p: u8) -> Option<f64> {
    if n == 0 {
        return None;
    }
    let mut values: Vec<(f64, u64)> = hist.iter().map(|(k, c)| (f64::from_bits(*k), *c)).collect();
    values.sort_by(|a, b| a.0.total_cmp(&b.0));
    let rank = ((f64::from(p) / 100.0) * n as f64).ceil().max(1.0) as u64;
    let mut seen = 0;
    for (v, c) in values {
        seen += c;
        if seen >= rank {
            return Some(v);
        }
    }
    None
}

type GroupKey = (Option<String>, Vec<KeyPart>);

/// Everything read for one metric check, over all sites.
#[derive(Debug, Default)]
pub struct MetricAgg {
    pub groups: BTreeMap<GroupKey, Acc>,
    /// (site, condition or reason) → rows that did not count.
    pub not_counted: BTreeMap<(Option<String>, String), u64>,
    /// Rows that could not be read: how many, and the first few.
    pub bad_rows: u64,
    pub bad_examples: Vec<(String, BadRow)>,
    /// Files that could not be read at all.
    pub problems: Vec<(String, String)>,
    pub files: usize,
    /// Whether the records carry a site column.
    pub by_site: bool,
}

/// The aggregates of every metric check in a run.
#[derive(Debug, Default)]
pub struct Aggregates {
    by_check: HashMap<usize, MetricAgg>,
    /// Sites seen in record files' site columns, with the files naming them.
    pub sites: BTreeMap<String, BTreeSet<String>>,
    /// The members of each population a metric names.
    pub populations: BTreeMap<Population, Members>,
    /// sha256 of each record file read, by path.
    pub hashes: BTreeMap<String, String>,
}

impl Aggregates {
    pub fn get(&self, m: &Metric) -> Option<&MetricAgg> {
        self.by_check.get(&(m as *const Metric as usize))
    }
    pub fn insert(&mut self, m: &Metric, agg: MetricAgg) {
        self.by_check.insert(m as *const Metric as usize, agg);
    }
    /// Takes in aggregates read elsewhere (partials of other kinds).
    pub fn absorb(&mut self, other: Aggregates) {
        self.by_check.extend(other.by_check);
        for (site, files) in other.sites {
            self.sites.entry(site).or_default().extend(files);
        }
    }
}

/// A metric compiled against the columns its kind's pass reads.
struct Job<'p> {
    metric: &'p Metric,
    /// Indexes of the `counted:` conditions and `where` in the kind's tests.
    counted: Vec<usize>,
    filter: Option<usize>,
    value: Option<Compiled>,
    per: Option<Compiled>,
    /// Slots of the `by` entries, with the bucket for time entries.
    by: Vec<(usize, Option<Bucket>)>,
    date_slot: Option<usize>,
    /// The column that places rows in the period, to name it when empty.
    date_name: Option<String>,
    keep_values: bool,
}

/// One member of a population, active from one day to another.
#[derive(Debug, Clone)]
pub struct Member {
    pub site: Option<String>,
    pub key: String,
    pub from: Option<i32>,
    pub to: Option<i32>,
}

/// A population as read: its members, or why they cannot be known.
#[derive(Debug, Default)]
pub struct Members {
    pub members: Vec<Member>,
    pub files: usize,
    /// (file, problem): unreadable files and bad rows.
    pub problems: Vec<(String, String)>,
}

/// Rows of a population's files as members; cells come as `site` (when
/// the kind has one), the member column, `from`, then `to`.
#[derive(Default)]
struct MemberSink {
    has_site: bool,
    has_to: bool,
    members: Vec<Member>,
    bad: Vec<BadRow>,
}

impl Sink for MemberSink {
    fn row(&mut self, _at: u64, cells: &[Cell<'_>]) {
        let text = |c: &Cell<'_>| match c {
            Cell::Str(s) => Some(String::from_utf8_lossy(s).into_owned()),
            _ => None,
        };
        let mut i = 0;
        let site = if self.has_site {
            i += 1;
            text(&cells[0])
        } else {
            None
        };
        let Some(key) = text(&cells[i]) else { return };
        let from = day_of(&cells[i + 1]);
        let to = if self.has_to { day_of(&cells[i + 2]) } else { None };
        self.members.push(Member { site, key, from, to });
    }
    fn bad(&mut self, bad: BadRow) {
        self.bad.push(bad);
    }
}

/// Reads the members of a population, once.
fn read_population(pop: &Population, kind: &RecordKind, index: &Index) -> Members {
    let has_site = kind.columns.iter().any(|c| c.name == "site");
    let mut names: Vec<String> = Vec::new();
    if has_site {
        names.push("site".into());
    }
    names.extend([pop.member.clone(), pop.from.clone()]);
    names.extend(pop.to.clone());
    let needed = records::needed(kind, &names, index.columns.get(&pop.records));
    let files = index.records.get(&pop.records).cloned().unwrap_or_default();
    let mut out = Members {
        files: files.len(),
        ..Members::default()
    };
    for rel in &files {
        let make = || MemberSink {
            has_site,
            has_to: pop.to.is_some(),
            ..MemberSink::default()
        };
        match records::scan(
            &index.boundary,
            &index.root.join(rel),
            &needed,
            &kind.sheet,
            &make,
            false,
        ) {
            Err(problem) => out.problems.push((rel.clone(), problem.0)),
            Ok(scanned) => {
                for sink in scanned.sinks {
                    out.members.extend(sink.members);
                    for b in sink.bad.iter().take(3) {
                        out.problems
                            .push((rel.clone(), format!("row at line {}: {}", b.row, b.message)));
                    }
                }
            }
        }
    }
    out
}

/// One metric check as the pass over its kind runs it.
pub struct Planned<'p> {
    /// The rule's id, with `#2`, `#3`... for a rule's further metrics: how
    /// partial aggregates name the metric they belong to.
    pub id: String,
    pub metric: &'p Metric,
    pub params: &'p Params,
    /// The columns this metric reads, to tell it when a file lacks one.
    pub uses: Vec<String>,
}

/// The metric checks over one record kind, read in one pass.
pub struct KindPlan<'p> {
    pub name: &'p str,
    pub kind: &'p RecordKind,
    /// A site-scoped pack splits the kind by site: only then do its site
    /// columns name sites (an organisation-wide kind may say `cloud`).
    pub split: bool,
    pub has_site: bool,
    /// The columns the pass reads: `site` first, then what each metric uses.
    pub columns: Vec<String>,
    pub metrics: Vec<Planned<'p>>,
}

/// Every metric check of `packs`, by the record kind it reads.
pub fn plan<'p>(packs: &'p [(&'p Pack, Params)]) -> Vec<KindPlan<'p>> {
    let mut by_kind: BTreeMap<&str, KindPlan> = BTreeMap::new();
    for (pack, params) in packs {
        for rule in &pack.rules {
            let mut metrics = Vec::new();
            rule.check.metrics(&mut metrics);
            let several = metrics.len() > 1;
            for (i, m) in metrics.into_iter().enumerate() {
                let Some(Kind::Records(k)) = pack.kinds.get(&m.records) else {
                    continue;
                };
                let plan = by_kind.entry(m.records.as_str()).or_insert_with(|| KindPlan {
                    name: m.records.as_str(),
                    kind: k,
                    split: false,
                    has_site: k.columns.iter().any(|c| c.name == "site"),
                    columns: Vec::new(),
                    metrics: Vec::new(),
                });
                plan.split |= pack.scope == Scope::Site;
                let id = if several && i > 0 {
                    format!("{}#{}", rule.id, i + 1)
                } else {
                    rule.id.clone()
                };
                plan.metrics.push(Planned {
                    id,
                    metric: m,
                    params,
                    uses: Vec::new(),
                });
            }
        }
    }
    let mut out: Vec<KindPlan> = by_kind.into_values().collect();
    for plan in &mut out {
        let kind = plan.kind;
        let mut names: Vec<String> = Vec::new();
        let want = |n: &str, names: &mut Vec<String>, own: &mut Vec<String>| {
            if !names.iter().any(|x| x == n) {
                names.push(n.to_string());
            }
            if !own.iter().any(|x| x == n) {
                own.push(n.to_string());
            }
        };
        if plan.has_site {
            want("site", &mut names, &mut Vec::new());
        }
        for p in &mut plan.metrics {
            let m = p.metric;
            let cols: Vec<&str> = kind.columns.iter().map(|c| c.name.as_str()).collect();
            for e in m
                .counted
                .iter()
                .map(|(_, e)| e)
                .chain(&m.filter)
                .chain(&m.value)
                .chain(&m.per)
            {
                for c in crate::expr::validate(&e.value, &cols, p.params).unwrap_or_default() {
                    want(&c, &mut names, &mut p.uses);
                }
            }
            for b in &m.by {
                match b {
                    By::Column(c) | By::Time(_, c) => want(c, &mut names, &mut p.uses),
                }
            }
            if let Some(d) = m.date_column(kind) {
                want(d, &mut names, &mut p.uses);
            }
        }
        plan.columns = names;
    }
    out
}

/// The days a run judges rows of, as day numbers.
pub fn dated(period: Option<(Date, Date)>, as_of: Date) -> Dated {
    Dated {
        from: period.map_or(i32::MIN, |p| day_number(p.0)),
        to: period.map_or(i32::MAX, |p| day_number(p.1)),
        as_of: day_number(as_of),
    }
}

/// Parameters with the audit's as-of date, which expressions may compare
/// dates with.
pub fn with_as_of(params: &Params, as_of: Date) -> Params {
    let mut dated = params.clone();
    dated.insert(
        crate::expr::AS_OF.to_string(),
        crate::pack::ParamValue::Number(f64::from(day_number(as_of))),
    );
    dated
}

/// Reads every record kind that a metric check of `packs` needs, once;
/// kinds in `served` are left out (their partial aggregates come from
/// elsewhere, see [`crate::pushdown`]).
pub fn aggregate(
    packs: &[(&Pack, Params)],
    index: &Index,
    period: Option<(Date, Date)>,
    as_of: Date,
    hash: bool,
    served: &BTreeSet<String>,
) -> Aggregates {
    let mut out = Aggregates::default();
    // Records dated after the as-of date have not happened yet as far as the
    // audit knows: they are outside every metric, period or not.
    let dated = dated(period, as_of);
    for plan in plan(packs) {
        if served.contains(plan.name) {
            continue;
        }
        let (kind_name, kind) = (plan.name, plan.kind);
        let has_site = plan.has_site;
        let names = &plan.columns;
        let needed: Vec<Needed> = records::needed(kind, names, index.columns.get(kind_name));
        let cols: Vec<(String, ColumnType)> = needed.iter().map(|n| (n.name.clone(), n.ty)).collect();
        let slot = |n: &str| cols.iter().position(|c| c.0 == n);
        let mut jobs = Vec::new();
        let mut aggs: Vec<MetricAgg> = Vec::new();
        let mut tests = Tests::default();
        for Planned { metric: m, params, .. } in &plan.metrics {
            let k = kind;
            let mut agg = MetricAgg {
                by_site: has_site,
                ..MetricAgg::default()
            };
            let dated = with_as_of(params, as_of);
            let compile = |e: &crate::yaml::Located<String>| Compiled::new(&e.value, &cols, &dated);
            let job = (|| -> Result<Job, String> {
                let mut test = |e: &crate::yaml::Located<String>| tests.index(&e.value, params, || compile(e));
                Ok(Job {
                    metric: m,
                    counted: m.counted.iter().map(|(_, e)| test(e)).collect::<Result<_, _>>()?,
                    filter: m.filter.as_ref().map(&mut test).transpose()?,
                    value: m.value.as_ref().map(compile).transpose()?,
                    per: m.per.as_ref().map(compile).transpose()?,
                    by: m
                        .by
                        .iter()
                        .map(|b| match b {
                            By::Column(c) => (slot(c).unwrap_or(0), None),
                            By::Time(bucket, c) => (slot(c).unwrap_or(0), Some(*bucket)),
                        })
                        .collect(),
                    date_slot: m.date_column(k).and_then(slot),
                    date_name: m.date_column(k).map(String::from),
                    keep_values: matches!(m.measure, Measure::P(_)),
                })
            })();
            match job {
                Ok(j) => jobs.push(j),
                Err(e) => agg
                    .problems
                    .push((String::new(), format!("cannot compile an expression: {e}"))),
            }
            aggs.push(agg);
        }
        let site_slot = if has_site { slot("site") } else { None };
        let files = index.records.get(kind_name).cloned().unwrap_or_default();
        for agg in &mut aggs {
            agg.files = files.len();
        }
        for rel in &files {
            let path = index.root.join(rel);
            let make = || KindSink::new(&jobs, &tests.conds, site_slot, dated);
            match records::scan(&index.boundary, &path, &needed, &kind.sheet, &make, hash) {
                Err(problem) => {
                    for agg in &mut aggs {
                        agg.problems.push((rel.clone(), problem.0.clone()));
                    }
                }
                Ok(scanned) => {
                    if let Some(sha) = scanned.sha256 {
                        out.hashes.insert(rel.clone(), sha);
                    }
                    let missing: Vec<String> = scanned.sinks.first().map(|s| s.absent.clone()).unwrap_or_default();
                    for (agg, p) in aggs.iter_mut().zip(&plan.metrics) {
                        for c in p.uses.iter().filter(|c| missing.contains(c)) {
                            agg.problems.push((
                                rel.clone(),
                                format!(
                                    "has no column `{c}`, which this metric reads; add it to the export (empty cells are allowed where the kind says the column is optional)"
                                ),
                            ));
                        }
                    }
                    let mut sites = BTreeMap::new();
                    for sink in scanned.sinks {
                        sink.merge_into(&jobs, &mut aggs, rel, &mut sites);
                    }
                    if plan.split {
                        for (site, files) in sites {
                            out.sites.entry(site).or_default().extend(files);
                        }
                    }
                }
            }
        }
        for (p, agg) in plan.metrics.iter().zip(aggs) {
            out.insert(p.metric, agg);
        }
    }
    for (pack, _) in packs {
        for rule in &pack.rules {
            let mut metrics = Vec::new();
            rule.check.metrics(&mut metrics);
            for pop in metrics.iter().filter_map(|m| m.population.as_ref()) {
                if let (false, Some(Kind::Records(kind))) =
                    (out.populations.contains_key(pop), pack.kinds.get(&pop.records))
                {
                    out.populations.insert(pop.clone(), read_population(pop, kind, index));
                }
            }
        }
    }
    out
}

fn day_number(d: Date) -> i32 {
    crate::records::cell::days_from_civil(i64::from(d.year()), i64::from(d.month()), i64::from(d.day())).unwrap_or(0)
}

/// Interned strings of one worker, so a row's key costs no allocation.
/// Short strings (site, agent and queue codes) are looked up by their
/// packed bytes, first in a small direct-mapped table of recent ones.
struct Interner {
    recent: Box<[(u64, u32)]>,
    short: FxHashMap<u64, u32>,
    long: FxHashMap<Vec<u8>, u32>,
    names: Vec<String>,
}

/// Slots of [`Interner::recent`] (64 KB: a few thousand agents fit).
const RECENT: usize = 4096;

impl Default for Interner {
    fn default() -> Self {
        Interner {
            // A packed key's top byte is its length, at most 7: never 0xff.
            recent: vec![(u64::MAX, 0); RECENT].into_boxed_slice(),
            short: FxHashMap::default(),
            long: FxHashMap::default(),
            names: Vec::new(),
        }
    }
}

impl Interner {
    fn id(&mut self, s: &[u8]) -> u32 {
        if s.len() <= 7 {
            let packed = packed_text(s);
            let slot = (packed.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 54) as usize % RECENT;
            if self.recent[slot].0 == packed {
                return self.recent[slot].1;
            }
            let id = match self.short.get(&packed) {
                Some(id) => *id,
                None => {
                    let id = self.push(s);
                    self.short.insert(packed, id);
                    id
                }
            };
            self.recent[slot] = (packed, id);
            return id;
        }
        if let Some(id) = self.long.get(s) {
            return *id;
        }
        let id = self.push(s);
        self.long.insert(s.to_vec(), id);
        id
    }

    fn push(&mut self, s: &[u8]) -> u32 {
        self.names.push(String::from_utf8_lossy(s).trim().to_string());
        self.names.len() as u32 - 1
    }
}

const NO_SITE: u32 = u32::MAX;
/// The most `by` entries a metric groups by (partial aggregates have a
/// column for each).
pub const MAX_BY: usize = 4;

/// Metrics that group rows the same way share one table, so a row costs
/// one key and one lookup however many metrics read it.
struct Grouping {
    by: Vec<(usize, Option<Bucket>)>,
    date_slot: Option<usize>,
    /// Indexes of the jobs in this grouping.
    jobs: Vec<usize>,
    /// (site, key) → one accumulator per job; a job whose rows never
    /// counted in a group leaves its accumulator empty.
    groups: FxHashMap<(u32, [i64; MAX_BY]), Accs>,
    /// A grouping by site alone, by site id (0: no site): a row costs an
    /// index, not a hash lookup.
    by_site: Vec<Accs>,
    /// A grouping by one entry, keyed by site and part in one `u128`: a
    /// bucket number, a short text's bytes ([`packed_text`], not interned)
    /// or, negative, `-1 - id` of an interned longer one.
    one: FxHashMap<u128, Accs>,
}

/// A group's accumulators, one per job of its grouping. Most groupings
/// serve one job: its accumulator then sits in the table's slot, and a row
/// costs one cache miss there instead of two.
type Accs = SmallVec<[Acc; 1]>;

/// A string of at most 7 bytes as one word: its bytes, and its length in
/// the top byte (so never negative as an `i64`, and never `u64::MAX`).
///
/// Built from whole-word loads (two overlapping ones, OR-ed at their
/// places): copying the bytes into a zeroed word took a call to `memcpy`
/// and a stalled read of its result, once per row and grouping.
fn packed_text(s: &[u8]) -> u64 {
    let n = s.len();
    let at = |i: usize| u64::from(s[i]) << (8 * i);
    let bytes = match n {
        0 => 0,
        1..=3 => at(0) | at(n / 2) | at(n - 1),
        _ => {
            let word = |i: usize| u64::from(u32::from_le_bytes(s[i..i + 4].try_into().expect("four bytes")));
            word(0) | word(n - 4) << (8 * (n - 4))
        }
    };
    bytes | (n as u64) << 56
}

/// The name a [`packed_text`] word stands for (trimmed, as interned names).
fn unpacked_text(p: u64) -> String {
    let len = ((p >> 56) as usize).min(7);
    String::from_utf8_lossy(&p.to_le_bytes()[..len]).trim().to_string()
}

fn groupings(jobs: &[Job]) -> Vec<Grouping> {
    let mut out: Vec<Grouping> = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        match out.iter_mut().find(|g| g.by == job.by && g.date_slot == job.date_slot) {
            Some(g) => g.jobs.push(i),
            None => out.push(Grouping {
                by: job.by.clone(),
                date_slot: job.date_slot,
                jobs: vec![i],
                groups: FxHashMap::default(),
                by_site: Vec::new(),
                one: FxHashMap::default(),
            }),
        }
    }
    out
}

/// The days a metric judges rows of: the audit period, up to the as-of date.
#[derive(Debug, Clone, Copy)]
pub struct Dated {
    pub from: i32,
    pub to: i32,
    pub as_of: i32,
}

impl Dated {
    /// Why a row dated `day` does not count, if it does not.
    fn place(self, day: Option<i32>) -> Option<Uncounted> {
        match day {
            None => Some(Uncounted::Undated),
            Some(d) if d < self.from || d > self.to => Some(Uncounted::OutsidePeriod),
            Some(d) if d > self.as_of => Some(Uncounted::AfterAsOf),
            Some(_) => None,
        }
    }
}

/// Why a row did not count: every row read is counted somewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Uncounted {
    /// The first `counted:` condition it failed.
    Condition(usize),
    OutsidePeriod,
    /// Not happened yet, as far as the audit knows.
    AfterAsOf,
    /// No date in the column that places rows in the period (`no closed_on`).
    Undated,
}

impl Uncounted {
    fn label(self, job: &Job) -> String {
        match self {
            Uncounted::Condition(i) => job.metric.counted[i].0.clone(),
            Uncounted::OutsidePeriod => "outside the period".into(),
            Uncounted::AfterAsOf => "after the as-of date".into(),
            Uncounted::Undated => format!("no {}", job.date_name.as_deref().unwrap_or("date")),
        }
    }
}

/// Rows that did not count, by site and reason: a table indexed by both,
/// since a large file may leave a good share of its rows uncounted.
struct Tally {
    /// Reasons per site: the three about dates, then the `counted:` conditions.
    reasons: usize,
    /// (site index: 0 for no site, else id + 1) × reasons + reason.
    counts: Vec<u64>,
}

impl Tally {
    fn new(conditions: usize) -> Self {
        Tally {
            reasons: 3 + conditions,
            counts: Vec::new(),
        }
    }

    fn add(&mut self, site: u32, why: Uncounted) {
        let row = if site == NO_SITE { 0 } else { site as usize + 1 };
        let reason = match why {
            Uncounted::OutsidePeriod => 0,
            Uncounted::AfterAsOf => 1,
            Uncounted::Undated => 2,
            Uncounted::Condition(i) => 3 + i,
        };
        let i = row * self.reasons + reason;
        if self.counts.len() <= i {
            self.counts.resize((row + 1) * self.reasons, 0);
        }
        self.counts[i] += 1;
    }

    /// (site, reason, rows) of every reason that has rows.
    fn iter(&self) -> impl Iterator<Item = (u32, Uncounted, u64)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(move |(i, &n)| {
                let (row, reason) = (i / self.reasons, i % self.reasons);
                let site = if row == 0 { NO_SITE } else { row as u32 - 1 };
                let why = match reason {
                    0 => Uncounted::OutsidePeriod,
                    1 => Uncounted::AfterAsOf,
                    2 => Uncounted::Undated,
                    c => Uncounted::Condition(c - 3),
                };
                (site, why, n)
            })
    }
}

/// The conditions of a kind's metrics, each once: metrics of one pack
/// often share their `counted:` conditions, which then run once a row.
#[derive(Default)]
struct Tests {
    conds: Vec<Compiled>,
    /// (text, the parameters' address) of each condition.
    keys: Vec<(String, usize)>,
}

impl Tests {
    fn index(
        &mut self,
        text: &str,
        params: &Params,
        compile: impl FnOnce() -> Result<Compiled, String>,
    ) -> Result<usize, String> {
        let key = (text.to_string(), params as *const Params as usize);
        if let Some(i) = self.keys.iter().position(|k| *k == key) {
            return Ok(i);
        }
        self.conds.push(compile()?);
        self.keys.push(key);
        Ok(self.conds.len() - 1)
    }
}

/// Whether condition `i` holds on the row, worked out once a row.
fn holds(conds: &[Compiled], verdicts: &mut [u8], memo: &mut Memo, cells: &[Cell<'_>], i: usize) -> bool {
    if verdicts[i] == 0 {
        verdicts[i] = if conds[i].test(cells, memo) { 1 } else { 2 };
    }
    verdicts[i] == 1
}

struct KindSink<'j, 'p> {
    jobs: &'j [Job<'p>],
    conds: &'j [Compiled],
    /// Per condition, this row: 0 not run yet, 1 holds, 2 does not.
    verdicts: Vec<u8>,
    site_slot: Option<usize>,
    dated: Dated,
    groupings: Vec<Grouping>,
    /// (site, reason) → rows that did not count, per job.
    not_counted: Vec<Tally>,
    memo: Memo,
    strings: Interner,
    bad: Vec<BadRow>,
    bad_count: u64,
    /// Optional columns the file lacks.
    absent: Vec<String>,
}

impl<'j, 'p> KindSink<'j, 'p> {
    fn new(jobs: &'j [Job<'p>], conds: &'j [Compiled], site_slot: Option<usize>, dated: Dated) -> Self {
        KindSink {
            jobs,
            conds,
            verdicts: vec![0; conds.len()],
            site_slot,
            dated,
            groupings: groupings(jobs),
            not_counted: jobs.iter().map(|j| Tally::new(j.counted.len())).collect(),
            memo: Memo::default(),
            strings: Interner::default(),
            bad: Vec::new(),
            bad_count: 0,
            absent: Vec::new(),
        }
    }

    fn merge_into(
        self,
        jobs: &[Job],
        aggs: &mut [MetricAgg],
        file: &str,
        sites: &mut BTreeMap<String, BTreeSet<String>>,
    ) {
        let name = |id: u32| (id != NO_SITE).then(|| self.strings.names[id as usize].clone());
        for agg in aggs.iter_mut() {
            agg.bad_rows += self.bad_count;
            for b in self.bad.iter().take(3usize.saturating_sub(agg.bad_examples.len())) {
                agg.bad_examples.push((file.to_string(), b.clone()));
            }
        }
        for grouping in &self.groupings {
            let by_site = grouping.by_site.iter().enumerate().map(|(i, accs)| {
                let site = if i == 0 { NO_SITE } else { i as u32 - 1 };
                ((site, [0; MAX_BY]), accs)
            });
            let one = grouping.one.iter().map(|(k, accs)| {
                let mut key = [0; MAX_BY];
                key[0] = *k as u64 as i64;
                (((k >> 64) as u32, key), accs)
            });
            let single = grouping.by.len() == 1;
            for ((site, key), accs) in grouping.groups.iter().map(|(k, a)| (*k, a)).chain(by_site).chain(one) {
                let parts: Vec<KeyPart> = grouping
                    .by
                    .iter()
                    .zip(key)
                    .map(|((_, bucket), v)| match bucket {
                        Some(_) => KeyPart::Period(v),
                        None if single && v >= 0 => KeyPart::Text(unpacked_text(v as u64)),
                        None if single => KeyPart::Text(self.strings.names[(-1 - v) as usize].clone()),
                        None => KeyPart::Text(self.strings.names[v as usize].clone()),
                    })
                    .collect();
                let site = name(site);
                for (acc, &j) in accs.iter().zip(&grouping.jobs) {
                    if acc.n == 0 {
                        continue;
                    }
                    if let Some(s) = &site
                        && !sites.get(s).is_some_and(|f| f.contains(file))
                    {
                        sites.entry(s.clone()).or_default().insert(file.to_string());
                    }
                    aggs[j]
                        .groups
                        .entry((site.clone(), parts.clone()))
                        .or_default()
                        .merge(acc);
                }
            }
        }
        for (j, tally) in self.not_counted.iter().enumerate() {
            for (site, why, n) in tally.iter() {
                *aggs[j]
                    .not_counted
                    .entry((name(site), why.label(&jobs[j])))
                    .or_default() += n;
            }
        }
    }
}

fn day_of(c: &Cell<'_>) -> Option<i32> {
    match *c {
        Cell::Date(d) => Some(d),
        Cell::DateTime { local, .. } => Some(local.div_euclid(86_400) as i32),
        _ => None,
    }
}

impl Sink for KindSink<'_, '_> {
    fn row(&mut self, _at: u64, cells: &[Cell<'_>]) {
        let site = match self.site_slot.map(|s| &cells[s]) {
            Some(Cell::Str(s)) => self.strings.id(s),
            _ => NO_SITE,
        };
        // Jobs often share their date column: work its day out once a row.
        let mut last_day: Option<(usize, Option<i32>)> = None;
        let mut day = |slot: usize| match last_day {
            Some((s, d)) if s == slot => d,
            _ => {
                let d = day_of(&cells[slot]);
                last_day = Some((slot, d));
                d
            }
        };
        let mut last_bucket: Option<(usize, Bucket, i64)> = None;
        self.verdicts.fill(0);
        for grouping in &mut self.groupings {
            if let Some(slot) = grouping.date_slot
                && let Some(why) = self.dated.place(day(slot))
            {
                for &j in &grouping.jobs {
                    self.not_counted[j].add(site, why);
                }
                continue;
            }
            // Rows no job of the grouping counts are tallied before their
            // group is looked up: the lookup is a row's costliest step.
            let mut counted_by_any = false;
            for &j in &grouping.jobs {
                let (conds, verdicts, memo) = (self.conds, &mut self.verdicts, &mut self.memo);
                match self.jobs[j]
                    .counted
                    .iter()
                    .position(|&c| !holds(conds, verdicts, memo, cells, c))
                {
                    Some(i) => self.not_counted[j].add(site, Uncounted::Condition(i)),
                    None => counted_by_any = true,
                }
            }
            if !counted_by_any {
                continue;
            }
            let mut key = [0i64; MAX_BY];
            // A one-entry grouping keys short texts by their bytes.
            let single = grouping.by.len() == 1;
            let interned = |id: u32| if single { -1 - i64::from(id) } else { i64::from(id) };
            for (k, (slot, bucket)) in key.iter_mut().zip(&grouping.by) {
                *k = match bucket {
                    Some(b) => match last_bucket {
                        Some((s, lb, v)) if s == *slot && lb == *b => v,
                        _ => {
                            let v = day(*slot).map_or(i64::MIN, |d| b.of_day(d));
                            last_bucket = Some((*slot, *b, v));
                            v
                        }
                    },
                    None => match cells[*slot] {
                        Cell::Str(s) if single && s.len() <= 7 => packed_text(s) as i64,
                        Cell::Str(s) => interned(self.strings.id(s)),
                        other => interned(self.strings.id(display(&other).as_bytes())),
                    },
                };
            }
            let width = grouping.jobs.len();
            let accs = if grouping.by.is_empty() {
                let i = if site == NO_SITE { 0 } else { site as usize + 1 };
                if grouping.by_site.len() <= i {
                    grouping.by_site.resize_with(i + 1, Accs::new);
                }
                let accs = &mut grouping.by_site[i];
                if accs.is_empty() {
                    *accs = Accs::from_elem(Acc::default(), width);
                }
                accs
            } else if single {
                grouping
                    .one
                    .entry(u128::from(site) << 64 | u128::from(key[0] as u64))
                    .or_insert_with(|| Accs::from_elem(Acc::default(), width))
            } else {
                grouping
                    .groups
                    .entry((site, key))
                    .or_insert_with(|| Accs::from_elem(Acc::default(), width))
            };
            for (acc, &j) in accs.iter_mut().zip(&grouping.jobs) {
                let job = &self.jobs[j];
                let (conds, verdicts, memo) = (self.conds, &mut self.verdicts, &mut self.memo);
                // (Already tallied above when it does not count.)
                if !job.counted.iter().all(|&c| holds(conds, verdicts, memo, cells, c)) {
                    continue;
                }
                acc.n += 1;
                if job.filter.is_none_or(|f| holds(conds, verdicts, memo, cells, f)) {
                    acc.hits += 1;
                    if let Some(v) = &job.value
                        && let Some(x) = v.eval(cells, &mut self.memo).and_then(|v| v.number())
                    {
                        acc.add_value(x, job.keep_values);
                        if let Some(p) = &job.per {
                            acc.add_per(p.eval(cells, &mut self.memo).and_then(|v| v.number()).unwrap_or(0.0));
                        }
                    }
                }
            }
        }
    }

    fn bad(&mut self, bad: BadRow) {
        self.bad_count += 1;
        if self.bad.len() < 3 {
            self.bad.push(bad);
        }
    }

    fn absent(&mut self, columns: &[String]) {
        self.absent = columns.to_vec();
    }
}

fn display(c: &Cell<'_>) -> String {
    match *c {
        Cell::Null => String::new(),
        Cell::Int(i) => i.to_string(),
        Cell::Float(f) => f.to_string(),
        Cell::Bool(b) => b.to_string(),
        Cell::Str(s) => String::from_utf8_lossy(s).into_owned(),
        Cell::Date(d) => Bucket::Day.label(i64::from(d)),
        Cell::DateTime { local, .. } => format!("{}", local),
        Cell::Duration(s) => format!("{s}s"),
    }
}

/// Decides a metric check for the site in `ctx` from its aggregates.
pub fn finalise(m: &Metric, agg: &MetricAgg, ctx: &Ctx) -> Outcome {
    let mut findings = Vec::new();
    if !agg.problems.is_empty() {
        for (file, problem) in &agg.problems {
            findings.push(Finding::error(format!("cannot use the records: {problem}")).at(file, None));
        }
        return Outcome::new(Status::Error, findings);
    }
    if agg.files == 0 {
        let looked = ctx
            .index
            .record_globs
            .get(&m.records)
            .map(|g| g.join(", "))
            .unwrap_or_else(|| format!("records/{}/**", m.records));
        findings.push(Finding::fail(format!(
            "no `{}` records found (looked for files at {looked}; the profile's `records:` says where they are kept)",
            m.records
        )));
        return Outcome::new(Status::Fail, findings);
    }
    if agg.bad_rows > 0 && !m.skip_bad_rows {
        findings.push(Finding::error(format!(
            "{} row(s) of `{}` records could not be read; fix them, or set `on_bad_row: skip` to leave them out",
            agg.bad_rows, m.records
        )));
        for (file, b) in &agg.bad_examples {
            let col = b
                .column
                .as_deref()
                .map(|c| format!("column `{c}` "))
                .unwrap_or_default();
            findings.push(match &b.sheet {
                // A spreadsheet has no lines: its sheet, row and column say where.
                Some(sheet) => {
                    Finding::error(format!("sheet `{sheet}`, row {}: {col}{}", b.row, b.message)).at(file, None)
                }
                None => Finding::error(format!("row at line {}: {col}{}", b.row, b.message))
                    .at(file, u32::try_from(b.row).ok()),
            });
        }
        return Outcome::new(Status::Error, findings);
    }

    // The groups for this site (or, for the organisation, all sites pooled).
    let site = if agg.by_site { ctx.site } else { None };
    let mut groups: BTreeMap<&Vec<KeyPart>, Acc> = BTreeMap::new();
    for ((s, key), acc) in &agg.groups {
        if site.is_none() || s.as_deref() == site {
            groups.entry(key).or_default().merge(acc);
        }
    }
    let mut not_counted: BTreeMap<String, u64> = BTreeMap::new();
    for ((s, cond), n) in &agg.not_counted {
        if site.is_none() || s.as_deref() == site {
            *not_counted.entry(cond.clone()).or_default() += n;
        }
    }
    let params = ctx.params;
    let (op, target) = (m.expect.0, m.expect.1.resolve(params));
    let min_sample = m.min_sample.as_ref().map_or(0.0, |n| n.resolve(params)).max(0.0) as u64;
    let consecutive = m.consecutive.as_ref().map(|n| n.resolve(params).max(0.0) as u64);
    let judge = |acc: &Acc| {
        let (value, n) = acc.measure(m.measure);
        let pass = value.is_some_and(|v| op.holds(v, target)) && n >= min_sample;
        (value, n, pass)
    };
    let time = m.time_column().map(|t| t.0);
    let time_pos = m.by.iter().position(|b| matches!(b, By::Time(..)));
    // Complete periods: every bucket of the period is judged, not only the
    // ones that have rows; a month without records is a failing month.
    let range_of = |groups: &BTreeMap<&Vec<KeyPart>, Acc>| {
        time.and_then(|b| bucket_range(b, ctx.period, ctx.as_of, groups.keys().map(|k| period_of(k, time_pos))))
    };
    // A bucket after the last complete one (still running on the as-of
    // date, or running past the period's end) would be judged on a few days
    // of data: it is left out, and its rows counted where the table shows them.
    let mut incomplete = false;
    if let (Some(bucket), Some((_, last)), Some(pos)) = (time, range_of(&groups), time_pos) {
        let why = match ctx.period {
            Some((_, to)) if to <= ctx.as_of => format!("runs past the period's end {to}"),
            _ => format!("is not complete on the as-of date {}", ctx.as_of),
        };
        for (b, n) in after_last_complete(&mut groups, last, pos) {
            incomplete = true;
            let label = bucket.label(b);
            *not_counted.entry(format!("incomplete {label}")).or_default() += n;
            findings.push(Finding::pass(format!(
                "{label} is not judged: the {} {why}",
                bucket.name()
            )));
        }
    }
    if m.omit_small {
        let before = groups.len();
        groups.retain(|_, acc| acc.measure(m.measure).1 >= min_sample);
        let omitted = before - groups.len();
        if omitted > 0 {
            findings.push(Finding::pass(format!(
                "{omitted} group(s) under the minimum sample of {min_sample} left out"
            )));
        }
    }
    let range = range_of(&groups);
    let pooled = match m.is_pooled(params) {
        Ok(p) => p,
        Err(e) => {
            findings.push(Finding::error(e));
            return Outcome::new(Status::Error, findings);
        }
    };
    let mut missing: Vec<Vec<KeyPart>> = Vec::new();
    // (With a population, it says who must appear when; see below.)
    if let (Some((first, last)), Some(pos)) = (range, time_pos)
        && !pooled
        && !m.omit_small
        && m.population.is_none()
    {
        let partitions: BTreeSet<Vec<KeyPart>> = groups.keys().map(|k| rest_of(k, time_pos)).collect();
        for part in &partitions {
            for b in first..=last {
                let mut key = part.clone();
                key.insert(pos, KeyPart::Period(b));
                if !groups.contains_key(&key) {
                    missing.push(key);
                }
            }
        }
    }
    // A population's members must appear in every period they were active
    // in: a member with no rows there is a failing group.
    if let (Some(pop), Some((first, last)), Some(bucket)) = (&m.population, range, time) {
        let Some(members) = ctx.metrics.and_then(|a| a.populations.get(pop)) else {
            return Outcome::new(Status::Error, vec![Finding::error("the population was not read")]);
        };
        if !members.problems.is_empty() {
            for (file, problem) in &members.problems {
                findings.push(Finding::error(format!("cannot use the population: {problem}")).at(file, None));
            }
            return Outcome::new(Status::Error, findings);
        }
        if members.files == 0 {
            findings.push(Finding::fail(format!(
                "no `{}` records found: the members who must appear are unknown",
                pop.records
            )));
            return Outcome::new(Status::Fail, findings);
        }
        let in_site = |s: &Option<String>| site.is_none() || s.is_none() || s.as_deref() == site;
        for member in members.members.iter().filter(|mm| in_site(&mm.site)) {
            let from = member.from.map_or(first, |d| bucket.of_day(d).max(first));
            let to = member.to.map_or(last, |d| bucket.of_day(d).min(last));
            for b in from..=to {
                let key: Vec<KeyPart> =
                    m.by.iter()
                        .map(|by| match by {
                            By::Column(_) => KeyPart::Text(member.key.clone()),
                            By::Time(..) => KeyPart::Period(b),
                        })
                        .collect();
                if !groups.contains_key(&key) && !missing.contains(&key) {
                    missing.push(key);
                }
            }
        }
    }
    if let (Some(reason), false) = (&m.skip_missing, missing.is_empty()) {
        let labels: Vec<String> = missing.iter().map(|k| key_labels(k, time).join(", ")).collect();
        findings.push(Finding::pass(format!(
            "{} period(s) without records left out ({}): {reason}",
            missing.len(),
            labels.join(", ")
        )));
        missing.clear();
    }
    let label = |key: &[KeyPart]| key_labels(key, time);
    let mut all: BTreeMap<Vec<KeyPart>, Option<&Acc>> = groups.iter().map(|(k, a)| ((*k).clone(), Some(a))).collect();
    all.extend(missing.into_iter().map(|k| (k, None)));
    let rows: Vec<GroupRow> = all
        .iter()
        .map(|(key, acc)| {
            let (value, n, pass) = acc.map_or((None, 0, false), judge);
            GroupRow {
                key: label(key),
                n,
                value,
                pass,
            }
        })
        .collect();
    let skipped = if m.skip_bad_rows { agg.bad_rows } else { 0 };
    let mut table = MetricTable {
        records: m.records.clone(),
        measure: m.measure.name(),
        expect: m.expect_text(params),
        threshold: target,
        period: time,
        site: ctx.site.map(String::from),
        by: m
            .by
            .iter()
            .map(|b| match b {
                By::Column(c) => c.clone(),
                By::Time(_, c) => c.clone(),
            })
            .collect(),
        groups: rows.clone(),
        pooled: None,
        longest_run: None,
        not_counted: not_counted.clone(),
        skipped_rows: skipped,
        percent: in_percent(m.measure, target),
    };
    if skipped > 0 {
        findings.push(Finding::pass(format!(
            "{skipped} unreadable row(s) skipped (on_bad_row: skip)"
        )));
    }
    let total_not_counted: u64 = not_counted.values().sum();
    if total_not_counted > 0 {
        let parts: Vec<String> = not_counted.iter().map(|(c, n)| format!("{c}: {n}")).collect();
        findings.push(Finding::pass(format!(
            "{total_not_counted} record(s) did not count ({})",
            parts.join(", ")
        )));
    }
    let percent = in_percent(m.measure, target);
    let fmt = |v: Option<f64>| v.map_or_else(|| "no value".to_string(), |v| display_value(percent, v));
    let want = if percent {
        format!("{} {:.1}%", m.expect.0.symbol(), target * 100.0)
    } else {
        format!("{} {target}", m.expect.0.symbol())
    };
    if groups.is_empty() {
        let within = match time {
            Some(b) if incomplete => format!("in a complete {} of", b.name()),
            _ => "in".to_string(),
        };
        findings.push(Finding::fail(format!(
            "no counted `{}` records{} {within} the period",
            m.records,
            site.map(|s| format!(" for site {s}")).unwrap_or_default()
        )));
        return Outcome::with_tables(Status::Fail, findings, vec![table]);
    }

    // Where a run of `consecutive` periods must end: the period's last
    // complete bucket, unless the rule lets it lie anywhere.
    let anchor = if m.anchor_any { None } else { range.map(|r| r.1) };
    let ending = match (anchor, time) {
        (Some(last), Some(b)) => format!(" ending {}", b.label(last)),
        _ => String::new(),
    };
    let status = if pooled {
        let mut pool = Acc::default();
        groups.values().for_each(|a| pool.merge(a));
        let (value, n, pass) = judge(&pool);
        let run = consecutive.map(|_| {
            coverage(
                groups.keys().map(|k| (rest_of(k, time_pos), period_of(k, time_pos))),
                anchor,
            )
        });
        table.pooled = Some(GroupRow {
            key: vec!["pooled".into()],
            n,
            value,
            pass,
        });
        table.longest_run = run;
        let covered = match (consecutive, run) {
            (Some(need), Some(have)) => have >= need,
            _ => true,
        };
        let mut ok = true;
        if !pass {
            ok = false;
            let sample = if n < min_sample {
                format!(", and {n} records is under the minimum sample of {min_sample}")
            } else {
                String::new()
            };
            findings.push(Finding::fail(format!(
                "pooled {} is {} over {n} records, needs {want}{sample}",
                m.measure.name(),
                fmt(value)
            )));
        } else {
            findings.push(Finding::pass(format!(
                "pooled {} is {} over {n} records ({want})",
                m.measure.name(),
                fmt(value)
            )));
        }
        if !covered {
            ok = false;
            findings.push(Finding::fail(format!(
                "records cover {} consecutive period(s){ending} with none missing, {} needed",
                run.unwrap_or(0),
                consecutive.unwrap_or(0)
            )));
        }
        if ok { Status::Pass } else { Status::Fail }
    } else if let Some(need) = consecutive {
        let passing: BTreeSet<&Vec<KeyPart>> = groups.iter().filter(|(_, a)| judge(a).2).map(|(k, _)| *k).collect();
        // Per combination of the other `by` columns: the longest run.
        let mut partitions: BTreeMap<Vec<KeyPart>, Vec<i64>> = BTreeMap::new();
        for k in groups.keys() {
            partitions.entry(rest_of(k, time_pos)).or_default();
        }
        for k in &passing {
            partitions
                .entry(rest_of(k, time_pos))
                .or_default()
                .push(period_of(k, time_pos));
        }
        let mut ok = true;
        let mut longest = u64::MAX;
        for (part, periods) in &partitions {
            let run = run_of(periods, anchor);
            longest = longest.min(run);
            if run < need {
                ok = false;
                let who = if part.is_empty() {
                    String::new()
                } else {
                    format!(" for {}", label(part).join(", "))
                };
                let which = if anchor.is_some() { "run" } else { "longest run" };
                findings.push(Finding::fail(format!(
                    "{which} of periods meeting {want}{who}{ending}: {run}, {need} needed"
                )));
            }
        }
        table.longest_run = Some(if longest == u64::MAX { 0 } else { longest });
        for r in rows.iter().filter(|r| !r.pass) {
            findings.push(short(r, &want, min_sample, &fmt));
        }
        if ok {
            findings.push(Finding::pass(format!(
                "a run of {} consecutive periods{ending} meets {want}",
                table.longest_run.unwrap_or(0)
            )));
            Status::Pass
        } else {
            Status::Fail
        }
    } else {
        let failing: Vec<&GroupRow> = rows.iter().filter(|r| !r.pass).collect();
        for r in &failing {
            findings.push(short(r, &want, min_sample, &fmt));
        }
        if failing.is_empty() {
            findings.push(Finding::pass(format!("all {} group(s) meet {want}", rows.len())));
            Status::Pass
        } else {
            Status::Fail
        }
    };
    Outcome::with_tables(status, findings, vec![table])
}

/// A group key as people read it: values, and periods by their label.
fn key_labels(key: &[KeyPart], time: Option<Bucket>) -> Vec<String> {
    key.iter()
        .map(|p| match p {
            KeyPart::Text(t) => t.clone(),
            KeyPart::Period(v) => time.map_or(v.to_string(), |b| b.label(*v)),
        })
        .collect()
}

/// Takes out the groups of buckets after `last`, the period's last complete
/// one: the rows of each such bucket, which the caller reports.
fn after_last_complete(groups: &mut BTreeMap<&Vec<KeyPart>, Acc>, last: i64, pos: usize) -> BTreeMap<i64, u64> {
    let mut out: BTreeMap<i64, u64> = BTreeMap::new();
    groups.retain(|key, acc| {
        let b = period_of(key, Some(pos));
        if b > last {
            *out.entry(b).or_default() += acc.n;
        }
        b <= last
    });
    out
}

/// The buckets a period-by-period metric must cover: from the period's
/// first to its last complete one (the as-of date cuts a period short). With
/// no period, the buckets between the first and last that have records. The
/// first may come after the last: no bucket of the period is complete yet.
fn bucket_range(
    bucket: Bucket,
    period: Option<(Date, Date)>,
    as_of: Date,
    seen: impl Iterator<Item = i64>,
) -> Option<(i64, i64)> {
    let day = |d: Date| day_number(d);
    let end = match period {
        Some((_, to)) => to.min(as_of),
        None => as_of,
    };
    // The bucket holding `end` counts only if `end` is its last day.
    let last_complete = {
        let b = bucket.of_day(day(end));
        if bucket.of_day(day(end) + 1) == b { b - 1 } else { b }
    };
    let (first, last) = match period {
        Some((from, _)) => (bucket.of_day(day(from)), last_complete),
        None => {
            let seen: Vec<i64> = seen.collect();
            let (lo, hi) = (*seen.iter().min()?, *seen.iter().max()?);
            (lo, hi.min(last_complete))
        }
    };
    Some((first, last))
}

fn short(r: &GroupRow, want: &str, min_sample: u64, fmt: &dyn Fn(Option<f64>) -> String) -> Finding {
    let key = if r.key.is_empty() {
        "all records".to_string()
    } else {
        r.key.join(", ")
    };
    if r.n == 0 && r.value.is_none() {
        return Finding::fail(format!("{key}: no records, needs {want}"));
    }
    let sample = if r.n < min_sample {
        format!("; {} records, under the minimum sample of {min_sample}", r.n)
    } else {
        format!(" over {} records", r.n)
    };
    Finding::fail(format!("{key}: {}{sample}, needs {want}", fmt(r.value)))
}

fn rest_of(key: &[KeyPart], time_pos: Option<usize>) -> Vec<KeyPart> {
    key.iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != time_pos)
        .map(|(_, p)| p.clone())
        .collect()
}

fn period_of(key: &[KeyPart], time_pos: Option<usize>) -> i64 {
    match time_pos.and_then(|i| key.get(i)) {
        Some(KeyPart::Period(p)) => *p,
        _ => 0,
    }
}

/// The run of consecutive periods with records that every partition (each
/// combination of the other `by` columns) reaches.
fn coverage(items: impl Iterator<Item = (Vec<KeyPart>, i64)>, anchor: Option<i64>) -> u64 {
    let mut parts: BTreeMap<Vec<KeyPart>, Vec<i64>> = BTreeMap::new();
    for (p, period) in items {
        parts.entry(p).or_default().push(period);
    }
    parts.values().map(|v| run_of(v, anchor)).min().unwrap_or(0)
}

/// The run that ends at `anchor` (the consecutive periods up to and
/// including it), or with no anchor the longest run anywhere.
fn run_of(periods: &[i64], anchor: Option<i64>) -> u64 {
    match anchor {
        None => run_length(periods),
        Some(last) => {
            let set: BTreeSet<i64> = periods.iter().copied().collect();
            (0..).take_while(|i| set.contains(&(last - i))).count() as u64
        }
    }
}

/// The longest run of consecutive integers in `periods`.
fn run_length(periods: &[i64]) -> u64 {
    let mut sorted: Vec<i64> = periods.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let (mut best, mut cur, mut prev) = (0u64, 0u64, None);
    for p in sorted {
        cur = if prev == Some(p - 1) { cur + 1 } else { 1 };
        best = best.max(cur);
        prev = Some(p);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_and_percentiles() {
        assert_eq!(run_length(&[1, 2, 3, 5, 6]), 3);
        assert_eq!(run_length(&[]), 0);
        assert_eq!(run_of(&[1, 2, 3, 5, 6], Some(6)), 2);
        assert_eq!(run_of(&[1, 2, 3, 5, 6], Some(7)), 0);
        assert_eq!(run_of(&[1, 2, 3, 5, 6], None), 3);
        let mut acc = Acc::default();
        for v in [5.0, 1.0, 3.0, 2.0, 4.0] {
            acc.add_value(v, true);
        }
        assert_eq!(acc.measure(Measure::P(50)).0, Some(3.0));
        assert_eq!(acc.measure(Measure::P(90)).0, Some(5.0));
        assert_eq!(acc.measure(Measure::P(20)).0, Some(1.0));
        assert_eq!(acc.measure(Measure::Mean).0, Some(3.0));
    }

    #[test]
    fn uncounted_rows_are_tallied_by_site_and_reason() {
        let mut tally = Tally::new(2);
        let adds = [
            (NO_SITE, Uncounted::Undated),
            (0, Uncounted::Condition(1)),
            (0, Uncounted::Condition(1)),
            (7, Uncounted::OutsidePeriod),
            (7, Uncounted::AfterAsOf),
            (7, Uncounted::Condition(0)),
            (3, Uncounted::Undated),
        ];
        let mut want: BTreeMap<(u32, String), u64> = BTreeMap::new();
        for (site, why) in adds {
            tally.add(site, why);
            *want.entry((site, format!("{why:?}"))).or_default() += 1;
        }
        let got: BTreeMap<(u32, String), u64> = tally.iter().map(|(s, w, n)| ((s, format!("{w:?}")), n)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn short_texts_pack_into_a_word_and_back_trimmed() {
        for (text, name) in [
            (&b""[..], ""),
            (b"A1", "A1"),
            (b" S-01  ", "S-01"),
            (b"1234567", "1234567"),
            (b"abc", "abc"),
            (b"abcd", "abcd"),
            (b"abcde", "abcde"),
        ] {
            let p = packed_text(text);
            assert!(p as i64 >= 0 && p != u64::MAX);
            assert_eq!(unpacked_text(p), name);
        }
        assert_ne!(packed_text(b"A"), packed_text(b"A\0"));
        for text in [&b"x"[..], b"xy", b"xyz", b"wxyz", b"vwxyz", b"uvwxyz", b"tuvwxyz"] {
            let mut bytes = [0u8; 8];
            bytes[..text.len()].copy_from_slice(text);
            assert_eq!(packed_text(text), u64::from_le_bytes(bytes) | (text.len() as u64) << 56);
        }
    }

    #[test]
    fn buckets_cover_the_period_to_its_last_complete_one() {
        let d = |y, m, dd| jiff::civil::date(y, m, dd);
        let month = |y: i64, m: i64| y * 12 + m - 1;
        let period = Some((d(2026, 1, 1), d(2026, 10, 31)));
        assert_eq!(
            bucket_range(Bucket::Month, period, d(2026, 11, 1), std::iter::empty()),
            Some((month(2026, 1), month(2026, 10)))
        );
        // An as-of date inside October: September is the last complete month.
        assert_eq!(
            bucket_range(Bucket::Month, period, d(2026, 10, 15), std::iter::empty()),
            Some((month(2026, 1), month(2026, 9)))
        );
        // No period: between the first and last buckets that have records.
        assert_eq!(
            bucket_range(
                Bucket::Month,
                None,
                d(2026, 11, 1),
                [month(2026, 3), month(2026, 7)].into_iter()
            ),
            Some((month(2026, 3), month(2026, 7)))
        );
        // (bucket, period, as-of date, first and last bucket judged)
        let week = |y, m, dd| Bucket::Week.of_day(day_number(d(y, m, dd)));
        let q = |y: i64, n: i64| y * 4 + n - 1;
        let weeks = (d(2026, 9, 28), d(2026, 10, 31));
        let year = (d(2026, 1, 1), d(2026, 12, 31));
        let cases = [
            // As of the period's last day, its last month is complete.
            (
                Bucket::Month,
                (d(2026, 1, 1), d(2026, 10, 31)),
                d(2026, 10, 31),
                (month(2026, 1), month(2026, 10)),
            ),
            // A period ending before its last month does: that month is not complete in it.
            (
                Bucket::Month,
                (d(2026, 1, 1), d(2026, 10, 20)),
                d(2026, 11, 1),
                (month(2026, 1), month(2026, 9)),
            ),
            // No month of the period complete yet: the first comes after the last.
            (
                Bucket::Month,
                (d(2026, 10, 1), d(2026, 10, 31)),
                d(2026, 10, 15),
                (month(2026, 10), month(2026, 9)),
            ),
            // Weeks run Monday to Sunday: on Thursday 2026-10-15 the week of
            // the 12th is still running; on Sunday the 18th it is complete.
            (
                Bucket::Week,
                weeks,
                d(2026, 10, 15),
                (week(2026, 9, 28), week(2026, 10, 5)),
            ),
            (
                Bucket::Week,
                weeks,
                d(2026, 10, 18),
                (week(2026, 9, 28), week(2026, 10, 12)),
            ),
            // Q4 is complete on its last day only.
            (Bucket::Quarter, year, d(2026, 10, 15), (q(2026, 1), q(2026, 3))),
            (Bucket::Quarter, year, d(2026, 12, 30), (q(2026, 1), q(2026, 3))),
            (Bucket::Quarter, year, d(2026, 12, 31), (q(2026, 1), q(2026, 4))),
        ];
        for (bucket, period, as_of, want) in cases {
            assert_eq!(
                bucket_range(bucket, Some(period), as_of, std::iter::empty()),
                Some(want),
                "{bucket:?} {period:?} as of {as_of}"
            );
        }
    }

    #[test]
    fn rows_outside_the_period_or_after_the_as_of_date_say_why_they_do_not_count() {
        let day = |y, m, dd| day_number(jiff::civil::date(y, m, dd));
        let dated = Dated {
            from: day(2026, 1, 1),
            to: day(2026, 10, 31),
            as_of: day(2026, 10, 15),
        };
        assert_eq!(dated.place(Some(day(2026, 1, 1))), None);
        assert_eq!(dated.place(Some(day(2026, 10, 15))), None);
        assert_eq!(dated.place(Some(day(2025, 12, 31))), Some(Uncounted::OutsidePeriod));
        assert_eq!(dated.place(Some(day(2026, 10, 16))), Some(Uncounted::AfterAsOf));
        assert_eq!(dated.place(Some(day(2026, 11, 1))), Some(Uncounted::OutsidePeriod));
        assert_eq!(dated.place(None), Some(Uncounted::Undated));
    }

    #[test]
    fn groups_after_the_last_complete_bucket_are_taken_out_with_their_rows() {
        let key = |team: &str, b: i64| vec![KeyPart::Text(team.into()), KeyPart::Period(b)];
        let acc = |n: u64| Acc { n, ..Acc::default() };
        let keys = [
            key("red", 8),
            key("red", 9),
            key("blue", 9),
            key("red", 10),
            key("blue", 11),
        ];
        let mut groups: BTreeMap<&Vec<KeyPart>, Acc> =
            keys.iter().zip([3, 4, 5, 6, 7]).map(|(k, n)| (k, acc(n))).collect();
        let out = after_last_complete(&mut groups, 9, 1);
        assert_eq!(out, BTreeMap::from([(10, 6), (11, 7)]));
        let kept: Vec<&Vec<KeyPart>> = groups.keys().copied().collect();
        assert_eq!(kept, [&keys[2], &keys[0], &keys[1]]);
        // Nothing after the last complete bucket: nothing taken out.
        assert!(after_last_complete(&mut groups, 9, 1).is_empty());
        assert_eq!(groups.len(), 3);
    }
}
