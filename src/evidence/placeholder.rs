//! Unfilled template values. A field holding one counts as missing: an
//! unfilled template is never evidence.

use crate::diag::{Code, Diagnostic, Diagnostics, FileId};
use crate::yaml::{self, Node, Value};

/// Compiles a `placeholders:` list (pack header or profile): each pattern
/// must match a whole value; a pattern that does not compile is a diagnostic.
pub fn patterns(node: &Node, file: FileId, diags: &mut Diagnostics) -> Vec<regex::Regex> {
    let mut out = Vec::new();
    for pat in yaml::str_list(node, file, "placeholders", diags).unwrap_or_default() {
        match crate::pack::regexes::compile(&format!("^(?:{})$", pat.value), false) {
            Ok(re) => out.push(re),
            Err(e) => diags.push(
                Diagnostic::error(Code::InvalidRegex, "this placeholder pattern does not compile")
                    .at(file, pat.span)
                    .note(e),
            ),
        }
    }
    out
}

/// True for values people leave in templates: empty, `TBD`, `TBD.`,
/// `TODO`, `Pending`, `YYYY-MM-DD`, `__________`, `[Name]`, `<date>`,
/// `{{owner}}`, `xx.xx.xxxx`. A value with a note (`Head of Quality
/// [interim]`) is a value: only a wrapper around the whole of it marks a
/// hole.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() {
        return true;
    }
    // Emphasis around the whole value (`_[Name]_`, `**TBD**`) is how a
    // template writes its holes, not part of them. (`__________` and
    // `__/__/____` are blanks to write on, left to the mask below.)
    let inner = v.trim_matches(['*', '_']).trim();
    let blank = |c: char| matches!(c, '_' | '/' | '-' | '.' | ' ' | ':');
    if inner.len() < v.len() && !inner.starts_with(blank) && !inner.ends_with(blank) && !inner.is_empty() {
        return is_placeholder(inner);
    }
    // Every paragraph of every document comes through here (template
    // detection), so nothing is allocated for text that cannot be a hole:
    // the words are short, and a mask is known false at its first letter.
    if v.len() <= 24 {
        let lower = v.to_ascii_lowercase();
        const WORDS: &[&str] = &[
            "tbd",
            "tbc",
            "todo",
            "tba",
            "xxx",
            "?",
            "??",
            "...",
            "…",
            "-",
            "--",
            "none yet",
            "pending",
            "to be advised",
            "to be confirmed",
            "to be determined",
            "to follow",
        ];
        // `TBD.`, `(TBC)`, `*Pending*`: the word with its dressing.
        let word = lower
            .trim_matches(['*', '(', ')', '"', '\''])
            .trim_end_matches(['.', ',', ';', ':', '!'])
            .trim();
        if WORDS.contains(&lower.as_str()) || WORDS.contains(&word) {
            return true;
        }
    }
    let wrapped = |open: char, close: char| v.starts_with(open) && v.ends_with(close);
    // `<https://...>` and `<jane@example.org>` are links, not holes.
    let link = || v.contains("://") || v.contains('@');
    if wrapped('[', ']') || (wrapped('<', '>') && !link()) || (v.starts_with("{{") && v.ends_with("}}")) {
        return true;
    }
    // Date masks (YYYY-MM-DD, DD/MM/YYYY, xx.xx.xxxx) and blanks to write
    // on (`__________`, `__/__/____`), separators aside.
    let (mut n, mut date, mut xs, mut blanks) = (0usize, true, true, true);
    for c in v.chars().filter(|c| !matches!(c, '-' | '/' | '.' | ' ' | ':')) {
        n += 1;
        let l = c.to_ascii_lowercase();
        date &= matches!(l, 'y' | 'm' | 'd' | 'h' | 's');
        xs &= l == 'x';
        blanks &= c == '_';
        if !(date || xs || blanks) {
            return false;
        }
    }
    (n >= 4 && (date || xs)) || (n >= 3 && blanks)
}

/// Fields that say who is accountable and when: `N/A` there leaves the
/// question unanswered. Elsewhere (a classification, a site, a cost
/// centre) `N/A` is an answer someone gave, so it is not a hole.
const WHO_AND_WHEN: &[&str] = &[
    "owner",
    "approved_by",
    "approved_on",
    "author",
    "review_by",
    "effective_on",
];

/// `N/A` (or `n.a.`, `not applicable`) in a field that must name someone
/// or a date.
pub fn not_applicable(field: &str, value: &str) -> bool {
    let v = value.trim().trim_end_matches('.').to_ascii_lowercase();
    WHO_AND_WHEN.contains(&field) && matches!(v.as_str(), "n/a" | "n.a" | "na" | "not applicable")
}

/// A front-matter value that is a placeholder whatever YAML made of it
/// (`source` is the front matter's text): unquoted `[Name]` parses as a
/// list, `{{owner}}` as a mapping whose key is a mapping, `owner:` as
/// null. A list is a hole when each item is one, or when it is written
/// `[Word]` / `[Word, Word]` in place, as templates write the blank to
/// fill (so `approved_by: [Jane]` is taken for one: write `Jane` or `[Jane
/// Smith]`; acronyms like `[COPC]` and codes with digits are values). A
/// mapping is a hole when each value is one (`{owner}`, `{{owner}}`).
pub fn is_placeholder_node(node: &Node, source: &str) -> bool {
    match &node.value {
        Value::Null => true,
        Value::Str(s) => is_placeholder(s),
        Value::Bool(_) | Value::Int(_) | Value::Float(_) => false,
        Value::Seq(items) => {
            let in_place = source.get(node.span.offset..).is_some_and(|s| s.starts_with('['));
            items.iter().all(|i| is_placeholder_node(i, source))
                || (in_place && items.iter().all(|i| i.as_str().is_some_and(blank_word)))
        }
        Value::Map(entries) => entries.iter().all(|(_, v)| is_placeholder_node(v, source)),
    }
}

/// `Name`, `approver_name`, `Job-title`: letters (and `_`, `-`), not an
/// all-capitals acronym.
fn blank_word(s: &str) -> bool {
    s.chars().any(|c| c.is_alphabetic())
        && s.chars().all(|c| c.is_alphabetic() || matches!(c, '_' | '-'))
        && s.chars().any(|c| c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::FileId;
    use crate::yaml::Limits;

    #[test]
    fn placeholders() {
        for p in [
            "",
            " ",
            "TBD",
            "todo",
            "YYYY-MM-DD",
            "DD/MM/YYYY",
            "xx.xx.xxxx",
            "[Name, Date]",
            "<date>",
            "{{ owner }}",
            "TBD.",
            "tbc!",
            "(TBC)",
            "*Pending*",
            "Pending",
            "__________",
            "__/__/____",
            "[...]",
            "{{...}}",
            "<...>",
            "_[Name, job title]_",
            "**[DD/MM/YYYY]**",
            "__TBD__",
            "*<date>*",
        ] {
            assert!(is_placeholder(p), "{p:?}");
        }
        for v in [
            "2026-03-01",
            "Jane Doe",
            "Head of Quality",
            "yes",
            "Dd",
            "Maddy",
            "Head of Quality [interim]",
            "<https://intranet.example.org/qp>",
            "<jane.doe@example.org>",
            "N/A",
            "_",
            "Pending review by the board",
            "_Jane Doe_",
            "**Head of Quality** [interim]",
        ] {
            assert!(!is_placeholder(v), "{v:?}");
        }
    }

    #[test]
    fn not_applicable_leaves_who_and_when_unanswered() {
        assert!(not_applicable("owner", "N/A"));
        assert!(not_applicable("approved_on", "n.a."));
        assert!(!not_applicable("classification", "N/A"));
        assert!(!not_applicable("owner", "Nadia"));
    }

    #[test]
    fn placeholders_whatever_their_yaml_type() {
        let fm = "a: [Name]\nb: {{owner}}\nc:\nd: [Name, Role]\ne: [TBD]\nf: {owner}\ng: [Jane Doe]\nh: [COPC]\ni: [ISO-9001]\nj:\n  - Jane\nk: {north: Jane}\nl: []\nm: 2026-03-01\nn: 5\n";
        let node = yaml::parse(FileId(0), fm, Limits::FRONT_MATTER, 0).unwrap();
        let Value::Map(entries) = node.value else { panic!() };
        let holes: Vec<String> = entries
            .iter()
            .filter(|(_, v)| is_placeholder_node(v, fm))
            .filter_map(|(k, _)| k.scalar_text())
            .collect();
        assert_eq!(holes, ["a", "b", "c", "d", "e", "f", "l"]);
    }
}
