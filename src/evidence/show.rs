//! `evident evidence show`: what a run reads from a file — its kind and
//! why, every field with its value and line, the outline with the words
//! under each heading, its tables, and whether it is an unfilled template
//! — so a user can see why a rule found what it found without reading the
//! readers' source. The same in JSON (`--format json`) lets scripts and
//! tests compare what was read with what they expect.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{Document, Index};
use crate::results::ManifestEntry;

/// What the index holds for a path: a document it read, another file it
/// indexed (records, configuration), or a file nothing claims.
enum Found<'a> {
    Document(&'a Document),
    Entry(&'a ManifestEntry),
    Unclaimed,
}

fn find<'a>(index: &'a Index, path: &str) -> Option<Found<'a>> {
    if let Some(doc) = index.documents.iter().find(|d| d.path == path) {
        return Some(Found::Document(doc));
    }
    if let Some(e) = index.manifest.iter().find(|e| e.path == path) {
        return Some(Found::Entry(e));
    }
    index.unmatched.iter().any(|u| u == path).then_some(Found::Unclaimed)
}

/// The text for `path` (relative to the evidence root, `/` separators).
pub fn render(index: &Index, path: &str) -> Option<String> {
    let found = find(index, path)?;
    let mut out = String::new();
    let _ = writeln!(out, "{path}");
    match found {
        Found::Document(doc) => document(&mut out, doc),
        Found::Entry(e) => {
            let _ = writeln!(out, "  read as: {}", e.role);
            if let Some(k) = &e.kind {
                let _ = writeln!(out, "  kind: {k}{}", from(e.kind_from.as_deref()));
            }
            if let Some(p) = &e.problem {
                let _ = writeln!(out, "  problem: {p}");
            }
        }
        Found::Unclaimed => {
            out.push_str(
                "  not read: no document kind or record kind claims it; the profile's `documents:` or `records:` can\n",
            );
        }
    }
    Some(crate::text::sanitize(&out).into_owned())
}

/// The same as [`render`], as one JSON object: `read_as` (`document`,
/// `records`, `profile`..., or `unclaimed`), and for a document its kind,
/// fields (value, line, placeholder), headings (level, text, line, words),
/// tables and template verdict. Values are the evidence's own text, not
/// sanitised: JSON escapes what a terminal would act on.
pub fn to_json(index: &Index, path: &str) -> Option<Value> {
    Some(match find(index, path)? {
        Found::Document(doc) => document_json(doc),
        Found::Entry(e) => json!({
            "path": e.path,
            "read_as": e.role,
            "kind": e.kind,
            "kind_from": e.kind_from,
            "problem": e.problem,
        }),
        Found::Unclaimed => json!({"path": path, "read_as": "unclaimed"}),
    })
}

fn document_json(doc: &Document) -> Value {
    let fields: serde_json::Map<String, Value> = doc
        .fields
        .iter()
        .map(|(name, f)| {
            let field = json!({"value": f.value, "line": f.line, "placeholder": f.placeholder});
            (name.clone(), field)
        })
        .collect();
    let headings: Vec<Value> = doc
        .headings
        .iter()
        .map(|h| json!({"level": h.level, "text": h.text, "line": h.line, "words": h.words}))
        .collect();
    let tables: Vec<Value> = doc
        .tables
        .iter()
        .map(|t| {
            let rows: Vec<Value> = t
                .rows
                .iter()
                .map(|(line, cells)| json!({"line": line, "cells": cells}))
                .collect();
            json!({"line": t.line, "under": t.under, "header": t.header, "rows": rows})
        })
        .collect();
    json!({
        "path": doc.path,
        "read_as": "document",
        "kind": doc.kind,
        "kind_from": doc.kind_from,
        "site": doc.site,
        "title": doc.title,
        "problem": doc.problem,
        "content_read": doc.opaque.is_none(),
        "template": doc.template,
        "fields": fields,
        "headings": headings,
        "tables": tables,
    })
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
