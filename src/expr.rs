//! Expressions over typed record columns: minijinja's expression language
//! (`overall_sat == 5 and resolved`), one language for templates and rules.
//!
//! An expression is checked when its pack loads: it must parse, and every
//! name must be a column of the record kind or a declared `params.<name>`.
//! For evaluation it is compiled with the parameters in force: comparisons,
//! arithmetic and boolean logic over columns and constants become a native
//! tree (no minijinja call per row); anything else is evaluated by minijinja
//! once per distinct tuple of the columns it reads, and remembered.
//!
//! Column values as expressions see them: numbers, booleans and strings as
//! such; `date` as a day number, `datetime` as UTC seconds since 1970,
//! `duration` as seconds. `minutes(n)`, `hours(n)`, `days(n)`, `weeks(n)`
//! give seconds, `date('2026-01-31')` a day number. A row on which an
//! expression fails (comparing a missing value, say) does not match.
//!
//! An expression is a row condition or value, not a template: only the
//! filters and tests that make sense on one row's values are allowed, and
//! only the unit helpers can be called. The rest of minijinja's built-ins
//! (`slice`, `batch`, `indent`, `center`, `join`, `map`, `range`, methods,
//! ...) are refused when the pack loads (`invalid-expression`), so `packs
//! lint` says so rather than a run; an allow-list, not a deny-list, so a
//! filter a later minijinja adds is refused until someone decides it is
//! safe. What the allowed parts can still be made to build (`'x' * 1e10`,
//! a long `~` chain) is bounded by fuel: every evaluation may spend
//! [`FUEL`], which minijinja also charges for the bytes and list slots an
//! operator or filter is about to allocate, so it ends in an error before
//! the allocation.

pub mod derive;
pub mod sql;

use std::collections::HashMap;
use std::sync::LazyLock;

use minijinja::machinery::ast;
use minijinja::{Environment, Value as MjValue};

use crate::pack::{ColumnType, ParamValue, Params};
use crate::records::Cell;

/// What one evaluation may spend: instructions, and the bytes and slots it
/// allocates (64 bytes a unit). A row expression needs a few hundred.
pub const FUEL: u64 = 100_000;

static ENV: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.add_function("minutes", |n: f64| n * 60.0);
    env.add_function("hours", |n: f64| n * 3600.0);
    env.add_function("days", |n: f64| n * 86_400.0);
    env.add_function("weeks", |n: f64| n * 604_800.0);
    // A missing value has no text: minijinja's own string filters would
    // read it as "none" (four characters), so an empty evaluator cell would
    // pass `(evaluator | trim | length) > 0`. These fail instead, and a row
    // whose expression fails does not match.
    env.add_filter("trim", |v: MjValue, chars: Option<String>| {
        text(&v).map(|t| match chars {
            Some(c) => t.trim_matches(|x| c.contains(x)).to_string(),
            None => t.trim().to_string(),
        })
    });
    env.add_filter("lower", |v: MjValue| text(&v).map(|t| t.to_lowercase()));
    env.add_filter("upper", |v: MjValue| text(&v).map(|t| t.to_uppercase()));
    env.add_filter("capitalize", |v: MjValue| {
        text(&v).map(|t| {
            let mut c = t.chars();
            c.next()
                .map(|f| {
                    f.to_uppercase()
                        .chain(c.flat_map(char::to_lowercase))
                        .collect::<String>()
                })
                .unwrap_or_default()
        })
    });
    env.add_filter("title", |v: MjValue| {
        text(&v).map(|t| {
            let mut out = String::with_capacity(t.len());
            let mut start = true;
            for ch in t.chars() {
                if start {
                    out.extend(ch.to_uppercase());
                } else {
                    out.extend(ch.to_lowercase());
                }
                start = !ch.is_alphanumeric();
            }
            out
        })
    });
    env.add_filter("string", |v: MjValue| text(&v));
    env.add_function("date", |s: String| -> Result<i64, minijinja::Error> {
        crate::records::cell::parse_date(s.as_bytes())
            .map(i64::from)
            .ok_or_else(|| {
                minijinja::Error::new(
                    minijinja::ErrorKind::InvalidOperation,
                    format!("`{s}` is not a YYYY-MM-DD date"),
                )
            })
    });
    env
});

const FUNCTIONS: &[&str] = &["minutes", "hours", "days", "weeks", "date"];

/// A value's text for the string filters; a missing value (an empty cell)
/// has none.
fn text(v: &MjValue) -> Result<String, minijinja::Error> {
    if v.is_none() || v.is_undefined() {
        return Err(minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            "a missing value has no text",
        ));
    }
    Ok(v.as_str().map_or_else(|| v.to_string(), str::to_string))
}

/// Filters that read one value and give one of about its size.
const FILTERS: &[&str] = &[
    "abs",
    "bool",
    "capitalize",
    "count",
    "d",
    "default",
    "first",
    "float",
    "int",
    "last",
    "length",
    "lower",
    "max",
    "min",
    "round",
    "string",
    "sum",
    "title",
    "trim",
    "upper",
];

/// Tests, which only answer yes or no.
const TESTS: &[&str] = &[
    "boolean",
    "defined",
    "divisibleby",
    "endingwith",
    "eq",
    "equalto",
    "even",
    "false",
    "float",
    "ge",
    "greaterthan",
    "gt",
    "in",
    "int",
    "integer",
    "iterable",
    "le",
    "lessthan",
    "lower",
    "lt",
    "mapping",
    "ne",
    "none",
    "number",
    "odd",
    "sameas",
    "sequence",
    "startingwith",
    "string",
    "true",
    "undefined",
    "upper",
];

/// A problem with an expression, with the byte offset in its text.
#[derive(Debug, Clone, PartialEq)]
pub struct ExprError {
    pub message: String,
    pub offset: usize,
}

/// The audit's as-of date, as a day number, travels with the parameters
/// under this key, which no pack can declare (`as_of` in an expression).
pub const AS_OF: &str = "\u{0}as_of";

/// Checks an expression against the columns and parameters it may use;
/// returns the columns it reads.
pub fn validate(text: &str, columns: &[&str], params: &Params) -> Result<Vec<String>, Vec<ExprError>> {
    let parsed = minijinja::machinery::parse_expr(text).map_err(|e| {
        let offset = e.range().map_or(0, |r| r.start);
        vec![ExprError {
            message: e.detail().unwrap_or("syntax error").to_string(),
            offset,
        }]
    })?;
    let mut errors = Vec::new();
    let mut used = Vec::new();
    let mut refuse = |message: String, offset| errors.push(ExprError { message, offset });
    walk(&parsed, &mut |u, offset| match u {
        Use::Name("params", Some(p)) if params.contains_key(p) => {}
        Use::Name("params", Some(p)) => refuse(format!("parameter `{p}` is not declared"), offset),
        Use::Name("params", None) => refuse("write `params.<name>`".into(), offset),
        Use::Name(name, _) if columns.contains(&name) => {
            if !used.iter().any(|u| u == name) {
                used.push(name.to_string());
            }
        }
        Use::Name("as_of", _) => {}
        Use::Name(name, _) => {
            let hint = crate::yaml::closest(name, columns)
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            refuse(format!("`{name}` is not a column of this record kind{hint}"), offset);
        }
        Use::Filter(name) if FILTERS.contains(&name) => {}
        Use::Filter(name) => refuse(
            format!(
                "the `{name}` filter is not for row expressions; use one of: {}",
                FILTERS.join(", ")
            ),
            at_name(text, offset, name),
        ),
        Use::Test(name) if TESTS.contains(&name) => {}
        Use::Test(name) => refuse(
            format!(
                "the `{name}` test is not for row expressions; use one of: {}",
                TESTS.join(", ")
            ),
            at_name(text, offset, name),
        ),
        Use::Call(name) => refuse(
            format!(
                "`{name}` cannot be called here; expressions call {}()",
                FUNCTIONS.join("(), ")
            ),
            offset,
        ),
    });
    if errors.is_empty() { Ok(used) } else { Err(errors) }
}

/// Where `name` is written at or after `offset` (a filter's or test's node
/// starts at the value it applies to).
fn at_name(text: &str, offset: usize, name: &str) -> usize {
    text.get(offset..)
        .and_then(|t| t.find(name))
        .map_or(offset, |i| offset + i)
}

/// What an expression uses, as [`walk`] meets it.
enum Use<'a> {
    /// A variable, or `params` with the attribute read from it.
    Name(&'a str, Option<&'a str>),
    Filter(&'a str),
    Test(&'a str),
    /// A call of anything but a unit helper: `range(...)`, a method.
    Call(&'a str),
}

/// Calls `f(use, offset)` for every name, filter, test and call in the
/// expression.
fn walk<'a>(e: &'a ast::Expr<'a>, f: &mut impl FnMut(Use<'a>, usize)) {
    use ast::Expr as E;
    match e {
        E::Var(v) => f(Use::Name(v.id, None), v.span().start_offset as usize),
        E::GetAttr(g) => match &g.expr {
            E::Var(v) if v.id == "params" => f(Use::Name("params", Some(g.name)), v.span().start_offset as usize),
            other => walk(other, f),
        },
        E::Const(_) => {}
        E::UnaryOp(u) => walk(&u.expr, f),
        E::BinOp(b) => {
            walk(&b.left, f);
            walk(&b.right, f);
        }
        E::Compare(c) => {
            walk(&c.expr, f);
            c.ops.iter().for_each(|o| walk(&o.expr, f));
        }
        E::IfExpr(i) => {
            walk(&i.test_expr, f);
            walk(&i.true_expr, f);
            if let Some(x) = &i.false_expr {
                walk(x, f);
            }
        }
        E::Filter(x) => {
            f(Use::Filter(x.name), x.span().start_offset as usize);
            if let Some(e) = &x.expr {
                walk(e, f);
            }
            x.args.iter().for_each(|a| walk_arg(a, f));
        }
        E::Test(x) => {
            f(Use::Test(x.name), x.span().start_offset as usize);
            walk(&x.expr, f);
            x.args.iter().for_each(|a| walk_arg(a, f));
        }
        E::GetItem(g) => {
            walk(&g.expr, f);
            walk(&g.subscript_expr, f);
        }
        E::Call(c) => {
            match &c.expr {
                E::Var(v) if FUNCTIONS.contains(&v.id) => {}
                E::Var(v) => f(Use::Call(v.id), v.span().start_offset as usize),
                E::GetAttr(g) => {
                    f(Use::Call(g.name), g.span().start_offset as usize);
                    walk(&g.expr, f);
                }
                other => {
                    f(Use::Call("this"), c.span().start_offset as usize);
                    walk(other, f);
                }
            }
            c.args.iter().for_each(|a| walk_arg(a, f));
        }
        E::Slice(s) => {
            walk(&s.expr, f);
            for x in [&s.start, &s.stop, &s.step].into_iter().flatten() {
                walk(x, f);
            }
        }
        E::List(l) => l.items.iter().for_each(|x| walk(x, f)),
        E::Tuple(t) => t.items.iter().for_each(|x| walk(x, f)),
        E::Map(m) => {
            m.keys.iter().for_each(|x| walk(x, f));
            m.values.iter().for_each(|x| walk(x, f));
        }
    }
}

fn walk_arg<'a>(a: &'a ast::CallArg<'a>, f: &mut impl FnMut(Use<'a>, usize)) {
    match a {
        ast::CallArg::Pos(e) | ast::CallArg::Kwarg(_, e) | ast::CallArg::PosSplat(e) | ast::CallArg::KwargSplat(e) => {
            walk(e, f)
        }
    }
}

/// A value during native evaluation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum V<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a [u8]),
}

impl V<'_> {
    pub fn truthy(self) -> bool {
        match self {
            V::Null => false,
            V::Bool(b) => b,
            V::Int(i) => i != 0,
            V::Float(f) => f != 0.0,
            V::Str(s) => !s.is_empty(),
        }
    }
    pub fn number(self) -> Option<f64> {
        match self {
            V::Int(i) => Some(i as f64),
            V::Float(f) => Some(f),
            _ => None,
        }
    }
}

pub fn cell_value<'a>(c: &Cell<'a>) -> V<'a> {
    match *c {
        Cell::Null => V::Null,
        Cell::Int(i) => V::Int(i),
        Cell::Float(f) => V::Float(f),
        Cell::Bool(b) => V::Bool(b),
        Cell::Str(s) => V::Str(s),
        Cell::Date(d) => V::Int(i64::from(d)),
        Cell::DateTime { utc, .. } => V::Int(utc),
        Cell::Duration(s) => V::Int(s),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Num,
    Bool,
    Str,
    Null,
}

#[derive(Debug, Clone)]
enum Node {
    Col(usize),
    Lit(Lit),
    Not(Box<Node>),
    Neg(Box<Node>),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Cmp(Cmp, Box<Node>, Box<Node>),
    In(Box<Node>, Vec<Lit>, bool),
    Arith(Arith, Box<Node>, Box<Node>),
    /// `| trim` of a string (fails on a missing value, as the filter does).
    Trim(Box<Node>),
    /// `| length` of a string, in characters.
    Len(Box<Node>),
    Abs(Box<Node>),
    /// `is none`.
    IsNone(Box<Node>),
    /// `a if test else b`.
    If(Box<Node>, Box<Node>, Box<Node>),
}

#[derive(Debug, Clone, PartialEq)]
enum Lit {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Vec<u8>),
}

impl Lit {
    fn v(&self) -> V<'_> {
        match self {
            Lit::Null => V::Null,
            Lit::Bool(b) => V::Bool(*b),
            Lit::Int(i) => V::Int(*i),
            Lit::Float(f) => V::Float(*f),
            Lit::Str(s) => V::Str(s),
        }
    }
    fn ty(&self) -> Ty {
        match self {
            Lit::Null => Ty::Null,
            Lit::Bool(_) => Ty::Bool,
            Lit::Int(_) | Lit::Float(_) => Ty::Num,
            Lit::Str(_) => Ty::Str,
        }
    }
    fn from_mj(v: &MjValue) -> Option<Lit> {
        use minijinja::value::ValueKind as K;
        Some(match v.kind() {
            K::Undefined | K::None => Lit::Null,
            K::Bool => Lit::Bool(v.is_true()),
            K::Number => match i64::try_from(v.clone()) {
                Ok(i) if v.as_i64().is_some() => Lit::Int(i),
                _ => Lit::Float(f64::try_from(v.clone()).ok()?),
            },
            K::String => Lit::Str(v.as_str()?.as_bytes().to_vec()),
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy)]
enum Cmp {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
}

#[derive(Debug, Clone, Copy)]
enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Rem,
}

/// An expression ready to run on rows whose cells are the columns `cols`.
pub struct Compiled {
    native: Option<Node>,
    /// The same tree shaped for truth tests: flattened `and`/`or`, and
    /// comparisons of a column with a constant made on the cell itself.
    test: Option<Test>,
    fallback: minijinja::Expression<'static, 'static>,
    /// Row slots the expression reads, with their column names.
    reads: Vec<(usize, String)>,
    /// The parameters in force, for the minijinja path.
    params: MjValue,
    /// The audit's as-of date as a day number, when the run has one.
    as_of: Option<i64>,
}

impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Compiled")
            .field("native", &self.native.is_some())
            .field("reads", &self.reads)
            .finish()
    }
}

impl Compiled {
    /// Compiles `text` for rows whose cells are the columns `cols` (name and
    /// type, in slot order). The text was validated at load time.
    pub fn new(text: &str, cols: &[(String, ColumnType)], params: &Params) -> Result<Compiled, String> {
        let fallback = ENV
            .compile_expression_owned(text.to_string())
            .map_err(|e| e.to_string())?;
        let names: Vec<&str> = cols.iter().map(|c| c.0.as_str()).collect();
        let reads = validate(text, &names, params)
            .map_err(|e| e.into_iter().map(|x| x.message).collect::<Vec<_>>().join("; "))?
            .into_iter()
            .map(|n| (cols.iter().position(|c| c.0 == n).expect("validated column"), n))
            .collect();
        let native = minijinja::machinery::parse_expr(text)
            .ok()
            .and_then(|e| lower(&e, cols, params).map(|(n, _)| n));
        let test = native.as_ref().map(|n| Test::from(n, cols));
        Ok(Compiled {
            native,
            test,
            fallback,
            reads,
            params: MjValue::from_pairs(
                params
                    .iter()
                    .filter(|(k, _)| *k != AS_OF)
                    .map(|(k, v)| (k.clone(), param_value(v))),
            ),
            as_of: match params.get(AS_OF) {
                Some(ParamValue::Number(day)) => Some(*day as i64),
                _ => None,
            },
        })
    }

    pub fn is_native(&self) -> bool {
        self.native.is_some()
    }

    /// Evaluates on one row; `None` when the expression fails on it.
    pub fn eval<'a>(&'a self, row: &[Cell<'a>], memo: &mut Memo) -> Option<Scalar> {
        match &self.native {
            Some(n) => eval(n, row).map(Scalar::from_v),
            None => memo.eval(self, row),
        }
    }

    /// Whether the expression holds on one row (false when it fails).
    pub fn test(&self, row: &[Cell<'_>], memo: &mut Memo) -> bool {
        match &self.test {
            Some(t) => t.holds(row) == Some(true),
            None => memo.eval(self, row).is_some_and(Scalar::truthy),
        }
    }

    fn eval_minijinja(&self, row: &[Cell<'_>]) -> Option<Scalar> {
        let mut ctx: std::collections::BTreeMap<&str, MjValue> = self
            .reads
            .iter()
            .map(|(slot, name)| (name.as_str(), mj_value(&row[*slot])))
            .collect();
        ctx.insert("params", self.params.clone());
        if let Some(day) = self.as_of {
            ctx.entry("as_of").or_insert(MjValue::from(day));
        }
        let v = self.fallback.eval(ctx).ok()?;
        Lit::from_mj(&v).map(|l| Scalar::from_v(l.v()))
    }
}

/// An evaluation result that owns nothing: strings are reduced to their
/// truthiness, which is all a condition or a numeric value needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Num(f64),
    Text { non_empty: bool },
}

impl Scalar {
    fn from_v(v: V<'_>) -> Scalar {
        match v {
            V::Null => Scalar::Null,
            V::Bool(b) => Scalar::Bool(b),
            V::Int(i) => Scalar::Num(i as f64),
            V::Float(f) => Scalar::Num(f),
            V::Str(s) => Scalar::Text {
                non_empty: !s.is_empty(),
            },
        }
    }
    pub fn truthy(self) -> bool {
        match self {
            Scalar::Null => false,
            Scalar::Bool(b) => b,
            Scalar::Num(n) => n != 0.0,
            Scalar::Text { non_empty } => non_empty,
        }
    }
    pub fn number(self) -> Option<f64> {
        match self {
            Scalar::Num(n) => Some(n),
            _ => None,
        }
    }
}

fn param_value(v: &ParamValue) -> MjValue {
    match v {
        ParamValue::Bool(b) => MjValue::from(*b),
        ParamValue::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => MjValue::from(*n as i64),
        ParamValue::Number(n) => MjValue::from(*n),
        ParamValue::Text(t) => MjValue::from(t.clone()),
    }
}

fn mj_value(c: &Cell<'_>) -> MjValue {
    match cell_value(c) {
        V::Null => MjValue::from(()),
        V::Bool(b) => MjValue::from(b),
        V::Int(i) => MjValue::from(i),
        V::Float(f) => MjValue::from(f),
        V::Str(s) => MjValue::from(String::from_utf8_lossy(s).into_owned()),
    }
}

/// Results of minijinja evaluations by the values the expression read, per
/// worker. Bounded: past `LIMIT` distinct tuples it evaluates without
/// remembering.
#[derive(Default)]
pub struct Memo {
    cache: HashMap<(usize, Vec<u8>), Option<Scalar>>,
    key: Vec<u8>,
}

impl Memo {
    const LIMIT: usize = 1 << 16;

    fn eval(&mut self, c: &Compiled, row: &[Cell<'_>]) -> Option<Scalar> {
        self.key.clear();
        for (slot, _) in &c.reads {
            encode(&row[*slot], &mut self.key);
        }
        let id = c as *const Compiled as usize;
        let lookup = (id, std::mem::take(&mut self.key));
        if let Some(r) = self.cache.get(&lookup) {
            self.key = lookup.1;
            return *r;
        }
        let r = c.eval_minijinja(row);
        if self.cache.len() < Self::LIMIT {
            self.key = lookup.1.clone();
            self.cache.insert(lookup, r);
        } else {
            self.key = lookup.1;
        }
        r
    }
}

fn encode(c: &Cell<'_>, out: &mut Vec<u8>) {
    match cell_value(c) {
        V::Null => out.push(0),
        V::Bool(b) => out.extend([1, u8::from(b)]),
        V::Int(i) => {
            out.push(2);
            out.extend(i.to_le_bytes());
        }
        V::Float(f) => {
            out.push(3);
            out.extend(f.to_bits().to_le_bytes());
        }
        V::Str(s) => {
            out.push(4);
            out.extend((s.len() as u32).to_le_bytes());
            out.extend(s);
        }
    }
}

fn col_ty(t: ColumnType) -> Ty {
    match t {
        ColumnType::Bool => Ty::Bool,
        ColumnType::String => Ty::Str,
        _ => Ty::Num,
    }
}

/// Lowers an AST to a native tree when every part has a known, supported
/// type; `None` sends the expression to minijinja.
fn lower(e: &ast::Expr<'_>, cols: &[(String, ColumnType)], params: &Params) -> Option<(Node, Ty)> {
    use ast::Expr as E;
    Some(match e {
        E::Var(v) => match cols.iter().position(|c| c.0 == v.id) {
            Some(slot) => (Node::Col(slot), col_ty(cols[slot].1)),
            None if v.id == "as_of" => match params.get(AS_OF)? {
                ParamValue::Number(day) => (Node::Lit(Lit::Int(*day as i64)), Ty::Num),
                _ => return None,
            },
            None => return None,
        },
        E::Const(c) => {
            let lit = Lit::from_mj(&c.value)?;
            let ty = lit.ty();
            (Node::Lit(lit), ty)
        }
        E::GetAttr(g) => match &g.expr {
            E::Var(v) if v.id == "params" => {
                let lit = match params.get(g.name)? {
                    ParamValue::Bool(b) => Lit::Bool(*b),
                    ParamValue::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => Lit::Int(*n as i64),
                    ParamValue::Number(n) => Lit::Float(*n),
                    ParamValue::Text(t) => Lit::Str(t.as_bytes().to_vec()),
                };
                let ty = lit.ty();
                (Node::Lit(lit), ty)
            }
            _ => return None,
        },
        E::UnaryOp(u) => {
            let (inner, ty) = lower(&u.expr, cols, params)?;
            match u.op {
                ast::UnaryOpKind::Not => (Node::Not(Box::new(inner)), Ty::Bool),
                ast::UnaryOpKind::Neg if ty == Ty::Num => (Node::Neg(Box::new(inner)), Ty::Num),
                ast::UnaryOpKind::Neg => return None,
            }
        }
        E::BinOp(b) if matches!(b.op, ast::BinOpKind::In) => {
            let (l, lt) = lower(&b.left, cols, params)?;
            (
                Node::In(Box::new(l), in_list(lt, &b.right, cols, params)?, false),
                Ty::Bool,
            )
        }
        E::BinOp(b) => {
            let (l, lt) = lower(&b.left, cols, params)?;
            let (r, rt) = lower(&b.right, cols, params)?;
            use ast::BinOpKind as K;
            let cmp =
                |op| comparable(lt, rt).then(|| (Node::Cmp(op, Box::new(l.clone()), Box::new(r.clone())), Ty::Bool));
            let arith = |op| {
                (lt == Ty::Num && rt == Ty::Num)
                    .then(|| (Node::Arith(op, Box::new(l.clone()), Box::new(r.clone())), Ty::Num))
            };
            match b.op {
                // `and`/`or` return one of their operands; as conditions
                // only truthiness matters, and the value keeps its type
                // only when both sides share it.
                K::ScAnd => (
                    Node::And(Box::new(l), Box::new(r)),
                    if lt == rt { lt } else { Ty::Bool },
                ),
                K::ScOr => (Node::Or(Box::new(l), Box::new(r)), if lt == rt { lt } else { Ty::Bool }),
                K::Eq => cmp(Cmp::Eq)?,
                K::Ne => cmp(Cmp::Ne)?,
                K::Lt => cmp(Cmp::Lt)?,
                K::Lte => cmp(Cmp::Lte)?,
                K::Gt => cmp(Cmp::Gt)?,
                K::Gte => cmp(Cmp::Gte)?,
                K::Add => arith(Arith::Add)?,
                K::Sub => arith(Arith::Sub)?,
                K::Mul => arith(Arith::Mul)?,
                K::Div => arith(Arith::Div)?,
                K::FloorDiv => arith(Arith::FloorDiv)?,
                K::Rem => arith(Arith::Rem)?,
                _ => return None,
            }
        }
        E::Compare(c) if c.ops.len() == 1 => {
            let (l, lt) = lower(&c.expr, cols, params)?;
            let op = &c.ops[0];
            match op.op {
                ast::CompareOpKind::In | ast::CompareOpKind::NotIn => {
                    let lits = in_list(lt, &op.expr, cols, params)?;
                    (
                        Node::In(Box::new(l), lits, matches!(op.op, ast::CompareOpKind::NotIn)),
                        Ty::Bool,
                    )
                }
                kind => {
                    let (r, rt) = lower(&op.expr, cols, params)?;
                    if !comparable(lt, rt) {
                        return None;
                    }
                    let cmp = match kind {
                        ast::CompareOpKind::Eq => Cmp::Eq,
                        ast::CompareOpKind::Ne => Cmp::Ne,
                        ast::CompareOpKind::Lt => Cmp::Lt,
                        ast::CompareOpKind::Lte => Cmp::Lte,
                        ast::CompareOpKind::Gt => Cmp::Gt,
                        ast::CompareOpKind::Gte => Cmp::Gte,
                        _ => return None,
                    };
                    (Node::Cmp(cmp, Box::new(l), Box::new(r)), Ty::Bool)
                }
            }
        }
        // The filters and test row conditions use most, with the semantics
        // of the filters this module registers and of minijinja's own.
        E::Filter(f) => {
            let (inner, ty) = lower(f.expr.as_ref()?, cols, params)?;
            match (f.name, f.args.as_slice(), ty) {
                ("trim", [], Ty::Str) => (Node::Trim(Box::new(inner)), Ty::Str),
                ("length", [], Ty::Str) => (Node::Len(Box::new(inner)), Ty::Num),
                ("abs", [], Ty::Num) => (Node::Abs(Box::new(inner)), Ty::Num),
                // `default` replaces only undefined values, and a column
                // is never undefined (a missing value is none).
                ("default", [ast::CallArg::Pos(E::Const(_))], _) => (inner, ty),
                _ => return None,
            }
        }
        E::IfExpr(i) => {
            let (test, _) = lower(&i.test_expr, cols, params)?;
            let (a, at) = lower(&i.true_expr, cols, params)?;
            let (b, bt) = lower(i.false_expr.as_ref()?, cols, params)?;
            if at != bt {
                return None;
            }
            (Node::If(Box::new(test), Box::new(a), Box::new(b)), at)
        }
        E::Test(t) if t.name == "none" && t.args.is_empty() => {
            let (inner, _) = lower(&t.expr, cols, params)?;
            (Node::IsNone(Box::new(inner)), Ty::Bool)
        }
        E::Call(c) => {
            // Unit helpers over constants fold to a constant.
            let E::Var(f) = &c.expr else { return None };
            let [ast::CallArg::Pos(arg)] = c.args.as_slice() else {
                return None;
            };
            let (Node::Lit(lit), _) = lower(arg, cols, params)? else {
                return None;
            };
            let factor = match f.id {
                "minutes" => 60.0,
                "hours" => 3600.0,
                "days" => 86_400.0,
                "weeks" => 604_800.0,
                "date" => {
                    let Lit::Str(s) = lit else { return None };
                    let d = crate::records::cell::parse_date(&s)?;
                    return Some((Node::Lit(Lit::Int(i64::from(d))), Ty::Num));
                }
                _ => return None,
            };
            let n = lit.v().number()? * factor;
            (Node::Lit(Lit::Float(n)), Ty::Num)
        }
        _ => return None,
    })
}

/// The constants of the list on the right of `in`; a list of constants may
/// arrive folded into one constant.
fn in_list(lt: Ty, e: &ast::Expr<'_>, cols: &[(String, ColumnType)], params: &Params) -> Option<Vec<Lit>> {
    match e {
        ast::Expr::List(list) => list
            .items
            .iter()
            .map(|i| match lower(i, cols, params) {
                Some((Node::Lit(l), t)) if comparable(lt, t) => Some(l),
                _ => None,
            })
            .collect(),
        ast::Expr::Const(c) => c
            .value
            .try_iter()
            .ok()?
            .map(|v| Lit::from_mj(&v).filter(|l| comparable(lt, l.ty())))
            .collect(),
        _ => None,
    }
}

/// A native tree for truth tests.
#[derive(Debug, Clone)]
enum Test {
    All(Vec<Test>),
    Any(Vec<Test>),
    Not(Box<Test>),
    /// A column is truthy.
    Col(usize),
    /// A column compared with an integer constant.
    ColInt(Cmp, usize, i64),
    /// The difference of two integer-valued columns compared with a constant.
    Diff(Cmp, usize, usize, f64),
    Other(Node),
}

impl Test {
    fn from(n: &Node, cols: &[(String, ColumnType)]) -> Test {
        let numeric = |slot: usize| !matches!(cols[slot].1, ColumnType::Bool | ColumnType::String | ColumnType::Float);
        let flatten = |a: &Node, b: &Node, all: bool| {
            let mut parts = Vec::new();
            for side in [a, b] {
                match (Test::from(side, cols), all) {
                    (Test::All(inner), true) | (Test::Any(inner), false) => parts.extend(inner),
                    (t, _) => parts.push(t),
                }
            }
            parts
        };
        match n {
            Node::And(a, b) => Test::All(flatten(a, b, true)),
            Node::Or(a, b) => Test::Any(flatten(a, b, false)),
            Node::Not(x) => Test::Not(Box::new(Test::from(x, cols))),
            Node::Col(slot) => Test::Col(*slot),
            Node::Cmp(op, a, b) => match (&**a, &**b) {
                (Node::Col(s), Node::Lit(Lit::Int(v))) if numeric(*s) => Test::ColInt(*op, *s, *v),
                (Node::Arith(Arith::Sub, x, y), Node::Lit(l)) => match (&**x, &**y, l.v().number()) {
                    (Node::Col(p), Node::Col(q), Some(v)) if numeric(*p) && numeric(*q) => Test::Diff(*op, *p, *q, v),
                    _ => Test::Other(n.clone()),
                },
                _ => Test::Other(n.clone()),
            },
            other => Test::Other(other.clone()),
        }
    }

    /// `None` when the expression fails on the row.
    fn holds(&self, row: &[Cell<'_>]) -> Option<bool> {
        Some(match self {
            Test::All(parts) => {
                for p in parts {
                    if !p.step(row)? {
                        return Some(false);
                    }
                }
                true
            }
            Test::Any(parts) => {
                for p in parts {
                    if p.step(row)? {
                        return Some(true);
                    }
                }
                false
            }
            Test::Not(x) => !x.step(row)?,
            leaf => leaf.step(row)?,
        })
    }

    /// [`Test::holds`] with the leaves worked out in place: a condition is
    /// mostly a few comparisons of cells, and a call for each cost as much
    /// as the comparison.
    #[inline(always)]
    fn step(&self, row: &[Cell<'_>]) -> Option<bool> {
        Some(match self {
            Test::Col(slot) => cell_value(&row[*slot]).truthy(),
            Test::ColInt(op, slot, v) => match int_of(&row[*slot]) {
                Some(x) => cmp_ord(*op, x.cmp(v)),
                None => compare(*op, cell_value(&row[*slot]), V::Int(*v))?,
            },
            Test::Diff(op, p, q, v) => {
                let d = int_of(&row[*p])?.checked_sub(int_of(&row[*q])?)? as f64;
                cmp_ord(*op, d.partial_cmp(v)?)
            }
            Test::Other(n) => eval(n, row)?.truthy(),
            Test::All(_) | Test::Any(_) | Test::Not(_) => self.holds(row)?,
        })
    }
}

/// The integer a numeric cell stands for (floats compare as floats).
fn int_of(c: &Cell<'_>) -> Option<i64> {
    match *c {
        Cell::Int(i) => Some(i),
        Cell::Date(d) => Some(i64::from(d)),
        Cell::DateTime { utc, .. } => Some(utc),
        Cell::Duration(s) => Some(s),
        _ => None,
    }
}

fn cmp_ord(op: Cmp, o: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    match op {
        Cmp::Eq => o == Equal,
        Cmp::Ne => o != Equal,
        Cmp::Lt => o == Less,
        Cmp::Lte => o != Greater,
        Cmp::Gt => o == Greater,
        Cmp::Gte => o != Less,
    }
}

/// Types the native comparison handles exactly as minijinja does.
fn comparable(a: Ty, b: Ty) -> bool {
    a == b || a == Ty::Null || b == Ty::Null
}

fn eval<'a>(n: &'a Node, row: &[Cell<'a>]) -> Option<V<'a>> {
    Some(match n {
        Node::Col(i) => cell_value(&row[*i]),
        Node::Lit(l) => l.v(),
        Node::Not(x) => V::Bool(!eval(x, row)?.truthy()),
        Node::Neg(x) => match eval(x, row)? {
            V::Int(i) => V::Int(i.checked_neg()?),
            V::Float(f) => V::Float(-f),
            _ => return None,
        },
        Node::And(a, b) => {
            let l = eval(a, row)?;
            if !l.truthy() { l } else { eval(b, row)? }
        }
        Node::Or(a, b) => {
            let l = eval(a, row)?;
            if l.truthy() { l } else { eval(b, row)? }
        }
        Node::Cmp(op, a, b) => V::Bool(compare(*op, eval(a, row)?, eval(b, row)?)?),
        Node::In(a, list, negate) => {
            let v = eval(a, row)?;
            let found = list.iter().any(|l| compare(Cmp::Eq, v, l.v()) == Some(true));
            V::Bool(found != *negate)
        }
        Node::Arith(op, a, b) => arith(*op, eval(a, row)?, eval(b, row)?)?,
        Node::Trim(x) => match eval(x, row)? {
            V::Str(s) => V::Str(std::str::from_utf8(s).map_or_else(|_| s.trim_ascii(), |t| t.trim().as_bytes())),
            _ => return None,
        },
        Node::Len(x) => match eval(x, row)? {
            V::Str(s) => V::Int(String::from_utf8_lossy(s).chars().count() as i64),
            _ => return None,
        },
        Node::Abs(x) => match eval(x, row)? {
            V::Int(i) => i.checked_abs().map_or(V::Float((i as f64).abs()), V::Int),
            V::Float(f) => V::Float(f.abs()),
            _ => return None,
        },
        Node::IsNone(x) => V::Bool(eval(x, row)? == V::Null),
        Node::If(test, a, b) => {
            if eval(test, row)?.truthy() {
                eval(a, row)?
            } else {
                eval(b, row)?
            }
        }
    })
}

fn compare(op: Cmp, a: V<'_>, b: V<'_>) -> Option<bool> {
    use std::cmp::Ordering;
    let ord: Option<Ordering> = match (a, b) {
        (V::Null, V::Null) => Some(Ordering::Equal),
        (V::Null, _) | (_, V::Null) => None,
        (V::Bool(x), V::Bool(y)) => Some(x.cmp(&y)),
        (V::Str(x), V::Str(y)) => Some(x.cmp(y)),
        (V::Int(x), V::Int(y)) => Some(x.cmp(&y)),
        (x, y) => x.number()?.partial_cmp(&y.number()?),
    };
    match op {
        Cmp::Eq => Some(ord == Some(Ordering::Equal)),
        Cmp::Ne => Some(ord != Some(Ordering::Equal)),
        Cmp::Lt => Some(ord? == Ordering::Less),
        Cmp::Lte => Some(ord? != Ordering::Greater),
        Cmp::Gt => Some(ord? == Ordering::Greater),
        Cmp::Gte => Some(ord? != Ordering::Less),
    }
}

fn arith<'a>(op: Arith, a: V<'a>, b: V<'a>) -> Option<V<'a>> {
    if let (V::Int(x), V::Int(y)) = (a, b) {
        return Some(match op {
            Arith::Add => V::Int(x.checked_add(y)?),
            Arith::Sub => V::Int(x.checked_sub(y)?),
            Arith::Mul => V::Int(x.checked_mul(y)?),
            Arith::Div if y != 0 => V::Float(x as f64 / y as f64),
            // Checked: i64::MIN // -1 overflows.
            Arith::FloorDiv => V::Int(x.checked_div_euclid(y)?),
            Arith::Rem => V::Int(x.checked_rem_euclid(y)?),
            _ => return None,
        });
    }
    let (x, y) = (a.number()?, b.number()?);
    Some(V::Float(match op {
        Arith::Add => x + y,
        Arith::Sub => x - y,
        Arith::Mul => x * y,
        Arith::Div if y != 0.0 => x / y,
        Arith::FloorDiv if y != 0.0 => (x / y).floor(),
        Arith::Rem if y != 0.0 => x.rem_euclid(y),
        _ => return None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The survey columns the expression tests read (shared with `sql`).
    pub(super) fn cols() -> Vec<(String, ColumnType)> {
        vec![
            ("overall_sat".into(), ColumnType::Int),
            ("resolved".into(), ColumnType::Bool),
            ("call_type".into(), ColumnType::String),
            ("call_ts".into(), ColumnType::Datetime),
            ("survey_ts".into(), ColumnType::Datetime),
        ]
    }

    #[test]
    fn integer_arithmetic_that_overflows_has_no_value() {
        for op in [Arith::FloorDiv, Arith::Rem, Arith::Mul] {
            assert!(arith(op, V::Int(i64::MIN), V::Int(-1)).is_none());
        }
        assert!(arith(Arith::FloorDiv, V::Int(1), V::Int(0)).is_none());
    }

    #[test]
    fn validation_names_unknown_columns_and_params() {
        let names = ["overall_sat", "resolved"];
        let params: Params = [("top".to_string(), ParamValue::Number(5.0))].into();
        assert_eq!(
            validate("overall_sat == params.top and resolved", &names, &params).unwrap(),
            ["overall_sat", "resolved"]
        );
        let errs = validate("overall_satt == params.tp", &names, &params).unwrap_err();
        assert_eq!(
            errs[0].message,
            "`overall_satt` is not a column of this record kind; did you mean `overall_sat`?"
        );
        assert_eq!(errs[1].message, "parameter `tp` is not declared");
        assert!(validate("overall_sat ==", &names, &params).is_err());
        for (text, says, at) in [
            (
                "overall_sat | slice(100000000000)",
                "the `slice` filter is not for row expressions",
                14,
            ),
            ("resolved is filter", "the `filter` test", 12),
            ("range(100000000000) | length > 0", "`range` cannot be called", 0),
            ("resolved.upper() == 'X'", "`upper` cannot be called", 0),
        ] {
            let errs = validate(text, &names, &params).unwrap_err();
            assert!(errs[0].message.starts_with(says), "{text}: {errs:?}");
            assert_eq!(errs[0].offset, at, "{text}");
        }
        assert!(validate("(overall_sat | int | abs) > 0 and resolved is defined", &names, &params).is_ok());
    }

    #[test]
    fn fuel_ends_what_allowed_parts_would_build() {
        let started = std::time::Instant::now();
        // 70 MB, under minijinja's own cap on repeated strings, over the fuel.
        for text in ["call_type * 10000000 == ''", "(call_type ~ call_type) * 5000000 == ''"] {
            let c = Compiled::new(text, &cols(), &Params::new()).unwrap();
            let row = [Cell::Null, Cell::Null, Cell::Str(b"billing"), Cell::Null, Cell::Null];
            assert_eq!(c.eval(&row, &mut Memo::default()), None, "{text}");
        }
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn common_conditions_lower_to_native_and_agree_with_minijinja() {
        let params: Params = [
            ("top".to_string(), ParamValue::Number(5.0)),
            ("lag".to_string(), ParamValue::Number(10.0)),
        ]
        .into();
        let row = [
            Cell::Int(5),
            Cell::Bool(true),
            Cell::Str(b"billing"),
            Cell::DateTime { utc: 1000, local: 1000 },
            Cell::DateTime { utc: 1900, local: 1900 },
        ];
        for text in [
            "overall_sat == params.top and resolved",
            "survey_ts - call_ts >= minutes(params.lag) and survey_ts - call_ts <= hours(48)",
            "call_type in ['billing', 'sales'] and not resolved == false",
            "overall_sat >= 4 or call_type == 'x'",
            "(overall_sat * 2) // 3 % 2 == 1",
        ] {
            let c = Compiled::new(text, &cols(), &params).unwrap();
            assert!(c.is_native(), "{text}");
            let native = c.eval(&row, &mut Memo::default());
            assert_eq!(native, c.eval_minijinja(&row), "{text}");
            assert_eq!(
                c.test(&row, &mut Memo::default()),
                native.is_some_and(Scalar::truthy),
                "{text}"
            );
        }
        let odd = Compiled::new("call_type | upper == 'BILLING'", &cols(), &params).unwrap();
        assert!(!odd.is_native());
        assert_eq!(odd.eval(&row, &mut Memo::default()).map(Scalar::truthy), Some(true));
        let padded = [
            Cell::Null,
            Cell::Bool(true),
            Cell::Str(" bïlling\t".as_bytes()),
            Cell::DateTime { utc: 1000, local: 1000 },
            Cell::Null,
        ];
        let empty = [Cell::Int(-3), Cell::Null, Cell::Null, Cell::Null, Cell::Null];
        for text in [
            "(call_type | trim | length) == 7",
            "(call_type | default('') | trim) == 'bïlling'",
            "call_type is not none and (call_type | trim) != ''",
            "survey_ts is none",
            "(overall_sat - 10) | abs > 4",
            "not (call_type | length) > 3",
            "(1000000 if resolved else 0) > 10",
            "(overall_sat if call_type else 0) == 5",
        ] {
            let c = Compiled::new(text, &cols(), &params).unwrap();
            assert!(c.is_native(), "{text}");
            for r in [&row, &padded, &empty] {
                let native = c.eval(r, &mut Memo::default());
                assert_eq!(native, c.eval_minijinja(r), "{text} on {r:?}");
                assert_eq!(
                    c.test(r, &mut Memo::default()),
                    native.is_some_and(Scalar::truthy),
                    "{text}"
                );
            }
        }
        for (text, want) in [
            ("(call_type | trim | title) == 'Billing'", true),
            ("(call_type | capitalize | length) == 7", true),
            ("(call_type | trim('bg') | lower) == 'illin'", true),
            ("(call_type | string) == 'billing'", true),
        ] {
            let c = Compiled::new(text, &cols(), &params).unwrap();
            assert_eq!(c.test(&row, &mut Memo::default()), want, "{text}");
        }
    }

    #[test]
    fn an_empty_cell_has_no_text_so_it_is_never_named() {
        // minijinja's own filters read a missing value as "none"; an empty
        // evaluator cell must not count as a named evaluator.
        let empty = [Cell::Null, Cell::Null, Cell::Null, Cell::Null, Cell::Null];
        let blank = [Cell::Null, Cell::Null, Cell::Str(b"  "), Cell::Null, Cell::Null];
        let named = [Cell::Null, Cell::Null, Cell::Str(b" Ann "), Cell::Null, Cell::Null];
        for text in [
            "(call_type | trim | length) > 0",
            "(call_type | default('') | trim | length) > 0",
            "(call_type | string | length) > 0",
            "(call_type | lower) != ''",
            "(call_type | upper | length) >= 1",
        ] {
            let c = Compiled::new(text, &cols(), &Params::new()).unwrap();
            assert!(!c.test(&empty, &mut Memo::default()), "{text} on an empty cell");
            assert!(c.test(&named, &mut Memo::default()), "{text} on a name");
        }
        let c = Compiled::new("(call_type | trim | length) > 0", &cols(), &Params::new()).unwrap();
        assert!(!c.test(&blank, &mut Memo::default()));
    }
}
