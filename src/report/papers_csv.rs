//! The working papers as CSV (RFC 4180, UTF-8, CRLF): the Findings table of
//! [`papers`](super::papers), one row per rule x site x finding. Evidence
//! text is untrusted and a spreadsheet opening the file evaluates a cell
//! that starts like a formula, so such a cell is written with a leading `'`
//! (OWASP's advice against CSV injection).

use std::borrow::Cow;

use super::papers::{self, Cell};
use crate::results::Results;
use crate::text::sanitize;

pub fn render(r: &Results) -> anyhow::Result<Vec<u8>> {
    let table = papers::findings(r);
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    out.write_record(&table.columns)?;
    for row in &table.rows {
        out.write_record(row.iter().map(field))?;
    }
    out.into_inner()
        .map_err(|e| anyhow::anyhow!("cannot write the CSV report: {}", e.error()))
}

fn field(cell: &Cell<'_>) -> String {
    match cell {
        Cell::Text(s) => inert(&sanitize(s)).into_owned(),
        Cell::Number(n) | Cell::Percent(n) => n.to_string(),
        Cell::Status(s) => s.name().to_string(),
        Cell::Empty => String::new(),
    }
}

/// Text a spreadsheet will not take for a formula: every CSV evident writes
/// from untrusted text should pass its cells through this.
pub fn inert(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn cells_that_start_like_a_formula_are_quoted() {
        for s in ["=HYPERLINK(\"http://x\")", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(inert(s), format!("'{s}"));
        }
        for s in ["plain", "a=b", "x-1", ""] {
            assert_eq!(inert(s), s);
        }
    }
}
