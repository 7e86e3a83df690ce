//! `metric`: an aggregate over records meets an expectation, per group and
//! period, over consecutive windows, with a minimum sample.
//!
//! ```yaml
//! - metric:
//!     records: customer-survey            # a record kind
//!     counted:                            # rows that count at all (each condition reported)
//!       lag: "survey_ts - call_ts >= minutes(10) and survey_ts - call_ts <= hours(48)"
//!       questions: "questions >= params.min_questions"
//!     where: "overall_sat == 5 and resolved and csr_sat == 5"
//!     measure: share                      # count | share | sum | mean | min | max | ratio | p1 .. p99
//!     value: handle_time                  # what sum, mean, min, max and pNN measure
//!     per: offered                        # with `measure: ratio`: Σ value ÷ Σ per
//!     by: [month(call_ts)]                # columns and day|week|month|quarter|year(column)
//!     expect: "> params.threshold"        # < <= > >= == != and a number or params.<name>
//!     min_sample: params.min_surveys      # per group (per pool when pooled)
//!     below_min_sample: fail              # or omit: leave small groups out (per-agent tables)
//!     window: {consecutive: 6}            # or {pooled: true, consecutive: 6}
//!                                         # or {mode: params.aggregation, consecutive: 6}
//!                                         #   (mode: pooled | every_period; every_month is an alias)
//!     on_bad_row: error                   # or skip
//! ```
//!
//! Semantics:
//! - rows are restricted to the profile's audit period by the time column of
//!   `by` (or `date:`), and, for a site-scoped pack, to the site (`site`
//!   column); the organisation's result pools every site;
//! - `counted` conditions decide which rows count; a row that fails one is
//!   reported under the first it fails; `share` is the share of counted rows
//!   that satisfy `where`; `count` counts them; the value measures aggregate
//!   `value` over counted rows that satisfy `where`;
//! - percentiles are exact, nearest-rank (the smallest value with at least
//!   p% of values at or below it); their memory grows with the number of
//!   distinct values in a group, not with rows;
//! - with no `window`, every group must meet the expectation and sample;
//!   `consecutive: N` asks for a run of N consecutive periods that each do
//!   (a period with no records breaks a run), for every combination of the
//!   other `by` columns; `pooled` measures all rows of the period as one
//!   pool and, with `consecutive: N`, asks that they cover N consecutive
//!   periods with no period missing;
//! - a cell that does not parse makes a bad row: the rule is `error`, naming
//!   file, line and column, unless `on_bad_row: skip`, which skips them and
//!   says how many. Missing columns and unreadable files are `error`.

use serde::Serialize;

use super::{Ctx, Outcome, ParseCtx};
use crate::diag::{Code, Diagnostic, Diagnostics, FileId, Span};
use crate::pack::param::Num;
use crate::pack::{Kind, Params, RecordKind};
use crate::results::{Finding, Status};
pub use crate::time::Bucket;
use crate::yaml::{self, Located, Node, Table, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Count,
    Share,
    Sum,
    Mean,
    Min,
    Max,
    /// Σ value ÷ Σ per: rates over aggregated rows (service level from
    /// interval counts).
    Ratio,
    /// Percentile 1..=99.
    P(u8),
}

impl Measure {
    fn parse(s: &str) -> Option<Measure> {
        Some(match s {
            "count" => Measure::Count,
            "share" => Measure::Share,
            "sum" => Measure::Sum,
            "mean" => Measure::Mean,
            "min" => Measure::Min,
            "max" => Measure::Max,
            "ratio" => Measure::Ratio,
            p => {
                let n: u8 = p.strip_prefix('p')?.parse().ok()?;
                if !(1..=99).contains(&n) {
                    return None;
                }
                Measure::P(n)
            }
        })
    }
    pub fn needs_value(self) -> bool {
        !matches!(self, Measure::Count | Measure::Share)
    }
    pub fn name(self) -> String {
        match self {
            Measure::Count => "count".into(),
            Measure::Share => "share".into(),
            Measure::Sum => "sum".into(),
            Measure::Mean => "mean".into(),
            Measure::Min => "min".into(),
            Measure::Max => "max".into(),
            Measure::Ratio => "ratio".into(),
            Measure::P(n) => format!("p{n}"),
        }
    }
}

/// One `by` entry.
#[derive(Debug, Clone, PartialEq)]
pub enum By {
    Column(String),
    Time(Bucket, String),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Op {
    pub fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Op::Lt => a < b,
            Op::Le => a <= b,
            Op::Gt => a > b,
            Op::Ge => a >= b,
            Op::Eq => (a - b).abs() < 1e-12,
            Op::Ne => (a - b).abs() >= 1e-12,
        }
    }
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Eq => "==",
            Op::Ne => "!=",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Metric {
    pub records: String,
    /// Named conditions a row must meet to count.
    pub counted: Vec<(String, Located<String>)>,
    pub filter: Option<Located<String>>,
    pub measure: Measure,
    pub value: Option<Located<String>>,
    /// The denominator of a `ratio`.
    pub per: Option<Located<String>>,
    pub by: Vec<By>,
    pub by_span: Span,
    pub date: Option<Located<String>>,
    pub expect: (Op, Num),
    pub min_sample: Option<Num>,
    pub consecutive: Option<Num>,
    pub pooled: bool,
    /// A string parameter that says `pooled` or `every_period` at run time.
    pub mode_param: Option<String>,
    /// Leave groups under `min_sample` out instead of failing them.
    pub omit_small: bool,
    pub skip_bad_rows: bool,
    /// `window: {anchor: any}`: a run of `consecutive` periods may lie
    /// anywhere in the period; by default it must end at the period's last
    /// complete bucket (the recent months are what certification speaks of).
    pub anchor_any: bool,
    /// `missing: skip`, with the reason the report shows: buckets of the
    /// period without records are left out instead of failing.
    pub skip_missing: Option<String>,
    /// Who must appear in each period: members of another record kind.
    pub population: Option<Population>,
}

/// The members a per-member metric must show, taken from another record
/// kind (an agent roster): a member with no rows in a period they were
/// active in is a failing group, not an invisible one.
///
/// ```yaml
/// by: [agent_id, month(evaluated_on)]
/// population: {records: agent-roster, from: start_date, to: end_date}
/// # member: agent_id   (the roster's column, when `by` calls it otherwise)
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Population {
    pub records: String,
    /// The `by` column naming a member.
    pub key: String,
    /// The population's column naming a member: `key` unless the
    /// population calls it something else (`member: agent_id` for records
    /// keyed by `person_id`).
    pub member: String,
    /// The date columns a member is active from and (optionally) until.
    pub from: String,
    pub to: Option<String>,
}

pub const KEYS: &[&str] = &[
    "records",
    "counted",
    "where",
    "measure",
    "value",
    "per",
    "by",
    "date",
    "expect",
    "min_sample",
    "below_min_sample",
    "window",
    "on_bad_row",
    "missing",
    "missing_reason",
    "population",
];
pub const WINDOW_KEYS: &[&str] = &["consecutive", "pooled", "mode", "anchor"];
pub const POPULATION_KEYS: &[&str] = &["records", "member", "from", "to"];
/// Measures besides percentiles (`p1` to `p99`).
pub const MEASURES: &[&str] = &["count", "share", "sum", "mean", "min", "max", "ratio"];

impl Population {
    /// The population's kind is a record kind with the member column and
    /// the date columns named.
    fn validate(
        &self,
        kinds: &std::collections::BTreeMap<String, Kind>,
        file: FileId,
        span: Span,
        diags: &mut Diagnostics,
    ) {
        let Some(Kind::Records(kind)) = kinds.get(&self.records) else {
            diags.push(
                Diagnostic::error(
                    Code::UnknownKind,
                    format!("the population `{}` is not a record kind", self.records),
                )
                .at(file, span),
            );
            return;
        };
        let dates = [Some(&self.from), self.to.as_ref()];
        for name in std::iter::once(&self.member).chain(dates.into_iter().flatten()) {
            let is_date = name != &self.member;
            match kind.columns.iter().find(|c| &c.name == name) {
                Some(c) if !is_date || matches!(c.ty, crate::pack::ColumnType::Date) => {}
                found => diags.push(
                    Diagnostic::error(
                        Code::InvalidExpression,
                        match found {
                            None => format!("the population `{}` has no column `{name}`", self.records),
                            Some(_) => format!("`{name}` of `{}` is not a date column", self.records),
                        },
                    )
                    .at(file, span),
                ),
            }
        }
    }
}

impl Metric {
    pub fn parse(node: &Node, ctx: &mut ParseCtx) -> Option<Metric> {
        let file = ctx.file;
        let mut t = Table::new(node, file, "metric check", ctx.diags)?;
        let records = t.required_str("records", ctx.diags);
        if let Some(r) = &records {
            ctx.kind_refs.push((r.value.clone(), r.span));
        }
        let mut counted = Vec::new();
        if let Some(c) = t.get("counted") {
            match &c.value {
                Value::Map(entries) => {
                    for (k, v) in entries {
                        if let (Some(k), Some(v)) = (
                            yaml::expect_str(k, file, "counted", ctx.diags),
                            yaml::expect_str(v, file, "counted", ctx.diags),
                        ) {
                            counted.push((k.value, v));
                        }
                    }
                }
                _ => {
                    if let Some(v) = yaml::expect_str(c, file, "counted", ctx.diags) {
                        counted.push(("counted".into(), v));
                    }
                }
            }
        }
        let filter = t.str("where", ctx.diags);
        let measure = t
            .required_str("measure", ctx.diags)
            .and_then(|m| match Measure::parse(&m.value) {
                Some(v) => Some(v),
                None => {
                    ctx.diags.push(
                        Diagnostic::error(Code::InvalidValue, format!("`measure` cannot be `{}`", m.value))
                            .at(file, m.span)
                            .note(format!(
                                "expected one of: {}, p50 (any of p1 to p99)",
                                MEASURES.join(", ")
                            )),
                    );
                    None
                }
            });
        let value = t.str("value", ctx.diags);
        let per = t.str("per", ctx.diags);
        let by_span = t.get("by").map_or(node.span, |n| n.span);
        let by = t
            .str_list("by", ctx.diags)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|b| parse_by(&b, file, ctx.diags))
            .collect();
        let date = t.str("date", ctx.diags);
        let expect = t.required_str("expect", ctx.diags).and_then(|e| parse_expect(&e, ctx));
        let min_sample = t.get("min_sample").and_then(|n| ctx.count(n, "min_sample", 0.0));
        let (mut consecutive, mut pooled, mut mode_param, mut anchor_any) = (None, false, None, false);
        if let Some(w) = t.get("window")
            && let Some(mut wt) = Table::new(w, file, "window", ctx.diags)
        {
            consecutive = wt.get("consecutive").and_then(|n| ctx.count(n, "consecutive", 1.0));
            pooled = wt.bool("pooled", ctx.diags).unwrap_or(false);
            if let Some(a) = wt.str("anchor", ctx.diags) {
                match a.value.as_str() {
                    "latest" => {}
                    "any" => anchor_any = true,
                    _ => ctx.diags.push(
                        Diagnostic::error(
                            Code::InvalidValue,
                            format!("window `anchor` must be `latest` or `any`, found `{}`", a.value),
                        )
                        .at(file, a.span),
                    ),
                }
            }
            if let Some(mode) = wt.str("mode", ctx.diags) {
                match mode.value.strip_prefix("params.") {
                    Some(name) => match ctx.params.get(name) {
                        Some(crate::pack::ParamValue::Text(v)) if window_mode(v).is_some() => {
                            mode_param = Some(name.to_string())
                        }
                        _ => ctx.diags.push(
                            Diagnostic::error(
                                Code::UnknownParam,
                                format!(
                                    "`{}` must name a parameter whose default is `pooled` or `every_period`",
                                    mode.value
                                ),
                            )
                            .at(file, mode.span),
                        ),
                    },
                    None => match window_mode(&mode.value) {
                        Some(p) => pooled = p,
                        None => ctx.diags.push(
                            Diagnostic::error(Code::InvalidValue, format!("window `mode` cannot be `{}`", mode.value))
                                .at(file, mode.span)
                                .note("expected pooled, every_period (every_month is an alias) or params.<name>"),
                        ),
                    },
                }
            }
            wt.finish(ctx.diags, WINDOW_KEYS);
        }
        let population = t.get("population").and_then(|n| {
            let mut pt = Table::new(n, file, "population", ctx.diags)?;
            let records = pt.required_str("records", ctx.diags);
            let from = pt.required_str("from", ctx.diags);
            let to = pt.str("to", ctx.diags).map(|s| s.value);
            let member = pt.str("member", ctx.diags).map(|s| s.value);
            pt.finish(ctx.diags, POPULATION_KEYS);
            let records = records?;
            ctx.kind_refs.push((records.value.clone(), records.span));
            Some((records.value, member, from?.value, to, n.span))
        });
        let missing = t.str("missing", ctx.diags);
        let missing_reason = t.str("missing_reason", ctx.diags);
        let skip_missing = match (missing, missing_reason) {
            (None, None) => None,
            (Some(m), _) if m.value == "fail" => None,
            (Some(m), Some(r)) if m.value == "skip" && !r.value.trim().is_empty() => Some(r.value),
            (Some(m), _) if m.value == "skip" => {
                ctx.diags.push(
                    Diagnostic::error(Code::MissingKey, "`missing: skip` needs a `missing_reason:`")
                        .at(file, m.span)
                        .note("say why a period without records is acceptable; the report shows it"),
                );
                None
            }
            (Some(m), _) => {
                ctx.diags.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!("`missing` must be `fail` or `skip`, found `{}`", m.value),
                    )
                    .at(file, m.span),
                );
                None
            }
            (None, Some(r)) => {
                ctx.diags.push(
                    Diagnostic::error(Code::InvalidValue, "`missing_reason` without `missing: skip`").at(file, r.span),
                );
                None
            }
        };
        let omit_small = match t.str("below_min_sample", ctx.diags) {
            None => false,
            Some(s) if s.value == "fail" => false,
            Some(s) if s.value == "omit" => true,
            Some(s) => {
                ctx.diags.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!("`below_min_sample` must be `fail` or `omit`, found `{}`", s.value),
                    )
                    .at(file, s.span),
                );
                false
            }
        };
        let skip_bad_rows = match t.str("on_bad_row", ctx.diags) {
            None => false,
            Some(s) if s.value == "error" => false,
            Some(s) if s.value == "skip" => true,
            Some(s) => {
                ctx.diags.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!("`on_bad_row` must be `error` or `skip`, found `{}`", s.value),
                    )
                    .at(file, s.span),
                );
                false
            }
        };
        t.finish(ctx.diags, KEYS);
        let measure = measure?;
        if measure.needs_value() && value.is_none() {
            ctx.diags.push(
                Diagnostic::error(
                    Code::MissingKey,
                    format!("`measure: {}` needs `value:` (what to measure)", measure.name()),
                )
                .at(file, node.span),
            );
            return None;
        }
        if (measure == Measure::Ratio) != per.is_some() {
            let msg = if per.is_none() {
                "`measure: ratio` needs `per:` (the denominator)"
            } else {
                "`per:` goes with `measure: ratio`"
            };
            ctx.diags
                .push(Diagnostic::error(Code::MissingKey, msg).at(file, node.span));
            return None;
        }
        Some(Metric {
            records: records?.value,
            counted,
            filter,
            measure,
            value,
            per,
            by,
            by_span,
            date,
            expect: expect?,
            min_sample,
            consecutive,
            pooled,
            mode_param,
            omit_small,
            skip_bad_rows,
            anchor_any,
            skip_missing,
            population: None,
        })
        .map(|mut m: Metric| {
            if let Some((records, member, from, to, span)) = population {
                // The member is the one `by` column that is not a period.
                let keys: Vec<&String> =
                    m.by.iter()
                        .filter_map(|b| match b {
                            By::Column(c) => Some(c),
                            By::Time(..) => None,
                        })
                        .collect();
                match (keys.as_slice(), m.time_column()) {
                    ([key], Some(_)) => {
                        m.population = Some(Population {
                            records,
                            member: member.unwrap_or_else(|| (*key).clone()),
                            key: (*key).clone(),
                            from,
                            to,
                        })
                    }
                    _ => ctx.diags.push(
                        Diagnostic::error(
                            Code::InvalidValue,
                            "a `population` needs `by` with one member column and one time bucket",
                        )
                        .at(file, span)
                        .note("for example `by: [agent_id, month(evaluated_on)]`"),
                    ),
                }
            }
            m
        })
    }

    /// Checks the expressions and columns against the record kind, once
    /// the pack's kinds are known.
    pub fn validate(
        &self,
        kinds: &std::collections::BTreeMap<String, Kind>,
        params: &Params,
        file: FileId,
        diags: &mut Diagnostics,
    ) {
        if let Some(p) = &self.population {
            p.validate(kinds, file, self.by_span, diags);
        }
        let kind = kinds.get(&self.records);
        let Some(Kind::Records(kind)) = kind else {
            if let Some(k) = kind {
                let (f, s) = k.span();
                diags.push(
                    Diagnostic::error(
                        Code::UnknownKind,
                        format!("`{}` is a document kind; a metric needs a record kind", self.records),
                    )
                    .at(f, s),
                );
            }
            return;
        };
        let columns: Vec<&str> = kind.columns.iter().map(|c| c.name.as_str()).collect();
        let exprs = self
            .counted
            .iter()
            .map(|(_, e)| e)
            .chain(&self.filter)
            .chain(&self.value)
            .chain(&self.per);
        for e in exprs {
            if let Err(errors) = crate::expr::validate(&e.value, &columns, params) {
                for err in errors {
                    diags.push(
                        Diagnostic::error(Code::InvalidExpression, format!("in `{}`: {}", e.value, err.message))
                            .at(file, e.span_at(err.offset))
                            .note(format!("columns of `{}`: {}", self.records, columns.join(", "))),
                    );
                }
            }
        }
        for b in &self.by {
            let (name, time) = match b {
                By::Column(c) => (c, false),
                By::Time(_, c) => (c, true),
            };
            match kind.columns.iter().find(|c| &c.name == name) {
                None => diags.push(
                    Diagnostic::error(
                        Code::InvalidExpression,
                        format!("`by` names `{name}`, which is not a column of `{}`", self.records),
                    )
                    .at(file, self.by_span)
                    .note(format!("columns: {}", columns.join(", "))),
                ),
                Some(c)
                    if time && !matches!(c.ty, crate::pack::ColumnType::Date | crate::pack::ColumnType::Datetime) =>
                {
                    diags.push(
                        Diagnostic::error(
                            Code::InvalidExpression,
                            format!("`{name}` is not a date or datetime column, so it has no periods"),
                        )
                        .at(file, self.by_span),
                    )
                }
                Some(_) => {}
            }
        }
        if self.by.iter().filter(|b| matches!(b, By::Time(..))).count() > 1 {
            diags.push(
                Diagnostic::error(Code::InvalidValue, "`by` takes at most one time bucket").at(file, self.by_span),
            );
        }
        if (self.consecutive.is_some() || self.pooled || self.mode_param.is_some()) && self.time_column().is_none() {
            diags.push(
                Diagnostic::error(
                    Code::MissingKey,
                    "a `window` needs a time bucket in `by`, such as `month(call_ts)`",
                )
                .at(file, self.by_span),
            );
        }
        if let Some(d) = &self.date
            && !kind.columns.iter().any(|c| c.name == d.value)
        {
            diags.push(
                Diagnostic::error(
                    Code::InvalidExpression,
                    format!("`date` names `{}`, not a column", d.value),
                )
                .at(file, d.span),
            );
        }
    }

    /// The time bucket and its column, if `by` has one.
    pub fn time_column(&self) -> Option<(Bucket, &str)> {
        self.by.iter().find_map(|b| match b {
            By::Time(bucket, c) => Some((*bucket, c.as_str())),
            By::Column(_) => None,
        })
    }

    /// The column that places a row in the audit period.
    pub fn date_column<'a>(&'a self, kind: &'a RecordKind) -> Option<&'a str> {
        self.date
            .as_ref()
            .map(|d| d.value.as_str())
            .or_else(|| self.time_column().map(|t| t.1))
            .or_else(|| {
                kind.columns
                    .iter()
                    .find(|c| matches!(c.ty, crate::pack::ColumnType::Date | crate::pack::ColumnType::Datetime))
                    .map(|c| c.name.as_str())
            })
    }

    pub fn eval(&self, ctx: &Ctx) -> Outcome {
        match ctx.metrics.and_then(|m| m.get(self)) {
            Some(agg) => crate::metrics::finalise(self, agg, ctx),
            None => Outcome::new(
                Status::Error,
                vec![Finding::error("the records of this metric were not read")],
            ),
        }
    }

    pub fn describe(&self) -> String {
        let (op, n) = &self.expect;
        let mut s = format!(
            "{} of `{}` records {} {n}",
            self.measure.name(),
            self.records,
            op.symbol()
        );
        if let Some(w) = &self.filter {
            s.push_str(&format!(" where `{}`", w.value));
        }
        if !self.by.is_empty() {
            let by: Vec<String> = self
                .by
                .iter()
                .map(|b| match b {
                    By::Column(c) => c.clone(),
                    By::Time(t, c) => format!(
                        "{}({c})",
                        serde_json::to_value(t)
                            .ok()
                            .and_then(|v| v.as_str().map(String::from))
                            .unwrap_or_default()
                    ),
                })
                .collect();
            s.push_str(&format!(" by {}", by.join(", ")));
        }
        if let Some(c) = &self.consecutive {
            s.push_str(&if self.pooled {
                format!(", pooled over {c} consecutive periods")
            } else {
                format!(", {c} consecutive periods")
            });
        } else if self.pooled {
            s.push_str(", pooled");
        }
        s
    }

    /// Whether the window pools, with the parameters in force; an error
    /// names a parameter set to something else.
    pub fn is_pooled(&self, params: &Params) -> Result<bool, String> {
        let Some(name) = &self.mode_param else {
            return Ok(self.pooled);
        };
        let value = params.get(name).map(|v| v.to_string()).unwrap_or_default();
        window_mode(&value)
            .ok_or_else(|| format!("parameter `{name}` is `{value}`; it must be `pooled` or `every_period`"))
    }

    pub fn expect_text(&self, params: &Params) -> String {
        format!("{} {}", self.expect.0.symbol(), self.expect.1.resolve(params))
    }
}

/// `Some(true)` for a pooled window, `Some(false)` for one period at a time.
fn window_mode(s: &str) -> Option<bool> {
    match s {
        "pooled" => Some(true),
        "every_period" | "every_month" | "consecutive" => Some(false),
        _ => None,
    }
}

fn parse_by(b: &Located<String>, file: FileId, diags: &mut Diagnostics) -> Option<By> {
    let text = b.value.trim();
    if let Some((f, rest)) = text.split_once('(') {
        let col = rest.strip_suffix(')').map(str::trim);
        match (Bucket::parse(f.trim()), col) {
            (Some(bucket), Some(col)) if !col.is_empty() => return Some(By::Time(bucket, col.to_string())),
            _ => {
                diags.push(
                    Diagnostic::error(
                        Code::InvalidExpression,
                        format!("`{text}` is not a column or a time bucket"),
                    )
                    .at(file, b.span)
                    .note("write a column name, or day(col), week(col), month(col), quarter(col), year(col)"),
                );
                return None;
            }
        }
    }
    Some(By::Column(text.to_string()))
}

fn parse_expect(e: &Located<String>, ctx: &mut ParseCtx) -> Option<(Op, Num)> {
    let text = e.value.trim();
    let ops = [
        (">=", Op::Ge),
        ("<=", Op::Le),
        ("==", Op::Eq),
        ("!=", Op::Ne),
        (">", Op::Gt),
        ("<", Op::Lt),
    ];
    let Some((sym, op)) = ops.iter().find(|(s, _)| text.starts_with(s)) else {
        ctx.diags.push(
            Diagnostic::error(Code::InvalidExpression, format!("`expect: {text}` needs a comparison"))
                .at(ctx.file, e.span)
                .note("write an operator and a number or parameter: `> 0.75`, `>= params.threshold`"),
        );
        return None;
    };
    let rest = text[sym.len()..].trim();
    let node = if let Ok(n) = rest.parse::<f64>() {
        Node {
            value: Value::Float(n),
            span: e.span,
        }
    } else {
        Node {
            value: Value::Str(rest.to_string()),
            span: e.span,
        }
    };
    if !rest.starts_with("params.") && rest.parse::<f64>().is_err() {
        ctx.diags.push(
            Diagnostic::error(
                Code::InvalidExpression,
                format!("`{rest}` is not a number or `params.<name>`"),
            )
            .at(ctx.file, e.span),
        );
        return None;
    }
    ctx.num(&node, "expect").map(|n| (*op, n))
}

/// Whether a measure reads as a percentage: a share always, a ratio when
/// its target is a fraction (0.8 of calls answered in time, not 300 s).
pub fn in_percent(measure: Measure, target: f64) -> bool {
    measure == Measure::Share || (measure == Measure::Ratio && target > 0.0 && target <= 1.0)
}
