//! Markdown evidence: YAML front matter (or, without it, the metadata
//! conventions people use), the heading outline with the words under each
//! heading, the lines where text patterns first match, and whether the
//! document is an unfilled template.

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{Document, Field, Heading, IndexOptions, Table, metadata, placeholder};
use crate::diag::FileId;
use crate::yaml::{self, Limits, Value};

/// Splits `---` front matter from the body: (front matter, its first line,
/// body, the body's first line).
fn split_front_matter(text: &str) -> Option<(&str, &str, u32)> {
    let rest = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + yaml.lines().count() as u32 + 1;
            return Some((yaml, body, body_line));
        }
        offset += line.len();
    }
    None
}

/// Front matter whose opening `---` was left out: the file starts with
/// `key: value` lines (a `kind:` among them) and a `---` line closes them.
/// Markdown would make the lines a heading; they are the metadata.
fn headless_front_matter(text: &str) -> Option<(&str, &str, u32)> {
    let mut offset = 0;
    let mut kind = false;
    for (i, line) in text.split_inclusive('\n').enumerate().take(60) {
        let trimmed = line.trim_end();
        if trimmed == "---" {
            return (i > 0 && kind).then(|| (&text[..offset], &text[offset + line.len()..], i as u32 + 2));
        }
        let top = !line.starts_with([' ', '\t', '-']);
        let key = trimmed.split_once(':').map(|(k, _)| k);
        match key {
            Some(k) if top && !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                kind |= k == "kind";
            }
            // Continuation lines of a value (a list, a folded text).
            _ if !top && i > 0 => {}
            _ => return None,
        }
        offset += line.len();
    }
    None
}

/// Reads a Markdown document already known to be UTF-8 text.
pub fn read(path: String, text: &str, patterns: &super::Patterns, opts: &IndexOptions) -> Document {
    let mut doc = Document {
        path,
        meta_line: 1,
        ..Document::default()
    };
    let (body, body_line, conventions) = match split_front_matter(text) {
        Some((fm, body, body_line)) => {
            read_front_matter(&mut doc, fm, 1, opts);
            (body, body_line, false)
        }
        None if let Some((fm, body, body_line)) = headless_front_matter(text) => {
            read_front_matter(&mut doc, fm, 0, opts);
            (body, body_line, false)
        }
        None if text.starts_with("---\n") || text.starts_with("---\r\n") => {
            doc.problem = Some("front matter opened with `---` is never closed; add a `---` line after it".into());
            (text, 1, false)
        }
        None => (text, 1, true),
    };
    let shown = without_comments(body);
    let opened = mkdocs_blocks(shown.as_ref());
    let body = opened.as_ref();
    if conventions {
        read_conventions(&mut doc, body, opts);
    }
    outline(&mut doc, body, body_line, opts);
    if doc.title.is_none() {
        doc.title = doc.headings.iter().find(|h| h.level == 1).map(|h| h.text.clone());
    }
    doc.hits = patterns.find(body, body_line);
    doc.template = template(&doc, body, opts);
    doc
}

/// Text as the template left it: a built-in placeholder or one of the
/// profile's and packs' `placeholders:`.
pub(super) fn unfilled(value: &str, opts: &IndexOptions) -> bool {
    placeholder::is_placeholder(value) || opts.placeholders.iter().any(|p| p.is_match(value.trim()))
}

/// A field's value that counts as missing: unfilled, or `N/A` where
/// someone or a date must be named.
fn is_placeholder(field: &str, value: &str, opts: &IndexOptions) -> bool {
    unfilled(value, opts) || placeholder::not_applicable(field, value)
}

/// MkDocs Material content tabs (`=== "Tab"`) and admonitions (`!!! note`,
/// `??? note`, `???+ note`) hold their content indented by four spaces,
/// which plain Markdown reads as a code block: headings and text in them
/// would be invisible. Their content is dedented in place (every line keeps
/// its number), nested blocks included.
fn mkdocs_blocks(body: &str) -> std::borrow::Cow<'_, str> {
    let marker = |l: &str| {
        let t = l.trim_start();
        ["=== ", "!!! ", "??? ", "???+ "].iter().any(|m| t.starts_with(m))
    };
    // Most documents have none: a substring search settles it.
    if !["=== ", "!!! ", "??? "].iter().any(|m| body.contains(m)) || !body.lines().any(marker) {
        return body.into();
    }
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let mut out = String::with_capacity(body.len());
    // The indentation each open block's content starts at.
    let mut open: Vec<usize> = Vec::new();
    let mut fence: Option<&str> = None;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            out.push_str(line);
            continue;
        }
        let at = indent(content);
        while open.last().is_some_and(|&need| at < need) {
            open.pop();
        }
        let cut = open.last().copied().unwrap_or(0).min(at);
        let shown = &line[cut..];
        let trimmed = shown.trim_start();
        // Markers inside fenced code are code.
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let f = &trimmed[..3];
            fence = match fence {
                Some(open_f) if open_f == f => None,
                None => Some(f),
                other => other,
            };
        } else if fence.is_none() && marker(content) {
            open.push(at + 4);
        }
        out.push_str(shown);
    }
    out.into()
}

/// The body as a reader sees it: HTML comments, which no renderer shows,
/// blanked out byte for byte (newlines kept, so every line keeps its
/// number). Comments are found as Markdown finds them, so `<!--` in code
/// stays text, and a comment block left open runs to the end of its block.
fn without_comments(body: &str) -> std::borrow::Cow<'_, str> {
    if !body.contains("<!--") {
        return body.into();
    }
    let mut html: Vec<std::ops::Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
        if matches!(event, Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_)) {
            html.push(range);
        }
    }
    let mut bytes = body.as_bytes().to_vec();
    for region in html {
        let mut at = region.start;
        while let Some(open) = body[at..region.end].find("<!--").map(|i| at + i) {
            // `<!-->` and `<!--->` are whole comments too.
            let close = body[open + 2..region.end]
                .find("-->")
                .map_or(region.end, |i| open + 2 + i + 3);
            for b in &mut bytes[open..close] {
                if *b != b'\n' {
                    *b = b' ';
                }
            }
            at = close;
        }
    }
    String::from_utf8(bytes)
        .expect("only whole comments, ASCII-delimited, became spaces")
        .into()
}

/// Metadata without front matter: `Key: value` lines and a control table.
fn read_conventions(doc: &mut Document, body: &str, opts: &IndexOptions) {
    let found = metadata::read(body, 1, &opts.aliases, &opts.date_formats);
    if let Some((_, _, line)) = found.first() {
        doc.meta_line = *line;
    }
    for (field, value, line) in found {
        let text = |v: &str| (!v.trim().is_empty()).then(|| v.trim().to_string());
        match field.as_str() {
            "kind" => {
                doc.kind = text(&value);
                doc.kind_from = Some(format!("metadata line {line}"));
            }
            "site" => doc.site = text(&value),
            "title" => doc.title = text(&value),
            _ => {}
        }
        let placeholder = is_placeholder(&field, &value, opts);
        doc.fields.insert(
            field,
            Field {
                value: serde_json::Value::String(value),
                line,
                placeholder,
                source: super::Source::Document,
            },
        );
    }
}

/// An Office file's core properties (Word, Excel), where the text or a
/// sidecar did not give the field.
pub fn add_properties(doc: &mut Document, props: Vec<super::office::Property>, opts: &IndexOptions) {
    for (field, name, value) in props {
        if field == "title" && doc.title.is_none() {
            doc.title = Some(value.clone());
        }
        doc.fields.entry(field.to_string()).or_insert_with(|| Field {
            placeholder: is_placeholder(field, &value, opts),
            value: serde_json::Value::String(value),
            line: 1,
            source: super::Source::Property(name),
        });
    }
}

/// The profile's `metadata:` for a register: what neither the file nor its
/// sidecar says, each field pointing at its line in the profile.
pub fn add_profile_fields(doc: &mut Document, fields: &[(String, String, u32)], profile: &str, opts: &IndexOptions) {
    for (key, value, line) in fields {
        let field = opts.aliases.field(key);
        if field == "title" && doc.title.is_none() {
            doc.title = Some(value.clone());
        }
        doc.fields.entry(field.clone()).or_insert_with(|| Field {
            placeholder: is_placeholder(&field, value, opts),
            value: serde_json::Value::String(value.clone()),
            line: *line,
            source: super::Source::Profile(profile.to_string()),
        });
    }
}

/// An unfilled template: most of its metadata, or most of its paragraphs,
/// are placeholders. It is never evidence.
pub(super) fn template(doc: &Document, body: &str, opts: &IndexOptions) -> Option<String> {
    let meta: Vec<&Field> = doc
        .fields
        .iter()
        .filter(|(k, _)| {
            !matches!(
                k.as_str(),
                "kind" | "site" | "title" | "author" | "created" | "modified" | "last_modified_by"
            )
        })
        .map(|(_, f)| f)
        .collect();
    let holes = meta.iter().filter(|f| f.placeholder).count();
    if meta.len() >= 2 && holes * 2 > meta.len() {
        return Some(format!("{holes} of {} metadata fields are placeholders", meta.len()));
    }
    let paragraphs: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('|') && !l.starts_with("---"))
        .collect();
    let unfilled = paragraphs
        .iter()
        .filter(|l| unfilled(l, opts) || l.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("[insert")))
        .count();
    if paragraphs.len() >= 2 && unfilled * 2 > paragraphs.len() {
        return Some(format!(
            "{unfilled} of {} paragraphs are placeholders",
            paragraphs.len()
        ));
    }
    // A short form: every field it has is a hole and nothing is written
    // under it — a skeleton, however few fields it asks for.
    (!meta.is_empty() && holes == meta.len() && unfilled == paragraphs.len())
        .then(|| format!("{holes} of {holes} metadata fields are placeholders and nothing is written"))
}

/// Front matter whose first line is line `offset + 1` of the file.
fn read_front_matter(doc: &mut Document, fm: &str, offset: u32, opts: &IndexOptions) {
    doc.meta_line = offset + 1;
    // Keys written as people write them go through the alias table like
    // every other metadata layout's (`Owner`, `Document owner` → `owner`).
    let key = |k: &str| opts.aliases.front_matter_field(k);
    match yaml_fields(fm, offset, opts, key, &super::Source::Document) {
        Ok(fields) => {
            if let Some(f) = fields.get("kind") {
                doc.kind_from = Some(format!("front matter line {}", f.line));
            }
            take_named(doc, fields);
        }
        Err(YamlProblem::Syntax(e)) => {
            doc.problem = Some(format!("front matter is {e}"));
            recover_kind(doc, fm);
        }
        Err(YamlProblem::Shape(e)) => doc.problem = Some(format!("front matter {e}")),
    }
}

/// Why metadata written as YAML could not be read.
pub(super) enum YamlProblem {
    /// `not valid YAML (line N): ...`
    Syntax(String),
    /// `must be a mapping of fields, found ...`
    Shape(String),
}

/// Metadata written as YAML (front matter, a sidecar) whose first line is
/// line `offset + 1` of its file: each field with its line, its key as
/// `key` names it, from `source`.
pub(super) fn yaml_fields(
    text: &str,
    offset: u32,
    opts: &IndexOptions,
    key: impl Fn(&str) -> String,
    source: &super::Source,
) -> Result<BTreeMap<String, Field>, YamlProblem> {
    let node = yaml::parse(FileId(0), text, Limits::FRONT_MATTER, offset).map_err(|d| {
        let at = if d.span.is_known() {
            format!(" (line {})", d.span.line)
        } else {
            String::new()
        };
        YamlProblem::Syntax(format!("not valid YAML{at}: {}", d.message))
    })?;
    let entries = match node.value {
        Value::Map(entries) => entries,
        Value::Null => Vec::new(),
        other => {
            return Err(YamlProblem::Shape(format!(
                "must be a mapping of fields, found {}",
                other.type_name()
            )));
        }
    };
    let mut fields = BTreeMap::new();
    for (k, v) in entries {
        // The first of two spellings of one field wins.
        let Some(name) = k.scalar_text().map(|k| key(&k)) else {
            continue;
        };
        if name.is_empty() || fields.contains_key(&name) {
            continue;
        }
        let mut field = Field {
            value: v.to_json(),
            line: k.span.line,
            placeholder: false,
            source: source.clone(),
        };
        field.placeholder = placeholder::is_placeholder_node(&v, text) || is_placeholder(&name, &field.text(), opts);
        fields.insert(name, field);
    }
    Ok(fields)
}

/// The fields that name the document itself: `kind` (one, or a list of
/// the kinds the file holds), `site` and `title`; then all are kept.
pub(super) fn take_named(doc: &mut Document, fields: BTreeMap<String, Field>) {
    let text_of = |name: &str| {
        fields
            .get(name)
            .map(Field::text)
            .filter(|s: &String| !s.trim().is_empty())
    };
    let mut kinds: Vec<String> = match fields.get("kind").map(|f| &f.value) {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(|s| s.trim().to_string()))
            .filter(|s| !s.is_empty())
            .collect(),
        _ => text_of("kind").into_iter().collect(),
    };
    kinds.dedup();
    if !kinds.is_empty() {
        doc.kind = Some(kinds.remove(0));
        doc.also = kinds;
    }
    doc.site = text_of("site").or(doc.site.take());
    doc.title = text_of("title").or(doc.title.take());
    doc.fields.extend(fields);
}

/// When front matter does not parse, the `kind:` and `site:` lines usually
/// still say what the document was meant to be, so its error reaches the
/// rules that needed it. Only top-level lines count (a nested `kind:` is
/// some other thing's), and lines that disagree leave the value unknown:
/// an unreadable document of unknown kind is an error for every rule.
fn recover_kind(doc: &mut Document, fm: &str) {
    let top = |key: &str| -> Option<String> {
        let mut found: Option<String> = None;
        for line in fm.lines().filter(|l| !l.starts_with([' ', '\t'])) {
            let Some((k, v)) = line.split_once(':') else { continue };
            let v = v.trim().trim_matches(['"', '\'']);
            if k.trim() != key || v.is_empty() {
                continue;
            }
            match &found {
                Some(f) if f != v => return None,
                _ => found = Some(v.to_string()),
            }
        }
        found
    };
    doc.kind = top("kind");
    doc.site = top("site");
}

/// Table cells kept per document: a register of a few thousand rows fits,
/// a text of nothing but `|` cannot make a copy many times its size.
pub(super) const MAX_CELLS: usize = 200_000;

fn outline(doc: &mut Document, body: &str, body_line: u32, opts: &IndexOptions) {
    // Headings and table rows arrive in order, so their lines are counted
    // incrementally.
    let (mut line, mut counted_to) = (body_line, 0usize);
    let mut line_at = |offset: usize| {
        line += memchr::memchr_iter(b'\n', &body.as_bytes()[counted_to..offset]).count() as u32;
        counted_to = offset;
        line
    };
    let mut in_heading: Option<(u8, u32, String)> = None;
    let mut headings: Vec<Heading> = Vec::new();
    // The table being read (only when a loaded check reads tables) and the
    // cell being filled.
    let mut table: Option<Table> = None;
    let mut cell: Option<String> = None;
    let mut kept = 0usize;
    for (event, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                in_heading = Some((level as u8, line_at(range.start), String::new()));
            }
            Event::Start(Tag::Table(_)) if opts.tables => {
                table = Some(Table {
                    line: line_at(range.start),
                    under: headings.last().map(|h| h.text.clone()),
                    ..Table::default()
                });
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                if let Some(t) = &mut table {
                    t.rows.push((line_at(range.start), Vec::new()));
                }
            }
            Event::Start(Tag::TableCell) if table.is_some() => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(t), Some(text)) = (&mut table, cell.take())
                    && let Some((_, cells)) = t.rows.last_mut()
                {
                    kept += 1;
                    if kept > MAX_CELLS {
                        doc.problem = Some(format!(
                            "its tables have more than {MAX_CELLS} cells; split the register into files of its own"
                        ));
                        doc.tables.clear();
                        return;
                    }
                    let text = text.trim();
                    cells.push(if unfilled(text, opts) {
                        String::new()
                    } else {
                        text.to_string()
                    });
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(mut t) = table.take()
                    && !t.rows.is_empty()
                {
                    t.header = t.rows.remove(0).1;
                    doc.tables.push(t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, line, text)) = in_heading.take() {
                    headings.push(Heading {
                        level,
                        text: text.trim().to_string(),
                        line,
                        words: 0,
                    });
                }
            }
            // Text written inside HTML blocks (`<details>`, `<summary>`) is
            // shown to readers: its words count, its tags do not.
            Event::Html(t) if in_heading.is_none() => {
                if let Some(h) = headings.last_mut() {
                    h.words += html_words(&t);
                }
            }
            Event::Text(t) | Event::Code(t) => match &mut in_heading {
                Some((_, _, text)) => text.push_str(&t),
                None => {
                    if let Some(c) = &mut cell {
                        c.push_str(&t);
                    }
                    if let Some(h) = headings.last_mut() {
                        h.words += count_words(&t);
                    }
                }
            },
            _ => {}
        }
    }
    doc.headings = headings;
}

/// Words of HTML as a reader sees it: the text between the tags
/// (`<summary>Who does what</summary>` is three words).
fn html_words(html: &str) -> u32 {
    let mut words = 0;
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        words += count_words(&rest[..open]);
        rest = rest[open..].find('>').map_or("", |close| &rest[open + close + 1..]);
    }
    words + count_words(rest)
}

/// Words are runs of non-space bytes; counting bytes avoids decoding every
/// character of every document.
///
/// Every text event of every document passes here, so eight bytes are
/// looked at at once: a word starts where a byte that is not ASCII
/// whitespace follows one that is (or starts the text).
fn count_words(text: &str) -> u32 {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `x` that equals `b`, exactly.
    let equal = |x: u64, b: u8| {
        let y = x ^ (u64::from(b) * 0x0101_0101_0101_0101);
        !(((y & LOW) + LOW) | y) & HIGH
    };
    let bytes = text.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    let mut words = 0u32;
    // Whether the byte before the next one is whitespace (the start is).
    let mut after_space = true;
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().expect("chunks of eight"));
        let space = equal(x, b' ') | equal(x, b'\t') | equal(x, b'\n') | equal(x, 0x0c) | equal(x, b'\r');
        let before = (space << 8) | (u64::from(after_space) << 7);
        words += (!space & HIGH & before).count_ones();
        after_space = space >> 63 == 1;
    }
    for &b in chunks.remainder() {
        let space = b.is_ascii_whitespace();
        words += u32::from(!space && after_space);
        after_space = space;
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> IndexOptions<'static> {
        IndexOptions::for_tests()
    }

    fn doc(text: &str) -> Document {
        read(
            "a.md".into(),
            text,
            &super::super::Patterns::new(&["(?i)retention"]).unwrap(),
            &opts(),
        )
    }

    #[test]
    fn mkdocs_tabs_and_admonitions_show_their_headings_and_text() {
        let d = doc(concat!(
            "# Plan\n\n",
            "=== \"Scope\"\n\n",
            "    ## Scope\n\n",
            "    Every site and channel.\n\n",
            "    !!! note \"Keep\"\n\n",
            "        ## Retention\n\n",
            "        A retention period of 6 years.\n\n",
            "## After\n\n",
            "```\n=== \"not a tab\"\n    ## not a heading\n```\n",
        ));
        let heads: Vec<(&str, u32, u32)> = d.headings.iter().map(|h| (h.text.as_str(), h.line, h.words)).collect();
        assert_eq!(
            heads,
            [("Plan", 1, 2), ("Scope", 5, 7), ("Retention", 11, 6), ("After", 15, 8)],
            "tab and admonition headings on their own lines; code stays code"
        );
        assert_eq!(d.hits, [(0, 11)], "the admonition's content is text");
    }

    #[test]
    fn text_inside_details_blocks_is_text() {
        let d = doc(concat!(
            "# Policy\n\n## Scope\n\n<details>\n<summary>Who is covered</summary>\n",
            "Every tenant and leaseholder.\n<!-- not shown to anyone -->\n</details>\n\n",
            "## Empty\n\n<details>\n<summary></summary>\n</details>\n",
        ));
        let heads: Vec<(&str, u32)> = d.headings.iter().map(|h| (h.text.as_str(), h.words)).collect();
        assert_eq!(
            heads,
            [("Policy", 0), ("Scope", 7), ("Empty", 0)],
            "tags and comments are not words"
        );
    }

    #[test]
    fn tables_are_kept_with_their_heading_lines_and_holes() {
        let d = doc(
            "# SoA\n\n## Excluded controls\n\nWhy.\n\n| Control | Why |\n| --- | --- |\n| 10.1.1 | No development |\n| 10.2.1 | TBD |\n| 10.3.1 |\n",
        );
        assert_eq!(d.tables.len(), 1);
        let t = &d.tables[0];
        assert_eq!((t.line, t.under.as_deref()), (7, Some("Excluded controls")));
        assert_eq!(t.header, ["Control", "Why"]);
        assert_eq!(t.rows[0], (9, vec!["10.1.1".to_string(), "No development".to_string()]));
        assert_eq!(t.rows[1].1, ["10.2.1", ""], "a placeholder cell is empty");
        assert_eq!(t.rows[2].1, ["10.3.1", ""], "a short row is padded, not dropped");
    }

    /// The eight-at-a-time count agrees with counting byte by byte, on
    /// every mix of whitespace, words and multibyte text.
    #[test]
    fn words_are_counted_as_byte_by_byte() {
        fn slow(text: &str) -> u32 {
            let mut words = 0;
            let mut in_word = false;
            for &b in text.as_bytes() {
                let space = b.is_ascii_whitespace();
                words += u32::from(!space && !in_word);
                in_word = !space;
            }
            words
        }
        let pieces = [
            "a", " ", "\t", "\n", "\r", "\x0c", "é", "word", "  ", "\u{a0}", "x\u{1}y",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(seed % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            assert_eq!(count_words(&text), slow(&text), "{text:?}");
        }
    }

    #[test]
    fn front_matter_without_its_opening_fence() {
        let d = doc(
            "kind: quality-policy\nowner: Head of Quality\napproved_on: 2026-03-02\n---\n# Policy\n\n## Purpose\n\nWhy.\n",
        );
        assert_eq!(d.kind.as_deref(), Some("quality-policy"));
        assert_eq!(d.fields["approved_on"].line, 3);
        assert_eq!(d.meta_line, 1);
        assert_eq!(d.headings[0].text, "Policy");
        assert_eq!(d.headings[0].line, 5);
        // Text that merely has a colon, then a rule, stays text.
        let d = doc("Note: read this first\n---\n# Policy\n");
        assert!(d.kind.is_none(), "without a `kind:` line it is not front matter");
    }

    #[test]
    fn metadata_without_front_matter() {
        let d = doc(
            "# Complaint handling\n\n**Owner:** Head of Quality\n**Approved by:** MD\nApproval date: 2026-03-02\n\n## Purpose\n\nWhy.\n",
        );
        assert_eq!(d.fields["approved_on"].text(), "2026-03-02");
        assert_eq!(d.fields["approved_on"].line, 5);
        assert_eq!(d.fields["owner"].text(), "Head of Quality");
        assert!(d.template.is_none());
    }

    #[test]
    fn a_short_form_with_every_field_a_hole_and_no_text_is_a_template() {
        let d = doc("---\nkind: checklist\nowner: TBD\n---\n# Checklist\n\n[Write the checklist here.]\n");
        assert!(d.template.is_some());
        let d = doc("---\nkind: checklist\nowner: TBD\n---\n# Checklist\n\nEvery starter shadows a buddy.\n");
        assert!(
            d.template.is_none(),
            "written text makes it a document with a gap, not a template"
        );
    }

    #[test]
    fn an_unfilled_template_is_flagged() {
        let d = doc(
            "# Policy\n\nOwner: [Name]\nApproved by: [Name, Role]\nApproval date: YYYY-MM-DD\n\n## Purpose\n\n[Insert text here]\n",
        );
        assert!(d.fields["approved_on"].placeholder);
        assert_eq!(d.template.as_deref(), Some("3 of 3 metadata fields are placeholders"));
        let body =
            doc("# Policy\n\n## Purpose\n\n[Insert purpose]\n\n## Scope\n\nTBD\n\n## Policy\n\nWe answer calls.\n");
        assert_eq!(body.template.as_deref(), Some("2 of 3 paragraphs are placeholders"));
    }

    #[test]
    fn front_matter_fields_with_lines() {
        let d = doc(
            "---\nkind: quality-policy\nsite: north\napproved_on: 2026-01-05\n---\n# Quality policy\n\n## Purpose\n\nWe keep a retention period.\n",
        );
        assert_eq!(d.kind.as_deref(), Some("quality-policy"));
        assert_eq!(d.site.as_deref(), Some("north"));
        assert_eq!(d.fields["approved_on"].line, 4);
        assert_eq!(d.fields["approved_on"].text(), "2026-01-05");
        assert_eq!(d.title.as_deref(), Some("Quality policy"));
        assert_eq!(d.headings[1].text, "Purpose");
        assert_eq!(d.headings[1].line, 8);
        assert_eq!(d.headings[1].words, 5);
        assert_eq!(d.hits, vec![(0, 10)]);
    }

    #[test]
    fn broken_front_matter_keeps_its_kind() {
        let d = doc("---\nkind: quality-policy\nowner: [unclosed\n---\nbody\n");
        assert!(
            d.problem.as_deref().unwrap().contains("not valid YAML"),
            "{:?}",
            d.problem
        );
        assert_eq!(d.kind.as_deref(), Some("quality-policy"));
    }

    #[test]
    fn unclosed_front_matter_is_a_problem() {
        let d = doc("---\nkind: x\n# no end\n");
        assert!(d.problem.is_some());
    }

    #[test]
    fn comments_are_not_text_and_lines_keep_their_numbers() {
        let md = "# A\n\nKeep <!-- hidden\nacross --> this, and `<!-- code -->`.\n\n<!--\n## Hidden\nretention\n-->\n\n## Shown\n\nretention <!-->\n\n<!-- open to the end\n\nstill hidden\n";
        let shown = without_comments(md);
        assert_eq!(shown.lines().count(), md.lines().count());
        assert!(!shown.contains("hidden") && !shown.contains("across") && !shown.contains("Hidden"));
        assert!(shown.contains("Keep") && shown.contains("this, and `<!-- code -->`."));
        assert!(shown.contains("retention ") && !shown.contains("<!-->"));
        let d = doc(md);
        let names: Vec<&str> = d.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(names, ["A", "Shown"]);
        assert_eq!(d.headings[1].line, 11);
        assert_eq!(d.hits, vec![(0, 13)]);
    }

    #[test]
    fn no_front_matter() {
        let d = doc("# Title\n\n## Scope\ntext here\n");
        assert!(d.problem.is_none());
        assert!(d.kind.is_none());
        assert_eq!(d.headings.len(), 2);
    }
}
