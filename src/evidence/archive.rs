//! Office files (Word, Excel, OpenDocument) are zip archives, and a zip
//! archive can make its reader decompress far more than the file weighs: a
//! few kilobytes of deflated zeros can stand for gigabytes. Before anything
//! is decompressed, the central directory is checked: how many parts, each
//! part's declared size, their total, and how far a big part claims to
//! expand. A file that fails is the file's problem, never a crash.
//!
//! Declared sizes can lie, and this relies on the `zip` crate (9.x) to hold
//! them: a part opened from a `ZipArchive` is read through a reader that
//! fails once it has produced more than the part's declared uncompressed
//! size (`Crc32Reader::with_size_limit`, set from the central directory's
//! size for every non-streamed read). calamine reads spreadsheets through
//! the same crate, so the sizes checked here bound what it can decompress,
//! though we do not control its reading; where we read a part ourselves
//! (Word), `Read::take` caps it again.

use std::io::{Read, Seek};

/// Parts in any real Office file: a few dozen, a few thousand with images.
pub const MAX_PARTS: usize = 10_000;
/// A part read whole into memory (shared strings, a Word body, an
/// OpenDocument's content).
pub const MAX_WHOLE: u64 = 256 << 20;
/// A part read as a stream (an .xlsx or .xlsb worksheet): memory stays
/// flat, so only time is at stake; a full 1,048,576-row export fits.
pub const MAX_STREAMED: u64 = 1 << 30;
/// Every part together.
pub const MAX_TOTAL: u64 = 2 << 30;
/// Compressed XML shrinks ten or twenty times; a part that claims to grow
/// more than this (once it is big enough to matter) is a bomb.
pub const MAX_RATIO: u64 = 200;
const RATIO_FROM: u64 = 4 << 20;

/// Checks an archive's central directory against the limits; `streamed`
/// says which parts the reader streams rather than reads whole.
pub fn check<R: Read + Seek>(zip: &zip::ZipArchive<R>, streamed: impl Fn(&str) -> bool) -> Result<(), String> {
    if zip.len() > MAX_PARTS {
        return Err(format!(
            "the archive has {} parts, more than the {MAX_PARTS} an Office file has; re-save it from its application",
            zip.len()
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_data(i)
            .map_err(|e| format!("the archive's directory cannot be read: {e}"))?;
        let name = entry.name().map_or_else(|_| "?".into(), |n| n.into_owned());
        let size = entry.size();
        let limit = if streamed(&name) { MAX_STREAMED } else { MAX_WHOLE };
        if size > limit {
            return Err(format!(
                "part `{name}` declares {} MiB uncompressed, over the {} MiB limit: \
                 a decompression bomb or a damaged file; re-save it from its application",
                size >> 20,
                limit >> 20
            ));
        }
        if size > RATIO_FROM && size / entry.compressed_size().max(1) > MAX_RATIO {
            return Err(format!(
                "part `{name}` expands {}:1 ({} KiB to {} MiB), as only a decompression bomb does; \
                 re-save it from its application",
                size / entry.compressed_size().max(1),
                entry.compressed_size() >> 10,
                size >> 20
            ));
        }
        total = total.saturating_add(size);
    }
    if total > MAX_TOTAL {
        return Err(format!(
            "the archive's parts declare {} MiB uncompressed together, over the {} MiB limit",
            total >> 20,
            MAX_TOTAL >> 20
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write as _};

    use super::*;

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in parts {
            w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn a_part_that_expands_like_a_bomb_is_refused() {
        let zeros = vec![b' '; 16 << 20];
        let bytes = zip_of(&[("xl/sharedStrings.xml", &zeros)]);
        let zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
        let err = check(&zip, |_| false).unwrap_err();
        assert!(err.contains("`xl/sharedStrings.xml` expands"), "{err}");
        let fine = zip_of(&[("word/document.xml", b"<w:document/>")]);
        assert!(check(&zip::ZipArchive::new(Cursor::new(&fine)).unwrap(), |_| false).is_ok());
    }
}
