//! Rule packs: one framework (or a client's own standard) as data.
//!
//! A pack is read from YAML into a spanned tree, validated with every problem
//! reported ([`parse`]), and compiled into the types below: regexes, globs
//! and parameter references are resolved at load time so evaluation has
//! nothing left to validate. Packs ship embedded in the binary ([`load`]).

pub mod fixture;
pub mod kind;
pub mod load;
pub mod mutate;
pub mod param;
pub(crate) mod parse;
pub mod regexes;
pub mod tags;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

pub use kind::{ColumnType, DocumentKind, Kind, RecordKind};
pub use load::{Catalogue, LoadedPacks, load_packs};
pub use param::{Num, ParamValue, Params};

use crate::check::Check;
use crate::diag::{FileId, Span};

#[derive(Debug, Clone)]
pub struct Pack {
    pub id: String,
    pub title: String,
    pub version: String,
    pub edition: Option<String>,
    /// Where the pack's structure comes from, in our words.
    pub source: String,
    /// How sure we are of that structure (verified, reconstructed, provisional).
    pub provenance: Option<String>,
    pub scoring: Scoring,
    pub scope: Scope,
    pub levels: Vec<Level>,
    pub dimensions: Vec<Dimension>,
    /// How a certification decision is reached, when the pack makes one.
    pub certify: Option<Certify>,
    /// Values that mean "not filled in" in this framework's templates, on
    /// top of the built-in ones (whole-value regular expressions).
    pub placeholders: Vec<regex::Regex>,
    /// The tags rules may carry, each with what it groups: a profile
    /// tailors a group at once (`exclude: [{tag: contact-centre, ...}]`).
    pub tags: BTreeMap<String, String>,
    pub params: Params,
    pub kinds: BTreeMap<String, Kind>,
    pub sections: Vec<Section>,
    pub rules: Vec<Rule>,
    /// Where it was loaded from: `builtin:<id>` or a path.
    pub origin: String,
}

impl Pack {
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
    /// The rules that carry `tag`.
    pub fn tagged<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = &'a Rule> + 'a {
        self.rules.iter().filter(move |r| r.has_tag(tag))
    }
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// Whether section `inner` is `outer` or lies under it.
    pub fn in_section(&self, inner: &str, outer: &str) -> bool {
        let mut cur = Some(inner);
        while let Some(id) = cur {
            if id == outer {
                return true;
            }
            cur = self.section(id).and_then(|s| s.parent.as_deref());
        }
        false
    }

    /// When `pattern` matches rules of more than one section (no single
    /// section holds them all): how many rules it matches. Excluding or
    /// waiving that much at once must be marked as meant.
    pub fn broad_match(&self, pattern: &str) -> Option<usize> {
        let matched: Vec<&Rule> = self.rules.iter().filter(|r| id_matches(pattern, &r.id)).collect();
        let first = matched.first()?;
        // The candidates are the first rule's section and its ancestors.
        let mut cur = Some(first.section.as_str());
        while let Some(id) = cur {
            if matched.iter().all(|r| self.in_section(&r.section, id)) {
                return None;
            }
            cur = self.section(id).and_then(|s| s.parent.as_deref());
        }
        Some(matched.len())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scoring {
    /// Weighted share of applicable rules that pass, 0-100.
    Weighted,
    /// The highest level whose rules, and those below, all pass.
    Levels,
    /// A certification decision: by default, every critical rule passes.
    Criteria,
}

impl Scoring {
    pub fn name(self) -> &'static str {
        match self {
            Scoring::Weighted => "weighted",
            Scoring::Levels => "levels",
            Scoring::Criteria => "criteria",
        }
    }
}

impl Scope {
    pub fn name(self) -> &'static str {
        match self {
            Scope::Organisation => "organisation",
            Scope::Site => "site",
        }
    }
}

/// Certified when every applicable rule at or above `severity` passes (or is
/// waived) and, when given, the weighted score reaches `min_score`.
#[derive(Debug, Clone)]
pub struct Certify {
    pub severity: Severity,
    pub min_score: Option<Num>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Organisation,
    /// Evaluated per site, with an organisation roll-up.
    Site,
}

#[derive(Debug, Clone, Serialize)]
pub struct Level {
    pub id: u32,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dimension {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    /// How sure we are of this part of the structure, where it differs from
    /// the pack's own note.
    pub provenance: Option<String>,
    pub parent: Option<String>,
    pub depth: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Minor,
    Major,
    Critical,
}

impl Severity {
    pub const NAMES: &'static [&'static str] = &["critical", "major", "minor", "info"];
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "critical" => Some(Severity::Critical),
            "major" => Some(Severity::Major),
            "minor" => Some(Severity::Minor),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::Major => "major",
            Severity::Minor => "minor",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone)]
pub struct Rule {
    /// `<pack id>.<local id>`, stable forever.
    pub id: String,
    pub section: String,
    pub title: String,
    pub severity: Severity,
    pub weight: f64,
    pub level: Option<u32>,
    pub dimension: Option<String>,
    /// False for rules a certification body never accepts an exception to.
    pub waivable: bool,
    /// What an auditor looks for.
    pub guidance: Option<String>,
    /// What to do when it fails.
    pub remediation: Option<String>,
    pub evidence: Selector,
    /// The rule's checks, composed with `all` unless the rule says otherwise.
    pub check: Check,
    pub maps_to: Vec<Mapping>,
    /// Groups the rule belongs to, from the pack's `tags:` (contact-centre,
    /// voice, security, ...), so a profile can tailor a group at once.
    pub tags: Vec<String>,
    pub file: FileId,
    pub span: Span,
}

impl Rule {
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }
}

/// Which documents a rule's document checks look at.
#[derive(Debug, Clone, Default)]
pub struct Selector {
    pub kind: Option<String>,
    pub path: Option<Glob>,
    pub min: Option<param::Num>,
    pub matching: Matching,
    /// The date field that orders documents for `match: latest` and places
    /// them in time for `within`.
    pub date: Option<String>,
    /// Only documents dated within this span before the as-of date count
    /// ("two reviews within twelve months", not two reviews ever).
    pub within: Option<param::Dur>,
    /// Counting per span: every span of this length of the audit period
    /// holds at least `min` documents dated in it ("one review in each
    /// half", not two reviews in one month).
    pub per: Option<param::Dur>,
}

impl Selector {
    /// Whether two selectors pick the same documents the same way: checks
    /// with such selectors judge one document together.
    pub fn same_documents(&self, other: &Selector) -> bool {
        self.kind == other.kind
            && self.path.as_ref().map(|g| &g.pattern) == other.path.as_ref().map(|g| &g.pattern)
            && self.matching == other.matching
            && self.date == other.date
            && self.within == other.within
            && self.per == other.per
    }

    /// The field `match: latest` and `within` date documents by.
    pub fn date_field(&self) -> &str {
        self.date.as_deref().unwrap_or("approved_on")
    }
}

/// Which selected documents a rule judges: every one, one that passes every
/// check of the rule, or the newest (the current review, the plan in force).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Matching {
    #[default]
    Each,
    Any,
    Latest,
}

/// A compiled path glob relative to the evidence root.
#[derive(Debug, Clone)]
pub struct Glob {
    pub pattern: String,
    pub matcher: globset::GlobMatcher,
}

impl Glob {
    /// Compiles a glob the way users expect: `*` stays within one folder,
    /// `**` crosses folders. Absolute paths and `..` are refused so a pack or
    /// profile cannot reach outside the evidence root.
    pub fn new(pattern: &str) -> Result<Glob, String> {
        if pattern.starts_with('/') || pattern.split('/').any(|c| c == "..") {
            return Err("globs are relative to the evidence root and may not start with `/` or contain `..`".into());
        }
        let glob = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| e.kind().to_string())?;
        Ok(Glob {
            pattern: pattern.to_string(),
            matcher: glob.compile_matcher(),
        })
    }
    pub fn is_match(&self, path: &str) -> bool {
        self.matcher.is_match(path)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Mapping {
    pub rule: String,
    pub relation: Relation,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Equal,
    Subset,
    Superset,
    Intersects,
}

impl Relation {
    pub const NAMES: &'static [&'static str] = &["equal", "subset", "superset", "intersects"];
    pub fn parse(s: &str) -> Option<Relation> {
        match s {
            "equal" => Some(Relation::Equal),
            "subset" => Some(Relation::Subset),
            "superset" => Some(Relation::Superset),
            "intersects" => Some(Relation::Intersects),
            _ => None,
        }
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self {
            Relation::Equal => "equal",
            Relation::Subset => "subset",
            Relation::Superset => "superset",
            Relation::Intersects => "intersects",
        })
    }
}

/// True when `id` matches a rule-id pattern where `*` stands for any run of
/// characters (`iso9001.8.3.*`).
pub fn id_matches(pattern: &str, id: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == id,
        Some((head, tail)) => id.strip_prefix(head).is_some_and(|rest| {
            (0..=rest.len())
                .filter(|i| rest.is_char_boundary(*i))
                .any(|i| id_matches(tail, &rest[i..]))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_patterns() {
        assert!(id_matches("iso9001.8.3.*", "iso9001.8.3.1"));
        assert!(!id_matches("iso9001.8.3.*", "iso9001.8.4"));
        assert!(id_matches("*.policy", "acme.policy"));
        assert!(id_matches("acme.*.x", "acme.a.b.x"));
        assert!(id_matches("acme.x", "acme.x"));
        assert!(!id_matches("acme.x", "acme.xy"));
    }

    #[test]
    fn globs_stay_inside_the_root() {
        assert!(Glob::new("../etc/*").is_err());
        assert!(Glob::new("/etc/*").is_err());
        let g = Glob::new("policies/*.md").unwrap();
        assert!(g.is_match("policies/a.md"));
        assert!(!g.is_match("policies/x/a.md"));
        assert!(Glob::new("policies/**/*.md").unwrap().is_match("policies/x/a.md"));
    }
}
