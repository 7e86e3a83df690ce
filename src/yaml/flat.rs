//! The common case of front matter, read without the general parser:
//! `key: value` lines at the margin, each value a plain scalar.
//!
//! Nearly every document's front matter is a handful of such lines, and the
//! general parser (events, then serde, then spans) costs more than the rest
//! of reading the document. This reader accepts only text whose meaning is
//! beyond doubt and gives up (`None`) on anything else — quotes, flow or
//! block collections, comments, anchors, tags, indentation, numbers other
//! than plain decimal integers, non-ASCII text, a repeated key — so the
//! general parser decides every case that needs judgement. A test holds the
//! two to the same tree, spans included, on every input this one accepts.

use super::{Node, Value};
use crate::diag::Span;

/// The tree of `text` when it is a flat mapping of plain scalars.
pub fn parse(text: &str, max_nodes: usize) -> Option<Node> {
    if !text.is_ascii() {
        return None;
    }
    let mut entries: Vec<(Node, Node)> = Vec::new();
    let mut offset = 0;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += raw.len();
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.bytes().all(|b| b == b' ') {
            continue;
        }
        let (key, value) = entry(line)?;
        if entries.iter().any(|(k, _)| k.as_str() == Some(key)) {
            return None;
        }
        let line_no = i as u32 + 1;
        let key_node = Node {
            value: Value::Str(key.to_string()),
            span: Span {
                line: line_no,
                col: 1,
                offset: start,
                len: key.len(),
            },
        };
        // An empty value is placed at the colon, as the general parser places it.
        let value_col = if value.is_empty() {
            key.len()
        } else {
            line.len() - line[key.len() + 1..].trim_start_matches(' ').len()
        };
        let value_node = Node {
            value: scalar(value)?,
            span: Span {
                line: line_no,
                col: value_col as u32 + 1,
                offset: start + value_col,
                len: value.len(),
            },
        };
        entries.push((key_node, value_node));
    }
    if entries.is_empty() || 2 * entries.len() + 1 > max_nodes {
        return None;
    }
    let span = Span {
        line: 1,
        col: 1,
        offset: 0,
        len: 0,
    };
    Some(Node {
        value: Value::Map(entries),
        span,
    })
}

/// A `key: value` line: a simple key at the margin, then a plain scalar
/// that cannot be read as anything but itself.
fn entry(line: &str) -> Option<(&str, &str)> {
    let (key, rest) = line.split_once(':')?;
    let simple_key = key.bytes().next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !simple_key {
        return None;
    }
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    let value = rest.trim_matches(' ');
    let plain = value.bytes().all(|b| (b' '..=b'~').contains(&b))
        && !value.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`.+~".contains(c))
        && !value.ends_with(':')
        && !value.contains(": ")
        && !value.contains(" #");
    plain.then_some((key, value))
}

/// The value a plain scalar resolves to. Of what starts with a digit only
/// decimal integers and dates are read here; values starting with a sign, a
/// dot or `~` were refused: other numbers and nulls in all their spellings
/// are the general parser's to judge.
fn scalar(text: &str) -> Option<Value> {
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        let b = text.as_bytes();
        let date = b.len() == 10
            && b.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if date {
            return Some(Value::Str(text.to_string()));
        }
        let integer = b.iter().all(u8::is_ascii_digit) && (b.len() == 1 || b[0] != b'0');
        return if integer {
            text.parse().ok().map(Value::Int)
        } else {
            None
        };
    }
    Some(match text {
        "" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => Value::Str(text.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Limits, general};

    /// The tree as a comparable text: values and spans of every node.
    fn shape(n: &Node) -> String {
        let s = &n.span;
        let at = format!("@{}:{}+{}/{}", s.line, s.col, s.offset, s.len);
        match &n.value {
            Value::Map(entries) => {
                let inner: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{} => {}", shape(k), shape(v)))
                    .collect();
                format!("{{{}}}{at}", inner.join(", "))
            }
            other => format!("{other:?}{at}"),
        }
    }

    fn same_as_general(text: &str) -> bool {
        let Some(fast) = parse(text, Limits::FRONT_MATTER.max_nodes) else {
            return false;
        };
        let slow = general(text, Limits::FRONT_MATTER).expect("what the fast reader accepts is YAML");
        assert_eq!(shape(&fast), shape(&slow), "front matter {text:?}");
        true
    }

    #[test]
    fn the_usual_front_matter_reads_as_the_general_parser_reads_it() {
        let usual = "title: Site 058 Training Plan 050\nkind: training-plan\nowner: compliance.officer\n\
                     approved_on: 2024-03-08\nreview_by: 2025-03-08\nversion: 3\nzero: 0\n";
        for text in [
            usual,
            "kind: policy",
            "kind: policy\r\nowner: Jo Bloggs\r\n",
            "kind:  policy   \n\nowner:\nflag: true\nother: False\nnone: null\nyes_no: no\n",
            "a-b_c: it's fine, really\n",
            "url: http://example.com/a\n",
        ] {
            assert!(same_as_general(text), "not read fast: {text:?}");
        }
    }

    #[test]
    fn anything_that_needs_judgement_goes_to_the_general_parser() {
        for text in [
            "kind: [a, b]",
            "kind: 'quoted'",
            "kind: policy # comment",
            "# comment\nkind: policy",
            "  kind: policy",
            "kind: a: b",
            "kind: p\nkind: q",
            "version: 1.2",
            "n: 007",
            "n: 99999999999999999999",
            "n: -3",
            "n: ~",
            "when: 2024-03-08T10:00",
            "name: José",
            "list:\n  - a",
            "k: &a v",
            "k: !tag v",
            "k: |",
            "\"k\": v",
            "",
        ] {
            assert!(parse(text, 10_000).is_none(), "read fast: {text:?}");
        }
    }

    proptest::proptest! {
        /// Whatever flat lines the fast reader accepts, it reads exactly as
        /// the general parser does.
        #[test]
        fn accepted_text_reads_the_same(lines in proptest::collection::vec(
            ("[a-z_][a-z0-9_-]{0,8}", "[a-zA-Z0-9 .,:#/'\"_~+-]{0,24}"), 1..6)) {
            let text: String = lines.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
            let _ = same_as_general(&text);
        }
    }
}
