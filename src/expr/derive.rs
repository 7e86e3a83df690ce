//! Derived columns: the profile's `columns: {kind: {abandoned: {expr:
//! "offered - answered"}}}`, a column an export lacks computed from the
//! ones it has, row by row, before any check reads it.
//!
//! The expression is the row language's arithmetic (`+ - * / // %`),
//! comparisons, `and`/`or`/`not`, `in` lists and the unit helpers, over
//! the kind's columns and constants: what runs natively, so a derived
//! column costs no interpreter call per row. Its value is checked against
//! the column's type when the profile loads, with what it measures: a date
//! minus a date is a number of days, a datetime minus a datetime a
//! duration, a duration divided by a duration a number. A number of days
//! never fills a duration column unnoticed, nor a number a date.

use std::sync::Arc;

use minijinja::machinery::ast;

use super::{Compiled, ExprError, Memo, Scalar};
use crate::pack::{ColumnType, Params};
use crate::records::{Cell, Derive};

/// What a derived value measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Number,
    /// A count of days: a date minus a date.
    Days,
    Seconds,
    Date,
    Datetime,
    Bool,
    Text,
}

impl Unit {
    fn of(ty: ColumnType) -> Unit {
        match ty {
            ColumnType::Int | ColumnType::Float => Unit::Number,
            ColumnType::Duration => Unit::Seconds,
            ColumnType::Date => Unit::Date,
            ColumnType::Datetime => Unit::Datetime,
            ColumnType::Bool => Unit::Bool,
            ColumnType::String => Unit::Text,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Unit::Number => "number",
            Unit::Days => "number of days",
            Unit::Seconds => "duration",
            Unit::Date => "date",
            Unit::Datetime => "datetime",
            Unit::Bool => "true or false",
            Unit::Text => "string",
        }
    }

    /// Whether a value of this unit fills a column of type `ty` (a plain
    /// number fills a duration as seconds, as a duration cell reads it).
    fn fits(self, ty: ColumnType) -> bool {
        match ty {
            ColumnType::Int | ColumnType::Float => matches!(self, Unit::Number | Unit::Days),
            ColumnType::Duration => matches!(self, Unit::Seconds | Unit::Number),
            other => self == Unit::of(other),
        }
    }
}

/// Checks the expression of derived column `column` of type `ty` against
/// the kind's columns; returns the columns it reads. Messages are whole
/// sentences; offsets are in `text`.
pub fn check(
    text: &str,
    cols: &[(String, ColumnType)],
    column: &str,
    ty: ColumnType,
) -> Result<Vec<String>, Vec<ExprError>> {
    let names: Vec<&str> = cols.iter().map(|c| c.0.as_str()).collect();
    let reads = super::validate(text, &names, &Params::new()).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| ExprError {
                message: format!("in `{text}`: {}", e.message),
                offset: e.offset,
            })
            .collect::<Vec<_>>()
    })?;
    let parsed = minijinja::machinery::parse_expr(text).map_err(|_| {
        vec![ExprError {
            message: format!("`{text}` does not parse"),
            offset: 0,
        }]
    })?;
    let got = unit(&parsed, cols).map_err(|e| vec![e])?;
    if ty == ColumnType::String {
        return Err(vec![ExprError {
            message: format!("a derived column is a number, duration, date, datetime or bool; `{column}` is string"),
            offset: 0,
        }]);
    }
    if !got.fits(ty) {
        let hint = match (got, ty) {
            (Unit::Seconds, _) => "; divide by minutes(1) or hours(1) for a number",
            (Unit::Days, ColumnType::Duration) => "; multiply by days(1) for a duration",
            _ => "",
        };
        return Err(vec![ExprError {
            message: format!(
                "`{text}` gives a {}; `{column}` is {}{hint}",
                got.name(),
                ColumnType::NAMES[ty as usize]
            ),
            offset: 0,
        }]);
    }
    Ok(reads)
}

/// Compiles a checked expression for column type `ty`; the records reader
/// calls it with the kind's columns (see [`crate::records::CompileFn`]).
pub fn compile(text: &str, cols: &[(String, ColumnType)], ty: ColumnType) -> Result<Arc<dyn Derive>, String> {
    let reads = check(text, cols, "the column", ty)
        .map_err(|e| e.into_iter().map(|e| e.message).collect::<Vec<_>>().join("; "))?;
    // Slots are the inputs in the order they are read.
    let inputs: Vec<(String, ColumnType)> = reads
        .iter()
        .map(|r| cols.iter().find(|c| &c.0 == r).cloned().expect("checked column"))
        .collect();
    let compiled = Compiled::new(text, &inputs, &Params::new())?;
    if !compiled.is_native() {
        return Err(format!("`{text}` cannot be computed natively"));
    }
    Ok(Arc::new(Derived {
        text: text.to_string(),
        local_from: inputs.iter().position(|c| c.1 == ColumnType::Datetime),
        reads,
        compiled,
        ty,
    }))
}

#[derive(Debug)]
struct Derived {
    text: String,
    reads: Vec<String>,
    compiled: Compiled,
    ty: ColumnType,
    /// The first datetime input: a derived datetime keeps its offset, so
    /// buckets by local time stay where its rows are.
    local_from: Option<usize>,
}

impl Derive for Derived {
    fn text(&self) -> &str {
        &self.text
    }

    fn reads(&self) -> &[String] {
        &self.reads
    }

    fn compute(&self, inputs: &[Cell<'_>]) -> Result<Cell<'static>, String> {
        let v = self.compiled.eval(inputs, &mut Memo::default()).ok_or_else(|| {
            format!(
                "`{}` has no value on this row (a division by zero or an overflow)",
                self.text
            )
        })?;
        let whole = |n: f64| (n.fract() == 0.0 && n.abs() < 9.0e15).then_some(n as i64);
        let cell = match (self.ty, v) {
            (_, Scalar::Null) => Some(Cell::Null),
            (ColumnType::Bool, Scalar::Bool(b)) => Some(Cell::Bool(b)),
            (ColumnType::Float, Scalar::Num(n)) if n.is_finite() => Some(Cell::Float(n)),
            (ColumnType::Int, Scalar::Num(n)) => whole(n).map(Cell::Int),
            (ColumnType::Duration, Scalar::Num(n)) => whole(n.round()).map(Cell::Duration),
            (ColumnType::Date, Scalar::Num(n)) => whole(n).and_then(|d| i32::try_from(d).ok()).map(Cell::Date),
            (ColumnType::Datetime, Scalar::Num(n)) => whole(n.round()).map(|utc| {
                let offset = match self.local_from.map(|i| inputs[i]) {
                    Some(Cell::DateTime { utc: u, local }) => local - u,
                    _ => 0,
                };
                Cell::DateTime {
                    utc,
                    local: utc + offset,
                }
            }),
            _ => None,
        };
        cell.ok_or_else(|| match v {
            Scalar::Num(n) if self.ty == ColumnType::Int => {
                format!("`{}` gives {n}, not a whole number", self.text)
            }
            other => format!(
                "`{}` gives {other:?}, not a {}",
                self.text,
                ColumnType::NAMES[self.ty as usize]
            ),
        })
    }
}

/// What `e` measures, or why a derived column cannot hold it.
fn unit(e: &ast::Expr<'_>, cols: &[(String, ColumnType)]) -> Result<Unit, ExprError> {
    use ast::Expr as E;
    let at = |e: &ast::Expr<'_>, message: String| ExprError {
        message,
        offset: e.span().start_offset as usize,
    };
    Ok(match e {
        E::Var(v) => match cols.iter().find(|c| c.0 == v.id) {
            Some(c) => Unit::of(c.1),
            None => return Err(at(e, format!("`{}` is not a column of this record kind", v.id))),
        },
        E::Const(c) => {
            use minijinja::value::ValueKind as K;
            match c.value.kind() {
                K::Number => Unit::Number,
                K::Bool => Unit::Bool,
                K::String => Unit::Text,
                _ => {
                    return Err(at(
                        e,
                        "a derived column's constants are numbers, strings and true or false".into(),
                    ));
                }
            }
        }
        E::UnaryOp(u) => {
            let inner = unit(&u.expr, cols)?;
            match u.op {
                ast::UnaryOpKind::Not => Unit::Bool,
                ast::UnaryOpKind::Neg if matches!(inner, Unit::Number | Unit::Days | Unit::Seconds) => inner,
                ast::UnaryOpKind::Neg => return Err(at(e, format!("cannot negate a {}", inner.name()))),
            }
        }
        E::BinOp(b) => {
            use ast::BinOpKind as K;
            let l = unit(&b.left, cols)?;
            if matches!(b.op, K::In) {
                // The right of `in` is a list of constants.
                return Ok(Unit::Bool);
            }
            let r = unit(&b.right, cols)?;
            match b.op {
                K::Eq | K::Ne | K::Lt | K::Lte | K::Gt | K::Gte | K::In => Unit::Bool,
                K::ScAnd | K::ScOr if l == Unit::Bool && r == Unit::Bool => Unit::Bool,
                K::ScAnd | K::ScOr => {
                    return Err(at(e, "`and` and `or` join conditions (true or false)".into()));
                }
                K::Add | K::Sub | K::Mul | K::Div | K::FloorDiv | K::Rem => {
                    arith(b.op, l, r).ok_or_else(|| at(e, cannot(b.op, l, r)))?
                }
                K::Pow | K::Concat => return Err(at(e, not_native())),
            }
        }
        E::Compare(c) => {
            unit(&c.expr, cols)?;
            for op in &c.ops {
                if !matches!(op.op, ast::CompareOpKind::In | ast::CompareOpKind::NotIn) {
                    unit(&op.expr, cols)?;
                }
            }
            Unit::Bool
        }
        E::Call(c) => {
            let E::Var(f) = &c.expr else {
                return Err(at(e, not_native()));
            };
            match f.id {
                "minutes" | "hours" | "days" | "weeks" => Unit::Seconds,
                "date" => Unit::Date,
                _ => return Err(at(e, not_native())),
            }
        }
        _ => return Err(at(e, not_native())),
    })
}

fn not_native() -> String {
    "a derived column is arithmetic, comparisons and logic over the row's columns and constants (no filters, tests or conditionals)".into()
}

/// What `l op r` measures, if anything.
fn arith(op: ast::BinOpKind, l: Unit, r: Unit) -> Option<Unit> {
    use Unit::*;
    use ast::BinOpKind as K;
    Some(match (op, l, r) {
        (_, Number, Number) => Number,
        (K::Add | K::Sub, Seconds, Seconds | Number) | (K::Add, Number, Seconds) => Seconds,
        (K::Add | K::Sub, Days, Days) => Days,
        (K::Add | K::Sub, Datetime, Seconds) | (K::Add, Seconds, Datetime) => Datetime,
        (K::Sub, Datetime, Datetime) => Seconds,
        (K::Add | K::Sub, Date, Number | Days) | (K::Add, Number | Days, Date) => Date,
        (K::Sub, Date, Date) => Days,
        (K::Mul, Seconds, Number) | (K::Mul, Number, Seconds) => Seconds,
        (K::Mul, Days, Seconds) | (K::Mul, Seconds, Days) => Seconds,
        (K::Mul, Days, Number) | (K::Mul, Number, Days) => Days,
        (K::Div | K::FloorDiv, Seconds, Number) => Seconds,
        (K::Div | K::FloorDiv, Days, Number) => Days,
        (K::Div | K::FloorDiv, Seconds, Seconds) | (K::Div | K::FloorDiv, Days, Days) => Number,
        _ => return None,
    })
}

fn cannot(op: ast::BinOpKind, l: Unit, r: Unit) -> String {
    use ast::BinOpKind as K;
    let (l, r) = (l.name(), r.name());
    match op {
        K::Add => format!("cannot add a {r} to a {l}"),
        K::Sub => format!("cannot subtract a {r} from a {l}"),
        K::Mul => format!("cannot multiply a {l} by a {r}"),
        _ => format!("cannot divide a {l} by a {r}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols() -> Vec<(String, ColumnType)> {
        [
            ("offered", ColumnType::Int),
            ("answered", ColumnType::Int),
            ("talk", ColumnType::Duration),
            ("hold", ColumnType::Duration),
            ("opened", ColumnType::Date),
            ("closed", ColumnType::Date),
            ("call_ts", ColumnType::Datetime),
            ("end_ts", ColumnType::Datetime),
            ("site", ColumnType::String),
            ("ok", ColumnType::Bool),
        ]
        .into_iter()
        .map(|(n, t)| (n.to_string(), t))
        .collect()
    }

    fn says(text: &str, ty: ColumnType) -> String {
        match check(text, &cols(), "x", ty) {
            Ok(reads) => format!("ok {}", reads.join(",")),
            Err(e) => e[0].message.clone(),
        }
    }

    #[test]
    fn units_follow_what_values_measure() {
        use ColumnType as T;
        for (text, ty) in [
            ("offered - answered", T::Int),
            ("answered / offered", T::Float),
            ("talk + hold", T::Duration),
            ("talk + 30", T::Duration),
            ("closed - opened", T::Int),
            ("(closed - opened) * days(1)", T::Duration),
            ("end_ts - call_ts", T::Duration),
            ("call_ts + minutes(5)", T::Datetime),
            ("opened + 30", T::Date),
            ("(talk + hold) / minutes(1)", T::Float),
            ("answered >= offered and ok", T::Bool),
            ("site in ['north', 'south']", T::Bool),
        ] {
            assert!(says(text, ty).starts_with("ok "), "{text}: {}", says(text, ty));
        }
        for (text, ty, message) in [
            (
                "closed - opened",
                T::Duration,
                "gives a number of days; `x` is duration; multiply by days(1)",
            ),
            (
                "end_ts - call_ts",
                T::Int,
                "gives a duration; `x` is int; divide by minutes(1)",
            ),
            ("offered - answered", T::Date, "gives a number; `x` is date"),
            (
                "call_ts - opened",
                T::Duration,
                "cannot subtract a date from a datetime",
            ),
            ("call_ts + end_ts", T::Datetime, "cannot add a datetime to a datetime"),
            ("talk * hold", T::Duration, "cannot multiply a duration by a duration"),
            ("site", T::String, "`x` is string"),
            ("offered | abs", T::Int, "arithmetic, comparisons and logic"),
            ("offered if ok else 0", T::Int, "arithmetic, comparisons and logic"),
            (
                "offerd - answered",
                T::Int,
                "in `offerd - answered`: `offerd` is not a column",
            ),
            ("as_of - opened", T::Int, "`as_of` is not a column"),
            ("offered + params.x", T::Int, "parameter `x` is not declared"),
            ("offered -", T::Int, "in `offered -`:"),
        ] {
            let got = says(text, ty);
            assert!(got.contains(message), "{text}: {got}");
        }
    }

    fn run(text: &str, ty: ColumnType, row: &[Cell<'_>]) -> Result<Cell<'static>, String> {
        let d = compile(text, &cols(), ty).unwrap();
        d.compute(row)
    }

    #[test]
    fn values_take_the_columns_type() {
        use ColumnType as T;
        assert_eq!(d_reads("answered - offered"), ["answered", "offered"]);
        assert_eq!(
            run("offered - answered", T::Int, &[Cell::Int(10), Cell::Int(7)]),
            Ok(Cell::Int(3))
        );
        assert_eq!(
            run("offered / answered", T::Int, &[Cell::Int(7), Cell::Int(2)]),
            Err("`offered / answered` gives 3.5, not a whole number".into())
        );
        assert!(run("offered / answered", T::Float, &[Cell::Int(7), Cell::Int(0)]).is_err());
        assert_eq!(
            run("talk + hold", T::Duration, &[Cell::Duration(60), Cell::Duration(30)]),
            Ok(Cell::Duration(90))
        );
        // A shifted datetime keeps its input's offset from UTC.
        assert_eq!(
            run(
                "call_ts + minutes(5)",
                T::Datetime,
                &[Cell::DateTime { utc: 0, local: 3600 }]
            ),
            Ok(Cell::DateTime { utc: 300, local: 3900 })
        );
        assert_eq!(
            run("closed - opened", T::Int, &[Cell::Date(20), Cell::Date(5)]),
            Ok(Cell::Int(15)),
            "inputs are in the order read"
        );
        assert_eq!(
            run("answered >= offered", T::Bool, &[Cell::Int(3), Cell::Int(2)]),
            Ok(Cell::Bool(true))
        );
    }

    fn d_reads(text: &str) -> Vec<String> {
        compile(text, &cols(), ColumnType::Int).unwrap().reads().to_vec()
    }
}
