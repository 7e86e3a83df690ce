//! Unfilled template values. A field holding one counts as missing: an
//! unfilled template is never evidence.

use crate::diag::{Code, Diagnostic, Diagnostics, FileId};
use crate::yaml::{self, Node};

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

/// True for values people leave in templates: empty, `TBD`, `TODO`,
/// `YYYY-MM-DD`, `[Name]`, `<date>`, `{{owner}}`, `xx.xx.xxxx`.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() {
        return true;
    }
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
        "to be confirmed",
        "to be determined",
    ];
    if WORDS.contains(&lower.as_str()) {
        return true;
    }
    let wrapped = |open: char, close: char| v.starts_with(open) && v.ends_with(close);
    if wrapped('[', ']') || wrapped('<', '>') || (v.starts_with("{{") && v.ends_with("}}")) {
        return true;
    }
    // Date masks: YYYY-MM-DD, DD/MM/YYYY, xx.xx.xxxx and the like.
    let mask = lower
        .chars()
        .filter(|c| !matches!(c, '-' | '/' | '.' | ' ' | ':'))
        .collect::<String>();
    !mask.is_empty()
        && mask.len() >= 4
        && (mask.chars().all(|c| matches!(c, 'y' | 'm' | 'd' | 'h' | 's')) || mask.chars().all(|c| c == 'x'))
}

#[cfg(test)]
mod tests {
    use super::is_placeholder;

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
        ] {
            assert!(is_placeholder(p), "{p:?}");
        }
        for v in ["2026-03-01", "Jane Doe", "Head of Quality", "yes", "Dd", "Maddy"] {
            assert!(!is_placeholder(v), "{v:?}");
        }
    }
}
