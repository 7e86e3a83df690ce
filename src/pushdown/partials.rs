//! Partial aggregates as files: one row per metric, site, group, reason
//! and (for exact percentiles) distinct value, with additive counts and
//! sums. The emitted SQL writes them; a native run can write them too; a
//! run with `--aggregates` reads them back instead of the raw records.
//! Rows add up, so an engine may split its export into part files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::boundary::Boundary;
use crate::check::metric::Measure;
use crate::metrics::{Acc, Aggregates, KeyPart, KindPlan, MAX_BY, MetricAgg, Planned, Valued};
use crate::records::parquet::{self as pq, Value};

/// The columns of a partials file, in order.
pub const COLUMNS: [&str; 16] = [
    "query", "metric", "site", "k1", "k2", "k3", "k4", "reason", "v", "n", "hits", "vals", "sum", "per", "min", "max",
];

/// One row of partial aggregates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Partial {
    pub query: String,
    pub metric: String,
    pub site: Option<String>,
    pub keys: [Option<String>; MAX_BY],
    /// Why the rows did not count (`c0`... for the `counted:` conditions in
    /// order, `period`, `after`, `undated`, `bad`); none for counted rows.
    pub reason: Option<String>,
    /// The value, for a metric whose values are kept one by one.
    pub v: Option<f64>,
    pub n: u64,
    pub hits: u64,
    pub vals: u64,
    pub sum: Option<f64>,
    pub per: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// The reason code of a not-counted label, and back.
fn reason_code(p: &Planned, label: &str) -> String {
    let m = p.metric;
    if let Some(i) = m.counted.iter().position(|(name, _)| name == label) {
        return format!("c{i}");
    }
    match label {
        "outside the period" => "period".into(),
        "after the as-of date" => "after".into(),
        _ => "undated".into(),
    }
}

fn reason_label(p: &Planned, kind: &crate::pack::RecordKind, code: &str) -> Option<String> {
    let m = p.metric;
    Some(match code {
        "period" => "outside the period".into(),
        "after" => "after the as-of date".into(),
        "undated" => format!("no {}", m.date_column(kind).unwrap_or("date")),
        c => {
            let i: usize = c.strip_prefix('c')?.parse().ok()?;
            m.counted.get(i)?.0.clone()
        }
    })
}

/// The partial rows of a native run's aggregates for one kind, in the
/// order a query's rows are sorted in for comparison.
pub fn of_native(plan: &KindPlan, aggs: &Aggregates, fingerprint: &str) -> Vec<Partial> {
    let mut out = Vec::new();
    for p in &plan.metrics {
        let Some(agg) = aggs.get(p.metric) else { continue };
        let exact = matches!(p.metric.measure, Measure::P(_));
        let base = Partial {
            query: fingerprint.to_string(),
            metric: p.id.clone(),
            ..Partial::default()
        };
        if agg.bad_rows > 0 {
            out.push(Partial {
                reason: Some("bad".into()),
                n: agg.bad_rows,
                ..base.clone()
            });
        }
        for ((site, label), n) in &agg.not_counted {
            out.push(Partial {
                site: site.clone(),
                reason: Some(reason_code(p, label)),
                n: *n,
                ..base.clone()
            });
        }
        for ((site, key), acc) in &agg.groups {
            let mut keys: [Option<String>; MAX_BY] = Default::default();
            for (slot, part) in keys.iter_mut().zip(key) {
                *slot = match part {
                    KeyPart::Text(t) => Some(t.clone()),
                    KeyPart::Period(i64::MIN) => None,
                    KeyPart::Period(b) => Some(b.to_string()),
                };
            }
            let group = Partial {
                site: site.clone(),
                keys,
                ..base.clone()
            };
            if exact {
                // One row for what has no value, one for each distinct value.
                if acc.n > acc.values {
                    out.push(Partial {
                        n: acc.n - acc.values,
                        hits: acc.hits - acc.values,
                        ..group.clone()
                    });
                }
                let hist = acc.valued.as_ref().map(|x| &x.hist);
                let mut values: Vec<(f64, u64)> = hist
                    .into_iter()
                    .flatten()
                    .map(|(b, c)| (f64::from_bits(*b), *c))
                    .collect();
                values.sort_by(|a, b| a.0.total_cmp(&b.0));
                for (v, c) in values {
                    out.push(Partial {
                        v: Some(v),
                        n: c,
                        hits: c,
                        vals: c,
                        sum: Some(v * c as f64),
                        min: Some(v),
                        max: Some(v),
                        ..group.clone()
                    });
                }
            } else {
                let valued = acc.valued.as_deref().filter(|_| acc.values > 0);
                out.push(Partial {
                    n: acc.n,
                    hits: acc.hits,
                    vals: acc.values,
                    sum: valued.map(|x| x.sum.value()),
                    per: valued.filter(|_| p.metric.per.is_some()).map(|x| x.per.value()),
                    min: valued.map(|x| x.min),
                    max: valued.map(|x| x.max),
                    ..group
                });
            }
        }
    }
    out
}

/// Writes partial rows as CSV.
pub fn write_csv(path: &Path, rows: &[Partial]) -> Result<(), String> {
    let mut w = csv::Writer::from_path(path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let num = |v: &Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let fail = |e: csv::Error| format!("cannot write {}: {e}", path.display());
    w.write_record(COLUMNS).map_err(fail)?;
    for r in rows {
        let mut rec = vec![r.query.clone(), r.metric.clone(), text(&r.site)];
        rec.extend(r.keys.iter().map(text));
        rec.extend([
            text(&r.reason),
            num(&r.v),
            r.n.to_string(),
            r.hits.to_string(),
            r.vals.to_string(),
            num(&r.sum),
            num(&r.per),
            num(&r.min),
            num(&r.max),
        ]);
        w.write_record(&rec).map_err(fail)?;
    }
    w.flush().map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The files holding a kind's partials in `dir`: `<kind>.csv`, `.jsonl` or
/// `.parquet`, or a folder `<kind>/` of such part files (as Spark and
/// BigQuery export).
pub fn files_of(dir: &Path, kind: &str) -> Result<Vec<PathBuf>, String> {
    let mut exports: Vec<PathBuf> = ["csv", "jsonl", "parquet"]
        .iter()
        .map(|ext| dir.join(format!("{kind}.{ext}")))
        .filter(|f| f.is_file())
        .collect();
    let folder = dir.join(kind);
    if folder.is_dir() {
        exports.push(folder.clone());
    }
    // Partials add up: two exports of one kind side by side would count
    // every row twice.
    if exports.len() > 1 {
        let names: Vec<String> = exports.iter().map(|f| f.display().to_string()).collect();
        return Err(format!(
            "partials of `{kind}` in {}: each would be counted; keep one export",
            names.join(" and ")
        ));
    }
    if !folder.is_dir() {
        return Ok(exports);
    }
    let entries = std::fs::read_dir(&folder).map_err(|e| format!("cannot read {}: {e}", folder.display()))?;
    let mut parts: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            !name.starts_with(['.', '_'])
                && [".csv", ".jsonl", ".json", ".parquet"]
                    .iter()
                    .any(|e| name.ends_with(e))
        })
        .collect();
    parts.sort();
    if parts.is_empty() {
        return Err(format!(
            "{}: holds no partials (`.csv`, `.jsonl` or `.parquet` part files); export the query's result into it",
            folder.display()
        ));
    }
    Ok(parts)
}

/// Reads one partials file; errors name the file and the row.
pub fn read(boundary: &Boundary, path: &Path) -> Result<Vec<Partial>, String> {
    let shown = path.display();
    let file = boundary.open(path).map_err(|e| format!("{shown}: {e}"))?;
    let lower = path.to_string_lossy().to_ascii_lowercase();
    let mut out = Vec::new();
    let mut take = |row: u64, get: &dyn Fn(&str) -> Option<Value>| -> Result<(), String> {
        out.push(partial(get).map_err(|e| format!("{shown}: row {row}: {e}"))?);
        Ok(())
    };
    if lower.ends_with(".parquet") {
        pq::rows(file, &mut |row, fields| {
            take(row, &|name| {
                fields
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.clone())
            })
        })
        .map_err(|e| format!("{shown}: {}", e.0))?;
    } else if lower.ends_with(".jsonl") || lower.ends_with(".json") {
        use std::io::BufRead as _;
        for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|e| format!("{shown}: {e}"))?;
            if line.trim().is_empty() {
                continue;
            }
            let obj: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&line).map_err(|e| format!("{shown}: line {}: not a JSON object: {e}", i + 1))?;
            take(i as u64 + 1, &|name| {
                obj.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| match v {
                        serde_json::Value::Null => Value::Null,
                        serde_json::Value::Bool(b) => Value::Bool(*b),
                        serde_json::Value::Number(n) => match n.as_i64() {
                            Some(i) => Value::Int(i),
                            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
                        },
                        serde_json::Value::String(s) => Value::Text(s.clone()),
                        other => Value::Text(other.to_string()),
                    })
            })?;
        }
    } else {
        let mut r = csv::ReaderBuilder::new().flexible(false).from_reader(file);
        let header: Vec<String> = r
            .headers()
            .map_err(|e| format!("{shown}: {e}"))?
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        for (i, rec) in r.records().enumerate() {
            let rec = rec.map_err(|e| format!("{shown}: {e}"))?;
            take(i as u64 + 2, &|name| {
                let at = header.iter().position(|h| h == name)?;
                Some(match rec.get(at) {
                    None | Some("") => Value::Null,
                    Some(t) => Value::Text(t.to_string()),
                })
            })?;
        }
    }
    Ok(out)
}

/// A row from its named values, each as the engine exported it (a number
/// may come as text, a decimal as a string in JSON).
fn partial(get: &dyn Fn(&str) -> Option<Value>) -> Result<Partial, String> {
    let text = |name: &str| -> Result<Option<String>, String> {
        match get(name) {
            None => Err(format!("has no column `{name}`; export every column the query selects")),
            Some(Value::Null) => Ok(None),
            Some(Value::Text(t)) => Ok(Some(t)),
            Some(Value::Int(i)) => Ok(Some(i.to_string())),
            Some(other) => Ok(Some(other.text())),
        }
    };
    let number = |name: &str| -> Result<Option<f64>, String> {
        match get(name) {
            None => Err(format!("has no column `{name}`; export every column the query selects")),
            Some(Value::Null) => Ok(None),
            Some(Value::Int(i)) => Ok(Some(i as f64)),
            Some(Value::Float(f)) => Ok(Some(f)),
            Some(Value::Text(t)) => t
                .trim()
                .parse::<f64>()
                .map(Some)
                .map_err(|_| format!("`{name}` is `{t}`, not a number")),
            Some(other) => Err(format!("`{name}` is {}, not a number", other.text())),
        }
    };
    let count = |name: &str| -> Result<u64, String> {
        match number(name)? {
            None => Ok(0),
            Some(f) if f >= 0.0 && f.fract() == 0.0 && f < 9.0e18 => Ok(f as u64),
            Some(f) => Err(format!("`{name}` is {f}, not a count")),
        }
    };
    let mut keys: [Option<String>; MAX_BY] = Default::default();
    for (k, slot) in keys.iter_mut().enumerate() {
        *slot = text(&format!("k{}", k + 1))?;
    }
    Ok(Partial {
        query: text("query")?.unwrap_or_default(),
        metric: text("metric")?.unwrap_or_default(),
        site: text("site")?.filter(|s| !s.trim().is_empty()),
        keys,
        reason: text("reason")?.filter(|s| !s.is_empty()),
        v: number("v")?,
        n: count("n")?,
        hits: count("hits")?,
        vals: count("vals")?,
        sum: number("sum")?,
        per: number("per")?,
        min: number("min")?,
        max: number("max")?,
    })
}

/// Folds a kind's partial rows into each metric's aggregates; `file` is
/// what the findings and the site list name as their source.
pub fn merge(plan: &KindPlan, rows: &[Partial], fingerprint: &str, file: &str) -> Result<Vec<MetricAgg>, String> {
    let mut aggs: Vec<MetricAgg> = plan
        .metrics
        .iter()
        .map(|_| MetricAgg {
            by_site: plan.has_site,
            files: 1,
            ..MetricAgg::default()
        })
        .collect();
    let index: BTreeMap<&str, usize> = plan
        .metrics
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    for (i, r) in rows.iter().enumerate() {
        let at = || format!("{file}: partial row {}", i + 1);
        if r.query != fingerprint {
            return Err(format!(
                "{}: computed by query `{}`, but the packs, profile, period and as-of date of this run give query `{fingerprint}`; run `evident sql` again and export its results",
                at(),
                r.query
            ));
        }
        let Some(&m) = index.get(r.metric.as_str()) else {
            return Err(format!(
                "{}: `{}` is not a metric over `{}` records in this run",
                at(),
                r.metric,
                plan.name
            ));
        };
        let p = &plan.metrics[m];
        let agg = &mut aggs[m];
        match r.reason.as_deref() {
            Some("bad") => agg.bad_rows += r.n,
            Some(code) => {
                let label = reason_label(p, plan.kind, code)
                    .ok_or_else(|| format!("{}: `{code}` is not a reason the query gives", at()))?;
                *agg.not_counted.entry((r.site.clone(), label)).or_default() += r.n;
            }
            None => {
                let key: Vec<KeyPart> = p
                    .metric
                    .by
                    .iter()
                    .zip(&r.keys)
                    .map(|(b, k)| match b {
                        crate::check::metric::By::Time(..) => match k {
                            None => Ok(KeyPart::Period(i64::MIN)),
                            Some(t) => t
                                .trim()
                                .trim_end_matches(".0")
                                .parse()
                                .map(KeyPart::Period)
                                .map_err(|_| format!("{}: `{t}` is not a period number", at())),
                        },
                        crate::check::metric::By::Column(_) => Ok(KeyPart::Text(k.clone().unwrap_or_default())),
                    })
                    .collect::<Result<_, _>>()?;
                let mut acc = Acc {
                    n: r.n,
                    hits: r.hits,
                    values: r.vals,
                    valued: None,
                };
                if r.vals > 0 {
                    let mut x = Valued {
                        min: r.min.unwrap_or(0.0),
                        max: r.max.unwrap_or(0.0),
                        ..Valued::default()
                    };
                    x.sum.add(r.sum.unwrap_or(0.0));
                    x.per.add(r.per.unwrap_or(0.0));
                    if let (Some(v), Measure::P(_)) = (r.v, p.metric.measure) {
                        *x.hist.entry((v + 0.0).to_bits()).or_default() += r.vals;
                    }
                    acc.valued = Some(Box::new(x));
                }
                agg.groups.entry((r.site.clone(), key)).or_default().merge(&acc);
            }
        }
    }
    Ok(aggs)
}

/// Sites named by counted partial rows, for the profile's site list.
pub fn sites(rows: &[Partial]) -> impl Iterator<Item = &str> {
    rows.iter()
        .filter(|r| r.reason.is_none() && r.n > 0)
        .filter_map(|r| r.site.as_deref())
}

/// Keeps `aggs` under the metrics they belong to.
pub fn insert(plan: &KindPlan, aggs: Vec<MetricAgg>, into: &mut Aggregates) {
    for (p, agg) in plan.metrics.iter().zip(aggs) {
        into.insert(p.metric, agg);
    }
}
