//! The audit year: results of earlier runs read back and compared
//! ([`diff`]), runs of separate site repositories merged into one
//! organisation result ([`aggregate`]), and a series of runs followed over
//! time ([`trend`]). Everything here starts from JSON results, the contract
//! a run leaves behind, so runs made elsewhere (a CI matrix, last year's
//! archive) are as good as this one.

pub mod aggregate;
pub mod diff;
pub mod trend;

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail};

use crate::results::{Results, SCHEMA_VERSION};

/// The most a results file may hold: a large organisation's run with every
/// metric table is tens of MiB; more is not a results file.
const RESULTS_LIMIT: u64 = 1 << 30;

/// One run's results as read back, with where they came from.
pub struct Run {
    pub path: PathBuf,
    pub results: Results,
}

/// Reads one results file (`--report json=`), refusing another schema
/// version with what to do about it.
pub fn read_run(path: &Path) -> anyhow::Result<Run> {
    // Parsed as read: a run's bytes are never held beside its results.
    let results: Result<Results, _> = serde_json::from_reader(std::io::BufReader::new(open_run(path)?));
    match results {
        Ok(results) if results.schema_version == SCHEMA_VERSION => Ok(Run {
            path: path.to_path_buf(),
            results,
        }),
        Ok(results) => Err(cannot(path, other_version(results.schema_version))),
        Err(e) if e.is_io() => Err(cannot(path, e.to_string())),
        Err(e) => Err(why_not_results(path).unwrap_or_else(|| cannot(path, e.to_string()))),
    }
}

fn cannot(path: &Path, why: String) -> anyhow::Error {
    anyhow!("cannot read the results `{}`: {why}", path.display())
}

/// A results file opened to be read as a stream, within the size budget.
fn open_run(path: &Path) -> anyhow::Result<crate::boundary::Limited> {
    let file = std::fs::File::open(path).map_err(|e| cannot(path, crate::diag::io_reason(&e)))?;
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err(cannot(path, "it is not a regular file".into()));
    }
    Ok(crate::boundary::Limited::new(file, RESULTS_LIMIT, "results"))
}

/// Why a file that did not read as results is not: read again whole, the
/// version first, so an older or newer file says so instead of failing on
/// the first field that moved (and positions are counted as they always
/// were). `None` when it reads this time.
fn why_not_results(path: &Path) -> Option<anyhow::Error> {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) => return Some(cannot(path, crate::diag::io_reason(&e))),
    };
    let bytes = match crate::boundary::read_all(file, RESULTS_LIMIT, "results") {
        Ok(bytes) => bytes,
        Err(why) => return Some(cannot(path, why)),
    };
    #[derive(serde::Deserialize)]
    struct Version {
        schema_version: Option<u32>,
    }
    let why = match serde_json::from_slice::<Version>(&bytes) {
        Err(e) => format!("{e}; it must be the JSON results of `evident check --report json=PATH`"),
        Ok(Version {
            schema_version: Some(SCHEMA_VERSION),
        }) => serde_json::from_slice::<Results>(&bytes).err()?.to_string(),
        Ok(Version {
            schema_version: Some(v),
        }) => other_version(v),
        Ok(Version { schema_version: None }) => "it has no `schema_version`: it is not evident's JSON results".into(),
    };
    Some(cannot(path, why))
}

fn other_version(v: u32) -> String {
    format!(
        "it has results schema version {v}, and this evident reads version {SCHEMA_VERSION}; run `evident check` again with this version to compare like with like"
    )
}

/// Reads the runs named: files, and folders of `*.json` files (in name
/// order, not descending into subfolders).
pub fn read_runs(paths: &[PathBuf]) -> anyhow::Result<Vec<Run>> {
    run_files(paths)?.iter().map(|f| read_run(f)).collect()
}

/// The results files named: files, and folders' `*.json` files (in name
/// order, not descending into subfolders). Listed before any is read, so a
/// caller may read them one at a time.
pub fn run_files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| anyhow!("cannot list `{}`: {}", p.display(), crate::diag::io_reason(&e)))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "json") && f.is_file())
                .collect();
            if found.is_empty() {
                bail!("the folder `{}` holds no `.json` results", p.display());
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    Ok(files)
}

/// A rule's place in a run: the pack, the rule, and the site (`None` for
/// the organisation's result).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct RuleKey {
    pub pack: String,
    pub rule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
}
