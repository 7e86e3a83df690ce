//! Word documents (.docx): the text, the heading outline from the Title and
//! Heading styles (or a paragraph's outline level), tables as text, and the
//! core properties (title, author, created, modified, last modified by).
//!
//! The document is turned into the Markdown it would have been — `#` for the
//! title, `##` for Heading 1 and so on, tables as pipe tables — and read like
//! any Markdown document, so every check works on it unchanged and the
//! metadata conventions (a "Document control" table, `Approved by:` lines)
//! apply. A finding's line is then the paragraph's position in that text.
//! Only the XML parts are read; nothing embedded is ever run.
//!
//! Only what a reader of the document sees is text: hidden runs (`w:vanish`,
//! set on the run or through its paragraph or character style) and tracked
//! deletions and moves away (`w:del`, `w:moveFrom`) are left out.

use std::io::Cursor;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use rustc_hash::FxHashMap;

use super::archive;
use super::office::{self, part};

/// The Markdown a document becomes: tables are padded to their widest row,
/// so a few bytes of XML per cell must not become a square of padding.
const MAX_MARKDOWN: usize = 2 * office::MAX_PART as usize;

/// What a .docx holds: its text as Markdown and its core properties as
/// (field, value) pairs.
pub struct Docx {
    pub markdown: String,
    pub properties: Vec<office::Property>,
}

/// Reads a .docx; a file malformed enough to make a reader panic is a
/// problem with the file, never a crash.
pub fn read(bytes: &[u8]) -> Result<Docx, String> {
    std::panic::catch_unwind(|| parse(bytes)).unwrap_or_else(|_| Err("the Word document is malformed".into()))
}

fn parse(bytes: &[u8]) -> Result<Docx, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("not a Word document (.docx): {e}"))?;
    archive::check(&zip, |_| false)?;
    let document = part(&mut zip, "word/document.xml")?.ok_or("not a Word document: it has no word/document.xml")?;
    let styles = match part(&mut zip, "word/styles.xml")? {
        Some(xml) => Styles::read(&xml)?,
        None => Styles::default(),
    };
    let markdown = to_markdown(&document, &styles)?;
    let properties = office::core_properties(&mut zip)?;
    Ok(Docx { markdown, properties })
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.to_string())
}

/// The heading level a paragraph style means: 1 for the title, 2 for
/// Heading 1, ...; `None` for body text.
fn heading_level(style: Option<&str>, outline: Option<u8>) -> Option<u8> {
    if let Some(s) = style {
        let lower = s.to_ascii_lowercase().replace(' ', "");
        if lower == "title" {
            return Some(1);
        }
        if let Some(n) = lower.strip_prefix("heading").and_then(|n| n.parse::<u8>().ok()) {
            return Some(n.saturating_add(1).min(6));
        }
    }
    outline.filter(|o| *o < 9).map(|o| (o + 2).min(6))
}

#[derive(Default)]
struct Para {
    style: Option<String>,
    outline: Option<u8>,
    text: String,
}

/// An on/off property such as `w:vanish`: on unless `w:val` switches it
/// off ("0", "false", "off").
fn on(e: &BytesStart) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

/// Which styles hide their text (`w:vanish` in a style's run properties),
/// from `word/styles.xml`.
#[derive(Default)]
struct Styles {
    /// By style id: whether it hides text, as set in the style or the
    /// nearest style of its `w:basedOn` chain that sets it.
    hides: FxHashMap<String, bool>,
    /// Whether the default paragraph and character styles, which a
    /// paragraph or run without a defined style of its own takes, hide text.
    paragraph_default: bool,
    character_default: bool,
    /// `w:vanish` in the document defaults' run properties.
    by_default: bool,
}

impl Styles {
    fn read(xml: &str) -> Result<Styles, String> {
        // By style id: the style it is based on and its own `w:vanish`.
        let mut own: FxHashMap<String, (Option<String>, Option<bool>)> = FxHashMap::default();
        let mut styles = Styles::default();
        let (mut default_paragraph, mut default_character) = (None, None);
        let mut reader = Reader::from_str(xml);
        let mut style: Option<(String, Option<String>, Option<bool>)> = None;
        let mut in_defaults = false;
        // Inside properties that are not the style's run properties: a
        // paragraph mark's, a table's conditional ones, tracked changes.
        let mut aside = 0usize;
        loop {
            let event = reader
                .read_event()
                .map_err(|e| format!("word/styles.xml is not valid XML: {e}"))?;
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(event, Event::Empty(_));
                    match e.local_name().as_ref() {
                        "style" => {
                            let id = attr(e, "styleId").unwrap_or_default();
                            let default = attr(e, "default").is_some_and(|d| matches!(d.as_str(), "1" | "true" | "on"));
                            let slot = match attr(e, "type").as_deref() {
                                Some("paragraph") if default => Some(&mut default_paragraph),
                                Some("character") if default => Some(&mut default_character),
                                _ => None,
                            };
                            if let Some(slot) = slot {
                                slot.get_or_insert(id.clone());
                            }
                            style = (!empty).then_some((id, None, None));
                        }
                        "rPrDefault" if !empty => in_defaults = true,
                        "pPr" | "tblStylePr" | "rPrChange" | "pPrChange" if !empty => aside += 1,
                        "basedOn" if aside == 0 => {
                            if let Some(s) = style.as_mut() {
                                s.1 = attr(e, "val");
                            }
                        }
                        "vanish" if aside == 0 => match style.as_mut() {
                            Some(s) => s.2 = Some(on(e)),
                            None if in_defaults => styles.by_default = on(e),
                            None => {}
                        },
                        _ => {}
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    "style" => {
                        if let Some((id, based_on, vanish)) = style.take() {
                            own.entry(id).or_insert((based_on, vanish));
                        }
                    }
                    "rPrDefault" => in_defaults = false,
                    "pPr" | "tblStylePr" | "rPrChange" | "pPrChange" => aside = aside.saturating_sub(1),
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        // Each chain is walked once, whatever its length; one that loops
        // back on itself hides nothing.
        let mut hides: FxHashMap<&str, Option<bool>> = FxHashMap::default();
        for start in own.keys() {
            let mut path = Vec::new();
            let mut id = start.as_str();
            let value = loop {
                match hides.get(id) {
                    Some(Some(v)) => break *v,
                    Some(None) => break false,
                    None => {}
                }
                hides.insert(id, None);
                path.push(id);
                let (based_on, vanish) = &own[id];
                if let Some(v) = vanish {
                    break *v;
                }
                match based_on.as_deref().filter(|b| own.contains_key(*b)) {
                    Some(b) => id = b,
                    None => break false,
                }
            };
            for id in path {
                hides.insert(id, Some(value));
            }
        }
        styles.hides = hides
            .into_iter()
            .map(|(id, v)| (id.to_string(), v.unwrap_or(false)))
            .collect();
        styles.paragraph_default = styles.hides(default_paragraph.as_deref(), false);
        styles.character_default = styles.hides(default_character.as_deref(), false);
        Ok(styles)
    }

    /// Whether the style `id` hides text; `default` for no style, or one
    /// the document does not define.
    fn hides(&self, id: Option<&str>, default: bool) -> bool {
        id.and_then(|i| self.hides.get(i)).copied().unwrap_or(default)
    }
}

/// What a reader of the document sees at a point: text in a hidden run or
/// inside a tracked deletion or move away is not shown, so it is not text.
/// A run is hidden by `<w:vanish/>` in its own properties, which decides;
/// else by the document defaults, its paragraph's style or its own
/// character style. The format makes a style's `w:vanish` a toggle, so
/// that two styles hiding a run cancel out, but not every reader honours
/// that, and text some reader may not see is not counted.
struct Visibility<'s> {
    styles: &'s Styles,
    /// Open `w:del` / `w:moveFrom` elements.
    removed: usize,
    /// Inside a paragraph's properties, whose `w:vanish` hides only the
    /// paragraph mark, not the paragraph's runs.
    in_para_props: bool,
    /// Inside a tracked formatting change, which holds the properties as
    /// they were, not as they are.
    in_history: usize,
    /// Whether the paragraph's and the run's styles hide text.
    para_style: bool,
    run_style: bool,
    /// The run's own `w:vanish`.
    direct: Option<bool>,
}

impl<'s> Visibility<'s> {
    fn new(styles: &'s Styles) -> Self {
        Visibility {
            styles,
            removed: 0,
            in_para_props: false,
            in_history: 0,
            para_style: styles.paragraph_default,
            run_style: styles.character_default,
            direct: None,
        }
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        let current = self.in_history == 0;
        let styles = self.styles;
        match e.local_name().as_ref() {
            "del" | "moveFrom" if !empty => self.removed += 1,
            "pPr" if !empty => self.in_para_props = true,
            "rPrChange" | "pPrChange" if !empty => self.in_history += 1,
            "p" => self.para_style = styles.paragraph_default,
            "pStyle" if current => self.para_style = styles.hides(attr(e, "val").as_deref(), styles.paragraph_default),
            "r" => self.run_reset(),
            "rStyle" if current && !self.in_para_props => {
                self.run_style = styles.hides(attr(e, "val").as_deref(), styles.character_default);
            }
            "vanish" if current && !self.in_para_props => self.direct = Some(on(e)),
            _ => {}
        }
    }
    fn end(&mut self, local: &str) {
        match local {
            "del" | "moveFrom" => self.removed = self.removed.saturating_sub(1),
            "pPr" => self.in_para_props = false,
            "rPrChange" | "pPrChange" => self.in_history = self.in_history.saturating_sub(1),
            "r" => self.run_reset(),
            _ => {}
        }
    }
    fn run_reset(&mut self) {
        self.run_style = self.styles.character_default;
        self.direct = None;
    }
    fn shown(&self) -> bool {
        let hidden = self
            .direct
            .unwrap_or(self.styles.by_default || self.para_style || self.run_style);
        self.removed == 0 && !hidden
    }
}

/// Renders `word/document.xml` as Markdown.
fn to_markdown(xml: &str, styles: &Styles) -> Result<String, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    let mut para: Option<Para> = None;
    let mut in_text = false;
    let mut seen = Visibility::new(styles);
    // Tables: rows of cells, with nesting depth (nested tables flatten).
    let mut depth = 0usize;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cell: Option<String> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("word/document.xml is not valid XML: {e}"))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                seen.start(e, empty);
                match e.local_name().as_ref() {
                    "p" => para = Some(Para::default()),
                    "pStyle" => {
                        if let Some(p) = para.as_mut() {
                            p.style = attr(e, "val");
                        }
                    }
                    "outlineLvl" => {
                        if let Some(p) = para.as_mut() {
                            p.outline = attr(e, "val").and_then(|v| v.parse().ok());
                        }
                    }
                    "t" => in_text = !empty,
                    "tab" | "br" | "cr" if seen.shown() => {
                        if let Some(p) = para.as_mut() {
                            p.text.push(' ');
                        }
                    }
                    "tbl" => depth += 1,
                    "tr" if depth == 1 => rows.push(Vec::new()),
                    "tc" if depth == 1 => cell = Some(String::new()),
                    _ => {}
                }
            }
            Event::Text(t) if in_text && seen.shown() => {
                if let Some(p) = para.as_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text && seen.shown() => {
                if let Some(p) = para.as_mut() {
                    let name = r.xml10_content();
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        p.text.push(c);
                    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                        p.text.push_str(s);
                    }
                }
            }
            Event::End(e) => {
                seen.end(e.local_name().as_ref());
                match e.local_name().as_ref() {
                    "t" => in_text = false,
                    "p" => {
                        let Some(p) = para.take() else { continue };
                        let text = p.text.split_whitespace().collect::<Vec<_>>().join(" ");
                        if let Some(c) = cell.as_mut() {
                            if !text.is_empty() {
                                if !c.is_empty() {
                                    c.push(' ');
                                }
                                c.push_str(&text);
                            }
                        } else if !text.is_empty() {
                            match heading_level(p.style.as_deref(), p.outline) {
                                Some(level) => out.push_str(&format!("{} {text}\n\n", "#".repeat(level as usize))),
                                None => out.push_str(&format!("{text}\n\n")),
                            }
                        }
                    }
                    "tc" if depth == 1 => {
                        if let (Some(c), Some(row)) = (cell.take(), rows.last_mut()) {
                            row.push(c.replace('|', "\\|"));
                        }
                    }
                    "tbl" => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            table(&mut out, &std::mem::take(&mut rows))?;
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// A table as a Markdown pipe table (its first row as the header), every
/// row padded to the widest.
fn table(out: &mut String, rows: &[Vec<String>]) -> Result<(), String> {
    let Some(first) = rows.first() else { return Ok(()) };
    let width = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let text: usize = rows.iter().flatten().map(String::len).sum();
    let size = (rows.len() + 1)
        .saturating_mul(width.saturating_mul(6) + 2)
        .saturating_add(text);
    if out.len().saturating_add(size) > MAX_MARKDOWN {
        return Err(format!(
            "a table of {} rows and {width} columns makes the document's text larger than {} MiB",
            rows.len(),
            MAX_MARKDOWN >> 20
        ));
    }
    let line = |cells: &[String]| {
        let mut s = String::from("|");
        for i in 0..width {
            s.push_str(&format!(" {} |", cells.get(i).map_or("", String::as_str)));
        }
        s.push('\n');
        s
    };
    out.push_str(&line(first));
    out.push_str(&format!("|{}\n", " --- |".repeat(width)));
    for r in &rows[1..] {
        out.push_str(&line(r));
    }
    out.push('\n');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_become_headings_and_tables_pipe_tables() {
        let xml = r#"<w:document xmlns:w="x"><w:body>
            <w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Quality policy</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Owner</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Head of Quality</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:p><w:r><w:t>Approved by</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>MD &amp; board</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Purpose</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">Why we </w:t></w:r><w:r><w:t>exist.</w:t></w:r></w:p>
            <w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>Detail</w:t></w:r></w:p>
        </w:body></w:document>"#;
        let md = to_markdown(xml, &Styles::default()).unwrap();
        assert_eq!(
            md,
            "# Quality policy\n\n| Owner | Head of Quality |\n| --- | --- |\n| Approved by | MD & board |\n\n## Purpose\n\nWhy we exist.\n\n### Detail\n\n"
        );
    }

    #[test]
    fn hidden_deleted_and_moved_away_text_is_not_text() {
        let xml = r#"<w:document xmlns:w="x"><w:body>
            <w:p><w:pPr><w:pStyle w:val="Heading1"/><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>Scope</w:t></w:r></w:p>
            <w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t><w:tab/></w:r><w:r><w:t>shown</w:t></w:r></w:p>
            <w:p><w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t>unhidden</w:t></w:r></w:p>
            <w:p><w:r><w:rPr><w:rPrChange><w:rPr><w:vanish/></w:rPr></w:rPrChange></w:rPr><w:t>was hidden</w:t></w:r></w:p>
            <w:p><w:del><w:r><w:delText>deleted</w:delText></w:r><w:r><w:t>also deleted</w:t></w:r></w:del><w:ins><w:r><w:t>inserted</w:t></w:r></w:ins></w:p>
            <w:p><w:moveFrom><w:r><w:t>moved away</w:t></w:r></w:moveFrom><w:moveTo><w:r><w:t>moved here</w:t></w:r></w:moveTo></w:p>
            <w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:rPr><w:vanish/></w:rPr><w:t>Hidden heading</w:t></w:r></w:p>
        </w:body></w:document>"#;
        assert_eq!(
            to_markdown(xml, &Styles::default()).unwrap(),
            "## Scope\n\nshown\n\nunhidden\n\nwas hidden\n\ninserted\n\nmoved here\n\n"
        );
    }

    #[test]
    fn text_hidden_through_a_style_is_not_text() {
        let styles = Styles::read(
            r#"<w:styles xmlns:w="x">
            <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Aside"><w:rPr><w:vanish/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="Note"><w:basedOn w:val="Aside"/></w:style>
            <w:style w:type="paragraph" w:styleId="Shown"><w:basedOn w:val="Aside"/><w:rPr><w:vanish w:val="false"/></w:rPr></w:style>
            <w:style w:type="character" w:styleId="Quiet"><w:basedOn w:val="Loop"/><w:rPr><w:rPrChange><w:rPr/></w:rPrChange><w:vanish/></w:rPr></w:style>
            <w:style w:type="character" w:styleId="Loop"><w:basedOn w:val="Loop2"/></w:style>
            <w:style w:type="character" w:styleId="Loop2"><w:basedOn w:val="Loop"/></w:style>
            </w:styles>"#,
        )
        .unwrap();
        let p = |style: &str, runs: &str| format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}</w:p>"#);
        let r = |style: &str, text: &str| {
            format!(r#"<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr><w:t>{text}</w:t></w:r>"#)
        };
        let body = [
            p("Note", &r("None", "based on a hidden style")),
            p("Note", r#"<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>unhidden on the run</w:t></w:r>"#),
            p("Shown", &r("Loop", "shown")),
            p("Normal", &r("Quiet", "a hidden character style")),
            p("Missing", &r("Quiet2", "undefined styles")),
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="Normal"/><w:pPrChange><w:pPr><w:pStyle w:val="Aside"/></w:pPr></w:pPrChange></w:pPr>{}</w:p>"#,
                r("Loop2", "was hidden")
            ),
        ]
        .concat();
        let xml = format!(r#"<w:document xmlns:w="x"><w:body>{body}</w:body></w:document>"#);
        assert_eq!(
            to_markdown(&xml, &styles).unwrap(),
            "unhidden on the run\n\nshown\n\nundefined styles\n\nwas hidden\n\n"
        );
        let defaults = Styles::read(r#"<w:styles xmlns:w="x"><w:docDefaults><w:rPrDefault><w:rPr><w:vanish/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>"#).unwrap();
        assert_eq!(to_markdown(&xml, &defaults).unwrap(), "unhidden on the run\n\n");
    }

    #[test]
    fn any_heading_number_is_a_heading() {
        assert_eq!(heading_level(Some("Heading255"), None), Some(6));
        assert_eq!(heading_level(None, Some(255)), None);
    }

    #[test]
    fn not_a_zip_is_a_problem_not_a_panic() {
        assert!(read(b"PK\x03\x04 garbage").is_err());
        assert!(read(b"").is_err());
    }
}
