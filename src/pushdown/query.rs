//! The query that reduces one record kind's rows to partial aggregates, in
//! one scan: every row meets every metric over the kind (a cross join with
//! the metrics' numbers), each metric's expressions pick its reason, keys,
//! match and value, and one GROUP BY sums them.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::check::metric::{By, Measure};
use crate::evidence::ColumnMaps;
use crate::expr::sql::{self, Dialect};
use crate::metrics::{Dated, KindPlan, MAX_BY};
use crate::pack::ColumnType;
use crate::records::{self, Needed, Source};
use crate::time::Bucket;

/// One kind's query.
pub struct Query {
    pub kind: String,
    pub text: String,
    /// sha256 of the query as written for DuckDB over the default table:
    /// what the partials were computed by, whatever the dialect.
    pub sha256: String,
}

impl Query {
    /// The first 16 hex digits of [`Query::sha256`]; every partial row
    /// carries it, so partials from another query are refused.
    pub fn fingerprint(&self) -> &str {
        &self.sha256[..16]
    }
}

/// What the queries are written for.
pub struct Target<'a> {
    pub dialect: Dialect,
    /// Relations by kind (`--table KIND=relation`); others are read from a
    /// table named after the kind (`customer_survey`).
    pub tables: &'a BTreeMap<String, String>,
}

/// The table a kind is read from unless `--table` says otherwise.
pub fn default_table(kind: &str) -> String {
    kind.replace(['-', '.'], "_")
}

/// The query of one kind; an error names the rule and the expression
/// that has no translation.
pub fn query(
    plan: &KindPlan,
    maps: &ColumnMaps,
    dated: Dated,
    as_of: jiff::civil::Date,
    target: &Target,
) -> Result<Query, String> {
    let canonical = write(plan, maps, dated, as_of, Dialect::Duckdb, None, "")?;
    let sha256 = crate::evidence::hex(&Sha256::digest(canonical.as_bytes()));
    let text = write(
        plan,
        maps,
        dated,
        as_of,
        target.dialect,
        target.tables.get(plan.name).map(String::as_str),
        &sha256[..16],
    )?;
    Ok(Query {
        kind: plan.name.to_string(),
        text,
        sha256,
    })
}

fn write(
    plan: &KindPlan,
    maps: &ColumnMaps,
    dated: Dated,
    as_of: jiff::civil::Date,
    d: Dialect,
    table: Option<&str>,
    fingerprint: &str,
) -> Result<String, String> {
    let kind = plan.name;
    let needed: Vec<Needed> = records::needed(plan.kind, &plan.columns, maps.get(kind));
    let cols: Vec<(String, ColumnType)> = needed.iter().map(|n| (n.name.clone(), n.ty)).collect();
    let id = |c: &str| d.ident(c);

    // The source projection: the profile's column mapping, and the types
    // the expressions read.
    let mut src = Vec::new();
    for n in &needed {
        // A written format says how the evidence files spell a date; an
        // engine's cast knows ISO only, and a wrong guess is a missing date.
        if n.format.is_some() {
            return Err(format!(
                "column `{}` of `{kind}` records has a `format:` in the profile's `columns:`, which only the native reader applies; keep it typed in the warehouse (DATE, TIMESTAMP) and audit with a profile without the format (`--profile`)",
                n.name
            ));
        }
        let from = match &n.source {
            Source::Header(h) => id(h),
            Source::Constant(c) if n.ty == ColumnType::String => d.string(c),
            _ => {
                return Err(format!(
                    "column `{}` of `{kind}` records is made by the profile's `columns:` (a joined, derived or typed constant column), which only the native reader does; map it in the relation instead (`--table {kind}='(SELECT ... AS {} FROM ...)'`)",
                    n.name, n.name
                ));
            }
        };
        // Every column is cast to its kind's type: a no-op on typed tables,
        // and text columns (an external table over CSV) read as a file would.
        let typed = match n.ty {
            ColumnType::Date => format!("CAST({from} AS DATE)"),
            ColumnType::Datetime => format!("CAST({from} AS {})", timestamp(d)),
            ColumnType::Int | ColumnType::Duration => format!("CAST({from} AS {})", d.bigint()),
            ColumnType::Float => format!("CAST({from} AS {})", d.double()),
            ColumnType::Bool => format!("CAST({from} AS {})", boolean(d)),
            // Blank text is a missing value, as in an evidence file.
            ColumnType::String => format!("CASE WHEN TRIM({from}) = '' THEN NULL ELSE {from} END"),
        };
        src.push(format!("{typed} AS {}", id(&n.name)));
    }
    let relation = match table {
        Some(t) => t.to_string(),
        None => id(&default_table(kind)),
    };

    // Per metric: reason, keys, match, value, denominator, and whether its
    // values are kept one by one (exact percentiles).
    // Every expression is worked out once a row, before the rows meet the
    // metrics: metrics of a pack share their conditions, dates and keys.
    let mut shared: Vec<String> = Vec::new();
    let mut once = |sql: String| -> String {
        let i = shared.iter().position(|e| *e == sql).unwrap_or_else(|| {
            shared.push(sql);
            shared.len() - 1
        });
        format!("x{i}")
    };
    let mut reasons = Vec::new();
    let mut keys: Vec<Vec<String>> = vec![Vec::new(); MAX_BY];
    let (mut hits, mut vals, mut pers, mut exact, mut ids) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let required: Vec<String> = needed
        .iter()
        .filter(|n| n.required)
        .map(|n| format!("{} IS NULL", id(&n.name)))
        .collect();
    for (i, p) in plan.metrics.iter().enumerate() {
        let m = p.metric;
        let params = crate::metrics::with_as_of(p.params, as_of);
        let fail = |what: &str, text: &str, e: sql::Untranslatable| {
            format!(
                "rule {}: the {what} `{text}` has no SQL translation: it {}; write it with what SQL has, or keep `{kind}` records on the native reader",
                p.id.split('#').next().unwrap_or(&p.id),
                e.0
            )
        };
        let cond = |what: &str, text: &str| sql::condition(d, text, &cols, &params).map_err(|e| fail(what, text, e));
        let mut reason = Vec::new();
        if !required.is_empty() {
            reason.push(format!("WHEN {} THEN 'bad'", once(required.join(" OR "))));
        }
        if let Some(date) = m.date_column(plan.kind) {
            let ty = cols.iter().find(|c| c.0 == date).map(|c| c.1);
            let day = match ty {
                Some(ColumnType::Date | ColumnType::Datetime) => d.day_number(&format!("CAST({} AS DATE)", id(date))),
                _ => "NULL".into(),
            };
            let day = once(day);
            reason.push(format!("WHEN {day} IS NULL THEN 'undated'"));
            if dated.from != i32::MIN || dated.to != i32::MAX {
                reason.push(format!(
                    "WHEN {day} < {} OR {day} > {} THEN 'period'",
                    dated.from, dated.to
                ));
            }
            reason.push(format!("WHEN {day} > {} THEN 'after'", dated.as_of));
        }
        for (c, (name, e)) in m.counted.iter().enumerate() {
            let what = format!("counted condition `{name}`");
            reason.push(format!("WHEN NOT {} THEN 'c{c}'", once(cond(&what, &e.value)?)));
        }
        reasons.push(if reason.is_empty() {
            format!("WHEN {i} THEN NULL")
        } else {
            format!("WHEN {i} THEN CASE {} END", reason.join(" "))
        });
        if m.by.len() > MAX_BY {
            return Err(format!("rule {}: groups by more than {MAX_BY} columns", p.id));
        }
        for (j, slot) in keys.iter_mut().enumerate() {
            let key = match m.by.get(j) {
                None => continue,
                Some(By::Time(bucket, c)) => {
                    let date = format!("CAST({} AS DATE)", id(c));
                    format!(
                        "CAST(CAST({} AS {}) AS {})",
                        bucket_of(d, *bucket, &date),
                        d.bigint(),
                        d.text()
                    )
                }
                Some(By::Column(c)) => match cols.iter().find(|x| &x.0 == c).map(|x| x.1) {
                    Some(ColumnType::String) => format!("COALESCE(TRIM({}), '')", id(c)),
                    Some(ColumnType::Int | ColumnType::Bool | ColumnType::Date) => {
                        format!("COALESCE(CAST({} AS {}), '')", id(c), d.text())
                    }
                    _ => {
                        return Err(format!(
                            "rule {}: groups by `{c}`, a float, datetime or duration column, whose text differs between engines",
                            p.id
                        ));
                    }
                },
            };
            slot.push(format!("WHEN {i} THEN {}", once(key)));
        }
        if let Some(f) = &m.filter {
            hits.push(format!("WHEN {i} THEN {}", once(cond("`where` condition", &f.value)?)));
        }
        let value = |what: &str, text: &str| sql::value(d, text, &cols, &params).map_err(|e| fail(what, text, e));
        if let Some(v) = &m.value {
            vals.push(format!(
                "WHEN {i} THEN {}",
                once(format!("CAST({} AS {})", value("value", &v.value)?, d.double()))
            ));
        }
        if let Some(per) = &m.per {
            pers.push(format!(
                "WHEN {i} THEN {}",
                once(format!("CAST({} AS {})", value("`per` value", &per.value)?, d.double()))
            ));
        }
        if matches!(m.measure, Measure::P(_)) {
            exact.push(i.to_string());
        }
        ids.push(format!("WHEN {i} THEN {}", d.string(&p.id)));
    }
    let case = |arms: &[String], default: &str| {
        if arms.is_empty() {
            default.to_string()
        } else {
            format!("CASE m.id {} ELSE {default} END", arms.join(" "))
        }
    };
    let site = if plan.has_site {
        format!("NULLIF(TRIM({}), '')", id("site"))
    } else {
        format!("CAST(NULL AS {})", d.text())
    };
    let numbers: Vec<String> = (0..plan.metrics.len()).map(|i| i.to_string()).collect();
    let metrics = match d {
        Dialect::Bigquery => format!("UNNEST([{}]) AS id", numbers.join(", ")),
        _ => format!(
            "(VALUES {}) AS m(id)",
            numbers.iter().map(|n| format!("({n})")).collect::<Vec<_>>().join(", ")
        ),
    };
    // BigQuery names the unnested column by its alias.
    let mid = if d == Dialect::Bigquery { "id" } else { "m.id" };
    let case = |arms: &[String], default: &str| case(arms, default).replace("m.id", mid);
    let null_text = format!("CAST(NULL AS {})", d.text());
    let null_double = format!("CAST(NULL AS {})", d.double());
    let key_cols: Vec<String> = (1..=MAX_BY).map(|k| format!("k{k}")).collect();
    let dec = d.decimal();

    let mut q = String::new();
    q.push_str(&format!(
        "-- evident partial aggregates of `{kind}` records ({}), query {fingerprint}\n",
        d.name()
    ));
    q.push_str(&format!(
        "WITH src AS (\n  SELECT {}\n  FROM {relation}\n),\n",
        src.join(",\n    ")
    ));
    let mut tested = vec![format!("{site} AS site")];
    tested.extend(shared.iter().enumerate().map(|(i, e)| format!("{e} AS x{i}")));
    q.push_str(&format!(
        "tested AS (\n  SELECT {}\n  FROM src\n),\n",
        tested.join(",\n    ")
    ));
    q.push_str("per_metric AS (\n  SELECT\n");
    q.push_str(&format!("    {} AS metric,\n", case(&ids, "NULL")));
    q.push_str("    site,\n");
    q.push_str(&format!("    {} AS reason,\n", case(&reasons, &null_text)));
    for (k, arms) in key_cols.iter().zip(&keys) {
        q.push_str(&format!("    {} AS {k},\n", case(arms, &null_text)));
    }
    q.push_str(&format!("    {} AS hit,\n", case(&hits, "TRUE")));
    q.push_str(&format!("    {} AS val,\n", case(&vals, &null_double)));
    q.push_str(&format!("    {} AS per_value,\n", case(&pers, &null_double)));
    let exact = if exact.is_empty() {
        "FALSE".to_string()
    } else {
        format!("{mid} IN ({})", exact.join(", "))
    };
    q.push_str(&format!("    {exact} AS exact\n"));
    q.push_str(&format!("  FROM tested CROSS JOIN {metrics}\n),\n"));
    // Keys and values only for counted rows; values only for matches.
    q.push_str("judged AS (\n  SELECT metric, site, reason,\n");
    for k in &key_cols {
        q.push_str(&format!("    CASE WHEN reason IS NULL THEN {k} END AS {k},\n"));
    }
    q.push_str("    CASE WHEN reason IS NULL AND hit THEN 1 ELSE 0 END AS matched,\n");
    q.push_str("    CASE WHEN reason IS NULL AND hit THEN val END AS val,\n");
    q.push_str(
        "    CASE WHEN reason IS NULL AND hit AND val IS NOT NULL THEN COALESCE(per_value, 0) END AS per_value,\n",
    );
    q.push_str("    CASE WHEN reason IS NULL AND hit AND exact THEN val END AS v\n");
    q.push_str("  FROM per_metric\n)\n");
    let out = |n: &str| id(n);
    q.push_str(&format!(
        "SELECT {} AS {}, metric AS {}, site AS {}, {}, reason AS {}, v AS {},\n",
        d.string(fingerprint),
        out("query"),
        out("metric"),
        out("site"),
        key_cols
            .iter()
            .map(|k| format!("{k} AS {}", out(k)))
            .collect::<Vec<_>>()
            .join(", "),
        out("reason"),
        out("v"),
    ));
    q.push_str(&format!(
        "  COUNT(*) AS {}, SUM(matched) AS {}, COUNT(val) AS {},\n",
        out("n"),
        out("hits"),
        out("vals")
    ));
    q.push_str(&format!(
        "  SUM(CAST(val AS {dec})) AS {}, SUM(CAST(per_value AS {dec})) AS {}, MIN(val) AS {}, MAX(val) AS {}\n",
        out("sum"),
        out("per"),
        out("min"),
        out("max")
    ));
    q.push_str(&format!(
        "FROM judged\nGROUP BY metric, site, {}, reason, v\n",
        key_cols.join(", ")
    ));
    Ok(q)
}

fn boolean(d: Dialect) -> &'static str {
    match d {
        Dialect::Bigquery => "BOOL",
        _ => "BOOLEAN",
    }
}

/// The wall-clock timestamp type.
fn timestamp(d: Dialect) -> &'static str {
    match d {
        Dialect::Bigquery => "DATETIME",
        _ => "TIMESTAMP",
    }
}

/// The bucket number of a DATE expression, as [`Bucket::of_day`] counts.
fn bucket_of(d: Dialect, b: Bucket, date: &str) -> String {
    let day = d.day_number(date);
    match b {
        Bucket::Day => day,
        Bucket::Week => format!("FLOOR(({day} + 3) / 7.0)"),
        Bucket::Month => format!("(EXTRACT(YEAR FROM {date}) * 12 + EXTRACT(MONTH FROM {date}) - 1)"),
        Bucket::Quarter => format!("(EXTRACT(YEAR FROM {date}) * 4 + EXTRACT(QUARTER FROM {date}) - 1)"),
        Bucket::Year => format!("EXTRACT(YEAR FROM {date})"),
    }
}
