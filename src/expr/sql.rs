//! Expressions as SQL, for the engines that hold records past one machine.
//!
//! The translation keeps the native semantics exactly or refuses: a result
//! that differs from a native run would be a decision nobody can defend.
//! Natively an expression either fails on a row (comparing a missing value
//! with `<`, arithmetic on one, dividing by zero) or gives a value; in SQL a
//! failure is NULL. A missing column value is NULL too, so comparisons that
//! treat it as a value (`==`, `!=`, `in`, truthiness) are written to tell
//! the two apart: `x == none` holds on a missing value, `x < 3` fails on it.

use minijinja::machinery::parse_expr;

use super::{Arith, Cmp, Lit, Node, Ty, lower};
use crate::pack::{ColumnType, Params};

/// The SQL engines queries are written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dialect {
    Duckdb,
    Spark,
    Trino,
    Postgres,
    Bigquery,
    Snowflake,
}

impl Dialect {
    pub const ALL: [Dialect; 6] = [
        Dialect::Duckdb,
        Dialect::Spark,
        Dialect::Trino,
        Dialect::Postgres,
        Dialect::Bigquery,
        Dialect::Snowflake,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Dialect::Duckdb => "duckdb",
            Dialect::Spark => "spark",
            Dialect::Trino => "trino",
            Dialect::Postgres => "postgres",
            Dialect::Bigquery => "bigquery",
            Dialect::Snowflake => "snowflake",
        }
    }

    /// A quoted identifier.
    pub fn ident(self, name: &str) -> String {
        match self {
            Dialect::Spark | Dialect::Bigquery => format!("`{}`", name.replace('`', "``")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// A string literal. Spark, BigQuery and Snowflake read backslashes as
    /// escapes.
    pub fn string(self, s: &str) -> String {
        match self {
            Dialect::Spark | Dialect::Bigquery | Dialect::Snowflake => {
                format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
            }
            _ => format!("'{}'", s.replace('\'', "''")),
        }
    }

    pub fn double(self) -> &'static str {
        match self {
            Dialect::Bigquery => "FLOAT64",
            Dialect::Postgres => "DOUBLE PRECISION",
            Dialect::Snowflake => "DOUBLE",
            _ => "DOUBLE",
        }
    }

    pub fn bigint(self) -> &'static str {
        match self {
            Dialect::Bigquery => "INT64",
            _ => "BIGINT",
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            Dialect::Bigquery | Dialect::Spark => "STRING",
            _ => "VARCHAR",
        }
    }

    /// The exact type partial sums are kept in: every engine has 38 digits
    /// with 9 after the point (BigQuery's NUMERIC is exactly that).
    pub fn decimal(self) -> &'static str {
        match self {
            Dialect::Bigquery => "NUMERIC",
            _ => "DECIMAL(38, 9)",
        }
    }

    /// The day number (days since 1970-01-01) of a DATE expression.
    pub fn day_number(self, date: &str) -> String {
        match self {
            Dialect::Duckdb | Dialect::Postgres => format!("({date} - DATE '1970-01-01')"),
            Dialect::Trino => format!("date_diff('day', DATE '1970-01-01', {date})"),
            Dialect::Spark => format!("datediff({date}, DATE '1970-01-01')"),
            Dialect::Bigquery => format!("UNIX_DATE({date})"),
            Dialect::Snowflake => format!("DATEDIFF(day, DATE '1970-01-01', {date})"),
        }
    }

    /// A column's value as expressions see it: dates as day numbers,
    /// datetimes as seconds since 1970 (of the wall-clock time the engine
    /// holds), the rest as they are.
    pub fn value_of(self, column: &str, ty: ColumnType) -> String {
        let c = self.ident(column);
        match ty {
            ColumnType::Date => self.day_number(&format!("CAST({c} AS DATE)")),
            ColumnType::Datetime => self.seconds(&c),
            _ => c,
        }
    }

    /// Seconds since 1970 of a TIMESTAMP expression, whole seconds as the
    /// native reader keeps them.
    pub fn seconds(self, ts: &str) -> String {
        format!(
            "({} * 86400 + EXTRACT(HOUR FROM {ts}) * 3600 + EXTRACT(MINUTE FROM {ts}) * 60 + CAST(FLOOR(EXTRACT(SECOND FROM {ts})) AS {}))",
            self.day_number(&format!("CAST({ts} AS DATE)")),
            self.bigint()
        )
    }

    /// A float literal, typed as a double so no engine takes it for an
    /// exact decimal of another scale.
    fn float(self, f: f64) -> String {
        format!("CAST({} AS {})", self.string(&format!("{f:?}")), self.double())
    }
}

/// An expression that has no SQL translation, and why.
#[derive(Debug)]
pub struct Untranslatable(pub String);

/// Writes lowered expressions over `cols` (name and type) as SQL.
struct Translator<'a> {
    d: Dialect,
    cols: &'a [(String, ColumnType)],
}

/// A boolean SQL expression that is TRUE exactly when `text` holds on a row.
pub fn condition(
    d: Dialect,
    text: &str,
    cols: &[(String, ColumnType)],
    params: &Params,
) -> Result<String, Untranslatable> {
    let (node, _) = lowered(text, cols, params)?;
    let t = Translator { d, cols };
    Ok(format!("COALESCE({}, FALSE)", t.truth(&node, true)?))
}

/// A numeric SQL expression with the number `text` gives on a row, NULL when
/// it gives none (fails, or is not a number).
pub fn value(d: Dialect, text: &str, cols: &[(String, ColumnType)], params: &Params) -> Result<String, Untranslatable> {
    let (node, ty) = lowered(text, cols, params)?;
    let t = Translator { d, cols };
    match node {
        // `and`/`or` give an operand, which may be a number whatever the
        // other side is.
        Node::And(..) | Node::Or(..) => t.val(&node),
        _ if ty != Ty::Num => Ok("NULL".into()),
        _ => t.val(&node),
    }
}

fn lowered(text: &str, cols: &[(String, ColumnType)], params: &Params) -> Result<(Node, Ty), Untranslatable> {
    let ast = parse_expr(text).map_err(|e| Untranslatable(format!("does not parse: {e}")))?;
    lower(&ast, cols, params).ok_or_else(|| {
        Untranslatable(
            "uses a filter, test or function that only the native reader runs (SQL has comparisons, \
             `in`, `and`/`or`/`not`, arithmetic, columns, constants, `params.*`, `as_of` and the unit helpers)"
                .into(),
        )
    })
}

/// Whether a node can fail (natively `None`); such a node is NULL in SQL
/// exactly when it fails, since arithmetic never gives a missing value.
fn may_fail(n: &Node) -> bool {
    matches!(
        n,
        Node::Arith(..) | Node::Neg(..) | Node::Trim(_) | Node::Len(_) | Node::Abs(_) | Node::If(..)
    )
}

/// Whether a node's NULL may mean either a missing value or a failure: an
/// `if` with a branch that may be missing. Only where the two differ
/// (`==`, `!=`, `in`, `is none`) does that matter.
fn ambiguous(n: &Node) -> bool {
    let nullable = |n: &Node| matches!(n, Node::Col(_) | Node::Lit(Lit::Null)) || ambiguous(n);
    matches!(n, Node::If(_, a, b) if nullable(a) || nullable(b))
}

fn refuse_ambiguous(n: &Node) -> Result<(), Untranslatable> {
    if ambiguous(n) {
        return Err(Untranslatable(
            "tests a value chosen with `if` from values that may be missing for equality or `none`; SQL cannot tell a missing value from a failing one there".into(),
        ));
    }
    Ok(())
}

impl Translator<'_> {
    fn lit(&self, l: &Lit) -> Result<String, Untranslatable> {
        Ok(match l {
            Lit::Null => "NULL".into(),
            Lit::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
            Lit::Int(i) => i.to_string(),
            Lit::Float(f) if f.is_finite() => self.d.float(*f),
            Lit::Float(_) => return Err(Untranslatable("has an infinite or NaN constant".into())),
            Lit::Str(s) => match std::str::from_utf8(s) {
                Ok(s) => self.d.string(s),
                Err(_) => return Err(Untranslatable("has a string constant that is not UTF-8".into())),
            },
        })
    }

    /// The node's value: NULL when it fails or is missing.
    fn val(&self, n: &Node) -> Result<String, Untranslatable> {
        Ok(match n {
            Node::Col(slot) => {
                let (name, ty) = &self.cols[*slot];
                self.d.value_of(name, *ty)
            }
            Node::Lit(l) => self.lit(l)?,
            Node::Neg(x) => format!("(-{})", self.val(x)?),
            Node::Not(_) | Node::Cmp(..) | Node::In(..) | Node::IsNone(_) => self.truth(n, false)?,
            // ASCII whitespace: Unicode spaces (a no-break space) are
            // trimmed natively but not here.
            Node::Trim(x) => format!(
                "REGEXP_REPLACE(REGEXP_REPLACE({}, {}, ''), {}, '')",
                self.val(x)?,
                self.d.string("^\\s+"),
                self.d.string("\\s+$")
            ),
            Node::Len(x) => format!("LENGTH({})", self.val(x)?),
            Node::Abs(x) => format!("ABS({})", self.val(x)?),
            Node::If(test, a, b) => {
                let t = self.truth(test, false)?;
                let (x, y) = (self.val(a)?, self.val(b)?);
                if self.fails(test) {
                    format!("(CASE WHEN {t} IS NULL THEN NULL WHEN {t} THEN {x} ELSE {y} END)")
                } else {
                    format!("(CASE WHEN {t} THEN {x} ELSE {y} END)")
                }
            }
            Node::And(..) | Node::Or(..) => {
                return Err(Untranslatable(
                    "uses `and`/`or` for a value (they give one of their operands); SQL has them as conditions only"
                        .into(),
                ));
            }
            Node::Arith(op, a, b) => {
                let (x, y) = (self.val(a)?, self.val(b)?);
                let double = self.d.double();
                match op {
                    Arith::Add => format!("({x} + {y})"),
                    Arith::Sub => format!("({x} - {y})"),
                    Arith::Mul => format!("({x} * {y})"),
                    Arith::Div => format!("(CAST({x} AS {double}) / NULLIF({y}, 0))"),
                    // Euclidean division and remainder agree with the floor
                    // ones only for a positive divisor, which must be known.
                    Arith::FloorDiv | Arith::Rem => {
                        let positive = match &**b {
                            Node::Lit(Lit::Int(i)) => *i > 0,
                            Node::Lit(Lit::Float(f)) => *f > 0.0,
                            _ => false,
                        };
                        if !positive {
                            return Err(Untranslatable(
                                "uses `//` or `%` by something other than a positive constant".into(),
                            ));
                        }
                        let floor = format!("FLOOR(CAST({x} AS {double}) / {y})");
                        let ints = matches!(&**b, Node::Lit(Lit::Int(_))) && self.integral(a);
                        let q = if ints {
                            format!("CAST({floor} AS {})", self.d.bigint())
                        } else {
                            floor
                        };
                        if matches!(op, Arith::FloorDiv) {
                            q
                        } else {
                            format!("({x} - {y} * {q})")
                        }
                    }
                }
            }
        })
    }

    /// Whether a numeric node is an integer natively.
    fn integral(&self, n: &Node) -> bool {
        match n {
            Node::Col(slot) => !matches!(self.cols[*slot].1, ColumnType::Float),
            Node::Lit(l) => matches!(l, Lit::Int(_)),
            Node::Neg(x) | Node::Abs(x) => self.integral(x),
            Node::Len(_) => true,
            Node::If(_, a, b) => self.integral(a) && self.integral(b),
            Node::Arith(Arith::Add | Arith::Sub | Arith::Mul | Arith::FloorDiv | Arith::Rem, a, b) => {
                self.integral(a) && self.integral(b)
            }
            _ => false,
        }
    }

    /// Whether the node can fail natively (be NULL in [`Self::truth`]).
    fn fails(&self, n: &Node) -> bool {
        match n {
            Node::Col(_) | Node::Lit(_) => false,
            Node::Neg(_) | Node::Arith(..) | Node::Trim(_) | Node::Len(_) | Node::Abs(_) | Node::If(..) => true,
            Node::Not(x) | Node::In(x, ..) | Node::IsNone(x) => self.fails(x),
            Node::And(a, b) | Node::Or(a, b) => self.fails(a) || self.fails(b),
            Node::Cmp(Cmp::Eq | Cmp::Ne, a, b) => self.fails(a) || self.fails(b),
            // Ordering fails on a missing value.
            Node::Cmp(..) => true,
        }
    }

    /// TRUE when the node succeeds and is truthy, FALSE when it succeeds and
    /// is not, NULL when it fails. With `test`, only TRUE matters (a
    /// condition's result, or a part of one whose failure fails it), so
    /// failing and falsy need not be told apart.
    fn truth(&self, n: &Node, test: bool) -> Result<String, Untranslatable> {
        Ok(match n {
            Node::Lit(l) => {
                let truthy = match l {
                    Lit::Null => false,
                    Lit::Bool(b) => *b,
                    Lit::Int(i) => *i != 0,
                    Lit::Float(f) => *f != 0.0,
                    Lit::Str(s) => !s.is_empty(),
                };
                if truthy { "TRUE" } else { "FALSE" }.into()
            }
            Node::Col(slot) => {
                let (name, ty) = &self.cols[*slot];
                let c = self.d.ident(name);
                match ty {
                    ColumnType::Bool => format!("COALESCE({c}, FALSE)"),
                    ColumnType::String => format!("COALESCE({c} <> '', FALSE)"),
                    _ => format!("COALESCE({} <> 0, FALSE)", self.d.value_of(name, *ty)),
                }
            }
            Node::Neg(_) | Node::Arith(..) | Node::Len(_) | Node::Abs(_) => format!("({} <> 0)", self.val(n)?),
            Node::If(test, a, b) => {
                let t = self.truth(test, false)?;
                format!(
                    "(CASE WHEN {t} IS NULL THEN NULL WHEN {t} THEN {} ELSE {} END)",
                    self.truth(a, false)?,
                    self.truth(b, false)?
                )
            }
            Node::Trim(_) => format!("({} <> '')", self.val(n)?),
            Node::IsNone(x) if may_fail(x) => {
                refuse_ambiguous(x)?;
                format!("(CASE WHEN {} IS NULL THEN NULL ELSE FALSE END)", self.val(x)?)
            }
            Node::IsNone(x) => format!("({} IS NULL)", self.val(x)?),
            Node::Not(x) => format!("(NOT {})", self.truth(x, false)?),
            // Natively `and` stops at a falsy left side and fails with a
            // failing one; SQL's AND gives FALSE for NULL AND FALSE, which
            // only a condition may take for a failure.
            Node::And(a, b) if test || !self.fails(a) => {
                format!("({} AND {})", self.truth(a, test)?, self.truth(b, test)?)
            }
            Node::And(a, b) => {
                let l = self.truth(a, false)?;
                format!(
                    "(CASE WHEN {l} IS NULL THEN NULL WHEN NOT {l} THEN FALSE ELSE {} END)",
                    self.truth(b, false)?
                )
            }
            // A failing left side fails `or`; SQL's OR would go on.
            Node::Or(a, b) if !self.fails(a) => {
                format!("({} OR {})", self.truth(a, false)?, self.truth(b, test)?)
            }
            Node::Or(a, b) => {
                let l = self.truth(a, false)?;
                format!(
                    "(CASE WHEN {l} IS NULL THEN NULL WHEN {l} THEN TRUE ELSE {} END)",
                    self.truth(b, test)?
                )
            }
            Node::Cmp(op, a, b) => self.compare(*op, a, b)?,
            Node::In(a, list, negate) => {
                refuse_ambiguous(a)?;
                let x = self.val(a)?;
                let values: Vec<String> = list
                    .iter()
                    .filter(|l| !matches!(l, Lit::Null))
                    .map(|l| self.lit(l))
                    .collect::<Result<_, _>>()?;
                let mut found = if values.is_empty() {
                    "FALSE".to_string()
                } else {
                    format!("COALESCE({x} IN ({}), FALSE)", values.join(", "))
                };
                if list.iter().any(|l| matches!(l, Lit::Null)) {
                    found = format!("({found} OR {x} IS NULL)");
                }
                let found = if *negate { format!("(NOT {found})") } else { found };
                if may_fail(a) {
                    format!("(CASE WHEN {x} IS NULL THEN NULL ELSE {found} END)")
                } else {
                    found
                }
            }
        })
    }

    fn compare(&self, op: Cmp, a: &Node, b: &Node) -> Result<String, Untranslatable> {
        let (x, y) = (self.val(a)?, self.val(b)?);
        let (fa, fb) = (may_fail(a), may_fail(b));
        Ok(match op {
            Cmp::Eq | Cmp::Ne => {
                refuse_ambiguous(a)?;
                refuse_ambiguous(b)?;
                // Missing equals missing, and differs from any value.
                let (same, differs) = ("IS NOT DISTINCT FROM", "IS DISTINCT FROM");
                let test = format!("({x} {} {y})", if matches!(op, Cmp::Eq) { same } else { differs });
                match (fa, fb) {
                    (false, false) => test,
                    (true, false) => format!("(CASE WHEN {x} IS NULL THEN NULL ELSE {test} END)"),
                    (false, true) => format!("(CASE WHEN {y} IS NULL THEN NULL ELSE {test} END)"),
                    (true, true) => format!("(CASE WHEN {x} IS NULL OR {y} IS NULL THEN NULL ELSE {test} END)"),
                }
            }
            _ => {
                let sym = match op {
                    Cmp::Lt => "<",
                    Cmp::Lte => "<=",
                    Cmp::Gt => ">",
                    _ => ">=",
                };
                // Ordering fails on a missing value, except that natively two
                // missing values are equal, so `<=` and `>=` hold on them.
                let plain = format!("({x} {sym} {y})");
                let nullable = |n: &Node| matches!(n, Node::Col(_) | Node::Lit(Lit::Null));
                if matches!(op, Cmp::Lte | Cmp::Gte) && nullable(a) && nullable(b) {
                    format!("(CASE WHEN {x} IS NULL AND {y} IS NULL THEN TRUE ELSE {plain} END)")
                } else {
                    plain
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::cols;
    use super::*;

    #[test]
    fn conditions_keep_native_semantics_for_missing_values() {
        let p = Params::default();
        assert_eq!(
            condition(Dialect::Duckdb, "overall_sat >= 4", &cols(), &p).unwrap(),
            "COALESCE((\"overall_sat\" >= 4), FALSE)"
        );
        assert_eq!(
            condition(Dialect::Duckdb, "call_type != \"it's\"", &cols(), &p).unwrap(),
            "COALESCE((\"call_type\" IS DISTINCT FROM 'it''s'), FALSE)"
        );
        assert_eq!(
            condition(Dialect::Spark, "call_type == 'a\\\\b'", &cols(), &p).unwrap(),
            "COALESCE((`call_type` IS NOT DISTINCT FROM 'a\\\\b'), FALSE)"
        );
        // A failing `overall_sat > 3` fails the condition as a false one would...
        assert_eq!(
            condition(Dialect::Duckdb, "overall_sat > 3 and resolved", &cols(), &p).unwrap(),
            "COALESCE(((\"overall_sat\" > 3) AND COALESCE(\"resolved\", FALSE)), FALSE)"
        );
        // ...but under `not` a failure must stay one.
        let not = condition(Dialect::Duckdb, "not (overall_sat > 3 and resolved)", &cols(), &p).unwrap();
        assert!(
            not.contains("CASE WHEN (\"overall_sat\" > 3) IS NULL THEN NULL"),
            "{not}"
        );
        let or = condition(Dialect::Duckdb, "overall_sat > 3 or resolved", &cols(), &p).unwrap();
        assert!(
            or.contains("CASE WHEN (\"overall_sat\" > 3) IS NULL THEN NULL WHEN"),
            "{or}"
        );
    }

    #[test]
    fn what_sql_cannot_say_is_refused() {
        let p = Params::default();
        for text in [
            "call_type | title == 'X'",
            "overall_sat // 0 > 1",
            "overall_sat % overall_sat > 1",
        ] {
            assert!(condition(Dialect::Duckdb, text, &cols(), &p).is_err(), "{text}");
        }
        assert!(value(Dialect::Duckdb, "resolved or overall_sat", &cols(), &p).is_err());
    }

    #[test]
    fn datetimes_are_seconds_and_values_are_numbers() {
        let p = Params::default();
        let v = value(Dialect::Bigquery, "survey_ts - call_ts", &cols(), &p).unwrap();
        assert!(v.contains("UNIX_DATE(CAST(`survey_ts` AS DATE)) * 86400"), "{v}");
        assert_eq!(value(Dialect::Duckdb, "resolved", &cols(), &p).unwrap(), "NULL");
    }
}
