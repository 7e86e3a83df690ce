//! Renderers over the one results model. They lay the model out and hold
//! no logic of their own: statuses, scores and orderings are decided before
//! they run. Report files are written atomically (a temporary file beside the
//! target, then a rename), so a reader never sees half a report.

pub mod diff;
pub mod explain;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod oscal;
pub mod papers;
pub mod papers_csv;
pub mod papers_xlsx;
pub mod sarif;
pub mod template;
pub mod terminal;
pub mod text;
pub mod trend;
pub mod view;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::anyhow;
use rayon::prelude::*;

use crate::diag::io_reason;
use crate::results::Results;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Markdown,
    Html,
    Sarif,
    Junit,
    /// GitHub Actions workflow annotations.
    Github,
    /// GitLab Code Quality.
    Gitlab,
    /// OSCAL assessment results.
    Oscal,
    /// Working papers: the findings as CSV, everything as an Excel workbook.
    Csv,
    Xlsx,
}

impl Format {
    pub const NAMES: &'static [&'static str] = &[
        "json", "md", "html", "sarif", "junit", "github", "gitlab", "oscal", "csv", "xlsx",
    ];
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            "html" => Some(Format::Html),
            "sarif" => Some(Format::Sarif),
            "junit" => Some(Format::Junit),
            "github" => Some(Format::Github),
            "gitlab" => Some(Format::Gitlab),
            "oscal" => Some(Format::Oscal),
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
    /// Bytes that are not text: never through the terminal's text handling,
    /// and never to a terminal.
    pub fn is_binary(self) -> bool {
        self == Format::Xlsx
    }
}

/// Renders reports from the one results model. The templates' context is
/// built once, on first need, and shared by every template rendered in a
/// run (the report files and the job summary alike).
pub struct Renderer<'a> {
    results: &'a Results,
    /// A folder whose `report.md.j2` or `report.html.j2` replaces the
    /// built-in template.
    templates: Option<&'a Path>,
    context: std::sync::OnceLock<minijinja::Value>,
}

impl<'a> Renderer<'a> {
    pub fn new(results: &'a Results, templates: Option<&'a Path>) -> Self {
        Renderer {
            results,
            templates,
            context: std::sync::OnceLock::new(),
        }
    }

    /// Renders one report: text for every format but the workbook's.
    pub fn render(&self, format: Format) -> anyhow::Result<Vec<u8>> {
        let context = || self.context.get_or_init(|| template::context(self.results));
        let text = match format {
            Format::Json => json::render(self.results),
            Format::Markdown => template::render(context(), template::MARKDOWN, self.templates),
            Format::Html => template::render(context(), template::HTML, self.templates),
            Format::Sarif => sarif::render(self.results),
            Format::Junit => junit::render(self.results),
            Format::Github => github::render(self.results),
            Format::Gitlab => gitlab::render(self.results),
            Format::Oscal => oscal::render(self.results),
            Format::Csv => return papers_csv::render(self.results),
            Format::Xlsx => return papers_xlsx::render(self.results),
        };
        text.map(String::into_bytes)
    }

    /// Renders the reports asked for and writes them. They are independent,
    /// so they render and write side by side on the cores the evaluation has
    /// finished with. Reports for standard output are printed afterwards, in
    /// the order given.
    pub fn write_all(&self, reports: &[(Format, PathBuf)]) -> anyhow::Result<()> {
        let stdout: Vec<_> = reports
            .par_iter()
            .map(|(format, path)| {
                let bytes = self.render(*format)?;
                if path == Path::new("-") {
                    return Ok(Some((*format, bytes)));
                }
                write(path, &bytes).map(|()| None)
            })
            .collect();
        for report in stdout {
            match report? {
                Some((format, bytes)) if format.is_binary() => raw_stdout(&bytes)?,
                Some((_, bytes)) => write(Path::new("-"), &bytes)?,
                None => {}
            }
        }
        Ok(())
    }
}

/// Appends `text` to the file GitHub Actions shows as the job summary.
pub fn append(path: &Path, text: &[u8]) -> anyhow::Result<()> {
    let cannot = |e: std::io::Error| {
        anyhow!(
            "cannot write the job summary `{}`: {}; check that $GITHUB_STEP_SUMMARY names a file evident can write",
            path.display(),
            io_reason(&e)
        )
    };
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .map_err(cannot)?
        .write_all(text)
        .map_err(cannot)
}

/// Standard output (colour as the terminal allows) that a closed pipe
/// silences instead of failing: `evident check | head -1` ends the output,
/// never the run, so the exit code stays the verdict's and `pipefail`
/// cannot turn a failed audit into a pass.
pub struct Stdout<W = anstream::Stdout> {
    inner: W,
    closed: bool,
}

pub fn stdout() -> Stdout {
    Stdout {
        inner: anstream::stdout(),
        closed: false,
    }
}

/// Writes a binary report to standard output as it is: the terminal's text
/// handling (which removes escape sequences) would corrupt it.
fn raw_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = Stdout {
        inner: std::io::stdout().lock(),
        closed: false,
    };
    out.write_all(bytes)?;
    out.flush().map_err(Into::into)
}

impl<W> Stdout<W> {
    /// A closed pipe ends the output; any other failure says where it was.
    fn guard<T>(&mut self, r: std::io::Result<T>, closed: T) -> std::io::Result<T> {
        match r {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(closed)
            }
            Err(e) => Err(std::io::Error::new(
                e.kind(),
                format!(
                    "cannot write to standard output: {}; check the file or device it is redirected to",
                    io_reason(&e)
                ),
            )),
            r => r,
        }
    }
}

impl<W: std::io::Write> std::io::Write for Stdout<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let r = self.inner.write(buf);
        self.guard(r, buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let r = self.inner.flush();
        self.guard(r, ())
    }
}

/// Prints to standard output through [`Stdout`].
pub fn print(text: &str) -> anyhow::Result<()> {
    print_bytes(text.as_bytes())
}

fn print_bytes(text: &[u8]) -> anyhow::Result<()> {
    let mut out = stdout();
    out.write_all(text)?;
    out.flush().map_err(Into::into)
}

/// Writes `bytes` to `path` atomically, or to standard output for `-`. The
/// file gets the usual permissions (0666 less the umask), not a temporary
/// file's 0600.
pub fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if path == Path::new("-") {
        return print_bytes(bytes);
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let cannot = |why: String| {
        anyhow!(
            "cannot write the report `{}`: {why}; choose a report path in a folder evident can write",
            path.display()
        )
    };
    std::fs::create_dir_all(dir).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::AlreadyExists | std::io::ErrorKind::NotADirectory => "a file is in the way".into(),
            _ => io_reason(&e),
        };
        cannot(format!("cannot create the folder `{}`: {why}", dir.display()))
    })?;
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| cannot(io_reason(&e)))?;
    tmp.write_all(bytes).map_err(|e| cannot(io_reason(&e)))?;
    tmp.persist(path).map_err(|e| {
        cannot(match e.error.kind() {
            std::io::ErrorKind::IsADirectory => "it is a folder".into(),
            _ => io_reason(&e.error),
        })
    })?;
    Ok(())
}
