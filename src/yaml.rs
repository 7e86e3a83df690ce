//! A spanned YAML tree and the helpers that turn it into typed values.
//!
//! serde's derive stops at the first unknown key or wrong type. Pack authors
//! want every problem in one run, each pointing at its line, so YAML files we
//! own (packs, the profile, waivers, attestations) are parsed into this tree
//! first and converted by hand, pushing a diagnostic per problem and going on
//! (cargo-deny's raw → validated split). serde-saphyr supplies the locations
//! and the budget that makes a hostile file fail fast.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, Spanned};

use crate::diag::{Code, Diagnostic, Diagnostics, FileId, Span};

mod flat;

/// A YAML node with the place it was written.
#[derive(Debug, Clone)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// The YAML type name, for "expected X, found Y" messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

impl Node {
    /// The scalar as text, the way a person wrote it (numbers and booleans
    /// included), or `None` for collections and null.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Plain JSON for values that are data, not structure (front matter,
    /// parameter values).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.scalar_text().unwrap_or_default(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Limits for YAML we parse. Packs and profiles are small hand-written files:
/// anything past these is a mistake or an attack, and fails before it costs.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_depth: usize,
    pub max_aliases: usize,
    pub max_nodes: usize,
}

impl Limits {
    /// Packs, profiles, waivers and attestations.
    pub const CONFIG: Limits = Limits {
        max_bytes: 4 << 20,
        max_depth: 32,
        max_aliases: 100,
        max_nodes: 200_000,
    };
    /// Front matter of one evidence document.
    pub const FRONT_MATTER: Limits = Limits {
        max_bytes: 256 << 10,
        max_depth: 16,
        max_aliases: 20,
        max_nodes: 10_000,
    };
}

/// Parses `text` into a node tree, or a diagnostic at the place it failed.
/// `line_offset` shifts reported lines, for YAML embedded in a larger file
/// (front matter).
pub fn parse(file: FileId, text: &str, limits: Limits, line_offset: u32) -> Result<Node, Diagnostic> {
    if text.len() > limits.max_bytes {
        return Err(Diagnostic::error(
            Code::YamlBudget,
            format!(
                "file is {} bytes, over the {} byte limit for YAML; split it or trim it",
                text.len(),
                limits.max_bytes
            ),
        )
        .at(file, Span::unknown()));
    }
    if text.trim().is_empty() {
        return Ok(Node {
            value: Value::Null,
            span: Span::point(1 + line_offset, 1, 0),
        });
    }
    let parsed = match flat::parse(text, limits.max_nodes) {
        Some(node) => Ok(node),
        None => general(text, limits),
    };
    match parsed {
        Ok(mut node) => {
            if line_offset > 0 {
                shift(&mut node, line_offset);
            }
            Ok(node)
        }
        Err(err) => Err(from_saphyr(file, text, &err, line_offset)),
    }
}

/// Any YAML, through serde-saphyr within the budget.
fn general(text: &str, limits: Limits) -> Result<Node, serde_saphyr::Error> {
    let mut budget = Budget::default();
    budget.max_depth = limits.max_depth;
    budget.max_aliases = limits.max_aliases;
    budget.max_anchors = limits.max_aliases;
    budget.max_nodes = limits.max_nodes;
    budget.max_total_scalar_bytes = limits.max_bytes;
    budget.max_documents = 1;
    // YAML 1.2 booleans only: `n`, `no`, `on`, `y` stay text (the Norway
    // problem), whether they are keys in a pack or values in front matter.
    let options = serde_saphyr::options! { budget: Some(budget), strict_booleans: true };
    serde_saphyr::from_str_with_options::<Node>(text, options)
}

fn shift(node: &mut Node, by: u32) {
    node.span.line += by;
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|n| shift(n, by)),
        Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
            shift(k, by);
            shift(v, by);
        }),
        _ => {}
    }
}

fn from_saphyr(file: FileId, text: &str, err: &serde_saphyr::Error, line_offset: u32) -> Diagnostic {
    let options = serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off };
    let rendered = err.render_with_options(options);
    // The plain rendering ends in " at line L column C ..."; we show the
    // place ourselves, with the source line under it.
    let raw = rendered
        .split_once(" at line ")
        .map_or(rendered.as_str(), |(m, _)| m)
        .trim();
    let (code, message, hint) = explain_saphyr(raw);
    let span = match err.location() {
        Some(loc) if loc.line() > 0 => {
            let line = loc.line() as u32;
            let col = loc.column().max(1) as u32;
            Span::point(line + line_offset, col, byte_offset(text, line, col))
        }
        _ => Span::unknown(),
    };
    Diagnostic::error(code, message).at(file, span).note(hint)
}

/// Turns the parser's wording into ours: what went wrong and what to do.
fn explain_saphyr(raw: &str) -> (Code, String, &'static str) {
    const BUDGET: &str =
        "YAML here is limited in size, nesting depth and aliases; rewrite it without deep nesting or anchor expansion";
    if let Some(detail) = raw.strip_prefix("budget breached:") {
        let detail = detail.trim();
        if detail.starts_with("Documents") {
            return (
                Code::YamlSyntax,
                "the file holds more than one YAML document".to_string(),
                "keep one document per file: remove the `---` line that starts the second",
            );
        }
        let what = if detail.starts_with("Depth") {
            format!("the YAML nests deeper than {} levels", Limits::CONFIG.max_depth)
        } else if detail.starts_with("Nodes") || detail.starts_with("Events") {
            "the YAML expands to too many nodes (aliases multiplying content?)".to_string()
        } else if detail.starts_with("Alias") || detail.starts_with("Anchor") {
            "the YAML uses too many aliases or anchors".to_string()
        } else {
            format!("the YAML is over its budget ({detail})")
        };
        return (Code::YamlBudget, what, BUDGET);
    }
    if let Some(rest) = raw.strip_prefix("duplicate mapping key:") {
        let key = rest.split(',').next().unwrap_or("").trim();
        return (
            Code::YamlSyntax,
            format!("the key `{key}` appears twice in one mapping"),
            "keep one of them",
        );
    }
    let lower = raw.to_lowercase();
    if ["recursion", "too deep", "depth limit", "alias"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return (Code::YamlBudget, raw.to_string(), BUDGET);
    }
    (Code::YamlSyntax, raw.to_string(), "fix the YAML syntax at this place")
}

/// Byte offset of a 1-based line and character column in `text`.
pub fn byte_offset(text: &str, line: u32, col: u32) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1) as usize)
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    start
        + rest
            .char_indices()
            .nth(col.saturating_sub(1) as usize)
            .map_or(rest.len(), |(i, _)| i)
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(d)?;
        let loc = spanned.referenced;
        let span = Span {
            line: loc.line() as u32,
            col: loc.column() as u32,
            offset: loc.span().byte_offset().unwrap_or(0) as usize,
            len: loc.span().byte_len().unwrap_or(0) as usize,
        };
        Ok(Node {
            value: spanned.value,
            span,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        i64::try_from(v)
            .map(Value::Int)
            .map_err(|_| E::custom("integer too large"))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        i64::try_from(v)
            .map(Value::Int)
            .map_err(|_| E::custom("integer too large"))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        i64::try_from(v)
            .map(Value::Int)
            .map_err(|_| E::custom("integer too large"))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Node>()? {
            let value = map.next_value::<Node>()?;
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

/// Reads a YAML mapping key by key, reporting wrong types and, when done,
/// every key nobody asked for.
pub struct Table<'a> {
    pub node: &'a Node,
    file: FileId,
    entries: &'a [(Node, Node)],
    used: Vec<bool>,
    what: &'static str,
}

impl<'a> Table<'a> {
    /// Opens `node` as a mapping describing `what` ("rule", "check"), or
    /// reports that it is not one.
    pub fn new(node: &'a Node, file: FileId, what: &'static str, diags: &mut Diagnostics) -> Option<Self> {
        match &node.value {
            Value::Map(entries) => Some(Table {
                node,
                file,
                entries,
                used: vec![false; entries.len()],
                what,
            }),
            other => {
                diags.push(
                    Diagnostic::error(
                        Code::WrongType,
                        format!("expected a mapping for the {what}, found {}", other.type_name()),
                    )
                    .at(file, node.span),
                );
                None
            }
        }
    }

    pub fn file(&self) -> FileId {
        self.file
    }

    /// The value of `key`, marking it used.
    pub fn get(&mut self, key: &str) -> Option<&'a Node> {
        let entries = self.entries;
        for (i, (k, v)) in entries.iter().enumerate() {
            if k.as_str() == Some(key) {
                self.used[i] = true;
                return Some(v);
            }
        }
        None
    }

    /// The key node of `key`, for diagnostics that point at the key.
    pub fn key_span(&self, key: &str) -> Span {
        self.entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map_or(self.node.span, |(k, _)| k.span)
    }

    pub fn required(&mut self, key: &str, diags: &mut Diagnostics) -> Option<&'a Node> {
        let found = self.get(key);
        if found.is_none() {
            diags.push(
                Diagnostic::error(Code::MissingKey, format!("the {} has no `{key}`", self.what))
                    .at(self.file, self.node.span)
                    .note(format!("add `{key}:` to this {}", self.what)),
            );
        }
        found
    }

    pub fn str(&mut self, key: &str, diags: &mut Diagnostics) -> Option<Located<String>> {
        let node = self.get(key)?;
        expect_str(node, self.file, key, diags)
    }

    pub fn required_str(&mut self, key: &str, diags: &mut Diagnostics) -> Option<Located<String>> {
        let node = self.required(key, diags)?;
        expect_str(node, self.file, key, diags)
    }

    pub fn bool(&mut self, key: &str, diags: &mut Diagnostics) -> Option<bool> {
        let node = self.get(key)?;
        match node.value {
            Value::Bool(b) => Some(b),
            ref other => {
                diags.push(wrong_type(self.file, node, key, "true or false", other));
                None
            }
        }
    }

    pub fn number(&mut self, key: &str, diags: &mut Diagnostics) -> Option<f64> {
        let node = self.get(key)?;
        expect_number(node, self.file, key, diags)
    }

    /// A list of strings; a single string is accepted as a list of one.
    pub fn str_list(&mut self, key: &str, diags: &mut Diagnostics) -> Option<Vec<Located<String>>> {
        let node = self.get(key)?;
        str_list(node, self.file, key, diags)
    }

    /// Reports every key that was never read, with the keys that exist.
    pub fn finish(self, diags: &mut Diagnostics, known: &[&str]) {
        for (i, (k, _)) in self.entries.iter().enumerate() {
            if self.used[i] {
                continue;
            }
            let name = k.scalar_text().unwrap_or_else(|| "?".into());
            let mut d = Diagnostic::error(
                Code::UnknownKey,
                format!("unknown key `{name}` in {}", article(self.what)),
            )
            .at(self.file, k.span)
            .label("not a known key here");
            if let Some(close) = closest(&name, known) {
                d = d.note(format!("did you mean `{close}`?"));
            }
            d = d.note(format!("expected one of: {}", known.join(", ")));
            diags.push(d);
        }
    }
}

fn article(what: &str) -> String {
    let vowel = what.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {what}", if vowel { "an" } else { "a" })
}

/// A value with the span it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

impl Located<String> {
    /// The place of byte `offset` of the string, past its opening quote if
    /// it was written quoted: where an error inside an expression is.
    pub fn span_at(&self, offset: usize) -> Span {
        let mut span = self.span;
        let quoted = usize::from(self.span.len >= self.value.len() + 2);
        span.offset += offset + quoted;
        span.col += (offset + quoted) as u32;
        span.len = 1;
        span
    }
}

pub fn wrong_type(file: FileId, node: &Node, key: &str, expected: &str, found: &Value) -> Diagnostic {
    Diagnostic::error(
        Code::WrongType,
        format!("`{key}` must be {expected}, found {}", found.type_name()),
    )
    .at(file, node.span)
}

pub fn expect_str(node: &Node, file: FileId, key: &str, diags: &mut Diagnostics) -> Option<Located<String>> {
    match node.scalar_text() {
        Some(s) if !matches!(node.value, Value::Bool(_)) => Some(Located {
            value: s,
            span: node.span,
        }),
        _ => {
            diags.push(wrong_type(file, node, key, "a string", &node.value));
            None
        }
    }
}

pub fn expect_number(node: &Node, file: FileId, key: &str, diags: &mut Diagnostics) -> Option<f64> {
    match node.value {
        Value::Int(i) => Some(i as f64),
        Value::Float(f) => Some(f),
        ref other => {
            diags.push(wrong_type(file, node, key, "a number", other));
            None
        }
    }
}

pub fn str_list(node: &Node, file: FileId, key: &str, diags: &mut Diagnostics) -> Option<Vec<Located<String>>> {
    match &node.value {
        Value::Seq(items) => Some(items.iter().filter_map(|n| expect_str(n, file, key, diags)).collect()),
        Value::Str(_) | Value::Int(_) | Value::Float(_) => expect_str(node, file, key, diags).map(|s| vec![s]),
        other => {
            diags.push(wrong_type(file, node, key, "a list of strings", other));
            None
        }
    }
}

/// The known name nearest to `name`, if it is a plausible typo.
pub fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_at_values() {
        let node = parse(FileId(0), "a: 1\nb:\n  - x\n  - {c: true}\n", Limits::CONFIG, 0).unwrap();
        let Value::Map(entries) = &node.value else {
            panic!("not a map")
        };
        assert_eq!(entries[0].0.span.line, 1);
        assert_eq!(entries[1].0.span.line, 2);
        let Value::Seq(items) = &entries[1].1.value else {
            panic!("not a seq")
        };
        assert_eq!((items[0].span.line, items[0].span.col), (3, 5));
        assert_eq!(items[1].span.line, 4);
    }

    #[test]
    fn alias_bombs_hit_the_budget() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let err = parse(FileId(0), &text, Limits::CONFIG, 0).unwrap_err();
        assert_eq!(err.code, Code::YamlBudget, "{}", err.message);
    }

    #[test]
    fn deep_nesting_hits_the_budget() {
        let text = format!("{}1{}", "[".repeat(100), "]".repeat(100));
        let err = parse(FileId(0), &text, Limits::CONFIG, 0).unwrap_err();
        assert_eq!(err.code, Code::YamlBudget, "{}", err.message);
    }

    #[test]
    fn typos_get_a_suggestion() {
        assert_eq!(closest("sevrity", &["severity", "section"]), Some("severity"));
        assert_eq!(closest("zzz", &["severity", "section"]), None);
    }
}
