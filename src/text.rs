//! Text from evidence and configuration made harmless for a terminal. Both
//! can hold control characters that would drive a terminal or a CI log
//! viewer (colours, hyperlinks, window titles, cursor moves, a reset);
//! nothing evident prints needs them, so reports, the terminal summary and
//! diagnostics all print through [`sanitize`].

use std::borrow::Cow;
use std::ops::Range;

/// `s` without terminal control: whole escape sequences (CSI such as
/// colours, OSC such as hyperlinks and window titles, the other string
/// controls, two-character escapes such as a reset) and every other control
/// character (C0 but newline and tab, DEL, C1).
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_stripped) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(kept(s).map(|r| &s[r]).collect())
}

/// The byte ranges of `s` that [`sanitize`] keeps, in order: what maps a
/// place in `s` to its place in the sanitized text.
pub fn kept(s: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let first = |at: usize| s[at..].chars().next();
        while let Some(c) = first(at).filter(|&c| is_stripped(c)) {
            at += if matches!(c, '\x1b' | '\u{80}'..='\u{9f}') {
                sequence_len(&s[at..])
            } else {
                c.len_utf8()
            };
        }
        let start = at;
        while let Some(c) = first(at).filter(|&c| !is_stripped(c)) {
            at += c.len_utf8();
        }
        (at > start).then_some(start..at)
    })
}

fn is_stripped(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// The length of the escape sequence at the start of `s` (which starts
/// with ESC or a C1 control); of the control alone when no well-formed
/// sequence follows, so that text after a stray introducer stays.
fn sequence_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    // ESC + a byte in 0x40..=0x5f is the 7-bit form of a C1 control.
    let (c1, intro) = match bytes {
        [0x1b, b @ 0x40..=0x5f, ..] => (*b + 0x40, 2),
        [0x1b, ..] => return 1 + escape_len(&bytes[1..]),
        [0xc2, b, ..] => (*b, 2),
        _ => return s.chars().next().map_or(0, char::len_utf8),
    };
    let body = &bytes[intro..];
    let len = match c1 {
        // CSI: parameter and intermediate bytes, then a final byte.
        0x9b => {
            let params = body.iter().take_while(|b| (0x20..=0x3f).contains(*b)).count();
            params + usize::from(body.get(params).is_some_and(|b| (0x40..=0x7e).contains(b)))
        }
        // OSC, DCS, SOS, PM, APC: a string up to BEL or ST (ESC \ or C1 ST).
        0x9d | 0x90 | 0x98 | 0x9e | 0x9f => (0..body.len())
            .find_map(|i| match &body[i..] {
                [0x07, ..] => Some(i + 1),
                [0x1b, b'\\', ..] | [0xc2, 0x9c, ..] => Some(i + 2),
                _ => None,
            })
            .unwrap_or(0),
        _ => 0,
    };
    intro + len
}

/// An escape sequence's bytes after ESC that is no C1 control: intermediate
/// bytes, then a final byte (`ESC c`, `ESC 7`, `ESC ( B`).
fn escape_len(body: &[u8]) -> usize {
    let inter = body.iter().take_while(|b| (0x20..=0x2f).contains(*b)).count();
    match body.get(inter) {
        Some(0x30..=0x7e) => inter + 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn sequences_go_whole_and_text_stays() {
        for (input, want) in [
            ("plain", "plain"),
            ("\x1b[1;31mred\x1b[0m", "red"),
            ("\u{9b}31mred", "red"),
            ("\x1b]8;;http://x/\x07link\x1b]8;;\x1b\\ after", "link after"),
            ("\x1b]0;title\u{9c}t", "t"),
            ("\x1bcreset \x1b(Bset", "reset set"),
            ("stray \x1b] open", "stray  open"),
            ("a\r\nb\tc\x00d\x7fe\u{85}f", "a\nb\tcdef"),
            ("ü\x1b", "ü"),
        ] {
            assert_eq!(sanitize(input), want, "{input:?}");
        }
    }
}

/// Orders text as people number things: runs of digits by their value, so
/// clause 4.1 comes before 10.2 and `rules/4-context.yaml` before
/// `rules/10-improvement.yaml`. Ties (`04` and `4`) fall back to the text.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn runs(s: &str) -> impl Iterator<Item = (bool, &str)> {
        let mut rest = s;
        std::iter::from_fn(move || {
            let first = rest.chars().next()?;
            let digit = first.is_ascii_digit();
            let end = rest.find(|c: char| c.is_ascii_digit() != digit).unwrap_or(rest.len());
            let (run, tail) = rest.split_at(end);
            rest = tail;
            Some((digit, run))
        })
    }
    let mut x = runs(a);
    let mut y = runs(b);
    loop {
        match (x.next(), y.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some((true, p)), Some((true, q))) => {
                let (p, q) = (p.trim_start_matches('0'), q.trim_start_matches('0'));
                let o = p.len().cmp(&q.len()).then_with(|| p.cmp(q));
                if o.is_ne() {
                    return o;
                }
            }
            (Some((_, p)), Some((_, q))) => {
                let o = p.cmp(q);
                if o.is_ne() {
                    return o;
                }
            }
        }
    }
}

#[cfg(test)]
mod natural {
    use super::natural_cmp;

    #[test]
    fn numbers_sort_by_value() {
        let mut ids = vec![
            "iso9001.10.2",
            "iso9001.4.1",
            "iso9001.9.3",
            "iso9001.4.10",
            "iso9001.4.2",
            "a",
        ];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            ids,
            [
                "a",
                "iso9001.4.1",
                "iso9001.4.2",
                "iso9001.4.10",
                "iso9001.9.3",
                "iso9001.10.2"
            ]
        );
        let mut files = vec!["rules/10-improvement.yaml", "rules/4-context.yaml", "rules/04-a.yaml"];
        files.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            files,
            ["rules/04-a.yaml", "rules/4-context.yaml", "rules/10-improvement.yaml"]
        );
    }
}
