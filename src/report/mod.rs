//! Renderers over the one results model. They lay the model out and hold
//! no logic of their own: statuses, scores and orderings are decided before
//! they run. Report files are written atomically (a temporary file beside the
//! target, then a rename), so a reader never sees half a report.

pub mod explain;
pub mod json;
pub mod terminal;

use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;

use crate::results::Results;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
}

impl Format {
    pub const NAMES: &'static [&'static str] = &["json"];
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

pub fn render(results: &Results, format: Format) -> anyhow::Result<String> {
    match format {
        Format::Json => json::render(results),
    }
}

/// Writes `text` to `path` atomically, or to standard output for `-`.
pub fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    if path == Path::new("-") {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        return out.flush().map_err(Into::into);
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the folder `{}` for the report", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot create a temporary file in `{}`", dir.display()))?;
    tmp.write_all(text.as_bytes())
        .with_context(|| format!("cannot write the report `{}`", path.display()))?;
    tmp.persist(path)
        .with_context(|| format!("cannot write the report `{}`", path.display()))?;
    Ok(())
}
