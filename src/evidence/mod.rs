//! The evidence index: one sorted walk of the evidence root.
//!
//! Every file the run uses is read once, hashed (sha256, for the manifest)
//! and parsed: Markdown documents into front-matter fields, a heading outline
//! and the lines where the loaded rules' text patterns first match; record
//! files are classified by kind. Files are read in parallel and collected in
//! path order, so the index is the same on every run.
//!
//! Evidence is read, never written. Symbolic links are not followed out of
//! the root; oversized, binary and non-UTF-8 documents are kept with the
//! problem that stopped them, so the rules that need them report `error`
//! instead of passing without them.

pub mod archive;
pub mod docx;
pub mod markdown;
pub mod metadata;
pub mod office;
pub mod placeholder;
pub mod register;
pub mod show;
pub mod sidecar;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::boundary::Boundary;
use crate::pack::{Glob, Selector};
use crate::results::ManifestEntry;

/// Documents larger than this are refused: policy documents are small, and
/// a huge one is a mistake (an export saved as `.md`) or an attack.
pub const MAX_DOCUMENT_BYTES: u64 = 8 << 20;

/// Word documents carry images and fonts; their text is a small part.
pub const MAX_WORD_BYTES: u64 = 64 << 20;

/// Files at the root that configure the audit rather than evidence it.
pub const PROFILE: &str = "evident.yaml";

#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Relative to the evidence root, with `/` separators.
    pub path: String,
    pub kind: Option<String>,
    pub site: Option<String>,
    pub title: Option<String>,
    pub fields: BTreeMap<String, Field>,
    /// The line where metadata starts (findings about a missing field point here).
    pub meta_line: u32,
    pub headings: Vec<Heading>,
    /// (pattern index, first matching line) for each pattern that matched.
    pub hits: Vec<(u32, u32)>,
    /// Why the document could not be read, when it could not.
    pub problem: Option<String>,
    /// Why the document is an unfilled template, when it is one: it is
    /// never evidence.
    pub template: Option<String>,
    /// The format whose content is not read (PDF): the file's presence
    /// counts, nothing in it does.
    pub opaque: Option<&'static str>,
    /// How the kind was decided: front matter, a metadata line, a profile glob.
    pub kind_from: Option<String>,
    /// The document's tables, kept only when a loaded check reads registers
    /// (always for a register kept as a spreadsheet: they are its content).
    pub tables: Vec<Table>,
    /// More kinds the same file holds (front matter `kind: [a, b]`, a
    /// profile key `a+b`): the index lists one document per kind.
    pub also: Vec<String>,
    /// A register kept as a spreadsheet or CSV: its content is its tables,
    /// and it has no headings.
    pub tabular: bool,
}

/// A table of a document (a Markdown pipe table, or a Word table read as
/// one): placeholder cells are empty, every row has its line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub line: u32,
    /// The text of the nearest heading above the table.
    pub under: Option<String>,
    pub header: Vec<String>,
    pub rows: Vec<(u32, Vec<String>)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub value: serde_json::Value,
    pub line: u32,
    /// The value is an unfilled placeholder (`TBD`, `[Name]`, a profile's
    /// own patterns): it counts as missing.
    pub placeholder: bool,
    /// Where the value was written, when not in the document's own text.
    pub source: Source,
}

/// Where a field's value comes from.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Source {
    /// The document itself, at the field's line.
    #[default]
    Document,
    /// A sidecar file beside it (`risks.xlsx.meta.yaml`), by its path.
    Sidecar(String),
    /// One of the file's own properties (`dc:creator`): it has no line.
    Property(&'static str),
    /// The profile's `metadata:`, by the profile's path.
    Profile(String),
}

impl Field {
    /// Where a finding about this field of `doc` points: the sidecar's line,
    /// the document's line, or the document (a property has no line).
    pub fn place<'a>(&'a self, doc: &'a Document) -> (&'a str, Option<u32>) {
        match &self.source {
            Source::Document => (&doc.path, Some(self.line)),
            Source::Sidecar(path) | Source::Profile(path) => (path, Some(self.line)),
            Source::Property(_) => (&doc.path, None),
        }
    }

    /// Where the value came from, for people: `line 3`, `risks.xlsx.meta.yaml
    /// line 3`, `property dc:creator`.
    pub fn origin(&self) -> String {
        match &self.source {
            Source::Document => format!("line {}", self.line),
            Source::Sidecar(path) | Source::Profile(path) => format!("{path} line {}", self.line),
            Source::Property(name) => format!("property {name}"),
        }
    }

    /// The value as text (lists joined with ", ").
    pub fn text(&self) -> String {
        json_text(&self.value)
    }
}

fn json_text(v: &serde_json::Value) -> String {
    use serde_json::Value as J;
    match v {
        J::Null => String::new(),
        J::String(s) => s.clone(),
        J::Array(items) => items.iter().map(json_text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub line: u32,
    /// Words of text under the heading, up to the next heading.
    pub words: u32,
}

/// The text patterns of every loaded rule, matched in one pass per document.
pub struct Patterns {
    sources: Vec<String>,
    set: regex::RegexSet,
    each: Vec<regex::Regex>,
}

impl Patterns {
    /// Compiles the patterns (already validated when the packs loaded).
    pub fn new(patterns: &[&str]) -> anyhow::Result<Patterns> {
        let mut sources: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        sources.sort();
        sources.dedup();
        let set = regex::RegexSetBuilder::new(&sources)
            .multi_line(true)
            .size_limit(crate::pack::regexes::BUDGET)
            .build()
            .map_err(|e| {
                anyhow::anyhow!(
                    "cannot compile the text patterns of the loaded packs together: {e}; use fewer or simpler `text:` patterns"
                )
            })?;
        let each = sources
            .iter()
            .map(|p| crate::check::compile_regex(p).map_err(anyhow::Error::msg))
            .collect::<anyhow::Result<_>>()?;
        Ok(Patterns { sources, set, each })
    }

    fn index_of(&self, pattern: &str) -> Option<u32> {
        self.sources
            .binary_search_by(|p| p.as_str().cmp(pattern))
            .ok()
            .map(|i| i as u32)
    }

    /// The first line each matching pattern matches on.
    fn find(&self, body: &str, body_line: u32) -> Vec<(u32, u32)> {
        if self.sources.is_empty() {
            return Vec::new();
        }
        self.set
            .matches(body)
            .iter()
            .filter_map(|i| {
                let m = self.each[i].find(body)?;
                let line = body_line + memchr::memchr_iter(b'\n', &body.as_bytes()[..m.start()]).count() as u32;
                Some((i as u32, line))
            })
            .collect()
    }
}

/// What the index should look for, gathered from the loaded packs and profile.
pub struct IndexOptions<'a> {
    pub patterns: &'a [&'a str],
    /// Record kinds and the globs their files are found at.
    pub records: Vec<(String, Vec<Glob>)>,
    /// Document kinds by location (the profile's `documents:`), for files
    /// whose front matter does not say: the kinds a matching file holds
    /// (one, or several for `a+b:`) and the globs.
    pub documents: Vec<(Vec<String>, Vec<Glob>)>,
    /// Metadata key spellings, built in and the profile's.
    pub aliases: metadata::Aliases,
    /// More placeholder patterns (the profile's `placeholders:`).
    pub placeholders: Vec<regex::Regex>,
    /// Keep documents' tables (a loaded check reads registers).
    pub tables: bool,
    /// How the organisation's record files hold each kind's columns.
    pub columns: ColumnMaps,
    /// Date formats the organisation writes (strftime, `%d.%m.%Y`): a
    /// document field in one of them is read as that date.
    pub date_formats: Vec<String>,
    /// The profile's `metadata:` for registers, and the profile's path
    /// that findings about those fields point at.
    pub metadata: (RegisterMetadata, String),
}

/// The profile's `metadata:`: per glob of registers, (field, value, line).
pub type RegisterMetadata = Vec<(Glob, Vec<(String, String, u32)>)>;

#[cfg(test)]
impl IndexOptions<'static> {
    /// Nothing looked for beyond what every run reads, tables kept: the
    /// readers' unit tests.
    pub(crate) fn for_tests() -> Self {
        IndexOptions {
            patterns: &[],
            records: Vec::new(),
            documents: Vec::new(),
            aliases: metadata::Aliases::default(),
            placeholders: Vec::new(),
            tables: true,
            columns: Default::default(),
            date_formats: Vec::new(),
            metadata: Default::default(),
        }
    }
}

/// Per record kind, per column: the profile's `columns:`.
pub type ColumnMaps = BTreeMap<String, BTreeMap<String, crate::records::ColumnMap>>;

pub struct Index {
    pub root: PathBuf,
    /// Every file of the repository is opened through it.
    pub boundary: Boundary,
    pub documents: Vec<Document>,
    /// Record files by kind (relative paths), for the metric checks.
    pub records: BTreeMap<String, Vec<String>>,
    pub manifest: Vec<ManifestEntry>,
    /// Files no kind claims and that are not read (neither Markdown, Word
    /// nor PDF, and matched by no record or document glob).
    pub unmatched: Vec<String>,
    /// How record files hold their kinds' columns (the profile's `columns:`).
    pub columns: ColumnMaps,
    /// Files the globs of several entries claim, with those entries' kinds
    /// (`a+b` for an entry naming several; the first is the one taken).
    pub ambiguous: Vec<(String, Vec<String>)>,
    /// Where each record kind's files were looked for, for findings about
    /// a kind with none.
    pub record_globs: BTreeMap<String, Vec<String>>,
    /// The date formats documents were read with besides ISO (the
    /// profile's `date_formats:`), for findings about dates in none of them.
    pub date_formats: Vec<String>,
    patterns: Patterns,
}

/// How a document file is read.
#[derive(Clone, Copy)]
enum Format {
    Markdown,
    Word,
    Pdf,
    /// A register kept as a spreadsheet or CSV, which a document glob names.
    Register(register::Format),
    /// A file a document glob names in a format evident does not read.
    Other,
}

enum Role {
    Document(Format),
    Records(String),
    Config(&'static str),
}

fn document_format(path: &str) -> Option<Format> {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".md") || lower.ends_with(".markdown") {
        Some(Format::Markdown)
    } else if lower.ends_with(".docx") || lower.ends_with(".docm") {
        Some(Format::Word)
    } else if lower.ends_with(".pdf") {
        Some(Format::Pdf)
    } else {
        None
    }
}

impl Index {
    /// Walks `root` and reads every file a rule may use.
    pub fn build(root: &Path, opts: &IndexOptions) -> anyhow::Result<Index> {
        let boundary = Boundary::new(root)?;
        let patterns = Patterns::new(opts.patterns)?;
        let mut found: Vec<(String, PathBuf, Role, bool)> = Vec::new();
        let mut unmatched = Vec::new();
        let mut ambiguous: Vec<(String, Vec<String>)> = Vec::new();
        let by_location = |rel: &str| {
            opts.documents
                .iter()
                .any(|(_, globs)| globs.iter().any(|g| g.is_match(rel)))
        };
        let walker = walkdir::WalkDir::new(root)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter();
        let walker = walker.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = entry.map_err(|e| unwalkable(root, &e))?;
            if entry.file_type().is_dir() {
                continue;
            }
            let rel = relative(root, entry.path());
            let role = if entry.depth() == 1 && rel == PROFILE {
                Role::Config("profile")
            } else if entry.depth() == 1 && rel == crate::waiver::FILE {
                Role::Config("waivers")
            } else if entry.depth() == 1 && rel == crate::attestation::FILE {
                Role::Config("attestations")
            } else if let Some((kind, _)) = opts
                .records
                .iter()
                .find(|(_, globs)| globs.iter().any(|g| g.is_match(&rel)))
            {
                let all: Vec<&str> = opts
                    .records
                    .iter()
                    .filter(|(_, globs)| globs.iter().any(|g| g.is_match(&rel)))
                    .map(|(k, _)| k.as_str())
                    .collect();
                if all.len() > 1 {
                    ambiguous.push((rel.clone(), all.iter().map(|k| k.to_string()).collect()));
                }
                Role::Records(kind.clone())
            } else if let Some(format) = document_format(&rel) {
                Role::Document(format)
            } else if by_location(&rel) {
                Role::Document(register::Format::of(&rel).map_or(Format::Other, Format::Register))
            } else {
                unmatched.push(rel);
                continue;
            };
            found.push((rel, entry.path().to_path_buf(), role, entry.file_type().is_file()));
        }
        let sidecars = take_sidecars(&mut found, &mut unmatched);
        let read: Vec<ReadFile> = found
            .into_par_iter()
            .map(|(rel, path, role, plain)| {
                let sidecar = sidecars.get(&rel).cloned();
                read_one(&boundary, rel, (&path, plain), role, sidecar, &patterns, opts)
            })
            .collect();
        let mut index = Index {
            root: root.to_path_buf(),
            boundary,
            documents: Vec::new(),
            records: BTreeMap::new(),
            manifest: Vec::new(),
            unmatched,
            columns: opts.columns.clone(),
            ambiguous: Vec::new(),
            record_globs: opts
                .records
                .iter()
                .map(|(k, globs)| (k.clone(), globs.iter().map(|g| g.pattern.clone()).collect()))
                .collect(),
            date_formats: opts.date_formats.clone(),
            patterns,
        };
        for ReadFile {
            doc,
            mut entry,
            record,
            sidecar,
        } in read
        {
            if let Some(mut doc) = doc {
                let claims: Vec<String> = opts
                    .documents
                    .iter()
                    .filter(|(_, globs)| globs.iter().any(|g| g.is_match(&doc.path)))
                    .map(|(k, _)| k.join("+"))
                    .collect();
                if doc.kind.is_none() && claims.len() > 1 {
                    ambiguous.push((doc.path.clone(), claims));
                }
                if doc.kind.is_none()
                    && let Some((kinds, glob)) = opts
                        .documents
                        .iter()
                        .find_map(|(k, globs)| globs.iter().find(|g| g.is_match(&doc.path)).map(|g| (k, g)))
                {
                    doc.kind = kinds.first().cloned();
                    doc.also = kinds[1..].to_vec();
                    doc.kind_from = Some(format!(
                        "profile `documents: {{{}: {}}}`",
                        kinds.join("+"),
                        glob.pattern
                    ));
                }
                let kinds: Vec<String> = doc.kind.iter().chain(&doc.also).cloned().collect();
                entry.kind = (!kinds.is_empty()).then(|| kinds.join("+"));
                entry.kind_from = doc.kind_from.clone();
                index.documents.extend(one_per_kind(doc, &kinds));
            }
            if let Some((kind, path)) = record {
                index.records.entry(kind).or_default().push(path);
            }
            index.manifest.push(entry);
            index.manifest.extend(sidecar);
        }
        ambiguous.sort();
        index.ambiguous = ambiguous;
        Ok(index)
    }

    /// Documents a selector picks for a site: (readable, unreadable). A
    /// document that could not be read far enough to learn its kind could be
    /// of any kind, so it is among the unreadable ones of every selector
    /// whose path and site it fits: the rule is `error`, never a pass
    /// without it.
    pub fn select(&self, sel: &Selector, site: Option<&str>) -> (Vec<&Document>, Vec<&Document>) {
        let mut ok = Vec::new();
        let mut bad = Vec::new();
        for d in &self.documents {
            let unknown = d.problem.is_some() && d.kind.is_none();
            let kind_ok = unknown || sel.kind.as_ref().is_none_or(|k| d.kind.as_ref() == Some(k));
            let path_ok = sel.path.as_ref().is_none_or(|g| g.is_match(&d.path));
            let site_ok = site.is_none() || d.site.is_none() || d.site.as_deref() == site;
            if kind_ok && path_ok && site_ok {
                if d.problem.is_some() { bad.push(d) } else { ok.push(d) }
            }
        }
        (ok, bad)
    }

    /// The first line of `doc` that `pattern` matches, if any.
    pub fn first_match(&self, doc: &Document, pattern: &str) -> Option<u32> {
        let i = self.patterns.index_of(pattern)?;
        doc.hits.iter().find(|(p, _)| *p == i).map(|(_, line)| *line)
    }

    /// Sites named by documents' `site:` fields.
    pub fn sites(&self) -> BTreeSet<String> {
        self.documents.iter().filter_map(|d| d.site.clone()).collect()
    }
}

/// A file that holds several kinds is one document per kind, each knowing
/// the others: a rule selects the file by any of them, and counts it once
/// for the kind it asks for.
fn one_per_kind(doc: Document, kinds: &[String]) -> Vec<Document> {
    if kinds.len() < 2 {
        return vec![doc];
    }
    kinds
        .iter()
        .map(|k| Document {
            kind: Some(k.clone()),
            also: kinds.iter().filter(|o| *o != k).cloned().collect(),
            ..doc.clone()
        })
        .collect()
}

/// Sidecars (`risks.xlsx.meta.yaml`) of the registers found, by register:
/// they are read with their register, so they are neither unmatched nor
/// documents of their own.
fn take_sidecars(
    found: &mut Vec<(String, PathBuf, Role, bool)>,
    unmatched: &mut Vec<String>,
) -> BTreeMap<String, (String, PathBuf)> {
    let registers: BTreeSet<String> = found
        .iter()
        .filter(|(_, _, role, _)| matches!(role, Role::Document(Format::Register(_))))
        .map(|(rel, _, _, _)| rel.clone())
        .collect();
    let of_register = |rel: &str| {
        sidecar::register_of(rel)
            .filter(|r| registers.contains(*r))
            .map(str::to_string)
    };
    let mut out = BTreeMap::new();
    found.retain(|(rel, path, role, _)| match (role, of_register(rel)) {
        (Role::Document(Format::Other), Some(register)) => {
            out.insert(register, (rel.clone(), path.clone()));
            false
        }
        _ => true,
    });
    unmatched.retain(|rel| match of_register(rel) {
        Some(register) => {
            // Unmatched files are not kept with their paths: the sidecar
            // sits beside its register.
            let path = found
                .iter()
                .find(|(r, _, _, _)| *r == register)
                .and_then(|(_, p, _, _)| p.parent())
                .map(|dir| dir.join(rel.rsplit('/').next().unwrap_or(rel)));
            if let Some(path) = path {
                out.insert(register, (rel.clone(), path));
            }
            false
        }
        None => true,
    });
    out
}

/// A folder (or file) the walk could not enter stops the run: what it holds
/// is unknown, so no rule could be judged without it.
fn unwalkable(root: &Path, e: &walkdir::Error) -> anyhow::Error {
    let place = e.path().unwrap_or(root).display();
    let advice = if e
        .io_error()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::PermissionDenied)
    {
        "give evident read access to it, or move it out of the evidence folder"
    } else {
        "fix it, or move it out of the evidence folder"
    };
    let why = e.io_error().map_or_else(|| e.to_string(), crate::diag::io_reason);
    anyhow::anyhow!("cannot read `{place}` in the evidence folder: {why}; {advice}")
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// One file read: the document (if it is one), its manifest entry, and its
/// record kind and path (if it holds records).
struct ReadFile {
    doc: Option<Document>,
    entry: ManifestEntry,
    record: Option<(String, String)>,
    /// The manifest entry of a register's sidecar.
    sidecar: Option<ManifestEntry>,
}

/// `path` comes with whether the walk found a regular file there (not a
/// link), which lets it be opened without resolving the path again.
fn read_one(
    boundary: &Boundary,
    rel: String,
    (path, plain): (&Path, bool),
    role: Role,
    sidecar: Option<(String, PathBuf)>,
    patterns: &Patterns,
    opts: &IndexOptions,
) -> ReadFile {
    let (role_name, kind) = match &role {
        Role::Document(_) => ("document", None),
        Role::Records(k) => ("records", Some(k.clone())),
        Role::Config(r) => (*r, None),
    };
    let mut entry = ManifestEntry {
        path: rel.clone(),
        role: role_name.into(),
        kind,
        kind_from: None,
        title: None,
        site: None,
        approved_on: None,
        size: 0,
        sha256: String::new(),
        problem: None,
    };
    // Record files can be large: the metric pass hashes them as it reads
    // them (once); the index only notes their size.
    if let Role::Records(kind) = &role {
        match file_size(boundary, path) {
            Ok(size) => entry.size = size,
            Err(problem) => entry.problem = Some(problem),
        }
        return ReadFile {
            doc: None,
            entry,
            record: Some((kind.clone(), rel)),
            sidecar: None,
        };
    }
    // PDFs and unread formats are indexed (size, hash, kind by location)
    // but their content is not read.
    if let Role::Document(format @ (Format::Pdf | Format::Other)) = role {
        let mut doc = Document {
            path: rel,
            ..Document::default()
        };
        match file_size(boundary, path).and_then(|size| Ok((size, hash_file(boundary, path)?))) {
            Ok((size, sha)) => {
                entry.size = size;
                entry.sha256 = sha;
                match format {
                    Format::Pdf => doc.opaque = Some("PDF"),
                    _ => {
                        doc.problem = Some(
                            "evident does not read this format; keep the evidence as Markdown, Word (.docx) or PDF"
                                .into(),
                        );
                    }
                }
            }
            Err(problem) => doc.problem = Some(problem),
        }
        entry.problem = doc.problem.clone();
        return ReadFile {
            doc: Some(doc),
            entry,
            record: None,
            sidecar: None,
        };
    }
    let (limit, what) = match role {
        Role::Document(Format::Word) => (MAX_WORD_BYTES, "a Word document"),
        Role::Document(Format::Register(f)) => (f.max_bytes(), "a register"),
        Role::Document(_) => (MAX_DOCUMENT_BYTES, "a document"),
        _ => (crate::yaml::Limits::CONFIG.max_bytes as u64, "a configuration file"),
    };
    let opened = if plain {
        boundary.open_walked(path)
    } else {
        boundary.open(path)
    };
    let bytes = match opened.and_then(|file| crate::boundary::read_all(file, limit, what)) {
        Ok(b) => b,
        Err(problem) => {
            entry.problem = Some(problem.clone());
            let doc = matches!(role, Role::Document(_)).then(|| Document {
                path: rel,
                problem: Some(problem),
                ..Document::default()
            });
            // The sidecar is still evidence listed in the manifest.
            let sidecar = sidecar.map(|(side_rel, side_path)| read_sidecar(boundary, side_rel, &side_path).1);
            return ReadFile {
                doc,
                entry,
                record: None,
                sidecar,
            };
        }
    };
    entry.size = bytes.len() as u64;
    entry.sha256 = hex(&Sha256::digest(&bytes));
    match role {
        Role::Document(format) => {
            let unreadable = |rel: String, problem: String| Document {
                path: rel,
                problem: Some(problem),
                ..Document::default()
            };
            let mut doc = match format {
                Format::Register(f) => register::read(rel, bytes, f, patterns, opts),
                Format::Word => match docx::read(&bytes) {
                    Ok(d) => {
                        let mut doc = markdown::read(rel, &d.markdown, patterns, opts);
                        markdown::add_properties(&mut doc, d.properties, opts);
                        doc
                    }
                    Err(problem) => unreadable(rel, problem),
                },
                _ => match text_of(&bytes) {
                    Ok(text) => markdown::read(rel, text, patterns, opts),
                    Err(problem) => unreadable(rel, problem),
                },
            };
            let sidecar = sidecar.map(|(side_rel, side_path)| {
                let (bytes, side_entry) = read_sidecar(boundary, side_rel.clone(), &side_path);
                sidecar::apply(&mut doc, &side_rel, bytes.as_deref().map_err(Clone::clone), opts);
                side_entry
            });
            if matches!(format, Format::Register(_)) {
                let (globs, profile) = &opts.metadata;
                let path = doc.path.clone();
                for (_, fields) in globs.iter().filter(|(g, _)| g.is_match(&path)) {
                    markdown::add_profile_fields(&mut doc, fields, profile, opts);
                }
            }
            dates_as_written(&mut doc, &opts.date_formats);
            entry.kind = doc.kind.clone();
            entry.title = doc.title.clone();
            entry.site = doc.site.clone();
            entry.approved_on = doc.fields.get("approved_on").map(Field::text);
            entry.problem = doc.problem.clone();
            ReadFile {
                doc: Some(doc),
                entry,
                record: None,
                sidecar,
            }
        }
        Role::Records(_) | Role::Config(_) => ReadFile {
            doc: None,
            entry,
            record: None,
            sidecar: None,
        },
    }
}

/// A sidecar's bytes (or why they could not be read) and its manifest entry.
fn read_sidecar(boundary: &Boundary, rel: String, path: &Path) -> (Result<Vec<u8>, String>, ManifestEntry) {
    let bytes = boundary.read(path, crate::yaml::Limits::CONFIG.max_bytes as u64, "a sidecar");
    let entry = ManifestEntry {
        path: rel,
        role: "sidecar".into(),
        kind: None,
        kind_from: None,
        title: None,
        site: None,
        approved_on: None,
        size: bytes.as_ref().map_or(0, |b| b.len() as u64),
        sha256: bytes
            .as_ref()
            .map_or_else(|_| String::new(), |b| hex(&Sha256::digest(b))),
        problem: bytes.as_ref().err().cloned(),
    };
    (bytes, entry)
}

/// Fields written in one of the profile's date formats (`20.02.2026`) are
/// read as the date they name, in ISO form, so every check compares dates;
/// a value in no format stays as written (and a date check says so).
fn dates_as_written(doc: &mut Document, formats: &[String]) {
    if formats.is_empty() {
        return;
    }
    for field in doc.fields.values_mut() {
        let serde_json::Value::String(text) = &field.value else {
            continue;
        };
        if field.placeholder || crate::time::parse_date(text).is_some() {
            continue;
        }
        if let Some(date) = crate::time::parse_date_as(text, formats) {
            field.value = serde_json::Value::String(date.to_string());
        }
    }
}

/// The size of a file the index does not read whole, once the boundary
/// allows it.
fn file_size(boundary: &Boundary, path: &Path) -> Result<u64, String> {
    boundary
        .open(path)?
        .metadata()
        .map(|m| m.len())
        .map_err(|e| format!("cannot read: {e}"))
}

/// The sha256 of a file of the repository, read in pieces.
pub fn hash_file(boundary: &Boundary, path: &Path) -> Result<String, String> {
    use std::io::Read as _;
    let mut file = boundary.open(path)?;
    let mut hash = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => hash.update(&buf[..n]),
            Err(e) => return Err(format!("cannot read: {e}")),
        }
    }
    Ok(hex(&hash.finalize()))
}

pub(super) fn text_of(bytes: &[u8]) -> Result<&str, String> {
    if bytes.contains(&0) {
        return Err("binary file (contains NUL bytes), not a text file".into());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        format!(
            "not valid UTF-8 (line {line}, byte {}); save it as UTF-8",
            e.valid_up_to()
        )
    })
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}
