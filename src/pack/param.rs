//! Pack parameters: named values with defaults that a profile may override
//! (a threshold, a review cycle). Checks refer to them as `params.<name>`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::time;

/// A parameter's value. Durations are kept as text and parsed where used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ParamValue {
    Bool(bool),
    Number(f64),
    Text(String),
}

impl ParamValue {
    pub fn type_name(&self) -> &'static str {
        match self {
            ParamValue::Bool(_) => "a boolean",
            ParamValue::Number(_) => "a number",
            ParamValue::Text(t) if time::parse_duration(t).is_some() => "a duration",
            ParamValue::Text(_) => "a string",
        }
    }
    /// Whether `other` may replace `self`: same type, and a duration stays
    /// a duration.
    pub fn accepts(&self, other: &ParamValue) -> bool {
        self.type_name() == other.type_name()
    }
}

impl std::fmt::Display for ParamValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamValue::Bool(b) => write!(f, "{b}"),
            ParamValue::Number(n) => write!(f, "{n}"),
            ParamValue::Text(t) => f.write_str(t),
        }
    }
}

/// Parameter values in force: the pack's defaults with the profile's
/// overrides applied.
pub type Params = BTreeMap<String, ParamValue>;

/// A number written literally or as `params.<name>`.
#[derive(Debug, Clone, PartialEq)]
pub enum Num {
    Lit(f64),
    Param(String),
}

impl Num {
    pub fn resolve(&self, params: &Params) -> f64 {
        match self {
            Num::Lit(n) => *n,
            // Types were checked at load time; a mismatch cannot reach here,
            // but zero is the conservative answer if it ever did.
            Num::Param(name) => match params.get(name) {
                Some(ParamValue::Number(n)) => *n,
                _ => 0.0,
            },
        }
    }
    pub fn describe(&self, params: &Params) -> String {
        match self {
            Num::Lit(n) => n.to_string(),
            Num::Param(name) => format!("{} (params.{name})", self.resolve(params)),
        }
    }
}

/// As written in the pack: `5` or `params.name`.
impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Num::Lit(n) => write!(f, "{n}"),
            Num::Param(p) => write!(f, "params.{p}"),
        }
    }
}

/// A duration written literally (`365d`) or as `params.<name>`.
#[derive(Debug, Clone, PartialEq)]
pub enum Dur {
    Lit(String),
    Param(String),
}

impl Dur {
    /// The duration and the text to show for it. Unparseable values were
    /// rejected at load time; a zero span is the conservative fallback.
    pub fn resolve(&self, params: &Params) -> (jiff::Span, String) {
        let text = match self {
            Dur::Lit(t) => t.clone(),
            Dur::Param(name) => params.get(name).map(|v| v.to_string()).unwrap_or_default(),
        };
        (time::parse_duration(&text).unwrap_or_default(), text)
    }
}
