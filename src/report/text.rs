//! Evidence text made harmless for whatever reads a report.
//!
//! [`sanitize`] runs in each renderer's one string path — the template
//! formatter, the JSON writer ([`to_json`]), the XML escape and the terminal
//! summary's text — rather than on the results model: those paths see every
//! string a report writes, whichever field it came from (a field added
//! later included), while evaluation keeps seeing the evidence as it is.

use std::io;

use serde::Serialize;
use serde_json::ser::{CharEscape, Formatter, PrettyFormatter};

use crate::text::sanitize;

/// `value` as pretty-printed JSON with a final newline, every string
/// (object keys included) sanitized.
pub fn to_json<T: Serialize>(value: &T) -> anyhow::Result<String> {
    let mut out = Vec::new();
    let formatter = Sanitizing {
        pretty: PrettyFormatter::new(),
        string: String::new(),
    };
    value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, formatter))?;
    out.push(b'\n');
    Ok(String::from_utf8(out)?)
}

/// Pretty JSON whose strings are gathered whole (a sequence can span
/// escaped and plain parts) and written sanitized.
struct Sanitizing {
    pretty: PrettyFormatter<'static>,
    string: String,
}

impl Formatter for Sanitizing {
    fn begin_string<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.string.clear();
        Ok(())
    }

    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, _: &mut W, fragment: &str) -> io::Result<()> {
        self.string.push_str(fragment);
        Ok(())
    }

    fn write_char_escape<W: ?Sized + io::Write>(&mut self, _: &mut W, escape: CharEscape) -> io::Result<()> {
        self.string.push(match escape {
            CharEscape::Quote => '"',
            CharEscape::ReverseSolidus => '\\',
            CharEscape::Solidus => '/',
            CharEscape::Backspace => '\x08',
            CharEscape::FormFeed => '\x0c',
            CharEscape::LineFeed => '\n',
            CharEscape::CarriageReturn => '\r',
            CharEscape::Tab => '\t',
            CharEscape::AsciiControl(b) => char::from(b),
        });
        Ok(())
    }

    fn end_string<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        serde_json::to_writer(w, &*sanitize(&self.string)).map_err(io::Error::other)
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_array(w)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_array(w)
    }

    fn begin_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.pretty.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_array_value(w)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_object(w)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_object(w)
    }

    fn begin_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.pretty.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_object_value(w)
    }
}
