//! `headings`: a document has the sections it must have.
//!
//! ```yaml
//! - headings: [Purpose, Scope, Responsibilities]
//! - headings: {required: [Purpose, Scope], ordered: true, min_words: 20}
//! ```
//!
//! Headings are compared normalised: case, spacing, a trailing colon and
//! leading numbering (`1.`, `4.2`, `A)`) are ignored, so `## 2. SCOPE:`
//! counts as `Scope`. Any heading level counts. `ordered` asks for the
//! required headings in the order given; `min_words` for at least that many
//! words of text under each, its subsections included (default: the kind's
//! `min_words`, else 1 — a heading with nothing under it is a section
//! nobody wrote, so it counts as missing). With no list, the headings the
//! document's kind declares are required.

use super::{Ctx, DocResult, Outcome, ParseCtx};
use crate::evidence::Document;
use crate::pack::param::Num;
use crate::pack::{Kind, Selector};
use crate::results::Finding;
use crate::yaml::{self, Node, Table, Value};

#[derive(Debug, Clone, Default)]
pub struct Headings {
    /// `None`: the headings the document's kind declares.
    pub required: Option<Vec<String>>,
    pub ordered: bool,
    pub min_words: Option<Num>,
    pub evidence: Option<Selector>,
}

pub const KEYS: &[&str] = &["required", "ordered", "min_words", "evidence"];

impl Headings {
    pub fn parse(node: &Node, ctx: &mut ParseCtx) -> Option<Headings> {
        let mut h = Headings::default();
        match &node.value {
            Value::Seq(_) => {
                h.required = yaml::str_list(node, ctx.file, "headings", ctx.diags).map(names);
                if h.required.as_ref().is_some_and(Vec::is_empty) {
                    ctx.diags.push(empty_list(ctx.file, node, "headings"));
                    return None;
                }
                return Some(h);
            }
            Value::Null => return Some(h),
            _ => {}
        }
        let mut t = Table::new(node, ctx.file, "headings check", ctx.diags)?;
        h.required = t.str_list("required", ctx.diags).map(names);
        if h.required.as_ref().is_some_and(Vec::is_empty) {
            ctx.diags.push(empty_list(ctx.file, node, "headings"));
        }
        h.ordered = t.bool("ordered", ctx.diags).unwrap_or(false);
        h.min_words = t.get("min_words").and_then(|n| ctx.count(n, "min_words", 0.0));
        h.evidence = t.get("evidence").and_then(|e| ctx.selector(e));
        t.finish(ctx.diags, KEYS);
        Some(h)
    }

    pub fn eval(&self, ctx: &Ctx) -> Outcome {
        super::per_document(ctx, self.evidence.as_ref(), |doc| self.check_doc(doc, ctx))
    }

    fn check_doc(&self, doc: &Document, ctx: &Ctx) -> DocResult {
        // A register kept as a spreadsheet is rows, not sections: whatever
        // headings are asked for, it has none.
        if doc.tabular {
            return DocResult::from(vec![
                Finding::fail(
                    "a register kept as a spreadsheet has no headings to check; a `register` check reads its rows, or keep the sections in a Markdown or Word document",
                )
                .at(&doc.path, None),
            ]);
        }
        let kind = match doc.kind.as_ref().and_then(|k| ctx.kinds.get(k)) {
            Some(Kind::Document(d)) => Some(d),
            _ => None,
        };
        let declared;
        let required: &[String] = match &self.required {
            Some(r) => r,
            None => {
                declared = kind.map(|d| d.headings.clone()).unwrap_or_default();
                &declared
            }
        };
        let min_words = match &self.min_words {
            Some(n) => n.resolve(ctx.params).max(0.0) as u32,
            None => kind.and_then(|d| d.min_words).unwrap_or(1),
        };
        let normalised: Vec<String> = doc.headings.iter().map(|h| normalise(&h.text)).collect();
        let mapped = doc.kind.as_ref().and_then(|k| ctx.headings.get(k));
        let mut findings = Vec::new();
        let mut positions = Vec::new();
        for want in required {
            // The required heading, and what the profile says the
            // organisation calls it.
            let mut keys = vec![normalise(want)];
            if let Some(alts) = mapped.and_then(|m| m.iter().find(|(h, _)| normalise(h) == keys[0])) {
                keys.extend(alts.1.iter().map(|a| normalise(a)));
            }
            match find(&normalised, &keys) {
                None => findings.push(Finding::fail(format!("no `{want}` heading")).at(&doc.path, None)),
                Some(i) => {
                    let h = &doc.headings[i];
                    positions.push((i, want));
                    let words = section_words(&doc.headings, i);
                    if words < min_words {
                        let msg = if words == 0 {
                            format!("`{want}` heading present but empty: nothing is written under it")
                        } else {
                            format!("`{want}` has {words} words under it, at least {min_words} needed")
                        };
                        findings.push(Finding::fail(msg).at(&doc.path, Some(h.line)));
                    }
                }
            }
        }
        if self.ordered {
            for pair in positions.windows(2) {
                if pair[1].0 < pair[0].0 {
                    let line = doc.headings[pair[1].0].line;
                    findings.push(
                        Finding::fail(format!(
                            "`{}` comes before `{}`, expected after it",
                            pair[1].1, pair[0].1
                        ))
                        .at(&doc.path, Some(line)),
                    );
                }
            }
        }
        let has: Vec<&str> = required.iter().map(String::as_str).collect();
        DocResult::unless_short(doc, findings, &has, "headings")
    }

    /// Whether this check lets a heading with nothing under it pass.
    pub fn accepts_empty(&self) -> bool {
        matches!(self.min_words, Some(Num::Lit(n)) if n < 1.0)
    }

    pub fn describe(&self) -> String {
        let list = match &self.required {
            Some(r) => format!("headings {}", r.join(", ")),
            None => "the headings its kind declares".into(),
        };
        let mut s = format!("has {list}");
        if self.ordered {
            s.push_str(", in that order");
        }
        if let Some(m) = &self.min_words {
            s.push_str(&format!(", each with at least {m} words"));
        }
        s
    }
}

/// An empty list would make the check pass on anything.
pub fn empty_list(file: crate::diag::FileId, node: &Node, what: &str) -> crate::diag::Diagnostic {
    crate::diag::Diagnostic::error(
        crate::diag::Code::InvalidValue,
        format!("an empty list of {what} would pass on any document"),
    )
    .at(file, node.span)
    .note(format!(
        "list the {what} required, or write `{{}}` to require the ones the document's kind declares"
    ))
}

fn names(list: Vec<yaml::Located<String>>) -> Vec<String> {
    list.into_iter().map(|s| s.value).collect()
}

/// The first heading that is one of `keys`, else the first compound
/// heading with one of them as a part ("Purpose and Scope" holds both
/// "Purpose" and "Scope"; so do "Purpose & Scope" and "Purpose / Scope").
fn find(headings: &[String], keys: &[String]) -> Option<usize> {
    // A compound requirement ("Risks and opportunities") is met by a heading
    // holding every one of its parts ("Risks, issues and opportunities").
    let holds = |h: &str, k: &str| {
        let have: Vec<&str> = parts(h).collect();
        parts(k).all(|p| have.contains(&p))
    };
    headings
        .iter()
        .position(|h| keys.contains(h))
        .or_else(|| headings.iter().position(|h| keys.iter().any(|k| holds(h, k))))
}

/// The parts of a compound heading: split at "and", "&", "/", "+" and
/// commas. A heading without them is its own only part.
fn parts(heading: &str) -> impl Iterator<Item = &str> {
    heading
        .split([',', '/', '&', '+'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// Lowercase, single-spaced, without leading numbering or trailing
/// punctuation (`:`, `.`, `;`, dashes).
pub fn normalise(heading: &str) -> String {
    let mut s = heading.trim();
    // Leading numbering: "1.", "4.2.1", "A)", "(b)", "iv." followed by space.
    if let Some((first, rest)) = s.split_once(char::is_whitespace) {
        let numbering = first.trim_matches(|c| c == '(' || c == ')' || c == '.');
        let is_num = !numbering.is_empty()
            && (numbering.chars().all(|c| c.is_ascii_digit() || c == '.')
                || (numbering.len() == 1 && numbering.chars().all(|c| c.is_ascii_alphabetic()) && first.len() > 1));
        if is_num {
            s = rest;
        }
    }
    let s = s.trim().trim_end_matches([':', '.', ';', '-', '—', '–']).trim();
    // Every heading of every document passes here: one string is built,
    // words lowered as they are copied.
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        match w {
            "&" => out.push_str("and"),
            w if w.is_ascii() => out.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase()))),
            w => out.push_str(&w.to_lowercase()),
        }
    }
    out
}

/// Words under heading `i`, its subsections (deeper headings up to the next
/// heading of its level or higher) included.
fn section_words(headings: &[crate::evidence::Heading], i: usize) -> u32 {
    let level = headings[i].level;
    headings[i].words
        + headings[i + 1..]
            .iter()
            .take_while(|h| h.level > level)
            .map(|h| h.words)
            .sum::<u32>()
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn a_compound_heading_holds_each_part() {
        let hs = vec![
            normalise("1. Purpose and Scope"),
            normalise("Roles & responsibilities."),
        ];
        assert_eq!(super::find(&hs, &[normalise("Scope")]), Some(0));
        assert_eq!(super::find(&hs, &[normalise("Purpose")]), Some(0));
        assert_eq!(super::find(&hs, &[normalise("Responsibilities")]), Some(1));
        assert_eq!(
            super::find(&hs, &[normalise("Roles and responsibilities")]),
            Some(1),
            "& is and"
        );
        assert_eq!(super::find(&hs, &[normalise("Pur")]), None, "parts, not substrings");
        let hs = vec![normalise("Risks, issues and opportunities")];
        assert_eq!(super::find(&hs, &[normalise("Risks and opportunities")]), Some(0));
        assert_eq!(super::find(&hs, &[normalise("Risks and controls")]), None);
    }

    #[test]
    fn spacing_ampersands_and_any_script_lowercased() {
        assert_eq!(
            normalise("  3.  Critical\tProcesses  &  Threats: "),
            "critical processes and threats"
        );
        assert_eq!(normalise("ÜBERSICHT der Änderungen"), "übersicht der änderungen");
        assert_eq!(normalise("ΣΚΟΠΟΣ"), "ΣΚΟΠΟΣ".to_lowercase());
    }

    #[test]
    fn normalises_numbering_case_and_colons() {
        assert_eq!(normalise("2. SCOPE:"), "scope");
        assert_eq!(
            normalise("4.2.1  Roles and   responsibilities"),
            "roles and responsibilities"
        );
        assert_eq!(normalise("A) Purpose"), "purpose");
        assert_eq!(normalise("A Purpose"), "a purpose");
        assert_eq!(normalise("Purpose"), "purpose");
    }
}
