//! `register`: a register in a document lists every entry it must, each
//! completely — a Statement of Applicability with every control, a risk
//! register with every asset.
//!
//! ```yaml
//! - register:
//!     id: Control                                  # the column naming each entry (or a list of names)
//!     ids: {rules: '^bs7799\.(\d+\.\d+\.\d+)$'}    # the capture from each matching rule id of the pack
//!     excluded: {under: Excluded controls, column: Applicable}
//! - register:
//!     columns: [Risk, Likelihood, Impact, Owner, Treatment]   # must exist; a row fills each
//!     min_rows: 5                                             # at least this many complete rows
//! ```
//!
//! Every table of the document with an `id` column (without `id`: with
//! one of the `columns`) is read as one register — a Markdown or Word
//! table, or a sheet of a register kept as a spreadsheet. A register check
//! says what makes it meaningful: `ids` (the entries it must list) or
//! `min_rows` (how many complete rows it must have), or both; with neither
//! any table would pass, so the pack is refused. `columns` must all exist
//! (matched by their normalised names), and then they are what a complete
//! row fills. Rows of nothing but placeholders are no rows.
//! The required entries are a list (`ids: [A.1, A.2]`) or the pack's own
//! rules (`ids: {rules: REGEX}`, one capture group naming the entry). Each
//! listed entry needs every cell of its row filled (placeholders count as
//! empty), or the `required:` columns when some are optional. A register's
//! own count of what it lists is never evidence: only rows are.
//!
//! `excluded` says how a row marks its entry as not applying: it sits under
//! the `under` heading, or its `column` says no (`no`, `n`, `false`,
//! `excluded`, `not applicable`; the column must say yes or no). With
//! `ids: {rules: ...}` the register's exclusions must agree with the
//! profile's: an entry excluded in one and applied in the other fails,
//! whichever side it is on.

use std::collections::{BTreeMap, BTreeSet};

use super::headings::normalise;
use super::{Ctx, DocResult, Outcome, ParseCtx};
use crate::diag::{Code, Diagnostic, Span};
use crate::evidence::{Document, Table as DocTable};
use crate::pack::Num;
use crate::pack::Selector;
use crate::results::Finding;
use crate::yaml::{self, Node, Table, Value};

#[derive(Debug, Clone)]
pub struct Register {
    /// Accepted names of the id column, normalised (none: rows are named
    /// by their first required cell).
    pub id: Vec<String>,
    /// The id column's first name as written, for findings.
    label: String,
    pub ids: Option<Ids>,
    /// Columns the register must have, as written.
    pub columns: Vec<String>,
    /// At least this many complete rows.
    pub min_rows: Option<Num>,
    pub excluded_under: Option<String>,
    pub excluded_column: Option<Vec<String>>,
    /// Columns every row must fill; `None`: all of them.
    pub required: Option<Vec<String>>,
    pub evidence: Option<Selector>,
}

#[derive(Debug, Clone)]
pub enum Ids {
    List(Vec<String>),
    /// A pattern over the pack's rule ids whose capture names the entry.
    Rules {
        pattern: String,
        span: Span,
    },
}

pub const KEYS: &[&str] = &["id", "ids", "columns", "min_rows", "excluded", "required", "evidence"];
pub const IDS_KEYS: &[&str] = &["rules"];
pub const EXCLUDED_KEYS: &[&str] = &["under", "column"];

/// How many missing entries a finding names before it counts the rest.
const NAMED: usize = 20;

impl Register {
    pub fn parse(node: &Node, ctx: &mut ParseCtx) -> Option<Register> {
        let mut t = Table::new(node, ctx.file, "register check", ctx.diags)?;
        let label = t
            .get("id")
            .and_then(|n| yaml::str_list(n, ctx.file, "id", ctx.diags))
            .and_then(|l| l.into_iter().next())
            .map(|l| l.value)
            .unwrap_or_default();
        let id = names(t.get("id"), ctx, "id");
        let ids_written = t.get("ids").is_some();
        let ids = match t.get("ids") {
            Some(
                n @ Node {
                    value: Value::Seq(_), ..
                },
            ) => {
                let list: Vec<String> = yaml::str_list(n, ctx.file, "ids", ctx.diags)?
                    .into_iter()
                    .map(|l| l.value.trim().to_string())
                    .collect();
                if list.is_empty() {
                    ctx.diags.push(super::headings::empty_list(ctx.file, n, "ids"));
                    return None;
                }
                Some(Ids::List(list))
            }
            Some(n) => {
                let mut r = Table::new(n, ctx.file, "ids", ctx.diags)?;
                let rules = r.get("rules");
                r.finish(ctx.diags, IDS_KEYS);
                let Some(p) = rules else {
                    ctx.diags.push(
                        Diagnostic::error(Code::MissingKey, "`ids` needs a list, or `{rules: REGEX}`")
                            .at(ctx.file, n.span),
                    );
                    return None;
                };
                let pattern = ctx.regex(p, "rules")?;
                if super::compile_regex(&pattern).is_ok_and(|re| re.captures_len() != 2) {
                    ctx.diags.push(
                        Diagnostic::error(
                            Code::InvalidRegex,
                            "`ids: {rules: ...}` needs exactly one capture group, naming the entry",
                        )
                        .at(ctx.file, p.span)
                        .note(r"for example '^bs7799\.(\d+\.\d+\.\d+)$'"),
                    );
                    return None;
                }
                Some(Ids::Rules { pattern, span: p.span })
            }
            None => None,
        };
        let columns: Vec<String> = t
            .get("columns")
            .and_then(|n| yaml::str_list(n, ctx.file, "columns", ctx.diags))
            .unwrap_or_default()
            .into_iter()
            .map(|l| l.value.trim().to_string())
            .collect();
        let min_rows = t.get("min_rows").and_then(|n| ctx.count(n, "min_rows", 1.0));
        if !ids_written && t.get("min_rows").is_none() {
            ctx.diags.push(
                Diagnostic::error(
                    Code::MissingKey,
                    "a register check needs `ids` or `min_rows`: the entries it must list, or how many complete rows it must have",
                )
                .at(ctx.file, node.span)
                .note("with neither, any table would pass"),
            );
        }
        let (mut excluded_under, mut excluded_column) = (None, None);
        if let Some(e) = t.get("excluded") {
            let mut x = Table::new(e, ctx.file, "excluded", ctx.diags)?;
            excluded_under = x.str("under", ctx.diags).map(|u| normalise(&u.value));
            excluded_column = x.get("column").map(|c| names(Some(c), ctx, "column"));
            x.finish(ctx.diags, EXCLUDED_KEYS);
        }
        let required = t.get("required").map(|r| names(Some(r), ctx, "required"));
        let evidence = t.get("evidence").and_then(|e| ctx.selector(e));
        t.finish(ctx.diags, KEYS);
        if id.is_empty() && (columns.is_empty() || ids_written) {
            ctx.diags.push(
                Diagnostic::error(
                    Code::MissingKey,
                    "a register check needs `id`: the column naming each entry",
                )
                .at(ctx.file, node.span)
                .note("without `ids`, `columns` can say which tables are the register instead"),
            );
            return None;
        }
        if ids.is_none() && min_rows.is_none() {
            return None;
        }
        let label = if label.is_empty() { columns.join(", ") } else { label };
        Some(Register {
            id,
            label,
            ids,
            columns,
            min_rows,
            excluded_under,
            excluded_column,
            required,
            evidence,
        })
    }

    /// The required entries, each with the rule it stands for when they
    /// come from the pack's rules.
    fn required_ids<'a>(&self, ctx: &Ctx<'a>) -> Vec<(String, Option<&'a str>)> {
        match &self.ids {
            None => Vec::new(),
            Some(Ids::List(list)) => list.iter().map(|i| (i.clone(), None)).collect(),
            Some(Ids::Rules { pattern, .. }) => {
                let Ok(re) = super::compile_regex(pattern) else {
                    return Vec::new();
                };
                ctx.rules
                    .iter()
                    .filter_map(|r| {
                        let c = re.captures(&r.id)?;
                        Some((c.get(1)?.as_str().to_string(), Some(r.id.as_str())))
                    })
                    .collect()
            }
        }
    }

    /// How many of the pack's rules the `ids: {rules: ...}` pattern names
    /// (load-time validation: a register with nothing to list is vacuous).
    pub fn validate(
        &self,
        rules: &[crate::pack::Rule],
        file: crate::diag::FileId,
        diags: &mut crate::diag::Diagnostics,
    ) {
        if let Some(Ids::Rules { pattern, span }) = &self.ids
            && let Ok(re) = super::compile_regex(pattern)
            && !rules.iter().any(|r| re.is_match(&r.id))
        {
            diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("`{pattern}` names none of the pack's rules"),
                )
                .at(file, *span)
                .note("the required entries would be none, and every register would pass"),
            );
        }
    }

    pub fn eval(&self, ctx: &Ctx) -> Outcome {
        super::per_document(ctx, self.evidence.as_ref(), |doc| self.check_doc(doc, ctx))
    }

    fn check_doc(&self, doc: &Document, ctx: &Ctx) -> DocResult {
        let wanted: Vec<String> = self.columns.iter().map(|c| normalise(c)).collect();
        // The register's tables: those with the id column, or without one,
        // with any of the required columns.
        let tables: Vec<(&DocTable, Option<usize>)> = doc
            .tables
            .iter()
            .filter_map(|t| {
                if self.id.is_empty() {
                    t.header
                        .iter()
                        .any(|h| wanted.contains(&normalise(h)))
                        .then_some((t, None))
                } else {
                    column(&t.header, &self.id).map(|i| (t, Some(i)))
                }
            })
            .collect();
        let shown = &self.label;
        if tables.is_empty() {
            let what = if self.id.is_empty() {
                format!("no table with any of the columns {}", quoted(&self.columns))
            } else {
                format!("no table with a `{shown}` column")
            };
            return DocResult::from(vec![Finding::fail(format!("no register: {what}")).at(&doc.path, None)]);
        }
        let mut findings = Vec::new();
        // Each listed entry: (excluded, line).
        let mut listed: BTreeMap<String, (bool, u32)> = BTreeMap::new();
        let mut complete = 0usize;
        for (table, id_col) in tables {
            let missing: Vec<&String> = self
                .columns
                .iter()
                .filter(|c| column(&table.header, &[normalise(c)]).is_none())
                .collect();
            if !missing.is_empty() {
                let place = table
                    .under
                    .as_deref()
                    .map(|u| format!(" (under `{u}`)"))
                    .unwrap_or_default();
                for c in missing {
                    findings.push(
                        Finding::fail(format!("no `{c}` column in the register{place}"))
                            .at(&doc.path, Some(table.line)),
                    );
                }
                continue;
            }
            let under = self
                .excluded_under
                .as_ref()
                .is_some_and(|u| table.under.as_deref().is_some_and(|h| normalise(h) == *u));
            let status_col = self.excluded_column.as_ref().and_then(|c| column(&table.header, c));
            let needed: Vec<usize> = match (&self.required, wanted.is_empty()) {
                (Some(cols), _) => cols
                    .iter()
                    .filter_map(|c| column(&table.header, std::slice::from_ref(c)))
                    .collect(),
                (None, true) => (0..table.header.len()).collect(),
                (None, false) => {
                    let mut cols: Vec<usize> = id_col.into_iter().collect();
                    cols.extend(
                        wanted
                            .iter()
                            .filter_map(|c| column(&table.header, std::slice::from_ref(c))),
                    );
                    cols
                }
            };
            for (line, cells) in &table.rows {
                let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or_default();
                // A row of nothing but placeholders is no entry.
                if cells.iter().all(|c| c.is_empty()) {
                    continue;
                }
                let id = match id_col {
                    Some(i) => cell(i).to_string(),
                    None => needed
                        .iter()
                        .map(|&i| cell(i))
                        .find(|c| !c.is_empty())
                        .map_or_else(|| format!("row {line}"), str::to_string),
                };
                if id_col.is_some() && id.is_empty() {
                    findings.push(Finding::fail(format!("a row with no `{shown}`")).at(&doc.path, Some(*line)));
                    continue;
                }
                let before = findings.len();
                for &i in &needed {
                    if cell(i).is_empty() {
                        findings.push(
                            Finding::fail(format!("{id} has no `{}`", table.header[i])).at(&doc.path, Some(*line)),
                        );
                    }
                }
                if findings.len() == before {
                    complete += 1;
                }
                if id_col.is_none() {
                    continue;
                }
                let excluded = match status_col.map(cell) {
                    None => under,
                    Some(v) => match yes_no(v) {
                        Some(applies) => under || !applies,
                        None => {
                            if !v.is_empty() {
                                findings.push(
                                    Finding::fail(format!(
                                        "{id}: `{}` says `{v}`, neither yes nor no",
                                        table.header[status_col.unwrap_or_default()]
                                    ))
                                    .at(&doc.path, Some(*line)),
                                );
                            }
                            under
                        }
                    },
                };
                match listed.get(&id) {
                    Some((before, first)) if *before != excluded => findings.push(
                        Finding::fail(format!(
                            "{id} is listed twice, applied once and excluded once (lines {first} and {line})"
                        ))
                        .at(&doc.path, Some(*line)),
                    ),
                    Some(_) => {}
                    None => {
                        listed.insert(id, (excluded, *line));
                    }
                }
            }
        }

        let min_rows = self.min_rows.as_ref().map(|n| n.resolve(ctx.params).max(1.0) as usize);
        if let Some(n) = min_rows.filter(|n| complete < *n) {
            findings.push(
                Finding::fail(format!("{} complete {}, at least {n} needed", complete, rows(complete)))
                    .at(&doc.path, None),
            );
        }
        let required = self.required_ids(ctx);
        let missing: Vec<&str> = required
            .iter()
            .filter(|(id, _)| !listed.contains_key(id))
            .map(|(id, _)| id.as_str())
            .collect();
        if !missing.is_empty() {
            let more = missing.len().saturating_sub(NAMED);
            let tail = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            findings.push(
                Finding::fail(format!(
                    "{} of {} required entries are not listed: {}{tail}",
                    missing.len(),
                    required.len(),
                    missing[..missing.len().min(NAMED)].join(", ")
                ))
                .at(&doc.path, None),
            );
        }
        if self.excluded_under.is_some() || self.excluded_column.is_some() {
            for (id, rule) in &required {
                let (Some(rule), Some((excluded, line))) = (rule, listed.get(id)) else {
                    continue;
                };
                let profile = ctx.excluded.contains(*rule);
                if profile && !excluded {
                    findings.push(
                        Finding::fail(format!(
                            "the profile excludes `{rule}`, but the register applies {id}; exclude it here with the justification, or apply it in evident.yaml"
                        ))
                        .at(&doc.path, Some(*line)),
                    );
                } else if *excluded && !profile {
                    findings.push(
                        Finding::fail(format!(
                            "the register excludes {id}, but the profile applies `{rule}`; add the exclusion and its justification to evident.yaml, or apply it here"
                        ))
                        .at(&doc.path, Some(*line)),
                    );
                }
            }
        }
        if !findings.is_empty() {
            return DocResult::from(findings);
        }
        let mut parts = Vec::new();
        if self.ids.is_some() {
            let wanted: BTreeSet<&str> = required.iter().map(|(id, _)| id.as_str()).collect();
            let excluded = listed.values().filter(|(x, _)| *x).count();
            let others = listed.keys().filter(|k| !wanted.contains(k.as_str())).count();
            let mut msg = format!(
                "lists all {} required entries, each complete ({} applied, {excluded} excluded",
                required.len(),
                listed.len() - excluded - others
            );
            if matches!(self.ids, Some(Ids::Rules { .. }))
                && (self.excluded_under.is_some() || self.excluded_column.is_some())
            {
                msg.push_str(", as the profile excludes them");
            }
            msg.push(')');
            if others > 0 {
                msg.push_str(&format!("; {others} more entries listed"));
            }
            parts.push(msg);
        }
        if let Some(n) = min_rows {
            parts.push(format!("{complete} complete {} (at least {n})", rows(complete)));
        }
        if !self.columns.is_empty() {
            parts.push(format!("with the columns {}", quoted(&self.columns)));
        }
        DocResult::pass(Finding::pass(parts.join("; ")).at(&doc.path, None))
    }

    pub fn describe(&self) -> String {
        let mut out = match &self.ids {
            Some(Ids::List(l)) => format!(
                "a register (column `{}`) lists {} listed entries, each row complete",
                self.label,
                l.len()
            ),
            Some(Ids::Rules { pattern, .. }) => format!(
                "a register (column `{}`) lists every entry the pack's rules `{pattern}` name, each row complete",
                self.label
            ),
            None => "a register's rows are complete".to_string(),
        };
        if let Some(n) = &self.min_rows {
            out.push_str(&format!(", at least {n} of them"));
        }
        if !self.columns.is_empty() {
            out.push_str(&format!(", with the columns {}", quoted(&self.columns)));
        }
        if self.excluded_under.is_some() || self.excluded_column.is_some() {
            out.push_str(", its exclusions agreeing with the profile's");
        }
        out
    }

    /// Whether a document of this check's selection can be mutated by
    /// dropping a row of its register (mutation testing).
    pub fn id_column(&self, table: &DocTable) -> Option<usize> {
        column(&table.header, &self.id)
    }
}

/// Column names as written: one name or a list, normalised.
fn names(node: Option<&Node>, ctx: &mut ParseCtx, key: &str) -> Vec<String> {
    node.and_then(|n| yaml::str_list(n, ctx.file, key, ctx.diags))
        .unwrap_or_default()
        .iter()
        .map(|l| normalise(&l.value))
        .collect()
}

/// The first column whose header is one of `names` (normalised).
fn column(header: &[String], names: &[String]) -> Option<usize> {
    header.iter().position(|h| names.contains(&normalise(h)))
}

/// Column names for findings: `A`, `B`, `C`.
fn quoted(names: &[String]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// "row" or "rows".
fn rows(n: usize) -> &'static str {
    if n == 1 { "row" } else { "rows" }
}

/// Whether a register's status cell says the entry applies.
fn yes_no(cell: &str) -> Option<bool> {
    match cell.trim().trim_end_matches('.').to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "applies" | "applicable" | "included" | "in scope" | "✓" => Some(true),
        "no" | "n" | "false" | "excluded" | "not applicable" | "n/a" | "na" | "out of scope" | "✗" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words() {
        assert_eq!(yes_no("Yes"), Some(true));
        assert_eq!(yes_no(" N/A "), Some(false));
        assert_eq!(yes_no("Excluded."), Some(false));
        assert_eq!(yes_no("partly"), None);
    }
}
