//! Past one machine: metric checks pushed down to the SQL engine that holds
//! the records. A metric check is a scan that reduces rows to partial
//! aggregates (see [`partials`]) and everything after it. `evident sql`
//! writes the scan as one query per record kind ([`query`]); the engine runs
//! it and exports the partials; `evident check --aggregates DIR` reads them
//! and decides exactly as a native run, whose reader produces the same
//! partials.

pub mod partials;
pub mod query;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::boundary::Boundary;
use crate::evidence::ColumnMaps;
use crate::expr::sql::Dialect;
use crate::metrics::{Aggregates, Dated, KindPlan};
use crate::results::ManifestEntry;

/// The canonical query of a kind (DuckDB over the default table), which
/// names the partials computed by it in any dialect.
fn canonical(
    plan: &KindPlan,
    maps: &ColumnMaps,
    dated: Dated,
    as_of: jiff::civil::Date,
) -> Result<query::Query, String> {
    let none = BTreeMap::new();
    query::query(
        plan,
        maps,
        dated,
        as_of,
        &query::Target {
            dialect: Dialect::Duckdb,
            tables: &none,
        },
    )
}

/// What reading partials gave: the kinds they serve, and the manifest
/// entries of the queries and files.
#[derive(Default)]
pub struct Served {
    pub kinds: BTreeSet<String>,
    pub manifest: Vec<ManifestEntry>,
}

/// Reads the partials in `dir` for every kind of `plans` that has some, into
/// `into`. An unreadable file, or partials another query computed, end the
/// run: deciding from them would not be this audit.
pub fn load(
    dir: &Path,
    plans: &[KindPlan],
    maps: &ColumnMaps,
    dated: Dated,
    as_of: jiff::civil::Date,
    into: &mut Aggregates,
) -> Result<Served, String> {
    let boundary = Boundary::new(dir).map_err(|e| format!("--aggregates {}: {e}", dir.display()))?;
    let mut served = Served::default();
    for plan in plans {
        let files = partials::files_of(dir, plan.name)?;
        if files.is_empty() {
            continue;
        }
        let q = canonical(plan, maps, dated, as_of)
            .map_err(|e| format!("{}: partials for `{}` records, but {e}", dir.display(), plan.name))?;
        let shown = |f: &Path| f.display().to_string();
        let mut rows = Vec::new();
        for f in &files {
            rows.extend(partials::read(&boundary, f)?);
            let sha256 = crate::evidence::hash_file(&boundary, f).map_err(|e| format!("{}: {e}", shown(f)))?;
            served
                .manifest
                .push(entry(shown(f), "aggregates", plan.name, sha256, f));
        }
        let source = files.iter().map(|f| shown(f)).collect::<Vec<_>>().join(", ");
        let aggs = partials::merge(plan, &rows, q.fingerprint(), &source)?;
        if plan.split {
            for site in partials::sites(&rows) {
                into.sites.entry(site.to_string()).or_default().insert(source.clone());
            }
        }
        partials::insert(plan, aggs, into);
        served.manifest.push(entry(
            format!("{}.sql", plan.name),
            "query",
            plan.name,
            q.sha256.clone(),
            Path::new(""),
        ));
        served.kinds.insert(plan.name.to_string());
    }
    Ok(served)
}

fn entry(path: String, role: &str, kind: &str, sha256: String, file: &Path) -> ManifestEntry {
    ManifestEntry {
        path,
        role: role.into(),
        kind: Some(kind.into()),
        kind_from: None,
        title: None,
        site: None,
        approved_on: None,
        size: std::fs::metadata(file).map_or(0, |m| m.len()),
        sha256,
        problem: None,
    }
}

/// Writes the partials a native run computed, one CSV per kind, named by
/// the query that would compute them in an engine (or by why none can).
pub fn save(
    dir: &Path,
    plans: &[KindPlan],
    served: &BTreeSet<String>,
    maps: &ColumnMaps,
    dated: Dated,
    as_of: jiff::civil::Date,
    aggs: &Aggregates,
) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for plan in plans.iter().filter(|p| !served.contains(p.name)) {
        let fingerprint = canonical(plan, maps, dated, as_of)
            .map(|q| q.fingerprint().to_string())
            .unwrap_or_else(|_| "no-sql-translation".into());
        let rows = partials::of_native(plan, aggs, &fingerprint);
        partials::write_csv(&dir.join(format!("{}.csv", plan.name)), &rows)?;
    }
    Ok(())
}
