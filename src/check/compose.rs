//! `all`, `any` and `at_least`: compositions of checks.
//!
//! - `all: [...]` passes when every check passes; one definite fail fails it.
//! - `any: [...]` passes when one check passes.
//! - `at_least: {n: 2, of: [...]}` passes when at least `n` checks pass.
//!
//! Where the answer is not definite, an `error` (unreadable evidence) or a
//! `pending` (no attestation yet) among the parts is the result, never a
//! pass: Kleene's three-valued logic with two kinds of "unknown".

use super::{Check, Ctx, Outcome, ParseCtx};
use crate::diag::{Code, Diagnostic};
use crate::pack::param::Num;
use crate::results::Status;
use crate::yaml::{Node, Table, Value};

/// Conjunction: fail decides, then error, then pending.
pub fn and(statuses: impl Iterator<Item = Status>) -> Status {
    statuses.fold(Status::Pass, |acc, s| match (acc, s) {
        (Status::Fail, _) | (_, Status::Fail) => Status::Fail,
        (Status::Error, _) | (_, Status::Error) => Status::Error,
        (Status::Pending, _) | (_, Status::Pending) => Status::Pending,
        _ => Status::Pass,
    })
}

/// Disjunction: pass decides, then error, then pending; fail only when all fail.
pub fn or(statuses: impl Iterator<Item = Status>) -> Status {
    let mut out = None;
    for s in statuses {
        out = Some(match (out.unwrap_or(Status::Fail), s) {
            (Status::Pass, _) | (_, Status::Pass) => Status::Pass,
            (Status::Error, _) | (_, Status::Error) => Status::Error,
            (Status::Pending, _) | (_, Status::Pending) => Status::Pending,
            _ => Status::Fail,
        });
    }
    out.unwrap_or(Status::Fail)
}

pub fn all(checks: &[Check], ctx: &Ctx) -> Outcome {
    let outcomes: Vec<Outcome> = checks.iter().map(|c| c.eval(ctx)).collect();
    let status = and(outcomes.iter().map(|o| o.status));
    Outcome::combine(status, outcomes)
}

pub fn any(checks: &[Check], ctx: &Ctx) -> Outcome {
    let outcomes: Vec<Outcome> = checks.iter().map(|c| c.eval(ctx)).collect();
    let status = or(outcomes.iter().map(|o| o.status));
    Outcome::combine(status, outcomes)
}

pub fn parse_list(node: &Node, ctx: &mut ParseCtx, what: &str) -> Option<Vec<Check>> {
    let Value::Seq(items) = &node.value else {
        ctx.diags.push(
            Diagnostic::error(
                Code::WrongType,
                format!("`{what}` takes a list of checks, found {}", node.value.type_name()),
            )
            .at(ctx.file, node.span),
        );
        return None;
    };
    if items.is_empty() {
        ctx.diags.push(
            Diagnostic::error(Code::InvalidValue, format!("`{what}` needs at least one check")).at(ctx.file, node.span),
        );
        return None;
    }
    let checks: Vec<Check> = items.iter().filter_map(|n| super::parse(n, ctx)).collect();
    (checks.len() == items.len()).then_some(checks)
}

pub fn describe_list(checks: &[Check]) -> String {
    checks
        .iter()
        .map(|c| format!("[{}]", c.describe()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub const AT_LEAST_KEYS: &[&str] = &["n", "of"];

#[derive(Debug, Clone)]
pub struct AtLeast {
    pub n: Num,
    pub of: Vec<Check>,
}

impl AtLeast {
    pub fn parse(node: &Node, ctx: &mut ParseCtx) -> Option<AtLeast> {
        let mut t = Table::new(node, ctx.file, "at_least check", ctx.diags)?;
        let n = t.required("n", ctx.diags).and_then(|n| ctx.count(n, "n", 1.0));
        let of = t.required("of", ctx.diags).and_then(|of| parse_list(of, ctx, "of"));
        t.finish(ctx.diags, AT_LEAST_KEYS);
        let (n, of) = (n?, of?);
        let value = match &n {
            Num::Lit(v) => *v,
            Num::Param(p) => match ctx.params.get(p) {
                Some(crate::pack::ParamValue::Number(v)) => *v,
                _ => 1.0,
            },
        };
        if value > of.len() as f64 {
            ctx.diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("`n` must be a whole number from 1 to {}", of.len()),
                )
                .at(ctx.file, node.span),
            );
            return None;
        }
        Some(AtLeast { n, of })
    }

    pub fn eval(&self, ctx: &Ctx) -> Outcome {
        let n = self.n.resolve(ctx.params).max(1.0) as usize;
        let outcomes: Vec<Outcome> = self.of.iter().map(|c| c.eval(ctx)).collect();
        let count = |s: Status| outcomes.iter().filter(|o| o.status == s).count();
        let (pass, error, pending) = (count(Status::Pass), count(Status::Error), count(Status::Pending));
        let status = if pass >= n {
            Status::Pass
        } else if pass + error + pending < n {
            Status::Fail
        } else if error > 0 {
            Status::Error
        } else {
            Status::Pending
        };
        let summary = format!("{pass} of {} alternatives pass, {n} needed", self.of.len());
        let mut out = Outcome::combine(status, outcomes);
        out.findings.push(crate::results::Finding::new(status, summary));
        out
    }

    pub fn describe(&self) -> String {
        format!("at least {} of: {}", self.n, describe_list(&self.of))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn and_lets_a_definite_fail_decide() {
        assert_eq!(and([Pass, Pass].into_iter()), Pass);
        assert_eq!(and([Pass, Error, Fail].into_iter()), Fail);
        assert_eq!(and([Pass, Error, Pending].into_iter()), Error);
        assert_eq!(and([Pass, Pending].into_iter()), Pending);
    }

    #[test]
    fn or_lets_a_definite_pass_decide() {
        assert_eq!(or([Fail, Pass].into_iter()), Pass);
        assert_eq!(or([Fail, Error].into_iter()), Error);
        assert_eq!(or([Fail, Pending].into_iter()), Pending);
        assert_eq!(or([Fail, Fail].into_iter()), Fail);
        assert_eq!(or([].into_iter()), Fail);
    }
}
