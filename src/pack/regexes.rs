//! Regular expressions from packs and profiles (`text` and `fields`
//! patterns, `placeholders:`): linear-time, each capped in compiled size
//! and in the lazy DFA it may grow while matching, and all those of one
//! load together within a budget. A few kilobytes of profile holding
//! hundreds of patterns, each just under the regex crate's default 10 MiB,
//! cost 19 s and 2.3 GB to compile; now the pattern past the budget is an
//! `invalid-regex` diagnostic where it stands.
//!
//! The budget is per thread and starts afresh when packs load: every run
//! loads its packs, then its profile, on one thread. A pattern asked for
//! again in the same load (written twice, recompiled by the index or by a
//! `fields` check) is the same compiled regex, charged once. Each pattern
//! is charged the smallest of a few growing size limits it compiles under,
//! which bounds its real size; trying the small limits first costs little,
//! since a compilation stops as soon as it passes its limit.

use std::cell::RefCell;
use std::collections::HashMap;

/// The compiled size one pattern may take.
pub const MAX_ONE: usize = 1 << 20;
/// The lazy DFA one pattern may grow to while matching.
pub const MAX_DFA: usize = 2 << 20;
/// The compiled size all the patterns of one load may take together.
pub const BUDGET: usize = 32 << 20;
/// The first size limit tried; a typical pattern fits.
const FIRST: usize = 16 << 10;

#[derive(Default)]
struct Spent {
    total: usize,
    /// Each pattern compiled in this load (cloning a regex shares it).
    compiled: HashMap<(String, bool), regex::Regex>,
}

thread_local! {
    static SPENT: RefCell<Spent> = RefCell::default();
}

/// Starts the budget of a new load.
pub fn new_load() {
    SPENT.with(|s| *s.borrow_mut() = Spent::default());
}

/// Compiles `pattern`, with `^`/`$` matching at line ends when
/// `multi_line`, within its cap and what is left of the load's budget.
pub fn compile(pattern: &str, multi_line: bool) -> Result<regex::Regex, String> {
    let key = (pattern.to_string(), multi_line);
    if let Some(re) = SPENT.with(|s| s.borrow().compiled.get(&key).cloned()) {
        return Ok(re);
    }
    let left = SPENT.with(|s| BUDGET.saturating_sub(s.borrow().total));
    let most = MAX_ONE.min(left);
    let mut limit = FIRST.min(most);
    loop {
        match build(pattern, multi_line, limit) {
            Ok(re) => {
                SPENT.with(|s| {
                    let mut s = s.borrow_mut();
                    s.total += limit;
                    s.compiled.insert(key, re.clone());
                });
                return Ok(re);
            }
            Err(regex::Error::CompiledTooBig(_)) if limit < most => limit = (limit * 4).min(most),
            Err(regex::Error::CompiledTooBig(_)) if most < MAX_ONE => {
                return Err(format!(
                    "the regular expressions of the loaded packs and profile compile to more than {} MiB together; \
                     simplify or remove some",
                    BUDGET >> 20
                ));
            }
            Err(e) => return Err(message(&e)),
        }
    }
}

fn build(pattern: &str, multi_line: bool, limit: usize) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .multi_line(multi_line)
        .size_limit(limit)
        .dfa_size_limit(MAX_DFA)
        .build()
}

fn message(e: &regex::Error) -> String {
    match e {
        regex::Error::CompiledTooBig(_) => format!(
            "it compiles to more than {} MiB; simplify it (a large counted repetition such as `\\w{{500}}` or a long alternation)",
            MAX_ONE >> 20
        ),
        e => e.to_string().lines().last().unwrap_or("").trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_load_stays_within_its_budget() {
        new_load();
        assert!(compile("(?i)within \\d+ days", true).is_ok());
        assert!(compile("\\w{500}", false).unwrap_err().contains("more than 1 MiB"));
        let big: Vec<String> = (0..64).map(|i| format!("{i}\\w{{20}}")).collect();
        let failed = big
            .iter()
            .position(|p| compile(p, false).is_err())
            .expect("the budget runs out");
        assert!((24..=32).contains(&failed), "{failed}");
        assert!(compile(&big[failed], false).unwrap_err().contains("together"));
        // What was compiled in this load is the same regex, not charged again.
        assert!(compile(&big[0], false).is_ok());
        new_load();
        assert!(compile(&big[failed], false).is_ok());
    }
}
