//! Diagnostics: a pack, the profile, a waiver or an attestation file is wrong.
//!
//! This is one of three channels kept apart: errors (the tool failed),
//! diagnostics (configuration is wrong, shown with its place in the file),
//! findings (evidence is or is not compliant, in the results model). Every
//! diagnostic has a stable kebab-case code, listed with a description by
//! `Code::ALL` so the README and a uniqueness test read the same table.

use std::fmt::Write as _;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::text::{kept, sanitize};

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A place in a file: 1-based line and column, and the byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub line: u32,
    pub col: u32,
    pub offset: usize,
    pub len: usize,
}

impl Span {
    pub fn unknown() -> Span {
        Span::default()
    }
    pub fn point(line: u32, col: u32, offset: usize) -> Span {
        Span {
            line,
            col,
            offset,
            len: 0,
        }
    }
    pub fn is_known(&self) -> bool {
        self.line > 0
    }
}

/// The text of every configuration file read, so diagnostics can quote it.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: Vec<(String, Arc<str>)>,
}

impl Sources {
    /// Registers a file under the name shown to users (a path relative to
    /// where they ran the command, or `builtin:<pack>/pack.yaml`).
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<Arc<str>>) -> FileId {
        self.files.push((name.into(), text.into()));
        FileId(self.files.len() as u32 - 1)
    }
    pub fn name(&self, id: FileId) -> &str {
        &self.files[id.0 as usize].0
    }
    pub fn text(&self, id: FileId) -> &str {
        &self.files[id.0 as usize].1
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

macro_rules! codes {
    ($($variant:ident = $name:literal : $desc:literal,)*) => {
        /// Every diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }
        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => $desc,)* }
            }
        }
    };
}

codes! {
    YamlSyntax = "yaml-syntax": "the file is not valid YAML",
    YamlBudget = "yaml-budget": "the file is too large, too deeply nested or expands too many aliases",
    UnknownKey = "unknown-key": "a key that this part of the file does not take",
    MissingKey = "missing-key": "a required key is absent",
    WrongType = "wrong-type": "a value of the wrong type (a list where a string belongs, ...)",
    InvalidValue = "invalid-value": "a value outside what the key allows",
    InvalidId = "invalid-id": "a pack, section or rule id that is malformed",
    DuplicateId = "duplicate-id": "two sections or rules, or two packs, with one id",
    UnknownSection = "unknown-section": "a rule names a section the pack does not declare",
    UnknownKind = "unknown-kind": "an evidence kind used but not declared by the pack or the catalogue",
    ConflictingKind = "conflicting-kind": "two declarations of one evidence kind that disagree",
    UnknownParam = "unknown-param": "a parameter used or overridden that the pack does not declare",
    UnknownCheck = "unknown-check": "a check kind that does not exist",
    InvalidRegex = "invalid-regex": "a regular expression that does not compile",
    InvalidGlob = "invalid-glob": "a path glob that does not compile or leaves the evidence root",
    InvalidExpression = "invalid-expression": "an expression that does not parse or names an unknown column",
    InvalidDate = "invalid-date": "a date or duration that does not parse",
    UnknownLevel = "unknown-level": "a rule names a level or dimension the pack does not declare",
    UnknownTag = "unknown-tag": "a tag a rule carries that the pack does not declare, or a profile exclusion by a tag that no rule of the pack carries (a declared tag no rule carries is a warning)",
    UnknownMapping = "unknown-mapping": "a `maps_to` target that no loaded pack defines",
    UnknownPack = "unknown-pack": "a pack id that is neither built in nor loaded",
    UnknownRule = "unknown-rule": "a rule id (or glob) in the profile, a waiver or an attestation that matches no rule",
    MissingJustification = "missing-justification": "a tailoring exclusion without a justification (a sentence saying why)",
    BroadPattern = "broad-pattern": "an exclusion or waiver pattern covering more than one section, not marked `broad: true` with an approver",
    UnknownSite = "unknown-site": "a site that the profile does not list",
    Unreadable = "unreadable": "a configuration file that cannot be read",
    AmbiguousKind = "ambiguous-kind": "a file that the globs of several kinds claim; it is taken as the first",
    NoProfile = "no-profile": "the evidence folder has no `evident.yaml`, so every loaded pack applies as of today",
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub file: Option<FileId>,
    pub span: Span,
    pub label: Option<String>,
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: None,
            span: Span::unknown(),
            label: None,
            notes: Vec::new(),
        }
    }
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }
    pub fn at(mut self, file: FileId, span: Span) -> Self {
        self.file = Some(file);
        self.span = span;
        self
    }
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
}

/// An I/O error as people read it in a sentence: `permission denied`, not
/// `Permission denied (os error 13)`.
pub fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    let text = text.split(" (os error").next().unwrap_or_default();
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Diagnostics gathered over a whole load; validation pushes and goes on.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Every diagnostic as plain data, in file order, for editors and CI
    /// (`packs lint --format json`): file, 1-based line and column (absent
    /// when unknown), severity, code, message, label and notes.
    pub fn to_json(&self, sources: &Sources) -> serde_json::Value {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by_key(|d| (d.file, d.span.line, d.span.col, d.severity, d.code));
        let known = |n: u32| (n > 0).then_some(n);
        serde_json::Value::Array(
            items
                .into_iter()
                .map(|d| {
                    serde_json::json!({
                        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                        "code": d.code.name(),
                        "message": sanitize(&d.message),
                        "file": d.file.map(|f| sources.name(f)),
                        "line": d.file.and_then(|_| known(d.span.line)),
                        "column": d.file.and_then(|_| known(d.span.col)),
                        "label": d.label,
                        "notes": d.notes.iter().map(|n| sanitize(n)).collect::<Vec<_>>(),
                    })
                })
                .collect(),
        )
    }

    /// Renders every diagnostic, in file order, then a count line.
    pub fn render(&self, sources: &Sources, color: bool) -> String {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by_key(|d| (d.file, d.span.line, d.span.col, d.severity, d.code));
        let mut out = String::new();
        for d in &items {
            out.push_str(&render_one(d, sources, color));
            out.push_str("\n\n");
        }
        let errors = items.iter().filter(|d| d.severity == Severity::Error).count();
        let warnings = items.len() - errors;
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        match (errors, warnings) {
            (0, 0) => {}
            (0, w) => {
                let _ = writeln!(out, "{}", plural(w, "warning"));
            }
            (e, 0) => {
                let _ = writeln!(out, "{}", plural(e, "error"));
            }
            (e, w) => {
                let _ = writeln!(out, "{}, {}", plural(e, "error"), plural(w, "warning"));
            }
        }
        out
    }
}

/// Renders one diagnostic. Its message, label, notes, file name and quoted
/// source may all carry text from the evidence folder (a profile value, a
/// waiver's rule, a file name), so every part is printed sanitized: control
/// characters there would drive the terminal reading them.
fn render_one(d: &Diagnostic, sources: &Sources, color: bool) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let message = sanitize(&d.message);
    let title = level.primary_title(message.as_ref()).id(d.code.name());
    let (location, label, quoted);
    let mut group = Group::with_title(title);
    if let Some(file) = d.file {
        let text = sources.text(file);
        location = sanitize(sources.name(file));
        if d.span.is_known() && d.span.offset <= text.len() {
            // Spans must start and end on character boundaries.
            let mut start = d.span.offset;
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + d.span.len.max(1)).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            // Sanitized whole, with the span moved to where its text went.
            let kept: Vec<_> = kept(text).collect();
            let moved = |at: usize| -> usize { kept.iter().map(|r| r.end.min(at).saturating_sub(r.start)).sum() };
            let span = moved(start)..moved(end);
            quoted = kept.into_iter().map(|r| &text[r]).collect::<String>();
            label = d.label.as_deref().map(sanitize);
            let annotation = AnnotationKind::Primary.span(span);
            let annotation = match &label {
                Some(l) => annotation.label(l.as_ref()),
                None => annotation,
            };
            // annotate-snippets adds `:line:column` to the path itself.
            group = group.element(
                Snippet::source(quoted.as_str())
                    .path(location.as_ref())
                    .fold(true)
                    .annotation(annotation),
            );
        } else {
            group = group.element(annotate_snippets::Origin::path(location.as_ref()));
        }
    }
    let notes: Vec<_> = d.notes.iter().map(|n| sanitize(n)).collect();
    let mut report = vec![group];
    for n in &notes {
        report.push(Group::with_title(Level::NOTE.secondary_title(n.as_ref())));
    }
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    renderer.render(&report).to_string()
}

/// An error that stops the tool, styled like a diagnostic's title
/// (`error: ...` in bold red on a terminal), with its `tip:` lines as
/// notes. Control characters from the evidence are removed.
pub fn error_line(message: &str, color: bool) -> String {
    let message = sanitize(message);
    let mut lines = message.lines();
    let title = lines.next().unwrap_or_default();
    let notes: Vec<&str> = lines.map(|l| l.trim().trim_start_matches("tip:").trim()).collect();
    let mut report = vec![Group::with_title(Level::ERROR.primary_title(title))];
    for n in notes {
        report.push(Group::with_title(Level::HELP.secondary_title(n)));
    }
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    format!("{}\n", renderer.render(&report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_are_unique_kebab_case_and_described() {
        let names: BTreeSet<_> = Code::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(names.len(), Code::ALL.len());
        for c in Code::ALL {
            assert!(
                c.name().chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'),
                "{}",
                c.name()
            );
            assert!(!c.description().is_empty());
        }
    }

    #[test]
    fn the_readme_documents_every_code() {
        let readme = include_str!("../README.md");
        for c in Code::ALL {
            assert!(
                readme.contains(&format!("| `{}` | {} |", c.name(), c.description())),
                "{}",
                c.name()
            );
        }
    }

    #[test]
    fn renders_file_line_column_and_source() {
        let mut sources = Sources::default();
        let f = sources.add("pack.yaml", "rules:\n  - id: x\n    sevrity: major\n");
        let mut diags = Diagnostics::default();
        diags.push(
            Diagnostic::error(Code::UnknownKey, "unknown key `sevrity` in a rule")
                .at(
                    f,
                    Span {
                        line: 3,
                        col: 5,
                        offset: 21,
                        len: 7,
                    },
                )
                .label("not a known key here")
                .note("did you mean `severity`?"),
        );
        let out = diags.render(&sources, false);
        assert!(
            out.contains("error[unknown-key]: unknown key `sevrity` in a rule"),
            "{out}"
        );
        assert!(out.contains("pack.yaml:3:5"), "{out}");
        assert!(out.contains("sevrity: major"), "{out}");
        assert!(out.contains("did you mean `severity`?"), "{out}");
        assert!(out.ends_with("1 error\n"), "{out}");
    }

    #[test]
    fn controls_from_the_evidence_are_never_printed() {
        let mut sources = Sources::default();
        let f = sources.add("evi\x1b[2Jdent.yaml", "org: x\n\x1b]0;pwned\x07\x1b[31mkey: 1\n");
        let mut diags = Diagnostics::default();
        diags.push(
            Diagnostic::error(Code::UnknownKey, "unknown key `\x1b]0;pwned\x07\x1b[31mkey`")
                .at(
                    f,
                    Span {
                        line: 2,
                        col: 1,
                        offset: 7,
                        len: 18,
                    },
                )
                .label("not \u{9b}31ma key")
                .note("remove `\x1b[31mkey`"),
        );
        let out = diags.render(&sources, false);
        assert!(!out.contains(|c: char| c.is_control() && c != '\n'), "{out:?}");
        assert!(out.contains("unknown key `key`"), "{out}");
        assert!(out.contains("evident.yaml:2:1"), "{out}");
        assert!(out.contains("key: 1"), "{out}");
        assert!(out.contains("not a key") && out.contains("remove `key`"), "{out}");
    }
}
