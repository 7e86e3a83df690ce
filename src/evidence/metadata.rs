//! Document metadata as people write it, for documents without YAML front
//! matter: `**Key:** value` or `Key: value` lines before the first section,
//! and a two-column table ("Document control", "Document information") near
//! the top. Keys are normalised (`Approved by`, `approved_by`, `Approver` →
//! `approved_by`) through [`ALIASES`], which a profile can extend.

use std::collections::BTreeMap;

/// Canonical field names and the spellings people use for them (compared
/// after normalising: lower case, runs of spaces, `-` and `_` as one `_`).
pub const ALIASES: &[(&str, &[&str])] = &[
    (
        "approved_by",
        &[
            "approver",
            "approved_by",
            "authorised_by",
            "authorized_by",
            "signed_off_by",
            "approval_by",
        ],
    ),
    (
        "approved_on",
        &[
            "approved_on",
            "approval_date",
            "date_approved",
            "date_of_approval",
            "approved_date",
            "approved",
            "signed_off_on",
        ],
    ),
    (
        "owner",
        &["owner", "document_owner", "process_owner", "policy_owner", "owned_by"],
    ),
    ("author", &["author", "prepared_by", "written_by", "created_by"]),
    (
        "review_by",
        &[
            "review_by",
            "next_review",
            "next_review_date",
            "review_date",
            "review_due",
            "due_for_review",
        ],
    ),
    (
        "doc_id",
        &[
            "doc_id",
            "document_id",
            "document_no",
            "document_number",
            "document_ref",
            "reference",
            "ref",
        ],
    ),
    ("version", &["version", "version_no", "revision", "issue"]),
    (
        "classification",
        &["classification", "security_classification", "sensitivity"],
    ),
    ("effective_on", &["effective_on", "effective_date", "effective_from"]),
    ("title", &["title", "document_title"]),
    ("site", &["site", "location"]),
    ("kind", &["kind"]),
];

/// Headings under which a two-column table holds the document's metadata.
const CONTROL_HEADINGS: &[&str] = &[
    "document control",
    "document information",
    "document details",
    "document properties",
    "version control",
    "approval",
];

/// Normalises a key as people write it: `**Approved by:**` → `approved_by`.
pub fn normalise(key: &str) -> String {
    let mut out = String::new();
    for c in key.trim().trim_matches(['*', '_', ':', ' ']).chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if matches!(c, ' ' | '-' | '_' | '/' | '.') && !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// Maps normalised keys to canonical field names: the built-in aliases plus
/// a profile's (`aliases: {approved_by: ["Sign-off"]}`).
#[derive(Debug, Clone)]
pub struct Aliases {
    map: BTreeMap<String, String>,
    /// The profile's spellings (normalised): they apply even to a front
    /// matter key already written as a field name.
    own: std::collections::BTreeSet<String>,
}

impl Default for Aliases {
    fn default() -> Self {
        let mut map = BTreeMap::new();
        for (field, spellings) in ALIASES {
            for s in *spellings {
                map.insert((*s).to_string(), (*field).to_string());
            }
        }
        Aliases {
            map,
            own: Default::default(),
        }
    }
}

impl Aliases {
    pub fn with(mut self, extra: &BTreeMap<String, Vec<String>>) -> Self {
        for (field, spellings) in extra {
            for s in spellings {
                self.map.insert(normalise(s), field.clone());
                self.own.insert(normalise(s));
            }
        }
        self
    }

    /// The canonical name of a key as written.
    pub fn field(&self, key: &str) -> String {
        let n = normalise(key);
        self.map.get(&n).cloned().unwrap_or(n)
    }

    /// The field a front matter key names. A key written as people write
    /// them (`Document Owner`, `Approved By`) goes through the table; one
    /// already written as a field name (`ref`, `location`) is the field the
    /// author meant, unless the profile's own aliases say otherwise.
    pub fn front_matter_field(&self, key: &str) -> String {
        // Most front matter is written in field names already: `owner`,
        // `approved_on`, which normalise to themselves.
        let field_name = key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            && !key.starts_with('_')
            && !key.ends_with('_')
            && !key.contains("__");
        if field_name && !self.own.contains(key) {
            return key.to_string();
        }
        let n = normalise(key);
        if n == key && !self.own.contains(&n) {
            n
        } else {
            self.map.get(&n).cloned().unwrap_or(n)
        }
    }
}

/// Headings of a table of revisions, whose newest row says when the
/// document was last approved and by whom.
const HISTORY_HEADINGS: &[&str] = &[
    "revision history",
    "version history",
    "change history",
    "document history",
    "change log",
    "changelog",
    "amendment history",
];

/// Metadata fields found near the top of a body: (field, value, line).
/// The layouts people use: `**Key:** value` and `Key: value` lines (also
/// in a blockquote, `> **Owner:** ...`), after the title and an optional
/// subtitle heading; a two-column control table; and a revision-history
/// table, whose newest row gives the approval date and approver (its dates
/// read in ISO or the organisation's `formats`).
pub fn read(body: &str, body_line: u32, aliases: &Aliases, formats: &[String]) -> Vec<(String, String, u32)> {
    let mut out: Vec<(String, String, u32)> = Vec::new();
    let push = |key: &str, value: &str, line: u32, out: &mut Vec<(String, String, u32)>| {
        let field = aliases.field(key);
        let value = value.trim().trim_matches('*').trim();
        if !field.is_empty() && !out.iter().any(|(f, _, _)| *f == field) {
            out.push((field, value.to_string(), line));
        }
    };
    let lines: Vec<&str> = body.lines().take(160).map(unquote).collect();
    let is_pair = |t: &str| table_pair(t).is_some() || key_line(t).is_some();
    let mut seen_title = false;
    let mut subtitle = false;
    let mut history: Option<Vec<(u32, Vec<String>)>> = None;
    for (i, text) in lines.iter().enumerate() {
        let line = body_line + i as u32;
        let text = text.trim();
        if let Some(rows) = &mut history {
            if let Some(cells) = row_cells(text) {
                rows.push((line, cells));
                continue;
            }
            if !text.is_empty() {
                break;
            }
            continue;
        }
        if text.starts_with('#') {
            let level = text.chars().take_while(|&c| c == '#').count();
            let name = text[level..].trim().trim_end_matches(':').to_ascii_lowercase();
            // The title may precede the metadata, and a control block may
            // hold it; any other section ends it.
            if level == 1 && !seen_title {
                seen_title = true;
                continue;
            }
            if CONTROL_HEADINGS.contains(&name.as_str()) {
                continue;
            }
            if HISTORY_HEADINGS.contains(&name.as_str()) {
                history = Some(Vec::new());
                continue;
            }
            // A subtitle (`## Unit — Document title`) between the title and
            // the metadata lines, when key lines follow it (after a label
            // such as `**Document control**` at most).
            let mut next = lines[i + 1..].iter().map(|l| l.trim()).filter(|l| !l.is_empty());
            let label = |l: &str| l.len() > 4 && l.starts_with("**") && l.ends_with("**") && !l.contains(':');
            let first = next.next();
            let follows = match first {
                Some(l) if label(l) => next.next().is_some_and(is_pair),
                Some(l) => is_pair(l),
                None => false,
            };
            if out.is_empty() && !subtitle && follows {
                subtitle = true;
                continue;
            }
            break;
        }
        if let Some((k, v)) = table_pair(text) {
            push(&k, &v, line, &mut out);
            continue;
        }
        if let Some((k, v)) = key_line(text) {
            push(&k, &v, line, &mut out);
        }
    }
    if let Some(rows) = history {
        newest_revision(&rows, formats, &mut |k, v, line| push(k, v, line, &mut out));
    }
    out
}

/// A line without its blockquote markers (`> `, `>> `).
fn unquote(line: &str) -> &str {
    let mut t = line.trim_start();
    while let Some(rest) = t.strip_prefix('>') {
        t = rest.trim_start();
    }
    if t.len() == line.trim_start().len() { line } else { t }
}

/// The cells of a pipe-table row (`None` for other lines).
fn row_cells(text: &str) -> Option<Vec<String>> {
    let inner = text.strip_prefix('|')?.strip_suffix('|')?;
    Some(inner.split('|').map(|c| c.trim().to_string()).collect())
}

/// The newest row of a revision table by its date column gives
/// `approved_on` and, when a column names the approver, `approved_by`.
/// When no row's date reads as one, the last row's is given as written, so
/// a date check says which formats it tried instead of "no date".
fn newest_revision(rows: &[(u32, Vec<String>)], formats: &[String], push: &mut dyn FnMut(&str, &str, u32)) {
    let Some((_, header)) = rows.first() else { return };
    let col = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.contains(&h.trim_matches('*').to_ascii_lowercase().as_str()))
    };
    let Some(date) = col(&[
        "date",
        "approval date",
        "date approved",
        "approved on",
        "effective date",
    ]) else {
        return;
    };
    let approver = col(&[
        "approved by",
        "approver",
        "authorised by",
        "authorized by",
        "signed off by",
    ]);
    let body = rows[1..]
        .iter()
        .filter(|(_, cells)| !cells.iter().all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' '))));
    let body: Vec<_> = body
        .filter(|(_, cells)| cells.get(date).is_some_and(|d| !d.is_empty()))
        .collect();
    let newest = body
        .iter()
        .filter_map(|(line, cells)| {
            let d = crate::time::parse_date_as(cells.get(date)?, formats)?;
            Some((d.to_string(), *line, cells))
        })
        .max_by(|(d, l, _), (e, m, _)| (d, l).cmp(&(e, m)))
        .or_else(|| body.last().map(|(line, cells)| (cells[date].clone(), *line, cells)));
    if let Some((d, line, cells)) = newest {
        push("approved_on", &d, line);
        if let Some(a) = approver.and_then(|a| cells.get(a)).filter(|a| !a.is_empty()) {
            push("approved_by", a, line);
        }
    }
}

/// `| Key | Value |`: a two-column table row (not the `| --- |` rule).
fn table_pair(text: &str) -> Option<(String, String)> {
    let inner = text.strip_prefix('|')?.strip_suffix('|')?;
    let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
    if cells.len() != 2 || cells[0].chars().all(|c| matches!(c, '-' | ':' | ' ')) {
        return None;
    }
    plausible_key(cells[0]).then(|| (cells[0].to_string(), cells[1].to_string()))
}

/// `**Key:** value`, `**Key**: value`, `Key: value` (optionally as a list
/// item): a short key of words, then a value.
fn key_line(text: &str) -> Option<(String, String)> {
    let t = text.trim_start_matches(['-', '*', '+']).trim_start();
    let t = if text.starts_with("**") { text } else { t };
    let (k, v) = if let Some(rest) = t.strip_prefix("**") {
        let end = rest.find("**")?;
        let key = &rest[..end];
        let after = rest[end + 2..].trim_start();
        let value = after.strip_prefix(':').unwrap_or(after);
        if !key.trim_end().ends_with(':') && !after.starts_with(':') {
            return None;
        }
        (key.to_string(), value.to_string())
    } else {
        let (k, v) = t.split_once(':')?;
        if v.starts_with("//") {
            return None; // a URL
        }
        (k.to_string(), v.to_string())
    };
    plausible_key(&k).then_some((k, v))
}

/// Keys are a few words of letters: "Approved by", "Next review date".
fn plausible_key(k: &str) -> bool {
    let k = k.trim().trim_matches(['*', ':', ' ']);
    let words = k.split_whitespace().count();
    (1..=4).contains(&words)
        && k.len() <= 40
        && k.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '/' | '.' | '(' | ')'))
        && k.chars().next().is_some_and(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_normalise_through_aliases() {
        let a = Aliases::default();
        assert_eq!(a.field("**Approved by:**"), "approved_by");
        assert_eq!(a.field("Approver"), "approved_by");
        assert_eq!(a.field("approved_by"), "approved_by");
        assert_eq!(a.field("Approval date"), "approved_on");
        assert_eq!(a.field("Document Owner"), "owner");
        assert_eq!(a.field("Next review"), "review_by");
        assert_eq!(a.field("Cost centre"), "cost_centre");
        let extra = BTreeMap::from([("approved_by".to_string(), vec!["Sign-off".to_string()])]);
        assert_eq!(a.with(&extra).field("Sign off"), "approved_by");
    }

    #[test]
    fn bold_lines_plain_lines_and_a_control_table() {
        let body = "# Complaint handling\n\n**Owner:** Head of Quality\n**Approved by**: Operations director\nApproval date: 2026-03-02\n- Version: 3\n\n## Document control\n\n| Field | Value |\n| --- | --- |\n| Next review | 2027-03-02 |\n| Classification | Internal |\n\n## Purpose\n\nNote: this line is body text, not metadata.\n";
        let got = read(body, 1, &Aliases::default(), &[]);
        let find = |f: &str| got.iter().find(|(k, _, _)| k == f).map(|(_, v, l)| (v.as_str(), *l));
        assert_eq!(find("owner"), Some(("Head of Quality", 3)));
        assert_eq!(find("approved_by"), Some(("Operations director", 4)));
        assert_eq!(find("approved_on"), Some(("2026-03-02", 5)));
        assert_eq!(find("version"), Some(("3", 6)));
        assert_eq!(find("review_by"), Some(("2027-03-02", 12)));
        assert_eq!(find("classification"), Some(("Internal", 13)));
        assert_eq!(find("note"), None, "metadata stops at the first section");
    }

    #[test]
    fn a_subtitle_a_blockquote_and_a_revision_history() {
        let body = "# Quality manual\n\n## Operations unit — Complaint handling procedure\n\n> **Document control**\n>\n> **Document Owner:** Head of Quality\n> **Classification:** Internal\n\n## Revision history\n\n| Version | Date | Author | Approved by | Changes |\n| --- | --- | --- | --- | --- |\n| 1.0 | 2025-01-10 | A. Author | J. Smith | First issue |\n| 1.2 | 2026-02-03 | A. Author | M. Jones | Escalation times |\n| 1.1 | 2025-06-01 | A. Author | J. Smith | Contacts |\n\n## Purpose\n\nNote: body text.\n";
        let got = read(body, 1, &Aliases::default(), &[]);
        let find = |f: &str| got.iter().find(|(k, _, _)| k == f).map(|(_, v, l)| (v.as_str(), *l));
        assert_eq!(find("owner"), Some(("Head of Quality", 7)));
        assert_eq!(find("classification"), Some(("Internal", 8)));
        assert_eq!(
            find("approved_on"),
            Some(("2026-02-03", 15)),
            "the newest row, not the last"
        );
        assert_eq!(find("approved_by"), Some(("M. Jones", 15)));
        assert_eq!(find("note"), None);
        // A section heading after the title, with no key lines under it, is no subtitle.
        let body = "# Policy\n\n## Purpose\n\nWhy.\n\nOwner: Not metadata\n";
        assert!(read(body, 1, &Aliases::default(), &[]).is_empty());
    }

    /// Revision dates as the organisation writes them: the newest by its
    /// declared format; with no format that reads them, the last row's date
    /// as written (a date check then says which formats it tried), never
    /// no date at all.
    #[test]
    fn revision_dates_in_a_declared_format() {
        let body = "# Policy\n\n## Revision history\n\n| Issue | Date | Approved by |\n| --- | --- | --- |\n| 1 | 12.11.2025 | J. Smith |\n| 2 | 03.03.2026 | M. Jones |\n| 3 | 28.02.2026 | A. Lee |\n\n## Purpose\n";
        let formats = ["%d.%m.%Y".to_string()];
        let got = read(body, 1, &Aliases::default(), &formats);
        let find = |got: &[(String, String, u32)], f: &str| {
            got.iter().find(|(k, _, _)| k == f).map(|(_, v, l)| (v.clone(), *l))
        };
        assert_eq!(find(&got, "approved_on"), Some(("2026-03-03".into(), 8)));
        assert_eq!(find(&got, "approved_by"), Some(("M. Jones".into(), 8)));
        let got = read(body, 1, &Aliases::default(), &[]);
        assert_eq!(find(&got, "approved_on"), Some(("28.02.2026".into(), 9)));
    }

    #[test]
    fn urls_and_sentences_are_not_keys() {
        assert_eq!(key_line("See https://example.org for more"), None);
        assert_eq!(
            key_line("This policy applies to everyone in the building: all staff"),
            None
        );
        assert_eq!(
            key_line("Owner: Head of Quality"),
            Some(("Owner".into(), " Head of Quality".into()))
        );
    }
}
