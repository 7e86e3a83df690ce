//! What Word and Excel files share: parts of their zip archive read with a
//! cap, and the core properties (`docProps/core.xml`) both keep — title,
//! author, last modified by, created, modified — which stand for a
//! document's metadata where its text does not say it.

use std::io::{Read, Seek};

use quick_xml::Reader;
use quick_xml::events::Event;

/// The parts read are small in any real document; the archive's declared
/// sizes are checked first, and this caps what is actually decompressed.
pub const MAX_PART: u64 = 32 << 20;

/// One core property as a field: (field, property as the file names it, value).
pub type Property = (&'static str, &'static str, String);

/// A part of the archive as text, `None` when the archive has no such part.
pub fn part<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Result<Option<String>, String> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("cannot read `{name}` in the file: {e}")),
    };
    let mut text = String::new();
    file.take(MAX_PART + 1)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read `{name}` in the file: {e}"))?;
    if text.len() as u64 > MAX_PART {
        return Err(format!("`{name}` in the file is larger than {} MiB", MAX_PART >> 20));
    }
    Ok(Some(text))
}

/// The core properties of an Office archive (none when it has no
/// `docProps/core.xml`).
pub fn core_properties<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Result<Vec<Property>, String> {
    Ok(part(zip, "docProps/core.xml")?
        .map(|xml| properties_of(&xml))
        .unwrap_or_default())
}

/// `docProps/core.xml`: title, author, last modified by, created and
/// modified (as dates).
fn properties_of(xml: &str) -> Vec<Property> {
    let mut reader = Reader::from_str(xml);
    let mut current: Option<(&'static str, &'static str)> = None;
    let mut out: Vec<Property> = Vec::new();
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) => {
                current = match e.local_name().as_ref() {
                    "title" => Some(("title", "dc:title")),
                    "creator" => Some(("author", "dc:creator")),
                    "lastModifiedBy" => Some(("last_modified_by", "cp:lastModifiedBy")),
                    "created" => Some(("created", "dcterms:created")),
                    "modified" => Some(("modified", "dcterms:modified")),
                    _ => None,
                };
            }
            Event::Text(t) => {
                if let Some((field, name)) = current {
                    let text = t.xml10_content().trim().to_string();
                    // Timestamps are ISO 8601; the date is what reviews compare.
                    let value = if matches!(field, "created" | "modified") {
                        text.get(..10).unwrap_or(&text).to_string()
                    } else {
                        text
                    };
                    if !value.is_empty() {
                        out.push((field, name, value));
                    }
                }
            }
            Event::End(_) => current = None,
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_properties_as_fields() {
        let xml = r#"<cp:coreProperties xmlns:cp="a" xmlns:dc="b" xmlns:dcterms="c"><dc:title>Quality policy</dc:title><dc:creator>L. Farrow</dc:creator><cp:lastModifiedBy>J. Okafor</cp:lastModifiedBy><dcterms:created>2026-02-01T09:00:00Z</dcterms:created><dcterms:modified>2026-02-10T16:30:00Z</dcterms:modified></cp:coreProperties>"#;
        let props = properties_of(xml);
        let fields: Vec<(&str, &str)> = props.iter().map(|(f, _, v)| (*f, v.as_str())).collect();
        assert_eq!(
            fields,
            [
                ("title", "Quality policy"),
                ("author", "L. Farrow"),
                ("last_modified_by", "J. Okafor"),
                ("created", "2026-02-01"),
                ("modified", "2026-02-10"),
            ]
        );
        assert_eq!(props[1].1, "dc:creator");
    }
}
