//! A series of runs (monthly results, last year's archive) followed over
//! time: per pack and site the score, level, certification and rule counts,
//! and chosen rules' metric values, one point per run in as-of order.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Run;
use crate::results::{MetricTable, PackResult, Summary};

#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    pub organisation: Option<String>,
    /// The runs, oldest first: the x axis of every series.
    pub points: Vec<Point>,
    pub series: Vec<Series>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Point {
    pub file: String,
    pub as_of: String,
}

/// One line over the runs: `values[i]` belongs to `points[i]` (`None`: the
/// run had no such pack, site or metric, or nothing to score).
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub pack: String,
    /// `None`: the organisation's result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// `score`, `level`, `certified` (1 or 0), `pass`, `fail`, `error`,
    /// `pending`, or `metric` for a rule's measured value.
    pub measure: String,
    /// For a metric: the rule and what it measures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub values: Vec<Option<f64>>,
    /// How many things each value is over: applicable rules for a score,
    /// rows for a metric.
    pub n: Vec<Option<u64>>,
    /// Whether each value met its target, where it has one.
    pub pass: Vec<Option<bool>>,
    /// A metric's target, for charts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expect: Option<String>,
    pub percent: bool,
}

/// A series' identity: pack, site, measure, and for a metric its rule and
/// label; also its place in the output, so packs and sites read in order.
type SeriesKey = (String, Option<String>, String, Option<String>, Option<String>);

/// Builds the trend of `runs` (any order) with the metrics of `rules`.
pub fn trend(runs: &[Run], rules: &[String]) -> anyhow::Result<Trend> {
    let mut order: Vec<&Run> = runs.iter().collect();
    order.sort_by(|a, b| (&a.results.as_of, &a.path).cmp(&(&b.results.as_of, &b.path)));
    for rule in rules {
        let found = order
            .iter()
            .any(|r| r.results.packs.iter().any(|p| p.rules.iter().any(|x| &x.id == rule)));
        anyhow::ensure!(
            found,
            "no run has the rule `{rule}`; name a rule the runs evaluated (`evident explain RULE`)"
        );
    }
    let n = order.len();
    let mut series: BTreeMap<SeriesKey, Series> = BTreeMap::new();
    let mut put = |key: (String, Option<String>, String, Option<String>, Option<String>),
                   i: usize,
                   make: &dyn Fn() -> Series,
                   v: Option<f64>,
                   count: Option<u64>,
                   pass: Option<bool>| {
        let s = series.entry(key).or_insert_with(make);
        s.values[i] = v;
        s.n[i] = count;
        s.pass[i] = pass;
    };
    let blank = |pack: &str, site: &Option<String>, measure: &str| Series {
        pack: pack.to_string(),
        site: site.clone(),
        measure: measure.to_string(),
        rule: None,
        label: None,
        values: vec![None; n],
        n: vec![None; n],
        pass: vec![None; n],
        target: None,
        expect: None,
        percent: false,
    };
    for (i, run) in order.iter().enumerate() {
        for p in &run.results.packs {
            for (site, s) in summaries(p) {
                let c = &s.counts;
                let applicable = u64::from(c.pass + c.fail + c.error + c.pending);
                let mut measures = vec![("score", s.score, Some(applicable))];
                if let Some(l) = &s.level {
                    measures.push(("level", Some(f64::from(l.achieved)), None));
                }
                if let Some(c) = &s.certification {
                    measures.push(("certified", Some(if c.certified { 1.0 } else { 0.0 }), None));
                }
                for (m, v) in [
                    ("pass", c.pass),
                    ("fail", c.fail),
                    ("error", c.error),
                    ("pending", c.pending),
                ] {
                    measures.push((m, Some(f64::from(v)), None));
                }
                for (m, v, count) in measures {
                    let key = (p.id.clone(), site.clone(), m.to_string(), None, None);
                    put(key, i, &|| blank(&p.id, &site, m), v, count, None);
                }
            }
            for rule in p.rules.iter().filter(|r| rules.contains(&r.id)) {
                let mut nth: BTreeMap<Option<String>, usize> = BTreeMap::new();
                for t in &rule.metrics {
                    let k = nth.entry(t.site.clone()).or_default();
                    let label = format!("{} of {} {} (#{})", t.measure, t.records, t.expect, *k + 1);
                    *k += 1;
                    let (v, count, pass) = latest(t);
                    let key = (
                        p.id.clone(),
                        t.site.clone(),
                        "metric".to_string(),
                        Some(rule.id.clone()),
                        Some(label.clone()),
                    );
                    let make = || Series {
                        rule: Some(rule.id.clone()),
                        label: Some(label.clone()),
                        target: Some(t.threshold),
                        expect: Some(t.expect.clone()),
                        percent: t.percent,
                        ..blank(&p.id, &t.site, "metric")
                    };
                    put(key, i, &make, v, count, pass);
                }
            }
        }
    }
    Ok(Trend {
        organisation: order.last().and_then(|r| r.results.organisation.clone()),
        points: order
            .iter()
            .map(|r| Point {
                file: r.path.display().to_string(),
                as_of: r.results.as_of.clone(),
            })
            .collect(),
        series: series.into_values().collect(),
    })
}

/// The organisation's summary, then each site's.
fn summaries(p: &PackResult) -> Vec<(Option<String>, &Summary)> {
    std::iter::once((None, &p.summary))
        .chain(p.sites.iter().map(|s| (Some(s.site.clone()), &s.summary)))
        .collect()
}

/// A metric's value in a run: the pool when the window pools, else the
/// latest period with a value (a monthly run's month).
fn latest(t: &MetricTable) -> (Option<f64>, Option<u64>, Option<bool>) {
    if let Some(p) = &t.pooled {
        return (p.value, Some(p.n), Some(p.pass));
    }
    t.groups
        .iter()
        .rev()
        .find(|g| g.value.is_some())
        .map_or((None, None, None), |g| (g.value, Some(g.n), Some(g.pass)))
}
