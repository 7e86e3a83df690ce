//! `evident evidence show`: what a run reads from a file — its kind and
//! why, every field with its value and line, the outline with the words
//! under each heading, its tables, and whether it is an unfilled template
//! — so a user can see why a rule found what it found without reading the
//! readers' source.

use std::fmt::Write as _;

use super::{Document, Index};

/// The text for `path` (relative to the evidence root, `/` separators).
pub fn render(index: &Index, path: &str) -> Option<String> {
    let entry = index.manifest.iter().find(|e| e.path == path);
    let doc = index.documents.iter().find(|d| d.path == path);
    let mut out = String::new();
    let _ = writeln!(out, "{path}");
    match (doc, entry) {
        (Some(doc), _) => document(&mut out, doc),
        (None, Some(e)) => {
            let _ = writeln!(out, "  read as: {}", e.role);
            if let Some(k) = &e.kind {
                let _ = writeln!(out, "  kind: {k}{}", from(e.kind_from.as_deref()));
            }
            if let Some(p) = &e.problem {
                let _ = writeln!(out, "  problem: {p}");
            }
        }
        (None, None) if index.unmatched.iter().any(|u| u == path) => {
            out.push_str(
                "  not read: no document kind or record kind claims it; the profile's `documents:` or `records:` can\n",
            );
        }
        (None, None) => return None,
    }
    Some(crate::text::sanitize(&out).into_owned())
}

/// Rows of a register shown before the rest are counted.
const ROWS_SHOWN: usize = 20;

fn from(how: Option<&str>) -> String {
    how.map(|h| format!(" ({h})")).unwrap_or_default()
}

fn document(out: &mut String, doc: &Document) {
    let kind = doc
        .kind
        .as_deref()
        .unwrap_or("unknown: no front matter `kind:`, metadata line or profile glob says");
    let _ = writeln!(out, "  kind: {kind}{}", from(doc.kind_from.as_deref()));
    if !doc.also.is_empty() {
        let _ = writeln!(out, "  also: {} (the file holds each kind)", doc.also.join(", "));
    }
    if let Some(site) = &doc.site {
        let _ = writeln!(out, "  site: {site}");
    }
    if let Some(title) = &doc.title {
        let _ = writeln!(out, "  title: {title}");
    }
    if let Some(p) = &doc.problem {
        let _ = writeln!(out, "  problem: {p}");
    }
    if let Some(format) = doc.opaque {
        let _ = writeln!(out, "  content: not read ({format}); only its presence counts");
    }
    let _ = match &doc.template {
        Some(why) => writeln!(out, "  template: yes, never evidence ({why})"),
        None => writeln!(out, "  template: no"),
    };
    if doc.fields.is_empty() {
        let _ = writeln!(out, "  fields: none found");
    } else {
        let _ = writeln!(out, "  fields:");
        let width = doc.fields.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        for (name, f) in &doc.fields {
            let hole = if f.placeholder {
                "  [placeholder: counts as missing]"
            } else {
                ""
            };
            let _ = writeln!(out, "    {name:<width$}  {}  ({}){hole}", f.text(), f.origin());
        }
    }
    if doc.tabular {
        let _ = writeln!(
            out,
            "  content: a register kept as a spreadsheet; its sheets are tables, it has no headings"
        );
    } else if doc.headings.is_empty() {
        let _ = writeln!(out, "  outline: no headings");
    } else {
        let _ = writeln!(out, "  outline (words under each heading, subsections not included):");
        for h in &doc.headings {
            let indent = "  ".repeat(usize::from(h.level.saturating_sub(1)));
            let _ = writeln!(
                out,
                "    {indent}{} {}  (line {}, {} words)",
                "#".repeat(usize::from(h.level)),
                h.text,
                h.line,
                h.words
            );
        }
    }
    for t in &doc.tables {
        let place = match (&t.under, doc.tabular) {
            (Some(sheet), true) => format!("sheet `{sheet}`, header row {}", t.line),
            (None, true) => format!("header row {}", t.line),
            (Some(heading), false) => format!("table at line {} under `{heading}`", t.line),
            (None, false) => format!("table at line {}", t.line),
        };
        let _ = writeln!(
            out,
            "  {place}: {} rows; columns {}",
            t.rows.len(),
            t.header.join(" | ")
        );
        // A register's rows are its content: shown, as far as a screen holds.
        if doc.tabular {
            for (line, cells) in t.rows.iter().take(ROWS_SHOWN) {
                let _ = writeln!(out, "    row {line}: {}", cells.join(" | "));
            }
            if t.rows.len() > ROWS_SHOWN {
                let _ = writeln!(out, "    ... and {} more rows", t.rows.len() - ROWS_SHOWN);
            }
        }
    }
}
